#include "store/case_db.h"

#include <sqlite3.h>

#include "base/actor.h"
#include "store/custody.h"

#include <unordered_map>

namespace credtrace::store {

namespace {

// Bumped with every change to the tables below (docs/CASE_FORMAT.md).
constexpr int64_t kSchemaVersion = 3;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY, command TEXT, started INTEGER, finished INTEGER, summary TEXT);
CREATE TABLE IF NOT EXISTS packs(id INTEGER PRIMARY KEY, file TEXT NOT NULL, committed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dirs(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS sources(
  id INTEGER PRIMARY KEY, dir INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER, sha256 TEXT, pack INTEGER,
  pack_offset INTEGER, kind TEXT, gzip INTEGER, records INTEGER, events INTEGER,
  duplicates INTEGER, rejected INTEGER, set_aside INTEGER, status TEXT, errors TEXT,
  error_count INTEGER, duplicate_of INTEGER, run_id INTEGER, ingested_at INTEGER, custody INTEGER);
CREATE TABLE IF NOT EXISTS segments(
  id INTEGER PRIMARY KEY, file TEXT NOT NULL, rows INTEGER, min_time INTEGER, max_time INTEGER,
  run_id INTEGER);
CREATE TABLE IF NOT EXISTS custody(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);
)sql";

// Version 2 had no chain of custody: its sources are recorded by one "migrated" entry.
constexpr const char* kMigrate2To3 = R"sql(
ALTER TABLE sources ADD COLUMN custody INTEGER;
CREATE TABLE custody(seq INTEGER PRIMARY KEY, entry TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);
)sql";

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return s_; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  int64_t Int(int i) { return sqlite3_column_int64(s_, i); }
  std::string Text(int i) { return std::string(View(i)); }
  // Valid until the next step of the statement.
  std::string_view View(int i) {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? std::string_view(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, i))) : std::string_view();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

Status DbError(sqlite3* db, const char* what) {
  return Status::IoError(std::string("case database: ") + what + ": " + sqlite3_errmsg(db));
}

constexpr const char* kSourceColumns =
    "id,dir,name,size,sha256,pack,pack_offset,kind,gzip,records,events,duplicates,rejected,set_aside,"
    "status,errors,error_count,duplicate_of,run_id,ingested_at,custody";

// The path of a source is stored as its directory (in `dirs`, once per directory: a tree of
// 58,000 delivery files has ~2,000 directories) and its file name.
void JoinPathInto(std::string_view dir, std::string_view name, std::string* out) {
  out->assign(dir);
  if (!dir.empty() && dir != "/") out->push_back('/');
  out->append(name);
}

// Fills every field of *r (its strings keep their capacity from row to row).
void ReadSourceInto(Stmt& s, const std::unordered_map<int64_t, std::string>& dirs, SourceRecord* out) {
  SourceRecord& r = *out;
  r.id = s.Int(0);
  auto it = dirs.find(s.Int(1));
  JoinPathInto(it == dirs.end() ? std::string_view() : std::string_view(it->second), s.View(2), &r.path);
  r.size = static_cast<uint64_t>(s.Int(3));
  r.sha256.assign(s.View(4));
  r.pack = s.Int(5);
  r.pack_offset = static_cast<uint64_t>(s.Int(6));
  r.kind.assign(s.View(7));
  r.gzip = s.Int(8) != 0;
  r.records = static_cast<uint64_t>(s.Int(9));
  r.events = static_cast<uint64_t>(s.Int(10));
  r.duplicates = static_cast<uint64_t>(s.Int(11));
  r.rejected = static_cast<uint64_t>(s.Int(12));
  r.set_aside = static_cast<uint64_t>(s.Int(13));
  r.status.assign(s.View(14));
  r.errors_json.assign(s.View(15));
  r.error_count = static_cast<uint64_t>(s.Int(16));
  r.duplicate_of = s.Int(17);
  r.run_id = s.Int(18);
  r.ingested_at = s.Int(19);
  r.custody = s.Int(20);
}

SourceRecord ReadSource(Stmt& s, const std::unordered_map<int64_t, std::string>& dirs) {
  SourceRecord r;
  ReadSourceInto(s, dirs, &r);
  return r;
}

}  // namespace

CaseDb::~CaseDb() {
  if (db_) sqlite3_close(db_);
}

