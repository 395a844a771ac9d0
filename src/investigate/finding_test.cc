// Findings as seeds: every form a finding is saved in (tests/data/findings), every field taken
// from it, the derived principal ARN and severity label, and errors that say where.
#include "investigate/finding.h"

#include <gtest/gtest.h>

#include <string>

#include "base/file.h"
#include "investigate/located_json.h"

namespace credtrace::investigate {
namespace {

const std::string kDir = std::string(CREDTRACE_SOURCE_DIR) + "/tests/data/findings/";

constexpr const char* kAccount = "284136505128";
constexpr const char* kInstanceKey = "ASIAUEJ6274UK3GFI4TW";
constexpr const char* kUserKey = "AKIAUEJ6274UMRI6GHYK";
constexpr const char* kExfilType =
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS";
constexpr const char* kRoleSessionArn =
    "arn:aws:sts::284136505128:assumed-role/waf-proxy-role/i-07359ff1ae51a0d9d";

std::string Data(const std::string& file) {
  auto text = ReadFile(kDir + file);
  EXPECT_TRUE(text.ok()) << file;
  return text.ok() ? *text : std::string();
}

std::vector<Finding> Parse(const std::string& file) {
  auto r = ParseFindings(Data(file), file);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<Finding>{};
}

std::string Iso(const std::optional<TimeMs>& t) { return t ? FormatIsoTime(*t) : "(none)"; }

// The instance-credential exfiltration finding as every form of it must read.
void ExpectExfiltration(const Finding& f) {
  EXPECT_EQ(f.type, kExfilType);
  EXPECT_EQ(f.id.substr(f.id.size() - 32), "08fe8e8f786368777081edc35f8b72f2");
  EXPECT_EQ(
      f.title,
      "Credentials for the EC2 instance role waf-proxy-role used from an external IP address.");
  EXPECT_EQ(f.severity, 8);
  EXPECT_EQ(f.severity_label, "HIGH");
  EXPECT_EQ(f.account, kAccount);
  EXPECT_EQ(f.region, "us-east-1");
  EXPECT_EQ(f.access_key_id, kInstanceKey);
  EXPECT_EQ(f.principal_id, "AROAUEJ6274UMBSLPABIL:i-07359ff1ae51a0d9d");
  EXPECT_EQ(f.user_name, "waf-proxy-role");
  EXPECT_EQ(f.user_type, "AssumedRole");
  EXPECT_EQ(f.principal_arn, kRoleSessionArn);
  EXPECT_EQ(Iso(f.first_seen), "2024-08-02T08:55:00Z");
  EXPECT_EQ(Iso(f.last_seen), "2024-08-02T09:41:37Z");
  EXPECT_EQ(f.remote_ips, std::vector<std::string>{"198.51.100.23"});
  EXPECT_EQ(f.asn, "64500");
  EXPECT_EQ(f.asn_org, "EXAMPLE-HOSTING-AS");
  EXPECT_EQ(f.api, "ListBuckets");
  EXPECT_EQ(f.service_name, "s3.amazonaws.com");
  EXPECT_EQ(f.instance_id, "i-07359ff1ae51a0d9d");
}

TEST(FindingParse, GuardDutyCliOutputGivesEveryField) {
  std::vector<Finding> v = Parse("guardduty-get-findings.json");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].product, "guardduty");
  EXPECT_EQ(v[0].id, "08fe8e8f786368777081edc35f8b72f2");
  ExpectExfiltration(v[0]);
  EXPECT_EQ(v[0].user_agent,
            "aws-cli/1.22.34 Python/3.11.2 Linux/6.5.0-kali3-amd64 botocore/1.31.85");

