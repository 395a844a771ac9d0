// The CMDB file (YAML and CSV), its errors, and mapping resources to applications.
#include "casefile/cmdb.h"

#include <gtest/gtest.h>

#include "casefile/stakeholders.h"

namespace credtrace::casefile {
namespace {

using json = nlohmann::json;

constexpr const char* kYaml = R"yaml(
# The team's CMDB extract.
applications:
  - name: payments
    description: Card payments API
    criticality: high
    contacts:
      - {name: Dana Smith, role: owner, email: dana@example.com, phone: "+1 555 0100"}
      - {name: Payments on-call, role: technical, chat: "#payments-oncall"}
    accounts: ["111122223333"]
    arns: ["arn:aws:s3:::payments-*"]
    tags: {app: payments}
  - name: data-lake
    contacts:
      - {name: Lee, role: owner, email: lee@example.com}
    resources: ["i-0abc*"]
    tags: ["team=data", "cost-center"]
contacts:
  - {name: Security on-call, role: security, email: sec@example.com}
  - {name: Legal, role: legal, email: legal@example.com, notify: data-access}
  - {name: CISO, role: management, email: ciso@example.com, notify: "severity>=critical"}
)yaml";

TEST(Cmdb, ParsesYaml) {
  auto c = ParseCmdb(kYaml, "cmdb.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->applications.size(), 2u);
  const Application& p = c->applications[0];
  EXPECT_EQ(p.name, "payments");
  EXPECT_EQ(p.criticality, "high");
  ASSERT_EQ(p.contacts.size(), 2u);
  EXPECT_EQ(p.contacts[0].email, "dana@example.com");
  EXPECT_EQ(p.contacts[1].chat, "#payments-oncall");
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0], std::make_pair(std::string("app"), std::string("payments")));
  const Application& d = c->applications[1];
  ASSERT_EQ(d.tags.size(), 2u);
  EXPECT_EQ(d.tags[1], std::make_pair(std::string("cost-center"), std::string("*")));
  ASSERT_EQ(c->contacts.size(), 3u);
  EXPECT_EQ(c->contacts[0].notify, "always");
  EXPECT_EQ(c->contacts[1].notify, "data-access");
}

TEST(Cmdb, YamlErrorsNameTheLine) {
  auto bad_key = ParseCmdb("applications:\n  - name: x\n    acounts: [\"1\"]\n", "c.yaml");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("c.yaml: line 3"), std::string::npos) << bad_key.status().message();
  EXPECT_NE(bad_key.status().message().find("unknown application field \"acounts\""), std::string::npos);
  auto syntax = ParseCmdb("applications:\n  - name: [unclosed\n", "c.yaml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("c.yaml: line"), std::string::npos) << syntax.status().message();
  auto notify = ParseCmdb("contacts:\n  - {name: X, notify: sometimes}\n", "c.yaml");
  ASSERT_FALSE(notify.ok());
  EXPECT_NE(notify.status().message().find("notify must be"), std::string::npos);
  auto unnamed = ParseCmdb("applications:\n  - contacts: []\n", "c.yaml");
  EXPECT_FALSE(unnamed.ok());
  EXPECT_TRUE(ParseCmdb("", "empty.yaml").ok());
}

TEST(Cmdb, ParsesCsv) {
  std::string csv =
      "\xEF\xBB\xBF" "application,criticality,contact,role,email,notify,match\r\n"
      "payments,high,Dana Smith,owner,dana@example.com,,account:111122223333;tag:app=payments\r\n"
      "payments,,\"Ops, payments\",technical,ops@example.com,,\"arn:arn:aws:s3:::payments-*\"\r\n"
      ",,Legal,legal,legal@example.com,data-access,\r\n";
  auto c = ParseCmdb(csv, "cmdb.csv");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(IsCsvCmdb(csv));
  EXPECT_FALSE(IsCsvCmdb(kYaml));
  ASSERT_EQ(c->applications.size(), 1u);
  const Application& p = c->applications[0];
  EXPECT_EQ(p.criticality, "high");
  ASSERT_EQ(p.contacts.size(), 2u);
  EXPECT_EQ(p.contacts[1].name, "Ops, payments");
  EXPECT_EQ(p.accounts, std::vector<std::string>{"111122223333"});
  EXPECT_EQ(p.arns, std::vector<std::string>{"arn:aws:s3:::payments-*"});
  ASSERT_EQ(p.tags.size(), 1u);
  ASSERT_EQ(c->contacts.size(), 1u);
  EXPECT_EQ(c->contacts[0].notify, "data-access");
  auto bad = ParseCmdb("application,colour\nx,red\n", "c.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unknown column \"colour\""), std::string::npos);
  auto bad_match = ParseCmdb("application,match\nx,owner:bob\n", "c.csv");
  ASSERT_FALSE(bad_match.ok());
  EXPECT_NE(bad_match.status().message().find("row 2"), std::string::npos);
  auto open_quote = ParseCmdb("application,contact\nx,\"never closed\n", "c.csv");
  EXPECT_FALSE(open_quote.ok());
}

