// A summary of the events in a case: time span, and for the columns a responder looks at first
// (accounts, regions, services, event names, principals, keys, IPs, errors...) the number of
// distinct values and the most frequent ones. Computed from dictionary ids, never from JSON.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/segment_view.h"

namespace credtrace::query {

struct ValueCount {
  std::string value;
  uint64_t count = 0;
};

struct ColumnStats {
  cloudtrail::Column column;
  uint64_t distinct = 0;          // distinct non-empty values
  uint64_t present = 0;           // events where the field is non-empty
  std::vector<ValueCount> top;    // most frequent first, ties by value
};

struct CaseStats {
  uint64_t events = 0;
  TimeMs first = 0, last = 0;   // eventTime span (0 when there are no events)
  std::vector<ColumnStats> columns;
};

// The columns summarised, in display order.
std::span<const cloudtrail::Column> StatsColumns();

Result<CaseStats> ComputeStats(std::span<const store::SegmentView* const> segments, size_t top_n);

}  // namespace credtrace::query