  const Finding& u = v[1];
  EXPECT_EQ(u.product, "guardduty");
  EXPECT_EQ(u.id, "0c50a3621656dadf84b2122643f54781");
  EXPECT_EQ(u.type, "CredentialAccess:IAMUser/AnomalousBehavior");
  EXPECT_EQ(u.title, "Unusual credential access APIs were invoked by IAM user svc-reporting.");
  EXPECT_EQ(u.severity, 5);
  EXPECT_EQ(u.severity_label, "MEDIUM");
  EXPECT_EQ(u.account, kAccount);
  EXPECT_EQ(u.region, "eu-west-1");
  EXPECT_EQ(u.access_key_id, kUserKey);
  EXPECT_EQ(u.principal_id, "AIDAUEJ6274UHLBLFTKGE");
  EXPECT_EQ(u.user_name, "svc-reporting");
  EXPECT_EQ(u.user_type, "IAMUser");
  EXPECT_EQ(u.principal_arn, "arn:aws:iam::284136505128:user/svc-reporting");
  EXPECT_EQ(Iso(u.first_seen), "2024-08-03T14:20:05Z");  // written without milliseconds
  EXPECT_EQ(Iso(u.last_seen), "2024-08-03T14:24:58Z");
  EXPECT_EQ(u.remote_ips, std::vector<std::string>{"203.0.113.77"});
  EXPECT_EQ(u.asn, "64496");
  EXPECT_EQ(u.asn_org, "EXAMPLE-VPN");
  EXPECT_EQ(u.api, "GetSecretValue");
  EXPECT_EQ(u.service_name, "secretsmanager.amazonaws.com");
  EXPECT_EQ(u.user_agent.substr(0, 14), "Boto3/1.34.11 ");
  EXPECT_EQ(u.instance_id, "");
}

TEST(FindingParse, GuardDutyEventBridgeEventReadsLikeTheCliForm) {
  std::vector<Finding> v = Parse("guardduty-eventbridge.json");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].product, "guardduty");
  ExpectExfiltration(v[0]);
  EXPECT_EQ(v[0].user_agent,
            "aws-cli/1.22.34 Python/3.11.2 Linux/6.5.0-kali3-amd64 botocore/1.31.85");
}

TEST(FindingParse, SecurityHubEventBridgeEventRecoversGuardDutyTypes) {
  std::vector<Finding> v = Parse("securityhub-eventbridge.json");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].product, "securityhub");
  EXPECT_EQ(v[0].id,
            "arn:aws:guardduty:us-east-1:284136505128:detector/62a954c3db0bd60df2744baab85d5172/"
            "finding/08fe8e8f786368777081edc35f8b72f2");
  // The key only in Resources[].Id; ASN a number in ASFF.
  ExpectExfiltration(v[0]);
  EXPECT_EQ(v[0].user_agent, "");

  // Tactic-named type, no Product severity, no Action: ProductFields fill in.
  const Finding& u = v[1];
  EXPECT_EQ(u.product, "securityhub");
  EXPECT_EQ(u.type, "CredentialAccess:IAMUser/AnomalousBehavior");
  EXPECT_EQ(u.severity, 4);
  EXPECT_EQ(u.severity_label, "MEDIUM");
  EXPECT_EQ(u.account, kAccount);
  EXPECT_EQ(u.region, "eu-west-1");
  EXPECT_EQ(u.access_key_id, kUserKey);
  EXPECT_EQ(u.principal_id, "AIDAUEJ6274UHLBLFTKGE");
  EXPECT_EQ(u.user_name, "svc-reporting");
  EXPECT_EQ(u.user_type, "IAMUser");
  EXPECT_EQ(u.principal_arn, "arn:aws:iam::284136505128:user/svc-reporting");
  EXPECT_EQ(Iso(u.first_seen), "2024-08-03T14:20:05Z");
  EXPECT_EQ(Iso(u.last_seen), "2024-08-03T14:24:58Z");
  EXPECT_EQ(u.remote_ips, std::vector<std::string>{"203.0.113.77"});
  EXPECT_EQ(u.asn, "64496");
  EXPECT_EQ(u.asn_org, "EXAMPLE-VPN");
  EXPECT_EQ(u.api, "GetSecretValue");
  EXPECT_EQ(u.service_name, "secretsmanager.amazonaws.com");
}

