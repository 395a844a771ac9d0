// credtrace verify (src/respond/verify.h): uses of contained credentials after their containment.
//   - a simulated leaked-key incident, contained in the middle of the attacker's activity: the
//     attacker's later calls are reported as not denied (exit 4 through NotContained);
//   - contained after the attacker's last event: no attacker use; the owner's later calls with
//     the leaked key are reported, attributed;
//   - a small fixture: denied / not denied / propagation window, console sign-ins, older sessions
//     of a revoked role, containment times from the executor's journal;
//   - --watch: a delivery file dropped after the first poll is ingested and its use reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "base/file.h"
#include "base/time.h"
#include "investigate/investigate.h"
#include "investigate/json_output.h"
#include "respond/respond.h"
#include "respond/verify.h"
#include "sim/simulator.h"
#include "store/case.h"
#include "store/ingest.h"
#include "sim_case.h"

namespace credtrace::respond {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

using testing_support::TempBase;

TimeMs T(const std::string& s) { return *ParseIsoTime(s); }

// ---------------------------------------------------------------------------------------------
// A simulated incident.

struct Incident {
  fs::path dir;
  json truth;
  json investigation;
  std::unique_ptr<store::Case> c;
};

// Played once for the tests of this file; removed at exit.
struct IncidentHolder {
  Incident w;
  ~IncidentHolder() {
    std::error_code ec;
    w.c.reset();
    if (!w.dir.empty()) fs::remove_all(w.dir, ec);
  }
};

Incident& LeakedKey() {
  static IncidentHolder holder;
  static Incident* w = [] {
    Incident* w = &holder.w;
    testing_support::SimCase sim = testing_support::MakeSimCase("verify", {"leaked-key"}, 7, 20000);
    w->dir = sim.dir;
    w->truth = sim.truth;
    investigate::Options opt = testing_support::ScenarioSeeds(sim, "leaked-key");
    w->c = std::move(sim.c);
    EXPECT_FALSE(opt.seeds.empty());
    auto segs = w->c->Segments();
    investigate::Evidence ev(w->c.get(), *segs);
    auto inv = investigate::Investigate(ev, opt);
    EXPECT_TRUE(inv.ok()) << inv.status().ToString();
    w->investigation = investigate::ToJson(*inv, investigate::GeneratorInfo{});
    return w;
  }();
  return *w;
}

Result<VerifyReport> VerifyAt(Incident& w, TimeMs after, TimeMs grace = kDefaultGraceMs) {
  CT_ASSIGN_OR_RETURN(VerifyInvestigation inv, ReadVerifyInvestigation(w.investigation));
  CT_ASSIGN_OR_RETURN(auto segs, w.c->Segments());
  investigate::Evidence ev(w.c.get(), segs);
  VerifyOptions opt;
  opt.after = after;
  opt.grace_ms = grace;
  return Verify(ev, inv, opt);
}

// The answer key's attacker events, by time.
std::vector<json> AttackerEvents(const Incident& w) {
  std::vector<json> out;
  for (const json& e : w.truth["events"])
    if (e["attribution"] == "attacker" && !e["credential"].is_null()) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["eventTime"] < b["eventTime"]; });
  return out;
}

std::map<std::string, const VerifyUse*> AllUses(const VerifyReport& r, const char* list) {
  std::map<std::string, const VerifyUse*> out;
  for (const auto& c : r.credentials) {
    const auto& v = std::string(list) == "denied" ? c.denied : std::string(list) == "succeeded" ? c.succeeded : c.within_grace;
    for (const VerifyUse& u : v) out[u.event_id] = &u;
  }
  return out;
}

