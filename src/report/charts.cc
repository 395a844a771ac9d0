#include "report/charts.h"

#include "base/utf8.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "report/html_escape.h"

namespace credtrace::report {

namespace {

// ---------------------------------------------------------------------------------------------
// Style. Colors are never the only carrier of meaning: every mark has a tooltip naming its
// category or kind, and every chart has a legend.

constexpr std::string_view kFontFamily =
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
constexpr std::string_view kTextColor = "#1F2933";
constexpr std::string_view kMutedColor = "#52606D";
constexpr std::string_view kAxisColor = "#9AA5B1";
constexpr std::string_view kGrey = "#BBBBBB";

struct Named {
  std::string_view name, color;
};

// Paul Tol's "muted" scheme and the Okabe-Ito colors, which stay apart under the common color
// vision deficiencies; related categories get related hues (identity / persistence / privilege
// escalation purples, the destructive ones warm and dark) so that a stack reads at a glance.
constexpr std::array<Named, 14> kCategories = {{
    {"recon", "#88CCEE"},
    {"data-access", "#0072B2"},
    {"identity", "#332288"},
    {"persistence", "#AA4499"},
    {"privilege-escalation", "#882255"},
    {"lateral-movement", "#44AA99"},
    {"initial-access", "#DDCC77"},
    {"resource-creation", "#117733"},
    {"modification", "#999933"},
    {"deletion", "#D55E00"},
    {"defense-evasion", "#CC79A7"},
    {"credential-access", "#E69F00"},
    {"exfiltration", "#EE3377"},
    {"impact", "#661100"},
}};
constexpr size_t kOtherCategory = kCategories.size();  // unknown and empty, drawn grey
constexpr size_t kNumCategories = kCategories.size() + 1;

constexpr std::array<Named, 8> kKinds = {{
    {"access-key", "#0072B2"},
    {"console-password", "#CC79A7"},
    {"console-session", "#AA4499"},
    {"role-session", "#009E73"},
    {"instance-profile-session", "#E69F00"},
    {"lambda-session", "#D55E00"},
    {"federation-token", "#56B4E9"},
    {"session-token", "#882255"},
}};
constexpr std::string_view kOtherKindColor = "#999999";

size_t CategoryIndex(std::string_view category) {
  for (size_t i = 0; i < kCategories.size(); ++i)
    if (kCategories[i].name == category) return i;
  return kOtherCategory;
}

std::string_view CategoryName(size_t i) {
  return i < kCategories.size() ? kCategories[i].name : "other";
}
std::string_view CategoryColorAt(size_t i) {
  return i < kCategories.size() ? kCategories[i].color : kGrey;
}

size_t KindIndex(std::string_view kind) {
  for (size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i].name == kind) return i;
  return kKinds.size();
}

std::string_view KindColorAt(size_t i) {
  return i < kKinds.size() ? kKinds[i].color : kOtherKindColor;
}

// "#rrggbb" mixed with white: the fill of a lineage box, light enough for dark text on it.
std::string Tint(std::string_view hex, int percent_white) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "#";
  for (int k = 0; k < 3; ++k) {
    int c = nibble(hex[1 + 2 * k]) * 16 + nibble(hex[2 + 2 * k]);
    int m = (c * (100 - percent_white) + 255 * percent_white + 50) / 100;
    out.push_back(kHex[m >> 4]);
    out.push_back(kHex[m & 15]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers. Formatted by hand rather than with printf so that a locale with a decimal comma
// cannot change the bytes.

void AppendNum(std::string* o, double v) {
  if (!std::isfinite(v)) v = 0;
  v = std::clamp(v, -1e9, 1e9);
  long long t = std::llround(v * 10);
  if (t < 0) {
    o->push_back('-');
    t = -t;
  }
  *o += std::to_string(t / 10);
  if (t % 10) {
    o->push_back('.');
    o->push_back(static_cast<char>('0' + t % 10));
  }
}

std::string Num(double v) {
  std::string s;
  AppendNum(&s, v);
  return s;
}

std::string Thousands(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(d[i]);
  }
  return out;
}

double Sanitize(double v) { return std::isfinite(v) ? v : 0; }

// A value as a reader wants it: "1,234", "12.5", "-3".
std::string FormatValue(double v) {
  v = Sanitize(v);
  bool neg = v < 0;
  double a = std::min(std::fabs(v), 1e17);
  long long tenths = std::llround(a * 10);
  if (tenths == 0) return "0";
  std::string s = neg ? "-" : "";
  s += Thousands(static_cast<uint64_t>(tenths / 10));
  if (tenths % 10) {
    s.push_back('.');
    s.push_back(static_cast<char>('0' + tenths % 10));
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Text. The renderer's real widths are unknown (the report is opened on any machine), so they
// are estimated per code point on the wide side (DejaVu Sans, the widest common fallback): a cut
// label may end a little early, it never runs into the next column.


// Estimated advance of a code point, in em.
double GlyphEm(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return 1.0;  // shown as U+FFFD
  if (cp < 0x80) {
    constexpr std::string_view kNarrow = " ijlft.,:;|!'()[]{}/\\-";
    constexpr std::string_view kWide = "mwMW@%<>=+~^#&";
    if (kNarrow.find(static_cast<char>(cp)) != std::string_view::npos) return 0.36;
    if (kWide.find(static_cast<char>(cp)) != std::string_view::npos) return 0.95;
    if (cp >= 'A' && cp <= 'Z') return 0.74;
    if (cp >= '0' && cp <= '9') return 0.64;
    return 0.62;
  }
  if (cp >= 0x300 && cp <= 0x36F) return 0;  // combining marks
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x1F000)
    return 1.05;
  return 0.8;
}

constexpr double kEllipsisEm = 1.0;
constexpr double kBold = 1.1;                           // font-weight 600 is about a tenth wider
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

double TextEm(std::string_view s) {
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    w += n ? GlyphEm(cp) : 1.0;
    i += n ? n : 1;
  }
  return w;
}

double TextPx(std::string_view s, double font_px) { return TextEm(s) * font_px; }

// `s` cut at a code point boundary to fit in `max_px` at `font_px`, with "…" when cut. Bytes
// that are not UTF-8 count as one character each (each becomes one U+FFFD when escaped).
std::string Fit(std::string_view s, double max_px, double font_px) {
  const double max_em = max_px / font_px;
  double w = 0;
  size_t keep = 0;  // the longest prefix that fits with the ellipsis after it
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    double g = n ? GlyphEm(cp) : 1.0;
    if (n == 0) n = 1;
    if (w + g > max_em) return std::string(s.substr(0, keep)) + std::string(kEllipsis);
    w += g;
    i += n;
    if (w + kEllipsisEm <= max_em) keep = i;
  }
  return std::string(s);
}

// At most `max` code points of `s`, with "…" when cut: tooltips carry the full text of a label,
// but a 10,000-character label in each of hundreds of tooltips would make a huge page.
std::string Cap(std::string_view s, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    if (count == max) return std::string(s.substr(0, i)) + std::string(kEllipsis);
    uint32_t cp = 0;
    size_t n = DecodeUtf8(s, i, &cp);
    i += n ? n : 1;
  }
  return std::string(s);
}

constexpr size_t kTooltipChars = 200;  // per piece of logged text in a tooltip

// <text> with escaped content; `attrs` are constant attributes written by this file, never data.
void AppendText(std::string* o, double x, double y, std::string_view attrs, std::string_view text) {
  *o += "<text x=\"";
  AppendNum(o, x);
  *o += "\" y=\"";
  AppendNum(o, y);
  *o += '"';
  if (!attrs.empty()) {
    *o += ' ';
    *o += attrs;
  }
  *o += '>';
  AppendHtml(o, text);
  *o += "</text>";
}

void AppendTooltip(std::string* o, std::string_view text) {
  *o += "<title>";
  AppendHtml(o, text);
  *o += "</title>";
}

// <rect>, optionally with a tooltip; `attrs` as for AppendText.
void AppendRect(std::string* o, double x, double y, double w, double h, std::string_view attrs,
                std::string_view tooltip = {}) {
  *o += "<rect x=\"";
  AppendNum(o, x);
  *o += "\" y=\"";
  AppendNum(o, y);
  *o += "\" width=\"";
  AppendNum(o, std::max(w, 0.0));
  *o += "\" height=\"";
  AppendNum(o, std::max(h, 0.0));
  *o += '"';
  if (!attrs.empty()) {
    *o += ' ';
    *o += attrs;
  }
  if (tooltip.empty()) {
    *o += "/>";
  } else {
    *o += '>';
    AppendTooltip(o, tooltip);
    *o += "</rect>";
  }
}

