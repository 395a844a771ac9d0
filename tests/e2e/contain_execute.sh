#!/usr/bin/env bash
# End to end: credtrace contain --execute against an `aws` stand-in on PATH that records its argv
# (argc, then each argument, NUL-terminated) and fails or sleeps on demand. Checks: a dry run
# calls nothing; a wrong confirmation runs nothing; every command reaches aws exactly as the plan
# says, in plan order, with --profile/--region; a failure stops the run naming the step, the
# command and the AWS error, and the journal shows it; a kill -9 in the middle of a command leaves a
# journal that opens and resumes; across the failed, killed and resumed runs no completed command
# is repeated; a changed plan is refused without --new-run.
set -euo pipefail
CT=${1:?credtrace binary}
W=$(mktemp -d)
SLEEPER=""
cleanup() {
  if [[ -n "$SLEEPER" ]]; then kill "$SLEEPER" 2>/dev/null || true; fi
  rm -rf "$W"
}
trap cleanup EXIT; [[ -n "${KEEP:-}" ]] && trap - EXIT && echo "W=$W"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$CT" simulate --scenario leaked-key --seed 5 --events 5000 --days 1 --accounts 1 --out "$W/logs" --quiet >/dev/null
"$CT" ingest --case "$W/case" "$W/logs/AWSLogs" >/dev/null
KEY=$(jq -r '.seeds[] | select(.scenario == "leaked-key" and .kind == "key") | .value' "$W/logs/ground_truth.json")
"$CT" investigate --case "$W/case" --key "$KEY" >/dev/null
AT=2030-01-01T00:00:00Z

mkdir -p "$W/bin"
cat >"$W/bin/aws" <<'SH'
#!/bin/sh
printf '%s\0' "$#" "$@" >>"$CT_AWS_LOG"
if [ -n "${CT_AWS_SLEEP:-}" ] && [ "$2" = "$CT_AWS_SLEEP" ]; then
  echo $$ >"$CT_AWS_LOG.sleeping"
  sleep 60
fi
if [ -n "${CT_AWS_FAIL:-}" ] && [ "$2" = "$CT_AWS_FAIL" ]; then
  printf '\nAn error occurred (AccessDenied) when calling the %s operation: stand-in says no\n' "$2" >&2
  exit 254
fi
printf 'out-%s\n' "$2"
SH
chmod 700 "$W/bin/aws"
export PATH="$W/bin:$PATH" CT_AWS_LOG="$W/calls"
J="$W/case/journal.jsonl"

# The recorded calls as JSON arrays, one a line (argv[0] left out), then forgotten.
calls() {
  [[ -f "$CT_AWS_LOG" ]] || return 0
  jq -cn --rawfile f "$CT_AWS_LOG" '$f | split("\u0000") | .[:-1] | . as $a
    | def go($i): if $i < ($a | length) then ($a[$i] | tonumber) as $n | $a[$i + 1:$i + 1 + $n], go($i + 1 + $n) else empty end;
    go(0)'
  rm -f "$CT_AWS_LOG"
}
# A call with the private policy path replaced by the policy's name.
norm() { jq -c 'map(if test("^file://.*/credtrace-policies\\.[^/]+/") then sub("^file://.*/"; "POLICY:") else . end)'; }

