#include "store/segment_view.h"

namespace credtrace::store {

uint32_t DictionaryView::LowerBound(std::string_view key) const {
  uint32_t lo = 0, hi = size();
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (value(mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

int64_t DictionaryView::Find(std::string_view key) const {
  uint32_t i = LowerBound(key);
  if (i < size() && value(i) == key) return i;
  return -1;
}

Status SegmentView::TimesOf(std::span<const uint32_t> rows, TimeMs* out) const {
  CT_ASSIGN_OR_RETURN(std::span<const TimeMs> all, Times());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] >= all.size()) return Status::InvalidArgument("row out of range");
    out[i] = all[rows[i]];
  }
  return Status::Ok();
}

Result<std::string_view> SegmentView::Value(Column c, uint32_t row) const {
  CT_ASSIGN_OR_RETURN(const DictionaryView* dict, Dictionary(c));
  CT_ASSIGN_OR_RETURN(std::span<const uint32_t> ids, Ids(c));
  if (row >= ids.size()) return Status::InvalidArgument("row out of range");
  if (ids[row] >= dict->size()) return Status::Corrupt("dictionary id out of range");
  return dict->value(ids[row]);
}

}  // namespace credtrace::store
