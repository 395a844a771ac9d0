#include "store/event_id_set.h"

#include "store/dictionary_encoder.h"
#include "store/string_hash.h"

namespace credtrace::store {

namespace {
// 8-4-4-4-12 lower-case hex digits, as AWS writes eventIDs (the same packing as the segment
// dictionaries: store/dictionary_encoder.h).
bool ParseGuid(std::string_view s, EventKey* k) {
  unsigned char b[16];
  if (!PackGuid(s, b)) return false;
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) {
    hi = (hi << 8) | b[i];
    lo = (lo << 8) | b[8 + i];
  }
  k->hi = hi;
  k->lo = lo;
  return true;
}
}  // namespace

EventKey MakeEventKey(std::string_view event_id, std::string_view raw_record) {
  EventKey k;
  if (ParseGuid(event_id, &k)) return k;
  std::string_view basis = event_id.empty() ? raw_record : event_id;
  // Tag the high word so that hashed keys cannot collide with a GUID's bits by construction
  // of the variant nibble (GUIDs from AWS are version 4: that nibble is 4).
  k.hi = HashString(basis, 0x243F6A8885A308D3ull) | 0xF000ull;
  k.lo = HashString(basis, 0x13198A2E03707344ull) ^ (event_id.empty() ? 1 : 0);
  return k;
}

namespace {
inline uint64_t SlotHash(const EventKey& k) { return Mix64(k.lo ^ 0x9E3779B97F4A7C15ull, k.hi ^ 0xD6E8FEB86659FD93ull); }

void Place(HugeArray<EventKey>& slots, const EventKey& k) {
  size_t mask = slots.size() - 1;
  size_t i = (SlotHash(k) >> 6) & mask;
  while (slots[i].hi != 0 || slots[i].lo != 0) i = (i + 1) & mask;
  slots[i] = k;
}
}  // namespace

bool EventIdSet::Insert(const EventKey& k) {
  // The shard comes from the hash, so IDs with little entropy in some bits still spread.
  uint64_t h = SlotHash(k);
  Shard& s = shards_[h & (kShards - 1)];
  std::lock_guard<std::mutex> lock(s.mu);
  if (k.hi == 0 && k.lo == 0) {
    if (s.has_zero) return false;
    s.has_zero = true;
    return true;
  }
  if ((s.count + 1) * 2 > s.slots.size()) {
    HugeArray<EventKey> bigger(s.slots.empty() ? 4096 : s.slots.size() * 2);
    for (const EventKey& e : s.slots)
      if (e.hi != 0 || e.lo != 0) Place(bigger, e);
    s.slots = std::move(bigger);
    s.table.store(reinterpret_cast<uintptr_t>(s.slots.data()), std::memory_order_relaxed);
    s.mask.store(s.slots.size() - 1, std::memory_order_relaxed);
  }
  size_t mask = s.slots.size() - 1;
  size_t i = (h >> 6) & mask;
  while (s.slots[i].hi != 0 || s.slots[i].lo != 0) {
    if (s.slots[i] == k) return false;
    i = (i + 1) & mask;
  }
  s.slots[i] = k;
  ++s.count;
  return true;
}

void EventIdSet::Prefetch(const EventKey& k) const {
  uint64_t h = SlotHash(k);
  const Shard& s = shards_[h & (kShards - 1)];
  uintptr_t t = s.table.load(std::memory_order_relaxed);
  if (t == 0) return;
  // Address arithmetic on integers: a table swapped meanwhile makes this a useless hint, never
  // an access.
  uintptr_t a = t + ((h >> 6) & s.mask.load(std::memory_order_relaxed)) * sizeof(EventKey);
  __builtin_prefetch(reinterpret_cast<const void*>(a));
}

size_t EventIdSet::size() const {
  size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.count + (s.has_zero ? 1 : 0);
  }
  return n;
}

}  // namespace credtrace::store
