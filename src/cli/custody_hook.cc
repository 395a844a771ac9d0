#include "cli/custody_hook.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "base/time.h"
#include "casefile/case_file.h"
#include "cli/util.h"

namespace credtrace::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string CaseOfCommand(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands()) {
    std::string deeper = CaseOfCommand(*sub);
    if (!deeper.empty()) return deeper;
    for (const char* name : {"--case", "dir"}) {
      const CLI::Option* o = sub->get_option_no_throw(name);
      if (o && o->count() > 0 && !o->results().empty()) return o->results().front();
    }
  }
  return "";
}

namespace {

bool IsCase(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::exists(fs::path(dir) / "credtrace-case.json", ec);
}

json CommandBody(const std::vector<std::string>& argv) {
  std::error_code ec;
  return {{"argv", argv}, {"cwd", fs::current_path(ec).string()}, {"pid", static_cast<int64_t>(getpid())},
          {"version", CREDTRACE_VERSION}};
}

}  // namespace

CommandRecorder::CommandRecorder(std::string case_dir, int argc, char** argv) : case_dir_(std::move(case_dir)) {
  for (int i = 0; i < argc; ++i) argv_.push_back(argv[i]);
  started_ms_ = NowMs();
  if (!IsCase(case_dir_)) return;
  auto file = casefile::CaseFile::Open(case_dir_);
  if (!file.ok()) {
    Warn(file.status().message());
    return;
  }
  if (auto synced = (*file)->SyncJournal(); !synced.ok()) Warn(synced.status().message());
  auto e = (*file)->Record("command", CommandBody(argv_));
  if (!e.ok()) {
    Warn(e.status().message());
    return;
  }
  start_seq_ = e->seq;
}

CommandRecorder::~CommandRecorder() = default;

void CommandRecorder::Finish(int exit_code) {
  if (!IsCase(case_dir_)) return;
  auto file = casefile::CaseFile::Open(case_dir_);
  if (!file.ok()) return Warn(file.status().message());
  if (auto synced = (*file)->SyncJournal(); !synced.ok()) Warn(synced.status().message());
  double seconds = static_cast<double>(NowMs() - started_ms_) / 1000.0;
  json body = {{"exit", exit_code}, {"seconds", seconds}};
  if (start_seq_ == 0) {
    // The command made the case: its start is recorded now, with its end.
    json start = CommandBody(argv_);
    start["note"] = "recorded when it ended: the case did not exist when it started";
    auto e = (*file)->Record("command", start);
    if (!e.ok()) return Warn(e.status().message());
    start_seq_ = e->seq;
  }
  body["start"] = start_seq_;
  if (auto e = (*file)->Record("command-end", body); !e.ok()) Warn(e.status().message());
}

void CommandRecorder::Warn(const std::string& what) const {
  std::fprintf(stderr, "credtrace: warning: not recorded in the chain of custody of %s: %s\n", SafeText(case_dir_).c_str(),
               SafeText(what).c_str());
}

}  // namespace credtrace::cli
