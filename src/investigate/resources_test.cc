// The resource table against real records (stratus-red-team detonations), against the
// simulator's answer key, against hostile values, and against its documentation.
#include "investigate/resources.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/gzip.h"
#include "sim/simulator.h"

namespace credtrace::investigate {
namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

const fs::path kStratus = fs::path(CREDTRACE_SHARED_DIR) / "datasets" / "stratus-detonation-logs";

Record Parse(std::string_view json) {
  auto r = Record::Parse(json);
  EXPECT_TRUE(r.ok()) << json;
  return std::move(r).value();
}

// One line per touch: what the expectations below are written in.
std::string Describe(const ResourceTouch& t) {
  std::string s = std::string(ActionName(t.action)) + " " + t.type + " " + t.id + " @" + t.region;
  if (!t.aspect.empty()) s += " aspect=" + t.aspect;
  if (!t.shared_with.empty()) s += " shared=" + t.shared_with;
  return s;
}

// Every record of a JSON array file, as text.
std::vector<std::string> RecordsOf(const fs::path& file) {
  std::vector<std::string> out;
  auto text = ReadFile(file);
  EXPECT_TRUE(text.ok()) << file;
  if (!text.ok()) return out;
  dom::parser parser;
  dom::array arr;
  EXPECT_FALSE(parser.parse(*text).get_array().get(arr)) << file;
  for (dom::element e : arr) out.push_back(simdjson::minify(e));
  return out;
}

// The touches of every record named `event` in a stratus file, in file order, each once.
std::vector<std::string> TouchesOf(const std::string& file, const std::string& event) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& json : RecordsOf(kStratus / file)) {
    Record rec = Parse(json);
    if (rec.Str("eventName") != event) continue;
    for (const ResourceTouch& t : ExtractResources(rec)) {
      std::string d = Describe(t);
      if (seen.insert(d).second) out.push_back(d);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Real records: the main events of each technique and what they touch (written from the
// records and aws-ir-facts.md, not from the code's output).

struct Expectation {
  const char* file;
  const char* event;
  std::vector<std::string> touches;  // empty: the event touches nothing
  size_t count = 0;                  // when set: that many touches, the first ones `touches`
};

const std::vector<Expectation>& StratusExpectations() {
  static const std::vector<Expectation> kExpect = {
      {"aws.persistence.iam-backdoor-user.json",
       "CreateAccessKey",
       {"created AWS::IAM::AccessKey AKIAL80DWDVKKM0UXEER @global",
        "modified AWS::IAM::User arn:aws:iam::946986569305:user/stratus-red-team-backdoor-u-user "
        "@global aspect=access-key"}},
      {"aws.persistence.iam-create-admin-user.json",
       "CreateUser",
       {"created AWS::IAM::User arn:aws:iam::229654561268:user/malicious-iam-user @global"}},
      {"aws.persistence.iam-create-admin-user.json",
       "AttachUserPolicy",
       {"modified AWS::IAM::User arn:aws:iam::229654561268:user/malicious-iam-user @global "
        "aspect=attached-policy"}},
      {"aws.persistence.iam-create-admin-user.json",
       "CreateAccessKey",
       {"created AWS::IAM::AccessKey AKIAXAFZN8JEPF6L682H @global",
        "modified AWS::IAM::User arn:aws:iam::229654561268:user/malicious-iam-user @global "
        "aspect=access-key"}},
      {"aws.persistence.iam-backdoor-role.json",
       "UpdateAssumeRolePolicy",
       {"modified AWS::IAM::Role arn:aws:iam::751203476945:role/stratus-red-team-backdoor-r-role "
        "@global aspect=trust-policy"}},
      {"aws.persistence.iam-create-backdoor-role.json",
       "CreateRole",
       {"created AWS::IAM::Role arn:aws:iam::609418236337:role/stratus-red-team-malicious-iam-role "
        "@global"}},
      {"aws.persistence.iam-create-backdoor-role.json",
       "AttachRolePolicy",
       {"modified AWS::IAM::Role "
        "arn:aws:iam::609418236337:role/stratus-red-team-malicious-iam-role @global "
        "aspect=attached-policy"}},
      {"aws.persistence.iam-create-user-login-profile.json",
       "CreateLoginProfile",
       {"modified AWS::IAM::User "
        "arn:aws:iam::070411556318:user/stratus-red-team-login-profile-user @global "
        "aspect=login-profile"}},
      // Failed (EntityTemporarilyUnmodifiable), but the record names its target.
      {"aws.persistence.iam-create-user-login-profile.json",
       "DeleteLoginProfile",
       {"modified AWS::IAM::User "
        "arn:aws:iam::070411556318:user/stratus-red-team-login-profile-user @global "
        "aspect=login-profile"}},
      {"aws.persistence.iam-create-user-login-profile.json", "GetCallerIdentity", {}},
      {"aws.privilege-escalation.iam-update-user-login-profile.json",
       "UpdateLoginProfile",
       {"modified AWS::IAM::User "
        "arn:aws:iam::763751499319:user/stratus-red-team-update-login-profile-user @global "
        "aspect=login-profile"}},
      {"aws.persistence.sts-federation-token.json", "GetFederationToken", {}},
      {"aws.exfiltration.ec2-share-ebs-snapshot.json",
       "ModifySnapshotAttribute",
       {"shared AWS::EC2::Snapshot arn:aws:ec2:me-central-3r::snapshot/snap-041993b54a9b3af6f "
        "@me-central-3r "
        "aspect=create-volume-permission shared=098797384747"}},
      {"aws.exfiltration.ec2-share-ami.json",
       "ModifyImageAttribute",
       {"shared AWS::EC2::Image arn:aws:ec2:me-south-1r::image/ami-de1fbCab6ccB03e6D @me-south-1r "
        "aspect=launch-permission shared=846424999548"}},
      {"aws.exfiltration.rds-share-snapshot.json",
       "ModifyDBSnapshotAttribute",
       {"shared AWS::RDS::DBSnapshot "
        "arn:aws:rds:meiso-eastwest-2r:171471557522:snapshot:exfiltration @meiso-eastwest-2r "
        "aspect=restore-permission shared=503161813013"}},
      {"aws.exfiltration.ec2-security-group-open-port-22-ingress.json",
       "AuthorizeSecurityGroupIngress",
       {"modified AWS::EC2::SecurityGroup "
        "arn:aws:ec2:us-northeast-1r:032092706103:security-group/sg-003dc7f1f1c686164 "
        "@us-northeast-1r aspect=ingress"}},
      {"aws.credential-access.secretsmanager-retrieve-secrets.json", "ListSecrets", {}},
      // Filters only: the secrets read are every one the filter matched.
      {"aws.credential-access.secretsmanager-batch-retrieve-secrets.json",
       "BatchGetSecretValue",
       {"read AWS::SecretsManager::Secret "
        "arn:aws:secretsmanager:eu-westwest-1r:165109126369:secret:* @eu-westwest-1r"}},
      {"aws.credential-access.ssm-retrieve-securestring-parameters.json", "DescribeParameters", {}},
      {"aws.defense-evasion.cloudtrail-stop.json",
       "StopLogging",
       {"modified AWS::CloudTrail::Trail "
        "arn:aws:cloudtrail:apiso-centralnorth-2r:143434273843:trail/"
        "stratus-red-team-ct-stop-trail-buykxbqejv @apiso-centralnorth-2r aspect=logging"}},
      {"aws.defense-evasion.cloudtrail-delete.json",
       "DeleteTrail",
       {"deleted AWS::CloudTrail::Trail arn:aws:cloudtrail:megov-westwest-1r:847129010505:trail/"
        "stratus-red-team-cloudtraild-trail-kvrwohmiai @megov-westwest-1r"}},
      {"aws.defense-evasion.cloudtrail-event-selectors.json",
       "PutEventSelectors",
       {"modified AWS::CloudTrail::Trail arn:aws:cloudtrail:cn-northsouth-2r:958312252124:trail/"
        "stratus-red-team-ctes-trail-khlvciwdor @cn-northsouth-2r aspect=event-selectors"}},
      {"aws.defense-evasion.vpc-remove-flow-logs.json",
       "DeleteFlowLogs",
       {"deleted AWS::EC2::FlowLog "
        "arn:aws:ec2:megov-south-1r:498376118699:vpc-flow-log/fl-0e17aa62a21d4bbfe "
        "@megov-south-1r"}},
      {"aws.defense-evasion.dns-delete-logs.json",
       "DeleteResolverQueryLogConfig",
       {"deleted AWS::Route53Resolver::ResolverQueryLoggingConfig "
        "arn:aws:route53resolver:sa-central-3r:206821776919:"
        "resolver-query-log-config/rqlc-4473f20ca554c07 @sa-central-3r"}},
      // Denied with requestParameters null: nothing named.
      {"aws.defense-evasion.organizations-leave.json", "LeaveOrganization", {}},
      {"aws.defense-evasion.organizations-leave.json",
       "AssumeRole",
       {"assumed AWS::IAM::Role arn:aws:iam::307578594326:role/stratus-red-team-leave-org-role "
        "@global"}},
      // 30 denied attempts on 30 instances: each named, each a target.
      {"aws.credential-access.ec2-get-password-data.json",
       "GetPasswordData",
       {"read AWS::EC2::Instance "
        "arn:aws:ec2:apiso-northsouth-3r:457448411975:instance/i-i2jnm5swa59p4fxg "
        "@apiso-northsouth-3r"},
       30},
      {"aws.credential-access.ec2-get-password-data.json",
       "AssumeRole",
       {"assumed AWS::IAM::Role "
        "arn:aws:iam::457448411975:role/stratus-red-team-ec2-get-password-data-role @global"}},
      {"aws.discovery.ec2-download-user-data.json",
       "DescribeInstanceAttribute",
       {"read AWS::EC2::Instance arn:aws:ec2:apiso-westcentral-3r:321848314756:instance/i-95b86090 "
        "@apiso-westcentral-3r"},
       15},
      {"aws.execution.ec2-launch-unusual-instances.json", "RunInstances", {}},
      {"aws.execution.ec2-user-data.json",
       "ModifyInstanceAttribute",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:ca-northsouth-2r:309303190113:instance/i-DDd6c7B0e18F0E35f "
        "@ca-northsouth-2r aspect=user-data"}},
      {"aws.execution.ec2-user-data.json",
       "StopInstances",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:ca-northsouth-2r:309303190113:instance/i-DDd6c7B0e18F0E35f "
        "@ca-northsouth-2r aspect=power-state"}},
      {"aws.execution.ec2-user-data.json", "DescribeInstances", {}},
      {"aws.execution.ssm-send-command.json",
       "SendCommand",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:sagov-westsouth-1r:056392974792:instance/i-00456A8D163f546Ff "
        "@sagov-westsouth-1r aspect=run-command",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:sagov-westsouth-1r:056392974792:instance/i-cfE23b1a7ceba6f86 "
        "@sagov-westsouth-1r aspect=run-command",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:sagov-westsouth-1r:056392974792:instance/i-9D40CCFc0aE91CFa5 "
        "@sagov-westsouth-1r aspect=run-command"}},
      {"aws.execution.ssm-send-command.json", "DescribeInstanceInformation", {}},
      {"aws.credential-access.ec2-steal-instance-credentials.json",
       "SendCommand",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:us-north-2r:017622104382:instance/i-786a3A8B5C0d92eF4 "
        "@us-north-2r aspect=run-command"}},
      {"aws.execution.ssm-start-session.json",
       "StartSession",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:me-northwest-3r:294599468799:instance/i-eA1d1296c1dE3Aa1f "
        "@me-northwest-3r aspect=session",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:me-northwest-3r:294599468799:instance/i-d0b6DCBA8984dE148 "
        "@me-northwest-3r aspect=session",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:me-northwest-3r:294599468799:instance/i-d3720C7af6fCfF2B2 "
        "@me-northwest-3r aspect=session"}},
      {"aws.execution.ssm-start-session.json", "TerminateSession", {}},
      {"aws.lateral-movement.ec2-instance-connect.json",
       "SendSSHPublicKey",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:eu-south-1r:572910899909:instance/i-fDb357cB7e99ad973 "
        "@eu-south-1r aspect=ssh-public-key",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:eu-south-1r:572910899909:instance/i-6D7Fb8F606130A33d "
        "@eu-south-1r aspect=ssh-public-key",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:eu-south-1r:572910899909:instance/i-9d2abfF1798C34950 "
        "@eu-south-1r aspect=ssh-public-key"}},
      {"aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json",
       "EnableSerialConsoleAccess",
       {"modified AWS::EC2::SerialConsoleAccess "
        "arn:aws:ec2:cniso-east-3r:844015365555:serial-console-access "
        "@cniso-east-3r aspect=enabled"}},
      {"aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json",
       "SendSerialConsoleSSHPublicKey",
       {"modified AWS::EC2::Instance "
        "arn:aws:ec2:cniso-east-3r:844015365555:instance/i-EFCb4e480CAbc4CF9 "
        "@cniso-east-3r aspect=serial-console-ssh-public-key",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:cniso-east-3r:844015365555:instance/i-B2ABDCa5b78E0f1dd "
        "@cniso-east-3r aspect=serial-console-ssh-public-key",
        "modified AWS::EC2::Instance "
        "arn:aws:ec2:cniso-east-3r:844015365555:instance/i-D46eD8FCdefED5aAE "
        "@cniso-east-3r aspect=serial-console-ssh-public-key"}},
      {"aws.impact.bedrock-invoke-model.json",
       "InvokeModel",
       {"read AWS::Bedrock::FoundationModel arn:aws:bedrock:megov-northeast-1r::foundation-model/"
        "anthropic.claude-3-sonnet-20240229-v1:0 @megov-northeast-1r"}},
      {"aws.impact.bedrock-invoke-model.json",
       "CreateFoundationModelAgreement",
       {"modified AWS::Bedrock::FoundationModel "
        "arn:aws:bedrock:megov-northeast-1r::foundation-model/"
        "anthropic.claude-3-sonnet-20240229-v1:0 @megov-northeast-1r aspect=agreement"}},
      {"aws.impact.bedrock-invoke-model.json",
       "PutFoundationModelEntitlement",
       {"modified AWS::Bedrock::FoundationModel "
        "arn:aws:bedrock:megov-northeast-1r::foundation-model/"
        "anthropic.claude-3-sonnet-20240229-v1:0 @megov-northeast-1r aspect=entitlement"}},
      {"aws.impact.bedrock-invoke-model.json",
       "PutUseCaseForModelAccess",
       {"modified AWS::Bedrock::ModelAccess "
        "arn:aws:bedrock:megov-northeast-1r:494659789341:use-case-for-model-access "
        "@megov-northeast-1r aspect=use-case"}},
      {"aws.impact.bedrock-invoke-model.json", "GetFoundationModelAvailability", {}},
      {"aws.initial-access.console-login-without-mfa.json", "ConsoleLogin", {}},
      {"aws.persistence.lambda-backdoor-function.json",
       "AddPermission20150331v2",
       {"shared AWS::Lambda::Function "
        "arn:aws:lambda:ca-centralnorth-1r:880896431042:function:stratus-red-team-backdoor-f-func "
        "@ca-centralnorth-1r aspect=resource-policy shared=all"}},
      {"aws.persistence.lambda-layer-extension.json",
       "UpdateFunctionConfiguration20150331v2",
       {"modified AWS::Lambda::Function arn:aws:lambda:eugov-eastcentral-1r:712967571683:function:"
        "stratus-red-team-lambda-layer-simpleLambda @eugov-eastcentral-1r aspect=configuration"}},
      // The response's ARN names version 1; the resource is the function.
      {"aws.persistence.lambda-overwrite-code.json",
       "UpdateFunctionCode20150331v2",
       {"modified AWS::Lambda::Function arn:aws:lambda:ap-westeast-2r:266106314375:function:"
        "stratus-red-team-olc-func-vayhjqkdav @ap-westeast-2r aspect=code"}},
      {"aws.persistence.rolesanywhere-create-trust-anchor.json",
       "CreateTrustAnchor",
       {"created AWS::RolesAnywhere::TrustAnchor "
        "arn:aws:rolesanywhere:cn-northsouth-3r:791182566784:trust-anchor/"
        "4d07f6a0-1c50-44d3-951b-b68b783daa0a @cn-northsouth-3r"}},
      {"aws.persistence.rolesanywhere-create-trust-anchor.json",
       "CreateProfile",
       {"created AWS::RolesAnywhere::Profile "
        "arn:aws:rolesanywhere:cn-northsouth-3r:791182566784:profile/"
        "910042eb-8463-427d-8095-6fd60ac303d9 @cn-northsouth-3r"}},
  };
  return kExpect;
}

