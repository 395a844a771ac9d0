// An in-memory SegmentView built from rows given as (Column, value) pairs: for tests, tools and
// small data sets. It keeps the segment contract of segment_view.h exactly: rows sorted by time
// (stably, so rows with equal times keep their input order), byte-wise sorted dictionaries per
// string column, per-row ids and ascending posting lists.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/segment_view.h"

namespace credtrace::store {

// One event as given to MemorySegment::Build. `fields` holds string columns (a missing column
// or "" is absent) and bool columns ("true" or "false"; missing is absent). Each column may
// appear at most once; kEventTime must not appear (use `time`).
struct MemoryEvent {
  TimeMs time = 0;
  std::vector<std::pair<Column, std::string>> fields;
  // Where the original record lives; Build fills {0, input index, 0, 0} when not set.
  std::optional<RecordLocation> location;
};

class MemorySegment final : public SegmentView {
 public:
  // Builds a segment from events in any order. InvalidArgument when an event names kEventTime,
  // repeats a column, or gives a bool column something other than "true"/"false".
  static Result<std::unique_ptr<MemorySegment>> Build(std::vector<MemoryEvent> events);

  uint32_t num_rows() const override { return static_cast<uint32_t>(times_.size()); }
  Result<std::span<const TimeMs>> Times() const override { return std::span<const TimeMs>(times_); }
  // InvalidArgument unless c is a kString column.
  Result<const DictionaryView*> Dictionary(Column c) const override;
  Result<std::span<const uint32_t>> Ids(Column c) const override;
  // InvalidArgument unless c is a kString column and id < Dictionary(c)->size().
  Result<std::span<const uint32_t>> Postings(Column c, uint32_t id) const override;
  // InvalidArgument unless c is a kBool column.
  Result<std::span<const uint8_t>> Bools(Column c) const override;
  // InvalidArgument when row >= num_rows().
  Result<RecordLocation> Location(uint32_t row) const override;

 private:
  class Dict final : public DictionaryView {
   public:
    uint32_t size() const override { return static_cast<uint32_t>(values.size()); }
    std::string_view value(uint32_t i) const override { return values[i]; }
    std::vector<std::string> values;
  };
  struct StringColumn {
    Dict dict;
    std::vector<uint32_t> ids;
    std::vector<uint32_t> postings;  // all posting lists, concatenated in dictionary order
    std::vector<uint32_t> starts;    // posting list of id i is postings[starts[i], starts[i+1])
  };

  MemorySegment() = default;
  Status CheckKind(Column c, cloudtrail::FieldType want) const;

  std::vector<TimeMs> times_;
  std::vector<RecordLocation> locations_;
  std::array<StringColumn, cloudtrail::kNumColumns> strings_;
  std::array<std::vector<uint8_t>, cloudtrail::kNumColumns> bools_;
};

}  // namespace credtrace::store
