#include "query/search.h"

#include <algorithm>
#include <queue>

#include "query/evaluate.h"
#include "query/rowset.h"

namespace credtrace::query {

using store::SegmentView;

namespace {

Status CheckSegments(std::span<const SegmentView* const> segments) {
  if (segments.size() > UINT32_MAX) return Status::InvalidArgument("too many segments");
  for (const SegmentView* s : segments) {
    if (s == nullptr) return Status::InvalidArgument("null segment");
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Match>> Search(const Query& query, std::span<const SegmentView* const> segments,
                                  const SearchOptions& options) {
  CT_RETURN_IF_ERROR(CheckSegments(segments));
  const uint64_t limit = options.limit == 0 ? UINT64_MAX : options.limit;
  const bool descending = options.order == Order::kTimeDescending;

  std::vector<RowSet> sets;
  std::vector<std::span<const TimeMs>> times;
  sets.reserve(segments.size());
  times.reserve(segments.size());
  for (const SegmentView* seg : segments) {
    CT_ASSIGN_OR_RETURN(RowSet s, Evaluate(query, *seg));
    CT_ASSIGN_OR_RETURN(std::span<const TimeMs> t, seg->Times());
    if (t.size() != seg->num_rows()) return Status::Corrupt("segment has a time per row missing");
    sets.push_back(std::move(s));
    times.push_back(t);
  }

  std::vector<Match> out;
  if (options.order == Order::kSegment) {
    for (uint32_t si = 0; si < sets.size() && out.size() < limit; ++si) {
      RowCursor cur(&sets[si], false);
      uint32_t row;
      while (out.size() < limit && cur.Next(&row)) out.push_back({si, row, times[si][row]});
    }
    return out;
  }

  // k-way merge: a heap holds the next match of every segment that has one left.
  std::vector<RowCursor> cursors;
  cursors.reserve(sets.size());
  for (const RowSet& s : sets) cursors.emplace_back(&s, descending);
  auto later = [descending](const Match& a, const Match& b) {  // true when a comes after b
    if (a.time != b.time) return descending ? a.time < b.time : a.time > b.time;
    if (a.segment != b.segment) return descending ? a.segment < b.segment : a.segment > b.segment;
    return descending ? a.row < b.row : a.row > b.row;
  };
  std::priority_queue<Match, std::vector<Match>, decltype(later)> heap(later);
  for (uint32_t si = 0; si < cursors.size(); ++si) {
    uint32_t row;
    if (cursors[si].Next(&row)) heap.push({si, row, times[si][row]});
  }
  while (!heap.empty() && out.size() < limit) {
    Match m = heap.top();
    heap.pop();
    out.push_back(m);
    uint32_t row;
    if (cursors[m.segment].Next(&row)) heap.push({m.segment, row, times[m.segment][row]});
  }
  return out;
}

Result<uint64_t> Count(const Query& query, std::span<const SegmentView* const> segments) {
  CT_RETURN_IF_ERROR(CheckSegments(segments));
  uint64_t total = 0;
  for (const SegmentView* seg : segments) {
    CT_ASSIGN_OR_RETURN(uint64_t n, CountRows(query, *seg));
    total += n;
  }
  return total;
}

Result<std::vector<std::vector<uint32_t>>> MatchingRows(
    const Query& query, std::span<const SegmentView* const> segments) {
  CT_RETURN_IF_ERROR(CheckSegments(segments));
  std::vector<std::vector<uint32_t>> out;
  out.reserve(segments.size());
  for (const SegmentView* seg : segments) {
    CT_ASSIGN_OR_RETURN(RowSet s, Evaluate(query, *seg));
    out.push_back(s.Rows());
  }
  return out;
}

}  // namespace credtrace::query
