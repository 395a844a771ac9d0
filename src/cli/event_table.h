// A readable table of events for a terminal: one line per event, the columns a responder reads
// first. Log-derived text is made terminal-safe (util.h SafeText).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "query/search.h"
#include "store/segment_view.h"

namespace credtrace::cli {

// With `aligned`, columns are padded and long values cut; otherwise values are tab-separated
// and complete (for awk and cut).
Result<std::string> RenderEventTable(std::span<const store::SegmentView* const> segments,
                                     const std::vector<query::Match>& matches, bool aligned);

}  // namespace credtrace::cli
