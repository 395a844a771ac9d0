// What the case shows, gathered once for the runbook, the stakeholders and the report: the case
// file's state (case_file.h), the evidence (case database), the saved investigation, the plan
// executor's journal and the last verification. Missing pieces are simply absent (a case early in
// its life has no investigation); a piece that exists but cannot be read is an error, since
// the runbook would otherwise say "not done" about something that was done.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "casefile/case_file.h"
#include "respond/investigation.h"

namespace credtrace::casefile {

struct EvidenceFacts {
  uint64_t sources = 0, events = 0, records = 0, duplicates = 0, rejected_records = 0;
  uint64_t files_with_problems = 0, bytes = 0;
  uint64_t s3_layout_sources = 0;  // under AWSLogs/<account>/CloudTrail/<region>/...
  uint64_t runs = 0;
  std::string first_event, last_event;  // ISO 8601, from the segments
  std::set<std::string> kinds;          // source kinds seen
};

// The executor's journal, per phase (contain, eradicate, recover).
struct PhaseExecution {
  size_t runs = 0;
  bool completed = false;                  // the last run ended "completed"
  std::set<std::string> steps_ok, steps_failed, steps_manual;  // step IDs
  std::set<std::string> credentials_ok;    // credentials of the steps that succeeded
  std::map<std::string, std::string> action_of_step;  // step ID -> action, for the steps seen
  std::string last_run, last_time, plan_hash;
  std::string at;                          // the containment time of the last run's plan
};

struct Facts {
  std::filesystem::path dir;
  State state;
  EvidenceFacts evidence;
  // investigation.json: the document and its parsed form (credentials, events, resources).
  std::optional<nlohmann::json> investigation_doc;
  std::optional<respond::Investigation> investigation;
  std::vector<nlohmann::json> journal;             // journal.jsonl's entries, in order (a torn last line left out)
  std::map<std::string, PhaseExecution> executed;  // by phase, from `journal`
  std::optional<nlohmann::json> verify;            // verify.json (the last `credtrace verify`)
  std::optional<nlohmann::json> cmdb_note;         // the CMDB record (path, sha256) when one was loaded
  std::filesystem::path cmdb_file;                 // the case's copy of it, empty when none
};

// Reads everything above from the case.
Result<Facts> GatherFacts(CaseFile& cf);

}  // namespace credtrace::casefile
