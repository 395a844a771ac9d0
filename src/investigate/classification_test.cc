// The classification table against its sources: every eventName of aws-ir-facts.md §8 in its
// class, the runbook's explicit list, the main event of every stratus-red-team detonation log
// (real CloudTrail records), the record conditions on real and edited records, and the table's
// own consistency (ids, reachability of every row, docs/CLASSIFICATION.md).
#include "investigate/classification.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/file.h"

namespace credtrace::investigate {
namespace {

using nlohmann::json;

bool Has(const std::vector<std::string_view>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Join(const std::vector<std::string_view>& v) {
  std::string out;
  for (std::string_view s : v) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

Record MustParse(const std::string& text) {
  auto r = Record::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString() << "\n" << text;
  if (!r.ok()) return Record::Parse("{}").value();
  return std::move(*r);
}

// A minimal record: source, name and request parameters (JSON text).
Record Synthetic(std::string_view source, std::string_view name, std::string_view request) {
  std::string text = "{\"eventSource\":\"" + std::string(source) +
                     ".amazonaws.com\",\"eventName\":\"" + std::string(name) +
                     "\",\"requestParameters\":" + std::string(request) + "}";
  return MustParse(text);
}

Classification ClassifyRecord(const Record& r) {
  return Classify(r.Str("eventSource"), r.Str("eventName"), &r);
}

// ---------------------------------------------------------------------------------------------
// The table itself.

TEST(ClassificationTable, RowsAreWellFormed) {
  std::set<std::string_view> ids;
  for (const ClassRule& rule : ClassificationRules()) {
    SCOPED_TRACE(std::string(rule.id));
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate id";
    EXPECT_TRUE(std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }));
    EXPECT_FALSE(rule.sources.empty());
    EXPECT_FALSE(rule.names.empty());
    EXPECT_NE(rule.categories, 0);
    EXPECT_FALSE(rule.reason.empty());
    EXPECT_EQ(rule.sources.find(".amazonaws.com"), std::string_view::npos) << "short sources only";
    if (rule.condition != Condition::kNone) {
      EXPECT_FALSE(ConditionText(rule.condition).empty());
    }
  }
  EXPECT_GE(ClassificationRules().size(), 150u);
}

// Every name of every row decides for at least one of the row's sources: no row is shadowed
// entirely by an earlier one (a '*' is tried as "Zz"). Rows with a condition must not apply
// without a record.
TEST(ClassificationTable, EveryRowIsReachable) {
  for (const ClassRule& rule : ClassificationRules()) {
    std::vector<std::string> sources;
    if (rule.sources == "*") {
      sources.push_back("example");
    } else {
      std::string_view s = rule.sources;
      while (!s.empty()) {
        size_t sp = s.find(' ');
        sources.emplace_back(s.substr(0, sp));
        s = sp == std::string_view::npos ? std::string_view() : s.substr(sp + 1);
      }
    }
    std::string_view names = rule.names;
    while (!names.empty()) {
      size_t sp = names.find(' ');
      std::string name(names.substr(0, sp));
      names = sp == std::string_view::npos ? std::string_view() : names.substr(sp + 1);
      for (size_t star; (star = name.find('*')) != std::string::npos;) name.replace(star, 1, "Zz");
      bool reached = false;
      for (const std::string& source : sources) {
        const ClassRule* got = MatchRule(source + ".amazonaws.com", name, nullptr);
        if (rule.condition == Condition::kNone) {
          reached |= got == &rule;
        } else {
          EXPECT_NE(got, &rule) << rule.id << " applied without a record";
          reached = true;
        }
      }
      EXPECT_TRUE(reached) << rule.id << ": " << name << " is decided by an earlier row";
    }
  }
}

TEST(ClassificationTable, GlobMatching) {
  EXPECT_TRUE(NameMatches("GetObject", "GetObject"));
  EXPECT_FALSE(NameMatches("GetObject", "GetObjectAcl"));
  EXPECT_TRUE(NameMatches("Get*", "GetObjectAcl"));
  EXPECT_TRUE(NameMatches("Get*", "Get"));
  EXPECT_FALSE(NameMatches("Get*", "ListGet"));
  EXPECT_TRUE(NameMatches("Attach*Policy", "AttachUserPolicy"));
  EXPECT_FALSE(NameMatches("Attach*Policy", "AttachUserPolicyX"));
  EXPECT_TRUE(NameMatches("*Image*", "DescribeImages"));
  EXPECT_TRUE(NameMatches("*Image*", "Image"));
  EXPECT_FALSE(NameMatches("*Image*", "Imag"));
  EXPECT_TRUE(NameMatches("*Provider", "CreateSAMLProvider"));
  EXPECT_FALSE(NameMatches("*Provider", "ListSAMLProviders"));
  EXPECT_TRUE(NameMatches("Get*Token", "GetTokenToken"));
  EXPECT_TRUE(NameMatches("CreateFunction*", "CreateFunction20150331"));
}

TEST(ClassificationTable, SourceFormsAndResultShape) {
  Classification full = Classify("iam.amazonaws.com", "CreateUser", nullptr);
  Classification shortform = Classify("iam", "CreateUser", nullptr);
  EXPECT_EQ(full.rule, "iam-create-user");
  EXPECT_EQ(shortform.rule, "iam-create-user");
  // Vocabulary order, whatever order the row wrote them in.
  EXPECT_EQ(Join(full.categories), "identity persistence resource-creation");
  EXPECT_EQ(Join(full.techniques), "T1136.003");
  // The same name in another service is another thing.
  EXPECT_EQ(Classify("transfer.amazonaws.com", "CreateUser", nullptr).rule, "transfer-create");
  EXPECT_EQ(Classify("identitystore.amazonaws.com", "CreateUser", nullptr).rule,
            "identitystore-create-user");
  EXPECT_EQ(Classify("apigateway.amazonaws.com", "CreateRoute", nullptr).rule, "apigateway-create");
  EXPECT_EQ(Classify("ec2.amazonaws.com", "CreateRoute", nullptr).rule, "ec2-network");
  // Nothing matches: empty, no rule.
  Classification none = Classify("ssm.amazonaws.com", "TerminateSession", nullptr);
  EXPECT_TRUE(none.categories.empty());
  EXPECT_TRUE(none.techniques.empty());
  EXPECT_EQ(none.rule, "");
  EXPECT_EQ(Classify("", "", nullptr).rule, "");
}

TEST(ClassificationTable, CategoryNamesFollowTheSchemaVocabulary) {
  // clang-format off
  const char* vocabulary[] = {
      "recon", "data-access", "identity", "persistence", "privilege-escalation", "lateral-movement",
      "initial-access", "resource-creation", "modification", "deletion", "defense-evasion",
      "credential-access", "exfiltration", "impact"};
  // clang-format on
  ASSERT_EQ(std::size(vocabulary), kNumCategories);
  for (size_t i = 0; i < kNumCategories; ++i) {
    EXPECT_EQ(CategoryName(static_cast<Category>(i)), vocabulary[i]);
  }
  // The schema document names the same words.
  auto schema = ReadFile(std::string(CREDTRACE_SOURCE_DIR) + "/docs/INVESTIGATION_SCHEMA.md");
  ASSERT_TRUE(schema.ok());
  for (const char* word : vocabulary) {
    EXPECT_NE(schema->find(std::string("`") + word + "`"), std::string::npos) << word;
  }
}

// ---------------------------------------------------------------------------------------------
// aws-ir-facts.md §8, row by row: each eventName is in its class, decided by a row that names
// its service (not a generic fallback). `request` is the requestParameters a name needs to be
// in that class (the "(→Active)", "(expiry)", "(disable)", "(auto-archive)" of §8).

struct FactsCase {
  const char* category;
  const char* source;
  const char* name;
  const char* request = nullptr;
};

// clang-format off
const FactsCase kSection8[] = {
  // Recon
  {"recon", "sts", "GetCallerIdentity"}, {"recon", "sts", "GetAccessKeyInfo"}, {"recon", "sts", "DecodeAuthorizationMessage"},
  {"recon", "iam", "GetAccountAuthorizationDetails"}, {"recon", "iam", "GetAccountSummary"}, {"recon", "iam", "ListUsers"},
  {"recon", "iam", "ListRoles"}, {"recon", "iam", "ListAccessKeys"}, {"recon", "iam", "ListAttachedUserPolicies"},
  {"recon", "iam", "ListAttachedRolePolicies"}, {"recon", "iam", "ListAttachedGroupPolicies"}, {"recon", "iam", "SimulatePrincipalPolicy"},
  {"recon", "iam", "GetUser"}, {"recon", "iam", "GetLoginProfile"}, {"recon", "iam", "GetRole"}, {"recon", "iam", "ListGroups"},
  {"recon", "s3", "ListBuckets"}, {"recon", "s3", "ListObjects"}, {"recon", "s3", "ListObjectsV2"}, {"recon", "s3", "GetBucketAcl"},
  {"recon", "s3", "GetBucketPolicy"}, {"recon", "s3", "GetBucketVersioning"}, {"recon", "s3", "GetBucketLogging"},
  {"recon", "s3", "GetBucketReplication"}, {"recon", "s3", "GetBucketLifecycle"}, {"recon", "s3", "GetBucketLocation"},
  {"recon", "s3", "GetPublicAccessBlock"}, {"recon", "s3", "GetObjectLockConfiguration"}, {"recon", "s3", "HeadObject"},
  {"recon", "ec2", "DescribeInstances"}, {"recon", "ec2", "DescribeRegions"}, {"recon", "ec2", "GetEbsEncryptionByDefault"},
  {"recon", "ec2", "GetLaunchTemplateData"}, {"recon", "rds", "DescribeDBInstances"}, {"recon", "ecs", "ListClusters"},
  {"recon", "ecs", "DescribeClusters"}, {"recon", "eks", "ListClusters"}, {"recon", "eks", "DescribeCluster"},
  {"recon", "lambda", "ListFunctions20150331"}, {"recon", "lambda", "GetFunction20150331v2"},
  {"recon", "lambda", "GetFunctionConfiguration20150331v2"},
  {"recon", "ses", "GetSendQuota"}, {"recon", "ses", "ListIdentities"}, {"recon", "ses", "GetAccount"}, {"recon", "ses", "ListEmailIdentities"},
  {"recon", "sns", "GetSMSAttributes"}, {"recon", "sns", "GetSMSSandboxAccountStatus"},
  {"recon", "bedrock", "ListFoundationModels"}, {"recon", "bedrock", "GetFoundationModelAvailability"},
  {"recon", "bedrock", "GetModelInvocationLoggingConfiguration"}, {"recon", "bedrock", "GetUseCaseForModelAccess"},
  {"recon", "bedrock", "ListInferenceProfiles"}, {"recon", "organizations", "DescribeOrganization"}, {"recon", "organizations", "ListAccounts"},
  {"recon", "cloudtrail", "LookupEvents"}, {"recon", "cloudtrail", "DescribeTrails"}, {"recon", "cloudtrail", "GetTrailStatus"},
  {"recon", "guardduty", "ListDetectors"}, {"recon", "guardduty", "GetFindings"}, {"recon", "servicequotas", "ListServiceQuotas"},
  {"recon", "servicequotas", "GetServiceQuota"}, {"recon", "ce", "GetCostAndUsage"}, {"recon", "secretsmanager", "ListSecrets"},
  {"recon", "secretsmanager", "DescribeSecret"}, {"recon", "ssm", "DescribeInstanceInformation"},
  // Data access
  {"data-access", "s3", "GetObject"}, {"data-access", "s3", "CopyObject"}, {"data-access", "secretsmanager", "GetSecretValue"},
  {"data-access", "secretsmanager", "BatchGetSecretValue"}, {"data-access", "ssm", "GetParameter"}, {"data-access", "ssm", "GetParameters"},
  {"data-access", "ssm", "GetParametersByPath"}, {"data-access", "kms", "Decrypt"}, {"data-access", "dynamodb", "GetItem"},
  {"data-access", "dynamodb", "BatchGetItem"}, {"data-access", "dynamodb", "Query"}, {"data-access", "dynamodb", "Scan"},
  {"data-access", "ec2", "GetPasswordData"}, {"data-access", "ec2", "GetConsoleScreenshot"}, {"data-access", "ec2", "GetConsoleOutput"},
  {"data-access", "lambda", "GetFunction20150331v2"}, {"data-access", "athena", "GetQueryResults"}, {"data-access", "logs", "GetLogEvents"},
  {"data-access", "logs", "FilterLogEvents"}, {"data-access", "ecr", "GetAuthorizationToken"}, {"data-access", "ecr", "BatchGetImage"},
  {"data-access", "cloudshell", "GetFileDownloadUrls"}, {"data-access", "bedrock", "InvokeModel"},
  {"data-access", "bedrock", "InvokeModelWithResponseStream"},
  // Identity / persistence
  {"identity", "iam", "CreateUser"}, {"identity", "iam", "CreateAccessKey"}, {"identity", "iam", "UpdateAccessKey", R"({"status":"Active"})"},
  {"identity", "iam", "CreateLoginProfile"}, {"identity", "iam", "UpdateLoginProfile"}, {"identity", "iam", "ChangePassword"},
  {"identity", "iam", "CreateServiceSpecificCredential"}, {"identity", "iam", "ResetServiceSpecificCredential"},
  {"identity", "iam", "UploadSSHPublicKey"}, {"identity", "iam", "UploadSigningCertificate"}, {"identity", "iam", "CreateVirtualMFADevice"},
  {"identity", "iam", "EnableMFADevice"}, {"identity", "iam", "ResyncMFADevice"}, {"identity", "iam", "CreateRole"},
  {"identity", "iam", "UpdateAssumeRolePolicy"}, {"identity", "iam", "AttachUserPolicy"}, {"identity", "iam", "AttachRolePolicy"},
  {"identity", "iam", "AttachGroupPolicy"}, {"identity", "iam", "PutUserPolicy"}, {"identity", "iam", "PutRolePolicy"},
  {"identity", "iam", "PutGroupPolicy"}, {"identity", "iam", "CreatePolicy"}, {"identity", "iam", "CreatePolicyVersion"},
  {"identity", "iam", "SetDefaultPolicyVersion"}, {"identity", "iam", "AddUserToGroup"}, {"identity", "iam", "CreateGroup"},
  {"identity", "iam", "CreateInstanceProfile"}, {"identity", "iam", "AddRoleToInstanceProfile"},
  {"identity", "iam", "CreateOpenIDConnectProvider"}, {"identity", "iam", "AddClientIDToOpenIDConnectProvider"},
  {"identity", "iam", "UpdateOpenIDConnectProviderThumbprint"}, {"identity", "iam", "CreateSAMLProvider"},
  {"identity", "iam", "UpdateSAMLProvider"}, {"identity", "iam", "DeleteUserPermissionsBoundary"},
  {"identity", "iam", "DeleteRolePermissionsBoundary"}, {"identity", "sts", "AssumeRole"}, {"identity", "sts", "AssumeRoleWithSAML"},
  {"identity", "sts", "AssumeRoleWithWebIdentity"}, {"identity", "sts", "GetSessionToken"}, {"identity", "sts", "GetFederationToken"},
  {"identity", "sts", "AssumeRoot"}, {"identity", "signin", "ConsoleLogin"}, {"identity", "signin", "GetSigninToken"},
  {"identity", "signin", "SwitchRole"}, {"identity", "signin", "PasswordRecoveryRequested"}, {"identity", "sso", "GetRoleCredentials"},
  {"identity", "sso", "StartSSO"}, {"identity", "sso", "CreateAccountAssignment"}, {"identity", "sso", "CreatePermissionSet"},
  {"identity", "sso", "PutInlinePolicyToPermissionSet"}, {"identity", "sso-directory", "CreateUser"},
  {"identity", "sso-directory", "CreateGroup"}, {"identity", "sso-directory", "AddMemberToGroup"},
  {"identity", "identitystore", "CreateUser"}, {"identity", "identitystore", "CreateGroup"},
  {"identity", "identitystore", "CreateGroupMembership"}, {"identity", "rolesanywhere", "CreateTrustAnchor"},
  {"identity", "rolesanywhere", "CreateProfile"}, {"identity", "rolesanywhere", "EnableTrustAnchor"}, {"identity", "ec2", "CreateKeyPair"},
  {"identity", "ec2", "ImportKeyPair"}, {"identity", "ec2", "AssociateIamInstanceProfile"},
  {"identity", "ec2", "ReplaceIamInstanceProfileAssociation"}, {"identity", "ec2-instance-connect", "SendSSHPublicKey"},
  {"identity", "ec2-instance-connect", "SendSerialConsoleSSHPublicKey"}, {"identity", "ssm", "StartSession"},
  {"identity", "ssm", "SendCommand"}, {"identity", "lambda", "AddPermission20150331v2"},
  {"identity", "lambda", "CreateFunctionUrlConfig20211031"}, {"identity", "organizations", "CreateAccount"},
  {"identity", "organizations", "InviteAccountToOrganization"},
  // Resource creation
  {"resource-creation", "ec2", "RunInstances"}, {"resource-creation", "ec2", "RequestSpotInstances"},
  {"resource-creation", "ec2", "CreateLaunchTemplate"}, {"resource-creation", "ec2", "CreateSecurityGroup"},
  {"resource-creation", "ec2", "CreateVolume"}, {"resource-creation", "ec2", "CreateSnapshot"}, {"resource-creation", "ec2", "CreateImage"},
  {"resource-creation", "ec2", "CreateDefaultVpc"}, {"resource-creation", "autoscaling", "CreateAutoScalingGroup"},
  {"resource-creation", "ecs", "CreateCluster"}, {"resource-creation", "ecs", "RegisterTaskDefinition"},
  {"resource-creation", "ecs", "CreateService"}, {"resource-creation", "ecs", "RunTask"},
  {"resource-creation", "lambda", "CreateFunction20150331"}, {"resource-creation", "lambda", "PublishLayerVersion20181031"},
  {"resource-creation", "apigateway", "CreateApi"}, {"resource-creation", "apigateway", "CreateIntegration"},
  {"resource-creation", "apigateway", "CreateRoute"}, {"resource-creation", "apigateway", "CreateStage"},
  {"resource-creation", "events", "PutRule"}, {"resource-creation", "events", "PutTargets"}, {"resource-creation", "s3", "CreateBucket"},
  {"resource-creation", "rds", "CreateDBSnapshot"}, {"resource-creation", "rds", "CreateDBInstance"},
  {"resource-creation", "sagemaker", "CreateEndpointConfig"}, {"resource-creation", "sagemaker", "CreateProcessingJob"},
  {"resource-creation", "sagemaker", "CreateNotebookInstance"}, {"resource-creation", "glue", "CreateJob"},
  {"resource-creation", "codebuild", "CreateProject"}, {"resource-creation", "amplify", "CreateDeployment"},
  {"resource-creation", "amplify", "CreateBackendEnvironment"}, {"resource-creation", "lightsail", "CreateInstances"},
  {"resource-creation", "cloudformation", "CreateStack"}, {"resource-creation", "transfer", "CreateServer"},
  {"resource-creation", "transfer", "CreateUser"}, {"resource-creation", "ses", "CreateEmailIdentity"},
  {"resource-creation", "ses", "VerifyEmailIdentity"}, {"resource-creation", "route53", "CreateHostedZone"},
  {"resource-creation", "route53domains", "RegisterDomain"}, {"resource-creation", "bedrock", "CreateModelInvocationJob"},
  {"resource-creation", "bedrock", "CreateFoundationModelAgreement"}, {"resource-creation", "bedrock", "PutFoundationModelEntitlement"},
  {"resource-creation", "bedrock", "PutUseCaseForModelAccess"}, {"resource-creation", "servicequotas", "RequestServiceQuotaIncrease"},
  {"resource-creation", "ec2", "PurchaseReservedInstancesOffering"}, {"resource-creation", "savingsplans", "CreateSavingsPlan"},
  // Modification
  {"modification", "ec2", "AuthorizeSecurityGroupIngress"}, {"modification", "ec2", "AuthorizeSecurityGroupEgress"},
  {"modification", "ec2", "ModifyInstanceAttribute"}, {"modification", "ec2", "ModifyInstanceAttribute", R"({"instanceId":"i-1","userData":"<sensitiveDataRemoved>"})"},
  {"modification", "ec2", "ModifySnapshotAttribute"}, {"modification", "ec2", "ModifyImageAttribute"},
  {"modification", "ec2", "StartInstances"}, {"modification", "ec2", "StopInstances"}, {"modification", "ec2", "CreateNetworkAclEntry"},
  {"modification", "ec2", "CreateRoute"}, {"modification", "ec2", "EnableSerialConsoleAccess"}, {"modification", "s3", "PutBucketPolicy"},
  {"modification", "s3", "PutBucketAcl"}, {"modification", "s3", "PutObjectAcl"}, {"modification", "s3", "PutBucketVersioning"},
  {"modification", "s3", "PutBucketCors"}, {"modification", "s3", "PutBucketOwnershipControls"}, {"modification", "s3", "DeleteBucketPolicy"},
  {"modification", "s3", "PutPublicAccessBlock"}, {"modification", "s3", "DeletePublicAccessBlock"},
  {"modification", "s3", "PutAccountPublicAccessBlock"}, {"modification", "s3", "PutObject"}, {"modification", "s3", "PutBucketReplication"},
  {"modification", "rds", "ModifyDBInstance"}, {"modification", "rds", "ModifyDBSnapshotAttribute"},
  {"modification", "lambda", "UpdateFunctionCode20150331v2"}, {"modification", "lambda", "UpdateFunctionConfiguration20150331v2"},
  {"modification", "ses", "UpdateAccountSendingEnabled"}, {"modification", "ses", "PutAccountDetails"}, {"modification", "sns", "Publish"},
  {"modification", "kms", "Encrypt"}, {"modification", "kms", "GenerateDataKeyWithoutPlaintext"}, {"modification", "kms", "PutKeyPolicy"},
  {"modification", "kms", "CreateGrant"}, {"modification", "iam", "UpdateAccountPasswordPolicy"},
  {"modification", "route53", "ChangeResourceRecordSets"}, {"modification", "support", "CreateCase"},
  // Deletion
  {"deletion", "s3", "DeleteObject"}, {"deletion", "s3", "DeleteObjects"}, {"deletion", "s3", "DeleteBucket"},
  {"deletion", "s3", "PutBucketLifecycle", R"({"bucketName":"b","LifecycleConfiguration":{"Rule":{"ID":"x","Status":"Enabled","Expiration":{"Days":1}}}})"},
  {"deletion", "s3", "PutBucketLifecycleConfiguration", R"({"bucketName":"b","LifecycleConfiguration":{"Rule":[{"ID":"x","Expiration":{"Days":1}}]}})"},
  {"deletion", "ec2", "TerminateInstances"}, {"deletion", "ec2", "DeleteSnapshot"}, {"deletion", "ec2", "DeleteVolume"},
  {"deletion", "ec2", "DeregisterImage"}, {"deletion", "rds", "DeleteDBInstance"}, {"deletion", "rds", "DeleteDBCluster"},
  {"deletion", "rds", "DeleteDBSnapshot"}, {"deletion", "kms", "ScheduleKeyDeletion"}, {"deletion", "kms", "DisableKey"},
  {"deletion", "iam", "DeleteUser"}, {"deletion", "iam", "DeleteRole"}, {"deletion", "iam", "DeleteAccessKey"},
  {"deletion", "iam", "DeleteLoginProfile"}, {"deletion", "iam", "DeleteUserPolicy"}, {"deletion", "iam", "DetachUserPolicy"},
  {"deletion", "iam", "DetachRolePolicy"}, {"deletion", "backup", "DeleteBackupVault"}, {"deletion", "backup", "DeleteRecoveryPoint"},
  {"deletion", "sqs", "PurgeQueue"}, {"deletion", "secretsmanager", "DeleteSecret"}, {"deletion", "ses", "DeleteIdentity"},
  // Defense evasion. Not here: "s3 PutBucketLifecycle* / DeleteBucketPolicy on the trail bucket":
  // which bucket holds the trail is not in the record (docs/CLASSIFICATION.md).
  {"defense-evasion", "cloudtrail", "StopLogging"}, {"defense-evasion", "cloudtrail", "DeleteTrail"},
  {"defense-evasion", "cloudtrail", "UpdateTrail"}, {"defense-evasion", "cloudtrail", "PutEventSelectors"},
  {"defense-evasion", "cloudtrail", "PutInsightSelectors"}, {"defense-evasion", "cloudtrail", "DeleteEventDataStore"},
  {"defense-evasion", "guardduty", "DeleteDetector"}, {"defense-evasion", "guardduty", "UpdateDetector", R"({"detectorId":"d","enable":false})"},
  {"defense-evasion", "guardduty", "DeleteInvitations"}, {"defense-evasion", "guardduty", "DisassociateFromMasterAccount"},
  {"defense-evasion", "guardduty", "DisassociateFromAdministratorAccount"},
  {"defense-evasion", "guardduty", "CreateFilter", R"({"detectorId":"d","name":"f","action":"ARCHIVE"})"},
  {"defense-evasion", "guardduty", "UpdateFilter", R"({"detectorId":"d","filterName":"f","action":"ARCHIVE"})"},
  {"defense-evasion", "guardduty", "DeleteMembers"}, {"defense-evasion", "guardduty", "StopMonitoringMembers"},
  {"defense-evasion", "securityhub", "DisableSecurityHub"}, {"defense-evasion", "securityhub", "BatchUpdateFindings"},
  {"defense-evasion", "config", "StopConfigurationRecorder"}, {"defense-evasion", "config", "DeleteConfigurationRecorder"},
  {"defense-evasion", "config", "DeleteDeliveryChannel"}, {"defense-evasion", "ec2", "DeleteFlowLogs"},
  {"defense-evasion", "route53resolver", "DeleteResolverQueryLogConfig"},
  {"defense-evasion", "route53resolver", "DisassociateResolverQueryLogConfig"}, {"defense-evasion", "logs", "DeleteLogGroup"},
  {"defense-evasion", "logs", "DeleteLogStream"}, {"defense-evasion", "logs", "PutRetentionPolicy"},
  {"defense-evasion", "bedrock", "DeleteModelInvocationLoggingConfiguration"}, {"defense-evasion", "organizations", "LeaveOrganization"},
  {"defense-evasion", "organizations", "DetachPolicy"}, {"defense-evasion", "organizations", "DeletePolicy"},
  {"defense-evasion", "iam", "DeleteAccessKey"}, {"defense-evasion", "iam", "DeleteUser"}, {"defense-evasion", "ses", "PutAccountDetails"},
};
// clang-format on

TEST(ClassificationFacts, EverySection8NameIsInItsClass) {
  std::set<std::string> groups;
  for (const FactsCase& c : kSection8) {
    SCOPED_TRACE(std::string(c.source) + " " + c.name);
    groups.insert(c.category);
    Classification got;
    const ClassRule* rule = nullptr;
    if (c.request != nullptr) {
      Record r = Synthetic(c.source, c.name, c.request);
      got = ClassifyRecord(r);
      rule = MatchRule(r.Str("eventSource"), r.Str("eventName"), &r);
    } else {
      got = Classify(std::string(c.source) + ".amazonaws.com", c.name, nullptr);
      rule = MatchRule(std::string(c.source) + ".amazonaws.com", c.name, nullptr);
    }
    EXPECT_TRUE(Has(got.categories, c.category))
        << "got [" << Join(got.categories) << "] by " << got.rule;
    ASSERT_NE(rule, nullptr);
    EXPECT_NE(rule->sources, "*") << "decided by the generic row " << rule->id
                                  << ", not a row of its service";
  }
  EXPECT_EQ(groups.size(), 7u);  // the seven classes of §8
}

// ---------------------------------------------------------------------------------------------
// The runbook (part 3, step 4.c): "CreateUser, CreateRole, AssumeRole*, Get*Token, Attach*Policy,
// RunInstances (especially with PassRole), *Image*, *Provider, Tag*, Untag*, Create*, Delete*,
// Update*", each in the runbook class it belongs to.

struct RunbookCase {
  const char* source;
  const char* name;
  const char* category;
};

// clang-format off
const RunbookCase kRunbook[] = {
  {"iam", "CreateUser", "identity"}, {"iam", "CreateRole", "identity"},
  {"sts", "AssumeRole", "identity"}, {"sts", "AssumeRoleWithSAML", "identity"}, {"sts", "AssumeRoleWithWebIdentity", "identity"},
  {"sts", "GetSessionToken", "identity"}, {"sts", "GetFederationToken", "identity"}, {"signin", "GetSigninToken", "identity"},
  {"ecr", "GetAuthorizationToken", "identity"}, {"codeartifact", "GetAuthorizationToken", "identity"},
  {"sts", "GetWebIdentityToken", "identity"},
  {"iam", "AttachUserPolicy", "identity"}, {"iam", "AttachRolePolicy", "identity"}, {"iam", "AttachGroupPolicy", "identity"},
  {"ec2", "RunInstances", "resource-creation"},
  {"ec2", "CreateImage", "resource-creation"}, {"ec2", "CopyImage", "resource-creation"}, {"ec2", "RegisterImage", "resource-creation"},
  {"ec2", "ModifyImageAttribute", "modification"}, {"ec2", "DeregisterImage", "deletion"}, {"ecr", "BatchDeleteImage", "deletion"},
  {"ecr", "PutImage", "modification"}, {"imagebuilder", "StartImagePipelineExecution", "modification"},
  {"iam", "CreateSAMLProvider", "identity"}, {"iam", "CreateOpenIDConnectProvider", "identity"}, {"iam", "UpdateSAMLProvider", "identity"},
  {"iam", "DeleteSAMLProvider", "identity"}, {"iam", "DeleteOpenIDConnectProvider", "deletion"},
  {"cognito-idp", "CreateIdentityProvider", "identity"}, {"cognito-idp", "UpdateIdentityProvider", "identity"},
  {"iam", "TagUser", "modification"}, {"iam", "TagRole", "modification"}, {"lambda", "TagResource", "modification"},
  {"ec2", "CreateTags", "modification"}, {"rds", "AddTagsToResource", "modification"},
  {"iam", "UntagUser", "modification"}, {"lambda", "UntagResource", "modification"}, {"ec2", "DeleteTags", "modification"},
  {"ec2", "CreateVpc", "resource-creation"}, {"dynamodb", "CreateTable", "resource-creation"}, {"eks", "CreateCluster", "resource-creation"},
  {"ec2", "DeleteSecurityGroup", "deletion"}, {"dynamodb", "DeleteTable", "deletion"}, {"iam", "DeleteGroup", "deletion"},
  {"cloudformation", "UpdateStack", "modification"}, {"iam", "UpdateRole", "modification"}, {"eks", "UpdateClusterConfig", "modification"},
};
// clang-format on

TEST(ClassificationRunbook, ExplicitListIsClassified) {
  for (const RunbookCase& c : kRunbook) {
    Classification got = Classify(std::string(c.source) + ".amazonaws.com", c.name, nullptr);
    EXPECT_TRUE(Has(got.categories, c.category))
        << c.source << " " << c.name << ": got [" << Join(got.categories) << "] by " << got.rule;
  }
}

// ---------------------------------------------------------------------------------------------
// Real records: the stratus-red-team detonation logs (one JSON array of CloudTrail records per
// attack technique). For each technique, the event that is the technique and what it must be.

const std::string kStratusDir =
    std::string(CREDTRACE_SHARED_DIR) + "/datasets/stratus-detonation-logs/";

struct StratusCase {
  const char* file;
  const char* name;       // eventName of the technique's main event(s)
  const char* category;   // a category every record of that name must have
  const char* technique;  // and a technique ("" = none asked)
  const char* rule;       // and the row that decides ("" = any)
};

// clang-format off
const StratusCase kStratus[] = {
  {"aws.credential-access.ec2-get-password-data.json", "GetPasswordData", "credential-access", "", "ec2-password-data"},
  {"aws.credential-access.ec2-steal-instance-credentials.json", "SendCommand", "lateral-movement", "T1651", "ssm-command"},
  {"aws.credential-access.secretsmanager-batch-retrieve-secrets.json", "BatchGetSecretValue", "credential-access", "T1555.006", "secretsmanager-get-secret"},
  {"aws.credential-access.secretsmanager-retrieve-secrets.json", "GetSecretValue", "credential-access", "T1555.006", "secretsmanager-get-secret"},
  {"aws.credential-access.ssm-retrieve-securestring-parameters.json", "GetParameters", "credential-access", "T1555.006", "ssm-parameters"},
  {"aws.defense-evasion.cloudtrail-delete.json", "DeleteTrail", "defense-evasion", "T1562.008", "cloudtrail-delete"},
  {"aws.defense-evasion.cloudtrail-event-selectors.json", "PutEventSelectors", "defense-evasion", "T1562.008", "cloudtrail-modify"},
  {"aws.defense-evasion.cloudtrail-stop.json", "StopLogging", "defense-evasion", "T1562.008", "cloudtrail-stop"},
  {"aws.defense-evasion.dns-delete-logs.json", "DeleteResolverQueryLogConfig", "defense-evasion", "T1562.008", "resolver-delete-query-log"},
  {"aws.defense-evasion.organizations-leave.json", "LeaveOrganization", "defense-evasion", "T1666", "organizations-leave"},
  {"aws.defense-evasion.vpc-remove-flow-logs.json", "DeleteFlowLogs", "defense-evasion", "T1562.008", "ec2-delete-flow-logs"},
  {"aws.discovery.ec2-download-user-data.json", "DescribeInstanceAttribute", "recon", "T1580", "ec2-read-user-data"},
  {"aws.execution.ec2-launch-unusual-instances.json", "RunInstances", "resource-creation", "T1496.001", "ec2-run-instances"},
  {"aws.execution.ec2-user-data.json", "ModifyInstanceAttribute", "persistence", "", "ec2-set-user-data"},
  {"aws.execution.ssm-send-command.json", "SendCommand", "lateral-movement", "T1651", "ssm-command"},
  {"aws.execution.ssm-start-session.json", "StartSession", "lateral-movement", "T1651", "ssm-command"},
  {"aws.exfiltration.ec2-security-group-open-port-22-ingress.json", "AuthorizeSecurityGroupIngress", "defense-evasion", "T1562.007", "ec2-security-group-rule"},
  {"aws.exfiltration.ec2-share-ami.json", "ModifyImageAttribute", "exfiltration", "T1537", "ec2-share-image"},
  {"aws.exfiltration.ec2-share-ebs-snapshot.json", "ModifySnapshotAttribute", "exfiltration", "T1537", "ec2-share-snapshot"},
  {"aws.exfiltration.rds-share-snapshot.json", "ModifyDBSnapshotAttribute", "exfiltration", "T1537", "rds-share-snapshot"},
  {"aws.impact.bedrock-invoke-model.json", "InvokeModel", "impact", "T1496.004", "bedrock-invoke"},
  {"aws.initial-access.console-login-without-mfa.json", "ConsoleLogin", "initial-access", "T1078.004", "signin-console-login"},
  {"aws.lateral-movement.ec2-instance-connect.json", "SendSSHPublicKey", "lateral-movement", "T1098.004", "ec2-instance-connect"},
  {"aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json", "SendSerialConsoleSSHPublicKey", "lateral-movement", "T1098.004", "ec2-instance-connect"},
  {"aws.persistence.iam-backdoor-role.json", "UpdateAssumeRolePolicy", "persistence", "T1098.003", "iam-update-trust-policy"},
  {"aws.persistence.iam-backdoor-user.json", "CreateAccessKey", "persistence", "T1098.001", "iam-create-access-key"},
  {"aws.persistence.iam-create-admin-user.json", "CreateUser", "persistence", "T1136.003", "iam-create-user"},
  {"aws.persistence.iam-create-backdoor-role.json", "CreateRole", "persistence", "T1098.003", "iam-create-role"},
  {"aws.persistence.iam-create-user-login-profile.json", "CreateLoginProfile", "persistence", "T1098.001", "iam-create-login-profile"},
  {"aws.persistence.lambda-backdoor-function.json", "AddPermission20150331v2", "persistence", "", "lambda-add-permission"},
  {"aws.persistence.lambda-layer-extension.json", "UpdateFunctionConfiguration20150331v2", "persistence", "", "lambda-update-configuration"},
  {"aws.persistence.lambda-overwrite-code.json", "UpdateFunctionCode20150331v2", "persistence", "T1648", "lambda-update-code"},
  {"aws.persistence.rolesanywhere-create-trust-anchor.json", "CreateTrustAnchor", "persistence", "T1098.001", "rolesanywhere-create"},
  {"aws.persistence.sts-federation-token.json", "GetFederationToken", "persistence", "T1550.001", "sts-get-federation-token"},
  {"aws.privilege-escalation.iam-update-user-login-profile.json", "UpdateLoginProfile", "privilege-escalation", "T1098.001", "iam-update-login-profile"},
  // Second events of some techniques.
  {"aws.persistence.iam-create-admin-user.json", "AttachUserPolicy", "privilege-escalation", "T1098.003", "iam-attach-policy"},
  {"aws.persistence.iam-create-backdoor-role.json", "AttachRolePolicy", "privilege-escalation", "T1098.003", "iam-attach-policy"},
  {"aws.persistence.rolesanywhere-create-trust-anchor.json", "CreateProfile", "persistence", "", "rolesanywhere-create"},
  {"aws.impact.bedrock-invoke-model.json", "PutUseCaseForModelAccess", "impact", "T1496.004", "bedrock-model-access"},
  {"aws.impact.bedrock-invoke-model.json", "GetFoundationModelAvailability", "recon", "T1526", "bedrock-recon"},
  {"aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json", "EnableSerialConsoleAccess", "modification", "", "ec2-serial-console"},
  {"aws.credential-access.ec2-steal-instance-credentials.json", "GetCallerIdentity", "recon", "T1087.004", "sts-get-caller-identity"},
  {"aws.credential-access.ec2-get-password-data.json", "AssumeRole", "identity", "T1078.004", "sts-assume-role"},
};
// clang-format on

// Every record of a detonation log, as text (one element of the file's array each).
std::vector<std::string> StratusRecords(const std::string& file) {
  auto text = ReadFile(kStratusDir + file);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  std::vector<std::string> out;
  if (!text.ok()) return out;
  json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(doc.is_array()) << file;
  if (!doc.is_array()) return out;
  for (const json& r : doc) out.push_back(r.dump());
  return out;
}

TEST(ClassificationStratus, EveryTechniqueFileHasItsExpectation) {
  std::set<std::string> expected;
  for (const StratusCase& c : kStratus) expected.insert(c.file);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kStratusDir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_TRUE(expected.count(entry.path().filename().string()))
        << entry.path().filename() << " has no expected classification in kStratus";
  }
  EXPECT_GE(files, 35u);
}

TEST(ClassificationStratus, MainEventsAreClassified) {
  for (const StratusCase& c : kStratus) {
    SCOPED_TRACE(std::string(c.file) + " " + c.name);
    size_t seen = 0;
    for (const std::string& text : StratusRecords(c.file)) {
      Record r = MustParse(text);
      if (r.Str("eventName") != c.name) continue;
      ++seen;
      Classification got = ClassifyRecord(r);
      EXPECT_TRUE(Has(got.categories, c.category))
          << "got [" << Join(got.categories) << "] by " << got.rule;
      if (*c.technique) {
        EXPECT_TRUE(Has(got.techniques, c.technique)) << "got [" << Join(got.techniques) << "]";
      }
      if (*c.rule) {
        EXPECT_EQ(got.rule, c.rule);
      }
    }
    EXPECT_GT(seen, 0u) << "no record of that name in the file";
  }
}

// Every record of the logs gets a class, except the few calls no class fits.
TEST(ClassificationStratus, EveryRecordIsClassified) {
  const std::set<std::string> unclassified = {"TerminateSession"};  // ends the attacker's own shell
  size_t records = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kStratusDir)) {
    if (entry.path().extension() != ".json") continue;
    for (const std::string& text : StratusRecords(entry.path().filename().string())) {
      Record r = MustParse(text);
      ++records;
      std::string name(r.Str("eventName"));
      Classification got = ClassifyRecord(r);
      if (unclassified.count(name)) {
        EXPECT_TRUE(got.categories.empty()) << name;
      } else {
        EXPECT_FALSE(got.categories.empty()) << entry.path().filename() << " " << name;
      }
    }
  }
  EXPECT_GT(records, 300u);
}

