#include "casefile/case_file.h"
#include "casefile/json_fields.h"

#include <algorithm>

#include "base/actor.h"
#include "base/file.h"
#include "base/sha256.h"

namespace credtrace::casefile {

namespace fs = std::filesystem;
using json = nlohmann::json;

int PhaseIndex(std::string_view phase) {
  for (size_t i = 0; i < std::size(kPhases); ++i) {
    if (phase == kPhases[i]) return static_cast<int>(i);
  }
  return -1;
}

bool IsSeverity(std::string_view s) {
  return std::find(std::begin(kSeverities), std::end(kSeverities), s) != std::end(kSeverities);
}

bool IsMetaField(std::string_view f) {
  return std::find(std::begin(kMetaFields), std::end(kMetaFields), f) != std::end(kMetaFields);
}

std::string State::Meta(std::string_view field) const {
  auto it = meta.find(std::string(field));
  return it == meta.end() ? std::string() : it->second.value;
}

std::string State::Phase() const { return phases.empty() ? std::string(kPhases[0]) : phases.back().phase; }

const Artifact* State::LastArtifact(std::string_view type, std::string_view phase) const {
  for (auto it = artifacts.rbegin(); it != artifacts.rend(); ++it) {
    if (it->type != type) continue;
    if (!phase.empty() && (!it->body.contains("phase") || it->body["phase"] != phase)) continue;
    return &*it;
  }
  return nullptr;
}

namespace {

std::string Str(const json& body, const char* key) { return JStr(body, key); }
uint64_t U64(const json& body, const char* key) { return JU64(body, key); }

// The artifact entry types: files credtrace wrote, recorded with their hash.
constexpr const char* kArtifactTypes[] = {"investigation", "plan", "verify", "report", "export", "cmdb", "finding",
                                          "timeline"};

}  // namespace

State Fold(const std::vector<Entry>& entries) {
  State st;
  std::map<int64_t, size_t> command_at;  // seq of a command entry -> index in st.commands
  for (const Entry& e : entries) {
    Stamp stamp{e.seq, e.time, e.actor};
    if (st.created.seq == 0) st.created = stamp;
    st.head_seq = e.seq;
    st.head_hash = e.hash;
    const json& b = e.body;
    if (e.type == "meta") {
      std::string field = Str(b, "field");
      if (IsMetaField(field)) st.meta[field] = {Str(b, "value"), stamp};
    } else if (e.type == "phase") {
      std::string phase = Str(b, "phase");
      if (PhaseIndex(phase) >= 0) st.phases.push_back({phase, Str(b, "note"), stamp});
    } else if (e.type == "step") {
      StepMark m{Str(b, "step"), Str(b, "status"), Str(b, "note"), stamp};
      if (m.step.empty()) continue;
      st.step_history.push_back(m);
      if (m.status == "todo") {
        st.steps.erase(m.step);
      } else {
        st.steps[m.step] = m;
      }
    } else if (e.type == "note") {
      std::string kind = Str(b, "kind");
      st.notes.push_back({kind.empty() ? "note" : kind, Str(b, "text"), Str(b, "step"), stamp});
    } else if (e.type == "notified") {
      Notification n{Str(b, "contact"), Str(b, "application"), Str(b, "note"), stamp};
      if (!n.contact.empty()) st.notified[n.contact] = n;
    } else if (e.type == "evidence" || e.type == "migrated") {
      st.evidence_entries += 1;
      st.evidence_sources += U64(b, "sources");
      st.evidence_bytes += U64(b, "bytes");
    } else if (e.type == "action") {
      st.journal_lines = std::max(st.journal_lines, U64(b, "line"));
      st.journal_bytes = std::max(st.journal_bytes, U64(b, "end"));
    } else if (e.type == "command") {
      CommandRecord c;
      if (b.contains("argv") && b["argv"].is_array()) {
        for (const json& a : b["argv"]) c.argv.push_back(a.is_string() ? a.get<std::string>() : a.dump());
      }
      c.stamp = stamp;
      command_at[e.seq] = st.commands.size();
      st.commands.push_back(std::move(c));
    } else if (e.type == "command-end") {
      auto it = b.find("start");
      if (it != b.end() && it->is_number_integer() && command_at.count(it->get<int64_t>())) {
        CommandRecord& c = st.commands[command_at[it->get<int64_t>()]];
        if (b.contains("exit") && b["exit"].is_number_integer()) c.exit = b["exit"].get<int>();
        if (b.contains("seconds") && b["seconds"].is_number()) c.seconds = b["seconds"].get<double>();
      }
    } else if (std::find(std::begin(kArtifactTypes), std::end(kArtifactTypes), e.type) != std::end(kArtifactTypes)) {
      st.artifacts.push_back({e.type, Str(b, "path"), Str(b, "sha256"), b, stamp});
    }
  }
  return st;
}

Result<Entry> ParseEntry(const store::CustodyEntry& e) {
  json j = json::parse(e.entry, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corrupt("custody entry " + std::to_string(e.seq) + " is not JSON");
  Entry out;
  out.seq = e.seq;
  out.hash = e.hash;
  auto s = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  out.time = s("time");
  out.actor = s("actor");
  out.type = s("type");
  out.body = j.contains("body") && j["body"].is_object() ? j["body"] : json::object();
  return out;
}

std::string CaseRelative(const fs::path& dir, const fs::path& path) {
  std::error_code ec;
  fs::path d = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return path.string();
  auto [a, b] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  if (a == d.end()) {
    fs::path rel;
    for (; b != p.end(); ++b) rel /= *b;
    return rel.string();
  }
  return p.string();
}

Result<std::unique_ptr<CaseFile>> CaseFile::Open(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir / "credtrace-case.json", ec)) {
    return Status::NotFound(dir.string() + " is not a credtrace case (no credtrace-case.json); create it with `credtrace case init " +
                            dir.string() + " --title ...` or `credtrace ingest --case " + dir.string() + " ...`");
  }
  std::unique_ptr<CaseFile> cf(new CaseFile());
  cf->dir_ = dir;
  CT_ASSIGN_OR_RETURN(cf->db_, store::CaseDb::Open(dir / "case.db"));
  return cf;
}

