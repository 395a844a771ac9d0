// The chain of custody of a case (docs/CASE_FORMAT.md, "custody"): an append-only, hash-chained
// log in the case database. Every entry records one thing done to the case (evidence added, a
// command run, an investigation saved, a plan written, an action carried out on AWS, a note);
// each names the hash of the entry before it, so that changing, removing or inserting an entry
// breaks the chain from there on (`credtrace case verify`).
//
// An entry is stored as the exact JSON text that is hashed:
//   entry := {"seq":N,"time":"<ISO 8601 ms>","actor":"<who>","type":"<type>","body":{...}}
//   hash  := lower-case hex SHA-256 of  prev "\n" entry   (prev: the previous entry's hash, or 64
//            zeros for the first)
// so that anyone can check it with sqlite3 and sha256sum, without credtrace.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/case_db.h"

namespace credtrace::store {

inline constexpr std::string_view kCustodyGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct CustodyEntry {
  int64_t seq = 0;
  std::string entry;  // the JSON text, as hashed
  std::string prev;   // the previous entry's hash
  std::string hash;
};

// hex SHA-256 of prev "\n" entry.
std::string CustodyHash(std::string_view prev, std::string_view entry);

// The entry text for these fields. `body_json` must be a compact JSON object (the caller's
// responsibility: it is written as is).
std::string CustodyEntryText(int64_t seq, std::string_view time, std::string_view actor,
                             std::string_view type, std::string_view body_json);

// Appends an entry. Must be called inside a write transaction on `db` (BEGIN IMMEDIATE), so that
// reading the last hash and inserting the new entry are one step even with several processes on
// the case. `time` is ISO 8601 UTC with milliseconds.
Result<CustodyEntry> AppendCustodyInTransaction(sqlite3* db, std::string_view type, std::string_view actor,
                                                std::string_view body_json);

// Every entry, in order.
Result<std::vector<CustodyEntry>> ReadCustody(sqlite3* db);

// The hash that an "evidence" entry gives of the sources it records: hex SHA-256 of one line per
// source, in id order: id TAB sha256 TAB size TAB path-as-JSON-string LF. Tampering with a
// source's row in the database (its hash, size or path) changes it.
std::string EvidenceListHash(const std::vector<SourceRecord>& sources);

// The body of the "evidence" entry for sources committed together.
std::string EvidenceEntryBody(const std::vector<SourceRecord>& sources, int64_t run_id);

}  // namespace credtrace::store
