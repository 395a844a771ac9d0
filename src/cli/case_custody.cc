// credtrace case custody --case DIR [--type T] [--json]
// credtrace case verify --case DIR [--anchor [SEQ:]HASH] [--quick] [--json]
#include <unistd.h>

#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "casefile/case_file.h"
#include "casefile/custody_check.h"
#include "store/custody.h"
#include "cli/case_commands.h"
#include "cli/util.h"

namespace credtrace::cli {

namespace {

namespace cf = credtrace::casefile;
using json = nlohmann::json;

struct CustodyArgs {
  std::string case_dir, type, anchor;
  bool json = false, quick = false, files = false;
};

// One line saying what an entry records.
std::string Describe(const cf::Entry& e) {
  const json& b = e.body;
  auto s = [&](const char* k) { return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : std::string(); };
  auto n = [&](const char* k) { return b.contains(k) && b[k].is_number() ? b[k].dump() : std::string("?"); };
  if (e.type == "evidence" || e.type == "migrated")
    return fmt::format("{} files, {} bytes (sources {}..{}), list SHA-256 {}", n("sources"), n("bytes"), n("firstSource"),
                       n("lastSource"), s("listSha256").substr(0, 16));
  if (e.type == "command") {
    std::string argv;
    if (b.contains("argv") && b["argv"].is_array()) {
      for (const json& x : b["argv"]) argv += (argv.empty() ? "" : " ") + (x.is_string() ? x.get<std::string>() : x.dump());
    }
    return argv;
  }
  if (e.type == "command-end") return fmt::format("exit {} after {} s (command #{})", n("exit"), n("seconds"), n("start"));
  if (e.type == "meta") return s("field") + " = " + s("value");
  if (e.type == "phase") return s("phase") + (s("note").empty() ? "" : ": " + s("note"));
  if (e.type == "step") return s("step") + " " + s("status") + (s("note").empty() ? "" : ": " + s("note"));
  if (e.type == "note") return s("kind") + ": " + s("text");
  if (e.type == "notified") return s("contact") + (s("note").empty() ? "" : ": " + s("note"));
  if (e.type == "action") {
    const json& x = b.contains("entry") && b["entry"].is_object() ? b["entry"] : json::object();
    std::string what = x.value("type", "") + " " + x.value("phase", "") + " " + x.value("step", "");
    if (x.contains("outcome")) what += " " + x.value("outcome", "");
    if (x.contains("status")) what += " " + x.value("status", "");
    return fmt::format("journal line {}: {}", n("line"), what);
  }
  if (e.type == "case") return s("event");
  if (b.contains("path")) return s("path") + " SHA-256 " + s("sha256").substr(0, 16);
  return b.dump();
}

int RunCustody(const CustodyArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  auto entries = (*file)->Entries();
  if (!entries.ok()) return Fail(entries.status());
  // --files: under each evidence entry, the files it records with their SHA-256, from the case
  // database, checked against the entry's list hash.
  std::map<int64_t, std::vector<store::SourceRecord>> files_of;
  if (a.files) {
    Status st = (*file)->db().ForEachSource([&](const store::SourceRecord& r) {
      files_of[r.custody].push_back(r);
      return Status::Ok();
    });
    if (!st.ok()) return Fail(st);
  }
  auto files_for = [&](const cf::Entry& e) -> std::vector<json> {
    std::vector<json> out;
    auto it = files_of.find(e.seq);
    if (it == files_of.end()) return out;
    bool ok = store::EvidenceListHash(it->second) == e.body.value("listSha256", std::string());
    for (const store::SourceRecord& r : it->second) {
      out.push_back({{"source", r.id}, {"sha256", r.sha256}, {"size", r.size}, {"path", r.path}, {"listHashMatches", ok}});
    }
    return out;
  };
  std::string out;
  if (a.json) {
    // JSON lines: the stored entry, with its chain fields, for jq and for checking by hand.
    auto raw = (*file)->db().Custody();
    if (!raw.ok()) return Fail(raw.status());
    for (const auto& r : *raw) {
      json j = json::parse(r.entry, nullptr, false);
      if (!a.type.empty() && (!j.is_object() || j.value("type", "") != a.type)) continue;
      out += "{\"seq\":" + std::to_string(r.seq) + ",\"prev\":\"" + r.prev + "\",\"hash\":\"" + r.hash + "\",\"entry\":" + r.entry;
      if (a.files) {
        auto p = cf::ParseEntry(r);
        if (p.ok() && (p->type == "evidence" || p->type == "migrated")) {
          out += ",\"files\":" + json(files_for(*p)).dump(-1, ' ', false, json::error_handler_t::replace);
        }
      }
      out += "}\n";
    }
  } else {
    for (const cf::Entry& e : *entries) {
      if (!a.type.empty() && e.type != a.type) continue;
      out += fmt::format("#{:<5} {}  {:<13} {:<22} {}\n", e.seq, e.time, e.type, SafeText(Fit(e.actor, 22)), SafeText(Fit(Describe(e), 160)));
      for (const json& f : files_for(e)) {
        out += fmt::format("         {} {:>10} {}{}\n", f["sha256"].get<std::string>(), f["size"].get<uint64_t>(),
                           SafeText(f["path"].get<std::string>()), f["listHashMatches"].get<bool>() ? "" : "  (DOES NOT MATCH THE ENTRY)");
      }
    }
    if (!entries->empty()) out += fmt::format("head #{} {}\n", entries->back().seq, entries->back().hash);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunVerify(const CustodyArgs& a) {
  auto file = cf::CaseFile::Open(a.case_dir);
  if (!file.ok()) return Fail(file.status());
  cf::CheckOptions opt;
  opt.hash_evidence = !a.quick;
  opt.anchor = a.anchor;
  bool tty = isatty(STDERR_FILENO);
  TimeMs last = 0;
  if (tty) {
    opt.progress = [&](uint64_t done, uint64_t total) {
      TimeMs now = NowMs();
      if (now - last < 200 && done < total) return;
      last = now;
      std::fprintf(stderr, "\rhashing the evidence: %.0f / %.0f MB", done / 1e6, total / 1e6);
      if (done >= total) std::fprintf(stderr, "\n");
    };
  }
  auto r = cf::CheckCase(**file, opt);
  if (!r.ok()) return Fail(r.status());
  if (a.json) {
    json problems = json::array();
    for (const cf::CheckProblem& p : r->problems) problems.push_back({{"level", p.level}, {"entry", p.seq ? json(p.seq) : json(nullptr)}, {"what", p.what}});
    json doc = {{"schema", "credtrace.custody-check/1"},
                {"verdict", r->Tampered() ? "tampered" : "intact"},
                {"entries", r->entries},
                {"head", {{"seq", r->head_seq}, {"hash", r->head_hash}}},
                {"anchor", a.anchor.empty() ? json(nullptr) : json({{"value", a.anchor}, {"found", r->anchor_found}})},
                {"sources", r->sources},
                {"sourcesHashed", r->sources_hashed},
                {"bytesHashed", r->bytes_hashed},
                {"journalLines", r->journal_lines},
                {"files", r->artifacts},
                {"problems", problems}};
    std::string out = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    std::string out;
    out += fmt::format("chain of custody: {} entries, head #{} {}\n", r->entries, r->head_seq, r->head_hash);
    out += fmt::format("evidence: {} files in the case, {} re-hashed ({:.1f} MB){}\n", r->sources, r->sources_hashed, r->bytes_hashed / 1e6,
                       a.quick ? " (--quick: list hashes only)" : "");
    out += fmt::format("journal: {} recorded lines checked; files: {} checked\n", r->journal_lines, r->artifacts);
    if (!a.anchor.empty()) out += fmt::format("anchor {}: {}\n", a.anchor, r->anchor_found ? "in the chain" : "NOT in the chain");
    for (const cf::CheckProblem& p : r->problems) {
      out += fmt::format("{}: {}{}\n", p.level == "tampered" ? "TAMPERED" : "warning", p.seq ? fmt::format("entry #{}: ", p.seq) : "", SafeText(p.what));
    }
    out += r->Tampered() ? "verdict: TAMPERED: the case differs from its record\n" : "verdict: intact\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return r->Tampered() ? kExitFound : kExitOk;
}

}  // namespace

void RegisterCaseCustody(CLI::App* case_cmd, Runner* run) {
  {
    auto a = std::make_shared<CustodyArgs>();
    auto* sub = case_cmd->add_subcommand("custody", "The chain of custody: every evidence file, command, plan and action, hash-chained");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_option("--type", a->type, "Only entries of this type (evidence, command, action, plan, note, ...)");
    sub->add_flag("--json", a->json, "JSON lines: seq, prev, hash and the entry exactly as hashed");
    sub->add_flag("--files", a->files, "Under each evidence entry, every file it records with its SHA-256, size and path");
    sub->callback([run, a] { *run = [a] { return RunCustody(*a); }; });
  }
  {
    auto a = std::make_shared<CustodyArgs>();
    auto* sub = case_cmd->add_subcommand("verify", "Check the case against its chain of custody (exit 4 when tampered)");
    sub->add_option("--case", a->case_dir, "Case directory")->required();
    sub->add_option("--anchor", a->anchor, "A head hash written down earlier ([SEQ:]HASH, from the report or the ticket)");
    sub->add_flag("--quick", a->quick, "Do not re-read and hash the evidence bytes");
    sub->add_flag("--json", a->json, "As JSON (credtrace.custody-check/1)");
    sub->callback([run, a] { *run = [a] { return RunVerify(*a); }; });
  }
}

}  // namespace credtrace::cli
