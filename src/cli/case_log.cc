// credtrace case note --case DIR TEXT [--lesson | --forensics | --decision] [--step ID]
// credtrace case notes --case DIR [--kind K] [--json]
// credtrace case notified --case DIR CONTACT [--note TEXT] [--other]
#include <cstdio>

#include <fmt/format.h>

#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "casefile/runbook.h"
#include "cli/case_commands.h"
#include "cli/util.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

struct LogArgs {
  std::string case_dir, text, step, kind, contact, note;
  bool lesson = false, forensics = false, decision = false, other = false, json = false;
};

int RunNote(const LogArgs& a) {
  if (a.lesson + a.forensics + a.decision > 1) return UsageError("case note: at most one of --lesson, --forensics, --decision");
  if (a.text.empty()) return UsageError("case note: the note is empty");
  if (!a.step.empty() && !cf::FindStep(a.step)) return UsageError("--step: no runbook step " + a.step + " (credtrace runbook lists them)");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  std::string kind = a.lesson ? "lesson" : a.forensics ? "forensics" : a.decision ? "decision" : "note";
  json body = {{"kind", kind}, {"text", a.text}};
  if (!a.step.empty()) body["step"] = a.step;
  auto e = (*file)->Record("note", body);
  if (!e.ok()) return Fail(e.status());
  std::printf("%s recorded (custody #%lld)\n", kind.c_str(), static_cast<long long>(e->seq));
  return kExitOk;
}

int RunNotes(const LogArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto st = (*file)->Load();
  if (!st.ok()) return Fail(st.status());
  json out = json::array();
  std::string text;
  for (const cf::Note& n : st->notes) {
    if (!a.kind.empty() && n.kind != a.kind) continue;
    if (a.json) {
      out.push_back({{"entry", n.stamp.seq}, {"time", n.stamp.time}, {"by", n.stamp.actor}, {"kind", n.kind}, {"text", n.text},
                     {"step", n.step.empty() ? json(nullptr) : json(n.step)}});
    } else {
      text += fmt::format("#{:<5} {}  {:<9} {}{}\n        {}\n", n.stamp.seq, n.stamp.time, n.kind, SafeText(n.stamp.actor),
                          n.step.empty() ? "" : "  (step " + n.step + ")", SafeText(n.text));
    }
  }
  if (a.json) text = out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

int RunNotified(const LogArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  const cf::Stakeholder* s = cf::FindStakeholder(ov->stakeholders, a.contact);
  if (!s && !a.other) {
    std::string known;
    for (const cf::Stakeholder& x : ov->stakeholders.stakeholders) known += (known.empty() ? "" : ", ") + x.key;
    return UsageError("case notified: " + a.contact + " is not among the stakeholders (" + (known.empty() ? "none" : known) +
                      "); give --other to record someone else");
  }
  json body = {{"contact", s ? s->key : a.contact}, {"note", a.note}};
  if (s && !s->applications.empty()) body["application"] = s->applications.front();
  auto e = (*file)->Record("notified", body);
  if (!e.ok()) return Fail(e.status());
  std::printf("%s: told (custody #%lld)\n", SafeText(s ? s->key : a.contact).c_str(), static_cast<long long>(e->seq));
  return kExitOk;
}

}  // namespace

void RegisterCaseLog(CLI::App* case_cmd, Runner* run) {
  {
    auto a = std::make_shared<LogArgs>();
    auto* sub = case_cmd->add_subcommand("note", "Add a timestamped note (a lesson, a forensics finding, a decision)");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_option("text", a->text, "The note")->required();
    sub->add_flag("--lesson", a->lesson, "A lesson learned (runbook part 5: the report lists them)");
    sub->add_flag("--forensics", a->forensics, "A forensics finding (part 5)");
    sub->add_flag("--decision", a->decision, "A decision and who took it");
    sub->add_option("--step", a->step, "The runbook step it is about");
    sub->callback([run, a] { *run = [a] { return RunNote(*a); }; });
  }
  {
    auto a = std::make_shared<LogArgs>();
    auto* sub = case_cmd->add_subcommand("notes", "The notes, oldest first");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_option("--kind", a->kind, "Only notes of this kind")->check(CLI::IsMember({"note", "lesson", "forensics", "decision"}));
    sub->add_flag("--json", a->json, "As JSON");
    sub->callback([run, a] { *run = [a] { return RunNotes(*a); }; });
  }
  {
    auto a = std::make_shared<LogArgs>();
    auto* sub = case_cmd->add_subcommand("notified", "Record that a stakeholder was told (runbook part 1 step 7.c, part 3 step 5.c)");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_option("contact", a->contact, "The stakeholder's email or name (credtrace case stakeholders lists them)")->required();
    sub->add_option("--note", a->note, "How and what they were told");
    sub->add_flag("--other", a->other, "Someone the CMDB does not list");
    sub->callback([run, a] { *run = [a] { return RunNotified(*a); }; });
  }
}

}  // namespace credtrace::cli
