#include "respond/render.h"

#include <set>

#include "respond/shell_quote.h"

namespace credtrace::respond {

namespace {

using json = nlohmann::json;

// For Markdown: a value inside a fenced block cannot end the fence; outside, newlines would
// break the layout: they are shown as \n.
std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out.push_back(c);
  }
  return out;
}

std::string CommandLine(const Command& c) {
  // The same quoting the script uses, so the line can be pasted into a shell as is.
  std::vector<std::string> argv = c.argv;
  return ShellJoin(argv);
}

json CommandJson(const Command& c) {
  json refs = json::array();
  for (const ArgRef& r : c.refs) refs.push_back({{"index", r.index}, {"kind", r.kind}, {"name", r.name}});
  return {{"argv", c.argv}, {"refs", refs}, {"capture", c.capture.empty() ? json(nullptr) : json(c.capture)},
          {"readOnly", c.read_only}, {"mayFail", c.may_fail}};
}

}  // namespace

std::string RenderMarkdown(const Plan& p) {
  std::string o;
  std::string phase = PhaseName(p.phase);
  o += "# " + std::string(p.phase == Phase::kContain ? "Containment" : p.phase == Phase::kEradicate ? "Eradication" : "Recovery") + " plan\n\n";
  o += "- Case: `" + OneLine(p.case_dir) + "`\n";
  o += "- Time: " + p.at + (p.phase == Phase::kContain ? " (sessions issued before it are revoked)" : "") + "\n";
  o += "- From: " + OneLine(p.investigation) + "\n";
  o += "- Steps: " + std::to_string(p.steps.size()) + " (" ;
  int destructive = 0;
  for (const Step& s : p.steps) destructive += s.destructive;
  o += std::to_string(destructive) + " destructive), manual steps: " + std::to_string(p.manual.size()) + "\n\n";
  o += "Values from the logs (names, IDs) were written by the attacker: they are shown as data, quoted in the "
       "commands. Nothing here has been run. `credtrace plan " + phase + " --format sh` writes the script.\n\n";
  o += "## Order\n\n";
  for (const std::string& s : p.order) o += "- " + s + "\n";
  if (!p.warnings.empty()) {
    o += "\n## Warnings\n\n";
    for (const std::string& w : p.warnings) o += "- " + OneLine(w) + "\n";
  }
  o += "\n## Summary\n\n| Step | Stage | Action | Target | Destructive |\n|---|---|---|---|---|\n";
  auto cell = [](const std::string& s) {
    std::string out;
    for (char c : OneLine(s)) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  for (const Step& s : p.steps)
    o += "| " + s.id + " | " + s.stage + " | " + s.action + " | " + cell(s.target) + " | " + (s.destructive ? "yes" : "no") + " |\n";
  o += "\n## Steps\n";
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    o += "\n### " + std::to_string(i + 1) + ". " + s.id + ": " + OneLine(s.title) + "\n\n";
    o += "- Action: `" + s.action + "` on " + s.target_type + " `" + OneLine(s.target) + "`";
    o += " (account " + (s.account.empty() ? std::string("unknown") : s.account) +
         (s.region.empty() ? std::string("") : ", region " + OneLine(s.region)) + ")\n";
    if (s.destructive) o += "- **Destructive**: it deletes or terminates; it cannot be undone.\n";
    o += "- Why: " + OneLine(s.reason) + "\n";
    if (!s.evidence.empty()) {
      o += "- Evidence:";
      for (const std::string& e : s.evidence) o += " `" + OneLine(e) + "`";
      o += "\n";
    }
    if (!s.credentials.empty()) {
      o += "- Credentials contained (" + std::to_string(s.credentials.size()) + "):";
      for (size_t k = 0; k < s.credentials.size() && k < 8; ++k) o += " `" + OneLine(s.credentials[k]) + "`";
      if (s.credentials.size() > 8) o += " …";
      o += "\n";
    }
    o += "- Blast radius: " + OneLine(s.blast_radius) + "\n";
    for (const std::string& pf : s.preserve_first) o += "- Preserve first: " + OneLine(pf) + "\n";
    if (!s.commands.empty()) {
      o += "\nCommands:\n\n```sh\n";
      for (const Command& c : s.commands) o += CommandLine(c) + (c.read_only ? "   # read-only" : "") + "\n";
      o += "```\n";
    }
    for (const PolicyFile& f : s.policies) o += "\nPolicy `" + f.name + "`:\n\n```json\n" + f.text + "\n```\n";
    if (!s.undo.empty()) {
      o += "\nUndo:\n\n```sh\n";
      for (const Command& c : s.undo) o += CommandLine(c) + "\n";
      o += "```\n";
    }
    if (!s.undo_note.empty()) o += "\nUndo: " + OneLine(s.undo_note) + "\n";
  }
  o += "\n## Manual steps\n";
  for (const ManualStep& m : p.manual) {
    o += "\n- **" + m.id + ": " + OneLine(m.title) + "**. " + OneLine(m.detail);
    if (!m.evidence.empty()) {
      o += " Evidence:";
      for (const std::string& e : m.evidence) o += " `" + OneLine(e) + "`";
    }
    o += "\n";
  }
  return o;
}

