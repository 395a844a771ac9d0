#include "store/string_dict_builder.h"

#include <cstring>

#include "store/string_hash.h"

namespace credtrace::store {

namespace {
inline uint32_t SlotId(uint64_t a) { return static_cast<uint32_t>(a) - 1; }
inline bool SameTag(uint64_t a, uint64_t hash) { return ((a ^ hash) >> 32) == 0; }
// Look-ups sampled before deciding, and the share of new values (7/8) above which Intern appends.
constexpr uint32_t kSample = 4096;
}  // namespace

StringDictBuilder::StringDictBuilder() { Clear(); }

bool StringDictBuilder::SlotHolds(const Slot& sl, std::string_view s) const {
  uint64_t len = sl.b >> 48;
  if (len == kLongValue) return values_[SlotId(sl.a)] == s;
  return len == s.size() && SameBytes(reinterpret_cast<const char*>(sl.b & kPtrMask), s.data(), s.size());
}

void StringDictBuilder::Clear() {
  values_.clear();
  hashes_.clear();
  blocks_.clear();
  block_used_ = block_size_ = arena_bytes_ = 0;
  slots_.assign(64, Slot{});
  mask_ = 63;
  values_.push_back(std::string_view());
  hashes_.push_back(HashString(std::string_view()));
  slots_[hashes_[0] & mask_] = MakeSlot(hashes_[0], 0, values_[0]);
  last_id_ = 0;
  last_ = {};
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
  std::vector<Slot> slots(slots_.size() * 2);
  uint64_t mask = slots.size() - 1;
  for (uint32_t id = 0; id < values_.size(); ++id) {
    uint64_t i = hashes_[id] & mask;
    while (slots[i].a != 0) i = (i + 1) & mask;
    slots[i] = MakeSlot(hashes_[id], id, values_[id]);
  }
  slots_.swap(slots);
  mask_ = mask;
}

uint32_t StringDictBuilder::AppendDistinct(std::string_view s) {
  if (s.empty()) return 0;
  uint32_t id = static_cast<uint32_t>(values_.size());
  values_.push_back(Store(s));
  return id;
}

uint32_t StringDictBuilder::InternHashed(std::string_view s, uint64_t h) {
  if (append_mode_) {
    values_.push_back(Store(s));
    Remember(static_cast<uint32_t>(values_.size() - 1));
    return last_id_;
  }
  if (lookups_ < kSample && ++lookups_ == kSample && inserts_ >= kSample / 8 * 7) {
    append_mode_ = true;
    std::vector<uint64_t>().swap(hashes_);
    std::vector<Slot>().swap(slots_);
    mask_ = 0;
    return InternHashed(s, h);
  }
  uint64_t i = h & mask_;
  while (slots_[i].a != 0) {
    const Slot& sl = slots_[i];
    if (SameTag(sl.a, h) && SlotHolds(sl, s)) {
      Remember(SlotId(sl.a));
      return last_id_;
    }
    i = (i + 1) & mask_;
  }
  uint32_t id = static_cast<uint32_t>(values_.size());
  inserts_++;
  values_.push_back(Store(s));
  hashes_.push_back(h);
  slots_[i] = MakeSlot(h, id, values_.back());
  if (values_.size() * 2 > slots_.size()) Grow();
  Remember(id);
  return id;
}

}  // namespace credtrace::store
