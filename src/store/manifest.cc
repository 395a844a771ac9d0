#include "store/manifest.h"

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/file.h"
#include "base/gzip.h"
#include "base/json_escape.h"

namespace credtrace::store {

namespace fs = std::filesystem;

namespace {
// `,"name":` then the value. Names are literals without anything to escape.
void Name(std::string* out, std::string_view name) {
  out->append(",\"", 2);
  out->append(name);
  out->append("\":", 2);
}
void Number(std::string* out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<size_t>(r.ptr - buf));
}
void Field(std::string* out, std::string_view name, uint64_t v) {
  Name(out, name);
  Number(out, v);
}
void Field(std::string* out, std::string_view name, std::string_view v) {
  Name(out, name);
  AppendJsonString(out, v);
}
}  // namespace

std::string ManifestHead() { return "{\"schema\":\"" + std::string(kManifestSchema) + "\",\"sources\":["; }

ManifestPackFiles ManifestPackFilesOf(const std::vector<PackRecord>& packs) {
  ManifestPackFiles m;
  for (const PackRecord& p : packs) m[p.id] = "evidence/" + p.file;
  return m;
}

// Written by hand rather than through a DOM: a case can hold 100,000 sources.
void AppendManifestSource(const SourceRecord& r, const ManifestPackFiles& packs, std::string* out_) {
  std::string& out = *out_;
  out.append("{\"id\":");
  Number(&out, static_cast<uint64_t>(r.id));
  Field(&out, "path", r.path);
  Field(&out, "size", r.size);
  Field(&out, "sha256", r.sha256);
  Field(&out, "kind", r.kind);
  out.append(r.gzip ? ",\"gzip\":true" : ",\"gzip\":false");
  Field(&out, "records", r.records);
  Field(&out, "events", r.events);
  Field(&out, "duplicates", r.duplicates);
  Field(&out, "rejected", r.rejected);
  Field(&out, "setAside", r.set_aside);
  Field(&out, "status", r.status);
  Field(&out, "errorCount", r.error_count);
  // errors_json was written by ingest as a JSON array (valid by construction).
  Name(&out, "errors");
  if (r.errors_json.empty()) out.append("[]");
  else out.append(r.errors_json);
  Field(&out, "ingestedAt", FormatIsoTime(r.ingested_at));
  Field(&out, "run", static_cast<uint64_t>(r.run_id));
  if (r.duplicate_of) Field(&out, "duplicateOf", static_cast<uint64_t>(r.duplicate_of));
  auto it = packs.find(r.pack);
  if (r.pack && it != packs.end()) {
    out.append(",\"stored\":{\"pack\":");
    AppendJsonString(&out, it->second);
    out.append(",\"offset\":");
    Number(&out, r.pack_offset);
    out.push_back('}');
  }
  out.push_back('}');
}

// One source per line keeps the file readable and diffable: "\n{...}" joined by commas.
class Renderer {
 public:
  explicit Renderer(const std::vector<PackRecord>& packs) : pack_file_(ManifestPackFilesOf(packs)) {
    out_ = ManifestHead();
    out_.reserve(kManifestPiece + 64 * 1024);
  }
  // Appends one source; true when the text held is a piece to hand on (then take it).
  bool Add(const SourceRecord& r) {
    out_.append(first_ ? "\n" : ",\n");
    first_ = false;
    AppendManifestSource(r, pack_file_, &out_);
    return out_.size() >= kManifestPiece;
  }
  // The text held (a piece, or the last one once Finish was called); empties the renderer.
  std::string& text() { return out_; }
  void Finish() { out_ += kManifestTail; }

 private:
  ManifestPackFiles pack_file_;
  std::string out_;
  bool first_ = true;
};

Status WriteManifest(Case& c, const std::function<Status(std::string_view)>& sink) {
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, c.db().Packs());
  Renderer render(packs);
  CT_RETURN_IF_ERROR(c.db().ForEachSource([&](const SourceRecord& r) -> Status {
    if (render.Add(r)) {
      CT_RETURN_IF_ERROR(sink(render.text()));
      render.text().clear();
    }
    return Status::Ok();
  }));
  render.Finish();
  return sink(render.text());
}

Result<std::string> ManifestJson(Case& c) {
  std::string all;
  CT_RETURN_IF_ERROR(WriteManifest(c, [&](std::string_view piece) {
    all.append(piece);
    return Status::Ok();
  }));
  while (!all.empty() && all.back() == '\n') all.pop_back();
  return all;
}

Status WriteManifestFile(Case& c) {
  fs::path final_path = c.dir() / "manifest.json.gz";
  fs::path tmp = final_path;
  tmp += ".tmp";
  {
    CT_ASSIGN_OR_RETURN(AppendFile f, AppendFile::Open(tmp, 0));
    CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, c.db().Packs());
    // The manifest is the last, serial step of an ingest: this thread reads the sources from the
    // database and renders them (one record refilled row after row), while a second one
    // compresses and writes the pieces. At most a few pieces wait (constant memory); the file is
    // the same as WriteManifest's pieces compressed one after the other (each a gzip member).
    constexpr size_t kMaxWaiting = 4;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::string> queue;
    bool done = false;
    Status written;
    std::thread compressor([&] {
      while (true) {
        std::string piece;
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return !queue.empty() || done; });
          if (queue.empty()) break;
          piece = std::move(queue.front());
          queue.pop_front();
          cv.notify_all();
          if (!written.ok()) continue;  // drain: the reader stops at its next piece
        }
        Status s = f.Append(GzipCompress(piece, kManifestGzipLevel));
        std::lock_guard<std::mutex> lock(mu);
        if (!s.ok() && written.ok()) written = s;
      }
    });
    auto hand_on = [&](std::string& piece) -> Status {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return queue.size() < kMaxWaiting; });
      if (!written.ok()) return written;
      queue.push_back(std::move(piece));
      piece.clear();
      cv.notify_all();
      return Status::Ok();
    };
    Renderer render(packs);
    Status read = c.db().ForEachSource([&](const SourceRecord& r) -> Status {
      return render.Add(r) ? hand_on(render.text()) : Status::Ok();
    });
    if (read.ok()) {
      render.Finish();
      read = hand_on(render.text());
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
      cv.notify_all();
    }
    compressor.join();
    CT_RETURN_IF_ERROR(read);
    CT_RETURN_IF_ERROR(written);
    CT_RETURN_IF_ERROR(f.Sync());
  }
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp.string() + ": " + ec.message());
  return SyncDir(c.dir());
}

}  // namespace credtrace::store