TEST(VerifyScenario, ContainedMidAttackReportsTheAttackersLaterCalls) {
  Incident& w = LeakedKey();
  std::vector<json> att = AttackerEvents(w);
  ASSERT_GT(att.size(), 10u);
  TimeMs after = T(att[att.size() / 2]["eventTime"]);
  auto r = VerifyAt(w, after);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->NotContained());
  EXPECT_EQ(r->unchecked, 0u);
  ASSERT_TRUE(r->complete_until.has_value());
  EXPECT_EQ(*r->complete_until, *r->last_event - kDeliveryDelayMs);

  // Every later attacker call made with a credential the investigation found (and so the plan
  // contains) is reported, by its time in the propagation window or after it, never as denied
  // unless its record has a denial code.
  std::set<std::string> creds;
  for (const json& c : w.investigation["credentials"]) creds.insert(c["id"].get<std::string>());
  auto succeeded = AllUses(*r, "succeeded"), grace = AllUses(*r, "withinGrace"), denied = AllUses(*r, "denied");
  size_t later = 0, reported_attacker = 0;
  for (const json& e : att) {
    TimeMs t = T(e["eventTime"]);
    if (t < after || !creds.count(e["credential"].get<std::string>())) continue;
    if (e["accessKeyId"].is_null()) continue;  // sign-ins: checked with the password's credential
    ++later;
    std::string id = e["eventID"];
    bool found = succeeded.count(id) || grace.count(id) || denied.count(id);
    EXPECT_TRUE(found) << "attacker call after the containment not reported: " << e.dump();
    if (!found) continue;
    const VerifyUse* u = succeeded.count(id) ? succeeded[id] : grace.count(id) ? grace[id] : denied[id];
    EXPECT_EQ(u->attribution, "attacker") << e.dump();
    EXPECT_EQ(u->within_grace, t < after + kDefaultGraceMs);
    if (e["errorCode"].is_null()) {
      EXPECT_FALSE(u->denied) << e.dump();
    } else if (e["errorCode"].get<std::string>().find("AccessDenied") != std::string::npos) {
      EXPECT_TRUE(u->denied) << e.dump();
    }
    ++reported_attacker;
  }
  EXPECT_GT(later, 0u);
  EXPECT_EQ(reported_attacker, later);
  std::cerr << "verify mid-attack: " << later << " later attacker calls, " << r->succeeded << " not denied, "
            << r->within_grace << " in the window, " << r->denied << " denied\n";
  // Nothing before the containment time is reported.
  for (const auto* m : {&succeeded, &grace, &denied})
    for (const auto& [id, u] : *m) EXPECT_GE(u->time, after) << id;

  json j = VerifyToJson(*r);
  EXPECT_EQ(j["schema"], "credtrace.verify/1");
  EXPECT_EQ(j["verdict"], "not-contained");
  EXPECT_EQ(j["summary"]["succeeded"].get<size_t>(), r->succeeded);
}

TEST(VerifyScenario, ContainedAfterTheLastAttackerEvent) {
  Incident& w = LeakedKey();
  std::vector<json> att = AttackerEvents(w);
  ASSERT_FALSE(att.empty());
  TimeMs after = T(att.back()["eventTime"]) + 1000;
  auto r = VerifyAt(w, after);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const auto& c : r->credentials)
    for (const auto* v : {&c.succeeded, &c.within_grace, &c.denied})
      for (const VerifyUse& u : *v) EXPECT_NE(u.attribution, "attacker") << c.credential.id << " " << u.event_id;

  // The owner keeps using the leaked key: a contained key must work for no one, so the owner's
  // later calls are reported as not denied, attributed to the owner.
  std::string leaked;
  for (const json& s : w.truth["seeds"])
    if (s["kind"] == "key") leaked = s["value"];
  std::set<std::string> owner_later;
  for (const json& e : w.truth["events"])
    if (e["attribution"] == "owner" && e["accessKeyId"] == leaked && T(e["eventTime"]) >= after + kDefaultGraceMs &&
        e["errorCode"].is_null())
      owner_later.insert(e["eventID"].get<std::string>());
  EXPECT_FALSE(owner_later.empty()) << "the scenario's owner no longer uses the key";
  auto succeeded = AllUses(*r, "succeeded");
  for (const std::string& id : owner_later) {
    ASSERT_TRUE(succeeded.count(id)) << "owner call not reported: " << id;
    EXPECT_NE(succeeded[id]->attribution, "attacker");
  }
  EXPECT_EQ(r->NotContained(), !succeeded.empty());

  // With the containment after the last event of the case, nothing at all: clean.
  auto clean = VerifyAt(w, *r->last_event + 1000);
  ASSERT_TRUE(clean.ok());
  EXPECT_FALSE(clean->NotContained());
  EXPECT_EQ(clean->succeeded + clean->denied + clean->within_grace, 0u);
  EXPECT_EQ(VerifyToJson(*clean)["verdict"], "no-successful-use");
}

