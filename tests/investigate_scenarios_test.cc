// Investigation behaviour as data: every simulator scenario, played at several seeds among
// background activity, is ingested and investigated from the seed the answer key names (the key,
// the principal, or the GuardDuty finding file); the result is compared with the answer key
// (ground_truth.json, the same schema as `investigate --json`):
//   - every credential of the scenario is found, with its kind, parent and creating event, and
//     nothing else is reported as a lineage credential;
//   - every attacker event is in the result, labelled attacker or unknown (never owner);
//   - the events labelled owner are the owner's (precision >= 98%);
//   - every resource of the answer key is reported with the same action.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file.h"
#include "investigate/finding.h"
#include "investigate/investigate.h"
#include "investigate/json_output.h"
#include "sim/simulator.h"
#include "store/case.h"
#include "store/ingest.h"
#include "sim_case.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

using World = testing_support::SimCase;

void CheckScenario(World& w, const std::string& scenario) {
  SCOPED_TRACE("scenario " + scenario);
  auto segs = w.c->Segments();
  ASSERT_TRUE(segs.ok());
  Evidence ev(w.c.get(), *segs);
  Options opt = testing_support::ScenarioSeeds(w, scenario);
  ASSERT_FALSE(opt.seeds.empty());
  auto inv = Investigate(ev, opt);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  json got = ToJson(*inv, GeneratorInfo{});

  std::map<std::string, json> want_creds, got_creds;
  for (const json& c : w.truth["credentials"])
    if (c["scenario"] == scenario) want_creds[c["id"]] = c;
  for (const json& c : got["credentials"]) got_creds[c["id"]] = c;
  for (const auto& [id, c] : want_creds) {
    SCOPED_TRACE("credential " + id);
    ASSERT_TRUE(got_creds.contains(id)) << c.dump();
    const json& g = got_creds[id];
    EXPECT_EQ(g["kind"], c["kind"]);
    EXPECT_EQ(g["parent"], c["parent"]);
    EXPECT_EQ(g["createdByEventId"], c["createdByEventId"]);
    if (!c["accessKeyId"].is_null()) {
      EXPECT_EQ(g["accessKeyId"], c["accessKeyId"]);
    }
    if (c["parent"].is_null()) {
      // A seed: its compromise is dated from the evidence, the finding, or the infrastructure.
      EXPECT_FALSE(g["compromisedSince"].is_null());
    } else {
      EXPECT_EQ(g["compromisedSince"], c["compromisedSince"]);
    }
  }
  for (const auto& [id, g] : got_creds) {
    EXPECT_TRUE(want_creds.contains(id)) << "not in the answer key: " << g.dump();
  }

  std::map<std::string, json> got_events;
  for (const json& e : got["events"]) got_events[e["eventID"]] = e;
  size_t owner_labels = 0, owner_right = 0, attacker = 0;
  for (const json& e : w.truth["events"]) {
    if (e["scenario"] != scenario) continue;
    auto it = got_events.find(e["eventID"]);
    if (e["attribution"] == "attacker") {
      ++attacker;
      ASSERT_NE(it, got_events.end()) << "attacker event missing: " << e.dump();
      EXPECT_NE(it->second["attribution"], "owner") << e.dump();
    }
    if (it != got_events.end() && it->second["attribution"] == "owner") {
      ++owner_labels;
      if (e["attribution"] == "owner") ++owner_right;
    }
  }
  EXPECT_GT(attacker, 0u);
  if (owner_labels > 0) {
    EXPECT_GE(static_cast<double>(owner_right) / static_cast<double>(owner_labels), 0.98)
        << owner_right << " of " << owner_labels << " owner labels right";
  }

  std::set<std::pair<std::string, std::string>> got_res;
  for (const json& r : got["resources"]) got_res.insert({r["id"].get<std::string>(), r["action"].get<std::string>()});
  std::set<std::string> scenario_events;
  for (const json& e : w.truth["events"])
    if (e["scenario"] == scenario) scenario_events.insert(e["eventID"].get<std::string>());
  for (const json& r : w.truth["resources"]) {
    bool mine = false;
    for (const json& id : r["eventIds"]) mine = mine || scenario_events.contains(id.get<std::string>());
    if (!mine) continue;
    EXPECT_TRUE(got_res.contains({r["id"].get<std::string>(), r["action"].get<std::string>()})) << "resource missing: " << r.dump();
  }
}

class InvestigateScenarios : public ::testing::TestWithParam<uint64_t> {};

TEST_P(InvestigateScenarios, MatchTheAnswerKey) {
  World w = testing_support::MakeSimCase("inv-" + std::to_string(GetParam()), {"all"}, GetParam(), 40000);
  std::set<std::string> scenarios;
  for (const json& s : w.truth["scenarios"]) scenarios.insert(s["name"].get<std::string>());
  EXPECT_EQ(scenarios.size(), 6u);
  for (const std::string& s : scenarios) CheckScenario(w, s);
  std::error_code ec;
  fs::remove_all(w.dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Seeds, InvestigateScenarios, ::testing::Values(7u, 23u, 2024u));

}  // namespace
}  // namespace credtrace::investigate
