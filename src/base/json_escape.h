// Writing JSON text by hand, for the paths where a DOM costs too much (simulator, exports).
#pragma once

#include <string>
#include <string_view>

namespace credtrace {

// Appends s as a JSON string literal (with quotes). Control characters, quotes and backslashes
// are escaped; bytes that are not valid UTF-8 become U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string* out, std::string_view s);

// Returns true when s is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace credtrace