json PlanToJson(const Plan& p) {
  json steps = json::array();
  for (const Step& s : p.steps) {
    json cmds = json::array(), undo = json::array(), pols = json::array();
    for (const Command& c : s.commands) cmds.push_back(CommandJson(c));
    for (const Command& c : s.undo) undo.push_back(CommandJson(c));
    for (const PolicyFile& f : s.policies) pols.push_back({{"name", f.name}, {"document", f.text}});
    steps.push_back({{"id", s.id},
                     {"phase", PhaseName(s.phase)},
                     {"stage", s.stage},
                     {"action", s.action},
                     {"target", s.target},
                     {"targetType", s.target_type},
                     {"account", s.account.empty() ? json(nullptr) : json(s.account)},
                     {"region", s.region.empty() ? json(nullptr) : json(s.region)},
                     {"title", s.title},
                     {"reason", s.reason},
                     {"evidence", s.evidence},
                     {"credentials", s.credentials},
                     {"blastRadius", s.blast_radius},
                     {"preserveFirst", s.preserve_first},
                     {"commands", cmds},
                     {"undo", undo},
                     {"undoNote", s.undo_note.empty() ? json(nullptr) : json(s.undo_note)},
                     {"destructive", s.destructive},
                     {"policies", pols}});
  }
  json manual = json::array();
  for (const ManualStep& m : p.manual)
    manual.push_back({{"id", m.id}, {"title", m.title}, {"detail", m.detail}, {"evidence", m.evidence}});
  return {{"schema", kPlanSchema}, {"phase", PhaseName(p.phase)}, {"case", p.case_dir}, {"at", p.at},
          {"investigation", p.investigation}, {"order", p.order}, {"warnings", p.warnings},
          {"steps", steps}, {"manual", manual}};
}

