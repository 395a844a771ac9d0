#include "report/html_escape.h"

#include <cstdint>

namespace credtrace::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i] (1-4), or 0 when the bytes there are not one.
size_t Utf8Length(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    v = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    v = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return n;
}

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
    size_t n = Utf8Length(s, i, &cp);
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
