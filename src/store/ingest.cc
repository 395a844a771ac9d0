#include "store/ingest.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/file.h"
#include "base/gzip.h"
#include "base/json_escape.h"
#include "base/sha256.h"
#include "cloudtrail/salvage_scanner.h"
#include "cloudtrail/source_reader.h"
#include "store/event_id_set.h"
#include "store/manifest_stream.h"
#include "store/segment_writer.h"
#include "store/string_hash.h"

namespace credtrace::store {

namespace fs = std::filesystem;
using cloudtrail::Column;
using cloudtrail::SourceKind;

namespace {

constexpr size_t kMaxErrorsPerSource = 100;
constexpr size_t kMaxPendingSources = 16384;

// Compact keys, held by value (no allocation per key, nothing to free one by one at the end):
// the SHA-256 in binary, and for (path, SHA-256) a 64-bit hash of the path beside it (a
// collision would only make a new path with the same bytes count as already ingested, which its
// SHA-256 says it is).
struct ShaKey {
  std::array<uint64_t, 4> w{};
  bool operator==(const ShaKey&) const = default;
};
struct PathShaKey {
  ShaKey sha;
  uint64_t path_hash = 0;
  bool operator==(const PathShaKey&) const = default;
};
struct KeyHash {
  // The SHA-256 is uniform already: one word of it is a hash.
  size_t operator()(const ShaKey& k) const { return k.w[0]; }
  size_t operator()(const PathShaKey& k) const { return k.sha.w[0] ^ Mix64(k.path_hash, 0x9E3779B97F4A7C15ull); }
};
ShaKey ShaKeyOf(const std::string& hex) {
  unsigned char b[32] = {0};
  for (size_t i = 0; i + 1 < hex.size() && i / 2 < sizeof b; i += 2) {
    auto v = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    b[i / 2] = static_cast<unsigned char>((v(hex[i]) << 4) | v(hex[i + 1]));
  }
  ShaKey k;
  std::memcpy(k.w.data(), b, sizeof b);
  return k;
}
// From the ShaKey of the source's SHA-256, when the caller has it already.
PathShaKey PathKeyOf(const ShaKey& sha_key, const std::string& path) { return PathShaKey{sha_key, HashString(path)}; }
PathShaKey PathShaKeyOf(const std::string& path, const std::string& sha) { return PathKeyOf(ShaKeyOf(sha), path); }

// Files found by the walk, handed to the workers while the walk goes on. The queue also keeps the
// disk ahead of the workers: each Next asks its caller to open a file further down the queue and
// start reading it in (StartReadAhead), and the descriptor waits in the queue for the worker that
// takes that file, so logs not in the page cache are read while earlier ones are parsed.
class FileQueue {
 public:
  // A file for the caller of Next to open ahead, then hand back with Opened.
  struct Ahead {
    uint64_t seq = 0;
    InputFile file;
  };

  ~FileQueue() {
    for (Queued& q : files_)
      if (q.fd >= 0) ::close(q.fd);
  }
  // Waits while the workers are far behind, so that the walk of a huge tree does not hold every
  // path in memory.
  void Push(std::vector<InputFile>&& batch) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return files_.size() < kMaxQueued; });
    for (auto& f : batch) files_.push_back(Queued{std::move(f)});
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // The next file and its descriptor when it was opened ahead (-1 otherwise); false when the walk
  // is over and every file was taken.
  bool Next(InputFile* f, int* fd, std::optional<Ahead>* ahead) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !files_.empty() || closed_; });
    if (files_.empty()) return false;
    *f = std::move(files_.front().file);
    *fd = files_.front().fd;
    files_.pop_front();
    ++taken_;
    if (files_.size() < kMaxQueued) space_.notify_one();
    ahead->reset();
    size_t i = std::min(kReadAhead, files_.size());
    if (i > 0 && !files_[i - 1].ahead) {
      files_[i - 1].ahead = true;
      *ahead = Ahead{taken_ + (i - 1), files_[i - 1].file};
    }
    return true;
  }
  // True once the walk is over: every file left is in the queue.
  bool WalkOver() {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_;
  }
  // The descriptor opened for Ahead `seq` (closed when its file was taken meanwhile).
  void Opened(uint64_t seq, int fd) {
    if (fd < 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (seq >= taken_ && seq - taken_ < files_.size()) files_[seq - taken_].fd = fd;
    else ::close(fd);
  }

 private:
  struct Queued {
    InputFile file;
    int fd = -1;         // opened ahead
    bool ahead = false;  // handed out to be opened ahead
  };
  // Files found and not taken yet: when the walk ends, these are what is left to read (the end
  // game: Worker::EndGame). A couple of megabytes.
  static constexpr size_t kMaxQueued = 12288;
  // Files opened ahead of the workers: about 20 ms of work at 0.15 ms a file, far under the
  // descriptor limit.
  static constexpr size_t kReadAhead = 128;
  std::mutex mu_;
  std::condition_variable cv_;     // files available or walk over
  std::condition_variable space_;  // room in the queue
  std::deque<Queued> files_;       // found and not taken yet
  uint64_t taken_ = 0;             // files taken so far: the sequence number of files_.front()
  bool closed_ = false;
};

