#include "respond/execute.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "base/file.h"
#include "base/sha256.h"
#include "base/time.h"
#include "respond/journal.h"
#include "respond/process.h"
#include "respond/render.h"
#include "respond/shell_quote.h"

namespace credtrace::respond {

namespace {

using json = nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool StartsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// The last kilobytes of an error text, for a message on one screen.
std::string Tail(const std::string& s, size_t n = 2000) {
  std::string t = Trim(s);
  return t.size() <= n ? t : "…" + t.substr(t.size() - n);
}

// A "not found" error of the AWS CLI: the item is already gone.
bool LooksGone(const std::string& err) {
  for (const char* k : {"NoSuchEntity", "NotFound", "ResourceNotFoundException", "does not exist"})
    if (err.find(k) != std::string::npos) return true;
  return false;
}

// A private directory (0700) for the policy documents, removed when the run ends.
class PolicyDir {
 public:
  ~PolicyDir() {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  Status Make() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/credtrace-policies.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) return Status::IoError(tmpl + ": mkdtemp failed");
    dir_ = tmpl;
    ::chmod(dir_.c_str(), 0700);
    return Status::Ok();
  }
  Status Write(const PolicyFile& f) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name[0] == '.')
      return Status::InvalidArgument("plan: bad policy file name");
    return WriteFileAtomic(dir_ / f.name, f.text + "\n");
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

// What the journal says about the plan's steps and commands.
struct CommandState {
  enum Kind { kNone, kStarted, kOk, kFailed } kind = kNone;
  std::string capture;  // the captured value of a command that ended well
};
struct JournalState {
  std::map<std::string, std::string> step_status;  // stepHash -> "ok" / "manual-check"
  std::map<std::pair<std::string, size_t>, CommandState> commands;
};

JournalState Scan(const std::vector<json>& entries, const std::string& phase) {
  JournalState st;
  for (const json& e : entries) {
    if (e.value("phase", "") != phase) continue;
    std::string type = e.value("type", ""), sh = e.value("stepHash", "");
    if (type == "step") {
      std::string s = e.value("status", "");
      if (s == "ok" || s == "manual-check") st.step_status[sh] = s;
      continue;
    }
    if (!e.contains("command") || !e["command"].is_number_unsigned()) continue;
    auto& c = st.commands[{sh, e["command"].get<size_t>()}];
    if (type == "start") {
      c = {CommandState::kStarted, ""};
    } else if (type == "end") {
      std::string outcome = e.value("outcome", "");
      if (outcome == "ok" || outcome == "allowed-failure" || outcome == "already-done") {
        c.kind = CommandState::kOk;
        c.capture = e.value("captured", "");
      } else {
        c.kind = CommandState::kFailed;
      }
    } else if (type == "skip") {
      c = {CommandState::kOk, ""};
    }
  }
  return st;
}

// argv as a shell would read it back: words made only of safe characters as they are, the others
// single-quoted (ShellQuote), so the line can be pasted into a shell and shows every byte.
std::string CommandText(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    bool plain = !a.empty();
    for (char c : a)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_./:=,@+-%", c))) plain = false;
    if (!out.empty()) out.push_back(' ');
    out += plain ? a : ShellQuote(a);
  }
  return out;
}

std::string RunId(TimeMs now) {
  std::string t = FormatIsoTime(now / 1000 * 1000);
  std::string id;
  for (char c : t)
    if (c != '-' && c != ':') id.push_back(c);
  return id + "-" + std::to_string(::getpid());
}

}  // namespace

std::string PlanHash(const Plan& plan) {
  json j = PlanToJson(plan);
  j.erase("case");
  return Sha256::HexOf(Dump(j));
}

std::string StepHash(const Plan& plan, size_t i) {
  Plan one;
  one.phase = plan.phase;
  one.steps.push_back(plan.steps[i]);
  return Sha256::HexOf(Dump(PlanToJson(one)["steps"][0]));
}

