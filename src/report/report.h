// The post-incident report (docs/REPORT.md): one document, credtrace.report/1, built from the
// case (its file, evidence, investigation, plans, journal, verification, CMDB, notes, chain of
// custody), then rendered as Markdown or as one self-contained HTML page with pictures. The JSON
// is the report; Markdown and HTML are views of it, so the three always say the same.
//
// Sections follow the runbook: summary, detection, scope, timeline, attacker activity, resources
// and applications, containment, eradication, recovery, open items, lessons learned, artifacts.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "casefile/case_file.h"
#include "casefile/overview.h"

namespace credtrace::report {

inline constexpr const char* kReportSchema = "credtrace.report/1";

struct ReportOptions {
  std::string created;   // ISO 8601: when the report is made
  std::string version;   // credtrace's
  std::string case_dir;  // as the user named it
};

// Builds the document. Reads the finding files kept in the case and rebuilds the plans from the
// investigation (at the containment time of the journal's run, or of the last plan written).
Result<nlohmann::json> BuildReport(casefile::CaseFile& cf, const casefile::Overview& ov, const ReportOptions& opt);

// Markdown (CommonMark + tables). Every value from the case is escaped so that it is text in
// any Markdown renderer, never markup, links or HTML.
std::string RenderReportMarkdown(const nlohmann::json& report);

// One self-contained HTML page: inline CSS and SVG, no script, no external resource, and a
// Content-Security-Policy that forbids both, so that nothing in it can run or call out even if
// a value escaped the escaping.
std::string RenderReportHtml(const nlohmann::json& report);

}  // namespace credtrace::report
