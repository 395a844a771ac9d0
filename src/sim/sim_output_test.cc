// End-to-end properties of the simulator's output: determinism, layout, delivery, credential
// consistency, schema, and the answer key against the logs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "base/file.h"
#include "base/gzip.h"
#include "base/time.h"
#include "sim/delivery.h"
#include "sim/key_codec.h"
#include "sim/schema_check.h"
#include "sim/simulator.h"

namespace credtrace::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path TempDir(const std::string& name) {
  // Thousands of small files: prefer a memory file system when there is one.
  std::error_code ec;
  fs::path base = fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path();
  fs::path p = base / ("credtrace-sim-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(p);
  return p;
}

SimOptions Small(const fs::path& out) {
  SimOptions o;
  o.scenarios = {"all"};
  o.out = out;
  o.seed = 7;
  o.events = 6000;
  o.days = 3;
  o.accounts = 4;
  return o;
}

// Relative path → bytes of every file under dir.
std::map<std::string, std::string> Tree(const fs::path& dir) {
  std::map<std::string, std::string> m;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    m[fs::relative(e.path(), dir).string()] = *ReadFile(e.path());
  }
  return m;
}

struct Loaded {
  std::vector<json> records;                       // as delivered (duplicates included)
  std::map<std::string, std::vector<std::string>> files_of_event;
  std::vector<std::pair<std::string, TimeMs>> late_checks;
  json truth;
  std::vector<std::string> paths;
};

Loaded Load(const fs::path& dir) {
  Loaded L;
  for (const auto& e : fs::recursive_directory_iterator(dir / "AWSLogs")) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), dir).string();
    L.paths.push_back(rel);
    std::string raw;
    EXPECT_TRUE(Gunzip(*ReadFile(e.path()), 1u << 30, &raw).ok()) << rel;
    json f = json::parse(raw);
    for (auto& r : f["Records"]) {
      L.files_of_event[r["eventID"]].push_back(rel);
      L.records.push_back(r);
    }
  }
  L.truth = json::parse(*ReadFile(dir / "ground_truth.json"));
  return L;
}

class SimOutput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("main"));
    auto res = Simulate(Small(*dir_));
    ASSERT_TRUE(res.ok()) << res.status().ToString();
    summary_ = new SimSummary(*res);
    loaded_ = new Loaded(Load(*dir_));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete summary_;
    delete loaded_;
  }
  static fs::path* dir_;
  static SimSummary* summary_;
  static Loaded* loaded_;
};
fs::path* SimOutput::dir_ = nullptr;
SimSummary* SimOutput::summary_ = nullptr;
Loaded* SimOutput::loaded_ = nullptr;

TEST(SimDeterminism, SameSeedAndOptionsGiveIdenticalBytes) {
  fs::path a = TempDir("det-a"), b = TempDir("det-b"), c = TempDir("det-c");
  SimOptions oa = Small(a), ob = Small(b), oc = Small(c);
  oa.events = ob.events = oc.events = 1500;
  ob.threads = 1;  // thread count must not matter
  oc.seed = 8;
  ASSERT_TRUE(Simulate(oa).ok());
  ASSERT_TRUE(Simulate(ob).ok());
  ASSERT_TRUE(Simulate(oc).ok());
  auto ta = Tree(a), tb = Tree(b), tc = Tree(c);
  EXPECT_GT(ta.size(), 30u);
  EXPECT_TRUE(ta == tb) << "two runs with the same seed differ";
  EXPECT_NE(ta["ground_truth.json"], tc["ground_truth.json"]) << "the seed has no effect";
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(c);
}

TEST_F(SimOutput, FilesFollowTheS3LayoutAndNaming) {
  std::regex re(kS3KeyPattern);
  ASSERT_GT(loaded_->paths.size(), 100u);
  for (const auto& p : loaded_->paths) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(p, m, re)) << p;
    EXPECT_EQ(m[4].str() + m[5].str() + m[6].str(), m[7].str()) << "folder date is the delivery date: " << p;
    int minute = std::stoi(m[8].str().substr(2));
    EXPECT_EQ(minute % 5, 0) << p;
  }
}