Result<store::CustodyEntry> CaseFile::Record(std::string_view type, const json& body) {
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return db_->AppendCustody(type, text);
}

Result<store::CustodyEntry> CaseFile::RecordFile(std::string_view type, const fs::path& path, json body) {
  CT_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(path));
  body["path"] = CaseRelative(dir_, path);
  body["sha256"] = Sha256::HexOfMapped(m);
  body["bytes"] = m.size();
  return Record(type, body);
}

Status CaseFile::WriteRecorded(std::string_view type, const fs::path& path, std::string_view data, json body) {
  body["path"] = CaseRelative(dir_, path);
  body["sha256"] = Sha256::HexOf(data);
  body["bytes"] = data.size();
  return WriteFileAtomic(path, data, [&]() -> Status { return Record(type, body).status(); });
}

Result<std::vector<Entry>> CaseFile::Entries() {
  CT_ASSIGN_OR_RETURN(std::vector<store::CustodyEntry> raw, db_->Custody());
  std::vector<Entry> out;
  out.reserve(raw.size());
  for (const store::CustodyEntry& r : raw) {
    auto e = ParseEntry(r);
    if (e.ok()) {
      out.push_back(std::move(*e));
    } else {
      Entry bad;  // kept so that seq and hash still line up; `case verify` reports it
      bad.seq = r.seq;
      bad.hash = r.hash;
      bad.type = "unreadable";
      bad.body = json::object();
      out.push_back(std::move(bad));
    }
  }
  return out;
}

Result<State> CaseFile::Load() {
  CT_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries());
  return Fold(entries);
}

Result<size_t> CaseFile::SyncJournal() {
  fs::path file = dir_ / "journal.jsonl";
  std::error_code ec;
  if (!fs::exists(file, ec)) return size_t{0};
  CT_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(file));
  std::string_view data = m.data();
  size_t added = 0;
  // One transaction: two processes syncing at once do not record a line twice.
  CT_RETURN_IF_ERROR(db_->InTransaction([&](sqlite3* db) -> Status {
    uint64_t pos = 0, line = 0;
    {
      sqlite3_stmt* s = nullptr;
      const char* sql =
          "SELECT json_extract(entry,'$.body.end'), json_extract(entry,'$.body.line') FROM custody "
          "WHERE json_extract(entry,'$.type')='action' ORDER BY seq DESC LIMIT 1";
      if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        return Status::IoError(std::string("case database: read custody: ") + sqlite3_errmsg(db));
      if (sqlite3_step(s) == SQLITE_ROW) {
        pos = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
        line = static_cast<uint64_t>(sqlite3_column_int64(s, 1));
      }
      sqlite3_finalize(s);
    }
    if (pos > data.size()) return Status::Ok();  // the journal shrank: `case verify` reports it
    std::string actor = CurrentActor();
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string_view::npos) break;  // torn, or being written: later
      std::string_view text = data.substr(pos, nl - pos);
      line += 1;
      json summary = json::parse(text, nullptr, false);
      json entry = json::object();
      if (summary.is_object()) {
        // What was done, without the command's output (the line's hash pins all of it).
        for (const char* k : {"type", "run", "phase", "planHash", "time", "step", "command", "argv", "retry", "exit",
                              "signal", "error", "outcome", "status", "reason", "action", "credentials", "at", "steps"}) {
          if (summary.contains(k)) entry[k] = summary[k];
        }
      }
      json body = {{"line", line}, {"end", nl + 1}, {"sha256", Sha256::HexOf(text)}, {"entry", entry}};
      CT_RETURN_IF_ERROR(store::AppendCustodyInTransaction(db, "action", actor,
                                                           body.dump(-1, ' ', false, json::error_handler_t::replace))
                             .status());
      pos = nl + 1;
      ++added;
    }
    return Status::Ok();
  }));
  return added;
}

}  // namespace credtrace::casefile