void AppendLine(std::string* o, double x1, double y1, double x2, double y2,
                std::string_view attrs) {
  *o += "<line x1=\"";
  AppendNum(o, x1);
  *o += "\" y1=\"";
  AppendNum(o, y1);
  *o += "\" x2=\"";
  AppendNum(o, x2);
  *o += "\" y2=\"";
  AppendNum(o, y2);
  *o += "\" ";
  *o += attrs;
  *o += "/>";
}

int ChartWidth(const ChartOptions& opt) { return std::clamp(opt.width, 480, 2400); }

// The outer <svg>: a viewBox so that it scales to its container, presentation attributes only
// (no style attribute, which a strict style-src would block), the title for assistive tools.
std::string Finish(double w, double h, std::string_view label, const std::string& body) {
  std::string o;
  o.reserve(body.size() + 512);
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"credtrace-chart\" viewBox=\"0 0 ";
  AppendNum(&o, w);
  o += ' ';
  AppendNum(&o, h);
  o += "\" width=\"100%\" role=\"img\" aria-label=\"";
  AppendHtml(&o, Cap(label, kTooltipChars));
  o += "\" font-family=\"";
  o += kFontFamily;
  o += "\" font-size=\"11\" fill=\"";
  o += kTextColor;
  o += "\"><title>";
  AppendHtml(&o, Cap(label, kTooltipChars));
  o += "</title>";
  AppendRect(&o, 0, 0, w, h, "fill=\"#FFFFFF\"");
  o += body;
  o += "</svg>";
  return o;
}

// The chart's title line; returns the y where the content starts.
double AppendChartTitle(std::string* o, std::string_view title, double w) {
  if (title.empty()) return 12;
  AppendText(o, 12, 24, "font-size=\"15\" font-weight=\"600\"", Fit(title, w - 24, 15 * kBold));
  return 38;
}

std::string EmptySvg(const ChartOptions& opt, std::string_view fallback_label,
                     std::string_view message) {
  const double w = ChartWidth(opt);
  std::string body;
  double y = AppendChartTitle(&body, opt.title, w);
  AppendText(&body, w / 2, y + 26, "text-anchor=\"middle\" font-size=\"13\" fill=\"#52606D\"",
             message);
  return Finish(w, y + 44, opt.title.empty() ? fallback_label : std::string_view(opt.title), body);
}

struct LegendEntry {
  std::string color;
  std::string text;
  enum Style { kFilled, kHollow, kThick, kDashed } style = kFilled;
};

// Entries left to right, wrapped within [x0, x1]; returns the y below the last row.
double AppendLegend(std::string* o, const std::vector<LegendEntry>& entries, double x0, double x1,
                    double y) {
  if (entries.empty()) return y;
  constexpr double kRow = 18, kFont = 11;
  double x = x0;
  y += 12;
  for (const LegendEntry& e : entries) {
    std::string text = Fit(e.text, x1 - x0 - 20, kFont);
    double ew = 16 + TextPx(text, kFont) + 16;
    if (x > x0 && x + ew > x1) {
      x = x0;
      y += kRow;
    }
    std::string attrs;
    switch (e.style) {
      case LegendEntry::kFilled:
        attrs = "rx=\"2\" fill=\"" + e.color + "\"";
        break;
      case LegendEntry::kHollow:
        attrs = "rx=\"2\" fill=\"#FFFFFF\" stroke=\"" + e.color + "\" stroke-width=\"1.5\"";
        break;
      case LegendEntry::kThick:
        attrs = "rx=\"2\" fill=\"#FFFFFF\" stroke=\"" + e.color + "\" stroke-width=\"3\"";
        break;
      case LegendEntry::kDashed:
        attrs = "rx=\"2\" fill=\"#FFFFFF\" stroke=\"" + e.color +
                "\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"";
        break;
    }
    AppendRect(o, x + 1, y - 9, 10, 10, attrs);
    AppendText(o, x + 16, y, "fill=\"#52606D\"", text);
    x += ew;
  }
  return y + 8;
}

// ---------------------------------------------------------------------------------------------
// Time.

constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
// Years 0000 to 9999: a time outside comes from a broken or hostile record; clamping it keeps
// every computation below far from overflow and every label four digits wide.
constexpr TimeMs kMinTime = -62167219200000;  // 0000-01-01T00:00:00Z
constexpr TimeMs kMaxTime = 253402300799999;  // 9999-12-31T23:59:59.999Z

TimeMs ClampTime(TimeMs t) { return std::clamp(t, kMinTime, kMaxTime); }

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

enum class TimeStyle { kHm, kDayHm, kMonthDay, kDate, kDateHm, kDateHms };

void Append2(std::string* o, unsigned v) {
  o->push_back(static_cast<char>('0' + v / 10 % 10));
  o->push_back(static_cast<char>('0' + v % 10));
}

std::string FormatTime(TimeMs t, TimeStyle style) {
  int64_t days = FloorDiv(t, kDay);
  int64_t ms = t - days * kDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  unsigned hour = static_cast<unsigned>(ms / kHour),
           minute = static_cast<unsigned>(ms % kHour / kMinute);
  unsigned second = static_cast<unsigned>(ms % kMinute / kSecond);
  std::string o;
  auto ymd = [&](bool with_year) {
    if (with_year) {
      std::string y = std::to_string(std::max<int64_t>(year, 0));
      o += std::string(y.size() < 4 ? 4 - y.size() : 0, '0') + y + "-";
    }
    Append2(&o, month);
    o += '-';
    Append2(&o, day);
  };
  auto hm = [&] {
    Append2(&o, hour);
    o += ':';
    Append2(&o, minute);
  };
  switch (style) {
    case TimeStyle::kHm:
      hm();
      break;
    case TimeStyle::kDayHm:
      ymd(false);
      o += ' ';
      hm();
      break;
    case TimeStyle::kMonthDay:
      ymd(false);
      break;
    case TimeStyle::kDate:
      ymd(true);
      break;
    case TimeStyle::kDateHm:
      ymd(true);
      o += ' ';
      hm();
      break;
    case TimeStyle::kDateHms:
      ymd(true);
      o += ' ';
      hm();
      o += ':';
      Append2(&o, second);
      break;
  }
  return o;
}

// "5 min", "1 h", "1.5 days".
std::string FormatDuration(int64_t ms) {
  if (ms < kMinute) return FormatValue(static_cast<double>(ms) / kSecond) + " s";
  if (ms < kHour) return FormatValue(static_cast<double>(ms) / kMinute) + " min";
  if (ms < kDay) return FormatValue(static_cast<double>(ms) / kHour) + " h";
  std::string d = FormatValue(static_cast<double>(ms) / kDay);
  return d + (d == "1" ? " day" : " days");
}

// A time range for a tooltip: "2024-11-05 09:00–10:00 UTC", "2024-11-05 – 2024-11-07 UTC".
std::string FormatRange(TimeMs from, TimeMs to) {
  constexpr std::string_view kDash = "\xE2\x80\x93";  // en dash
  if (to - from >= kDay && from % kDay == 0 && to % kDay == 0) {
    if (to - from == kDay) return FormatTime(from, TimeStyle::kDate) + " UTC";
    return FormatTime(from, TimeStyle::kDate) + " " + std::string(kDash) + " " +
           FormatTime(to - kDay, TimeStyle::kDate) + " UTC";
  }
  if (FloorDiv(from, kDay) == FloorDiv(to - 1, kDay))
    return FormatTime(from, TimeStyle::kDateHm) + std::string(kDash) +
           FormatTime(to, TimeStyle::kHm) + " UTC";
  return FormatTime(from, TimeStyle::kDateHm) + " " + std::string(kDash) + " " +
         FormatTime(to, TimeStyle::kDateHm) + " UTC";
}

struct TimeAxis {
  TimeMs start = 0, end = 1;  // the domain, end > start
  double x0 = 0, x1 = 1;      // the plot's pixels

  double X(TimeMs t) const {
    return x0 + (x1 - x0) * static_cast<double>(t - start) / static_cast<double>(end - start);
  }
};

