// credtrace verify --case DIR [--after T] [--grace 5m] [--watch PATH --for 30m [--interval 10s]] [--json]
// Does the containment hold? Every use of a contained credential after its containment time,
// denied or not (docs/RESPONSE.md "Verification", docs/VERIFY_SCHEMA.md). Exit 4 when a use
// after the propagation window was not denied.
#include <cstdio>
#include <map>

#include "base/file.h"
#include "base/time.h"
#include "casefile/case_file.h"
#include "cli/cli.h"
#include "cli/util.h"
#include "respond/verify.h"
#include "store/case.h"

namespace credtrace::cli {

namespace {

namespace resp = credtrace::respond;
namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr uint64_t kMaxInvestigationBytes = 2ull << 30;
constexpr size_t kMaxPrinted = 20;  // uses printed per list in the text report

struct VerifyArgs {
  std::string case_dir;
  std::string after;
  std::string grace = "5m";
  std::string watch;
  std::string duration = "30m";
  std::string interval = "10s";
  int threads = 2;
  bool json = false;
};

// "30m", "10s", "1h", "500ms", "90" (seconds).
std::optional<TimeMs> ParseDuration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  int64_t n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    n = n * 10 + (s[i] - '0');
    if (n > 1000000000) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = s.substr(i);
  if (unit.empty() || unit == "s") return n * 1000;
  if (unit == "ms") return n;
  if (unit == "m") return n * 60 * 1000;
  if (unit == "h") return n * 3600 * 1000;
  return std::nullopt;
}

std::string Minutes(TimeMs ms) {
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + " min";
  return std::to_string(ms / 1000) + " s";
}

std::string UseLine(const std::string& credential, const resp::VerifyUse& u) {
  std::string s = "  " + u.event_time + "  " + SafeText(u.event_name) + "  " + SafeText(u.source_ip);
  s += "  " + (u.error_code.empty() ? std::string("(success)") : SafeText(u.error_code));
  s += "  " + SafeText(u.event_id) + "  " + u.attribution;
  if (u.via == "older-role-session")
    s += "  session " + SafeText(u.access_key_id) + " issued " + SafeText(u.session_created);
  if (!credential.empty()) s += "  [" + SafeText(credential) + "]";
  return s + "\n";
}

void PrintList(std::string* out, const char* title, const std::vector<resp::VerifyUse>& v) {
  if (v.empty()) return;
  *out += "  " + std::string(title) + " (" + std::to_string(v.size()) + "):\n";
  for (size_t i = 0; i < v.size() && i < kMaxPrinted; ++i) *out += "  " + UseLine("", v[i]);
  if (v.size() > kMaxPrinted) *out += "      ... and " + std::to_string(v.size() - kMaxPrinted) + " more (--json for all)\n";
}

std::string RenderText(const resp::VerifyReport& r, const std::string& case_dir) {
  std::string s = "Containment check of case " + SafeText(case_dir) + "\n";
  s += "Propagation window: " + Minutes(r.grace_ms) +
       " after each containment (calls that succeed in it are expected while IAM changes propagate)\n";
  if (r.complete_until) {
    s += "Evidence complete until " + FormatIsoTime(*r.complete_until) + " (last event " + FormatIsoTime(*r.last_event) +
         " minus CloudTrail's delivery delay of up to " + Minutes(r.delivery_delay_ms) +
         "); later calls may still arrive: run again, or --watch\n";
  } else {
    s += "The case holds no events.\n";
  }
  std::map<std::string, int> quiet;  // kind -> credentials checked with no use since
  for (const resp::VerifyCredentialResult& c : r.credentials) {
    if (c.contained_at && c.denied.empty() && c.succeeded.empty() && c.within_grace.empty()) {
      ++quiet[c.credential.kind];
      continue;
    }
    s += "\n" + SafeText(c.credential.id) + " (" + c.credential.kind + ", " + SafeText(c.credential.principal_arn) + ")\n";
    if (!c.contained_at) {
      s += "  not checked: no containment time for it in the journal (give --after)\n";
      continue;
    }
    s += "  contained at " + FormatIsoTime(*c.contained_at) + " (" + c.contained_from + ")";
    if (!c.role_revoked.empty()) s += "; older sessions of " + SafeText(c.role_revoked) + " checked too";
    s += "\n";
    PrintList(&s, "NOT DENIED after the propagation window: the containment does not hold", c.succeeded);
    PrintList(&s, "not denied, within the propagation window", c.within_grace);
    PrintList(&s, "denied: the containment works", c.denied);
  }
  if (!quiet.empty()) {
    int n = 0;
    std::string kinds;
    for (const auto& [k, v] : quiet) {
      n += v;
      kinds += (kinds.empty() ? "" : ", ") + std::to_string(v) + " " + k;
    }
    s += "\nNo use since their containment: " + std::to_string(n) + " credential(s) (" + kinds + ")\n";
  }
  s += "\n";
  if (r.NotContained()) {
    s += "NOT CONTAINED: " + std::to_string(r.succeeded) +
         " call(s) with contained credentials were not denied after the propagation window.\n";
  } else {
    s += "No successful use after the propagation window (" + std::to_string(r.denied) + " denied, " +
         std::to_string(r.within_grace) + " within the window";
    if (r.unchecked) s += ", " + std::to_string(r.unchecked) + " credential(s) not checked";
    s += ").\n";
  }
  return s;
}

int RunVerify(const VerifyArgs& a) {
  TimeMs now = NowMs();
  resp::VerifyOptions opt;
  auto grace = ParseDuration(a.grace);
  if (!grace) return UsageError("--grace: not a duration (5m, 300s): " + a.grace);
  opt.grace_ms = *grace;
  fs::path path = fs::path(a.case_dir) / "investigation.json";
  auto text = ReadFile(path, kMaxInvestigationBytes);
  if (!text.ok()) {
    return Fail(Status::NotFound(path.string() + ": no saved investigation (run credtrace investigate first): " +
                                 text.status().message()));
  }
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return Fail(Status::Corrupt(path.string() + ": not valid JSON"));
  auto inv = resp::ReadVerifyInvestigation(doc);
  if (!inv.ok()) return Fail(inv.status());
  if (!a.after.empty()) {
    auto t = ParseUserTime(a.after, now);
    if (!t) return UsageError("--after: not a time: " + a.after);
    opt.after = *t;
  } else {
    auto journal = resp::ReadJournalContainment(fs::path(a.case_dir) / "journal.jsonl", *inv);
    if (!journal.ok()) return Fail(journal.status());
    opt.journal = std::move(*journal);
    if (opt.journal.empty())
      return UsageError("give --after T (the containment time): the case has no journal of `credtrace contain --execute` "
                        "naming a contained credential");
  }

  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  json extra = {{"generator",
                 {{"tool", "credtrace"},
                  {"version", CREDTRACE_VERSION},
                  {"case", a.case_dir},
                  {"created", FormatIsoTime(now / 1000 * 1000)},
                  {"options",
                   {{"after", a.after.empty() ? json(nullptr) : json(a.after)},
                    {"grace", a.grace},
                    {"watch", a.watch.empty() ? json(nullptr) : json(a.watch)},
                    {"for", a.watch.empty() ? json(nullptr) : json(a.duration)}}}}}};
  resp::VerifyReport report;
  if (a.watch.empty()) {
    auto segs = (*c)->Segments();
    if (!segs.ok()) return Fail(segs.status());
    investigate::Evidence ev(c->get(), *segs);
    auto r = resp::Verify(ev, *inv, opt);
    if (!r.ok()) return r.status().code() == StatusCode::kInvalidArgument ? UsageError(r.status().message()) : Fail(r.status());
    report = std::move(*r);
  } else {
    resp::WatchOptions w;
    w.path = a.watch;
    auto d = ParseDuration(a.duration);
    if (!d) return UsageError("--for: not a duration (30m, 90s): " + a.duration);
    auto iv = ParseDuration(a.interval);
    if (!iv || *iv <= 0) return UsageError("--interval: not a duration (10s): " + a.interval);
    std::error_code ec;
    if (!fs::is_directory(a.watch, ec)) return UsageError("--watch: not a directory: " + a.watch);
    w.duration_ms = *d;
    w.interval_ms = *iv;
    w.ingest.threads = a.threads;
    w.ingest.command_line = "credtrace verify --watch " + a.watch;
    FILE* live = a.json ? stderr : stdout;
    {
      // The first report: what the case shows before the watch starts.
      auto segs = (*c)->Segments();
      if (!segs.ok()) return Fail(segs.status());
      investigate::Evidence ev(c->get(), *segs);
      auto r = resp::Verify(ev, *inv, opt);
      if (!r.ok()) return r.status().code() == StatusCode::kInvalidArgument ? UsageError(r.status().message()) : Fail(r.status());
      if (!a.json) {
        std::string t = RenderText(*r, a.case_dir);
        std::fwrite(t.data(), 1, t.size(), stdout);
      }
      std::fprintf(live, "\nWatching %s for %s (every %s); new uses are printed as they arrive.\n",
                   SafeText(a.watch).c_str(), a.duration.c_str(), a.interval.c_str());
      std::fflush(live);
    }
    w.on_new = [live](const std::vector<std::pair<std::string, resp::VerifyUse>>& uses, const store::IngestSummary& is) {
      std::string s = FormatIsoTime(NowMs() / 1000 * 1000) + ": " + std::to_string(is.files_ingested) + " new file(s), " +
                      std::to_string(is.events) + " new event(s), " + std::to_string(uses.size()) + " new use(s)\n";
      for (const auto& [cred, u] : uses) {
        std::string kind = u.denied ? "denied      " : u.within_grace ? "in window   " : "NOT DENIED  ";
        s += kind + UseLine(cred, u);
      }
      std::fwrite(s.data(), 1, s.size(), live);
      std::fflush(live);
    };
    resp::WatchSummary ws;
    auto r = resp::Watch(**c, *inv, opt, w, &ws);
    if (!r.ok()) return Fail(r.status());
    report = std::move(*r);
    extra["watch"] = {{"path", a.watch},
                      {"seconds", *d / 1000},
                      {"intervalSeconds", *iv / 1000.0},
                      {"polls", ws.polls},
                      {"filesIngested", ws.files_ingested},
                      {"newEvents", ws.new_events},
                      {"problems", ws.problems.size()}};
    for (const store::IngestProblem& p : ws.problems)
      std::fprintf(stderr, "credtrace: %s: %s\n", SafeText(p.path).c_str(), SafeText(p.reason).c_str());
    if (!a.json) std::fprintf(stdout, "\nFinal report after the watch:\n\n");
  }
  // The last verification is kept in the case (verify.json) for the runbook and the report.
  std::string out = resp::VerifyToJson(report, extra).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  {
    auto file = casefile::CaseFile::Open(a.case_dir);
    if (!file.ok()) return Fail(file.status());
    Status s = (*file)->WriteRecorded("verify", fs::path(a.case_dir) / "verify.json", out,
                                      {{"verdict", report.NotContained() ? "not-contained" : "no-successful-use"},
                                       {"succeeded", report.succeeded}, {"denied", report.denied}});
    if (!s.ok()) return Fail(s);
  }
  if (a.json) {
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::string t = RenderText(report, a.case_dir);
    std::fwrite(t.data(), 1, t.size(), stdout);
  }
  return report.NotContained() ? kExitFound : kExitOk;
}

}  // namespace

void RegisterVerify(CLI::App& app, Runner* run) {
  auto a = std::make_shared<VerifyArgs>();
  auto* sub = app.add_subcommand(
      "verify", "Does the containment hold? Every use of a contained credential after its containment, denied or not");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_option("--after", a->after,
                  "Containment time of every credential (ISO 8601 or -30m); default: from the case journal of contain --execute");
  sub->add_option("--grace", a->grace, "Propagation window after the containment (default 5m)");
  sub->add_option("--watch", a->watch, "Ingest new evidence files appearing under this directory and report as they arrive");
  sub->add_option("--for", a->duration, "How long to watch (default 30m)");
  sub->add_option("--interval", a->interval, "How often to look for new files (default 10s)");
  sub->add_option("--threads", a->threads, "Ingest threads for --watch (default 2)");
  sub->add_flag("--json", a->json, "Print the report as JSON (docs/VERIFY_SCHEMA.md)");
  sub->callback([run, a] { *run = [a] { return RunVerify(*a); }; });
}

}  // namespace credtrace::cli
