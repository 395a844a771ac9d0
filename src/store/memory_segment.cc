#include "store/memory_segment.h"

#include <algorithm>
#include <numeric>
#include <optional>

namespace credtrace::store {

using cloudtrail::FieldOf;
using cloudtrail::FieldType;
using cloudtrail::kNumColumns;

Result<std::unique_ptr<MemorySegment>> MemorySegment::Build(std::vector<MemoryEvent> events) {
  if (events.size() > UINT32_MAX) return Status::TooLarge("too many rows for one segment");
  // Validate, and fill default locations from the input order.
  for (size_t i = 0; i < events.size(); ++i) {
    MemoryEvent& e = events[i];
    std::array<bool, kNumColumns> seen{};
    for (const auto& [c, v] : e.fields) {
      size_t ci = static_cast<size_t>(c);
      if (ci >= kNumColumns) return Status::InvalidArgument("event " + std::to_string(i) + ": bad column");
      const auto& spec = FieldOf(c);
      if (spec.type == FieldType::kTime) {
        return Status::InvalidArgument("event " + std::to_string(i) + ": give eventTime as `time`");
      }
      if (seen[ci]) {
        return Status::InvalidArgument("event " + std::to_string(i) + ": column " +
                                       std::string(spec.path) + " given twice");
      }
      seen[ci] = true;
      if (spec.type == FieldType::kBool && v != "true" && v != "false") {
        return Status::InvalidArgument("event " + std::to_string(i) + ": " + std::string(spec.path) +
                                       " must be true or false, not '" + v + "'");
      }
    }
    if (!e.location) e.location = RecordLocation{0, i, 0, 0};
  }

  std::vector<uint32_t> order(events.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return events[a].time < events[b].time; });

  std::unique_ptr<MemorySegment> seg(new MemorySegment());
  const size_t n = events.size();
  seg->times_.reserve(n);
  seg->locations_.reserve(n);
  for (uint32_t i : order) {
    seg->times_.push_back(events[i].time);
    seg->locations_.push_back(*events[i].location);
  }

  for (const auto& spec : cloudtrail::AllFields()) {
    const size_t ci = static_cast<size_t>(spec.column);
    if (spec.type == FieldType::kBool) {
      std::vector<uint8_t>& out = seg->bools_[ci];
      out.assign(n, 2);
      for (size_t row = 0; row < n; ++row) {
        for (const auto& [c, v] : events[order[row]].fields) {
          if (c == spec.column) out[row] = v == "true" ? 1 : 0;
        }
      }
      continue;
    }
    if (spec.type != FieldType::kString) continue;
    // The value of this column for every row ("" when absent).
    std::vector<std::string_view> vals(n);
    for (size_t row = 0; row < n; ++row) {
      for (const auto& [c, v] : events[order[row]].fields) {
        if (c == spec.column) vals[row] = v;
      }
    }
    StringColumn& col = seg->strings_[ci];
    std::vector<std::string_view> distinct(vals);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    col.dict.values.assign(distinct.begin(), distinct.end());
    col.ids.resize(n);
    std::vector<uint32_t> counts(distinct.size(), 0);
    for (size_t row = 0; row < n; ++row) {
      auto it = std::lower_bound(distinct.begin(), distinct.end(), vals[row]);
      col.ids[row] = static_cast<uint32_t>(it - distinct.begin());
      ++counts[col.ids[row]];
    }
    col.starts.assign(distinct.size() + 1, 0);
    for (size_t i = 0; i < distinct.size(); ++i) col.starts[i + 1] = col.starts[i] + counts[i];
    col.postings.resize(n);
    std::vector<uint32_t> fill(col.starts.begin(), col.starts.end() - 1);
    for (size_t row = 0; row < n; ++row) col.postings[fill[col.ids[row]]++] = static_cast<uint32_t>(row);
  }
  return seg;
}

Status MemorySegment::CheckKind(Column c, FieldType want) const {
  if (static_cast<size_t>(c) >= kNumColumns) return Status::InvalidArgument("bad column");
  if (FieldOf(c).type != want) {
    return Status::InvalidArgument("column " + std::string(FieldOf(c).path) + " has another type");
  }
  return Status::Ok();
}

Result<const DictionaryView*> MemorySegment::Dictionary(Column c) const {
  CT_RETURN_IF_ERROR(CheckKind(c, FieldType::kString));
  return static_cast<const DictionaryView*>(&strings_[static_cast<size_t>(c)].dict);
}

Result<std::span<const uint32_t>> MemorySegment::Ids(Column c) const {
  CT_RETURN_IF_ERROR(CheckKind(c, FieldType::kString));
  return std::span<const uint32_t>(strings_[static_cast<size_t>(c)].ids);
}

Result<std::span<const uint32_t>> MemorySegment::Postings(Column c, uint32_t id) const {
  CT_RETURN_IF_ERROR(CheckKind(c, FieldType::kString));
  const StringColumn& col = strings_[static_cast<size_t>(c)];
  if (id >= col.dict.size()) return Status::InvalidArgument("dictionary id out of range");
  return std::span<const uint32_t>(col.postings).subspan(col.starts[id], col.starts[id + 1] - col.starts[id]);
}

Result<std::span<const uint8_t>> MemorySegment::Bools(Column c) const {
  CT_RETURN_IF_ERROR(CheckKind(c, FieldType::kBool));
  return std::span<const uint8_t>(bools_[static_cast<size_t>(c)]);
}

Result<RecordLocation> MemorySegment::Location(uint32_t row) const {
  if (row >= locations_.size()) return Status::InvalidArgument("row out of range");
  return locations_[row];
}

}  // namespace credtrace::store
