// Test helpers (header only, for *_test.cc): small in-memory segments of CloudTrail-like events.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/memory_segment.h"

namespace credtrace::query::testing {

using C = cloudtrail::Column;

constexpr TimeMs kT0 = 1710115200000;  // 2024-03-11T00:00:00Z
constexpr TimeMs kMinute = 60'000;

// An event with an eventID, at kT0 + minute minutes, with extra fields.
inline store::MemoryEvent Ev(std::string id, int minute,
                             std::vector<std::pair<C, std::string>> fields = {}) {
  store::MemoryEvent e;
  e.time = kT0 + minute * kMinute;
  e.fields = std::move(fields);
  e.fields.emplace_back(C::kEventId, std::move(id));
  return e;
}

inline std::unique_ptr<store::MemorySegment> Seg(std::vector<store::MemoryEvent> events) {
  auto r = store::MemorySegment::Build(std::move(events));
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

}  // namespace credtrace::query::testing