// ---------------------------------------------------------------------------------------------
// Conditions, on real records and on copies edited to flip the condition.

// The first record named `name` in a detonation log, as JSON.
json StratusRecord(const std::string& file, std::string_view name) {
  for (const std::string& text : StratusRecords(file)) {
    json r = json::parse(text);
    if (r.value("eventName", "") == name) return r;
  }
  ADD_FAILURE() << "no " << name << " in " << file;
  return json::object();
}

TEST(ClassificationConditions, RunInstancesWithAndWithoutAnInstanceProfile) {
  json plain = StratusRecord("aws.execution.ec2-launch-unusual-instances.json", "RunInstances");
  ASSERT_FALSE(plain["requestParameters"].contains("iamInstanceProfile"));
  Record without = MustParse(plain.dump());
  Classification a = ClassifyRecord(without);
  EXPECT_EQ(a.rule, "ec2-run-instances");
  EXPECT_TRUE(Has(a.categories, "resource-creation"));
  EXPECT_FALSE(Has(a.categories, "privilege-escalation"));

  json with = plain;
  with["requestParameters"]["iamInstanceProfile"] = {
      {"arn", "arn:aws:iam::111122223333:instance-profile/admin"}};
  Record r = MustParse(with.dump());
  Classification b = ClassifyRecord(r);
  EXPECT_EQ(b.rule, "ec2-run-instances-profile");
  EXPECT_TRUE(Has(b.categories, "privilege-escalation"));
  EXPECT_TRUE(Has(b.categories, "identity"));
  EXPECT_TRUE(Has(b.categories, "resource-creation"));

  json by_name = plain;
  by_name["requestParameters"]["iamInstanceProfile"] = {{"name", "admin"}};
  Record n = MustParse(by_name.dump());
  EXPECT_EQ(ClassifyRecord(n).rule, "ec2-run-instances-profile");

  // An empty profile object is not a role.
  json empty = plain;
  empty["requestParameters"]["iamInstanceProfile"] = json::object();
  Record e = MustParse(empty.dump());
  EXPECT_EQ(ClassifyRecord(e).rule, "ec2-run-instances");

  // Without the record, the unconditional row decides.
  EXPECT_EQ(Classify("ec2.amazonaws.com", "RunInstances", nullptr).rule, "ec2-run-instances");
}

