#!/usr/bin/env bash
# Ingest and search benchmark (issue 2, "What it must show"; figures in docs/PERFORMANCE.md).
#
#   bench/run_ingest_bench.sh CORPUS_DIR [WORK_DIR]
#
# CORPUS_DIR: CloudTrail .json.gz delivery files (e.g. the S3 layout written by
# `credtrace simulate --size-gb 2`). WORK_DIR (default: a new directory under /tmp) receives the
# cases and logs; it is kept. In one run, on the same files:
#   1. ingest wall time (median of RUNS) vs `igzip -dc` of the same files with 2 processes
#      (median of RUNS); events/s, MB/s (uncompressed and as received)
#   2. peak RSS of the ingest (/usr/bin/time -v), on the whole corpus and on about half of it
#      (the first half of the day folders), to show it does not grow with the input
#   3. look-up of one access key with a few thousand events: in process (bench/lookup_bench:
#      open, first look-up, median/p95 over LOOKUP_RUNS), then `credtrace search` end to end
#      (table, --json, --count; median of RUNS each)
#   4. case directory size vs the .json.gz input
#   5. the same look-up with jq (zcat | jq, 2 processes) and DuckDB (@duckdb/node-api)
# and prints a table (also written to WORK_DIR/results.txt, raw values to WORK_DIR/results.env).
#
# Environment: CREDTRACE (binary; default build-bench/credtrace, built with `make bench` when
# missing), LOOKUP_BENCH (default build-bench/bench/lookup_bench), RUNS (3), LOOKUP_RUNS (50),
# KEY (access key to look up; default: from `credtrace stats`, the busiest key with at most
# 10000 events, else the one closest to 3000), SKIP_JQ=1, SKIP_DUCKDB=1, SKIP_HALF=1 (no second size), DROP_CACHES=0 (no cold look-up
# after dropping the page cache; needs root), JQ_RUNS/DUCKDB_RUNS (1).
# Needs only Debian packages (isal, jq, time, gzip) and, for DuckDB, node + npm
# (@duckdb/node-api is installed with npm into bench/node/, git-ignored).
set -euo pipefail

