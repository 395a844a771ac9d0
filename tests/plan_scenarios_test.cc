// Plans as data: every simulator scenario (seed 7, 40000 events, 2 days, 3 accounts) is ingested,
// investigated from the seeds its answer key names, saved as investigation JSON and planned from
// that JSON, as `credtrace plan` does. Checked against the answer key (ground_truth.json):
//   - every credential has a containment step with the right action for its kind;
//   - every resource the attacker created has an eradication step;
//   - the commands of representative credentials are exact argv vectors;
//   - the scripts pass bash -n and shellcheck.
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
#include "respond/render.h"
#include "respond/respond.h"
#include "sim/simulator.h"
#include "store/case.h"
#include "store/ingest.h"
#include "sim_case.h"

namespace credtrace::respond {
namespace {

namespace fs = std::filesystem;
namespace inv = credtrace::investigate;
using json = nlohmann::json;

constexpr const char* kAt = "2024-11-06T12:00:00Z";

struct World {
  fs::path dir;
  json truth;
  std::map<std::string, json> investigations;  // scenario -> investigation JSON
};

World& TheWorld() {
  static World* w = [] {
    auto* w = new World;
    std::error_code ec;
    testing_support::SimCase sim = testing_support::MakeSimCase("plan", {"all"}, 7, 40000);
    w->dir = sim.dir;
    w->truth = sim.truth;
    auto& c = sim.c;
    auto segs = c->Segments();
    std::set<std::string> scenarios;
    for (const json& s : w->truth["seeds"]) scenarios.insert(s["scenario"].get<std::string>());
    for (const std::string& sc : scenarios) {
      inv::Evidence ev(c.get(), *segs);
      auto r = inv::Investigate(ev, testing_support::ScenarioSeeds(sim, sc));
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      // Through text, as the saved file is read.
      w->investigations[sc] = json::parse(inv::DumpJson(inv::ToJson(*r, inv::GeneratorInfo{}), 2));
    }
    c.reset();
    fs::remove_all(w->dir, ec);
    return w;
  }();
  return *w;
}

Plan MakePlan(const json& doc, Phase phase) {
  auto i = ReadInvestigation(doc);
  EXPECT_TRUE(i.ok()) << i.status().ToString();
  PlanOptions o{kAt, "/case"};
  auto p = phase == Phase::kContain ? PlanContainment(*i, o) : PlanEradication(*i, o);
  EXPECT_TRUE(p.ok());
  return *p;
}

// The actions that contain each kind of credential; a credential is covered when a step listing
// it has one of them.
const std::map<std::string, std::set<std::string>> kContainActions = {
    {"access-key", {"deactivate-access-key"}},
    {"console-password", {"delete-login-profile"}},
    {"console-session", {"deny-user"}},
    {"role-session", {"revoke-role-sessions"}},
    {"instance-profile-session", {"detach-instance-profile"}},
    {"lambda-session", {"throttle-function"}},
    {"federation-token", {"deny-user"}},
    {"session-token", {"deny-user"}},
};

TEST(PlanScenarios, EveryCredentialContainedWithTheRightAction) {
  World& w = TheWorld();
  ASSERT_FALSE(w.investigations.empty());
  for (const auto& [sc, doc] : w.investigations) {
    SCOPED_TRACE("scenario " + sc);
    Plan p = MakePlan(doc, Phase::kContain);
    std::map<std::string, std::set<std::string>> actions;  // credential -> actions
    for (const Step& s : p.steps)
      for (const std::string& c : s.credentials) actions[c].insert(s.action);
    for (const json& c : w.truth["credentials"]) {
      if (c["scenario"] != sc) continue;
      std::string id = c["id"], kind = c["kind"];
      SCOPED_TRACE("credential " + id + " " + kind);
      ASSERT_TRUE(actions.count(id)) << "no containment step";
      bool ok = false;
      for (const std::string& a : kContainActions.at(kind)) ok |= actions[id].count(a) > 0;
      EXPECT_TRUE(ok);
      // Temporary credentials of roles are also denied on the role; user credentials on the user.
      if (kind == "instance-profile-session" || kind == "lambda-session" || kind == "role-session") {
        EXPECT_TRUE(actions[id].count("revoke-role-sessions") || actions[id].count("deny-role-sessions"));
      }
      if (kind == "access-key") {
        EXPECT_TRUE(actions[id].count("deny-user"));
      }
    }
    // Nothing in containment deletes a resource.
    for (const Step& s : p.steps) EXPECT_FALSE(s.destructive) << s.id;
  }
}

TEST(PlanScenarios, EveryCreatedResourceEradicated) {
  World& w = TheWorld();
  for (const auto& [sc, doc] : w.investigations) {
    SCOPED_TRACE("scenario " + sc);
    Plan p = MakePlan(doc, Phase::kEradicate);
    std::set<std::string> targets;
    for (const Step& s : p.steps) targets.insert(s.target);
    std::set<std::string> ids_in_plan;
    for (const auto& [sc2, d2] : w.investigations) (void)sc2, (void)d2;
    for (const json& r : w.truth["resources"]) {
      if (r["action"] != "created") continue;
      bool in_investigation = false;
      for (const json& x : doc["resources"]) in_investigation |= x["id"] == r["id"];
      if (!in_investigation) continue;  // another scenario's
      EXPECT_TRUE(targets.count(r["id"].get<std::string>())) << r.dump();
    }
    for (const Step& s : p.steps) {
      bool deletes = false;
      for (const Command& c : s.commands)
        for (const std::string& a : c.argv) deletes |= a.rfind("delete-", 0) == 0 || a == "terminate-instances";
      if (deletes && s.action != "revoke-security-group-rules") {
        EXPECT_TRUE(s.destructive) << s.id;
      }
    }
  }
}

const Step* FindStep(const Plan& p, const std::string& action, const std::string& credential_or_target) {
  for (const Step& s : p.steps) {
    if (s.action != action) continue;
    if (s.target == credential_or_target) return &s;
    for (const std::string& c : s.credentials)
      if (c == credential_or_target) return &s;
  }
  return nullptr;
}

const json* TruthCredential(const World& w, const std::string& kind, const std::string& scenario) {
  for (const json& c : w.truth["credentials"])
    if (c["kind"] == kind && (scenario.empty() || c["scenario"] == scenario)) return &c;
  return nullptr;
}

using Argv = std::vector<std::string>;

TEST(PlanScenarios, ExactCommandsForRepresentativeCredentials) {
  World& w = TheWorld();
  // An AKIA key of a user (the leaked key).
  {
    const json* c = TruthCredential(w, "access-key", "leaked-key");
    ASSERT_NE(c, nullptr);
    Plan p = MakePlan(w.investigations.at("leaked-key"), Phase::kContain);
    std::string user = c->at("principalArn").get<std::string>();
    user = user.substr(user.rfind('/') + 1);
    const Step* s = FindStep(p, "deactivate-access-key", c->at("id"));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->commands.at(0).argv, (Argv{"aws", "iam", "update-access-key", "--user-name", user, "--access-key-id",
                                            c->at("id"), "--status", "Inactive"}));
    EXPECT_EQ(s->undo.at(0).argv, (Argv{"aws", "iam", "update-access-key", "--user-name", user, "--access-key-id",
                                        c->at("id"), "--status", "Active"}));
    const Step* d = FindStep(p, "deny-user", c->at("id"));
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->commands.at(0).argv, (Argv{"aws", "iam", "put-user-policy", "--user-name", user, "--policy-name",
                                            "IR-DenyAll", "--policy-document", "file://deny-all.json"}));
    EXPECT_EQ(d->policies.at(0).text,
              R"({"Statement":[{"Action":["*"],"Effect":"Deny","Resource":"*","Sid":"DenyAll"}],"Version":"2012-10-17"})");
    // Denies run before key deactivation.
    EXPECT_LT(d->id, s->id);
  }
  // A role session: the TokenIssueTime deny on its role.
  {
    const json* c = TruthCredential(w, "role-session", "leaked-key");
    ASSERT_NE(c, nullptr);
    Plan p = MakePlan(w.investigations.at("leaked-key"), Phase::kContain);
    const Step* s = FindStep(p, "revoke-role-sessions", c->at("id"));
    ASSERT_NE(s, nullptr);
    std::string arn = c->at("principalArn");  // arn:aws:sts::A:assumed-role/ROLE/SESSION
    std::string role = arn.substr(arn.find("assumed-role/") + 13);
    role = role.substr(0, role.find('/'));
    EXPECT_EQ(s->commands.at(0).argv, (Argv{"aws", "iam", "put-role-policy", "--role-name", role, "--policy-name",
                                            "AWSRevokeOlderSessions", "--policy-document",
                                            "file://revoke-older-sessions.json"}));
    EXPECT_EQ(s->policies.at(0).text,
              R"({"Statement":{"Action":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2024-11-06T12:00:00Z"}},"Effect":"Deny","Resource":"*"},"Version":"2012-10-17"})");
    EXPECT_EQ(s->account, arn.substr(13, 12));
  }
  // A federation token: deny on the user that issued it.
  {
    const json* c = TruthCredential(w, "federation-token", "federation");
    ASSERT_NE(c, nullptr);
    const json* parent = nullptr;
    for (const json& x : w.truth["credentials"])
      if (x["id"] == c->at("parent")) parent = &x;
    ASSERT_NE(parent, nullptr);
    std::string user = parent->at("principalArn");
    user = user.substr(user.rfind('/') + 1);
    Plan p = MakePlan(w.investigations.at("federation"), Phase::kContain);
    const Step* s = FindStep(p, "deny-user", c->at("id"));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->commands.at(0).argv, (Argv{"aws", "iam", "put-user-policy", "--user-name", user, "--policy-name",
                                            "IR-DenyAll", "--policy-document", "file://deny-all.json"}));
  }
  // An instance-profile session: look-up of the association, then disassociation.
  {
    const json* c = TruthCredential(w, "instance-profile-session", "capital-one");
    ASSERT_NE(c, nullptr);
    std::string arn = c->at("principalArn");
    std::string instance = arn.substr(arn.rfind('/') + 1);
    Plan p = MakePlan(w.investigations.at("capital-one"), Phase::kContain);
    const Step* s = FindStep(p, "detach-instance-profile", c->at("id"));
    ASSERT_NE(s, nullptr);
    ASSERT_EQ(s->commands.size(), 2u);
    EXPECT_EQ(s->commands[0].argv,
              (Argv{"aws", "ec2", "describe-iam-instance-profile-associations", "--filters",
                    "Name=instance-id,Values=" + instance, "--query", "IamInstanceProfileAssociations[0].AssociationId",
                    "--output", "text"}));
    EXPECT_EQ(s->commands[1].argv, (Argv{"aws", "ec2", "disassociate-iam-instance-profile", "--association-id",
                                         "<association-id of " + instance + ">"}));
    ASSERT_EQ(s->commands[1].refs.size(), 1u);
    EXPECT_EQ(s->commands[1].refs[0].name, s->commands[0].capture);
    // Snapshot before isolation, isolation before detachment.
    const Step* snap = FindStep(p, "snapshot-instance", instance);
    const Step* iso = FindStep(p, "isolate-instance", instance);
    ASSERT_TRUE(snap && iso);
    EXPECT_LT(snap->id, iso->id);
    EXPECT_LT(iso->id, s->id);
    EXPECT_EQ(snap->commands.at(1).argv,
              (Argv{"aws", "ec2", "create-snapshots", "--instance-specification", "InstanceId=" + instance,
                    "--description", "credtrace forensic snapshot of " + instance, "--copy-tags-from-source", "volume"}));
  }
  // A console password: the login profile is deleted.
  {
    const json* c = TruthCredential(w, "console-password", "code-spaces");
    ASSERT_NE(c, nullptr);
    std::string user = c->at("principalArn");
    user = user.substr(user.rfind('/') + 1);
    Plan p = MakePlan(w.investigations.at("code-spaces"), Phase::kContain);
    const Step* s = FindStep(p, "delete-login-profile", c->at("id"));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->commands.at(0).argv, (Argv{"aws", "iam", "delete-login-profile", "--user-name", user}));
  }
}

TEST(PlanScenarios, ScriptsPassBashAndShellcheck) {
  World& w = TheWorld();
  fs::path dir = fs::temp_directory_path() / ("credtrace-plan-sh-" + std::to_string(getpid()));
  fs::create_directories(dir);
  for (const auto& [sc, doc] : w.investigations) {
    for (Phase ph : {Phase::kContain, Phase::kEradicate}) {
      fs::path f = dir / (sc + "-" + PhaseName(ph) + ".sh");
      ASSERT_TRUE(WriteFileAtomic(f, RenderScript(MakePlan(doc, ph))).ok());
      EXPECT_EQ(std::system(("bash -n '" + f.string() + "'").c_str()), 0) << f;
      EXPECT_EQ(std::system(("shellcheck '" + f.string() + "'").c_str()), 0) << f;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace credtrace::respond