TEST(FindingParse, SecurityHubGetFindingsFromAnotherProduct) {
  std::vector<Finding> v = Parse("securityhub-get-findings.json");
  ASSERT_EQ(v.size(), 1u);
  const Finding& f = v[0];
  EXPECT_EQ(f.product, "securityhub");
  EXPECT_EQ(f.id, "exposed-key/2024-08-04/AKIAUEJ6274UG47AHWYO");
  EXPECT_EQ(f.type,
            "Unusual Behaviors/User/Exposed Access Key");  // not GuardDuty: first Types entry
  EXPECT_EQ(f.title, "Access key of deploy-bot found in a public repository");
  EXPECT_EQ(f.severity, 9);  // Normalized / 10: Product is on the product's own scale
  EXPECT_EQ(f.severity_label, "CRITICAL");
  EXPECT_EQ(f.account, kAccount);
  EXPECT_EQ(f.region, "us-east-1");  // from the resources
  EXPECT_EQ(f.access_key_id, "AKIAUEJ6274UG47AHWYO");
  EXPECT_EQ(f.user_name, "deploy-bot");  // from the AwsIamUser resource
  EXPECT_EQ(f.principal_id, "AIDAUEJ6274UHQ3NWVX2C");
  EXPECT_EQ(f.user_type, "IAMUser");
  EXPECT_EQ(f.principal_arn, "arn:aws:iam::284136505128:user/deploy-bot");
  EXPECT_EQ(Iso(f.first_seen), "2024-08-04T06:12:00Z");  // CreatedAt
  EXPECT_EQ(Iso(f.last_seen), "2024-08-04T06:12:00Z");   // UpdatedAt
  EXPECT_TRUE(f.remote_ips.empty());
  EXPECT_EQ(f.api, "");
}

TEST(FindingParse, JsonLinesOfEventBridgeEvents) {
  std::vector<Finding> v = Parse("eventbridge-events.jsonl");
  ASSERT_EQ(v.size(), 3u);

  const Finding& root = v[0];
  EXPECT_EQ(root.product, "guardduty");
  EXPECT_EQ(root.type, "Policy:IAMUser/RootCredentialUsage");
  EXPECT_EQ(root.severity_label, "LOW");
  EXPECT_EQ(root.access_key_id, "ASIAUEJ6274UPK4Q2BV6");
  EXPECT_EQ(root.user_type, "Root");
  EXPECT_EQ(root.principal_arn, "arn:aws:iam::284136505128:root");
  EXPECT_EQ(root.remote_ips, std::vector<std::string>{"2001:db8:4f2a::17"});
  EXPECT_EQ(root.api, "DescribeInstances");
  EXPECT_EQ(Iso(root.first_seen), "2024-08-04T20:58:30Z");

  const Finding& tor = v[1];
  EXPECT_EQ(tor.product, "securityhub");
  EXPECT_EQ(tor.type, "UnauthorizedAccess:IAMUser/TorIPCaller");
  EXPECT_EQ(tor.severity, 5);
  EXPECT_EQ(tor.severity_label, "MEDIUM");
  EXPECT_EQ(tor.access_key_id, kInstanceKey);
  EXPECT_EQ(tor.principal_arn, kRoleSessionArn);
  EXPECT_EQ(tor.api, "GetCallerIdentity");
  EXPECT_EQ(Iso(tor.first_seen), "2024-08-05T02:10:09Z");

  // A finding about an instance, with no credential in it, is returned all the same.
  const Finding& probe = v[2];
  EXPECT_EQ(probe.type, "Recon:EC2/PortProbeUnprotectedPort");
  EXPECT_EQ(probe.access_key_id, "");
  EXPECT_EQ(probe.principal_id, "");
  EXPECT_EQ(probe.principal_arn, "");
  EXPECT_EQ(probe.instance_id, "i-07359ff1ae51a0d9d");
  EXPECT_EQ(Iso(probe.first_seen), "2024-08-05T02:41:00Z");
}