die() { echo "run_ingest_bench: $*" >&2; exit 1; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then die "usage: $0 CORPUS_DIR [WORK_DIR]"; fi
CORPUS=$(realpath -- "$1")
[ -d "$CORPUS" ] || die "not a directory: $CORPUS"
WORK=${2:-$(mktemp -d /tmp/credtrace-bench.XXXXXX)}
mkdir -p -- "$WORK"
WORK=$(realpath -- "$WORK")
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$HERE/.." && pwd)
RUNS=${RUNS:-3}
LOOKUP_RUNS=${LOOKUP_RUNS:-50}
JQ_RUNS=${JQ_RUNS:-1}
DUCKDB_RUNS=${DUCKDB_RUNS:-1}
DROP_CACHES=${DROP_CACHES:-1}
CREDTRACE=${CREDTRACE:-$ROOT/build-bench/credtrace}
LOOKUP_BENCH=${LOOKUP_BENCH:-$ROOT/build-bench/bench/lookup_bench}
NPROC=2  # the issue's figures are for two processes / two threads

for tool in igzip jq zcat xargs find; do
  command -v "$tool" >/dev/null || die "missing $tool (make deps installs the Debian packages)"
done
[ -x /usr/bin/time ] || die "missing /usr/bin/time (Debian package time; make deps)"
if [ ! -x "$CREDTRACE" ] || [ ! -x "$LOOKUP_BENCH" ]; then
  echo "building credtrace and lookup_bench (make bench) ..." >&2
  make -C "$ROOT" bench >&2
fi
[ -x "$CREDTRACE" ] || die "no credtrace binary at $CREDTRACE"
[ -x "$LOOKUP_BENCH" ] || die "no lookup_bench binary at $LOOKUP_BENCH"

RES="$WORK/results.env"
: >"$RES"
put() { printf '%s=%q\n' "$1" "$2" >>"$RES"; printf -v "$1" '%s' "$2"; }
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { if (b == 0) print "n/a"; else printf f "\n", a / b }'; }
# Peak RSS (KiB) and wall seconds of a command, from /usr/bin/time -v.
timev() {  # timev LOGFILE CMD...
  local logf=$1; shift
  /usr/bin/time -v -o "$logf.time" "$@" >"$logf" 2>"$logf.err" || {
    local rc=$?
    # ingest exits non-zero when it rejected input: that is a finding, not a harness failure
    grep -q 'Exit status' "$logf.time" || die "failed ($rc): $* (see $logf.err)"
  }
  awk -F': ' '/Maximum resident set size/ { rss = $2 }
              /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
              /User time/ { u = $2 } /System time/ { sy = $2 }
              END { printf "%s %.3f %.2f %.2f\n", rss, wall, u, sy }' "$logf.time"
}

# --- the corpus -------------------------------------------------------------------------------
log "listing $CORPUS"
find "$CORPUS" -type f -name '*.gz' -print0 | sort -z >"$WORK/files.all"
FILES=$(tr -cd '\0' <"$WORK/files.all" | wc -c)
[ "$FILES" -gt 0 ] || die "no .gz files under $CORPUS"
# what ingest is given: the S3 tree when there is one (the simulator also writes its answer key,
# ground_truth.json, next to AWSLogs/), else the directory as it is
INPUT=$CORPUS
[ -d "$CORPUS/AWSLogs" ] && INPUT=$CORPUS/AWSLogs
GZ_BYTES=$(xargs -0 -r stat -c %s <"$WORK/files.all" | awk '{ s += $1 } END { printf "%d", s }')
put FILES "$FILES"
put GZ_BYTES "$GZ_BYTES"
log "uncompressed size (igzip -dc | wc -c)"
RAW_BYTES=$(xargs -0 -n 500 igzip -dc <"$WORK/files.all" | wc -c)
put RAW_BYTES "$RAW_BYTES"
# warm the page cache so that every tool reads the same cached files; again before every timed
# run: the project VM pages out file cache that has not been touched for a while (DAMON
# "pageout" of unmapped pages), and the later, longer runs would otherwise read from disk
warm() { xargs -0 cat <"$WORK/files.all" >/dev/null; }
warm

# --- 1. igzip floor vs ingest (interleaved, RUNS times) ----------------------------------------
: >"$WORK/igzip.times"; : >"$WORK/ingest.times"; : >"$WORK/ingest.rss"
for r in $(seq 1 "$RUNS"); do
  log "igzip -dc, 2 processes (run $r/$RUNS)"
  warm
  t0=$(now)
  xargs -0 -n 500 -P "$NPROC" igzip -dc <"$WORK/files.all" >/dev/null
  t1=$(now)
  elapsed "$t0" "$t1" >>"$WORK/igzip.times"
  log "credtrace ingest (run $r/$RUNS)"
  rm -rf -- "$WORK/case"
  warm
  out=$(timev "$WORK/ingest.$r.log" "$CREDTRACE" ingest --quiet --json --threads "$NPROC" --case "$WORK/case" "$INPUT")
  read -r rss wall _ _ <<<"$out"
  echo "$wall" >>"$WORK/ingest.times"; echo "$rss" >>"$WORK/ingest.rss"
done
put IGZIP_S "$(median <"$WORK/igzip.times")"
put INGEST_S "$(median <"$WORK/ingest.times")"
put INGEST_RSS_KB "$(sort -n "$WORK/ingest.rss" | tail -1)"
put INGEST_RUNS_S "$(paste -sd' ' "$WORK/ingest.times")"
put IGZIP_RUNS_S "$(paste -sd' ' "$WORK/igzip.times")"
SUMMARY="$WORK/ingest.$RUNS.log"
EVENTS=$(jq -r '.events' "$SUMMARY")
put EVENTS "$EVENTS"
put DUPLICATES "$(jq -r '.duplicateDeliveries' "$SUMMARY")"
put REJECTED_FILES "$(jq -r '.filesRejected + .filesPartial' "$SUMMARY")"
put SEGMENTS "$(jq -r '.segments' "$SUMMARY")"

# --- 2. peak memory at about half the input --------------------------------------------------
if [ "${SKIP_HALF:-0}" != 1 ]; then
  # the first day folders (in path order) that hold about half of the bytes, passed as
  # directories, as a responder would cut a corpus
  xargs -0 -r stat -c '%s %n' <"$WORK/files.all" |
    awk '{ s = $1; sub(/^[0-9]+ /, ""); sub(/\/[^\/]*$/, ""); if ($0 != d) { if (d != "") print b, n, d; d = $0; b = 0; n = 0 } b += s; n++ }
         END { if (d != "") print b, n, d }' >"$WORK/dirs.sizes"
  : >"$WORK/dirs.half"; half=0; half_bytes=0
  while read -r b n d; do
    [ "$half_bytes" -ge $((GZ_BYTES / 2)) ] && break
    printf '%s\0' "$d" >>"$WORK/dirs.half"; half=$((half + n)); half_bytes=$((half_bytes + b))
  done <"$WORK/dirs.sizes"
  mapfile -d '' -t HALF_DIRS <"$WORK/dirs.half"
  put HALF_FILES "$half"
  put HALF_RAW_BYTES "$(find "${HALF_DIRS[@]}" -maxdepth 1 -type f -name '*.gz' -print0 | xargs -0 -n 500 igzip -dc | wc -c)"
  : >"$WORK/half.rss"; : >"$WORK/half.times"
  for r in $(seq 1 "$RUNS"); do
    log "credtrace ingest, half the input (run $r/$RUNS)"
    rm -rf -- "$WORK/case-half"
    out=$(timev "$WORK/ingest-half.$r.log" "$CREDTRACE" ingest --quiet --json --threads "$NPROC" --case "$WORK/case-half" "${HALF_DIRS[@]}")
    read -r rss wall _ _ <<<"$out"
    echo "$rss" >>"$WORK/half.rss"; echo "$wall" >>"$WORK/half.times"
  done
  put HALF_RSS_KB "$(sort -n "$WORK/half.rss" | tail -1)"
  put HALF_INGEST_S "$(median <"$WORK/half.times")"
  put HALF_EVENTS "$(jq -r '.events' "$WORK/ingest-half.$RUNS.log")"
  rm -rf -- "$WORK/case-half"
fi

# --- 4. case size ---------------------------------------------------------------------------
CASE="$WORK/case"
put CASE_BYTES "$(find "$CASE" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')"
put EVIDENCE_BYTES "$(find "$CASE/evidence" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s + 0 }')"
put STORE_BYTES "$(find "$CASE/store" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s + 0 }')"
put CASE_DU "$(du -sb -- "$CASE" | cut -f1)"

# --- 3. look-up ------------------------------------------------------------------------------
if [ -z "${KEY:-}" ]; then
  KEY=$("$CREDTRACE" stats --case "$CASE" --json --top 200 |
    jq -r '.fields."userIdentity.accessKeyId".top | map(select(.value != "")) |
           (map(select(.count >= 1000 and .count <= 10000)) | max_by(.count)) //
           min_by((.count - 3000) | fabs) | .value')
fi
if [ -z "$KEY" ] || [ "$KEY" = null ]; then die "no access key in the case"; fi
put KEY "$KEY"
Q="userIdentity.accessKeyId:$KEY"
log "lookup_bench $Q"
"$LOOKUP_BENCH" --case "$CASE" --runs "$LOOKUP_RUNS" "$Q" >"$WORK/lookup.txt"
while IFS='=' read -r k v; do put "LB_${k^^}" "$v"; done <"$WORK/lookup.txt"

for mode in table json count; do
  : >"$WORK/search-$mode.times"
  case $mode in table) extra=() ;; json) extra=(--json) ;; count) extra=(--count) ;; esac
  for r in $(seq 1 "$RUNS"); do
    t0=$(now)
    "$CREDTRACE" search --case "$CASE" "${extra[@]}" "key:$KEY" >"$WORK/search-$mode.out"
    t1=$(now)
    elapsed "$t0" "$t1" >>"$WORK/search-$mode.times"
  done
  put "SEARCH_${mode^^}_S" "$(median <"$WORK/search-$mode.times")"