TEST(ClassificationConditions, SnapshotAndImageSharing) {
  json snap =
      StratusRecord("aws.exfiltration.ec2-share-ebs-snapshot.json", "ModifySnapshotAttribute");
  Record shared = MustParse(snap.dump());
  EXPECT_EQ(ClassifyRecord(shared).rule, "ec2-share-snapshot");
  json unshare = snap;
  unshare["requestParameters"]["createVolumePermission"] = {
      {"remove", snap["requestParameters"]["createVolumePermission"]["add"]}};
  Record u = MustParse(unshare.dump());
  Classification c = ClassifyRecord(u);
  EXPECT_EQ(c.rule, "ec2-sharing-attribute");
  EXPECT_FALSE(Has(c.categories, "exfiltration"));

  json ami = StratusRecord("aws.exfiltration.ec2-share-ami.json", "ModifyImageAttribute");
  json public_ami = ami;
  public_ami["requestParameters"]["launchPermission"]["add"]["items"] =
      json::array({{{"group", "all"}}});
  Record p = MustParse(public_ami.dump());
  EXPECT_EQ(ClassifyRecord(p).rule, "ec2-share-image");
  json unshare_ami = ami;
  unshare_ami["requestParameters"]["launchPermission"] = {
      {"remove", ami["requestParameters"]["launchPermission"]["add"]}};
  Record ua = MustParse(unshare_ami.dump());
  EXPECT_EQ(ClassifyRecord(ua).rule, "ec2-sharing-attribute");

  json db = StratusRecord("aws.exfiltration.rds-share-snapshot.json", "ModifyDBSnapshotAttribute");
  json db_remove = db;
  db_remove["requestParameters"].erase("valuesToAdd");
  db_remove["requestParameters"]["valuesToRemove"] = json::array({"503161813013"});
  Record dr = MustParse(db_remove.dump());
  EXPECT_EQ(ClassifyRecord(dr).rule, "rds-snapshot-attribute");
}

