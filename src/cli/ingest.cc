#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterIngest(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("ingest", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace ingest: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