done
put SEARCH_COUNT "$(cat "$WORK/search-count.out")"
put SEARCH_JSON_LINES "$(wc -l <"$WORK/search-json.out")"
put SEARCH_JSON_BYTES "$(wc -c <"$WORK/search-json.out")"

# --- 5. jq and DuckDB over the .gz files ------------------------------------------------------
if [ "${SKIP_JQ:-0}" != 1 ]; then
  : >"$WORK/jq.times"
  for r in $(seq 1 "$JQ_RUNS"); do
    log "jq look-up (zcat | jq, 2 processes) (run $r/$JQ_RUNS)"
    t0=$(now)
    # shellcheck disable=SC2016  # $k is jq's variable
    xargs -0 -n 500 -P "$NPROC" sh -c 'zcat -- "$@" | jq -c --arg k "$0" ".Records[] | select(.userIdentity.accessKeyId == \$k)"' "$KEY" \
      <"$WORK/files.all" >"$WORK/jq.out"
    t1=$(now)
    elapsed "$t0" "$t1" >>"$WORK/jq.times"
  done
  put JQ_S "$(median <"$WORK/jq.times")"
  put JQ_LINES "$(wc -l <"$WORK/jq.out")"
fi
if [ "${SKIP_DUCKDB:-0}" != 1 ]; then
  if command -v node >/dev/null && command -v npm >/dev/null; then
    NODE_DIR="$HERE/node"
    if [ ! -d "$NODE_DIR/node_modules/@duckdb/node-api" ]; then
      log "npm install @duckdb/node-api into $NODE_DIR"
      mkdir -p -- "$NODE_DIR"
      [ -f "$NODE_DIR/package.json" ] || echo '{"private": true}' >"$NODE_DIR/package.json"
      npm install --prefix "$NODE_DIR" --no-audit --no-fund --silent "@duckdb/node-api@${DUCKDB_NODE_API_VERSION:-1.5.6-r.1}" >&2
    fi
    put DUCKDB_VERSION "$(jq -r .version "$NODE_DIR/node_modules/@duckdb/node-api/package.json")"
    : >"$WORK/duckdb.all"
    for r in $(seq 1 "$DUCKDB_RUNS"); do
      log "DuckDB look-up (run $r/$DUCKDB_RUNS)"
      DUCKDB_NODE_DIR="$NODE_DIR" node "$HERE/duckdb_lookup.mjs" "$CORPUS" "$KEY" "$NPROC" >"$WORK/duckdb.$r.txt"
      cat "$WORK/duckdb.$r.txt" >>"$WORK/duckdb.all"
    done
    for k in count_s fetch_s load_s table_lookup_s; do
      put "DUCKDB_${k^^}" "$(awk -F= -v k="$k" '$1 == k { print $2 }' "$WORK/duckdb.all" | median)"
    done
    put DUCKDB_COUNT "$(awk -F= '$1 == "count" { print $2 }' "$WORK/duckdb.$DUCKDB_RUNS.txt")"
    put DUCKDB_FETCH_ROWS "$(awk -F= '$1 == "fetch_rows" { print $2 }' "$WORK/duckdb.$DUCKDB_RUNS.txt")"
    put DUCKDB_TOTAL_EVENTS "$(awk -F= '$1 == "total_events" { print $2 }' "$WORK/duckdb.$DUCKDB_RUNS.txt")"
  else
    log "node/npm not found: DuckDB skipped"
  fi