// State shared by the workers of one run.
struct Shared {
  Case* c = nullptr;
  const IngestOptions* opt = nullptr;
  IngestProgress* progress = nullptr;
  FileQueue files;
  int64_t run_id = 0;
  std::atomic<int64_t> next_source_id{1};
  std::atomic<int64_t> next_segment_id{1};
  std::atomic<int64_t> next_pack_id{1};
  EventIdSet event_ids;
  ManifestStream* manifest = nullptr;  // manifest.json.gz, written as sources commit
  // Sources committed (by this run's committers or earlier runs). Its own lock: a committer adds
  // a thousand keys at a time, and the workers' per-file look-ups must not wait behind `mu`.
  std::mutex committed_mu;
  std::unordered_set<PathShaKey, KeyHash> committed_path_sha;
  std::mutex mu;  // guards what follows
  std::unordered_map<ShaKey, int64_t, KeyHash> sha_owner;  // sha256 -> source id
  IngestSummary summary;
  Status failure;  // the first error writing the case; stops the run
  std::atomic<bool> failed{false};  // failure is set: read by the workers once a file, lock-free
};

class Worker final : public cloudtrail::EventSink {
 public:
  Worker(Shared* s, int index)
      : sh_(s), index_(index), reader_(cloudtrail::ReaderOptions{s->opt->max_record_bytes}),
        committer_([this] { CommitLoop(); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(cmu_);
      stop_ = true;
      ccv_.notify_all();
    }
    committer_.join();
  }

  void Run() {
    while (!Failed()) {
      InputFile f;
      std::optional<FileQueue::Ahead> ahead;
      if (!sh_->files.Next(&f, &fd_, &ahead)) {
        Flush();
        break;
      }
      if (ahead) sh_->files.Opened(ahead->seq, StartReadAhead(ahead->file.Open()));
      ProcessFile(f);
      // Commit when the builder is full, and also every few thousand sources so that a tree of
      // many small files neither holds their records in memory nor loses much to a kill.
      if (builder_.MemoryBytes() >= sh_->opt->segment_bytes || pending_.size() >= kMaxPendingSources || EndGame())
        Flush();
    }
    // Every commit handed over is done (or failed) when Run returns.
    std::unique_lock<std::mutex> lock(cmu_);
    ccv_.wait(lock, [&] { return !job_; });
    // A failure is reported by the run; the manifest keeps its own (ManifestStream::Finish).
    if (sh_->manifest) sh_->manifest->Close(index_).ok();
  }

  // Once the walk is over (at most the queue's files are left: about a second of reading), a
  // builder is sealed as soon as it is a quarter full, while this worker reads on, so that the
  // seals after the last file (which nothing else overlaps) are small ones.
  bool EndGame() {
    return builder_.MemoryBytes() >= sh_->opt->segment_bytes / 4 && sh_->files.WalkOver();
  }

  // EventSink
  void OnEvent(const cloudtrail::Event& e) override {
    cur_.records++;
    // Every event goes in; the committer de-duplicates the builder's rows by these keys when it
    // seals them (Commit), a batch at a time.
    keys_.push_back(MakeEventKey(e.get(Column::kEventId), content_view_.substr(e.raw_offset, e.raw_length)));
    builder_.Add(e, static_cast<uint32_t>(cur_.id), chunk_base_);
    cur_.events++;
  }
  void OnRecordError(uint64_t offset, std::string_view reason) override {
    cur_.rejected++;
    AddError(static_cast<int64_t>(chunk_base_ + offset), reason);
  }

