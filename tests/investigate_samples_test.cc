// The lineage real CloudTrail samples show (../shared/datasets/README.md), written down: each
// sample is ingested into its own case and investigated from the key or principal the attacker
// held; the derived credentials, grants and resources it shows must be found.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "investigate/investigate.h"
#include "store/case.h"
#include "store/ingest.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;

const fs::path kStratus = fs::path(CREDTRACE_SHARED_DIR) / "datasets" / "stratus-detonation-logs";

struct Expected {
  std::string file;
  Seed seed;
  // Derived credentials: id, kind, parent id, lineage rule.
  struct Cred {
    std::string id, kind, parent, rule;
  };
  std::vector<Cred> creds;
  std::vector<std::string> grant_rules;  // rules of the grants expected
};

Result<Investigation> InvestigateFiles(const std::vector<fs::path>& files, const Options& opt, const std::string& tag) {
  std::error_code ec;
  fs::path dir = fs::temp_directory_path() / ("credtrace-samples-" + std::to_string(getpid()) + "-" + tag);
  fs::remove_all(dir, ec);
  CT_ASSIGN_OR_RETURN(auto c, store::Case::Open(dir, store::CreateIfMissing::kYes));
  CT_ASSIGN_OR_RETURN(auto sum, store::Ingest(*c, files, store::IngestOptions{}));
  (void)sum;
  CT_ASSIGN_OR_RETURN(auto segs, c->Segments());
  Evidence ev(c.get(), segs);
  auto inv = Investigate(ev, opt);
  fs::remove_all(dir, ec);
  return inv;
}

const Credential* Find(const Investigation& inv, const std::string& id) {
  for (const Credential& c : inv.credentials)
    if (c.id == id) return &c;
  return nullptr;
}

Seed Key(const std::string& k) { return {"key", k, "", "", std::nullopt}; }
Seed Principal(const std::string& p) { return {"principal", p, "", "", std::nullopt}; }

TEST(InvestigateSamples, StratusLineage) {
  const std::vector<Expected> cases = {
      {"aws.persistence.iam-backdoor-user.json", Key("AKIA30BEZSJBVKOFKZW0"),
       {{"", "access-key", "AKIA30BEZSJBVKOFKZW0", "iam-create-access-key"}}, {}},
      {"aws.persistence.sts-federation-token.json", Key("AKIA6V1GNZTT65XQH36M"),
       {{"ASIASTJKC5GCM7ZE6LUP", "federation-token", "AKIA6V1GNZTT65XQH36M", "sts-get-federation-token"}}, {}},
      {"aws.credential-access.ec2-steal-instance-credentials.json", Key("AKIAAM80VXLJF8NPK4VC"),
       {{"ASIAP5CT9NN8EYVU1FXV", "instance-profile-session", "AKIAAM80VXLJF8NPK4VC", "ssm-send-command"}}, {}},
      {"aws.persistence.iam-create-user-login-profile.json", Key("AKIAE18PGYHCY2CYMTFK"),
       {{"", "console-password", "AKIAE18PGYHCY2CYMTFK", "iam-create-login-profile"}}, {}},
      {"aws.privilege-escalation.iam-update-user-login-profile.json", Key("AKIAV1MIS7NGMDMR83FC"),
       {{"", "console-password", "AKIAV1MIS7NGMDMR83FC", "iam-update-login-profile"}}, {}},
      {"aws.persistence.iam-backdoor-role.json", Key("AKIAMUV7B57OZM0RV05D"), {}, {"iam-update-assume-role-policy"}},
      {"aws.persistence.iam-create-backdoor-role.json", Key("AKIA0W5KI69TY8X86BGT"), {},
       {"iam-create-role", "iam-attach-role-policy"}},
      {"aws.persistence.iam-create-admin-user.json", Key("AKIAOZUDECYXYM4ONAN4"),
       {{"", "access-key", "AKIAOZUDECYXYM4ONAN4", "iam-create-access-key"}}, {"iam-attach-user-policy"}},
      {"aws.persistence.rolesanywhere-create-trust-anchor.json", Key("AKIA3SBEM4QSKES6Z5F9"), {},
       {"rolesanywhere-create-trust-anchor"}},
  };
  for (const Expected& x : cases) {
    SCOPED_TRACE(x.file);
    Options opt;
    opt.seeds = {x.seed};
    auto inv = InvestigateFiles({kStratus / x.file}, opt, "s");
    ASSERT_TRUE(inv.ok()) << inv.status().ToString();
    ASSERT_GE(inv->credentials.size(), 1u);
    EXPECT_EQ(inv->credentials[0].id, x.seed.value);
    EXPECT_EQ(inv->credentials.size(), 1 + x.creds.size());
    for (const auto& want : x.creds) {
      const Credential* got = nullptr;
      for (const Credential& c : inv->credentials) {
        if (c.parent >= 0 && c.rule == want.rule && (want.id.empty() || c.id == want.id)) got = &c;
      }
      ASSERT_NE(got, nullptr) << want.rule;
      EXPECT_EQ(KindName(got->kind), want.kind);
      EXPECT_EQ(inv->credentials[got->parent].id, want.parent);
      EXPECT_FALSE(got->created_by_event_id.empty());
      EXPECT_EQ(got->compromised_since, got->created);
    }
    for (const std::string& rule : x.grant_rules) {
      EXPECT_TRUE(std::any_of(inv->grants.begin(), inv->grants.end(), [&](const Grant& g) { return g.rule == rule; }))
          << rule;
    }
    // Everything the seed did is the attacker's: the seed was never used before in these logs.
    for (const Event& e : inv->events) EXPECT_NE(e.attribution, Attribution::kOwner) << e.event_id;
  }
}

