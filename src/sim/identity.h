// userIdentity objects of every type (aws-ir-facts.md §1.4-§1.6), rendered once per
// credential and reused by every record made with it.
#pragma once

#include <string>
#include <string_view>

#include "base/time.h"

namespace credtrace::sim {

struct Identity {
  std::string type;     // IAMUser, AssumedRole, FederatedUser, Root, AWSService, AWSAccount, ...
  std::string account;  // the principal's account ("" for AWSService)
  std::string arn;      // the principal's ARN ("" when the record has none)
  std::string key;      // accessKeyId used to sign ("" when none)
  std::string json;     // the rendered userIdentity object
};

struct RoleRef {
  std::string account;
  std::string role_id;    // AROA...
  std::string name;
  std::string path = "/"; // "/aws-reserved/sso.amazonaws.com/eu-west-1/" etc.
  std::string Arn() const { return "arn:aws:iam::" + account + ":role" + path + name; }
};

struct SessionExtras {
  std::string ec2_role_delivery;     // "1.0" / "2.0" for instance-profile sessions
  std::string invoked_by;            // a service acting with the session (service-linked roles)
  std::string web_id_provider;       // web-identity sessions
  std::string source_identity;
  bool mfa = false;
};

Identity IamUserIdentity(const std::string& account, const std::string& user_id,
                         const std::string& user_name, const std::string& key);
// A console session of an IAM user: ASIA key, empty sessionIssuer (§1.5).
Identity IamUserConsoleIdentity(const std::string& account, const std::string& user_id,
                                const std::string& user_name, const std::string& key,
                                TimeMs created, bool mfa);
// GetSessionToken credentials of an IAM user: ASIA key, sessionIssuer = the user.
Identity IamUserSessionTokenIdentity(const std::string& account, const std::string& user_id,
                                     const std::string& user_name, const std::string& key,
                                     TimeMs created, bool mfa);
Identity RoleSessionIdentity(const RoleRef& role, const std::string& session,
                             const std::string& key, TimeMs created, const SessionExtras& x);
Identity FederatedUserIdentity(const std::string& account, const std::string& fed_name,
                               const std::string& key, const std::string& issuer_user_id,
                               const std::string& issuer_user_name, TimeMs created);
Identity RootIdentity(const std::string& account, const std::string& key, bool console,
                      TimeMs created, bool mfa);
Identity ServiceIdentity(const std::string& invoked_by);
Identity AwsAccountIdentity(const std::string& principal_id, const std::string& account);
Identity SamlUserIdentity(const std::string& principal_id, const std::string& user_name,
                          const std::string& provider);
Identity WebIdentityUserIdentity(const std::string& principal_id, const std::string& user_name,
                                 const std::string& provider);
Identity IdentityCenterUserIdentity(const std::string& account, const std::string& user_guid,
                                    const std::string& identity_store_arn,
                                    const std::string& credential_id);

}  // namespace credtrace::sim