RerunRule RerunRuleFor(const Command& c) {
  if (c.read_only) return RerunRule::kRerun;
  std::string op = c.argv.size() > 2 ? c.argv[2] : "";
  if (op == "create-tags") return RerunRule::kRerun;
  for (const char* p : {"create-", "copy-", "run-", "allocate-", "import-", "invoke", "start-", "restore-"})
    if (StartsWith(op, p)) return RerunRule::kAsk;
  for (const char* p : {"delete-", "detach-", "remove-", "disassociate-", "revoke-", "deregister-", "terminate-"})
    if (StartsWith(op, p)) return RerunRule::kRerunGone;
  for (const char* p : {"put-", "attach-", "update-", "modify-", "add-", "enable-", "disable-", "tag-", "untag-",
                        "get-", "describe-", "list-", "set-", "reset-"})
    if (StartsWith(op, p)) return RerunRule::kRerun;
  return RerunRule::kAsk;
}

const char* RerunRuleName(RerunRule r) {
  switch (r) {
    case RerunRule::kRerun: return "re-run";
    case RerunRule::kRerunGone: return "re-run, not-found counts as done";
    case RerunRule::kAsk: return "ask (not idempotent)";
  }
  return "?";
}

Result<std::optional<JournalRun>> LatestRun(const std::filesystem::path& journal, Phase phase) {
  auto entries = Journal::Read(journal);
  if (!entries.ok()) return entries.status();
  std::optional<JournalRun> last;
  for (const json& e : *entries)
    if (e.value("type", "") == "run" && e.value("phase", "") == PhaseName(phase))
      last = JournalRun{e.value("run", ""), e.value("planHash", ""), e.value("at", ""), e.value("time", "")};
  return last;
}