// Ticks at round UTC times, at least ~100 px apart (a "11-05 09:00" label is about 75 px).
void AppendTimeAxis(std::string* o, const TimeAxis& axis, double grid_top, double baseline,
                    double width) {
  static constexpr int64_t kSteps[] = {
      kMinute,   2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,
      2 * kHour, 3 * kHour,   6 * kHour,   12 * kHour,   kDay,         2 * kDay,     7 * kDay,
      14 * kDay, 28 * kDay,   91 * kDay,   182 * kDay,   364 * kDay};
  const int64_t max_ticks = std::max<int64_t>(2, static_cast<int64_t>((axis.x1 - axis.x0) / 100));
  auto count = [&](int64_t step) {
    return FloorDiv(axis.end, step) - CeilDiv(axis.start, step) + 1;
  };
  int64_t step = 0;
  for (int64_t s : kSteps) {
    if (count(s) <= max_ticks) {
      step = s;
      break;
    }
  }
  if (step == 0) {
    step = 364 * kDay * CeilDiv(axis.end - axis.start, 364 * kDay * max_ticks);
    while (count(step) > max_ticks) step += 364 * kDay;
  }
  const TimeStyle style = step < kDay                          ? TimeStyle::kDayHm
                          : axis.end - axis.start > 300 * kDay ? TimeStyle::kDate
                                                               : TimeStyle::kMonthDay;
  AppendLine(o, axis.x0, baseline, axis.x1, baseline, "stroke=\"#9AA5B1\"");
  for (int64_t k = CeilDiv(axis.start, step); k <= FloorDiv(axis.end, step); ++k) {
    TimeMs t = k * step;
    double x = axis.X(t);
    if (grid_top < baseline) AppendLine(o, x, grid_top, x, baseline, "stroke=\"#E4E7EB\"");
    AppendLine(o, x, baseline, x, baseline + 4, "stroke=\"#9AA5B1\"");
    std::string label = FormatTime(t, style);
    double half = TextPx(label, 11) / 2;
    if (x + half > width - 4) {
      AppendText(o, width - 4, baseline + 16, "text-anchor=\"end\" fill=\"#52606D\"", label);
    } else if (x - half < 4) {
      AppendText(o, 4, baseline + 16, "fill=\"#52606D\"", label);
    } else {
      AppendText(o, x, baseline + 16, "text-anchor=\"middle\" fill=\"#52606D\"", label);
    }
  }
}

// The first and last event, under the axis: the labels above carry no year.
std::string TimeCaption(TimeMs first, TimeMs last, uint64_t events, uint64_t failed) {
  std::string s = "UTC \xC2\xB7 " + FormatTime(first, TimeStyle::kDateHms);
  if (last != first) s += " to " + FormatTime(last, TimeStyle::kDateHms);
  s += " \xC2\xB7 " + Thousands(events) + (events == 1 ? " event" : " events");
  if (failed) s += " (" + Thousands(failed) + " failed)";
  return s;
}

// A step of 1, 2 or 5 x 10^k with at most `target` steps up to `max`.
uint64_t NiceStep(uint64_t max, uint64_t target) {
  for (uint64_t p = 1; p <= 1000000000000000000ULL; p *= 10) {
    for (uint64_t m : {1, 2, 5}) {
      if ((max + m * p - 1) / (m * p) <= target) return m * p;
    }
  }
  return 1000000000000000000ULL;
}

// Legend entries for the categories that occur, in the fixed order, with their counts.
std::vector<LegendEntry> CategoryLegend(const std::array<uint64_t, kNumCategories>& totals) {
  std::vector<LegendEntry> entries;
  for (size_t c = 0; c < kNumCategories; ++c) {
    if (totals[c] == 0) continue;
    entries.push_back({std::string(CategoryColorAt(c)),
                       std::string(CategoryName(c)) + " " + Thousands(totals[c])});
  }
  return entries;
}

}  // namespace

std::string_view CategoryColor(std::string_view category) {
  return CategoryColorAt(CategoryIndex(category));
}

// -----------------------------------------------------------------------------------------------

std::string ActivityByCategorySvg(const std::vector<ActivityPoint>& points,
                                  const ChartOptions& opt) {
  constexpr std::string_view kLabel = "Activity by category";
  constexpr int64_t kMaxBuckets = 72;
  // A single burst still gets a readable axis rather than one bar as wide as the chart.
  constexpr int64_t kMinBuckets = 12;
  const double w = ChartWidth(opt);

  TimeMs tmin = kMaxTime, tmax = kMinTime;
  uint64_t n = 0, failed_total = 0;
  for (const ActivityPoint& p : points) {
    if (p.time == kNoTime) continue;
    TimeMs t = ClampTime(p.time);
    tmin = std::min(tmin, t);
    tmax = std::max(tmax, t);
    ++n;
    failed_total += p.failed;
  }
  if (n == 0) return EmptySvg(opt, kLabel, "no events");

  auto buckets = [&](int64_t width) { return FloorDiv(tmax, width) - FloorDiv(tmin, width) + 1; };
  int64_t bw = 0;
  // The header's ladder, then a week, then whole days: an attack over months (or a record with a
  // wrong year) still gives at most 72 bars.
  for (int64_t c : {kMinute, 5 * kMinute, 15 * kMinute, kHour, 6 * kHour, kDay, 7 * kDay}) {
    if (buckets(c) <= kMaxBuckets) {
      bw = c;
      break;
    }
  }
  if (bw == 0) {
    bw = kDay * CeilDiv(FloorDiv(tmax, kDay) - FloorDiv(tmin, kDay) + 1, kMaxBuckets);
    while (buckets(bw) > kMaxBuckets) bw += kDay;
  }
  int64_t first = FloorDiv(tmin, bw), last = FloorDiv(tmax, bw);
  if (last - first + 1 < kMinBuckets) {
    int64_t extra = kMinBuckets - (last - first + 1);
    first -= extra / 2;
    last += extra - extra / 2;
  }
  const size_t nb = static_cast<size_t>(last - first + 1);

  std::vector<std::array<uint64_t, kNumCategories>> count(nb), failed(nb);
  std::array<uint64_t, kNumCategories> totals{};
  for (const ActivityPoint& p : points) {
    if (p.time == kNoTime) continue;
    size_t b = static_cast<size_t>(FloorDiv(ClampTime(p.time), bw) - first);
    size_t c = CategoryIndex(p.category);
    ++count[b][c];
    failed[b][c] += p.failed;
    ++totals[c];
  }
  uint64_t max_total = 1;
  std::vector<uint64_t> bucket_total(nb, 0);
  for (size_t b = 0; b < nb; ++b) {
    for (uint64_t v : count[b]) bucket_total[b] += v;
    max_total = std::max(max_total, bucket_total[b]);
  }
  const uint64_t ystep = NiceStep(max_total, 5);
  const uint64_t ymax =
      CeilDiv(static_cast<int64_t>(max_total), static_cast<int64_t>(ystep)) * ystep;

  std::string body;
  double y = AppendChartTitle(&body, opt.title, w);
  const double left = 16 + TextPx(Thousands(ymax), 11) + 8, right = w - 20;
  AppendText(&body, left, y + 10, "fill=\"#52606D\"", "events per " + FormatDuration(bw));
  const double top = y + 24, plot_h = 220, base = top + plot_h;
  auto Y = [&](double v) { return base - plot_h * v / static_cast<double>(ymax); };

  for (uint64_t v = 0; v <= ymax; v += ystep) {
    AppendLine(&body, left, Y(static_cast<double>(v)), right, Y(static_cast<double>(v)),
               "stroke=\"#E4E7EB\"");
    AppendText(&body, left - 6, Y(static_cast<double>(v)) + 4,
               "text-anchor=\"end\" fill=\"#52606D\"", Thousands(v));
  }
  TimeAxis axis{first * bw, (last + 1) * bw, left, right};
  const double slot = (right - left) / static_cast<double>(nb);
  const double gap = slot >= 6 ? 1.5 : slot >= 3 ? 0.5 : 0;
  for (size_t b = 0; b < nb; ++b) {
    if (bucket_total[b] == 0) continue;
    TimeMs from = (first + static_cast<int64_t>(b)) * bw;
    std::string range = FormatRange(from, from + bw);
    double x = axis.X(from) + gap / 2;
    double acc = 0;
    body += "<g>";
    for (size_t c = 0; c < kNumCategories; ++c) {
      if (count[b][c] == 0) continue;
      double y0 = Y(acc), y1 = Y(acc + static_cast<double>(count[b][c]));
      acc += static_cast<double>(count[b][c]);
      std::string tip = range + "\n" + std::string(CategoryName(c)) + ": " +
                        Thousands(count[b][c]) + " of " + Thousands(bucket_total[b]) + " events";
      if (failed[b][c]) tip += " (" + Thousands(failed[b][c]) + " failed)";
      AppendRect(&body, x, y1, slot - gap, y0 - y1,
                 "fill=\"" + std::string(CategoryColorAt(c)) + "\"", tip);
    }
    body += "</g>";
  }
  AppendTimeAxis(&body, axis, base, base, w);
  AppendText(&body, left, base + 36, "fill=\"#52606D\"", TimeCaption(tmin, tmax, n, failed_total));
  double bottom = AppendLegend(&body, CategoryLegend(totals), left, right, base + 48);
  return Finish(w, bottom + 6, opt.title.empty() ? kLabel : std::string_view(opt.title), body);
}

