#include "report/charts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace credtrace::report {
namespace {

constexpr TimeMs kT0 = 1730797200000;  // 2024-11-05T09:00:00Z
constexpr TimeMs kMin = 60'000, kHour = 60 * kMin, kDay = 24 * kHour;

const char* const kCategoryNames[] = {"recon",
                                      "data-access",
                                      "identity",
                                      "persistence",
                                      "privilege-escalation",
                                      "lateral-movement",
                                      "initial-access",
                                      "resource-creation",
                                      "modification",
                                      "deletion",
                                      "defense-evasion",
                                      "credential-access",
                                      "exfiltration",
                                      "impact"};

// Deterministic test data (splitmix64): the same bytes on every run and every machine.
struct Rng {
  uint64_t state;
  uint64_t operator()(uint64_t n) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (z ^ (z >> 31)) % n;
  }
};

size_t Count(std::string_view s, std::string_view needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string_view::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// A small XML check, strict where the charts must be: one <svg> root, tags balanced, every
// attribute double-quoted and unique on its element, no '<' or '>' in text or values, every '&' an
// entity, only the elements the charts use, no event handler, link, style or script.
::testing::AssertionResult WellFormed(const std::string& s) {
  static const std::set<std::string> kElements = {"svg",  "title", "g",   "rect",
                                                  "text", "line",  "path"};
  auto fail = [&](size_t at, const std::string& why) {
    return ::testing::AssertionFailure()
           << why << " at " << at << ": ..." << s.substr(at > 40 ? at - 40 : 0, 100) << "...";
  };
  auto entity_ok = [&](size_t i) {
    for (std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
      if (s.compare(i, e.size(), e) == 0) return true;
    return false;
  };
  if (s.rfind("<svg ", 0) != 0) return fail(0, "does not start with <svg");
  std::vector<std::string> stack;
  int roots = 0;
  size_t i = 0;
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':';
  };
  while (i < s.size()) {
    char c = s[i];
    if (c == '>') return fail(i, "raw > in text");
    if (c == '&') {
      if (!entity_ok(i)) return fail(i, "bare &");
      ++i;
      continue;
    }
    if (c != '<') {
      if (stack.empty()) return fail(i, "text outside the root");
      ++i;
      continue;
    }
    if (s.compare(i, 2, "</") == 0) {
      size_t j = i + 2;
      while (j < s.size() && is_name(s[j])) ++j;
      std::string name = s.substr(i + 2, j - i - 2);
      if (j >= s.size() || s[j] != '>') return fail(i, "bad closing tag");
      if (stack.empty() || stack.back() != name) return fail(i, "unbalanced </" + name + ">");
      stack.pop_back();
      i = j + 1;
      if (stack.empty() && i != s.size()) return fail(i, "content after the root");
      continue;
    }
    size_t j = i + 1;
    while (j < s.size() && is_name(s[j])) ++j;
    std::string name = s.substr(i + 1, j - i - 1);
    if (!kElements.count(name)) return fail(i, "element <" + name + ">");
    if (stack.empty() && ++roots > 1) return fail(i, "second root");
    std::set<std::string> attrs;
    bool self_closing = false;
    for (;;) {
      while (j < s.size() && s[j] == ' ') ++j;
      if (j >= s.size()) return fail(i, "unterminated tag");
      if (s[j] == '>') break;
      if (s.compare(j, 2, "/>") == 0) {
        self_closing = true;
        ++j;
        break;
      }
      size_t a = j;
      while (j < s.size() && is_name(s[j])) ++j;
      std::string attr = s.substr(a, j - a);
      if (attr.empty()) return fail(j, "bad attribute");
      std::string lower = attr;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower.rfind("on", 0) == 0 || lower.find("href") != std::string::npos ||
          lower == "style" || lower == "src")
        return fail(a, "attribute " + attr);
      if (!attrs.insert(attr).second) return fail(a, "duplicate attribute " + attr);
      if (s.compare(j, 2, "=\"") != 0) return fail(j, "unquoted attribute " + attr);
      j += 2;
      for (; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '<' || s[j] == '>') return fail(j, "< or > in an attribute value");
        if (s[j] == '&' && !entity_ok(j)) return fail(j, "bare & in an attribute value");
      }
      if (j >= s.size()) return fail(a, "unterminated attribute value");
      std::string value = s.substr(a, j - a);
      if (value.find("url(") != std::string::npos) return fail(a, "url() in an attribute");
      ++j;
    }
    if (!self_closing) stack.push_back(name);
    i = j + 1;
    if (stack.empty() && i != s.size()) return fail(i, "content after the root");
  }
  if (!stack.empty()) return fail(s.size(), "unclosed <" + stack.back() + ">");
  if (!ValidUtf8(s)) return ::testing::AssertionFailure() << "not UTF-8";
  return ::testing::AssertionSuccess();
}

