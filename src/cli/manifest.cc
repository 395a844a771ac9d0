#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterManifest(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("manifest", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace manifest: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
