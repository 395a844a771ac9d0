#include "report/export.h"

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fmt/format.h>

#include <set>

#include "base/file.h"
#include "base/json_escape.h"
#include "base/sha256.h"
#include "store/custody.h"

namespace credtrace::report {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRoot = "credtrace-case/";
constexpr size_t kChunk = 1 << 20;

class TarWriter {
 public:
  explicit TarWriter(const fs::path& file) : a_(archive_write_new()) {
    archive_write_set_format_pax_restricted(a_);
    ok_ = archive_write_open_filename(a_, file.c_str()) == ARCHIVE_OK;
  }
  ~TarWriter() {
    if (a_) archive_write_free(a_);
  }
  bool ok() const { return ok_; }
  std::string error() const { return a_ && archive_error_string(a_) ? archive_error_string(a_) : "unknown error"; }

  // Adds `name` with `size` bytes produced by `feed` (called with a sink until it has given
  // them all); records its SHA-256 for SHA256SUMS.
  Status Add(const std::string& name, uint64_t size, const std::function<Status(const std::function<Status(std::string_view)>&)>& feed) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(size));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, time(nullptr), 0);
    int rc = archive_write_header(a_, e);
    archive_entry_free(e);
    if (rc != ARCHIVE_OK) return Status::IoError("archive: " + name + ": " + error());
    Sha256 h;
    uint64_t written = 0;
    CT_RETURN_IF_ERROR(feed([&](std::string_view data) -> Status {
      if (written + data.size() > size) return Status::Corrupt("archive: " + name + " grew while it was written");
      h.Update(data);
      if (archive_write_data(a_, data.data(), data.size()) < 0) return Status::IoError("archive: " + name + ": " + error());
      written += data.size();
      bytes_ += data.size();
      if (progress_) progress_(bytes_, total_);
      return Status::Ok();
    }));
    if (written != size) return Status::Corrupt("archive: " + name + " shrank while it was written");
    sums_ += h.FinalHex() + "  " + name.substr(std::string(kRoot).size()) + "\n";
    ++files_;
    return Status::Ok();
  }
  Status AddText(const std::string& name, std::string_view text) {
    return Add(name, text.size(), [&](const auto& sink) { return sink(text); });
  }
  // The first `size` bytes of a file.
  Status AddFile(const std::string& name, const fs::path& file, uint64_t size) {
    CT_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(file));
    if (m.size() < size) return Status::Corrupt(file.string() + " is shorter than the case records (" + std::to_string(size) + " bytes)");
    return Add(name, size, [&](const auto& sink) -> Status {
      for (uint64_t off = 0; off < size; off += kChunk) {
        m.DropBefore(off);  // resident memory stays one chunk, not the whole pack
        CT_RETURN_IF_ERROR(sink(m.data().substr(off, std::min<uint64_t>(kChunk, size - off))));
      }
      return Status::Ok();
    });
  }
  Status Close() {
    if (archive_write_close(a_) != ARCHIVE_OK) return Status::IoError("archive: " + error());
    return Status::Ok();
  }
  const std::string& sums() const { return sums_; }
  uint64_t files() const { return files_; }
  uint64_t bytes() const { return bytes_; }
  void SetProgress(std::function<void(uint64_t, uint64_t)> p, uint64_t total) {
    progress_ = std::move(p);
    total_ = total;
  }

 private:
  archive* a_;
  bool ok_ = false;
  std::string sums_;
  uint64_t files_ = 0, bytes_ = 0, total_ = 0;
  std::function<void(uint64_t, uint64_t)> progress_;
};

std::string Text(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st, i))) : std::string();
}

struct Snapshot {
  sqlite3* db = nullptr;
  ~Snapshot() {
    if (db) sqlite3_close(db);
  }
  Status Query(const char* sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return Status::IoError(std::string("case database copy: ") + sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW) row(st);
    sqlite3_finalize(st);
    return Status::Ok();
  }
};

Result<std::string> SnapshotDatabase(const fs::path& db_file, const fs::path& tmp) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError("cannot open " + db_file.string() + ": " + m);
  }
  sqlite3_busy_timeout(db, 10000);
  std::error_code ec;
  fs::remove(tmp, ec);
  std::string sql = "VACUUM INTO ";
  std::string quoted = "'";
  for (char c : tmp.string()) {
    if (c == '\'') quoted += "''";
    else quoted.push_back(c);
  }
  sql += quoted + "'";
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string m = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) return Status::IoError("cannot copy the case database: " + m);
  return tmp.string();
}

}  // namespace

