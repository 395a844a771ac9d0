#include "query/rowset.h"

#include <bit>

namespace credtrace::query {

RowSet RowSet::All(uint32_t num_rows) {
  RowSet s(num_rows);
  for (uint64_t& w : s.words_) w = ~uint64_t{0};
  s.ClearTail();
  return s;
}

void RowSet::ClearTail() {
  if (num_rows_ % 64 != 0) words_.back() &= (uint64_t{1} << (num_rows_ % 64)) - 1;
}

void RowSet::AddAll(std::span<const uint32_t> rows) {
  uint64_t* w = words_.data();
  for (uint32_t r : rows) w[r >> 6] |= uint64_t{1} << (r & 63);
}

void RowSet::AddRange(uint32_t begin, uint32_t end) {
  if (begin >= end) return;
  uint32_t bw = begin >> 6, ew = (end - 1) >> 6;
  uint64_t first = ~uint64_t{0} << (begin & 63);
  uint64_t last = ~uint64_t{0} >> (63 - ((end - 1) & 63));
  if (bw == ew) {
    words_[bw] |= first & last;
    return;
  }
  words_[bw] |= first;
  for (uint32_t i = bw + 1; i < ew; ++i) words_[i] = ~uint64_t{0};
  words_[ew] |= last;
}

void RowSet::And(const RowSet& o) {
  for (size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
}
void RowSet::Or(const RowSet& o) {
  for (size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
}
void RowSet::AndNot(const RowSet& o) {
  for (size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.words_[i];
}
void RowSet::Not() {
  for (uint64_t& w : words_) w = ~w;
  if (!words_.empty()) ClearTail();
}

uint64_t RowSet::Count() const {
  uint64_t n = 0;
  for (uint64_t w : words_) n += static_cast<uint64_t>(std::popcount(w));
  return n;
}

bool RowSet::Empty() const {
  for (uint64_t w : words_) {
    if (w) return false;
  }
  return true;
}

std::vector<uint32_t> RowSet::Rows() const {
  std::vector<uint32_t> out;
  out.reserve(Count());
  for (size_t i = 0; i < words_.size(); ++i) {
    for (uint64_t w = words_[i]; w; w &= w - 1) {
      out.push_back(static_cast<uint32_t>(i * 64 + std::countr_zero(w)));
    }
  }
  return out;
}

RowCursor::RowCursor(const RowSet* set, bool descending)
    : set_(set), descending_(descending) {
  const auto words = set_->words();
  word_ = descending ? static_cast<int64_t>(words.size()) - 1 : 0;
  bits_ = (word_ >= 0 && word_ < static_cast<int64_t>(words.size())) ? words[word_] : 0;
}

bool RowCursor::Next(uint32_t* row) {
  const auto words = set_->words();
  const int64_t n = static_cast<int64_t>(words.size());
  while (bits_ == 0) {
    word_ += descending_ ? -1 : 1;
    if (word_ < 0 || word_ >= n) return false;
    bits_ = words[word_];
  }
  if (descending_) {
    int b = 63 - std::countl_zero(bits_);
    bits_ &= ~(uint64_t{1} << b);
    *row = static_cast<uint32_t>(word_ * 64 + b);
  } else {
    int b = std::countr_zero(bits_);
    bits_ &= bits_ - 1;
    *row = static_cast<uint32_t>(word_ * 64 + b);
  }
  return true;
}

}  // namespace credtrace::query