TEST(Cmdb, SpecificMatchesBeatTheAccount) {
  auto c = ParseCmdb(kYaml, "cmdb.yaml");
  ASSERT_TRUE(c.ok());
  // In the payments account but tagged for the data team: the data lake's, not payments'.
  ResourceRef tagged{"arn:aws:ec2:us-east-1:111122223333:instance/i-0ffff", "AWS::EC2::Instance", "111122223333", "us-east-1",
                     "modified", {{"team", "data"}}};
  auto m = MatchResource(*c, tagged);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(c->applications[m[0].app].name, "data-lake");
  EXPECT_EQ(m[0].how, "tag team=data");
  // Only the account says: payments.
  ResourceRef plain{"arn:aws:iam::111122223333:user/backdoor", "AWS::IAM::User", "111122223333", "global", "created", {}};
  m = MatchResource(*c, plain);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].how, "account 111122223333");
  // By ARN pattern, and by resource ID pattern (the ARN's last part).
  ResourceRef obj{"arn:aws:s3:::payments-data/2024/cards.csv", "AWS::S3::Object", "", "us-east-1", "read", {}};
  m = MatchResource(*c, obj);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].how, "ARN matches arn:aws:s3:::payments-*");
  ResourceRef inst{"arn:aws:ec2:eu-west-1:999999999999:instance/i-0abc123", "AWS::EC2::Instance", "999999999999", "eu-west-1", "created", {}};
  m = MatchResource(*c, inst);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(c->applications[m[0].app].name, "data-lake");
  ResourceRef none{"arn:aws:iam::444455556666:role/other", "AWS::IAM::Role", "444455556666", "global", "assumed", {}};
  EXPECT_TRUE(MatchResource(*c, none).empty());
}

TEST(Stakeholders, WhoAndWhy) {
  auto c = ParseCmdb(kYaml, "cmdb.yaml");
  ASSERT_TRUE(c.ok());
  Facts f;
  f.investigation_doc = json::parse(R"({"schema":"credtrace.investigation/1",
    "credentials":[{"id":"AKIA1","kind":"access-key","principalArn":"arn:aws:iam::111122223333:user/ci","parent":null}],
    "events":[{"eventID":"e1","eventName":"GetObject","attribution":"attacker","categories":["data-access"]}],
    "resources":[{"id":"arn:aws:s3:::payments-data/x.csv","type":"AWS::S3::Object","account":"111122223333","region":"us-east-1","action":"read","eventIds":["e1"]},
                 {"id":"arn:aws:s3:::unknown-bucket","type":"AWS::S3::Bucket","account":"999999999999","region":"us-east-1","action":"read","eventIds":["e1"],"tags":{"team":"data"}}]})");
  f.investigation = *respond::ReadInvestigation(*f.investigation_doc);
  f.state.notified["dana@example.com"] = {"dana@example.com", "payments", "by phone", {7, "2024-11-05T12:00:00.000Z", "alice"}};
  StakeholderView v = ComputeStakeholders(f, &*c);
  EXPECT_EQ(v.applications, (std::vector<std::string>{"payments", "data-lake"}));
  EXPECT_EQ(v.unmapped, 0u);
  // The compromised user is a resource too (mapped by its account).
  bool user = false;
  for (const ImpactedResource& r : v.resources) user = user || r.ref.id == "arn:aws:iam::111122223333:user/ci";
  EXPECT_TRUE(user);
  const Stakeholder* dana = FindStakeholder(v, "Dana Smith");
  ASSERT_NE(dana, nullptr);
  EXPECT_TRUE(dana->notified);
  ASSERT_FALSE(dana->why.empty());
  EXPECT_NE(dana->why[0].find("owner of payments (criticality high)"), std::string::npos) << dana->why[0];
  EXPECT_NE(dana->why[0].find("read by the attacker"), std::string::npos) << dana->why[0];
  EXPECT_NE(FindStakeholder(v, "lee@example.com"), nullptr);
  EXPECT_NE(FindStakeholder(v, "LEGAL@example.com"), nullptr) << "data was read";
  EXPECT_NE(FindStakeholder(v, "sec@example.com"), nullptr) << "always";
  EXPECT_EQ(FindStakeholder(v, "ciso@example.com"), nullptr) << "severity not critical";
  f.state.meta["severity"] = {"critical", {}};
  v = ComputeStakeholders(f, &*c);
  EXPECT_NE(FindStakeholder(v, "ciso@example.com"), nullptr);
  EXPECT_EQ(v.notified, 1u);
}

}  // namespace
}  // namespace credtrace::casefile
