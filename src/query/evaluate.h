// Evaluation of a parsed query over one segment, through the segment's indexes: dictionary
// look-ups and posting lists for string columns, binary search on the sorted times for time
// ranges, and word-level bitmap operations for AND/OR/NOT. No row's value is compared as text,
// except that globs and CIDR blocks are tested once per distinct value of the dictionary.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "query/ast.h"
#include "query/rowset.h"
#include "store/segment_view.h"

namespace credtrace::query {

// The rows of `segment` that match `query`. Errors are the segment's (a corrupt or unreadable
// column); an empty query matches every row.
Result<RowSet> Evaluate(const Query& query, const store::SegmentView& segment);

// The number of rows of `segment` that match `query`. For a single indexed term (an exact value,
// an absent value, a time range) it reads only the index sizes; otherwise it counts the bits of
// Evaluate's bitmap, never building a row list.
Result<uint64_t> CountRows(const Query& query, const store::SegmentView& segment);

}  // namespace credtrace::query
