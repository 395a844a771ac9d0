// Ingest: reads evidence files into a case. Parallel over files: each worker reads a file,
// hashes it, inflates it (bounded), parses its records into its own segment builder and appends
// the file's bytes to its own evidence pack; a full builder is handed to the worker's committer
// thread, which seals it into a segment and commits it with its sources in one database
// transaction while the worker fills the next one. A killed ingest leaves the case at its
// last commit; running the same ingest again skips committed files (by SHA-256) and completes it.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/case.h"
#include "store/input_walk.h"

namespace credtrace::store {

// Bounds that keep memory flat whatever the input (docs/ARCHITECTURE.md, "Bounds").
inline constexpr uint64_t kDefaultMaxDecompressedBytes = 1ull << 30;  // a source inflated
// Builder memory in use per thread. Vectors hold up to twice what they use, and while a worker
// fills one builder its committer seals the previous one (which needs about as much again for a
// moment), so the ingest's peak is bounded by ~5 x threads x this, plus the eventID set (32
// bytes an event) and the list of sources (~250 bytes a file). Measured: ~195 MiB for 2 threads
// on the 2 GB corpus (docs/PERFORMANCE.md). Smaller builders are faster (fewer fresh pages to
// fault in, dictionaries that stay in cache; 64 MiB was 3 % slower) and the store no bigger; the
// price is more segments for a look-up to visit (~37 on that corpus, first look-up ~18 ms).
inline constexpr size_t kDefaultSegmentBytes = 16u << 20;

struct IngestOptions {
  int threads = 2;
  WalkFilter filter;
  uint64_t max_decompressed_bytes = kDefaultMaxDecompressedBytes;
  uint32_t max_record_bytes = 1u << 20;
  size_t segment_bytes = kDefaultSegmentBytes;
  // Sources bigger than this are streamed: mapped rather than read, and when they hold JSON
  // lines, inflated and parsed a chunk at a time (memory stays flat for any size).
  uint64_t stream_above_bytes = 64ull << 20;
  size_t stream_chunk_bytes = 32u << 20;
  // manifest.json.gz is written as sources commit (store/manifest_stream.h); past this many bytes
  // of lines waiting for another thread's commits, it is rendered from the database at the end.
  size_t manifest_max_waiting_bytes = size_t{64} << 20;
  std::string command_line;  // recorded with the run
};

// One problem to report: a file-level failure (offset -1) or a record-level one.
struct IngestProblem {
  std::string path;
  int64_t offset = -1;  // in the decompressed content, or -1 for the file as a whole
  std::string reason;
};

// Live counters, readable from another thread (for a progress display).
struct IngestProgress {
  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> events{0};
};

struct IngestSummary {
  uint64_t files = 0;             // files found (after pruning)
  uint64_t files_ingested = 0;    // added with at least their valid records
  uint64_t files_already = 0;     // already in the case (same path and SHA-256)
  uint64_t files_duplicate = 0;   // same bytes as another source under another path
  uint64_t files_set_aside = 0;   // digests, Insights, findings
  uint64_t files_rejected = 0;    // nothing could be taken (unreadable, not CloudTrail...)
  uint64_t files_partial = 0;     // some records or bytes rejected
  uint64_t files_empty = 0;
  uint64_t bytes = 0;             // bytes read
  uint64_t events = 0;            // new events
  uint64_t duplicates = 0;        // duplicate deliveries (eventID already seen)
  uint64_t rejected_records = 0;
  uint64_t pruned_dirs = 0;
  uint64_t segments = 0;
  double seconds = 0;
  std::vector<IngestProblem> problems;  // every problem, in the order found (capped per file)
  bool AnythingRejected() const { return files_rejected + files_partial > 0 || rejected_records > 0; }
  std::string ToJson() const;
};

// Ingests `paths` into the case. Problems with the input are reported in the summary, never as
// an error; an error means the case itself could not be written.
Result<IngestSummary> Ingest(Case& c, const std::vector<std::filesystem::path>& paths,
                             const IngestOptions& options, IngestProgress* progress = nullptr);

}  // namespace credtrace::store
