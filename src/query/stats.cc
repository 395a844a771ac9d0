#include "query/stats.h"

#include <algorithm>
#include <unordered_map>

namespace credtrace::query {

using cloudtrail::Column;

std::span<const Column> StatsColumns() {
  static constexpr Column kCols[] = {
      Column::kRecipientAccountId, Column::kAwsRegion,  Column::kEventSource, Column::kEventName,
      Column::kIdentityType,       Column::kArn,        Column::kAccessKeyId, Column::kSourceIp,
      Column::kUserAgent,          Column::kErrorCode,  Column::kEventType,   Column::kEventCategory,
  };
  return kCols;
}

Result<CaseStats> ComputeStats(std::span<const store::SegmentView* const> segments, size_t top_n) {
  CaseStats st;
  bool any = false;
  for (const store::SegmentView* s : segments) {
    st.events += s->num_rows();
    if (s->num_rows() == 0) continue;
    CT_ASSIGN_OR_RETURN(std::span<const TimeMs> t, s->Times());
    if (!any || t.front() < st.first) st.first = t.front();
    if (!any || t.back() > st.last) st.last = t.back();
    any = true;
  }
  for (Column c : StatsColumns()) {
    std::unordered_map<std::string, uint64_t> counts;
    ColumnStats cs;
    cs.column = c;
    for (const store::SegmentView* s : segments) {
      CT_ASSIGN_OR_RETURN(const store::DictionaryView* d, s->Dictionary(c));
      CT_ASSIGN_OR_RETURN(std::span<const uint32_t> ids, s->Ids(c));
      std::vector<uint64_t> local(d->size(), 0);
      for (uint32_t id : ids) local[id]++;
      for (uint32_t i = 0; i < d->size(); ++i) {
        if (local[i] == 0 || d->value(i).empty()) continue;
        counts[std::string(d->value(i))] += local[i];
        cs.present += local[i];
      }
    }
    cs.distinct = counts.size();
    std::vector<ValueCount> all;
    all.reserve(counts.size());
    for (auto& [v, n] : counts) all.push_back({v, n});
    size_t k = std::min(top_n, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end(), [](const ValueCount& a, const ValueCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    all.resize(k);
    cs.top = std::move(all);
    st.columns.push_back(std::move(cs));
  }
  return st;
}

}  // namespace credtrace::query
