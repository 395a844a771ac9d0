// The manifest: every source of the case (path, size, SHA-256, kind, records, status, errors)
// as JSON. The case database is the truth; manifest.json.gz in the case directory is rewritten
// from it after every ingest so that a person or another tool can read it without SQLite
// (`zcat manifest.json.gz | jq`).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/case.h"

namespace credtrace::store {

inline constexpr const char* kManifestSchema = "credtrace.manifest/1";

// The whole manifest as one string (for `credtrace manifest --json` and tests).
Result<std::string> ManifestJson(Case& c);
// Streams the manifest to `sink` in pieces of about a megabyte, sources read one at a time.
Status WriteManifest(Case& c, const std::function<Status(std::string_view)>& sink);
// Writes manifest.json.gz (atomically), in constant memory: each piece becomes one gzip member
// (concatenated members are one valid gzip stream).
Status WriteManifestFile(Case& c);

}  // namespace credtrace::store
