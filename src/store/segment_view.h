// Read access to one immutable segment of the event store, as the query layer sees it.
//
// A segment holds N events (rows) sorted by eventTime. Every string column is dictionary
// encoded: the dictionary is the sorted list of the column's distinct values in this segment
// (the empty string stands for "absent"), each row stores the index of its value, and the
// posting list of a value is the sorted list of the rows that hold it. So "all rows where
// column = v" is a binary search in the dictionary plus one posting list: no scan.
//
// Views returned by these methods stay valid as long as the SegmentView lives. Methods are
// const and may be called from several threads at once.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/status.h"
#include "base/time.h"
#include "cloudtrail/fields.h"

namespace credtrace::store {

using cloudtrail::Column;

// Sorted distinct values of one string column in one segment.
class DictionaryView {
 public:
  virtual ~DictionaryView() = default;
  virtual uint32_t size() const = 0;
  // The i-th value in sorted (byte-wise) order.
  virtual std::string_view value(uint32_t i) const = 0;
  // Index of the first value >= key (size() when none): binary search.
  uint32_t LowerBound(std::string_view key) const;
  // Index of `key`, or -1 when the segment has no such value.
  int64_t Find(std::string_view key) const;
};

// Where the original record of a row lives (see docs/STORE_FORMAT.md).
struct RecordLocation {
  uint32_t source_id;  // the source (evidence file) in the case manifest
  uint64_t offset;     // byte offset of the record in the source's decompressed content
  uint32_t length;     // length in bytes of the record's JSON text there
  uint8_t encoding;    // 0: the JSON text itself; 1: a JSON string literal holding the record
};

class SegmentView {
 public:
  virtual ~SegmentView() = default;
  virtual uint32_t num_rows() const = 0;
  // eventTime of every row, ascending.
  virtual Result<std::span<const TimeMs>> Times() const = 0;
  // eventTime of the given rows (ascending, each < num_rows()) into out[0..rows.size()). A
  // segment may answer this without holding every row's time (the default uses Times()).
  virtual Status TimesOf(std::span<const uint32_t> rows, TimeMs* out) const;
  // Dictionary of a kString column.
  virtual Result<const DictionaryView*> Dictionary(Column c) const = 0;
  // Per-row dictionary index of a kString column (num_rows() entries).
  virtual Result<std::span<const uint32_t>> Ids(Column c) const = 0;
  // Rows holding the dictionary value `id` of column c, ascending.
  virtual Result<std::span<const uint32_t>> Postings(Column c, uint32_t id) const = 0;
  // A kBool column: per row 0 = false, 1 = true, 2 = absent.
  virtual Result<std::span<const uint8_t>> Bools(Column c) const = 0;
  virtual Result<RecordLocation> Location(uint32_t row) const = 0;

  // Convenience: the value of a string column at a row.
  Result<std::string_view> Value(Column c, uint32_t row) const;
};

}  // namespace credtrace::store
