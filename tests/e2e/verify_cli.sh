#!/usr/bin/env bash
# End to end through the binary: verify after a containment time in the middle of the attack
# reports the attacker's later calls and exits 4; after the last event of the case it is clean
# (exit 0); --json follows credtrace.verify/1; no time and no journal is a usage error.
set -euo pipefail
CT=${1:?credtrace binary}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$CT" simulate --scenario federation --seed 3 --events 8000 --days 2 --accounts 2 --out "$W/logs" --quiet >/dev/null
"$CT" ingest --case "$W/case" "$W/logs/AWSLogs" >/dev/null 2>&1
KEY=$(jq -r '.seeds[] | select(.kind == "key") | .value' "$W/logs/ground_truth.json" | head -1)
"$CT" investigate --case "$W/case" --key "$KEY" >/dev/null
# The attacker's first and last events, from the answer key.
FIRST=$(jq -r '[.events[] | select(.attribution == "attacker") | .eventTime] | min' "$W/logs/ground_truth.json")
set +e
"$CT" verify --case "$W/case" --after "$FIRST" --json >"$W/mid.json"; rc=$?
set -e
[[ $rc -eq 4 ]] || fail "contained at the attack's start: exit $rc, want 4"
[[ $(jq -r .schema "$W/mid.json") == credtrace.verify/1 ]] || fail "schema"
LATE=$(jq -r '[.events[].eventTime] | max' "$W/case/investigation.json")
AFTER=$(date -u -d "$LATE + 1 hour" +%Y-%m-%dT%H:%M:%SZ)
"$CT" verify --case "$W/case" --after "$AFTER" >"$W/late.txt" || fail "contained after the last event: not clean"
set +e
"$CT" verify --case "$W/case" >/dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "no --after and no journal: exit $rc, want 2"
echo ok
