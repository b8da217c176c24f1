#!/usr/bin/env bash
# make bench: run every
# bench/bench_*.sh in name order (each writes its section to bench/results/NAME.md,
# committed, with scratch files in bench/out/; the generated corpus is made
# once into bench/corpus/ by bench/benchlib.py, not committed),
# then assemble bench/RESULTS.md from the sections of this run.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out bench/results
only="${1:-}"
for b in bench/bench_*.sh; do
  [ -n "$only" ] && [[ "$b" != *"$only"* ]] && continue
  echo "== $b"
  bash "$b"
done
{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` (bench/run.sh). Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1). Each section names the peer measured in the same run."
  echo
  for f in bench/results/*.md; do cat "$f"; echo; done
} > bench/RESULTS.md
echo "wrote bench/RESULTS.md"
