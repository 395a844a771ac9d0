#include "sim/schema_check.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "base/gzip.h"

namespace credtrace::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<json> RealSamples() {
  std::vector<json> out;
  fs::path root = fs::path(CREDTRACE_SHARED_DIR) / "datasets";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string p = e.path().string();
    auto data = ReadFile(e.path());
    if (!data.ok()) continue;
    if (p.size() > 8 && p.substr(p.size() - 8) == ".json.gz") {
      std::string raw;
      if (!Gunzip(*data, 1u << 30, &raw).ok()) continue;
      json file = json::parse(raw);
      for (auto& r : file["Records"]) out.push_back(r);
    } else if (p.size() > 5 && p.substr(p.size() - 5) == ".json") {
      json arr = json::parse(*data);
      for (auto& r : arr) out.push_back(r);
    }
  }
  return out;
}

bool HaveSamples() { return fs::exists(fs::path(CREDTRACE_SHARED_DIR) / "datasets"); }

TEST(SimSchemaCheck, AcceptsEveryRealSample) {
  if (!HaveSamples()) GTEST_SKIP() << "no ../shared/datasets beside the checkout";
  auto recs = RealSamples();
  ASSERT_GE(recs.size(), 999u);  // 310 stratus records and 689 in the maheribra delivery files
  for (const auto& r : recs) EXPECT_EQ(CheckRecord(r), "") << r.dump().substr(0, 300);
}

TEST(SimSchemaCheck, RejectsRecordsMissingRequiredFields) {
  if (!HaveSamples()) GTEST_SKIP() << "no ../shared/datasets beside the checkout";
  auto recs = RealSamples();
  ASSERT_FALSE(recs.empty());
  const json base = recs[0];
  for (const char* k : {"eventTime", "eventSource", "eventName", "awsRegion", "eventID", "eventType",
                        "recipientAccountId", "userIdentity", "eventVersion", "sourceIPAddress"}) {
    json r = base;
    r.erase(k);
    EXPECT_NE(CheckRecord(r), "") << "accepted a record without " << k;
  }
  json r = base;
  r["userIdentity"].erase("type");
  EXPECT_NE(CheckRecord(r), "");
  r = base;
  r["eventTime"] = "Aug 1, 2024 1:33:28 PM";
  EXPECT_NE(CheckRecord(r), "");
  r = base;
  r["readOnly"] = "true";
  EXPECT_NE(CheckRecord(r), "");
  r = base;
  r["sessionCredentialFromConsole"] = "false";
  EXPECT_NE(CheckRecord(r), "");
  r = base;
  r["userIdentity"] = {{"type", "AssumedRole"}, {"principalId", "AROA:x"}, {"arn", "arn"}, {"accountId", "123456789012"}};
  EXPECT_NE(CheckRecord(r), "");  // a role session without sessionContext
  r = base;
  r["userIdentity"] = {{"type", "AWSService"}};
  EXPECT_NE(CheckRecord(r), "");  // no invokedBy
}

}  // namespace
}  // namespace credtrace::sim
