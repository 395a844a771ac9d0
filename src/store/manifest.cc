#include "store/manifest.h"

#include <unordered_map>

#include "base/file.h"
#include "base/gzip.h"
#include "base/json_escape.h"

namespace credtrace::store {

namespace fs = std::filesystem;

namespace {
void Field(std::string* out, const char* name, uint64_t v) {
  *out += ",\"";
  *out += name;
  *out += "\":";
  *out += std::to_string(v);
}
void Field(std::string* out, const char* name, std::string_view v) {
  *out += ",\"";
  *out += name;
  *out += "\":";
  AppendJsonString(out, v);
}
}  // namespace

// Written by hand rather than through a DOM: a case can hold 100,000 sources. One source per
// line keeps the file readable and diffable.
Status WriteManifest(Case& c, const std::function<Status(std::string_view)>& sink) {
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, c.db().Packs());
  std::unordered_map<int64_t, std::string> pack_file;
  for (const PackRecord& p : packs) pack_file[p.id] = "evidence/" + p.file;
  std::string out = "{\"schema\":\"" + std::string(kManifestSchema) + "\",\"sources\":[";
  bool first = true;
  CT_RETURN_IF_ERROR(c.db().ForEachSource([&](const SourceRecord& r) -> Status {
    out += first ? "\n{" : ",\n{";
    first = false;
    out += "\"id\":" + std::to_string(r.id);
    Field(&out, "path", r.path);
    Field(&out, "size", r.size);
    Field(&out, "sha256", r.sha256);
    Field(&out, "kind", r.kind);
    out += std::string(",\"gzip\":") + (r.gzip ? "true" : "false");
    Field(&out, "records", r.records);
    Field(&out, "events", r.events);
    Field(&out, "duplicates", r.duplicates);
    Field(&out, "rejected", r.rejected);
    Field(&out, "setAside", r.set_aside);
    Field(&out, "status", r.status);
    Field(&out, "errorCount", r.error_count);
    // errors_json was written by ingest as a JSON array (valid by construction).
    out += ",\"errors\":" + (r.errors_json.empty() ? std::string("[]") : r.errors_json);
    Field(&out, "ingestedAt", FormatIsoTime(r.ingested_at));
    Field(&out, "run", static_cast<uint64_t>(r.run_id));
    if (r.duplicate_of) Field(&out, "duplicateOf", static_cast<uint64_t>(r.duplicate_of));
    auto it = pack_file.find(r.pack);
    if (r.pack && it != pack_file.end()) {
      out += ",\"stored\":{\"pack\":";
      AppendJsonString(&out, it->second);
      out += ",\"offset\":" + std::to_string(r.pack_offset) + "}";
    }
    out += "}";
    if (out.size() >= (1u << 20)) {
      CT_RETURN_IF_ERROR(sink(out));
      out.clear();
    }
    return Status::Ok();
  }));
  out += "\n]}\n";
  return sink(out);
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
    CT_RETURN_IF_ERROR(WriteManifest(c, [&](std::string_view piece) { return f.Append(GzipCompress(piece, 2)); }));
    CT_RETURN_IF_ERROR(f.Sync());
  }
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp.string() + ": " + ec.message());
  return SyncDir(c.dir());
}

}  // namespace credtrace::store
