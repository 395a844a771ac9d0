// credtrace investigate --case DIR (--key K | --principal ARN | --finding FILE)... [--since T]
//   [--until T] [--follow-infrastructure] [--asn-db FILE] [--json]
#include <chrono>
#include <cstdio>

#include "base/file.h"
#include "base/sha256.h"
#include "casefile/case_file.h"
#include "cli/cli.h"
#include "cli/investigate_summary.h"
#include "cli/util.h"
#include "investigate/finding.h"
#include "investigate/investigate.h"
#include "investigate/json_output.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

namespace inv = credtrace::investigate;

constexpr uint64_t kMaxFindingFileBytes = 64ull << 20;
constexpr uint64_t kMaxAsnDbBytes = 512ull << 20;

struct InvestigateArgs {
  std::string case_dir;
  std::vector<std::string> keys, principals, findings;
  std::string since, until, asn_db;
  bool follow = false;
  bool json = false;
};

int RunInvestigate(const InvestigateArgs& a) {
  inv::Options opt;
  TimeMs now = NowMs();
  if (!a.since.empty()) {
    auto t = ParseUserTime(a.since, now);
    if (!t) return UsageError("--since: not a time: " + a.since);
    opt.since = *t;
  }
  if (!a.until.empty()) {
    auto t = ParseUserTime(a.until, now);
    if (!t) return UsageError("--until: not a time: " + a.until);
    opt.until = *t;
  }
  for (const std::string& k : a.keys) opt.seeds.push_back({"key", k, "", "", std::nullopt});
  for (const std::string& p : a.principals) opt.seeds.push_back({"principal", p, "", "", std::nullopt});
  std::vector<std::pair<std::string, std::string>> finding_texts;  // path, content: kept in the case
  for (const std::string& f : a.findings) {
    auto text = ReadFile(f, kMaxFindingFileBytes);
    if (!text.ok()) return Fail(text.status());
    finding_texts.push_back({f, *text});
    auto found = inv::ParseFindings(*text, f);
    if (!found.ok()) return Fail(found.status());
    auto seeds = inv::SeedsFromFindings(*found, f);
    if (seeds.empty()) return UsageError(f + ": no finding names an access key or a principal");
    opt.seeds.insert(opt.seeds.end(), seeds.begin(), seeds.end());
  }
  if (opt.seeds.empty()) return UsageError("give at least one seed: --key, --principal or --finding");
  if (!a.asn_db.empty()) {
    auto text = ReadFile(a.asn_db, kMaxAsnDbBytes);
    if (!text.ok()) return Fail(text.status());
    opt.asn_db_text = std::move(*text);
  }
  opt.follow_infrastructure = a.follow;

  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  auto segs = (*c)->Segments();
  if (!segs.ok()) return Fail(segs.status());
  auto start = std::chrono::steady_clock::now();
  inv::Evidence evidence(c->get(), *segs);
  auto result = inv::Investigate(evidence, opt);
  if (!result.ok()) return Fail(result.status());
  result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  inv::GeneratorInfo gen;
  gen.version = CREDTRACE_VERSION;
  gen.case_dir = a.case_dir;
  gen.created = FormatIsoTime(now);
  gen.options = {{"since", a.since.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.since)},
                 {"until", a.until.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.until)},
                 {"followInfrastructure", a.follow},
                 {"keys", a.keys},
                 {"principals", a.principals},
                 {"findings", a.findings}};
  std::string doc = inv::DumpJson(inv::ToJson(*result, gen), 2);
  doc.push_back('\n');
  // Saved in the case for the commands that follow (plan, report), with the findings it started
  // from, each recorded in the chain of custody: docs/CASE_FORMAT.md.
  auto file = casefile::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  for (const auto& [path, text] : finding_texts) {
    std::string sha = Sha256::HexOf(text);
    fs::path kept = (*c)->dir() / "findings" / (sha + ".json");
    std::error_code ec;
    fs::create_directories(kept.parent_path(), ec);
    if (fs::exists(kept, ec)) continue;  // the same finding, kept before
    Status s = (*file)->WriteRecorded("finding", kept, text, {{"original", fs::absolute(path).string()}});
    if (!s.ok()) return Fail(s);
  }
  Status saved = (*file)->WriteRecorded("investigation", (*c)->dir() / "investigation.json", doc,
                                        {{"credentials", result->credentials.size()}, {"events", result->events.size()},
                                         {"resources", result->resources.size()}, {"options", gen.options}});
  if (!saved.ok()) return Fail(saved);
  if (a.json) {
    std::fwrite(doc.data(), 1, doc.size(), stdout);
  } else {
    std::string text = RenderInvestigationSummary(*result, a.case_dir);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return kExitOk;
}

}  // namespace

void RegisterInvestigate(CLI::App& app, Runner* run) {
  auto a = std::make_shared<InvestigateArgs>();
  auto* sub = app.add_subcommand(
      "investigate", "From a key, a principal or a finding to every credential, action and resource of the attacker");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("--key", a->keys, "Seed: an access key ID (AKIA.../ASIA...); repeatable");
  sub->add_option("--principal", a->principals, "Seed: a user, role or session ARN; repeatable");
  sub->add_option("--finding", a->findings,
                  "Seed: a GuardDuty or Security Hub finding file (get-findings output, EventBridge event, ASFF); repeatable");
  sub->add_option("--since", a->since, "Compromise time, when known (ISO 8601, or 2h / 3d ago)");
  sub->add_option("--until", a->until, "Ignore events after this time");
  sub->add_flag("--follow-infrastructure", a->follow,
                "Also take in credentials used from the attacker's addresses that no event links");
  sub->add_option("--asn-db", a->asn_db, "CSV of network,asn,name (CIDR) to name the attacker's networks");
  sub->add_flag("--json", a->json, "Print the investigation as JSON (docs/INVESTIGATION_SCHEMA.md)");
  sub->callback([run, a] { *run = [a] { return RunInvestigate(*a); }; });
}

}  // namespace credtrace::cli