TEST(FindingParse, BareFindingsArraysConcatenationAndEmptyInputs) {
  const std::string bare =
      R"({"accountId":"111122223333","id":"f1","type":"Recon:IAMUser/MaliciousIPCaller","severity":9.5,)"
      R"("resource":{"accessKeyDetails":{"accessKeyId":"AKIAQ2EXAMPLEKEY234","userName":"ci","userType":"IAMUser"}}})";
  auto one = ParseFindings(bare, "bare");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].severity_label, "CRITICAL");
  EXPECT_EQ((*one)[0].principal_arn, "arn:aws:iam::111122223333:user/ci");
  EXPECT_FALSE((*one)[0].first_seen.has_value());

  // The API's own camelCase list, an array mixing forms, and two documents back to back.
  auto api = ParseFindings("{\"findings\":[" + bare + "," + bare + "]}", "api");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->size(), 2u);
  auto mixed = ParseFindings("[" + bare + "," + Data("guardduty-eventbridge.json") + "," +
                                 Data("securityhub-get-findings.json") + "]",
                             "mixed");
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  ASSERT_EQ(mixed->size(), 3u);
  EXPECT_EQ((*mixed)[1].type, kExfilType);
  auto concatenated = ParseFindings("\xEF\xBB\xBF" + bare + bare + "\n\n " + bare, "concat");
  ASSERT_TRUE(concatenated.ok()) << concatenated.status().ToString();
  EXPECT_EQ(concatenated->size(), 3u);

  for (const char* empty :
       {"", " \n", "{\"findings\":[]}", "{\"Findings\":[],\"NextToken\":null}"}) {
    auto r = ParseFindings(empty, "empty");
    ASSERT_TRUE(r.ok()) << empty;
    EXPECT_TRUE(r->empty()) << empty;
  }
}

TEST(FindingParse, AttackerChosenStringsAreCopiedAsTheyAre) {
  // Escape sequences and NUL in a user agent: kept byte for byte (printing is the CLI's job).
  auto r = ParseFindings(
      R"({"accountId":"111122223333","type":"PenTest:IAMUser/KaliLinux","service":{"action":)"
      R"({"awsApiCallAction":{"userAgent":"kali\u001b[2J\u0000x","api":"ListUsers"}}}})",
      "ua");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].user_agent, std::string("kali\x1b[2J\0x", 10));
}

TEST(FindingDerive, PrincipalArnFromKeyDetails) {
  EXPECT_EQ(PrincipalArnFor("", "111122223333", "IAMUser", "alice", "AIDAEXAMPLE"),
            "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(
      PrincipalArnFor("aws", "111122223333", "AssumedRole", "Admin", "AROAEXAMPLE:bob@example.com"),
      "arn:aws:sts::111122223333:assumed-role/Admin/bob@example.com");
  EXPECT_EQ(PrincipalArnFor("aws-cn", "111122223333", "Root", "Root", "111122223333"),
            "arn:aws-cn:iam::111122223333:root");
  // Not enough to go on: no session, no name, a type without a rule, a bad account or partition.
  EXPECT_EQ(PrincipalArnFor("aws", "111122223333", "AssumedRole", "Admin", "AROAEXAMPLE"), "");
  EXPECT_EQ(PrincipalArnFor("aws", "111122223333", "AssumedRole", "Admin", "AROAEXAMPLE:"), "");
  EXPECT_EQ(PrincipalArnFor("aws", "111122223333", "IAMUser", "", "AIDAEXAMPLE"), "");
  EXPECT_EQ(
      PrincipalArnFor("aws", "111122223333", "FederatedUser", "partner", "111122223333:partner"),
      "");
  EXPECT_EQ(PrincipalArnFor("aws", "", "Root", "", ""), "");
  EXPECT_EQ(PrincipalArnFor("aws", "1111:x", "Root", "", ""), "");
  EXPECT_EQ(PrincipalArnFor("aws:evil", "111122223333", "Root", "", ""), "");
}

TEST(FindingDerive, SeverityLabels) {
  EXPECT_EQ(GuardDutySeverityLabel(0), "INFORMATIONAL");
  EXPECT_EQ(GuardDutySeverityLabel(1), "LOW");
  EXPECT_EQ(GuardDutySeverityLabel(3.9), "LOW");
  EXPECT_EQ(GuardDutySeverityLabel(4), "MEDIUM");
  EXPECT_EQ(GuardDutySeverityLabel(6.9), "MEDIUM");
  EXPECT_EQ(GuardDutySeverityLabel(7), "HIGH");
  EXPECT_EQ(GuardDutySeverityLabel(8.9), "HIGH");
  EXPECT_EQ(GuardDutySeverityLabel(9), "CRITICAL");
  EXPECT_EQ(GuardDutySeverityLabel(10), "CRITICAL");
}

