// The plan executor with an `aws` stand-in on PATH that records its argv (NUL-separated, argc
// first) and fails, prints "None" or sleeps on demand: arguments exact and in order, hostile names
// byte-exact as single arguments, failures stop the run and the journal shows them, resume at the
// failed or interrupted step without repeating completed commands, dry runs call nothing.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/file.h"
#include "respond/execute.h"
#include "respond/journal.h"

namespace credtrace::respond {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Argv = std::vector<std::string>;

const std::string kHostileUser = "it's$(touch pwned)`id`;echo x\n\"*";
const std::string kHostileFn = "-fn'$(reboot)\n";

constexpr const char* kStandIn = R"SH(#!/bin/sh
# credtrace test stand-in for the AWS CLI.
printf '%s\0' "$#" "$@" >>"$CT_AWS_LOG"
for a in "$@"; do
  case "$a" in
    file://*) p="${a#file://}"; stat -c '%a' "$(dirname "$p")" >>"$CT_AWS_LOG.policies"; cat "$p" >>"$CT_AWS_LOG.policies" ;;
  esac
done
if [ -n "${CT_AWS_SLEEP:-}" ] && [ "$2" = "$CT_AWS_SLEEP" ]; then sleep 30; fi
if [ -n "${CT_AWS_FAIL:-}" ] && [ "$2" = "$CT_AWS_FAIL" ]; then
  printf '\nAn error occurred (%s) when calling the %s operation: stand-in failure\n' "${CT_AWS_ERROR:-AccessDenied}" "$2" >&2
  exit 254
fi
if [ -n "${CT_AWS_NONE:-}" ] && [ "$2" = "$CT_AWS_NONE" ]; then echo None; exit 0; fi
printf 'out-%s\n' "$2"
)SH";

