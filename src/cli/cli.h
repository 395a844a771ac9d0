// The command-line interface: one subcommand a file; maps library errors to messages and exit
// codes. The only layer that prints or exits.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace credtrace::cli {

// Exit codes (docs/CLI.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;       // the command failed
inline constexpr int kExitUsage = 2;       // bad flags or a bad query
inline constexpr int kExitRejected = 3;    // done, but some input was rejected (see the summary)
inline constexpr int kExitFound = 4;       // verify/hunt: something was found that needs action

// Each subcommand file defines one of these. It adds its subcommand to `app` and stores in
// *run the function that executes it after parsing; that function returns the exit code.
using Runner = std::function<int()>;
void RegisterIngest(CLI::App& app, Runner* run);
void RegisterSearch(CLI::App& app, Runner* run);
void RegisterShow(CLI::App& app, Runner* run);
void RegisterStats(CLI::App& app, Runner* run);
void RegisterManifest(CLI::App& app, Runner* run);
void RegisterSimulate(CLI::App& app, Runner* run);
void RegisterInvestigate(CLI::App& app, Runner* run);
void RegisterPlan(CLI::App& app, Runner* run);
void RegisterVerify(CLI::App& app, Runner* run);
void RegisterExecute(CLI::App& app, Runner* run);  // contain, eradicate, recover (execute.cc)
void RegisterCase(CLI::App& app, Runner* run);     // case init|set|show|note|notes|notified|stakeholders|custody|verify|export
void RegisterRunbook(CLI::App& app, Runner* run);
void RegisterReport(CLI::App& app, Runner* run);
void RegisterTimeline(CLI::App& app, Runner* run);

int Run(int argc, char** argv);

}  // namespace credtrace::cli
