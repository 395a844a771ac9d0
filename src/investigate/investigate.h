// `credtrace investigate`: from seeds (a key, a principal, a finding) to every credential in the
// attacker's hands, every event made with them (attributed, classified), every resource touched.
//
// The loop (docs/INVESTIGATION.md): each credential found is a node; its events since its
// compromise are read from the case's indexes; the events the attacker (or an unknown caller)
// made are matched against the lineage table (lineage_rules.h); every new credential they gave
// is added and followed in turn, until nothing new appears. Then the attacker's networks are
// looked up for other credentials used from them (the infrastructure pivot).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "investigate/evidence.h"
#include "investigate/finding.h"
#include "investigate/model.h"

namespace credtrace::investigate {

struct Options {
  std::vector<Seed> seeds;           // kind "key" or "principal"; findings are turned into these
  std::optional<TimeMs> since;       // compromise time given by the responder (all seeds)
  std::optional<TimeMs> until;       // ignore events after
  bool follow_infrastructure = false;
  // Optional "network,asn,name" lines (CIDR, AS number, organisation) to name attacker networks.
  std::string asn_db_text;
  size_t max_credentials = 100000;   // a bound on the closure (hostile input)
  size_t max_events = 2000000;       // a bound on the events kept (about 1 KiB each)
};

// Seeds from findings: each finding with a key or a principal becomes a seed, with the finding's
// first-seen time as the compromise time.
std::vector<Seed> SeedsFromFindings(const std::vector<Finding>& findings, std::string_view file);

Result<Investigation> Investigate(Evidence& evidence, const Options& options);

}  // namespace credtrace::investigate
