#include "store/manifest_stream.h"

#include <algorithm>
#include <climits>
#include <filesystem>
#include <system_error>

#include "base/gzip.h"

namespace credtrace::store {

namespace fs = std::filesystem;

Result<std::unique_ptr<ManifestStream>> ManifestStream::Start(Case& c, int streams, size_t max_waiting) {
  std::string tmp = (c.dir() / "manifest.json.gz.tmp").string();
  CT_ASSIGN_OR_RETURN(AppendFile f, AppendFile::Open(tmp, 0));
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, c.db().Packs());
  return std::unique_ptr<ManifestStream>(
      new ManifestStream(c, std::move(tmp), std::move(f), ManifestPackFilesOf(packs), std::max(1, streams), max_waiting));
}

ManifestStream::ManifestStream(Case& c, std::string tmp, AppendFile file, ManifestPackFiles packs, int streams,
                               size_t max_waiting)
    : c_(c), tmp_(std::move(tmp)), max_waiting_(max_waiting), file_(std::move(file)), packs_(std::move(packs)), streams_(static_cast<size_t>(streams)) {
  piece_ = ManifestHead();
  piece_.reserve(kManifestPiece + 64 * 1024);
}

ManifestStream::~ManifestStream() {
  if (!finished_) {
    std::error_code ec;
    fs::remove(tmp_, ec);
  }
}

Status ManifestStream::AppendLineLocked(std::string_view object) {
  piece_.append(first_ ? "\n" : ",\n");
  first_ = false;
  piece_.append(object);
  return piece_.size() >= kManifestPiece ? WritePieceLocked() : Status::Ok();
}

Status ManifestStream::WritePieceLocked() {
  if (piece_.empty()) return Status::Ok();
  Status s = file_.Append(GzipCompress(piece_, kManifestGzipLevel));
  piece_.clear();
  if (!s.ok() && failure_.ok()) failure_ = s;
  return s;
}

void ManifestStream::GiveUpLocked() {
  gave_up_ = true;
  for (Stream& st : streams_) {
    std::string().swap(st.text);
    std::vector<Line>().swap(st.lines);
    st.next = 0;
  }
  waiting_ = 0;
  std::string().swap(piece_);
}

Status ManifestStream::AddExisting(const SourceRecord& r) {
  std::lock_guard<std::mutex> lock(mu_);
  if (gave_up_ || !failure_.ok()) return failure_;
  std::string object;
  AppendManifestSource(r, packs_, &object);
  return AppendLineLocked(object);
}

Status ManifestStream::Committed(int s, const std::vector<SourceRecord>& sources, const PackRecord* pack) {
  if (s < 0 || static_cast<size_t>(s) >= streams_.size()) return Status::InvalidArgument("no such manifest stream");
  // Rendered outside the lock, with a copy of the pack names (a few: two packs a run).
  ManifestPackFiles packs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (gave_up_ || !failure_.ok()) return failure_;
    if (pack) packs_[pack->id] = "evidence/" + pack->file;
    packs = packs_;
  }
  std::string text;
  std::vector<Line> lines;
  lines.reserve(sources.size());
  for (const SourceRecord& r : sources) {
    Line l{r.id, static_cast<uint32_t>(text.size()), 0};
    AppendManifestSource(r, packs, &text);
    l.end = static_cast<uint32_t>(text.size());
    lines.push_back(l);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (gave_up_ || !failure_.ok()) return failure_;
  Stream& st = streams_[static_cast<size_t>(s)];
  // Drop what was merged already, then add the new lines behind what waits.
  if (st.next > 0) {
    uint32_t cut = st.next < st.lines.size() ? st.lines[st.next].begin : static_cast<uint32_t>(st.text.size());
    st.text.erase(0, cut);
    st.lines.erase(st.lines.begin(), st.lines.begin() + static_cast<std::ptrdiff_t>(st.next));
    for (Line& l : st.lines) {
      l.begin -= cut;
      l.end -= cut;
    }
    st.next = 0;
  }
  const uint32_t base = static_cast<uint32_t>(st.text.size());
  if (st.text.size() + text.size() > UINT32_MAX) {
    GiveUpLocked();
    return Status::Ok();
  }
  st.text.append(text);
  for (Line l : lines) {
    l.begin += base;
    l.end += base;
    st.reported = std::max(st.reported, l.id);
    st.lines.push_back(l);
  }
  waiting_ += text.size();
  if (Status m = MergeLocked(false); !m.ok()) return m;
  if (waiting_ > max_waiting_) GiveUpLocked();
  return Status::Ok();
}

Status ManifestStream::Close(int s) {
  if (s < 0 || static_cast<size_t>(s) >= streams_.size()) return Status::InvalidArgument("no such manifest stream");
  std::lock_guard<std::mutex> lock(mu_);
  streams_[static_cast<size_t>(s)].reported = INT64_MAX;
  if (gave_up_ || !failure_.ok()) return failure_;
  return MergeLocked(false);
}

Status ManifestStream::MergeLocked(bool all) {
  int64_t frontier = INT64_MAX;
  if (!all)
    for (const Stream& st : streams_) frontier = std::min(frontier, st.reported);
  while (true) {
    // The stream whose next line has the smallest id (a handful of streams: a linear scan).
    Stream* best = nullptr;
    for (Stream& st : streams_)
      if (st.next < st.lines.size() && (best == nullptr || st.lines[st.next].id < best->lines[best->next].id)) best = &st;
    if (best == nullptr || best->lines[best->next].id > frontier) return Status::Ok();
    const Line& l = best->lines[best->next++];
    waiting_ -= l.end - l.begin;
    CT_RETURN_IF_ERROR(AppendLineLocked(std::string_view(best->text).substr(l.begin, l.end - l.begin)));
  }
}

Status ManifestStream::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure_.ok()) return failure_;
  if (gave_up_) {
    // Rendered from the database instead (the same content), into a new file of the same name.
    std::error_code ec;
    fs::remove(tmp_, ec);
    CT_RETURN_IF_ERROR(WriteManifestFile(c_));
    finished_ = true;
    return Status::Ok();
  }
  CT_RETURN_IF_ERROR(MergeLocked(true));
  piece_.append(kManifestTail);
  CT_RETURN_IF_ERROR(WritePieceLocked());
  CT_RETURN_IF_ERROR(file_.Sync());
  fs::path final_path = c_.dir() / "manifest.json.gz";
  std::error_code ec;
  fs::rename(tmp_, final_path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp_ + ": " + ec.message());
  finished_ = true;
  return SyncDir(c_.dir());
}

}  // namespace credtrace::store
