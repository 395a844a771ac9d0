// The runbook's steps decided from the case, as data: a case state in, the expected status and
// what shows it out. Facts are built by hand (a case file state from entries, an investigation
// document, journal executions, a verification) so that each rule is tested on its own.
#include "casefile/runbook.h"

#include <gtest/gtest.h>

namespace credtrace::casefile {
namespace {

using json = nlohmann::json;

Entry E(int64_t seq, const std::string& type, json body, const std::string& actor = "alice") {
  Entry e;
  e.seq = seq;
  e.time = "2024-11-05T12:00:00.000Z";
  e.actor = actor;
  e.type = type;
  e.body = std::move(body);
  e.hash = std::string(64, 'a');
  return e;
}

json Investigation() {
  return json::parse(R"({
    "schema": "credtrace.investigation/1",
    "compromiseTime": "2024-11-05T09:00:00Z",
    "seeds": [{"kind": "key", "value": "AKIAEXAMPLEKEY000001", "credential": "AKIAEXAMPLEKEY000001"}],
    "estimates": [{"credential": "AKIAEXAMPLEKEY000001", "time": "2024-11-05T09:00:00Z", "method": "estimated", "reason": "first call from a new network"}],
    "credentials": [
      {"id": "AKIAEXAMPLEKEY000001", "kind": "access-key", "principalArn": "arn:aws:iam::111122223333:user/ci", "parent": null},
      {"id": "ASIAEXAMPLESESSION01", "kind": "role-session", "principalArn": "arn:aws:sts::111122223333:assumed-role/admin/x", "parent": "AKIAEXAMPLEKEY000001"}],
    "events": [
      {"eventID": "e1", "eventName": "GetCallerIdentity", "attribution": "attacker", "categories": ["recon"]},
      {"eventID": "e2", "eventName": "CreateUser", "attribution": "attacker", "categories": ["identity", "persistence"]},
      {"eventID": "e3", "eventName": "AttachUserPolicy", "attribution": "attacker", "categories": ["privilege-escalation"]},
      {"eventID": "e4", "eventName": "GetObject", "attribution": "unknown", "categories": ["data-access"]},
      {"eventID": "e5", "eventName": "ListBuckets", "attribution": "owner", "categories": ["recon"]},
      {"eventID": "e6", "eventName": "AssumeRole", "attribution": "attacker", "categories": ["lateral-movement"]}],
    "resources": [
      {"id": "arn:aws:iam::111122223333:user/backdoor", "type": "AWS::IAM::User", "account": "111122223333", "region": "global", "action": "created", "eventIds": ["e2"]},
      {"id": "arn:aws:s3:::payments-data/x.csv", "type": "AWS::S3::Object", "account": "111122223333", "region": "us-east-1", "action": "read", "eventIds": ["e4"]}],
    "context": {"otherChanges": [{"principalArn": "arn:aws:sts::111122223333:assumed-role/deploy/gh", "events": 12}]},
    "suspects": []
  })");
}

Facts Base() {
  Facts f;
  f.state = Fold({E(1, "case", {{"event", "case created"}})});
  return f;
}

Facts Investigated() {
  Facts f = Base();
  f.evidence.sources = 10;
  f.evidence.events = 1000;
  f.evidence.s3_layout_sources = 10;
  f.investigation_doc = Investigation();
  auto inv = respond::ReadInvestigation(*f.investigation_doc);
  EXPECT_TRUE(inv.ok()) << inv.status().ToString();
  f.investigation = *inv;
  return f;
}

const StepStatus& Step(const RunbookView& v, const std::string& id) {
  for (const StepStatus& s : v.steps) {
    if (id == s.step->id) return s;
  }
  static StepStatus none;
  ADD_FAILURE() << "no step " << id;
  return none;
}

TEST(Runbook, AnEmptyCaseHasEverythingToDo) {
  RunbookView v = EvaluateRunbook(Base(), StakeholderView{});
  EXPECT_EQ(Step(v, "1.0").status, "todo");
  EXPECT_EQ(Step(v, "1.4").status, "todo");
  EXPECT_EQ(Step(v, "1.4").detail, "no investigation yet");
  EXPECT_EQ(Step(v, "2.2").status, "todo");
  EXPECT_EQ(v.done, 0u);
  ASSERT_FALSE(v.next.empty());
  EXPECT_STREQ(v.steps[v.next[0]].step->id, "1.0");
}

TEST(Runbook, WhatCredtraceDidIsDoneWithWhatShowsIt) {
  Facts f = Investigated();
  f.state = Fold({E(1, "case", {}), E(2, "meta", {{"field", "ticket"}, {"value", "INC-42"}}), E(3, "evidence", {{"sources", 10}})});
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "1.0").status, "done");
  EXPECT_TRUE(Step(v, "1.0").automatic);
  EXPECT_EQ(Step(v, "1.1").status, "done");
  EXPECT_EQ(Step(v, "1.1").detail, "ticket INC-42");
  EXPECT_EQ(Step(v, "1.1").refs.front(), "custody #2");
  EXPECT_EQ(Step(v, "1.4").status, "done");
  EXPECT_NE(Step(v, "1.4").detail.find("2 credentials"), std::string::npos);
  EXPECT_EQ(Step(v, "1.4.a").status, "done");
  EXPECT_EQ(Step(v, "1.4.b").status, "n/a");
  EXPECT_EQ(Step(v, "1.5").status, "done");
  EXPECT_NE(Step(v, "1.5").detail.find("2024-11-05T09:00:00Z"), std::string::npos);
  // Prepared for a person, not decided: other principals' changes in the window.
  EXPECT_EQ(Step(v, "1.6").status, "todo");
  EXPECT_NE(Step(v, "1.6").detail.find("1 other principals made 12 changes"), std::string::npos);
  EXPECT_EQ(Step(v, "3.1.a").status, "n/a");
  EXPECT_EQ(Step(v, "3.1.b").status, "done");
  // Classification: attacker and unknown events, never the owner's.
  EXPECT_EQ(Step(v, "3.4.a").detail, "1 event: GetObject x1");
  EXPECT_EQ(Step(v, "3.4.c.i").detail, "1 event: CreateUser x1");
  EXPECT_EQ(Step(v, "3.4.c.iii").detail, "1 event: AssumeRole x1");
  EXPECT_EQ(Step(v, "3.4.c.v").detail, "1 event: AttachUserPolicy x1");
  EXPECT_EQ(Step(v, "3.4.c.vi").detail, "none");
  EXPECT_EQ(Step(v, "3.4.c.vi").status, "done");
  EXPECT_NE(Step(v, "3.4.b").detail.find("1 resources created"), std::string::npos);
  // Containment is not done until the journal says so.
  EXPECT_EQ(Step(v, "2.1").status, "todo");
  EXPECT_EQ(Step(v, "2.1.a").status, "todo");
  EXPECT_EQ(Step(v, "2.1.b.i").status, "todo");
}

