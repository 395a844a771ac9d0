#!/usr/bin/env bash
# End to end through the binary: simulate an incident, ingest it, investigate it from the key,
# the principal and the finding, and check the CLI contract: the summary, --json against the
# answer key, investigation.json saved in the case, and the errors for bad seeds.
set -euo pipefail
CT=${1:?credtrace binary}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$CT" simulate --scenario all --seed 5 --events 30000 --days 2 --accounts 3 --out "$W/logs" --quiet >/dev/null
"$CT" ingest --case "$W/case" "$W/logs/AWSLogs" >/dev/null
GT="$W/logs/ground_truth.json"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The summary, from the leaked key.
KEY=$(jq -r '.seeds[] | select(.scenario == "leaked-key" and .kind == "key") | .value' "$GT")
out=$("$CT" investigate --case "$W/case" --key "$KEY")
grep -q "Credentials in the attacker's hands" <<<"$out" || fail "no credentials tree in the summary"
grep -q "Compromise: " <<<"$out" || fail "no compromise time in the summary"
[[ -s "$W/case/investigation.json" ]] || fail "investigation.json not saved in the case"

# --json: the schema, and the answer key's credentials for the scenario.
"$CT" investigate --case "$W/case" --key "$KEY" --json >"$W/inv.json"
[[ $(jq -r .schema "$W/inv.json") == credtrace.investigation/1 ]] || fail "schema"
cmp -s "$W/inv.json" "$W/case/investigation.json" || fail "--json differs from the saved investigation"
want=$(jq '[.credentials[] | select(.scenario == "leaked-key") | .id] | sort' "$GT")
got=$(jq '[.credentials[].id] | sort' "$W/inv.json")
[[ "$want" == "$got" ]] || fail "credentials differ from the answer key"

# A finding file as the seed (capital-one), taking in the rotated session by infrastructure.
F=$(jq -r '.seeds[] | select(.scenario == "capital-one" and .kind == "finding") | .file' "$GT")
"$CT" investigate --case "$W/case" --finding "$W/logs/$F" --follow-infrastructure --json >"$W/inv2.json"
want=$(jq '[.credentials[] | select(.scenario == "capital-one") | .id] | sort' "$GT")
got=$(jq '[.credentials[].id] | sort' "$W/inv2.json")
[[ "$want" == "$got" ]] || fail "finding seed: credentials differ from the answer key"

# Bad seeds: usage errors (exit 2), and the saved investigation is left as it was.
set +e
"$CT" investigate --case "$W/case" >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "no seed: exit $rc, want 2"
echo '{"Records":[]}' >"$W/not-a-finding.json"
"$CT" investigate --case "$W/case" --finding "$W/not-a-finding.json" >/dev/null 2>"$W/err"; rc=$?
[[ $rc -ne 0 ]] || fail "a file that is not a finding was accepted"
grep -q "not-a-finding.json" "$W/err" || fail "the error does not name the file: $(cat "$W/err")"
"$CT" investigate --case "$W/nope" --key "$KEY" >/dev/null 2>&1; rc=$?
[[ $rc -eq 1 ]] || fail "missing case: exit $rc, want 1"
set -e
cmp -s "$W/inv2.json" "$W/case/investigation.json" || fail "a failed run replaced the saved investigation"
echo ok