Command Aws(Argv argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

Plan TestPlan() {
  Plan p;
  p.phase = Phase::kContain;
  p.case_dir = "case";
  p.at = "2024-11-05T10:00:00Z";
  Step s1;
  s1.id = "contain-001";
  s1.stage = "1-deny";
  s1.action = "deny-user";
  s1.target = kHostileUser;
  s1.title = "deny";
  Command put = Aws({"aws", "iam", "put-user-policy", "--user-name", kHostileUser, "--policy-name", "IR-DenyAll",
                     "--policy-document", "file://deny-all.json"});
  put.refs.push_back({8, "policy", "deny-all.json"});
  s1.commands.push_back(put);
  s1.policies.push_back({"deny-all.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]})"});
  Step s2;
  s2.id = "contain-002";
  s2.stage = "2-keys";
  s2.action = "deactivate-access-key";
  s2.target = "AKIAAAAAAAAAAAAAAAAA";
  s2.title = "keys";
  s2.commands.push_back(Aws({"aws", "iam", "update-access-key", "--user-name", kHostileUser, "--access-key-id",
                             "AKIAAAAAAAAAAAAAAAAA", "--status", "Inactive"}));
  Command dlp = Aws({"aws", "iam", "delete-login-profile", "--user-name", kHostileUser});
  dlp.may_fail = true;
  s2.commands.push_back(dlp);
  Step s3;
  s3.id = "contain-003";
  s3.stage = "4-instances";
  s3.action = "detach-instance-profile";
  s3.target = "i-0123456789abcdef0";
  s3.region = "eu-west-1";
  s3.title = "profile";
  Command q = Aws({"aws", "ec2", "describe-iam-instance-profile-associations", "--filters",
                   "Name=instance-id,Values=i-0123456789abcdef0", "--output", "text"});
  q.read_only = true;
  q.capture = "assoc_3";
  s3.commands.push_back(q);
  Command dis = Aws({"aws", "ec2", "disassociate-iam-instance-profile", "--association-id", "<association-id>"});
  dis.refs.push_back({4, "capture", "assoc_3"});
  s3.commands.push_back(dis);
  Step s4;
  s4.id = "contain-004";
  s4.stage = "4-instances";
  s4.action = "snapshot-instance";
  s4.target = "i-0123456789abcdef0";
  s4.region = "eu-west-1";
  s4.title = "snapshot";
  Command d = Aws({"aws", "ec2", "describe-instances", "--instance-ids", "i-0123456789abcdef0"});
  d.read_only = true;
  s4.commands.push_back(d);
  s4.commands.push_back(Aws({"aws", "ec2", "create-snapshots", "--instance-specification",
                             "InstanceId=i-0123456789abcdef0", "--description", "credtrace forensic snapshot"}));
  Step s5;
  s5.id = "contain-005";
  s5.stage = "4-instances";
  s5.action = "throttle-function";
  s5.target = kHostileFn;
  s5.title = "function";
  s5.commands.push_back(Aws({"aws", "lambda", "put-function-concurrency", "--function-name=" + kHostileFn,
                             "--reserved-concurrent-executions", "0"}));
  p.steps = {s1, s2, s3, s4, s5};
  return p;
}

class ExecuteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : (fs::exists("/dev/shm") ? "/dev/shm" : "/tmp")) +
                       "/credtrace-exec-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ / "bin");
    fs::create_directories(dir_ / "case");
    std::ofstream(dir_ / "bin" / "aws") << kStandIn;
    fs::permissions(dir_ / "bin" / "aws", fs::perms::owner_all);
    const char* path = std::getenv("PATH");
    old_path_ = path ? path : "";
    ::setenv("PATH", ((dir_ / "bin").string() + ":" + old_path_).c_str(), 1);
    ::setenv("CT_AWS_LOG", (dir_ / "calls").c_str(), 1);
    for (const char* v : {"CT_AWS_FAIL", "CT_AWS_NONE", "CT_AWS_SLEEP", "CT_AWS_ERROR"}) ::unsetenv(v);
  }
  void TearDown() override {
    ::setenv("PATH", old_path_.c_str(), 1);
    for (const char* v : {"CT_AWS_LOG", "CT_AWS_FAIL", "CT_AWS_NONE", "CT_AWS_SLEEP", "CT_AWS_ERROR"}) ::unsetenv(v);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  ExecuteOptions Options() {
    ExecuteOptions o;
    o.execute = true;
    o.yes = true;
    o.profile = "ir";
    o.region = "us-east-1";
    o.journal = dir_ / "case" / kJournalFile;
    o.print = [this](const std::string& s) { printed_ += s; };
    return o;
  }

  // The calls the stand-in recorded, and forgets them.
  std::vector<Argv> Calls() {
    std::vector<Argv> out;
    auto text = ReadFile(dir_ / "calls");
    if (!text.ok()) return out;
    size_t pos = 0;
    auto field = [&]() {
      size_t z = text->find('\0', pos);
      std::string f = text->substr(pos, z - pos);
      pos = z + 1;
      return f;
    };
    while (pos < text->size()) {
      int n = std::stoi(field());
      Argv a{"aws"};
      for (int i = 0; i < n; ++i) a.push_back(field());
      out.push_back(a);
    }
    fs::remove(dir_ / "calls");
    return out;
  }

  std::vector<json> JournalEntries() {
    auto e = Journal::Read(dir_ / "case" / kJournalFile);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    return e.ok() ? *e : std::vector<json>{};
  }

  fs::path dir_;
  std::string old_path_, printed_;
};

