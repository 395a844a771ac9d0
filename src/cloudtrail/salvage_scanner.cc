#include "cloudtrail/salvage_scanner.h"

#include <string>

namespace credtrace::cloudtrail {

void ScanObjectsAtDepth(std::string_view s, size_t from, int depth,
                        const std::function<void(size_t, size_t, bool)>& on_object) {
  // A stack of open brackets. A closer that does not match the innermost opener is repaired the
  // way that keeps record boundaries: a stray ']' inside an object is ignored; a '}' inside an
  // array closes the array(s) up to the nearest object.
  std::string stack;
  bool in_string = false;
  size_t begin = 0;
  bool open = false;
  const size_t want = static_cast<size_t>(depth);
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
        if (stack.size() == want && !open) {
          begin = i;
          open = true;
        }
        stack.push_back('{');
        break;
      case '[': stack.push_back('['); break;
      case ']':
        if (!stack.empty() && stack.back() == '[') stack.pop_back();
        break;  // a stray ']' is ignored
      case '}':
        while (!stack.empty() && stack.back() == '[') stack.pop_back();
        if (!stack.empty()) stack.pop_back();
        if (open && stack.size() == want) {
          on_object(begin, i + 1, true);
          open = false;
        }
        break;
      default: break;
    }
  }
  if (open) on_object(begin, s.size(), false);
}

int GuessRecordDepth(std::string_view s, size_t i) {
  auto skip_ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  };
  skip_ws();
  if (i >= s.size()) return 0;
  if (s[i] == '[') return 1;
  if (s[i] != '{') return 0;
  ++i;
  skip_ws();
  if (s.substr(i, 9) == "\"Records\"" || s.substr(i, 8) == "\"Events\"") return 2;
  return 0;
}

}  // namespace credtrace::cloudtrail