TEST_F(SimOutput, RecordsPassTheSchemaCheckAndKeysEncodeTheirAccount) {
  ASSERT_GT(loaded_->records.size(), 5000u);
  std::set<std::string> types;
  for (const auto& r : loaded_->records) {
    ASSERT_EQ(CheckRecord(r), "") << r.dump().substr(0, 400);
    const json& u = r["userIdentity"];
    types.insert(u["type"].get<std::string>());
    if (u.contains("accessKeyId") && !u["accessKeyId"].get<std::string>().empty()) {
      std::string k = u["accessKeyId"];
      auto acct = DecodeAccountId(k);
      ASSERT_TRUE(acct.has_value()) << k;
      EXPECT_EQ(FormatAccountId(*acct), u["accountId"].get<std::string>()) << k;
    }
  }
  for (const char* t : {"IAMUser", "AssumedRole", "FederatedUser", "Root", "AWSService", "AWSAccount",
                        "SAMLUser", "WebIdentityUser", "IdentityCenterUser"}) {
    EXPECT_TRUE(types.count(t)) << "no userIdentity of type " << t;
  }
}

TEST_F(SimOutput, EveryTemporaryKeyWasIssuedByAnEarlierRecord) {
  std::map<std::string, TimeMs> issued;        // key → first issuing record time
  std::map<std::string, TimeMs> console_open;  // principal arn → first sign-in
  for (const auto& r : loaded_->records) {
    TimeMs t = *ParseIsoTime(r["eventTime"].get<std::string>());
    const json& re = r["responseElements"];
    if (re.is_object() && re.contains("credentials") && re["credentials"].contains("accessKeyId") && !r.contains("errorCode")) {
      std::string k = re["credentials"]["accessKeyId"];
      if (r["eventName"] != "GetSigninToken") {
        auto [it, fresh] = issued.emplace(k, t);
        if (!fresh) it->second = std::min(it->second, t);
      }
    }
    bool signin = (r["eventName"] == "ConsoleLogin" && re.is_object() && re.value("ConsoleLogin", "") == "Success") ||
                  r["eventName"] == "GetSigninToken";
    if (signin && r["userIdentity"].contains("arn")) {
      std::string arn = r["userIdentity"]["arn"];
      auto [it, fresh] = console_open.emplace(arn, t);
      if (!fresh) it->second = std::min(it->second, t);
    }
  }
  size_t checked = 0;
  for (const auto& r : loaded_->records) {
    const json& u = r["userIdentity"];
    if (!u.contains("accessKeyId")) continue;
    std::string k = u["accessKeyId"];
    if (k.rfind("ASIA", 0) != 0) continue;
    TimeMs t = *ParseIsoTime(r["eventTime"].get<std::string>());
    ++checked;
    if (r.value("sessionCredentialFromConsole", "") == "true" && !issued.count(k)) {
      auto it = console_open.find(u["arn"].get<std::string>());
      ASSERT_TRUE(it != console_open.end() && it->second <= t) << "console key " << k << " without an earlier sign-in";
      continue;
    }
    auto it = issued.find(k);
    ASSERT_TRUE(it != issued.end()) << "ASIA key " << k << " used by " << r["eventName"] << " was never issued";
    ASSERT_LE(it->second, t) << "ASIA key " << k << " used before it was issued";
  }
  EXPECT_GT(checked, 2500u);
}

