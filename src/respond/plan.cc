#include "respond/plan.h"

namespace credtrace::respond {

const char* PhaseName(Phase p) { return p == Phase::kContain ? "contain" : "eradicate"; }

}  // namespace credtrace::respond
