// The GuardDuty finding the capital-one scenario writes agrees with its answer key and its logs,
// and reads back through the investigation's finding parser.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/file.h"
#include "base/time.h"
#include "investigate/finding.h"
#include "sim/simulator.h"

namespace credtrace::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(SimFinding, CapitalOneFindingMatchesTheAnswerKeyAndTheLogs) {
  std::error_code ec;
  fs::path dir =
      (fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path()) /
      ("credtrace-sim-finding-" + std::to_string(getpid()));
  fs::remove_all(dir);
  SimOptions o;
  o.scenarios = {"capital-one"};
  o.out = dir;
  o.seed = 5;
  o.events = 3000;
  o.days = 2;
  o.format = OutputFormat::kJsonl;  // one record a line: easy to look records up
  auto res = Simulate(o);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  json truth = json::parse(*ReadFile(dir / "ground_truth.json"));

  // The seeds: the finding (with its file) and the first stolen session's key.
  std::string file, type, key;
  for (const auto& s : truth["seeds"]) {
    if (s["kind"] == "finding") {
      file = s["file"].get<std::string>();
      type = s["value"].get<std::string>();
    } else {
      EXPECT_TRUE(s["file"].is_null());
      if (s["kind"] == "key" && key.empty()) key = s["value"].get<std::string>();
    }
  }
  ASSERT_EQ(file, "findings/capital-one.json");
  ASSERT_FALSE(key.empty());

  auto text = ReadFile(dir / file);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto parsed = investigate::ParseFindings(*text, file);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  const investigate::Finding& f = (*parsed)[0];
  EXPECT_EQ(f.product, "guardduty");
  EXPECT_EQ(f.type, type);
  EXPECT_EQ(f.severity, 8);
  EXPECT_EQ(f.severity_label, "HIGH");
  EXPECT_EQ(f.access_key_id, key);
  EXPECT_EQ(f.user_type, "AssumedRole");
  EXPECT_EQ(f.id.size(), 32u);

  // The key's credential in the answer key: same principal.
  bool found = false;
  for (const auto& c : truth["credentials"]) {
    if (c["id"] != key) continue;
    found = true;
    EXPECT_EQ(f.principal_arn, c["principalArn"].get<std::string>());
    EXPECT_EQ(c["kind"], "instance-profile-session");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(f.principal_arn.substr(f.principal_arn.rfind('/') + 1), f.instance_id);

  // Its attacker events: the window, the first call, the count.
  json first, last;
  int64_t count = 0;
  for (const auto& e : truth["events"]) {  // sorted by time, then eventID
    if (e["attribution"] != "attacker" || e["accessKeyId"] != key) continue;
    if (first.is_null()) first = e;
    last = e;
    ++count;
  }
  ASSERT_FALSE(first.is_null());
  ASSERT_TRUE(f.first_seen && f.last_seen);
  EXPECT_EQ(FormatIsoTime(*f.first_seen), first["eventTime"].get<std::string>());
  EXPECT_EQ(FormatIsoTime(*f.last_seen), last["eventTime"].get<std::string>());
  EXPECT_GT(*f.last_seen, *f.first_seen);
  EXPECT_EQ(f.api, first["eventName"].get<std::string>());
  EXPECT_EQ(f.service_name, first["eventSource"].get<std::string>());
  EXPECT_EQ(f.region, first["awsRegion"].get<std::string>());
  EXPECT_EQ(f.account, first["recipientAccountId"].get<std::string>());
  ASSERT_EQ(f.remote_ips.size(), 1u);
  EXPECT_EQ(f.remote_ips[0], first["sourceIPAddress"].get<std::string>());
  EXPECT_FALSE(f.asn.empty());
  EXPECT_EQ(json::parse(*text)["Findings"][0]["Service"]["Count"], count);

  // The first attacker record in the logs: same key, principal ID, role and client.
  std::istringstream lines(*ReadFile(dir / "events.jsonl"));
  std::string line;
  bool seen = false;
  while (std::getline(lines, line)) {
    if (line.find(first["eventID"].get<std::string>()) == std::string::npos) continue;
    json r = json::parse(line);
    if (r["eventID"] != first["eventID"]) continue;
    seen = true;
    EXPECT_EQ(r["userIdentity"]["accessKeyId"], f.access_key_id);
    EXPECT_EQ(r["userIdentity"]["principalId"], f.principal_id);
    EXPECT_EQ(r["userIdentity"]["arn"], f.principal_arn);
    EXPECT_EQ(r["userIdentity"]["sessionContext"]["sessionIssuer"]["userName"], f.user_name);
    EXPECT_EQ(r["userAgent"], f.user_agent);
    EXPECT_EQ(r["sourceIPAddress"], f.remote_ips[0]);
  }
  EXPECT_TRUE(seen);

  // Same seed, same finding.
  fs::path again = dir.string() + "-again";
  fs::remove_all(again);
  o.out = again;
  ASSERT_TRUE(Simulate(o).ok());
  EXPECT_EQ(*ReadFile(again / file), *text);
  fs::remove_all(again);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace credtrace::sim
