// The tag table against records of the shapes AWS writes (the real stratus samples where they
// carry tags, published records, API models), against hostile values and bounds, and against
// its documentation; the tag book's order, removal and S3 inheritance.
#include "investigate/tags.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "base/file.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

const fs::path kStratus = fs::path(CREDTRACE_SHARED_DIR) / "datasets" / "stratus-detonation-logs";

constexpr const char* kAcct = "111122223333";

// A record of `source`/`name` in us-east-1 of account 111122223333 with these parameters.
std::string Rec(std::string_view source, std::string_view name, std::string_view req,
                std::string_view resp = "null", std::string_view extra = "") {
  return std::string("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":") +
         "\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\"},"
         "\"eventTime\":\"2024-11-05T09:00:00Z\",\"eventSource\":\"" + std::string(source) +
         "\",\"eventName\":\"" + std::string(name) + "\",\"awsRegion\":\"us-east-1\"," +
         "\"requestParameters\":" + std::string(req) + ",\"responseElements\":" + std::string(resp) +
         ",\"eventID\":\"e1\",\"recipientAccountId\":\"111122223333\"" + std::string(extra) + "}";
}

// "<op> <id> k=v,k=v" (a key without a value to match: "k").
std::string Describe(const TagChange& c) {
  std::string s = std::string(TagOpName(c.op)) + " " + c.resource.id;
  for (size_t i = 0; i < c.tags.size(); ++i) {
    s += (i == 0 ? " " : ",") + c.tags[i].key;
    if (c.op != TagOp::kRemove || c.tags[i].has_value) s += "=" + c.tags[i].value;
  }
  return s;
}

std::vector<std::string> Changes(const std::string& json) {
  auto rec = Record::Parse(json);
  EXPECT_TRUE(rec.ok()) << json;
  std::vector<std::string> out;
  if (!rec.ok()) return out;
  for (const TagChange& c : ExtractTagChanges(*rec)) out.push_back(Describe(c));
  return out;
}

struct Case {
  std::string source, name, req, resp;
  std::vector<std::string> want;
};

const std::string kIamTag = R"([{"key":"app","value":"payments"},{"key":"env","value":"prod"}])";
const std::string kTagged = " app=payments,env=prod";

// One case (at least) per row of the table, in its order.
std::vector<Case> RowCases() {
  const std::string iam = "iam.amazonaws.com", ec2 = "ec2.amazonaws.com", s3 = "s3.amazonaws.com";
  const std::string u = std::string("arn:aws:iam::") + kAcct + ":";
  const std::string e = std::string("arn:aws:ec2:us-east-1:") + kAcct + ":";
  return {
      // IAM creations: the response's ARN (with its path) is the resource.
      {iam, "CreateUser", R"({"userName":"bob","tags":)" + kIamTag + "}",
       R"({"user":{"path":"/ops/","userName":"bob","arn":")" + u + R"(user/ops/bob"}})",
       {"replace " + u + "user/ops/bob" + kTagged}},
      {iam, "CreateRole", R"({"roleName":"r","assumeRolePolicyDocument":"{}","tags":)" + kIamTag + "}",
       R"({"role":{"arn":")" + u + R"(role/service-role/r"}})", {"replace " + u + "role/service-role/r" + kTagged}},
      {iam, "CreatePolicy", R"({"policyName":"p","policyDocument":"{}","tags":)" + kIamTag + "}",
       R"({"policy":{"arn":")" + u + R"(policy/p"}})", {"replace " + u + "policy/p" + kTagged}},
      {iam, "CreateInstanceProfile", R"({"instanceProfileName":"ip","tags":)" + kIamTag + "}",
       R"({"instanceProfile":{"arn":")" + u + R"(instance-profile/ip"}})",
       {"replace " + u + "instance-profile/ip" + kTagged}},
      {iam, "CreateOpenIDConnectProvider",
       R"({"url":"https://token.actions.githubusercontent.com","tags":)" + kIamTag + "}",
       R"({"openIDConnectProviderArn":")" + u + R"(oidc-provider/token.actions.githubusercontent.com"})",
       {"replace " + u + "oidc-provider/token.actions.githubusercontent.com" + kTagged}},
      {iam, "CreateSAMLProvider", R"({"name":"okta","sAMLMetadataDocument":"x","tags":)" + kIamTag + "}",
       R"({"sAMLProviderArn":")" + u + R"(saml-provider/okta"})", {"replace " + u + "saml-provider/okta" + kTagged}},
      {iam, "TagUser", R"({"userName":"bob","tags":)" + kIamTag + "}", "null", {"set " + u + "user/bob" + kTagged}},
      {iam, "UntagUser", R"({"userName":"bob","tagKeys":["app","env"]})", "null", {"remove " + u + "user/bob app,env"}},
      // As published (a TagRole record of 2023).
      {iam, "TagRole",
       R"({"roleName":"test_detect_role","tags":[{"key":"test-tag","value":"detection-for-eventbridge-attempt-2"}]})",
       "null", {"set " + u + "role/test_detect_role test-tag=detection-for-eventbridge-attempt-2"}},
      {iam, "UntagRole", R"({"roleName":"r","tagKeys":["app"]})", "null", {"remove " + u + "role/r app"}},
      {iam, "TagPolicy", R"({"policyArn":")" + u + R"(policy/p","tags":)" + kIamTag + "}", "null",
       {"set " + u + "policy/p" + kTagged}},
      {iam, "UntagPolicy", R"({"policyArn":")" + u + R"(policy/p","tagKeys":["env"]})", "null",
       {"remove " + u + "policy/p env"}},
      {iam, "TagInstanceProfile", R"({"instanceProfileName":"ip","tags":)" + kIamTag + "}", "null",
       {"set " + u + "instance-profile/ip" + kTagged}},
      {iam, "UntagInstanceProfile", R"({"instanceProfileName":"ip","tagKeys":["env"]})", "null",
       {"remove " + u + "instance-profile/ip env"}},
      {iam, "TagOpenIDConnectProvider",
       R"({"openIDConnectProviderArn":")" + u + R"(oidc-provider/x.example","tags":)" + kIamTag + "}", "null",
       {"set " + u + "oidc-provider/x.example" + kTagged}},
      {iam, "UntagOpenIDConnectProvider",
       R"({"openIDConnectProviderArn":")" + u + R"(oidc-provider/x.example","tagKeys":["app"]})", "null",
       {"remove " + u + "oidc-provider/x.example app"}},
      {iam, "TagSAMLProvider", R"({"sAMLProviderArn":")" + u + R"(saml-provider/okta","tags":)" + kIamTag + "}",
       "null", {"set " + u + "saml-provider/okta" + kTagged}},
      {iam, "UntagSAMLProvider", R"({"sAMLProviderArn":")" + u + R"(saml-provider/okta","tagKeys":["app"]})",
       "null", {"remove " + u + "saml-provider/okta app"}},
      {iam, "TagMFADevice", R"({"serialNumber":")" + u + R"(mfa/bob","tags":)" + kIamTag + "}", "null",
       {"set " + u + "mfa/bob" + kTagged}},
      {iam, "UntagMFADevice", R"({"serialNumber":")" + u + R"(mfa/bob","tagKeys":["app"]})", "null",
       {"remove " + u + "mfa/bob app"}},
      // EC2 as published: any resource by ID, the ARN type from the prefix.
      {ec2, "CreateTags",
       R"({"resourcesSet":{"items":[{"resourceId":"sg-11bbcc22"},{"resourceId":"i-0abc1234def567890"},)"
       R"({"resourceId":"snap-0123456789abcdef0"}]},"tagSet":{"items":[{"key":"Name","value":"NonCompliantName"}]}})",
       R"({"_return":true})",
       {"set " + e + "security-group/sg-11bbcc22 Name=NonCompliantName",
        "set " + e + "instance/i-0abc1234def567890 Name=NonCompliantName",
        "set arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0 Name=NonCompliantName"}},
      {ec2, "DeleteTags",
       R"({"resourcesSet":{"items":[{"resourceId":"i-001"}]},"tagSet":{"items":[{"key":"Monitoring"},{"key":"env","value":"dev"}]}})",
       R"({"_return":true})", {"remove " + e + "instance/i-001 Monitoring,env=dev"}},
      {ec2, "RunInstances",
       R"({"instancesSet":{"items":[{"imageId":"ami-1","minCount":2,"maxCount":2}]},"tagSpecificationSet":{"items":[)"
       R"({"resourceType":"instance","tags":[{"key":"Name","value":"prod-web-server"},{"key":"app","value":"payments"}]},)"
       R"({"resourceType":"volume","tags":[{"key":"backup","value":"daily"}]}]}})",
       R"({"instancesSet":{"items":[{"instanceId":"i-0aaa"},{"instanceId":"i-0bbb"}]}})",
       {"replace " + e + "instance/i-0aaa Name=prod-web-server,app=payments",
        "replace " + e + "instance/i-0bbb Name=prod-web-server,app=payments"}},
      {ec2, "CreateVolume",
       R"({"size":8,"tagSpecificationSet":{"items":[{"resourceType":"volume","tags":[{"key":"app","value":"ledger"}]}]}})",
       R"({"volumeId":"vol-01"})", {"replace " + e + "volume/vol-01 app=ledger"}},
      // As published (a CreateSnapshot record).
      {ec2, "CreateSnapshot",
       R"({"volumeId":"vol-01","description":"x","tagSpecificationSet":{"items":[{"resourceType":"snapshot",)"
       R"("tags":[{"key":"WishicraftOperationId","value":"op-433438bf"}]}]}})",
       R"({"snapshotId":"snap-0abc"})", {"replace arn:aws:ec2:us-east-1::snapshot/snap-0abc WishicraftOperationId=op-433438bf"}},
      {ec2, "CreateSnapshots",
       R"({"instanceSpecification":{"instanceId":"i-1"},"tagSpecificationSet":{"items":[{"resourceType":"snapshot","tags":[{"key":"ir","value":"case-7"}]}]}})",
       R"({"snapshotSet":{"items":[{"snapshotId":"snap-1"},{"snapshotId":"snap-2"}]}})",
       {"replace arn:aws:ec2:us-east-1::snapshot/snap-1 ir=case-7", "replace arn:aws:ec2:us-east-1::snapshot/snap-2 ir=case-7"}},
      {ec2, "CopySnapshot",
       R"({"sourceSnapshotId":"snap-1","tagSpecificationSet":{"items":[{"resourceType":"snapshot","tags":[{"key":"a","value":"b"}]}]}})",
       R"({"snapshotId":"snap-3"})", {"replace arn:aws:ec2:us-east-1::snapshot/snap-3 a=b"}},
      // As published (a CreateImage record): the image's tags, not its snapshots'.
      {ec2, "CreateImage",
       R"({"instanceId":"i-1","name":"peen","noReboot":true,"tagSpecificationSet":{"items":[{"resourceType":"image",)"
       R"("tags":[{"key":"Foo","value":"bar"},{"key":"baz","value":"  Quuz"}]},{"resourceType":"snapshot","tags":[{"key":"s","value":"1"}]}]}})",
       R"({"imageId":"ami-0abc"})", {"replace arn:aws:ec2:us-east-1::image/ami-0abc Foo=bar,baz=  Quuz"}},
      {ec2, "CopyImage",
       R"({"sourceImageId":"ami-1","tagSpecificationSet":{"items":[{"resourceType":"image","tags":[{"key":"a","value":"b"}]}]}})",
       R"({"imageId":"ami-2"})", {"replace arn:aws:ec2:us-east-1::image/ami-2 a=b"}},
      {ec2, "RegisterImage",
       R"({"name":"x","tagSpecificationSet":{"items":[{"resourceType":"image","tags":[{"key":"a","value":"b"}]}]}})",
       R"({"imageId":"ami-3"})", {"replace arn:aws:ec2:us-east-1::image/ami-3 a=b"}},
      {ec2, "CreateSecurityGroup",
       R"({"groupName":"web","tagSpecificationSet":{"items":[{"resourceType":"security-group","tags":[{"key":"app","value":"web"}]}]}})",
       R"({"_return":true,"groupId":"sg-0abc"})", {"replace " + e + "security-group/sg-0abc app=web"}},
      {ec2, "CreateKeyPair",
       R"({"keyName":"deploy","tagSpecificationSet":{"items":[{"resourceType":"key-pair","tags":[{"key":"app","value":"web"}]}]}})",
       R"({"keyName":"deploy","keyPairId":"key-0abc"})", {"replace " + e + "key-pair/deploy app=web"}},
      {ec2, "ImportKeyPair",
       R"({"keyName":"mine","tagSpecificationSet":{"items":[{"resourceType":"key-pair","tags":[{"key":"a","value":"b"}]}]}})",
       "null", {"replace " + e + "key-pair/mine a=b"}},
      {ec2, "RequestSpotInstances",
       R"({"tagSpecificationSet":{"items":[{"resourceType":"spot-instances-request","tags":[{"key":"a","value":"b"}]}]}})",
       R"({"spotInstanceRequestSet":{"items":[{"spotInstanceRequestId":"sir-1"}]}})",
       {"replace " + e + "spot-instances-request/sir-1 a=b"}},
      // S3 as published (Tag an array of {Value, Key}).
      {s3, "PutBucketTagging",
       R"({"Tagging":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","TagSet":{"Tag":[{"Value":"tv2","Key":"t1"},)"
       R"({"Value":"tv3","Key":"t2"}]}},"tagging":"","bucketName":"thebucketname","Host":"s3.eu-north-1.amazonaws.com"})",
       "null", {"replace arn:aws:s3:::thebucketname t1=tv2,t2=tv3"}},
      {s3, "DeleteBucketTagging", R"({"bucketName":"b","tagging":""})", "null", {"clear arn:aws:s3:::b"}},
      // One tag: the XML body's single element is an object.
      {s3, "PutObjectTagging",
       R"({"bucketName":"b","key":"k/x.csv","tagging":"","Tagging":{"TagSet":{"Tag":{"Key":"class","Value":"pii"}}}})",
       "null", {"replace arn:aws:s3:::b/k/x.csv class=pii"}},
      {s3, "DeleteObjectTagging", R"({"bucketName":"b","key":"k/x.csv","tagging":""})", "null",
       {"clear arn:aws:s3:::b/k/x.csv"}},
      // Lambda as published (the function ARN, tags as a map).
      {"lambda.amazonaws.com", "TagResource20170331v2",
       R"({"resource":"arn:aws:lambda:us-east-1:123456789012:function:my-payment-processor","tags":{"LogzIO":"True"}})",
       "null", {"set arn:aws:lambda:us-east-1:123456789012:function:my-payment-processor LogzIO=True"}},
      {"lambda.amazonaws.com", "UntagResource20170331v2",
       R"({"resource":"arn:aws:lambda:us-east-1:123456789012:function:f:prod","tagKeys":["LogzIO"]})", "null",
       {"remove arn:aws:lambda:us-east-1:123456789012:function:f LogzIO"}},
      {"lambda.amazonaws.com", "CreateFunction20150331", R"({"functionName":"f","tags":{"app":"payments"}})",
       R"({"functionName":"f","functionArn":"arn:aws:lambda:us-east-1:111122223333:function:f"})",
       {"replace arn:aws:lambda:us-east-1:111122223333:function:f app=payments"}},
      // Secrets Manager: the API's Key/Value (either case).
      {"secretsmanager.amazonaws.com", "TagResource",
       R"({"secretId":"prod/db","tags":[{"Key":"app","Value":"ledger"},{"key":"env","value":"prod"}]})", "null",
       {"set prod/db app=ledger,env=prod"}},
      {"secretsmanager.amazonaws.com", "UntagResource",
       R"({"secretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf","tagKeys":["env"]})",
       "null", {"remove arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf env"}},
      {"secretsmanager.amazonaws.com", "CreateSecret",
       R"({"name":"prod/db","secretString":"HIDDEN_DUE_TO_SECURITY_REASONS","tags":[{"Key":"app","Value":"ledger"}]})",
       R"({"arn":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf","name":"prod/db"})",
       {"replace arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf app=ledger"}},
      // RDS as published (AddTagsToResource).
      {"rds.amazonaws.com", "AddTagsToResource",
       R"({"resourceName":"arn:aws:rds:us-east-1:123456789012:db:database-1-instance-1","tags":[{"key":"Environment","value":"production"}]})",
       "null", {"set arn:aws:rds:us-east-1:123456789012:db:database-1-instance-1 Environment=production"}},
      {"rds.amazonaws.com", "RemoveTagsFromResource",
       R"({"resourceName":"arn:aws:rds:us-east-1:1:db:d","tagKeys":["Environment"]})", "null",
       {"remove arn:aws:rds:us-east-1:1:db:d Environment"}},
      {"rds.amazonaws.com", "CreateDBInstance", R"({"dBInstanceIdentifier":"db1","tags":[{"key":"app","value":"x"}]})",
       R"({"dBInstanceArn":"arn:aws:rds:us-east-1:111122223333:db:db1"})",
       {"replace arn:aws:rds:us-east-1:111122223333:db:db1 app=x"}},
      {"rds.amazonaws.com", "CreateDBSnapshot", R"({"dBSnapshotIdentifier":"s1","tags":[{"key":"app","value":"x"}]})",
       "null", {"replace arn:aws:rds:us-east-1:111122223333:snapshot:s1 app=x"}},
      {"rds.amazonaws.com", "CreateDBCluster", R"({"dBClusterIdentifier":"c1","tags":[{"key":"app","value":"x"}]})",
       R"({"dBClusterArn":"arn:aws:rds:us-east-1:111122223333:cluster:c1"})",
       {"replace arn:aws:rds:us-east-1:111122223333:cluster:c1 app=x"}},
      // KMS: TagKey/TagValue.
      {"kms.amazonaws.com", "TagResource",
       R"({"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab","tags":[{"tagKey":"app","tagValue":"x"}]})", "null",
       {"set arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab app=x"}},
      {"kms.amazonaws.com", "UntagResource", R"({"keyId":"k1","tagKeys":["app"]})", "null",
       {"remove arn:aws:kms:us-east-1:111122223333:key/k1 app"}},
      {"kms.amazonaws.com", "CreateKey", R"({"keyUsage":"ENCRYPT_DECRYPT","tags":[{"tagKey":"app","tagValue":"x"}]})",
       R"({"keyMetadata":{"arn":"arn:aws:kms:us-east-1:111122223333:key/k2"}})",
       {"replace arn:aws:kms:us-east-1:111122223333:key/k2 app=x"}},
      {"ssm.amazonaws.com", "AddTagsToResource",
       R"({"resourceType":"Parameter","resourceId":"/app/db/host","tags":[{"key":"app","value":"x"}]})", "null",
       {"set arn:aws:ssm:us-east-1:111122223333:parameter/app/db/host app=x"}},
      {"ssm.amazonaws.com", "RemoveTagsFromResource",
       R"({"resourceType":"Parameter","resourceId":"p","tagKeys":["app"]})", "null",
       {"remove arn:aws:ssm:us-east-1:111122223333:parameter/p app"}},
      {"ssm.amazonaws.com", "PutParameter", R"({"name":"/x","type":"SecureString","tags":[{"key":"app","value":"x"}]})",
       "null", {"replace arn:aws:ssm:us-east-1:111122223333:parameter/x app=x"}},
      {"cloudtrail.amazonaws.com", "AddTags",
       R"({"resourceId":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t","tagsList":[{"key":"a","value":"b"}]})",
       "null", {"set arn:aws:cloudtrail:us-east-1:111122223333:trail/t a=b"}},
      {"cloudtrail.amazonaws.com", "RemoveTags",
       R"({"resourceId":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t","tagsList":[{"key":"a"}]})", "null",
       {"remove arn:aws:cloudtrail:us-east-1:111122223333:trail/t a"}},
      {"cloudtrail.amazonaws.com", "CreateTrail", R"({"name":"t","tagsList":[{"key":"a","value":"b"}]})",
       R"({"trailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"})",
       {"replace arn:aws:cloudtrail:us-east-1:111122223333:trail/t a=b"}},
      {"dynamodb.amazonaws.com", "TagResource",
       R"({"resourceArn":"arn:aws:dynamodb:us-east-1:111122223333:table/t","tags":[{"key":"a","value":"b"}]})", "null",
       {"set arn:aws:dynamodb:us-east-1:111122223333:table/t a=b"}},
      {"dynamodb.amazonaws.com", "UntagResource",
       R"({"resourceArn":"arn:aws:dynamodb:us-east-1:111122223333:table/t","tagKeys":["a"]})", "null",
       {"remove arn:aws:dynamodb:us-east-1:111122223333:table/t a"}},
      {"events.amazonaws.com", "TagResource",
       R"({"resourceARN":"arn:aws:events:us-east-1:111122223333:rule/r","tags":[{"key":"a","value":"b"}]})", "null",
       {"set arn:aws:events:us-east-1:111122223333:rule/r a=b"}},
      {"events.amazonaws.com", "UntagResource",
       R"({"resourceARN":"arn:aws:events:us-east-1:111122223333:rule/r","tagKeys":["a"]})", "null",
       {"remove arn:aws:events:us-east-1:111122223333:rule/r a"}},
      {"rolesanywhere.amazonaws.com", "CreateTrustAnchor", R"({"name":"ta","tags":[{"key":"a","value":"b"}]})",
       R"({"trustAnchor":{"trustAnchorArn":"arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/ta1"}})",
       {"replace arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/ta1 a=b"}},
      {"rolesanywhere.amazonaws.com", "CreateProfile", R"({"name":"p","tags":[{"key":"a","value":"b"}]})",
       R"({"profile":{"profileArn":"arn:aws:rolesanywhere:us-east-1:111122223333:profile/p1"}})",
       {"replace arn:aws:rolesanywhere:us-east-1:111122223333:profile/p1 a=b"}},
  };
}

