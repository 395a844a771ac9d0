// credtrace plan contain|eradicate --case DIR [--format md|json|sh] [-o FILE] [--at T]
// Reads <case>/investigation.json (docs/INVESTIGATION_SCHEMA.md) and writes the plan
// (docs/RESPONSE.md, docs/PLAN_SCHEMA.md). Runs nothing.
#include <sys/stat.h>

#include <cstdio>

#include "base/file.h"
#include "base/sha256.h"
#include "casefile/case_file.h"
#include "respond/execute.h"
#include "base/time.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "respond/render.h"
#include "respond/respond.h"

namespace credtrace::cli {

namespace {

namespace resp = credtrace::respond;

constexpr uint64_t kMaxInvestigationBytes = 2ull << 30;

struct PlanArgs {
  std::string phase;
  std::string case_dir;
  std::string format = "md";
  std::string out;
  std::string at;
};

int RunPlan(const PlanArgs& a) {
  TimeMs now = NowMs();
  resp::PlanOptions opt;
  opt.case_dir = a.case_dir;
  if (a.at.empty()) {
    opt.at = FormatIsoTime(now / 1000 * 1000);
  } else {
    auto t = ParseUserTime(a.at, now);
    if (!t) return UsageError("--at: not a time: " + a.at);
    opt.at = FormatIsoTime(*t);
  }
  fs::path path = fs::path(a.case_dir) / "investigation.json";
  auto text = ReadFile(path, kMaxInvestigationBytes);
  if (!text.ok()) {
    return Fail(Status::NotFound(path.string() + ": no saved investigation (run credtrace investigate first): " +
                                 text.status().message()));
  }
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return Fail(Status::Corrupt(path.string() + ": not valid JSON"));
  auto inv = resp::ReadInvestigation(doc);
  if (!inv.ok()) return Fail(inv.status());
  auto plan = a.phase == "contain"     ? resp::PlanContainment(*inv, opt)
              : a.phase == "eradicate" ? resp::PlanEradication(*inv, opt)
                                       : resp::PlanRecovery(*inv, opt);
  if (!plan.ok()) return Fail(plan.status());
  std::string outs;
  if (a.format == "json") {
    outs = resp::PlanToJson(*plan).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else if (a.format == "sh") {
    outs = resp::RenderScript(*plan);
  } else {
    outs = resp::RenderMarkdown(*plan);
  }
  auto file = casefile::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  nlohmann::json body = {{"phase", a.phase}, {"format", a.format}, {"at", opt.at}, {"planHash", resp::PlanHash(*plan)},
                         {"steps", plan->steps.size()}, {"manual", plan->manual.size()}};
  if (a.out.empty() || a.out == "-") {
    std::fwrite(outs.data(), 1, outs.size(), stdout);
    body["sha256"] = Sha256::HexOf(outs);
    body["to"] = "stdout";
    if (auto e = (*file)->Record("plan", body); !e.ok()) return Fail(e.status());
    return kExitOk;
  }
  Status st = (*file)->WriteRecorded("plan", a.out, outs, body);
  if (!st.ok()) return Fail(st);
  if (a.format == "sh") ::chmod(a.out.c_str(), 0755);
  std::fprintf(stderr, "wrote %s plan (%zu steps, %zu manual) to %s\n", a.phase.c_str(), plan->steps.size(),
               plan->manual.size(), SafeText(a.out).c_str());
  return kExitOk;
}

void AddPhase(CLI::App* plan, const std::string& phase, const std::string& help, Runner* run) {
  auto a = std::make_shared<PlanArgs>();
  a->phase = phase;
  auto* sub = plan->add_subcommand(phase, help);
  sub->add_option("--case", a->case_dir, "Case directory (with investigation.json)")->required();
  sub->add_option("--format", a->format, "md (default), json (docs/PLAN_SCHEMA.md) or sh (bash script)")
      ->check(CLI::IsMember({"md", "json", "sh"}));
  sub->add_option("-o,--out", a->out, "Write to this file instead of stdout");
  sub->add_option("--at", a->at, "Containment time (ISO 8601, or -30m); default now");
  sub->callback([run, a] { *run = [a] { return RunPlan(*a); }; });
}

}  // namespace

void RegisterPlan(CLI::App& app, Runner* run) {
  auto* plan = app.add_subcommand("plan", "Write the containment or eradication plan from the saved investigation");
  plan->require_subcommand(1);
  AddPhase(plan, "contain", "Shut off every credential the attacker holds (nothing deleted but console passwords)", run);
  AddPhase(plan, "eradicate", "Remove what the attacker created (after containment)", run);
  AddPhase(plan, "recover", "Restore what the attacker changed or deleted, rotate what they read", run);
}

}  // namespace credtrace::cli
