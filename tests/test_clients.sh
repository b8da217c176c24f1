#!/usr/bin/env bash
# The client examples (examples/): Python through Debian's /usr/bin/python3,
# Node through better-sqlite3 from npm (installed into examples/node on first
# run; skipped with a message when npm cannot reach its registry).
set -u
cd "$(dirname "$0")/.."
so="$(cd "$(dirname "$1")" && pwd)/$(basename "${1%.so}")"
case "$1" in *asan*) echo "skip clients: run once, in the plain run"; exit 0;; esac

want_py="entries per day:
  2025-03-11  205
  2025-03-12   66
  2025-03-17   86
  2025-03-18  111
papers seen on the most days:
  3  Collaborative Decoding Makes Visual Auto-Regressive Modeling Efficient"
got=$(PAPERS_EXTENSION="$so" /usr/bin/python3 examples/python_example.py 2>&1 | head -7)
if [ "$got" = "$want_py" ]; then echo "ok python client example"; else echo "not ok python client example: $got"; fi

. tests/lib.sh
if [ ! -d examples/node/node_modules/better-sqlite3/build/Release ]; then
  npm_install examples/node "node client example" || exit 0
fi
want_node="000_c0b2e69fb6ccf7e0.txt  Mar 17  86
001_ab2a4a745e152e11.txt  Mar 18  111
002_3d259bad9ce0d81d.txt  Mar 11  98
003_f8ce6d0fb1b7b81b.txt  Mar 11  107
004_facf3843ccacead3.txt  Mar 12  66
4  Scaling Laws for Data Filtering -- Data Curation cannot be Compute Agnostic
4  Threshold-Consistent Margin Loss for Open-World Deep Metric Learning"
got=$(cd examples/node && PAPERS_EXTENSION="$so" node example.js 2>&1)
if [ "$got" = "$want_node" ]; then echo "ok node client example (better-sqlite3)"; else echo "not ok node client example: $got"; fi
