#!/usr/bin/env bash
# Valgrind memcheck over one statement per module (tests/data/valgrind.sql: the
# reader and digests table, digest_problems, tokens/tokenize and the FTS5
# tokenizer, tags/tag_matches/tag_problems with the built-in and a changing
# user taxonomy, keywords, similarity, similar_to and paper_duplicates), run
# by the stock sqlite3 shell with the plain build. Checks: memcheck reports
# no error and no definite or indirect leak (exit status), and the output is
# the same as without valgrind (what the statements answer is asserted by the
# SQL tests; here it must not change under valgrind). Only in the plain run:
# ASan and valgrind do not mix.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip valgrind: runs once, in the plain run"; exit 0;; esac
if ! command -v valgrind >/dev/null; then
  echo "not ok valgrind: valgrind is missing (make deps installs it)"; exit 0
fi
so="${1%.so}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sqlite3 -bail -cmd ".load $so" :memory: < tests/data/valgrind.sql > "$work/plain" 2>&1
valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=99 --log-file="$work/log" \
  sqlite3 -bail -cmd ".load $so" :memory: < tests/data/valgrind.sql > "$work/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "not ok valgrind memcheck: exit $rc: $(grep -E 'Invalid|uninitialised|definitely|indirectly|ERROR SUMMARY' "$work/log" | head -4 | tr '\n' ' ')"
else
  echo "ok valgrind memcheck: $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$work/log")"
fi
if cmp -s "$work/plain" "$work/out" && [ -s "$work/out" ]; then
  echo "ok valgrind same output: $(wc -l < "$work/out") lines"
else
  echo "not ok valgrind same output: $(diff "$work/plain" "$work/out" | head -4 | tr '\n' ' ')"
fi
