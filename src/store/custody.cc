#include "store/custody.h"

#include <algorithm>

#include "base/json_escape.h"
#include "base/sha256.h"
#include "base/time.h"

namespace credtrace::store {

std::string CustodyHash(std::string_view prev, std::string_view entry) {
  Sha256 h;
  h.Update(prev);
  h.Update("\n");
  h.Update(entry);
  return h.FinalHex();
}

std::string CustodyEntryText(int64_t seq, std::string_view time, std::string_view actor, std::string_view type,
                             std::string_view body_json) {
  std::string e = "{\"seq\":" + std::to_string(seq) + ",\"time\":";
  AppendJsonString(&e, time);
  e += ",\"actor\":";
  AppendJsonString(&e, actor);
  e += ",\"type\":";
  AppendJsonString(&e, type);
  e += ",\"body\":";
  e.append(body_json.empty() ? std::string_view("{}") : body_json);
  e += "}";
  return e;
}

namespace {

std::string IsoMs(TimeMs t) {
  // FormatIsoTime drops zero milliseconds; custody times always carry them so they sort as text.
  std::string s = FormatIsoTime(t);
  if (s.size() == 20) s.insert(19, ".000");
  return s;
}

}  // namespace

Result<CustodyEntry> AppendCustodyInTransaction(sqlite3* db, std::string_view type, std::string_view actor,
                                                std::string_view body_json) {
  CustodyEntry e;
  e.prev = std::string(kCustodyGenesis);
  {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1", -1, &s, nullptr) != SQLITE_OK)
      return Status::IoError(std::string("case database: read custody: ") + sqlite3_errmsg(db));
    if (sqlite3_step(s) == SQLITE_ROW) {
      e.seq = sqlite3_column_int64(s, 0);
      const unsigned char* h = sqlite3_column_text(s, 1);
      e.prev = h ? reinterpret_cast<const char*>(h) : "";
    }
    sqlite3_finalize(s);
  }
  e.seq += 1;
  e.entry = CustodyEntryText(e.seq, IsoMs(NowMs()), actor, type, body_json);
  e.hash = CustodyHash(e.prev, e.entry);
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO custody(seq, entry, prev, hash) VALUES(?,?,?,?)", -1, &s, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("case database: append custody: ") + sqlite3_errmsg(db));
  sqlite3_bind_int64(s, 1, e.seq);
  sqlite3_bind_text(s, 2, e.entry.data(), static_cast<int>(e.entry.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, e.prev.data(), static_cast<int>(e.prev.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 4, e.hash.data(), static_cast<int>(e.hash.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return Status::IoError(std::string("case database: append custody: ") + sqlite3_errmsg(db));
  return e;
}

Result<std::vector<CustodyEntry>> ReadCustody(sqlite3* db) {
  std::vector<CustodyEntry> out;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT seq, entry, prev, hash FROM custody ORDER BY seq", -1, &s, nullptr) != SQLITE_OK)
    return Status::IoError(std::string("case database: read custody: ") + sqlite3_errmsg(db));
  auto text = [&](int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string();
  };
  while (sqlite3_step(s) == SQLITE_ROW) out.push_back({sqlite3_column_int64(s, 0), text(1), text(2), text(3)});
  sqlite3_finalize(s);
  return out;
}

std::string EvidenceListHash(const std::vector<SourceRecord>& sources) {
  // In id order, through pointers (a commit holds thousands of records: no copies of them).
  std::vector<const SourceRecord*> order;
  order.reserve(sources.size());
  for (const SourceRecord& r : sources) order.push_back(&r);
  std::sort(order.begin(), order.end(), [](const SourceRecord* a, const SourceRecord* b) { return a->id < b->id; });
  Sha256 h;
  std::string line;
  for (const SourceRecord* p : order) {
    const SourceRecord& r = *p;
    line = std::to_string(r.id) + "\t" + r.sha256 + "\t" + std::to_string(r.size) + "\t";
    AppendJsonString(&line, r.path);
    line += "\n";
    h.Update(line);
  }
  return h.FinalHex();
}

std::string EvidenceEntryBody(const std::vector<SourceRecord>& sources, int64_t run_id) {
  uint64_t bytes = 0;
  int64_t first = 0, last = 0;
  for (const SourceRecord& r : sources) {
    bytes += r.size;
    if (first == 0 || r.id < first) first = r.id;
    last = std::max(last, r.id);
  }
  return "{\"run\":" + std::to_string(run_id) + ",\"sources\":" + std::to_string(sources.size()) +
         ",\"bytes\":" + std::to_string(bytes) + ",\"firstSource\":" + std::to_string(first) +
         ",\"lastSource\":" + std::to_string(last) + ",\"listSha256\":\"" + EvidenceListHash(sources) + "\"}";
}

}  // namespace credtrace::store