// -----------------------------------------------------------------------------------------------

std::string ActivityByLaneSvg(const std::vector<ActivityPoint>& points, const ChartOptions& opt) {
  constexpr std::string_view kLabel = "Activity by credential";
  // Marks drawn at most, whatever the number of events: each is ~150 bytes with its tooltip, so
  // the chart stays near a megabyte in the worst case. The pixel column widens to keep to it.
  constexpr double kMarkBudget = 8000;
  constexpr double kLaneH = 18, kMarkH = 11, kFont = 11;
  const double w = ChartWidth(opt);

  struct Lane {
    std::string_view name;
    uint64_t events = 0, failed = 0;
  };
  std::vector<Lane> lanes;
  std::unordered_map<std::string_view, uint32_t>
      lane_index;  // lookups only; the order is sorted below
  std::vector<uint32_t> point_lane(points.size(), 0);
  TimeMs tmin = kMaxTime, tmax = kMinTime;
  uint64_t n = 0, failed_total = 0;
  std::array<uint64_t, kNumCategories> totals{};
  for (size_t i = 0; i < points.size(); ++i) {
    const ActivityPoint& p = points[i];
    if (p.time == kNoTime) continue;
    auto [it, inserted] = lane_index.try_emplace(p.lane, static_cast<uint32_t>(lanes.size()));
    if (inserted) lanes.push_back({p.lane});
    point_lane[i] = it->second;
    ++lanes[it->second].events;
    lanes[it->second].failed += p.failed;
    TimeMs t = ClampTime(p.time);
    tmin = std::min(tmin, t);
    tmax = std::max(tmax, t);
    ++n;
    failed_total += p.failed;
    ++totals[CategoryIndex(p.category)];
  }
  if (n == 0) return EmptySvg(opt, kLabel, "no events");

  std::vector<uint32_t> order(lanes.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (lanes[a].events != lanes[b].events) return lanes[a].events > lanes[b].events;
    return lanes[a].name < lanes[b].name;
  });
  // max_lanes counts the "others" lane, so the chart never has more than max_lanes rows.
  const size_t max_lanes = std::clamp<size_t>(opt.max_lanes, 2, 60);
  const size_t shown = lanes.size() <= max_lanes ? lanes.size() : max_lanes - 1;
  const bool has_others = lanes.size() > shown;
  const size_t nl = shown + (has_others ? 1 : 0);
  std::vector<uint32_t> row_of(lanes.size());
  uint64_t others_events = 0, others_failed = 0;
  for (size_t r = 0; r < order.size(); ++r) {
    row_of[order[r]] = static_cast<uint32_t>(std::min(r, shown));
    if (r >= shown) {
      others_events += lanes[order[r]].events;
      others_failed += lanes[order[r]].failed;
    }
  }

  TimeMs start, end;
  if (tmax - tmin < kMinute) {
    start = tmin - 30 * kMinute;
    end = tmax + 30 * kMinute;
  } else {
    int64_t pad = (tmax - tmin) / 100;
    start = tmin - pad;
    end = tmax + pad;
  }

  const double label_w = std::clamp(w * 0.22, 130.0, 280.0), count_w = 64;
  const double x0 = 12 + label_w + 10, x1 = w - 12 - count_w, plot_w = x1 - x0;
  const double col_target = std::max(2.0, plot_w * static_cast<double>(nl) / kMarkBudget);
  const int64_t ncols = std::max<int64_t>(1, static_cast<int64_t>(plot_w / col_target));
  const double col_w = plot_w / static_cast<double>(ncols);
  const int64_t span = end - start;

  // Per lane and column: events per category, then the failed count.
  std::vector<std::array<uint32_t, kNumCategories + 1>> cells(nl * static_cast<size_t>(ncols));
  for (size_t i = 0; i < points.size(); ++i) {
    const ActivityPoint& p = points[i];
    if (p.time == kNoTime) continue;
    int64_t col = std::clamp<int64_t>((ClampTime(p.time) - start) * ncols / span, 0, ncols - 1);
    auto& cell =
        cells[row_of[point_lane[i]] * static_cast<size_t>(ncols) + static_cast<size_t>(col)];
    ++cell[CategoryIndex(p.category)];
    cell[kNumCategories] += p.failed;
  }

  std::string body;
  double y = AppendChartTitle(&body, opt.title, w);
  AppendText(&body, 12, y + 10, "fill=\"#52606D\"", "credential");
  AppendText(&body, w - 12, y + 10, "text-anchor=\"end\" fill=\"#52606D\"", "events");
  const double top = y + 18;
  const double base = top + kLaneH * static_cast<double>(nl);
  for (size_t r = 0; r < nl; ++r) {
    if (r % 2 == 1)
      AppendRect(&body, 8, top + kLaneH * static_cast<double>(r), w - 16, kLaneH,
                 "fill=\"#F5F7FA\"");
  }
  TimeAxis axis{start, end, x0, x1};
  AppendTimeAxis(&body, axis, top, base, w);

  for (size_t r = 0; r < nl; ++r) {
    const double ly = top + kLaneH * static_cast<double>(r);
    const bool others = r == shown;
    const Lane* lane = others ? nullptr : &lanes[order[r]];
    uint64_t events = others ? others_events : lane->events,
             failed = others ? others_failed : lane->failed;
    std::string name, tip;
    std::string_view attrs;
    if (others) {
      name = "others (" + Thousands(lanes.size() - shown) + " credentials)";
      attrs = "font-style=\"italic\" fill=\"#52606D\"";
    } else if (lane->name.empty()) {
      name = "(AWS service)";
      attrs = "font-style=\"italic\" fill=\"#52606D\"";
    } else {
      name = std::string(lane->name);
    }
    tip =
        Cap(name, kTooltipChars) + "\n" + Thousands(events) + (events == 1 ? " event" : " events");
    if (failed) tip += ", " + Thousands(failed) + " failed";
    body += "<g>";
    AppendTooltip(&body, tip);
    AppendText(&body, 12, ly + 13, attrs, Fit(name, label_w, kFont));
    AppendText(&body, w - 12, ly + 13, "text-anchor=\"end\" fill=\"#52606D\"", Thousands(events));
    body += "</g>";

    for (int64_t c = 0; c < ncols; ++c) {
      const auto& cell = cells[r * static_cast<size_t>(ncols) + static_cast<size_t>(c)];
      uint64_t total = 0;
      size_t top_cat = 0;
      for (size_t k = 0; k < kNumCategories; ++k) {
        total += cell[k];
        if (cell[k] > cell[top_cat]) top_cat = k;
      }
      if (total == 0) continue;
      // The column's categories, most frequent first (ties in the fixed order), three at most.
      std::array<size_t, kNumCategories> cats;
      for (size_t k = 0; k < kNumCategories; ++k) cats[k] = k;
      std::stable_sort(cats.begin(), cats.end(),
                       [&](size_t a, size_t b) { return cell[a] > cell[b]; });
      TimeMs from = start + c * span / ncols, to = start + (c + 1) * span / ncols;
      std::string mtip = FormatRange(from, std::max(to, from + kMinute)) + "\n" + Thousands(total) +
                         (total == 1 ? " event: " : " events: ");
      for (size_t k = 0; k < 3 && cell[cats[k]] > 0; ++k)
        mtip +=
            (k ? ", " : "") + std::string(CategoryName(cats[k])) + " " + Thousands(cell[cats[k]]);
      if (cats.size() > 3 && cell[cats[3]] > 0) mtip += ", \xE2\x80\xA6";
      const uint64_t nfailed = cell[kNumCategories];
      if (nfailed) mtip += "\n" + Thousands(nfailed) + " failed";
      // Hollow when nothing in the column succeeded; at least 4 px wide so a lone event shows.
      const double mw = std::max(col_w, 4.0);
      const double cx = x0 + (static_cast<double>(c) + 0.5) * col_w;
      std::string color(CategoryColorAt(top_cat));
      std::string mattrs = nfailed >= total
                               ? "fill=\"#FFFFFF\" stroke=\"" + color + "\" stroke-width=\"1.2\""
                               : "fill=\"" + color + "\"";
      AppendRect(&body, cx - mw / 2, ly + (kLaneH - kMarkH) / 2, mw, kMarkH, mattrs, mtip);
    }
  }

  AppendText(&body, x0, base + 36, "fill=\"#52606D\"",
             TimeCaption(tmin, tmax, n, failed_total) + " \xC2\xB7 one mark per credential and " +
                 FormatDuration(std::max<int64_t>(1, span / ncols)));
  std::vector<LegendEntry> legend = CategoryLegend(totals);
  legend.push_back({std::string(kAxisColor), "hollow: only failed calls", LegendEntry::kHollow});
  double bottom = AppendLegend(&body, legend, x0, x1, base + 48);
  return Finish(w, bottom + 6, opt.title.empty() ? kLabel : std::string_view(opt.title), body);
}

