#!/usr/bin/env bash
# Out-of-memory injection (tests/oom/oom.c, built as build/oom by make test):
# every allocation of each representative query fails in turn; each run must
# end with SQLITE_NOMEM or the right answer, and leak nothing.
set -u
cd "$(dirname "$0")/.."
if [ ! -x build/oom ]; then echo "not ok out of memory: build/oom is missing (make build/oom)"; exit 0; fi
exec build/oom "$1"
