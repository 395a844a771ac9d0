// Finds the extents of JSON objects at a given nesting depth without trusting the content to be
// valid JSON: the fallback that keeps every valid record of a damaged source.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace credtrace::cloudtrail {

// Calls on_object(begin, end, complete) for every object that opens at `depth` (0 = top level),
// in order. end is one past the closing brace; when the content ends first, end is the size of
// the content and complete is false. Strings and escapes are honoured, so braces inside strings
// do not count. Unbalanced closing brackets are ignored (the depth never goes below zero).
void ScanObjectsAtDepth(std::string_view content, size_t from, int depth,
                        const std::function<void(size_t begin, size_t end, bool complete)>& on_object);

// The depth at which records sit, guessed from how the content starts: 2 for {"Records":[ and
// {"Events":[, 1 for a top-level array, 0 otherwise (JSON lines, concatenated objects).
int GuessRecordDepth(std::string_view content, size_t from);

}  // namespace credtrace::cloudtrail