// -----------------------------------------------------------------------------------------------

namespace {

// One box of the drawn lineage: a credential, a group of like siblings, or a "… N more" note.
struct Box {
  enum Type { kSingle, kGroup, kMore } type = kSingle;
  std::vector<uint32_t> members;   // input indices: the credential, the group, or (kMore) a sample
  uint64_t weight = 0;             // credentials it stands for, their descendants included
  std::vector<uint32_t> children;  // boxes
  int depth = -1;
  uint32_t parent = 0;
  uint64_t hidden = 0;  // descendants not drawn (the box cap was reached)
  double y = 0;
};

}  // namespace

std::string LineageGraphSvg(const std::vector<LineageNode>& nodes, const ChartOptions& opt) {
  constexpr std::string_view kLabel = "Credential lineage";
  // Bounds: a parent shows at most 20 children (the rest as one "… N more" box), the graph at
  // most 10 columns of credentials and 200 boxes (~6 KB each in the worst case with hostile
  // text), so 5,000 credentials give a picture a reader can follow and a page of bounded size.
  constexpr size_t kMaxChildren = 20, kMaxBoxes = 200, kGroupMin = 4;
  constexpr int kMaxDepth = 10;
  constexpr uint32_t kNone = UINT32_MAX;
  const double w = ChartWidth(opt);
  const size_t n = std::min<size_t>(nodes.size(), UINT32_MAX - 1);
  if (n == 0) return EmptySvg(opt, kLabel, "no credentials");

  std::unordered_map<std::string_view, uint32_t> by_id;  // lookups only
  for (uint32_t i = 0; i < n; ++i) by_id.try_emplace(nodes[i].id, i);
  std::vector<uint32_t> parent(n, kNone);
  std::vector<std::vector<uint32_t>> children(n);
  for (uint32_t i = 0; i < n; ++i) {
    if (nodes[i].parent.empty()) continue;
    auto it = by_id.find(nodes[i].parent);
    if (it == by_id.end() || it->second == i) continue;
    parent[i] = it->second;
    children[it->second].push_back(i);
  }

  // Everything reachable from a root is a tree. What is left hangs off a cycle: walk up from the
  // first such node until a node repeats, and cut the cycle there (the repeated node becomes a
  // root). Each walk is at most n steps and each cut frees a whole component.
  std::vector<uint8_t> visited(n, 0);
  std::vector<uint32_t> stack, preorder;
  preorder.reserve(n);
  auto visit_from = [&](uint32_t r) {
    stack.push_back(r);
    visited[r] = 1;
    while (!stack.empty()) {
      uint32_t u = stack.back();
      stack.pop_back();
      preorder.push_back(u);
      for (uint32_t c : children[u]) {
        if (!visited[c]) {
          visited[c] = 1;
          stack.push_back(c);
        }
      }
    }
  };
  for (uint32_t i = 0; i < n; ++i)
    if (parent[i] == kNone) visit_from(i);
  std::vector<uint8_t> cycle_cut(n, 0);
  size_t cycles = 0;
  std::vector<uint32_t> walk_mark(n, kNone);
  for (uint32_t i = 0; i < n; ++i) {
    if (visited[i]) continue;
    uint32_t j = i;
    while (walk_mark[j] != i) {
      walk_mark[j] = i;
      j = parent[j];
    }
    auto& siblings = children[parent[j]];
    siblings.erase(std::find(siblings.begin(), siblings.end(), j));
    parent[j] = kNone;
    cycle_cut[j] = 1;
    ++cycles;
    visit_from(j);
  }
  std::vector<uint64_t> subtree(n, 1);
  for (size_t k = preorder.size(); k-- > 0;) {
    uint32_t u = preorder[k];
    if (parent[u] != kNone) subtree[parent[u]] += subtree[u];
  }

  // The boxes, from a virtual root (box 0) whose children are the roots.
  std::vector<Box> boxes(1);
  std::vector<uint32_t> work = {0};
  auto weight_of = [&](const std::vector<uint32_t>& members) {
    uint64_t s = 0;
    for (uint32_t m : members) s += subtree[m];
    return s;
  };
  auto make_more = [&](uint32_t owner, const std::vector<uint32_t>& sample, uint64_t weight) {
    Box b;
    b.type = Box::kMore;
    b.members.assign(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(
                                                          std::min<size_t>(sample.size(), 5)));
    b.weight = weight;
    b.depth = boxes[owner].depth + 1;
    b.parent = owner;
    boxes.push_back(std::move(b));
    return static_cast<uint32_t>(boxes.size() - 1);
  };
  while (!work.empty()) {
    uint32_t u = work.back();
    work.pop_back();
    std::vector<uint32_t> kids;
    if (u == 0) {
      for (uint32_t i = 0; i < n; ++i)
        if (parent[i] == kNone) kids.push_back(i);
    } else {
      for (uint32_t m : boxes[u].members)
        kids.insert(kids.end(), children[m].begin(), children[m].end());
      std::sort(kids.begin(), kids.end());  // input order across the members of a group
    }
    if (kids.empty()) continue;
    const int depth = boxes[u].depth + 1;
    if (depth >= kMaxDepth) {
      uint32_t more = make_more(u, kids, weight_of(kids));
      boxes[u].children.push_back(more);
      continue;
    }
    // Siblings of the same kind, label and state: four or more become one box, at the place of
    // the first. Seeds are always drawn alone. The map is for lookups; the order is the input's.
    using Key = std::tuple<std::string_view, std::string_view, bool>;
    std::map<Key, std::vector<uint32_t>> groups;
    auto key = [&](uint32_t i) { return Key{nodes[i].kind, nodes[i].label, nodes[i].suspected}; };
    for (uint32_t k : kids)
      if (!nodes[k].seed) groups[key(k)].push_back(k);
    struct Item {
      Box::Type type;
      std::vector<uint32_t> members;
    };
    std::vector<Item> items;
    for (uint32_t k : kids) {
      if (!nodes[k].seed) {
        auto& g = groups[key(k)];
        if (g.size() >= kGroupMin) {
          if (g.front() == k) items.push_back({Box::kGroup, g});
          continue;
        }
      }
      items.push_back({Box::kSingle, {k}});
    }
    size_t keep = items.size() <= kMaxChildren ? items.size() : kMaxChildren - 1;
    for (size_t k = 0; k < keep; ++k) {
      Box b;
      b.type = items[k].type;
      b.members = std::move(items[k].members);
      b.weight = weight_of(b.members);
      b.depth = depth;
      b.parent = u;
      boxes.push_back(std::move(b));
      uint32_t id = static_cast<uint32_t>(boxes.size() - 1);
      boxes[u].children.push_back(id);
      work.push_back(id);
    }
    if (keep < items.size()) {
      std::vector<uint32_t> sample;
      uint64_t weight = 0;
      for (size_t k = keep; k < items.size(); ++k) {
        weight += weight_of(items[k].members);
        if (sample.size() < 5) sample.push_back(items[k].members.front());
      }
      boxes[u].children.push_back(make_more(u, sample, weight));
    }
  }

  // Which boxes are drawn: breadth first, so that every root and the first generations show
  // before the deep branches of one big tree use up the cap.
  // `queue` ends as the list of drawn boxes; each one's children are cut to the drawn ones.
  size_t budget = kMaxBoxes;
  std::vector<uint32_t> queue = {0};
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    uint32_t u = queue[qi];
    std::vector<uint32_t> ch = boxes[u].children;
    if (ch.empty()) continue;
    if (ch.size() > budget) {
      uint64_t rest = 0;
      size_t keep = budget == 0 ? 0 : budget - 1;
      std::vector<uint32_t> sample;
      for (size_t k = keep; k < ch.size(); ++k) {
        rest += boxes[ch[k]].weight;
        if (sample.size() < 5 && !boxes[ch[k]].members.empty())
          sample.push_back(boxes[ch[k]].members.front());
      }
      ch.resize(keep);
      if (budget > 0) {
        ch.push_back(make_more(u, sample, rest));
      } else {
        boxes[u].hidden = rest;
      }
      boxes[u].children = ch;
    }
    budget -= ch.size();
    queue.insert(queue.end(), ch.begin(), ch.end());
  }

  // Rows: leaves one under another in depth-first order, a parent centred on its children.
  int max_depth = 0;
  double next_row = 0;
  std::vector<std::pair<uint32_t, size_t>> dfs = {{0, 0}};
  while (!dfs.empty()) {
    auto& [u, k] = dfs.back();
    const Box& b = boxes[u];
    if (k < b.children.size()) {
      if (u == 0 && k > 0) next_row += 0.25;  // a little air between the trees of two roots
      uint32_t c = b.children[k++];
      dfs.push_back({c, 0});
      continue;
    }
    if (u != 0) {
      max_depth = std::max(max_depth, b.depth);
      if (b.children.empty()) {
        boxes[u].y = next_row++;
      } else {
        boxes[u].y = (boxes[b.children.front()].y + boxes[b.children.back()].y) / 2;
      }
    }
    dfs.pop_back();
  }

  uint64_t shown_credentials = 0;
  std::vector<uint8_t> kinds_seen(kKinds.size() + 1, 0);
  bool any_seed = false, any_suspected = false, any_group = false;
  for (uint32_t u : queue) {
    if (u == 0 || boxes[u].type == Box::kMore) continue;
    shown_credentials += boxes[u].members.size();
    const LineageNode& first = nodes[boxes[u].members.front()];
    kinds_seen[KindIndex(first.kind)] = 1;
    any_seed |= first.seed;
    any_suspected |= first.suspected;
    any_group |= boxes[u].type == Box::kGroup;
  }

  const int ncols = max_depth + 1;
  constexpr double kMargin = 12, kGap = 44, kBoxH = 36, kPitch = 46;
  const double box_w = std::clamp((w - 2 * kMargin - (ncols - 1) * kGap) / ncols, 130.0, 210.0);
  const double vw = std::max(w, 2 * kMargin + ncols * box_w + (ncols - 1) * kGap);

  std::string body;
  double y = AppendChartTitle(&body, opt.title, vw);
  std::vector<LegendEntry> legend;
  for (size_t k = 0; k <= kKinds.size(); ++k) {
    if (!kinds_seen[k]) continue;
    legend.push_back({std::string(KindColorAt(k)),
                      k < kKinds.size() ? std::string(kKinds[k].name) : "other kind"});
  }
  if (any_seed) legend.push_back({std::string(kMutedColor), "seed", LegendEntry::kThick});
  if (any_suspected)
    legend.push_back(
        {std::string(kMutedColor), "suspected (infrastructure pivot)", LegendEntry::kDashed});
  if (any_group)
    legend.push_back(
        {std::string(kAxisColor), "N \xC3\x97: like siblings in one box", LegendEntry::kHollow});
  const double top = AppendLegend(&body, legend, kMargin, vw - kMargin, y - 6) + 10;
  auto box_x = [&](int depth) { return kMargin + depth * (box_w + kGap); };
  auto box_y = [&](const Box& b) { return top + b.y * kPitch; };

  // Edges first, under the boxes.
  for (uint32_t u : queue) {
    if (u == 0) continue;
    const Box& b = boxes[u];
    if (b.parent == 0) continue;
    const Box& p = boxes[b.parent];
    double ax = box_x(p.depth) + box_w, ay = box_y(p) + kBoxH / 2;
    double bx = box_x(b.depth), by = box_y(b) + kBoxH / 2;
    body += "<path d=\"M";
    AppendNum(&body, ax);
    body += ' ';
    AppendNum(&body, ay);
    body += " C";
    AppendNum(&body, ax + kGap / 2);
    body += ' ';
    AppendNum(&body, ay);
    body += ' ';
    AppendNum(&body, bx - kGap / 2);
    body += ' ';
    AppendNum(&body, by);
    body += ' ';
    AppendNum(&body, bx);
    body += ' ';
    AppendNum(&body, by);
    body += "\" fill=\"none\" stroke=\"#9AA5B1\" stroke-width=\"1.2\"/>";
  }

  const double text_w = box_w - 16;
  for (uint32_t u : queue) {
    if (u == 0) continue;
    const Box& b = boxes[u];
    const double x = box_x(b.depth), by = box_y(b);
    std::string line1, line2, tip, attrs;
    if (b.type == Box::kMore) {
      line1 = "\xE2\x80\xA6 " + Thousands(b.weight) + " more";
      line2 = b.depth >= kMaxDepth ? "deeper credentials" : "credentials not drawn";
      tip = Thousands(b.weight) + (b.weight == 1 ? " credential" : " credentials") +
            " not drawn (descendants included), e.g.:";
      for (uint32_t m : b.members)
        tip += "\n" + Cap(nodes[m].kind, 40) + " " + Cap(nodes[m].id, 80);
      attrs = "rx=\"6\" fill=\"#F5F7FA\" stroke=\"#9AA5B1\" stroke-width=\"1\"";
    } else {
      const LineageNode& f = nodes[b.members.front()];
      std::string color(KindColorAt(KindIndex(f.kind)));
      attrs = "rx=\"6\" fill=\"" + Tint(color, 84) + "\" stroke=\"" + color + "\" stroke-width=\"" +
              (f.seed ? "3" : "1.5") + "\"" + (f.suspected ? " stroke-dasharray=\"5 3\"" : "");
      const std::string& name = f.label.empty() ? f.id : f.label;
      if (b.type == Box::kGroup) {
        const size_t count = b.members.size();
        line1 = Thousands(count) + " \xC3\x97 " + name;
        line2 = f.kind;
        tip = Thousands(count) + " \xC3\x97 " + Cap(f.kind, 40) + " " + Cap(name, kTooltipChars);
        for (size_t k = 0; k < std::min<size_t>(count, 5); ++k) {
          const LineageNode& m = nodes[b.members[k]];
          tip += "\n" + Cap(m.id, 80) + (m.detail.empty() ? "" : " \xC2\xB7 " + Cap(m.detail, 80));
        }
        if (count > 5) tip += "\n\xE2\x80\xA6 and " + Thousands(count - 5) + " more";
      } else {
        line1 = name;
        line2 = f.detail.empty() ? f.kind : f.detail;
        tip = Cap(name, kTooltipChars) + "\n" + Cap(f.kind, 40) + " \xC2\xB7 " +
              Cap(f.id, kTooltipChars);
        if (!f.detail.empty()) tip += "\n" + Cap(f.detail, kTooltipChars);
        if (f.seed) tip += "\nseed of the investigation";
        if (f.suspected) tip += "\nsuspected: found by the infrastructure pivot";
        if (cycle_cut[b.members.front()]) tip += "\nits parents form a loop: drawn here as a root";
      }
    }
    body += "<g>";
    AppendTooltip(&body, tip);
    AppendRect(&body, x, by, box_w, kBoxH, attrs);
    AppendText(&body, x + 8, by + 15, "font-size=\"12\" font-weight=\"600\"",
               Fit(line1, text_w, 12 * kBold));
    AppendText(&body, x + 8, by + 29, "font-size=\"10\" fill=\"#52606D\"", Fit(line2, text_w, 10));
    body += "</g>";
    if (b.hidden) {
      body += "<g>";
      AppendTooltip(&body, Thousands(b.hidden) + " more credentials obtained from here, not drawn");
      AppendText(&body, x + box_w + 4, by + kBoxH / 2 + 4, "font-size=\"10\" fill=\"#52606D\"",
                 "+" + Thousands(b.hidden));
      body += "</g>";
    }
  }

  double bottom = top + next_row * kPitch;
  if (shown_credentials < n) {
    AppendText(
        &body, kMargin, bottom + 8, "fill=\"#52606D\"",
        "\xE2\x80\xA6 " + Thousands(n - shown_credentials) + " of " + Thousands(n) +
            " credentials not drawn one by one (at most 200 boxes, 20 per parent, 10 generations)");
    bottom += 20;
  }
  if (cycles) {
    AppendText(&body, kMargin, bottom + 8, "fill=\"#52606D\"",
               Thousands(cycles) + (cycles == 1 ? " loop" : " loops") +
                   " in the parent links broken (a credential cannot obtain its own ancestor)");
    bottom += 20;
  }
  return Finish(vw, bottom + 6, opt.title.empty() ? kLabel : std::string_view(opt.title), body);
}

