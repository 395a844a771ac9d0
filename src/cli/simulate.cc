// credtrace simulate: game-day incidents as the CloudTrail logs AWS would deliver, with the
// answer key (docs/SIMULATOR.md).
#include <unistd.h>

#include <cstdio>
#include <sstream>

#include "base/time.h"
#include "cli/cli.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace credtrace::cli {

namespace {

struct SimulateFlags {
  std::string scenario = "leaked-key";
  std::string out;
  uint64_t seed = 1;
  int64_t events = 0;
  double size_gb = 0;
  std::string start;
  int days = 7;
  int accounts = 4;
  std::string format = "s3";
  bool org_trail = false;
  bool narrative = false;
  bool list = false;
  int threads = 2;
  bool quiet = false;
};

int ListScenarios() {
  std::printf("%-13s %s\n", "SCENARIO", "WHAT HAPPENS");
  for (const auto& s : sim::Scenarios()) {
    std::printf("%-13s %s\n%-13s   %s\n", s.name, s.title, "", s.summary);
  }
  std::printf("%-13s %s\n", "all", "every scenario above, in one world");
  return kExitOk;
}

int RunSimulate(const SimulateFlags& f) {
  if (f.list) return ListScenarios();
  sim::SimOptions o;
  std::stringstream ss(f.scenario);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) o.scenarios.push_back(item);
  }
  o.out = f.out;
  o.seed = f.seed;
  o.events = f.events;
  o.size_gb = f.size_gb;
  o.days = f.days;
  o.accounts = f.accounts;
  o.org_trail = f.org_trail;
  o.narrative = f.narrative;
  o.threads = f.threads;
  if (f.out.empty()) {
    std::fprintf(stderr, "credtrace simulate: --out DIR is required\n");
    return kExitUsage;
  }
  if (f.format == "s3") o.format = sim::OutputFormat::kS3;
  else if (f.format == "jsonl") o.format = sim::OutputFormat::kJsonl;
  else if (f.format == "lookup-events") o.format = sim::OutputFormat::kLookupEvents;
  else {
    std::fprintf(stderr, "credtrace simulate: --format must be s3, jsonl or lookup-events\n");
    return kExitUsage;
  }
  if (!f.start.empty()) {
    auto t = ParseUserTime(f.start, NowMs());
    if (!t) {
      std::fprintf(stderr, "credtrace simulate: bad --start '%s'\n", f.start.c_str());
      return kExitUsage;
    }
    o.start = *t;
  }
  bool tty = !f.quiet && isatty(STDERR_FILENO);
  int last = -1;
  if (tty) {
    o.progress = [&last](double x) {
      int pct = static_cast<int>(x * 100);
      if (pct == last) return;
      last = pct;
      int bars = pct * 40 / 100;
      std::fprintf(stderr, "\r[%.*s%*s] %3d%%", bars, "########################################", 40 - bars, "", pct);
      std::fflush(stderr);
    };
  }
  int64_t t0 = NowMs();
  auto res = sim::Simulate(o);
  if (tty) std::fprintf(stderr, "\n");
  if (!res.ok()) {
    std::fprintf(stderr, "credtrace simulate: %s\n", res.status().ToString().c_str());
    return res.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitError;
  }
  const auto& s = *res;
  double secs = static_cast<double>(NowMs() - t0) / 1000.0;
  std::string names;
  for (const auto& n : s.scenarios) names += (names.empty() ? "" : ",") + n;
  std::printf("simulated %s into %s\n", names.empty() ? "(background only)" : names.c_str(), f.out.c_str());
  std::printf("  records      %llu (+%llu duplicate deliveries, %llu late)\n",
              static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.duplicates),
              static_cast<unsigned long long>(s.late));
  std::printf("  files        %llu, %.1f MB JSON, %.1f MB on disk\n", static_cast<unsigned long long>(s.files),
              static_cast<double>(s.bytes_json) / 1e6, static_cast<double>(s.bytes_written) / 1e6);
  std::printf("  answer key   %s/ground_truth.json (%llu credentials, %llu attacker and %llu owner events)\n",
              f.out.c_str(), static_cast<unsigned long long>(s.credentials),
              static_cast<unsigned long long>(s.attacker_events), static_cast<unsigned long long>(s.owner_events));
  if (f.narrative) std::printf("  narrative    %s/NARRATIVE.md\n", f.out.c_str());
  std::printf("  time         %.2f s (%.0f MB/s, %.0f records/s)\n", secs, static_cast<double>(s.bytes_json) / 1e6 / secs,
              static_cast<double>(s.records) / secs);
  return kExitOk;
}

}  // namespace

void RegisterSimulate(CLI::App& app, Runner* run) {
  auto flags = std::make_shared<SimulateFlags>();
  auto* sub = app.add_subcommand("simulate", "Play credential-compromise incidents as the CloudTrail logs AWS would deliver, with the answer key");
  sub->add_option("--scenario", flags->scenario, "Scenario name(s), comma separated, or 'all' (see --list)");
  sub->add_option("--out", flags->out, "Output directory");
  sub->add_option("--seed", flags->seed, "Random seed (same seed and options: same bytes)");
  auto* ev = sub->add_option("--events", flags->events, "About this many records");
  auto* sz = sub->add_option("--size-gb", flags->size_gb, "Or about this many GB of uncompressed JSON");
  ev->excludes(sz);
  sub->add_option("--start", flags->start, "Start of the logs (ISO 8601; default 2024-11-04T00:00:00Z)");
  sub->add_option("--days", flags->days, "Days of logs")->check(CLI::Range(1, 366));
  sub->add_option("--accounts", flags->accounts, "Accounts in the organization")->check(CLI::Range(1, 50));
  sub->add_option("--format", flags->format, "s3 (delivery files), jsonl or lookup-events");
  sub->add_flag("--org-trail", flags->org_trail, "Organization trail layout AWSLogs/o-.../<account>/...");
  sub->add_flag("--narrative", flags->narrative, "Also write NARRATIVE.md (table-top injects)");
  sub->add_flag("--list", flags->list, "List the scenarios");
  sub->add_option("--threads", flags->threads, "Writer threads")->check(CLI::Range(1, 64));
  sub->add_flag("--quiet", flags->quiet, "No progress bar");
  sub->callback([run, flags] { *run = [flags] { return RunSimulate(*flags); }; });
}

}  // namespace credtrace::cli
