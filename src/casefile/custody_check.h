// `credtrace case verify`: is the case what the chain of custody says it is? Checks, in order:
//   1. the chain itself: entries numbered 1..N with no gap, each naming the previous entry's hash,
//      each hash the SHA-256 of what it covers (store/custody.h);
//   2. an anchor, when given: the head hash written down elsewhere (the ticket, the report, the
//      export) is still in the chain, so a chain cut short or rebuilt from some point is caught;
//   3. the evidence: every source in the case database is covered by the "evidence" entry that
//      recorded it (same list hash, same count), and every stored file's bytes still hash to its
//      recorded SHA-256 (the evidence packs are re-read);
//   4. the journal of executed actions: every line the chain recorded still has its hash, and the
//      journal was not cut;
//   5. the files credtrace wrote into the case (investigation, verify, CMDB, findings): each still
//      has the hash of its last record.
// A problem is either `tampered` (the case differs from its record) or a `warning` (something is
// not recorded yet, or a file outside the case has moved).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "casefile/case_file.h"

namespace credtrace::casefile {

struct CheckProblem {
  std::string level;  // "tampered" or "warning"
  int64_t seq = 0;    // the entry concerned, 0 when none
  std::string what;
};

struct CheckOptions {
  bool hash_evidence = true;  // re-read and hash every stored evidence file (step 3's bytes)
  std::string anchor;         // a head hash (64 hex), optionally "SEQ:HASH"; empty: no anchor check
  // Called with (bytes hashed, bytes to hash) while the evidence is re-read.
  std::function<void(uint64_t, uint64_t)> progress;
};

struct CheckReport {
  uint64_t entries = 0;
  int64_t head_seq = 0;
  std::string head_hash;
  uint64_t sources = 0, sources_hashed = 0, bytes_hashed = 0;
  uint64_t journal_lines = 0, artifacts = 0;
  bool anchor_found = false;
  std::vector<CheckProblem> problems;
  bool Tampered() const;
};

Result<CheckReport> CheckCase(CaseFile& cf, const CheckOptions& opt);

}  // namespace credtrace::casefile
