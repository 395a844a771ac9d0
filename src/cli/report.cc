// credtrace report --case DIR [--format html|md|json] [-o FILE]
// credtrace timeline --case DIR [--format timesketch|csv] [-o FILE] [--attacker-only]
// The post-incident report (docs/REPORT.md) and the timeline export, from the case.
#include <cstdio>

#include "base/file.h"
#include "base/sha256.h"
#include "base/time.h"
#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "report/report.h"
#include "report/timeline.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
namespace rep = credtrace::report;
using json = nlohmann::json;

struct ReportArgs {
  std::string case_dir, format, out;
  bool attacker_only = false;
};

std::string FormatFor(const std::string& given, const std::string& out, const char* fallback) {
  if (!given.empty()) return given;
  auto ends = [&](const char* ext) { return out.size() >= std::strlen(ext) && out.compare(out.size() - std::strlen(ext), std::string::npos, ext) == 0; };
  if (ends(".html") || ends(".htm")) return "html";
  if (ends(".md")) return "md";
  if (ends(".json")) return "json";
  if (ends(".jsonl")) return "timesketch";
  if (ends(".csv")) return "csv";
  return fallback;
}

// Writes to -o (recorded in the chain of custody as `type`) or stdout (its hash recorded).
int Emit(cf::CaseFile& file, const std::string& type, const std::string& format, const std::string& out, const std::string& text,
         json body) {
  body["format"] = format;
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    body["sha256"] = Sha256::HexOf(text);
    body["bytes"] = text.size();
    body["to"] = "stdout";
    if (auto e = file.Record(type, body); !e.ok()) return Fail(e.status());
    return kExitOk;
  }
  if (Status s = file.WriteRecorded(type, out, text, body); !s.ok()) return Fail(s);
  std::fprintf(stderr, "wrote %s (%s, %zu bytes)\n", SafeText(out).c_str(), format.c_str(), text.size());
  return kExitOk;
}

int RunReport(const ReportArgs& a) {
  std::string format = FormatFor(a.format, a.out, "md");
  if (format != "html" && format != "md" && format != "json") return UsageError("--format: html, md or json");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  rep::ReportOptions opt;
  opt.created = FormatIsoTime(NowMs() / 1000 * 1000);
  opt.version = CREDTRACE_VERSION;
  opt.case_dir = a.case_dir;
  auto doc = rep::BuildReport(**file, *ov, opt);
  if (!doc.ok()) return Fail(doc.status());
  std::string text = format == "json" ? doc->dump(2, ' ', false, json::error_handler_t::replace) + "\n"
                     : format == "html" ? rep::RenderReportHtml(*doc)
                                        : rep::RenderReportMarkdown(*doc);
  return Emit(**file, "report", format, a.out, text, {{"custodyHead", (*doc)["artifacts"]["custody"]["anchor"]}});
}

int RunTimeline(const ReportArgs& a) {
  std::string format = FormatFor(a.format, a.out, "timesketch");
  if (format != "timesketch" && format != "csv") return UsageError("--format: timesketch or csv");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto facts = cf::GatherFacts(**file);
  if (!facts.ok()) return Fail(facts.status());
  json tl = rep::BuildTimeline(*facts);
  if (a.attacker_only) {
    json keep = json::array();
    for (const json& e : tl) {
      if (e.value("kind", "") != "owner-event") keep.push_back(e);
    }
    tl = std::move(keep);
  }
  std::string text = format == "csv" ? rep::TimelineToCsv(tl) : rep::TimelineToTimesketch(tl);
  return Emit(**file, "timeline", format, a.out, text, {{"entries", tl.size()}});
}

}  // namespace

void RegisterReport(CLI::App& app, Runner* run) {
  auto a = std::make_shared<ReportArgs>();
  auto* sub = app.add_subcommand("report", "The post-incident report: HTML (one self-contained file), Markdown or JSON");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("--format", a->format, "html, md or json (default: from -o's extension, else md)")
      ->check(CLI::IsMember({"html", "md", "json"}));
  sub->add_option("-o,--out", a->out, "Write to this file (recorded with its SHA-256 in the chain of custody)");
  sub->callback([run, a] { *run = [a] { return RunReport(*a); }; });
}

void RegisterTimeline(CLI::App& app, Runner* run) {
  auto a = std::make_shared<ReportArgs>();
  auto* sub = app.add_subcommand("timeline", "The incident's timeline for Timesketch (JSON lines) or a spreadsheet (CSV)");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("--format", a->format, "timesketch (JSON lines, default) or csv")->check(CLI::IsMember({"timesketch", "csv"}));
  sub->add_option("-o,--out", a->out, "Write to this file");
  sub->add_flag("--attacker-only", a->attacker_only, "Leave out the owner's own use of the compromised credentials");
  sub->callback([run, a] { *run = [a] { return RunTimeline(*a); }; });
}

}  // namespace credtrace::cli
