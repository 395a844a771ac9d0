// Everything the case-file commands and the report show, computed once: the facts of the case,
// the stakeholders (from the case's CMDB) and the runbook's state.
#pragma once

#include "casefile/facts.h"
#include "casefile/runbook.h"
#include "casefile/stakeholders.h"

namespace credtrace::casefile {

struct Overview {
  Facts facts;
  StakeholderView stakeholders;
  RunbookView runbook;
};

// Reads the case (GatherFacts), maps the stakeholders and evaluates the runbook.
Result<Overview> LoadOverview(CaseFile& cf);

}  // namespace credtrace::casefile