// No coordinate is NaN, infinite or in exponent form: the geometric attributes hold only digits,
// '.', '-', spaces and the letters of a path or a rotation.
bool NumbersFinite(const std::string& s) {
  for (std::string_view attr : {" x=\"", " y=\"", " width=\"", " height=\"", " x1=\"", " y1=\"",
                                " x2=\"", " y2=\"", " d=\"", " viewBox=\"", " transform=\""}) {
    for (size_t p = s.find(attr); p != std::string::npos; p = s.find(attr, p + 1)) {
      size_t start = p + attr.size(), end = s.find('"', start);
      std::string_view v(s.data() + start, end - start);
      if (attr == " width=\"" && v == "100%") continue;
      if (v.empty() || v.find_first_not_of("0123456789.- MCrotae()") != std::string_view::npos)
        return false;
    }
  }
  return true;
}

std::vector<ActivityPoint> RealisticActivity(size_t n, size_t credentials, TimeMs span,
                                             uint64_t seed) {
  Rng rng{seed};
  std::vector<ActivityPoint> points;
  for (size_t i = 0; i < n; ++i) {
    ActivityPoint p;
    p.time = kT0 + static_cast<TimeMs>(rng(static_cast<uint64_t>(span)));
    p.category = rng(6) == 0 ? "" : kCategoryNames[rng(4) == 0 ? rng(14) : rng(4)];
    p.lane = rng(20) == 0 ? "" : "ASIA" + std::to_string(1000000 + rng(credentials));
    p.failed = rng(8) == 0;
    points.push_back(p);
  }
  return points;
}

std::vector<LineageNode> RealisticLineage() {
  std::vector<LineageNode> nodes = {
      {"AKIASEED", "", "access-key", "ci-deploy", "AKIASEED", true, false},
      {"pw", "AKIASEED", "console-password", "alice", "CreateLoginProfile", false, false},
      {"cs", "pw", "console-session", "alice", "ConsoleLogin", false, false},
      {"ASIA1", "AKIASEED", "role-session", "Admin/x", "AssumeRole", false, false},
      {"AKIABACK", "ASIA1", "access-key", "backup", "CreateAccessKey", false, false},
      {"ASIAFED", "AKIABACK", "federation-token", "bob", "GetFederationToken", false, false},
      {"ASIAEC2", "ASIA1", "instance-profile-session", "i-0abc", "RunInstances", false, false},
      {"ASIAFN", "ASIA1", "lambda-session", "fn", "CreateFunction", false, false},
      {"ASIASTS", "AKIASEED", "session-token", "ci-deploy", "GetSessionToken", false, false},
      {"AKIASUS", "", "access-key", "old-user", "same IP", false, true},
      {"X", "nowhere", "something-new", "orphan", "", false, false},
  };
  return nodes;
}

