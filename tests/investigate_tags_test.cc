// Tags end to end: the simulator tags its world the way owners do (a pipeline's PutBucketTagging,
// CreateTags, TagRole, TagUser early in the logs) and writes the tags of each answer-key
// resource; an investigation of each scenario must report those tags for the resources the
// attacker touched (the leaked key's exfiltrated data bucket, the buckets Capital One read) and
// for the compromised role behind the stolen instance session.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "investigate/investigate.h"
#include "investigate/json_output.h"
#include "sim_case.h"

namespace credtrace::investigate {
namespace {

using json = nlohmann::json;

struct Got {
  json doc;
  size_t compared = 0, tagged = 0;
};

Got CheckTags(testing_support::SimCase& w, const std::string& scenario) {
  SCOPED_TRACE("scenario " + scenario);
  Got out;
  auto segs = w.c->Segments();
  EXPECT_TRUE(segs.ok());
  if (!segs.ok()) return out;
  Evidence ev(w.c.get(), *segs);
  auto inv = Investigate(ev, testing_support::ScenarioSeeds(w, scenario));
  EXPECT_TRUE(inv.ok()) << inv.status().ToString();
  if (!inv.ok()) return out;
  out.doc = ToJson(*inv, GeneratorInfo{});
  std::map<std::pair<std::string, std::string>, json> got;
  for (const json& r : out.doc["resources"]) got[{r["id"], r["action"]}] = r;
  std::set<std::string> mine;
  for (const json& e : w.truth["events"])
    if (e["scenario"] == scenario) mine.insert(e["eventID"].get<std::string>());
  for (const json& r : w.truth["resources"]) {
    bool ours = false;
    for (const json& id : r["eventIds"]) ours = ours || mine.contains(id.get<std::string>());
    auto it = got.find({r["id"], r["action"]});
    if (!ours || it == got.end()) continue;
    ++out.compared;
    if (!r["tags"].empty()) ++out.tagged;
    EXPECT_EQ(it->second["tags"], r["tags"]) << r["id"];
  }
  return out;
}

TEST(InvestigateTags, ScenariosReportTheTagsTheSimulatorSet) {
  auto w = testing_support::MakeSimCase("tags", {"leaked-key", "capital-one"}, 11, 20000);
  ASSERT_NE(w.c, nullptr);

  Got leaked = CheckTags(w, "leaked-key");
  EXPECT_GT(leaked.compared, 20u);
  EXPECT_GT(leaked.tagged, 10u);  // the data-exports bucket's objects, the roles assumed
  // The exfiltrated objects carry their bucket's application.
  size_t objects = 0;
  for (const json& r : leaked.doc["resources"]) {
    if (r["type"] != "AWS::S3::Object" || r["action"] != "read") continue;
    ++objects;
    EXPECT_TRUE(r["tags"].contains("app")) << r["id"];
    EXPECT_TRUE(r["tags"].contains("env")) << r["id"];
  }
  EXPECT_GT(objects, 0u);

  Got c1 = CheckTags(w, "capital-one");
  EXPECT_GT(c1.tagged, 0u);
  // The stolen session's role is listed with its application; each bucket once, for its objects.
  bool role = false;
  std::set<std::string> ids;
  for (const json& t : c1.doc["context"]["resourceTags"]) {
    EXPECT_TRUE(ids.insert(t["id"].get<std::string>()).second) << t["id"];
    EXPECT_FALSE(t["eventId"].is_null());
    if (t["id"].get<std::string>().ends_with(":role/waf-proxy-role")) {
      role = true;
      EXPECT_EQ(t["tags"]["app"], "waf-proxy");
      EXPECT_EQ(t["tags"]["env"], "prod");
    }
  }
  EXPECT_TRUE(role);
  std::error_code ec;
  std::filesystem::remove_all(w.dir, ec);
}

}  // namespace
}  // namespace credtrace::investigate
