// Who must be told, and why (runbook part 1 step 7, part 3 step 5, part 4 step 2.a): the
// investigation's resources and compromised principals, with the tags the logs show, mapped to
// applications through the case's CMDB (cmdb.h); the owners and contacts of those applications;
// the contacts told about incidents whatever the application, when their condition holds; and
// whether each was told (`credtrace case notified`).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "casefile/cmdb.h"
#include "casefile/facts.h"

namespace credtrace::casefile {

struct ImpactedResource {
  ResourceRef ref;
  std::string why;                 // "read by the attacker", "compromised principal", ...
  std::vector<std::string> apps;   // application names, strongest match first
  std::vector<std::string> how;    // how each matched
};

struct Stakeholder {
  Contact contact;
  std::string key;                        // the email, else the name: what `case notified` records
  std::vector<std::string> applications;  // the impacted applications they answer for
  std::vector<std::string> why;           // in words, one reason a line
  bool notified = false;
  Notification notification;              // when notified
};

struct StakeholderView {
  bool cmdb = false;                     // the case holds a CMDB
  std::string cmdb_path, cmdb_sha256;
  std::vector<ImpactedResource> resources;
  std::vector<std::string> applications;  // impacted, in order of first match
  size_t unmapped = 0;                    // resources no application claims
  std::vector<Stakeholder> stakeholders;
  size_t notified = 0;
};

// Reads the case's CMDB copy (none: a view with cmdb = false and the resources unmapped).
Result<StakeholderView> ComputeStakeholders(const Facts& f);

// The same from a CMDB already parsed (tests).
StakeholderView ComputeStakeholders(const Facts& f, const Cmdb* cmdb);

// The stakeholder `name_or_email` names (case-insensitive), or null.
const Stakeholder* FindStakeholder(const StakeholderView& v, std::string_view name_or_email);

// The tags the investigation reports for a resource (`tags` as [{key, value}] or {key: value}).
std::vector<std::pair<std::string, std::string>> TagsOf(const nlohmann::json& resource);

}  // namespace credtrace::casefile
