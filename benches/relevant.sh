#!/usr/bin/env bash
# Every-file-relevant benchmark: a tree where every file imports a JWT, Express or DynamoDB
# package (COPIES copies of testdata/, which is such code), so nothing is left out by the
# prefilter. claimcheck's full scan against its own parse-only mode on the same files,
# measured alternately in one run; the ratio is the analysis's whole cost over parsing.
#
#   benches/relevant.sh                      # 20 copies, 5 rounds, all cores
#   COPIES=50 ROUNDS=7 JOBS=1 benches/relevant.sh
#
# Needs GNU time. Nothing is written inside the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/claimcheck-bench}"
ROUNDS="${ROUNDS:-5}"
COPIES="${COPIES:-20}"
JOBS_ARG=()
[ -n "${JOBS:-}" ] && JOBS_ARG=(--jobs "$JOBS")

TREE="$BENCH_DIR/relevant-$COPIES"
if [ ! -d "$TREE" ]; then
  mkdir -p "$TREE.tmp"
  for i in $(seq "$COPIES"); do cp -r "$ROOT/testdata" "$TREE.tmp/copy-$i"; done
  mv "$TREE.tmp" "$TREE"
fi
(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/claimcheck"
echo "tree: $(find "$TREE" -type f | wc -l) files, $(du -sm "$TREE" | cut -f1) MB ($TREE)"

TIMING="$BENCH_DIR/timing.txt"
# shellcheck source=benches/measure.sh
. "$ROOT/benches/measure.sh"

FULL="" PARSE="" FULL_RSS=""
for round in $(seq "$ROUNDS"); do
  read -r wall _ rss < <(measure "$BIN" "${JOBS_ARG[@]}" --format json --exit-zero "$TREE")
  FULL+="$wall "; FULL_RSS+="$rss "
  echo "round $round  full scan   wall ${wall}s  rss ${rss}MB" >&2
  read -r wall _ rss < <(measure "$BIN" "${JOBS_ARG[@]}" --parse-only "$TREE")
  PARSE+="$wall "
  echo "round $round  parse-only  wall ${wall}s  rss ${rss}MB" >&2
done
full=$(median "$FULL"); parse=$(median "$PARSE")
echo "full scan   ${full}s ($(minmax "$FULL")), peak $(median "$FULL_RSS") MB"
echo "parse-only  ${parse}s ($(minmax "$PARSE"))"
awk -v f="$full" -v p="$parse" 'BEGIN { printf "full / parse-only  %.2f (target <= 1.3)\n", f / p }'
