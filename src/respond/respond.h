// Response plans from a saved investigation (docs/RESPONSE.md). The planners read the documented
// investigation JSON (investigation.h) and return a Plan (plan.h); nothing is executed here.
// Plans are deterministic: the same investigation and `at` give the same steps, IDs and bytes.
#pragma once

#include <string>

#include "base/status.h"
#include "respond/investigation.h"
#include "respond/plan.h"

namespace credtrace::respond {

struct PlanOptions {
  std::string at;        // containment time, ISO 8601 UTC ("2024-11-05T10:00:00Z"); required
  std::string case_dir;  // recorded in the plan and used in snapshot descriptions
};

// The containment plan: for every credential of the investigation the containment its kind needs
// (aws-ir-facts.md §3.2), ordered so that no credential can undo another's containment: deny
// policies first, then key deactivation and login-profile removal, then the attacker's grants,
// then instances and functions. Nothing in it deletes a resource. Fails only on a bad `at`.
Result<Plan> PlanContainment(const Investigation& inv, const PlanOptions& opt);

// The eradication plan: remove what the attacker created (resources[] with action "created",
// the credentials they minted, the shares and openings they made), dependents before the things
// they depend on, forensic copies first where the resource is evidence. Destructive steps are
// marked.
Result<Plan> PlanEradication(const Investigation& inv, const PlanOptions& opt);

// The recovery plan (recover.cc): for what the attacker changed, the previous state as the logs
// show it and the commands that restore it; for what they deleted, the last known configuration
// and how to restore it; the secrets and parameters they read, to rotate; the data they read, to
// assess; the owners whose credentials containment cut, to re-issue. Steps whose previous state
// the logs do not show are manual, with what is known.
Result<Plan> PlanRecovery(const Investigation& inv, const PlanOptions& opt);

}  // namespace credtrace::respond
