#!/usr/bin/env bash
# Large-tree benchmark: claimcheck (full scan, and its parse-only baseline) against oxlint, on a
# corpus of real npm package sources at pinned versions, measured alternately in one run.
#
#   benches/corpus.sh            # build the corpus if missing, then 3 rounds
#   ROUNDS=5 BENCH_DIR=/data/cc benches/corpus.sh
#   STRESS=1 benches/corpus.sh   # tie the whole corpus into one component (worst case)
#
# Needs node/npm (network on the first run) and GNU time. Nothing is written inside the
# repository: the corpus and the tools live under $BENCH_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/claimcheck-bench}"
ROUNDS="${ROUNDS:-3}"
OXLINT_VERSION="1.94.0"
PACKAGES=(
  typescript@5.6.3 aws-sdk@2.1691.0 @aws-sdk/client-dynamodb@3.699.0 @aws-sdk/lib-dynamodb@3.699.0
  express@4.21.1 jsonwebtoken@9.0.2 jose@5.9.6 passport@0.7.0 passport-jwt@4.0.1 express-jwt@8.4.1
  lodash@4.17.21 rxjs@7.8.1 webpack@5.96.1 eslint@9.15.0 @babel/core@7.26.0 prettier@3.3.3
  mongoose@8.8.2 sequelize@6.37.5 three@0.170.0 date-fns@4.1.0 core-js@3.39.0 @angular/core@19.0.0
)

mkdir -p "$BENCH_DIR"
CORPUS="$BENCH_DIR/corpus"
if [ ! -d "$CORPUS" ]; then
  echo "building corpus in $CORPUS" >&2
  (cd "$BENCH_DIR" && [ -f package.json ] || echo '{"private":true}' >"$BENCH_DIR/package.json")
  (cd "$BENCH_DIR" && npm install --no-audit --no-fund --ignore-scripts --silent "${PACKAGES[@]}" "oxlint@$OXLINT_VERSION")
  # A plain tree: no folder named node_modules, so no tool skips anything by name.
  mkdir -p "$CORPUS.tmp"
  (cd "$BENCH_DIR/node_modules" && find . -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \
      -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.jsx' -o -name '*.tsx' \) \
      -not -path './.bin/*' -not -path './oxlint/*' -not -path './@oxlint/*' -print0 |
    while IFS= read -r -d '' f; do
      dest="$CORPUS.tmp/$(printf '%s' "${f#./}" | sed 's#node_modules#nm#g')"
      mkdir -p "$(dirname "$dest")" && cp "$f" "$dest"
    done)
  mv "$CORPUS.tmp" "$CORPUS"
fi
# The bundled example apps (JWT, Express and DynamoDB code with findings), so that the
# with/without-prefilter comparison below compares findings, not two empty lists.
rm -rf "$CORPUS/claimcheck-apps" && cp -r "$ROOT/testdata/apps" "$CORPUS/claimcheck-apps"
# STRESS=1: one more file that imports Express and the entry file of every package, so that the
# whole corpus is one component the analysis must walk (the worst case for the project stage).
rm -f "$CORPUS/claimcheck-stress.js"
if [ "${STRESS:-0}" = 1 ]; then
  { echo "const express = require('express');"
    (cd "$CORPUS" && find . -maxdepth 4 -name index.js | sort | sed "s|.*|require('&');|")
    echo "express().get('/x/:id', (req, res) => req.db.get({ TableName: 't', Key: { id: req.params.id } }));"
  } >"$CORPUS/claimcheck-stress.js"
fi
OXLINT="$BENCH_DIR/node_modules/.bin/oxlint"
[ -x "$OXLINT" ] || (cd "$BENCH_DIR" && npm install --no-audit --no-fund --silent "oxlint@$OXLINT_VERSION")

(cd "$ROOT" && cargo build --release --quiet)
BIN="$ROOT/target/release/claimcheck"

FILES=$(find "$CORPUS" -type f | wc -l)
MB=$(du -sm "$CORPUS" | cut -f1)
echo "corpus: $FILES files, $MB MB ($CORPUS)"

TIMING="$BENCH_DIR/timing.txt"
# shellcheck source=benches/measure.sh
. "$ROOT/benches/measure.sh"

declare -A WALL CPU RSS
TOOLS=(claimcheck claimcheck-parse-only oxlint)
run() {
  case "$1" in
    claimcheck) measure "$BIN" --format json --exit-zero "$CORPUS" ;;
    claimcheck-parse-only) measure "$BIN" --parse-only "$CORPUS" ;;
    oxlint) measure "$OXLINT" --quiet "$CORPUS" ;;
  esac
}
for round in $(seq "$ROUNDS"); do
  for tool in "${TOOLS[@]}"; do
    read -r wall cpu rss < <(run "$tool")
    WALL[$tool]+="$wall "; CPU[$tool]+="$cpu "; RSS[$tool]+="$rss "
    echo "round $round  $tool  wall ${wall}s  cpu ${cpu}s  rss ${rss}MB" >&2
  done
done


printf '\n%-22s %9s %13s %9s %9s %9s\n' tool "wall(s)" "range" "cpu(s)" "MB/s" "rss(MB)"
for tool in "${TOOLS[@]}"; do
  w=$(median "${WALL[$tool]}"); c=$(median "${CPU[$tool]}"); r=$(median "${RSS[$tool]}")
  printf '%-22s %9s %13s %9s %9.1f %9s\n' "$tool" "$w" "$(minmax "${WALL[$tool]}")" "$c" \
    "$(awk -v mb="$MB" -v w="$w" 'BEGIN { print (w > 0 ? mb / w : 0) }')" "$r"
done
cc=$(median "${WALL[claimcheck]}"); po=$(median "${WALL[claimcheck-parse-only]}"); ox=$(median "${WALL[oxlint]}")
awk -v cc="$cc" -v po="$po" -v ox="$ox" 'BEGIN {
  printf "\nclaimcheck / oxlint      %.2f (target <= 1.0)\n", cc / ox
  printf "claimcheck / parse-only  %.2f\n", cc / po
}'

# The prefilter must not change what is found.
findings() { "$BIN" --format json --exit-zero "$@" "$CORPUS" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () =>
    console.log(JSON.stringify(JSON.parse(s).findings, null, 1)));'; }
findings >"$BENCH_DIR/with.json"
findings --no-prefilter >"$BENCH_DIR/without.json"
if cmp -s "$BENCH_DIR/with.json" "$BENCH_DIR/without.json"; then
  echo "findings with and without --no-prefilter: identical ($(grep -c '"rule"' "$BENCH_DIR/with.json") findings)"
else
  echo "findings differ with --no-prefilter: diff $BENCH_DIR/with.json $BENCH_DIR/without.json" >&2
  exit 1
fi
