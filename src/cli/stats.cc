// credtrace stats --case DIR [--json] [--top N]
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/cli.h"
#include "cli/util.h"
#include "query/stats.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

struct StatsArgs {
  std::string case_dir;
  bool json = false;
  size_t top = 10;
};

int RunStats(const StatsArgs& a) {
  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  auto segs = (*c)->Segments();
  if (!segs.ok()) return Fail(segs.status());
  auto st = query::ComputeStats(*segs, a.top);
  if (!st.ok()) return Fail(st.status());
  auto sources = (*c)->db().Sources();
  if (!sources.ok()) return Fail(sources.status());
  uint64_t files = 0, bytes = 0, dups = 0, rejected = 0;
  for (const auto& s : *sources) {
    ++files;
    bytes += s.size;
    dups += s.duplicates;
    rejected += s.rejected;
  }
  if (a.json) {
    nlohmann::json j = {{"schema", "credtrace.stats/1"},
                        {"events", st->events},
                        {"first", st->events ? nlohmann::json(FormatIsoTime(st->first)) : nlohmann::json(nullptr)},
                        {"last", st->events ? nlohmann::json(FormatIsoTime(st->last)) : nlohmann::json(nullptr)},
                        {"sources", files},
                        {"sourceBytes", bytes},
                        {"duplicateDeliveries", dups},
                        {"rejectedRecords", rejected}};
    nlohmann::json cols = nlohmann::json::object();
    for (const auto& cs : st->columns) {
      nlohmann::json top = nlohmann::json::array();
      for (const auto& v : cs.top) top.push_back({{"value", v.value}, {"count", v.count}});
      cols[std::string(cloudtrail::FieldOf(cs.column).path)] = {{"distinct", cs.distinct}, {"present", cs.present}, {"top", top}};
    }
    j["fields"] = cols;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  std::printf("case %s\n", SafeText(a.case_dir).c_str());
  std::printf("  events      %llu (from %llu evidence files, %.1f MB; %llu duplicate deliveries dropped, %llu records rejected)\n",
              static_cast<unsigned long long>(st->events), static_cast<unsigned long long>(files), bytes / 1e6,
              static_cast<unsigned long long>(dups), static_cast<unsigned long long>(rejected));
  if (st->events) std::printf("  time span   %s .. %s\n", FormatIsoTime(st->first).c_str(), FormatIsoTime(st->last).c_str());
  for (const auto& cs : st->columns) {
    std::printf("\n  %s: %llu distinct in %llu events\n", std::string(cloudtrail::FieldOf(cs.column).path).c_str(),
                static_cast<unsigned long long>(cs.distinct), static_cast<unsigned long long>(cs.present));
    for (const auto& v : cs.top)
      std::printf("    %10llu  %s\n", static_cast<unsigned long long>(v.count), SafeText(Fit(v.value, 100)).c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterStats(CLI::App& app, Runner* run) {
  auto a = std::make_shared<StatsArgs>();
  auto* sub = app.add_subcommand("stats", "Summarise a case: time span, accounts, regions, services, principals, keys, IPs, errors");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_flag("--json", a->json, "As JSON (schema credtrace.stats/1)");
  sub->add_option("--top", a->top, "How many top values per field (default 10)");
  sub->callback([run, a] { *run = [a] { return RunStats(*a); }; });
}

}  // namespace credtrace::cli
