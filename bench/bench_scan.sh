#!/usr/bin/env bash
# Scan: count(*) and sum(length(abstract)) over the 100,000-paper corpus,
# beside `wc -l` and a Python parse-and-insert script on the same files, in
# the same run. Writes bench/results/scan.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import os, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
path = B.corpus(N)
rel = os.path.relpath(path)
mb = B.corpus_bytes(path) / 1e6
files = sorted(os.path.join(rel, f) for f in os.listdir(path) if f.endswith(".txt"))
B.run(["cat"] + files, runs=1)          # the page cache warm for every contender

wc = B.run("wc -l %s/*.txt | tail -1" % rel, shell=True)
cnt = B.run(B.sqlite("SELECT count(*) FROM digests('%s')" % rel))
sm = B.run(B.sqlite("SELECT sum(length(abstract)) FROM digests('%s')" % rel))
py = B.run([B.PY, "bench/parse_insert.py", rel], runs=3)
shell = B.run(B.sqlite("SELECT 1"))
B.write_results("scan", "Scan: the `digests` table",
    "The %d papers of `bench/gen_corpus.py` (%d files, %.0f MB), page cache warm; median of 5 runs "
    "(3 for Python), peak RSS the largest (`/usr/bin/time -f %%M`)." % (N, len(files), mb),
    [("`SELECT count(*) FROM digests(...)`, s", "%.3f" % cnt[0], "`wc -l`: %.3f" % wc[0],
      "%.2fx" % (cnt[0] / wc[0]), "<= 3x", B.met(cnt[0] / wc[0] <= 3)),
     ("`SELECT sum(length(abstract)) FROM digests(...)`, s", "%.3f" % sm[0],
      "Python parse + insert + sum: %.3f" % py[0], "%.1fx faster" % (py[0] / sm[0]), ">= 10x faster",
      B.met(py[0] / sm[0] >= 10)),
     ("peak RSS of the sum, MB", "%.1f" % sm[1], "Python: %.1f; the shell alone: %.1f" % (py[1], shell[1]),
      "", "< 64", B.met(sm[1] < 64)),
     ("throughput of the sum, MB/s", "%.0f" % (mb / sm[0]), "Python: %.0f" % (mb / py[0]), "", "", "")])
PY
