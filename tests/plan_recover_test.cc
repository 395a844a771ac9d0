// The recovery plan: each kind of change restored from the state the evidence shows, manual
// steps where the logs show none, secrets read rotated, data read assessed, owners re-issued;
// hostile names stay inert in the script.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "respond/render.h"
#include "respond/respond.h"

namespace credtrace::respond {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

json Resource(const std::string& id, const std::string& type, const std::string& action,
              std::vector<std::string> aspects, const std::string& before, const std::string& after,
              const std::string& region = "global") {
  json r = {{"id", id},         {"type", type},       {"account", "111122223333"}, {"region", region},
            {"action", action}, {"eventIds", {"e-" + action + "-" + std::to_string(id.size())}},
            {"aspects", aspects}, {"stateAfter", after.empty() ? json(nullptr) : json(after)},
            {"stateBefore", before.empty() ? json(nullptr) : json(before)},
            {"stateBeforeEventId", before.empty() ? json(nullptr) : json("e-before")}, {"sharedWith", json::array()},
            {"bytes", nullptr}};
  return r;
}

json Fixture(const std::string& hostile) {
  const std::string trust_before = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  const std::string trust_after = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]})";
  json inv = {{"schema", "credtrace.investigation/1"}, {"generator", {{"created", "2024-11-05T12:00:00Z"}}}};
  inv["credentials"] = {{{"id", "AKIAQ3EGHTNWKFDXHXYZ"}, {"accessKeyId", "AKIAQ3EGHTNWKFDXHXYZ"},
                         {"principalArn", "arn:aws:iam::111122223333:user/" + hostile}, {"kind", "access-key"},
                         {"parent", nullptr}, {"compromisedSince", "2024-11-05T10:00:00Z"}}};
  inv["events"] = {{{"eventID", "e-owner-1"}, {"eventTime", "2024-11-05T11:00:00Z"}, {"attribution", "owner"},
                    {"credential", "AKIAQ3EGHTNWKFDXHXYZ"}, {"accessKeyId", "AKIAQ3EGHTNWKFDXHXYZ"},
                    {"principalArn", "arn:aws:iam::111122223333:user/" + hostile}},
                   {{"eventID", "e-att-1"}, {"eventTime", "2024-11-05T10:00:00Z"}, {"attribution", "attacker"},
                    {"credential", "AKIAQ3EGHTNWKFDXHXYZ"}, {"accessKeyId", "AKIAQ3EGHTNWKFDXHXYZ"}}};
  inv["resources"] = {
      Resource("arn:aws:iam::111122223333:role/" + hostile, "AWS::IAM::Role", "modified", {"trust-policy"},
               trust_before, trust_after),
      Resource("arn:aws:s3:::acme-data", "AWS::S3::Bucket", "modified", {"bucket-policy"}, "", R"({"Statement":[]})",
               "eu-west-1"),
      Resource("arn:aws:s3:::acme-data", "AWS::S3::Bucket", "modified", {"versioning"}, "", R"({"Status":"Suspended"})",
               "eu-west-1"),
      Resource("arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail", "AWS::CloudTrail::Trail", "modified",
               {"logging"}, "", "", "eu-west-1"),
      Resource("arn:aws:guardduty:eu-west-1:111122223333:detector/abc123", "AWS::GuardDuty::Detector", "deleted", {},
               "", "", "eu-west-1"),
      Resource("arn:aws:s3:::acme-data/" + hostile, "AWS::S3::Object", "deleted", {}, "", "", "eu-west-1"),
      Resource("arn:aws:s3:::acme-data/reports/q3.csv", "AWS::S3::Object", "read", {}, "", "", "eu-west-1"),
      Resource("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf", "AWS::SecretsManager::Secret",
               "read", {}, "", "", "eu-west-1"),
      Resource("arn:aws:rds:eu-west-1:111122223333:db:prod", "AWS::RDS::DBInstance", "deleted", {},
               R"({"dBInstanceClass":"db.r6g.large"})", "", "eu-west-1"),
      // The attacker's own user: eradication removes it, recovery ignores its changes.
      Resource("arn:aws:iam::111122223333:user/backdoor", "AWS::IAM::User", "created", {}, "", ""),
      Resource("arn:aws:iam::111122223333:user/backdoor", "AWS::IAM::User", "modified", {"inline-policy:x"}, "", "{}"),
      // A key of an existing user: containment and eradication undo it.
      Resource("arn:aws:iam::111122223333:user/ops", "AWS::IAM::User", "modified", {"access-key"}, "", ""),
  };
  inv["grants"] = json::array();
  inv["context"] = {{"accountsTouched", {"111122223333"}}};
  return inv;
}

const Step* StepOf(const Plan& p, const std::string& action, const std::string& target = "") {
  for (const Step& s : p.steps)
    if (s.action == action && (target.empty() || s.target == target)) return &s;
  return nullptr;
}