 private:
  void AddError(int64_t offset, std::string_view reason) {
    cur_.error_count++;
    if (errors_.size() < kMaxErrorsPerSource) errors_.push_back({offset, std::string(reason)});
  }

  void ProcessFile(const InputFile& f) {
    cur_ = SourceRecord();
    errors_.clear();
    chunk_base_ = 0;
    cur_.path = f.path;
    cur_.size = f.size;
    cur_.run_id = sh_->run_id;
    cur_.ingested_at = NowMs();
    // One open (relative to its directory, unless it was opened ahead) and fstat: a file over
    // the streaming threshold comes back as kTooLarge. When it cannot be opened, ReadFileInto
    // tries once more by path and says why.
    int fd = std::exchange(fd_, -1);
    if (fd < 0) fd = f.Open();
    Status read = ReadFileInto(f.path, fd, sh_->opt->stream_above_bytes, &data_);
    if (read.code() == StatusCode::kTooLarge) return ProcessLargeFile(f);
    if (!read.ok()) return Unreadable(read);
    if (sh_->progress) sh_->progress->bytes_done += data_.size();
    const std::string& data = data_;
    if (!Claim(data)) return;
    // Inflate (bounded) or use the bytes as they are.
    cur_.gzip = IsGzip(data);
    bool content_damaged = false;
    size_t len = 0;
    if (cur_.gzip) {
      // Into storage that is reused from file to file (no zero-filling, no reallocation).
      Status s = GunzipInto(&inflater_, data, sh_->opt->max_decompressed_bytes,
                            cloudtrail::SourceReader::kPadding, &storage_, &len);
      if (!s.ok()) {
        content_damaged = true;
        AddError(-1, s.message() + " (the records before that point are kept)");
      }
    } else {
      len = data.size();
      if (storage_.size() < len + cloudtrail::SourceReader::kPadding) storage_.resize(len + cloudtrail::SourceReader::kPadding);
      std::memcpy(storage_.data(), data.data(), len);
    }
    content_view_ = std::string_view(storage_.data(), len);
    cloudtrail::SourceSummary ss = reader_.Read(content_view_, storage_.size(), *this);
    if (!Store(data)) return;
    Conclude(ss, content_damaged);
  }

  // A source bigger than stream_above_bytes is never held in memory whole: it is mapped, hashed and
  // stored from the map, and when it holds JSON lines (the shape of big exports) it is inflated
  // and parsed a chunk at a time. Other big documents ({"Records":[...]} and the like) are read
  // whole, up to the inflate bound.
  void ProcessLargeFile(const InputFile& f) {
    auto map = MappedFile::Open(f.path);
    if (!map.ok()) return Unreadable(map.status());
    std::string_view data = map->data();
    if (sh_->progress) sh_->progress->bytes_done += data.size();
    if (!Claim(data)) return;
    if (!Store(data)) return;
    cur_.gzip = IsGzip(data);
    std::unique_ptr<Inflater> inf;
    if (cur_.gzip) inf = std::make_unique<Inflater>(data);
    size_t plain_pos = 0;
    uint64_t produced = 0;
    // Gzip bomb bound for a stream: a hundred times the compressed size, and at least the
    // bound for a whole document (CloudTrail JSON inflates 5 to 15 times).
    const uint64_t bound = std::max<uint64_t>(sh_->opt->max_decompressed_bytes, data.size() * 100);
    bool damaged = false, done = false;
    content_.clear();
    auto produce = [&](size_t n) {
      if (done) return;
      if (produced >= bound) {
        AddError(-1, "decompressed size exceeds the limit of " + std::to_string(bound) + " bytes (possible gzip bomb)");
        damaged = done = true;
        return;
      }
      n = static_cast<size_t>(std::min<uint64_t>(n, bound - produced));
      size_t before = content_.size();
      if (inf) {
        Status s = inf->Read(&content_, n);
        if (!s.ok()) {
          AddError(-1, s.message() + " (the records before that point are kept)");
          damaged = done = true;
        }
        if (inf->done()) done = true;
      } else {
        size_t take = std::min(n, data.size() - plain_pos);
        content_.append(data.substr(plain_pos, take));
        plain_pos += take;
        if (plain_pos >= data.size()) done = true;
      }
      produced += content_.size() - before;
    };
    produce(sh_->opt->stream_chunk_bytes);
    size_t first = 0;
    while (first < content_.size() && (content_[first] == ' ' || content_[first] == '\n' || content_[first] == '\r' || content_[first] == '\t')) ++first;
    bool lines = first < content_.size() && content_[first] == '{' && cloudtrail::GuessRecordDepth(content_, first) == 0;
    cloudtrail::SourceSummary total;
    // Reads the first `len` bytes of content_ (padding first: it may move the buffer).
    auto read = [&](size_t len) {
      cloudtrail::PadForReader(&content_);
      content_view_ = std::string_view(content_).substr(0, len);
      cloudtrail::SourceSummary ss = reader_.Read(content_view_, content_.capacity(), *this);
      if (total.kind == SourceKind::kUnknown || total.kind == SourceKind::kEmpty) total.kind = ss.kind;
      else if (ss.kind != total.kind && ss.kind != SourceKind::kEmpty) total.kind = SourceKind::kMixed;
      total.set_aside += ss.set_aside;
    };
    if (!lines) {
      while (!done) produce(sh_->opt->stream_chunk_bytes);
      read(content_.size());
    } else {
      while (true) {
        if (done) {
          read(content_.size());
          break;
        }
        size_t nl = content_.rfind('\n');
        if (nl == std::string::npos) {
          // No line end in a whole chunk: far longer than any record. Let the reader report it.
          read(content_.size());
          chunk_base_ += content_.size();
          content_.clear();
        } else {
          read(nl + 1);
          chunk_base_ += nl + 1;
          content_.erase(0, nl + 1);
        }
        produce(sh_->opt->stream_chunk_bytes);
      }
    }
    chunk_base_ = 0;
    Conclude(total, damaged);
  }

