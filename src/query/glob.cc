#include "query/glob.h"

namespace credtrace::query {

Glob::Glob(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      text_.push_back(pattern[++i]);
      kind_.push_back(0);
    } else if (c == '*' || c == '?') {
      text_.push_back(c);
      kind_.push_back(c);
      has_wildcards_ = true;
    } else {
      text_.push_back(c);
      kind_.push_back(0);
    }
  }
  size_t i = 0;
  while (i < text_.size() && kind_[i] == 0) prefix_.push_back(text_[i++]);
  prefix_only_ = i + 1 == text_.size() && kind_[i] == '*';
}

bool Glob::Matches(std::string_view s) const {
  // Greedy matching with backtracking to the last star: O(|s| * |pattern|) worst case, linear
  // for the usual patterns.
  size_t p = 0, i = 0;
  size_t star_p = std::string::npos, star_i = 0;
  const size_t np = text_.size();
  while (i < s.size()) {
    if (p < np && kind_[p] == '*') {
      star_p = p++;
      star_i = i;
    } else if (p < np && (kind_[p] == '?' || text_[p] == s[i])) {
      ++p;
      ++i;
    } else if (star_p != std::string::npos) {
      p = star_p + 1;
      i = ++star_i;
    } else {
      return false;
    }
  }
  while (p < np && kind_[p] == '*') ++p;
  return p == np;
}

std::string Unescape(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    out.push_back(pattern[i]);
  }
  return out;
}

}  // namespace credtrace::query
