// credtrace runbook --case DIR [--json] [--open]
// credtrace runbook done|na|blocked|todo STEP --case DIR [--note TEXT]
// The runbook's checklist (docs/CASEFILE.md): where the team stands and what comes next.
#include <cstdio>

#include <fmt/format.h>

#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "casefile/runbook.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "respond/shell_quote.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

struct RunbookArgs {
  std::string case_dir, step, status, note;
  bool json = false, open = false;
};

// A step's hint with the case directory filled in (quoted for the shell: it is pasted).
std::string Hint(const char* hint, const std::string& case_dir) {
  std::string h = hint, q = respond::ShellQuote(case_dir);
  for (size_t at = h.find("--case DIR"); at != std::string::npos; at = h.find("--case DIR", at + 1)) h.replace(at + 7, 3, q);
  return SafeText(h);
}

const char* Box(const std::string& status) {
  return status == "done" ? "[x]" : status == "n/a" ? "[-]" : status == "blocked" ? "[!]" : "[ ]";
}

int RunShow(const RunbookArgs& a) {
  if (a.case_dir.empty()) return UsageError("runbook: --case DIR is required");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  const cf::RunbookView& v = ov->runbook;
  if (a.json) {
    std::string out = cf::RunbookToJson(v, ov->facts).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  }
  std::string out = fmt::format("Runbook: credential leakage or compromise (5 parts). Phase: {}. {} done, {} n/a, {} blocked, {} to do.\n",
                                ov->facts.state.Phase(), v.done, v.na, v.blocked, v.todo);
  out += "[x] done  [-] n/a  [!] blocked  [ ] to do;  \"credtrace:\" decided from the case, else the person who marked it\n";
  for (const cf::StepStatus& s : v.steps) {
    bool closed = s.status == "done" || s.status == "n/a";
    if (a.open && closed && s.depth > 0) continue;
    if (s.depth == 0) {
      out += fmt::format("\n{} Part {}: {}  ({}/{})\n", Box(s.status), s.step->id, s.step->title, s.leaves_closed, s.leaves);
      continue;
    }
    std::string indent(static_cast<size_t>(2 * s.depth), ' ');
    out += fmt::format("{}{} {:<10} {}\n", indent, Box(s.status), s.step->id, Fit(s.step->title, 100));
    std::string pad = indent + std::string(15, ' ');
    bool leaf = s.leaves == 1;
    if (!s.automatic && !s.by.empty()) {
      out += pad + SafeText(s.by) + " " + s.time + (s.note.empty() ? "" : ": " + SafeText(s.note)) + "\n";
    }
    if (!s.detail.empty() && (s.depth < 3 || !closed || s.detail != "none")) {
      out += pad + (closed && s.automatic ? "credtrace: " : "") + SafeText(Fit(s.detail, 200)) + "\n";
    }
    if (leaf && !closed && *s.step->hint) out += pad + "-> " + Hint(s.step->hint, a.case_dir) + "\n";
  }
  if (!v.next.empty()) {
    out += "\nNext:\n";
    for (size_t i : v.next) {
      const cf::StepStatus& s = v.steps[i];
      out += fmt::format("  {:<10} {}\n", s.step->id, Fit(s.step->title, 100));
      if (*s.step->hint) out += fmt::format("             {}\n", Hint(s.step->hint, a.case_dir));
    }
    out += fmt::format("Record a step a person did: credtrace runbook done STEP --case {} --note ...\n", SafeText(a.case_dir));
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunMark(const RunbookArgs& a) {
  const cf::RunbookStep* step = cf::FindStep(a.step);
  if (!step) return UsageError("no runbook step " + a.step + " (credtrace runbook --case DIR lists them)");
  if (a.case_dir.empty()) return UsageError("runbook: --case DIR is required");
  if (a.status == "blocked" && a.note.empty()) return UsageError("runbook blocked: say why with --note");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto e = (*file)->Record("step", {{"step", step->id}, {"status", a.status}, {"note", a.note}});
  if (!e.ok()) return Fail(e.status());
  std::printf("%s %s: %s (custody #%lld)\n", step->id, a.status == "todo" ? "reopened" : a.status.c_str(), step->title,
              static_cast<long long>(e->seq));
  return kExitOk;
}

}  // namespace

void RegisterRunbook(CLI::App& app, Runner* run) {
  auto a = std::make_shared<RunbookArgs>();
  auto* rb = app.add_subcommand("runbook", "The runbook's checklist: where the response stands, what comes next");
  rb->add_option("--case", a->case_dir, "Case directory (required; may also follow the step)");
  rb->add_flag("--json", a->json, "As JSON (credtrace.runbook/1)");
  rb->add_flag("--open", a->open, "Only the steps still open");
  rb->require_subcommand(0, 1);
  rb->callback([run, a, rb] {
    if (rb->get_subcommands().empty()) *run = [a] { return RunShow(*a); };
  });
  for (const char* status : {"done", "na", "blocked", "todo"}) {
    std::string st = std::string(status) == "na" ? "n/a" : status;
    std::string help = st == "done"   ? "Record a step as done"
                       : st == "n/a"  ? "Record a step as not applicable"
                       : st == "blocked" ? "Record a step as blocked (say why with --note)"
                                      : "Reopen a step (its earlier marks stay in the chain of custody)";
    auto* sub = rb->add_subcommand(status, help);
    auto* step = sub->add_option("step", a->step, "The step ID (1.7.b, 2.2, ...)")->required();
    (void)step;
    sub->add_option("--case", a->case_dir, "Case directory");
    sub->add_option("--note", a->note, "Who, how, where the record is");
    sub->callback([run, a, st] {
      a->status = st;
      *run = [a] { return RunMark(*a); };
    });
  }
}

}  // namespace credtrace::cli
