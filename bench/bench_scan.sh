#!/usr/bin/env bash
# Scan benchmark (issue 2): count(*) and sum(length(abstract)) over the
# 100,000-paper corpus, beside `wc -l` and a Python parse-and-insert script
# on the same files, in the same run. Writes bench/results/scan.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import datetime, os, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
path = B.corpus(N)
rel = os.path.relpath(path)
mb = B.corpus_bytes(path) / 1e6
files = sorted(os.path.join(rel, f) for f in os.listdir(path) if f.endswith(".txt"))
# warm the page cache once, so every contender reads from memory
B.run(["cat"] + files, runs=1)

rows = []
def add(name, secs, rss, out):
    rows.append((name, secs, mb / secs, rss, out.strip().splitlines()[-1] if out.strip() else ""))

add("`wc -l` (peer)", *B.run("wc -l %s/*.txt | tail -1" % rel, shell=True))
add("`SELECT count(*) FROM digests(...)`", *B.run(B.sqlite("SELECT count(*) FROM digests('%s')" % rel)))
add("`SELECT sum(length(abstract)) FROM digests(...)`",
    *B.run(B.sqlite("SELECT sum(length(abstract)) FROM digests('%s')" % rel)))
add("Python parse + insert + `sum(length(abstract))` (peer)",
    *B.run([B.PY, "bench/parse_insert.py", rel], runs=3))
add("`sqlite3` shell alone (baseline memory)", *B.run(B.sqlite("SELECT 1")))

wc, cnt, sm, py = rows[0][1], rows[1][1], rows[2][1], rows[3][1]
with open("bench/results/scan.md", "w") as f:
    f.write("## Scan: the `digests` table (issue 2)\n\n")
    f.write("Corpus: %d papers, %d files, %.0f MB (`bench/gen_corpus.py`), page cache warm. "
            "%s. Run %s by `bash bench/run.sh scan`.\n"
            "Median of 5 runs (3 for Python); peak RSS is the largest of the runs (`/usr/bin/time -f %%M`).\n\n"
            % (N, len(files), mb, B.machine(), datetime.date.today().isoformat()))
    f.write("| what | median s | MB/s | peak RSS MB | answer |\n|---|---:|---:|---:|---|\n")
    for name, secs, rate, rss, out in rows:
        f.write("| %s | %.3f | %.0f | %.1f | %s |\n" % (name, secs, rate, rss, out))
    f.write("\nTargets and outcome:\n\n")
    f.write("- `count(*)` within 3x of `wc -l`: %.2fx, %s\n" % (cnt / wc, "met" if cnt / wc <= 3 else "**missed**"))
    f.write("- `sum(length(abstract))` at least 10x faster than Python parse-and-insert: %.1fx, %s\n"
            % (py / sm, "met" if py / sm >= 10 else "**missed**"))
    f.write("- peak memory under 64 MB: %.1f MB for the sum (the shell alone: %.1f MB), %s\n"
            % (rows[2][3], rows[4][3], "met" if rows[2][3] < 64 else "**missed**"))
    f.write("\nThe reader streams one file at a time through a window that grows only to the largest "
            "paragraph, so memory does not grow with the corpus.\n")
print(open("bench/results/scan.md").read())
PY