TEST(TagsRows, EveryRowWithTheShapeAwsWrites) {
  for (const Case& c : RowCases()) {
    SCOPED_TRACE(c.source + " " + c.name);
    EXPECT_EQ(Changes(Rec(c.source, c.name, c.req, c.resp)), c.want);
  }
}

TEST(TagsRows, EveryRowHasACase) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const Case& c : RowCases()) covered.insert({c.source, c.name});
  for (const TagRule& r : TagRules()) {
    std::string name(r.name);
    bool found = covered.contains({std::string(r.source), name});
    if (!found && name.ends_with("*")) {
      for (const auto& [s, n] : covered) found |= s == r.source && n.starts_with(name.substr(0, name.size() - 1));
    }
    EXPECT_TRUE(found) << r.source << " " << r.name;
  }
}

TEST(TagsRows, DocsListEveryRow) {
  auto doc = ReadFile(fs::path(CREDTRACE_SOURCE_DIR) / "docs" / "RESOURCES.md");
  ASSERT_TRUE(doc.ok());
  for (const TagRule& r : TagRules()) {
    std::string source(r.source.substr(0, r.source.find('.')));
    std::string line = "| `" + source + "` | `" + std::string(r.name) + "` | " + std::string(TagOpName(r.op)) + " |";
    EXPECT_NE(doc->find(line), std::string::npos) << line;
  }
}