// ---------------------------------------------------------------------------------------------
// A small fixture.

const char* kUser = "arn:aws:iam::111122223333:user/dev";
const char* kKey = "AKIAVERIFYTEST000001";
const char* kSession = "ASIAVERIFYSESSION001";
const char* kRoleArn = "arn:aws:iam::111122223333:role/App";

json Rec(const std::string& id, const std::string& time, const std::string& name, const std::string& key,
         const std::string& error = "", const std::string& ip = "198.51.100.7") {
  json r = {{"eventVersion", "1.08"},
            {"eventTime", time},
            {"eventSource", "iam.amazonaws.com"},
            {"eventName", name},
            {"awsRegion", "us-east-1"},
            {"sourceIPAddress", ip},
            {"userAgent", "aws-cli/2.15.0"},
            {"requestParameters", nullptr},
            {"responseElements", nullptr},
            {"eventID", id},
            {"eventType", "AwsApiCall"},
            {"recipientAccountId", "111122223333"},
            {"userIdentity",
             {{"type", "IAMUser"}, {"arn", kUser}, {"accountId", "111122223333"}, {"accessKeyId", key}, {"userName", "dev"}}}};
  if (!error.empty()) {
    r["errorCode"] = error;
    r["errorMessage"] = "refused";
  }
  return r;
}

json RoleRec(const std::string& id, const std::string& time, const std::string& key, const std::string& session,
             const std::string& created) {
  json r = Rec(id, time, "ListBuckets", key);
  r["eventSource"] = "s3.amazonaws.com";
  r["userIdentity"] = {{"type", "AssumedRole"},
                       {"arn", "arn:aws:sts::111122223333:assumed-role/App/" + session},
                       {"accountId", "111122223333"},
                       {"accessKeyId", key},
                       {"principalId", "AROAAPPROLE:" + session},
                       {"sessionContext",
                        {{"attributes", {{"creationDate", created}, {"mfaAuthenticated", "false"}}},
                         {"sessionIssuer",
                          {{"type", "Role"}, {"arn", kRoleArn}, {"accountId", "111122223333"}, {"userName", "App"}}}}}};
  return r;
}

json SignIn(const std::string& id, const std::string& time, bool ok) {
  json r = Rec(id, time, "ConsoleLogin", "");
  r["eventSource"] = "signin.amazonaws.com";
  r["userIdentity"].erase("accessKeyId");
  r["eventType"] = "AwsConsoleSignIn";
  r["responseElements"] = {{"ConsoleLogin", ok ? "Success" : "Failure"}};
  if (!ok) r["errorMessage"] = "Failed authentication";
  return r;
}

json FixtureInvestigation() {
  return {{"schema", "credtrace.investigation/1"},
          {"credentials",
           {{{"id", kKey}, {"accessKeyId", kKey}, {"keys", {kKey}}, {"principalArn", kUser}, {"kind", "access-key"}},
            {{"id", std::string("password:") + kUser},
             {"accessKeyId", nullptr},
             {"keys", json::array()},
             {"principalArn", kUser},
             {"kind", "console-password"}},
            {{"id", kSession},
             {"accessKeyId", kSession},
             {"keys", {kSession}},
             {"principalArn", "arn:aws:sts::111122223333:assumed-role/App/stolen"},
             {"kind", "role-session"}}}},
          {"events",
           {{{"eventID", "e-before"}, {"attribution", "owner"}, {"credential", kKey},
             {"sourceIPAddress", "198.51.100.7"}, {"userAgent", "aws-cli/2.15.0"}}}},
          {"resources", json::array()},
          {"context", {{"attackerInfrastructure", {{"addresses", {{{"ip", "203.0.113.9"}}}}}}}}};
}

