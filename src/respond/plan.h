// The response plan: ordered steps, each one action on one target, with the reason, the evidence,
// who else is affected, how to undo it and the AWS CLI commands as argv vectors. A plan is data:
// it is rendered as Markdown, JSON (docs/PLAN_SCHEMA.md) or a bash script (render.h), and never
// executed by this layer.
//
// Every value taken from the investigation (user, role and instance names, ARNs, key IDs) comes
// from logs the attacker wrote. It is kept as one argv element, never concatenated into code.
#pragma once

#include <string>
#include <vector>

namespace credtrace::respond {

inline constexpr const char* kPlanSchema = "credtrace.plan/1";

enum class Phase { kContain, kEradicate, kRecover };
const char* PhaseName(Phase p);  // "contain", "eradicate", "recover"

// A policy document a command needs, written as a file next to the script. `name` is made by the
// planner ([a-z0-9.-] only); `text` is the JSON document.
struct PolicyFile {
  std::string name;
  std::string text;
};

// An argv element the script fills in when it runs: the output of an earlier command (`capture`)
// or the path of a policy file (`policy`). argv[index] holds a readable stand-in
// (`<association-id of i-…>`, `file://revoke-sessions-001.json`).
struct ArgRef {
  size_t index = 0;
  std::string kind;  // "capture" or "policy"
  std::string name;  // the capture variable ([a-z0-9_]) or the policy file name
};

// One AWS CLI call. argv[0] is "aws". `capture`, when set, names a variable that receives the
// command's standard output (trimmed), for a later command's ArgRef; `query` commands that only
// read (inventory, look-ups) have `readOnly` set.
struct Command {
  std::vector<std::string> argv;
  std::vector<ArgRef> refs;
  std::string capture;
  bool read_only = false;
  // A failure is logged and the script goes on: the item may already be gone (removed by the
  // containment plan, or never there).
  bool may_fail = false;
};

struct Step {
  std::string id;         // "contain-003", "eradicate-012": stable for a given investigation
  Phase phase = Phase::kContain;
  std::string action;     // kind of action, e.g. "deactivate-access-key" (docs/PLAN_SCHEMA.md)
  std::string target;     // the credential ID or resource ID acted on
  std::string target_type;  // "access-key", "iam-user", "iam-role", "ec2-instance", ...
  std::string account;    // the account the commands must run in ("" when unknown)
  std::string region;     // the region for regional services; "" for IAM (global)
  std::string title;
  std::string reason;
  std::vector<std::string> evidence;     // eventIDs from the investigation
  std::vector<std::string> credentials;  // IDs of the credentials this step contains
  std::string blast_radius;
  std::vector<std::string> preserve_first;  // what to save before the step runs
  std::vector<Command> commands;
  std::vector<Command> undo;
  std::string undo_note;  // how to undo when no command can (or why it cannot be undone)
  bool destructive = false;
  std::vector<PolicyFile> policies;
  std::string stage;      // the ordering stage the step belongs to (plan.order explains them)
};

// Something a person must do: no API can, or it needs a decision (root, MFA, notification).
struct ManualStep {
  std::string id;  // "manual-01"
  std::string title;
  std::string detail;
  std::vector<std::string> evidence;
};

struct Plan {
  Phase phase = Phase::kContain;
  std::string case_dir;
  std::string at;             // the containment time T (ISO 8601) used in TokenIssueTime denies
  std::string investigation;  // the investigation's schema and creation time, for the record
  std::vector<std::string> order;  // the ordering stages with why, in words
  std::vector<Step> steps;
  std::vector<ManualStep> manual;
  std::vector<std::string> warnings;  // input the planner could not use, caveats
};

}  // namespace credtrace::respond