TEST(TagsStratus, CreateAdminUserCarriesTheStratusTag) {
  auto text = ReadFile(kStratus / "aws.persistence.iam-create-admin-user.json");
  ASSERT_TRUE(text.ok());
  dom::parser parser;
  dom::array arr;
  ASSERT_FALSE(parser.parse(*text).get_array().get(arr));
  std::vector<std::string> got;
  for (dom::element e : arr) {
    for (const std::string& c : Changes(simdjson::minify(e))) got.push_back(c);
  }
  EXPECT_EQ(got, std::vector<std::string>{"replace arn:aws:iam::229654561268:user/malicious-iam-user StratusRedTeam=true"});
}

TEST(TagsStratus, RolesAnywhereHidesItsTags) {
  auto text = ReadFile(kStratus / "aws.persistence.rolesanywhere-create-trust-anchor.json");
  ASSERT_TRUE(text.ok());
  dom::parser parser;
  dom::array arr;
  ASSERT_FALSE(parser.parse(*text).get_array().get(arr));
  size_t profiles = 0;
  for (dom::element e : arr) {
    std::string json = simdjson::minify(e);
    if (json.find("\"CreateProfile\"") != std::string::npos) ++profiles;
    EXPECT_TRUE(Changes(json).empty()) << json.substr(0, 200);  // HIDDEN_DUE_TO_SECURITY_REASONS
  }
  EXPECT_EQ(profiles, 1u);
}

