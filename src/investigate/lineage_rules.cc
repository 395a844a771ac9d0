#include "investigate/lineage_rules.h"

#include <array>

namespace credtrace::investigate {

namespace {
using F = Follow;
using K = CredKind;

// clang-format off
constexpr LineageRule kRules[] = {
  // STS: the new temporary key is in responseElements.credentials (§2.2).
  {"sts-assume-role", "sts.amazonaws.com", "AssumeRole", F::kIssuedKey, K::kRoleSession,
   "responseElements.credentials.accessKeyId", "responseElements.assumedRoleUser.arn", "requestParameters.roleArn",
   "AssumeRole: a session of the role (role chaining when the caller is itself a role session)"},
  // AssumeRoleWithSAML / WithWebIdentity are signed by no key (the caller is the SAMLUser or
  // WebIdentityUser): an attacker reaches them by controlling the identity provider, so the
  // rule fires on the provider's creation or change and takes the sessions minted through it.
  {"sts-assume-role-saml", "iam.amazonaws.com", "CreateSAMLProvider UpdateSAMLProvider", F::kFederationProvider,
   K::kRoleSession, "responseElements.credentials.accessKeyId", "responseElements.assumedRoleUser.arn",
   "AssumeRoleWithSAML",
   "AssumeRoleWithSAML through a SAML provider the attacker created or rewrote: the sessions it then mints"},
  {"sts-assume-role-web-identity", "iam.amazonaws.com",
   "CreateOpenIDConnectProvider UpdateOpenIDConnectProviderThumbprint AddClientIDToOpenIDConnectProvider",
   F::kFederationProvider, K::kRoleSession, "responseElements.credentials.accessKeyId",
   "responseElements.assumedRoleUser.arn", "AssumeRoleWithWebIdentity",
   "AssumeRoleWithWebIdentity through an OIDC provider the attacker created or changed: the sessions it then mints"},
  {"sts-assume-root", "sts.amazonaws.com", "AssumeRoot", F::kIssuedKey, K::kRoleSession,
   "responseElements.credentials.accessKeyId", "", "requestParameters.targetPrincipal",
   "AssumeRoot: a short root session in a member account"},
  {"sts-get-session-token", "sts.amazonaws.com", "GetSessionToken", F::kIssuedKey, K::kSessionToken,
   "responseElements.credentials.accessKeyId", "", "",
   "GetSessionToken: temporary credentials of the same user (not revocable by deactivating the key)"},
  {"sts-get-federation-token", "sts.amazonaws.com", "GetFederationToken", F::kIssuedKey, K::kFederationToken,
   "responseElements.credentials.accessKeyId", "responseElements.federatedUser.arn", "requestParameters.name",
   "GetFederationToken: a federated-user session of up to 36 hours, usable for the console"},
  // IAM (§2.3).
  {"iam-create-access-key", "iam.amazonaws.com", "CreateAccessKey", F::kIssuedKey, K::kAccessKey,
   "responseElements.accessKey.accessKeyId", "", "responseElements.accessKey.userName",
   "CreateAccessKey: a new long-term key (for the caller, or for any user named in the request)"},
  {"iam-create-login-profile", "iam.amazonaws.com", "CreateLoginProfile", F::kLoginProfile, K::kConsolePassword,
   "", "", "requestParameters.userName",
   "CreateLoginProfile: a console password for a user (the password is not logged)"},
  {"iam-update-login-profile", "iam.amazonaws.com", "UpdateLoginProfile", F::kLoginProfile, K::kConsolePassword,
   "", "", "requestParameters.userName",
   "UpdateLoginProfile: a user's console password reset by the caller"},
  {"iam-update-access-key", "iam.amazonaws.com", "UpdateAccessKey", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.accessKeyId",
   "UpdateAccessKey: a key re-activated (or deactivated)"},
  {"iam-attach-user-policy", "iam.amazonaws.com", "AttachUserPolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.userName", "AttachUserPolicy: permissions added to a user"},
  {"iam-attach-role-policy", "iam.amazonaws.com", "AttachRolePolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.roleName", "AttachRolePolicy: permissions added to a role"},
  {"iam-attach-group-policy", "iam.amazonaws.com", "AttachGroupPolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.groupName", "AttachGroupPolicy: permissions added to a group"},
  {"iam-put-user-policy", "iam.amazonaws.com", "PutUserPolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.userName", "PutUserPolicy: an inline policy on a user"},
  {"iam-put-role-policy", "iam.amazonaws.com", "PutRolePolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.roleName", "PutRolePolicy: an inline policy on a role"},
  {"iam-put-group-policy", "iam.amazonaws.com", "PutGroupPolicy", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.groupName", "PutGroupPolicy: an inline policy on a group"},
  {"iam-create-policy-version", "iam.amazonaws.com", "CreatePolicyVersion", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.policyArn", "CreatePolicyVersion: a managed policy rewritten"},
  {"iam-set-default-policy-version", "iam.amazonaws.com", "SetDefaultPolicyVersion", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.policyArn", "SetDefaultPolicyVersion: a managed policy rolled to another version"},
  {"iam-add-user-to-group", "iam.amazonaws.com", "AddUserToGroup", F::kGrant, K::kAccessKey,
   "", "", "requestParameters.userName", "AddUserToGroup: a user inherits a group's permissions"},
  {"iam-create-role", "iam.amazonaws.com", "CreateRole", F::kTrustPolicy, K::kRoleSession,
   "", "", "requestParameters.assumeRolePolicyDocument",
   "CreateRole: a new role; if its trust names principals outside the case's accounts, their sessions"},
  {"iam-update-assume-role-policy", "iam.amazonaws.com", "UpdateAssumeRolePolicy", F::kTrustPolicy, K::kRoleSession,
   "", "", "requestParameters.policyDocument",
   "UpdateAssumeRolePolicy: a role's trust opened; the sessions outside principals then start"},
  // Console (§2.5).
  {"signin-console-login", "signin.amazonaws.com", "ConsoleLogin", F::kConsoleLogin, K::kConsoleSession,
   "", "", "", "ConsoleLogin: a console session (its calls carry their own ASIA key)"},
  {"signin-get-signin-token", "signin.amazonaws.com", "GetSigninToken", F::kSigninToken, K::kConsoleSession,
   "responseElements.credentials.accessKeyId", "", "",
   "GetSigninToken: temporary credentials exchanged for a console session"},
  // Compute-attached role credentials (§2.6).
  {"ec2-run-instances", "ec2.amazonaws.com", "RunInstances", F::kInstanceProfile, K::kInstanceProfileSession,
   "", "", "responseElements.instancesSet.items[].instanceId",
   "RunInstances with an instance profile: the role sessions EC2 opens for the instances"},
  {"ec2-associate-instance-profile", "ec2.amazonaws.com", "AssociateIamInstanceProfile", F::kInstanceProfile,
   K::kInstanceProfileSession, "", "", "requestParameters.AssociateIamInstanceProfileRequest.InstanceId",
   "AssociateIamInstanceProfile: a role given to an instance"},
  {"ec2-replace-instance-profile", "ec2.amazonaws.com", "ReplaceIamInstanceProfileAssociation", F::kInstanceProfile,
   K::kInstanceProfileSession, "", "", "responseElements.ReplaceIamInstanceProfileAssociationResponse.iamInstanceProfileAssociation.instanceId",
   "ReplaceIamInstanceProfileAssociation: an instance's role swapped"},
  {"lambda-create-function", "lambda.amazonaws.com", "CreateFunction*", F::kLambdaFunction, K::kLambdaSession,
   "", "", "requestParameters.functionName", "CreateFunction: the execution-role sessions of the new function"},
  {"lambda-update-function-code", "lambda.amazonaws.com", "UpdateFunctionCode*", F::kLambdaFunction, K::kLambdaSession,
   "", "", "requestParameters.functionName", "UpdateFunctionCode: the function's sessions run the attacker's code"},
  {"lambda-update-function-configuration", "lambda.amazonaws.com", "UpdateFunctionConfiguration*", F::kLambdaFunction,
   K::kLambdaSession, "", "", "requestParameters.functionName",
   "UpdateFunctionConfiguration: role, layers or environment changed; the function's later sessions"},
  // Reaching an instance reaches its role credentials (§2.7).
  {"ssm-send-command", "ssm.amazonaws.com", "SendCommand", F::kInstanceAccess, K::kInstanceProfileSession,
   "", "", "requestParameters.instanceIds[]", "SendCommand: commands on instances; their role sessions used elsewhere"},
  {"ssm-start-session", "ssm.amazonaws.com", "StartSession", F::kInstanceAccess, K::kInstanceProfileSession,
   "", "", "requestParameters.target", "StartSession: a shell on an instance; its role sessions used elsewhere"},
  {"ec2-instance-connect", "ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", F::kInstanceAccess,
   K::kInstanceProfileSession, "", "", "requestParameters.instanceId",
   "SendSSHPublicKey: SSH to an instance; its role sessions used elsewhere"},
  {"ec2-serial-console", "ec2-instance-connect.amazonaws.com", "SendSerialConsoleSSHPublicKey", F::kInstanceAccess,
   K::kInstanceProfileSession, "", "", "requestParameters.instanceId",
   "SendSerialConsoleSSHPublicKey: serial console on an instance; its role sessions used elsewhere"},
  // IAM Roles Anywhere (§2.8).
  {"rolesanywhere-create-trust-anchor", "rolesanywhere.amazonaws.com", "CreateTrustAnchor", F::kRolesAnywhere,
   K::kRoleSession, "", "", "", "CreateTrustAnchor: a CA the attacker holds can now obtain role sessions"},
  {"rolesanywhere-create-profile", "rolesanywhere.amazonaws.com", "CreateProfile", F::kRolesAnywhere,
   K::kRoleSession, "", "", "requestParameters.roleArns[]", "CreateProfile: roles reachable through Roles Anywhere"},
};
// clang-format on

bool OneNameMatches(std::string_view pattern, std::string_view name) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return name.substr(0, pattern.size()) == pattern;
  }
  return pattern == name;
}

// `patterns` is one name or several separated by spaces.
bool RuleNameMatches(std::string_view patterns, std::string_view name) {
  while (!patterns.empty()) {
    size_t sp = patterns.find(' ');
    if (OneNameMatches(patterns.substr(0, sp), name)) return true;
    if (sp == std::string_view::npos) break;
    patterns.remove_prefix(sp + 1);
  }
  return false;
}

}  // namespace

std::string_view FollowName(Follow f) {
  switch (f) {
    case F::kIssuedKey: return "issued-key";
    case F::kLoginProfile: return "login-profile";
    case F::kConsoleLogin: return "console-login";
    case F::kSigninToken: return "signin-token";
    case F::kInstanceProfile: return "instance-profile";
    case F::kLambdaFunction: return "lambda-function";
    case F::kTrustPolicy: return "trust-policy";
    case F::kInstanceAccess: return "instance-access";
    case F::kRolesAnywhere: return "roles-anywhere";
    case F::kGrant: return "grant";
    case F::kFederationProvider: return "federation-provider";
  }
  return "?";
}

std::span<const LineageRule> LineageRules() { return kRules; }

std::vector<const LineageRule*> RulesFor(std::string_view event_source, std::string_view event_name) {
  std::vector<const LineageRule*> out;
  for (const LineageRule& r : kRules) {
    if (r.event_source == event_source && RuleNameMatches(r.event_name, event_name)) out.push_back(&r);
  }
  return out;
}

bool IsLineageEventName(std::string_view event_name) {
  for (const LineageRule& r : kRules) {
    if (RuleNameMatches(r.event_name, event_name)) return true;
  }
  return false;
}

}  // namespace credtrace::investigate