Status CaseDb::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::IoError("case database: " + m);
  }
  return Status::Ok();
}

Result<std::unique_ptr<CaseDb>> CaseDb::Open(const std::filesystem::path& file) {
  // No allocation statistics: they take a global mutex on every malloc and free of SQLite's
  // (a no-op, SQLITE_MISUSE, when the library was already initialised by other code).
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  std::unique_ptr<CaseDb> db(new CaseDb());
  // Every use of the connection holds mu_, so SQLite's own per-call connection mutex (FULLMUTEX)
  // would only be taken and released again on every bind and column read: multi-thread mode.
  if (sqlite3_open_v2(file.c_str(), &db->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return Status::IoError("cannot open case database " + file.string() + ": " + (db->db_ ? sqlite3_errmsg(db->db_) : "out of memory"));
  }
  sqlite3_busy_timeout(db->db_, 10000);
  CT_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"));
  // The schema's version is SQLite's user_version: 0 in a new database.
  int64_t version = 0, tables = 0;
  {
    Stmt v(db->db_, "PRAGMA user_version");
    if (v.ok() && sqlite3_step(v.get()) == SQLITE_ROW) version = v.Int(0);
    Stmt t(db->db_, "SELECT COUNT(*) FROM sqlite_master WHERE type='table'");
    if (t.ok() && sqlite3_step(t.get()) == SQLITE_ROW) tables = t.Int(0);
  }
  db->actor_ = CurrentActor();
  if (tables > 0 && version == 2) {
    CT_RETURN_IF_ERROR(db->MigrateFrom2());
  } else if (tables > 0 && version != kSchemaVersion) {
    return Status::Corrupt("case database " + file.string() + " has schema version " + std::to_string(version) +
                           "; this credtrace reads version " + std::to_string(kSchemaVersion) +
                           " (a case from another build): ingest the evidence into a new case");
  }
  CT_RETURN_IF_ERROR(db->Exec(kSchema));
  CT_RETURN_IF_ERROR(db->Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str()));
  return db;
}

