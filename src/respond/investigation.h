// The saved investigation (`<case>/investigation.json`, docs/INVESTIGATION_SCHEMA.md) as the
// response layer reads it: only the fields plans need. The response layer depends on this
// documented contract, not on the investigate engine's types. Fields of the wrong type are read
// as absent: the file may have been edited by hand, and its values come from the attacker's logs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace credtrace::respond {

struct InvCredential {
  std::string id, access_key_id, principal_arn, kind, parent, created_by_event_id, compromised_since;
  std::string how;
};

struct InvEvent {
  std::string event_id, event_time, event_source, event_name, region, account, access_key_id;
  std::string principal_arn, attribution, credential, error_code;
};

struct InvResource {
  std::string id, type, account, region, action, state_after;
  std::vector<std::string> event_ids, aspects, shared_with;
  std::string state_before, state_before_event_id;  // the last state the logs show before the attacker
  double bytes = -1;                                // bytes read, when logged
};

// context.principalUsage: who else used a compromised role or user in the case (7 days).
struct InvUsage {
  std::string principal_arn, kind, from, to, last_other_use;
  long long events = 0, other_events = 0;
  std::vector<std::string> other_sessions, other_keys;
};

struct InvGrant {
  std::string rule, event_id, target, credential, time;
};

struct Investigation {
  std::string schema, created;
  std::vector<InvCredential> credentials;
  std::vector<InvEvent> events;
  std::vector<InvResource> resources;
  std::vector<InvGrant> grants;
  std::vector<std::string> accounts;  // context.accountsTouched
  std::vector<InvUsage> usage;        // context.principalUsage
};

// Reads the document. Fails (kInvalidArgument) when it is not an object with the
// credtrace.investigation/ schema and a credentials[] array.
Result<Investigation> ReadInvestigation(const nlohmann::json& doc);

// The parts of an ARN (arn:partition:service:region:account:resource). Empty strings when the
// text is not an ARN.
struct Arn {
  std::string partition, service, region, account, resource;
};
Arn ParseArn(std::string_view arn);

// What an IAM/STS principal ARN names. kind is "user", "root", "assumed-role", "role",
// "federated-user" or "" (unknown); name is the user, role or federated user name (the last
// path element for users and roles); session is the role session name.
struct Principal {
  std::string kind, account, name, session;
};
Principal ParsePrincipal(std::string_view arn);

}  // namespace credtrace::respond