// Containment at 10:00:00. Records before and after it.
json FixtureRecords() {
  return {{"Records",
           {Rec("e-before", "2024-11-05T09:50:00Z", "ListUsers", kKey),
            Rec("e-grace-ok", "2024-11-05T10:01:00Z", "ListUsers", kKey, "", "203.0.113.9"),
            Rec("e-grace-denied", "2024-11-05T10:02:00Z", "ListRoles", kKey, "AccessDenied", "203.0.113.9"),
            Rec("e-denied-1", "2024-11-05T10:10:00Z", "ListUsers", kKey, "AccessDenied", "203.0.113.9"),
            Rec("e-denied-2", "2024-11-05T10:11:00Z", "DescribeInstances", kKey, "Client.UnauthorizedOperation", "203.0.113.9"),
            Rec("e-denied-3", "2024-11-05T10:12:00Z", "GetCallerIdentity", kKey, "InvalidClientTokenId"),
            Rec("e-denied-4", "2024-11-05T10:12:30Z", "GetSecretValue", kKey, "AccessDeniedException"),
            Rec("e-success", "2024-11-05T10:20:00Z", "CreateUser", kKey, "", "203.0.113.9"),
            Rec("e-owner", "2024-11-05T10:21:00Z", "ListUsers", kKey),
            Rec("e-other-error", "2024-11-05T10:22:00Z", "GetUser", kKey, "NoSuchEntity", "192.0.2.1"),
            SignIn("e-signin-fail", "2024-11-05T10:15:00Z", false),
            SignIn("e-signin-ok", "2024-11-05T10:16:00Z", true),
            SignIn("e-signin-before", "2024-11-05T09:00:00Z", true),
            RoleRec("e-stolen-session", "2024-11-05T10:30:00Z", kSession, "stolen", "2024-11-05T08:00:00Z"),
            RoleRec("e-old-session", "2024-11-05T10:31:00Z", "ASIAOLDSESSION000001", "i-0abc", "20241105T090000Z"),
            RoleRec("e-new-session", "2024-11-05T10:32:00Z", "ASIANEWSESSION000001", "i-0abc", "2024-11-05T10:05:00Z")}}};
}