TEST(TagsRecords, HiddenValuesAreNotTags) {
  EXPECT_TRUE(Changes(Rec("iam.amazonaws.com", "TagUser",
                          R"({"userName":"b","tags":[{"key":"HIDDEN_DUE_TO_SECURITY_REASONS","value":"HIDDEN_DUE_TO_SECURITY_REASONS"}]})"))
                  .empty());
  EXPECT_EQ(Changes(Rec("iam.amazonaws.com", "TagUser",
                        R"({"userName":"b","tags":[{"key":"x","value":"HIDDEN_DUE_TO_SECURITY_REASONS"},{"key":"app","value":"a"}]})")),
            std::vector<std::string>{"set arn:aws:iam::111122223333:user/b app=a"});
}

TEST(TagsRecords, FailedCallsAndUntaggedCreationsChangeNothing) {
  EXPECT_TRUE(Changes(Rec("iam.amazonaws.com", "TagUser", R"({"userName":"b","tags":[{"key":"a","value":"b"}]})", "null",
                          R"(,"errorCode":"AccessDenied")"))
                  .empty());
  EXPECT_TRUE(Changes(Rec("iam.amazonaws.com", "CreateUser", R"({"userName":"b"})",
                          R"({"user":{"arn":"arn:aws:iam::111122223333:user/b"}})"))
                  .empty());
  EXPECT_TRUE(Changes(Rec("iam.amazonaws.com", "TagUser", "null")).empty());
  EXPECT_TRUE(Changes(Rec("iam.amazonaws.com", "TagUser", R"({"userName":"b","tags":"nope"})")).empty());
  EXPECT_TRUE(Changes(Rec("ssm.amazonaws.com", "AddTagsToResource",
                          R"({"resourceType":"ManagedInstance","resourceId":"mi-1","tags":[{"key":"a","value":"b"}]})"))
                  .empty());
  // An empty tag set replaces (PutBucketTagging with no Tag): the bucket has no tags.
  EXPECT_EQ(Changes(Rec("s3.amazonaws.com", "PutBucketTagging", R"({"bucketName":"b","Tagging":{"TagSet":{"Tag":[]}}})")),
            std::vector<std::string>{"replace arn:aws:s3:::b"});
}

