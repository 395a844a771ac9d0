#include "cli/event_table.h"

#include <algorithm>

#include "base/time.h"
#include "cli/util.h"

namespace credtrace::cli {

using cloudtrail::Column;

namespace {
struct Col {
  const char* title;
  Column column;
  size_t width;
};
// clang-format off
constexpr Col kCols[] = {
    {"eventTime", Column::kEventTime, 20},
    {"eventName", Column::kEventName, 28},
    {"source", Column::kEventSource, 12},
    {"region", Column::kAwsRegion, 14},
    {"account", Column::kRecipientAccountId, 12},
    {"accessKeyId", Column::kAccessKeyId, 20},
    {"identity", Column::kArn, 48},
    {"sourceIPAddress", Column::kSourceIp, 18},
    {"errorCode", Column::kErrorCode, 22},
    {"userAgent", Column::kUserAgent, 30},
};
// clang-format on

std::string Cell(Column c, std::string_view v) {
  if (c == Column::kEventSource) {
    size_t dot = v.find(".amazonaws.com");
    if (dot != std::string_view::npos) v = v.substr(0, dot);
  }
  return SafeText(v);
}
}  // namespace

Result<std::string> RenderEventTable(std::span<const store::SegmentView* const> segments,
                                     const std::vector<query::Match>& matches, bool aligned) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(matches.size());
  for (const query::Match& m : matches) {
    const store::SegmentView* s = segments[m.segment];
    std::vector<std::string> r;
    for (const Col& col : kCols) {
      if (col.column == Column::kEventTime) {
        r.push_back(FormatIsoTime(m.time));
        continue;
      }
      CT_ASSIGN_OR_RETURN(std::string_view v, s->Value(col.column, m.row));
      if (col.column == Column::kArn && v.empty()) {
        // Services and accounts have no ARN: show the invoking service or principal ID.
        CT_ASSIGN_OR_RETURN(std::string_view inv, s->Value(Column::kInvokedBy, m.row));
        CT_ASSIGN_OR_RETURN(std::string_view pid, s->Value(Column::kPrincipalId, m.row));
        v = !inv.empty() ? inv : pid;
      }
      r.push_back(Cell(col.column, v));
    }
    rows.push_back(std::move(r));
  }
  std::string out;
  if (!aligned) {
    for (const Col& col : kCols) out += std::string(col.title) + (&col == &kCols[std::size(kCols) - 1] ? "\n" : "\t");
    for (const auto& r : rows) {
      for (size_t i = 0; i < r.size(); ++i) out += r[i] + (i + 1 == r.size() ? "\n" : "\t");
    }
    return out;
  }
  // Width of each column: its content, up to the column's cap.
  std::vector<size_t> w(std::size(kCols));
  for (size_t i = 0; i < w.size(); ++i) w[i] = std::string_view(kCols[i].title).size();
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], std::min(Fit(r[i], kCols[i].width).size(), kCols[i].width));
  auto pad = [](std::string s, size_t n) {
    // Pad by code points, not bytes.
    size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    if (cps < n) s.append(n - cps, ' ');
    return s;
  };
  for (size_t i = 0; i < w.size(); ++i) out += pad(kCols[i].title, w[i]) + (i + 1 == w.size() ? "\n" : "  ");
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) out += pad(Fit(r[i], w[i]), w[i]) + (i + 1 == r.size() ? "\n" : "  ");
  return out;
}

}  // namespace credtrace::cli
