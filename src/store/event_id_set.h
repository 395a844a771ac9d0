// The set of eventIDs already in the case, for de-duplication of CloudTrail's double deliveries.
// 16 bytes per event (a GUID is stored as its 128 bits; anything else as a 128-bit hash), in 16
// shards each behind its own lock so that ingest threads rarely wait. Few enough shards that a
// big case's tables are megabytes each, in huge pages (base/huge_array.h): every insert probes
// one random slot, and on 4 KiB pages that is also a TLB miss.
#pragma once

#include <array>
#include <atomic>
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
  // Inserts; returns false when the key was there already. Thread-safe.
  bool Insert(const EventKey& k);
  size_t size() const;
  // Starts loading the memory Insert(k) will probe (the table is far bigger than the caches: a
  // miss a record), so that work done in between hides it. Only a hint: reads the shard's table
  // without its lock and never dereferences it.
  void Prefetch(const EventKey& k) const;

 private:
  // Open addressing with linear probing; {0,0} marks an empty slot (the all-zero key itself is
  // kept in a flag).
  // One cache line for what every Insert writes (the lock, the count) and another for what
  // Prefetch reads: otherwise the two ingest threads' inserts into neighbouring shards keep
  // taking the line from each other's cache, and each Prefetch waits for it.
  struct alignas(64) Shard {
    std::mutex mu;
    HugeArray<EventKey> slots;
    size_t count = 0;
    bool has_zero = false;
    // slots.data() and slots.size() - 1, for Prefetch (written under mu when the table grows,
    // read without it).
    alignas(64) std::atomic<uintptr_t> table{0};
    std::atomic<size_t> mask{0};
  };
  static constexpr size_t kShards = 16;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace credtrace::store
