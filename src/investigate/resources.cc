// The resource table (one row per event and resource it touches) and the code that reads it.
// Sources for the rows: aws-ir-facts.md §2.3, §2.6-2.8, §7, §8; real records in
// ../shared/datasets/stratus-detonation-logs; ARN formats from the IAM Service Authorization
// Reference. docs/RESOURCES.md lists every row (a test keeps it complete).
#include "investigate/resources.h"

#include <algorithm>
#include <unordered_map>

namespace credtrace::investigate {

namespace dom = simdjson::dom;

namespace {

// ---------------------------------------------------------------------------------------------
// The table.

constexpr ResourceAction kC = ResourceAction::kCreated, kM = ResourceAction::kModified,
                         kD = ResourceAction::kDeleted, kR = ResourceAction::kRead,
                         kS = ResourceAction::kShared, kAs = ResourceAction::kAssumed;

constexpr std::string_view kIam = "iam.amazonaws.com", kSts = "sts.amazonaws.com",
                           kEc2 = "ec2.amazonaws.com", kEic = "ec2-instance-connect.amazonaws.com",
                           kS3 = "s3.amazonaws.com", kLambda = "lambda.amazonaws.com",
                           kSm = "secretsmanager.amazonaws.com", kSsm = "ssm.amazonaws.com",
                           kCt = "cloudtrail.amazonaws.com", kGd = "guardduty.amazonaws.com",
                           kRds = "rds.amazonaws.com", kKms = "kms.amazonaws.com",
                           kSes = "ses.amazonaws.com", kBedrock = "bedrock.amazonaws.com",
                           kRa = "rolesanywhere.amazonaws.com", kEvents = "events.amazonaws.com",
                           kBackup = "backup.amazonaws.com", kLogs = "logs.amazonaws.com",
                           kR53r = "route53resolver.amazonaws.com",
                           kConfig = "config.amazonaws.com", kEcs = "ecs.amazonaws.com",
                           kQuotas = "servicequotas.amazonaws.com";

constexpr std::string_view kUser = "AWS::IAM::User", kRole = "AWS::IAM::Role",
                           kGroup = "AWS::IAM::Group", kPolicy = "AWS::IAM::Policy",
                           kAccessKey = "AWS::IAM::AccessKey",
                           kProfile = "AWS::IAM::InstanceProfile",
                           kMfa = "AWS::IAM::VirtualMFADevice", kOidc = "AWS::IAM::OIDCProvider",
                           kSaml = "AWS::IAM::SAMLProvider", kInstance = "AWS::EC2::Instance",
                           kVolume = "AWS::EC2::Volume", kSnapshot = "AWS::EC2::Snapshot",
                           kImage = "AWS::EC2::Image", kSg = "AWS::EC2::SecurityGroup",
                           kKeyPair = "AWS::EC2::KeyPair", kBucket = "AWS::S3::Bucket",
                           kObject = "AWS::S3::Object", kFunction = "AWS::Lambda::Function",
                           kSecret = "AWS::SecretsManager::Secret",
                           kParameter = "AWS::SSM::Parameter", kTrail = "AWS::CloudTrail::Trail",
                           kDetector = "AWS::GuardDuty::Detector",
                           kDbInstance = "AWS::RDS::DBInstance",
                           kDbSnapshot = "AWS::RDS::DBSnapshot", kDbCluster = "AWS::RDS::DBCluster",
                           kDbClusterSnapshot = "AWS::RDS::DBClusterSnapshot",
                           kKey = "AWS::KMS::Key", kModel = "AWS::Bedrock::FoundationModel";

// Paths name the CloudTrail fields; these two prefixes are most of them.
#define REQ(p) "requestParameters." p
#define RESP(p) "responseElements." p

constexpr IdSource Id(std::string_view path, Arn arn = Arn::kAsIs) { return {path, arn}; }

// Builds a row: the event, what it does, the type, and up to three places for the ID; the
// optional parts by name.
struct Row {
  ResourceRule r;
  constexpr Row(std::string_view source, std::string_view name, ResourceAction action,
                std::string_view type, IdSource id0, IdSource id1 = {}, IdSource id2 = {})
      : r{source, name, action, type, {id0, id1, id2}} {}
  constexpr Row& Aspect(std::string_view aspect, std::string_view suffix_path = {}) {
    r.aspect = aspect;
    r.aspect_suffix = suffix_path;
    return *this;
  }
  constexpr Row& State(std::string_view p0, std::string_view p1 = {}) {
    r.state[0] = p0;
    r.state[1] = p1;
    return *this;
  }
  constexpr Row& Shared(std::string_view p0, std::string_view p1 = {}, std::string_view p2 = {},
                        std::string_view p3 = {}) {
    r.shared_with[0] = p0;
    r.shared_with[1] = p1;
    r.shared_with[2] = p2;
    r.shared_with[3] = p3;
    return *this;
  }
  constexpr Row& Bytes(std::string_view path) {
    r.bytes = path;
    return *this;
  }
  constexpr Row& When(std::string_view path, std::string_view value = {}) {
    r.when = path;
    r.when_value = value;
    return *this;
  }
  constexpr Row& With(Special s) {
    r.special = s;
    return *this;
  }
  constexpr operator ResourceRule() const { return r; }
};

// IAM: the user, role, group or policy by name when only the name is logged (the ARN then
// assumes the default path "/"; the response's ARN, when there is one, has the real path).
constexpr IdSource kUserName = Id(REQ("userName"), Arn::kIamUser);
constexpr IdSource kRoleName = Id(REQ("roleName"), Arn::kIamRole);
constexpr IdSource kGroupName = Id(REQ("groupName"), Arn::kIamGroup);
constexpr IdSource kPolicyArn = Id(REQ("policyArn"), Arn::kIamPolicy);
constexpr IdSource kProfileName = Id(REQ("instanceProfileName"), Arn::kIamInstanceProfile);
// Calls on the caller's own user may omit userName.
constexpr IdSource kCallerUser = Id("userIdentity.userName", Arn::kIamUser);
// EC2 instances as the various EC2 APIs name them.
constexpr IdSource kReqInstances = Id(REQ("instancesSet.items[].instanceId"), Arn::kEc2Instance);
constexpr IdSource kReqInstance = Id(REQ("instanceId"), Arn::kEc2Instance);
constexpr IdSource kBucketName = Id(REQ("bucketName"), Arn::kS3Bucket);
constexpr IdSource kObjectKey = Id(REQ("key"), Arn::kS3Object);
constexpr IdSource kFunctionName = Id(REQ("functionName"), Arn::kLambdaFunction);
constexpr IdSource kSecretId = Id(REQ("secretId"), Arn::kSecret);

constexpr ResourceRule kRules[] = {
    // ---- IAM users and their credentials (aws-ir-facts.md §2.3, §7.2, §7.3)
    Row(kIam, "CreateUser", kC, kUser, Id(RESP("user.arn")), kUserName),
    Row(kIam, "DeleteUser", kD, kUser, kUserName),
    Row(kIam, "UpdateUser", kM, kUser, kUserName).Aspect("name").State(REQ("newUserName")),
    Row(kIam, "CreateAccessKey", kC, kAccessKey, Id(RESP("accessKey.accessKeyId"))),
    Row(kIam, "CreateAccessKey", kM, kUser, kUserName,
        Id(RESP("accessKey.userName"), Arn::kIamUser), kCallerUser)
        .Aspect("access-key")
        .State(RESP("accessKey")),
    Row(kIam, "UpdateAccessKey", kM, kAccessKey, Id(REQ("accessKeyId")))
        .Aspect("status")
        .State(REQ("status")),
    Row(kIam, "DeleteAccessKey", kD, kAccessKey, Id(REQ("accessKeyId"))),
    Row(kIam, "CreateLoginProfile", kM, kUser, kUserName,
        Id(RESP("loginProfile.userName"), Arn::kIamUser), kCallerUser)
        .Aspect("login-profile")
        .State(REQ("passwordResetRequired")),
    Row(kIam, "UpdateLoginProfile", kM, kUser, kUserName, kCallerUser)
        .Aspect("login-profile")
        .State(REQ("passwordResetRequired")),
    Row(kIam, "DeleteLoginProfile", kM, kUser, kUserName, kCallerUser).Aspect("login-profile"),
    Row(kIam, "AttachUserPolicy", kM, kUser, kUserName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "DetachUserPolicy", kM, kUser, kUserName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "PutUserPolicy", kM, kUser, kUserName)
        .Aspect("inline-policy:", REQ("policyName"))
        .State(REQ("policyDocument")),
    Row(kIam, "DeleteUserPolicy", kM, kUser, kUserName).Aspect("inline-policy:", REQ("policyName")),
    Row(kIam, "PutUserPermissionsBoundary", kM, kUser, kUserName)
        .Aspect("permissions-boundary")
        .State(REQ("permissionsBoundary")),
    Row(kIam, "DeleteUserPermissionsBoundary", kM, kUser, kUserName).Aspect("permissions-boundary"),
    Row(kIam, "AddUserToGroup", kM, kUser, kUserName)
        .Aspect("group-membership")
        .State(REQ("groupName")),
    Row(kIam, "AddUserToGroup", kM, kGroup, kGroupName).Aspect("members").State(REQ("userName")),
    Row(kIam, "RemoveUserFromGroup", kM, kUser, kUserName)
        .Aspect("group-membership")
        .State(REQ("groupName")),
    Row(kIam, "RemoveUserFromGroup", kM, kGroup, kGroupName)
        .Aspect("members")
        .State(REQ("userName")),
    Row(kIam, "CreateServiceSpecificCredential", kC, "AWS::IAM::ServiceSpecificCredential",
        Id(RESP("serviceSpecificCredential.serviceSpecificCredentialId"))),
    Row(kIam, "CreateServiceSpecificCredential", kM, kUser, kUserName)
        .Aspect("service-specific-credential")
        .State(REQ("serviceName")),
    Row(kIam, "ResetServiceSpecificCredential", kM, "AWS::IAM::ServiceSpecificCredential",
        Id(REQ("serviceSpecificCredentialId")))
        .Aspect("password"),
    Row(kIam, "DeleteServiceSpecificCredential", kD, "AWS::IAM::ServiceSpecificCredential",
        Id(REQ("serviceSpecificCredentialId"))),
    Row(kIam, "UploadSSHPublicKey", kC, "AWS::IAM::SSHPublicKey",
        Id(RESP("sSHPublicKey.sSHPublicKeyId"))),
    Row(kIam, "UploadSSHPublicKey", kM, kUser, kUserName).Aspect("ssh-public-key"),
    Row(kIam, "UploadSigningCertificate", kC, "AWS::IAM::SigningCertificate",
        Id(RESP("certificate.certificateId"))),
    Row(kIam, "UploadSigningCertificate", kM, kUser, kUserName, kCallerUser)
        .Aspect("signing-certificate"),
    Row(kIam, "CreateVirtualMFADevice", kC, kMfa, Id(RESP("virtualMFADevice.serialNumber")),
        Id(REQ("virtualMFADeviceName"), Arn::kIamMfa)),
    Row(kIam, "DeleteVirtualMFADevice", kD, kMfa, Id(REQ("serialNumber"))),
    Row(kIam, "EnableMFADevice", kM, kUser, kUserName, kCallerUser)
        .Aspect("mfa")
        .State(REQ("serialNumber")),
    Row(kIam, "DeactivateMFADevice", kM, kUser, kUserName, kCallerUser)
        .Aspect("mfa")
        .State(REQ("serialNumber")),
    Row(kIam, "ResyncMFADevice", kM, kUser, kUserName, kCallerUser)
        .Aspect("mfa")
        .State(REQ("serialNumber")),
    // ---- IAM groups
    Row(kIam, "CreateGroup", kC, kGroup, Id(RESP("group.arn")), kGroupName),
    Row(kIam, "DeleteGroup", kD, kGroup, kGroupName),
    Row(kIam, "AttachGroupPolicy", kM, kGroup, kGroupName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "DetachGroupPolicy", kM, kGroup, kGroupName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "PutGroupPolicy", kM, kGroup, kGroupName)
        .Aspect("inline-policy:", REQ("policyName"))
        .State(REQ("policyDocument")),
    Row(kIam, "DeleteGroupPolicy", kM, kGroup, kGroupName)
        .Aspect("inline-policy:", REQ("policyName")),
    // ---- IAM roles
    Row(kIam, "CreateRole", kC, kRole, Id(RESP("role.arn")), kRoleName)
        .State(REQ("assumeRolePolicyDocument")),
    Row(kIam, "CreateServiceLinkedRole", kC, kRole, Id(RESP("role.arn"))),
    Row(kIam, "DeleteRole", kD, kRole, kRoleName),
    Row(kIam, "UpdateRole", kM, kRole, kRoleName)
        .Aspect("configuration")
        .State(REQ("maxSessionDuration")),
    Row(kIam, "UpdateAssumeRolePolicy", kM, kRole, kRoleName)
        .Aspect("trust-policy")
        .State(REQ("policyDocument")),
    Row(kIam, "AttachRolePolicy", kM, kRole, kRoleName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "DetachRolePolicy", kM, kRole, kRoleName)
        .Aspect("attached-policy")
        .State(REQ("policyArn")),
    Row(kIam, "PutRolePolicy", kM, kRole, kRoleName)
        .Aspect("inline-policy:", REQ("policyName"))
        .State(REQ("policyDocument")),
    Row(kIam, "DeleteRolePolicy", kM, kRole, kRoleName).Aspect("inline-policy:", REQ("policyName")),
    Row(kIam, "PutRolePermissionsBoundary", kM, kRole, kRoleName)
        .Aspect("permissions-boundary")
        .State(REQ("permissionsBoundary")),
    Row(kIam, "DeleteRolePermissionsBoundary", kM, kRole, kRoleName).Aspect("permissions-boundary"),
    // ---- IAM managed policies
    Row(kIam, "CreatePolicy", kC, kPolicy, Id(RESP("policy.arn")),
        Id(REQ("policyName"), Arn::kIamPolicy))
        .State(REQ("policyDocument")),
    Row(kIam, "DeletePolicy", kD, kPolicy, kPolicyArn),
    Row(kIam, "CreatePolicyVersion", kM, kPolicy, kPolicyArn)
        .Aspect("policy-version")
        .State(REQ("policyDocument")),
    Row(kIam, "SetDefaultPolicyVersion", kM, kPolicy, kPolicyArn)
        .Aspect("default-version")
        .State(REQ("versionId")),
    Row(kIam, "DeletePolicyVersion", kM, kPolicy, kPolicyArn)
        .Aspect("policy-version")
        .State(REQ("versionId")),
    // ---- IAM instance profiles (§2.6)
    Row(kIam, "CreateInstanceProfile", kC, kProfile, Id(RESP("instanceProfile.arn")), kProfileName),
    Row(kIam, "DeleteInstanceProfile", kD, kProfile, kProfileName),
    Row(kIam, "AddRoleToInstanceProfile", kM, kProfile, kProfileName)
        .Aspect("role")
        .State(REQ("roleName")),
    Row(kIam, "RemoveRoleFromInstanceProfile", kM, kProfile, kProfileName)
        .Aspect("role")
        .State(REQ("roleName")),
    // ---- IAM identity providers
    Row(kIam, "CreateOpenIDConnectProvider", kC, kOidc, Id(RESP("openIDConnectProviderArn")),
        Id(REQ("url"), Arn::kIamOidcProvider))
        .State("requestParameters"),
    Row(kIam, "DeleteOpenIDConnectProvider", kD, kOidc, Id(REQ("openIDConnectProviderArn"))),
    Row(kIam, "AddClientIDToOpenIDConnectProvider", kM, kOidc, Id(REQ("openIDConnectProviderArn")))
        .Aspect("client-ids")
        .State(REQ("clientID")),
    Row(kIam, "UpdateOpenIDConnectProviderThumbprint", kM, kOidc,
        Id(REQ("openIDConnectProviderArn")))
        .Aspect("thumbprints")
        .State(REQ("thumbprintList")),
    Row(kIam, "CreateSAMLProvider", kC, kSaml, Id(RESP("sAMLProviderArn")),
        Id(REQ("name"), Arn::kIamSamlProvider))
        .State(REQ("sAMLMetadataDocument")),
    Row(kIam, "UpdateSAMLProvider", kM, kSaml, Id(REQ("sAMLProviderArn")))
        .Aspect("metadata")
        .State(REQ("sAMLMetadataDocument")),
    Row(kIam, "DeleteSAMLProvider", kD, kSaml, Id(REQ("sAMLProviderArn"))),
    // ---- STS: the role whose sessions an AssumeRole opens (§2.2)
    Row(kSts, "AssumeRole", kAs, kRole, Id(REQ("roleArn"), Arn::kIamRole)),
    Row(kSts, "AssumeRoleWithSAML", kAs, kRole, Id(REQ("roleArn"), Arn::kIamRole)),
    Row(kSts, "AssumeRoleWithWebIdentity", kAs, kRole, Id(REQ("roleArn"), Arn::kIamRole)),
    // ---- EC2 instances (§2.6, §2.7, §7.4)
    Row(kEc2, "RunInstances", kC, kInstance,
        Id(RESP("instancesSet.items[].instanceId"), Arn::kEc2Instance)),
    Row(kEc2, "TerminateInstances", kD, kInstance, kReqInstances),
    Row(kEc2, "StopInstances", kM, kInstance, kReqInstances).Aspect("power-state"),
    Row(kEc2, "StartInstances", kM, kInstance, kReqInstances).Aspect("power-state"),
    Row(kEc2, "ModifyInstanceAttribute", kM, kInstance, kReqInstance)
        .With(Special::kEc2InstanceAttribute),
    Row(kEc2, "ModifyInstanceMetadataOptions", kM, kInstance,
        Id(REQ("ModifyInstanceMetadataOptionsRequest.InstanceId"), Arn::kEc2Instance), kReqInstance)
        .Aspect("metadata-options")
        .State(REQ("ModifyInstanceMetadataOptionsRequest"), "requestParameters"),
    Row(kEc2, "AssociateIamInstanceProfile", kM, kInstance,
        Id(REQ("AssociateIamInstanceProfileRequest.InstanceId"), Arn::kEc2Instance), kReqInstance)
        .Aspect("iam-instance-profile")
        .State(REQ("AssociateIamInstanceProfileRequest.IamInstanceProfile"),
               REQ("iamInstanceProfile")),
    Row(kEc2, "ReplaceIamInstanceProfileAssociation", kM, kInstance,
        Id(RESP("ReplaceIamInstanceProfileAssociationResponse.iamInstanceProfileAssociation."
                "instanceId"),
           Arn::kEc2Instance),
        Id(RESP("iamInstanceProfileAssociation.instanceId"), Arn::kEc2Instance))
        .Aspect("iam-instance-profile")
        .State(REQ("ReplaceIamInstanceProfileAssociationRequest.IamInstanceProfile"),
               REQ("iamInstanceProfile")),
    Row(kEc2, "GetPasswordData", kR, kInstance, kReqInstance),
    Row(kEc2, "GetConsoleOutput", kR, kInstance, kReqInstance),
    Row(kEc2, "GetConsoleScreenshot", kR, kInstance, kReqInstance),
    // User data often holds secrets: reading it is a read of the instance.
    Row(kEc2, "DescribeInstanceAttribute", kR, kInstance, kReqInstance)
        .When(REQ("attribute"), "userData"),
    Row(kEic, "SendSSHPublicKey", kM, kInstance, kReqInstance)
        .Aspect("ssh-public-key")
        .State("requestParameters"),
    Row(kEic, "SendSerialConsoleSSHPublicKey", kM, kInstance, kReqInstance)
        .Aspect("serial-console-ssh-public-key")
        .State("requestParameters"),
    Row(kEc2, "EnableSerialConsoleAccess", kM, "AWS::EC2::SerialConsoleAccess",
        Id("", Arn::kEc2SerialConsoleSetting))
        .Aspect("enabled"),
    Row(kEc2, "DisableEbsEncryptionByDefault", kM, "AWS::EC2::EBSEncryptionByDefault",
        Id("", Arn::kEc2EbsEncryptionSetting))
        .Aspect("enabled"),
    Row(kEc2, "RequestSpotInstances", kC, "AWS::EC2::SpotInstanceRequest",
        Id(RESP("spotInstanceRequestSet.items[].spotInstanceRequestId"), Arn::kEc2SpotRequest)),
    Row(kEc2, "CreateLaunchTemplate", kC, "AWS::EC2::LaunchTemplate",
        Id(RESP("CreateLaunchTemplateResponse.launchTemplate.launchTemplateId"),
           Arn::kEc2LaunchTemplate),
        Id(RESP("launchTemplate.launchTemplateId"), Arn::kEc2LaunchTemplate)),
    // ---- EC2 key pairs and security groups (§7.2)
    Row(kEc2, "CreateKeyPair", kC, kKeyPair, Id(REQ("keyName"), Arn::kEc2KeyPair)),
    Row(kEc2, "ImportKeyPair", kC, kKeyPair, Id(REQ("keyName"), Arn::kEc2KeyPair)),
    Row(kEc2, "DeleteKeyPair", kD, kKeyPair, Id(REQ("keyName"), Arn::kEc2KeyPair),
        Id(REQ("keyPairId"))),
    Row(kEc2, "CreateSecurityGroup", kC, kSg, Id(RESP("groupId"), Arn::kEc2SecurityGroup)),
    Row(kEc2, "DeleteSecurityGroup", kD, kSg, Id(REQ("groupId"), Arn::kEc2SecurityGroup)),
    Row(kEc2, "AuthorizeSecurityGroupIngress", kM, kSg, Id(REQ("groupId"), Arn::kEc2SecurityGroup),
        Id(RESP("securityGroupRuleSet.items[].groupId"), Arn::kEc2SecurityGroup))
        .Aspect("ingress")
        .State(RESP("securityGroupRuleSet"), REQ("ipPermissions")),
    Row(kEc2, "AuthorizeSecurityGroupEgress", kM, kSg, Id(REQ("groupId"), Arn::kEc2SecurityGroup))
        .Aspect("egress")
        .State(RESP("securityGroupRuleSet"), REQ("ipPermissions")),
    Row(kEc2, "RevokeSecurityGroupIngress", kM, kSg, Id(REQ("groupId"), Arn::kEc2SecurityGroup))
        .Aspect("ingress")
        .State(REQ("ipPermissions"), REQ("securityGroupRuleIds")),
    Row(kEc2, "RevokeSecurityGroupEgress", kM, kSg, Id(REQ("groupId"), Arn::kEc2SecurityGroup))
        .Aspect("egress")
        .State(REQ("ipPermissions"), REQ("securityGroupRuleIds")),
    Row(kEc2, "ModifySecurityGroupRules", kM, kSg,
        Id(REQ("ModifySecurityGroupRulesRequest.GroupId"), Arn::kEc2SecurityGroup))
        .Aspect("rules")
        .State(REQ("ModifySecurityGroupRulesRequest")),
    // ---- EBS snapshots and volumes, images (§7.4)
    Row(kEc2, "CreateSnapshot", kC, kSnapshot, Id(RESP("snapshotId"), Arn::kEc2Snapshot)),
    Row(kEc2, "CreateSnapshots", kC, kSnapshot,
        Id(RESP("snapshotSet.items[].snapshotId"), Arn::kEc2Snapshot)),
    Row(kEc2, "CopySnapshot", kC, kSnapshot, Id(RESP("snapshotId"), Arn::kEc2Snapshot)),
    Row(kEc2, "DeleteSnapshot", kD, kSnapshot, Id(REQ("snapshotId"), Arn::kEc2Snapshot)),
    Row(kEc2, "ModifySnapshotAttribute", kS, kSnapshot, Id(REQ("snapshotId"), Arn::kEc2Snapshot))
        .Aspect("create-volume-permission")
        .State(REQ("createVolumePermission.add"))
        .Shared(REQ("createVolumePermission.add.items[].userId"),
                REQ("createVolumePermission.add.items[].group")),
    Row(kEc2, "ModifySnapshotAttribute", kM, kSnapshot, Id(REQ("snapshotId"), Arn::kEc2Snapshot))
        .Aspect("create-volume-permission")
        .State(REQ("createVolumePermission.remove"))
        .When(REQ("createVolumePermission.remove.items")),
    // In the account that received a shared snapshot: the copy and the volume made from it.
    Row(kEc2, "SharedSnapshotCopyInitiated", kR, kSnapshot,
        Id("serviceEventDetails.snapshotId", Arn::kEc2Snapshot)),
    Row(kEc2, "SharedSnapshotVolumeCreated", kR, kSnapshot,
        Id("serviceEventDetails.snapshotId", Arn::kEc2Snapshot)),
    Row(kEc2, "CreateVolume", kC, kVolume, Id(RESP("volumeId"), Arn::kEc2Volume)),
    Row(kEc2, "DeleteVolume", kD, kVolume, Id(REQ("volumeId"), Arn::kEc2Volume)),
    Row(kEc2, "AttachVolume", kM, kVolume, Id(REQ("volumeId"), Arn::kEc2Volume))
        .Aspect("attachment")
        .State(REQ("instanceId")),
    Row(kEc2, "DetachVolume", kM, kVolume, Id(REQ("volumeId"), Arn::kEc2Volume))
        .Aspect("attachment")
        .State(REQ("instanceId")),
    Row(kEc2, "CreateImage", kC, kImage, Id(RESP("imageId"), Arn::kEc2Image)),
    Row(kEc2, "CopyImage", kC, kImage, Id(RESP("imageId"), Arn::kEc2Image)),
    Row(kEc2, "RegisterImage", kC, kImage, Id(RESP("imageId"), Arn::kEc2Image)),
    Row(kEc2, "DeregisterImage", kD, kImage, Id(REQ("imageId"), Arn::kEc2Image)),
    Row(kEc2, "ModifyImageAttribute", kS, kImage, Id(REQ("imageId"), Arn::kEc2Image))
        .Aspect("launch-permission")
        .State(REQ("launchPermission.add"))
        .Shared(REQ("launchPermission.add.items[].userId"),
                REQ("launchPermission.add.items[].group"),
                REQ("launchPermission.add.items[].organizationArn"),
                REQ("launchPermission.add.items[].organizationalUnitArn")),
    Row(kEc2, "ModifyImageAttribute", kM, kImage, Id(REQ("imageId"), Arn::kEc2Image))
        .Aspect("launch-permission")
        .State(REQ("launchPermission.remove"))
        .When(REQ("launchPermission.remove.items")),
    // ---- Network telemetry (§7.3)
    Row(kEc2, "DeleteFlowLogs", kD, "AWS::EC2::FlowLog",
        Id(REQ("DeleteFlowLogsRequest.FlowLogId[].content"), Arn::kEc2FlowLog),
        Id(REQ("DeleteFlowLogsRequest.FlowLogId.content"), Arn::kEc2FlowLog),
        Id(REQ("flowLogIds[]"), Arn::kEc2FlowLog)),
    Row(kR53r, "DeleteResolverQueryLogConfig", kD,
        "AWS::Route53Resolver::ResolverQueryLoggingConfig", Id(RESP("resolverQueryLogConfig.arn")),
        Id(REQ("resolverQueryLogConfigId"))),
    Row(kLogs, "DeleteLogGroup", kD, "AWS::Logs::LogGroup",
        Id(REQ("logGroupName"), Arn::kLogGroup)),
    Row(kLogs, "PutRetentionPolicy", kM, "AWS::Logs::LogGroup",
        Id(REQ("logGroupName"), Arn::kLogGroup))
        .Aspect("retention")
        .State(REQ("retentionInDays")),
    // ---- S3 buckets (§7.3, §7.4)
    Row(kS3, "CreateBucket", kC, kBucket, kBucketName),
    Row(kS3, "DeleteBucket", kD, kBucket, kBucketName),
    Row(kS3, "PutBucketPolicy", kM, kBucket, kBucketName)
        .Aspect("bucket-policy")
        .State(REQ("bucketPolicy")),
    Row(kS3, "DeleteBucketPolicy", kM, kBucket, kBucketName).Aspect("bucket-policy"),
    Row(kS3, "PutBucketAcl", kM, kBucket, kBucketName)
        .Aspect("bucket-acl")
        .State(REQ("AccessControlPolicy"), REQ("x-amz-acl")),
    Row(kS3, "PutBucketVersioning", kM, kBucket, kBucketName)
        .Aspect("versioning")
        .State(REQ("VersioningConfiguration")),
    Row(kS3, "PutBucketLifecycle", kM, kBucket, kBucketName)
        .Aspect("lifecycle")
        .State(REQ("LifecycleConfiguration")),
    Row(kS3, "PutBucketLifecycleConfiguration", kM, kBucket, kBucketName)
        .Aspect("lifecycle")
        .State(REQ("LifecycleConfiguration")),
    Row(kS3, "DeleteBucketLifecycle", kM, kBucket, kBucketName).Aspect("lifecycle"),
    Row(kS3, "PutBucketPublicAccessBlock", kM, kBucket, kBucketName)
        .Aspect("public-access-block")
        .State(REQ("PublicAccessBlockConfiguration")),
    Row(kS3, "PutPublicAccessBlock", kM, kBucket, kBucketName)
        .Aspect("public-access-block")
        .State(REQ("PublicAccessBlockConfiguration")),
    Row(kS3, "DeleteBucketPublicAccessBlock", kM, kBucket, kBucketName)
        .Aspect("public-access-block"),
    Row(kS3, "DeletePublicAccessBlock", kM, kBucket, kBucketName).Aspect("public-access-block"),
    Row(kS3, "PutAccountPublicAccessBlock", kM, "AWS::S3::AccountPublicAccessBlock",
        Id("", Arn::kS3AccountPublicAccessSetting))
        .Aspect("public-access-block")
        .State(REQ("PublicAccessBlockConfiguration")),
    Row(kS3, "DeleteAccountPublicAccessBlock", kM, "AWS::S3::AccountPublicAccessBlock",
        Id("", Arn::kS3AccountPublicAccessSetting))
        .Aspect("public-access-block"),
    Row(kS3, "PutBucketEncryption", kM, kBucket, kBucketName)
        .Aspect("encryption")
        .State(REQ("ServerSideEncryptionConfiguration")),
    Row(kS3, "DeleteBucketEncryption", kM, kBucket, kBucketName).Aspect("encryption"),
    Row(kS3, "PutBucketReplication", kM, kBucket, kBucketName)
        .Aspect("replication")
        .State(REQ("ReplicationConfiguration")),
    Row(kS3, "DeleteBucketReplication", kM, kBucket, kBucketName).Aspect("replication"),
    Row(kS3, "PutBucketLogging", kM, kBucket, kBucketName)
        .Aspect("logging")
        .State(REQ("BucketLoggingStatus")),
    Row(kS3, "PutBucketCors", kM, kBucket, kBucketName)
        .Aspect("cors")
        .State(REQ("CORSConfiguration")),
    Row(kS3, "PutBucketOwnershipControls", kM, kBucket, kBucketName)
        .Aspect("ownership-controls")
        .State(REQ("OwnershipControls")),
    Row(kS3, "PutBucketWebsite", kM, kBucket, kBucketName)
        .Aspect("website")
        .State(REQ("WebsiteConfiguration")),
    Row(kS3, "PutObjectLockConfiguration", kM, kBucket, kBucketName)
        .Aspect("object-lock")
        .State(REQ("ObjectLockConfiguration")),
    // ---- S3 objects (data events). S3 does not say whether a PutObject key existed before, so
    // a write is a modification of its content (the plan restores a prior version or deletes).
    Row(kS3, "GetObject", kR, kObject, kObjectKey).Bytes("additionalEventData.bytesTransferredOut"),
    Row(kS3, "SelectObjectContent", kR, kObject, kObjectKey)
        .Bytes("additionalEventData.bytesTransferredOut"),
    Row(kS3, "PutObject", kM, kObject, kObjectKey)
        .Aspect("content")
        .Bytes("additionalEventData.bytesTransferredIn"),
    Row(kS3, "CopyObject", kM, kObject, kObjectKey).Aspect("content"),
    Row(kS3, "CopyObject", kR, kObject, Id(REQ("x-amz-copy-source"), Arn::kS3CopySource)),
    Row(kS3, "CompleteMultipartUpload", kM, kObject, kObjectKey).Aspect("content"),
    Row(kS3, "PutObjectAcl", kM, kObject, kObjectKey)
        .Aspect("object-acl")
        .State(REQ("AccessControlPolicy"), REQ("x-amz-acl")),
    Row(kS3, "DeleteObject", kD, kObject, kObjectKey),
    // DeleteObjects does not log its keys: the objects are the bucket's, by prefix when known.
    Row(kS3, "DeleteObjects", kD, kObject, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("bucketName"), Arn::kS3AnyObject)),
    // ---- Lambda (names carry API versions; §2.6, §2.7, §7.2)
    Row(kLambda, "CreateFunction*", kC, kFunction, Id(RESP("functionArn"), Arn::kLambdaFunction),
        kFunctionName),
    Row(kLambda, "DeleteFunction*", kD, kFunction, kFunctionName),
    Row(kLambda, "UpdateFunctionCode*", kM, kFunction, kFunctionName)
        .Aspect("code")
        .State(RESP("codeSha256")),
    Row(kLambda, "UpdateFunctionConfiguration*", kM, kFunction, kFunctionName)
        .Aspect("configuration")
        .State("requestParameters"),
    Row(kLambda, "AddPermission*", kS, kFunction, kFunctionName).With(Special::kLambdaPermission),
    Row(kLambda, "RemovePermission*", kM, kFunction, kFunctionName)
        .Aspect("resource-policy")
        .State(REQ("statementId")),
    Row(kLambda, "CreateFunctionUrlConfig*", kM, kFunction,
        Id(RESP("functionArn"), Arn::kLambdaFunction), kFunctionName)
        .Aspect("function-url")
        .State("requestParameters"),
    Row(kLambda, "UpdateFunctionUrlConfig*", kM, kFunction, kFunctionName)
        .Aspect("function-url")
        .State("requestParameters"),
    Row(kLambda, "DeleteFunctionUrlConfig*", kM, kFunction, kFunctionName).Aspect("function-url"),
    // GetFunction returns the code's download URL and the environment (often secrets).
    Row(kLambda, "GetFunction*", kR, kFunction, kFunctionName).When(REQ("functionName")),
    Row(kLambda, "PublishLayerVersion*", kC, "AWS::Lambda::LayerVersion",
        Id(RESP("layerVersionArn")), Id(REQ("layerName"), Arn::kLambdaLayer)),
    // ---- Secrets Manager and SSM Parameter Store: a read means rotate (§7.4, §8 Data access)
    Row(kSm, "GetSecretValue", kR, kSecret, kSecretId),
    // By filters, the record names no secret: every secret the filters matched was read.
    Row(kSm, "BatchGetSecretValue", kR, kSecret, Id(REQ("secretIdList[]"), Arn::kSecret),
        Id("", Arn::kSecretsMatched))
        .State(REQ("filters")),
    Row(kSm, "CreateSecret", kC, kSecret, Id(RESP("arn")), Id(REQ("name"), Arn::kSecret)),
    Row(kSm, "PutSecretValue", kM, kSecret, Id(RESP("arn")), kSecretId).Aspect("value"),
    Row(kSm, "UpdateSecret", kM, kSecret, Id(RESP("arn")), kSecretId).Aspect("configuration"),
    Row(kSm, "DeleteSecret", kD, kSecret, Id(RESP("arn")), kSecretId),
    Row(kSm, "PutResourcePolicy", kM, kSecret, Id(RESP("arn")), kSecretId)
        .Aspect("resource-policy")
        .State(REQ("resourcePolicy")),
    Row(kSsm, "GetParameter", kR, kParameter, Id(REQ("name"), Arn::kSsmParameter)),
    Row(kSsm, "GetParameters", kR, kParameter, Id(REQ("names[]"), Arn::kSsmParameter)),
    Row(kSsm, "GetParametersByPath", kR, kParameter, Id(REQ("path"), Arn::kSsmParameterPath)),
    Row(kSsm, "GetParameterHistory", kR, kParameter, Id(REQ("name"), Arn::kSsmParameter)),
    Row(kSsm, "PutParameter", kM, kParameter, Id(REQ("name"), Arn::kSsmParameter)).Aspect("value"),
    Row(kSsm, "DeleteParameter", kD, kParameter, Id(REQ("name"), Arn::kSsmParameter)),
    Row(kSsm, "DeleteParameters", kD, kParameter, Id(REQ("names[]"), Arn::kSsmParameter)),
    // ---- SSM access to instances (§2.7): commands and shells run on them
    Row(kSsm, "SendCommand", kM, kInstance, Id(REQ("instanceIds[]"), Arn::kSsmTarget),
        Id(RESP("command.instanceIds[]"), Arn::kSsmTarget))
        .Aspect("run-command")
        .State(REQ("documentName")),
    Row(kSsm, "StartSession", kM, kInstance, Id(REQ("target"), Arn::kSsmTarget))
        .Aspect("session")
        .State(REQ("documentName")),
    // ---- CloudTrail (§7.3)
    Row(kCt, "CreateTrail", kC, kTrail, Id(RESP("trailARN")), Id(REQ("name"), Arn::kTrail)),
    Row(kCt, "DeleteTrail", kD, kTrail, Id(REQ("name"), Arn::kTrail)),
    Row(kCt, "StopLogging", kM, kTrail, Id(REQ("name"), Arn::kTrail)).Aspect("logging"),
    Row(kCt, "StartLogging", kM, kTrail, Id(REQ("name"), Arn::kTrail)).Aspect("logging"),
    Row(kCt, "UpdateTrail", kM, kTrail, Id(RESP("trailARN")), Id(REQ("name"), Arn::kTrail))
        .Aspect("configuration")
        .State("requestParameters"),
    Row(kCt, "PutEventSelectors", kM, kTrail, Id(RESP("trailARN")),
        Id(REQ("trailName"), Arn::kTrail))
        .Aspect("event-selectors")
        .State(REQ("eventSelectors"), REQ("advancedEventSelectors")),
    Row(kCt, "PutInsightSelectors", kM, kTrail, Id(RESP("trailARN")),
        Id(REQ("trailName"), Arn::kTrail))
        .Aspect("insight-selectors")
        .State(REQ("insightSelectors")),
    Row(kCt, "DeleteEventDataStore", kD, "AWS::CloudTrail::EventDataStore",
        Id(REQ("eventDataStore"))),
    Row(kCt, "StopEventDataStoreIngestion", kM, "AWS::CloudTrail::EventDataStore",
        Id(REQ("eventDataStore")))
        .Aspect("ingestion"),
    // ---- GuardDuty (§7.3)
    Row(kGd, "DeleteDetector", kD, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector)),
    Row(kGd, "UpdateDetector", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("configuration")
        .State("requestParameters"),
    Row(kGd, "CreateFilter", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("filter:", REQ("name"))
        .State("requestParameters"),
    Row(kGd, "UpdateFilter", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("filter:", REQ("filterName"))
        .State("requestParameters"),
    Row(kGd, "CreateIPSet", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("trusted-ip-set")
        .State("requestParameters"),
    Row(kGd, "UpdateIPSet", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("trusted-ip-set")
        .State("requestParameters"),
    Row(kGd, "DisassociateFromMasterAccount", kM, kDetector,
        Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("administrator"),
    Row(kGd, "DisassociateFromAdministratorAccount", kM, kDetector,
        Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("administrator"),
    Row(kGd, "DeleteMembers", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("members")
        .State(REQ("accountIds")),
    Row(kGd, "StopMonitoringMembers", kM, kDetector, Id(REQ("detectorId"), Arn::kGuardDutyDetector))
        .Aspect("members")
        .State(REQ("accountIds")),
    // ---- AWS Config
    Row(kConfig, "StopConfigurationRecorder", kM, "AWS::Config::ConfigurationRecorder",
        Id(REQ("configurationRecorderName")))
        .Aspect("recording"),
    Row(kConfig, "DeleteConfigurationRecorder", kD, "AWS::Config::ConfigurationRecorder",
        Id(REQ("configurationRecorderName"))),
    Row(kConfig, "DeleteDeliveryChannel", kD, "AWS::Config::DeliveryChannel",
        Id(REQ("deliveryChannelName"))),
    // ---- RDS (§7.4)
    Row(kRds, "CreateDBSnapshot", kC, kDbSnapshot, Id(RESP("dBSnapshotArn")),
        Id(REQ("dBSnapshotIdentifier"), Arn::kRdsSnapshot)),
    Row(kRds, "CopyDBSnapshot", kC, kDbSnapshot, Id(RESP("dBSnapshotArn")),
        Id(REQ("targetDBSnapshotIdentifier"), Arn::kRdsSnapshot)),
    Row(kRds, "DeleteDBSnapshot", kD, kDbSnapshot, Id(RESP("dBSnapshotArn")),
        Id(REQ("dBSnapshotIdentifier"), Arn::kRdsSnapshot)),
    Row(kRds, "ModifyDBSnapshotAttribute", kS, kDbSnapshot,
        Id(REQ("dBSnapshotIdentifier"), Arn::kRdsSnapshot))
        .Aspect("restore-permission")
        .State(REQ("valuesToAdd"))
        .Shared(REQ("valuesToAdd[]")),
    Row(kRds, "ModifyDBSnapshotAttribute", kM, kDbSnapshot,
        Id(REQ("dBSnapshotIdentifier"), Arn::kRdsSnapshot))
        .Aspect("restore-permission")
        .State(REQ("valuesToRemove"))
        .When(REQ("valuesToRemove")),
    Row(kRds, "CreateDBClusterSnapshot", kC, kDbClusterSnapshot, Id(RESP("dBClusterSnapshotArn")),
        Id(REQ("dBClusterSnapshotIdentifier"), Arn::kRdsClusterSnapshot)),
    Row(kRds, "DeleteDBClusterSnapshot", kD, kDbClusterSnapshot, Id(RESP("dBClusterSnapshotArn")),
        Id(REQ("dBClusterSnapshotIdentifier"), Arn::kRdsClusterSnapshot)),
    Row(kRds, "ModifyDBClusterSnapshotAttribute", kS, kDbClusterSnapshot,
        Id(REQ("dBClusterSnapshotIdentifier"), Arn::kRdsClusterSnapshot))
        .Aspect("restore-permission")
        .State(REQ("valuesToAdd"))
        .Shared(REQ("valuesToAdd[]")),
    Row(kRds, "ModifyDBClusterSnapshotAttribute", kM, kDbClusterSnapshot,
        Id(REQ("dBClusterSnapshotIdentifier"), Arn::kRdsClusterSnapshot))
        .Aspect("restore-permission")
        .State(REQ("valuesToRemove"))
        .When(REQ("valuesToRemove")),
    Row(kRds, "CreateDBInstance", kC, kDbInstance, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb)),
    Row(kRds, "RestoreDBInstanceFromDBSnapshot", kC, kDbInstance, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb)),
    Row(kRds, "DeleteDBInstance", kD, kDbInstance, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb)),
    Row(kRds, "ModifyDBInstance", kM, kDbInstance, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb))
        .Aspect("configuration")
        .State("requestParameters"),
    Row(kRds, "StopDBInstance", kM, kDbInstance, Id(RESP("dBInstanceArn")),
        Id(REQ("dBInstanceIdentifier"), Arn::kRdsDb))
        .Aspect("power-state"),
    Row(kRds, "DeleteDBCluster", kD, kDbCluster, Id(RESP("dBClusterArn")),
        Id(REQ("dBClusterIdentifier"), Arn::kRdsCluster)),
    // ---- AWS Backup (§7.4)
    Row(kBackup, "DeleteRecoveryPoint", kD, "AWS::Backup::RecoveryPoint",
        Id(REQ("recoveryPointArn"))),
    Row(kBackup, "DeleteBackupVault", kD, "AWS::Backup::BackupVault",
        Id(REQ("backupVaultName"), Arn::kBackupVault)),
    // ---- KMS (§7.4): the key is in resources[] for most KMS events
    Row(kKms, "CreateKey", kC, kKey, Id(RESP("keyMetadata.arn"))),
    Row(kKms, "ScheduleKeyDeletion", kD, kKey, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("keyId"), Arn::kKmsKey)),
    Row(kKms, "DisableKey", kM, kKey, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("keyId"), Arn::kKmsKey))
        .Aspect("state"),
    Row(kKms, "PutKeyPolicy", kM, kKey, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("keyId"), Arn::kKmsKey))
        .Aspect("key-policy")
        .State(REQ("policy")),
    Row(kKms, "CreateGrant", kM, kKey, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("keyId"), Arn::kKmsKey))
        .Aspect("grant")
        .State("requestParameters"),
    Row(kKms, "ImportKeyMaterial", kM, kKey, Id("resources[]", Arn::kResourceOfType),
        Id(REQ("keyId"), Arn::kKmsKey))
        .Aspect("key-material"),
    // ---- SES (§7.4)
    Row(kSes, "VerifyEmailIdentity", kC, "AWS::SES::EmailIdentity",
        Id(REQ("emailAddress"), Arn::kSesIdentity)),
    Row(kSes, "VerifyDomainIdentity", kC, "AWS::SES::EmailIdentity",
        Id(REQ("domain"), Arn::kSesIdentity)),
    Row(kSes, "CreateEmailIdentity", kC, "AWS::SES::EmailIdentity",
        Id(REQ("emailIdentity"), Arn::kSesIdentity)),
    Row(kSes, "DeleteIdentity", kD, "AWS::SES::EmailIdentity",
        Id(REQ("identity"), Arn::kSesIdentity)),
    Row(kSes, "DeleteEmailIdentity", kD, "AWS::SES::EmailIdentity",
        Id(REQ("emailIdentity"), Arn::kSesIdentity)),
    Row(kSes, "UpdateAccountSendingEnabled", kM, "AWS::SES::Account",
        Id("", Arn::kSesAccountSetting))
        .Aspect("sending")
        .State(REQ("enabled")),
    Row(kSes, "PutAccountDetails", kM, "AWS::SES::Account", Id("", Arn::kSesAccountSetting))
        .Aspect("production-access")
        .State("requestParameters"),
    // ---- Bedrock (§7.1, §7.4): invocations use a paid model; the rest enables models
    Row(kBedrock, "InvokeModel", kR, kModel, Id(REQ("modelId"), Arn::kBedrockModel)),
    Row(kBedrock, "InvokeModelWithResponseStream", kR, kModel,
        Id(REQ("modelId"), Arn::kBedrockModel)),
    Row(kBedrock, "Converse", kR, kModel, Id(REQ("modelId"), Arn::kBedrockModel)),
    Row(kBedrock, "ConverseStream", kR, kModel, Id(REQ("modelId"), Arn::kBedrockModel)),
    Row(kBedrock, "CreateFoundationModelAgreement", kM, kModel,
        Id(REQ("modelId"), Arn::kBedrockModel))
        .Aspect("agreement"),
    Row(kBedrock, "PutFoundationModelEntitlement", kM, kModel,
        Id(REQ("modelId"), Arn::kBedrockModel))
        .Aspect("entitlement"),
    Row(kBedrock, "PutUseCaseForModelAccess", kM, "AWS::Bedrock::ModelAccess",
        Id("", Arn::kBedrockModelAccessSetting))
        .Aspect("use-case"),
    Row(kBedrock, "PutModelInvocationLoggingConfiguration", kM,
        "AWS::Bedrock::ModelInvocationLogging", Id("", Arn::kBedrockLoggingSetting))
        .Aspect("logging")
        .State(REQ("loggingConfig")),
    Row(kBedrock, "DeleteModelInvocationLoggingConfiguration", kM,
        "AWS::Bedrock::ModelInvocationLogging", Id("", Arn::kBedrockLoggingSetting))
        .Aspect("logging"),
    // ---- IAM Roles Anywhere (§2.8): the CA the attacker trusts is the trust anchor's state
    Row(kRa, "CreateTrustAnchor", kC, "AWS::RolesAnywhere::TrustAnchor",
        Id(RESP("trustAnchor.trustAnchorArn")))
        .State(REQ("source")),
    Row(kRa, "UpdateTrustAnchor", kM, "AWS::RolesAnywhere::TrustAnchor",
        Id(RESP("trustAnchor.trustAnchorArn")),
        Id(REQ("trustAnchorId"), Arn::kRolesAnywhereTrustAnchor))
        .Aspect("source")
        .State(REQ("source")),
    Row(kRa, "EnableTrustAnchor", kM, "AWS::RolesAnywhere::TrustAnchor",
        Id(RESP("trustAnchor.trustAnchorArn")),
        Id(REQ("trustAnchorId"), Arn::kRolesAnywhereTrustAnchor))
        .Aspect("enabled"),
    Row(kRa, "DeleteTrustAnchor", kD, "AWS::RolesAnywhere::TrustAnchor",
        Id(RESP("trustAnchor.trustAnchorArn")),
        Id(REQ("trustAnchorId"), Arn::kRolesAnywhereTrustAnchor)),
    Row(kRa, "CreateProfile", kC, "AWS::RolesAnywhere::Profile", Id(RESP("profile.profileArn")))
        .State(REQ("roleArns")),
    Row(kRa, "UpdateProfile", kM, "AWS::RolesAnywhere::Profile", Id(RESP("profile.profileArn")),
        Id(REQ("profileId"), Arn::kRolesAnywhereProfile))
        .Aspect("configuration")
        .State("requestParameters"),
    Row(kRa, "DeleteProfile", kD, "AWS::RolesAnywhere::Profile", Id(RESP("profile.profileArn")),
        Id(REQ("profileId"), Arn::kRolesAnywhereProfile)),
    // ---- Persistence through schedules and containers (§7.2, §7.4)
    Row(kEvents, "PutRule", kC, "AWS::Events::Rule", Id(RESP("ruleArn")),
        Id(REQ("name"), Arn::kEventsRule)),
    Row(kEvents, "PutTargets", kM, "AWS::Events::Rule", Id(REQ("rule"), Arn::kEventsRule))
        .Aspect("targets")
        .State(REQ("targets")),
    Row(kEvents, "DeleteRule", kD, "AWS::Events::Rule", Id(REQ("name"), Arn::kEventsRule)),
    Row(kEcs, "CreateCluster", kC, "AWS::ECS::Cluster", Id(RESP("cluster.clusterArn"))),
    Row(kEcs, "RegisterTaskDefinition", kC, "AWS::ECS::TaskDefinition",
        Id(RESP("taskDefinition.taskDefinitionArn"))),
    Row(kEcs, "CreateService", kC, "AWS::ECS::Service", Id(RESP("service.serviceArn"))),
    Row(kEcs, "RunTask", kC, "AWS::ECS::Task", Id(RESP("tasks[].taskArn"))),
    Row(kQuotas, "RequestServiceQuotaIncrease", kM, "AWS::ServiceQuotas::Quota",
        Id(RESP("requestedQuota.quotaArn")))
        .Aspect("value")
        .State(REQ("desiredValue")),
};

