#include "investigate/model.h"

namespace credtrace::investigate {

std::string_view KindName(CredKind k) {
  switch (k) {
    case CredKind::kAccessKey: return "access-key";
    case CredKind::kConsolePassword: return "console-password";
    case CredKind::kConsoleSession: return "console-session";
    case CredKind::kRoleSession: return "role-session";
    case CredKind::kInstanceProfileSession: return "instance-profile-session";
    case CredKind::kLambdaSession: return "lambda-session";
    case CredKind::kFederationToken: return "federation-token";
    case CredKind::kSessionToken: return "session-token";
  }
  return "?";
}

std::string_view AttributionName(Attribution a) {
  switch (a) {
    case Attribution::kAttacker: return "attacker";
    case Attribution::kOwner: return "owner";
    case Attribution::kUnknown: return "unknown";
  }
  return "?";
}

}  // namespace credtrace::investigate