std::vector<MatrixCell> RealisticMatrix() {
  const char* accounts[] = {"111122223333", "222233334444", "333344445555"};
  const char* regions[] = {"us-east-1",      "us-west-2",    "eu-west-1",
                           "ap-southeast-2", "eu-central-1", "sa-east-1"};
  std::vector<MatrixCell> cells;
  Rng rng{7};
  for (const char* a : accounts)
    for (const char* r : regions) cells.push_back({a, r, static_cast<double>(rng(1000))});
  return cells;
}

std::vector<Bar> RealisticBars() {
  std::vector<Bar> bars;
  for (int i = 0; i < 12; ++i)
    bars.push_back(
        {"203.0.113." + std::to_string(i), i % 2 ? "AS64500 Example" : "", 1000.0 / (i + 1)});
  return bars;
}

// Every chart of one set of inputs, for the checks that apply to all of them.
std::vector<std::string> AllCharts(const std::vector<ActivityPoint>& points,
                                   const std::vector<LineageNode>& nodes,
                                   const std::vector<MatrixCell>& cells,
                                   const std::vector<Bar>& bars, std::string_view text,
                                   const ChartOptions& opt) {
  return {ActivityByCategorySvg(points, opt), ActivityByLaneSvg(points, opt),
          LineageGraphSvg(nodes, opt), MatrixSvg(cells, text, text, opt),
          BarChartSvg(bars, text, opt)};
}

TEST(Charts, CategoryColorsAreStableAndDistinct) {
  std::set<std::string> colors;
  for (const char* c : kCategoryNames) {
    std::string_view color = CategoryColor(c);
    ASSERT_EQ(color.size(), 7u) << c;
    EXPECT_EQ(color[0], '#');
    EXPECT_EQ(color.find_first_not_of("#0123456789ABCDEFabcdef"), std::string_view::npos);
    EXPECT_EQ(CategoryColor(c), color);
    colors.insert(std::string(color));
  }
  EXPECT_EQ(colors.size(), 14u);
  std::string_view grey = CategoryColor("");
  EXPECT_EQ(CategoryColor("no-such-category"), grey);
  EXPECT_EQ(CategoryColor("Recon"), grey);  // the schema's names are lower case
  EXPECT_EQ(colors.count(std::string(grey)), 0u);
  // Pinned: the report's readers learn the colors; a change should be deliberate.
  EXPECT_EQ(CategoryColor("recon"), "#88CCEE");
  EXPECT_EQ(CategoryColor("impact"), "#661100");
}

TEST(Charts, EmptyInputGivesASmallSvgSayingSo) {
  ChartOptions opt;
  for (const std::string& svg : AllCharts({}, {}, {}, {}, "", opt)) {
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_LT(svg.size(), 2000u);
  }
  EXPECT_NE(ActivityByCategorySvg({}, opt).find(">no events<"), std::string::npos);
  EXPECT_NE(ActivityByLaneSvg({}, opt).find(">no events<"), std::string::npos);
  EXPECT_NE(LineageGraphSvg({}, opt).find(">no credentials<"), std::string::npos);
  // Points without a time are no events either.
  ActivityPoint untimed;
  untimed.time = kNoTime;
  EXPECT_NE(ActivityByLaneSvg({untimed}, opt).find(">no events<"), std::string::npos);
}

TEST(Charts, RealisticChartsAreWellFormed) {
  ChartOptions opt;
  opt.title = "Incident 42";
  auto charts = AllCharts(RealisticActivity(2000, 30, 3 * kDay, 1), RealisticLineage(),
                          RealisticMatrix(), RealisticBars(), "events", opt);
  for (const std::string& svg : charts) {
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_TRUE(NumbersFinite(svg));
    EXPECT_NE(svg.find("viewBox=\"0 0 "), std::string::npos);
    EXPECT_NE(svg.find("width=\"100%\""), std::string::npos);
    EXPECT_NE(svg.find(">Incident 42</text>"), std::string::npos);
    EXPECT_NE(svg.find("font-family=\""), std::string::npos);
  }
}

