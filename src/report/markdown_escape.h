// Escaping for Markdown (CommonMark and GitHub tables). A value from the logs must stay text in
// any renderer: every ASCII punctuation character that can make markup inside a line (emphasis,
// code, links, images, HTML, entities, table cells, strikethrough, bare autolinks) is
// backslash-escaped, which CommonMark guarantees renders as the character itself; line breaks
// become spaces, so a value never leaves its table cell or paragraph, and never starts a line
// (where # - + . would mean something); invalid UTF-8 and control characters become U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace credtrace::report {

std::string EscapeMarkdown(std::string_view s);

}  // namespace credtrace::report
