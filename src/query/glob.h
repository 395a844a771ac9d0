// Glob patterns over column values: `*` matches any run of bytes (also none), `?` exactly one
// byte, and a backslash makes the next character literal (`\*`, `\?`, `\\`). Matching is
// byte-wise and case-sensitive, like CloudTrail values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credtrace::query {

class Glob {
 public:
  // Compiles a pattern written with the escapes above. Never fails: a trailing lone backslash
  // stands for itself.
  explicit Glob(std::string_view pattern);

  // True when the pattern has an unescaped `*` or `?`.
  bool has_wildcards() const { return has_wildcards_; }
  // The literal text before the first wildcard, unescaped (the whole value when none).
  const std::string& literal_prefix() const { return prefix_; }
  // True when the pattern is `prefix*`: every value starting with literal_prefix() matches.
  bool is_prefix_only() const { return prefix_only_; }
  // True when `s` matches the whole pattern.
  bool Matches(std::string_view s) const;

 private:
  std::string text_;          // unescaped characters
  std::vector<char> kind_;    // per character of text_: 0 literal, '*' or '?'
  std::string prefix_;
  bool has_wildcards_ = false;
  bool prefix_only_ = false;
};

// Removes the escapes of a pattern without wildcards ("a\*b" -> "a*b").
std::string Unescape(std::string_view pattern);

}  // namespace credtrace::query