  void Unreadable(const Status& why) {
    cur_.id = sh_->next_source_id.fetch_add(1);
    cur_.kind = "unreadable";
    cur_.status = "unreadable";
    AddError(-1, why.message());
    Finish();
  }

  // Hashes the source and claims it for this run. False when there is nothing more to do with
  // it (already in the case: skipped; a copy of another source: recorded as such).
  bool Claim(std::string_view data) {
    cur_.size = data.size();
    cur_.sha256 = Sha256::HexOf(data);
    ShaKey sha_key = ShaKeyOf(cur_.sha256);
    bool already;
    {
      PathShaKey key = PathKeyOf(sha_key, cur_.path);
      std::lock_guard<std::mutex> lock(sh_->committed_mu);
      already = sh_->committed_path_sha.count(key) != 0;
    }
    {
      std::lock_guard<std::mutex> lock(sh_->mu);
      if (already) {
        sh_->summary.files_already++;
        if (sh_->progress) sh_->progress->files_done++;
        return false;
      }
      auto it = sh_->sha_owner.find(sha_key);
      cur_.id = sh_->next_source_id.fetch_add(1);
      if (it != sh_->sha_owner.end()) {
        cur_.duplicate_of = it->second;
      } else {
        sh_->sha_owner[sha_key] = cur_.id;
      }
    }
    if (cur_.duplicate_of != 0) {
      cur_.kind = "duplicate";
      cur_.status = "duplicate-file";
      Finish();
      return false;
    }
    return true;
  }

  // Keeps the bytes as received, whatever their content, in this worker's evidence pack.
  bool Store(std::string_view data) {
    if (!pack_) {
      pack_id_ = sh_->next_pack_id.fetch_add(1);
      pack_file_ = "pack-" + std::to_string(pack_id_) + ".bin";
      auto p = AppendFile::Open(sh_->c->evidence_dir() / pack_file_, 0);
      if (!p.ok()) {
        Fail(p.status());
        return false;
      }
      pack_ = std::make_unique<AppendFile>(std::move(p).value());
    }
    cur_.pack = pack_id_;
    cur_.pack_offset = pack_->size();
    if (Status s = pack_->Append(data); !s.ok()) {
      Fail(s);
      return false;
    }
    return true;
  }

  void Conclude(const cloudtrail::SourceSummary& ss, bool content_damaged) {
    cur_.kind = std::string(cloudtrail::SourceKindName(ss.kind));
    cur_.set_aside = ss.set_aside;
    if (ss.kind == SourceKind::kEmpty) cur_.status = "empty";
    else if (cloudtrail::IsSetAside(ss.kind) && cur_.records == 0) cur_.status = "set-aside";
    else if (cur_.records == 0) cur_.status = "rejected";
    else if (cur_.rejected > 0 || content_damaged) cur_.status = "partial";
    else cur_.status = "ingested";
    Finish();
  }

