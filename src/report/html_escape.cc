#include "report/html_escape.h"

#include <cstdint>

#include "base/utf8.h"

namespace credtrace::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD


bool Unsafe(uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return true;     // DEL, C1 controls
  if (cp == 0x2028 || cp == 0x2029) return true;                 // line / paragraph separators
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;  // bidi
  if (cp == 0xFEFF) return true;                                 // BOM / zero-width no-break
  return false;
}

}  // namespace

void AppendHtml(std::string* out, std::string_view s) {
  out->reserve(out->size() + s.size());
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    switch (c) {
      case '&': out->append("&amp;"); ++i; continue;
      case '<': out->append("&lt;"); ++i; continue;
      case '>': out->append("&gt;"); ++i; continue;
      case '"': out->append("&quot;"); ++i; continue;
      case '\'': out->append("&#39;"); ++i; continue;
      default: break;
    }
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      out->append(kReplacement);
      ++i;
      continue;
    }
    if (Unsafe(cp)) {
      out->append(kReplacement);
    } else {
      out->append(s.substr(i, n));
    }
    i += n;
  }
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  AppendHtml(&out, s);
  return out;
}

}  // namespace credtrace::report