TEST(InvestigateSamples, StratusDetails) {
  // The key a CreateAccessKey returned, the user it was made for.
  Options opt;
  opt.seeds = {Key("AKIAOZUDECYXYM4ONAN4")};
  auto inv = InvestigateFiles({kStratus / "aws.persistence.iam-create-admin-user.json"}, opt, "d1");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->credentials.size(), 2u);
  EXPECT_TRUE(inv->credentials[1].access_key_id.starts_with("AKIA"));
  EXPECT_NE(inv->credentials[1].principal_arn.find(":user/"), std::string::npos);
  // Trust opened to another account: the grant names the role.
  opt.seeds = {Key("AKIAMUV7B57OZM0RV05D")};
  inv = InvestigateFiles({kStratus / "aws.persistence.iam-backdoor-role.json"}, opt, "d2");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->grants.size(), 1u);
  EXPECT_EQ(inv->grants[0].target, "stratus-red-team-backdoor-r-role");
  // A console sign-in without MFA from a principal seed: the password, and its console session.
  opt.seeds = {Principal("arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl")};
  inv = InvestigateFiles({kStratus / "aws.initial-access.console-login-without-mfa.json"}, opt, "d3");
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->credentials.size(), 2u);
  EXPECT_EQ(inv->credentials[0].id, "password:arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl");
  EXPECT_EQ(KindName(inv->credentials[1].kind), "console-session");
  EXPECT_EQ(inv->credentials[1].parent, 0);
}

TEST(InvestigateSamples, StratusTagsOfTheBackdoorUser) {
  // CreateUser logs the tags the attacker gave the user: the report maps it by them.
  Options opt;
  opt.seeds = {Key("AKIAOZUDECYXYM4ONAN4")};
  auto inv = InvestigateFiles({kStratus / "aws.persistence.iam-create-admin-user.json"}, opt, "t1");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  const std::string user = "arn:aws:iam::229654561268:user/malicious-iam-user";
  size_t entries = 0;
  for (const ResourceEntry& r : inv->resources) {
    if (r.id != user) continue;
    ++entries;
    EXPECT_EQ(r.tags, (std::map<std::string, std::string>{{"StratusRedTeam", "true"}})) << ActionName(r.action);
    EXPECT_FALSE(r.tags_event_id.empty());
  }
  EXPECT_GE(entries, 2u);  // created, modified (policy, key)
  bool listed = false;
  for (const Context::ResourceTags& t : inv->context.resource_tags) {
    if (t.id != user) continue;
    listed = true;
    EXPECT_EQ(t.tags.at("StratusRedTeam"), "true");
  }
  EXPECT_TRUE(listed);
}

TEST(InvestigateSamples, MaheribraRoleAssumption) {
  // A low-privilege user's key assumes a misconfigured role five times; one session reads S3
  // data. The lab operator used the same address, so the pivot reports the operator's sessions
  // as suspects (not followed).
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(CREDTRACE_SHARED_DIR) / "datasets" / "maheribra-role-assumption-s3"))
    files.push_back(e.path());
  Options opt;
  opt.seeds = {Key("AKIAUACFUVW5KPPHDGME")};
  auto inv = InvestigateFiles(files, opt, "m");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  std::set<std::string> sessions;
  for (const Credential& c : inv->credentials) {
    if (c.parent == 0) {
      EXPECT_EQ(KindName(c.kind), "role-session");
      EXPECT_EQ(c.rule, "sts-assume-role");
      sessions.insert(c.id);
    }
  }
  EXPECT_EQ(sessions, (std::set<std::string>{"ASIAUACFUVW5DAIWYKM7", "ASIAUACFUVW5JEPUN2CK", "ASIAUACFUVW5LTQNYWNM",
                                             "ASIAUACFUVW5HYGIKGYL", "ASIAUACFUVW5ALWCP7NT"}));
  const Credential* reader = Find(*inv, "ASIAUACFUVW5ALWCP7NT");
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->principal_arn,
            "arn:aws:sts::275023965626:assumed-role/aws-attack-chain-lab-vulnerable-role/botocore-session-1785239315");
  bool read_object = false;
  for (const ResourceEntry& r : inv->resources) {
    if (r.type == "AWS::S3::Object" && r.action == ResourceAction::kRead) read_object = true;
  }
  EXPECT_TRUE(read_object);
  bool operator_suspect = false;
  for (const Suspect& s : inv->suspects) operator_suspect |= s.access_key_id == "ASIAUACFUVW5BEKWBITN";
  EXPECT_TRUE(operator_suspect);
}

}  // namespace
}  // namespace credtrace::investigate
