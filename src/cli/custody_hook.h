// Every command run against a case goes into its chain of custody (docs/CASEFILE.md): a
// "command" entry before it runs (its argv, working directory, process, credtrace version) and a
// "command-end" entry with its exit status and duration. A command that creates the case (ingest,
// case init) is recorded once it exists. Journal lines the executor wrote are recorded too
// (CaseFile::SyncJournal), so a killed executor's actions are caught up by the next command.
// Recording never stops a command: a case on a read-only copy gets a warning on stderr.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace credtrace::casefile {
class CaseFile;
}

namespace credtrace::cli {

// The case directory the parsed command works on (its --case, or case init's DIR), or "".
std::string CaseOfCommand(CLI::App& app);

class CommandRecorder {
 public:
  CommandRecorder(std::string case_dir, int argc, char** argv);
  ~CommandRecorder();
  // Records the end of the command (and its start, when the case did not exist before it).
  void Finish(int exit_code);

 private:
  void Warn(const std::string& what) const;
  std::string case_dir_;
  std::vector<std::string> argv_;
  int64_t start_seq_ = 0;
  int64_t started_ms_ = 0;
};

}  // namespace credtrace::cli
