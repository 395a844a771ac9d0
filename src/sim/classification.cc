#include "sim/classification.h"

namespace credtrace::sim {

namespace {

struct Row {
  const char* name;        // eventName, or a prefix ending in '*'
  const char* categories;  // space separated
  const char* techniques;  // space separated
};

// First matching row wins; order specific names before prefixes.
constexpr Row kRows[] = {
    {"GetCallerIdentity", "recon", "T1087.004"},
    {"GetAccountAuthorizationDetails", "recon", "T1087.004 T1069.003"},
    {"ListUsers", "recon", "T1087.004"},
    {"ListRoles", "recon", "T1087.004"},
    {"ListGroups", "recon", "T1069.003"},
    {"ListAttached*", "recon", "T1069.003"},
    {"ListAccessKeys", "recon", "T1087.004"},
    {"ListBuckets", "recon", "T1619"},
    {"ListObjects", "recon", "T1619"},
    {"GetBucket*", "recon", "T1619"},
    {"GetObject", "data-access exfiltration", "T1530"},
    {"HeadObject", "recon", "T1619"},
    {"GetSecretValue", "data-access credential-access", "T1555.006"},
    {"GetParameter*", "data-access credential-access", "T1555.006"},
    {"ListSecrets", "recon", "T1526"},
    {"DescribeParameters", "recon", "T1526"},
    {"ConsoleLogin", "identity initial-access", "T1078.004"},
    {"GetSigninToken", "identity persistence", "T1550.001"},
    {"AssumeRole*", "identity lateral-movement", "T1078.004 T1548.005"},
    {"GetFederationToken", "identity persistence", "T1078.004 T1550.001"},
    {"GetSessionToken", "identity persistence", "T1550.001"},
    {"CreateUser", "identity persistence resource-creation", "T1136.003"},
    {"CreateAccessKey", "identity persistence", "T1098.001"},
    {"UpdateAccessKey", "identity persistence modification", "T1098.001"},
    {"CreateLoginProfile", "identity persistence", "T1098.001"},
    {"UpdateLoginProfile", "identity persistence privilege-escalation", "T1098.001"},
    {"Attach*Policy", "identity privilege-escalation", "T1098.003"},
    {"Put*Policy", "identity privilege-escalation", "T1098.003"},
    {"CreateRole", "identity persistence resource-creation", "T1098.003"},
    {"UpdateAssumeRolePolicy", "identity persistence", "T1098.003"},
    {"CreateInstanceProfile", "identity privilege-escalation resource-creation", "T1098.003"},
    {"AddRoleToInstanceProfile", "identity privilege-escalation", "T1098.003"},
    {"CreateKeyPair", "identity persistence resource-creation", "T1098.004"},
    {"CreateSecurityGroup", "resource-creation", "T1578"},
    {"AuthorizeSecurityGroupIngress", "modification defense-evasion", "T1562.007"},
    {"RunInstances", "resource-creation impact", "T1578.002 T1496.001"},
    {"RequestServiceQuotaIncrease", "resource-creation impact", "T1496.001"},
    {"GetServiceQuota", "recon", "T1526"},
    {"StopLogging", "defense-evasion", "T1562.008"},
    {"DeleteTrail", "defense-evasion deletion", "T1562.008"},
    {"DeleteFlowLogs", "defense-evasion deletion", "T1562.008"},
    {"DeleteDetector", "defense-evasion deletion", "T1562.001"},
    {"DescribeTrails", "recon", "T1526"},
    {"GetTrailStatus", "recon", "T1526"},
    {"LookupEvents", "recon", "T1526"},
    {"ListDetectors", "recon", "T1526"},
    {"ListFindings", "recon", "T1526"},
    {"GetFindings", "recon", "T1526"},
    {"ModifySnapshotAttribute", "modification exfiltration", "T1537"},
    {"TerminateInstances", "deletion impact", "T1485"},
    {"DeleteSnapshot", "deletion impact", "T1485 T1490"},
    {"DeleteVolume", "deletion impact", "T1485"},
    {"DeregisterImage", "deletion impact", "T1485 T1490"},
    {"DeleteDBInstance", "deletion impact", "T1485"},
    {"DeleteDBSnapshot", "deletion impact", "T1485 T1490"},
    {"DeleteBucket", "deletion impact", "T1485"},
    {"DeleteObject", "deletion impact", "T1485"},
    {"PutBucketVersioning", "modification defense-evasion impact", "T1490"},
    {"DeleteRecoveryPoint", "deletion impact", "T1490"},
    {"DeleteBackupVault", "deletion impact", "T1490"},
    {"DeleteAccessKey", "deletion defense-evasion", "T1070"},
    {"DeleteLoginProfile", "deletion defense-evasion", "T1070"},
    {"DeleteUser", "deletion defense-evasion", "T1070"},
    {"Detach*Policy", "deletion defense-evasion", "T1070"},
    {"InvokeModel*", "data-access impact", "T1496.004"},
    {"GetModelInvocationLoggingConfiguration", "recon defense-evasion", "T1526"},
    {"ListFoundationModel*", "recon", "T1526"},
    {"GetFoundationModelAvailability", "recon", "T1526"},
    {"PutUseCaseForModelAccess", "resource-creation impact", "T1496.004"},
    {"CreateFoundationModelAgreement", "resource-creation impact", "T1496.004"},
    {"PutFoundationModelEntitlement", "resource-creation impact", "T1496.004"},
    {"CreateFunction*", "resource-creation persistence", "T1648"},
    {"CreateFunctionUrlConfig*", "identity persistence", "T1648"},
    {"AddPermission*", "identity persistence modification", "T1648"},
    {"UpdateFunctionCode*", "modification persistence", "T1648"},
    {"PutRule", "resource-creation persistence", "T1648"},
    {"PutTargets", "modification persistence", "T1648"},
    {"GetSendQuota", "recon", "T1526"},
    {"ListIdentities", "recon", "T1526"},
    {"GetAccount", "recon", "T1526"},
    {"DescribeOrganization", "recon", "T1087.004"},
    {"ListAccounts", "recon", "T1087.004"},
    {"GetCostAndUsage", "recon", "T1526"},
    {"Describe*", "recon", "T1580"},
    {"List*", "recon", "T1526"},
    {"Get*", "recon", "T1526"},
};

std::vector<std::string_view> Split(const char* s) {
  std::vector<std::string_view> out;
  std::string_view v(s);
  while (!v.empty()) {
    size_t sp = v.find(' ');
    out.push_back(v.substr(0, sp));
    if (sp == std::string_view::npos) break;
    v.remove_prefix(sp + 1);
  }
  return out;
}

bool Matches(std::string_view pattern, std::string_view name) {
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == name;
  std::string_view pre = pattern.substr(0, star), post = pattern.substr(star + 1);
  return name.size() >= pre.size() + post.size() && name.substr(0, pre.size()) == pre &&
         name.substr(name.size() - post.size()) == post;
}

}  // namespace

Classification Classify(std::string_view event_source, std::string_view event_name) {
  for (const Row& r : kRows) {
    if (Matches(r.name, event_name)) return {Split(r.categories), Split(r.techniques)};
  }
  return {{"modification"}, {}};
}

}  // namespace credtrace::sim
