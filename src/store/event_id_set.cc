#include "store/event_id_set.h"

#include <algorithm>

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
  size_t i = SlotHash(k) & mask;
  while (slots[i].hi != 0 || slots[i].lo != 0) i = (i + 1) & mask;
  slots[i] = k;
}

// Keys whose slot is being loaded ahead of the insert: far enough for a miss to arrive (a few
// hundred nanoseconds) while the inserts before it run.
constexpr size_t kAhead = 16;
}  // namespace

void EventIdSet::Reserve(size_t more) {
  // A load of up to 3/4: probes stay short (the slots of a run share cache lines, and the batch
  // loads the first one ahead), and the table, fresh memory the kernel must zero at every
  // doubling, stays half the size a load of 1/2 would need.
  size_t want = slots_.empty() ? 4096 : slots_.size();
  while ((count_ + more) * 4 > want * 3) want *= 2;
  if (want == slots_.size()) return;
  HugeArray<EventKey> bigger(want);
  for (const EventKey& e : slots_)
    if (e.hi != 0 || e.lo != 0) Place(bigger, e);
  slots_ = std::move(bigger);
}

size_t EventIdSet::InsertBatch(const EventKey* keys, size_t n, std::vector<uint8_t>* duplicate) {
  duplicate->assign(n, 0);
  std::lock_guard<std::mutex> lock(mu_);
  Reserve(n);
  const size_t mask = slots_.size() - 1;
  EventKey* const t = slots_.data();
  size_t dups = 0;
  uint64_t ring[kAhead];  // slot indexes of keys[i, i + kAhead)
  for (size_t i = 0; i < std::min(n, kAhead); ++i) {
    ring[i] = SlotHash(keys[i]) & mask;
    __builtin_prefetch(t + ring[i]);
  }
  for (size_t i = 0; i < n; ++i) {
    size_t at = ring[i % kAhead];
    if (i + kAhead < n) {
      size_t next = SlotHash(keys[i + kAhead]) & mask;
      ring[i % kAhead] = next;
      __builtin_prefetch(t + next);
    }
    const EventKey& k = keys[i];
    bool dup;
    if (k.hi == 0 && k.lo == 0) {
      dup = has_zero_;
      has_zero_ = true;
    } else {
      dup = false;
      while (t[at].hi != 0 || t[at].lo != 0) {
        if (t[at] == k) {
          dup = true;
          break;
        }
        at = (at + 1) & mask;
      }
      if (!dup) {
        t[at] = k;
        ++count_;
      }
    }
    (*duplicate)[i] = dup;
    dups += dup;
  }
  return dups;
}

bool EventIdSet::Insert(const EventKey& k) {
  std::vector<uint8_t> dup;
  return InsertBatch(&k, 1, &dup) == 0;
}

size_t EventIdSet::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_ + (has_zero_ ? 1 : 0);
}

}  // namespace credtrace::store