// -----------------------------------------------------------------------------------------------

namespace {

// Sorted by total (largest first, then by name), the tail summed into "others": the display
// index of every input index, and the labels.
struct Axis {
  std::vector<std::string> labels;
  std::vector<uint32_t> display;
  std::vector<double> totals;
  bool others = false;
};

Axis SortAxis(const std::vector<std::string_view>& names, const std::vector<double>& totals,
              size_t max, std::string_view noun) {
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (totals[a] != totals[b]) return totals[a] > totals[b];
    return names[a] < names[b];
  });
  Axis axis;
  size_t shown = names.size() <= max ? names.size() : max - 1;
  axis.others = shown < names.size();
  axis.display.resize(names.size());
  axis.totals.assign(shown + (axis.others ? 1 : 0), 0);
  for (size_t r = 0; r < order.size(); ++r) {
    size_t d = std::min(r, shown);
    axis.display[order[r]] = static_cast<uint32_t>(d);
    axis.totals[d] += totals[order[r]];
    if (r < shown) axis.labels.push_back(std::string(names[order[r]]));
  }
  if (axis.others)
    axis.labels.push_back("others (" + Thousands(names.size() - shown) + " " + std::string(noun) +
                          ")");
  return axis;
}

// Shade of a matrix cell, t in (0, 1]: light to dark blue (ColorBrewer "Blues").
std::string Shade(double t) {
  static constexpr int kStops[3][3] = {{0xDE, 0xEB, 0xF7}, {0x6B, 0xAE, 0xD6}, {0x08, 0x45, 0x94}};
  t = std::clamp(t, 0.0, 1.0);
  int seg = t < 0.5 ? 0 : 1;
  double f = seg == 0 ? t * 2 : (t - 0.5) * 2;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "#";
  for (int k = 0; k < 3; ++k) {
    int v =
        static_cast<int>(std::lround(kStops[seg][k] + (kStops[seg + 1][k] - kStops[seg][k]) * f));
    out.push_back(kHex[v >> 4]);
    out.push_back(kHex[v & 15]);
  }
  return out;
}

}  // namespace

