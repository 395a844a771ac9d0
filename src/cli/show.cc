#include "cli/cli.h"

#include <cstdio>

namespace credtrace::cli {

void RegisterShow(CLI::App& app, Runner* run) {
  auto* sub = app.add_subcommand("show", "(not built yet)");
  sub->callback([run] {
    *run = [] {
      std::fprintf(stderr, "credtrace show: not built yet\n");
      return kExitError;
    };
  });
}

}  // namespace credtrace::cli