  // Queues the current source for the next commit and counts it.
  void Finish() {
    cur_.errors_json = "[";
    for (const auto& [off, why] : errors_) {
      if (cur_.errors_json.size() > 1) cur_.errors_json += ',';
      cur_.errors_json += off >= 0 ? "{\"offset\":" + std::to_string(off) + ",\"reason\":" : std::string("{\"reason\":");
      AppendJsonString(&cur_.errors_json, why);
      cur_.errors_json += '}';
    }
    cur_.errors_json += ']';
    {
      std::lock_guard<std::mutex> lock(sh_->mu);
      IngestSummary& s = sh_->summary;
      s.bytes += cur_.size;
      s.events += cur_.events;
      s.duplicates += cur_.duplicates;
      s.rejected_records += cur_.rejected;
      if (cur_.status == "ingested") s.files_ingested++;
      else if (cur_.status == "partial") { s.files_ingested++; s.files_partial++; }
      else if (cur_.status == "set-aside") s.files_set_aside++;
      else if (cur_.status == "empty") s.files_empty++;
      else if (cur_.status == "duplicate-file") s.files_duplicate++;
      else s.files_rejected++;
      for (const auto& [off, why] : errors_) s.problems.push_back({cur_.path, off, why});
      if (cur_.error_count > errors_.size())
        s.problems.push_back({cur_.path, -1, std::to_string(cur_.error_count - errors_.size()) + " more problems in this file (see the manifest)"});
    }
    if (sh_->progress) {
      sh_->progress->files_done++;
      sh_->progress->events += cur_.events;
    }
    pending_.push_back(std::move(cur_));
  }

  void Fail(const Status& s) {
    std::lock_guard<std::mutex> lock(sh_->mu);
    if (sh_->failure.ok()) sh_->failure = s;
    sh_->failed.store(true, std::memory_order_release);
  }

  bool Failed() const { return sh_->failed.load(std::memory_order_acquire); }

  // What one commit needs: the full builder, the sources read into it, and how much of the pack
  // they fill. Sealed and committed by this worker's committer thread while the worker reads on.
  struct CommitJob {
    SegmentBuilder builder;
    std::vector<EventKey> keys;  // of the builder's rows
    std::vector<SourceRecord> sources;
    std::optional<PackRecord> pack;  // when the worker has a pack: its size after these sources
  };

  // Hands the builder and the pending sources to the committer (after the previous commit of
  // this worker is done: commits of one pack stay in order) and goes on with an empty builder.
  void Flush() {
    if (pending_.empty() && builder_.rows() == 0) return;
    std::unique_lock<std::mutex> lock(cmu_);
    ccv_.wait(lock, [&] { return !job_; });
    if (Failed()) return;
    auto job = std::make_unique<CommitJob>();
    if (pack_) {
      // The bytes of these sources leave the pack's buffer now; the committer makes them durable
      // (fdatasync) while this thread appends the next ones.
      if (Status s = pack_->Flush(); !s.ok()) return Fail(s);
      job->pack = PackRecord{pack_id_, pack_file_, pack_->size()};
    }
    // The builder sealed last (empty, its capacity kept) takes the place of the full one.
    std::swap(job->builder, builder_);
    std::swap(builder_, spare_);
    std::swap(job->keys, keys_);
    std::swap(keys_, spare_keys_);
    job->sources = std::move(pending_);
    pending_.clear();
    job_ = std::move(job);
    ccv_.notify_all();
  }

  void CommitLoop() {
    std::unique_lock<std::mutex> lock(cmu_);
    while (true) {
      ccv_.wait(lock, [&] { return job_ || stop_; });
      if (!job_) return;
      lock.unlock();
      Commit(*job_);
      lock.lock();
      std::swap(spare_, job_->builder);
      std::swap(spare_keys_, job_->keys);
      spare_keys_.clear();
      job_.reset();
      ccv_.notify_all();
    }
  }

