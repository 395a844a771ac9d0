// credtrace case init DIR --title T [--ticket ID] [--severity S] [--impact TEXT] [--detection TEXT] [--lead WHO]
// credtrace case set --case DIR [the same fields] [--summary TEXT] [--phase P [--note TEXT]]
// credtrace case show --case DIR [--json]
#include <cstdio>

#include <fmt/format.h>

#include "casefile/case_file.h"
#include "casefile/overview.h"
#include "cli/case_commands.h"
#include "cli/util.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

struct MetaArgs {
  std::string case_dir;
  std::map<std::string, std::string> fields;  // field -> value given
  std::string phase, note;
  bool json = false;
};

void AddMetaOptions(CLI::App* sub, MetaArgs* a, bool with_summary) {
  for (const char* f : cf::kMetaFields) {
    std::string field = f;
    if (field == "summary" && !with_summary) continue;
    std::string help = field == "title"      ? "One line naming the incident"
                       : field == "ticket"   ? "The ticket or case ID in the team's tracker (runbook part 1 step 1)"
                       : field == "severity" ? "informational, low, medium, high or critical"
                       : field == "impact"   ? "End-user impact, in words; 'none' is an answer (part 1 step 2)"
                       : field == "detection" ? "What raised the alarm (part 1 step 3): the alarm, rule or report"
                       : field == "summary"  ? "The team's summary of the incident, for the report"
                                             : "Who leads the response";
    auto* opt = sub->add_option_function<std::string>(
        "--" + field, [a, field](const std::string& v) { a->fields[field] = v; }, help);
    if (field == "severity") opt->check(CLI::IsMember({"informational", "low", "medium", "high", "critical"}));
  }
}

Status RecordMeta(cf::CaseFile& file, const cf::State& st, const std::map<std::string, std::string>& fields) {
  for (const auto& [field, value] : fields) {
    if (st.Meta(field) == value) continue;  // unchanged: nothing to record
    CT_RETURN_IF_ERROR(file.Record("meta", {{"field", field}, {"value", value}}).status());
  }
  return Status::Ok();
}

int RunInit(const MetaArgs& a) {
  if (!a.fields.count("title")) return UsageError("case init: --title is required");
  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kYes);
  if (!c.ok()) return Fail(c.status());
  c->reset();
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto st = (*file)->Load();
  if (!st.ok()) return Fail(st.status());
  if (!st->Meta("title").empty()) {
    return Fail(Status::InvalidArgument(a.case_dir + " is already set up (title: " + st->Meta("title") +
                                        "); change its fields with credtrace case set --case " + a.case_dir));
  }
  if (Status s = RecordMeta(**file, *st, a.fields); !s.ok()) return Fail(s);
  if (st->phases.empty()) {
    auto e = (*file)->Record("phase", {{"phase", "detect"}, {"note", "case opened"}});
    if (!e.ok()) return Fail(e.status());
  }
  std::printf("case %s: %s (phase detect)\nnext: credtrace ingest --case %s PATH...   then   credtrace runbook --case %s\n",
              SafeText(a.case_dir).c_str(), SafeText(a.fields.at("title")).c_str(), SafeText(a.case_dir).c_str(),
              SafeText(a.case_dir).c_str());
  return kExitOk;
}

int RunSet(const MetaArgs& a) {
  if (a.fields.empty() && a.phase.empty()) return UsageError("case set: give at least one field (--title, --ticket, ...) or --phase");
  if (!a.phase.empty() && cf::PhaseIndex(a.phase) < 0)
    return UsageError("--phase: one of detect, contain, eradicate, recover, post-incident");
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto st = (*file)->Load();
  if (!st.ok()) return Fail(st.status());
  if (Status s = RecordMeta(**file, *st, a.fields); !s.ok()) return Fail(s);
  if (!a.phase.empty()) {
    json body = {{"phase", a.phase}, {"note", a.note}, {"from", st->Phase()}};
    auto e = (*file)->Record("phase", body);
    if (!e.ok()) return Fail(e.status());
  }
  return kExitOk;
}

