// The GuardDuty finding a scenario starts from, as a responder saves it with
// `aws guardduty get-findings` ({"Findings":[...]} with the SDK's PascalCase names, which the CLI
// prints; aws-ir-facts.md §4.1 has the fields). It is made from the answer key's attacker events
// with the finding's key, so that it agrees with the logs: EventFirstSeen / EventLastSeen are the
// first and last of them, Count is their number, the action (API, service, address, network,
// user agent) is the first one's, the region is where that call was logged.
#pragma once

#include <cstdint>
#include <string>

#include "sim/ground_truth.h"

namespace credtrace::sim {

// The file's text; "" when the key has no attacker event (GuardDuty would have seen nothing).
// Deterministic: the finding ID and the publishing delays come from `seed` and the scenario.
std::string GuardDutyFindingJson(const TruthFinding& f, const GroundTruth& gt, uint64_t seed);

}  // namespace credtrace::sim
