#!/usr/bin/env bash
# Times `credtrace investigate` on a simulated corpus, one run per scenario of the answer key
# plus one run with every seed at once, each the best of N runs (wall clock, the process
# end to end: open the case, investigate, write investigation.json), with peak memory.
#
#   bench/run_investigate_bench.sh CORPUS CASE [RUNS]
#
# CORPUS is a `credtrace simulate` output directory (ground_truth.json, findings/); CASE the
# case it was ingested into (credtrace ingest --case CASE CORPUS/AWSLogs). Figures go in
# docs/PERFORMANCE.md.
set -euo pipefail
corpus=${1:?corpus directory}
case_dir=${2:?case directory}
runs=${3:-5}
bin=${CREDTRACE:-build/credtrace}
truth="$corpus/ground_truth.json"

seed_args() {  # the seeds of scenario $1 as a responder gives them
  local s=$1 f
  f=$(jq -r --arg s "$s" '.seeds[] | select(.scenario==$s and .kind=="finding" and .file!=null) | .file' "$truth" | head -1)
  if [[ -n "$f" ]]; then
    printf '%s\n' --finding "$corpus/$f" --follow-infrastructure
    return
  fi
  jq -r --arg s "$s" '.seeds[] | select(.scenario==$s and .kind!="finding") |
    (if .kind=="key" then "--key" else "--principal" end), .value' "$truth"
}

time_run() {  # prints "best_seconds peak_rss_mib credentials events"
  local best=999999 rss=0 t out
  for _ in $(seq "$runs"); do
    out=$( { /usr/bin/time -f '%e %M' "$bin" investigate --case "$case_dir" "$@" >/dev/null; } 2>&1 | tail -1)
    t=${out% *}
    rss=${out#* }
    best=$(awk -v a="$t" -v b="$best" 'BEGIN{print (a<b)?a:b}')
  done
  local creds events
  creds=$(jq '.credentials|length' "$case_dir/investigation.json")
  events=$(jq '.events|length' "$case_dir/investigation.json")
  echo "$best $((rss / 1024)) $creds $events"
}

echo "case: $("$bin" stats --case "$case_dir" --json | jq -r '.events') events; best of $runs runs"
printf '%-14s %8s %8s %6s %7s\n' scenario seconds MiB creds events
all=()
for s in $(jq -r '.scenarios[].name' "$truth"); do
  mapfile -t args < <(seed_args "$s")
  all+=("${args[@]}")
  read -r t m c e < <(time_run "${args[@]}")
  printf '%-14s %8s %8s %6s %7s\n' "$s" "$t" "$m" "$c" "$e"
done
# Every seed at once (flags that repeat are fine; --follow-infrastructure once is enough).
read -r t m c e < <(time_run "${all[@]}")
printf '%-14s %8s %8s %6s %7s\n' all "$t" "$m" "$c" "$e"
