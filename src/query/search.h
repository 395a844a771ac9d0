// Search and Count over a set of segments (a case's event store): per-segment evaluation, then
// a k-way merge by time across segments so results come out in global time order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "query/ast.h"
#include "store/segment_view.h"

namespace credtrace::query {

// One matching event: segments[segment], row `row`, whose eventTime is `time`.
struct Match {
  uint32_t segment = 0;
  uint32_t row = 0;
  TimeMs time = 0;
  bool operator==(const Match&) const = default;
};

enum class Order : uint8_t {
  kTimeAscending,   // oldest first; ties by segment index, then row
  kTimeDescending,  // newest first; ties by segment index descending, then row descending
  kSegment,         // segment by segment in the order given, rows ascending (no merge)
};

struct SearchOptions {
  uint64_t limit = 0;  // at most this many matches; 0 = no limit
  Order order = Order::kTimeAscending;
};

// The events of `segments` that match `query`, in options.order, cut at options.limit. Each
// segment is evaluated to a bitmap; rows are then drawn lazily from the bitmaps, so a limit
// stops the merge early. InvalidArgument for a null segment; segment errors pass through.
Result<std::vector<Match>> Search(const Query& query,
                                  std::span<const store::SegmentView* const> segments,
                                  const SearchOptions& options = {});

// The number of events of `segments` that match `query`, without building any row list (see
// CountRows).
Result<uint64_t> Count(const Query& query, std::span<const store::SegmentView* const> segments);

// Per segment, the matching rows in ascending order (so also in time order within the segment).
Result<std::vector<std::vector<uint32_t>>> MatchingRows(
    const Query& query, std::span<const store::SegmentView* const> segments);

}  // namespace credtrace::query