TEST(TagsRecords, DeleteTagsWithoutATagSetClearsEverything) {
  EXPECT_EQ(Changes(Rec("ec2.amazonaws.com", "DeleteTags", R"({"resourcesSet":{"items":[{"resourceId":"vol-9"}]}})")),
            std::vector<std::string>{"clear arn:aws:ec2:us-east-1:111122223333:volume/vol-9"});
}

TEST(TagsRecords, KeysAndValuesStayData) {
  auto rec = Record::Parse(Rec("iam.amazonaws.com", "TagUser",
                               R"({"userName":"b","tags":[{"key":"a\"b\n","value":"<script>\u0000"}]})"));
  ASSERT_TRUE(rec.ok());
  auto changes = ExtractTagChanges(*rec);
  ASSERT_EQ(changes.size(), 1u);
  ASSERT_EQ(changes[0].tags.size(), 1u);
  EXPECT_EQ(changes[0].tags[0].key, "a\"b\n");
  EXPECT_EQ(changes[0].tags[0].value, std::string("<script>\0", 9));
}

TEST(TagsBounds, AwsLimitsPerResourceAndRecord) {
  std::string many = "[";
  for (int i = 0; i < 60; ++i) many += std::string(i ? "," : "") + R"({"key":"k)" + std::to_string(i) + R"(","value":"v"})";
  many += "]";
  auto rec = Record::Parse(Rec("iam.amazonaws.com", "TagUser", R"({"userName":"b","tags":)" + many + "}"));
  ASSERT_TRUE(rec.ok());
  auto changes = ExtractTagChanges(*rec);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].tags.size(), kMaxTagsPerResource);
  // A key or value beyond AWS's sizes is no tag AWS accepted.
  std::string long_key(kMaxTagKeyBytes + 1, 'k'), long_value(kMaxTagValueBytes + 1, 'v');
  EXPECT_EQ(Changes(Rec("iam.amazonaws.com", "TagUser",
                        R"({"userName":"b","tags":[{"key":")" + long_key + R"(","value":"x"},{"key":"y","value":")" +
                            long_value + R"("},{"key":"ok","value":"1"}]})")),
            std::vector<std::string>{"set arn:aws:iam::111122223333:user/b ok=1"});
  // CreateTags on more resources than AWS takes.
  std::string ids = "[";
  for (int i = 0; i < 1500; ++i) ids += std::string(i ? "," : "") + R"({"resourceId":"i-)" + std::to_string(i) + R"("})";
  ids += "]";
  rec = Record::Parse(Rec("ec2.amazonaws.com", "CreateTags",
                          R"({"resourcesSet":{"items":)" + ids + R"(},"tagSet":{"items":[{"key":"a","value":"b"}]}})"));
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(ExtractTagChanges(*rec).size(), kMaxTaggedPerRecord);
  // The book keeps at most 50 tags a resource, however many calls add them.
  TagBook book;
  book.Want("arn:aws:iam::1:user/b", "AWS::IAM::User", "1", "global");
  for (int i = 0; i < 70; ++i) {
    std::string n = std::to_string(i);  // (not "k" + to_string: a GCC 12 -Wrestrict false alarm)
    TagChange c{{"arn:aws:iam::1:user/b", "AWS::IAM::User", "1", "global"}, TagOp::kSet, {{std::string("k").append(n), "v", true}}};
    book.Apply(c, std::string("e").append(n));
  }
  ASSERT_NE(book.Find("arn:aws:iam::1:user/b", "AWS::IAM::User", "1", "global"), nullptr);
  EXPECT_EQ(book.Find("arn:aws:iam::1:user/b", "AWS::IAM::User", "1", "global")->tags.size(), kMaxTagsPerResource);
}