Status CaseDb::MigrateFrom2() {
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto fail = [&](Status st) {
    Exec("ROLLBACK").ok();
    return st;
  };
  if (Status st = Exec(kMigrate2To3); !st.ok()) return fail(st);
  std::vector<SourceRecord> all;
  {
    if (Status st = LoadDirs(); !st.ok()) return fail(st);
    Stmt s(db_, (std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY id").c_str());
    if (!s.ok()) return fail(DbError(db_, "list sources"));
    while (sqlite3_step(s.get()) == SQLITE_ROW) all.push_back(ReadSource(s, dir_path_));
  }
  std::string body = EvidenceEntryBody(all, 0);
  body.insert(body.size() - 1, ",\"note\":\"the case was made by a credtrace without a chain of custody: this entry "
                               "records its evidence as it stood when the chain began\"");
  auto entry = AppendCustodyInTransaction(db_, "migrated", actor_, body);
  if (!entry.ok()) return fail(entry.status());
  Stmt u(db_, "UPDATE sources SET custody=?");
  u.Bind(1, entry->seq);
  if (sqlite3_step(u.get()) != SQLITE_DONE) return fail(DbError(db_, "migrate sources"));
  if (Status st = Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str()); !st.ok()) return fail(st);
  return Exec("COMMIT");
}

Result<CustodyEntry> CaseDb::AppendCustody(std::string_view type, std::string_view body_json) {
  std::lock_guard<std::mutex> lock(mu_);
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto entry = AppendCustodyInTransaction(db_, type, actor_, body_json);
  if (!entry.ok()) {
    Exec("ROLLBACK").ok();
    return entry.status();
  }
  CT_RETURN_IF_ERROR(Exec("COMMIT"));
  return entry;
}

Status CaseDb::InTransaction(const std::function<Status(sqlite3*)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status st = fn(db_);
  if (!st.ok()) {
    Exec("ROLLBACK").ok();
    return st;
  }
  return Exec("COMMIT");
}

Result<std::optional<CustodyEntry>> CaseDb::CustodyHead() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT seq, entry, prev, hash FROM custody ORDER BY seq DESC LIMIT 1");
  if (!s.ok()) return DbError(db_, "read custody");
  if (sqlite3_step(s.get()) != SQLITE_ROW) return std::optional<CustodyEntry>();
  return std::optional<CustodyEntry>(CustodyEntry{s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
}

Result<std::vector<CustodyEntry>> CaseDb::Custody() const {
  std::lock_guard<std::mutex> lock(mu_);
  return ReadCustody(db_);
}

Status CaseDb::LoadDirs() const {
  if (dirs_loaded_) return Status::Ok();
  Stmt s(db_, "SELECT id,path FROM dirs");
  if (!s.ok()) return DbError(db_, "list directories");
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    dir_path_[s.Int(0)] = s.Text(1);
    dir_id_[s.Text(1)] = s.Int(0);
  }
  dirs_loaded_ = true;
  return Status::Ok();
}

Result<std::vector<SourceRecord>> CaseDb::Sources() const {
  std::vector<SourceRecord> out;
  CT_RETURN_IF_ERROR(ForEachSource([&](SourceRecord& r) {
    out.push_back(std::move(r));
    return Status::Ok();
  }));
  return out;
}

Status CaseDb::ForEachSource(const std::function<Status(SourceRecord&)>& fn) const {
  std::lock_guard<std::mutex> lock(mu_);
  CT_RETURN_IF_ERROR(LoadDirs());
  Stmt s(db_, (std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY id").c_str());
  if (!s.ok()) return DbError(db_, "list sources");
  SourceRecord r;  // one record refilled row after row (no allocation per row)
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    ReadSourceInto(s, dir_path_, &r);
    CT_RETURN_IF_ERROR(fn(r));
  }
  return Status::Ok();
}

Result<SourceRecord> CaseDb::Source(int64_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  CT_RETURN_IF_ERROR(LoadDirs());
  Stmt s(db_, (std::string("SELECT ") + kSourceColumns + " FROM sources WHERE id=?").c_str());
  if (!s.ok()) return DbError(db_, "read source");
  s.Bind(1, id);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return Status::NotFound("no source " + std::to_string(id) + " in the case");
  return ReadSource(s, dir_path_);
}

Result<std::vector<SegmentRecord>> CaseDb::Segments() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT id,file,rows,min_time,max_time,run_id FROM segments ORDER BY id");
  if (!s.ok()) return DbError(db_, "list segments");
  std::vector<SegmentRecord> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    SegmentRecord r;
    r.id = s.Int(0);
    r.file = s.Text(1);
    r.rows = static_cast<uint32_t>(s.Int(2));
    r.min_time = s.Int(3);
    r.max_time = s.Int(4);
    r.run_id = s.Int(5);
    out.push_back(r);
  }
  return out;
}

Result<std::vector<PackRecord>> CaseDb::Packs() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "SELECT id,file,committed FROM packs ORDER BY id");
  if (!s.ok()) return DbError(db_, "list packs");
  std::vector<PackRecord> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) out.push_back({s.Int(0), s.Text(1), static_cast<uint64_t>(s.Int(2))});
  return out;
}

Result<int64_t> CaseDb::MaxId(const char* table) const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, (std::string("SELECT COALESCE(MAX(id),0) FROM ") + table).c_str());
  if (!s.ok() || sqlite3_step(s.get()) != SQLITE_ROW) return DbError(db_, "max id");
  return s.Int(0);
}

Result<int64_t> CaseDb::StartRun(const std::string& command) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "INSERT INTO runs(command, started) VALUES(?, ?)");
  s.Bind(1, command);
  s.Bind(2, NowMs());
  if (sqlite3_step(s.get()) != SQLITE_DONE) return DbError(db_, "start run");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status CaseDb::FinishRun(int64_t run_id, const std::string& summary_json) {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, "UPDATE runs SET finished=?, summary=? WHERE id=?");
  s.Bind(1, NowMs());
  s.Bind(2, summary_json);
  s.Bind(3, run_id);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return DbError(db_, "finish run");
  return Status::Ok();
}

