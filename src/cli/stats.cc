#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterStats(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("stats", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace stats: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
