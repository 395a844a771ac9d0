// Error messages for bad queries: the reason, then the query, then a caret under the offending
// character, so a responder sees at once where the query went wrong.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace credtrace::query {

// InvalidArgument with the message
//   "<reason>\n  <text>\n  <spaces>^"
// where the caret sits under byte offset `pos` of `text` (counted in characters, so UTF-8 text
// lines up; pos == text.size() points just past the end). Tabs and newlines in the query are
// shown as spaces.
Status QueryError(std::string_view text, size_t pos, std::string_view reason);

// Levenshtein distance between a and b, ignoring ASCII case.
size_t EditDistance(std::string_view a, std::string_view b);

// The field path or alias (as written in the field table) nearest to `name`, when one is close
// enough to be a plausible typo (distance at most max(2, |name|/3)).
std::optional<std::string> NearestFieldName(std::string_view name);

}  // namespace credtrace::query
