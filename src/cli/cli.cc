#include "cli/cli.h"

#include "cli/custody_hook.h"

#include <cstdio>
#include <vector>

namespace credtrace::cli {

int Run(int argc, char** argv) {
  CLI::App app{"credtrace: respond to leaked or compromised AWS credentials, from the evidence to the report"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("credtrace ") + CREDTRACE_VERSION);
  std::vector<Runner> runners(16);
  size_t i = 0;
  RegisterIngest(app, &runners[i++]);
  RegisterSearch(app, &runners[i++]);
  RegisterShow(app, &runners[i++]);
  RegisterStats(app, &runners[i++]);
  RegisterManifest(app, &runners[i++]);
  RegisterInvestigate(app, &runners[i++]);
  RegisterSimulate(app, &runners[i++]);
  RegisterPlan(app, &runners[i++]);
  RegisterVerify(app, &runners[i++]);
  RegisterExecute(app, &runners[i++]);
  RegisterCase(app, &runners[i++]);
  RegisterRunbook(app, &runners[i++]);
  RegisterReport(app, &runners[i++]);
  RegisterTimeline(app, &runners[i++]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  for (size_t k = 0; k < i; ++k) {
    // The runner of the chosen subcommand is the one that was set by its callback.
    if (!runners[k]) continue;
    CommandRecorder recorder(CaseOfCommand(app), argc, argv);
    int rc = runners[k]();
    recorder.Finish(rc);
    return rc;
  }
  return kExitUsage;
}

}  // namespace credtrace::cli
