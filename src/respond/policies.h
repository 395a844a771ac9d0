// The policy documents containment uses (aws-ir-facts.md §3.3), as compact JSON text. Values
// (times, session names) are inserted by the JSON library, so a hostile session name stays a
// JSON string.
#pragma once

#include <string>
#include <vector>

namespace credtrace::respond {

// §3.3 B: deny every action on every resource (the content of AWSDenyAll), for IR-DenyAll.
std::string DenyAllPolicy();

// §3.3 A: deny every request signed with temporary credentials issued before `at` (ISO 8601 UTC).
std::string RevokeOlderSessionsPolicy(const std::string& at);

// §3.3 D, on the role: deny the role's sessions whose name is one of `session_names` (an instance
// ID, a function name), whatever their issue time: "aws:userid" is "<role-id>:<session>", matched
// as "*:<session>" since the policy sits on the role itself.
std::string DenySessionNamesPolicy(const std::vector<std::string>& session_names);

// §3.3 C: a trust policy that lets no one assume the role (a single Deny for every principal).
std::string TrustLockdownPolicy();

}  // namespace credtrace::respond
