#include "sim/simulator.h"

#include "sim/cmdb_writer.h"

#include "sim/tagging.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/file.h"
#include "base/json_escape.h"
#include "sim/background.h"
#include "sim/delivery.h"
#include "sim/file_writer_pool.h"
#include "sim/guardduty_finding.h"
#include "sim/ids.h"
#include "sim/narrative.h"
#include "sim/scenario.h"
#include "sim/tagging.h"

namespace credtrace::sim {

namespace {

constexpr TimeMs kHour = 3600 * 1000;
constexpr TimeMs kDefaultStart = 1730678400000;  // 2024-11-04T00:00:00Z

// Lookup-events output (aws cloudtrail lookup-events, CLI v2, all pages): management events of
// one account and region, newest first, each record as a JSON string in CloudTrailEvent.
class LookupEventsSink {
 public:
  void Add(const Record& r) {
    if (!r.management) return;
    by_[{r.account, r.region}].push_back({r.time, r.event_id, r.json});
  }
  Status Write(const std::filesystem::path& out, FileWriterPool* pool) {
    for (auto& [k, items] : by_) {
      std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.time != b.time ? a.time > b.time : a.id > b.id;
      });
      std::filesystem::path dir = out / "lookup-events" / k.first;
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) return Status::IoError("cannot create " + dir.string());
      std::string s = "{\"Events\":[";
      bool first = true;
      for (const Item& it : items) {
        auto j = nlohmann::json::parse(it.json);
        if (!first) s += ",";
        first = false;
        s += "{\"EventId\":";
        AppendJsonString(&s, it.id);
        s += ",\"EventName\":";
        AppendJsonString(&s, j.value("eventName", ""));
        s += ",\"ReadOnly\":";
        AppendJsonString(&s, j.value("readOnly", false) ? "true" : "false");
        const auto& ui = j["userIdentity"];
        if (ui.contains("accessKeyId") && !ui["accessKeyId"].get<std::string>().empty()) {
          s += ",\"AccessKeyId\":";
          AppendJsonString(&s, ui["accessKeyId"].get<std::string>());
        }
        s += ",\"EventTime\":";
        std::string et = IsoSeconds(it.time);
        et.pop_back();
        AppendJsonString(&s, et + "+00:00");
        s += ",\"EventSource\":";
        AppendJsonString(&s, j.value("eventSource", ""));
        std::string user = ui.value("userName", "");
        if (user.empty()) {
          std::string arn = ui.value("arn", "");
          user = arn.substr(arn.rfind('/') == std::string::npos ? arn.size() : arn.rfind('/') + 1);
        }
        if (!user.empty()) {
          s += ",\"Username\":";
          AppendJsonString(&s, user);
        }
        s += ",\"Resources\":[";
        if (j.contains("resources") && j["resources"].is_array()) {
          bool f2 = true;
          for (const auto& res : j["resources"]) {
            if (!res.contains("ARN")) continue;
            if (!f2) s += ",";
            f2 = false;
            s += "{\"ResourceType\":";
            AppendJsonString(&s, res.value("type", ""));
            s += ",\"ResourceName\":";
            AppendJsonString(&s, res["ARN"].get<std::string>());
            s += "}";
          }
        }
        s += "],\"CloudTrailEvent\":";
        AppendJsonString(&s, it.json);
        s += "}";
      }
      s += "]}\n";
      pool->Submit(dir / (k.second + ".json"), std::move(s));
    }
    return Status::Ok();
  }

 private:
  struct Item {
    TimeMs time;
    std::string id, json;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Item>> by_;
};

}  // namespace

Result<std::vector<std::string>> ResolveScenarios(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (n == "all") {
      for (const auto& s : Scenarios()) out.push_back(s.name);
      continue;
    }
    if (n == "none" || n == "background") continue;
    if (!FindScenario(n)) return Status::InvalidArgument("unknown scenario '" + n + "' (see --list)");
    out.push_back(n);
  }
  std::vector<std::string> uniq;
  for (const auto& n : out) {
    if (std::find(uniq.begin(), uniq.end(), n) == uniq.end()) uniq.push_back(n);
  }
  return uniq;
}