  // Seals the builder into a segment, makes the pack durable and commits both with the sources.
  void Commit(CommitJob& job) {
    SegmentRecord seg;
    SegmentBuilder& b = job.builder;
    if (b.rows() > 0) Deduplicate(job);
    bool has_segment = b.kept_rows() > 0;
    if (!has_segment) {
      b.Clear();  // every row was a duplicate (or there were none): nothing to write
    } else {
      seg.id = sh_->next_segment_id.fetch_add(1);
      seg.file = "seg-" + std::to_string(seg.id) + ".cts";
      seg.rows = b.kept_rows();
      seg.min_time = b.min_time();
      seg.max_time = b.max_time();
      seg.run_id = sh_->run_id;
      if (Status s = b.WriteTo(sh_->c->store_dir() / seg.file); !s.ok()) return Fail(s);
    }
    if (job.pack) {
      if (Status s = pack_->SyncFlushed(); !s.ok()) return Fail(s);
    }
    if (Status s = sh_->c->db().Commit(job.sources, has_segment ? &seg : nullptr, job.pack ? &*job.pack : nullptr); !s.ok())
      return Fail(s);
    if (sh_->manifest) sh_->manifest->Committed(index_, job.sources, job.pack ? &*job.pack : nullptr).ok();
    std::vector<PathShaKey> keys;
    keys.reserve(job.sources.size());
    for (const SourceRecord& r : job.sources) keys.push_back(PathShaKeyOf(r.path, r.sha256));
    {
      std::lock_guard<std::mutex> lock(sh_->committed_mu);
      for (const PathShaKey& k : keys) sh_->committed_path_sha.insert(k);
    }
    if (has_segment) {
      std::lock_guard<std::mutex> lock(sh_->mu);
      sh_->summary.segments++;
    }
  }

  // Inserts the eventIDs of the job's rows into the case's set, and leaves out of the segment
  // the rows whose eventID was there already (a double delivery, in this segment, in another
  // one of this run, or in the case): the first one sealed is kept. Their sources count them as
  // duplicates instead of events.
  void Deduplicate(CommitJob& job) {
    SegmentBuilder& b = job.builder;
    std::vector<uint8_t> dup;
    size_t n = sh_->event_ids.InsertBatch(job.keys.data(), job.keys.size(), &dup);
    if (n == 0) return;
    std::unordered_map<int64_t, SourceRecord*> by_id;
    for (SourceRecord& r : job.sources) by_id[r.id] = &r;
    for (uint32_t row = 0; row < b.rows(); ++row) {
      if (!dup[row]) continue;
      auto it = by_id.find(b.source_of(row));
      if (it == by_id.end()) continue;  // cannot happen: a builder holds its job's sources
      it->second->events--;
      it->second->duplicates++;
    }
    b.Drop(std::move(dup));
    {
      std::lock_guard<std::mutex> lock(sh_->mu);
      sh_->summary.events -= n;
      sh_->summary.duplicates += n;
    }
    if (sh_->progress) sh_->progress->events -= n;
  }

  Shared* sh_;
  const int index_;  // this worker's stream of the manifest
  cloudtrail::SourceReader reader_;
  SegmentBuilder builder_;
  std::string data_;     // the file as received (buffer reused)
  int fd_ = -1;          // the file taken, when it was opened ahead (ProcessFile closes it)
  uint64_t chunk_base_ = 0;  // offset in the source's content of what the reader is reading
  std::string content_;        // a streamed source's current chunk
  std::string storage_;        // a small source inflated: storage reused from file to file
  std::string_view content_view_;  // what the reader is reading (in storage_ or content_)
  Inflater inflater_;
  SourceRecord cur_;
  std::vector<std::pair<int64_t, std::string>> errors_;
  std::vector<SourceRecord> pending_;
  std::unique_ptr<AppendFile> pack_;
  int64_t pack_id_ = 0;
  std::string pack_file_;
  // The committer: one job at a time, in order.
  std::mutex cmu_;
  std::condition_variable ccv_;
  std::unique_ptr<CommitJob> job_;  // handed over, not committed yet
  SegmentBuilder spare_;            // sealed and emptied, for the next swap
  std::vector<EventKey> keys_;      // eventID keys of builder_'s rows
  std::vector<EventKey> spare_keys_;
  bool stop_ = false;
  std::thread committer_;           // last: started once everything above exists
};

}  // namespace