namespace {

Status Need(bool ok, const std::string& what) {
  return ok ? Status::Ok() : Status::InvalidArgument("plan: " + what);
}

Result<Command> CommandFrom(const json& j) {
  Command c;
  CT_RETURN_IF_ERROR(Need(j.is_object() && j.contains("argv") && j["argv"].is_array(), "command without argv[]"));
  for (const json& a : j["argv"]) {
    CT_RETURN_IF_ERROR(Need(a.is_string(), "argv element is not a string"));
    c.argv.push_back(a.get<std::string>());
  }
  if (j.contains("refs") && j["refs"].is_array())
    for (const json& r : j["refs"]) {
      CT_RETURN_IF_ERROR(Need(r.is_object() && r.value("index", json()).is_number_unsigned() &&
                                  r.value("kind", json()).is_string() && r.value("name", json()).is_string(),
                              "bad refs[] entry"));
      ArgRef ref{r["index"].get<size_t>(), r["kind"].get<std::string>(), r["name"].get<std::string>()};
      CT_RETURN_IF_ERROR(Need(ref.index < c.argv.size(), "refs[] index out of argv"));
      c.refs.push_back(ref);
    }
  if (j.contains("capture") && j["capture"].is_string()) c.capture = j["capture"].get<std::string>();
  c.read_only = j.value("readOnly", false);
  c.may_fail = j.value("mayFail", false);
  return c;
}

std::string S(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> V(const json& j, const char* k) {
  std::vector<std::string> out;
  auto it = j.find(k);
  if (it == j.end() || !it->is_array()) return out;
  for (const json& x : *it)
    if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

}  // namespace

Result<Plan> PlanFromJson(const json& d) {
  CT_RETURN_IF_ERROR(Need(d.is_object() && S(d, "schema") == kPlanSchema, "schema is not credtrace.plan/1"));
  Plan p;
  std::string phase = S(d, "phase");
  CT_RETURN_IF_ERROR(Need(phase == "contain" || phase == "eradicate", "phase is not contain or eradicate"));
  p.phase = phase == "contain" ? Phase::kContain : phase == "recover" ? Phase::kRecover : Phase::kEradicate;
  p.case_dir = S(d, "case");
  p.at = S(d, "at");
  p.investigation = S(d, "investigation");
  p.order = V(d, "order");
  p.warnings = V(d, "warnings");
  CT_RETURN_IF_ERROR(Need(d.contains("steps") && d["steps"].is_array(), "no steps[]"));
  try {
    for (const json& j : d["steps"]) {
      CT_RETURN_IF_ERROR(Need(j.is_object(), "step is not an object"));
      Step s;
      s.id = S(j, "id");
      s.phase = S(j, "phase") == "eradicate" ? Phase::kEradicate : S(j, "phase") == "recover" ? Phase::kRecover : Phase::kContain;
      s.stage = S(j, "stage");
      s.action = S(j, "action");
      s.target = S(j, "target");
      s.target_type = S(j, "targetType");
      s.account = S(j, "account");
      s.region = S(j, "region");
      s.title = S(j, "title");
      s.reason = S(j, "reason");
      s.evidence = V(j, "evidence");
      s.credentials = V(j, "credentials");
      s.blast_radius = S(j, "blastRadius");
      s.preserve_first = V(j, "preserveFirst");
      s.undo_note = S(j, "undoNote");
      s.destructive = j.value("destructive", false);
      for (const char* k : {"commands", "undo"}) {
        if (!j.contains(k) || !j[k].is_array()) continue;
        for (const json& c : j[k]) {
          auto cmd = CommandFrom(c);
          if (!cmd.ok()) return cmd.status();
          (std::string(k) == "commands" ? s.commands : s.undo).push_back(std::move(*cmd));
        }
      }
      if (j.contains("policies") && j["policies"].is_array())
        for (const json& f : j["policies"]) s.policies.push_back({S(f, "name"), S(f, "document")});
      p.steps.push_back(std::move(s));
    }
    if (d.contains("manual") && d["manual"].is_array())
      for (const json& m : d["manual"]) p.manual.push_back({S(m, "id"), S(m, "title"), S(m, "detail"), V(m, "evidence")});
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("plan: ") + e.what());
  }
  return p;
}

// The script. Everything that varies with the investigation is emitted through ShellQuote as a
// single word; the only unquoted text is the script's own fixed code and identifiers the planner
// made (capture variables [a-z0-9_], policy file names [a-z0-9.-]).
std::string RenderScript(const Plan& p) {
  std::string phase = PhaseName(p.phase);
  std::string o;
  o += "#!/usr/bin/env bash\n";
  o += "# credtrace " + phase + " plan (" + std::string(kPlanSchema) + "), containment time " + p.at + ".\n";
  o += "# Generated from the investigation; every value from the logs is quoted as data.\n";
  o += "# Prints the commands; runs them only with --execute. Each command and its result go to the log.\n";
  // SC2016 says "expressions don't expand in single quotes": that is the point here.
  o += "# shellcheck disable=SC2016 # values from the logs must never expand\n";
  o += R"SH(set -euo pipefail

usage() {
  cat <<'USAGE'
usage: script [--execute] [--profile P] [--region R] [--account-profile ACCOUNT=PROFILE]... [--log FILE]
  --execute            run the commands (default: print them only)
  --profile P          AWS CLI profile (default: $AWS_PROFILE)
  --region R           region for commands without their own (default: $AWS_REGION / $AWS_DEFAULT_REGION)
  --account-profile    profile to use for the steps of one account (repeatable)
  --log FILE           log file (default: credtrace-PHASE-<time>.log in the current directory)
USAGE
}

EXECUTE=0
PROFILE="${AWS_PROFILE:-}"
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
declare -A ACCOUNT_PROFILE=()
)SH";
  o += "LOG=\"credtrace-" + phase + "-$(date -u +%Y%m%dT%H%M%SZ).log\"\n";
  o += R"SH(while [ "$#" -gt 0 ]; do
  case "$1" in
    --execute) EXECUTE=1; shift ;;
    --profile) PROFILE="${2:?--profile needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --account-profile)
      ap="${2:?--account-profile needs ACCOUNT=PROFILE}"
      ACCOUNT_PROFILE["${ap%%=*}"]="${ap#*=}"; shift 2 ;;
    --log) LOG="${2:?--log needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'unknown argument: %s\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done

POLICY_DIR="$(mktemp -d "${TMPDIR:-/tmp}/credtrace-policies.XXXXXX")"
trap 'rm -rf -- "$POLICY_DIR"' EXIT

