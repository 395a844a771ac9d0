// Builds the dictionary of one string column while a segment is being filled: assigns each
// distinct value a dense id in order of first appearance. Id 0 is always the empty string.
//
// A column whose values are nearly all new (request IDs, issued keys) gains nothing from the
// hash table but a cache miss a row: after a sample of look-ups that were almost all misses,
// Intern stops looking up and appends, and the builder may then hold a value more than once.
// EncodeDictionary sorts the values anyway and folds equal ones into one entry.
//
// The table of a busy column (principals, ARNs, keys, addresses) is bigger than the caches, so a
// look-up is memory-bound. A slot holds the value's bytes' address and length beside its tag and
// id, so a probe touches the slot and the bytes and nothing else; and the ingest looks up all the
// columns of a record in stages (Quick, Prepare, Prefetch, InternHashed: SegmentBuilder::Add), so
// the misses of the columns overlap instead of following one another.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "store/string_hash.h"

namespace credtrace::store {

class StringDictBuilder {
 public:
  StringDictBuilder();
  // Returns an id for s, adding it when new (or, in append mode, when it differs from the value
  // interned last). The builder keeps its own copy of s.
  uint32_t Intern(std::string_view s) {
    uint32_t id;
    return Quick(s, &id) ? id : InternHashed(s, HashOf(s));
  }
  // The stages of Intern. Quick answers "" and a repeat of the value interned last (no table).
  // Otherwise Prepare hashes s and starts loading its slot; Prefetch, called later, starts
  // loading the bytes that slot points to; InternHashed(s, hash) does the look-up or insertion.
  // Prepare and Prefetch are only hints and may be skipped.
  bool Quick(std::string_view s, uint32_t* id) const {
    if (s.empty()) {
      *id = 0;
      return true;
    }
    if (s.size() == last_.size() && SameBytes(s.data(), last_.data(), s.size())) {
      *id = last_id_;
      return true;
    }
    return false;
  }
  static uint64_t HashOf(std::string_view s) { return HashString(s); }
  uint64_t Prepare(std::string_view s) const {
    uint64_t h = HashOf(s);
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
    return h;
  }
  void Prefetch(uint64_t h) const {
    if (slots_.empty()) return;
    const Slot& sl = slots_[h & mask_];
    if (sl.a != 0 && ((sl.a ^ h) >> 32) == 0) __builtin_prefetch(reinterpret_cast<const void*>(sl.b & kPtrMask));
  }
  uint32_t InternHashed(std::string_view s, uint64_t h);
  // Adds s under a new id without a hash look-up, for values that are nearly all distinct (event
  // IDs; a double delivery repeats one until ingest drops it): the encoder makes repeats one
  // entry (may_repeat). A builder used this way must not be used with Intern
  // until Clear(). "" still maps to 0.
  uint32_t AppendDistinct(std::string_view s);
  uint32_t size() const { return static_cast<uint32_t>(values_.size()); }
  std::string_view value(uint32_t id) const { return values_[id]; }
  // True when some value may have more than one id (see above).
  bool may_repeat() const { return append_mode_; }
  // Bytes in use: string data, the value table, hashes and slots (for memory accounting).
  size_t bytes() const {
    return arena_bytes_ + values_.size() * (sizeof(std::string_view) + sizeof(uint64_t)) +
           slots_.size() * sizeof(Slot);
  }
  void Clear();

 private:
  void Grow();
  std::string_view Store(std::string_view s);

  // Open addressing. a: high 32 bits a tag from the hash, low 32 bits id + 1 (0 = empty); the tag
  // settles most probes without touching the strings. b: the address of the value's bytes, and
  // in the top 16 bits its length (kLongValue: look in values_).
  struct Slot {
    uint64_t a = 0, b = 0;
  };
  static constexpr uint64_t kPtrMask = (uint64_t{1} << 48) - 1;
  static constexpr uint64_t kLongValue = 0xFFFF;
  static Slot MakeSlot(uint64_t hash, uint32_t id, std::string_view v) {
    uint64_t ptr = reinterpret_cast<uintptr_t>(v.data());
    uint64_t len = v.size() < kLongValue && ptr <= kPtrMask ? v.size() : kLongValue;
    return Slot{(hash & 0xFFFFFFFF00000000ull) | (id + 1ull), (ptr & kPtrMask) | (len << 48)};
  }
  bool SlotHolds(const Slot& sl, std::string_view s) const;
  void Remember(uint32_t id) {
    last_id_ = id;
    last_ = values_[id];
  }

  std::vector<std::string_view> values_;
  std::vector<uint64_t> hashes_;
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;
  size_t arena_bytes_ = 0;
  // The value looked up last: consecutive records often repeat it (same region, account...).
  uint32_t last_id_ = 0;
  std::string_view last_;
  // Look-ups and insertions counted until the append-mode decision (kSample look-ups).
  uint32_t lookups_ = 0, inserts_ = 0;
  bool append_mode_ = false;
};

}  // namespace credtrace::store