TEST(Runbook, ContainmentFromTheJournal) {
  Facts f = Investigated();
  PhaseExecution ex;
  ex.runs = 1;
  ex.completed = true;
  ex.last_run = "run-1";
  ex.steps_ok = {"contain-001", "contain-002"};
  ex.action_of_step = {{"contain-001", "deactivate-access-key"}, {"contain-002", "revoke-role-sessions"}};
  ex.credentials_ok = {"AKIAEXAMPLEKEY000001"};
  f.executed["contain"] = ex;
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.1.a").status, "done");
  EXPECT_EQ(Step(v, "2.1.b").status, "todo") << "the role session is not among the contained credentials";
  EXPECT_EQ(Step(v, "2.1.b.i").status, "done");
  f.executed["contain"].credentials_ok.insert("ASIAEXAMPLESESSION01");
  v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.1.a").status, "done");
  EXPECT_EQ(Step(v, "3.6.a").status, "done");
  // 2.1.b.ii (block the role if activity goes on) waits for a verification, and so do its parents.
  EXPECT_EQ(Step(v, "2.1.b.ii").status, "todo");
  EXPECT_EQ(Step(v, "2.1.b").status, "todo");
  EXPECT_EQ(Step(v, "2.1").status, "todo");
  f.verify = json::parse(R"({"verdict":"no-successful-use","summary":{"succeeded":0},"evidence":{},"credentials":[]})");
  v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.1.b.ii").status, "n/a");
  EXPECT_EQ(Step(v, "2.1.b").status, "done");
  EXPECT_EQ(Step(v, "2.1").status, "done");
}

TEST(Runbook, VerificationNeedsThirtyMinutesOfEvidence) {
  Facts f = Investigated();
  f.verify = json::parse(R"({"verdict":"no-successful-use","summary":{"succeeded":0},
     "evidence":{"completeUntil":"2024-11-05T12:10:00Z"},
     "credentials":[{"credential":"AKIAEXAMPLEKEY000001","containedAt":"2024-11-05T12:00:00Z"}]})");
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.2").status, "todo");
  EXPECT_NE(Step(v, "2.2").detail.find("covers only 10 min"), std::string::npos) << Step(v, "2.2").detail;
  EXPECT_EQ(Step(v, "2.1.b.ii").status, "n/a");
  (*f.verify)["evidence"]["completeUntil"] = "2024-11-05T12:31:00Z";
  v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.2").status, "done");
  (*f.verify)["verdict"] = "not-contained";
  (*f.verify)["summary"]["succeeded"] = 3;
  v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "2.2").status, "todo");
  EXPECT_NE(Step(v, "2.2").detail.find("NOT contained: 3"), std::string::npos);
  EXPECT_EQ(Step(v, "2.1.b.ii").status, "todo");
}

