#!/usr/bin/env bash
# Tokens: raw tokens() throughput over the abstracts of the
# 100,000-paper corpus, and the time to build an FTS5 index with
# tokenize='papers stem' beside tokenize='porter unicode61 remove_diacritics 2'
# in the same run. Writes bench/results/tokens.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import os, subprocess, sys
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

tok = rows[0]
B.write_results("tokens", "Tokens: tokens(), tokenize() and the FTS5 tokenizer `papers`",
    "The abstracts of the %d papers of `bench/gen_corpus.py` (%.0f MB; %.0f MB with titles) in an SQLite "
    "table; median of 3 runs, the two FTS5 builds taking turns." % (N, mb, mb_all),
    [("`SELECT count(*) FROM c.papers, tokens(abstract)`, MB/s", "%.0f" % tok[2],
      "reading the table alone: %.2f s" % rows[3][1], "", ">= 150", B.met(tok[2] >= 150)),
     ("`tokens(abstract, 'stem')`, MB/s", "%.0f" % rows[1][2], "", "", "", ""),
     ("`sum(json_array_length(tokenize(abstract)))`, MB/s", "%.0f" % rows[2][2], "", "", "", ""),
     ("FTS5 index of titles and abstracts, `tokenize='papers stem'`, s", "%.2f" % fmed["papers stem"][0],
      "`porter unicode61 remove_diacritics 2`: %.2f" % fmed["porter unicode61 remove_diacritics 2"][0],
      "%.2f" % ratio, "<= 1.0", B.met(ratio <= 1.0)),
     ("peak RSS of the FTS5 build, MB", "%.0f" % fmed["papers stem"][1],
      "%.0f" % fmed["porter unicode61 remove_diacritics 2"][1], "", "", "")])
PY
