// The runbook as a checklist (docs/CASEFILE.md, "The runbook"): every step and sub-step of the
// five parts of the credential-leakage runbook (../shared/seeds/000_*.txt, after NIST SP
// 800-61r2), in credtrace's words. Each step is todo, done, n/a or blocked. Steps credtrace
// performs are decided from the case (the evidence ingested, the investigation, the plans, the
// journal, the verification, the CMDB) and say what shows it; steps a person must do are marked
// by `credtrace runbook done STEP`, and credtrace says what it prepared for them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "casefile/facts.h"
#include "casefile/stakeholders.h"

namespace credtrace::casefile {

// How credtrace decides a step (runbook.cc). kPerson: only a person can say it is done.
enum class Check {
  kPerson,
  kEvidence, kTicket, kImpact, kDetection, kCredentials, kSeedFromTicket, kSeedFromFinding, kCompromiseTime,
  kOtherChanges, kStakeholders, kNotified,
  kContainAll, kContainLongTerm, kContainShortTerm, kRevokeSessions, kContainEscalation, kVerify,
  kActionsRetrieved, kThirdPartyTool, kS3Logs, kQueryable, kActionsListed, kClassified, kDataAccess, kCreated,
  kIdentity, kPattern, kDeleted, kModified,
  kResourcesIdentified, kResourcesMapped, kOwnersNotified,
  kDerivedContained, kIterated, kDerivedFollowedUp, kEradicated, kToRecovery,
  kModifiedReplace, kRestored, kModifiedPerson, kDeletedApps, kDeletedPerson,
  kForensics, kLessons, kArtifacts,
};

struct RunbookStep {
  const char* id;       // "1.4.b": part, step, sub-step (letters), sub-sub-step (roman) as in the runbook
  const char* title;    // what it means, in credtrace's words
  const char* runbook;  // the runbook's own words, shortened
  Check check;
  const char* arg;      // kPattern: the eventName glob(s), '|'-separated; else ""
  const char* hint;     // what to run or do for it ("" when credtrace does it all)
};

// Every step, in runbook order; parents before their sub-steps. Part headings are the IDs
// "1".."5". IDs that are credtrace's own (no runbook number) end in ".0".
const std::vector<RunbookStep>& RunbookSteps();
const RunbookStep* FindStep(std::string_view id);
// The parent ID ("1.4.b" -> "1.4", "1.4" -> "1", "1" -> "").
std::string ParentStep(std::string_view id);

inline constexpr const char* kStepStatuses[] = {"todo", "done", "n/a", "blocked"};

struct StepStatus {
  const RunbookStep* step = nullptr;
  int depth = 0;                 // 0 for a part, 1 for a step, 2, 3 for sub-steps
  std::string status;            // todo, done, n/a, blocked
  bool automatic = false;        // decided by credtrace from the case (no person marked it)
  std::string by, time, note;    // the person's mark, when one was made
  std::string detail;            // what credtrace found or prepared for it
  std::vector<std::string> refs;  // what shows it: "custody #12", "investigation.json", eventIDs
  size_t leaves = 0, leaves_closed = 0;  // for parts and steps with sub-steps: done or n/a below
};

struct RunbookView {
  std::vector<StepStatus> steps;  // in RunbookSteps() order
  size_t done = 0, na = 0, blocked = 0, todo = 0;  // over leaf steps
  std::vector<size_t> next;  // indices in `steps` of the first open leaf steps, in order (at most 5)
};

// Evaluates every step against the case. `stakeholders` may be empty (no CMDB).
RunbookView EvaluateRunbook(const Facts& facts, const StakeholderView& stakeholders);

// credtrace.runbook/1 (docs/CASEFILE.md).
nlohmann::json RunbookToJson(const RunbookView& v, const Facts& facts);

}  // namespace credtrace::casefile
