// Rendering plans: hostile names from the logs stay inert in the script (bash -n, shellcheck, a
// print-only run with a stand-in `aws` that would leave a file if called); Markdown names every
// step; JSON round-trips.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "respond/render.h"
#include "respond/respond.h"

namespace credtrace::respond {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Names an attacker can give to users, roles and sessions in their own records.
// IAM names cannot hold '/', so the marker is a relative path: the script runs in the test's
// directory, where an executed `touch pwned` would leave the file.
json HostileInvestigation() {
  std::string pwn = "$(touch pwned)";
  std::string user = "it's" + pwn + "`touch pwned`;echo x\n*";
  std::string role = "-role'\"; touch pwned #";
  std::string session = "sess$(id)";
  std::string instance = "i-0123456789abcdef0";
  std::string fed = "fed`touch pwned`";
  json inv = {{"schema", "credtrace.investigation/1"}, {"generator", {{"created", "2024-11-05T00:00:00Z"}}}};
  inv["credentials"] = json::array({
      {{"id", "AKIAAAAAAAAAAAAAAAAA"}, {"accessKeyId", "AKIAAAAAAAAAAAAAAAAA"}, {"kind", "access-key"},
       {"principalArn", "arn:aws:iam::111122223333:user/" + user}, {"parent", nullptr}, {"createdByEventId", nullptr}},
      {{"id", "password:arn:aws:iam::111122223333:user/" + user}, {"accessKeyId", nullptr},
       {"kind", "console-password"}, {"principalArn", "arn:aws:iam::111122223333:user/" + user},
       {"parent", "AKIAAAAAAAAAAAAAAAAA"}, {"createdByEventId", "e1"}},
      {{"id", "ASIAAAAAAAAAAAAAAAAB"}, {"accessKeyId", "ASIAAAAAAAAAAAAAAAAB"}, {"kind", "role-session"},
       {"principalArn", "arn:aws:sts::111122223333:assumed-role/" + role + "/" + session},
       {"parent", "AKIAAAAAAAAAAAAAAAAA"}, {"createdByEventId", "e2"}},
      {{"id", "ASIAAAAAAAAAAAAAAAAC"}, {"accessKeyId", "ASIAAAAAAAAAAAAAAAAC"}, {"kind", "instance-profile-session"},
       {"principalArn", "arn:aws:sts::111122223333:assumed-role/" + role + "/" + instance}, {"parent", nullptr},
       {"createdByEventId", nullptr}},
      {{"id", "ASIAAAAAAAAAAAAAAAAD"}, {"accessKeyId", "ASIAAAAAAAAAAAAAAAAD"}, {"kind", "federation-token"},
       {"principalArn", "arn:aws:sts::111122223333:federated-user/" + fed}, {"parent", "AKIAAAAAAAAAAAAAAAAA"},
       {"createdByEventId", "e3"}},
  });
  inv["events"] = json::array({
      {{"eventID", "e1"}, {"eventTime", "2024-11-05T01:00:00Z"}, {"eventName", "CreateLoginProfile"},
       {"principalArn", "arn:aws:iam::111122223333:user/" + user}, {"attribution", "attacker"},
       {"credential", "AKIAAAAAAAAAAAAAAAAA"}, {"awsRegion", "us-east-1"}, {"recipientAccountId", "111122223333"}},
  });
  inv["resources"] = json::array({
      {{"id", "arn:aws:iam::111122223333:user/" + user}, {"type", "AWS::IAM::User"}, {"account", "111122223333"},
       {"region", "global"}, {"action", "created"}, {"eventIds", {"e1"}}},
      {{"id", "arn:aws:ec2:us-east-1:111122223333:key-pair/" + pwn}, {"type", "AWS::EC2::KeyPair"},
       {"account", "111122223333"}, {"region", "us-east-1"}, {"action", "created"}, {"eventIds", {"e1"}}},
  });
  inv["grants"] = json::array({{{"rule", "iam-update-assume-role-policy"}, {"eventId", "e1"}, {"target", role},
                                {"credential", "AKIAAAAAAAAAAAAAAAAA"}, {"time", "2024-11-05T01:00:00Z"}}});
  return inv;
}

struct ShellRun {
  int status;
  std::string out;
};

ShellRun Sh(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  ShellRun r{-1, ""};
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = WEXITSTATUS(pclose(p));
  return r;
}

class PlanHostile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("credtrace-hostile-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
    marker_ = dir_ / "pwned";
    // A stand-in aws: if anything calls it, it leaves a file.
    std::ofstream(dir_ / "bin" / "aws") << "#!/bin/sh\ntouch '" << (dir_ / "aws-called").string() << "'\n";
    fs::permissions(dir_ / "bin" / "aws", fs::perms::owner_all);
    auto inv = ReadInvestigation(HostileInvestigation());
    ASSERT_TRUE(inv.ok()) << inv.status().ToString();
    inv_ = *inv;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_, marker_;
  Investigation inv_;
};

TEST_F(PlanHostile, ScriptIsInertAndPrintsNamesVerbatim) {
  for (Phase ph : {Phase::kContain, Phase::kEradicate}) {
    auto p = ph == Phase::kContain ? PlanContainment(inv_, {"2024-11-06T00:00:00Z", "/case"})
                                   : PlanEradication(inv_, {"2024-11-06T00:00:00Z", "/case"});
    ASSERT_TRUE(p.ok());
    fs::path script = dir_ / (std::string(PhaseName(ph)) + ".sh");
    ASSERT_TRUE(WriteFileAtomic(script, RenderScript(*p)).ok());
    EXPECT_EQ(Sh("bash -n '" + script.string() + "' 2>&1").status, 0);
    ShellRun sc = Sh("shellcheck '" + script.string() + "' 2>&1");
    EXPECT_EQ(sc.status, 0) << sc.out;
    ShellRun r = Sh("cd '" + dir_.string() + "' && PATH='" + (dir_ / "bin").string() + "':\"$PATH\" bash '" +
               script.string() + "' --log '" + (dir_ / "log").string() + "' 2>&1");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_FALSE(fs::exists(marker_)) << r.out;
    EXPECT_FALSE(fs::exists(dir_ / "aws-called"));
    // The names come out as the data they are (inside single quotes; ' as '\'').
    std::string pwn = "$(touch pwned)";
    EXPECT_NE(r.out.find(pwn), std::string::npos) << r.out;
    if (ph == Phase::kContain) {
      EXPECT_NE(r.out.find("'it'\\''s" + pwn + "`touch pwned`;echo x\n*'"), std::string::npos) << r.out;
      // A value starting with '-' is glued to its option so the AWS CLI cannot read it as one.
      EXPECT_NE(r.out.find("'--role-name=-role'\\''\"; touch "), std::string::npos) << r.out;
    }
  }
}

TEST_F(PlanHostile, ValuesStayOneArgvElement) {
  auto p = PlanContainment(inv_, {"2024-11-06T00:00:00Z", "/case"});
  ASSERT_TRUE(p.ok());
  bool saw = false;
  for (const Step& s : p->steps)
    for (const Command& c : s.commands)
      for (size_t i = 0; i + 1 < c.argv.size(); ++i)
        if (c.argv[i] == "--user-name") {
          EXPECT_EQ(c.argv[i + 1].substr(0, 4), "it's");
          saw = true;
        }
  EXPECT_TRUE(saw);
  // The federation token is contained on the user that issued it.
  bool fed = false;
  for (const Step& s : p->steps)
    for (const std::string& c : s.credentials) fed |= c == "ASIAAAAAAAAAAAAAAAAD" && s.action == "deny-user";
  EXPECT_TRUE(fed);
}

TEST_F(PlanHostile, MarkdownNamesEveryStepAndJsonRoundTrips) {
  for (Phase ph : {Phase::kContain, Phase::kEradicate}) {
    auto p = ph == Phase::kContain ? PlanContainment(inv_, {"2024-11-06T00:00:00Z", "/case"})
                                   : PlanEradication(inv_, {"2024-11-06T00:00:00Z", "/case"});
    ASSERT_TRUE(p.ok());
    ASSERT_FALSE(p->steps.empty());
    std::string md = RenderMarkdown(*p);
    for (const Step& s : p->steps) EXPECT_NE(md.find(s.id + ": "), std::string::npos) << s.id;
    for (const ManualStep& m : p->manual) EXPECT_NE(md.find(m.id), std::string::npos) << m.id;
    json j = PlanToJson(*p);
    json parsed = json::parse(j.dump(2, ' ', false, json::error_handler_t::replace));
    EXPECT_EQ(parsed["schema"], "credtrace.plan/1");
    auto back = PlanFromJson(parsed);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_EQ(back->steps.size(), p->steps.size());
    for (size_t i = 0; i < p->steps.size(); ++i) {
      const Step &a = p->steps[i], &b = back->steps[i];
      EXPECT_EQ(a.id, b.id);
      EXPECT_EQ(a.action, b.action);
      EXPECT_EQ(a.target, b.target);
      EXPECT_EQ(a.credentials, b.credentials);
      EXPECT_EQ(a.destructive, b.destructive);
      ASSERT_EQ(a.commands.size(), b.commands.size());
      for (size_t k = 0; k < a.commands.size(); ++k) {
        EXPECT_EQ(a.commands[k].argv, b.commands[k].argv);
        EXPECT_EQ(a.commands[k].capture, b.commands[k].capture);
        EXPECT_EQ(a.commands[k].refs.size(), b.commands[k].refs.size());
      }
    }
    EXPECT_EQ(PlanToJson(*back), j);
  }
}

TEST(PlanInvestigation, RejectsWhatIsNotAnInvestigation) {
  EXPECT_FALSE(ReadInvestigation(json::array()).ok());
  EXPECT_FALSE(ReadInvestigation(json{{"schema", "other/1"}, {"credentials", json::array()}}).ok());
  EXPECT_FALSE(ReadInvestigation(json{{"schema", "credtrace.investigation/1"}}).ok());
  // Fields of the wrong type are read as absent.
  auto i = ReadInvestigation(json{{"schema", "credtrace.investigation/1"},
                                  {"credentials", json::array({{{"id", 5}}, {{"id", "AKIA1"}, {"kind", 3}}})}});
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i->credentials.size(), 1u);
  EXPECT_FALSE(PlanContainment(*i, {"not a time", ""}).ok());
}

}  // namespace
}  // namespace credtrace::respond
