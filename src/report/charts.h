// The report's pictures, as inline SVG: activity over time by category and by credential, the
// credential lineage graph, accounts x regions, top attacker addresses and clients. Pure
// functions from data to markup, deterministic (the same input gives the same bytes), with no
// script, no external reference, no event-handler attribute and no <foreignObject>: the report
// is one self-contained file that opens with no network. Every label is text from the logs and
// is escaped with AppendHtml (html_escape.h). Output size is bounded whatever the input size
// (marks are aggregated, lanes and bars capped), so a hostile case cannot make a huge page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/time.h"

namespace credtrace::report {

struct ChartOptions {
  int width = 960;         // px; the SVG has a viewBox and scales to its container
  std::string title;       // shown above the chart and as the <title> / aria-label
  size_t max_lanes = 24;   // ActivityByLaneSvg: the busiest lanes; the rest become one "others" lane
  size_t max_bars = 15;    // BarChartSvg: the largest bars; the rest are summed in one "others" bar
};

// One event of the attacker's activity. `category` is the event's first category
// (docs/INVESTIGATION_SCHEMA.md: recon, data-access, identity, persistence, ...), "" when it has
// none; `lane` is the credential that made it (its ID), "" for a service delivery.
struct ActivityPoint {
  TimeMs time = 0;
  std::string category;
  std::string lane;
  bool failed = false;  // the call returned an errorCode
};

// The stable color of a category (the same in every chart and legend), as "#rrggbb"; unknown
// categories are grey.
std::string_view CategoryColor(std::string_view category);

// Stacked bars: events per time bucket, stacked by category, with a time axis (UTC labels), a
// count axis and a legend. The bucket width is chosen from 1 min, 5 min, 15 min, 1 h, 6 h, 1 day
// so that there are at most 72 buckets. Failed calls are counted in their category.
std::string ActivityByCategorySvg(const std::vector<ActivityPoint>& points, const ChartOptions& opt);

// One horizontal lane per credential (`lane`), busiest first, with a mark per event (colored by
// category, hollow when failed) on a shared time axis; marks that fall on the same pixel column
// of a lane are drawn once with their count in the tooltip. Lane labels are cut to fit.
std::string ActivityByLaneSvg(const std::vector<ActivityPoint>& points, const ChartOptions& opt);

// A credential in the lineage graph. `parent` is the id of the credential that obtained it, ""
// for a seed. `kind` is the credential kind (access-key, role-session, console-password, ...).
// `label` is the short name shown in the box (a user or role/session name), `detail` a second
// line (the key ID, the creating event).
struct LineageNode {
  std::string id, parent, kind, label, detail;
  bool seed = false;
  bool suspected = false;  // found by the infrastructure pivot, not by lineage: drawn dashed
};

// The lineage as a left-to-right tree: seeds on the left, each credential to the right of the
// one that obtained it, edges between them. Siblings of the same kind and label beyond three are
// drawn as one box "N x <kind> <label>". A node whose parent is not in `nodes` is drawn as a
// root. Cycles (a hand-edited file) are broken, never followed forever.
std::string LineageGraphSvg(const std::vector<LineageNode>& nodes, const ChartOptions& opt);

struct MatrixCell {
  std::string row, col;
  double value = 0;
};

// A heat matrix (accounts x regions: attacker events per account and region): rows and columns
// sorted by their totals, each cell shaded by its value with the number in it; at most 40 rows
// and 40 columns (the rest summed into "others").
std::string MatrixSvg(const std::vector<MatrixCell>& cells, std::string_view row_title,
                      std::string_view col_title, const ChartOptions& opt);

struct Bar {
  std::string label;   // an IP address, a user agent
  std::string detail;  // a second text (the network name); may be empty
  double value = 0;
};

// Horizontal bars, largest first, labels on the left (cut to fit; the full text in the tooltip),
// the value at the end of each bar followed by `unit`.
std::string BarChartSvg(const std::vector<Bar>& bars, std::string_view unit, const ChartOptions& opt);

}  // namespace credtrace::report