#undef REQ
#undef RESP

// ---------------------------------------------------------------------------------------------
// ARN templates. {P} partition, {R} awsRegion, {A} recipientAccountId, {V} the value.

// clang-format off
constexpr std::string_view kTemplates[] = {
    "{V}",                                                // kAsIs
    "arn:{P}:iam::{A}:user/{V}",                          // kIamUser
    "arn:{P}:iam::{A}:role/{V}",                          // kIamRole
    "arn:{P}:iam::{A}:group/{V}",                         // kIamGroup
    "arn:{P}:iam::{A}:policy/{V}",                        // kIamPolicy
    "arn:{P}:iam::{A}:instance-profile/{V}",              // kIamInstanceProfile
    "arn:{P}:iam::{A}:mfa/{V}",                           // kIamMfa
    "arn:{P}:iam::{A}:oidc-provider/{V}",                 // kIamOidcProvider
    "arn:{P}:iam::{A}:saml-provider/{V}",                 // kIamSamlProvider
    "arn:{P}:ec2:{R}:{A}:instance/{V}",                   // kEc2Instance
    "arn:{P}:ec2:{R}:{A}:volume/{V}",                     // kEc2Volume
    "arn:{P}:ec2:{R}::snapshot/{V}",                      // kEc2Snapshot
    "arn:{P}:ec2:{R}::image/{V}",                         // kEc2Image
    "arn:{P}:ec2:{R}:{A}:security-group/{V}",             // kEc2SecurityGroup
    "arn:{P}:ec2:{R}:{A}:key-pair/{V}",                   // kEc2KeyPair
    "arn:{P}:ec2:{R}:{A}:vpc-flow-log/{V}",               // kEc2FlowLog
    "arn:{P}:ec2:{R}:{A}:launch-template/{V}",            // kEc2LaunchTemplate
    "arn:{P}:ec2:{R}:{A}:spot-instances-request/{V}",     // kEc2SpotRequest
    "arn:{P}:ec2:{R}:{A}:instance/{V}",                   // kSsmTarget (mi-: see Build)
    "arn:{P}:s3:::{V}",                                   // kS3Bucket
    "arn:{P}:s3:::{B}/{V}",                               // kS3Object
    "arn:{P}:s3:::{V}/*",                                 // kS3AnyObject
    "arn:{P}:s3:::{V}",                                   // kS3CopySource (V = bucket/key)
    "arn:{P}:lambda:{R}:{A}:function:{V}",                // kLambdaFunction
    "arn:{P}:lambda:{R}:{A}:layer:{V}",                   // kLambdaLayer
    "{V}",                                                // kSecret
    "arn:{P}:secretsmanager:{R}:{A}:secret:*",            // kSecretsMatched
    "arn:{P}:ssm:{R}:{A}:parameter/{V}",                  // kSsmParameter
    "arn:{P}:ssm:{R}:{A}:parameter/{V}/*",                // kSsmParameterPath
    "arn:{P}:cloudtrail:{R}:{A}:trail/{V}",               // kTrail
    "arn:{P}:guardduty:{R}:{A}:detector/{V}",             // kGuardDutyDetector
    "arn:{P}:rds:{R}:{A}:db:{V}",                         // kRdsDb
    "arn:{P}:rds:{R}:{A}:snapshot:{V}",                   // kRdsSnapshot
    "arn:{P}:rds:{R}:{A}:cluster:{V}",                    // kRdsCluster
    "arn:{P}:rds:{R}:{A}:cluster-snapshot:{V}",           // kRdsClusterSnapshot
    "arn:{P}:kms:{R}:{A}:key/{V}",                        // kKmsKey
    "arn:{P}:ses:{R}:{A}:identity/{V}",                   // kSesIdentity
    "arn:{P}:bedrock:{R}::foundation-model/{V}",          // kBedrockModel
    "arn:{P}:rolesanywhere:{R}:{A}:trust-anchor/{V}",     // kRolesAnywhereTrustAnchor
    "arn:{P}:rolesanywhere:{R}:{A}:profile/{V}",          // kRolesAnywhereProfile
    "arn:{P}:events:{R}:{A}:rule/{V}",                    // kEventsRule
    "arn:{P}:backup:{R}:{A}:backup-vault:{V}",            // kBackupVault
    "arn:{P}:logs:{R}:{A}:log-group:{V}",                 // kLogGroup
    "arn:{P}:ec2:{R}:{A}:<type from prefix>/{V}",         // kEc2Resource (see Build)
    "resources[]: ARN, or ARNPrefix*",                    // kResourceOfType
    "arn:{P}:bedrock:{R}:{A}:use-case-for-model-access",  // kBedrockModelAccessSetting
    "arn:{P}:bedrock:{R}:{A}:model-invocation-logging",   // kBedrockLoggingSetting
    "arn:{P}:ec2:{R}:{A}:serial-console-access",          // kEc2SerialConsoleSetting
    "arn:{P}:ec2:{R}:{A}:ebs-encryption-by-default",      // kEc2EbsEncryptionSetting
    "arn:{P}:s3:::account/{A}/public-access-block",       // kS3AccountPublicAccessSetting
    "arn:{P}:ses:{R}:{A}:account",                        // kSesAccountSetting
};
// clang-format on
static_assert(std::size(kTemplates) == static_cast<size_t>(Arn::kSesAccountSetting) + 1,
              "one template per Arn, in enum order");

