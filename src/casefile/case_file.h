// The case file: what the team knows and did, kept in the case as the work happens (issue 6,
// docs/CASEFILE.md). It is event-sourced from the case's chain of custody (store/custody.h):
// every change (the title, the phase, a runbook step done, a note, a stakeholder told) is one
// hash-chained entry, and the case file's state is the fold of those entries. There is no
// second copy to drift from the record, and every fact in the report can name the entry that
// established it.
//
// Opening a case file neither repairs nor locks the evidence: it is safe while an ingest runs.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "store/case_db.h"
#include "store/custody.h"

namespace credtrace::casefile {

// The phases of an incident (NIST SP 800-61 as the runbook names them), in order.
inline constexpr const char* kPhases[] = {"detect", "contain", "eradicate", "recover", "post-incident"};
// -1 when `phase` is not one of kPhases.
int PhaseIndex(std::string_view phase);

inline constexpr const char* kSeverities[] = {"informational", "low", "medium", "high", "critical"};
bool IsSeverity(std::string_view s);

// The fields `credtrace case init|set` keep. `summary` is the team's own words for the report.
inline constexpr const char* kMetaFields[] = {"title", "ticket", "severity", "impact", "detection", "summary", "lead"};
bool IsMetaField(std::string_view f);

// One entry of the chain, parsed.
struct Entry {
  int64_t seq = 0;
  std::string time, actor, type, hash;
  nlohmann::json body;  // an object; empty object when the stored text was not JSON
};

struct Stamp {  // who did it, when, and the entry that records it
  int64_t seq = 0;
  std::string time, actor;
};

struct MetaValue {
  std::string value;
  Stamp stamp;
};

struct PhaseChange {
  std::string phase, note;
  Stamp stamp;
};

struct StepMark {
  std::string step, status, note;  // status: done, n/a, blocked, todo (reopened)
  Stamp stamp;
};

struct Note {
  std::string kind;  // note, lesson, forensics, decision
  std::string text, step;
  Stamp stamp;
};

struct Notification {
  std::string contact, application, note;
  Stamp stamp;
};

// A file credtrace wrote into or beside the case, recorded with its hash: investigation, plan,
// verify, report, export, cmdb, finding.
struct Artifact {
  std::string type, path, sha256;
  nlohmann::json body;
  Stamp stamp;
};

struct CommandRecord {
  std::vector<std::string> argv;
  std::optional<int> exit;  // from its command-end entry
  double seconds = 0;
  Stamp stamp;
};

struct State {
  Stamp created;                               // the first entry
  std::map<std::string, MetaValue> meta;       // latest value per field
  std::vector<PhaseChange> phases;             // in order; the current phase is the last
  std::map<std::string, StepMark> steps;       // latest mark per runbook step
  std::vector<StepMark> step_history;
  std::vector<Note> notes;
  std::map<std::string, Notification> notified;  // latest per contact
  std::vector<Artifact> artifacts;             // in order
  std::vector<CommandRecord> commands;
  uint64_t evidence_entries = 0, evidence_sources = 0, evidence_bytes = 0;
  uint64_t journal_bytes = 0, journal_lines = 0;  // of journal.jsonl, recorded as "action" entries
  int64_t head_seq = 0;
  std::string head_hash;

  std::string Meta(std::string_view field) const;
  std::string Phase() const;  // "detect" until a phase is set
  // The last artifact of `type` (and, when given, whose body's "phase" is `phase`), or null.
  const Artifact* LastArtifact(std::string_view type, std::string_view phase = "") const;
};

// Folds entries into the state (pure: tests build entries by hand).
State Fold(const std::vector<Entry>& entries);

class CaseFile {
 public:
  // Opens the case file of the case in `dir` (which must be a case: credtrace-case.json).
  static Result<std::unique_ptr<CaseFile>> Open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  store::CaseDb& db() { return *db_; }

  // Appends an entry (body: a JSON object; strings from logs are fine, they are escaped as JSON).
  Result<store::CustodyEntry> Record(std::string_view type, const nlohmann::json& body);
  // Records a file credtrace wrote (its SHA-256 is computed here) as an artifact entry of `type`,
  // with `body` fields added. `path` is stored relative to the case when it is inside it.
  Result<store::CustodyEntry> RecordFile(std::string_view type, const std::filesystem::path& path,
                                         nlohmann::json body = nlohmann::json::object());

  // Writes `data` to `path` atomically and records it (as RecordFile does) after the new content
  // is durable and before it replaces the old: a process killed in between leaves the old file
  // and a record that `case verify` explains.
  Status WriteRecorded(std::string_view type, const std::filesystem::path& path, std::string_view data,
                       nlohmann::json body = nlohmann::json::object());

  Result<std::vector<Entry>> Entries();
  Result<State> Load();

  // Records the journal lines (journal.jsonl, written by the plan executor) that the chain does
  // not hold yet, one "action" entry each with the line's SHA-256; a torn last line is left for
  // later. Returns how many were added.
  Result<size_t> SyncJournal();

 private:
  CaseFile() = default;
  std::filesystem::path dir_;
  std::unique_ptr<store::CaseDb> db_;
};

// Parses an entry's stored text (kCorrupt when it is not an entry object).
Result<Entry> ParseEntry(const store::CustodyEntry& e);

// `path` relative to `dir` when it is inside it, else as given (absolute when it can be).
std::string CaseRelative(const std::filesystem::path& dir, const std::filesystem::path& path);

}  // namespace credtrace::casefile