std::string MatrixSvg(const std::vector<MatrixCell>& cells, std::string_view row_title,
                      std::string_view col_title, const ChartOptions& opt) {
  constexpr size_t kMaxSide = 40;
  constexpr double kCellH = 22, kFont = 11;
  const double w = ChartWidth(opt);
  const std::string fallback = (row_title.empty() ? std::string("rows") : Cap(row_title, 40)) +
                               " \xC3\x97 " +
                               (col_title.empty() ? std::string("columns") : Cap(col_title, 40));
  const std::string_view label =
      opt.title.empty() ? std::string_view(fallback) : std::string_view(opt.title);
  if (cells.empty()) return EmptySvg(opt, label, "no events");

  std::unordered_map<std::string_view, uint32_t> row_index, col_index;  // lookups only
  std::vector<std::string_view> row_names, col_names;
  std::vector<double> row_totals, col_totals;
  std::vector<std::pair<uint32_t, uint32_t>> at(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    auto [r, rnew] = row_index.try_emplace(cells[i].row, static_cast<uint32_t>(row_names.size()));
    if (rnew) {
      row_names.push_back(cells[i].row);
      row_totals.push_back(0);
    }
    auto [c, cnew] = col_index.try_emplace(cells[i].col, static_cast<uint32_t>(col_names.size()));
    if (cnew) {
      col_names.push_back(cells[i].col);
      col_totals.push_back(0);
    }
    at[i] = {r->second, c->second};
    row_totals[r->second] += Sanitize(cells[i].value);
    col_totals[c->second] += Sanitize(cells[i].value);
  }
  Axis rows = SortAxis(row_names, row_totals, kMaxSide, "rows");
  Axis cols = SortAxis(col_names, col_totals, kMaxSide, "columns");
  const size_t nr = rows.labels.size(), nc = cols.labels.size();
  std::vector<double> grid(nr * nc, 0);
  for (size_t i = 0; i < cells.size(); ++i)
    grid[rows.display[at[i].first] * nc + cols.display[at[i].second]] += Sanitize(cells[i].value);
  double max_value = 0;
  for (double v : grid) max_value = std::max(max_value, v);

  // Row labels as wide as they need up to a quarter of the chart; column labels slanted at 45°
  // unless they all fit across their cells.
  double row_label_w = 40;
  for (const std::string& l : rows.labels)
    row_label_w = std::max(row_label_w, TextPx(l, kFont) + 4);
  row_label_w = std::min(row_label_w, std::min(240.0, w * 0.25));
  double col_label_w = 20;
  for (const std::string& l : cols.labels)
    col_label_w = std::max(col_label_w, TextPx(l, kFont) + 4);
  col_label_w = std::min(col_label_w, 130.0);
  const double total_w = 56;
  const double x0 = 12 + row_label_w + 10;
  double cell_w = std::clamp((w - x0 - total_w - 12) / static_cast<double>(nc), 16.0, 76.0);
  const bool slanted = col_label_w > cell_w - 4;
  // A slanted label leans right from its column: the last one must not run off the chart.
  const double lean = slanted ? col_label_w * 0.71 : 0;
  if (slanted)
    cell_w = std::clamp(
        (w - x0 - std::max(total_w, lean - cell_w / 2) - 12) / static_cast<double>(nc), 16.0, 76.0);
  const double grid_w = cell_w * static_cast<double>(nc);

  std::string body;
  double y = AppendChartTitle(&body, opt.title, w);
  if (!col_title.empty())
    AppendText(&body, x0, y + 10, "font-weight=\"600\" fill=\"#52606D\"",
               Fit(col_title, grid_w, kFont * kBold));
  const double header_h = slanted ? col_label_w * 0.71 + 10 : 20;
  const double top = y + 18 + header_h;
  if (!row_title.empty())
    AppendText(&body, x0 - 8, top - 6, "text-anchor=\"end\" font-weight=\"600\" fill=\"#52606D\"",
               Fit(row_title, row_label_w, kFont * kBold));
  for (size_t c = 0; c < nc; ++c) {
    const double cx = x0 + (static_cast<double>(c) + 0.5) * cell_w;
    const bool others = cols.others && c == nc - 1;
    body += "<g>";
    AppendTooltip(&body, Cap(cols.labels[c], kTooltipChars) + ": " + FormatValue(cols.totals[c]));
    std::string text = Fit(cols.labels[c], slanted ? col_label_w : cell_w - 4, kFont);
    std::string attrs = others ? "font-style=\"italic\" fill=\"#52606D\"" : "fill=\"#52606D\"";
    if (slanted) {
      std::string rot = " transform=\"rotate(-45 " + Num(cx) + " " + Num(top - 6) + ")\"";
      AppendText(&body, cx, top - 6, attrs + rot, text);
    } else {
      AppendText(&body, cx, top - 6, attrs + " text-anchor=\"middle\"", text);
    }
    body += "</g>";
  }
  AppendText(&body, x0 + grid_w + total_w, top - 6,
             "text-anchor=\"end\" font-weight=\"600\" fill=\"#52606D\"", "total");

  const double log_max = std::log1p(std::max(max_value, 0.0));
  for (size_t r = 0; r < nr; ++r) {
    const double ry = top + kCellH * static_cast<double>(r);
    const bool others = rows.others && r == nr - 1;
    body += "<g>";
    AppendTooltip(&body, Cap(rows.labels[r], kTooltipChars) + ": " + FormatValue(rows.totals[r]));
    AppendText(&body, x0 - 8, ry + 15,
               others ? "text-anchor=\"end\" font-style=\"italic\" fill=\"#52606D\""
                      : "text-anchor=\"end\"",
               Fit(rows.labels[r], row_label_w, kFont));
    body += "</g>";
    for (size_t c = 0; c < nc; ++c) {
      const double v = grid[r * nc + c];
      const double cx = x0 + cell_w * static_cast<double>(c);
      std::string tip =
          Cap(rows.labels[r], 40) + " \xC2\xB7 " + Cap(cols.labels[c], 40) + ": " + FormatValue(v);
      if (v <= 0) {
        AppendRect(&body, cx + 1, ry + 1, cell_w - 2, kCellH - 2, "rx=\"2\" fill=\"#F5F7FA\"", tip);
        continue;
      }
      // Log scale: one event in an unexpected region must stand out beside thousands elsewhere.
      const double t = log_max > 0 ? std::log1p(v) / log_max : 1;
      body += "<g>";
      AppendRect(&body, cx + 1, ry + 1, cell_w - 2, kCellH - 2,
                 "rx=\"2\" fill=\"" + Shade(t) + "\"", tip);
      std::string num = FormatValue(v);
      if (TextPx(num, 10) <= cell_w - 4)
        AppendText(&body, cx + cell_w / 2, ry + 15,
                   t > 0.6 ? "text-anchor=\"middle\" font-size=\"10\" fill=\"#FFFFFF\""
                           : "text-anchor=\"middle\" font-size=\"10\" fill=\"#1F2933\"",
                   num);
      body += "</g>";
    }
    AppendText(&body, x0 + grid_w + total_w, ry + 15, "text-anchor=\"end\" fill=\"#52606D\"",
               FormatValue(rows.totals[r]));
  }
  const double grid_bottom = top + kCellH * static_cast<double>(nr);
  AppendText(&body, x0 - 8, grid_bottom + 15,
             "text-anchor=\"end\" font-weight=\"600\" fill=\"#52606D\"", "total");
  for (size_t c = 0; c < nc; ++c) {
    std::string num = FormatValue(cols.totals[c]);
    if (TextPx(num, 10) <= cell_w - 2)
      AppendText(&body, x0 + cell_w * (static_cast<double>(c) + 0.5), grid_bottom + 15,
                 "text-anchor=\"middle\" font-size=\"10\" fill=\"#52606D\"", num);
  }

  // The scale: five swatches from the smallest to the largest shade, log spaced.
  double ly = grid_bottom + 40;
  AppendText(&body, x0, ly, "fill=\"#52606D\"", "shade (log scale):");
  double lx = x0 + TextPx("shade (log scale):", kFont) + 8;
  bool integral = true;
  for (double v : grid) integral &= v == std::floor(v);
  for (int k = 0; k < 5 && max_value > 0; ++k) {
    double t = (k + 1) / 5.0;
    double v = k == 4 ? max_value : std::expm1(t * log_max);
    if (integral) v = std::max(1.0, std::round(v));  // counts: "3", not "3.2"
    AppendRect(&body, lx, ly - 11, 28, 14, "rx=\"2\" fill=\"" + Shade(t) + "\"");
    std::string txt = FormatValue(v);
    AppendText(&body, lx + 32, ly, "fill=\"#52606D\"", txt);
    lx += 32 + TextPx(txt, kFont) + 14;
  }
  return Finish(w, ly + 12, label, body);
}

