#!/usr/bin/env bash
# The one fuzz driver: each libFuzzer target (tests/fuzz/fuzz_*.c) replays
# its regressions (tests/fuzz/regressions/NAME/) and the seeds, then fuzzes
# for FUZZ_CI_SECONDS: 30 in make test, FUZZ_SECONDS in make fuzz. Only in
# the plain run: the targets carry their own ASan+UBSan. A finding is kept
# in a temporary folder named in the line that reports it; copy it to
# tests/fuzz/regressions/NAME/ with the fix.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip fuzzing: runs once, in the plain run"; exit 0;; esac
secs="${FUZZ_CI_SECONDS:-30}"
if ! make -s fuzz-build >/tmp/papers-fuzz-build.$$ 2>&1; then
  echo "not ok fuzz targets build: $(tail -3 /tmp/papers-fuzz-build.$$ | tr '\n' ' ')"
  rm -f /tmp/papers-fuzz-build.$$; exit 0
fi
rm -f /tmp/papers-fuzz-build.$$
for src in tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  work=$(mktemp -d)
  mkdir -p "tests/fuzz/regressions/$name"
  if "build/fuzz/$name" -max_total_time="$secs" -max_len=16384 -artifact_prefix="$work/" \
       "$work" "tests/fuzz/regressions/$name" tests/fuzz/seeds >"$work/log" 2>&1; then
    echo "ok fuzz $name for ${secs}s: $(grep -o 'cov: [0-9]*' "$work/log" | tail -1)"
  else
    echo "not ok fuzz $name: $(grep -E 'ERROR|SUMMARY' "$work/log" | head -2 | tr '\n' ' ') (artifact in $work)"
    continue
  fi
  rm -rf "$work"
done