TEST(PlanRecover, EachChangeRestoredFromTheEvidence) {
  auto inv = ReadInvestigation(Fixture("app-role"));
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  auto plan = PlanRecovery(*inv, {"2024-11-05T12:30:00Z", "/cases/c1"});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->phase, Phase::kRecover);

  const Step* trust = StepOf(*plan, "restore-trust-policy");
  ASSERT_NE(trust, nullptr);
  EXPECT_EQ(trust->commands[0].argv,
            (std::vector<std::string>{"aws", "iam", "update-assume-role-policy", "--role-name", "app-role",
                                      "--policy-document", "file://trust-before-1.json"}));
  ASSERT_EQ(trust->policies.size(), 1u);
  EXPECT_NE(trust->policies[0].text.find("ec2.amazonaws.com"), std::string::npos);  // the owner's, not the attacker's
  EXPECT_NE(std::find(trust->evidence.begin(), trust->evidence.end(), "e-before"), trust->evidence.end());

  const Step* versioning = StepOf(*plan, "enable-versioning");
  ASSERT_NE(versioning, nullptr);
  EXPECT_EQ(versioning->commands[0].argv,
            (std::vector<std::string>{"aws", "s3api", "put-bucket-versioning", "--bucket", "acme-data",
                                      "--versioning-configuration", "Status=Enabled"}));
  const Step* logging = StepOf(*plan, "start-logging");
  ASSERT_NE(logging, nullptr);
  EXPECT_EQ(logging->commands[0].argv,
            (std::vector<std::string>{"aws", "cloudtrail", "start-logging", "--name",
                                      "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"}));
  const Step* detector = StepOf(*plan, "recreate-detector");
  ASSERT_NE(detector, nullptr);
  EXPECT_EQ(detector->region, "eu-west-1");
  EXPECT_EQ(detector->commands[0].argv, (std::vector<std::string>{"aws", "guardduty", "create-detector", "--enable"}));
  const Step* secret = StepOf(*plan, "rotate-secret");
  ASSERT_NE(secret, nullptr);
  EXPECT_TRUE(secret->commands[0].may_fail);
  ASSERT_NE(StepOf(*plan, "undelete-object"), nullptr);

  // Restores come before data, data before rotation.
  auto pos = [&](const char* action) {
    for (size_t i = 0; i < plan->steps.size(); ++i)
      if (plan->steps[i].action == action) return i;
    return plan->steps.size();
  };
  EXPECT_LT(pos("restore-trust-policy"), pos("enable-versioning"));
  EXPECT_LT(pos("enable-versioning"), pos("rotate-secret"));

  // No earlier state in the logs: a person decides (bucket policy, a deleted database).
  std::string manual;
  for (const ManualStep& m : plan->manual) manual += m.title + "\n" + m.detail + "\n";
  EXPECT_NE(manual.find("arn:aws:s3:::acme-data"), std::string::npos);
  EXPECT_NE(manual.find("db.r6g.large"), std::string::npos);               // the last known configuration
  EXPECT_NE(manual.find("Assess the data read from bucket acme-data"), std::string::npos);
  EXPECT_NE(manual.find("new access key"), std::string::npos);             // the owner kept using the key
  // Not recovery's: the attacker's own user, a key containment deactivates.
  EXPECT_EQ(manual.find("backdoor"), std::string::npos);
  EXPECT_EQ(manual.find("user/ops"), std::string::npos);
  for (const Step& s : plan->steps) EXPECT_FALSE(s.destructive) << s.id;
}

TEST(PlanRecover, HostileNamesStayInertInTheScript) {
  const std::string hostile = "x'; touch /tmp/pwned-$(id -u); echo `id` \"$HOME\"\nrm -rf *";
  auto inv = ReadInvestigation(Fixture(hostile));
  ASSERT_TRUE(inv.ok());
  auto plan = PlanRecovery(*inv, {"2024-11-05T12:30:00Z", "/cases/c1"});
  ASSERT_TRUE(plan.ok());
  std::string script = RenderScript(*plan);
  fs::path dir = fs::temp_directory_path() / ("credtrace-recover-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path f = dir / "recover.sh";
  ASSERT_TRUE(WriteFileAtomic(f, script).ok());
  EXPECT_EQ(std::system(("bash -n '" + f.string() + "'").c_str()), 0);
  EXPECT_EQ(std::system(("shellcheck '" + f.string() + "' >/dev/null").c_str()), 0);
  // Printing the plan runs nothing and creates nothing.
  fs::path marker = fs::path("/tmp") / ("pwned-" + std::to_string(getuid()));
  fs::remove(marker);
  EXPECT_EQ(std::system(("cd '" + dir.string() + "' && PATH=/nonexistent:$PATH bash '" + f.string() +
                         "' >/dev/null 2>&1")
                            .c_str()),
            0);
  EXPECT_FALSE(fs::exists(marker));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace credtrace::respond

namespace credtrace::respond {
namespace {

TEST(PlanRecover, InvestigationWithoutContextReads) {
  // A hand-edited or older investigation with no "context": read, not a crash.
  json inv = Fixture("app-role");
  inv.erase("context");
  auto read = ReadInvestigation(inv);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(read->usage.empty());
  EXPECT_TRUE(PlanRecovery(*read, {"2024-11-05T12:30:00Z", "/c"}).ok());
}

}  // namespace
}  // namespace credtrace::respond
