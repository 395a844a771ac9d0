#!/usr/bin/env bash
# make demo: play a simulated incident (a leaked IAM user key hidden in a week of everyday
# activity), take its CloudTrail logs in as evidence, and walk the runbook's first questions.
# The investigation command (issue 4) will replace the hand-run loop at the end.
set -euo pipefail
CT=${1:-build/credtrace}
WORK=${DEMO_DIR:-$(mktemp -d /tmp/credtrace-demo.XXXXXX)}
LOGS="$WORK/logs"
CASE="$WORK/case"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*" >&2; "$@"; }

say "1. A game day: the simulator writes the logs AWS would have delivered (and the answer key)"
run "$CT" simulate --scenario leaked-key --seed 42 --events 60000 --days 7 --out "$LOGS" --narrative --quiet
find "$LOGS/AWSLogs" -name "*.json.gz" | head -3 || true
KEY=$(jq -r '.seeds[] | select(.kind == "key") | .value' "$LOGS/ground_truth.json" | head -1)

say "2. Evidence in: ingest the S3 tree into a case (byte-exact, hashed, indexed)"
run "$CT" ingest --case "$CASE" "$LOGS/AWSLogs"
run "$CT" manifest --case "$CASE" | head -4 || true

say "3. What is in the case"
run "$CT" stats --case "$CASE" --top 3

say "4. The leaked key from the ticket: $KEY (runbook part 1, step 4)"
run "$CT" search --case "$CASE" --count "userIdentity.accessKeyId:$KEY"
say "   its first calls, and where they came from"
run "$CT" search --case "$CASE" --limit 8 "key:$KEY AND NOT sourceIPAddress:10.0.0.0/8"
say "   failed calls (recon shows as bursts of AccessDenied)"
run "$CT" search --case "$CASE" --count "key:$KEY AND errorCode:*"
say "   credentials and footholds it created (runbook part 3, step 4c)"
run "$CT" search --case "$CASE" "key:$KEY AND (name:Create* OR name:Attach*Policy OR name:Put*Policy OR name:Get*Token OR name:RunInstances)"
say "   the owner keeps using the key: its role assumptions, from which networks"
"$CT" search --case "$CASE" --json "key:$KEY AND name:AssumeRole" | jq -r .sourceIPAddress | sort | uniq -c | sort -rn
say "   the keys those calls returned, to search again (runbook part 3, step 6b)"
for k in $("$CT" search --case "$CASE" --json "key:$KEY AND name:CreateAccessKey" |
           jq -r '.responseElements.accessKey.accessKeyId // .responseElements.credentials.accessKeyId // empty' | sort -u); do
  printf '%s: %s events\n' "$k" "$("$CT" search --case "$CASE" --count "key:$k")"
done

say "5. One original record, byte-exact, with the evidence file it came from"
ID=$("$CT" search --case "$CASE" --json --limit 1 "key:$KEY AND name:CreateUser" | jq -r .eventID)
run "$CT" show --case "$CASE" --source "$ID" | jq .

printf '\nThe case is in %s (answer key: %s/ground_truth.json, table-top injects: %s/NARRATIVE.md)\n' "$CASE" "$LOGS" "$LOGS"