std::string IngestSummary::ToJson() const {
  nlohmann::json j = {
      {"files", files}, {"filesIngested", files_ingested}, {"filesAlreadyInCase", files_already},
      {"filesDuplicate", files_duplicate}, {"filesSetAside", files_set_aside},
      {"filesRejected", files_rejected}, {"filesPartial", files_partial}, {"filesEmpty", files_empty},
      {"bytes", bytes}, {"events", events}, {"duplicateDeliveries", duplicates},
      {"rejectedRecords", rejected_records}, {"prunedDirectories", pruned_dirs},
      {"segments", segments}, {"seconds", seconds}};
  nlohmann::json probs = nlohmann::json::array();
  for (const auto& p : problems) {
    nlohmann::json e = {{"path", p.path}, {"reason", p.reason}};
    if (p.offset >= 0) e["offset"] = p.offset;
    probs.push_back(e);
  }
  j["problems"] = probs;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<IngestSummary> Ingest(Case& c, const std::vector<fs::path>& paths, const IngestOptions& opt,
                             IngestProgress* progress) {
  auto t0 = std::chrono::steady_clock::now();
  // One writer at a time: the IDs below are handed out from the database's maxima.
  CT_RETURN_IF_ERROR(c.LockForWriting());
  // Segments are written in the current format: an older case is marked as holding it first.
  CT_RETURN_IF_ERROR(c.UpgradeFormat());
  Shared sh;
  sh.c = &c;
  sh.opt = &opt;
  sh.progress = progress;
  const int n = std::max(1, opt.threads);
  CT_ASSIGN_OR_RETURN(std::unique_ptr<ManifestStream> manifest, ManifestStream::Start(c, n, opt.manifest_max_waiting_bytes));
  sh.manifest = manifest.get();
  // What the case holds already (the manifest starts with it).
  CT_RETURN_IF_ERROR(c.db().ForEachSource([&](const SourceRecord& r) {
    sh.committed_path_sha.insert(PathShaKeyOf(r.path, r.sha256));
    if (r.duplicate_of == 0 && !r.sha256.empty()) sh.sha_owner.emplace(ShaKeyOf(r.sha256), r.id);
    return manifest->AddExisting(r);
  }));
  CT_ASSIGN_OR_RETURN(int64_t max_source, c.db().MaxId("sources"));
  CT_ASSIGN_OR_RETURN(int64_t max_segment, c.db().MaxId("segments"));
  CT_ASSIGN_OR_RETURN(int64_t max_pack, c.db().MaxId("packs"));
  sh.next_source_id = max_source + 1;
  sh.next_segment_id = max_segment + 1;
  sh.next_pack_id = max_pack + 1;
  {
    CT_ASSIGN_OR_RETURN(std::vector<const SegmentView*> segs, c.Segments());
    std::vector<EventKey> keys;
    std::vector<uint8_t> dup;
    for (const SegmentView* s : segs) {
      CT_ASSIGN_OR_RETURN(const DictionaryView* d, s->Dictionary(Column::kEventId));
      keys.clear();
      for (uint32_t i = 0; i < d->size(); ++i) {
        if (!d->value(i).empty()) keys.push_back(MakeEventKey(d->value(i), {}));
      }
      sh.event_ids.InsertBatch(keys.data(), keys.size(), &dup);
    }
  }
  CT_ASSIGN_OR_RETURN(sh.run_id, c.db().StartRun(opt.command_line));

  // The walk runs on its own thread and feeds the workers as it goes.
  WalkResult walk;
  uint64_t found = 0;
  std::thread walker([&] {
    std::vector<InputFile> batch;
    WalkInputs(paths, opt.filter, &walk, [&](InputFile&& f) {
      batch.push_back(std::move(f));
      ++found;
      if (batch.size() == 64) {
        if (progress) progress->files_total = found;
        sh.files.Push(std::move(batch));
        batch.clear();
      }
    });
    if (progress) progress->files_total = found;
    sh.files.Push(std::move(batch));
    sh.files.Close();
  });
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>(&sh, i));
  for (int i = 1; i < n; ++i) threads.emplace_back([w = workers[i].get()] { w->Run(); });
  workers[0]->Run();
  for (auto& t : threads) t.join();
  walker.join();
  sh.summary.files = found;
  sh.summary.pruned_dirs = walk.pruned_dirs;
  for (const WalkResult::Error& e : walk.errors) {
    sh.summary.problems.push_back({e.path, -1, e.reason});
    sh.summary.files_rejected++;
  }
  if (!sh.failure.ok()) return sh.failure;
  sh.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CT_RETURN_IF_ERROR(c.db().FinishRun(sh.run_id, sh.summary.ToJson()));
  CT_RETURN_IF_ERROR(manifest->Finish());
  return std::move(sh.summary);
}

}  // namespace credtrace::store