TEST(ClassificationConditions, UserDataWrittenAndRead) {
  json set = StratusRecord("aws.execution.ec2-user-data.json", "ModifyInstanceAttribute");
  json type = set;
  type["requestParameters"].erase("userData");
  type["requestParameters"]["instanceType"] = {{"value", "p3.16xlarge"}};
  Record t = MustParse(type.dump());
  EXPECT_EQ(ClassifyRecord(t).rule, "ec2-modify-instance-attribute");

  json read =
      StratusRecord("aws.discovery.ec2-download-user-data.json", "DescribeInstanceAttribute");
  read["requestParameters"]["attribute"] = "instanceType";
  Record rt = MustParse(read.dump());
  EXPECT_EQ(ClassifyRecord(rt).rule, "ec2-recon");
}

TEST(ClassificationConditions, RequestParameterPredicates) {
  struct Case {
    const char* source;
    const char* name;
    const char* request;
    const char* rule;
  };
  // clang-format off
  const Case cases[] = {
    {"iam", "UpdateAccessKey", R"({"userName":"u","accessKeyId":"AKIAEXAMPLE","status":"Active"})", "iam-activate-access-key"},
    {"iam", "UpdateAccessKey", R"({"userName":"u","accessKeyId":"AKIAEXAMPLE","status":"Inactive"})", "iam-update-access-key"},
    {"iam", "UpdateAccessKey", "null", "iam-update-access-key"},
    {"s3", "PutBucketLifecycle", R"({"LifecycleConfiguration":{"Rule":{"Status":"Enabled","Expiration":{"Days":1}}}})", "s3-lifecycle-expiry"},
    {"s3", "PutBucketLifecycle", R"({"LifecycleConfiguration":{"Rule":[{"Transition":{"Days":30}},{"NoncurrentVersionExpiration":{"NoncurrentDays":1}}]}})", "s3-lifecycle-expiry"},
    {"s3", "PutBucketLifecycle", R"({"LifecycleConfiguration":{"Rule":{"Transition":{"Days":30,"StorageClass":"GLACIER"}}}})", "s3-lifecycle"},
    {"s3", "PutBucketVersioning", R"({"bucketName":"b","VersioningConfiguration":{"Status":"Suspended"}})", "s3-suspend-versioning"},
    {"s3", "PutBucketVersioning", R"({"bucketName":"b","VersioningConfiguration":{"Status":"Enabled"}})", "s3-versioning"},
    {"guardduty", "UpdateDetector", R"({"detectorId":"d","enable":false})", "guardduty-disable-detector"},
    {"guardduty", "UpdateDetector", R"({"detectorId":"d","enable":true})", "generic-update"},
    {"guardduty", "UpdateDetector", R"({"detectorId":"d","findingPublishingFrequency":"SIX_HOURS"})", "generic-update"},
    {"guardduty", "CreateFilter", R"({"detectorId":"d","action":"ARCHIVE"})", "guardduty-create-archive-filter"},
    {"guardduty", "CreateFilter", R"({"detectorId":"d","action":"NOOP"})", "generic-create"},
    {"rds", "ModifyDBSnapshotAttribute", R"({"attributeName":"restore","valuesToAdd":["all"]})", "rds-share-snapshot"},
    {"rds", "ModifyDBSnapshotAttribute", R"({"attributeName":"restore","valuesToAdd":[]})", "rds-snapshot-attribute"},
  };
  // clang-format on
  for (const Case& c : cases) {
    Record r = Synthetic(c.source, c.name, c.request);
    EXPECT_EQ(ClassifyRecord(r).rule, c.rule) << c.name << " " << c.request;
  }
}

// ---------------------------------------------------------------------------------------------
// docs/CLASSIFICATION.md lists the rows of the table, one line each starting "| `<id>` |", and
// nothing else: the doc cannot drift from the table.

TEST(ClassificationDoc, ListsEveryRule) {
  auto doc = ReadFile(std::string(CREDTRACE_SOURCE_DIR) + "/docs/CLASSIFICATION.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::vector<std::string> listed;
  size_t pos = 0;
  while ((pos = doc->find("\n| `", pos)) != std::string::npos) {
    size_t start = pos + 4;
    size_t end = doc->find('`', start);
    if (end == std::string::npos) break;
    listed.emplace_back(doc->substr(start, end - start));
    pos = end;
  }
  std::vector<std::string> ids;
  for (const ClassRule& rule : ClassificationRules()) ids.emplace_back(rule.id);
  EXPECT_EQ(listed, ids) << "docs/CLASSIFICATION.md must list every rule id, in table order";
}

}  // namespace
}  // namespace credtrace::investigate
