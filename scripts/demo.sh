#!/usr/bin/env bash
# make demo: play a simulated incident (a leaked IAM user key hidden in a week of everyday
# activity), open a case for it, take its CloudTrail logs in as evidence, look at them the way a
# responder would, run the investigation (every credential the attacker holds, what they did,
# what they touched, checked against the simulator's answer key), plan the response, keep the
# case file (runbook, stakeholders, notes, chain of custody) and write the post-incident report.
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

say "2. Open the case (runbook part 1, step 1), then evidence in: ingest the S3 tree (byte-exact, hashed, indexed, in the chain of custody)"
export CREDTRACE_USER="${CREDTRACE_USER:-demo-responder}"
run "$CT" case init "$CASE" --title "Leaked IAM access key (game day)" --ticket INC-0042 --severity high --lead "$CREDTRACE_USER"
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
say "5. The investigation: from the leaked key to every credential, action and resource (runbook part 1 steps 4-5, part 3 steps 1-6)"
run "$CT" investigate --case "$CASE" --key "$KEY"
say "   the same as JSON (credtrace.investigation/1), against the simulator's answer key"
"$CT" investigate --case "$CASE" --key "$KEY" --json >"$WORK/investigation.json"
jq -n --slurpfile got "$WORK/investigation.json" --slurpfile want "$LOGS/ground_truth.json" '
  ($want[0].credentials | map(.id)) as $w | ($got[0].credentials | map(.id)) as $g |
  ($want[0].events | map(select(.attribution == "attacker") | .eventID)) as $wa |
  ($got[0].events | map(select(.attribution != "owner") | .eventID)) as $ga |
  {credentialsInAnswerKey: ($w | length), found: ([$w[] | select(. as $x | $g | index($x))] | length),
   reportedNotInAnswerKey: ([$g[] | select(. as $x | $w | index($x) | not)] | length),
   attackerEventsInAnswerKey: ($wa | length),
   reportedAsAttackerOrUnknown: ([$wa[] | select(. as $x | $ga | index($x))] | length)}'

say "6. The containment plan from the investigation (runbook part 2): what to run, in which order, why, and who else it stops"
run "$CT" plan contain --case "$CASE" | sed -n '1,/^## Steps/p'
say "   as a bash script of AWS CLI commands that prints them unless told --execute (values quoted; it passes shellcheck)"
"$CT" plan contain --case "$CASE" --format sh -o "$WORK/contain.sh"
bash -n "$WORK/contain.sh" && shellcheck "$WORK/contain.sh" && echo "$WORK/contain.sh: bash -n and shellcheck clean"
grep -m 3 "update-access-key\|put-user-policy" "$WORK/contain.sh" || true

say "   and what to remove and restore afterwards (runbook parts 3 and 4)"
"$CT" plan eradicate --case "$CASE" | sed -n '/^## Summary/,/^## Steps/p' | sed -n '1,12p'
"$CT" plan recover --case "$CASE" | sed -n '/^## Summary/,/^## Steps/p' | sed -n '1,12p'

say "7. One original record, byte-exact, with the evidence file it came from"
ID=$("$CT" search --case "$CASE" --json --limit 1 "key:$KEY AND name:CreateUser" | jq -r .eventID)
run "$CT" show --case "$CASE" --source "$ID" | jq .

say "8. The case file: where the runbook stands (what credtrace did is ticked, with what shows it)"
run "$CT" runbook --case "$CASE" | sed -n '1,2p;/^Next:/,$p'
say "   stakeholders from the organization's CMDB (the simulator writes one: applications by their app tag, teams, who is always told)"
run "$CT" case stakeholders --case "$CASE" --cmdb "$LOGS/cmdb.yaml" | sed -n 1,16p
run "$CT" case notified --case "$CASE" soc@acme-corp.example --note "paged, 04:40"
run "$CT" runbook done 1.7.b --case "$CASE" --note "war room: #inc-0042"
run "$CT" case note --case "$CASE" --lesson "CI must use short-lived OIDC role credentials, not an IAM user key"

say "9. The post-incident report (one self-contained HTML file, also Markdown and JSON) and the timeline for Timesketch"
run "$CT" report --case "$CASE" -o "$WORK/report.html"
"$CT" report --case "$CASE" --format md | sed -n "1,/^## 2/p" | sed -n 1,24p
run "$CT" timeline --case "$CASE" -o "$WORK/timeline.jsonl"
head -c 400 "$WORK/timeline.jsonl"; echo

say "10. Chain of custody: every file, command, plan and action, hash-chained; check it, then pack the case for hand-over"
run "$CT" case custody --case "$CASE" | tail -6
run "$CT" case verify --case "$CASE"
run "$CT" case export --case "$CASE" -o "$WORK/INC-0042.tar"

printf '\nThe case is in %s (answer key: %s/ground_truth.json, table-top injects: %s/NARRATIVE.md); report: %s/report.html\n' "$CASE" "$LOGS" "$LOGS" "$WORK"
