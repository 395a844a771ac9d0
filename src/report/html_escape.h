// Escaping for HTML and SVG. Every string that reaches a report comes, directly or not, from logs
// the attacker wrote (user agents, resource names, error messages, policy documents): it is
// escaped here, once, at the point where it is written into markup, never before.
#pragma once

#include <string>
#include <string_view>

namespace credtrace::report {

// Appends `s` escaped for HTML/XML text and for attribute values in double or single quotes:
// & < > " ' are written as entities; bytes that are not valid UTF-8, control characters other
// than tab and newline, and the Unicode line/paragraph separators and bidirectional overrides
// (which can make a value read backwards) become U+FFFD. The result never closes an element, an
// attribute, a comment or a CDATA section, whatever `s` holds.
void AppendHtml(std::string* out, std::string_view s);
std::string EscapeHtml(std::string_view s);

}  // namespace credtrace::report
