#include "casefile/custody_check.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/file.h"
#include "base/sha256.h"

namespace credtrace::casefile {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool CheckReport::Tampered() const {
  return std::any_of(problems.begin(), problems.end(), [](const CheckProblem& p) { return p.level == "tampered"; });
}

namespace {


bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void CheckChain(const std::vector<store::CustodyEntry>& raw, CheckReport* r) {
  std::string prev(store::kCustodyGenesis);
  int64_t want = 1;
  for (const store::CustodyEntry& e : raw) {
    if (e.seq != want) {
      r->problems.push_back({"tampered", e.seq,
                             "entry " + std::to_string(want) + (e.seq > want ? " to " + std::to_string(e.seq - 1) : "") +
                                 " missing: the chain jumps to entry " + std::to_string(e.seq)});
      want = e.seq;
    }
    if (e.prev != prev) {
      r->problems.push_back({"tampered", e.seq, "entry " + std::to_string(e.seq) + " does not name the hash of the entry before it"});
    }
    if (store::CustodyHash(e.prev, e.entry) != e.hash) {
      r->problems.push_back({"tampered", e.seq, "entry " + std::to_string(e.seq) + " was changed after it was written (its hash does not match its content)"});
    }
    json j = json::parse(e.entry, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("seq") || j["seq"] != e.seq) {
      r->problems.push_back({"tampered", e.seq, "entry " + std::to_string(e.seq) + " is not a well-formed entry for its place in the chain"});
    }
    prev = e.hash;
    ++want;
  }
}

void CheckAnchor(const std::vector<store::CustodyEntry>& raw, const std::string& anchor, CheckReport* r) {
  int64_t seq = 0;
  std::string hash = anchor;
  if (size_t colon = anchor.find(':'); colon != std::string::npos) {
    seq = std::atoll(anchor.substr(0, colon).c_str());
    hash = anchor.substr(colon + 1);
  }
  for (const store::CustodyEntry& e : raw) {
    if (e.hash == hash && (seq == 0 || e.seq == seq)) {
      r->anchor_found = true;
      return;
    }
  }
  r->problems.push_back({"tampered", seq,
                         "the anchor " + anchor + " is not in the chain: the chain was cut short or rewritten after it was taken"});
}

void CheckEvidence(CaseFile& cf, const std::vector<Entry>& entries, const CheckOptions& opt, CheckReport* r) {
  std::map<int64_t, const Entry*> evidence_entry;
  for (const Entry& e : entries) {
    if (e.type == "evidence" || e.type == "migrated") evidence_entry[e.seq] = &e;
  }
  std::map<int64_t, std::vector<store::SourceRecord>> by_entry;
  std::vector<store::SourceRecord> stored;
  Status st = cf.db().ForEachSource([&](const store::SourceRecord& s) {
    r->sources += 1;
    if (s.custody == 0 || !evidence_entry.count(s.custody)) {
      r->problems.push_back({"tampered", s.custody,
                             "source " + std::to_string(s.id) + " (" + s.path + ") is in the case but no evidence entry of the chain records it"});
    } else {
      by_entry[s.custody].push_back(s);
    }
    if (s.pack != 0 && !s.sha256.empty()) stored.push_back(s);
    return Status::Ok();
  });
  if (!st.ok()) {
    r->problems.push_back({"tampered", 0, "the case database's sources cannot be read: " + st.ToString()});
    return;
  }
  for (const auto& [seq, e] : evidence_entry) {
    const std::vector<store::SourceRecord>& srcs = by_entry[seq];
    uint64_t want = e->body.value("sources", uint64_t{0});
    std::string hash = e->body.value("listSha256", std::string());
    if (srcs.size() != want) {
      r->problems.push_back({"tampered", seq, "entry " + std::to_string(seq) + " recorded " + std::to_string(want) +
                                                  " evidence files; the case database now holds " + std::to_string(srcs.size()) + " of them"});
    } else if (store::EvidenceListHash(srcs) != hash) {
      r->problems.push_back({"tampered", seq, "the evidence files recorded by entry " + std::to_string(seq) +
                                                  " changed in the case database (path, size or SHA-256 differ from the record)"});
    }
  }
  if (!opt.hash_evidence) return;
  // Pack by pack, in stored order, so that each pack is read once front to back.
  std::sort(stored.begin(), stored.end(), [](const store::SourceRecord& a, const store::SourceRecord& b) {
    return a.pack != b.pack ? a.pack < b.pack : a.pack_offset < b.pack_offset;
  });
  auto packs = cf.db().Packs();
  if (!packs.ok()) {
    r->problems.push_back({"tampered", 0, "the case database's evidence packs cannot be read: " + packs.status().ToString()});
    return;
  }
  std::map<int64_t, store::PackRecord> pack_of;
  for (const store::PackRecord& p : *packs) pack_of[p.id] = p;
  uint64_t total = 0;
  for (const store::SourceRecord& s : stored) total += s.size;
  int64_t open_pack = -1;
  MappedFile map;
  bool map_ok = false;
  for (const store::SourceRecord& s : stored) {
    if (s.pack != open_pack) {
      open_pack = s.pack;
      map_ok = false;
      auto it = pack_of.find(s.pack);
      if (it == pack_of.end()) {
        r->problems.push_back({"tampered", s.custody, "source " + std::to_string(s.id) + " names evidence pack " + std::to_string(s.pack) + ", which the case does not list"});
        continue;
      }
      auto m = MappedFile::Open(cf.dir() / "evidence" / it->second.file);
      if (!m.ok()) {
        r->problems.push_back({"tampered", s.custody, "evidence pack " + it->second.file + " cannot be read: " + m.status().ToString()});
        continue;
      }
      map = std::move(*m);
      map_ok = true;
    }
    if (!map_ok) continue;
    if (s.pack_offset + s.size > map.size()) {
      r->problems.push_back({"tampered", s.custody, "evidence file " + s.path + " (source " + std::to_string(s.id) + ") is cut short in its pack"});
      continue;
    }
    map.DropBefore(s.pack_offset);  // sources come in pack order: memory stays flat
    std::string got = Sha256::HexOf(map.data().substr(s.pack_offset, s.size));
    r->sources_hashed += 1;
    r->bytes_hashed += s.size;
    if (got != s.sha256) {
      r->problems.push_back({"tampered", s.custody, "evidence file " + s.path + " (source " + std::to_string(s.id) +
                                                        ") no longer has its SHA-256: recorded " + s.sha256 + ", now " + got});
    }
    if (opt.progress) opt.progress(r->bytes_hashed, total);
  }
}

void CheckJournal(CaseFile& cf, const std::vector<Entry>& entries, CheckReport* r) {
  std::vector<const Entry*> actions;
  for (const Entry& e : entries) {
    if (e.type == "action") actions.push_back(&e);
  }
  fs::path file = cf.dir() / "journal.jsonl";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    if (!actions.empty()) r->problems.push_back({"tampered", actions.front()->seq, "journal.jsonl is gone, but the chain records " + std::to_string(actions.size()) + " of its lines"});
    return;
  }
  auto m = MappedFile::Open(file);
  if (!m.ok()) {
    r->problems.push_back({"tampered", 0, "journal.jsonl cannot be read: " + m.status().ToString()});
    return;
  }
  std::string_view data = m->data();
  uint64_t pos = 0;
  for (const Entry* e : actions) {
    uint64_t end = e->body.value("end", uint64_t{0});
    std::string hash = e->body.value("sha256", std::string());
    if (end < pos + 1 || end > data.size()) {
      r->problems.push_back({"tampered", e->seq, "journal.jsonl was cut: the chain records line " +
                                                     std::to_string(e->body.value("line", 0)) + " ending at byte " + std::to_string(end) +
                                                     ", the file has " + std::to_string(data.size()) + " bytes"});
      return;
    }
    if (Sha256::HexOf(data.substr(pos, end - 1 - pos)) != hash) {
      r->problems.push_back({"tampered", e->seq, "journal.jsonl line " + std::to_string(e->body.value("line", 0)) + " was changed after it was recorded"});
    }
    r->journal_lines += 1;
    pos = end;
  }
  if (pos < data.size()) {
    size_t lines = static_cast<size_t>(std::count(data.begin() + static_cast<long>(pos), data.end(), '\n'));
    if (lines > 0) {
      r->problems.push_back({"warning", 0, std::to_string(lines) + " line(s) at the end of journal.jsonl are not recorded yet "
                                           "(an executor is running or was killed; the next credtrace command records them)"});
    }
  }
}

void CheckArtifacts(CaseFile& cf, const std::vector<Entry>& entries, CheckReport* r) {
  // Every record of each file, in order; a file must hold the content of its last record.
  std::map<std::string, std::vector<const Entry*>> records;
  for (const Entry& e : entries) {
    if (e.type == "action" || e.type == "evidence" || e.type == "migrated") continue;
    if (!e.body.is_object() || !e.body.contains("path") || !e.body.contains("sha256") || !e.body["path"].is_string() ||
        !e.body["sha256"].is_string())
      continue;
    records[e.body["path"].get<std::string>()].push_back(&e);
  }
  for (const auto& [path, recs] : records) {
    const Entry* e = recs.back();
    fs::path p(path);
    bool inside = p.is_relative();
    fs::path full = inside ? cf.dir() / p : p;
    std::error_code ec;
    if (!fs::exists(full, ec)) {
      // Files credtrace keeps in the case must be there; a report written elsewhere may move.
      r->problems.push_back({inside ? "tampered" : "warning", e->seq, path + " (recorded by entry " + std::to_string(e->seq) + ") is missing"});
      continue;
    }
    auto m = MappedFile::Open(full);
    if (!m.ok()) {
      r->problems.push_back({"warning", e->seq, path + " cannot be read: " + m.status().ToString()});
      continue;
    }
    r->artifacts += 1;
    std::string got = Sha256::HexOfMapped(*m);
    if (got == e->body["sha256"]) continue;
    // Files are recorded before they replace the previous version: a command killed in between
    // leaves the version of an earlier record.
    const Entry* earlier = nullptr;
    for (const Entry* x : recs) {
      if (x->body["sha256"] == got) earlier = x;
    }
    if (earlier) {
      r->problems.push_back({"warning", e->seq, path + " holds the version recorded by entry " + std::to_string(earlier->seq) +
                                                    ", not the one of entry " + std::to_string(e->seq) + " (the command that wrote it was interrupted)"});
    } else {
      r->problems.push_back({inside ? "tampered" : "warning", e->seq,
                             path + " changed after entry " + std::to_string(e->seq) + " recorded it (" + e->type + ")"});
    }
  }
}

}  // namespace

