#!/usr/bin/env bash
# Threads: several threads, own connections, all queries at once,
# under ThreadSanitizer (build/threads). Only in the plain run.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip threads: runs once, under ThreadSanitizer, in the plain run"; exit 0;; esac
if ! make -s build/threads >/tmp/papers-threads.$$ 2>&1; then
  echo "not ok threads build: $(tail -3 /tmp/papers-threads.$$ | tr '\n' ' ')"; rm -f /tmp/papers-threads.$$; exit 0
fi
rm -f /tmp/papers-threads.$$
TSAN_OPTIONS="halt_on_error=1 exitcode=66" build/threads 4 5 2>/tmp/papers-tsan.$$
rc=$?
if [ $rc -ne 0 ]; then
  echo "not ok threads under ThreadSanitizer: exit $rc: $(grep -m3 -E 'WARNING|SUMMARY|#[0-3] ' /tmp/papers-tsan.$$ | tr '\n' ' ')"
fi
rm -f /tmp/papers-tsan.$$
