// The case database (SQLite, WAL, synchronous=FULL): the manifest of sources, the list of
// committed segments and evidence packs, and the ingest runs. It is the commit point of an
// ingest: a source, a segment or a pack extent exists for credtrace only once its row is here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "base/time.h"

struct sqlite3;

namespace credtrace::store {

struct CustodyEntry;  // store/custody.h

struct SourceRecord {
  int64_t id = 0;
  std::string path;      // as given on the command line, joined with the file's place in a tree
  uint64_t size = 0;     // bytes of the file as received
  std::string sha256;    // of the bytes as received (matches the S3 object)
  int64_t pack = 0;      // evidence pack holding the bytes (0 when not stored)
  uint64_t pack_offset = 0;
  std::string kind;      // SourceKindName, or "unreadable"
  bool gzip = false;
  uint64_t records = 0;     // records found (events + duplicates)
  uint64_t events = 0;      // new events added to the store
  uint64_t duplicates = 0;  // records whose eventID was already in the case
  uint64_t rejected = 0;    // records that could not be taken
  uint64_t set_aside = 0;   // Insights records, digests, findings
  std::string status;       // ingested, partial, rejected, set-aside, empty, unreadable, duplicate-file
  std::string errors_json;  // [{"offset":N,"reason":"..."}...] (first 100)
  uint64_t error_count = 0;
  int64_t duplicate_of = 0; // for duplicate-file: the source with the same SHA-256
  int64_t run_id = 0;
  TimeMs ingested_at = 0;
  int64_t custody = 0;      // seq of the chain-of-custody entry that recorded it (store/custody.h)
};

struct SegmentRecord {
  int64_t id = 0;
  std::string file;  // relative to the case's store/ directory
  uint32_t rows = 0;
  TimeMs min_time = 0, max_time = 0;
  int64_t run_id = 0;
};

struct PackRecord {
  int64_t id = 0;
  std::string file;        // relative to the case's evidence/ directory
  uint64_t committed = 0;  // bytes that belong to committed sources
};

class CaseDb {
 public:
  ~CaseDb();
  CaseDb(const CaseDb&) = delete;
  CaseDb& operator=(const CaseDb&) = delete;

  // Opens (creating the schema when new).
  static Result<std::unique_ptr<CaseDb>> Open(const std::filesystem::path& file);

  Result<std::vector<SourceRecord>> Sources() const;
  // Calls fn for every source in id order without holding them all in memory; fn returning a
  // non-ok Status stops the walk and is returned. fn may take the record (move from it).
  Status ForEachSource(const std::function<Status(SourceRecord&)>& fn) const;
  Result<std::vector<SegmentRecord>> Segments() const;
  Result<std::vector<PackRecord>> Packs() const;
  Result<SourceRecord> Source(int64_t id) const;
  Result<int64_t> MaxId(const char* table) const;

  Result<int64_t> StartRun(const std::string& command);
  Status FinishRun(int64_t run_id, const std::string& summary_json);

  // One atomic commit: the sources, the segment (if any), the pack's new committed size, and the
  // chain-of-custody entry that records the sources (their ids' `custody`). Safe to call from
  // several threads (serialised inside).
  Status Commit(const std::vector<SourceRecord>& sources, const SegmentRecord* segment,
                const PackRecord* pack);

  // Appends one entry to the chain of custody (store/custody.h) in its own transaction, as the
  // current actor (base/actor.h). Safe with other processes on the case.
  Result<CustodyEntry> AppendCustody(std::string_view type, std::string_view body_json);
  // Runs fn inside one write transaction (BEGIN IMMEDIATE: other processes wait), committed when
  // fn returns ok and rolled back otherwise. For reading the chain and appending to it as one
  // step (AppendCustodyInTransaction).
  Status InTransaction(const std::function<Status(sqlite3*)>& fn);
  // The last entry, if any.
  Result<std::optional<CustodyEntry>> CustodyHead() const;
  // The whole chain, in order.
  Result<std::vector<CustodyEntry>> Custody() const;

 private:
  CaseDb() = default;
  Status Exec(const char* sql);
  Status MigrateFrom2();
  std::string actor_;
  // Must be called with mu_ held.
  Status LoadDirs() const;
  sqlite3* db_ = nullptr;
  mutable std::mutex mu_;
  mutable bool dirs_loaded_ = false;
  mutable std::unordered_map<int64_t, std::string> dir_path_;
  mutable std::unordered_map<std::string, int64_t> dir_id_;
};

}  // namespace credtrace::store
