#include "store/case_db.h"

#include <sqlite3.h>

namespace credtrace::store {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY, command TEXT, started INTEGER, finished INTEGER, summary TEXT);
CREATE TABLE IF NOT EXISTS packs(id INTEGER PRIMARY KEY, file TEXT NOT NULL, committed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER, sha256 TEXT, pack INTEGER,
  pack_offset INTEGER, kind TEXT, gzip INTEGER, records INTEGER, events INTEGER,
  duplicates INTEGER, rejected INTEGER, set_aside INTEGER, status TEXT, errors TEXT,
  error_count INTEGER, duplicate_of INTEGER, run_id INTEGER, ingested_at INTEGER);
CREATE INDEX IF NOT EXISTS sources_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS segments(
  id INTEGER PRIMARY KEY, file TEXT NOT NULL, rows INTEGER, min_time INTEGER, max_time INTEGER,
  run_id INTEGER);
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
  std::string Text(int i) {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(s_, i))) : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

Status DbError(sqlite3* db, const char* what) {
  return Status::IoError(std::string("case database: ") + what + ": " + sqlite3_errmsg(db));
}

constexpr const char* kSourceColumns =
    "id,path,size,sha256,pack,pack_offset,kind,gzip,records,events,duplicates,rejected,set_aside,"
    "status,errors,error_count,duplicate_of,run_id,ingested_at";

SourceRecord ReadSource(Stmt& s) {
  SourceRecord r;
  r.id = s.Int(0);
  r.path = s.Text(1);
  r.size = static_cast<uint64_t>(s.Int(2));
  r.sha256 = s.Text(3);
  r.pack = s.Int(4);
  r.pack_offset = static_cast<uint64_t>(s.Int(5));
  r.kind = s.Text(6);
  r.gzip = s.Int(7) != 0;
  r.records = static_cast<uint64_t>(s.Int(8));
  r.events = static_cast<uint64_t>(s.Int(9));
  r.duplicates = static_cast<uint64_t>(s.Int(10));
  r.rejected = static_cast<uint64_t>(s.Int(11));
  r.set_aside = static_cast<uint64_t>(s.Int(12));
  r.status = s.Text(13);
  r.errors_json = s.Text(14);
  r.error_count = static_cast<uint64_t>(s.Int(15));
  r.duplicate_of = s.Int(16);
  r.run_id = s.Int(17);
  r.ingested_at = s.Int(18);
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
  std::unique_ptr<CaseDb> db(new CaseDb());
  if (sqlite3_open_v2(file.c_str(), &db->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    return Status::IoError("cannot open case database " + file.string() + ": " + (db->db_ ? sqlite3_errmsg(db->db_) : "out of memory"));
  }
  sqlite3_busy_timeout(db->db_, 10000);
  CT_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"));
  CT_RETURN_IF_ERROR(db->Exec(kSchema));
  return db;
}

Result<std::vector<SourceRecord>> CaseDb::Sources() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, (std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY id").c_str());
  if (!s.ok()) return DbError(db_, "list sources");
  std::vector<SourceRecord> out;
  while (sqlite3_step(s.get()) == SQLITE_ROW) out.push_back(ReadSource(s));
  return out;
}

Result<SourceRecord> CaseDb::Source(int64_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  Stmt s(db_, (std::string("SELECT ") + kSourceColumns + " FROM sources WHERE id=?").c_str());
  if (!s.ok()) return DbError(db_, "read source");
  s.Bind(1, id);
  if (sqlite3_step(s.get()) != SQLITE_ROW) return Status::NotFound("no source " + std::to_string(id) + " in the case");
  return ReadSource(s);
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
  CT_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto fail = [&](const char* what) {
    Status st = DbError(db_, what);
    Exec("ROLLBACK").ok();
    return st;
  };
  {
    Stmt s(db_, (std::string("INSERT INTO sources(") + kSourceColumns +
                 ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").c_str());
    if (!s.ok()) return fail("prepare source insert");
    for (const SourceRecord& r : sources) {
      sqlite3_reset(s.get());
      s.Bind(1, r.id);
      s.Bind(2, r.path);
      s.Bind(3, static_cast<int64_t>(r.size));
      s.Bind(4, r.sha256);
      s.Bind(5, r.pack);
      s.Bind(6, static_cast<int64_t>(r.pack_offset));
      s.Bind(7, r.kind);
      s.Bind(8, int64_t{r.gzip});
      s.Bind(9, static_cast<int64_t>(r.records));
      s.Bind(10, static_cast<int64_t>(r.events));
      s.Bind(11, static_cast<int64_t>(r.duplicates));
      s.Bind(12, static_cast<int64_t>(r.rejected));
      s.Bind(13, static_cast<int64_t>(r.set_aside));
      s.Bind(14, r.status);
      s.Bind(15, r.errors_json);
      s.Bind(16, static_cast<int64_t>(r.error_count));
      s.Bind(17, r.duplicate_of);
      s.Bind(18, r.run_id);
      s.Bind(19, r.ingested_at);
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
  return Exec("COMMIT");
}

}  // namespace credtrace::store
