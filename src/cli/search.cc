#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterSearch(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("search", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace search: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
