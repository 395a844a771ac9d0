// Escaping of values from the logs for HTML and Markdown.
#include <gtest/gtest.h>

#include "report/html_escape.h"
#include "report/markdown_escape.h"

namespace credtrace::report {
namespace {

TEST(HtmlEscape, MarkupBecomesText) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
  EXPECT_EQ(EscapeHtml("a&b"), "a&amp;b");
  EXPECT_EQ(EscapeHtml("]]><!--"), "]]&gt;&lt;!--");
}

TEST(HtmlEscape, BadBytesAndControlsBecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(EscapeHtml(std::string("a\xFF" "b")), "a" + r + "b");
  EXPECT_EQ(EscapeHtml(std::string("\xC0\xAF")), r + r) << "overlong '/'";
  EXPECT_EQ(EscapeHtml(std::string("\xED\xA0\x80")), r + r + r) << "a surrogate";
  EXPECT_EQ(EscapeHtml(std::string("x\x1b[31m")), "x" + r + "[31m");
  EXPECT_EQ(EscapeHtml("evil\xE2\x80\xAEtxt.exe"), "evil" + r + "txt.exe") << "right-to-left override";
  EXPECT_EQ(EscapeHtml("tab\tnew\nline"), "tab\tnew\nline");
  EXPECT_EQ(EscapeHtml("caf\xC3\xA9 \xF0\x9F\x94\x91"), "caf\xC3\xA9 \xF0\x9F\x94\x91");
}

TEST(MarkdownEscape, ValuesStayText) {
  EXPECT_EQ(EscapeMarkdown("a|b"), "a\\|b") << "a table cell stays one cell";
  EXPECT_EQ(EscapeMarkdown("line\nbreak"), "line break");
  EXPECT_EQ(EscapeMarkdown("[click](http://evil)"), "\\[click\\](http\\://evil)");
  EXPECT_EQ(EscapeMarkdown("www.evil.example"), "www\\.evil.example") << "no bare autolink";
  EXPECT_EQ(EscapeMarkdown("root@evil.example"), "root\\@evil.example");
  EXPECT_EQ(EscapeMarkdown("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
  EXPECT_EQ(EscapeMarkdown("**bold** `code` _x_ ~~s~~"), "\\*\\*bold\\*\\* \\`code\\` \\_x\\_ \\~\\~s\\~\\~");
  EXPECT_EQ(EscapeMarkdown("&lt;"), "\\&lt;") << "no entity";
  EXPECT_EQ(EscapeMarkdown("arn:aws:iam::111122223333:user/a-b.c 2024-11-05T09:00:00Z"),
            "arn:aws:iam::111122223333:user/a-b.c 2024-11-05T09:00:00Z") << "ARNs and times read as they are";
  EXPECT_EQ(EscapeMarkdown(std::string("\xFF")), "\xEF\xBF\xBD");
  EXPECT_EQ(EscapeMarkdown("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace credtrace::report
