#include "investigate/classification.h"

#include <array>
#include <string>
#include <unordered_map>

namespace credtrace::investigate {

namespace {

// clang-format off
constexpr std::array<std::string_view, kNumCategories> kCategoryNames = {
    "recon", "data-access", "identity", "persistence", "privilege-escalation", "lateral-movement",
    "initial-access", "resource-creation", "modification", "deletion", "defense-evasion",
    "credential-access", "exfiltration", "impact",
};
// clang-format on

// Categories written as words in the table; a misspelt word fails the build (a throw is not a
// constant expression).
consteval CategorySet Cats(std::string_view words) {
  CategorySet set = 0;
  while (!words.empty()) {
    size_t sp = words.find(' ');
    std::string_view w = words.substr(0, sp);
    size_t i = 0;
    while (i < kNumCategories && kCategoryNames[i] != w) ++i;
    if (i == kNumCategories) throw "unknown category in the classification table";
    set = static_cast<CategorySet>(set | (1u << i));
    words = sp == std::string_view::npos ? std::string_view() : words.substr(sp + 1);
  }
  if (set == 0) throw "a row needs at least one category";
  return set;
}

// ATT&CK IDs written in the table: "T" and four digits, optionally "." and three digits.
consteval std::string_view Tech(std::string_view ids) {
  std::string_view rest = ids;
  while (!rest.empty()) {
    size_t sp = rest.find(' ');
    std::string_view t = rest.substr(0, sp);
    auto digits = [](std::string_view d) {
      for (char c : d) {
        if (c < '0' || c > '9') return false;
      }
      return true;
    };
    bool ok = (t.size() == 5 || (t.size() == 9 && t[5] == '.' && digits(t.substr(6)))) &&
              t[0] == 'T' && digits(t.substr(1, 4));
    if (!ok) throw "malformed ATT&CK technique ID in the classification table";
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
  }
  return ids;
}

using enum Condition;

// The table. Order matters: the first row that matches decides, so a row with a condition comes
// before the unconditional row for the same names, specific rows before the generic fallbacks
// at the end. Sources are eventSource without ".amazonaws.com". Every eventName of
// aws-ir-facts.md §8 has a row naming its service; docs/CLASSIFICATION.md explains the choices.
// clang-format off
constexpr ClassRule kRules[] = {
  // ---- STS, sign-in (aws-ir-facts.md §2.2, §2.5)
  {"sts-get-caller-identity", "sts", "GetCallerIdentity GetAccessKeyInfo", kNone, Cats("recon"), Tech("T1087.004"), "who am I / whose key: the classic first call with a new key, needs no permission"},
  {"sts-decode-authorization-message", "sts", "DecodeAuthorizationMessage", kNone, Cats("recon"), Tech(""), "reads why a call was denied: probing permissions"},
  {"sts-assume-role", "sts", "AssumeRole*", kNone, Cats("identity lateral-movement"), Tech("T1078.004 T1548.005"), "a new role session, possibly in another account"},
  {"sts-assume-root", "sts", "AssumeRoot", kNone, Cats("identity privilege-escalation"), Tech("T1548.005"), "a short-term root session on a member account"},
  {"sts-get-session-token", "sts", "GetSessionToken", kNone, Cats("identity persistence"), Tech("T1550.001"), "temporary credentials derived from the key"},
  {"sts-get-federation-token", "sts", "GetFederationToken", kNone, Cats("identity persistence"), Tech("T1078.004 T1550.001"), "federated-user credentials; with GetSigninToken, a console session"},
  {"signin-console-login", "signin", "ConsoleLogin", kNone, Cats("identity initial-access"), Tech("T1078.004"), "a console session opened with a password"},
  {"signin-get-signin-token", "signin", "GetSigninToken", kNone, Cats("identity persistence"), Tech("T1550.001"), "temporary credentials exchanged for a console session"},
  {"signin-switch-role", "signin", "SwitchRole", kNone, Cats("identity lateral-movement"), Tech("T1078.004"), "console role switch, possibly into another account"},
  {"signin-password", "signin", "PasswordRecoveryRequested PasswordUpdated", kNone, Cats("identity persistence"), Tech(""), "console password reset or changed (root included)"},

  // ---- IAM identities and credentials (§2.3, §7.2)
  {"iam-create-user", "iam", "CreateUser", kNone, Cats("identity persistence resource-creation"), Tech("T1136.003"), "a new IAM user: a foothold that outlives the leaked key"},
  {"iam-create-access-key", "iam", "CreateAccessKey", kNone, Cats("identity persistence"), Tech("T1098.001"), "a new long-term key, for this user or another"},
  {"iam-activate-access-key", "iam", "UpdateAccessKey", kKeyActivated, Cats("identity persistence modification"), Tech("T1098.001"), "an inactive key made usable again"},
  {"iam-update-access-key", "iam", "UpdateAccessKey", kNone, Cats("identity modification"), Tech(""), "a key deactivated: containment, or the owner locked out"},
  {"iam-create-login-profile", "iam", "CreateLoginProfile", kNone, Cats("identity persistence"), Tech("T1098.001"), "a console password for a user that had none"},
  {"iam-update-login-profile", "iam", "UpdateLoginProfile", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.001"), "another user's console password set: that user taken over"},
  {"iam-change-password", "iam", "ChangePassword", kNone, Cats("identity persistence"), Tech(""), "the caller's own console password changed: the owner may be locked out"},
  {"iam-other-credentials", "iam", "CreateServiceSpecificCredential ResetServiceSpecificCredential UploadSSHPublicKey UploadSigningCertificate", kNone, Cats("identity persistence"), Tech("T1098.001"), "another kind of credential for a user (Git, SSH, X.509)"},
  {"iam-mfa-register", "iam", "CreateVirtualMFADevice EnableMFADevice", kNone, Cats("identity persistence"), Tech("T1098.005"), "an MFA device registered: the attacker can pass MFA checks"},
  {"iam-mfa-resync", "iam", "ResyncMFADevice", kNone, Cats("identity persistence"), Tech(""), "an MFA device resynchronised"},
  {"iam-mfa-remove", "iam", "DeactivateMFADevice DeleteVirtualMFADevice", kNone, Cats("identity modification deletion defense-evasion"), Tech("T1556.006"), "MFA removed from a user"},

  // ---- IAM roles, policies, groups, providers
  {"iam-create-role", "iam", "CreateRole", kNone, Cats("identity persistence resource-creation"), Tech("T1098.003"), "a new role: assumable by whoever its trust policy names"},
  {"iam-update-trust-policy", "iam", "UpdateAssumeRolePolicy", kNone, Cats("identity persistence modification"), Tech("T1098.003"), "who may assume the role changed: a trust backdoor"},
  {"iam-attach-policy", "iam", "Attach*Policy", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "a managed policy granted to a user, role or group"},
  {"iam-put-inline-policy", "iam", "PutUserPolicy PutRolePolicy PutGroupPolicy", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "an inline policy written on a user, role or group"},
  {"iam-policy-version", "iam", "CreatePolicyVersion SetDefaultPolicyVersion", kNone, Cats("identity privilege-escalation modification"), Tech("T1098.003"), "a managed policy's effective version changed: every holder gets it"},
  {"iam-create-policy", "iam", "CreatePolicy", kNone, Cats("identity resource-creation"), Tech(""), "a managed policy created (grants nothing until attached)"},
  {"iam-add-user-to-group", "iam", "AddUserToGroup", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "a user given a group's permissions"},
  {"iam-create-group", "iam", "CreateGroup", kNone, Cats("identity resource-creation"), Tech(""), "a new group"},
  {"iam-remove-user-from-group", "iam", "RemoveUserFromGroup", kNone, Cats("identity modification"), Tech(""), "a user's group permissions removed"},
  {"iam-create-instance-profile", "iam", "CreateInstanceProfile", kNone, Cats("identity privilege-escalation resource-creation"), Tech(""), "a container that lets instances carry a role"},
  {"iam-add-role-to-instance-profile", "iam", "AddRoleToInstanceProfile", kNone, Cats("identity privilege-escalation modification"), Tech(""), "a role made available to instances"},
  {"iam-create-identity-provider", "iam", "CreateOpenIDConnectProvider CreateSAMLProvider", kNone, Cats("identity persistence resource-creation"), Tech("T1484.002"), "an outside identity provider trusted: federated access without keys"},
  {"iam-update-identity-provider", "iam", "AddClientIDToOpenIDConnectProvider UpdateOpenIDConnectProviderThumbprint UpdateSAMLProvider", kNone, Cats("identity persistence modification"), Tech("T1484.002"), "the trust in an identity provider changed"},
  {"iam-delete-permissions-boundary", "iam", "Delete*PermissionsBoundary", kNone, Cats("identity privilege-escalation deletion"), Tech(""), "the cap on a user's or role's permissions removed"},
  {"iam-put-permissions-boundary", "iam", "Put*PermissionsBoundary", kNone, Cats("identity modification"), Tech(""), "the cap on a user's or role's permissions set"},
  {"iam-account-password-policy", "iam", "UpdateAccountPasswordPolicy", kNone, Cats("modification"), Tech(""), "the account's password rules changed"},
  {"iam-delete-identity", "iam", "DeleteUser DeleteRole DeleteAccessKey DeleteLoginProfile", kNone, Cats("identity deletion defense-evasion"), Tech("T1070"), "an identity or credential deleted: the attacker's traces, or the owner's access"},
  {"iam-remove-policy", "iam", "DeleteUserPolicy DeleteRolePolicy DeleteGroupPolicy DeletePolicy Detach*Policy", kNone, Cats("identity deletion defense-evasion"), Tech("T1070"), "a policy removed: traces of an escalation, or the owner's access"},

  // ---- IAM discovery (§7.1)
  {"iam-authorization-details", "iam", "GetAccountAuthorizationDetails", kNone, Cats("recon"), Tech("T1087.004 T1069.003"), "every user, role, group and policy in one call"},
  {"iam-permission-discovery", "iam", "List*Policies GetPolicy GetPolicyVersion GetUserPolicy GetRolePolicy GetGroupPolicy ListGroups* GetGroup SimulatePrincipalPolicy SimulateCustomPolicy ListEntitiesForPolicy", kNone, Cats("recon"), Tech("T1069.003"), "what permissions principals and groups have"},
  {"iam-credential-report", "iam", "GenerateCredentialReport GenerateServiceLastAccessedDetails", kNone, Cats("recon"), Tech("T1087.004"), "account-wide user and credential inventory"},
  {"iam-recon", "iam", "Get* List*", kNone, Cats("recon"), Tech("T1087.004"), "users, roles, keys and account settings listed or read"},

  // ---- IAM Identity Center, Roles Anywhere, Organizations (§2.4, §2.8, §2.9)
  {"sso-get-role-credentials", "sso", "GetRoleCredentials", kNone, Cats("identity"), Tech("T1078.004"), "role credentials from the Identity Center portal"},
  {"sso-oidc-token", "sso-oauth sso-oidc", "CreateToken CreateTokenWithIAM", kNone, Cats("identity"), Tech(""), "an Identity Center access token (value hidden in the log)"},
  {"sso-start", "sso", "StartSSO", kNone, Cats("identity persistence"), Tech(""), "Identity Center enabled: a new way to sign in"},
  {"sso-update-configuration", "sso", "UpdateSsoConfiguration", kNone, Cats("identity persistence modification"), Tech(""), "Identity Center settings changed"},
  {"sso-account-assignment", "sso", "CreateAccountAssignment", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "a user or group given a permission set on an account"},
  {"sso-create-permission-set", "sso", "CreatePermissionSet", kNone, Cats("identity persistence resource-creation"), Tech(""), "a new permission set"},
  {"sso-permission-set-policy", "sso", "PutInlinePolicyToPermissionSet AttachManagedPolicyToPermissionSet AttachCustomerManagedPolicyReferenceToPermissionSet", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "a permission set's policies changed"},
  {"identitystore-create-user", "identitystore sso-directory", "CreateUser", kNone, Cats("identity persistence resource-creation"), Tech("T1136.003"), "a new Identity Center user"},
  {"identitystore-create-group", "identitystore sso-directory", "CreateGroup", kNone, Cats("identity resource-creation"), Tech(""), "a new Identity Center group"},
  {"identitystore-membership", "identitystore sso-directory", "AddMemberToGroup CreateGroupMembership", kNone, Cats("identity persistence privilege-escalation"), Tech("T1098.003"), "a user given an Identity Center group's access"},
  {"rolesanywhere-create", "rolesanywhere", "CreateTrustAnchor CreateProfile", kNone, Cats("identity persistence resource-creation"), Tech("T1098.001"), "an outside certificate authority trusted to mint role sessions"},
  {"rolesanywhere-enable", "rolesanywhere", "EnableTrustAnchor EnableProfile", kNone, Cats("identity persistence modification"), Tech("T1098.001"), "a Roles Anywhere trust anchor or profile switched on"},
  {"organizations-create-account", "organizations", "CreateAccount", kNone, Cats("identity persistence resource-creation"), Tech("T1666"), "a new member account, administered by its creator"},
  {"organizations-invite-account", "organizations", "InviteAccountToOrganization", kNone, Cats("identity persistence"), Tech("T1666"), "an outside account invited into the organization"},
  {"organizations-leave", "organizations", "LeaveOrganization", kNone, Cats("defense-evasion"), Tech("T1666"), "the account leaves its organization: SCPs and the organization trail no longer apply"},
  {"organizations-remove-scp", "organizations", "DetachPolicy DisablePolicyType", kNone, Cats("defense-evasion modification"), Tech(""), "a service control policy lifted"},
  {"organizations-delete-scp", "organizations", "DeletePolicy", kNone, Cats("defense-evasion deletion"), Tech(""), "a service control policy deleted"},
  {"organizations-recon", "organizations", "DescribeOrganization ListAccounts", kNone, Cats("recon"), Tech("T1087.004"), "the organization and its accounts listed"},

  // ---- EC2 (§2.6, §2.7, §7.4)
  {"ec2-run-instances-profile", "ec2", "RunInstances RequestSpotInstances", kPassesInstanceProfile, Cats("identity persistence privilege-escalation resource-creation impact"), Tech("T1578.002 T1496.001"), "instances launched with a role (iam:PassRole): their credentials are a new foothold"},
  {"ec2-run-instances", "ec2", "RunInstances RequestSpotInstances", kNone, Cats("resource-creation impact"), Tech("T1578.002 T1496.001"), "instances launched: the usual crypto-mining start"},
  {"ec2-fleet", "ec2", "RequestSpotFleet CreateFleet", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "a fleet of instances requested"},
  {"ec2-key-pair", "ec2", "CreateKeyPair ImportKeyPair", kNone, Cats("identity persistence resource-creation"), Tech("T1098.004"), "an SSH key for new instances"},
  {"ec2-instance-profile-association", "ec2", "AssociateIamInstanceProfile ReplaceIamInstanceProfileAssociation", kNone, Cats("identity privilege-escalation modification"), Tech(""), "a role given to a running instance (iam:PassRole)"},
  {"ec2-security-group-rule", "ec2", "AuthorizeSecurityGroupIngress AuthorizeSecurityGroupEgress", kNone, Cats("modification defense-evasion"), Tech("T1562.007"), "a firewall opened"},
  {"ec2-set-user-data", "ec2", "ModifyInstanceAttribute", kSetsUserData, Cats("modification persistence"), Tech(""), "user data replaced: code that runs as root at the next boot"},
  {"ec2-modify-instance-attribute", "ec2", "ModifyInstanceAttribute", kNone, Cats("modification"), Tech(""), "an instance attribute changed (type, termination protection...)"},
  {"ec2-share-snapshot", "ec2", "ModifySnapshotAttribute", kAddsVolumePermission, Cats("modification exfiltration"), Tech("T1537"), "a volume snapshot shared with another account or made public"},
  {"ec2-share-image", "ec2", "ModifyImageAttribute", kAddsLaunchPermission, Cats("modification exfiltration"), Tech("T1537"), "a machine image shared with another account or made public"},
  {"ec2-sharing-attribute", "ec2", "ModifySnapshotAttribute ModifyImageAttribute", kNone, Cats("modification"), Tech(""), "who may use a snapshot or image changed (no account added)"},
  {"ec2-tags", "ec2", "CreateTags DeleteTags", kNone, Cats("modification"), Tech(""), "tags changed (EC2 names its tag calls Create/Delete)"},
  {"ec2-start-stop", "ec2", "StartInstances StopInstances RebootInstances", kNone, Cats("modification"), Tech(""), "instances started or stopped"},
  {"ec2-network", "ec2", "CreateNetworkAclEntry ReplaceNetworkAclEntry CreateRoute ReplaceRoute", kNone, Cats("modification"), Tech(""), "network access or routing changed"},
  {"ec2-serial-console", "ec2", "EnableSerialConsoleAccess", kNone, Cats("modification lateral-movement"), Tech(""), "serial console access switched on for the account"},
  {"ec2-create-volume", "ec2", "CreateVolume", kNone, Cats("resource-creation"), Tech(""), "a volume created (from a snapshot: its data readable)"},
  {"ec2-create-snapshot", "ec2", "CreateSnapshot CreateSnapshots", kNone, Cats("resource-creation"), Tech("T1578.001"), "a copy of a volume's data"},
  {"ec2-create-image", "ec2", "CreateImage RegisterImage ImportImage CopyImage CopySnapshot", kNone, Cats("resource-creation"), Tech(""), "a machine image or snapshot copy"},
  {"ec2-export", "ec2", "CreateInstanceExportTask ExportImage CreateStoreImageTask", kNone, Cats("resource-creation exfiltration"), Tech(""), "an instance or image written out to S3"},
  {"ec2-create-infrastructure", "ec2", "CreateLaunchTemplate CreateLaunchTemplateVersion CreateSecurityGroup CreateDefaultVpc", kNone, Cats("resource-creation"), Tech(""), "launch configuration or network for new instances"},
  {"ec2-purchase", "ec2", "PurchaseReservedInstancesOffering", kNone, Cats("resource-creation impact"), Tech(""), "a billing commitment bought"},
  {"ec2-terminate", "ec2", "TerminateInstances", kNone, Cats("deletion impact"), Tech("T1485 T1578.003"), "instances and their instance-store data destroyed"},
  {"ec2-delete-snapshot", "ec2", "DeleteSnapshot", kNone, Cats("deletion impact"), Tech("T1485 T1490"), "a backup of a volume destroyed"},
  {"ec2-delete-volume", "ec2", "DeleteVolume", kNone, Cats("deletion impact"), Tech("T1485"), "a volume and its data destroyed"},
  {"ec2-deregister-image", "ec2", "DeregisterImage", kNone, Cats("deletion impact"), Tech("T1485 T1490"), "a machine image removed"},
  {"ec2-delete-flow-logs", "ec2", "DeleteFlowLogs", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "VPC network logging removed"},
  {"ec2-password-data", "ec2", "GetPasswordData", kNone, Cats("data-access credential-access"), Tech(""), "a Windows instance's administrator password (encrypted)"},
  {"ec2-console-output", "ec2", "GetConsoleOutput GetConsoleScreenshot", kNone, Cats("data-access"), Tech(""), "an instance's console read"},
  {"ec2-read-user-data", "ec2", "DescribeInstanceAttribute", kReadsUserData, Cats("recon data-access"), Tech("T1580"), "user data read: scripts often hold secrets"},
  {"ec2-recon", "ec2", "Describe* GetEbsEncryptionByDefault GetEbsDefaultKmsKeyId GetLaunchTemplateData", kNone, Cats("recon"), Tech("T1580"), "instances, networks, images and snapshots listed"},
  {"ec2-instance-connect", "ec2-instance-connect", "SendSSHPublicKey SendSerialConsoleSSHPublicKey", kNone, Cats("identity lateral-movement"), Tech("T1098.004"), "an SSH key pushed to an instance for 60 seconds"},

  // ---- Systems Manager, Secrets Manager, KMS (§2.7, §7.4)
  {"ssm-command", "ssm", "SendCommand StartSession ResumeSession", kNone, Cats("identity lateral-movement"), Tech("T1651"), "commands or a shell on instances: their role credentials within reach"},
  {"ssm-parameters", "ssm", "GetParameter GetParameters GetParametersByPath GetParameterHistory", kNone, Cats("data-access credential-access"), Tech("T1555.006"), "parameters read, SecureString secrets included"},
  {"ssm-managed-instances", "ssm", "DescribeInstanceInformation", kNone, Cats("recon"), Tech("T1580"), "instances reachable through Systems Manager"},
  {"secretsmanager-get-secret", "secretsmanager", "GetSecretValue BatchGetSecretValue", kNone, Cats("data-access credential-access"), Tech("T1555.006"), "secret values read"},
  {"secretsmanager-recon", "secretsmanager", "ListSecrets DescribeSecret", kNone, Cats("recon"), Tech("T1526"), "which secrets exist"},
  {"secretsmanager-delete", "secretsmanager", "DeleteSecret", kNone, Cats("deletion impact"), Tech("T1485"), "a secret scheduled for deletion"},
  {"kms-decrypt", "kms", "Decrypt", kNone, Cats("data-access"), Tech(""), "data decrypted"},
  {"kms-encrypt", "kms", "Encrypt ReEncrypt GenerateDataKeyWithoutPlaintext", kNone, Cats("modification"), Tech(""), "data encrypted; ransom when the key is one the owner cannot use"},
  {"kms-key-access", "kms", "PutKeyPolicy CreateGrant", kNone, Cats("modification"), Tech(""), "who may use a key changed"},
  {"kms-delete-key", "kms", "ScheduleKeyDeletion", kNone, Cats("deletion impact"), Tech("T1485"), "a key scheduled for deletion: data under it becomes unreadable"},
  {"kms-disable-key", "kms", "DisableKey", kNone, Cats("deletion impact"), Tech(""), "a key disabled: data under it unreadable until re-enabled"},

  // ---- S3 (§7.1, §7.3, §7.4)
  {"s3-get-object", "s3", "GetObject", kNone, Cats("data-access exfiltration"), Tech("T1530"), "an object read (data event)"},
  {"s3-read-object-copy", "s3", "CopyObject SelectObjectContent", kNone, Cats("data-access"), Tech("T1530"), "an object's content read by a copy or a query"},
  {"s3-list-buckets", "s3", "ListBuckets", kNone, Cats("recon"), Tech("T1580"), "every bucket of the account"},
  {"s3-object-discovery", "s3", "ListObjects ListObjectsV2 ListObjectVersions ListMultipartUploads HeadObject GetObjectAcl GetObjectTagging GetObjectAttributes", kNone, Cats("recon"), Tech("T1619"), "objects in a bucket listed or looked at"},
  {"s3-lifecycle-expiry", "s3", "PutBucketLifecycle*", kLifecycleExpires, Cats("deletion impact"), Tech("T1485"), "objects set to expire: deletion with a delay (on a trail bucket, of the logs)"},
  {"s3-lifecycle", "s3", "PutBucketLifecycle*", kNone, Cats("modification"), Tech(""), "a bucket's lifecycle rules changed (no expiry seen)"},
  {"s3-suspend-versioning", "s3", "PutBucketVersioning", kSuspendsVersioning, Cats("modification impact"), Tech("T1490"), "versioning suspended: overwritten or deleted objects cannot be recovered"},
  {"s3-versioning", "s3", "PutBucketVersioning", kNone, Cats("modification"), Tech(""), "versioning switched on, or MFA delete changed"},
  {"s3-replication", "s3", "PutBucketReplication", kNone, Cats("modification exfiltration"), Tech("T1537"), "new objects copied automatically to another bucket, possibly another account's"},
  {"s3-access-control", "s3", "PutBucketPolicy PutBucketAcl PutObjectAcl DeleteBucketPolicy PutPublicAccessBlock DeletePublicAccessBlock PutBucketPublicAccessBlock DeleteBucketPublicAccessBlock PutAccountPublicAccessBlock DeleteAccountPublicAccessBlock PutBucketOwnershipControls PutBucketCors", kNone, Cats("modification"), Tech(""), "who may read or write the bucket changed: how data is opened to outsiders"},
  {"s3-put-object", "s3", "PutObject", kNone, Cats("modification"), Tech(""), "an object written (an SSE-C overwrite is ransom)"},
  {"s3-create-bucket", "s3", "CreateBucket", kNone, Cats("resource-creation"), Tech(""), "a new bucket"},
  {"s3-delete-object", "s3", "DeleteObject DeleteObjects", kNone, Cats("deletion impact"), Tech("T1485"), "objects deleted"},
  {"s3-delete-bucket", "s3", "DeleteBucket", kNone, Cats("deletion impact"), Tech("T1485"), "a bucket deleted"},

  // ---- Logging and detection (§7.3)
  {"cloudtrail-stop", "cloudtrail", "StopLogging StopEventDataStoreIngestion", kNone, Cats("defense-evasion"), Tech("T1562.008"), "CloudTrail stopped"},
  {"cloudtrail-delete", "cloudtrail", "DeleteTrail DeleteEventDataStore", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "a trail or event data store deleted"},
  {"cloudtrail-modify", "cloudtrail", "UpdateTrail PutEventSelectors PutInsightSelectors UpdateEventDataStore", kNone, Cats("defense-evasion modification"), Tech("T1562.008"), "what CloudTrail records, or where it writes, changed"},
  {"cloudtrail-recon", "cloudtrail", "LookupEvents DescribeTrails GetTrailStatus GetEventSelectors ListTrails", kNone, Cats("recon"), Tech("T1526"), "the logging set-up and recent events read"},
  {"guardduty-delete-detector", "guardduty", "DeleteDetector", kNone, Cats("defense-evasion deletion"), Tech("T1562.001"), "GuardDuty removed"},
  {"guardduty-disable-detector", "guardduty", "UpdateDetector", kDisablesDetector, Cats("defense-evasion modification"), Tech("T1562.001"), "GuardDuty suspended"},
  {"guardduty-unlink", "guardduty", "DeleteInvitations DisassociateFromMasterAccount DisassociateFromAdministratorAccount DeleteMembers DisassociateMembers StopMonitoringMembers", kNone, Cats("defense-evasion"), Tech("T1562.001"), "the account's findings no longer reach the administrator account"},
  {"guardduty-create-archive-filter", "guardduty", "CreateFilter", kArchivesFindings, Cats("defense-evasion resource-creation"), Tech("T1562.001"), "findings archived automatically"},
  {"guardduty-update-archive-filter", "guardduty", "UpdateFilter", kArchivesFindings, Cats("defense-evasion modification"), Tech("T1562.001"), "findings archived automatically"},
  {"guardduty-recon", "guardduty", "ListDetectors GetDetector ListFindings GetFindings", kNone, Cats("recon"), Tech("T1526"), "whether GuardDuty watches, and what it found"},
  {"securityhub-disable", "securityhub", "DisableSecurityHub", kNone, Cats("defense-evasion"), Tech("T1562.001"), "Security Hub switched off"},
  {"securityhub-update-findings", "securityhub", "BatchUpdateFindings", kNone, Cats("defense-evasion modification"), Tech("T1562.001"), "findings suppressed or resolved by hand"},
  {"config-stop", "config", "StopConfigurationRecorder", kNone, Cats("defense-evasion"), Tech("T1562.008"), "AWS Config stopped recording"},
  {"config-delete", "config", "DeleteConfigurationRecorder DeleteDeliveryChannel", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "AWS Config recording removed"},
  {"resolver-delete-query-log", "route53resolver", "DeleteResolverQueryLogConfig", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "DNS query logging removed"},
  {"resolver-disassociate-query-log", "route53resolver", "DisassociateResolverQueryLogConfig", kNone, Cats("defense-evasion modification"), Tech("T1562.008"), "DNS query logging detached from a VPC"},
  {"logs-delete", "logs", "DeleteLogGroup DeleteLogStream", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "CloudWatch logs deleted"},
  {"logs-retention", "logs", "PutRetentionPolicy", kNone, Cats("defense-evasion modification"), Tech("T1562.008"), "how long logs are kept changed"},
  {"logs-read", "logs", "GetLogEvents FilterLogEvents GetQueryResults", kNone, Cats("data-access"), Tech(""), "log contents read (applications log secrets)"},

  // ---- Lambda: eventNames carry API versions ("CreateFunction20150331"), so prefixes (§1.2)
  {"lambda-get-function", "lambda", "GetFunction GetFunction2015* GetFunctionConfiguration*", kNone, Cats("recon data-access"), Tech(""), "a function's code location and environment variables read"},
  {"lambda-create-function-url", "lambda", "CreateFunctionUrlConfig*", kNone, Cats("identity persistence resource-creation"), Tech(""), "a public HTTPS address for a function"},
  {"lambda-add-permission", "lambda", "AddPermission*", kNone, Cats("identity persistence modification"), Tech(""), "a function's resource policy opened (principal \"*\" is anyone)"},
  {"lambda-create-function", "lambda", "CreateFunction*", kNone, Cats("identity persistence resource-creation"), Tech("T1648"), "a new function, running with the role passed to it"},
  {"lambda-publish-layer", "lambda", "PublishLayerVersion*", kNone, Cats("persistence resource-creation"), Tech(""), "a layer: code that functions load"},
  {"lambda-update-code", "lambda", "UpdateFunctionCode*", kNone, Cats("persistence modification"), Tech("T1648"), "a function's code replaced"},
  {"lambda-update-configuration", "lambda", "UpdateFunctionConfiguration*", kNone, Cats("persistence modification"), Tech(""), "a function's role, layers or environment changed"},

  // ---- Compute and services bought or created for the attacker (§7.4)
  {"autoscaling-create-group", "autoscaling", "CreateAutoScalingGroup", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "instances started and kept running by a group"},
  {"ecs-compute", "ecs", "CreateCluster RegisterTaskDefinition CreateService RunTask StartTask", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "containers run (ECS crypto mining)"},
  {"sagemaker-compute", "sagemaker", "CreateEndpointConfig CreateEndpoint CreateProcessingJob CreateTrainingJob CreateNotebookInstance", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "machine-learning compute (GPUs) started"},
  {"glue-job", "glue", "CreateJob CreateDevEndpoint", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "a Glue job or endpoint: compute that runs code"},
  {"codebuild-project", "codebuild", "CreateProject", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "a build project: compute that runs code"},
  {"amplify-deploy", "amplify", "CreateApp CreateDeployment CreateBackendEnvironment", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "an Amplify app or deployment"},
  {"lightsail-instances", "lightsail", "CreateInstances", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "Lightsail instances, outside the EC2 view"},
  {"apigateway-create", "apigateway", "CreateApi CreateRestApi CreateIntegration CreateRoute CreateStage", kNone, Cats("persistence resource-creation"), Tech(""), "an HTTP front door, often to a backdoor function"},
  {"events-rule", "events", "PutRule PutTargets", kNone, Cats("persistence resource-creation"), Tech(""), "a scheduled or event-driven trigger"},
  {"rds-create-snapshot", "rds", "CreateDBSnapshot CreateDBClusterSnapshot", kNone, Cats("resource-creation"), Tech("T1578.001"), "a copy of a database"},
  {"rds-create-instance", "rds", "CreateDBInstance CreateDBCluster RestoreDBInstanceFromDBSnapshot RestoreDBClusterFromSnapshot", kNone, Cats("resource-creation"), Tech(""), "a database created, possibly from a snapshot"},
  {"rds-modify-instance", "rds", "ModifyDBInstance ModifyDBCluster", kNone, Cats("modification"), Tech(""), "a database changed (a master password reset opens it)"},
  {"rds-share-snapshot", "rds", "ModifyDBSnapshotAttribute ModifyDBClusterSnapshotAttribute", kAddsRestoreAccount, Cats("modification exfiltration"), Tech("T1537"), "a database snapshot shared with another account or made public"},
  {"rds-snapshot-attribute", "rds", "ModifyDBSnapshotAttribute ModifyDBClusterSnapshotAttribute", kNone, Cats("modification"), Tech(""), "who may restore a database snapshot changed (no account added)"},
  {"rds-delete-instance", "rds", "DeleteDBInstance DeleteDBCluster", kNone, Cats("deletion impact"), Tech("T1485"), "a database deleted"},
  {"rds-delete-snapshot", "rds", "DeleteDBSnapshot DeleteDBClusterSnapshot", kNone, Cats("deletion impact"), Tech("T1485 T1490"), "a database backup deleted"},
  {"dynamodb-read", "dynamodb", "GetItem BatchGetItem Query Scan", kNone, Cats("data-access"), Tech(""), "table items read (data event)"},
  {"athena-results", "athena", "GetQueryResults", kNone, Cats("data-access"), Tech(""), "query results read"},
  {"ecr-auth-token", "ecr", "GetAuthorizationToken", kNone, Cats("identity data-access credential-access"), Tech(""), "a registry password (12 hours)"},
  {"ecr-pull", "ecr", "BatchGetImage GetDownloadUrlForLayer", kNone, Cats("data-access"), Tech(""), "container images pulled"},
  {"cloudshell-download", "cloudshell", "GetFileDownloadUrls", kNone, Cats("data-access exfiltration"), Tech(""), "files downloaded from CloudShell"},
  {"cloudformation-stack", "cloudformation", "CreateStack CreateStackSet", kNone, Cats("resource-creation"), Tech(""), "resources created by a template"},
  {"transfer-create", "transfer", "CreateServer CreateUser", kNone, Cats("resource-creation"), Tech(""), "an SFTP server or user: a way to move data out"},
  {"route53-create-zone", "route53", "CreateHostedZone", kNone, Cats("resource-creation"), Tech(""), "a DNS zone"},
  {"route53-change-records", "route53", "ChangeResourceRecordSets", kNone, Cats("modification"), Tech(""), "DNS records changed"},
  {"route53domains-register", "route53domains", "RegisterDomain", kNone, Cats("resource-creation"), Tech(""), "a domain bought"},
  {"servicequotas-increase", "servicequotas", "RequestServiceQuotaIncrease", kNone, Cats("resource-creation impact"), Tech("T1496.001"), "more capacity asked for: mining at scale"},
  {"servicequotas-recon", "servicequotas", "ListServiceQuotas GetServiceQuota", kNone, Cats("recon"), Tech("T1526"), "how much capacity the account may use"},
  {"ce-recon", "ce", "GetCostAndUsage", kNone, Cats("recon"), Tech("T1526"), "what the account spends on"},
  {"savingsplans-create", "savingsplans", "CreateSavingsPlan", kNone, Cats("resource-creation impact"), Tech(""), "a billing commitment bought"},
  {"support-create-case", "support", "CreateCase", kNone, Cats("modification"), Tech(""), "a support request (limits, SES production access)"},
  {"backup-delete", "backup", "DeleteBackupVault DeleteRecoveryPoint DeleteBackupPlan", kNone, Cats("deletion impact"), Tech("T1490"), "backups deleted"},
  {"sqs-purge", "sqs", "PurgeQueue", kNone, Cats("deletion impact"), Tech("T1485"), "every message of a queue deleted"},

  // ---- Email, messaging, models: abuse of paid services (§7.1, §7.4)
  {"ses-identity", "ses", "CreateEmailIdentity VerifyEmailIdentity VerifyDomainIdentity", kNone, Cats("resource-creation impact"), Tech("T1496.004"), "a sender address or domain for spam or phishing"},
  {"ses-sending", "ses", "UpdateAccountSendingEnabled SendEmail SendRawEmail", kNone, Cats("modification impact"), Tech("T1496.004"), "email sending switched on or used"},
  {"ses-production-access", "ses", "PutAccountDetails", kNone, Cats("modification defense-evasion impact"), Tech("T1496.004"), "out of the SES sandbox: mail to anyone"},
  {"ses-delete-identity", "ses", "DeleteIdentity DeleteEmailIdentity", kNone, Cats("deletion defense-evasion"), Tech(""), "a sender identity removed"},
  {"ses-recon", "ses", "GetSendQuota GetSendStatistics ListIdentities GetAccount ListEmailIdentities GetIdentityVerificationAttributes", kNone, Cats("recon"), Tech("T1526"), "whether the account can send mail, and how much"},
  {"sns-publish", "sns", "Publish PublishBatch", kNone, Cats("modification impact"), Tech("T1496.004"), "messages or SMS sent"},
  {"sns-recon", "sns", "GetSMSAttributes GetSMSSandboxAccountStatus", kNone, Cats("recon"), Tech("T1526"), "whether the account can send SMS"},
  {"bedrock-invoke", "bedrock", "InvokeModel* Converse*", kNone, Cats("data-access impact"), Tech("T1496.004"), "a model run on the account's bill (LLM-jacking)"},
  {"bedrock-model-access", "bedrock", "CreateFoundationModelAgreement PutFoundationModelEntitlement PutUseCaseForModelAccess CreateModelInvocationJob", kNone, Cats("resource-creation impact"), Tech("T1496.004"), "model access enabled or a batch of invocations started"},
  {"bedrock-delete-logging", "bedrock", "DeleteModelInvocationLoggingConfiguration", kNone, Cats("defense-evasion deletion"), Tech("T1562.008"), "prompt logging removed"},
  {"bedrock-delete-guardrail", "bedrock", "DeleteGuardrail", kNone, Cats("defense-evasion deletion"), Tech(""), "a model guardrail removed"},
  {"bedrock-recon", "bedrock", "ListFoundationModels GetFoundationModelAvailability GetModelInvocationLoggingConfiguration GetUseCaseForModelAccess ListInferenceProfiles ListFoundationModelAgreementOffers ListProvisionedModelThroughputs", kNone, Cats("recon"), Tech("T1526"), "which models are usable, and whether prompts are logged"},

  // ---- Generic fallbacks, by verb. The runbook's list (Get*Token, *Provider, Tag*, Untag*,
  // Create*, Delete*, Update*, *Image*) ends here.
  {"generic-get-token", "*", "Get*Token", kNone, Cats("identity credential-access"), Tech(""), "a token or temporary credential issued"},
  {"generic-recon-identity", "identitystore sso-directory sso", "Get* List* Describe* Search*", kNone, Cats("recon"), Tech("T1087.004"), "identities listed or read"},
  {"generic-recon-infrastructure", "ec2 rds s3 ecs eks lambda dynamodb elasticloadbalancing autoscaling elasticfilesystem redshift elasticache lightsail ecr ebs", "Get* List* Describe* Head* BatchGet*", kNone, Cats("recon"), Tech("T1580"), "compute, storage or databases listed or read"},
  {"generic-recon", "*", "Get* List* Describe* Head* BatchGet* Search* Lookup*", kNone, Cats("recon"), Tech("T1526"), "a service's resources or settings listed or read"},
  {"generic-create-provider", "*", "Create*Provider", kNone, Cats("identity persistence resource-creation"), Tech(""), "an identity provider created"},
  {"generic-update-provider", "*", "Update*Provider", kNone, Cats("identity persistence modification"), Tech(""), "an identity provider changed"},
  {"generic-delete-provider", "*", "Delete*Provider", kNone, Cats("identity deletion"), Tech(""), "an identity provider deleted"},
  {"generic-provider", "*", "*Provider", kNone, Cats("identity modification"), Tech(""), "an identity provider acted on"},
  {"generic-create", "*", "Create* Copy* Import*", kNone, Cats("resource-creation"), Tech(""), "a resource created"},
  {"generic-delete", "*", "Delete* BatchDelete*", kNone, Cats("deletion"), Tech(""), "a resource deleted"},
  {"generic-update", "*", "Update* Put* Modify*", kNone, Cats("modification"), Tech(""), "a resource changed"},
  {"generic-tag", "*", "Tag* Untag* AddTags* RemoveTags*", kNone, Cats("modification"), Tech(""), "tags changed (tags can drive access control)"},
  {"generic-change", "*", "Set* Attach* Detach* Associate* Disassociate* Enable* Disable* Add* Remove* Replace* Reset* Authorize* Revoke*", kNone, Cats("modification"), Tech(""), "a resource's settings or links changed"},
  {"generic-image", "*", "*Image*", kNone, Cats("modification"), Tech(""), "a machine or container image acted on"},
};
// clang-format on

constexpr bool IdsUnique() {
  for (size_t i = 0; i < std::size(kRules); ++i) {
    for (size_t j = i + 1; j < std::size(kRules); ++j) {
      if (kRules[i].id == kRules[j].id) return false;
    }
  }
  return true;
}
static_assert(IdsUnique(), "classification rule ids must be unique");
static_assert(std::size(kRules) < UINT16_MAX);

// Calls fn(word) for each space-separated word of `list`; stops when fn returns true.
template <typename Fn>
bool AnyWord(std::string_view list, Fn&& fn) {
  while (!list.empty()) {
    size_t sp = list.find(' ');
    if (fn(list.substr(0, sp))) return true;
    if (sp == std::string_view::npos) break;
    list.remove_prefix(sp + 1);
  }
  return false;
}

// "iam.amazonaws.com" → "iam"; a short name is returned as it is.
std::string_view ShortSource(std::string_view source) {
  for (std::string_view suffix :
       {std::string_view(".amazonaws.com"), std::string_view(".amazonaws.com.cn")}) {
    if (source.size() > suffix.size() && source.substr(source.size() - suffix.size()) == suffix) {
      return source.substr(0, source.size() - suffix.size());
    }
  }
  return source;
}

// True when `path` holds something: not absent, not null, not an empty string, object or array.
bool Present(const Record& r, std::string_view path) {
  simdjson::dom::element e;
  if (r.At(path).get(e)) return false;
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      return false;
    case simdjson::dom::element_type::STRING:
      return !e.get_string().value_unsafe().empty();
    case simdjson::dom::element_type::ARRAY:
      return e.get_array().value_unsafe().size() > 0;
    case simdjson::dom::element_type::OBJECT:
      return e.get_object().value_unsafe().size() > 0;
    default:
      return true;
  }
}

bool Holds(const Record& r, Condition c) {
  switch (c) {
    case kNone:
    case Condition::kCount:
      return true;
    case kKeyActivated:
      return r.Str("requestParameters.status") == "Active";
    case kPassesInstanceProfile:
      // RunInstances names the profile in the request; RequestSpotInstances in its launch
      // specification. The response of a successful launch repeats it per instance.
      return Present(r, "requestParameters.iamInstanceProfile") ||
             Present(r, "requestParameters.launchSpecification.iamInstanceProfile") ||
             Present(r, "responseElements.instancesSet.items[].iamInstanceProfile");
    case kAddsVolumePermission:
      return Present(r, "requestParameters.createVolumePermission.add.items");
    case kAddsLaunchPermission:
      return Present(r, "requestParameters.launchPermission.add.items");
    case kAddsRestoreAccount:
      return r.Str("requestParameters.attributeName") == "restore" &&
             Present(r, "requestParameters.valuesToAdd");
    case kLifecycleExpires:
      // A single rule may be logged as an object, several as an array: both are read.
      for (std::string_view path :
           {"requestParameters.LifecycleConfiguration.Rule.Expiration",
            "requestParameters.LifecycleConfiguration.Rule[].Expiration",
            "requestParameters.LifecycleConfiguration.Rule.NoncurrentVersionExpiration",
            "requestParameters.LifecycleConfiguration.Rule[].NoncurrentVersionExpiration"}) {
        if (Present(r, path)) return true;
      }
      return false;
    case kSuspendsVersioning:
      return r.Str("requestParameters.VersioningConfiguration.Status") == "Suspended";
    case kDisablesDetector: {
      simdjson::dom::element e;
      if (r.At("requestParameters.enable").get(e)) return false;
      bool b = true;
      if (!e.get_bool().get(b)) return !b;
      return r.Str("requestParameters.enable") == "false";
    }
    case kArchivesFindings:
      return r.Str("requestParameters.action") == "ARCHIVE";
    case kSetsUserData:
      return Present(r, "requestParameters.userData");
    case kReadsUserData:
      return r.Str("requestParameters.attribute") == "userData";
  }
  return false;
}

bool Applies(const ClassRule& rule, std::string_view short_source, const Record* record) {
  if (rule.sources != "*" &&
      !AnyWord(rule.sources, [&](std::string_view s) { return s == short_source; })) {
    return false;
  }
  if (rule.condition == kNone) return true;
  return record != nullptr && Holds(*record, rule.condition);
}

// The table split for matching: exact names hashed to their rows (in table order), patterns in
// table order. Built once, on first use.
struct Index {
  std::unordered_map<std::string_view, std::vector<uint16_t>> exact;
  struct Pattern {
    uint16_t row;
    std::string_view glob;
  };
  std::vector<Pattern> patterns;
};

const Index& GetIndex() {
  static const Index index = [] {
    Index ix;
    for (size_t i = 0; i < std::size(kRules); ++i) {
      AnyWord(kRules[i].names, [&](std::string_view n) {
        if (n.find('*') == std::string_view::npos) {
          std::vector<uint16_t>& rows = ix.exact[n];
          if (rows.empty() || rows.back() != i) rows.push_back(static_cast<uint16_t>(i));
        } else {
          ix.patterns.push_back({static_cast<uint16_t>(i), n});
        }
        return false;
      });
    }
    return ix;
  }();
  return index;
}

}  // namespace

std::string_view CategoryName(Category c) {
  size_t i = static_cast<size_t>(c);
  return i < kNumCategories ? kCategoryNames[i] : std::string_view();
}

std::string_view ConditionText(Condition c) {
  switch (c) {
    case kNone:
    case Condition::kCount:
      return "";
    case kKeyActivated:
      return "requestParameters.status is \"Active\"";
    case kPassesInstanceProfile:
      return "the request has an iamInstanceProfile (also in launchSpecification or the response)";
    case kAddsVolumePermission:
      return "requestParameters.createVolumePermission.add has items (an account or group \"all\")";
    case kAddsLaunchPermission:
      return "requestParameters.launchPermission.add has items (an account or group \"all\")";
    case kAddsRestoreAccount:
      return "requestParameters.attributeName is \"restore\" and valuesToAdd is not empty";
    case kLifecycleExpires:
      return "a LifecycleConfiguration rule has Expiration or NoncurrentVersionExpiration";
    case kSuspendsVersioning:
      return "requestParameters.VersioningConfiguration.Status is \"Suspended\"";
    case kDisablesDetector:
      return "requestParameters.enable is false";
    case kArchivesFindings:
      return "requestParameters.action is \"ARCHIVE\"";
    case kSetsUserData:
      return "requestParameters.userData is present";
    case kReadsUserData:
      return "requestParameters.attribute is \"userData\"";
  }
  return "";
}

bool NameMatches(std::string_view pattern, std::string_view name) {
  // Glob with '*' only: greedy with one backtrack point, linear for the patterns of the table.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const ClassRule* MatchRule(std::string_view event_source, std::string_view event_name,
                           const Record* record) {
  const Index& ix = GetIndex();
  std::string_view source = ShortSource(event_source);
  size_t best = std::size(kRules);
  if (auto it = ix.exact.find(event_name); it != ix.exact.end()) {
    for (uint16_t row : it->second) {
      if (Applies(kRules[row], source, record)) {
        best = row;
        break;
      }
    }
  }
  // Only patterns of rows before the exact match can take precedence over it.
  for (const Index::Pattern& p : ix.patterns) {
    if (p.row >= best) break;
    if (NameMatches(p.glob, event_name) && Applies(kRules[p.row], source, record)) {
      best = p.row;
      break;
    }
  }
  return best < std::size(kRules) ? &kRules[best] : nullptr;
}

std::vector<std::string_view> CategoryNames(CategorySet set) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < kNumCategories; ++i) {
    if (set & (1u << i)) out.push_back(kCategoryNames[i]);
  }
  return out;
}

Classification Classify(std::string_view event_source, std::string_view event_name,
                        const Record* record) {
  Classification c;
  const ClassRule* rule = MatchRule(event_source, event_name, record);
  if (rule == nullptr) return c;
  c.categories = CategoryNames(rule->categories);
  AnyWord(rule->techniques, [&](std::string_view t) {
    c.techniques.push_back(t);
    return false;
  });
  c.rule = rule->id;
  return c;
}

std::span<const ClassRule> ClassificationRules() { return kRules; }

}  // namespace credtrace::investigate
