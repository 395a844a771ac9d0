// The ways AWS mints credentials or opens access, as one table (aws-ir-facts.md §2). An
// investigation follows every credential in the attacker's hands through this table until no
// new credential appears: each row says which event gives a new credential, where the new
// credential's identifier is in the record, and what kind of credential it is. The "follow"
// mechanism is one of a few shapes (a key in the response, a user's password, sessions a service
// later opens for an instance or a function...), implemented once each in closure.cc.
#pragma once

#include <span>
#include <string_view>

#include "investigate/model.h"

namespace credtrace::investigate {

enum class Follow : uint8_t {
  kIssuedKey,        // the new key is in the record (STS credentials, CreateAccessKey)
  kLoginProfile,     // a console password for a user: its ConsoleLogin events are its uses
  kConsoleLogin,     // a successful sign-in opens a console session (its own ASIA key)
  kSigninToken,      // temporary credentials exchanged for a console session
  kInstanceProfile,  // instances given a role: the sessions EC2 then opens for them
  kLambdaFunction,   // functions created or changed: the sessions Lambda then opens for them
  kTrustPolicy,      // a role's trust opened to outside principals: the sessions they then open
  kInstanceAccess,   // SSM or EC2 Instance Connect on instances: their role sessions used elsewhere
  kRolesAnywhere,    // a trust anchor or profile: the sessions Roles Anywhere then opens
  kGrant,            // access opened to an existing principal (policy, group): no new credential
  kFederationProvider,  // a SAML/OIDC provider the attacker controls: the sessions minted through it
};
std::string_view FollowName(Follow f);

struct LineageRule {
  std::string_view id;            // stable name, used in output ("how") and docs
  std::string_view event_source;  // e.g. "sts.amazonaws.com"
  std::string_view event_name;    // exact, or a prefix ending in '*' (Lambda's versioned names);
                                  // several separated by spaces
  Follow follow;
  CredKind kind;                  // kind of the new credential
  std::string_view key_path;      // where the new key ID is (kIssuedKey)
  std::string_view principal_path;// where the new credential's principal ARN is ("" = see follow)
  std::string_view target_path;   // the user, instance, function or role acted on (for
                                  // federation-provider: the STS call the provider enables)
  std::string_view doc;           // one line for docs/INVESTIGATION.md and `how`
};

std::span<const LineageRule> LineageRules();
// The rules an event matches (several rows may share an event name), by source and name.
std::vector<const LineageRule*> RulesFor(std::string_view event_source, std::string_view event_name);
// True when `event_name` can match any rule: a cheap filter before fetching a record.
bool IsLineageEventName(std::string_view event_name);

}  // namespace credtrace::investigate