std::string Count(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

int RunShow(const MetaArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto ov = cf::LoadOverview(**file);
  if (!ov.ok()) return Fail(ov.status());
  const cf::Facts& f = ov->facts;
  const cf::State& st = f.state;
  if (a.json) {
    json meta = json::object();
    for (const auto& [k, v] : st.meta) meta[k] = {{"value", v.value}, {"time", v.stamp.time}, {"by", v.stamp.actor}, {"entry", v.stamp.seq}};
    json phases = json::array();
    for (const cf::PhaseChange& p : st.phases) phases.push_back({{"phase", p.phase}, {"time", p.stamp.time}, {"by", p.stamp.actor}, {"note", p.note}, {"entry", p.stamp.seq}});
    json doc = {{"schema", "credtrace.case/1"},
                {"case", a.case_dir},
                {"created", {{"time", st.created.time}, {"by", st.created.actor}}},
                {"meta", meta},
                {"phase", st.Phase()},
                {"phases", phases},
                {"evidence", {{"sources", f.evidence.sources}, {"bytes", f.evidence.bytes}, {"events", f.evidence.events},
                              {"firstEvent", f.evidence.first_event.empty() ? json(nullptr) : json(f.evidence.first_event)},
                              {"lastEvent", f.evidence.last_event.empty() ? json(nullptr) : json(f.evidence.last_event)},
                              {"filesWithProblems", f.evidence.files_with_problems}}},
                {"investigation", f.investigation ? json{{"credentials", f.investigation->credentials.size()},
                                                         {"events", f.investigation->events.size()},
                                                         {"resources", f.investigation->resources.size()},
                                                         {"compromiseTime", f.investigation_doc->value("compromiseTime", json(nullptr))}}
                                                  : json(nullptr)},
                {"runbook", {{"done", ov->runbook.done}, {"n/a", ov->runbook.na}, {"blocked", ov->runbook.blocked}, {"todo", ov->runbook.todo}}},
                {"stakeholders", {{"cmdb", ov->stakeholders.cmdb}, {"count", ov->stakeholders.stakeholders.size()}, {"notified", ov->stakeholders.notified}}},
                {"notes", st.notes.size()},
                {"custody", {{"entries", st.head_seq}, {"head", st.head_hash}}}};
    std::string out = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return kExitOk;
  }
  std::string out;
  std::string title = st.Meta("title").empty() ? "(no title: credtrace case set --title ...)" : st.Meta("title");
  out += fmt::format("Case      {}\n", SafeText(title));
  out += fmt::format("Directory {}\n", SafeText(a.case_dir));
  for (const char* k : {"ticket", "severity", "lead", "impact", "detection"}) {
    if (!st.Meta(k).empty()) out += fmt::format("{:<10}{}\n", std::string(1, static_cast<char>(std::toupper(k[0]))) + (k + 1), SafeText(st.Meta(k)));
  }
  out += fmt::format("Opened    {} by {}\n", st.created.time, SafeText(st.created.actor));
  out += fmt::format("Phase     {}", st.Phase());
  if (!st.phases.empty()) out += fmt::format(" (since {}, {})", st.phases.back().stamp.time, SafeText(st.phases.back().stamp.actor));
  out += "\n";
  out += fmt::format("Evidence  {} files ({:.1f} MB), {} events", Count(f.evidence.sources), f.evidence.bytes / 1e6, Count(f.evidence.events));
  if (!f.evidence.first_event.empty()) out += fmt::format(", {} .. {}", f.evidence.first_event, f.evidence.last_event);
  if (f.evidence.files_with_problems) out += fmt::format("; {} files with problems", f.evidence.files_with_problems);
  out += "\n";
  if (f.investigation) {
    size_t attacker = 0;
    for (const auto& e : f.investigation->events) attacker += e.attribution != "owner";
    out += fmt::format("Scope     {} credentials, {} events ({} attacker or unknown), {} resources; compromised since {}\n",
                       f.investigation->credentials.size(), Count(f.investigation->events.size()), Count(attacker),
                       f.investigation->resources.size(), f.investigation_doc->value("compromiseTime", "?"));
  } else {
    out += "Scope     not investigated yet (credtrace investigate)\n";
  }
  for (const char* phase : {"contain", "eradicate", "recover"}) {
    const cf::Artifact* plan = st.LastArtifact("plan", phase);
    auto ex = f.executed.find(phase);
    if (!plan && ex == f.executed.end()) continue;
    out += fmt::format("{:<10}", std::string(1, static_cast<char>(std::toupper(phase[0]))) + (phase + 1));
    if (plan) out += fmt::format("planned {} (custody #{})", plan->stamp.time, plan->stamp.seq);
    if (ex != f.executed.end()) {
      out += fmt::format("{}carried out: {} step(s) ok, {} failed, {} to check; last run {}", plan ? "; " : "", ex->second.steps_ok.size(),
                         ex->second.steps_failed.size(), ex->second.steps_manual.size(), ex->second.completed ? "completed" : "not completed");
    }
    out += "\n";
  }
  if (f.verify) {
    out += fmt::format("Verified  {} (evidence complete until {})\n", f.verify->value("verdict", "?"),
                       f.verify->contains("evidence") ? (*f.verify)["evidence"].value("completeUntil", "?") : "?");
  }
  out += fmt::format("Runbook   {} done, {} n/a, {} blocked, {} to do", ov->runbook.done, ov->runbook.na, ov->runbook.blocked, ov->runbook.todo);
  if (!ov->runbook.next.empty()) out += fmt::format("; next: {}", ov->runbook.steps[ov->runbook.next.front()].step->id);
  out += "\n";
  if (ov->stakeholders.cmdb) {
    out += fmt::format("People    {} stakeholders for {} application(s), {} told\n", ov->stakeholders.stakeholders.size(),
                       ov->stakeholders.applications.size(), ov->stakeholders.notified);
  }
  out += fmt::format("Notes     {}\n", st.notes.size());
  out += fmt::format("Custody   {} entries; head #{} {}\n", st.head_seq, st.head_seq, st.head_hash);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

void RegisterCaseMeta(CLI::App* case_cmd, Runner* run) {
  {
    auto a = std::make_shared<MetaArgs>();
    auto* sub = case_cmd->add_subcommand("init", "Open a case: create the directory if needed and record what the incident is");
    sub->add_option("dir", a->case_dir, "Case directory")->required();
    AddMetaOptions(sub, a.get(), false);
    sub->callback([run, a] { *run = [a] { return RunInit(*a); }; });
  }
  {
    auto a = std::make_shared<MetaArgs>();
    auto* sub = case_cmd->add_subcommand("set", "Change the case's fields or its phase");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    AddMetaOptions(sub, a.get(), true);
    sub->add_option("--phase", a->phase, "detect, contain, eradicate, recover or post-incident");
    sub->add_option("--note", a->note, "Why the phase changes");
    sub->callback([run, a] { *run = [a] { return RunSet(*a); }; });
  }
  {
    auto a = std::make_shared<MetaArgs>();
    auto* sub = case_cmd->add_subcommand("show", "What the case is, where the response stands");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_flag("--json", a->json, "As JSON (credtrace.case/1)");
    sub->callback([run, a] { *run = [a] { return RunShow(*a); }; });
  }
}

void RegisterCase(CLI::App& app, Runner* run) {
  auto* c = app.add_subcommand("case", "The case file: metadata, notes, stakeholders, chain of custody, export");
  c->require_subcommand(1);
  RegisterCaseMeta(c, run);
  RegisterCaseLog(c, run);
  RegisterCaseCustody(c, run);
  RegisterCaseStakeholders(c, run);
  RegisterCaseExport(c, run);
}

}  // namespace credtrace::cli
