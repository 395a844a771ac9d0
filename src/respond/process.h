// Running one program without a shell: fork/exec of an argv vector, standard input from /dev/null,
// the environment passed through, standard output and error captured up to a bound each. Used by
// the plan executor (execute.h) to call the AWS CLI; no argument is ever interpreted.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace credtrace::respond {

inline constexpr size_t kMaxCapturedOutput = 1u << 20;  // per stream, per command

struct ProcessResult {
  int exit_status = -1;  // the exit status, or -1 when killed by a signal
  int signal = 0;        // the signal that ended it, or 0
  std::string out, err;  // the first `max_output` bytes of each stream
  bool out_truncated = false, err_truncated = false;
  uint64_t out_bytes = 0, err_bytes = 0;  // bytes the program wrote to each stream in all
};

// The full path of `name` found on PATH (an executable regular file), or kNotFound. A name with a
// '/' is taken as it is.
Result<std::string> FindOnPath(const std::string& name);

// Runs argv[0] = `program` (a path) with arguments argv[1..], waits for it and returns what it
// wrote. Output past `max_output` bytes per stream is read and dropped (the program never blocks
// on a full pipe). Fails only when the program cannot be started.
Result<ProcessResult> RunProcess(const std::string& program, const std::vector<std::string>& argv,
                                 size_t max_output = kMaxCapturedOutput);

}  // namespace credtrace::respond
