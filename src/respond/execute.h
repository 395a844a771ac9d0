// Carrying out a plan (contain, eradicate, recover: any Plan) through the AWS CLI, one command at a
// time, with the case journal (journal.h) written before and after each command so that an
// interrupted run resumes where it stopped and a completed step is never run twice. The rules are
// in docs/RESPONSE.md ("Executing a plan"); the journal's entries in docs/CASE_FORMAT.md.
//
// Commands run as argv vectors (process.h: fork/exec, no shell); the values from the logs reach
// `aws` byte for byte as single arguments.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "respond/plan.h"

namespace credtrace::respond {

// SHA-256 (hex) of the plan's credtrace.plan/1 JSON (compact dump) without its `case` field (the
// same case can be named by several paths). Ties a journal run to the plan it carried out.
std::string PlanHash(const Plan& plan);
// SHA-256 (hex) of one step's JSON as in the plan document. A step whose hash has a successful end
// in the journal is done, in this run or an earlier one.
std::string StepHash(const Plan& plan, size_t step_index);

// What may be done with a command that was started and never recorded as ended (the executor was
// killed while it ran: it may or may not have taken effect).
enum class RerunRule {
  kRerun,       // idempotent (put, attach, update, deactivate, modify, read-only look-ups): run it again
  kRerunGone,   // runs again; "not found" errors then mean the first run did it (delete, detach, remove)
  kAsk,         // not idempotent (creating snapshots, security groups): a person must check
};
RerunRule RerunRuleFor(const Command& c);
const char* RerunRuleName(RerunRule r);

// The latest run of `phase` in the journal, if any: for re-using its containment time on resume.
struct JournalRun {
  std::string run_id, plan_hash, at, started;
};
Result<std::optional<JournalRun>> LatestRun(const std::filesystem::path& journal, Phase phase);

struct ExecuteOptions {
  bool execute = false;   // false: a dry run (prints, reads the journal, runs and writes nothing)
  std::string profile;    // appended as --profile P to every command when set
  std::string region;     // appended as --region R to commands whose step has no region of its own
  bool yes = false;       // no confirmation; interrupted steps that cannot be re-run are skipped and reported
  bool new_run = false;   // run although the journal's latest run of the phase carried out another plan
  std::string aws = "aws";  // looked up on PATH
  std::filesystem::path journal;  // <case>/journal.jsonl
  // Shows text to the person (progress, the plan, warnings). Text from the plan is raw: the caller
  // makes it safe for its terminal.
  std::function<void(const std::string&)> print;
  // Asks for confirmation; returns true to go on. `question` says what to type. Not called with
  // `yes`. Unset: refused.
  std::function<bool(const std::string& question, const std::string& expected)> confirm;
};

struct ExecuteReport {
  std::string run_id;     // empty for a dry run
  std::string plan_hash;
  size_t steps = 0;
  size_t done_before = 0;  // steps already done by an earlier run (not run again)
  size_t ran = 0;          // steps completed by this run
  std::vector<std::string> warnings;      // mayFail failures, already-gone items, skipped look-ups
  std::vector<std::string> manual_check;  // steps interrupted that were not re-run: check by hand
  bool completed = false;  // every step is done (or marked for a manual check)
  bool cancelled = false;  // the person did not confirm
  std::string failed_step;  // the step that stopped the run, if one did
  std::string failure;      // its command, exit status and AWS error text
};

// Shows the plan and the journal's state, asks, then runs the steps not done yet. A failing
// command (not mayFail) stops the run: the report names it; the Status is ok. The Status is an
// error when nothing could be run: a contain plan with a destructive step, a journal whose latest
// run carried out a different plan (without new_run), a journal that cannot be opened, no `aws`.
Result<ExecuteReport> ExecutePlan(const Plan& plan, const ExecuteOptions& opt);

}  // namespace credtrace::respond