TagChange Change(std::string id, std::string type, TagOp op, std::vector<Tag> tags) {
  return {{std::move(id), std::move(type), kAcct, "global"}, op, std::move(tags)};
}

TEST(TagsBook, LaterEventsWinAndUntagRemoves) {
  const std::string user = "arn:aws:iam::111122223333:user/bob";
  TagBook book;
  book.Want(user, "AWS::IAM::User", kAcct, "global");
  book.Apply(Change(user, "AWS::IAM::User", TagOp::kReplace, {{"app", "payments", true}, {"env", "prod", true}}), "create");
  book.Apply(Change(user, "AWS::IAM::User", TagOp::kSet, {{"env", "staging", true}}), "tag");
  book.Apply(Change(user, "AWS::IAM::User", TagOp::kRemove, {{"app", "", false}}), "untag");
  const TagBook::Entry* e = book.Find(user, "AWS::IAM::User", kAcct, "global");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->tags, (TagBook::Tags{{"env", "staging"}}));
  EXPECT_EQ(e->event_id, "untag");
  // DeleteTags with a value removes the tag only when the value matches.
  book.Apply(Change(user, "AWS::IAM::User", TagOp::kRemove, {{"env", "prod", true}}), "nomatch");
  EXPECT_EQ(book.Find(user, "AWS::IAM::User", kAcct, "global")->tags.size(), 1u);
  // Resources nobody asked for are not kept.
  book.Apply(Change("arn:aws:iam::111122223333:user/other", "AWS::IAM::User", TagOp::kSet, {{"a", "b", true}}), "x");
  EXPECT_EQ(book.Find("arn:aws:iam::111122223333:user/other", "AWS::IAM::User", kAcct, "global"), nullptr);
}

