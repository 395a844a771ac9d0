#include "cli/util.h"

#include <cstdio>

#include "cli/cli.h"

namespace credtrace::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "credtrace: %s\n", SafeText(s.message()).c_str());
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitError;
}

int UsageError(const std::string& message) {
  // Our own message (a query error spans lines: the query, then a caret under the error).
  std::string out;
  size_t start = 0;
  while (start <= message.size()) {
    size_t nl = message.find('\n', start);
    if (nl == std::string::npos) nl = message.size();
    out += (start ? "\n" : "") + SafeText(std::string_view(message).substr(start, nl - start));
    start = nl + 1;
  }
  std::fprintf(stderr, "credtrace: %s\n", out.c_str());
  return kExitUsage;
}

std::string SafeText(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {  // control characters, DEL
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
      continue;
    }
    // Multi-byte UTF-8: copy a valid sequence, except C1 controls (U+0080..U+009F).
    size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) ok = false;
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
    }
  }
  return out;
}

std::string Fit(std::string_view s, size_t width) {
  size_t cols = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (cols + 1 > width) break;
    ++cols;
    i += n;
  }
  if (i >= s.size()) return std::string(s);
  // Leave room for the ellipsis.
  size_t j = 0, k = 0;
  while (j < s.size() && k + 1 < width) {
    unsigned char c = static_cast<unsigned char>(s[j]);
    j += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    ++k;
  }
  return std::string(s.substr(0, std::min(j, s.size()))) + "\xE2\x80\xA6";
}

}  // namespace credtrace::cli