// The argv each command of TestPlan() must reach `aws` with.
std::vector<Argv> Expected() {
  Argv p = {"--profile", "ir"};
  auto with = [&](Argv a, const std::string& region) {
    a.insert(a.end(), p.begin(), p.end());
    a.insert(a.end(), {"--region", region});
    return a;
  };
  return {
      with({"aws", "iam", "put-user-policy", "--user-name", kHostileUser, "--policy-name", "IR-DenyAll",
            "--policy-document", "<policy>"}, "us-east-1"),
      with({"aws", "iam", "update-access-key", "--user-name", kHostileUser, "--access-key-id", "AKIAAAAAAAAAAAAAAAAA",
            "--status", "Inactive"}, "us-east-1"),
      with({"aws", "iam", "delete-login-profile", "--user-name", kHostileUser}, "us-east-1"),
      with({"aws", "ec2", "describe-iam-instance-profile-associations", "--filters",
            "Name=instance-id,Values=i-0123456789abcdef0", "--output", "text"}, "eu-west-1"),
      with({"aws", "ec2", "disassociate-iam-instance-profile", "--association-id",
            "out-describe-iam-instance-profile-associations"}, "eu-west-1"),
      with({"aws", "ec2", "describe-instances", "--instance-ids", "i-0123456789abcdef0"}, "eu-west-1"),
      with({"aws", "ec2", "create-snapshots", "--instance-specification", "InstanceId=i-0123456789abcdef0",
            "--description", "credtrace forensic snapshot"}, "eu-west-1"),
      with({"aws", "lambda", "put-function-concurrency", "--function-name=" + kHostileFn,
            "--reserved-concurrent-executions", "0"}, "us-east-1"),
  };
}

// The policy file argument is a private temporary path: checked apart, then replaced.
std::vector<Argv> NormalisePolicy(std::vector<Argv> calls) {
  for (Argv& a : calls)
    for (std::string& s : a)
      if (s.rfind("file://", 0) == 0 && s.size() > 20 && s.find("/credtrace-policies.") != std::string::npos &&
          s.substr(s.size() - 14) == "/deny-all.json")
        s = "<policy>";
  return calls;
}

TEST_F(ExecuteTest, ExecuteRunsEveryCommandExactlyInPlanOrder) {
  auto rep = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_TRUE(rep->completed);
  EXPECT_TRUE(rep->failed_step.empty()) << rep->failure;
  EXPECT_EQ(rep->ran, 5u);
  EXPECT_EQ(NormalisePolicy(Calls()), Expected());
  // The policy document was there, in a 0700 directory, and the directory is gone afterwards.
  auto pol = ReadFile(dir_ / "calls.policies");
  ASSERT_TRUE(pol.ok());
  EXPECT_EQ(*pol, "700\n" + TestPlan().steps[0].policies[0].text + "\n");
  // The journal: a run, start and end around every command, a step entry for every step, run-end.
  auto entries = JournalEntries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front()["type"], "run");
  EXPECT_EQ(entries.front()["planHash"], PlanHash(TestPlan()));
  EXPECT_EQ(entries.back()["type"], "run-end");
  EXPECT_EQ(entries.back()["status"], "completed");
  int starts = 0, ends = 0, steps = 0;
  for (const json& e : entries) {
    std::string t = e["type"];
    starts += t == "start";
    ends += t == "end";
    steps += t == "step";
    if (t == "start") {
      EXPECT_TRUE(e.contains("argv") && e["argv"].is_array());
      EXPECT_TRUE(e.contains("time") && e.contains("run") && e.contains("step"));
    }
    if (t == "end") {
      EXPECT_EQ(e["exit"], 0);
      EXPECT_EQ(e["stdout"], "out-" + e["stdout"].get<std::string>().substr(4));
    }
  }
  EXPECT_EQ(starts, 8);
  EXPECT_EQ(ends, 8);
  EXPECT_EQ(steps, 5);
  // A second run has nothing to do and calls nothing.
  auto again = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->completed);
  EXPECT_EQ(again->done_before, 5u);
  EXPECT_EQ(again->ran, 0u);
  EXPECT_TRUE(Calls().empty());
}

