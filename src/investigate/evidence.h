// The investigation's access to a case: index look-ups over every segment (rows where a column
// holds a value, in time order, without scanning), column values of a row, and original records
// fetched in batches and parsed once.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "investigate/model.h"
#include "investigate/record.h"
#include "store/case.h"
#include "store/segment_view.h"

namespace credtrace::investigate {

using cloudtrail::Column;

inline constexpr TimeMs kMinTime = std::numeric_limits<TimeMs>::min();
inline constexpr TimeMs kMaxTime = std::numeric_limits<TimeMs>::max();

class Evidence {
 public:
  // `c` may be null when records are never fetched (tests over memory segments).
  Evidence(store::Case* c, std::vector<const store::SegmentView*> segments);

  const std::vector<const store::SegmentView*>& segments() const { return segments_; }

  // Rows whose column `c` equals `value` (exactly), with from <= eventTime <= to, by time.
  Result<std::vector<EventRef>> Rows(Column c, std::string_view value, TimeMs from = kMinTime,
                                     TimeMs to = kMaxTime) const;
  // Rows whose eventName is `pattern` (exact, or a prefix ending in '*', as Lambda's versioned
  // names need), with from <= eventTime <= to, by time.
  Result<std::vector<EventRef>> RowsByName(std::string_view pattern, TimeMs from = kMinTime,
                                           TimeMs to = kMaxTime) const;
  // The value of a string column at a row ("" when absent).
  Result<std::string_view> Value(const EventRef& ref, Column c) const;
  // Total rows in the case.
  uint64_t NumRows() const;

  // The original record of each ref, parsed; fetched in one batch (each evidence file inflated
  // once), kept for later calls. Records that do not parse are reported as errors.
  // Logically const: the cache is an implementation detail.
  Status Prefetch(const std::vector<EventRef>& refs) const;
  Result<const Record*> RecordOf(const EventRef& ref) const;
  // Forgets the parsed records (they cost several times their text): callers work in batches so
  // that memory stays bounded however many events an attacker made.
  void DropRecords() const { records_.clear(); }

 private:
  store::Case* case_;
  std::vector<const store::SegmentView*> segments_;
  mutable std::unique_ptr<store::RecordFetcher> fetcher_;
  mutable std::map<std::pair<uint32_t, uint32_t>, Record> records_;
};

}  // namespace credtrace::investigate