TEST(ResourcesStratus, MainEventsOfEachTechnique) {
  for (const Expectation& e : StratusExpectations()) {
    std::vector<std::string> got = TouchesOf(e.file, e.event);
    if (e.count > 0) {
      EXPECT_EQ(got.size(), e.count) << e.file << " " << e.event;
      got.resize(std::min(got.size(), e.touches.size()));
    }
    EXPECT_EQ(got, e.touches) << e.file << " " << e.event;
  }
}

TEST(ResourcesStratus, EveryRecordOfEveryFileExtracts) {
  size_t files = 0, records = 0;
  for (const auto& entry : fs::directory_iterator(kStratus)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    for (const std::string& json : RecordsOf(entry.path())) {
      Record rec = Parse(json);
      for (const ResourceTouch& t : ExtractResources(rec)) {
        ++records;
        EXPECT_FALSE(t.id.empty()) << json;
        EXPECT_FALSE(t.type.empty()) << json;
        EXPECT_FALSE(t.account.empty()) << json;
        EXPECT_FALSE(t.region.empty()) << json;
      }
    }
  }
  EXPECT_EQ(files, 35u);
  EXPECT_GT(records, 0u);
}

TEST(ResourcesStratus, SecretsReadAreTheSecretsNamed) {
  std::set<std::string> ids;
  for (const std::string& json :
       RecordsOf(kStratus / "aws.credential-access.secretsmanager-retrieve-secrets.json")) {
    Record rec = Parse(json);
    if (rec.Str("eventName") != "GetSecretValue") continue;
    auto touches = ExtractResources(rec);
    ASSERT_EQ(touches.size(), 1u);
    EXPECT_EQ(touches[0].action, ResourceAction::kRead);
    EXPECT_EQ(touches[0].type, "AWS::SecretsManager::Secret");
    EXPECT_EQ(touches[0].id, rec.Str("requestParameters.secretId"));
    EXPECT_EQ(touches[0].account, "903144391865");
    ids.insert(touches[0].id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

// The parameter ARNs built from requestParameters.names are the ones CloudTrail wrote in
// resources[]: the template is right.
TEST(ResourcesStratus, ParameterArnsMatchTheRecordsOwnResources) {
  size_t n = 0;
  for (const std::string& json :
       RecordsOf(kStratus / "aws.credential-access.ssm-retrieve-securestring-parameters.json")) {
    Record rec = Parse(json);
    if (rec.Str("eventName") != "GetParameters") continue;
    std::vector<std::string> ids, arns;
    for (const ResourceTouch& t : ExtractResources(rec)) {
      EXPECT_EQ(t.action, ResourceAction::kRead);
      EXPECT_EQ(t.type, "AWS::SSM::Parameter");
      ids.push_back(t.id);
    }
    for (std::string_view a : rec.Strs("resources[].ARN")) arns.emplace_back(a);
    EXPECT_EQ(ids, arns);
    n += ids.size();
  }
  EXPECT_EQ(n, 42u);  // 10, 10, 10, 10 and 2 names
}

TEST(ResourcesStratus, StatesAreTheLoggedDocumentsCompact) {
  auto only = [](const std::string& file, const std::string& event) {
    for (const std::string& json : RecordsOf(kStratus / file)) {
      Record rec = Parse(json);
      if (rec.Str("eventName") == event) {
        auto t = ExtractResources(rec);
        EXPECT_EQ(t.size(), 1u) << file;
        return t.empty() ? ResourceTouch() : t[0];
      }
    }
    ADD_FAILURE() << file << " has no " << event;
    return ResourceTouch();
  };
  // The trust policy arrives as a string holding pretty-printed JSON.
  EXPECT_EQ(
      only("aws.persistence.iam-backdoor-role.json", "UpdateAssumeRolePolicy").state,
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},)"
      R"("Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::193672423079:root"},)"
      R"("Action":"sts:AssumeRole"}]})");
  EXPECT_EQ(only("aws.persistence.iam-create-backdoor-role.json", "AttachRolePolicy").state,
            R"("arn:aws:iam::aws:policy/AdministratorAccess")");
  EXPECT_EQ(
      only("aws.exfiltration.ec2-security-group-open-port-22-ingress.json",
           "AuthorizeSecurityGroupIngress")
          .state,
      R"({"items":[{"cidrIpv4":"208.236.235.254/0","fromPort":22,"groupId":"sg-003dc7f1f1c686164",)"
      R"("groupOwnerId":"032092706103","ipProtocol":"tcp","isEgress":false,)"
      R"("securityGroupRuleId":"sgr-09b3e3d2ca1edf2a2","toPort":22}]})");
  EXPECT_EQ(
      only("aws.defense-evasion.cloudtrail-event-selectors.json", "PutEventSelectors").state,
      R"([{"dataResources":[{"type":"AWS::S3::Object","values":[]},{"type":"AWS::Lambda::Function","values":[]}],)"
      R"("excludeManagementEventSources":[],"includeManagementEvents":false,"readWriteType":"ReadOnly"}])");
  EXPECT_EQ(only("aws.execution.ec2-user-data.json", "ModifyInstanceAttribute").state,
            R"("<sensitiveDataRemoved>")");
  EXPECT_EQ(
      only("aws.persistence.lambda-backdoor-function.json", "AddPermission20150331v2").state,
      R"({"Sid":"backdoor","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction",)"
      R"("Resource":"arn:aws:lambda:ca-centralnorth-1r:880896431042:function:stratus-red-team-backdoor-f-func"})");
  // The attacker's CA certificate is the trust anchor's state.
  EXPECT_NE(only("aws.persistence.rolesanywhere-create-trust-anchor.json", "CreateTrustAnchor")
                .state.find("-----BEGIN CERTIFICATE-----"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The simulator's answer key: every resource it lists comes out of its events' records.

// Answer-key ids in a format other than AWS's ARN, mapped to AWS's (see the report in
// docs/RESOURCES.md, "Differences from the simulator"). Remove an entry once the simulator
// writes the ARN.
std::string AwsFormatOf(const std::string& id, const std::string& type, const std::string& region,
                        const std::string& account) {
  (void)type;
  (void)region;
  (void)account;
  return id;  // the simulator writes AWS's ARNs since the security-group and flow-log fix
}

struct SimRun {
  fs::path dir;
  std::map<std::string, std::string> records;  // eventID → record text (answer-key events)
  std::string truth;
};

const SimRun& Simulated() {
  static SimRun* run = [] {
    auto* r = new SimRun;
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                        ? fs::path("/dev/shm")
                        : fs::temp_directory_path();
    r->dir = base / ("credtrace-resources-" + std::to_string(getpid()));
    fs::remove_all(r->dir, ec);
    sim::SimOptions o;
    o.scenarios = {"all"};
    o.out = r->dir;
    o.seed = 5;
    o.events = 20000;
    o.days = 3;
    auto res = sim::Simulate(o);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    auto truth = ReadFile(r->dir / "ground_truth.json");
    EXPECT_TRUE(truth.ok());
    if (truth.ok()) r->truth = *truth;
    std::set<std::string> wanted;
    dom::parser tp;
    dom::element t;
    if (!tp.parse(r->truth).get(t)) {
      WalkPath(t, "resources[].eventIds[]", [&](dom::element e) {
        std::string_view s;
        if (!e.get_string().get(s)) wanted.emplace(s);
      });
    }
    dom::parser parser;
    for (const auto& e : fs::recursive_directory_iterator(r->dir / "AWSLogs")) {
      if (!e.is_regular_file()) continue;
      std::string raw;
      EXPECT_TRUE(Gunzip(*ReadFile(e.path()), 1u << 30, &raw).ok()) << e.path();
      dom::element doc;
      if (parser.parse(raw).get(doc)) continue;
      WalkPath(doc, "Records[]", [&](dom::element rec) {
        std::string_view id;
        if (rec["eventID"].get_string().get(id) || !wanted.count(std::string(id))) return;
        r->records.emplace(std::string(id), simdjson::minify(rec));
      });
    }
    fs::remove_all(r->dir, ec);
    return r;
  }();
  return *run;
}

TEST(ResourcesSimulator, EveryAnswerKeyResourceComesOutOfItsEvents) {
  const SimRun& run = Simulated();
  dom::parser parser;
  dom::element truth;
  ASSERT_FALSE(parser.parse(run.truth).get(truth));
  std::map<std::string, int> matched_by_type;
  size_t entries = 0, checks = 0;
  std::vector<std::string> unmatched;
  WalkPath(truth, "resources[]", [&](dom::element res) {
    ++entries;
    std::string id(res["id"].get_string().value()), type(res["type"].get_string().value());
    std::string account(res["account"].get_string().value()),
        region(res["region"].get_string().value());
    std::string action(res["action"].get_string().value());
    std::string want = AwsFormatOf(id, type, region, account);
    bool all = true;
    WalkPath(res, "eventIds[]", [&](dom::element eid) {
      std::string event_id(eid.get_string().value());
      ++checks;
      auto it = run.records.find(event_id);
      if (it == run.records.end()) {
        ADD_FAILURE() << "record " << event_id << " of " << id << " not in the logs";
        all = false;
        return;
      }
      Record rec = Parse(it->second);
      std::string got;
      bool found = false;
      for (const ResourceTouch& t : ExtractResources(rec)) {
        got += "\n  " + Describe(t);
        if (t.id == want && t.type == type && ActionName(t.action) == action) {
          found = true;
          EXPECT_EQ(t.account, account) << id;
          EXPECT_EQ(t.region, region) << id;
        }
      }
      if (!found) {
        all = false;
        unmatched.push_back(action + " " + type + " " + id + " (" +
                            std::string(rec.Str("eventName")) + ")" + got);
      }
    });
    if (all) ++matched_by_type[type];
  });
  EXPECT_GT(entries, 100u);
  EXPECT_GE(checks, entries);
  EXPECT_TRUE(unmatched.empty()) << unmatched.size() << " not produced, e.g.\n"
                                 << unmatched.front();
  std::string summary;
  for (const auto& [type, n] : matched_by_type) {
    summary += "  " + type + ": " + std::to_string(n) + "\n";
  }
  std::cout << "answer-key resources matched: " << entries - unmatched.size() << "/" << entries
            << "\n"
            << summary;
}

// S3 byte counts come from additionalEventData.
TEST(ResourcesSimulator, ObjectReadsCarryTheirBytes) {
  const SimRun& run = Simulated();
  size_t n = 0;
  for (const auto& [id, json] : run.records) {
    Record rec = Parse(json);
    if (rec.Str("eventName") != "GetObject") continue;
    auto touches = ExtractResources(rec);
    ASSERT_EQ(touches.size(), 1u);
    EXPECT_EQ(touches[0].bytes, rec.Num("additionalEventData.bytesTransferredOut", -2));
    EXPECT_GE(touches[0].bytes, 0);
    ++n;
  }
  EXPECT_GT(n, 10u);
}

// ---------------------------------------------------------------------------------------------
// Hand-written records: shapes the samples do not have.

std::string MakeRecord(std::string_view source, std::string_view name, std::string_view request,
                       std::string_view response = "null", std::string_view extra = "") {
  std::string s =
      R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev",)"
      R"("accountId":"111122223333","userName":"dev"},"eventSource":")";
  s += source;
  s += R"(","eventName":")";
  s += name;
  s += R"(","awsRegion":"eu-west-1","recipientAccountId":"111122223333","requestParameters":)";
  s += request;
  s += R"(,"responseElements":)";
  s += response;
  s += extra;
  s += "}";
  return s;
}

std::vector<std::string> Touches(const std::string& json) {
  std::vector<std::string> out;
  Record rec = Parse(json);
  for (const ResourceTouch& t : ExtractResources(rec)) out.push_back(Describe(t));
  return out;
}

TEST(ResourcesRecords, NamesFullOfQuotesAndNewlinesStayData) {
  std::string name = R"(evil\"user\nline2\u0000})";
  auto touches = ExtractResources(
      Parse(MakeRecord("iam.amazonaws.com", "CreateUser", R"({"userName":")" + name + R"("})")));
  ASSERT_EQ(touches.size(), 1u);
  EXPECT_EQ(touches[0].id,
            std::string("arn:aws:iam::111122223333:user/evil\"user\nline2") + '\0' + "}");
  // A policy document that is not JSON stays the string it was.
  touches = ExtractResources(
      Parse(MakeRecord("iam.amazonaws.com", "PutUserPolicy",
                       R"({"userName":"u","policyName":"p\"x","policyDocument":"{not json"})")));
  ASSERT_EQ(touches.size(), 1u);
  EXPECT_EQ(touches[0].aspect, "inline-policy:p\"x");
  EXPECT_EQ(touches[0].state, R"("{not json")");
  // A megabyte name is kept whole.
  std::string big(1 << 20, 'a');
  touches = ExtractResources(
      Parse(MakeRecord("iam.amazonaws.com", "DeleteRole", R"({"roleName":")" + big + R"("})")));
  ASSERT_EQ(touches.size(), 1u);
  EXPECT_EQ(touches[0].id.size(),
            big.size() + std::string("arn:aws:iam::111122223333:role/").size());
}

TEST(ResourcesRecords, WrongTypesAndMissingFieldsYieldNothing) {
  EXPECT_TRUE(Touches(MakeRecord("iam.amazonaws.com", "CreateRole", R"({"roleName":42})")).empty());
  EXPECT_TRUE(Touches(MakeRecord("iam.amazonaws.com", "DeleteRole", "null")).empty());
  EXPECT_TRUE(
      Touches(MakeRecord("ec2.amazonaws.com", "TerminateInstances", R"({"instancesSet":"x"})"))
          .empty());
  EXPECT_TRUE(Touches(R"({"eventName":"CreateUser"})").empty());
  EXPECT_TRUE(Touches(R"({})").empty());
  EXPECT_TRUE(Touches(MakeRecord("sts.amazonaws.com", "GetCallerIdentity", "null")).empty());
}

TEST(ResourcesRecords, LambdaNamesMatchWithTheirApiVersionsOnly) {
  std::string req = R"({"functionName":"fn","authType":"NONE"})";
  EXPECT_EQ(Touches(MakeRecord("lambda.amazonaws.com", "CreateFunctionUrlConfig20211031", req)),
            std::vector<std::string>{
                "modified AWS::Lambda::Function arn:aws:lambda:eu-west-1:111122223333:function:fn "
                "@eu-west-1 aspect=function-url"});
  EXPECT_EQ(
      Touches(MakeRecord("lambda.amazonaws.com", "CreateFunction20150331", req)),
      std::vector<std::string>{"created AWS::Lambda::Function "
                               "arn:aws:lambda:eu-west-1:111122223333:function:fn @eu-west-1"});
  // Partial ARN and qualified name: the function.
  EXPECT_EQ(
      Touches(MakeRecord("lambda.amazonaws.com", "DeleteFunction20150331",
                         R"({"functionName":"111122223333:function:fn:PROD"})")),
      std::vector<std::string>{"deleted AWS::Lambda::Function "
                               "arn:aws:lambda:eu-west-1:111122223333:function:fn @eu-west-1"});
  EXPECT_TRUE(Touches(MakeRecord("lambda.amazonaws.com", "CreateFunctionX", req)).empty());
}

TEST(ResourcesRecords, LambdaPermissionToAnotherAccountOrAService) {
  auto perm = [](std::string_view principal) {
    return Touches(
        MakeRecord("lambda.amazonaws.com", "AddPermission20150331v2",
                   std::string(R"({"functionName":"fn","statementId":"s","principal":")") +
                       std::string(principal) + R"("})"));
  };
  std::string fn =
      "AWS::Lambda::Function arn:aws:lambda:eu-west-1:111122223333:function:fn @eu-west-1 "
      "aspect=resource-policy";
  EXPECT_EQ(perm("444455556666"),
            std::vector<std::string>{"shared " + fn + " shared=444455556666"});
  EXPECT_EQ(perm("arn:aws:iam::444455556666:root"),
            std::vector<std::string>{"shared " + fn + " shared=444455556666"});
  EXPECT_EQ(perm("s3.amazonaws.com"), std::vector<std::string>{"modified " + fn});
}

TEST(ResourcesRecords, SnapshotSharedWithEveryoneAndUnshared) {
  EXPECT_EQ(
      Touches(MakeRecord(
          "ec2.amazonaws.com", "ModifySnapshotAttribute",
          R"({"snapshotId":"snap-1","createVolumePermission":{"add":{"items":[{"group":"all"},{"userId":"444455556666"}]}}})")),
      std::vector<std::string>{
          "shared AWS::EC2::Snapshot arn:aws:ec2:eu-west-1::snapshot/snap-1 @eu-west-1 "
          "aspect=create-volume-permission shared=444455556666,all"});
  EXPECT_EQ(
      Touches(MakeRecord(
          "ec2.amazonaws.com", "ModifySnapshotAttribute",
          R"({"snapshotId":"snap-1","createVolumePermission":{"remove":{"items":[{"userId":"444455556666"}]}}})")),
      std::vector<std::string>{
          "modified AWS::EC2::Snapshot arn:aws:ec2:eu-west-1::snapshot/snap-1 @eu-west-1 "
          "aspect=create-volume-permission"});
}

TEST(ResourcesRecords, S3CopyReadsTheSourceAndWritesTheDestination) {
  EXPECT_EQ(
      Touches(MakeRecord(
          "s3.amazonaws.com", "CopyObject",
          R"({"bucketName":"dst","key":"k/2","x-amz-copy-source":"/src/a%20b.txt?versionId=xyz"})")),
      (std::vector<std::string>{
          "modified AWS::S3::Object arn:aws:s3:::dst/k/2 @eu-west-1 aspect=content",
          "read AWS::S3::Object arn:aws:s3:::src/a b.txt @eu-west-1"}));
  // DeleteObjects does not log its keys.
  EXPECT_EQ(
      Touches(MakeRecord("s3.amazonaws.com", "DeleteObjects", R"({"bucketName":"b","delete":""})")),
      std::vector<std::string>{"deleted AWS::S3::Object arn:aws:s3:::b/* @eu-west-1"});
}

TEST(ResourcesRecords, CreateAccessKeyWithoutUserNameIsOnTheCaller) {
  EXPECT_EQ(
      Touches(MakeRecord("iam.amazonaws.com", "CreateAccessKey", "{}", "null")),
      std::vector<std::string>{
          "modified AWS::IAM::User arn:aws:iam::111122223333:user/dev @global aspect=access-key"});
}

TEST(ResourcesRecords, RootMfaManagedNodesAliasesAndProfiles) {
  EXPECT_EQ(
      Touches(MakeRecord(
          "iam.amazonaws.com", "EnableMFADevice",
          R"({"userName":"AWS ROOT USER","serialNumber":"arn:aws:iam::111122223333:mfa/root-account-mfa-device"})")),
      std::vector<std::string>{
          "modified AWS::IAM::User arn:aws:iam::111122223333:root @global aspect=mfa"});
  EXPECT_EQ(Touches(MakeRecord("ssm.amazonaws.com", "StartSession", R"({"target":"mi-0123"})")),
            std::vector<std::string>{"modified AWS::SSM::ManagedInstance "
                                     "arn:aws:ssm:eu-west-1:111122223333:managed-instance/mi-0123 "
                                     "@eu-west-1 aspect=session"});
  EXPECT_EQ(Touches(MakeRecord("kms.amazonaws.com", "DisableKey", R"({"keyId":"alias/prod"})")),
            std::vector<std::string>{
                "modified AWS::KMS::Key arn:aws:kms:eu-west-1:111122223333:alias/prod @eu-west-1 "
                "aspect=state"});
  EXPECT_EQ(Touches(MakeRecord("bedrock.amazonaws.com", "InvokeModel",
                               R"({"modelId":"us.anthropic.claude-3-haiku-20240307-v1:0"})")),
            std::vector<std::string>{"read AWS::Bedrock::FoundationModel "
                                     "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/"
                                     "us.anthropic.claude-3-haiku-20240307-v1:0 @eu-west-1"});
  EXPECT_EQ(
      Touches(MakeRecord("ssm.amazonaws.com", "GetParametersByPath",
                         R"({"path":"/prod/","recursive":true})")),
      std::vector<std::string>{"read AWS::SSM::Parameter "
                               "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/* @eu-west-1"});
}

TEST(ResourcesRecords, AssumeRoleIntoAnotherAccountBelongsToThatAccount) {
  auto touches = ExtractResources(Parse(MakeRecord(
      "sts.amazonaws.com", "AssumeRole",
      R"({"roleArn":"arn:aws:iam::444455556666:role/ops/Admin","roleSessionName":"x"})")));
  ASSERT_EQ(touches.size(), 1u);
  EXPECT_EQ(touches[0].id, "arn:aws:iam::444455556666:role/ops/Admin");
  EXPECT_EQ(touches[0].account, "444455556666");
  EXPECT_EQ(touches[0].region, "global");
  EXPECT_EQ(touches[0].action, ResourceAction::kAssumed);
}

TEST(ResourcesRecords, PartitionComesFromTheCaller) {
  std::string json = MakeRecord("iam.amazonaws.com", "DeleteUser", R"({"userName":"u"})");
  std::string cn = json;
  cn.replace(cn.find("arn:aws:iam"), 11, "arn:aws-cn:iam");
  EXPECT_EQ(ExtractResources(Parse(cn))[0].id, "arn:aws-cn:iam::111122223333:user/u");
  // A service calling for itself has no ARN: the region tells.
  std::string svc =
      R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventSource":"ec2.amazonaws.com",)"
      R"("eventName":"DeleteVolume","awsRegion":"us-gov-west-1","recipientAccountId":"111122223333",)"
      R"("requestParameters":{"volumeId":"vol-1"}})";
  EXPECT_EQ(ExtractResources(Parse(svc))[0].id,
            "arn:aws-us-gov:ec2:us-gov-west-1:111122223333:volume/vol-1");
}

TEST(ResourcesRecords, EventsWithoutRowsUseTheRecordsResources) {
  std::string res =
      R"(,"readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::KMS::Key",)"
      R"("ARN":"arn:aws:kms:eu-west-1:111122223333:key/k-1"},{"ARN":"arn:aws:ssm:eu-west-1:111122223333:parameter/p"},)"
      R"({"type":"AWS::S3::Object","ARNPrefix":"arn:aws:s3:::b/logs/"},{"type":"x"},"junk"])";
  EXPECT_EQ(
      Touches(MakeRecord("kms.amazonaws.com", "Decrypt", "{}", "null", res)),
      (std::vector<std::string>{
          "read AWS::KMS::Key arn:aws:kms:eu-west-1:111122223333:key/k-1 @eu-west-1",
          "read AWS::SSM::Parameter arn:aws:ssm:eu-west-1:111122223333:parameter/p @eu-west-1",
          "read AWS::S3::Object arn:aws:s3:::b/logs/* @eu-west-1"}));
  // A row that names nothing does not fall back.
  EXPECT_TRUE(Touches(MakeRecord("kms.amazonaws.com", "CreateKey", "{}", "null", res)).empty());
}

TEST(ResourcesRecords, ModifyInstanceAttributeNamesTheAttribute) {
  EXPECT_EQ(
      Touches(MakeRecord("ec2.amazonaws.com", "ModifyInstanceAttribute",
                         R"({"instanceId":"i-1","instanceType":{"value":"p3.16xlarge"}})")),
      std::vector<std::string>{
          "modified AWS::EC2::Instance arn:aws:ec2:eu-west-1:111122223333:instance/i-1 @eu-west-1 "
          "aspect=instance-type"});
  auto t = ExtractResources(Parse(
      MakeRecord("ec2.amazonaws.com", "ModifyInstanceAttribute",
                 R"({"instanceId":"i-1","attribute":"disableApiTermination","value":"false"})")));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].aspect, "disable-api-termination");
  EXPECT_EQ(t[0].state, R"("false")");
}

// ---------------------------------------------------------------------------------------------
// The table itself.

TEST(ResourcesTable, RowsAreWellFormed) {
  std::set<std::string> seen;
  for (const ResourceRule& r : ResourceRules()) {
    std::string row = std::string(r.source) + " " + std::string(r.name) + " " + std::string(r.type);
    EXPECT_TRUE(r.source.ends_with(".amazonaws.com")) << row;
    EXPECT_FALSE(r.name.empty()) << row;
    EXPECT_TRUE(r.type.starts_with("AWS::")) << row;
    EXPECT_TRUE(!r.ids[0].path.empty() ||
                ArnTemplateText(r.ids[0].arn).find("{V}") == std::string_view::npos)
        << row;
    if (r.action == ResourceAction::kShared) {
      EXPECT_TRUE(!r.shared_with[0].empty() || r.special != Special::kNone) << row;
    }
    // Create, delete, read and assume say nothing about an aspect.
    if (r.action == ResourceAction::kCreated || r.action == ResourceAction::kDeleted ||
        r.action == ResourceAction::kRead || r.action == ResourceAction::kAssumed) {
      EXPECT_TRUE(r.aspect.empty()) << row;
    }
    std::string key = row + " " + std::string(ActionName(r.action)) + " " + std::string(r.aspect) +
                      " " + std::string(r.when);
    EXPECT_TRUE(seen.insert(key).second) << "duplicate row " << key;
  }
  EXPECT_GT(ResourceRules().size(), 150u);
}

TEST(ResourcesTable, DocsListEveryRow) {
  auto doc = ReadFile(fs::path(CREDTRACE_SOURCE_DIR) / "docs" / "RESOURCES.md");
  ASSERT_TRUE(doc.ok());
  for (const ResourceRule& r : ResourceRules()) {
    // | `iam` | `CreateUser` | created | AWS::IAM::User |
    std::string_view service = r.source.substr(0, r.source.find('.'));
    std::string line = "| `" + std::string(service) + "` | `" + std::string(r.name) + "` | " +
                       std::string(ActionName(r.action)) + " | " + std::string(r.type) + " |";
    EXPECT_NE(doc->find(line), std::string::npos) << "docs/RESOURCES.md lacks the row\n" << line;
  }
  for (int a = 0; a <= static_cast<int>(Arn::kSesAccountSetting); ++a) {
    std::string text(ArnTemplateText(static_cast<Arn>(a)));
    EXPECT_NE(doc->find("`" + text + "`"), std::string::npos)
        << "docs/RESOURCES.md lacks the template " << text;
  }
}

// ExtractResources runs for up to ~100k events of an investigation: a hash look-up and a few
// path reads each. The bound is loose (shared, loaded machines); it catches a quadratic or
// regex-based slip, not a few percent.
TEST(ResourcesTable, HundredThousandExtractionsAreQuick) {
  std::vector<Record> recs;
  for (const auto& entry : fs::directory_iterator(kStratus)) {
    if (entry.path().extension() != ".json") continue;
    for (const std::string& json : RecordsOf(entry.path())) recs.push_back(Parse(json));
  }
  ASSERT_FALSE(recs.empty());
  auto start = std::chrono::steady_clock::now();
  size_t touches = 0;
  for (size_t i = 0; i < 100000; ++i) touches += ExtractResources(recs[i % recs.size()]).size();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(touches, 0u);
#ifdef NDEBUG
  EXPECT_LT(seconds, 5.0);
#else
  EXPECT_LT(seconds, 60.0);  // a Debug build with sanitizers runs this ~10x slower
#endif
  std::cout << "100k extractions: " << seconds << " s\n";
}

}  // namespace
}  // namespace credtrace::investigate