# What the plan says must reach aws: refs filled in (policy files by name; captures by the
# stand-in's output for the look-up), then --profile and --region.
"$CT" plan contain --case "$W/case" --at "$AT" --format json >"$W/plan.json"
jq -c '.steps[] as $s | ($s.commands | map(select(.capture != null) | {(.capture): ("out-" + .argv[2])}) | add // {}) as $cap
  | $s.commands[] | . as $c
  | reduce ($c.refs[]) as $r ($c.argv; .[$r.index] = (if $r.kind == "policy" then "POLICY:" + $r.name else $cap[$r.name] end))
  | .[1:] + ["--profile", "p", "--region", ($s.region // "eu-north-1")]' "$W/plan.json" >"$W/expected"
total=$(wc -l <"$W/expected")
[[ $total -gt 20 ]] || fail "the plan has only $total commands"

# A dry run calls nothing and writes no journal.
"$CT" contain --case "$W/case" --at "$AT" --profile p --region eu-north-1 >"$W/dry.out"
grep -q "| contain-001 | 1-deny | deny-user |" "$W/dry.out" || fail "dry run: no summary table"
grep -q "Dry run" "$W/dry.out" || fail "dry run: not said"
[[ ! -e "$CT_AWS_LOG" ]] || fail "dry run called aws"
[[ ! -e "$J" ]] || fail "dry run wrote the journal"

# A wrong confirmation runs nothing.
set +e
echo nope | "$CT" contain --case "$W/case" --at "$AT" --execute --profile p --region eu-north-1 >/dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "wrong confirmation: exit $rc"
[[ ! -e "$CT_AWS_LOG" ]] || fail "wrong confirmation called aws"

# Run A: confirmed by the plan hash's last 6 characters; update-access-key fails.
hash=$(grep -o 'plan sha256 [0-9a-f]*' "$W/dry.out" | awk '{print $3}')
set +e
echo "${hash: -6}" | CT_AWS_FAIL=update-access-key "$CT" contain --case "$W/case" --at "$AT" --execute \
  --profile p --region eu-north-1 >"$W/a.out" 2>"$W/a.err"; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "a failing step: exit $rc, want 1"
calls | norm >"$W/a.calls"
na=$(wc -l <"$W/a.calls")
jq -e '.[1] == "update-access-key"' <(tail -1 "$W/a.calls") >/dev/null || fail "run A did not stop at update-access-key"
cmp -s "$W/a.calls" <(head -n "$na" "$W/expected") || { diff <(head -n "$na" "$W/expected") "$W/a.calls" >&2; fail "run A: argv differ from the plan"; }
step=$(jq -r 'select(.type == "end" and .outcome == "failed") | .step' "$J")
grep -q "step $step (deactivate-access-key" "$W/a.err" || fail "the error does not name the step: $(cat "$W/a.err")"
grep -q "aws iam update-access-key" "$W/a.err" || fail "the error does not name the command"
grep -q "AccessDenied" "$W/a.err" || fail "the error does not give the AWS error text"
jq -se 'map(select(.type == "end" and .outcome == "failed")) | length == 1 and .[0].exit == 254 and (.[0].stderr | test("stand-in says no"))' "$J" >/dev/null ||
  fail "the journal does not show the failure"

# Run B: no --at (the journal's time is used), killed with -9 while disassociate-iam-instance-profile runs.
CT_AWS_SLEEP=disassociate-iam-instance-profile "$CT" contain --case "$W/case" --execute --yes \
  --profile p --region eu-north-1 >"$W/b.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do [[ -s "$CT_AWS_LOG.sleeping" ]] && break; sleep 0.1; done
[[ -s "$CT_AWS_LOG.sleeping" ]] || fail "run B never reached the sleeping command: $(cat "$W/b.out")"
SLEEPER=$(cat "$CT_AWS_LOG.sleeping")
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
kill "$SLEEPER" 2>/dev/null || true
SLEEPER=""
rm -f "$CT_AWS_LOG.sleeping"
calls | norm >"$W/b.calls"
nb=$(wc -l <"$W/b.calls")
jq -e '.[1] == "disassociate-iam-instance-profile"' <(tail -1 "$W/b.calls") >/dev/null || fail "run B was not killed in the sleeping command"
jq -c . "$J" >/dev/null || fail "the journal does not open after kill -9"
[[ $(jq -c 'select(.type == "start")' "$J" | wc -l) -eq $(($(jq -c 'select(.type == "end")' "$J" | wc -l) + 1)) ]] ||
  fail "the journal should show exactly one interrupted command"

# Run C: resumes at the interrupted command and finishes.
"$CT" contain --case "$W/case" --execute --yes --profile p --region eu-north-1 >"$W/c.out" 2>&1 || fail "run C: $(cat "$W/c.out")"
calls | norm >"$W/c.calls"
# The failed command and the interrupted one ran twice; nothing else did.
cat <(head -n $((na - 1)) "$W/a.calls") <(head -n $((nb - 1)) "$W/b.calls") "$W/c.calls" >"$W/all.calls"
cmp -s "$W/all.calls" "$W/expected" || { diff "$W/expected" "$W/all.calls" >&2; fail "resumed runs repeated or missed a command"; }
jq -se 'map(select(.type == "run-end")) | last | .status == "completed"' "$J" >/dev/null || fail "the last run did not complete"

# Run D: nothing left; no call.
"$CT" contain --case "$W/case" --execute --yes --profile p --region eu-north-1 >"$W/d.out" 2>&1 || fail "run D: $(cat "$W/d.out")"
[[ ! -e "$CT_AWS_LOG" ]] || fail "a completed plan called aws again"

# Another containment time is another plan: refused without --new-run.
set +e
"$CT" contain --case "$W/case" --execute --yes --at 2031-01-01T00:00:00Z >/dev/null 2>"$W/e.err"; rc=$?
set -e
[[ $rc -eq 1 ]] || fail "a changed plan: exit $rc"
grep -q "plan changed" "$W/e.err" || fail "a changed plan: $(cat "$W/e.err")"
[[ ! -e "$CT_AWS_LOG" ]] || fail "a changed plan called aws"
"$CT" contain --case "$W/case" --execute --yes --new-run --at 2031-01-01T00:00:00Z >/dev/null 2>&1 || fail "--new-run failed"
calls >"$W/f.calls"
! grep -q '"update-access-key"' "$W/f.calls" || fail "--new-run repeated a step identical to a completed one"
echo ok
