// credtrace manifest --case DIR [--json]: every evidence file of the case.
#include <cstdio>

#include "cli/cli.h"
#include "cli/util.h"
#include "store/case.h"
#include "store/manifest.h"

namespace credtrace::cli {

namespace {

struct ManifestArgs {
  std::string case_dir;
  bool json = false;
  bool problems = false;
};

int RunManifest(const ManifestArgs& a) {
  auto c = store::Case::Open(a.case_dir, store::CreateIfMissing::kNo);
  if (!c.ok()) return Fail(c.status());
  if (a.json) {
    auto j = store::ManifestJson(**c);
    if (!j.ok()) return Fail(j.status());
    std::printf("%s\n", j->c_str());
    return kExitOk;
  }
  auto sources = (*c)->db().Sources();
  if (!sources.ok()) return Fail(sources.status());
  std::printf("%-6s %-14s %-20s %10s %8s %8s %6s %6s  %-64s  %s\n", "id", "status", "kind", "bytes", "records",
              "events", "dups", "rej", "sha256", "path");
  for (const auto& s : *sources) {
    if (a.problems && (s.status == "ingested" || s.status == "duplicate-file")) continue;
    std::printf("%-6lld %-14s %-20s %10llu %8llu %8llu %6llu %6llu  %-64s  %s\n", static_cast<long long>(s.id),
                s.status.c_str(), s.kind.c_str(), static_cast<unsigned long long>(s.size),
                static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.events),
                static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.rejected),
                s.sha256.c_str(), SafeText(s.path).c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterManifest(CLI::App& app, Runner* run) {
  auto a = std::make_shared<ManifestArgs>();
  auto* sub = app.add_subcommand("manifest", "List the evidence files of a case: path, size, SHA-256, records, status");
  sub->add_option("--case", a->case_dir, "Case directory")->required();
  sub->add_flag("--json", a->json, "The manifest as JSON (schema credtrace.manifest/1)");
  sub->add_flag("--problems", a->problems, "Only files that were not ingested cleanly");
  sub->callback([run, a] { *run = [a] { return RunManifest(*a); }; });
}

}  // namespace credtrace::cli