TEST_F(ExecuteTest, ExecuteDryRunCallsNothingAndWritesNoJournal) {
  ExecuteOptions o = Options();
  o.execute = false;
  auto rep = ExecutePlan(TestPlan(), o);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(Calls().empty());
  EXPECT_FALSE(fs::exists(dir_ / "case" / kJournalFile));
  EXPECT_NE(printed_.find("Dry run"), std::string::npos);
  EXPECT_NE(printed_.find("| contain-004 | 4-instances | snapshot-instance |"), std::string::npos);
  EXPECT_NE(printed_.find("aws lambda put-function-concurrency"), std::string::npos);
}

TEST_F(ExecuteTest, ExecuteFailureStopsTheRunAndTheRerunResumesAtTheFailedStep) {
  ::setenv("CT_AWS_FAIL", "disassociate-iam-instance-profile", 1);
  auto rep = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_FALSE(rep->completed);
  EXPECT_EQ(rep->failed_step, "contain-003");
  EXPECT_NE(rep->failure.find("contain-003"), std::string::npos);
  EXPECT_NE(rep->failure.find("aws ec2 disassociate-iam-instance-profile"), std::string::npos);
  EXPECT_NE(rep->failure.find("exit status 254"), std::string::npos);
  EXPECT_NE(rep->failure.find("An error occurred (AccessDenied)"), std::string::npos);
  auto want = Expected();
  EXPECT_EQ(NormalisePolicy(Calls()), std::vector<Argv>(want.begin(), want.begin() + 5));
  auto entries = JournalEntries();
  bool failed_end = false;
  for (const json& e : entries)
    if (e["type"] == "end" && e["step"] == "contain-003" && e["outcome"] == "failed") {
      failed_end = true;
      EXPECT_EQ(e["exit"], 254);
      EXPECT_NE(e["stderr"].get<std::string>().find("stand-in failure"), std::string::npos);
    }
  EXPECT_TRUE(failed_end);
  EXPECT_EQ(entries.back()["status"], "failed");
  // The rerun: the look-up of contain-003 succeeded and is not repeated; the failed command and the
  // rest run.
  ::unsetenv("CT_AWS_FAIL");
  auto rerun = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(rerun.ok());
  EXPECT_TRUE(rerun->completed) << rerun->failure;
  EXPECT_EQ(rerun->done_before, 2u);
  EXPECT_EQ(NormalisePolicy(Calls()), std::vector<Argv>(want.begin() + 4, want.end()));
}

TEST_F(ExecuteTest, ExecuteMayFailCommandsWarnAndGoOn) {
  ::setenv("CT_AWS_FAIL", "delete-login-profile", 1);
  ::setenv("CT_AWS_ERROR", "NoSuchEntity", 1);
  auto rep = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  ASSERT_EQ(rep->warnings.size(), 1u);
  EXPECT_NE(rep->warnings[0].find("NoSuchEntity"), std::string::npos);
  EXPECT_EQ(Calls().size(), 8u);
}

TEST_F(ExecuteTest, ExecuteLookupThatFindsNothingSkipsTheDependentCommand) {
  ::setenv("CT_AWS_NONE", "describe-iam-instance-profile-associations", 1);
  auto rep = ExecutePlan(TestPlan(), Options());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  for (const Argv& a : Calls()) EXPECT_NE(a[2], "disassociate-iam-instance-profile");
}

