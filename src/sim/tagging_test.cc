// The simulator's tagging records: read back with the investigation's tag table (so the shapes
// the simulator writes are the ones the table reads), consistent per application across
// buckets, instances and roles, and what the answer key says.
#include "sim/tagging.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/file.h"
#include "investigate/tags.h"
#include "sim/simulator.h"

namespace credtrace::sim {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

TEST(SimTagging, OwnersTagTheWorldConsistentlyPerApplication) {
  std::error_code ec;
  fs::path dir = fs::temp_directory_path() / ("credtrace-sim-tags-" + std::to_string(getpid()));
  fs::remove_all(dir, ec);
  SimOptions o;
  o.scenarios = {"leaked-key"};
  o.out = dir;
  o.seed = 5;
  o.events = 8000;
  o.days = 2;
  o.accounts = 3;
  o.format = OutputFormat::kJsonl;
  ASSERT_TRUE(Simulate(o).ok());
  auto text = ReadFile(dir / "events.jsonl");
  ASSERT_TRUE(text.ok());
  std::map<std::string, std::map<std::string, std::string>> tags;  // resource → tags, last wins
  std::map<std::string, size_t> by_event;
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find("Tag") == std::string::npos && line.find("tagSpecificationSet") == std::string::npos) continue;
    auto rec = investigate::Record::Parse(line);
    ASSERT_TRUE(rec.ok());
    for (const investigate::TagChange& c : investigate::ExtractTagChanges(*rec)) {
      ++by_event[std::string(rec->Str("eventName"))];
      auto& t = tags[c.resource.id];
      if (c.op == investigate::TagOp::kReplace) t.clear();
      for (const investigate::Tag& x : c.tags) {
        if (c.op == investigate::TagOp::kRemove) t.erase(x.key); else t[x.key] = x.value;
      }
    }
  }
  for (const char* e : {"PutBucketTagging", "CreateTags", "TagRole", "TagUser", "RunInstances", "DeleteTags"})
    EXPECT_GT(by_event[e], 0u) << e;
  // Each application's bucket, role and instances carry the same app and env.
  std::map<std::string, std::set<std::string>> kinds_of_app;  // app → bucket/role/instance
  for (const auto& [id, t] : tags) {
    if (!t.contains("app")) continue;
    std::string kind = id.starts_with("arn:aws:s3:::") ? "bucket" : id.find(":instance/") != std::string::npos ? "instance"
                       : id.find(":role/") != std::string::npos ? "role" : "other";
    kinds_of_app[t.at("app") + "/" + t.at("env")].insert(kind);
  }
  size_t complete = 0;
  for (const auto& [app, kinds] : kinds_of_app) complete += kinds.contains("bucket") && kinds.contains("role") && kinds.contains("instance");
  EXPECT_GE(complete, 2u);
  // The answer key gives the exfiltrated objects their bucket's tags.
  auto truth = ReadFile(dir / "ground_truth.json");
  ASSERT_TRUE(truth.ok());
  size_t tagged = 0, objects = 0;
  const json key = json::parse(*truth);
  for (const json& r : key["resources"]) {
    objects += r["type"] == "AWS::S3::Object";
    ASSERT_TRUE(r.contains("tags"));
    if (r["type"] != "AWS::S3::Object" || r["tags"].empty()) continue;
    ++tagged;
    std::string id = r["id"];
    std::string bucket = id.substr(0, id.find('/', 13));
    ASSERT_TRUE(tags.contains(bucket)) << bucket;
    for (const auto& [k, v] : tags[bucket]) EXPECT_EQ(r["tags"][k], v) << id;
  }
  EXPECT_GT(tagged, 0u) << objects << " objects";
  fs::remove_all(dir, ec);
}

TEST(SimTagging, TagsAreDataInTheirJson) {
  EXPECT_EQ(TagsJson({{"a\"b", "c\nd"}}), "[{\"key\":\"a\\\"b\",\"value\":\"c\\nd\"}]");
  EXPECT_EQ(TagsJson({{"k", "v"}}, true), "[{\"Key\":\"k\",\"Value\":\"v\"}]");
}

}  // namespace
}  // namespace credtrace::sim