TEST(FindingDerive, AsffTypesAndSeverityWithoutLabel) {
  auto r = ParseFindings(
      R"({"SchemaVersion":"2018-10-08","Id":"x","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty",)"
      R"("AwsAccountId":"111122223333","Types":["TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"],)"
      R"("Severity":{"Product":2},"CreatedAt":"2024-01-04T15:25:10.123456789+01:00"})",
      "asff");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].type, "UnauthorizedAccess:EC2/SSHBruteForce");
  EXPECT_EQ((*r)[0].severity, 2);
  EXPECT_EQ((*r)[0].severity_label, "LOW");
  EXPECT_EQ(Iso((*r)[0].first_seen), "2024-01-04T14:25:10.123Z");
}

// The status of parsing `file` must be `code` and say "<file>: byte <offset>: " + `what`.
void ExpectError(const Result<std::vector<Finding>>& r, StatusCode code, const std::string& file,
                 size_t offset, const std::string& what) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  std::string prefix = file + ": byte " + std::to_string(offset) + ": ";
  EXPECT_EQ(r.status().message().substr(0, prefix.size()), prefix) << r.status().message();
  EXPECT_NE(r.status().message().find(what), std::string::npos) << r.status().message();
}

TEST(FindingErrors, TruncatedFileNamesItsEnd) {
  std::string text = Data("broken-truncated.json");
  ExpectError(ParseFindings(text, "broken-truncated.json"), StatusCode::kCorrupt,
              "broken-truncated.json", text.size(), "invalid JSON: syntax error");
}

TEST(FindingErrors, WrongTypeNamesTheFieldAndItsOffset) {
  std::string text = Data("broken-wrong-type.json");
  size_t at = text.find("12345678");
  ASSERT_NE(at, std::string::npos);
  ExpectError(
      ParseFindings(text, "broken-wrong-type.json"), StatusCode::kCorrupt, "broken-wrong-type.json",
      at, "findings[0].resource.accessKeyDetails.accessKeyId: expected a string, found a number");
}

TEST(FindingErrors, CloudTrailFileIsNotAFinding) {
  ExpectError(ParseFindings(Data("broken-not-a-finding.json"), "broken-not-a-finding.json"),
              StatusCode::kInvalidArgument, "broken-not-a-finding.json", 0,
              "not a GuardDuty or Security Hub finding");
}

TEST(FindingErrors, BadSecondLineOfJsonLines) {
  std::string text = Data("broken-second-line.jsonl");
  size_t at = text.find(",,");
  ASSERT_NE(at, std::string::npos);
  ExpectError(ParseFindings(text, "broken-second-line.jsonl"), StatusCode::kCorrupt,
              "broken-second-line.jsonl", at + 1, "invalid JSON");
}

