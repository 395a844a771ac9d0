#include "store/case.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "base/file.h"
#include "base/gzip.h"
#include "cloudtrail/source_reader.h"
#include "store/custody.h"

namespace credtrace::store {

namespace fs = std::filesystem;

// The same bound ingest applies (store/ingest.h kDefaultMaxDecompressedBytes).
constexpr uint64_t kMaxFetchDecompressed = 1ull << 30;

Result<std::unique_ptr<Case>> Case::Open(const fs::path& dir, CreateIfMissing create) {
  std::unique_ptr<Case> c(new Case());
  c->dir_ = dir;
  fs::path marker = dir / "credtrace-case.json";
  std::error_code ec;
  bool created = false;
  if (!fs::exists(marker, ec)) {
    if (create == CreateIfMissing::kNo) {
      return Status::NotFound(dir.string() + " is not a credtrace case (no credtrace-case.json); create it with `credtrace ingest --case " + dir.string() + " ...`");
    }
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) return Status::IoError(dir.string() + " exists and is not a directory");
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
      return Status::InvalidArgument(dir.string() + " exists, is not empty and is not a credtrace case: refusing to use it");
    fs::create_directories(dir / "evidence", ec);
    if (ec) return Status::IoError("cannot create " + (dir / "evidence").string() + ": " + ec.message());
    fs::create_directories(dir / "store", ec);
    if (ec) return Status::IoError("cannot create " + (dir / "store").string() + ": " + ec.message());
    nlohmann::json m = {{"format", "credtrace-case"}, {"version", kCaseFormatVersion}, {"created", FormatIsoTime(NowMs())}};
    CT_RETURN_IF_ERROR(WriteFileAtomic(marker, m.dump(2) + "\n"));
    created = true;
  } else {
    CT_ASSIGN_OR_RETURN(std::string text, ReadFile(marker, 1 << 20));
    auto m = nlohmann::json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object() || m.value("format", "") != "credtrace-case")
      return Status::Corrupt(marker.string() + " is not a credtrace case marker");
    int v = m.value("version", 0);
    if (v > kCaseFormatVersion)
      return Status::Corrupt("case " + dir.string() + " has format version " + std::to_string(v) + "; this credtrace reads up to " + std::to_string(kCaseFormatVersion));
    c->format_version_ = v;
  }
  CT_ASSIGN_OR_RETURN(c->db_, CaseDb::Open(dir / "case.db"));
  // A new case's chain starts with its creation (also when a process was killed between writing
  // the marker and this).
  CT_ASSIGN_OR_RETURN(std::optional<CustodyEntry> head, c->db_->CustodyHead());
  if (!head) {
    nlohmann::json body = {{"event", "case created"}, {"format", kCaseFormatVersion}, {"dir", dir.string()}, {"newDirectory", created}};
    CT_RETURN_IF_ERROR(
        c->db_->AppendCustody("case", body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).status());
  }
  // Repair only when no writer holds the case (its uncommitted tail is not debris).
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + dir.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
    Status st = c->Recover();
    ::flock(fd, LOCK_UN);
    ::close(fd);
    CT_RETURN_IF_ERROR(st);
  } else {
    ::close(fd);
  }
  return c;
}

Case::~Case() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

Status Case::LockForWriting(int wait_ms) {
  if (lock_fd_ >= 0) return Status::Ok();
  int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + dir_.string() + ": " + std::strerror(errno));
  for (int waited = 0;; waited += 50) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    if (errno != EWOULDBLOCK || waited >= wait_ms) {
      ::close(fd);
      return Status::Aborted("another credtrace process is writing to the case " + dir_.string() +
                             " (an ingest or verify --watch); wait for it to finish, or stop it and run the same ingest again");
    }
    ::usleep(50 * 1000);
  }
  lock_fd_ = fd;
  return Recover();
}

