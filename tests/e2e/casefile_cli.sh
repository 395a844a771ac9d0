#!/usr/bin/env bash
# End to end through the binary, as a team works a case (docs/CASEFILE.md, docs/REPORT.md):
#   1. every simulator scenario, in one go: case init, ingest, investigate, plan (contain,
#      eradicate, recover), report (html, md, json); each report names every credential of the
#      answer key and every resource the attacker created;
#   2. on one case: the runbook (automatic and human steps), notes, the CMDB and stakeholders,
#      notifications, the timeline exports, the export archive and its hash list, and case verify
#      catching a changed evidence file, a changed kept file and a changed journal line.
set -euo pipefail
CT=${1:?credtrace binary}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export CREDTRACE_USER="e2e-responder"

# The escaped forms a report writes an ID in (HTML entities; Markdown backslashes).
html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' -e "s/'/\&#39;/g"; }
md_escape() { sed -e 's/[][\\`*_<>|~&@]/\\&/g' -e 's,://,\\://,g' -e 's/www\./www\\./g'; }

for sc in leaked-key capital-one code-spaces new-regions federation llm-jacking; do
  L="$W/$sc-logs" C="$W/$sc-case"
  "$CT" simulate --scenario "$sc" --seed 11 --events 12000 --days 2 --out "$L" --quiet >/dev/null
  "$CT" case init "$C" --title "game day: $sc" --ticket "GD-$sc" --severity high >/dev/null
  "$CT" ingest --case "$C" "$L/AWSLogs" -q
  GT="$L/ground_truth.json"
  args=()
  F=$(jq -r '.seeds[] | select(.kind == "finding" and .file != null) | .file' "$GT" | head -1)
  if [[ -n "$F" ]]; then
    args=(--finding "$L/$F" --follow-infrastructure)
  else
    while read -r k v; do
      [[ $k == key ]] && args+=(--key "$v")
      [[ $k == principal ]] && args+=(--principal "$v")
    done < <(jq -r '.seeds[] | "\(.kind) \(.value)"' "$GT")
  fi
  "$CT" investigate --case "$C" "${args[@]}" >/dev/null
  for p in contain eradicate recover; do "$CT" plan "$p" --case "$C" -o "$W/$sc-$p.md" 2>/dev/null; done
  "$CT" report --case "$C" -o "$W/$sc.html" 2>/dev/null
  "$CT" report --case "$C" -o "$W/$sc.md" 2>/dev/null
  "$CT" report --case "$C" -o "$W/$sc.json" 2>/dev/null
  [[ $(jq -r .schema "$W/$sc.json") == credtrace.report/1 ]] || fail "$sc: report schema"
  [[ $(jq '.containment.steps | length' "$W/$sc.json") -gt 0 ]] || fail "$sc: no containment plan in the report"
  ids=$( (jq -r '.credentials[].id' "$GT"; jq -r '.resources[] | select(.action == "created") | .id' "$GT") | sort -u)
  n=0
  while read -r id; do
    [[ -z "$id" ]] && continue
    n=$((n + 1))
    jq -e --arg id "$id" '[.scope.credentials[].id, (.resources[] | select(.action == "created") | .id)] | index($id)' "$W/$sc.json" >/dev/null ||
      fail "$sc: $id not in report.json"
    grep -qF -- "$(html_escape <<<"$id")" "$W/$sc.html" || fail "$sc: $id not in report.html"
    grep -qF -- "$(md_escape <<<"$id")" "$W/$sc.md" || fail "$sc: $id not in report.md"
  done <<<"$ids"
  [[ $n -gt 0 ]] || fail "$sc: nothing to check"
  echo "$sc: report names all $n answer-key credentials and created resources"
done

# 2. One case worked by a team: leaked-key.
C="$W/leaked-key-case" L="$W/leaked-key-logs" GT="$W/leaked-key-logs/ground_truth.json"
rb=$("$CT" runbook --case "$C" --json)
[[ $(jq -r '.steps[] | select(.id == "1.0") | .status' <<<"$rb") == done ]] || fail "1.0 not done after ingest"
[[ $(jq -r '.steps[] | select(.id == "1.1") | .status' <<<"$rb") == done ]] || fail "1.1 not done with a ticket"
[[ $(jq -r '.steps[] | select(.id == "1.4") | .status' <<<"$rb") == done ]] || fail "1.4 not done after investigate"
[[ $(jq -r '.steps[] | select(.id == "1.7.b") | .status' <<<"$rb") == todo ]] || fail "1.7.b is a person's step"
"$CT" runbook done 1.7.b --case "$C" --note "bridge open" >/dev/null
rb=$("$CT" runbook --case "$C" --json)
[[ $(jq -r '.steps[] | select(.id == "1.7.b") | "\(.status) \(.by) \(.note)"' <<<"$rb") == "done e2e-responder bridge open" ]] || fail "1.7.b mark"
set +e
"$CT" runbook done 9.9 --case "$C" >/dev/null 2>&1; rc=$?
"$CT" runbook blocked 4.1.a --case "$C" >/dev/null 2>&1; rc2=$?
set -e
[[ $rc -eq 2 && $rc2 -eq 2 ]] || fail "bad step ($rc) or blocked without a note ($rc2): want exit 2"
"$CT" case note --case "$C" --lesson "CI keys become OIDC roles" >/dev/null
"$CT" case set --case "$C" --impact "none seen by customers" >/dev/null