TEST(FindingErrors, WrongTypesInline) {
  struct Case {
    std::string text;
    std::string marker;  // the offending value starts here
    std::string what;
  };
  const std::string head = R"({"findings":[{"accountId":"111122223333","type":"T",)";
  const std::vector<Case> cases = {
      {head + R"("severity":"HIGH"}]})", R"("HIGH")",
       "findings[0].severity: expected a number, found a string"},
      {head + R"("resource":[1]}]})", "[1]",
       "findings[0].resource: expected an object, found an array"},
      {head + R"("service":{"eventFirstSeen":"yesterday"}}]})", R"("yesterday")",
       "findings[0].service.eventFirstSeen: expected an ISO 8601 time"},
      // Duplicate keys: the last one is the one parsed, and the one named.
      {head + R"("severity":1,"severity":true}]})", "true",
       "findings[0].severity: expected a number, found a boolean"},
      // An escaped key is found all the same.
      {head + R"("sev\u0065rity":"x"}]})", R"("x")", "findings[0].severity: expected a number"},
      {R"({"Findings":[{"ProductArn":"p","AwsAccountId":"1","Types":"TTPs"}]})", R"("TTPs")",
       "Findings[0].Types: expected an array"},
      {R"({"detail-type":"GuardDuty Finding","detail":"x"})", R"("x")",
       "detail: expected an object"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    size_t at = c.text.find(c.marker);
    ASSERT_NE(at, std::string::npos);
    ExpectError(ParseFindings(c.text, "inline.json"), StatusCode::kCorrupt, "inline.json", at,
                c.what);
  }
}

TEST(FindingErrors, ShapesThatAreNotFindings) {
  ExpectError(ParseFindings("{\"a\":1}\n[{\"b\":2}]", "f"), StatusCode::kInvalidArgument, "f", 0,
              "not a GuardDuty or Security Hub finding");
  ExpectError(ParseFindings("{\"findings\":[]}\n[{\"b\":2}]", "f"), StatusCode::kInvalidArgument,
              "f", 17, "[0]: not a GuardDuty or Security Hub finding");
  ExpectError(ParseFindings("{\"findings\":[1]}", "f"), StatusCode::kInvalidArgument, "f", 13,
              "findings[0]: expected a finding object");
  ExpectError(
      ParseFindings(
          "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":\"x\"}}",
          "f"),
      StatusCode::kInvalidArgument, "f", 0, "an EventBridge event that holds no finding");
  ExpectError(ParseFindings("[[[[[{}]]]]]", "f"), StatusCode::kInvalidArgument, "f", 4,
              "nested too deep");
  ExpectError(ParseFindings("{\"findings\":[]} x", "f"), StatusCode::kCorrupt, "f", 16,
              "expected a JSON object or array");
  ExpectError(ParseFindings("{\"findings\":[]},{\"findings\":[]}", "f"), StatusCode::kCorrupt, "f",
              15, "expected a JSON object or array");
  ExpectError(ParseFindings("42", "f"), StatusCode::kCorrupt, "f", 0,
              "expected a JSON object or array");
  ExpectError(ParseFindings("{\"type\":\"\xff\"}", "f"), StatusCode::kCorrupt, "f", 9,
              "invalid JSON");
}

TEST(FindingErrors, DeepNestingIsRefusedNotRecursedInto) {
  std::string deep(100000, '[');
  ExpectError(ParseFindings(deep, "deep"), StatusCode::kCorrupt, "deep", kMaxJsonDepth,
              "nested deeper");
  std::string objects;
  for (size_t i = 0; i < 300; ++i) objects += "{\"a\":";
  ExpectError(ParseFindings(objects, "deep"), StatusCode::kCorrupt, "deep", kMaxJsonDepth * 5,
              "nested deeper");
}

TEST(FindingLocate, OffsetsOfValuesByPath) {
  const std::string doc = R"( {"a": [10, {"b" : "x", "b": {"c": [true, null]}}], "d": 1} )";
  EXPECT_EQ(LocateJsonValue(doc, {}), 1u);
  EXPECT_EQ(LocateJsonValue(doc, {std::string("a")}), doc.find('['));
  EXPECT_EQ(LocateJsonValue(doc, {std::string("a"), size_t{0}}), doc.find("10"));
  EXPECT_EQ(LocateJsonValue(doc, {std::string("a"), size_t{1}, std::string("b")}),
            doc.find("{\"c\""));
  EXPECT_EQ(LocateJsonValue(
                doc, {std::string("a"), size_t{1}, std::string("b"), std::string("c"), size_t{1}}),
            doc.find("null"));
  EXPECT_EQ(LocateJsonValue(doc, {std::string("d")}), doc.find(" 1}") + 1);
  // Missing steps stop at the deepest value found.
  EXPECT_EQ(LocateJsonValue(doc, {std::string("a"), size_t{5}}), doc.find('['));
  EXPECT_EQ(LocateJsonValue(doc, {std::string("zz")}), 1u);
  EXPECT_EQ(JsonPathText({std::string("a"), size_t{1}, std::string("b")}), "a[1].b");
  EXPECT_EQ(JsonPathText({size_t{0}, std::string("detail")}), "[0].detail");
}

}  // namespace
}  // namespace credtrace::investigate