TEST(Charts, HostileLabelsAreEscapedInEveryChart) {
  const std::vector<std::string> hostile = {
      "<script>alert(1)</script>", "</svg><img src=x onerror=alert(1)>",
      "\" onload=\"alert(1)",      "' onmouseover='alert(1)",
      "a&b &amp; &#x3c;",          "ctl\x01\x1b[31m\x7f",
      "bad\xff\xfe utf8 \xc3",     "rtl \xe2\x80\xae override",
      "<![CDATA[ ]]> <!-- -->",    "<foreignObject><style>*{background:url(http://x)}</style>",
  };
  std::vector<ActivityPoint> points;
  std::vector<LineageNode> nodes;
  std::vector<MatrixCell> cells;
  std::vector<Bar> bars;
  for (size_t i = 0; i < hostile.size(); ++i) {
    const std::string& h = hostile[i];
    points.push_back({kT0 + static_cast<TimeMs>(i) * kMin, h, h, i % 2 == 0});
    nodes.push_back({h + std::to_string(i), i ? hostile[i - 1] + std::to_string(i - 1) : "", h, h,
                     h, i == 0, i == 3});
    cells.push_back({h, hostile[(i + 1) % hostile.size()], static_cast<double>(i + 1)});
    bars.push_back({h, h, static_cast<double>(i + 1)});
  }
  ChartOptions opt;
  opt.title = hostile[0] + hostile[1];
  opt.max_bars = 100;
  opt.max_lanes = 100;
  auto charts = AllCharts(points, nodes, cells, bars, hostile[1], opt);
  for (const std::string& svg : charts) {
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("<img"), std::string::npos);
    EXPECT_EQ(svg.find("<foreignObject"), std::string::npos);
    EXPECT_EQ(svg.find("<style"), std::string::npos);
    // The handlers survive only as text: their quotes are entities (WellFormed checks that no
    // attribute is named on*).
    EXPECT_EQ(svg.find("onload=\""), std::string::npos);
    EXPECT_EQ(svg.find("onmouseover='"), std::string::npos);
    if (&svg != &charts[0]) {  // the first chart shows only the title, which has no handler
      EXPECT_NE(svg.find("onload=&quot;"), std::string::npos);
    }
    EXPECT_EQ(Count(svg, "</svg>"), 1u);
    EXPECT_EQ(svg.rfind("</svg>"), svg.size() - 6);
    EXPECT_EQ(svg.find('\x1b'), std::string::npos);
    EXPECT_EQ(svg.find("\xe2\x80\xae"), std::string::npos);
    // The text is there, as text.
    EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(svg.find("&lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  }
  // Labels that are cut to fit are still escaped (the cut falls before or after an entity,
  // never inside one: WellFormed checks every '&').
  EXPECT_NE(BarChartSvg(bars, "", opt).find("&quot; onload=&quot;alert(1)"), std::string::npos);
  EXPECT_NE(ActivityByLaneSvg(points, opt).find("a&amp;b &amp;amp; &amp;#x3c;"), std::string::npos);
}

TEST(Charts, OutputIsDeterministicAndIndependentOfInputOrder) {
  ChartOptions opt;
  auto points = RealisticActivity(3000, 40, 2 * kDay, 3);
  auto first = AllCharts(points, RealisticLineage(), RealisticMatrix(), RealisticBars(), "x", opt);
  auto again = AllCharts(points, RealisticLineage(), RealisticMatrix(), RealisticBars(), "x", opt);
  EXPECT_EQ(first, again);

  // Counts do not depend on the order of the events, cells or bars.
  auto shuffled = points;
  std::reverse(shuffled.begin(), shuffled.end());
  std::rotate(shuffled.begin(), shuffled.begin() + 777, shuffled.end());
  EXPECT_EQ(ActivityByCategorySvg(shuffled, opt), first[0]);
  EXPECT_EQ(ActivityByLaneSvg(shuffled, opt), first[1]);
  auto cells = RealisticMatrix();
  std::reverse(cells.begin(), cells.end());
  EXPECT_EQ(MatrixSvg(cells, "x", "x", opt), first[3]);
  auto bars = RealisticBars();
  std::reverse(bars.begin(), bars.end());
  EXPECT_EQ(BarChartSvg(bars, "x", opt), first[4]);
}

TEST(Charts, LaneChartOf200kPointsStaysSmall) {
  ChartOptions opt;
  auto points = RealisticActivity(200'000, 5000, 30 * kDay, 5);
  std::string svg = ActivityByLaneSvg(points, opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_LT(svg.size(), 2'000'000u) << svg.size();
  EXPECT_LE(Count(svg, "<rect"), 9000u);
  // 24 rows: 23 credentials and the others.
  EXPECT_NE(svg.find("others (4,"), std::string::npos);
  EXPECT_NE(svg.find(" 200,000 events ("), std::string::npos);

  // The widest chart with the most lanes keeps to the same budget of marks.
  opt.width = 100000;
  opt.max_lanes = 100000;
  svg = ActivityByLaneSvg(points, opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_LT(svg.size(), 2'000'000u) << svg.size();

  std::string by_category = ActivityByCategorySvg(points, ChartOptions{});
  EXPECT_TRUE(WellFormed(by_category));
  EXPECT_LT(by_category.size(), 300'000u);
}

TEST(Charts, LineageOf5000NodesStaysBounded) {
  ChartOptions opt;
  const std::string huge(10'000, '"');
  // A seed with 4,999 different children.
  std::vector<LineageNode> star = {{"seed", "", "access-key", "seed", "", true, false}};
  for (int i = 1; i < 5000; ++i)
    star.push_back({"n" + std::to_string(i), "seed", "role-session", "role" + std::to_string(i), "",
                    false, false});
  // A chain 5,000 deep.
  std::vector<LineageNode> chain;
  for (int i = 0; i < 5000; ++i)
    chain.push_back({"c" + std::to_string(i), i ? "c" + std::to_string(i - 1) : "", "role-session",
                     "hop" + std::to_string(i), "", i == 0, false});
  // A random tree with the worst text for size: every character becomes "&quot;".
  std::vector<LineageNode> tree;
  Rng rng{11};
  for (int i = 0; i < 5000; ++i)
    tree.push_back({huge + std::to_string(i),
                    i ? huge + std::to_string(rng(static_cast<uint64_t>(i))) : "", "access-key",
                    huge + std::to_string(i), huge, i % 100 == 0, i % 7 == 0});
  // 5,000 roots.
  std::vector<LineageNode> roots;
  for (int i = 0; i < 5000; ++i)
    roots.push_back({"r" + std::to_string(i), "", "access-key", huge, "", false, false});

  for (const auto* nodes : {&star, &chain, &tree, &roots}) {
    std::string svg = LineageGraphSvg(*nodes, opt);
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_LT(svg.size(), 2'000'000u) << svg.size();
    // Boxes, legend swatches and the background: at most 200 boxes.
    EXPECT_LE(Count(svg, "<rect"), 200u + 12u);
  }
  std::string svg = LineageGraphSvg(star, opt);
  EXPECT_NE(svg.find("\xE2\x80\xA6 4,980 more"),
            std::string::npos);  // 19 drawn, the rest in one box
  EXPECT_NE(svg.find("credentials not drawn one by one"), std::string::npos);
  svg = LineageGraphSvg(chain, opt);
  EXPECT_NE(svg.find("\xE2\x80\xA6 4,990 more"), std::string::npos);  // 10 generations
  EXPECT_NE(svg.find("deeper credentials"), std::string::npos);
}

TEST(Charts, LongLabelsAreCutAtCodePointBoundaries) {
  for (std::string unit : {"W", "\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xFF", "&"}) {
    std::string label;
    for (int i = 0; i < 10'000; ++i) label += unit;
    std::vector<ActivityPoint> points = {{kT0, "recon", label, false}};
    std::vector<LineageNode> nodes = {{label, "", "access-key", label, label, true, false}};
    std::vector<MatrixCell> cells = {{label, label, 5}};
    std::vector<Bar> bars = {{label, label, 5}};
    ChartOptions opt;
    opt.title = label;
    for (const std::string& svg : AllCharts(points, nodes, cells, bars, label, opt)) {
      EXPECT_TRUE(WellFormed(svg));  // includes: valid UTF-8
      EXPECT_LT(svg.size(), 40'000u) << unit;
      EXPECT_NE(svg.find("\xE2\x80\xA6<"), std::string::npos) << unit;  // a text cut with "…"
      // No visible text holds more than a line's worth of the label.
      std::string run;
      for (int i = 0; i < 250; ++i)
        run += unit == "\xFF" ? "\xEF\xBF\xBD" : unit == "&" ? "&amp;" : unit;
      EXPECT_EQ(svg.find(run), std::string::npos) << unit;
    }
  }
}

TEST(Charts, SiblingsOfTheSameRoleAreOneBox) {
  std::vector<LineageNode> nodes = {{"AKIA1", "", "access-key", "ci", "", true, false}};
  for (int i = 0; i < 50; ++i)
    nodes.push_back({"ASIA" + std::to_string(i), "AKIA1", "role-session", "Deploy/ci", "AssumeRole",
                     false, false});
  nodes.push_back({"ASIAother", "AKIA1", "role-session", "Audit/ci", "AssumeRole", false, false});
  // A child of one grouped session hangs off the group box.
  nodes.push_back({"AKIAback", "ASIA7", "access-key", "backdoor", "CreateAccessKey", false, false});
  std::string svg = LineageGraphSvg(nodes, ChartOptions{});
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_NE(svg.find(">50 \xC3\x97 Deploy/ci<"), std::string::npos);
  EXPECT_NE(svg.find("50 \xC3\x97 role-session Deploy/ci"), std::string::npos);  // the tooltip
  EXPECT_NE(svg.find(">Audit/ci<"), std::string::npos);
  EXPECT_NE(svg.find(">backdoor<"), std::string::npos);
  EXPECT_EQ(Count(svg, "rx=\"6\""), 4u);  // seed, group, Audit, backdoor

  // Three alike stay three boxes; four become one.
  for (int n : {3, 4}) {
    std::vector<LineageNode> few = {{"p", "", "access-key", "p", "", true, false}};
    for (int i = 0; i < n; ++i)
      few.push_back({"s" + std::to_string(i), "p", "role-session", "R", "", false, false});
    svg = LineageGraphSvg(few, ChartOptions{});
    EXPECT_EQ(Count(svg, "rx=\"6\""), n == 3 ? 4u : 2u);
    EXPECT_EQ(svg.find(">4 \xC3\x97 R<") != std::string::npos, n == 4);
  }
  // Seeds are never merged.
  std::vector<LineageNode> seeds;
  for (int i = 0; i < 10; ++i)
    seeds.push_back({"k" + std::to_string(i), "", "access-key", "same", "", true, false});
  EXPECT_EQ(Count(LineageGraphSvg(seeds, ChartOptions{}), "rx=\"6\""), 10u);
}

TEST(Charts, CyclesInParentsTerminate) {
  std::vector<LineageNode> nodes = {
      {"a", "b", "role-session", "loop-a", "", false, false},
      {"b", "a", "role-session", "loop-b", "", false, false},
      {"self", "self", "role-session", "self-parent", "", false, false},
      {"tail", "a", "access-key", "tail-of-loop", "", false, false},
  };
  for (int i = 0; i < 1000; ++i)  // a loop of 1,000
    nodes.push_back({"L" + std::to_string(i), "L" + std::to_string((i + 1) % 1000), "role-session",
                     "ring" + std::to_string(i), "", false, false});
  std::string svg = LineageGraphSvg(nodes, ChartOptions{});
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_NE(svg.find(">loop-a<"), std::string::npos);
  EXPECT_NE(svg.find(">loop-b<"), std::string::npos);
  EXPECT_NE(svg.find(">self-parent<"), std::string::npos);
  EXPECT_NE(svg.find(">tail-of-loop<"), std::string::npos);
  EXPECT_NE(svg.find("2 loops in the parent links broken"), std::string::npos);
  // Duplicate IDs: the first is the parent of the children.
  std::vector<LineageNode> dup = {{"x", "", "access-key", "first", "", true, false},
                                  {"x", "", "access-key", "second", "", false, false},
                                  {"y", "x", "role-session", "child", "", false, false}};
  EXPECT_TRUE(WellFormed(LineageGraphSvg(dup, ChartOptions{})));
}

TEST(Charts, SinglePointAndSameTimeAreDrawn) {
  ChartOptions opt;
  std::vector<ActivityPoint> one = {{kT0 + 5 * kMin, "identity", "AKIA1", false}};
  std::vector<ActivityPoint> same(500, ActivityPoint{kT0, "recon", "AKIA1", true});
  for (const auto* points : {&one, &same}) {
    for (const std::string& svg :
         {ActivityByCategorySvg(*points, opt), ActivityByLaneSvg(*points, opt)}) {
      EXPECT_TRUE(WellFormed(svg));
      EXPECT_TRUE(NumbersFinite(svg));
      EXPECT_EQ(Count(svg, "<title>"), Count(svg, "</title>"));
    }
  }
  std::string svg = ActivityByCategorySvg(one, opt);
  EXPECT_NE(svg.find("events per 1 min"), std::string::npos);
  EXPECT_NE(svg.find("identity: 1 of 1 events"), std::string::npos);
  svg = ActivityByLaneSvg(same, opt);
  EXPECT_NE(svg.find("500 events: recon 500\n500 failed"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#FFFFFF\" stroke=\"#88CCEE\""),
            std::string::npos);  // all failed: hollow
  // One matrix cell, one bar.
  EXPECT_TRUE(WellFormed(MatrixSvg({{"a", "b", 1}}, "", "", opt)));
  EXPECT_TRUE(WellFormed(BarChartSvg({{"a", "", 1}}, "", opt)));
}

TEST(Charts, ActivityHasAtMost72Buckets) {
  struct Case {
    TimeMs span;
    std::string_view caption;
  };
  for (const Case& c : {Case{50 * kMin, "events per 1 min"}, Case{2 * kHour, "events per 5 min"},
                        Case{3 * kDay, "events per 1 h"}, Case{10 * kDay, "events per 6 h"},
                        Case{60 * kDay, "events per 1 day"}, Case{365 * kDay, "events per 7 days"},
                        Case{30 * 365 * kDay, "events per 154 days"}}) {
    std::vector<ActivityPoint> points;
    for (int i = 0; i <= 1000; ++i)
      points.push_back({kT0 + (c.span - kMin) / 1000 * i, "recon", "k", false});
    std::string svg = ActivityByCategorySvg(points, ChartOptions{});
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_NE(svg.find(c.caption), std::string::npos) << c.caption;
    EXPECT_LE(Count(svg, "<g><rect"), 72u) << c.caption;
  }
}

TEST(Charts, ExtremeTimesDoNotOverflow) {
  std::vector<ActivityPoint> points = {{kNoTime, "recon", "a", false},
                                       {INT64_MIN + 1, "recon", "a", false},
                                       {INT64_MAX, "impact", "b", true},
                                       {0, "deletion", "c", false},
                                       {kT0, "identity", "d", false}};
  for (const std::string& svg :
       {ActivityByCategorySvg(points, {}), ActivityByLaneSvg(points, {})}) {
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_TRUE(NumbersFinite(svg));
    EXPECT_NE(svg.find("0000-01-01"), std::string::npos);
    EXPECT_NE(svg.find("9999-12-31"), std::string::npos);
  }
}

TEST(Charts, TimeLabelsAreUtc) {
  std::vector<ActivityPoint> points;
  for (int i = 0; i <= 30; ++i) points.push_back({kT0 + i * 10 * kMin, "recon", "k", false});
  for (const std::string& svg :
       {ActivityByCategorySvg(points, {}), ActivityByLaneSvg(points, {})}) {
    EXPECT_NE(svg.find(">11-05 10:00<"), std::string::npos);
    EXPECT_NE(svg.find(">11-05 12:00<"), std::string::npos);
    EXPECT_NE(svg.find("UTC \xC2\xB7 2024-11-05 09:00:00 to 2024-11-05 14:00:00"),
              std::string::npos);
  }
  EXPECT_NE(ActivityByCategorySvg(points, {})
                .find("2024-11-05 09:00\xE2\x80\x93"
                      "09:05 UTC"),
            std::string::npos);
}

TEST(Charts, MatrixSortsByTotalsAndCapsAt40) {
  std::vector<MatrixCell> cells;
  for (int r = 0; r < 60; ++r)
    for (int c = 0; c < 50; ++c)
      cells.push_back({"row" + std::to_string(r), "col" + std::to_string(c), double(r + c)});
  cells.push_back({"row0", "col0", 7});  // duplicates are summed
  cells.push_back({"row0", "col0", 3});
  ChartOptions opt;
  std::string svg = MatrixSvg(cells, "account", "region", opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_NE(svg.find(">others (21 rows)<"), std::string::npos);
  EXPECT_NE(svg.find(">others (11 columns)<"), std::string::npos);
  EXPECT_LT(svg.find(">row59<"), svg.find(">row58<"));  // largest first
  EXPECT_EQ(svg.find(">row20<"), std::string::npos);    // in others
  EXPECT_NE(svg.find("row59 \xC2\xB7 col49: 108"), std::string::npos);
  // row0 and col0 are in others: 10 extra in the others x others cell.
  EXPECT_NE(svg.find(">account<"), std::string::npos);
  EXPECT_NE(svg.find(">region<"), std::string::npos);
  EXPECT_LT(svg.size(), 1'000'000u);

  // Values that are not numbers are zero, not NaN in a coordinate.
  svg = MatrixSvg({{"a", "b", std::nan("")}, {"a", "c", -5}, {"d", "b", 1e300}}, "", "", opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_TRUE(NumbersFinite(svg));
}

TEST(Charts, BarsAreLargestFirstWithTheRestSummed) {
  std::vector<Bar> bars;
  for (int i = 1; i <= 20; ++i) bars.push_back({"10.0.0." + std::to_string(i), "", double(i)});
  ChartOptions opt;
  opt.max_bars = 16;
  std::string svg = BarChartSvg(bars, "calls", opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_LT(svg.find(">10.0.0.20<"), svg.find(">10.0.0.19<"));
  EXPECT_NE(svg.find(">10.0.0.6<"), std::string::npos);
  EXPECT_EQ(svg.find(">10.0.0.5<"), std::string::npos);
  EXPECT_NE(svg.find(">others (5)<"), std::string::npos);
  EXPECT_NE(svg.find("<title>others (5)\n15 calls</title>"),
            std::string::npos);  // 1 + 2 + 3 + 4 + 5
  EXPECT_NE(svg.find(">20 calls<"), std::string::npos);

  svg = BarChartSvg(
      {{"nan", "", std::nan("")}, {"neg", "", -3}, {"inf", "", INFINITY}, {"big", "", 1.5e12}}, "",
      opt);
  EXPECT_TRUE(WellFormed(svg));
  EXPECT_TRUE(NumbersFinite(svg));
  EXPECT_NE(svg.find(">1,500,000,000,000<"), std::string::npos);
  EXPECT_NE(svg.find(">-3<"), std::string::npos);
}

}  // namespace
}  // namespace credtrace::report
