#include "casefile/overview.h"

namespace credtrace::casefile {

Result<Overview> LoadOverview(CaseFile& cf) {
  Overview o;
  CT_ASSIGN_OR_RETURN(o.facts, GatherFacts(cf));
  CT_ASSIGN_OR_RETURN(o.stakeholders, ComputeStakeholders(o.facts));
  o.runbook = EvaluateRunbook(o.facts, o.stakeholders);
  return o;
}

}  // namespace credtrace::casefile
