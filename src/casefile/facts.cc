#include "casefile/facts.h"

#include <algorithm>
#include <limits>

#include "base/file.h"
#include "base/time.h"

namespace credtrace::casefile {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Documents credtrace keeps in the case are small; a bound keeps a hand-edited one from
// exhausting memory.
constexpr uint64_t kMaxDocumentBytes = 1ull << 30;

Result<std::optional<json>> ReadJsonIfPresent(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::optional<json>();
  CT_ASSIGN_OR_RETURN(std::string text, ReadFile(file, kMaxDocumentBytes));
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corrupt(file.string() + " is not a JSON object");
  return std::optional<json>(std::move(j));
}

Status GatherEvidence(CaseFile& cf, EvidenceFacts* ev) {
  CT_RETURN_IF_ERROR(cf.db().ForEachSource([&](const store::SourceRecord& s) {
    ev->sources += 1;
    ev->bytes += s.size;
    ev->events += s.events;
    ev->records += s.records;
    ev->duplicates += s.duplicates;
    ev->rejected_records += s.rejected;
    if (s.status != "ingested" && s.status != "set-aside" && s.status != "duplicate-file") ev->files_with_problems += 1;
    if (s.path.find("AWSLogs/") != std::string::npos && s.path.find("/CloudTrail/") != std::string::npos)
      ev->s3_layout_sources += 1;
    ev->kinds.insert(s.kind);
    return Status::Ok();
  }));
  CT_ASSIGN_OR_RETURN(std::vector<store::SegmentRecord> segs, cf.db().Segments());
  TimeMs lo = std::numeric_limits<TimeMs>::max(), hi = std::numeric_limits<TimeMs>::min();
  for (const store::SegmentRecord& s : segs) {
    if (s.rows == 0) continue;
    lo = std::min(lo, s.min_time);
    hi = std::max(hi, s.max_time);
  }
  if (lo <= hi) {
    ev->first_event = FormatIsoTime(lo);
    ev->last_event = FormatIsoTime(hi);
  }
  CT_ASSIGN_OR_RETURN(int64_t runs, cf.db().MaxId("runs"));
  ev->runs = static_cast<uint64_t>(runs);
  return Status::Ok();
}

void GatherJournal(const fs::path& file, std::vector<json>* entries, std::map<std::string, PhaseExecution>* out) {
  auto text = ReadFile(file, kMaxDocumentBytes);
  if (!text.ok()) return;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) break;  // a torn last line: not an entry
    json e = json::parse(std::string_view(*text).substr(pos, nl - pos), nullptr, false);
    pos = nl + 1;
    if (!e.is_object()) continue;
    // Without the commands' output, which can be a MiB a command.
    e.erase("stdout");
    e.erase("stderr");
    entries->push_back(e);
    std::string type = e.value("type", ""), phase = e.value("phase", "");
    if (phase.empty()) continue;
    PhaseExecution& p = (*out)[phase];
    if (type == "run") {
      p.runs += 1;
      p.completed = false;
      p.last_run = e.value("run", "");
      p.last_time = e.value("time", "");
      p.plan_hash = e.value("planHash", "");
      p.at = e.value("at", "");
    } else if (type == "run-end") {
      p.completed = e.value("status", "") == "completed";
      p.last_time = e.value("time", "");
    } else if (type == "step") {
      std::string step = e.value("step", ""), status = e.value("status", "");
      if (e.contains("action") && e["action"].is_string()) p.action_of_step[step] = e["action"];
      if (status == "ok") {
        p.steps_ok.insert(step);
        p.steps_failed.erase(step);
        if (e.contains("credentials") && e["credentials"].is_array()) {
          for (const json& c : e["credentials"]) {
            if (c.is_string()) p.credentials_ok.insert(c.get<std::string>());
          }
        }
      } else if (status == "failed") {
        p.steps_failed.insert(step);
      } else if (status == "manual-check") {
        p.steps_manual.insert(step);
      }
    }
  }
}

}  // namespace

Result<Facts> GatherFacts(CaseFile& cf) {
  Facts f;
  f.dir = cf.dir();
  CT_ASSIGN_OR_RETURN(f.state, cf.Load());
  CT_RETURN_IF_ERROR(GatherEvidence(cf, &f.evidence));
  CT_ASSIGN_OR_RETURN(f.investigation_doc, ReadJsonIfPresent(cf.dir() / "investigation.json"));
  if (f.investigation_doc) {
    auto inv = respond::ReadInvestigation(*f.investigation_doc);
    if (!inv.ok()) return Status::Corrupt((cf.dir() / "investigation.json").string() + ": " + inv.status().message());
    f.investigation = std::move(*inv);
  }
  GatherJournal(cf.dir() / "journal.jsonl", &f.journal, &f.executed);
  CT_ASSIGN_OR_RETURN(f.verify, ReadJsonIfPresent(cf.dir() / "verify.json"));
  if (const Artifact* a = f.state.LastArtifact("cmdb")) {
    f.cmdb_note = a->body;
    f.cmdb_file = cf.dir() / a->path;
  }
  return f;
}

}  // namespace credtrace::casefile
