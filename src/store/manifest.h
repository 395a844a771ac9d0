// The manifest: every source of the case (path, size, SHA-256, kind, records, status, errors)
// as JSON. The case database is the truth; manifest.json.gz in the case directory is rewritten
// from it after every ingest so that a person or another tool can read it without SQLite
// (`zcat manifest.json.gz | jq`).
#pragma once

#include <string>

#include "base/status.h"
#include "store/case.h"

namespace credtrace::store {

inline constexpr const char* kManifestSchema = "credtrace.manifest/1";

Result<std::string> ManifestJson(Case& c);
Status WriteManifestFile(Case& c);

}  // namespace credtrace::store
