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

  // Per segment: the matching rows (ascending) and their times. Only the matches' times are
  // asked for, so a segment need not decode its whole time column for a look-up of one key.
  std::vector<std::vector<uint32_t>> rows;
  std::vector<std::vector<TimeMs>> times;
  rows.reserve(segments.size());
  times.reserve(segments.size());
  for (const SegmentView* seg : segments) {
    CT_ASSIGN_OR_RETURN(RowSet s, Evaluate(query, *seg));
    std::vector<uint32_t> r = s.Rows();
    std::vector<TimeMs> t(r.size());
    CT_RETURN_IF_ERROR(seg->TimesOf(r, t.data()));
    rows.push_back(std::move(r));
    times.push_back(std::move(t));
  }

  std::vector<Match> out;
  if (options.order == Order::kSegment) {
    for (uint32_t si = 0; si < rows.size() && out.size() < limit; ++si) {
      for (size_t k = 0; k < rows[si].size() && out.size() < limit; ++k) out.push_back({si, rows[si][k], times[si][k]});
    }
    return out;
  }

  // k-way merge: a heap holds the next match of every segment that has one left. next[si] counts
  // the matches of segment si taken, from the oldest (ascending) or the newest (descending).
  std::vector<size_t> next(rows.size(), 0);
  auto at = [&](uint32_t si) {
    size_t k = descending ? rows[si].size() - 1 - next[si] : next[si];
    return Match{si, rows[si][k], times[si][k]};
  };
  auto later = [descending](const Match& a, const Match& b) {  // true when a comes after b
    if (a.time != b.time) return descending ? a.time < b.time : a.time > b.time;
    if (a.segment != b.segment) return descending ? a.segment < b.segment : a.segment > b.segment;
    return descending ? a.row < b.row : a.row > b.row;
  };
  std::priority_queue<Match, std::vector<Match>, decltype(later)> heap(later);
  for (uint32_t si = 0; si < rows.size(); ++si) {
    if (!rows[si].empty()) heap.push(at(si));
  }
  while (!heap.empty() && out.size() < limit) {
    Match m = heap.top();
    heap.pop();
    out.push_back(m);
    if (++next[m.segment] < rows[m.segment].size()) heap.push(at(m.segment));
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
