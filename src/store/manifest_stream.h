// manifest.json.gz written while an ingest runs, instead of re-read from the database and
// rendered after it (which was the serial last step of every ingest: ~80 ms for 57,000 sources).
//
// The document lists the sources in id order. Ids are handed out as files are taken, so the
// workers' ids interleave, but each worker's ids only grow and its committer commits its jobs in
// order. So each committer is a stream of sources in increasing id order, and once every stream
// has reported a source with an id >= F (or is closed), nothing below F can come any more: the
// lines up to F are merged, cut into pieces of ~1 MiB of JSON and compressed as gzip members into
// manifest.json.gz.tmp. Finish writes the rest and renames the file into place. What waits
// unmerged is about a job per stream; past kMaxWaitingBytes (a stream stalled behind a huge file)
// the stream gives up and Finish renders the manifest from the database instead (WriteManifestFile)
// so memory stays bounded. The file's content is the same either way: ManifestJson, compressed.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/status.h"
#include "store/case.h"
#include "store/manifest.h"

namespace credtrace::store {

class ManifestStream {
 public:
  static constexpr size_t kMaxWaitingBytes = size_t{64} << 20;

  // Starts manifest.json.gz.tmp in the case directory for `streams` committers (0 .. streams-1);
  // past `max_waiting` bytes of lines waiting to be merged, the manifest comes from the database.
  static Result<std::unique_ptr<ManifestStream>> Start(Case& c, int streams, size_t max_waiting = kMaxWaitingBytes);
  // True when the stream gave up (then Finish renders from the database).
  bool gave_up() const {
    std::lock_guard<std::mutex> lock(mu_);
    return gave_up_;
  }
  // Removes the temporary file unless Finish succeeded.
  ~ManifestStream();
  ManifestStream(const ManifestStream&) = delete;
  ManifestStream& operator=(const ManifestStream&) = delete;

  // A source the case held before this run, in id order, before any stream reports.
  Status AddExisting(const SourceRecord& r);
  // Sources stream s has committed (ids increasing within s from call to call), and the pack of
  // its evidence when it has one. Renders them outside the lock, then merges what is final.
  Status Committed(int s, const std::vector<SourceRecord>& sources, const PackRecord* pack);
  // Stream s will report nothing more.
  Status Close(int s);
  // Every stream closed: writes the rest and the end of the document, makes the file durable and
  // renames it to manifest.json.gz.
  Status Finish();

 private:
  struct Line {
    int64_t id;
    uint32_t begin, end;  // in the stream's text
  };
  struct Stream {
    std::string text;         // rendered lines not merged yet (objects, no separators)
    std::vector<Line> lines;  // in id order
    size_t next = 0;          // first line not merged yet
    int64_t reported = 0;     // highest id reported; INT64_MAX once closed
  };
  ManifestStream(Case& c, std::string tmp, AppendFile file, ManifestPackFiles packs, int streams, size_t max_waiting);
  // With mu_ held: merges every line up to the ids all streams have reached, writes full pieces.
  Status MergeLocked(bool all);
  Status AppendLineLocked(std::string_view object);
  Status WritePieceLocked();
  void GiveUpLocked();

  Case& c_;
  std::string tmp_;
  const size_t max_waiting_;
  mutable std::mutex mu_;
  AppendFile file_;
  ManifestPackFiles packs_;
  std::vector<Stream> streams_;
  std::string piece_;       // JSON of the document not compressed yet
  bool first_ = true;       // no source written yet
  size_t waiting_ = 0;      // bytes of rendered lines not merged yet
  bool gave_up_ = false;    // too much waited: Finish renders from the database
  bool finished_ = false;
  Status failure_;
};

}  // namespace credtrace::store