Result<SimSummary> Simulate(const SimOptions& o) {
  if (o.out.empty()) return Status::InvalidArgument("--out is required");
  if (o.days < 1 || o.days > 366) return Status::InvalidArgument("--days must be between 1 and 366");
  if (o.accounts < 1 || o.accounts > 50) return Status::InvalidArgument("--accounts must be between 1 and 50");
  if (o.events < 0 || o.size_gb < 0) return Status::InvalidArgument("--events and --size-gb must be positive");
  CT_ASSIGN_OR_RETURN(std::vector<std::string> scenarios, ResolveScenarios(o.scenarios));

  TimeMs start = o.start ? o.start : kDefaultStart;
  start -= start % 1000;
  TimeMs end = start + static_cast<TimeMs>(o.days) * 24 * kHour;
  double target = o.events > 0 ? static_cast<double>(o.events)
                               : (o.size_gb > 0 ? o.size_gb * 1e9 / kAverageRecordBytes : static_cast<double>(kDefaultEvents));
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return Status::IoError("cannot create " + o.out.string() + ": " + ec.message());

  WorldOptions wo;
  wo.seed = o.seed;
  wo.accounts = o.accounts;
  wo.start = start;
  wo.end = end;
  wo.events_per_day = target / o.days;
  World world(wo);
  GroundTruth gt;
  gt.SetTagLookup([&world](const std::string& id) { return KnownTags(world, id); });
  std::vector<NarrativeInject> injects;

  // Scenarios first: they may adjust the world (terminated instances, disabled keys) that the
  // background then respects, and they refer to scheduled sessions the background will issue.
  std::vector<Record> attack;
  double scale = std::clamp(o.days / 7.0, 0.12, 1.0);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioInfo* info = FindScenario(scenarios[i]);
    double pos = scenarios.size() == 1 ? 0.45 : 0.38 + 0.3 * static_cast<double>(i) / static_cast<double>(scenarios.size() - 1);
    TimeMs t0 = start + static_cast<TimeMs>(pos * static_cast<double>(end - start));
    Rng jitter(MixHash(o.seed, 0x70 + i));
    t0 += jitter.Range(0, 3600) * 1000;
    Stage stage(&world, &gt, &attack, &injects, info->name, t0, scale, MixHash(o.seed, 0x100 + i));
    info->play(stage);
  }
  std::stable_sort(attack.begin(), attack.end(), [](const Record& a, const Record& b) { return a.time < b.time; });

  Background bg(&world, &gt, o.seed);
  double hours = static_cast<double>(end - start) / kHour;
  double scheduled = bg.ScheduledPerDay() * o.days;
  double activity_total = std::max(0.0, target - scheduled - static_cast<double>(attack.size()));
  double per_hour = activity_total / hours;

  FileWriterPool pool(o.threads, o.format == OutputFormat::kS3 ? 1 : -1);
  DeliveryOptions dopt;
  dopt.out = o.out;
  dopt.seed = o.seed;
  if (o.org_trail) dopt.org_id = world.org_id;
  S3Delivery delivery(dopt, &pool);
  LookupEventsSink lookup;
  AppendFile jsonl;
  if (o.format == OutputFormat::kJsonl) {
    auto f = AppendFile::Open(o.out / "events.jsonl", 0);
    if (!f.ok()) return f.status();
    jsonl = std::move(f).value();
  }

  SimSummary sum;
  sum.scenarios = scenarios;
  sum.org_id = world.org_id;
  size_t ai = 0;
  std::vector<Record> slice;
  double carry = 0;
  for (TimeMs t0 = start; t0 < end; t0 += kHour) {
    TimeMs t1 = std::min(end, t0 + kHour);
    int64_t hod = (t0 / kHour) % 24;
    int64_t dow = (t0 / (24 * kHour) + 4) % 7;
    bool busy = dow != 0 && dow != 6 && hod >= 7 && hod < 19;
    double want = per_hour * (busy ? 1.35 : 0.78) + carry;
    int64_t n = static_cast<int64_t>(want);
    carry = want - static_cast<double>(n);
    slice.clear();
    bg.Slice(t0, t1, n, &slice);
    bool last = t1 >= end;
    while (ai < attack.size() && (attack[ai].time < t1 || last)) slice.push_back(std::move(attack[ai++]));
    std::stable_sort(slice.begin(), slice.end(), [](const Record& a, const Record& b) { return a.time < b.time; });
    std::string lines;
    for (const Record& r : slice) {
      sum.bytes_json += r.json.size() + 1;
      switch (o.format) {
        case OutputFormat::kS3: delivery.Add(r); break;
        case OutputFormat::kLookupEvents: lookup.Add(r); break;
        case OutputFormat::kJsonl:
          lines.append(r.json);
          lines.push_back('\n');
          break;
      }
    }
    if (!lines.empty()) CT_RETURN_IF_ERROR(jsonl.Append(lines));
    sum.records += slice.size();
    if (o.format == OutputFormat::kS3) CT_RETURN_IF_ERROR(delivery.FlushBefore(t0 - S3Delivery::kMaxDelay));
    if (o.progress) o.progress(static_cast<double>(t1 - start) / static_cast<double>(end - start));
  }
  if (o.format == OutputFormat::kS3) CT_RETURN_IF_ERROR(delivery.FlushAll());
  if (o.format == OutputFormat::kLookupEvents) CT_RETURN_IF_ERROR(lookup.Write(o.out, &pool));
  CT_RETURN_IF_ERROR(pool.Finish());
  sum.duplicates = delivery.stats().duplicates;
  sum.late = delivery.stats().late;
  sum.files = o.format == OutputFormat::kJsonl ? 1 : pool.files();
  sum.bytes_written = o.format == OutputFormat::kJsonl ? jsonl.size() : pool.bytes_out();

  nlohmann::ordered_json gen;
  gen["tool"] = "credtrace simulate";
  gen["seed"] = o.seed;
  gen["scenarios"] = scenarios;
  gen["start"] = IsoSeconds(start);
  gen["end"] = IsoSeconds(end);
  gen["days"] = o.days;
  gen["accounts"] = o.accounts;
  gen["targetEvents"] = static_cast<int64_t>(target);
  gen["records"] = sum.records;
  gen["format"] = o.format == OutputFormat::kS3 ? "s3" : o.format == OutputFormat::kJsonl ? "jsonl" : "lookup-events";
  gen["organizationId"] = world.org_id;
  gen["orgTrail"] = o.org_trail;
  nlohmann::ordered_json accts = nlohmann::ordered_json::array();
  for (const auto& a : world.accounts) accts.push_back({{"id", a.id}, {"name", a.name}, {"homeRegion", a.home_region}});
  gen["organizationAccounts"] = accts;
  CT_RETURN_IF_ERROR(WriteFileAtomic(o.out / "ground_truth.json", gt.ToJson(gen.dump())));
  CT_RETURN_IF_ERROR(WriteFileAtomic(o.out / "cmdb.yaml", CmdbYaml(world)));
  for (const TruthFinding& f : gt.findings()) {
    std::string text = GuardDutyFindingJson(f, gt, o.seed);
    if (text.empty()) continue;
    std::filesystem::path path = o.out / f.file;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return Status::IoError("cannot create " + path.parent_path().string() + ": " + ec.message());
    CT_RETURN_IF_ERROR(WriteFileAtomic(path, text));
  }
  for (const auto& e : gt.events()) {
    if (e.attribution == "attacker") ++sum.attacker_events;
    else if (e.attribution == "owner") ++sum.owner_events;
  }
  sum.credentials = gt.credentials().size();
  if (o.narrative) {
    CT_RETURN_IF_ERROR(WriteFileAtomic(o.out / "NARRATIVE.md", RenderNarrative(injects, start, end, scenarios, o.seed)));
  }
  return sum;
}

}  // namespace credtrace::sim