# A CMDB mapping the victim's account to an application, and legal for data access.
ACCT=$(jq -r '.credentials[] | select(.parent == null) | .principalArn' "$GT" | head -1 | cut -d: -f5)
cat >"$W/cmdb.yaml" <<YAML
applications:
  - name: ci-platform
    criticality: high
    contacts:
      - {name: Dana Smith, role: owner, email: dana@example.com}
    accounts: ["$ACCT"]
contacts:
  - {name: Security on-call, role: security, email: sec@example.com}
  - {name: Legal, role: legal, email: legal@example.com, notify: data-access}
YAML
st=$("$CT" case stakeholders --case "$C" --cmdb "$W/cmdb.yaml" --json 2>/dev/null)
jq -e '.applications | index("ci-platform")' <<<"$st" >/dev/null || fail "the victim account's application is not impacted"
jq -e '.stakeholders[] | select(.email == "dana@example.com")' <<<"$st" >/dev/null || fail "the owner is not a stakeholder"
jq -e '.stakeholders[] | select(.email == "sec@example.com")' <<<"$st" >/dev/null || fail "always-notify contact missing"
"$CT" case notified --case "$C" dana@example.com --note "phone" >/dev/null
set +e
"$CT" case notified --case "$C" nobody@example.com >/dev/null 2>&1; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "an unknown contact must be refused without --other"
[[ $(jq -r '.stakeholders[] | select(.email == "dana@example.com") | .notified.by' <(
  "$CT" case stakeholders --case "$C" --json)) == e2e-responder ]] || fail "notification not recorded"
[[ $("$CT" runbook --case "$C" --json | jq -r '.steps[] | select(.id == "1.7.a") | .status') == done ]] || fail "1.7.a"
[[ $("$CT" runbook --case "$C" --json | jq -r '.steps[] | select(.id == "5.2.b") | .status') == done ]] || fail "5.2.b with a lesson"

"$CT" report --case "$C" -o "$W/final.json" 2>/dev/null
jq -e '.lessons.recorded[] | select(.text == "CI keys become OIDC roles")' "$W/final.json" >/dev/null || fail "lesson not in the report"
jq -e '.applications.stakeholders[] | select(.email == "dana@example.com") | .notified' "$W/final.json" >/dev/null || fail "stakeholder not in the report"
[[ $(jq -r .case.impact "$W/final.json") == "none seen by customers" ]] || fail "impact"

# Timeline exports.
"$CT" timeline --case "$C" -o "$W/tl.jsonl" 2>/dev/null
"$CT" timeline --case "$C" --format csv -o "$W/tl.csv" 2>/dev/null
events=$(jq '.events | length' "$C/investigation.json")
[[ $(jq -s '[.[] | select(.timestamp_desc == "Event Time")] | length' "$W/tl.jsonl") -eq $events ]] || fail "timesketch lines"
jq -e -s 'all(.[]; has("message") and has("datetime") and has("timestamp_desc"))' "$W/tl.jsonl" >/dev/null || fail "timesketch fields"
[[ $(head -1 "$W/tl.csv" | cut -d, -f1-3) == $'datetime,timestamp_desc,message' ]] || fail "csv header"

# The export: a tar whose hash list checks, with a case inside that verifies.
"$CT" case export --case "$C" -o "$W/case.tar" >"$W/export.out"
grep -q "^SHA-256 $(sha256sum "$W/case.tar" | cut -d' ' -f1)$" "$W/export.out" || fail "the archive's SHA-256"
mkdir "$W/unpacked"
tar -xf "$W/case.tar" -C "$W/unpacked"
(cd "$W/unpacked/credtrace-case" && sha256sum -c --quiet SHA256SUMS) || fail "SHA256SUMS"
[[ -s "$W/unpacked/credtrace-case/report.html" ]] || fail "no report in the export"
"$CT" case verify --case "$W/unpacked/credtrace-case" >"$W/verify-unpacked.out" || { cat "$W/verify-unpacked.out"; fail "the exported case does not verify"; }
"$CT" search --case "$W/unpacked/credtrace-case" --count "key:$(jq -r '.seeds[0].value' "$GT")" >/dev/null || fail "the exported case does not open"

# Tampering: the case verifies, then does not.
"$CT" case verify --case "$C" >"$W/v0.out" || { cat "$W/v0.out"; fail "the case does not verify"; }
ANCHOR=$(jq -r .artifacts.custody.anchor "$W/final.json")
"$CT" case verify --case "$C" --anchor "$ANCHOR" --quick >/dev/null || fail "the report's anchor"
pack=$(ls "$C"/evidence/pack-*.bin | head -1)
cp "$pack" "$W/pack.bak"
printf 'X' | dd of="$pack" bs=1 seek=100 conv=notrunc status=none
set +e
"$CT" case verify --case "$C" >"$W/v1.out"; rc=$?
set -e
[[ $rc -eq 4 ]] || fail "a changed evidence byte: exit $rc, want 4"
grep -q "TAMPERED: .*no longer has its SHA-256" "$W/v1.out" || fail "the changed evidence file is not named"
cp "$W/pack.bak" "$pack"
"$CT" case verify --case "$C" >/dev/null || fail "restored evidence"
sed -i 's/"compromiseTime"/"compromiseTimE"/' "$C/investigation.json"
set +e
"$CT" case verify --case "$C" --quick >"$W/v2.out"; rc=$?
set -e
[[ $rc -eq 4 ]] && grep -q "investigation.json changed after entry" "$W/v2.out" || fail "an edited investigation.json"
echo "casefile e2e: ok"