// Templates that need no value from the record (account settings, "all matched").
bool ReadsNoValue(Arn arn) {
  return arn != Arn::kResourceOfType &&
         kTemplates[static_cast<size_t>(arn)].find("{V}") == std::string_view::npos;
}

// The context every ID of one record is built in.
struct Ctx {
  const Record& rec;
  std::string_view partition, region, account;
};

std::string_view PartitionOf(const Record& rec, std::string_view region) {
  // The caller's ARN names the partition the record belongs to; services acting for themselves
  // have none, and then the region tells.
  std::string_view arn = rec.Str("userIdentity.arn");
  if (arn.substr(0, 4) == "arn:") {
    std::string_view rest = arn.substr(4);
    size_t colon = rest.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon < 32) return rest.substr(0, colon);
  }
  if (region.substr(0, 3) == "cn-") return "aws-cn";
  if (region.substr(0, 7) == "us-gov-") return "aws-us-gov";
  return "aws";
}

std::string Fill(std::string_view tmpl, const Ctx& c, std::string_view value,
                 std::string_view bucket = {}) {
  std::string out;
  out.reserve(tmpl.size() + value.size() + 32);
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}') {
      switch (tmpl[i + 1]) {
        case 'P':
          out += c.partition;
          break;
        case 'R':
          out += c.region;
          break;
        case 'A':
          out += c.account;
          break;
        case 'V':
          out += value;
          break;
        case 'B':
          out += bucket;
          break;
        default:
          out.append(tmpl.substr(i, 3));
          break;
      }
      i += 2;
    } else {
      out.push_back(tmpl[i]);
    }
  }
  return out;
}

