#include "report/markdown_escape.h"

#include <cstring>

#include "base/utf8.h"
#include "report/html_escape.h"

namespace credtrace::report {

std::string EscapeMarkdown(std::string_view s) {
  // First make it valid, safe UTF-8 without control characters (the HTML escaper's rules), then
  // undo its entities: Markdown escapes by backslash.
  std::string out;
  out.reserve(s.size() + 8);
  // Values never start a line (line breaks become spaces and every value follows a label, a list
  // marker or a table pipe), so the characters that only mean something at the start of a line
  // (# + - . = and digits) stay as they are, for reading the file raw. These can make markup
  // anywhere: emphasis, code, links and images, HTML and entities, table cells, strikethrough,
  // and GitHub's bare autolinks (scheme://, www., user@host).
  static const char* kPunct = "\\`*_[]<>|~&@";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\r' || c == '\t') {
      out.push_back(' ');
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) {
        out.append("\xEF\xBF\xBD");
      } else {
        bool autolink = (c == ':' && s.substr(i + 1, 2) == "//") || (c == '.' && i >= 3 && (s.substr(i - 3, 3) == "www" || s.substr(i - 3, 3) == "WWW"));
        if (std::strchr(kPunct, static_cast<char>(c)) || autolink) out.push_back('\\');
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: let the HTML escaper validate it (it never emits entities for it).
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
      continue;
    }
    out += EscapeHtml(s.substr(i, n));  // overlong forms, surrogates, bidi controls -> U+FFFD
    i += n;
  }
  return out;
}

}  // namespace credtrace::report
