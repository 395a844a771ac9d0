#include "store/string_dict_builder.h"

#include <cstring>

#include "store/string_hash.h"

namespace credtrace::store {

namespace {
inline uint64_t Slot(uint64_t hash, uint32_t id) { return (hash & 0xFFFFFFFF00000000ull) | (id + 1ull); }
inline uint32_t SlotId(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }
inline bool SameTag(uint64_t slot, uint64_t hash) { return ((slot ^ hash) >> 32) == 0; }
// Look-ups sampled before deciding, and the share of new values (7/8) above which Intern appends.
constexpr uint32_t kSample = 4096;
}  // namespace

StringDictBuilder::StringDictBuilder() { Clear(); }

void StringDictBuilder::Clear() {
  values_.clear();
  hashes_.clear();
  blocks_.clear();
  block_used_ = block_size_ = arena_bytes_ = 0;
  slots_.assign(64, 0);
  mask_ = 63;
  values_.push_back(std::string_view());
  hashes_.push_back(HashString(std::string_view()));
  slots_[hashes_[0] & mask_] = Slot(hashes_[0], 0);
  last_id_ = 0;
  lookups_ = inserts_ = 0;
  append_mode_ = false;
}

std::string_view StringDictBuilder::Store(std::string_view s) {
  if (s.size() > block_size_ - block_used_) {
    size_t n = s.size() > 16384 ? s.size() : 65536;
    blocks_.emplace_back(new char[n]);
    block_size_ = n;
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  std::memcpy(p, s.data(), s.size());
  block_used_ += s.size();
  arena_bytes_ += s.size();
  return std::string_view(p, s.size());
}

void StringDictBuilder::Grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  uint64_t mask = slots.size() - 1;
  for (uint32_t id = 0; id < values_.size(); ++id) {
    uint64_t i = hashes_[id] & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = Slot(hashes_[id], id);
  }
  slots_.swap(slots);
  mask_ = mask;
}

void StringDictBuilder::PopLast() {
  uint32_t id = static_cast<uint32_t>(values_.size() - 1);
  if (id == 0) return;  // "" is never removed
  std::string_view v = values_.back();
  if (hashes_.size() == values_.size()) {
    // It was the last value placed in the table (Grow places values in id order), so no other
    // value's probe sequence runs through its slot: emptying the slot is enough.
    for (uint64_t i = hashes_.back() & mask_; slots_[i] != 0; i = (i + 1) & mask_) {
      if (SlotId(slots_[i]) == id) {
        slots_[i] = 0;
        break;
      }
    }
    hashes_.pop_back();
  }
  // Its bytes, when they are the last ones of the current block.
  if (!blocks_.empty() && v.data() + v.size() == blocks_.back().get() + block_used_) block_used_ -= v.size();
  arena_bytes_ -= v.size();
  values_.pop_back();
  if (last_id_ == id) last_id_ = 0;
}

uint32_t StringDictBuilder::AppendDistinct(std::string_view s) {
  if (s.empty()) return 0;
  uint32_t id = static_cast<uint32_t>(values_.size());
  values_.push_back(Store(s));
  return id;
}

uint32_t StringDictBuilder::Intern(std::string_view s) {
  if (s.empty()) return 0;
  if (values_[last_id_] == s) return last_id_;
  if (append_mode_) {
    last_id_ = static_cast<uint32_t>(values_.size());
    values_.push_back(Store(s));
    return last_id_;
  }
  if (lookups_ < kSample && ++lookups_ == kSample && inserts_ >= kSample / 8 * 7) {
    append_mode_ = true;
    std::vector<uint64_t>().swap(hashes_);
    std::vector<uint64_t>().swap(slots_);
    mask_ = 0;
    return Intern(s);
  }
  uint64_t h = HashString(s);
  uint64_t i = h & mask_;
  while (uint64_t slot = slots_[i]) {
    if (SameTag(slot, h)) {
      uint32_t id = SlotId(slot);
      if (values_[id] == s) {
        last_id_ = id;
        return id;
      }
    }
    i = (i + 1) & mask_;
  }
  uint32_t id = static_cast<uint32_t>(values_.size());
  inserts_++;
  values_.push_back(Store(s));
  hashes_.push_back(h);
  slots_[i] = Slot(h, id);
  if (values_.size() * 2 > slots_.size()) Grow();
  last_id_ = id;
  return id;
}

}  // namespace credtrace::store
