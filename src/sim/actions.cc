#include "sim/actions.h"

#include "sim/ids.h"

namespace credtrace::sim {

std::string ObjectKey(const Bucket& b, Rng* r) {
  static const char* kExt[] = {".csv.gz", ".json", ".parquet", ".pdf", ".json.gz"};
  return b.prefixes[r->Below(b.prefixes.size())] + std::to_string(2024) + "/" +
         std::to_string(r->Range(1, 12)) + "/" + Hex(r, 12) + kExt[r->Below(5)];
}

void FillBucket(const ActorCtx& c, Rng* r, Args* a) {
  const Bucket& b = c.world->buckets[c.bucket];
  a->Set("bucket", b.name);
  a->Set("prefix", b.prefixes[r->Below(b.prefixes.size())]);
  a->Set("bytes_out", std::to_string(r->Range(300, 9000)));
}

void FillObjectRead(const ActorCtx& c, Rng* r, Args* a) {
  const Bucket& b = c.world->buckets[c.bucket];
  a->Set("bucket", b.name);
  a->Set("key", ObjectKey(b, r));
  a->Set("bytes_out", std::to_string(r->Range(200, 4000000)));
}

void FillObjectWrite(const ActorCtx& c, Rng* r, Args* a) {
  const Bucket& b = c.world->buckets[c.bucket];
  a->Set("bucket", b.name);
  a->Set("key", ObjectKey(b, r));
  a->Set("bytes_in", std::to_string(r->Range(200, 2000000)));
}

namespace {

void FillKms(const ActorCtx& c, Rng* r, Args* a) {
  const Account& acct = c.world->accounts[c.account];
  a->Set("kms_key", acct.kms_key_arn);
  a->Set("context", "{\"aws:s3:arn\":\"arn:aws:s3:::" + c.world->buckets[c.bucket].name + "\"}");
}
void FillParam(const ActorCtx& c, Rng* r, Args* a) {
  static const char* kParams[] = {"db/host", "db/password", "feature-flags", "api/endpoint", "queue/url"};
  std::string app = c.function.empty() ? (c.instance.empty() ? "shared" : "app") : c.function;
  a->Set("param", "/" + app + "/" + kParams[r->Below(5)]);
  a->Set("path", "/" + app + "/");
}
void FillSecret(const ActorCtx& c, Rng* r, Args* a) {
  static const char* kSecrets[] = {"prod/db/credentials", "stripe/api-key", "sendgrid/api-key", "rds!db-" };
  const Account& acct = c.world->accounts[c.account];
  a->Set("secret", "arn:aws:secretsmanager:" + c.region + ":" + acct.id + ":secret:" +
                       kSecrets[r->Below(3)] + "-" + RandomChars(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 6));
}
void FillInstance(const ActorCtx& c, Rng* r, Args* a) {
  a->Set("instance", c.instance.empty() ? c.world->instances[r->Below(c.world->instances.size())].id : c.instance);
  std::string pip = c.private_ip.empty() ? "10.0.1.15" : c.private_ip;
  a->Set("pip", pip);
  std::string dash = pip;
  for (char& ch : dash) if (ch == '.') ch = '-';
  a->Set("pip_dash", dash);
}
void FillLogStream(const ActorCtx& c, Rng* r, Args* a) {
  if (!c.function.empty()) {
    a->Set("log_group", "/aws/lambda/" + c.function);
    a->Set("log_stream", IsoSeconds(c.time).substr(0, 10) + "/[$LATEST]" + Hex(r, 32));
  } else {
    a->Set("log_group", "/ec2/app/" + (c.instance.empty() ? std::string("shared") : c.instance));
    a->Set("log_stream", c.instance + "-" + Hex(r, 8));
  }
}
void FillUser(const ActorCtx& c, Rng* r, Args* a) {
  a->Set("user", c.user.empty() ? std::string("deploy-bot") : c.user);
  a->Set("user_req", "null");
}
void FillStack(const ActorCtx& c, Rng* r, Args* a) {
  a->Set("stack", std::string(kAppNames[r->Below(kAppNames.size())]) + "-stack");
}
void FillFunction(const ActorCtx& c, Rng* r, Args* a) {
  const auto& fns = c.world->functions;
  a->Set("fn", fns.empty() ? std::string("worker") : fns[r->Below(fns.size())].name);
}
void FillOwnerSelf(const ActorCtx& c, Rng* r, Args* a) { a->Set("owner", "self"); a->Set("all", "false"); }
void FillCost(const ActorCtx& c, Rng* r, Args* a) {
  std::string d = IsoSeconds(c.time).substr(0, 8);
  a->Set("period_start", d + "01");
  a->Set("period_end", IsoSeconds(c.time).substr(0, 10));
}
void FillTrail(const ActorCtx& c, Rng* r, Args* a) { a->Set("trail_arn", c.world->accounts[c.account].trail_arn); }
void FillType(const ActorCtx& c, Rng* r, Args* a) {
  static const char* kTypes[] = {"AWS::EC2::Instance", "AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::IAM::Role",
                                 "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::RDS::DBInstance", "AWS::ECS::Cluster"};
  a->Set("type_name", kTypes[r->Below(8)]);
}
void FillRoleName(const ActorCtx& c, Rng* r, Args* a) {
  const auto& roles = c.world->roles;
  a->Set("role", roles[r->Below(roles.size())].ref.name);
}
void FillDetector(const ActorCtx& c, Rng* r, Args* a) { a->Set("detector", c.world->accounts[c.account].detector_id); }
void FillItype(const ActorCtx& c, Rng* r, Args* a) { a->Set("itype", std::string(kAppInstanceTypes[r->Below(kAppInstanceTypes.size())])); }

}  // namespace

const Action& PickAction(const std::vector<Action>& table, Rng* rng) {
  int total = 0;
  for (const Action& a : table) total += a.weight;
  int x = static_cast<int>(rng->Below(static_cast<uint64_t>(total)));
  for (const Action& a : table) {
    if (x < a.weight) return a;
    x -= a.weight;
  }
  return table.back();
}

const std::vector<Action> kInstanceActions = {
    {"ssm.amazonaws.com", "UpdateInstanceInformation", 18, FillInstance, false},
    {"s3.amazonaws.com", "GetObject", 24, FillObjectRead, false},
    {"s3.amazonaws.com", "PutObject", 10, FillObjectWrite, false},
    {"s3.amazonaws.com", "HeadObject", 5, FillObjectRead, false},
    {"kms.amazonaws.com", "Decrypt", 8, FillKms, false},
    {"kms.amazonaws.com", "GenerateDataKey", 4, FillKms, false},
    {"ssm.amazonaws.com", "GetParameter", 8, FillParam, false},
    {"secretsmanager.amazonaws.com", "GetSecretValue", 5, FillSecret, false},
    {"ec2.amazonaws.com", "DescribeTags", 4, FillInstance, false},
    {"logs.amazonaws.com", "CreateLogStream", 3, FillLogStream, false},
    {"sts.amazonaws.com", "GetCallerIdentity", 2, nullptr, false},
};

const std::vector<Action> kFunctionActions = {
    {"logs.amazonaws.com", "CreateLogStream", 10, FillLogStream, false},
    {"s3.amazonaws.com", "GetObject", 25, FillObjectRead, false},
    {"s3.amazonaws.com", "PutObject", 20, FillObjectWrite, false},
    {"kms.amazonaws.com", "Decrypt", 10, FillKms, false},
    {"secretsmanager.amazonaws.com", "GetSecretValue", 8, FillSecret, false},
    {"ssm.amazonaws.com", "GetParameter", 8, FillParam, false},
};

const std::vector<Action> kDeveloperActions = {
    {"sts.amazonaws.com", "GetCallerIdentity", 6, nullptr, false},
    {"s3.amazonaws.com", "ListBuckets", 6, FillBucket, false},
    {"s3.amazonaws.com", "ListObjects", 10, FillBucket, false},
    {"s3.amazonaws.com", "GetObject", 8, FillObjectRead, false},
    {"s3.amazonaws.com", "PutObject", 4, FillObjectWrite, false},
    {"ec2.amazonaws.com", "DescribeInstances", 10, nullptr, false},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", 4, nullptr, false},
    {"ec2.amazonaws.com", "DescribeVpcs", 2, nullptr, false},
    {"ec2.amazonaws.com", "DescribeImages", 2, FillOwnerSelf, false},
    {"cloudformation.amazonaws.com", "DescribeStacks", 8, FillStack, false},
    {"lambda.amazonaws.com", "ListFunctions20150331", 4, nullptr, false},
    {"lambda.amazonaws.com", "GetFunction20150331v2", 3, FillFunction, false},
    {"logs.amazonaws.com", "CreateLogStream", 1, FillLogStream, false},
    {"ssm.amazonaws.com", "GetParameter", 4, FillParam, false},
    {"secretsmanager.amazonaws.com", "ListSecrets", 2, nullptr, false},
    {"rds.amazonaws.com", "DescribeDBInstances", 3, nullptr, false},
    {"iam.amazonaws.com", "GetUser", 2, FillUser, false},
    {"iam.amazonaws.com", "ListRoles", 2, nullptr, false},
    {"iam.amazonaws.com", "GetRole", 2, FillRoleName, false},
    {"kms.amazonaws.com", "Decrypt", 2, FillKms, false},
    {"cloudtrail.amazonaws.com", "LookupEvents", 1, nullptr, false},
    {"ce.amazonaws.com", "GetCostAndUsage", 1, FillCost, false},
    {"ec2.amazonaws.com", "DescribeInstanceTypes", 1, FillItype, false},
};

const std::vector<Action> kConsoleActions = {
    {"ec2.amazonaws.com", "DescribeInstances", 10, nullptr, false},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", 4, nullptr, false},
    {"ec2.amazonaws.com", "DescribeVolumes", 2, nullptr, false},
    {"ec2.amazonaws.com", "DescribeAccountAttributes", 2, nullptr, false},
    {"s3.amazonaws.com", "ListBuckets", 5, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketVersioning", 2, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketPolicy", 2, FillBucket, false},
    {"cloudformation.amazonaws.com", "DescribeStacks", 5, FillStack, false},
    {"lambda.amazonaws.com", "ListFunctions20150331", 3, nullptr, false},
    {"cloudtrail.amazonaws.com", "LookupEvents", 3, nullptr, false},
    {"rds.amazonaws.com", "DescribeDBInstances", 2, nullptr, false},
    {"iam.amazonaws.com", "ListRoles", 2, nullptr, false},
    {"guardduty.amazonaws.com", "ListDetectors", 1, nullptr, false},
    {"ce.amazonaws.com", "GetCostAndUsage", 1, FillCost, false},
};

const std::vector<Action> kConfigActions = {
    {"ec2.amazonaws.com", "DescribeInstances", 6, nullptr, true},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", 5, nullptr, true},
    {"ec2.amazonaws.com", "DescribeVpcs", 3, nullptr, true},
    {"ec2.amazonaws.com", "DescribeSubnets", 3, nullptr, true},
    {"ec2.amazonaws.com", "DescribeVolumes", 3, nullptr, true},
    {"iam.amazonaws.com", "GetRole", 3, FillRoleName, false},
    {"s3.amazonaws.com", "GetBucketAcl", 2, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketVersioning", 2, FillBucket, false},
    {"config.amazonaws.com", "PutEvaluations", 2, FillInstance, false},
    {"lambda.amazonaws.com", "ListFunctions20150331", 2, nullptr, true},
    {"rds.amazonaws.com", "DescribeDBInstances", 2, nullptr, true},
};

const std::vector<Action> kResourceExplorerActions = {
    {"cloudcontrolapi.amazonaws.com", "ListResources", 8, FillType, true},
    {"ec2.amazonaws.com", "DescribeFlowLogs", 1, nullptr, true},
    {"ec2.amazonaws.com", "DescribeInstances", 2, nullptr, true},
    {"rds.amazonaws.com", "DescribeDBSnapshots", 1, nullptr, true},
};

const std::vector<Action> kScannerActions = {
    {"iam.amazonaws.com", "GetAccountAuthorizationDetails", 2, nullptr, false},
    {"iam.amazonaws.com", "ListUsers", 2, nullptr, false},
    {"iam.amazonaws.com", "ListRoles", 2, nullptr, false},
    {"iam.amazonaws.com", "GetAccountSummary", 1, nullptr, false},
    {"ec2.amazonaws.com", "DescribeInstances", 4, nullptr, true},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", 4, nullptr, true},
    {"ec2.amazonaws.com", "DescribeSnapshots", 2, nullptr, true},
    {"ec2.amazonaws.com", "DescribeRegions", 1, FillOwnerSelf, false},
    {"ec2.amazonaws.com", "DescribeFlowLogs", 2, nullptr, true},
    {"s3.amazonaws.com", "ListBuckets", 2, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketPolicy", 3, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketAcl", 3, FillBucket, false},
    {"s3.amazonaws.com", "GetBucketPublicAccessBlock", 2, FillBucket, false},
    {"cloudtrail.amazonaws.com", "DescribeTrails", 2, nullptr, true},
    {"cloudtrail.amazonaws.com", "GetTrailStatus", 1, FillTrail, true},
    {"guardduty.amazonaws.com", "ListDetectors", 2, nullptr, true},
    {"kms.amazonaws.com", "Decrypt", 0, FillKms, false},
    {"secretsmanager.amazonaws.com", "ListSecrets", 2, nullptr, true},
    {"ssm.amazonaws.com", "DescribeParameters", 1, nullptr, true},
    {"lambda.amazonaws.com", "ListFunctions20150331", 2, nullptr, true},
    {"rds.amazonaws.com", "DescribeDBInstances", 2, nullptr, true},
    {"ses.amazonaws.com", "GetAccount", 1, nullptr, true},
    {"bedrock.amazonaws.com", "GetModelInvocationLoggingConfiguration", 1, nullptr, true},
    {"organizations.amazonaws.com", "DescribeOrganization", 1, nullptr, false},
    {"guardduty.amazonaws.com", "ListFindings", 1, FillDetector, false},
};

const std::vector<Action> kReadOnlyUserActions = kConsoleActions;

namespace {
void FillModel(const ActorCtx& c, Rng* r, Args* a) { a->Set("model", "anthropic.claude-3-haiku-20240307-v1:0"); }
}  // namespace

const std::vector<Action> kReportingActions = {
    {"s3.amazonaws.com", "ListObjects", 6, FillBucket, false},
    {"s3.amazonaws.com", "GetObject", 14, FillObjectRead, false},
    {"s3.amazonaws.com", "PutObject", 4, FillObjectWrite, false},
    {"kms.amazonaws.com", "Decrypt", 3, FillKms, false},
    {"sts.amazonaws.com", "GetCallerIdentity", 1, nullptr, false},
};

const std::vector<Action> kMlActions = {
    {"bedrock.amazonaws.com", "InvokeModel", 16, FillModel, false},
    {"s3.amazonaws.com", "GetObject", 4, FillObjectRead, false},
    {"s3.amazonaws.com", "PutObject", 3, FillObjectWrite, false},
    {"sts.amazonaws.com", "GetCallerIdentity", 1, nullptr, false},
};

}  // namespace credtrace::sim
