// credtrace contain|eradicate --case DIR [--execute] [--profile P] [--region R] [--yes] [--at T]
// [--new-run]: builds the plan as `credtrace plan <phase>` does, shows it, asks, and carries it out
// through the AWS CLI with the case journal (respond/execute.h, docs/RESPONSE.md). Without
// --execute it is a dry run.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "base/file.h"
#include "base/time.h"
#include "casefile/case_file.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "respond/execute.h"
#include "respond/journal.h"
#include "respond/respond.h"

namespace credtrace::cli {

namespace {

namespace resp = credtrace::respond;

constexpr uint64_t kMaxInvestigationBytes = 2ull << 30;

struct ExecArgs {
  resp::Phase phase = resp::Phase::kContain;
  std::string case_dir;
  bool execute = false;
  std::string profile, region, at;
  bool yes = false, new_run = false;
};

// Prints text from the plan (attacker-written names) safely, line by line.
void PrintSafe(FILE* f, const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = SafeText(std::string_view(text).substr(start, nl - start));
    std::fprintf(f, "%s%s", line.c_str(), nl < text.size() ? "\n" : "");
    start = nl + 1;
  }
  std::fflush(f);
}

Result<resp::Plan> BuildPlan(const ExecArgs& a, const std::string& at) {
  resp::PlanOptions opt;
  opt.case_dir = a.case_dir;
  opt.at = at;
  fs::path path = fs::path(a.case_dir) / "investigation.json";
  auto text = ReadFile(path, kMaxInvestigationBytes);
  if (!text.ok())
    return Status::NotFound(path.string() + ": no saved investigation (run credtrace investigate first): " +
                            text.status().message());
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return Status::Corrupt(path.string() + ": not valid JSON");
  auto inv = resp::ReadInvestigation(doc);
  if (!inv.ok()) return inv.status();
  switch (a.phase) {
    case resp::Phase::kContain: return resp::PlanContainment(*inv, opt);
    case resp::Phase::kEradicate: return resp::PlanEradication(*inv, opt);
    case resp::Phase::kRecover: return resp::PlanRecovery(*inv, opt);
  }
  return Status::InvalidArgument("no such plan");
}

int RunExecute(const ExecArgs& a) {
  fs::path journal = fs::path(a.case_dir) / resp::kJournalFile;
  TimeMs now = NowMs();
  std::string at;
  if (!a.at.empty()) {
    auto t = ParseUserTime(a.at, now);
    if (!t) return UsageError("--at: not a time: " + a.at);
    at = FormatIsoTime(*t);
  } else {
    // Resuming: the containment time of the journal's last run, so that the plan is the same.
    auto last = resp::LatestRun(journal, a.phase);
    if (!last.ok()) return Fail(last.status());
    if (*last && !a.new_run && !(*last)->at.empty()) at = (*last)->at;
    else at = FormatIsoTime(now / 1000 * 1000);
  }
  auto plan = BuildPlan(a, at);
  if (!plan.ok()) return Fail(plan.status());
  resp::ExecuteOptions opt;
  opt.execute = a.execute;
  opt.profile = a.profile;
  opt.region = a.region;
  opt.yes = a.yes;
  opt.new_run = a.new_run;
  opt.journal = journal;
  opt.print = [](const std::string& s) { PrintSafe(stdout, s); };
  opt.confirm = [](const std::string& question, const std::string& expected) {
    PrintSafe(stderr, question);
    std::string line;
    if (!std::getline(std::cin, line)) return false;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line == expected;
  };
  auto rep = resp::ExecutePlan(*plan, opt);
  if (!rep.ok()) return Fail(rep.status());
  if (rep->cancelled) return kExitError;
  if (!rep->run_id.empty()) {
    // The case moves on to this phase when credtrace starts carrying it out (never back).
    auto file = casefile::CaseFile::Open(a.case_dir);
    auto st = file.ok() ? (*file)->Load() : Result<casefile::State>(file.status());
    if (st.ok() && casefile::PhaseIndex(st->Phase()) < casefile::PhaseIndex(resp::PhaseName(a.phase))) {
      auto e = (*file)->Record("phase", {{"phase", resp::PhaseName(a.phase)}, {"from", st->Phase()},
                                         {"note", "credtrace " + std::string(resp::PhaseName(a.phase)) + " --execute, run " + rep->run_id}});
      if (!e.ok()) std::fprintf(stderr, "credtrace: warning: the case's phase was not updated: %s\n", SafeText(e.status().message()).c_str());
    }
  }
  if (!rep->failed_step.empty()) {
    std::fprintf(stderr, "credtrace: %s\n", SafeText(rep->failure).c_str());
    return kExitError;
  }
  if (!a.execute) return kExitOk;
  std::string sum = "\n" + std::string(resp::PhaseName(a.phase)) + ": " + std::to_string(rep->ran) + " step(s) run, " +
                    std::to_string(rep->done_before) + " done before, " + std::to_string(rep->warnings.size()) +
                    " warning(s)\n";
  for (const std::string& w : rep->warnings) sum += "  warning: " + w + "\n";
  if (!rep->manual_check.empty()) {
    sum += "Needs a manual check (interrupted and not safe to run twice, or no command):";
    for (const std::string& s : rep->manual_check) sum += " " + s;
    sum += "\n";
  }
  PrintSafe(stdout, sum);
  return rep->manual_check.empty() ? kExitOk : kExitFound;
}

void AddPhase(CLI::App& app, resp::Phase phase, const std::string& help, Runner* run) {
  auto a = std::make_shared<ExecArgs>();
  a->phase = phase;
  auto* sub = app.add_subcommand(resp::PhaseName(phase), help);
  sub->add_option("--case", a->case_dir, "Case directory (with investigation.json)")->required();
  sub->add_flag("--execute", a->execute, "Run the commands (default: a dry run that only shows them)");
  sub->add_option("--profile", a->profile, "AWS CLI profile, passed to every command");
  sub->add_option("--region", a->region, "Region for the commands whose step has none of its own");
  sub->add_flag("-y,--yes", a->yes, "Do not ask; skip (and report) interrupted steps that are not safe to run twice");
  sub->add_option("--at", a->at, "Containment time (ISO 8601, or -30m); default: the journal's last run, else now");
  sub->add_flag("--new-run", a->new_run, "Carry out a plan that differs from the one the journal's last run carried out");
  sub->callback([run, a] { *run = [a] { return RunExecute(*a); }; });
}

}  // namespace

void RegisterExecute(CLI::App& app, Runner* run) {
  AddPhase(app, resp::Phase::kContain, "Carry out the containment plan through the AWS CLI, with the case journal", run);
  AddPhase(app, resp::Phase::kEradicate, "Carry out the eradication plan through the AWS CLI, with the case journal", run);
  AddPhase(app, resp::Phase::kRecover, "Carry out the recovery plan through the AWS CLI, with the case journal", run);
}

}  // namespace credtrace::cli