int HexDigit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    int hi = 0, lo = 0;
    if (s[i] == '%' && i + 2 < s.size() && (hi = HexDigit(s[i + 1])) >= 0 &&
        (lo = HexDigit(s[i + 2])) >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Geography prefixes of cross-region inference profile IDs ("us.anthropic.claude-…").
bool IsInferenceProfileId(std::string_view v) {
  for (std::string_view geo : {"us.", "eu.", "apac.", "us-gov.", "global.", "jp.", "au.", "ca."}) {
    if (v.substr(0, geo.size()) == geo) return true;
  }
  return false;
}

// EC2 resource IDs by prefix (CreateTags and DeleteTags name any EC2 resource by its ID): the
// templates are the ones the resource rows use, so a tagged instance is the instance touched.
struct Ec2Prefix {
  std::string_view prefix, tmpl, type;
};
constexpr Ec2Prefix kEc2Prefixes[] = {
    {"i-", "arn:{P}:ec2:{R}:{A}:instance/{V}", "AWS::EC2::Instance"},
    {"vol-", "arn:{P}:ec2:{R}:{A}:volume/{V}", "AWS::EC2::Volume"},
    {"snap-", "arn:{P}:ec2:{R}::snapshot/{V}", "AWS::EC2::Snapshot"},
    {"ami-", "arn:{P}:ec2:{R}::image/{V}", "AWS::EC2::Image"},
    {"sg-", "arn:{P}:ec2:{R}:{A}:security-group/{V}", "AWS::EC2::SecurityGroup"},
    {"lt-", "arn:{P}:ec2:{R}:{A}:launch-template/{V}", "AWS::EC2::LaunchTemplate"},
    {"sir-", "arn:{P}:ec2:{R}:{A}:spot-instances-request/{V}", "AWS::EC2::SpotInstanceRequest"},
    {"fl-", "arn:{P}:ec2:{R}:{A}:vpc-flow-log/{V}", "AWS::EC2::FlowLog"},
    {"vpc-", "arn:{P}:ec2:{R}:{A}:vpc/{V}", "AWS::EC2::VPC"},
    {"subnet-", "arn:{P}:ec2:{R}:{A}:subnet/{V}", "AWS::EC2::Subnet"},
    {"eni-", "arn:{P}:ec2:{R}:{A}:network-interface/{V}", "AWS::EC2::NetworkInterface"},
    {"igw-", "arn:{P}:ec2:{R}:{A}:internet-gateway/{V}", "AWS::EC2::InternetGateway"},
    {"nat-", "arn:{P}:ec2:{R}:{A}:natgateway/{V}", "AWS::EC2::NatGateway"},
    {"rtb-", "arn:{P}:ec2:{R}:{A}:route-table/{V}", "AWS::EC2::RouteTable"},
    {"eipalloc-", "arn:{P}:ec2:{R}:{A}:elastic-ip/{V}", "AWS::EC2::EIP"},
    {"key-", "arn:{P}:ec2:{R}:{A}:key-pair/{V}", "AWS::EC2::KeyPair"},
};

const Ec2Prefix* Ec2PrefixOf(std::string_view id) {
  for (const Ec2Prefix& p : kEc2Prefixes) {
    if (id.starts_with(p.prefix) && id.size() > p.prefix.size()) return &p;
  }
  return nullptr;
}

// The id for `value` under template `arn`; *type_override is set when the value itself shows
// the resource is of another type (an SSM managed node). "" when the value cannot name one.
std::string Build(Arn arn, std::string_view value, const Ctx& c, std::string_view* type_override) {
  const std::string_view tmpl = kTemplates[static_cast<size_t>(arn)];
  if (value.substr(0, 4) == "arn:") {
    if (arn != Arn::kLambdaFunction) return std::string(value);
    // arn:P:lambda:R:A:function:NAME[:QUALIFIER]: the function, not one version of it.
    size_t at = value.find(":function:");
    if (at == std::string_view::npos) return std::string(value);
    size_t end = value.find(':', at + 10);
    return std::string(value.substr(0, end));
  }
  switch (arn) {
    case Arn::kAsIs:
    case Arn::kSecret:
      return std::string(value);
    case Arn::kIamUser:
      // EnableMFADevice and friends name the root user so.
      if (value == "AWS ROOT USER") return Fill("arn:{P}:iam::{A}:root", c, {});
      break;
    case Arn::kIamOidcProvider:
      if (value.substr(0, 8) == "https://") value.remove_prefix(8);
      break;
    case Arn::kSsmTarget:
      if (value.substr(0, 3) == "mi-") {
        *type_override = "AWS::SSM::ManagedInstance";
        return Fill("arn:{P}:ssm:{R}:{A}:managed-instance/{V}", c, value);
      }
      break;
    case Arn::kS3Object: {
      std::string_view bucket = c.rec.Str("requestParameters.bucketName");
      if (bucket.empty()) return {};
      return Fill(tmpl, c, value, bucket);
    }
    case Arn::kS3CopySource: {
      std::string src = PercentDecode(value);
      size_t q = src.find("?versionId=");
      if (q != std::string::npos) src.resize(q);
      size_t start = src.find_first_not_of('/');
      if (start == std::string::npos || src.find('/', start) == std::string::npos) return {};
      return Fill(tmpl, c, std::string_view(src).substr(start));
    }
    case Arn::kLambdaFunction: {
      // A partial ARN (A:function:NAME) or NAME:QUALIFIER: the function's name alone.
      size_t at = value.find(":function:");
      if (at != std::string_view::npos) value.remove_prefix(at + 10);
      value = value.substr(0, value.find(':'));
      break;
    }
    case Arn::kSsmParameter:
      if (!value.empty() && value.front() == '/') value.remove_prefix(1);
      break;
    case Arn::kSsmParameterPath: {
      while (!value.empty() && value.front() == '/') value.remove_prefix(1);
      while (!value.empty() && value.back() == '/') value.remove_suffix(1);
      if (value.empty()) return Fill("arn:{P}:ssm:{R}:{A}:parameter/*", c, {});
      break;
    }
    case Arn::kKmsKey:
      if (value.substr(0, 6) == "alias/") return Fill("arn:{P}:kms:{R}:{A}:{V}", c, value);
      break;
    case Arn::kBedrockModel:
      if (IsInferenceProfileId(value)) {
        return Fill("arn:{P}:bedrock:{R}:{A}:inference-profile/{V}", c, value);
      }
      break;
    case Arn::kEc2Resource: {
      const Ec2Prefix* p = Ec2PrefixOf(value);
      if (p == nullptr) return std::string(value);  // not an ID EC2 gives an ARN we know
      *type_override = p->type;
      return Fill(p->tmpl, c, value);
    }
    default:
      break;
  }
  return Fill(tmpl, c, value);
}

// ---------------------------------------------------------------------------------------------
// Reading values.

// True when the element at `path` exists and is not null, an empty array or an empty object.
bool Present(const Record& rec, std::string_view path) {
  dom::element e;
  if (rec.At(path).get(e) || e.is_null()) return false;
  dom::array arr;
  if (!e.get_array().get(arr)) return arr.size() > 0;
  dom::object obj;
  if (!e.get_object().get(obj)) return obj.size() > 0;
  return true;
}

// `e` as compact JSON; a string that holds a JSON document (IAM policies, Lambda statements)
// becomes that document, compact.
std::string CompactJson(dom::element e) {
  std::string_view s;
  if (!e.get_string().get(s)) {
    size_t first = s.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (s[first] == '{' || s[first] == '[')) {
      thread_local dom::parser parser;
      dom::element doc;
      if (!parser.parse(s.data(), s.size()).get(doc)) return simdjson::minify(doc);
    }
  }
  return simdjson::minify(e);
}

