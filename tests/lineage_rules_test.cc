// One scenario per lineage rule, as data (tests/data/lineage/): `<rule-id>.json` is a JSON array
// of CloudTrail records shaped like real ones (the seed's calls, the events the rule follows, and
// distractors that must not give a credential); `<rule-id>.expected.json` is the answer. A rule
// may have more scenarios, `<rule-id>.<variant>.json` (a case its main scenario does not show).
// The answer:
//
//   {"rule": id, "note": optional, "knownGap": optional,
//    "seeds": [{"kind": "key"|"principal", "value": ...}], "since": optional ISO time,
//    "credentials": [{"id", "kind", "parent" (null for a seed), "createdByEventId",
//                     "principalArn"?, "rule"?, "keys"?}],
//    "grants": [{"rule", "target"}], "notCredentials": [ids or keys that must not appear]}
//
// Each scenario is ingested into its own temporary case and investigated from its seeds; the
// credentials found must be exactly those listed (id, kind, parent, creating event, and the
// principal, rule and keys when given), the grants exactly those listed, and no listed
// non-credential may appear as a credential or as one of its keys.
//
// A scenario whose expected answer the engine cannot give yet carries "knownGap" (why): it is
// reported as skipped with the differences, and fails once the engine gives the answer, so the
// marker is removed with the fix.
#include "investigate/lineage_rules.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/time.h"
#include "investigate/investigate.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kDir = fs::path(CREDTRACE_SOURCE_DIR) / "tests" / "data" / "lineage";

constexpr std::string_view kExpectedSuffix = ".expected.json";

fs::path ScenarioPath(std::string_view id) { return kDir / (std::string(id) += ".json"); }
fs::path ExpectedPath(std::string_view id) { return kDir / (std::string(id) += kExpectedSuffix); }

// Scenario ids (file names without ".json"), sorted.
std::vector<std::string> ScenarioIds() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kDir, ec)) {
    std::string name = e.path().filename().string();
    if (!name.ends_with(".json") || name.ends_with(kExpectedSuffix)) continue;
    out.push_back(name.substr(0, name.size() - 5));
  }
  std::sort(out.begin(), out.end());
  return out;
}

json Load(const fs::path& p) {
  std::ifstream in(p);
  if (!in) return json();
  return json::parse(in, nullptr, /*allow_exceptions=*/false);
}

std::string Str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct Run {
  store::IngestSummary ingest;
  Investigation inv;
};