Status Case::UpgradeFormat() {
  if (format_version_ >= kCaseFormatVersion) return Status::Ok();
  if (lock_fd_ < 0) return Status::Aborted("UpgradeFormat needs the writer lock");
  fs::path marker = dir_ / "credtrace-case.json";
  CT_ASSIGN_OR_RETURN(std::string text, ReadFile(marker, 1 << 20));
  auto m = nlohmann::json::parse(text, nullptr, false);
  if (m.is_discarded() || !m.is_object()) return Status::Corrupt(marker.string() + " is not a credtrace case marker");
  // The custody entry first: a kill between the two leaves a logged upgrade that the next
  // ingest completes (writing the marker again is harmless), never an unlogged one.
  nlohmann::json body = {{"event", "case format upgraded"}, {"from", format_version_}, {"to", kCaseFormatVersion}};
  CT_RETURN_IF_ERROR(db_->AppendCustody("case", body.dump()).status());
  m["version"] = kCaseFormatVersion;
  CT_RETURN_IF_ERROR(WriteFileAtomic(marker, m.dump(2) + "\n"));
  format_version_ = kCaseFormatVersion;
  return Status::Ok();
}

Status Case::Recover() {
  // Packs: drop bytes past the committed size; delete packs no commit mentions.
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, db_->Packs());
  std::set<std::string> pack_files;
  for (const PackRecord& p : packs) {
    pack_files.insert(p.file);
    fs::path f = evidence_dir() / p.file;
    std::error_code ec;
    uint64_t size = fs::file_size(f, ec);
    if (ec) return Status::Corrupt("evidence pack " + f.string() + " is missing");
    if (size > p.committed) {
      CT_ASSIGN_OR_RETURN(AppendFile af, AppendFile::Open(f, p.committed));
      CT_RETURN_IF_ERROR(af.Sync());
    } else if (size < p.committed) {
      return Status::Corrupt("evidence pack " + f.string() + " is shorter than its committed size");
    }
  }
  CT_ASSIGN_OR_RETURN(std::vector<SegmentRecord> segs, db_->Segments());
  std::set<std::string> seg_files;
  for (const SegmentRecord& s : segs) seg_files.insert(s.file);
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(evidence_dir(), ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("pack-", 0) == 0 && !pack_files.count(name)) fs::remove(e.path(), ec);
  }
  for (const auto& e : fs::directory_iterator(store_dir(), ec)) {
    std::string name = e.path().filename().string();
    if (!seg_files.count(name)) fs::remove(e.path(), ec);  // uncommitted segment or temp file
  }
  return Status::Ok();
}

Result<std::vector<const SegmentView*>> Case::Segments() {
  // Segments are immutable and only ever added: open the ones committed since the last call.
  {
    CT_ASSIGN_OR_RETURN(std::vector<SegmentRecord> segs, db_->Segments());
    for (size_t i = readers_.size(); i < segs.size(); ++i) {
      const SegmentRecord& s = segs[i];
      CT_ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> r, SegmentReader::Open(store_dir() / s.file));
      if (r->num_rows() != s.rows) return Status::Corrupt("segment " + s.file + " row count differs from the case database");
      readers_.push_back(std::move(r));
    }
  }
  std::vector<const SegmentView*> out;
  for (const auto& r : readers_) out.push_back(r.get());
  return out;
}

Result<uint64_t> Case::EventCount() {
  CT_ASSIGN_OR_RETURN(std::vector<SegmentRecord> segs, db_->Segments());
  uint64_t n = 0;
  for (const auto& s : segs) n += s.rows;
  return n;
}

Result<std::string> Case::SourceBytes(int64_t source_id) {
  CT_ASSIGN_OR_RETURN(SourceRecord src, db_->Source(source_id));
  if (src.pack == 0) return Status::NotFound("source " + std::to_string(source_id) + " (" + src.path + ") has no stored bytes (status " + src.status + ")");
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, db_->Packs());
  for (const PackRecord& p : packs) {
    if (p.id == src.pack) return ReadFileRange(evidence_dir() / p.file, src.pack_offset, src.size);
  }
  return Status::Corrupt("source " + std::to_string(source_id) + " names pack " + std::to_string(src.pack) + ", which the case does not have");
}