Result<ExecuteReport> ExecutePlan(const Plan& plan, const ExecuteOptions& opt) {
  auto print = [&](const std::string& s) {
    if (opt.print) opt.print(s);
  };
  const std::string phase = PhaseName(plan.phase);
  // Containment deletes nothing: a destructive step in a contain plan is a planner bug, and it is
  // refused here, before anything is shown or run.
  if (plan.phase == Phase::kContain)
    for (const Step& s : plan.steps)
      if (s.destructive)
        return Status::InvalidArgument("refusing to execute: the contain plan has a destructive step (" + s.id + ", " +
                                       s.action + "); containment must delete nothing");
  ExecuteReport rep;
  rep.plan_hash = PlanHash(plan);
  rep.steps = plan.steps.size();
  std::vector<std::string> hashes;
  for (size_t i = 0; i < plan.steps.size(); ++i) hashes.push_back(StepHash(plan, i));

  // The journal: locked and repaired when executing, only read for a dry run.
  std::unique_ptr<Journal> journal;
  std::vector<json> entries;
  if (opt.execute) {
    auto j = Journal::Open(opt.journal);
    if (!j.ok()) return j.status();
    journal = std::move(*j);
    entries = journal->entries();
    if (journal->torn_bytes())
      print("journal: cut a torn last line (" + std::to_string(journal->torn_bytes()) +
            " bytes) left by a run that was killed while writing it\n");
  } else {
    auto e = Journal::Read(opt.journal);
    if (!e.ok()) return e.status();
    entries = std::move(*e);
  }
  std::optional<JournalRun> last;
  for (const json& e : entries)
    if (e.value("type", "") == "run" && e.value("phase", "") == phase)
      last = JournalRun{e.value("run", ""), e.value("planHash", ""), e.value("at", ""), e.value("time", "")};
  if (last && last->plan_hash != rep.plan_hash && !opt.new_run) {
    return Status::Aborted("the plan changed since the journal's last " + phase + " run " + last->run_id + " (plan " +
                           last->plan_hash.substr(0, 12) + "…, containment time " + last->at + "; now plan " +
                           rep.plan_hash.substr(0, 12) + "…, time " + plan.at +
                           "): a new investigation or another --at. Not resuming; pass --new-run to carry out the "
                           "new plan (steps identical to completed ones are still not run again)");
  }
  JournalState state = Scan(entries, phase);

  // What is left to do, and the display.
  std::vector<bool> done(plan.steps.size(), false);
  size_t first_pending = plan.steps.size();
  std::string show;
  show += "credtrace " + phase + ": " + std::to_string(plan.steps.size()) + " steps, time " + plan.at + "\n";
  show += "plan sha256 " + rep.plan_hash + "\n";
  show += "journal " + opt.journal.string() + "\n\n";
  show += "| Step | Stage | Action | Target | Destructive | Journal |\n|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    auto it = state.step_status.find(hashes[i]);
    std::string js = "to run";
    if (it != state.step_status.end()) {
      done[i] = true;
      ++rep.done_before;
      js = it->second == "ok" ? "done" : "manual check";
      if (it->second == "manual-check") rep.manual_check.push_back(s.id);
    } else {
      bool started = false, interrupted = false, failed = false;
      for (size_t k = 0; k < s.commands.size(); ++k) {
        auto c = state.commands.find({hashes[i], k});
        if (c == state.commands.end()) continue;
        started = true;
        if (c->second.kind == CommandState::kStarted) interrupted = true;
        if (c->second.kind == CommandState::kFailed) failed = true;
      }
      if (interrupted) js = "interrupted";
      else if (failed) js = "failed, to re-run";
      else if (started) js = "partly done";
      if (first_pending == plan.steps.size()) first_pending = i;
    }
    std::string target;
    for (char c : s.target) target += c == '|' ? std::string("\\|") : c == '\n' ? std::string("\\n") : std::string(1, c);
    show += "| " + s.id + " | " + s.stage + " | " + s.action + " | " + target + " | " + (s.destructive ? "yes" : "no") +
            " | " + js + " |\n";
  }
  std::string tail_args;
  if (!opt.profile.empty()) tail_args += " " + CommandText({"--profile", opt.profile});
  show += "\nCommands, as they will run (policy files are written to a private temporary directory; <…> values "
          "come from the look-up before them):\n\n";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (done[i]) continue;
    const Step& s = plan.steps[i];
    for (const Command& c : s.commands) {
      std::string region = !s.region.empty() ? s.region : opt.region;
      show += "[" + s.id + "] " + CommandText(c.argv) + tail_args +
              (region.empty() ? "" : " " + CommandText({"--region", region})) + "\n";
    }
  }
  if (rep.done_before)
    show += "\n" + std::to_string(rep.done_before) + " step(s) already done in the journal are not run again.\n";
  if (first_pending == plan.steps.size()) {
    show += "\nNothing left to run.\n";
  } else if (rep.done_before || first_pending > 0) {
    show += "\nResuming at " + plan.steps[first_pending].id + ".\n";
  }
  print(show);
  if (!opt.execute) {
    print("\nDry run: nothing was run and the journal was not written. Add --execute to carry out the plan.\n");
    rep.completed = first_pending == plan.steps.size();
    return rep;
  }
  if (first_pending == plan.steps.size()) {
    rep.completed = true;
    return rep;
  }

  if (!opt.yes) {
    std::string expected = rep.plan_hash.substr(rep.plan_hash.size() - 6);
    std::string q = "Carry out the " + phase + " plan against AWS" +
                    (opt.profile.empty() ? std::string() : " with profile " + opt.profile) +
                    "? Type the last 6 characters of the plan hash to proceed: ";
    if (!opt.confirm || !opt.confirm(q, expected)) {
      rep.cancelled = true;
      print("Not confirmed: nothing was run.\n");
      return rep;
    }
  }

  auto aws = FindOnPath(opt.aws);
  if (!aws.ok()) return aws.status();
  PolicyDir pdir;
  bool any_policy = false;
  for (const Step& s : plan.steps) any_policy |= !s.policies.empty();
  if (any_policy) {
    CT_RETURN_IF_ERROR(pdir.Make());
    std::set<std::string> written;
    for (const Step& s : plan.steps)
      for (const PolicyFile& f : s.policies)
        if (written.insert(f.name).second) CT_RETURN_IF_ERROR(pdir.Write(f));
  }

  TimeMs now = NowMs();
  rep.run_id = RunId(now);
  auto base = [&](const char* type) {
    return json{{"type", type}, {"run", rep.run_id}, {"phase", phase}, {"planHash", rep.plan_hash},
                {"time", FormatIsoTime(NowMs())}};
  };
  {
    json r = base("run");
    r["at"] = plan.at;
    r["case"] = plan.case_dir;
    r["aws"] = *aws;
    r["profile"] = opt.profile.empty() ? json(nullptr) : json(opt.profile);
    r["region"] = opt.region.empty() ? json(nullptr) : json(opt.region);
    r["steps"] = plan.steps.size();
    r["newRun"] = opt.new_run;
    CT_RETURN_IF_ERROR(journal->Append(r));
  }
  auto finish = [&](const std::string& status) -> Status {
    json r = base("run-end");
    r["status"] = status;
    return journal->Append(r);
  };

  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (done[i]) continue;
    const Step& s = plan.steps[i];
    const std::string& sh = hashes[i];
    print("\n== " + s.id + ": " + s.title + "\n");
    if (s.commands.empty()) {
      // remove-by-hand and the like: no API call; a person does it.
      print("[" + s.id + "] no command: to be done by hand (" + s.action + ")\n");
      json e = base("step");
      e["step"] = s.id;
      e["stepHash"] = sh;
      e["status"] = "manual-check";
      e["reason"] = "the step has no command";
      CT_RETURN_IF_ERROR(journal->Append(e));
      rep.manual_check.push_back(s.id);
      continue;
    }
    std::map<std::string, std::string> captures;
    bool step_failed = false, manual = false;
    for (size_t k = 0; k < s.commands.size(); ++k) {
      const Command& c = s.commands[k];
      auto prev = state.commands.find({sh, k});
      CommandState::Kind pk = prev == state.commands.end() ? CommandState::kNone : prev->second.kind;
      if (pk == CommandState::kOk) {
        if (!c.capture.empty()) captures[c.capture] = prev->second.capture;
        print("[" + s.id + "] done in an earlier run: " + CommandText(c.argv) + "\n");
        continue;
      }
      bool retry_after_interrupt = pk == CommandState::kStarted;
      RerunRule rule = RerunRuleFor(c);
      if (retry_after_interrupt && rule == RerunRule::kAsk) {
        std::string what = "[" + s.id + "] was interrupted while running " + CommandText(c.argv) +
                           ": it may or may not have taken effect, and it is not safe to run twice";
        bool rerun = false;
        if (!opt.yes && opt.confirm) {
          std::string q = what + ". Check in AWS, then type 'rerun' to run it again, anything else to leave it for a "
                                 "manual check: ";
          rerun = opt.confirm(q, "rerun");
        }
        if (!rerun) {
          print(what + "; left for a manual check (with the rest of the step).\n");
          json e = base("step");
          e["step"] = s.id;
          e["stepHash"] = sh;
          e["status"] = "manual-check";
          e["reason"] = "interrupted at command " + std::to_string(k) + ", which is not idempotent";
          CT_RETURN_IF_ERROR(journal->Append(e));
          rep.manual_check.push_back(s.id);
          manual = true;
          break;
        }
      }
      // Look-ups that found nothing: the dependent command has nothing to act on.
      std::vector<std::string> argv = c.argv;
      std::string missing;
      for (const ArgRef& r : c.refs) {
        if (r.index >= argv.size()) return Status::InvalidArgument("plan: ref index out of argv in " + s.id);
        if (r.kind == "policy") {
          if (!any_policy) return Status::InvalidArgument("plan: " + s.id + " refers to an unknown policy file");
          argv[r.index] = "file://" + pdir.Path(r.name);
        } else if (r.kind == "capture") {
          auto v = captures.find(r.name);
          if (v == captures.end() || v->second.empty() || v->second == "None") missing = r.name;
          else argv[r.index] = v->second;
        } else {
          return Status::InvalidArgument("plan: unknown ref kind in " + s.id);
        }
      }
      if (!missing.empty()) {
        json e = base("skip");
        e["step"] = s.id;
        e["stepHash"] = sh;
        e["command"] = k;
        e["reason"] = "the look-up " + missing + " found nothing";
        CT_RETURN_IF_ERROR(journal->Append(e));
        print("[" + s.id + "] nothing to do for " + CommandText(c.argv) + " (the look-up found nothing)\n");
        rep.warnings.push_back(s.id + ": skipped a command, its look-up found nothing");
        continue;
      }
      if (!opt.profile.empty()) argv.insert(argv.end(), {"--profile", opt.profile});
      std::string region = !s.region.empty() ? s.region : opt.region;
      if (!region.empty()) argv.insert(argv.end(), {"--region", region});
      print("[" + s.id + "] " + CommandText(argv) + "\n");
      {
        json e = base("start");
        e["step"] = s.id;
        e["stepHash"] = sh;
        e["command"] = k;
        e["argv"] = argv;
        e["retry"] = retry_after_interrupt ? "interrupted" : pk == CommandState::kFailed ? "failed" : "";
        CT_RETURN_IF_ERROR(journal->Append(e));
      }
      std::vector<std::string> exec_argv = argv;
      exec_argv[0] = opt.aws;
      auto res = RunProcess(*aws, exec_argv);
      ProcessResult pr;
      std::string run_error;
      if (res.ok()) pr = std::move(*res);
      else run_error = res.status().message();
      bool ok = run_error.empty() && pr.signal == 0 && pr.exit_status == 0;
      std::string outcome = ok ? "ok" : "failed";
      if (!ok && c.may_fail) outcome = "allowed-failure";
      else if (!ok && retry_after_interrupt && rule == RerunRule::kRerunGone && LooksGone(pr.err)) outcome = "already-done";
      std::string captured;
      if (ok && !c.capture.empty()) captured = Trim(pr.out);
      {
        json e = base("end");
        e["step"] = s.id;
        e["stepHash"] = sh;
        e["command"] = k;
        e["exit"] = pr.signal ? json(nullptr) : json(pr.exit_status);
        if (pr.signal) e["signal"] = pr.signal;
        if (!run_error.empty()) e["error"] = run_error;
        e["outcome"] = outcome;
        e["stdout"] = pr.out;
        e["stderr"] = pr.err;
        if (pr.out_truncated) e["stdoutNote"] = "truncated: first " + std::to_string(pr.out.size()) + " of " + std::to_string(pr.out_bytes) + " bytes kept";
        if (pr.err_truncated) e["stderrNote"] = "truncated: first " + std::to_string(pr.err.size()) + " of " + std::to_string(pr.err_bytes) + " bytes kept";
        if (!c.capture.empty() && ok) {
          e["capture"] = c.capture;
          e["captured"] = captured;
        }
        CT_RETURN_IF_ERROR(journal->Append(e));
      }
      if (!c.capture.empty() && ok) captures[c.capture] = captured;
      std::string status_text = !run_error.empty() ? run_error
                                : pr.signal ? "killed by signal " + std::to_string(pr.signal)
                                            : "exit status " + std::to_string(pr.exit_status);
      if (outcome == "allowed-failure") {
        std::string w = s.id + ": " + CommandText(c.argv) + " failed (" + status_text + "), allowed: the item may already "
                        "be gone: " + Tail(pr.err, 300);
        print("[" + s.id + "] warning: " + w + "\n");
        rep.warnings.push_back(w);
      } else if (outcome == "already-done") {
        std::string w = s.id + ": " + CommandText(c.argv) + " was interrupted earlier; now AWS says the item is gone, "
                        "so the earlier run did it: " + Tail(pr.err, 300);
        print("[" + s.id + "] " + w + "\n");
        rep.warnings.push_back(w);
      } else if (!ok) {
        rep.failed_step = s.id;
        rep.failure = "step " + s.id + " (" + s.action + " on " + s.target + ") failed: " + CommandText(argv) + ": " +
                      status_text + (pr.err.empty() ? "" : ": " + Tail(pr.err));
        step_failed = true;
        break;
      }
    }
    if (manual) continue;
    json e = base("step");
    e["step"] = s.id;
    e["stepHash"] = sh;
    e["status"] = step_failed ? "failed" : "ok";
    e["action"] = s.action;
    e["credentials"] = s.credentials;  // what this step contained (credtrace verify reads it)
    CT_RETURN_IF_ERROR(journal->Append(e));
    if (step_failed) {
      CT_RETURN_IF_ERROR(finish("failed"));
      print("\n" + rep.failure + "\nThe run stopped here. Fix the cause and run the same command again: it resumes at " +
            s.id + " and does not repeat the steps before it.\n");
      return rep;
    }
    ++rep.ran;
  }
  CT_RETURN_IF_ERROR(finish("completed"));
  rep.completed = true;
  return rep;
}

}  // namespace credtrace::respond