// A run killed while a command ran leaves a start without an end: an idempotent command runs
// again, a snapshot is left for a manual check (--yes) and never run twice.
TEST_F(ExecuteTest, ExecuteInterruptedCommandsFollowTheRerunRule) {
  Plan plan = TestPlan();
  ::setenv("CT_AWS_FAIL", "update-access-key", 1);
  ASSERT_TRUE(ExecutePlan(plan, Options()).ok());
  Calls();
  {
    auto j = Journal::Open(dir_ / "case" / kJournalFile);
    ASSERT_TRUE(j.ok());
    // As if a later run had been killed inside update-access-key, and a torn line after it.
    json start = {{"type", "start"}, {"run", "killed"}, {"phase", "contain"}, {"planHash", PlanHash(plan)},
                  {"step", "contain-002"}, {"stepHash", StepHash(plan, 1)}, {"command", 0}, {"argv", json::array()}};
    ASSERT_TRUE((*j)->Append(start).ok());
  }
  { std::ofstream(dir_ / "case" / kJournalFile, std::ios::app) << R"({"type":"end","run":"killed","ph)"; }
  ::unsetenv("CT_AWS_FAIL");
  ::setenv("CT_AWS_FAIL", "put-function-concurrency", 1);
  auto rep = ExecutePlan(plan, Options());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_NE(printed_.find("torn last line"), std::string::npos);
  EXPECT_EQ(rep->failed_step, "contain-005");
  auto calls = NormalisePolicy(Calls());
  auto want = Expected();
  EXPECT_EQ(calls, std::vector<Argv>(want.begin() + 1, want.end()));
  // Now a kill inside create-snapshots (not idempotent): with --yes the step is left for a manual
  // check, reported, and create-snapshots is not called again.
  {
    auto j = Journal::Open(dir_ / "case" / kJournalFile);
    ASSERT_TRUE(j.ok());
    EXPECT_EQ((*j)->torn_bytes(), 0u);
    // Drop contain-004's completion by pretending it was interrupted in a new plan: simplest is a
    // fresh journal for a plan where contain-004 was started and not ended.
  }
  fs::remove(dir_ / "case" / kJournalFile);
  {
    auto j = Journal::Open(dir_ / "case" / kJournalFile);
    ASSERT_TRUE(j.ok());
    json start = {{"type", "start"}, {"run", "killed"}, {"phase", "contain"}, {"planHash", PlanHash(plan)},
                  {"step", "contain-004"}, {"stepHash", StepHash(plan, 3)}, {"command", 1}, {"argv", json::array()}};
    ASSERT_TRUE((*j)->Append(start).ok());
  }
  ::unsetenv("CT_AWS_FAIL");
  rep = ExecutePlan(plan, Options());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  EXPECT_EQ(rep->manual_check, std::vector<std::string>{"contain-004"});
  for (const Argv& a : Calls()) {
    EXPECT_NE(a[2], "create-snapshots");
  }
  // Asked (no --yes), the person may decide to run it again.
  fs::remove(dir_ / "case" / kJournalFile);
  {
    auto j = Journal::Open(dir_ / "case" / kJournalFile);
    ASSERT_TRUE(j.ok());
    json start = {{"type", "start"}, {"run", "killed"}, {"phase", "contain"}, {"planHash", PlanHash(plan)},
                  {"step", "contain-004"}, {"stepHash", StepHash(plan, 3)}, {"command", 1}, {"argv", json::array()}};
    ASSERT_TRUE((*j)->Append(start).ok());
  }
  ExecuteOptions o = Options();
  o.yes = false;
  std::vector<std::string> asked;
  o.confirm = [&](const std::string& q, const std::string& expected) {
    asked.push_back(expected);
    (void)q;
    return true;
  };
  rep = ExecutePlan(plan, o);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0], PlanHash(plan).substr(58));
  EXPECT_EQ(asked[1], "rerun");
  int snapshots = 0;
  for (const Argv& a : Calls()) snapshots += a[2] == "create-snapshots";
  EXPECT_EQ(snapshots, 1);
}

TEST_F(ExecuteTest, ExecuteNotConfirmedRunsNothing) {
  ExecuteOptions o = Options();
  o.yes = false;
  o.confirm = [](const std::string&, const std::string&) { return false; };
  auto rep = ExecutePlan(TestPlan(), o);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->cancelled);
  EXPECT_TRUE(Calls().empty());
}