// A directory removed when it goes out of scope (after the case that lives in it).
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Cases are written to memory when possible: the store syncs every commit, which on a busy disk
// costs seconds over all the scenarios for nothing a test needs.
fs::path ScratchRoot() {
  if (std::getenv("TMPDIR") == nullptr && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

Result<Run> IngestAndInvestigate(const std::string& id, const Options& opt) {
  TempDir dir{ScratchRoot() / ("credtrace-lineage-" + std::to_string(getpid()) + "-" + id)};
  std::error_code ec;
  fs::remove_all(dir.path, ec);
  Run run;
  CT_ASSIGN_OR_RETURN(auto c, store::Case::Open(dir.path, store::CreateIfMissing::kYes));
  CT_ASSIGN_OR_RETURN(run.ingest, store::Ingest(*c, {ScenarioPath(id)}, store::IngestOptions{}));
  CT_ASSIGN_OR_RETURN(auto segs, c->Segments());
  Evidence ev(c.get(), segs);
  CT_ASSIGN_OR_RETURN(run.inv, Investigate(ev, opt));
  return run;
}

std::string Describe(const Investigation& inv, const Credential& c) {
  return fmt::format("{} [{} via {}, parent {}, created by '{}', principal {}, keys {}]", c.id,
                     KindName(c.kind), c.rule, c.parent >= 0 ? inv.credentials[c.parent].id : "-",
                     c.created_by_event_id, c.principal_arn, fmt::join(c.keys, ","));
}

// The differences between an investigation and the expected answer, one line each.
std::vector<std::string> Compare(const Investigation& inv, const json& want) {
  std::vector<std::string> diffs;
  std::map<std::string, const Credential*> got;
  for (const Credential& c : inv.credentials) got[c.id] = &c;
  std::set<std::string> expected_ids;
  for (const json& w : want.value("credentials", json::array())) {
    std::string id = Str(w, "id");
    expected_ids.insert(id);
    auto it = got.find(id);
    if (it == got.end()) {
      diffs.push_back(fmt::format("missing credential {} ({}, rule {}, created by {})", id,
                                  Str(w, "kind"), Str(w, "rule"), Str(w, "createdByEventId")));
      continue;
    }
    const Credential& c = *it->second;
    auto check = [&](std::string_view what, const std::string& g, const std::string& e) {
      if (g != e)
        diffs.push_back(fmt::format("credential {}: {} is '{}', expected '{}'", id, what, g, e));
    };
    check("kind", std::string(KindName(c.kind)), Str(w, "kind"));
    check(
        "parent", c.parent >= 0 ? inv.credentials[c.parent].id : "null",
        w.contains("parent") && w["parent"].is_string() ? w["parent"].get<std::string>() : "null");
    check("createdByEventId", c.created_by_event_id, Str(w, "createdByEventId"));
    if (w.contains("principalArn")) check("principalArn", c.principal_arn, Str(w, "principalArn"));
    if (w.contains("rule")) check("rule", c.rule, Str(w, "rule"));
    if (w.contains("keys")) {
      std::set<std::string> gk(c.keys.begin(), c.keys.end());
      std::set<std::string> ek;
      for (const json& k : w["keys"]) ek.insert(k.get<std::string>());
      if (gk != ek) {
        diffs.push_back(fmt::format("credential {}: keys are [{}], expected [{}]", id,
                                    fmt::join(gk, ","), fmt::join(ek, ",")));
      }
    }
  }
  for (const Credential& c : inv.credentials) {
    if (!expected_ids.contains(c.id)) diffs.push_back("unexpected credential " + Describe(inv, c));
  }
  for (const json& n : want.value("notCredentials", json::array())) {
    std::string id = n.get<std::string>();
    for (const Credential& c : inv.credentials) {
      if (c.id == id || std::find(c.keys.begin(), c.keys.end(), id) != c.keys.end()) {
        diffs.push_back(
            fmt::format("{} must not be a credential, found in {}", id, Describe(inv, c)));
      }
    }
  }
  std::multiset<std::pair<std::string, std::string>> got_grants, want_grants;
  for (const Grant& g : inv.grants) got_grants.insert({g.rule, g.target});
  for (const json& g : want.value("grants", json::array()))
    want_grants.insert({Str(g, "rule"), Str(g, "target")});
  for (const auto& g : want_grants) {
    if (got_grants.count(g) < want_grants.count(g))
      diffs.push_back(fmt::format("missing grant {} on '{}'", g.first, g.second));
  }
  for (const auto& g : got_grants) {
    if (want_grants.count(g) < got_grants.count(g)) {
      diffs.push_back(fmt::format("unexpected grant {} on '{}'", g.first, g.second));
    }
  }
  std::sort(diffs.begin(), diffs.end());
  diffs.erase(std::unique(diffs.begin(), diffs.end()), diffs.end());
  return diffs;
}

class LineageRules : public testing::TestWithParam<std::string> {};

TEST_P(LineageRules, Scenario) {
  const std::string id = GetParam();
  json want = Load(ExpectedPath(id));
  ASSERT_TRUE(want.is_object()) << "no or unreadable " << id << kExpectedSuffix;
  json records = Load(ScenarioPath(id));
  ASSERT_TRUE(records.is_array()) << id << ".json is not a JSON array";

  Options opt;
  for (const json& s : want.value("seeds", json::array())) {
    opt.seeds.push_back({Str(s, "kind"), Str(s, "value"), "", "", std::nullopt});
  }
  ASSERT_FALSE(opt.seeds.empty()) << "no seed";
  if (want.contains("since")) {
    opt.since = ParseIsoTime(Str(want, "since"));
    ASSERT_TRUE(opt.since.has_value()) << "bad since";
  }
  auto run = IngestAndInvestigate(id, opt);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_FALSE(run->ingest.AnythingRejected()) << run->ingest.ToJson();
  ASSERT_EQ(run->ingest.events, records.size()) << "every record is ingested";

  std::vector<std::string> diffs = Compare(run->inv, want);
  std::string text;
  for (const std::string& d : diffs) text += "\n  " + d;
  if (want.contains("knownGap")) {
    ASSERT_FALSE(diffs.empty())
        << id << " carries knownGap but the engine now gives the expected answer: "
        << "remove \"knownGap\" from " << id << kExpectedSuffix;
    GTEST_SKIP() << "known gap: " << Str(want, "knownGap") << text;
  }
  EXPECT_TRUE(diffs.empty()) << id << ":" << text;
}

INSTANTIATE_TEST_SUITE_P(, LineageRules, testing::ValuesIn(ScenarioIds()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-' || c == '.') c = '_';
                           }
                           return name;
                         });

// The rule a scenario id is about: "<rule-id>" or "<rule-id>.<variant>".
std::string RuleOf(const std::string& id) { return id.substr(0, id.find('.')); }

// A rule cannot land without its scenario: every rule id has both files, and its scenario
// holds at least one record the rule matches; every scenario (variants too) is named after a
// rule, says so in its answer, and has its answer.
TEST_F(LineageRules, EveryRuleHasAScenario) {
  std::set<std::string> ids;
  for (const LineageRule& rule : ::credtrace::investigate::LineageRules()) {
    ids.insert(std::string(rule.id));
    const fs::path scenario = ScenarioPath(rule.id);
    const fs::path expected = ExpectedPath(rule.id);
    EXPECT_TRUE(fs::exists(scenario)) << "rule " << rule.id << " has no scenario " << scenario;
    EXPECT_TRUE(fs::exists(expected))
        << "rule " << rule.id << " has no expected answer " << expected;
    json records = Load(scenario);
    if (!records.is_array()) continue;
    bool matched = false;
    for (const json& r : records) {
      for (const LineageRule* m : RulesFor(Str(r, "eventSource"), Str(r, "eventName")))
        matched |= m == &rule;
    }
    EXPECT_TRUE(matched) << "scenario " << rule.id << " has no " << rule.event_source << " "
                         << rule.event_name << " record";
    json want = Load(expected);
    if (want.is_object()) {
      EXPECT_EQ(Str(want, "rule"), rule.id);
    }
  }
  for (const std::string& id : ScenarioIds()) {
    EXPECT_TRUE(ids.contains(RuleOf(id))) << id << " is not named after a lineage rule";
    json want = Load(ExpectedPath(id));
    EXPECT_TRUE(want.is_object()) << id << " has no expected answer";
    if (want.is_object()) {
      EXPECT_EQ(Str(want, "rule"), RuleOf(id)) << id;
    }
  }
}

// The scenarios stay shaped like CloudTrail (aws-ir-facts.md §1): the fields every record has,
// key IDs of the real alphabet, 12-digit accounts, unique event IDs.
TEST_F(LineageRules, ScenariosAreShapedLikeCloudTrail) {
  const std::regex key_re("(AKIA|ASIA)[A-Z2-7]{16}");
  const std::regex account_re("[0-9]{12}");
  const std::regex guid_re("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  for (const std::string& id : ScenarioIds()) {
    SCOPED_TRACE(id);
    json records = Load(ScenarioPath(id));
    ASSERT_TRUE(records.is_array());
    std::set<std::string> event_ids;
    for (const json& r : records) {
      const std::string eid = Str(r, "eventID");
      for (const char* f : {"eventVersion", "eventTime", "eventSource", "eventName", "awsRegion",
                            "eventID", "eventType", "recipientAccountId", "sourceIPAddress"}) {
        EXPECT_FALSE(Str(r, f).empty()) << eid << " has no " << f;
      }
      EXPECT_TRUE(r.contains("userIdentity") && r["userIdentity"].is_object()) << eid;
      EXPECT_TRUE(r.contains("requestParameters") && r.contains("responseElements")) << eid;
      EXPECT_TRUE(ParseIsoTime(Str(r, "eventTime")).has_value()) << eid;
      EXPECT_TRUE(std::regex_match(eid, guid_re)) << eid;
      EXPECT_TRUE(event_ids.insert(eid).second) << "duplicate eventID " << eid;
      EXPECT_TRUE(std::regex_match(Str(r, "recipientAccountId"), account_re)) << eid;
      const json& ui = r["userIdentity"];
      std::string key = Str(ui, "accessKeyId");
      if (!key.empty()) {
        EXPECT_TRUE(std::regex_match(key, key_re)) << eid << " key " << key;
      }
      if (!Str(ui, "accountId").empty()) {
        EXPECT_TRUE(std::regex_match(Str(ui, "accountId"), account_re)) << eid;
      }
      if (r.contains("responseElements") && r["responseElements"].is_object()) {
        const json& re = r["responseElements"];
        for (const char* p : {"/credentials/accessKeyId", "/accessKey/accessKeyId"}) {
          auto ptr = json::json_pointer(p);
          if (re.contains(ptr)) {
            EXPECT_TRUE(std::regex_match(re[ptr].get<std::string>(), key_re)) << eid;
          }
        }
      }
    }
    // The expected answer names events of the scenario.
    json want = Load(ExpectedPath(id));
    ASSERT_TRUE(want.is_object());
    for (const json& c : want.value("credentials", json::array())) {
      std::string by = Str(c, "createdByEventId");
      if (!by.empty()) {
        EXPECT_TRUE(event_ids.contains(by)) << Str(c, "id") << " created by unknown event " << by;
      }
    }
  }
}

}  // namespace
}  // namespace credtrace::investigate
