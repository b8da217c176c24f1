#!/usr/bin/env bash
# Tagging benchmark (issue 4): tags(abstract) over the abstracts of the
# 100,000-paper corpus with the built-in taxonomy and with a generated
# 5,000-phrase taxonomy, beside the same question in plain SQL
# (abstract LIKE '%' || phrase || '%' joined to the 5,000 phrases) as the
# peer. Writes bench/results/tagging.md.
#   bash bench/run.sh tagging
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/papers.so
exec /usr/bin/python3 - "$@" <<'PY'
import datetime, os, random, re, sqlite3, statistics, subprocess, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
SUB = 1000            # papers for the LIKE join (extrapolated to N)
RUNS = 5
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
t_read, t_b, t_5 = run("SELECT count(*), sum(length(abstract)) FROM papers",
                       "SELECT count(*), sum(json_array_length(tags(abstract))) FROM papers",
                       "SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM papers")
rows.append(("`SELECT sum(length(abstract))` (reading the table alone)", N, t_read))
rows.append(("`tags(abstract)`, built-in taxonomy (%s phrases)" % n_builtin, N, t_b))
rows.append(("`tags(abstract, 'tax5000')`, 5,000 phrases", N, t_5))
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
date = datetime.date.today().isoformat()
with open("bench/results/tagging.md", "w") as f:
    f.write("## Tagging: tags() (issue 4)\n\n")
    f.write("Corpus: the abstracts of %d generated papers (`bench/gen_corpus.py`), %.0f MB, in an SQLite table "
            "(`bench/out/corpus-%d.db`), page cache warm. %s. Run %s by `bash bench/run.sh tagging`. "
            "Median of %d runs, the three full-table queries taking turns round after round (the LIKE join: 1 run on the first %d papers). CPU is user+sys time of the "
            "`sqlite3` process; MB/s is abstract bytes over wall time.\n\n"
            % (N, mb, N, B.machine(), date, RUNS, SUB))
    f.write("The 5,000-phrase taxonomy `tax5000` is made by the script: 5,000 distinct two- and three-word "
            "windows cut at random (seed 5000) from the corpus abstracts, 10 phrases per tag, so most papers "
            "match dozens of them.\n\n")
    f.write("| query | papers | median wall s | CPU s | MB/s | peak RSS MB | answer |\n|---|---:|---:|---:|---:|---:|---|\n")
    for name, n, (w, c, r, out) in rows:
        m = mb if n == N else sub_mb
        f.write("| %s | %d | %.2f | %.2f | %.0f | %.1f | %s |\n" % (name, n, w, c, m / w, r, out.replace("|", ", ")))
    f.write("\nThe LIKE join over all %d papers would take about %.0f s (%.2f s for %d, times %d). "
            "It answers a looser question (substrings, so `RL` inside `URL` counts) and its count differs "
            "from the tags() count on the same papers for that reason.\n\n" % (N, like_full, t_like[0], SUB, N // SUB))
    f.write("Targets and outcome:\n\n")
    f.write("- 5,000 phrases cost at most 1.5x the built-in taxonomy: %.2fx wall (%.2fx CPU), %s\n"
            % (ratio, ratio_cpu, "met" if ratio <= 1.5 else "**missed**"))
    f.write("- both at least 100 MB/s: %.0f and %.0f MB/s, %s\n"
            % (mb / t_b[0], mb / t_5[0], "met" if min(mb / t_b[0], mb / t_5[0]) >= 100 else "**missed**"))
    f.write("- at least 50x faster than the LIKE join at 5,000 phrases: %.0fx, %s\n"
            % (speedup, "met" if speedup >= 50 else "**missed**"))
    f.write("\nWhere the time goes, measured by switching parts of the matcher off in a scratch build (user time, "
            "all 100,000 papers, 5,000 phrases, 1.40 s in all): reading the table, tokenizing and the word cache "
            "(word -> token id) 0.66 s, the work the built-in run does too; automaton transitions 0.44 s, about "
            "21 ns for each token whose word is in some phrase (90% of tokens here; per such token 0.45 edge "
            "lookups and 0.77 failure links); walking the report chains 0.1 s; recording, sorting and writing "
            "out the 5.3 million raw matches, and SQLite's json_array_length() reading the 4.8 million tags back "
            "(about 0.08 s of it), 0.2 s. The built-in run spends about 0.2 s beyond the shared 0.66 s. The "
            "5,000-phrase run finds 6.8 times as many tags as the built-in one, which is most of the gap. "
            "Kept: matches carry their tag id and are sorted by insertion (they arrive nearly in order), the "
            "tag JSON strings are made once per matcher, the run buffers are reused (13% and 7% fewer "
            "instructions, by cachegrind). Tried and dropped, since interleaved runs showed no gain beyond "
            "noise even where cachegrind counted fewer simulated L2 misses (up to 12%) or mispredicted "
            "branches: 16-byte run-time node records with 12-byte full-key edge slots and compact pattern "
            "records; nodes numbered breadth-first; prefetching the next word's cache slot a token ahead; a "
            "branch-free word key; reading 256 tokens ahead with each one's word-cache slot prefetched as it is "
            "read, then matching them (2-4% less user time in 7 interleaved rounds, within the spread; the "
            "profiler's hottest instruction, the word-cache load, only moved to the prefetch); the word cache "
            "in a 2 MB huge page (no change: not TLB misses); earlier, keeping only each tag's first match, a 256-entry hot word cache, "
            "single-child shortcuts, flattened output lists, 16-byte word-cache slots, 32-bit child masks. "
            "Timings on this 2-core VM drift by 10-30% between runs of one build, which is why the three "
            "queries take turns.\n\n")
    f.write("Before the word cache (matcher stemming and interning every token, tags deduplicated with strcmp; "
            "commit 898a4fe), measured once the same day on the same table: built-in 2.81 s CPU, 5,000 phrases "
            "4.87 s CPU; after: 1.52 s and 2.77 s, the same answers. Since then the tokenizer got faster "
            "(tok2), and the word cache compares keys instead of bytes.\n")
print(open("bench/results/tagging.md").read())
PY
