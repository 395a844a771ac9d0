#include "respond/plan.h"

namespace credtrace::respond {

const char* PhaseName(Phase p) {
  switch (p) {
    case Phase::kContain: return "contain";
    case Phase::kEradicate: return "eradicate";
    case Phase::kRecover: return "recover";
  }
  return "?";
}

}  // namespace credtrace::respond
