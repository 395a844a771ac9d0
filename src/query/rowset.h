// RowSet: a set of rows of one segment as a bitmap (one bit per row, 64 rows per word), so
// AND/OR/NOT cost one word operation per 64 rows whatever the number of matches.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace credtrace::query {

class RowSet {
 public:
  RowSet() = default;
  // The empty set over rows [0, num_rows).
  explicit RowSet(uint32_t num_rows) : num_rows_(num_rows), words_((num_rows + 63) / 64, 0) {}
  static RowSet All(uint32_t num_rows);

  uint32_t num_rows() const { return num_rows_; }
  bool Contains(uint32_t row) const { return words_[row >> 6] >> (row & 63) & 1; }
  void Add(uint32_t row) { words_[row >> 6] |= uint64_t{1} << (row & 63); }
  // Adds every row of an ascending (or any) list; rows must be < num_rows().
  void AddAll(std::span<const uint32_t> rows);
  // Adds rows [begin, end), word at a time.
  void AddRange(uint32_t begin, uint32_t end);

  // In-place set operations with a set over the same num_rows.
  void And(const RowSet& o);
  void Or(const RowSet& o);
  void AndNot(const RowSet& o);
  // Complement within [0, num_rows).
  void Not();

  uint64_t Count() const;
  bool Empty() const;
  // The rows in ascending order.
  std::vector<uint32_t> Rows() const;
  std::span<const uint64_t> words() const { return words_; }

 private:
  void ClearTail();
  uint32_t num_rows_ = 0;
  std::vector<uint64_t> words_;
};

// Walks the rows of a RowSet in ascending or descending order without materialising them.
class RowCursor {
 public:
  RowCursor(const RowSet* set, bool descending);
  // Stores the next row in *row and returns true, or returns false when done.
  bool Next(uint32_t* row);

 private:
  const RowSet* set_;
  bool descending_;
  int64_t word_;      // index of the current word
  uint64_t bits_;     // bits of the current word not yet returned
};

}  // namespace credtrace::query