TEST_F(SimOutput, SomeRecordsAreLateAndSomeDeliveredTwice) {
  EXPECT_GT(summary_->duplicates, 0u);
  EXPECT_GT(summary_->late, 0u);
  std::regex re(kS3KeyPattern);
  size_t twice = 0, late = 0, with_addendum = 0;
  for (const auto& [id, files] : loaded_->files_of_event) {
    if (files.size() > 1) ++twice;
  }
  // Late: the file stamp is well after the event time.
  for (const auto& e : fs::recursive_directory_iterator(*dir_ / "AWSLogs")) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), *dir_).string();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(rel, m, re));
    std::string stamp = m[7].str();
    TimeMs file_t = *ParseIsoTime(stamp.substr(0, 4) + "-" + stamp.substr(4, 2) + "-" + stamp.substr(6, 2) + "T" +
                                  m[8].str().substr(0, 2) + ":" + m[8].str().substr(2, 2) + "Z");
    std::string raw;
    ASSERT_TRUE(Gunzip(*ReadFile(e.path()), 1u << 30, &raw).ok());
    json file = json::parse(raw);
    for (const auto& r : file["Records"]) {
      TimeMs t = *ParseIsoTime(r["eventTime"].get<std::string>());
      EXPECT_GE(file_t, t) << "delivered before it happened";
      if (file_t - t > 20 * 60 * 1000) ++late;
      // Normal delivery is within 5 to 16 minutes; a record with the delay addendum was late.
      if (r.contains("addendum")) {
        ++with_addendum;
        EXPECT_EQ(r["addendum"]["reason"], "DELIVERY_DELAY");
        EXPECT_GT(file_t - t, 15 * 60 * 1000) << "addendum on a record delivered on time";
      } else if (r["eventVersion"].get<std::string>() >= "1.08" &&
                 loaded_->files_of_event.at(r["eventID"].get<std::string>()).size() == 1) {
        // (A second delivery of a record may come up to half an hour after the first.)
        EXPECT_LE(file_t - t, 17 * 60 * 1000) << "late record without the delivery-delay addendum";
      }
    }
  }
  EXPECT_GT(twice, 0u);
  EXPECT_EQ(twice, summary_->duplicates);
  EXPECT_GT(late, 0u);
  EXPECT_GT(with_addendum, 0u);
}

TEST_F(SimOutput, AnswerKeyMatchesTheLogs) {
  const json& t = loaded_->truth;
  EXPECT_EQ(t["schema"], "credtrace.investigation/1");
  std::map<std::string, json> by_id;
  for (const auto& r : loaded_->records) by_id[r["eventID"]] = r;
  std::set<std::string> scen;
  size_t attacker = 0, owner = 0;
  for (const auto& e : t["events"]) {
    std::string id = e["eventID"];
    ASSERT_TRUE(by_id.count(id)) << "answer-key event " << id << " is not in the logs";
    const json& r = by_id[id];
    EXPECT_EQ(e["eventName"], r["eventName"]);
    EXPECT_EQ(e["eventTime"], r["eventTime"]);
    EXPECT_EQ(e["recipientAccountId"], r["recipientAccountId"]);
    EXPECT_EQ(e["awsRegion"], r["awsRegion"]);
    EXPECT_EQ(e["errorCode"].is_null(), !r.contains("errorCode")) << id;
    if (e["attribution"] == "attacker") ++attacker;
    if (e["attribution"] == "owner") ++owner;
    scen.insert(e["scenario"].get<std::string>());
    EXPECT_FALSE(e["categories"].empty());
  }
  EXPECT_EQ(scen.size(), 6u);
  EXPECT_GT(attacker, 300u);
  EXPECT_GT(owner, 5u);
  std::map<std::string, json> creds;
  for (const auto& c : t["credentials"]) creds[c["id"]] = c;
  for (const auto& [id, c] : creds) {
    if (!c["parent"].is_null()) {
      EXPECT_TRUE(creds.count(c["parent"])) << "parent of " << id << " is not listed";
    }
    if (!c["createdByEventId"].is_null()) {
      std::string ev = c["createdByEventId"];
      ASSERT_TRUE(by_id.count(ev)) << "creating event of " << id << " is not in the logs";
      if (!c["firstUsed"].is_null()) {
        EXPECT_LE(*ParseIsoTime(by_id[ev]["eventTime"].get<std::string>()), *ParseIsoTime(c["firstUsed"].get<std::string>())) << id;
      }
      // The new key appears in the creating record, when the record carries one.
      std::string raw = by_id[ev].dump();
      if (!c["accessKeyId"].is_null() && c["kind"] != "console-session") {
        EXPECT_NE(raw.find(c["accessKeyId"].get<std::string>()), std::string::npos) << id;
      }
    }
  }
  // Attacker events made with a credential use a listed credential.
  for (const auto& e : t["events"]) {
    if (!e["credential"].is_null()) {
      EXPECT_TRUE(creds.count(e["credential"])) << e["credential"];
    }
  }
  EXPECT_FALSE(t["context"]["attackerInfrastructure"]["addresses"].empty());
  EXPECT_FALSE(t["resources"].empty());
  for (const auto& res : t["resources"]) {
    for (const auto& id : res["eventIds"]) EXPECT_TRUE(by_id.count(id)) << res["id"];
  }
}