# Prints a word as the shell would read it back (single quotes), for the log and the screen.
q() {
  local s=${1//\'/\'\\\'\'}
  printf "'%s'" "$s"
}

log() {
  printf '%s\n' "$*" >>"$LOG"
}

# run STEP ACCOUNT REGION CAPTURE MAYFAIL -- ARGV...
# Adds --profile and --region, prints the command, and with --execute runs it, logging its output
# and exit status. CAPTURE names the variable that receives the output ("-" for none).
run() {
  local step="$1" account="$2" region="$3" capture="$4" mayfail="$5"
  shift 6
  local -a cmd=("$@")
  local profile="$PROFILE"
  if [ -n "$account" ] && [ -n "${ACCOUNT_PROFILE[$account]+set}" ]; then
    profile="${ACCOUNT_PROFILE[$account]}"
  fi
  if [ -n "$profile" ]; then cmd+=(--profile "$profile"); fi
  if [ -n "$region" ]; then cmd+=(--region "$region"); elif [ -n "$REGION" ]; then cmd+=(--region "$REGION"); fi
  local line="" w
  for w in "${cmd[@]}"; do line+="$(q "$w") "; done
  printf '[%s] %s\n' "$step" "$line"
  log "$(date -u +%Y-%m-%dT%H:%M:%SZ) [$step] $line"
  if [ "$EXECUTE" != 1 ]; then
    return 0
  fi
  local out rc=0
  out="$("${cmd[@]}" 2>&1)" || rc=$?
  log "$out"
  log "$(date -u +%Y-%m-%dT%H:%M:%SZ) [$step] exit status $rc"
  if [ "$rc" -ne 0 ]; then
    if [ "$mayfail" = 1 ]; then
      printf '[%s] failed with status %s (allowed: the item may already be gone)\n' "$step" "$rc" >&2
      return 0
    fi
    printf '[%s] failed with status %s; stopping. See %s\n' "$step" "$rc" "$LOG" >&2
    exit 1
  fi
  if [ "$capture" != "-" ]; then
    out="${out%%[[:space:]]}"
    printf -v "$capture" '%s' "$out"
  fi
}

# skip_if_none VALUE: true when a looked-up value is empty or "None" (nothing to act on).
skip_if_none() {
  [ -z "$1" ] || [ "$1" = "None" ]
}

)SH";
  o += "log " + ShellQuote("credtrace " + phase + " plan, containment time " + p.at + ", case " + p.case_dir) + "\n";
  o += "if [ \"$EXECUTE\" != 1 ]; then printf '%s\\n' 'Print only: nothing is run. Add --execute to run the commands.'; fi\n\n";
  // Policy documents.
  std::set<std::string> written;
  for (const Step& s : p.steps)
    for (const PolicyFile& f : s.policies) {
      if (!written.insert(f.name).second) continue;
      o += "printf '%s\\n' " + ShellQuote(f.text) + " >\"$POLICY_DIR/\"" + ShellQuote(f.name) + "\n";
    }
  o += "\n";
  for (const Step& s : p.steps) {
    std::string title;
    for (char c : s.title) title.push_back(c == '\n' || c == '\r' ? ' ' : c);
    o += "# ---- " + s.id + " (" + s.stage + "): " + s.action + (s.destructive ? " [DESTRUCTIVE]" : "") + "\n";
    o += "printf '\\n== %s: %s\\n' " + ShellQuote(s.id) + " " + ShellQuote(title) + "\n";
    for (const Command& c : s.commands) {
      std::set<std::string> captured_refs;
      for (const ArgRef& r : c.refs)
        if (r.kind == "capture") captured_refs.insert(r.name);
      std::string guard;
      for (const std::string& v : captured_refs) {
        // Declared in print mode as a stand-in so the printed command shows where it goes.
        guard += "if [ \"$EXECUTE\" = 1 ] && skip_if_none \"${" + v + ":-}\"; then printf '[%s] nothing to do (no value for the look-up)\\n' " +
                 ShellQuote(s.id) + "; else\n";
      }
      std::string line = "run " + ShellQuote(s.id) + " " + ShellQuote(s.account) + " " + ShellQuote(s.region) + " " +
                         (c.capture.empty() ? std::string("-") : c.capture) + " " + (c.may_fail ? "1" : "0") + " --";
      for (size_t i = 0; i < c.argv.size(); ++i) {
        const ArgRef* ref = nullptr;
        for (const ArgRef& r : c.refs)
          if (r.index == i) ref = &r;
        if (ref && ref->kind == "policy") {
          line += " \"file://$POLICY_DIR/\"" + ShellQuote(ref->name);
        } else if (ref && ref->kind == "capture") {
          line += " \"${" + ref->name + ":-" + std::string("") + "}\"";
        } else {
          line += " " + ShellQuote(c.argv[i]);
        }
      }
      if (!c.capture.empty()) o += c.capture + "=" + ShellQuote(c.argv.back() == "text" ? "<" + c.capture + ">" : "") + "\n";
      o += guard + line + "\n";
      for (size_t k = 0; k < captured_refs.size(); ++k) o += "fi\n";
    }
    o += "\n";
  }
  o += "printf '\\n%s\\n' " + ShellQuote("Done. Manual steps remain: see the Markdown plan (" + std::to_string(p.manual.size()) + " manual step(s)).") + "\n";
  return o;
}

}  // namespace credtrace::respond
