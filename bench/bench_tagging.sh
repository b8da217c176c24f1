#!/usr/bin/env bash
# Tagging: tags(abstract) over the abstracts of the
# 100,000-paper corpus with the built-in taxonomy and with a generated
# 5,000-phrase taxonomy, beside the same question in plain SQL
# (abstract LIKE '%' || phrase || '%' joined to the 5,000 phrases) as the
# peer. Writes bench/results/tagging.md.
#   bash bench/run.sh tagging
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/papers.so
exec /usr/bin/python3 - "$@" <<'PY'
import os, random, re, sqlite3, statistics, subprocess, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
SUB = 1000            # papers for the LIKE join (extrapolated to N)
RUNS = 7
db = B.corpus_db(N)
conn = sqlite3.connect(db)
if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name='tax5000'").fetchone()[0]:
    # 5,000 distinct phrases of two or three words cut at random (seeded) from
    # the corpus abstracts, 10 phrases per tag: many of them match, so this
    # measures the automaton with plenty of output, not only its misses.
    rng = random.Random(5000)
    texts = [r[0] for r in conn.execute("SELECT abstract FROM papers WHERE rowid % 50 = 0")]
    phrases = set()
    while len(phrases) < 5000:
        words = re.findall(r"[A-Za-z][A-Za-z-]+", rng.choice(texts))
        if len(words) < 4:
            continue
        i = rng.randrange(len(words) - 3)
        phrases.add(" ".join(words[i:i + rng.randint(2, 3)]).lower())
    conn.execute("CREATE TABLE tax5000(tag TEXT, phrase TEXT)")
    conn.executemany("INSERT INTO tax5000 VALUES (?, ?)",
                     [("t%d" % (i % 500), p) for i, p in enumerate(sorted(phrases))])
    conn.commit()
mb = conn.execute("SELECT sum(length(CAST(abstract AS BLOB))) FROM papers").fetchone()[0] / 1e6
sub_mb = conn.execute("SELECT sum(length(CAST(abstract AS BLOB))) FROM (SELECT abstract FROM papers ORDER BY rowid LIMIT %d)" % SUB).fetchone()[0] / 1e6
n_builtin = subprocess.run(B.sqlite("SELECT count(*) FROM paper_taxonomy"), capture_output=True, text=True,
                           check=True).stdout.strip()
conn.close()


def run_once(sql):
    """Wall s, CPU (user+sys) s, peak RSS MB, output of one sqlite3 process."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "sqlite3", db, ".load build/papers", sql],
                       capture_output=True, text=True, check=True)
    e, u, s, m = p.stderr.strip().splitlines()[-1].split()
    return float(e), float(u) + float(s), int(m) / 1024.0, p.stdout.strip()


def run(*sqls, runs=RUNS):
    """For each query: median wall s, median CPU s, max peak RSS MB, output.
    The queries take turns, round after round, so that a slow spell of this
    VM falls on all of them alike rather than on whichever ran then."""
    got = [[] for _ in sqls]
    for _ in range(runs):
        for i, sql in enumerate(sqls):
            got[i].append(run_once(sql))
    return [(statistics.median(g[0] for g in r), statistics.median(g[1] for g in r),
             max(g[2] for g in r), r[-1][3]) for r in got]


rows = []
# The answers are counted with json_array_length() (the number of tags), as
# a user would; SQLite's JSON parser then reads every answer back, which
# costs the 5,000-phrase run more (its answers are 6.8 times as long). The
# same two runs summed with length() leave that parser out.
t_read, t_b, t_5, t_pt = run(
    "SELECT count(*), sum(length(abstract)) FROM papers",
    "SELECT count(*), sum(json_array_length(tags(abstract))) FROM papers",
    "SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM papers",
    "SELECT count(*), sum(json_array_length(paper_tags(title, abstract))) FROM papers")
rows.append(("`SELECT sum(length(abstract))` (reading the table alone)", N, t_read))
rows.append(("`sum(json_array_length(tags(abstract)))`, built-in taxonomy (%s phrases)" % n_builtin, N, t_b))
rows.append(("`sum(json_array_length(tags(abstract, 'tax5000')))`, 5,000 phrases", N, t_5))
like_sql = ("SELECT count(*) FROM (SELECT DISTINCT p.rowid, t.tag FROM (SELECT rowid, abstract FROM papers ORDER BY rowid LIMIT %d) p "
            "JOIN tax5000 t ON p.abstract LIKE '%%' || t.phrase || '%%')" % SUB)
(t_like,) = run(like_sql, runs=1)
rows.append(("plain SQL: `abstract LIKE '%%' \\|\\| phrase \\|\\| '%%'` joined to the 5,000 phrases, distinct (paper, tag), first %d papers (peer)" % SUB, SUB, t_like))
(t_5sub,) = run("SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM (SELECT abstract FROM papers ORDER BY rowid LIMIT %d)" % SUB)
rows.append(("`tags(abstract, 'tax5000')`, the same first %d papers" % SUB, SUB, t_5sub))

like_full = t_like[0] * N / SUB
ratio = t_5[0] / t_b[0]
ratio_cpu = t_5[1] / t_b[1]
speedup = like_full / t_5[0]
B.write_results("tagging", "Tagging: paper_tags() and tags() over a corpus",
    "The abstracts (and titles) of the %d papers of `bench/gen_corpus.py` (%.0f MB of abstracts) in an "
    "SQLite table; the built-in taxonomy (%s phrases) and `tax5000`, 5,000 two- and three-word phrases "
    "cut at random (seed 5000) from the abstracts, 10 per tag; median of %d runs, the queries taking turns; "
    "the LIKE join on the first %d papers, scaled to %d." % (N, mb, n_builtin, RUNS, SUB, N),
    [("`tags(abstract)`, built-in taxonomy, MB/s", "%.0f" % (mb / t_b[0]),
      "reading the table alone: %.2f s" % t_read[0], "", ">= 100", B.met(mb / t_b[0] >= 100)),
     ("`tags(abstract, 'tax5000')`, MB/s", "%.0f" % (mb / t_5[0]), "", "", ">= 100", B.met(mb / t_5[0] >= 100)),
     ("5,000 phrases against the built-in taxonomy, wall time", "%.2f s" % t_5[0], "built-in: %.2f s" % t_b[0],
      "%.2fx" % ratio, "<= 1.5x", B.met(ratio <= 1.5)),
     ("the same, CPU time", "%.2f s" % t_5[1], "built-in: %.2f s" % t_b[1], "%.2fx" % ratio_cpu, "", ""),
     ("`paper_tags(title, abstract)`, built-in taxonomy, MB/s", "%.0f" % (mb / t_pt[0]), "", "", "", ""),
     ("`tags(abstract, 'tax5000')` over all papers, s", "%.2f" % t_5[0],
      "`abstract LIKE '%%' || phrase || '%%'` join: %.0f (scaled)" % like_full, "%.0fx faster" % speedup,
      ">= 50x faster", B.met(speedup >= 50)),
     ("peak RSS, 5,000 phrases, MB", "%.1f" % t_5[2], "", "", "", "")],
    ["The LIKE join answers a looser question (substrings: `RL` inside `URL` counts)."])
PY