Result<CheckReport> CheckCase(CaseFile& cf, const CheckOptions& opt) {
  CheckReport r;
  CT_ASSIGN_OR_RETURN(std::vector<store::CustodyEntry> raw, cf.db().Custody());
  r.entries = raw.size();
  if (!raw.empty()) {
    r.head_seq = raw.back().seq;
    r.head_hash = raw.back().hash;
  }
  if (raw.empty()) r.problems.push_back({"tampered", 0, "the chain of custody is empty: a case always holds at least its creation"});
  CheckChain(raw, &r);
  if (!opt.anchor.empty()) {
    std::string h = opt.anchor.substr(opt.anchor.find(':') == std::string::npos ? 0 : opt.anchor.find(':') + 1);
    if (!IsHex64(h)) return Status::InvalidArgument("--anchor: not a hash (64 hex characters, optionally SEQ:HASH): " + opt.anchor);
    CheckAnchor(raw, opt.anchor, &r);
  }
  std::vector<Entry> entries;
  for (const store::CustodyEntry& e : raw) {
    auto p = ParseEntry(e);
    if (p.ok()) entries.push_back(std::move(*p));
  }
  CheckEvidence(cf, entries, opt, &r);
  CheckJournal(cf, entries, &r);
  CheckArtifacts(cf, entries, &r);
  return r;
}

}  // namespace credtrace::casefile
