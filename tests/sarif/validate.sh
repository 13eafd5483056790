#!/usr/bin/env bash
# Validates claimcheck's SARIF with the real tools GitHub users rely on: the SARIF 2.1.0 JSON
# schema (check-jsonschema) and the SARIF multitool's SARIF and GitHub rules. The multitool
# exits 0 even when it reports errors, so its output log is read instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools=${CLAIMCHECK_SARIF_TOOLS:-"${TMPDIR:-/tmp}/claimcheck-sarif-tools"}
mkdir -p "$tools"
if ! command -v check-jsonschema >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check check-jsonschema==0.33.0
fi
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$multitool" ]; then
  (cd "$tools" && npm install --silent --no-audit --no-fund --prefix . @microsoft/sarif-multitool@5.7.0 >/dev/null)
fi
schema="$tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"

cargo build --quiet
bin=target/debug/claimcheck
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

targets=(testdata/jwt testdata/ddb)
for app in testdata/apps/*/; do
  [ -d "$app" ] && targets+=("${app%/}")
done

failed=0
for target in "${targets[@]}"; do
  name=$(echo "$target" | tr '/' '_')
  sarif="$out/$name.sarif"
  "$bin" "$target" --format sarif --output "$sarif" --exit-zero
  if ! check-jsonschema --disable-formats regex --schemafile "$schema" "$sarif" >"$out/$name.schema.log" 2>&1; then
    echo "SARIF schema validation failed for $target:"; cat "$out/$name.schema.log"; failed=1
  fi
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" --log ForceOverwrite \
    --output "$out/$name.validation.sarif" "$sarif" >/dev/null 2>&1 || true
  problems=$(python3 - "$out/$name.validation.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
for run in log.get("runs", []):
    for r in run.get("results", []):
        if r.get("level", "warning") in ("error", "warning"):
            args = r.get("message", {}).get("arguments", [])
            print(f'{r.get("level", "warning")} {r["ruleId"]}: {args}')
PY
)
  if [ -n "$problems" ]; then
    echo "SARIF multitool found problems in $target:"; echo "$problems"; failed=1
  else
    echo "sarif ok: $target"
  fi
done
exit $failed
