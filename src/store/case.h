// A case directory: evidence packs (the sources byte-exact), the event store's segments, and the
// case database (docs/CASE_FORMAT.md). Opening a case repairs what a killed ingest left behind:
// pack tails and segment files that were never committed are dropped, so the case always opens
// in the state of its last commit. The repair runs only when no other process is writing: an
// ingest holds the case's writer lock (LockForWriting), and a case opened meanwhile (a search
// during an ingest) reads the committed state and leaves the writer's uncommitted bytes alone.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/gzip.h"
#include "base/status.h"
#include "store/case_db.h"
#include "store/segment_reader.h"

namespace credtrace::store {

// 2: segments may be of segment format version 2 (docs/STORE_FORMAT.md). Version 1 cases are
// read as they are, and marked 2 when an ingest into them starts (it may add format 2 segments).
inline constexpr int kCaseFormatVersion = 4;

enum class CreateIfMissing { kYes, kNo };

class Case {
 public:
  // Opens the case in `dir`; with kYes, creates the directory and an empty case when needed.
  // Fails with kNotFound when there is no case and kNo was given, kCorrupt when the directory
  // holds something else or a newer format.
  static Result<std::unique_ptr<Case>> Open(const std::filesystem::path& dir, CreateIfMissing create);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path evidence_dir() const { return dir_ / "evidence"; }
  std::filesystem::path store_dir() const { return dir_ / "store"; }
  CaseDb& db() { return *db_; }

  // The committed segments, opened; segments committed since the previous call are added.
  Result<std::vector<const SegmentView*>> Segments();
  // Total events in committed segments.
  Result<uint64_t> EventCount();

  // The bytes of a source exactly as received.
  Result<std::string> SourceBytes(int64_t source_id);

  // Makes this the one process writing evidence to the case (ingest, verify --watch) until the
  // object is destroyed: takes the case's writer lock (an exclusive flock on the case
  // directory), waiting up to `wait_ms` for another process's repair on open to finish, then
  // repairs what a killed writer left (as Open does). Fails with kAborted when another process
  // holds the lock: two ingests into one case would hand out the same source and segment IDs.
  Status LockForWriting(int wait_ms = 5000);
  // The case's format version (its marker).
  int format_version() const { return format_version_; }
  // Marks an older case as kCaseFormatVersion (atomically, with a custody entry) before
  // anything of the newer format is written into it. Needs LockForWriting.
  Status UpgradeFormat();

  ~Case();

 private:
  Case() = default;
  Status Recover();
  int lock_fd_ = -1;  // the case directory, flocked while this object writes
  int format_version_ = kCaseFormatVersion;

  std::filesystem::path dir_;
  std::unique_ptr<CaseDb> db_;
  std::vector<std::unique_ptr<SegmentReader>> readers_;
};

// Fetches original records, keeping the last decompressed source so that records of one source
// in a row cost one decompression. Not thread-safe.
class RecordFetcher {
 public:
  // Gzip sources up to `whole_source_bytes` are inflated whole and kept while their records are
  // fetched; bigger ones are read through a forward cursor.
  explicit RecordFetcher(Case* c, uint64_t whole_source_bytes = 64ull << 20)
      : case_(c), whole_source_bytes_(whole_source_bytes) {}
  // The original record text (for lookup-events sources, the unescaped CloudTrailEvent string).
  Result<std::string> Fetch(const RecordLocation& loc);
  // The records at `locs`, in the order given. Each source is read and inflated once, however
  // its records are spread through `locs` (a time-ordered result interleaves sources).
  Result<std::vector<std::string>> FetchMany(const std::vector<RecordLocation>& locs);

 private:
  Case* case_;
  uint64_t whole_source_bytes_;
  int64_t cached_source_ = -1;
  SourceRecord source_;
  std::filesystem::path pack_path_;
  std::string content_;  // the inflated content of a small gzip source
  // A forward cursor over a big gzip source: inflated bytes [big_pos_, big_pos_ + size).
  std::unique_ptr<MappedFile> big_map_;
  std::unique_ptr<Inflater> big_inf_;
  std::string big_window_;
  uint64_t big_pos_ = 0;
};

}  // namespace credtrace::store
