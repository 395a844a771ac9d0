// Accumulates events in memory (one builder per ingest thread) and writes them as one
// immutable segment file, sorted by eventTime, dictionary encoded, zstd compressed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "base/status.h"
#include "cloudtrail/event.h"
#include "store/segment_format.h"
#include "store/string_dict_builder.h"

namespace credtrace::store {

class SegmentBuilder {
 public:
  SegmentBuilder();
  ~SegmentBuilder();
  SegmentBuilder(SegmentBuilder&&) noexcept;
  SegmentBuilder& operator=(SegmentBuilder&&) noexcept;
  // Adds one event whose original record is in source `source_id`. Copies what it needs.
  // Events with the same eventID may be added: ingest de-duplicates when it seals, and marks the
  // rows to leave out with Drop. `offset_base` is added to the event's raw offset (the reader read a chunk of the source
  // that starts there).
  void Add(const cloudtrail::Event& event, uint32_t source_id, uint64_t offset_base = 0);
  uint32_t rows() const { return static_cast<uint32_t>(times_.size()); }
  uint32_t source_of(uint32_t row) const { return loc_source_[row]; }
  // Leaves out of the segment the rows r with dropped[r] != 0 (rows() entries): WriteTo writes
  // the others as if only they had been added (the values only dropped rows had are not in its
  // dictionaries), and min_time/max_time/kept_rows describe them.
  void Drop(std::vector<uint8_t> dropped);
  uint32_t kept_rows() const { return rows() - dropped_count_; }
  // Approximate bytes held, to decide when to seal.
  size_t MemoryBytes() const;
  // Writes the segment to `path` (through a temporary file, fsynced) and clears the builder.
  // Level 1: the largest blocks (event and request IDs) are close to random and compress no
  // better at higher levels, which cost twice the time (measured: docs/PERFORMANCE.md).
  // format_version 1 or 2 writes an older layout (for tests that an older case still reads).
  Status WriteTo(const std::filesystem::path& path, int zstd_level = 1, uint8_t format_version = kSegmentFormatVersion);
  // Empties the builder without writing it (capacity kept).
  void Clear();
  TimeMs min_time() const { return min_time_; }
  TimeMs max_time() const { return max_time_; }

 private:
  std::vector<TimeMs> times_;
  std::vector<StringDictBuilder> dicts_;      // by column (unused for non-string columns)
  std::vector<std::vector<uint32_t>> ids_;    // by column
  std::vector<uint8_t> read_only_;
  std::vector<uint32_t> loc_source_;
  std::vector<uint64_t> loc_offset_;
  std::vector<uint32_t> loc_length_;
  std::vector<uint8_t> loc_encoding_;
  TimeMs min_time_ = INT64_MAX, max_time_ = INT64_MIN;
  std::vector<uint8_t> dropped_;  // empty, or rows() flags (Drop)
  uint32_t dropped_count_ = 0;
  struct Scratch;
  std::unique_ptr<Scratch> scratch_;  // sealing buffers, kept between segments
};

// Columns that get stored posting lists (the look-ups an investigation repeats). Other string
// columns are answered from their ids, computed on first use. eventID is not stored: every
// value is unique, so its posting lists would be the inverse of its ids (5 bytes a row).
bool IsIndexedColumn(cloudtrail::Column c);

}  // namespace credtrace::store