TEST(SimFormats, OrgTrailJsonlAndLookupEvents) {
  fs::path a = TempDir("org"), b = TempDir("jsonl"), c = TempDir("lookup");
  SimOptions oa = Small(a), ob = Small(b), oc = Small(c);
  oa.events = ob.events = oc.events = 1500;
  oa.scenarios = ob.scenarios = oc.scenarios = {"leaked-key"};
  oa.org_trail = true;
  ob.format = OutputFormat::kJsonl;
  oc.format = OutputFormat::kLookupEvents;
  auto ra = Simulate(oa);
  ASSERT_TRUE(ra.ok());
  std::regex re(kS3KeyPattern);
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(a / "AWSLogs")) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), a).string();
    ASSERT_TRUE(std::regex_match(rel, re)) << rel;
    ASSERT_EQ(rel.rfind("AWSLogs/" + ra->org_id + "/", 0), 0u) << rel;
    ++n;
  }
  EXPECT_GT(n, 10u);
  auto rb = Simulate(ob);
  ASSERT_TRUE(rb.ok());
  std::string lines = *ReadFile(b / "events.jsonl");
  size_t count = 0, pos = 0;
  while ((pos = lines.find('\n', pos)) != std::string::npos) ++count, ++pos;
  EXPECT_EQ(count, rb->records);
  auto first = json::parse(lines.substr(0, lines.find('\n')));
  EXPECT_EQ(CheckRecord(first), "");
  ASSERT_TRUE(Simulate(oc).ok());
  size_t items = 0;
  for (const auto& e : fs::recursive_directory_iterator(c / "lookup-events")) {
    if (!e.is_regular_file()) continue;
    json page = json::parse(*ReadFile(e.path()));
    TimeMs prev = INT64_MAX;
    for (const auto& it : page["Events"]) {
      json rec = json::parse(it["CloudTrailEvent"].get<std::string>());
      EXPECT_EQ(CheckRecord(rec), "");
      EXPECT_EQ(it["EventId"], rec["eventID"]);
      EXPECT_EQ(rec["eventCategory"], "Management");
      TimeMs t = *ParseIsoTime(it["EventTime"].get<std::string>());
      EXPECT_LE(t, prev);  // newest first
      prev = t;
      ++items;
    }
  }
  EXPECT_GT(items, 300u);
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(c);
}

TEST(SimOptionsCheck, RejectsBadInput) {
  SimOptions o = Small(TempDir("bad"));
  o.scenarios = {"no-such-scenario"};
  EXPECT_EQ(Simulate(o).status().code(), StatusCode::kInvalidArgument);
  o.scenarios = {"all"};
  o.days = 0;
  EXPECT_EQ(Simulate(o).status().code(), StatusCode::kInvalidArgument);
  auto all = ResolveScenarios({"all"});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 6u);
}

}  // namespace
}  // namespace credtrace::sim
