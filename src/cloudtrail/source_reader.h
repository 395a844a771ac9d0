// Reads the decompressed content of one source (evidence file) and emits its CloudTrail records.
//
// The format is detected from the content, not the file name: S3 delivery files
// {"Records":[...]}, JSON lines, `aws cloudtrail lookup-events` output (one or several pages),
// bare arrays of records, EventBridge envelopes (record in "detail"); digest files, Insights
// records and findings are recognised and set aside.
//
// Fast path: simdjson On-Demand over the whole content, one pass per record, no DOM. When the
// content is not valid JSON as a whole (truncated gzip, a corrupt record, invalid UTF-8), the
// reader falls back to salvage: it finds record boundaries with a tolerant scanner and parses
// each record alone, so every valid record is still kept and every bad one is reported with its
// offset and the reason.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cloudtrail/event.h"
#include "cloudtrail/source_kind.h"

namespace credtrace::cloudtrail {

// Receives what a SourceReader finds. Calls come from the thread that called Read, in order.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // A valid record. The event's views are valid only during this call.
  virtual void OnEvent(const Event& event) = 0;
  // A record or a stretch of content that could not be taken. `offset` is the byte offset in
  // the decompressed content where it starts.
  virtual void OnRecordError(uint64_t offset, std::string_view reason) = 0;
};

struct ReaderOptions {
  // Records longer than this are rejected (CloudTrail itself keeps records well under 1 MiB).
  uint32_t max_record_bytes = 1u << 20;
};

struct SourceSummary {
  SourceKind kind = SourceKind::kUnknown;
  uint64_t events = 0;     // records passed to OnEvent
  uint64_t rejected = 0;   // calls to OnRecordError
  uint64_t set_aside = 0;  // Insights records, digest files, findings: recognised, not events
  bool salvaged = false;   // the fast path failed and records were recovered one by one
};

// Not thread-safe: use one SourceReader per thread (it owns reusable parser buffers).
class SourceReader {
 public:
  explicit SourceReader(ReaderOptions options = {});
  ~SourceReader();
  SourceReader(const SourceReader&) = delete;
  SourceReader& operator=(const SourceReader&) = delete;

  // Reads content whose allocation extends at least kPadding readable bytes past its end
  // (`capacity` >= content.size() + kPadding); see PadForReader.
  SourceSummary Read(std::string_view content, size_t capacity, EventSink& sink);

  static constexpr size_t kPadding = 64;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Makes sure `buf` has kPadding spare bytes of capacity after its size (may reallocate).
void PadForReader(std::string* buf);

// Recovers the original record text from the bytes stored at its raw location: the bytes
// themselves for kJson, the unescaped string for kJsonString.
bool DecodeRawRecord(std::string_view raw, RawEncoding encoding, std::string* out);

}  // namespace credtrace::cloudtrail

namespace credtrace::cloudtrail {
// Removes the white space between JSON tokens (not inside strings), so that a pretty-printed
// record fits on one line of JSON lines output. Valid JSON in, the same value out.
std::string CompactJson(std::string_view json);
}  // namespace credtrace::cloudtrail