TEST(Runbook, APersonsMarkWinsAndIsAttributed) {
  Facts f = Investigated();
  f.state = Fold({E(1, "case", {}), E(2, "step", {{"step", "1.7.b"}, {"status", "done"}, {"note", "zoom bridge"}}, "bob"),
                  E(3, "step", {{"step", "2.1.a"}, {"status", "done"}, {"note", "deactivated in the console"}}, "carol"),
                  E(4, "step", {{"step", "4.1.a"}, {"status", "blocked"}, {"note", "no launch template"}}, "dan")});
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  const StepStatus& b = Step(v, "1.7.b");
  EXPECT_EQ(b.status, "done");
  EXPECT_FALSE(b.automatic);
  EXPECT_EQ(b.by, "bob");
  EXPECT_EQ(b.note, "zoom bridge");
  EXPECT_EQ(b.refs.front(), "custody #2");
  // Over credtrace's own view (not contained by credtrace), with credtrace's detail kept.
  const StepStatus& a = Step(v, "2.1.a");
  EXPECT_EQ(a.status, "done");
  EXPECT_EQ(a.by, "carol");
  EXPECT_NE(a.detail.find("not contained yet"), std::string::npos);
  // A blocked sub-step blocks its parents.
  EXPECT_EQ(Step(v, "4.1.a").status, "blocked");
  EXPECT_EQ(Step(v, "4.1").status, "blocked");
  EXPECT_EQ(Step(v, "4").status, "blocked");
  EXPECT_EQ(v.blocked, 1u);
}

TEST(Runbook, ParentsCloseWhenEveryStepBelowIsClosed) {
  Facts f = Investigated();
  // Nothing was modified or deleted in this investigation: part 4 is not applicable throughout.
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "4.1.a").status, "n/a");
  EXPECT_EQ(Step(v, "4.1.b.ii").status, "n/a");
  EXPECT_EQ(Step(v, "4.2.b").status, "n/a");
  EXPECT_EQ(Step(v, "4.1").status, "n/a");
  EXPECT_EQ(Step(v, "4").status, "n/a");
  // 3.4 is done: every classification is credtrace's.
  EXPECT_EQ(Step(v, "3.4").status, "done");
  EXPECT_EQ(Step(v, "3.4.c").status, "done");
  // Counts are over leaf steps only.
  size_t leaves = 0;
  for (const StepStatus& s : v.steps) leaves += s.leaves == 1;
  EXPECT_EQ(v.done + v.na + v.blocked + v.todo, leaves);
}

TEST(Runbook, StakeholdersAndNotifications) {
  Facts f = Investigated();
  StakeholderView sv;
  sv.cmdb = true;
  sv.applications = {"payments"};
  Stakeholder owner;
  owner.key = "pay@example.com";
  owner.applications = {"payments"};
  Stakeholder legal;
  legal.key = "legal@example.com";
  sv.stakeholders = {owner, legal};
  ImpactedResource r;
  r.ref.id = "arn:aws:s3:::payments-data/x.csv";
  r.ref.action = "read";
  r.apps = {"payments"};
  sv.resources = {r};
  RunbookView v = EvaluateRunbook(f, sv);
  EXPECT_EQ(Step(v, "1.7.a").status, "done");
  EXPECT_EQ(Step(v, "1.7.c").status, "todo");
  EXPECT_NE(Step(v, "1.7.c").detail.find("0 of 2 told"), std::string::npos);
  EXPECT_EQ(Step(v, "3.5.b").status, "done");
  sv.stakeholders[0].notified = true;
  sv.notified = 1;
  v = EvaluateRunbook(f, sv);
  EXPECT_EQ(Step(v, "3.5.c").status, "done") << "the application's owner was told";
  EXPECT_EQ(Step(v, "1.7.c").status, "todo") << "legal was not";
}

TEST(Runbook, LessonsAndExport) {
  Facts f = Investigated();
  f.state = Fold({E(1, "case", {}), E(2, "note", {{"kind", "lesson"}, {"text", "use OIDC for CI"}}),
                  E(3, "export", {{"path", "/tmp/case.tar"}, {"sha256", std::string(64, 'b')}})});
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  EXPECT_EQ(Step(v, "5.2.b").status, "done");
  EXPECT_EQ(Step(v, "5.2.c").status, "todo") << "storing the archive with the CMDB entries is a person's step";
  EXPECT_NE(Step(v, "5.2.c").detail.find("/tmp/case.tar"), std::string::npos);
}

TEST(Runbook, JsonHasEveryStep) {
  Facts f = Investigated();
  RunbookView v = EvaluateRunbook(f, StakeholderView{});
  json j = RunbookToJson(v, f);
  EXPECT_EQ(j["schema"], "credtrace.runbook/1");
  EXPECT_EQ(j["steps"].size(), RunbookSteps().size());
  EXPECT_EQ(j["steps"][0]["id"], "1");
  EXPECT_TRUE(j["steps"][0].contains("progress"));
}

}  // namespace
}  // namespace credtrace::casefile
