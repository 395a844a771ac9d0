// Builds the dictionary of one string column while a segment is being filled: assigns each
// distinct value a dense id in order of first appearance. Id 0 is always the empty string.
//
// A column whose values are nearly all new (request IDs, issued keys) gains nothing from the
// hash table but a cache miss a row: after a sample of look-ups that were almost all misses,
// Intern stops looking up and appends, and the builder may then hold a value more than once.
// EncodeDictionary sorts the values anyway and folds equal ones into one entry.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace credtrace::store {

class StringDictBuilder {
 public:
  StringDictBuilder();
  // Returns an id for s, adding it when new (or, in append mode, when it differs from the value
  // interned last). The builder keeps its own copy of s.
  uint32_t Intern(std::string_view s);
  // Adds s, which the caller knows differs from every value added so far (event IDs, already
  // de-duplicated): no hash look-up. A builder used this way must not be used with Intern
  // until Clear(). "" still maps to 0.
  uint32_t AppendDistinct(std::string_view s);
  uint32_t size() const { return static_cast<uint32_t>(values_.size()); }
  std::string_view value(uint32_t id) const { return values_[id]; }
  // Removes the value added last (by the latest Intern or AppendDistinct, which must have added
  // one): undoes a row that turned out to be a duplicate.
  void PopLast();
  // True when some value may have more than one id (see above).
  bool may_repeat() const { return append_mode_; }
  // Bytes in use: string data, the value table, hashes and slots (for memory accounting).
  size_t bytes() const {
    return arena_bytes_ + values_.size() * (sizeof(std::string_view) + sizeof(uint64_t)) +
           slots_.size() * sizeof(uint64_t);
  }
  void Clear();

 private:
  void Grow();
  std::string_view Store(std::string_view s);

  std::vector<std::string_view> values_;
  std::vector<uint64_t> hashes_;
  // Open addressing: high 32 bits a tag from the hash, low 32 bits id + 1 (0 = empty). The tag
  // settles most probes without touching hashes_ or the strings (one cache miss, not three).
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;
  size_t arena_bytes_ = 0;
  // The value looked up last: consecutive records often repeat it (same region, account...).
  uint32_t last_id_ = 0;
  // Look-ups and insertions counted until the append-mode decision (kSample look-ups).
  uint32_t lookups_ = 0, inserts_ = 0;
  bool append_mode_ = false;
};

}  // namespace credtrace::store