Result<std::string> RecordFetcher::Fetch(const RecordLocation& loc) {
  if (cached_source_ != loc.source_id) {
    CT_ASSIGN_OR_RETURN(source_, case_->db().Source(loc.source_id));
    if (source_.pack == 0) return Status::NotFound("source " + std::to_string(loc.source_id) + " has no stored bytes");
    CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, case_->db().Packs());
    pack_path_.clear();
    for (const PackRecord& p : packs)
      if (p.id == source_.pack) pack_path_ = case_->evidence_dir() / p.file;
    if (pack_path_.empty()) return Status::Corrupt("source " + std::to_string(loc.source_id) + " names a pack the case does not have");
    content_.clear();
    big_inf_.reset();
    big_map_.reset();
    big_window_.clear();
    big_pos_ = 0;
    cached_source_ = loc.source_id;
    // Small gzip sources are inflated once and kept for the next records of the same source.
    if (source_.gzip && source_.size <= whole_source_bytes_) {
      CT_ASSIGN_OR_RETURN(std::string bytes, ReadFileRange(pack_path_, source_.pack_offset, source_.size));
      Status s = Gunzip(bytes, kMaxFetchDecompressed, &content_);
      (void)s;  // a damaged stream yields what ingest saw before the damage
    }
  }
  std::string raw;
  if (!source_.gzip) {
    // Stored as received: the record is a range of the pack.
    if (loc.offset + loc.length > source_.size)
      return Status::Corrupt("record location past the end of source " + std::to_string(loc.source_id));
    CT_ASSIGN_OR_RETURN(raw, ReadFileRange(pack_path_, source_.pack_offset + loc.offset, loc.length));
  } else if (source_.size <= whole_source_bytes_) {
    if (loc.offset + loc.length > content_.size())
      return Status::Corrupt("record location past the end of source " + std::to_string(loc.source_id));
    raw = content_.substr(loc.offset, loc.length);
  } else {
    // A big gzip source: a forward cursor. Records asked in increasing offset order (FetchMany
    // sorts them) cost one pass over the source; a record before the cursor restarts it.
    if (!big_inf_ || loc.offset < big_pos_) {
      CT_ASSIGN_OR_RETURN(MappedFile map, MappedFile::Open(pack_path_));
      if (source_.pack_offset + source_.size > map.size()) return Status::Corrupt("pack shorter than its source");
      big_map_ = std::make_unique<MappedFile>(std::move(map));
      big_inf_ = std::make_unique<Inflater>(big_map_->data().substr(source_.pack_offset, source_.size));
      big_window_.clear();
      big_pos_ = 0;
    }
    const uint64_t want_end = loc.offset + loc.length;
    while (big_pos_ + big_window_.size() < want_end && !big_inf_->done()) {
      if (loc.offset >= big_pos_ + big_window_.size()) {  // the record is past the window: drop it
        big_pos_ += big_window_.size();
        big_window_.clear();
      }
      Status st = big_inf_->Read(&big_window_, 8u << 20);
      if (!st.ok()) break;  // a damaged stream ends where ingest saw it end
    }
    if (loc.offset < big_pos_ || want_end > big_pos_ + big_window_.size())
      return Status::Corrupt("record location past the end of source " + std::to_string(loc.source_id));
    raw = big_window_.substr(loc.offset - big_pos_, loc.length);
    // Keep the window from this record on (bounded memory for the forward walk).
    big_window_.erase(0, loc.offset - big_pos_);
    big_pos_ = loc.offset;
  }
  std::string out;
  if (!cloudtrail::DecodeRawRecord(raw, static_cast<cloudtrail::RawEncoding>(loc.encoding), &out))
    return Status::Corrupt("record in source " + std::to_string(loc.source_id) + " does not decode");
  return out;
}

Result<std::vector<std::string>> RecordFetcher::FetchMany(const std::vector<RecordLocation>& locs) {
  std::vector<uint32_t> order(locs.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return locs[a].source_id != locs[b].source_id ? locs[a].source_id < locs[b].source_id
                                                  : locs[a].offset < locs[b].offset;
  });
  std::vector<std::string> out(locs.size());
  for (uint32_t i : order) {
    CT_ASSIGN_OR_RETURN(out[i], Fetch(locs[i]));
  }
  return out;
}

}  // namespace credtrace::store