// -----------------------------------------------------------------------------------------------

std::string BarChartSvg(const std::vector<Bar>& bars, std::string_view unit,
                        const ChartOptions& opt) {
  constexpr std::string_view kLabel = "Bar chart";
  constexpr double kFont = 11;
  const double w = ChartWidth(opt);
  if (bars.empty()) return EmptySvg(opt, kLabel, "no events");

  std::vector<uint32_t> order(bars.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    double va = Sanitize(bars[a].value), vb = Sanitize(bars[b].value);
    if (va != vb) return va > vb;
    if (bars[a].label != bars[b].label) return bars[a].label < bars[b].label;
    return bars[a].detail < bars[b].detail;
  });
  // As for lanes, max_bars counts the "others" bar.
  const size_t max_bars = std::clamp<size_t>(opt.max_bars, 2, 100);
  const size_t shown = bars.size() <= max_bars ? bars.size() : max_bars - 1;
  double others_value = 0;
  for (size_t k = shown; k < order.size(); ++k) others_value += Sanitize(bars[order[k]].value);

  struct Row {
    std::string label, detail;
    double value;
    bool others;
  };
  std::vector<Row> rows;
  bool any_detail = false;
  for (size_t k = 0; k < shown; ++k) {
    const Bar& b = bars[order[k]];
    rows.push_back({b.label, b.detail, Sanitize(b.value), false});
    any_detail |= !b.detail.empty();
  }
  if (shown < bars.size())
    rows.push_back({"others (" + Thousands(bars.size() - shown) + ")", "", others_value, true});

  const std::string unit_text = unit.empty() ? std::string() : " " + Cap(unit, 30);
  double max_value = 0, value_w = 0;
  for (const Row& r : rows) {
    max_value = std::max(max_value, r.value);
    value_w = std::max(value_w, TextPx(FormatValue(r.value) + unit_text, kFont));
  }
  value_w = std::min(value_w, 200.0);
  const double label_w = std::clamp(w * 0.3, 140.0, 340.0);
  const double x0 = 12 + label_w + 12, bar_max = std::max(40.0, w - 12 - value_w - 8 - x0);
  const double row_h = any_detail ? 34 : 24, bar_h = 14;

  std::string body;
  double y = AppendChartTitle(&body, opt.title, w) + 4;
  for (size_t k = 0; k < rows.size(); ++k) {
    const Row& r = rows[k];
    const double ry = y + row_h * static_cast<double>(k);
    const double mid = ry + row_h / 2;
    std::string value = FormatValue(r.value) + unit_text;
    std::string tip = Cap(r.label, kTooltipChars);
    if (!r.detail.empty()) tip += "\n" + Cap(r.detail, kTooltipChars);
    tip += "\n" + value;
    body += "<g>";
    AppendTooltip(&body, tip);
    if (k % 2 == 1) AppendRect(&body, 8, ry, w - 16, row_h, "fill=\"#F5F7FA\"");
    const std::string_view label_attrs =
        r.others ? "text-anchor=\"end\" font-style=\"italic\" fill=\"#52606D\""
                 : "text-anchor=\"end\"";
    if (r.detail.empty()) {
      AppendText(&body, 12 + label_w, mid + 4, label_attrs, Fit(r.label, label_w, kFont));
    } else {
      AppendText(&body, 12 + label_w, mid - 2, label_attrs, Fit(r.label, label_w, kFont));
      AppendText(&body, 12 + label_w, mid + 11,
                 "text-anchor=\"end\" font-size=\"10\" fill=\"#52606D\"",
                 Fit(r.detail, label_w, 10));
    }
    const double len = max_value > 0 ? bar_max * std::max(r.value, 0.0) / max_value : 0;
    AppendRect(&body, x0, mid - bar_h / 2, std::max(len, r.value > 0 ? 1.0 : 0.0), bar_h,
               r.others ? "rx=\"2\" fill=\"#BBBBBB\"" : "rx=\"2\" fill=\"#4477AA\"");
    AppendText(&body, x0 + std::max(len, 0.0) + 6, mid + 4, "fill=\"#52606D\"",
               Fit(value, value_w + 4, kFont));
    body += "</g>";
  }
  const double bottom = y + row_h * static_cast<double>(rows.size());
  AppendLine(&body, x0, y, x0, bottom, "stroke=\"#9AA5B1\"");
  return Finish(w, bottom + 10, opt.title.empty() ? kLabel : std::string_view(opt.title), body);
}

}  // namespace credtrace::report