Status CaseDb::Commit(const std::vector<SourceRecord>& sources, const SegmentRecord* segment,
                      const PackRecord* pack) {
  std::lock_guard<std::mutex> lock(mu_);
  CT_RETURN_IF_ERROR(LoadDirs());
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  std::vector<std::string> new_dirs;  // added in this transaction (forgotten if it fails)
  auto fail = [&](const char* what) {
    Status st = DbError(db_, what);
    Exec("ROLLBACK").ok();
    for (const std::string& d : new_dirs) {
      dir_path_.erase(dir_id_[d]);
      dir_id_.erase(d);
    }
    return st;
  };
  Stmt add_dir(db_, "INSERT INTO dirs(path) VALUES(?)");
  if (!add_dir.ok()) return fail("prepare directory insert");
  // The chain of custody records the sources in the same transaction that adds them: a source
  // is in the case exactly when an "evidence" entry commits to its hash (store/custody.h).
  int64_t custody_seq = 0;
  if (!sources.empty()) {
    auto entry = AppendCustodyInTransaction(db_, "evidence", actor_,
                                            EvidenceEntryBody(sources, sources.front().run_id));
    if (!entry.ok()) {
      Exec("ROLLBACK").ok();
      return entry.status();
    }
    custody_seq = entry->seq;
  }
  {
    Stmt s(db_, (std::string("INSERT INTO sources(") + kSourceColumns +
                 ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").c_str());
    if (!s.ok()) return fail("prepare source insert");
    for (const SourceRecord& r : sources) {
      size_t slash = r.path.rfind('/');
      std::string dir = slash == std::string::npos ? std::string() : slash == 0 ? std::string("/") : r.path.substr(0, slash);
      std::string name = slash == std::string::npos ? r.path : r.path.substr(slash + 1);
      auto it = dir_id_.find(dir);
      int64_t dir_id;
      if (it != dir_id_.end()) {
        dir_id = it->second;
      } else {
        sqlite3_reset(add_dir.get());
        add_dir.Bind(1, dir);
        if (sqlite3_step(add_dir.get()) != SQLITE_DONE) return fail("insert directory");
        dir_id = sqlite3_last_insert_rowid(db_);
        dir_id_[dir] = dir_id;
        dir_path_[dir_id] = dir;
        new_dirs.push_back(dir);
      }
      sqlite3_reset(s.get());
      s.Bind(1, r.id);
      s.Bind(2, dir_id);
      s.Bind(3, name);
      s.Bind(4, static_cast<int64_t>(r.size));
      s.Bind(5, r.sha256);
      s.Bind(6, r.pack);
      s.Bind(7, static_cast<int64_t>(r.pack_offset));
      s.Bind(8, r.kind);
      s.Bind(9, int64_t{r.gzip});
      s.Bind(10, static_cast<int64_t>(r.records));
      s.Bind(11, static_cast<int64_t>(r.events));
      s.Bind(12, static_cast<int64_t>(r.duplicates));
      s.Bind(13, static_cast<int64_t>(r.rejected));
      s.Bind(14, static_cast<int64_t>(r.set_aside));
      s.Bind(15, r.status);
      s.Bind(16, r.errors_json);
      s.Bind(17, static_cast<int64_t>(r.error_count));
      s.Bind(18, r.duplicate_of);
      s.Bind(19, r.run_id);
      s.Bind(20, r.ingested_at);
      s.Bind(21, custody_seq);
      if (sqlite3_step(s.get()) != SQLITE_DONE) return fail("insert source");
    }
  }
  if (segment) {
    Stmt s(db_, "INSERT INTO segments(id,file,rows,min_time,max_time,run_id) VALUES(?,?,?,?,?,?)");
    s.Bind(1, segment->id);
    s.Bind(2, segment->file);
    s.Bind(3, int64_t{segment->rows});
    s.Bind(4, segment->min_time);
    s.Bind(5, segment->max_time);
    s.Bind(6, segment->run_id);
    if (sqlite3_step(s.get()) != SQLITE_DONE) return fail("insert segment");
  }
  if (pack) {
    Stmt s(db_, "INSERT INTO packs(id,file,committed) VALUES(?,?,?) ON CONFLICT(id) DO UPDATE SET committed=excluded.committed");
    s.Bind(1, pack->id);
    s.Bind(2, pack->file);
    s.Bind(3, static_cast<int64_t>(pack->committed));
    if (sqlite3_step(s.get()) != SQLITE_DONE) return fail("update pack");
  }
  Status st = Exec("COMMIT");
  if (!st.ok()) {
    for (const std::string& d : new_dirs) {
      dir_path_.erase(dir_id_[d]);
      dir_id_.erase(d);
    }
  }
  return st;
}

}  // namespace credtrace::store
