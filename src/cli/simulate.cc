#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterSimulate(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("simulate", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace simulate: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