TEST(TagsBook, ObjectsCarryTheirBucketsTags) {
  const std::string object = "arn:aws:s3:::acme-data/exports/2024/q3.csv";
  TagBook book;
  book.Want(object, "AWS::S3::Object", kAcct, "us-east-1");
  book.Want("arn:aws:s3:::acme-data/*", "AWS::S3::Object", kAcct, "us-east-1");
  auto rec = Record::Parse(Rec("s3.amazonaws.com", "PutBucketTagging",
                               R"({"bucketName":"acme-data","Tagging":{"TagSet":{"Tag":[{"Key":"app","Value":"payments"},{"Key":"env","Value":"prod"}]}}})"));
  ASSERT_TRUE(rec.ok());
  for (const TagChange& c : ExtractTagChanges(*rec)) book.Apply(c, "bucket-tagging");
  TagBook::Entry e = book.Effective(object, "AWS::S3::Object", kAcct, "us-east-1");
  EXPECT_EQ(e.tags, (TagBook::Tags{{"app", "payments"}, {"env", "prod"}}));
  EXPECT_EQ(e.event_id, "bucket-tagging");
  EXPECT_EQ(book.Effective("arn:aws:s3:::acme-data/*", "AWS::S3::Object", kAcct, "us-east-1").tags.size(), 2u);
  // The object's own tags override its bucket's.
  book.Apply(Change(object, "AWS::S3::Object", TagOp::kReplace, {{"env", "archive", true}}), "object-tagging");
  e = book.Effective(object, "AWS::S3::Object", kAcct, "us-east-1");
  EXPECT_EQ(e.tags, (TagBook::Tags{{"app", "payments"}, {"env", "archive"}}));
  EXPECT_EQ(e.event_id, "object-tagging");
}

TEST(TagsBook, SameResourceUnderTwoNames) {
  // TagRole names the role by name (path "/"); its sessions name it with its path.
  TagBook book;
  book.Want("arn:aws:iam::111122223333:role/service-role/app-role", "AWS::IAM::Role", kAcct, "global");
  book.Apply(Change("arn:aws:iam::111122223333:role/app-role", "AWS::IAM::Role", TagOp::kSet, {{"app", "x", true}}), "t");
  EXPECT_NE(book.Find("arn:aws:iam::111122223333:role/service-role/app-role", "AWS::IAM::Role", kAcct, "global"), nullptr);
  // A secret tagged by name, read by ARN (its random suffix).
  const std::string sm = "AWS::SecretsManager::Secret";
  book.Want("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", sm, kAcct, "us-east-1");
  TagChange c{{"prod/db", sm, kAcct, "us-east-1"}, TagOp::kSet, {{"app", "ledger", true}}};
  book.Apply(c, "s");
  const TagBook::Entry* e =
      book.Find("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf", sm, kAcct, "us-east-1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->tags.at("app"), "ledger");
}

}  // namespace
}  // namespace credtrace::investigate
