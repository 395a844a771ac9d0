#include "investigate/lineage_rules.h"

#include <gtest/gtest.h>

#include <set>

#include "base/file.h"
#include "investigate/profile.h"

namespace credtrace::investigate {
namespace {

TEST(LineageTable, IdsAreUniqueAndDocumented) {
  auto doc = ReadFile(std::string(CREDTRACE_SOURCE_DIR) + "/docs/INVESTIGATION.md");
  ASSERT_TRUE(doc.ok());
  std::set<std::string_view> ids;
  for (const LineageRule& r : LineageRules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_NE(doc->find("`" + std::string(r.id) + "`"), std::string::npos) << r.id << " missing from docs/INVESTIGATION.md";
    EXPECT_TRUE(r.event_source.ends_with(".amazonaws.com")) << r.id;
    if (r.follow == Follow::kIssuedKey) {
      EXPECT_FALSE(r.key_path.empty()) << r.id;
    }
  }
}

TEST(LineageTable, MatchesByServiceAndVersionedNames) {
  EXPECT_EQ(RulesFor("sts.amazonaws.com", "AssumeRole").size(), 1u);
  EXPECT_TRUE(RulesFor("iam.amazonaws.com", "AssumeRole").empty());  // the service matters
  ASSERT_EQ(RulesFor("lambda.amazonaws.com", "CreateFunction20150331").size(), 1u);
  EXPECT_EQ(RulesFor("lambda.amazonaws.com", "UpdateFunctionCode20150331v2")[0]->id, "lambda-update-function-code");
  EXPECT_TRUE(IsLineageEventName("GetFederationToken"));
  EXPECT_FALSE(IsLineageEventName("DescribeInstances"));
}

TEST(Profile, NetworksClientsAndAddresses) {
  EXPECT_EQ(NetworkOf("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(NetworkOf("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(NetworkOf("ec2.amazonaws.com"), "ec2.amazonaws.com");
  EXPECT_EQ(NetworkOf("253.252.51.07"), "253.252.51.07");  // not an address: kept as it is
  EXPECT_EQ(ClientOf("aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/linux"), "aws-cli");
  EXPECT_EQ(ClientOf("[aws-cli/1.29.0 Python/3.11]"), "aws-cli");
  EXPECT_EQ(ClientOf("Boto3/1.34.0 md/Botocore#1.34.0"), "boto3");
  EXPECT_EQ(ClientOf("Mozilla/5.0 (X11; Linux x86_64)"), "browser");
  EXPECT_EQ(ClientOf("console.ec2.amazonaws.com"), "console");
  EXPECT_EQ(ClientOf("lambda.amazonaws.com"), "lambda.amazonaws.com");
  EXPECT_EQ(ClientOf(""), "");
  EXPECT_TRUE(IsPublicIp("89.187.72.211"));
  EXPECT_FALSE(IsPublicIp("10.1.2.3"));
  EXPECT_FALSE(IsPublicIp("172.20.0.1"));
  EXPECT_FALSE(IsPublicIp("100.64.0.1"));
  EXPECT_FALSE(IsPublicIp("fd00::1"));
  EXPECT_FALSE(IsPublicIp("ec2.amazonaws.com"));
  EXPECT_TRUE(IsServiceAddress("AWS Internal"));
}

TEST(Profile, AttributionIsAsymmetric) {
  Profile owner;
  Features f{NetworkOf("198.51.100.7"), "aws-cli/2.15.58 os/linux", "aws-cli", "eu-west-1", "ListBuckets", "", "198.51.100.7"};
  owner.Add(f, 1000);
  EXPECT_EQ(Attribute(owner, f).attribution, Attribution::kOwner);
  Features other_ua = f;
  other_ua.user_agent = "aws-cli/2.16.0 os/linux";
  EXPECT_EQ(Attribute(owner, other_ua).attribution, Attribution::kUnknown);
  Features other_client = f;
  other_client.user_agent = "python-requests/2.31";
  other_client.client = "python-requests";
  EXPECT_EQ(Attribute(owner, other_client).attribution, Attribution::kUnknown);
  Features elsewhere = f;  // the owner's exact client from a network it never used
  elsewhere.network = NetworkOf("203.0.113.9");
  EXPECT_EQ(Attribute(owner, elsewhere).attribution, Attribution::kAttacker);
  EXPECT_EQ(Attribute(Profile{}, f).attribution, Attribution::kAttacker);  // no history
}

}  // namespace
}  // namespace credtrace::investigate
