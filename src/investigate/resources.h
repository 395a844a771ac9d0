// The resources one CloudTrail record touched: which user, role, instance, bucket, object,
// secret... an event created, changed, deleted, read, shared or assumed, named the way the
// recovery plan and the answer key name them (docs/RESOURCES.md).
//
// The knowledge is one table (resources.cc, ResourceRules()): a row per (eventSource,
// eventName) says what the event does to which type of resource, where the resource's ID sits in
// the record (jq-style paths, record.h) and how that ID becomes an ARN. The code only reads
// rows; the few extractors that do more than read paths are named cases of `Special`.
//
// Everything in a record is attacker-controlled: IDs, names and policy documents are copied as
// data (never interpreted, never used to build paths on disk); they may hold quotes, newlines or
// megabytes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "investigate/record.h"

namespace credtrace::investigate {

enum class ResourceAction : uint8_t { kCreated, kModified, kDeleted, kRead, kShared, kAssumed };
// "created", "modified", "deleted", "read", "shared", "assumed" (the answer key's words).
std::string_view ActionName(ResourceAction action);

struct ResourceTouch {
  std::string id;       // ARN when one can be built, else the AWS ID (access key ID, secret name)
  std::string type;     // CloudFormation type: AWS::IAM::Role, AWS::EC2::Instance, ...
  std::string account;  // the account in the ARN, else recipientAccountId
  std::string region;   // "global" for IAM and other global services, else the ARN's or awsRegion
  ResourceAction action = ResourceAction::kRead;
  std::string aspect;       // what about it changed: "trust-policy", "inline-policy:<name>", ...
  std::string state;        // the new state as the record shows it, compact JSON; "" if not logged
  std::string shared_with;  // kShared: account IDs (or ARNs, or "all"), comma separated
  double bytes = -1;        // bytes read or written when logged (S3), else -1
};

// How an ID read from a record becomes the resource's id. A value that already starts with
// "arn:" is kept as it is whatever the template (AWS APIs take ARNs where they take names).
// Templates without V read no value (their IdSource has an empty path): those whose name ends
// in `Setting` make an identifier for an account-level setting that AWS gives no ARN
// (docs/RESOURCES.md, "Account settings"); kSecretsMatched stands for secrets a call read
// without naming them. An id ending in "*" is a pattern: the resources it covers are unknown.
enum class Arn : uint8_t {
  kAsIs,                // the value is the id (an ARN, or an ID such as an access key ID)
  kIamUser,             // arn:P:iam::A:user/V ("AWS ROOT USER" → arn:P:iam::A:root)
  kIamRole,             // arn:P:iam::A:role/V
  kIamGroup,            // arn:P:iam::A:group/V
  kIamPolicy,           // arn:P:iam::A:policy/V
  kIamInstanceProfile,  // arn:P:iam::A:instance-profile/V
  kIamMfa,              // arn:P:iam::A:mfa/V
  kIamOidcProvider,     // arn:P:iam::A:oidc-provider/V without "https://"
  kIamSamlProvider,     // arn:P:iam::A:saml-provider/V
  kEc2Instance,         // arn:P:ec2:R:A:instance/V
  kEc2Volume,           // arn:P:ec2:R:A:volume/V
  kEc2Snapshot,         // arn:P:ec2:R::snapshot/V (no account: snapshots can be public)
  kEc2Image,            // arn:P:ec2:R::image/V (no account: images can be public)
  kEc2SecurityGroup,    // arn:P:ec2:R:A:security-group/V
  kEc2KeyPair,          // arn:P:ec2:R:A:key-pair/V (by name, as IAM policies name key pairs)
  kEc2FlowLog,          // arn:P:ec2:R:A:vpc-flow-log/V
  kEc2LaunchTemplate,   // arn:P:ec2:R:A:launch-template/V
  kEc2SpotRequest,      // arn:P:ec2:R:A:spot-instances-request/V
  kSsmTarget,           // an instance (i-…) as kEc2Instance; a managed node (mi-…) as
                        // arn:P:ssm:R:A:managed-instance/V with type AWS::SSM::ManagedInstance
  kS3Bucket,            // arn:P:s3:::V
  kS3Object,            // arn:P:s3:::B/V, B = requestParameters.bucketName
  kS3AnyObject,         // arn:P:s3:::V/* (objects of bucket V whose keys are not logged)
  kS3CopySource,        // "bucket/key[?versionId=…]" (URL-encoded) → arn:P:s3:::bucket/key
  kLambdaFunction,      // arn:P:lambda:R:A:function:V, a version or alias qualifier dropped
  kLambdaLayer,         // arn:P:lambda:R:A:layer:V
  kSecret,              // the secret's ARN when logged; a name stays a name (its ARN has a
                        // random suffix the record does not show)
  kSecretsMatched,      // arn:P:secretsmanager:R:A:secret:* (BatchGetSecretValue by filters)
  kSsmParameter,        // arn:P:ssm:R:A:parameter/V (one slash whether V starts with one or not)
  kSsmParameterPath,    // the parameters under path V: arn:P:ssm:R:A:parameter/V/*
  kTrail,               // arn:P:cloudtrail:R:A:trail/V
  kGuardDutyDetector,   // arn:P:guardduty:R:A:detector/V
  kRdsDb,               // arn:P:rds:R:A:db:V
  kRdsSnapshot,         // arn:P:rds:R:A:snapshot:V
  kRdsCluster,          // arn:P:rds:R:A:cluster:V
  kRdsClusterSnapshot,  // arn:P:rds:R:A:cluster-snapshot:V
  kKmsKey,              // arn:P:kms:R:A:key/V, an alias as arn:P:kms:R:A:alias/…
  kSesIdentity,         // arn:P:ses:R:A:identity/V
  kBedrockModel,        // arn:P:bedrock:R::foundation-model/V; an inference profile ID
                        // (us./eu./apac./global. prefix) as arn:P:bedrock:R:A:inference-profile/V
  kRolesAnywhereTrustAnchor,  // arn:P:rolesanywhere:R:A:trust-anchor/V
  kRolesAnywhereProfile,      // arn:P:rolesanywhere:R:A:profile/V
  kEventsRule,                // arn:P:events:R:A:rule/V (default event bus)
  kBackupVault,               // arn:P:backup:R:A:backup-vault:V
  kLogGroup,                  // arn:P:logs:R:A:log-group:V
  kEc2Resource,  // any EC2 ID, its ARN type from its prefix (i- instance, vol- volume, sg-
                 // security-group, snap-/ami- without account...; EC2 CreateTags names
                 // resources so); an unknown prefix stays the bare ID
  kResourceOfType,  // each element of the record's resources[] whose type is the row's type:
                    // its ARN, or its ARNPrefix followed by "*"
  kBedrockModelAccessSetting,     // arn:P:bedrock:R:A:use-case-for-model-access
  kBedrockLoggingSetting,         // arn:P:bedrock:R:A:model-invocation-logging
  kEc2SerialConsoleSetting,       // arn:P:ec2:R:A:serial-console-access
  kEc2EbsEncryptionSetting,       // arn:P:ec2:R:A:ebs-encryption-by-default
  kS3AccountPublicAccessSetting,  // arn:P:s3:::account/A/public-access-block
  kSesAccountSetting,             // arn:P:ses:R:A:account
};
// The template as text ("arn:P:iam::A:user/V"), for docs.
std::string_view ArnTemplateText(Arn arn);

// Extractors that do more than read paths.
enum class Special : uint8_t {
  kNone,
  // Lambda AddPermission: a principal "*" or another account is sharing (kShared with "all" or
  // the account); a service principal is a resource-policy change.
  kLambdaPermission,
  // EC2 ModifyInstanceAttribute: the aspect is the attribute set (userData → "user-data") and
  // the state its new value.
  kEc2InstanceAttribute,
};

// One place an ID may be: a path (may walk arrays with "[]") and its ARN template. An empty
// path reads nothing (account-setting templates).
struct IdSource {
  std::string_view path;
  Arn arn = Arn::kAsIs;
};

struct ResourceRule {
  std::string_view source;  // eventSource, e.g. "iam.amazonaws.com"
  std::string_view name;    // eventName, exact or a prefix ending in '*' (CreateFunction20150331)
  ResourceAction action;
  std::string_view type;  // CloudFormation type of the resource
  // Where the ID is: the first source that yields a value wins; a "[]" path yields one
  // resource per value.
  IdSource ids[3] = {};
  std::string_view aspect = {};         // what changed ("" for create, delete, read, assume)
  std::string_view aspect_suffix = {};  // path whose value is appended to `aspect`
  // The new state: the first path present, as compact JSON (a string holding a JSON document,
  // as IAM policies are logged, is parsed and re-serialized compactly).
  std::string_view state[2] = {};
  // kShared: who gains access (every value of every path; "*" reads as "all"). The row yields
  // nothing when no path has a value.
  std::string_view shared_with[4] = {};
  std::string_view bytes = {};  // path of a byte count
  // The row applies only when `when` is present (non-empty array or object, any scalar) and,
  // if `when_value` is set, is that string.
  std::string_view when = {};
  std::string_view when_value = {};
  Special special = Special::kNone;
};

// The resources `record` touched, in table order, without duplicates. Empty for events that
// touch none (GetCallerIdentity, Describe*). Failed calls (errorCode set) yield their targets
// too when the record names them; the caller marks them failed. Events with no row fall back to
// the record's resources[] array (read when readOnly, else modified). Safe to call from several
// threads; a few microseconds a record (a hash look-up, then a few path reads).
std::vector<ResourceTouch> ExtractResources(const Record& record);

// The table, for docs and tests.
std::span<const ResourceRule> ResourceRules();

// The ids `sources` name in `record`, built as ExtractResources builds them (so that other tables
// of the investigation, the tag table among them, name a resource by the same string): the first
// source that yields any, one id per value. `type` is the resources' CloudFormation type; an id
// whose value shows another type (an EC2 ID by its prefix) comes with that type. Account and
// region as in ResourceTouch.
struct ResourceId {
  std::string id, type, account, region;
};
std::vector<ResourceId> ResolveIds(const Record& record, std::span<const IdSource> sources,
                                   std::string_view type);

}  // namespace credtrace::investigate
