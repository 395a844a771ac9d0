// One row per API: shapes taken from real records (../shared/datasets) and the reference
// (aws-ir-facts.md §1-§2). Slots: see json_template.h; @-slots are filled by the record writer.
#include "sim/api_catalog.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

namespace credtrace::sim {

namespace {

#define S3HOST "{{bucket}}.s3.{{@region}}.amazonaws.com"
#define S3BUCKET_REQ(extra) "{\"bucketName\":\"{{bucket}}\",\"Host\":\"" S3HOST "\"" extra "}"
#define S3BUCKET_RES "[{\"accountId\":\"{{@account}}\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::{{bucket}}\"}]"
#define S3OBJ_RES "[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::{{bucket}}/{{key}}\"},{\"accountId\":\"{{@account}}\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::{{bucket}}\"}]"
#define S3_ADD(in, out) "{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"{{@cipher}}\",\"bytesTransferredIn\":" in ",\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"{{@amzid2}}\",\"bytesTransferredOut\":" out "}"
#define CREDS "\"credentials\":{\"accessKeyId\":\"{{new_key}}\",\"sessionToken\":\"{{@token}}\",\"expiration\":\"{{expiration}}\"}"
#define ROLE_USER "\"assumedRoleUser\":{\"assumedRoleId\":\"{{role_id}}:{{session}}\",\"arn\":\"arn:aws:sts::{{role_account}}:assumed-role/{{role_name}}/{{session}}\"}"
#define ROLE_RES "[{\"accountId\":\"{{role_account}}\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"{{role_arn}}\"}]"
#define EC2_OK "{\"requestId\":\"{{@reqid}}\",\"_return\":true}"
#define IAMH "iam.amazonaws.com"
#define KMS_RES "[{\"accountId\":\"{{@account}}\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"{{kms_key}}\"}]"

constexpr ApiSpec kApis[] = {
    // ---- STS
    {"sts.amazonaws.com", "GetCallerIdentity", true, false, "1.08", nullptr, "{{@sts_host}}", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"sts.amazonaws.com", "AssumeRole", true, false, "1.08", nullptr, "{{@sts_host}}",
     "{\"roleArn\":\"{{role_arn}}\",\"roleSessionName\":\"{{session}}\"{{extra_req}}}",
     "{" CREDS "," ROLE_USER "}", ROLE_RES, "{{@sts_add}}", nullptr},
    {"sts.amazonaws.com", "AssumeRoleWithSAML", true, false, "1.08", nullptr, "{{@sts_host}}",
     "{\"sAMLAssertionID\":\"_{{assertion}}\",\"roleSessionName\":\"{{session}}\",\"principalTags\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"roleArn\":\"{{role_arn}}\",\"principalArn\":\"{{provider_arn}}\",\"durationSeconds\":{{duration}}}",
     "{\"subjectType\":\"persistent\",\"issuer\":\"{{issuer}}\",\"audience\":\"https://signin.aws.amazon.com/saml\"," CREDS ",\"nameQualifier\":\"{{name_qualifier}}\"," ROLE_USER ",\"subject\":\"{{subject}}\"}",
     ROLE_RES, nullptr, nullptr},
    {"sts.amazonaws.com", "AssumeRoleWithWebIdentity", true, false, "1.08", nullptr, "{{@sts_host}}",
     "{\"roleArn\":\"{{role_arn}}\",\"roleSessionName\":\"{{session}}\",\"durationSeconds\":3600}",
     "{\"subjectFromWebIdentityToken\":\"{{subject}}\"," ROLE_USER ",\"provider\":\"arn:aws:iam::{{role_account}}:oidc-provider/token.actions.githubusercontent.com\",\"audience\":\"sts.amazonaws.com\"," CREDS "}",
     ROLE_RES, nullptr, nullptr},
    {"sts.amazonaws.com", "GetSessionToken", true, false, "1.08", nullptr, "{{@sts_host}}",
     "{\"durationSeconds\":{{duration}}}", "{" CREDS "}", nullptr, nullptr, nullptr},
    {"sts.amazonaws.com", "GetFederationToken", false, false, "1.08", nullptr, "{{@sts_host}}",
     "{\"name\":\"{{fed_name}}\",\"policy\":\"{{policy}}\",\"durationSeconds\":{{duration}}}",
     "{" CREDS ",\"federatedUser\":{\"federatedUserId\":\"{{@account}}:{{fed_name}}\",\"arn\":\"arn:aws:sts::{{@account}}:federated-user/{{fed_name}}\"},\"packedPolicySize\":{{pps}}}",
     nullptr, nullptr, nullptr},
    // ---- Sign-in and Identity Center
    {"signin.amazonaws.com", "ConsoleLogin", false, false, "1.08", "AwsConsoleSignIn", "signin.aws.amazon.com", nullptr,
     "{\"ConsoleLogin\":\"{{result}}\"}", nullptr,
     "{\"LoginTo\":\"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_{{@region}}_{{state}}\",\"MobileVersion\":\"No\",\"MFAUsed\":\"{{mfa}}\"{{mfa_id}}}", nullptr},
    {"signin.amazonaws.com", "GetSigninToken", false, false, "1.08", "AwsConsoleSignIn", "signin.aws.amazon.com", nullptr,
     "{\"credentials\":{\"accessKeyId\":\"{{key}}\"},\"GetSigninToken\":\"Success\"}", nullptr, nullptr, nullptr},
    {"sso.amazonaws.com", "GetRoleCredentials", true, false, "1.08", "AwsServiceEvent", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    // ---- IAM (global, us-east-1)
    {"iam.amazonaws.com", "ListUsers", true, false, "1.08", nullptr, IAMH, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListRoles", true, false, "1.08", nullptr, IAMH, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListGroups", true, false, "1.08", nullptr, IAMH, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListPolicies", true, false, "1.08", nullptr, IAMH, "{\"scope\":\"Local\",\"onlyAttached\":false}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "GetAccountAuthorizationDetails", true, false, "1.08", nullptr, IAMH, "{\"filter\":[\"User\",\"Role\",\"Group\",\"LocalManagedPolicy\",\"AWSManagedPolicy\"]}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "GetAccountSummary", true, false, "1.08", nullptr, IAMH, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListAccountAliases", true, false, "1.08", nullptr, IAMH, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "GetUser", true, false, "1.08", nullptr, IAMH, "{{user_req}}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "GetRole", true, false, "1.08", nullptr, IAMH, "{\"roleName\":\"{{role}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListAccessKeys", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListAttachedUserPolicies", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListUserPolicies", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListGroupsForUser", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListMFADevices", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListAttachedRolePolicies", true, false, "1.08", nullptr, IAMH, "{\"roleName\":\"{{role}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "ListSSHPublicKeys", true, false, "1.08", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "CreateUser", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\"{{tags_req}}}",
     "{\"user\":{\"path\":\"/\",\"userName\":\"{{user}}\",\"userId\":\"{{user_id}}\",\"arn\":\"arn:aws:iam::{{@account}}:user/{{user}}\",\"createDate\":\"{{@iamdate}}\"}}", nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "CreateAccessKey", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\"}",
     "{\"accessKey\":{\"userName\":\"{{user}}\",\"accessKeyId\":\"{{new_key}}\",\"status\":\"Active\",\"createDate\":\"{{@iamdate}}\"}}", nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "UpdateAccessKey", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"accessKeyId\":\"{{key}}\",\"status\":\"{{status}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "DeleteAccessKey", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"accessKeyId\":\"{{key}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "CreateLoginProfile", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"passwordResetRequired\":false}",
     "{\"loginProfile\":{\"userName\":\"{{user}}\",\"createDate\":\"{{@iamdate}}\",\"passwordResetRequired\":false}}", nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "UpdateLoginProfile", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"passwordResetRequired\":false}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "DeleteLoginProfile", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "AttachUserPolicy", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"policyArn\":\"{{policy_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "DetachUserPolicy", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"policyArn\":\"{{policy_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "PutUserPolicy", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"policyName\":\"{{policy_name}}\",\"policyDocument\":\"{{policy}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "DeleteUser", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "CreateRole", false, false, "1.09", nullptr, IAMH, "{\"roleName\":\"{{role}}\",\"assumeRolePolicyDocument\":\"{{policy}}\"{{tags_req}}}",
     "{\"role\":{\"path\":\"/\",\"roleName\":\"{{role}}\",\"roleId\":\"{{role_id}}\",\"arn\":\"arn:aws:iam::{{@account}}:role/{{role}}\",\"createDate\":\"{{@iamdate}}\",\"assumeRolePolicyDocument\":\"{{policy_url}}\"}}", nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "AttachRolePolicy", false, false, "1.09", nullptr, IAMH, "{\"roleName\":\"{{role}}\",\"policyArn\":\"{{policy_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "UpdateAssumeRolePolicy", false, false, "1.09", nullptr, IAMH, "{\"roleName\":\"{{role}}\",\"policyDocument\":\"{{policy}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "CreateInstanceProfile", false, false, "1.09", nullptr, IAMH, "{\"instanceProfileName\":\"{{profile}}\"}",
     "{\"instanceProfile\":{\"path\":\"/\",\"instanceProfileName\":\"{{profile}}\",\"instanceProfileId\":\"{{profile_id}}\",\"arn\":\"arn:aws:iam::{{@account}}:instance-profile/{{profile}}\",\"createDate\":\"{{@iamdate}}\",\"roles\":[]}}", nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "AddRoleToInstanceProfile", false, false, "1.09", nullptr, IAMH, "{\"instanceProfileName\":\"{{profile}}\",\"roleName\":\"{{role}}\"}", nullptr, nullptr, nullptr, nullptr},
    // Tags: {{tags}} is a JSON array of {"key","value"} (sim/tagging.h writes it).
    {"iam.amazonaws.com", "TagUser", false, false, "1.09", nullptr, IAMH, "{\"userName\":\"{{user}}\",\"tags\":{{tags}}}", nullptr, nullptr, nullptr, nullptr},
    {"iam.amazonaws.com", "TagRole", false, false, "1.09", nullptr, IAMH, "{\"roleName\":\"{{role}}\",\"tags\":{{tags}}}", nullptr, nullptr, nullptr, nullptr},
    // ---- EC2
    {"ec2.amazonaws.com", "DescribeRegions", true, false, "1.09", nullptr, nullptr, "{\"regionSet\":{},\"allRegions\":{{all}}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeInstances", true, false, "1.09", nullptr, nullptr, "{\"instancesSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeInstanceStatus", true, false, "1.09", nullptr, nullptr, "{\"instancesSet\":{\"items\":[{\"instanceId\":\"{{instance}}\"}]},\"filterSet\":{},\"includeAllInstances\":false}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeTags", true, false, "1.09", nullptr, nullptr, "{\"filterSet\":{\"items\":[{\"name\":\"resource-id\",\"valueSet\":{\"items\":[{\"value\":\"{{instance}}\"}]}}]}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", true, false, "1.09", nullptr, nullptr, "{\"securityGroupSet\":{},\"securityGroupIdSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeVpcs", true, false, "1.09", nullptr, nullptr, "{\"vpcSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeSubnets", true, false, "1.09", nullptr, nullptr, "{\"subnetSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeImages", true, false, "1.09", nullptr, nullptr, "{\"executableBySet\":{},\"imagesSet\":{},\"ownersSet\":{\"items\":[{\"owner\":\"{{owner}}\"}]},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeSnapshots", true, false, "1.09", nullptr, nullptr, "{\"snapshotSet\":{},\"ownersSet\":{\"items\":[{\"owner\":\"self\"}]},\"sharedUsersSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeVolumes", true, false, "1.09", nullptr, nullptr, "{\"volumeSet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeKeyPairs", true, false, "1.09", nullptr, nullptr, "{\"keySet\":{},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeAccountAttributes", true, false, "1.09", nullptr, nullptr, "{\"accountAttributeNameSet\":{\"items\":[{\"attributeName\":\"supported-platforms\"}]},\"filterSet\":{}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeInstanceTypes", true, false, "1.09", nullptr, nullptr, "{\"DescribeInstanceTypesRequest\":{\"InstanceType\":{\"content\":\"{{itype}}\",\"tag\":1}}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DescribeFlowLogs", true, false, "1.09", nullptr, nullptr, "{\"DescribeFlowLogsRequest\":{\"MaxResults\":1000}}", nullptr, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "RunInstances", false, false, "1.09", nullptr, nullptr,
     "{\"instancesSet\":{\"items\":[{\"imageId\":\"{{ami}}\",\"minCount\":1,\"maxCount\":1{{key_item}}}]},\"userData\":\"<sensitiveDataRemoved>\",\"instanceType\":\"{{itype}}\",\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,\"disableApiStop\":false,\"clientToken\":\"{{@uuid}}\",\"groupSet\":{\"items\":[{\"groupId\":\"{{sg}}\"}]}{{profile_req}}{{tag_spec}}}",
     "{\"requestId\":\"{{@reqid}}\",\"reservationId\":\"r-0{{resv}}\",\"ownerId\":\"{{@account}}\",\"groupSet\":{},\"instancesSet\":{\"items\":[{\"instanceId\":\"{{instance}}\",\"imageId\":\"{{ami}}\",\"currentInstanceBootMode\":\"legacy-bios\",\"instanceState\":{\"code\":0,\"name\":\"pending\"},\"privateDnsName\":\"ip-{{pip_dash}}.{{@region}}.compute.internal\",\"amiLaunchIndex\":0,\"productCodes\":{},\"instanceType\":\"{{itype}}\",\"launchTime\":{{@epochms}},\"placement\":{\"availabilityZone\":\"{{@region}}a\",\"tenancy\":\"default\"},\"monitoring\":{\"state\":\"disabled\"},\"subnetId\":\"{{subnet}}\",\"vpcId\":\"{{vpc}}\",\"privateIpAddress\":\"{{pip}}\",\"stateReason\":{\"code\":\"pending\",\"message\":\"pending\"},\"architecture\":\"x86_64\",\"rootDeviceType\":\"ebs\",\"rootDeviceName\":\"/dev/xvda\",\"blockDeviceMapping\":{},\"virtualizationType\":\"hvm\",\"hypervisor\":\"xen\"{{profile_resp}},\"groupSet\":{\"items\":[{\"groupId\":\"{{sg}}\",\"groupName\":\"{{sg_name}}\"}]},\"sourceDestCheck\":true,\"networkInterfaceSet\":{},\"ebsOptimized\":false,\"enaSupport\":true,\"capacityReservationSpecification\":{\"capacityReservationPreference\":\"open\"},\"enclaveOptions\":{\"enabled\":false},\"metadataOptions\":{\"state\":\"pending\",\"httpTokens\":\"optional\",\"httpPutResponseHopLimit\":1,\"httpEndpoint\":\"enabled\",\"httpProtocolIpv4\":\"enabled\",\"httpProtocolIpv6\":\"disabled\",\"instanceMetadataTags\":\"disabled\"},\"maintenanceOptions\":{\"autoRecovery\":\"default\"}}]}}",
     nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "TerminateInstances", false, false, "1.09", nullptr, nullptr, "{\"instancesSet\":{\"items\":[{\"instanceId\":\"{{instance}}\"}]}}",
     "{\"requestId\":\"{{@reqid}}\",\"instancesSet\":{\"items\":[{\"instanceId\":\"{{instance}}\",\"currentState\":{\"code\":32,\"name\":\"shutting-down\"},\"previousState\":{\"code\":16,\"name\":\"running\"}}]}}", nullptr, nullptr, nullptr},
    // {{resources}}: [{"resourceId":…}…]; {{tags}}: [{"key","value"}…] (DeleteTags: keys only).
    {"ec2.amazonaws.com", "CreateTags", false, false, "1.09", nullptr, nullptr, "{\"resourcesSet\":{\"items\":{{resources}}},\"tagSet\":{\"items\":{{tags}}}}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DeleteTags", false, false, "1.09", nullptr, nullptr, "{\"resourcesSet\":{\"items\":{{resources}}},\"tagSet\":{\"items\":{{tags}}}}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "CreateKeyPair", false, false, "1.09", nullptr, nullptr, "{\"keyName\":\"{{key_name}}\"}",
     "{\"requestId\":\"{{@reqid}}\",\"keyName\":\"{{key_name}}\",\"keyFingerprint\":\"{{fingerprint}}\",\"keyPairId\":\"{{key_pair_id}}\",\"keyMaterial\":\"<sensitiveDataRemoved>\"}", nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "CreateSecurityGroup", false, false, "1.09", nullptr, nullptr, "{\"groupName\":\"{{sg_name}}\",\"groupDescription\":\"{{sg_name}}\",\"vpcId\":\"{{vpc}}\"}",
     "{\"requestId\":\"{{@reqid}}\",\"_return\":true,\"groupId\":\"{{sg}}\"}", nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", false, false, "1.09", nullptr, nullptr,
     "{\"groupId\":\"{{sg}}\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":{{port}},\"toPort\":{{port}},\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]},\"ipv6Ranges\":{},\"prefixListIds\":{}}]}}",
     "{\"requestId\":\"{{@reqid}}\",\"_return\":true,\"securityGroupRuleSet\":{\"items\":[{\"groupOwnerId\":\"{{@account}}\",\"groupId\":\"{{sg}}\",\"securityGroupRuleId\":\"{{sgr}}\",\"isEgress\":false,\"ipProtocol\":\"tcp\",\"fromPort\":{{port}},\"toPort\":{{port}},\"cidrIpv4\":\"0.0.0.0/0\"}]}}", nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DeleteSnapshot", false, false, "1.09", nullptr, nullptr, "{\"snapshotId\":\"{{snapshot}}\"}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DeleteVolume", false, false, "1.09", nullptr, nullptr, "{\"volumeId\":\"{{volume}}\"}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DeregisterImage", false, false, "1.09", nullptr, nullptr, "{\"imageId\":\"{{ami}}\"}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "ModifySnapshotAttribute", false, false, "1.09", nullptr, nullptr,
     "{\"snapshotId\":\"{{snapshot}}\",\"createVolumePermission\":{\"add\":{\"items\":[{\"userId\":\"{{target_account}}\"}]}},\"attributeType\":\"CREATE_VOLUME_PERMISSION\"}", EC2_OK, nullptr, nullptr, nullptr},
    {"ec2.amazonaws.com", "DeleteFlowLogs", false, false, "1.09", nullptr, nullptr,
     "{\"DeleteFlowLogsRequest\":{\"FlowLogId\":{\"content\":\"{{flow_log}}\",\"tag\":1}}}",
     "{\"DeleteFlowLogsResponse\":{\"xmlns\":\"http://ec2.amazonaws.com/doc/2016-11-15/\",\"requestId\":\"{{@reqid}}\",\"unsuccessful\":\"\"}}", nullptr, nullptr, nullptr},
    // ---- S3 (bucket operations are management events, object operations data events)
    {"s3.amazonaws.com", "ListBuckets", true, false, "1.09", nullptr, "s3.amazonaws.com", "{\"Host\":\"s3.amazonaws.com\"}", nullptr, nullptr, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "GetBucketLocation", true, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"location\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("0", "137"), nullptr},
    {"s3.amazonaws.com", "GetBucketAcl", true, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"acl\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "GetBucketPolicy", true, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"policy\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "GetBucketVersioning", true, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"versioning\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "GetBucketPublicAccessBlock", true, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"publicAccessBlock\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "DeleteBucket", false, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(""), nullptr, S3BUCKET_RES, S3_ADD("0", "0"), nullptr},
    // {{tags}}: the TagSet's Tag, an array of {"Key","Value"} (an object for one tag, as S3 writes XML).
    {"s3.amazonaws.com", "PutBucketTagging", false, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"Tagging\":{\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\",\"TagSet\":{\"Tag\":{{tags}}}},\"tagging\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("{{bytes_in}}", "0"), nullptr},
    {"s3.amazonaws.com", "PutBucketVersioning", false, false, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"VersioningConfiguration\":{\"Status\":\"Suspended\",\"xmlns\":\"http://s3.amazonaws.com/doc/2006-03-01/\"},\"versioning\":\"\""), nullptr, S3BUCKET_RES, S3_ADD("{{bytes_in}}", "0"), nullptr},
    {"s3.amazonaws.com", "ListObjects", true, true, "1.09", nullptr, S3HOST,
     S3BUCKET_REQ(",\"list-type\":\"2\",\"prefix\":\"{{prefix}}\",\"encoding-type\":\"url\",\"delimiter\":\"/\""), nullptr,
     "[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::{{bucket}}/{{prefix}}\"},{\"accountId\":\"{{@account}}\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::{{bucket}}\"}]",
     S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "GetObject", true, true, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"key\":\"{{key}}\""), nullptr, S3OBJ_RES, S3_ADD("0", "{{bytes_out}}"), nullptr},
    {"s3.amazonaws.com", "HeadObject", true, true, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"key\":\"{{key}}\""), nullptr, S3OBJ_RES, S3_ADD("0", "0"), nullptr},
    {"s3.amazonaws.com", "PutObject", false, true, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"key\":\"{{key}}\""),
     "{\"x-amz-server-side-encryption\":\"AES256\"}", S3OBJ_RES, S3_ADD("{{bytes_in}}", "0"), nullptr},
    {"s3.amazonaws.com", "DeleteObject", false, true, "1.09", nullptr, S3HOST, S3BUCKET_REQ(",\"key\":\"{{key}}\""), nullptr, S3OBJ_RES, S3_ADD("0", "0"), nullptr},
    // ---- KMS, SSM, Secrets Manager, CloudWatch Logs
    {"kms.amazonaws.com", "Decrypt", true, false, "1.08", nullptr, nullptr, "{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\",\"encryptionContext\":{{context}}}", nullptr, KMS_RES, nullptr, nullptr},
    {"kms.amazonaws.com", "GenerateDataKey", true, false, "1.08", nullptr, nullptr, "{\"keyId\":\"{{kms_key}}\",\"keySpec\":\"AES_256\",\"encryptionContext\":{{context}}}", nullptr, KMS_RES, nullptr, nullptr},
    {"ssm.amazonaws.com", "GetParameter", true, false, "1.08", nullptr, nullptr, "{\"name\":\"{{param}}\",\"withDecryption\":true}", nullptr, nullptr, nullptr, nullptr},
    {"ssm.amazonaws.com", "GetParametersByPath", true, false, "1.08", nullptr, nullptr, "{\"path\":\"{{path}}\",\"recursive\":true,\"withDecryption\":true}", nullptr, nullptr, nullptr, nullptr},
    {"ssm.amazonaws.com", "DescribeParameters", true, false, "1.08", nullptr, nullptr, "{\"maxResults\":50}", nullptr, nullptr, nullptr, nullptr},
    {"ssm.amazonaws.com", "UpdateInstanceInformation", false, false, "1.08", nullptr, "ssm.{{@region}}.amazonaws.com",
     "{\"instanceId\":\"{{instance}}\",\"agentVersion\":\"3.3.1142.0\",\"agentStatus\":\"Active\",\"platformType\":\"Linux\",\"platformName\":\"Amazon Linux\",\"platformVersion\":\"2023\",\"iPAddress\":\"{{pip}}\",\"computerName\":\"ip-{{pip_dash}}.{{@region}}.compute.internal\",\"agentName\":\"amazon-ssm-agent\",\"availabilityZone\":\"{{@region}}a\",\"sSMConnectionChannel\":\"ssmmessages\"}",
     nullptr, nullptr, nullptr, nullptr},
    {"ssm.amazonaws.com", "DescribeInstanceInformation", true, false, "1.08", nullptr, nullptr, "{\"maxResults\":50}", nullptr, nullptr, nullptr, nullptr},
    {"secretsmanager.amazonaws.com", "GetSecretValue", true, false, "1.09", nullptr, nullptr, "{\"secretId\":\"{{secret}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"secretsmanager.amazonaws.com", "ListSecrets", true, false, "1.09", nullptr, nullptr, "{\"maxResults\":100}", nullptr, nullptr, nullptr, nullptr},
    {"logs.amazonaws.com", "CreateLogStream", false, false, "1.08", nullptr, nullptr, "{\"logGroupName\":\"{{log_group}}\",\"logStreamName\":\"{{log_stream}}\"}", nullptr, nullptr, nullptr, nullptr},
    // ---- Lambda, CloudFormation, ECR, EventBridge (deployments)
    {"lambda.amazonaws.com", "ListFunctions20150331", true, false, "1.08", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "2015-03-31"},
    {"lambda.amazonaws.com", "GetFunction20150331v2", true, false, "1.08", nullptr, nullptr, "{\"functionName\":\"{{fn}}\"}", nullptr, nullptr, nullptr, "2015-03-31"},
    {"lambda.amazonaws.com", "CreateFunction20150331", false, false, "1.08", nullptr, nullptr,
     "{\"functionName\":\"{{fn}}\",\"runtime\":\"python3.12\",\"role\":\"{{role_arn}}\",\"handler\":\"index.handler\",\"code\":{},\"timeout\":900,\"memorySize\":512,\"publish\":false}",
     "{\"functionName\":\"{{fn}}\",\"functionArn\":\"arn:aws:lambda:{{@region}}:{{@account}}:function:{{fn}}\",\"runtime\":\"python3.12\",\"role\":\"{{role_arn}}\",\"handler\":\"index.handler\",\"codeSize\":{{code_size}},\"description\":\"\",\"timeout\":900,\"memorySize\":512,\"lastModified\":\"{{@isoms}}\",\"codeSha256\":\"{{code_sha}}\",\"version\":\"$LATEST\",\"tracingConfig\":{\"mode\":\"PassThrough\"},\"revisionId\":\"{{@uuid}}\",\"state\":\"Pending\",\"stateReason\":\"The function is being created.\",\"stateReasonCode\":\"Creating\",\"packageType\":\"Zip\",\"architectures\":[\"x86_64\"],\"ephemeralStorage\":{\"size\":512},\"loggingConfig\":{\"logFormat\":\"Text\",\"logGroup\":\"/aws/lambda/{{fn}}\"}}",
     nullptr, nullptr, "2015-03-31"},
    {"lambda.amazonaws.com", "UpdateFunctionCode20150331v2", false, false, "1.08", nullptr, nullptr,
     "{\"functionName\":\"{{fn}}\",\"s3Bucket\":\"{{bucket}}\",\"s3Key\":\"{{key}}\",\"publish\":false,\"dryRun\":false}",
     "{\"functionName\":\"{{fn}}\",\"functionArn\":\"arn:aws:lambda:{{@region}}:{{@account}}:function:{{fn}}\",\"runtime\":\"python3.12\",\"role\":\"{{role_arn}}\",\"handler\":\"app.handler\",\"codeSize\":{{code_size}},\"description\":\"\",\"timeout\":30,\"memorySize\":256,\"lastModified\":\"{{@isoms}}\",\"codeSha256\":\"{{code_sha}}\",\"version\":\"$LATEST\",\"tracingConfig\":{\"mode\":\"PassThrough\"},\"revisionId\":\"{{@uuid}}\",\"state\":\"Active\",\"lastUpdateStatus\":\"InProgress\",\"lastUpdateStatusReason\":\"The function is being created.\",\"lastUpdateStatusReasonCode\":\"Creating\",\"packageType\":\"Zip\",\"architectures\":[\"arm64\"],\"ephemeralStorage\":{\"size\":512}}",
     nullptr, nullptr, "2015-03-31"},
    {"lambda.amazonaws.com", "CreateFunctionUrlConfig20211031", false, false, "1.08", nullptr, nullptr,
     "{\"functionName\":\"{{fn}}\",\"authType\":\"NONE\"}",
     "{\"functionUrl\":\"https://{{url_id}}.lambda-url.{{@region}}.on.aws/\",\"functionArn\":\"arn:aws:lambda:{{@region}}:{{@account}}:function:{{fn}}\",\"authType\":\"NONE\",\"creationTime\":\"{{@isoms}}\"}",
     nullptr, nullptr, "2021-10-31"},
    {"lambda.amazonaws.com", "AddPermission20150331v2", false, false, "1.08", nullptr, nullptr,
     "{\"functionName\":\"{{fn}}\",\"statementId\":\"{{sid}}\",\"action\":\"lambda:InvokeFunctionUrl\",\"principal\":\"*\",\"functionUrlAuthType\":\"NONE\"}",
     "{\"statement\":\"{\\\"Sid\\\":\\\"{{sid}}\\\",\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"lambda:InvokeFunctionUrl\\\",\\\"Resource\\\":\\\"arn:aws:lambda:{{@region}}:{{@account}}:function:{{fn}}\\\",\\\"Condition\\\":{\\\"StringEquals\\\":{\\\"lambda:FunctionUrlAuthType\\\":\\\"NONE\\\"}}}\"}",
     nullptr, nullptr, "2015-03-31"},
    {"cloudformation.amazonaws.com", "DescribeStacks", true, false, "1.08", nullptr, nullptr, "{\"stackName\":\"{{stack}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"cloudformation.amazonaws.com", "CreateChangeSet", false, false, "1.08", nullptr, nullptr,
     "{\"stackName\":\"{{stack}}\",\"templateURL\":\"https://{{bucket}}.s3.{{@region}}.amazonaws.com/{{key}}\",\"capabilities\":[\"CAPABILITY_IAM\",\"CAPABILITY_NAMED_IAM\"],\"changeSetName\":\"{{change_set}}\",\"changeSetType\":\"UPDATE\"}",
     "{\"id\":\"arn:aws:cloudformation:{{@region}}:{{@account}}:changeSet/{{change_set}}/{{@uuid}}\",\"stackId\":\"arn:aws:cloudformation:{{@region}}:{{@account}}:stack/{{stack}}/{{stack_uuid}}\"}",
     nullptr, nullptr, nullptr},
    {"cloudformation.amazonaws.com", "ExecuteChangeSet", false, false, "1.08", nullptr, nullptr, "{\"changeSetName\":\"{{change_set}}\",\"stackName\":\"{{stack}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"ecr.amazonaws.com", "GetAuthorizationToken", true, false, "1.08", nullptr, "api.ecr.{{@region}}.amazonaws.com", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"events.amazonaws.com", "PutRule", false, false, "1.08", nullptr, nullptr,
     "{\"name\":\"{{rule}}\",\"scheduleExpression\":\"rate(1 hour)\",\"state\":\"ENABLED\"}",
     "{\"ruleArn\":\"arn:aws:events:{{@region}}:{{@account}}:rule/{{rule}}\"}", nullptr, nullptr, nullptr},
    {"events.amazonaws.com", "PutTargets", false, false, "1.08", nullptr, nullptr,
     "{\"rule\":\"{{rule}}\",\"targets\":[{\"id\":\"1\",\"arn\":\"arn:aws:lambda:{{@region}}:{{@account}}:function:{{fn}}\"}]}",
     "{\"failedEntryCount\":0,\"failedEntries\":[]}", nullptr, nullptr, nullptr},
    // ---- Logging and detection
    {"cloudtrail.amazonaws.com", "DescribeTrails", true, false, "1.10", nullptr, nullptr, "{\"trailNameList\":[],\"includeShadowTrails\":true}", nullptr, nullptr, nullptr, nullptr},
    {"cloudtrail.amazonaws.com", "GetTrailStatus", true, false, "1.10", nullptr, nullptr, "{\"name\":\"{{trail_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"cloudtrail.amazonaws.com", "LookupEvents", true, false, "1.10", nullptr, nullptr, "{\"maxResults\":50}", nullptr, nullptr, nullptr, nullptr},
    {"cloudtrail.amazonaws.com", "StopLogging", false, false, "1.10", nullptr, nullptr, "{\"name\":\"{{trail_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"cloudtrail.amazonaws.com", "DeleteTrail", false, false, "1.10", nullptr, nullptr, "{\"name\":\"{{trail_arn}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"guardduty.amazonaws.com", "ListDetectors", true, false, "1.08", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"guardduty.amazonaws.com", "GetFindings", true, false, "1.08", nullptr, nullptr, "{\"detectorId\":\"{{detector}}\",\"findingIds\":[\"{{finding}}\"]}", nullptr, nullptr, nullptr, nullptr},
    {"guardduty.amazonaws.com", "ListFindings", true, false, "1.08", nullptr, nullptr, "{\"detectorId\":\"{{detector}}\",\"maxResults\":50}", nullptr, nullptr, nullptr, nullptr},
    {"guardduty.amazonaws.com", "DeleteDetector", false, false, "1.08", nullptr, nullptr, "{\"detectorId\":\"{{detector}}\"}", nullptr, nullptr, nullptr, nullptr},
    // ---- Account-level recon
    {"organizations.amazonaws.com", "DescribeOrganization", true, false, "1.08", nullptr, "organizations.us-east-1.amazonaws.com", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"organizations.amazonaws.com", "ListAccounts", true, false, "1.08", nullptr, "organizations.us-east-1.amazonaws.com", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"ses.amazonaws.com", "GetSendQuota", true, false, "1.08", nullptr, "email.{{@region}}.amazonaws.com", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"ses.amazonaws.com", "ListIdentities", true, false, "1.08", nullptr, "email.{{@region}}.amazonaws.com", "{\"maxItems\":1000}", nullptr, nullptr, nullptr, nullptr},
    {"ses.amazonaws.com", "GetAccount", true, false, "1.08", nullptr, "email.{{@region}}.amazonaws.com", nullptr, nullptr, nullptr, nullptr, nullptr},
    {"servicequotas.amazonaws.com", "GetServiceQuota", true, false, "1.08", nullptr, nullptr, "{\"serviceCode\":\"ec2\",\"quotaCode\":\"L-DB2E81BA\"}", nullptr, nullptr, nullptr, nullptr},
    {"servicequotas.amazonaws.com", "RequestServiceQuotaIncrease", false, false, "1.08", nullptr, nullptr,
     "{\"serviceCode\":\"ec2\",\"quotaCode\":\"L-DB2E81BA\",\"desiredValue\":{{value}}}",
     "{\"requestedQuota\":{\"id\":\"{{quota_request}}\",\"serviceCode\":\"ec2\",\"serviceName\":\"Amazon Elastic Compute Cloud (Amazon EC2)\",\"quotaCode\":\"L-DB2E81BA\",\"quotaName\":\"Running On-Demand G and VT instances\",\"desiredValue\":{{value}},\"status\":\"PENDING\",\"created\":\"{{@stsdate}}\",\"quotaArn\":\"arn:aws:servicequotas:{{@region}}:{{@account}}:ec2/L-DB2E81BA\",\"globalQuota\":false,\"unit\":\"None\"}}",
     nullptr, nullptr, nullptr},
    {"ce.amazonaws.com", "GetCostAndUsage", true, false, "1.08", nullptr, "ce.us-east-1.amazonaws.com",
     "{\"timePeriod\":{\"start\":\"{{period_start}}\",\"end\":\"{{period_end}}\"},\"granularity\":\"MONTHLY\",\"metrics\":[\"UnblendedCost\"]}", nullptr, nullptr, nullptr, nullptr},
    {"cloudcontrolapi.amazonaws.com", "ListResources", true, false, "1.11", nullptr, nullptr, "{\"typeName\":\"{{type_name}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"config.amazonaws.com", "PutEvaluations", false, false, "1.08", nullptr, nullptr, "{\"evaluations\":[{\"complianceResourceType\":\"AWS::EC2::Instance\",\"complianceResourceId\":\"{{instance}}\",\"complianceType\":\"COMPLIANT\",\"orderingTimestamp\":\"{{@stsdate}}\"}],\"resultToken\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"testMode\":false}", "{\"failedEvaluations\":[]}", nullptr, nullptr, nullptr},
    // ---- RDS and Backup
    {"rds.amazonaws.com", "DescribeDBInstances", true, false, "1.08", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"rds.amazonaws.com", "DescribeDBSnapshots", true, false, "1.08", nullptr, nullptr, "{\"includeShared\":false,\"includePublic\":false}", nullptr, nullptr, nullptr, nullptr},
    {"rds.amazonaws.com", "DeleteDBInstance", false, false, "1.08", nullptr, nullptr,
     "{\"dBInstanceIdentifier\":\"{{db}}\",\"skipFinalSnapshot\":true,\"deleteAutomatedBackups\":true}",
     "{\"dBInstanceIdentifier\":\"{{db}}\",\"dBInstanceClass\":\"db.r6g.large\",\"engine\":\"postgres\",\"dBInstanceStatus\":\"deleting\",\"masterUsername\":\"postgres\",\"dBName\":\"app\",\"allocatedStorage\":200,\"availabilityZone\":\"{{@region}}a\",\"multiAZ\":false,\"engineVersion\":\"15.5\",\"dBInstanceArn\":\"arn:aws:rds:{{@region}}:{{@account}}:db:{{db}}\",\"deletionProtection\":false}",
     nullptr, nullptr, nullptr},
    {"rds.amazonaws.com", "DeleteDBSnapshot", false, false, "1.08", nullptr, nullptr, "{\"dBSnapshotIdentifier\":\"{{db_snapshot}}\"}",
     "{\"dBSnapshotIdentifier\":\"{{db_snapshot}}\",\"dBInstanceIdentifier\":\"{{db}}\",\"engine\":\"postgres\",\"allocatedStorage\":200,\"status\":\"deleted\",\"snapshotType\":\"manual\",\"dBSnapshotArn\":\"arn:aws:rds:{{@region}}:{{@account}}:snapshot:{{db_snapshot}}\"}",
     nullptr, nullptr, nullptr},
    {"backup.amazonaws.com", "ListBackupVaults", true, false, "1.08", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"backup.amazonaws.com", "DeleteRecoveryPoint", false, false, "1.08", nullptr, nullptr, "{\"backupVaultName\":\"{{vault}}\",\"recoveryPointArn\":\"{{recovery_point}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"backup.amazonaws.com", "DeleteBackupVault", false, false, "1.08", nullptr, nullptr, "{\"backupVaultName\":\"{{vault}}\"}", nullptr, nullptr, nullptr, nullptr},
    // ---- Bedrock (aws-ir-facts.md §7.1, §7.4; shapes from the stratus bedrock sample)
    {"bedrock.amazonaws.com", "GetModelInvocationLoggingConfiguration", true, false, "1.09", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "ListFoundationModels", true, false, "1.09", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "GetFoundationModelAvailability", true, false, "1.09", nullptr, nullptr, "{\"modelId\":\"{{model}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "ListFoundationModelAgreementOffers", true, false, "1.09", nullptr, nullptr, "{\"modelId\":\"{{model}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "PutUseCaseForModelAccess", false, false, "1.09", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "CreateFoundationModelAgreement", false, false, "1.09", nullptr, nullptr, "{\"modelId\":\"{{model}}\"}", "{\"modelId\":\"{{model_base}}\"}", nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "PutFoundationModelEntitlement", false, false, "1.09", nullptr, nullptr, "{\"modelId\":\"{{model}}\"}", "{\"status\":\"SUCCESS\"}", nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "InvokeModel", true, false, "1.10", nullptr, "bedrock-runtime.{{@region}}.amazonaws.com", "{\"modelId\":\"{{model}}\"}", nullptr, nullptr, nullptr, nullptr},
    {"bedrock.amazonaws.com", "InvokeModelWithResponseStream", true, false, "1.10", nullptr, "bedrock-runtime.{{@region}}.amazonaws.com", "{\"modelId\":\"{{model}}\"}", nullptr, nullptr, nullptr, nullptr},
};

struct ServiceStyle {
  const char* source;
  const char* iam_prefix;
  DeniedStyle denied;
  bool global;
};
constexpr ServiceStyle kStyles[] = {
    {"iam.amazonaws.com", "iam", DeniedStyle::kQuery, true},
    {"sts.amazonaws.com", "sts", DeniedStyle::kQuery, false},
    {"signin.amazonaws.com", "signin", DeniedStyle::kQuery, false},
    {"sso.amazonaws.com", "sso", DeniedStyle::kJson, false},
    {"ec2.amazonaws.com", "ec2", DeniedStyle::kEc2, false},
    {"s3.amazonaws.com", "s3", DeniedStyle::kS3, false},
    {"kms.amazonaws.com", "kms", DeniedStyle::kJson, false},
    {"ssm.amazonaws.com", "ssm", DeniedStyle::kJson, false},
    {"secretsmanager.amazonaws.com", "secretsmanager", DeniedStyle::kJson, false},
    {"logs.amazonaws.com", "logs", DeniedStyle::kJson, false},
    {"lambda.amazonaws.com", "lambda", DeniedStyle::kQuery, false},
    {"cloudformation.amazonaws.com", "cloudformation", DeniedStyle::kQuery, false},
    {"ecr.amazonaws.com", "ecr", DeniedStyle::kJson, false},
    {"events.amazonaws.com", "events", DeniedStyle::kJson, false},
    {"cloudtrail.amazonaws.com", "cloudtrail", DeniedStyle::kJson, false},
    {"guardduty.amazonaws.com", "guardduty", DeniedStyle::kJson, false},
    {"organizations.amazonaws.com", "organizations", DeniedStyle::kJson, true},
    {"ses.amazonaws.com", "ses", DeniedStyle::kQuery, false},
    {"servicequotas.amazonaws.com", "servicequotas", DeniedStyle::kJson, false},
    {"ce.amazonaws.com", "ce", DeniedStyle::kJson, true},
    {"cloudcontrolapi.amazonaws.com", "cloudformation", DeniedStyle::kJson, false},
    {"config.amazonaws.com", "config", DeniedStyle::kJson, false},
    {"rds.amazonaws.com", "rds", DeniedStyle::kQuery, false},
    {"backup.amazonaws.com", "backup", DeniedStyle::kJson, false},
    {"bedrock.amazonaws.com", "bedrock", DeniedStyle::kJson, false},
};

std::string ActionName(std::string_view name) {
  // Lambda appends API versions: CreateFunction20150331, AddPermission20150331v2.
  size_t cut = name.size();
  for (size_t i = 0; i + 8 <= name.size(); ++i) {
    bool digits = true;
    for (size_t k = 0; k < 8; ++k) digits = digits && name[i + k] >= '0' && name[i + k] <= '9';
    if (digits) { cut = i; break; }
  }
  return std::string(name.substr(0, cut));
}

struct Catalog {
  std::map<std::string, std::unique_ptr<Api>, std::less<>> by_key;
  Catalog() {
    for (const ApiSpec& s : kApis) {
      auto api = std::make_unique<Api>();
      api->spec = &s;
      std::string svc(s.source);
      svc = svc.substr(0, svc.find('.'));
      api->host = JsonTemplate(s.host ? s.host : (svc + ".{{@region}}.amazonaws.com").c_str());
      if (s.request) api->request = JsonTemplate(s.request);
      if (s.response) api->response = JsonTemplate(s.response);
      if (s.resources) api->resources = JsonTemplate(s.resources);
      if (s.additional) api->additional = JsonTemplate(s.additional);
      std::string prefix = svc;
      for (const ServiceStyle& st : kStyles) {
        if (std::string_view(st.source) == s.source) {
          prefix = st.iam_prefix;
          api->denied = st.denied;
          api->global = st.global;
        }
      }
      api->iam_action = prefix + ":" + ActionName(s.name);
      by_key[std::string(s.source) + "|" + s.name] = std::move(api);
    }
  }
};

const Catalog& TheCatalog() {
  static const Catalog* c = new Catalog();
  return *c;
}

}  // namespace

bool HasApi(std::string_view source, std::string_view name) {
  std::string k(source);
  k += '|';
  k += name;
  return TheCatalog().by_key.count(k) > 0;
}

const Api& FindApi(std::string_view source, std::string_view name) {
  std::string k(source);
  k += '|';
  k += name;
  auto it = TheCatalog().by_key.find(k);
  if (it == TheCatalog().by_key.end()) {
    std::fprintf(stderr, "credtrace simulate: no API row for %s %s\n", k.c_str(), "");
    std::abort();
  }
  return *it->second;
}

}  // namespace credtrace::sim
