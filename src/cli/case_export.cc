// credtrace case export --case DIR -o FILE.tar
// The case in one archive with its report and a hash list (report/export.h, docs/CASEFILE.md).
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "base/time.h"
#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "cli/case_commands.h"
#include "cli/util.h"
#include "report/export.h"
#include "report/report.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
namespace rep = credtrace::report;
namespace fs = std::filesystem;
using json = nlohmann::json;

struct ExportArgs {
  std::string case_dir, out;
};

int RunExport(const ExportArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  if (auto synced = (*file)->SyncJournal(); !synced.ok()) return Fail(synced.status());
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  rep::ReportOptions ro;
  ro.created = FormatIsoTime(NowMs() / 1000 * 1000);
  ro.version = CREDTRACE_VERSION;
  ro.case_dir = a.case_dir;
  auto doc = rep::BuildReport(**file, *ov, ro);
  if (!doc.ok()) return Fail(doc.status());
  rep::ExportOptions opt;
  opt.out = a.out;
  opt.report_html = rep::RenderReportHtml(*doc);
  opt.report_json = doc->dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  bool tty = isatty(STDERR_FILENO);
  TimeMs last = 0;
  if (tty) {
    opt.progress = [&](uint64_t done, uint64_t total) {
      TimeMs now = NowMs();
      if (now - last < 200) return;
      last = now;
      std::fprintf(stderr, "\rexporting: %.0f / %.0f MB", done / 1e6, total / 1e6);
    };
  }
  auto sum = rep::ExportCase(**file, opt);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (!sum.ok()) return Fail(sum.status());
  json body = {{"path", fs::absolute(a.out).string()}, {"sha256", sum->sha256}, {"files", sum->files}, {"bytes", sum->bytes},
               {"custodyHead", (*doc)["artifacts"]["custody"]["anchor"]}};
  if (auto e = (*file)->Record("export", body); !e.ok()) return Fail(e.status());
  std::printf("%s: %llu files, %.1f MB\nSHA-256 %s\nunpack and check: tar xf %s && cd credtrace-case && sha256sum -c --quiet SHA256SUMS\n",
              SafeText(a.out).c_str(), static_cast<unsigned long long>(sum->files), sum->bytes / 1e6, sum->sha256.c_str(),
              SafeText(a.out).c_str());
  return kExitOk;
}

}  // namespace

void RegisterCaseExport(CLI::App* case_cmd, Runner* run) {
  auto a = std::make_shared<ExportArgs>();
  auto* sub = case_cmd->add_subcommand("export", "Pack the case (evidence, manifest, database, report) into one archive with a hash list");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("-o,--out", a->out, "The archive to write (.tar)")->required();
  sub->callback([run, a] { *run = [a] { return RunExport(*a); }; });
}

}  // namespace credtrace::cli
