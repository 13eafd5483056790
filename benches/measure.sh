# Shared by the benchmark scripts: one timed run, and the median and range of a list.
# Needs GNU time; the caller sets TIMING to a scratch file.

# One measurement of "$@": wall seconds, CPU seconds, peak RSS MB.
measure() {
  # Findings make a linter exit non-zero; only the timing matters here. GNU time writes it to
  # a file of its own, so the tool's output can go to /dev/null.
  /usr/bin/time -o "$TIMING" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
  awk 'END { printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$TIMING"
}

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
minmax() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
