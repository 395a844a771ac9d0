// The set of eventIDs already in the case, for de-duplication of CloudTrail's double deliveries.
// 16 bytes per event (a GUID is stored as its 128 bits; anything else as a 128-bit hash).
//
// Keys go in a batch at a time: ingest collects a segment's keys while it reads and inserts them
// when the segment is sealed (on the committer thread, off the reading path), dropping the rows
// whose key was there already. A batch probes its slots a few keys ahead of the insert
// (prefetch), so that the cache misses of a table far bigger than the caches overlap, and takes
// the lock once. The table is in huge pages (base/huge_array.h): every probe is at a random
// place, and on 4 KiB pages that is also a TLB miss.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

#include "base/huge_array.h"

namespace credtrace::store {

struct EventKey {
  uint64_t hi = 0, lo = 0;
  bool operator==(const EventKey& o) const { return hi == o.hi && lo == o.lo; }
};

// The key of an eventID; `raw_record` is used only when the record has no eventID.
EventKey MakeEventKey(std::string_view event_id, std::string_view raw_record);

class EventIdSet {
 public:
  // Inserts keys[0, n) in order. (*duplicate)[i] is set to 1 when keys[i] was in the set already
  // (from an earlier batch or earlier in this one), else 0. Returns how many were. Thread-safe:
  // batches of several threads go in one after the other.
  size_t InsertBatch(const EventKey* keys, size_t n, std::vector<uint8_t>* duplicate);
  // One key; false when it was there already.
  bool Insert(const EventKey& k);
  size_t size() const;

 private:
  // Room for `more` keys beyond those held, at a load of at most three quarters. Under mu_.
  void Reserve(size_t more);
  // Open addressing with linear probing; {0,0} marks an empty slot (the all-zero key itself is
  // kept in a flag).
  mutable std::mutex mu_;
  HugeArray<EventKey> slots_;
  size_t count_ = 0;
  bool has_zero_ = false;
};

}  // namespace credtrace::store
