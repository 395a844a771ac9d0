// credtrace case export: the case packed into one tar archive a responder can hand over (to
// legal, to the application team's CMDB entry, to a second opinion): the case directory as it
// is committed (so that `tar xf` gives a case credtrace opens), the report in HTML and JSON, the
// chain of custody as JSON lines, the original evidence files' hashes, and SHA256SUMS for every
// member (`sha256sum -c SHA256SUMS` checks the unpacked archive). Written with libarchive (pax
// format) to a temporary file and renamed, so an interrupted export leaves no half archive.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "base/status.h"
#include "casefile/case_file.h"

namespace credtrace::report {

struct ExportOptions {
  std::filesystem::path out;         // the .tar to write
  std::string report_html, report_json;  // the report to include (already rendered)
  std::function<void(uint64_t, uint64_t)> progress;  // bytes written, bytes to write
};

struct ExportSummary {
  uint64_t files = 0, bytes = 0;
  std::string sha256;  // of the archive
};

// Only committed bytes are packed: an evidence pack's tail that an ingest running now has not
// committed, and segments not yet in the database, are left out. The case database is copied
// with VACUUM INTO (a consistent snapshot even while another process writes).
Result<ExportSummary> ExportCase(casefile::CaseFile& cf, const ExportOptions& opt);

}  // namespace credtrace::report
