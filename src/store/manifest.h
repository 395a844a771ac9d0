// The manifest: every source of the case (path, size, SHA-256, kind, records, status, errors)
// as JSON. The case database is the truth; manifest.json.gz in the case directory is rewritten
// from it after every ingest so that a person or another tool can read it without SQLite
// (`zcat manifest.json.gz | jq`).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/case.h"

namespace credtrace::store {

inline constexpr const char* kManifestSchema = "credtrace.manifest/1";
// manifest.json.gz is written in pieces of about this many bytes of JSON, each one gzip member
// (concatenated members are one valid gzip stream), at this ISA-L level.
inline constexpr size_t kManifestPiece = size_t{1} << 20;
inline constexpr int kManifestGzipLevel = 2;
// The document is ManifestHead(), then the sources in id order, each "\n" + its object, joined
// by commas, then kManifestTail.
std::string ManifestHead();
inline constexpr std::string_view kManifestTail = "\n]}\n";
// Pack id -> "evidence/<file>", for the sources' "stored".
using ManifestPackFiles = std::unordered_map<int64_t, std::string>;
ManifestPackFiles ManifestPackFilesOf(const std::vector<PackRecord>& packs);
// Appends the JSON object of one source.
void AppendManifestSource(const SourceRecord& r, const ManifestPackFiles& packs, std::string* out);

// The whole manifest as one string (for `credtrace manifest --json` and tests).
Result<std::string> ManifestJson(Case& c);
// Streams the manifest to `sink` in pieces of about a megabyte, sources read one at a time.
Status WriteManifest(Case& c, const std::function<Status(std::string_view)>& sink);
// Writes manifest.json.gz (atomically), in constant memory: each piece becomes one gzip member
// (concatenated members are one valid gzip stream).
Status WriteManifestFile(Case& c);

}  // namespace credtrace::store
