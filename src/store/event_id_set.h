// The set of eventIDs already in the case, for de-duplication of CloudTrail's double deliveries.
// 16 bytes per event (a GUID is stored as its 128 bits; anything else as a 128-bit hash), in 64
// shards each behind its own lock so that ingest threads rarely wait.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_set>

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

 private:
  struct Hash {
    size_t operator()(const EventKey& k) const { return static_cast<size_t>(k.lo ^ (k.hi * 0x9E3779B97F4A7C15ull)); }
  };
  struct Shard {
    std::mutex mu;
    std::unordered_set<EventKey, Hash> keys;
  };
  mutable std::array<Shard, 64> shards_;
};

}  // namespace credtrace::store