fi

# --- cold look-up: page cache dropped (root only) ---------------------------------------------
if [ "$DROP_CACHES" = 1 ] && [ -w /proc/sys/vm/drop_caches ]; then
  log "cold look-up (page cache dropped)"
  sync; echo 3 >/proc/sys/vm/drop_caches
  "$LOOKUP_BENCH" --case "$CASE" --runs 1 "$Q" >"$WORK/lookup-cold.txt"
  put LB_COLD_OPEN_MS "$(awk -F= '$1 == "open_ms" { print $2 }' "$WORK/lookup-cold.txt")"
  put LB_COLD_FIRST_MS "$(awk -F= '$1 == "first_ms" { print $2 }' "$WORK/lookup-cold.txt")"
  sync; echo 3 >/proc/sys/vm/drop_caches
  t0=$(now); "$CREDTRACE" search --case "$CASE" --json "key:$KEY" >/dev/null; t1=$(now)
  put SEARCH_JSON_COLD_S "$(elapsed "$t0" "$t1")"
fi

# --- the table -------------------------------------------------------------------------------
MB=1000000
pf() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "pass" : "FAIL" }'; }
pflt() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? "pass" : "FAIL" }'; }
RATIO=$(div "$INGEST_S" "$IGZIP_S")
GIB_KB=1048576
CASE_RATIO=$(div "$CASE_BYTES" "$GZ_BYTES" %.3f)
{
  echo "credtrace ingest + search benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(uname -n), $(nproc) cores"
  echo "corpus: $CORPUS"
  printf '  %d .gz files, %d events, %.1f MB as .json.gz, %.1f MB uncompressed\n' "$FILES" "$EVENTS" "$(div "$GZ_BYTES" $MB)" "$(div "$RAW_BYTES" $MB)"
  echo "timings: median of $RUNS runs (look-up in process: $LOOKUP_RUNS runs; jq $JQ_RUNS, DuckDB $DUCKDB_RUNS)"
  echo
  printf '%-58s %14s %-18s %s\n' "measure" "value" "target" "result"
  row() { printf '%-58s %14s %-18s %s\n' "$@"; }
  row "igzip -dc, 2 processes (s)" "$IGZIP_S" "" ""
  row "credtrace ingest, 2 threads (s)" "$INGEST_S" "" ""
  row "ingest / igzip" "$RATIO" "<= 2.5" "$(pf "$RATIO" 2.5)"
  row "ingest events/s" "$(div "$EVENTS" "$INGEST_S" %.0f)" "" ""
  row "ingest MB/s uncompressed" "$(div "$(div "$RAW_BYTES" $MB)" "$INGEST_S" %.1f)" "" ""
  row "ingest MB/s as received (.gz)" "$(div "$(div "$GZ_BYTES" $MB)" "$INGEST_S" %.1f)" "" ""
  row "igzip MB/s uncompressed" "$(div "$(div "$RAW_BYTES" $MB)" "$IGZIP_S" %.1f)" "" ""
  row "ingest peak RSS, whole corpus (MiB)" "$(div "$INGEST_RSS_KB" 1024 %.0f)" "< 1024" "$(pflt "$INGEST_RSS_KB" $GIB_KB)"
  if [ -n "${HALF_RSS_KB:-}" ]; then
    row "ingest peak RSS, half ($(div "$HALF_RAW_BYTES" $MB %.0f) MB raw) (MiB)" "$(div "$HALF_RSS_KB" 1024 %.0f)" "< 1024" "$(pflt "$HALF_RSS_KB" $GIB_KB)"
    row "peak RSS whole / half (input x$(div "$RAW_BYTES" "$HALF_RAW_BYTES"))" "$(div "$INGEST_RSS_KB" "$HALF_RSS_KB")" "~1 (flat)" "$(pf "$(div "$INGEST_RSS_KB" "$HALF_RSS_KB")" 1.25)"
  fi
  row "case directory (MB)" "$(div "$CASE_BYTES" $MB %.1f)" "" ""
  row "  evidence packs / store / rest (MB)" "$(div "$EVIDENCE_BYTES" $MB %.1f) / $(div "$STORE_BYTES" $MB %.1f) / $(div $((CASE_BYTES - EVIDENCE_BYTES - STORE_BYTES)) $MB %.1f)" "" ""
  row "case / .json.gz input" "$CASE_RATIO" "<= 1.3" "$(pf "$CASE_RATIO" 1.3)"
  row "store / .json.gz input" "$(div "$STORE_BYTES" "$GZ_BYTES" %.3f)" "(~0.3 budget)" ""
  echo
  echo "look-up: $Q  ($LB_MATCHES events; $LB_SEGMENTS segments)"
  row "in process: open case (ms)" "$LB_OPEN_MS" "" ""
  row "in process: first look-up after open (ms)" "$LB_FIRST_MS" "< 50" "$(pflt "$LB_FIRST_MS" 50)"
  row "in process: look-up median / p95 (ms)" "$LB_SEARCH_MEDIAN_MS / $LB_SEARCH_P95_MS" "< 50" "$(pflt "$LB_SEARCH_P95_MS" 50)"
  row "in process: count median / p95 (ms)" "$LB_COUNT_MEDIAN_MS / $LB_COUNT_P95_MS" "" ""
  row "in process: look-up + fetch records median / p95 (ms)" "$LB_FETCH_MEDIAN_MS / $LB_FETCH_P95_MS" "" ""
  if [ -n "${LB_COLD_FIRST_MS:-}" ]; then
    row "cold page cache: open + first look-up (ms)" "$LB_COLD_OPEN_MS + $LB_COLD_FIRST_MS" "< 50 (look-up)" "$(pflt "$LB_COLD_FIRST_MS" 50)"
  fi
  row "credtrace search (table) end to end (s)" "$SEARCH_TABLE_S" "< 1" "$(pflt "$SEARCH_TABLE_S" 1)"
  row "credtrace search --json end to end (s)" "$SEARCH_JSON_S" "< 1" "$(pflt "$SEARCH_JSON_S" 1)"
  [ -n "${SEARCH_JSON_COLD_S:-}" ] && row "credtrace search --json, cold page cache (s)" "$SEARCH_JSON_COLD_S" "" ""
  row "credtrace search --count end to end (s)" "$SEARCH_COUNT_S" "< 1" "$(pflt "$SEARCH_COUNT_S" 1)"
  if [ -n "${JQ_S:-}" ]; then
    row "jq: zcat | jq, 2 processes (s)" "$JQ_S" "" ""
    row "  jq events/s; jq / credtrace search --json" "$(div "$EVENTS" "$JQ_S" %.0f); x$(div "$JQ_S" "$SEARCH_JSON_S" %.0f)" "" ""
  fi
  if [ -n "${DUCKDB_COUNT_S:-}" ]; then
    row "DuckDB $DUCKDB_VERSION count over .gz (s)" "$DUCKDB_COUNT_S" "" ""
    row "DuckDB fetch records over .gz (s)" "$DUCKDB_FETCH_S" "" ""
    row "  DuckDB fetch / credtrace search --json" "x$(div "$DUCKDB_FETCH_S" "$SEARCH_JSON_S" %.0f)" "" ""
    row "DuckDB load into a table (s); events/s" "$DUCKDB_LOAD_S; $(div "$EVENTS" "$DUCKDB_LOAD_S" %.0f)" "" ""
    row "DuckDB look-up on the loaded table (s)" "$DUCKDB_TABLE_LOOKUP_S" "" ""
  fi
  echo
  echo "ingest: $DUPLICATES duplicate deliveries, $REJECTED_FILES files rejected or partial, $SEGMENTS segments"
  echo "agreement: credtrace $SEARCH_COUNT (count) / $SEARCH_JSON_LINES (--json lines) / $LB_MATCHES (in process)${JQ_LINES:+, jq $JQ_LINES}${DUCKDB_COUNT:+, DuckDB $DUCKDB_COUNT / $DUCKDB_FETCH_ROWS (events $DUCKDB_TOTAL_EVENTS)}"
  echo "runs (s): ingest $INGEST_RUNS_S; igzip $IGZIP_RUNS_S"
} | tee "$WORK/results.txt"
