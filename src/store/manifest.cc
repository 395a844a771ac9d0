#include "store/manifest.h"

#include <nlohmann/json.hpp>

#include "base/file.h"

namespace credtrace::store {

Result<std::string> ManifestJson(Case& c) {
  CT_ASSIGN_OR_RETURN(std::vector<SourceRecord> sources, c.db().Sources());
  CT_ASSIGN_OR_RETURN(std::vector<PackRecord> packs, c.db().Packs());
  nlohmann::json j;
  j["schema"] = kManifestSchema;
  nlohmann::json arr = nlohmann::json::array();
  for (const SourceRecord& r : sources) {
    nlohmann::json s = {{"id", r.id},
                        {"path", r.path},
                        {"size", r.size},
                        {"sha256", r.sha256},
                        {"kind", r.kind},
                        {"gzip", r.gzip},
                        {"records", r.records},
                        {"events", r.events},
                        {"duplicates", r.duplicates},
                        {"rejected", r.rejected},
                        {"setAside", r.set_aside},
                        {"status", r.status},
                        {"errorCount", r.error_count},
                        {"ingestedAt", FormatIsoTime(r.ingested_at)},
                        {"run", r.run_id}};
    auto errs = nlohmann::json::parse(r.errors_json, nullptr, false);
    s["errors"] = errs.is_discarded() ? nlohmann::json::array() : errs;
    if (r.duplicate_of) s["duplicateOf"] = r.duplicate_of;
    if (r.pack) {
      for (const PackRecord& p : packs)
        if (p.id == r.pack) s["stored"] = {{"pack", "evidence/" + p.file}, {"offset", r.pack_offset}};
    }
    arr.push_back(std::move(s));
  }
  j["sources"] = std::move(arr);
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status WriteManifestFile(Case& c) {
  CT_ASSIGN_OR_RETURN(std::string text, ManifestJson(c));
  return WriteFileAtomic(c.dir() / "manifest.json", text + "\n");
}

}  // namespace credtrace::store
