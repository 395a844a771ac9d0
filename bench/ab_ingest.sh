#!/bin/bash
# A/B comparison of ingest binaries on one corpus, interleaved so that the machine's drift hits
# every binary alike:
#   N=3 bench/ab_ingest.sh CORPUS_DIR BINARY...
# Each round: warm the page cache (cat every .gz), time `igzip -dc` with 2 processes, then for
# each binary warm the cache again and time `BINARY ingest --threads 2` into a fresh case.
# Prints one line a round: wall seconds, then peak RSS (KiB), user and system seconds.
set -euo pipefail
CORPUS=${1:?usage: N=3 bench/ab_ingest.sh CORPUS_DIR BINARY...}
shift
[ $# -gt 0 ] || { echo "usage: N=3 bench/ab_ingest.sh CORPUS_DIR BINARY..." >&2; exit 2; }
N=${N:-3}
WORK=$(mktemp -d /tmp/credtrace-ab.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
find "$CORPUS" -type f -name '*.gz' -print0 | sort -z >"$WORK/files"
warm() { xargs -0 cat <"$WORK/files" >/dev/null; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
for r in $(seq "$N"); do
  warm
  t0=$(date +%s.%N); xargs -0 -n 500 -P 2 igzip -dc <"$WORK/files" >/dev/null; t1=$(date +%s.%N)
  line="igzip $(secs "$t0" "$t1")"
  for b in "$@"; do
    rm -rf "$WORK/case"; warm
    t0=$(date +%s.%N)
    /usr/bin/time -f "%M %U %S" -o "$WORK/time" "$b" ingest --quiet --json --threads 2 --case "$WORK/case" "$CORPUS" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    line="$line | $b $(secs "$t0" "$t1") ($(tail -1 "$WORK/time"))"
  done
  echo "$line"
done
