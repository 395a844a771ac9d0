#include "investigate/evidence.h"

#include <algorithm>
#include <set>
#include <string>

namespace credtrace::investigate {

Evidence::Evidence(store::Case* c, std::vector<const store::SegmentView*> segments)
    : case_(c), segments_(std::move(segments)) {
  if (case_ != nullptr) fetcher_ = std::make_unique<store::RecordFetcher>(case_);
}

Result<std::vector<EventRef>> Evidence::Rows(Column c, std::string_view value, TimeMs from,
                                             TimeMs to) const {
  std::vector<EventRef> out;
  for (uint32_t s = 0; s < segments_.size(); ++s) {
    const store::SegmentView* seg = segments_[s];
    CT_ASSIGN_OR_RETURN(const store::DictionaryView* dict, seg->Dictionary(c));
    int64_t id = dict->Find(value);
    if (id < 0) continue;
    CT_ASSIGN_OR_RETURN(auto rows, seg->Postings(c, static_cast<uint32_t>(id)));
    CT_ASSIGN_OR_RETURN(auto times, seg->Times());
    // Rows are sorted by time within a segment: skip to `from` with a binary search.
    auto first = std::lower_bound(rows.begin(), rows.end(), from,
                                  [&](uint32_t r, TimeMs t) { return times[r] < t; });
    for (auto it = first; it != rows.end(); ++it) {
      TimeMs t = times[*it];
      if (t > to) break;
      out.push_back(EventRef{s, *it, t});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<EventRef>> Evidence::RowsByName(std::string_view pattern, TimeMs from, TimeMs to) const {
  if (pattern.empty() || pattern.back() != '*') return Rows(Column::kEventName, pattern, from, to);
  std::string_view prefix = pattern.substr(0, pattern.size() - 1);
  std::set<std::string> names;
  for (const store::SegmentView* seg : segments_) {
    CT_ASSIGN_OR_RETURN(const store::DictionaryView* dict, seg->Dictionary(Column::kEventName));
    for (uint32_t i = dict->LowerBound(prefix); i < dict->size() && dict->value(i).starts_with(prefix); ++i) {
      names.emplace(dict->value(i));
    }
  }
  std::vector<EventRef> out;
  for (const std::string& n : names) {
    CT_ASSIGN_OR_RETURN(auto rows, Rows(Column::kEventName, n, from, to));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string_view> Evidence::Value(const EventRef& ref, Column c) const {
  return segments_[ref.segment]->Value(c, ref.row);
}

uint64_t Evidence::NumRows() const {
  uint64_t n = 0;
  for (const auto* s : segments_) n += s->num_rows();
  return n;
}

Status Evidence::Prefetch(const std::vector<EventRef>& refs) const {
  if (fetcher_ == nullptr) return Status::Unsupported("no case to fetch records from");
  std::vector<EventRef> todo;
  for (const EventRef& r : refs) {
    if (!records_.contains({r.segment, r.row})) todo.push_back(r);
  }
  std::sort(todo.begin(), todo.end(), [](const EventRef& a, const EventRef& b) {
    return std::pair(a.segment, a.row) < std::pair(b.segment, b.row);
  });
  todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
  if (todo.empty()) return Status::Ok();
  std::vector<store::RecordLocation> locs;
  locs.reserve(todo.size());
  for (const EventRef& r : todo) {
    CT_ASSIGN_OR_RETURN(auto loc, segments_[r.segment]->Location(r.row));
    locs.push_back(loc);
  }
  CT_ASSIGN_OR_RETURN(auto texts, fetcher_->FetchMany(locs));
  for (size_t i = 0; i < todo.size(); ++i) {
    CT_ASSIGN_OR_RETURN(Record rec, Record::Parse(texts[i]));
    records_.emplace(std::pair(todo[i].segment, todo[i].row), std::move(rec));
  }
  return Status::Ok();
}

Result<const Record*> Evidence::RecordOf(const EventRef& ref) const {
  auto it = records_.find({ref.segment, ref.row});
  if (it == records_.end()) {
    CT_RETURN_IF_ERROR(Prefetch({ref}));
    it = records_.find({ref.segment, ref.row});
  }
  return &it->second;
}

}  // namespace credtrace::investigate