Result<ExportSummary> ExportCase(casefile::CaseFile& cf, const ExportOptions& opt) {
  const fs::path dir = cf.dir();
  fs::path tmp = opt.out;
  tmp += ".tmp-" + std::to_string(getpid());
  fs::path db_copy = tmp;
  db_copy += ".db";
  struct Cleanup {
    fs::path a, b;
    ~Cleanup() {
      std::error_code ec;
      fs::remove(a, ec);
      fs::remove(b, ec);
    }
  } cleanup{tmp, db_copy};

  // What is committed: the database says which packs (and how much of each) and which segments.
  CT_ASSIGN_OR_RETURN(std::string snapshot, SnapshotDatabase(dir / "case.db", db_copy));
  // Read the snapshot read-only: opening it as a case would write to it.
  Snapshot snap;
  if (sqlite3_open_v2(snapshot.c_str(), &snap.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return Status::IoError("cannot open the copy of the case database");
  std::vector<std::pair<std::string, uint64_t>> packs;  // file, committed bytes
  std::vector<std::string> segs;
  CT_RETURN_IF_ERROR(snap.Query("SELECT file, committed FROM packs ORDER BY id", [&](sqlite3_stmt* st) {
    packs.push_back({Text(st, 0), static_cast<uint64_t>(sqlite3_column_int64(st, 1))});
  }));
  CT_RETURN_IF_ERROR(snap.Query("SELECT file FROM segments ORDER BY id", [&](sqlite3_stmt* st) { segs.push_back(Text(st, 0)); }));
  CT_ASSIGN_OR_RETURN(std::vector<store::CustodyEntry> custody, store::ReadCustody(snap.db));

  uint64_t total = 0;
  for (const auto& p : packs) total += p.second;
  std::error_code ec;
  for (const auto& s : segs) total += fs::file_size(dir / "store" / s, ec);

  TarWriter tar(tmp);
  if (!tar.ok()) return Status::IoError("cannot create " + tmp.string() + ": " + tar.error());
  tar.SetProgress(opt.progress, total);
  auto add_if = [&](const char* name) -> Status {
    fs::path p = dir / name;
    if (!fs::exists(p, ec)) return Status::Ok();
    return tar.AddFile(kRoot + std::string(name), p, fs::file_size(p, ec));
  };
  CT_RETURN_IF_ERROR(add_if("credtrace-case.json"));
  CT_RETURN_IF_ERROR(tar.AddFile(std::string(kRoot) + "case.db", snapshot, fs::file_size(snapshot, ec)));
  CT_RETURN_IF_ERROR(add_if("manifest.json.gz"));
  for (const char* f : {"investigation.json", "verify.json", "journal.jsonl", "cmdb.yaml", "cmdb.csv"}) CT_RETURN_IF_ERROR(add_if(f));
  if (fs::is_directory(dir / "findings", ec)) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir / "findings", ec)) {
      if (e.is_regular_file(ec)) names.insert(e.path().filename().string());
    }
    for (const std::string& n : names) CT_RETURN_IF_ERROR(add_if(("findings/" + n).c_str()));
  }
  for (const auto& [file, committed] : packs) CT_RETURN_IF_ERROR(tar.AddFile(std::string(kRoot) + "evidence/" + file, dir / "evidence" / file, committed));
  for (const std::string& s : segs) {
    fs::path f = dir / "store" / s;
    CT_RETURN_IF_ERROR(tar.AddFile(std::string(kRoot) + "store/" + s, f, fs::file_size(f, ec)));
  }
  if (!opt.report_html.empty()) CT_RETURN_IF_ERROR(tar.AddText(std::string(kRoot) + "report.html", opt.report_html));
  if (!opt.report_json.empty()) CT_RETURN_IF_ERROR(tar.AddText(std::string(kRoot) + "report.json", opt.report_json));
  // The chain of custody, checkable without sqlite3 (store/custody.h gives the hash rule).
  std::string chain;
  for (const auto& e : custody) {
    chain += "{\"seq\":" + std::to_string(e.seq) + ",\"prev\":\"" + e.prev + "\",\"hash\":\"" + e.hash + "\",\"entry\":" + e.entry + "}\n";
  }
  CT_RETURN_IF_ERROR(tar.AddText(std::string(kRoot) + "custody.jsonl", chain));
  // The original evidence files as received: their SHA-256 (as S3 and `sha256sum` give it) and
  // where their bytes are in the packs.
  std::string originals;
  CT_RETURN_IF_ERROR(snap.Query(
      "SELECT s.sha256, d.path, s.name, s.pack, s.pack_offset, s.size FROM sources s LEFT JOIN dirs d ON d.id = s.dir ORDER BY s.id",
      [&](sqlite3_stmt* st) {
        std::string sha = Text(st, 0), d = Text(st, 1), name = Text(st, 2);
        if (sha.empty()) return;
        std::string path;
        AppendJsonString(&path, d.empty() ? name : d == "/" ? "/" + name : d + "/" + name);
        originals += fmt::format("{}  {}  pack {} offset {} size {}\n", sha, path, sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
                                 sqlite3_column_int64(st, 5));
      }));
  CT_RETURN_IF_ERROR(tar.AddText(std::string(kRoot) + "EVIDENCE-SHA256", originals));
  std::string sums = tar.sums();
  CT_RETURN_IF_ERROR(tar.AddText(std::string(kRoot) + "SHA256SUMS", sums));
  ExportSummary sum;
  sum.files = tar.files();
  sum.bytes = tar.bytes();
  CT_RETURN_IF_ERROR(tar.Close());
  // fsync, then rename into place.
  {
    CT_ASSIGN_OR_RETURN(AppendFile af, AppendFile::Open(tmp));
    CT_RETURN_IF_ERROR(af.Sync());
  }
  CT_ASSIGN_OR_RETURN(MappedFile m, MappedFile::Open(tmp));
  sum.sha256 = Sha256::HexOfMapped(m);
  fs::rename(tmp, opt.out, ec);
  if (ec) return Status::IoError("cannot rename onto " + opt.out.string() + ": " + ec.message());
  return sum;
}

}  // namespace credtrace::report