struct Fixture {
  fs::path dir;
  std::unique_ptr<store::Case> c;
  VerifyInvestigation inv;
  explicit Fixture(const std::string& name) {
    std::error_code ec;
    dir = TempBase() / ("credtrace-verify-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(dir, ec);
    fs::create_directories(dir / "in");
    EXPECT_TRUE(WriteFileAtomic(dir / "in" / "records.json", FixtureRecords().dump()).ok());
    auto c0 = store::Case::Open(dir / "case", store::CreateIfMissing::kYes);
    EXPECT_TRUE(c0.ok());
    c = std::move(*c0);
    auto sum = store::Ingest(*c, {dir / "in"}, store::IngestOptions{});
    EXPECT_TRUE(sum.ok());
    EXPECT_EQ(sum->events, FixtureRecords()["Records"].size());
    auto i = ReadVerifyInvestigation(FixtureInvestigation());
    EXPECT_TRUE(i.ok()) << i.status().ToString();
    inv = std::move(*i);
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Result<VerifyReport> Run(const VerifyOptions& opt) {
    CT_ASSIGN_OR_RETURN(auto segs, c->Segments());
    investigate::Evidence ev(c.get(), segs);
    return Verify(ev, inv, opt);
  }
};

std::vector<std::string> Ids(const std::vector<VerifyUse>& v) {
  std::vector<std::string> out;
  for (const VerifyUse& u : v) out.push_back(u.event_id);
  return out;
}

const VerifyCredentialResult& Cred(const VerifyReport& r, const std::string& id) {
  for (const auto& c : r.credentials)
    if (c.credential.id == id) return c;
  static VerifyCredentialResult none;
  ADD_FAILURE() << "no credential " << id;
  return none;
}

TEST(VerifyFixture, SplitsDeniedFromSuccessfulWithAPropagationWindow) {
  Fixture f("split");
  VerifyOptions opt;
  opt.after = T("2024-11-05T10:00:00Z");
  auto r = f.Run(opt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& key = Cred(*r, kKey);
  EXPECT_EQ(Ids(key.denied), (std::vector<std::string>{"e-grace-denied", "e-denied-1", "e-denied-2", "e-denied-3", "e-denied-4"}));
  EXPECT_EQ(Ids(key.within_grace), (std::vector<std::string>{"e-grace-ok"}));
  // Another error than a denial means the call got past IAM: not denied.
  EXPECT_EQ(Ids(key.succeeded), (std::vector<std::string>{"e-success", "e-owner", "e-other-error"}));
  EXPECT_EQ(key.succeeded[0].attribution, "attacker");
  EXPECT_EQ(key.succeeded[0].event_name, "CreateUser");
  EXPECT_EQ(key.succeeded[0].source_ip, "203.0.113.9");
  EXPECT_EQ(key.succeeded[1].attribution, "owner");
  EXPECT_EQ(key.succeeded[2].attribution, "unknown");
  EXPECT_EQ(key.succeeded[2].error_code, "NoSuchEntity");
  EXPECT_EQ(key.denied[2].error_code, "Client.UnauthorizedOperation");

  const auto& pw = Cred(*r, std::string("password:") + kUser);
  EXPECT_EQ(Ids(pw.denied), (std::vector<std::string>{"e-signin-fail"}));
  EXPECT_EQ(Ids(pw.succeeded), (std::vector<std::string>{"e-signin-ok"}));
  EXPECT_EQ(pw.succeeded[0].via, "sign-in");

  // The stolen session, and the role's other session issued before the containment (basic
  // creationDate form); the session issued after it is allowed.
  const auto& rs = Cred(*r, kSession);
  EXPECT_EQ(rs.role_revoked, kRoleArn);
  EXPECT_EQ(Ids(rs.succeeded), (std::vector<std::string>{"e-stolen-session", "e-old-session"}));
  EXPECT_EQ(rs.succeeded[1].via, "older-role-session");
  EXPECT_EQ(rs.succeeded[1].session_created, "20241105T090000Z");

  EXPECT_TRUE(r->NotContained());
  EXPECT_EQ(r->succeeded, 6u);
  EXPECT_EQ(r->denied, 6u);
  EXPECT_EQ(r->within_grace, 1u);
  EXPECT_EQ(*r->complete_until, T("2024-11-05T10:32:00Z") - kDeliveryDelayMs);

  json j = VerifyToJson(*r);
  EXPECT_EQ(j["summary"]["denied"], 6);
  EXPECT_EQ(j["evidence"]["completeUntil"], "2024-11-05T10:17:00Z");
  EXPECT_EQ(j["credentials"][0]["withinGrace"][0]["eventID"], "e-grace-ok");
  EXPECT_EQ(j["credentials"][0]["withinGrace"][0]["withinGrace"], true);

  // A wider window takes the call at 10:20 into it; a containment after every use is clean.
  opt.grace_ms = 21 * 60 * 1000;
  r = f.Run(opt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(Cred(*r, kKey).within_grace), (std::vector<std::string>{"e-grace-ok", "e-success"}));
  opt.grace_ms = kDefaultGraceMs;
  opt.after = T("2024-11-05T11:00:00Z");
  r = f.Run(opt);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->NotContained());
  EXPECT_EQ(r->succeeded + r->denied + r->within_grace, 0u);
}

TEST(VerifyFixture, ContainmentTimesFromTheJournal) {
  Fixture f("journal");
  // No journal: nothing to go on.
  auto none = ReadJournalContainment(f.dir / "case" / "journal.jsonl", f.inv);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  VerifyOptions empty;
  EXPECT_FALSE(f.Run(empty).ok());

  // The executor's journal: a run of the contain plan made at `at`, its steps done one by one.
  auto inv = ReadInvestigation(f.inv.doc);
  ASSERT_TRUE(inv.ok());
  PlanOptions po;
  po.at = "2024-11-05T09:58:00Z";
  auto plan = PlanContainment(*inv, po);
  ASSERT_TRUE(plan.ok());
  std::string lines = json{{"type", "run"}, {"run", "r1"}, {"phase", "contain"}, {"at", po.at}, {"time", po.at}}.dump() + "\n";
  TimeMs t = T("2024-11-05T09:59:00Z");
  for (const Step& s : plan->steps) {
    bool key_step = std::find(s.credentials.begin(), s.credentials.end(), kKey) != s.credentials.end();
    // The key's steps end at 10:00:00 at the latest; the session's are never done.
    bool session_only = !key_step && std::find(s.credentials.begin(), s.credentials.end(), kSession) != s.credentials.end();
    if (session_only) continue;
    t += 30 * 1000;
    lines += json{{"type", "step"}, {"run", "r1"}, {"phase", "contain"}, {"step", s.id}, {"status", "ok"},
                  {"time", FormatIsoTime(key_step ? std::min(t, T("2024-11-05T10:00:00Z")) : t)}}
                 .dump() + "\n";
  }
  lines += "{\"type\":\"step\",\"run\":\"r1\",\"phase\":\"contain\",\"sta";  // torn by a kill
  ASSERT_TRUE(WriteFileAtomic(f.dir / "case" / "journal.jsonl", lines).ok());
  auto j = ReadJournalContainment(f.dir / "case" / "journal.jsonl", f.inv);
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  ASSERT_TRUE(j->count(kKey));
  EXPECT_EQ(j->at(kKey), T("2024-11-05T10:00:00Z"));
  EXPECT_FALSE(j->count(kSession));

  VerifyOptions opt;
  opt.journal = *j;
  auto r = f.Run(opt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& key = Cred(*r, kKey);
  EXPECT_EQ(key.contained_from, "journal");
  EXPECT_EQ(Ids(key.within_grace), (std::vector<std::string>{"e-grace-ok"}));
  EXPECT_FALSE(Cred(*r, kSession).contained_at.has_value());
  EXPECT_EQ(r->unchecked, 1u);
}

TEST(VerifyWatch, ReportsAUseDeliveredDuringTheWatch) {
  Fixture f("watch");
  fs::create_directories(f.dir / "watch");
  VerifyOptions opt;
  opt.after = T("2024-11-05T10:00:00Z");
  TimeMs clock = 1'000'000;
  int sleeps = 0;
  std::vector<std::string> reported;
  WatchOptions w;
  w.path = f.dir / "watch";
  w.duration_ms = 3000;
  w.interval_ms = 1000;
  w.now = [&] { return clock; };
  w.sleep = [&](TimeMs ms) {
    if (sleeps++ == 0) {
      // A late delivery after the first poll: the key used again, and a duplicate of a record the
      // case already has (same eventID), which is not reported twice.
      json recs = {{"Records",
                    {Rec("e-late", "2024-11-05T10:40:00Z", "CreateAccessKey", kKey, "", "203.0.113.9"),
                     Rec("e-success", "2024-11-05T10:20:00Z", "CreateUser", kKey, "", "203.0.113.9")}}};
      fs::create_directories(f.dir / "watch" / "AWSLogs" / "111122223333");
      std::ofstream(f.dir / "watch" / "AWSLogs" / "111122223333" / "late.json") << recs.dump();
    }
    clock += ms;
  };
  w.on_new = [&](const std::vector<std::pair<std::string, VerifyUse>>& uses, const store::IngestSummary&) {
    for (const auto& [cred, u] : uses) reported.push_back(cred + " " + u.event_id);
  };
  WatchSummary sum;
  auto r = Watch(*f.c, f.inv, opt, w, &sum);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(reported, (std::vector<std::string>{std::string(kKey) + " e-late"}));
  EXPECT_EQ(sum.files_ingested, 1u);
  EXPECT_EQ(sum.new_events, 1u);
  EXPECT_GE(sum.polls, 3);
  EXPECT_LE(sum.polls, 5);
  auto ids = Ids(Cred(*r, kKey).succeeded);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "e-late"), ids.end());
  EXPECT_TRUE(r->NotContained());
  EXPECT_EQ(*r->last_event, T("2024-11-05T10:40:00Z"));
}

}  // namespace
}  // namespace credtrace::respond