std::string State(const ResourceRule& row, const Record& rec) {
  for (std::string_view path : row.state) {
    if (path.empty()) continue;
    dom::element e;
    if (rec.At(path).get(e) || e.is_null()) continue;
    return CompactJson(e);
  }
  return {};
}

// "*" is everyone; the rest is kept (account IDs, organization ARNs).
void AppendGrantee(std::string* out, std::string_view who) {
  if (who.empty()) return;
  if (!out->empty()) out->push_back(',');
  if (who == "*") who = "all";
  out->append(who);
}

std::string_view ArnAccount(std::string_view arn) {
  // arn:partition:service:region:account:resource
  size_t pos = 0;
  for (int field = 0; field < 4; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = arn.find(':', pos);
  if (end == std::string_view::npos) return {};
  return arn.substr(pos, end - pos);
}

std::string_view ArnRegion(std::string_view arn) {
  size_t pos = 0;
  for (int field = 0; field < 3; ++field) {
    pos = arn.find(':', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = arn.find(':', pos);
  if (end == std::string_view::npos) return {};
  return arn.substr(pos, end - pos);
}

// Types of services whose resources live in no region (IAM and the like).
bool GlobalType(std::string_view type) {
  for (std::string_view p :
       {"AWS::IAM::", "AWS::Route53::", "AWS::CloudFront::", "AWS::Organizations::"}) {
    if (type.substr(0, p.size()) == p) return true;
  }
  return false;
}

// The CloudFormation type an ARN names, for resources[] entries that carry none.
std::string_view TypeOfArn(std::string_view arn) {
  std::string_view service;
  {
    size_t a = arn.find(':', 4);  // after "arn:P"
    if (a == std::string_view::npos) return {};
    size_t b = arn.find(':', a + 1);
    if (b == std::string_view::npos) return {};
    service = arn.substr(a + 1, b - a - 1);
  }
  size_t res = 0;
  for (int field = 0; field < 5; ++field) {
    res = arn.find(':', res);
    if (res == std::string_view::npos) return {};
    ++res;
  }
  std::string_view resource = arn.substr(res);
  struct Map {
    std::string_view service, resource_prefix, type;
  };
  static constexpr Map kMap[] = {
      {"iam", "user/", "AWS::IAM::User"},
      {"iam", "role/", "AWS::IAM::Role"},
      {"iam", "group/", "AWS::IAM::Group"},
      {"iam", "policy/", "AWS::IAM::Policy"},
      {"iam", "instance-profile/", "AWS::IAM::InstanceProfile"},
      {"ec2", "instance/", "AWS::EC2::Instance"},
      {"ec2", "volume/", "AWS::EC2::Volume"},
      {"ec2", "snapshot/", "AWS::EC2::Snapshot"},
      {"ec2", "image/", "AWS::EC2::Image"},
      {"ec2", "security-group/", "AWS::EC2::SecurityGroup"},
      {"ec2", "key-pair/", "AWS::EC2::KeyPair"},
      {"lambda", "function:", "AWS::Lambda::Function"},
      {"secretsmanager", "secret:", "AWS::SecretsManager::Secret"},
      {"ssm", "parameter/", "AWS::SSM::Parameter"},
      {"kms", "key/", "AWS::KMS::Key"},
      {"kms", "alias/", "AWS::KMS::Alias"},
      {"cloudtrail", "trail/", "AWS::CloudTrail::Trail"},
      {"rds", "db:", "AWS::RDS::DBInstance"},
      {"rds", "snapshot:", "AWS::RDS::DBSnapshot"},
      {"dynamodb", "table/", "AWS::DynamoDB::Table"},
      {"logs", "log-group:", "AWS::Logs::LogGroup"},
  };
  if (service == "s3") {
    return resource.find('/') == std::string_view::npos ? "AWS::S3::Bucket" : "AWS::S3::Object";
  }
  for (const Map& m : kMap) {
    if (service == m.service && resource.substr(0, m.resource_prefix.size()) == m.resource_prefix) {
      return m.type;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Matching rows to events.

// A '*' row matches its prefix followed by nothing or by an API version (Lambda's
// CreateFunction20150331): "CreateFunction*" must not take CreateFunctionUrlConfig20211031.
bool PrefixMatches(std::string_view prefix, std::string_view name) {
  if (name.substr(0, prefix.size()) != prefix) return false;
  return name.size() == prefix.size() || (name[prefix.size()] >= '0' && name[prefix.size()] <= '9');
}

struct SourceRows {
  std::unordered_map<std::string_view, std::vector<uint16_t>> exact;
  std::vector<uint16_t> prefixed;
};

static_assert(std::size(kRules) < 65536, "row indices are uint16_t");

// Built once: eventSource → eventName → row indices (table order).
const std::unordered_map<std::string_view, SourceRows>& Index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, SourceRows>();
    for (size_t i = 0; i < std::size(kRules); ++i) {
      SourceRows& s = (*m)[kRules[i].source];
      if (!kRules[i].name.empty() && kRules[i].name.back() == '*') {
        s.prefixed.push_back(static_cast<uint16_t>(i));
      } else {
        s.exact[kRules[i].name].push_back(static_cast<uint16_t>(i));
      }
    }
    return m;
  }();
  return *index;
}

void RowsFor(std::string_view source, std::string_view name, std::vector<uint16_t>* rows) {
  const auto& index = Index();
  auto s = index.find(source);
  if (s == index.end()) return;
  auto e = s->second.exact.find(name);
  if (e != s->second.exact.end()) rows->insert(rows->end(), e->second.begin(), e->second.end());
  for (uint16_t i : s->second.prefixed) {
    std::string_view n = kRules[i].name;
    if (PrefixMatches(n.substr(0, n.size() - 1), name)) rows->push_back(i);
  }
  std::sort(rows->begin(), rows->end());
}

// ---------------------------------------------------------------------------------------------
// Applying a row.

struct Found {
  std::string id;
  std::string_view type;
  std::string account;  // from a resources[] entry, when it says
};

// The IDs of the first source that yields any.
std::vector<Found> Ids(const ResourceRule& row, const Ctx& c) {
  std::vector<Found> out;
  for (const IdSource& src : row.ids) {
    if (src.path.empty()) {
      if (ReadsNoValue(src.arn))
        out.push_back({Fill(kTemplates[static_cast<size_t>(src.arn)], c, {}), row.type, {}});
      if (!out.empty()) return out;
      continue;
    }
    if (src.arn == Arn::kResourceOfType) {
      WalkPath(c.rec.root(), src.path, [&](dom::element e) {
        std::string_view type, arn, prefix, account;
        dom::object o;
        if (e.get_object().get(o)) return;
        if (o["type"].get_string().get(type) || type != row.type) return;
        if (o["accountId"].get_string().get(account)) account = {};
        if (!o["ARN"].get_string().get(arn) && !arn.empty()) {
          out.push_back({std::string(arn), row.type, std::string(account)});
        } else if (!o["ARNPrefix"].get_string().get(prefix) && !prefix.empty()) {
          out.push_back({std::string(prefix) + "*", row.type, std::string(account)});
        }
      });
    } else {
      for (std::string_view v : c.rec.Strs(src.path)) {
        if (v.empty()) continue;
        std::string_view type = row.type;
        std::string id = Build(src.arn, v, c, &type);
        if (!id.empty()) out.push_back({std::move(id), type, {}});
      }
    }
    if (!out.empty()) return out;
  }
  return out;
}

// "userData" → "user-data".
std::string Kebab(std::string_view s) {
  constexpr size_t kMaxAspect = 64;  // keys are AWS's, but keep whatever comes short
  std::string out;
  for (char ch : s.substr(0, kMaxAspect)) {
    if (ch >= 'A' && ch <= 'Z') {
      if (!out.empty()) out.push_back('-');
      out.push_back(static_cast<char>(ch - 'A' + 'a'));
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

void Add(std::vector<ResourceTouch>* out, ResourceTouch t) {
  for (const ResourceTouch& o : *out) {
    if (o.id == t.id && o.type == t.type && o.action == t.action && o.aspect == t.aspect) return;
  }
  out->push_back(std::move(t));
}

void Apply(const ResourceRule& row, const Ctx& c, std::vector<ResourceTouch>* out) {
  const Record& rec = c.rec;
  if (!row.when.empty()) {
    if (row.when_value.empty() ? !Present(rec, row.when) : rec.Str(row.when) != row.when_value)
      return;
  }
  ResourceAction action = row.action;
  std::string aspect(row.aspect);
  if (!row.aspect_suffix.empty()) aspect += rec.Str(row.aspect_suffix);
  std::string state = State(row, rec);
  std::string shared;
  for (std::string_view path : row.shared_with) {
    if (path.empty()) continue;
    for (std::string_view v : rec.Strs(path)) AppendGrantee(&shared, v);
  }

  switch (row.special) {
    case Special::kNone:
      if (action == ResourceAction::kShared && shared.empty()) return;
      break;
    case Special::kLambdaPermission: {
      std::string_view principal = rec.Str("requestParameters.principal");
      std::string_view principal_account = ArnAccount(principal);
      if (principal == "*") {
        shared = "all";
      } else if (AllDigits(principal)) {
        shared = principal;
      } else if (principal.substr(0, 4) == "arn:" && AllDigits(principal_account)) {
        shared = principal_account;
      }
      action = shared.empty() ? ResourceAction::kModified : ResourceAction::kShared;
      aspect = "resource-policy";
      dom::element e;
      if (!rec.At("responseElements.statement").get(e) && !e.is_null()) {
        state = CompactJson(e);
      } else if (!rec.At("requestParameters").get(e) && !e.is_null()) {
        state = CompactJson(e);
      }
      break;
    }
    case Special::kEc2InstanceAttribute: {
      // {"instanceId": …, "<attribute>": <value>}, or the older {"attribute": …, "value": …}.
      dom::object params;
      if (rec.At("requestParameters").get_object().get(params)) break;
      for (auto field : params) {
        std::string_view key = field.key;
        if (key == "instanceId") continue;
        if (key == "attribute") {
          std::string_view name;
          if (!field.value.get_string().get(name)) aspect = Kebab(name);
          dom::element v;
          if (!params["value"].get(v)) state = CompactJson(v);
        } else if (key != "value") {
          aspect = Kebab(key);
          state = CompactJson(field.value);
        } else {
          continue;
        }
        break;
      }
      if (aspect.empty()) aspect = "attribute";
      break;
    }
  }

  double bytes = row.bytes.empty() ? -1 : rec.Num(row.bytes, -1);
  for (Found& f : Ids(row, c)) {
    ResourceTouch t;
    t.type = std::string(f.type);
    std::string_view arn_account =
        f.id.substr(0, 4) == "arn:" ? ArnAccount(f.id) : std::string_view();
    std::string_view arn_region =
        f.id.substr(0, 4) == "arn:" ? ArnRegion(f.id) : std::string_view();
    t.account = !arn_account.empty() ? std::string(arn_account)
                : !f.account.empty() ? f.account
                                     : std::string(c.account);
    t.region =
        GlobalType(t.type) ? "global" : std::string(arn_region.empty() ? c.region : arn_region);
    t.id = std::move(f.id);
    t.action = action;
    t.aspect = aspect;
    t.state = state;
    if (action == ResourceAction::kShared) t.shared_with = shared;
    t.bytes = bytes;
    Add(out, std::move(t));
  }
}

// Events no row knows: what the record's resources[] names, read when the call is read-only.
void Fallback(const Ctx& c, std::vector<ResourceTouch>* out) {
  ResourceAction action =
      c.rec.Bool("readOnly") ? ResourceAction::kRead : ResourceAction::kModified;
  WalkPath(c.rec.root(), "resources[]", [&](dom::element e) {
    dom::object o;
    if (e.get_object().get(o)) return;
    std::string_view arn, prefix, type, account;
    std::string id;
    if (!o["ARN"].get_string().get(arn) && !arn.empty()) {
      id = std::string(arn);
    } else if (!o["ARNPrefix"].get_string().get(prefix) && !prefix.empty()) {
      id = std::string(prefix) + "*";
    } else {
      return;
    }
    if (o["type"].get_string().get(type) || type.empty()) type = TypeOfArn(id);
    if (o["accountId"].get_string().get(account)) account = {};
    ResourceTouch t;
    t.type = std::string(type);
    std::string_view arn_account = ArnAccount(id), arn_region = ArnRegion(id);
    t.account = std::string(!arn_account.empty() ? arn_account
                            : !account.empty()   ? account
                                                 : c.account);
    t.region =
        GlobalType(t.type) ? "global" : std::string(arn_region.empty() ? c.region : arn_region);
    t.id = std::move(id);
    t.action = action;
    Add(out, std::move(t));
  });
}

}  // namespace

std::string_view ActionName(ResourceAction action) {
  switch (action) {
    case ResourceAction::kCreated:
      return "created";
    case ResourceAction::kModified:
      return "modified";
    case ResourceAction::kDeleted:
      return "deleted";
    case ResourceAction::kRead:
      return "read";
    case ResourceAction::kShared:
      return "shared";
    case ResourceAction::kAssumed:
      return "assumed";
  }
  return "?";
}

std::string_view ArnTemplateText(Arn arn) { return kTemplates[static_cast<size_t>(arn)]; }

std::span<const ResourceRule> ResourceRules() { return kRules; }

std::vector<ResourceId> ResolveIds(const Record& record, std::span<const IdSource> sources,
                                   std::string_view type) {
  std::string_view region = record.Str("awsRegion");
  Ctx c{record, PartitionOf(record, region), region, record.Str("recipientAccountId")};
  ResourceRule row{};
  row.type = type;
  for (size_t i = 0; i < std::size(row.ids) && i < sources.size(); ++i) row.ids[i] = sources[i];
  std::vector<ResourceId> out;
  for (Found& f : Ids(row, c)) {
    ResourceId r;
    r.type = std::string(f.type);
    bool arn = f.id.starts_with("arn:");
    std::string_view arn_account = arn ? ArnAccount(f.id) : std::string_view();
    std::string_view arn_region = arn ? ArnRegion(f.id) : std::string_view();
    r.account = std::string(!arn_account.empty() ? arn_account : c.account);
    r.region = GlobalType(r.type) ? "global" : std::string(arn_region.empty() ? c.region : arn_region);
    r.id = std::move(f.id);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ResourceTouch> ExtractResources(const Record& record) {
  std::vector<ResourceTouch> out;
  std::string_view source = record.Str("eventSource");
  std::string_view name = record.Str("eventName");
  std::string_view region = record.Str("awsRegion");
  Ctx c{record, PartitionOf(record, region), region, record.Str("recipientAccountId")};
  std::vector<uint16_t> rows;
  RowsFor(source, name, &rows);
  if (rows.empty()) {
    Fallback(c, &out);
    return out;
  }
  for (uint16_t i : rows) Apply(kRules[i], c, &out);
  return out;
}

}  // namespace credtrace::investigate