TEST_F(ExecuteTest, ExecuteRefusesToResumeAChangedPlanWithoutNewRun) {
  ::setenv("CT_AWS_FAIL", "create-snapshots", 1);
  ASSERT_TRUE(ExecutePlan(TestPlan(), Options()).ok());
  Calls();
  ::unsetenv("CT_AWS_FAIL");
  Plan changed = TestPlan();
  changed.steps[4].commands[0].argv[5] = "1";  // a new investigation changed the last step
  auto rep = ExecutePlan(changed, Options());
  ASSERT_FALSE(rep.ok());
  EXPECT_NE(rep.status().message().find("plan changed"), std::string::npos);
  EXPECT_NE(rep.status().message().find("--new-run"), std::string::npos);
  EXPECT_TRUE(Calls().empty());
  // --new-run: the steps identical to completed ones are not run again.
  ExecuteOptions o = Options();
  o.new_run = true;
  rep = ExecutePlan(changed, o);
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  EXPECT_EQ(rep->done_before, 3u);
  auto calls = Calls();
  ASSERT_EQ(calls.size(), 2u);  // contain-004's snapshot (its describe ran before), contain-005
  EXPECT_EQ(calls[0][2], "create-snapshots");
  EXPECT_EQ(calls[1][5], "1");
}

TEST_F(ExecuteTest, ExecuteContainPlanWithADestructiveStepIsRefused) {
  Plan p = TestPlan();
  p.steps[1].destructive = true;
  auto rep = ExecutePlan(p, Options());
  ASSERT_FALSE(rep.ok());
  EXPECT_NE(rep.status().message().find("destructive"), std::string::npos);
  EXPECT_TRUE(Calls().empty());
  EXPECT_FALSE(fs::exists(dir_ / "case" / kJournalFile));
  p.phase = Phase::kEradicate;  // eradication may delete
  for (Step& s : p.steps) s.phase = Phase::kEradicate;
  EXPECT_TRUE(ExecutePlan(p, Options()).ok());
}

TEST_F(ExecuteTest, ExecuteOutputIsBoundedInTheJournal) {
  std::ofstream(dir_ / "bin" / "aws") << "#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\0' x\necho err >&2\n";
  Plan p = TestPlan();
  p.steps.resize(1);
  auto rep = ExecutePlan(p, Options());
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->completed);
  for (const json& e : JournalEntries())
    if (e["type"] == "end") {
      EXPECT_EQ(e["stdout"].get<std::string>().size(), 1u << 20);
      EXPECT_EQ(e["stdoutNote"], "truncated: first 1048576 of 3000000 bytes kept");
      EXPECT_EQ(e["stderr"], "err\n");
    }
}

TEST(ExecuteRules, ExecuteRerunRulePerOperation) {
  auto rule = [](Argv a, bool ro = false) {
    Command c;
    c.argv = std::move(a);
    c.read_only = ro;
    return RerunRuleFor(c);
  };
  EXPECT_EQ(rule({"aws", "iam", "put-user-policy"}), RerunRule::kRerun);
  EXPECT_EQ(rule({"aws", "iam", "update-access-key"}), RerunRule::kRerun);
  EXPECT_EQ(rule({"aws", "iam", "attach-role-policy"}), RerunRule::kRerun);
  EXPECT_EQ(rule({"aws", "iam", "delete-login-profile"}), RerunRule::kRerunGone);
  EXPECT_EQ(rule({"aws", "iam", "detach-user-policy"}), RerunRule::kRerunGone);
  EXPECT_EQ(rule({"aws", "ec2", "create-snapshots"}), RerunRule::kAsk);
  EXPECT_EQ(rule({"aws", "ec2", "create-security-group"}), RerunRule::kAsk);
  EXPECT_EQ(rule({"aws", "ec2", "create-tags"}), RerunRule::kRerun);
  EXPECT_EQ(rule({"aws", "ec2", "describe-instances"}, true), RerunRule::kRerun);
  EXPECT_EQ(rule({"aws", "s3api", "frobnicate"}), RerunRule::kAsk);
}

}  // namespace
}  // namespace credtrace::respond
