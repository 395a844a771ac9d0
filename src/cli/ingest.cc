// credtrace ingest --case DIR PATH...
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "base/time.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "store/ingest.h"

namespace credtrace::cli {

namespace {

struct IngestArgs {
  std::string case_dir;
  std::vector<std::string> paths;
  std::string since, until;
  std::vector<std::string> accounts, regions;
  int threads = 0;
  size_t segment_mb = 0;
  bool json = false;
  bool quiet = false;
};

void PrintProgress(const store::IngestProgress& p, std::chrono::steady_clock::time_point t0, bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double mb = p.bytes_done / 1e6;
  double rate = secs > 0 ? mb / secs : 0;
  uint64_t done = p.files_done.load(), total = p.files_total.load();
  double left = done > 0 ? secs * static_cast<double>(total - done) / static_cast<double>(done) : 0;
  std::fprintf(stderr, "\r\033[Kingest: %llu/%llu files, %llu events, %.0f MB read, %.1f MB/s, %s",
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
               static_cast<unsigned long long>(p.events.load()), mb, rate,
               final ? "done\n" : (std::to_string(static_cast<int>(left + 0.5)) + " s left").c_str());
  std::fflush(stderr);
}

int RunIngest(const IngestArgs& a) {
  store::IngestOptions opt;
  opt.threads = a.threads > 0 ? a.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  TimeMs now = NowMs();
  if (!a.since.empty()) {
    auto t = ParseUserTime(a.since, now);
    if (!t) return UsageError("--since: not a time: " + a.since);
    opt.filter.since = *t;
  }
  if (!a.until.empty()) {
    auto t = ParseUserTime(a.until, now);
    if (!t) return UsageError("--until: not a time: " + a.until);
    opt.filter.until = *t;
  }
  if (a.segment_mb > 0) opt.segment_bytes = a.segment_mb << 20;
  opt.filter.accounts.insert(a.accounts.begin(), a.accounts.end());
  opt.filter.regions.insert(a.regions.begin(), a.regions.end());
  opt.command_line = "ingest";
  for (const auto& p : a.paths) opt.command_line += " " + p;

  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kYes);
  if (!c.ok()) return Fail(c.status());
  std::vector<std::filesystem::path> paths(a.paths.begin(), a.paths.end());

  store::IngestProgress progress;
  bool show = !a.quiet && ::isatty(STDERR_FILENO);
  std::atomic<bool> done{false};
  auto t0 = std::chrono::steady_clock::now();
  std::thread ticker;
  if (show) {
    ticker = std::thread([&] {
      while (!done) {
        PrintProgress(progress, t0, false);
        for (int i = 0; i < 5 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  }
  auto r = store::Ingest(**c, paths, opt, &progress);
  done = true;
  if (ticker.joinable()) ticker.join();
  if (show) PrintProgress(progress, t0, true);
  if (!r.ok()) return Fail(r.status());
  const store::IngestSummary& s = *r;

  for (const auto& p : s.problems) {
    if (p.offset >= 0)
      std::fprintf(stderr, "credtrace: %s: offset %lld: %s\n", SafeText(p.path).c_str(), static_cast<long long>(p.offset), SafeText(p.reason).c_str());
    else
      std::fprintf(stderr, "credtrace: %s: %s\n", SafeText(p.path).c_str(), SafeText(p.reason).c_str());
  }
  if (a.json) {
    std::printf("%s\n", s.ToJson().c_str());
  } else if (!a.quiet) {
    std::fprintf(stderr,
                 "ingested %llu of %llu files into %s in %.2f s: %llu new events, %llu duplicate deliveries, "
                 "%llu records rejected; files: %llu already in the case, %llu duplicate copies, %llu set aside "
                 "(digest/insights/findings), %llu empty, %llu partial, %llu rejected\n",
                 static_cast<unsigned long long>(s.files_ingested), static_cast<unsigned long long>(s.files),
                 SafeText(a.case_dir).c_str(), s.seconds, static_cast<unsigned long long>(s.events),
                 static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.rejected_records),
                 static_cast<unsigned long long>(s.files_already), static_cast<unsigned long long>(s.files_duplicate),
                 static_cast<unsigned long long>(s.files_set_aside), static_cast<unsigned long long>(s.files_empty),
                 static_cast<unsigned long long>(s.files_partial), static_cast<unsigned long long>(s.files_rejected));
  }
  return s.AnythingRejected() ? kExitRejected : kExitOk;
}

}  // namespace

void RegisterIngest(CLI::App& app, Runner* run) {
  auto a = std::make_shared<IngestArgs>();
  auto* sub = app.add_subcommand("ingest", "Add CloudTrail evidence (files or S3-layout trees) to a case; creates the case if needed");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("paths", a->paths, "Files or directories: delivery files (.json/.json.gz), JSON lines, lookup-events output, arrays, EventBridge events")->required();
  sub->add_option("--since", a->since, "Skip S3-layout day folders that end before this time (ISO 8601 or -7d)");
  sub->add_option("--until", a->until, "Skip S3-layout day folders that start after this time");
  sub->add_option("--account", a->accounts, "Only these accounts' S3-layout folders (repeatable)");
  sub->add_option("--region", a->regions, "Only these regions' S3-layout folders (repeatable)");
  sub->add_option("--threads", a->threads, "Worker threads (default: the number of cores)");
  sub->add_option("--segment-mb", a->segment_mb, "Memory per thread before a segment is written and committed (default 16)");
  sub->add_flag("--json", a->json, "Print the summary as JSON on stdout");
  sub->add_flag("-q,--quiet", a->quiet, "No progress and no summary (problems are still reported)");
  sub->callback([run, a] { *run = [a] { return RunIngest(*a); }; });
}

}  // namespace credtrace::cli
