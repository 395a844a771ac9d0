#!/usr/bin/env bash
# Times the case-file and report commands on a big case, each the best of N runs of the whole
# process (wall clock, /usr/bin/time), with peak memory:
#   - what recording every command in the chain of custody adds to a command (search --count,
#     with the chain written, against the same look-up in-process: lookup_bench is in
#     run_ingest_bench.sh);
#   - investigate with every seed of the answer key (for the report to have the most to say),
#     then runbook, report (html, md, json), timeline (timesketch, csv), case verify (the chain,
#     the evidence list hashes and every evidence byte re-hashed) and --quick, case export.
#
#   bench/run_casefile_bench.sh CORPUS CASE [RUNS]
#
# CORPUS is a `credtrace simulate` output directory, CASE the case it was ingested into. The case
# gains chain entries and files (investigation.json, the export under $CASE.bench/); run it on a
# copy if that matters. Figures go in docs/PERFORMANCE.md.
set -euo pipefail
corpus=${1:?corpus directory}
case_dir=${2:?case directory}
runs=${3:-3}
bin=${CREDTRACE:-build/credtrace}
truth="$corpus/ground_truth.json"
out="$case_dir.bench"
mkdir -p "$out"

best() {  # best_seconds peak_mib of running "$@" RUNS times
  local b=999999 r=0 o t m
  for _ in $(seq "$runs"); do
    o=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null; } 2>&1 | tail -1)
    t=${o% *}
    m=${o#* }
    b=$(awk -v a="$t" -v c="$b" 'BEGIN{print (a<c)?a:c}')
    ((m > r)) && r=$m
  done
  echo "$b $((r / 1024))"
}
row() { printf '%-44s %8s %8s\n' "$1" "$2" "$3"; }

args=()
for s in $(jq -r '.scenarios[].name' "$truth"); do
  f=$(jq -r --arg s "$s" '.seeds[] | select(.scenario==$s and .kind=="finding" and .file!=null) | .file' "$truth" | head -1)
  if [[ -n "$f" ]]; then
    args+=(--finding "$corpus/$f" --follow-infrastructure)
  else
    mapfile -t more < <(jq -r --arg s "$s" '.seeds[] | select(.scenario==$s and .kind!="finding") |
      (if .kind=="key" then "--key" else "--principal" end), .value' "$truth")
    args+=("${more[@]}")
  fi
done
key=$(jq -r '.seeds[] | select(.kind=="key") | .value' "$truth" | head -1)

echo "case: $("$bin" stats --case "$case_dir" --json | jq -r '.events') events, $(du -sh "$case_dir" | cut -f1); best of $runs runs"
row command seconds MiB
read -r t m < <(best "$bin" search --case "$case_dir" --count "key:$key"); row "search --count (recorded in the chain)" "$t" "$m"
read -r t m < <(best "$bin" investigate --case "$case_dir" "${args[@]}"); row "investigate, every seed" "$t" "$m"
echo "  investigation: $(jq '.credentials|length' "$case_dir/investigation.json") credentials, $(jq '.events|length' "$case_dir/investigation.json") events, $(jq '.resources|length' "$case_dir/investigation.json") resources"
read -r t m < <(best "$bin" runbook --case "$case_dir"); row "runbook" "$t" "$m"
read -r t m < <(best "$bin" case show --case "$case_dir"); row "case show" "$t" "$m"
for f in html md json; do
  read -r t m < <(best "$bin" report --case "$case_dir" -o "$out/report.$f"); row "report -o report.$f ($(du -k "$out/report.$f" | cut -f1) KiB)" "$t" "$m"
done
read -r t m < <(best "$bin" timeline --case "$case_dir" -o "$out/timeline.jsonl"); row "timeline (timesketch)" "$t" "$m"
read -r t m < <(best "$bin" timeline --case "$case_dir" --format csv -o "$out/timeline.csv"); row "timeline --format csv" "$t" "$m"
read -r t m < <(best "$bin" case verify --case "$case_dir" --quick); row "case verify --quick" "$t" "$m"
read -r t m < <(best "$bin" case verify --case "$case_dir"); row "case verify (every evidence byte)" "$t" "$m"
read -r t m < <(best "$bin" case export --case "$case_dir" -o "$out/case.tar"); row "case export ($(du -m "$out/case.tar" | cut -f1) MiB)" "$t" "$m"
echo "chain: $("$bin" case custody --case "$case_dir" --json | wc -l) entries"
