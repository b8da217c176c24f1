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
t_read, t_b, t_5, t_bl, t_5l = run(
    "SELECT count(*), sum(length(abstract)) FROM papers",
    "SELECT count(*), sum(json_array_length(tags(abstract))) FROM papers",
    "SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM papers",
    "SELECT count(*), sum(length(tags(abstract))) FROM papers",
    "SELECT count(*), sum(length(tags(abstract, 'tax5000'))) FROM papers")
rows.append(("`SELECT sum(length(abstract))` (reading the table alone)", N, t_read))
rows.append(("`sum(json_array_length(tags(abstract)))`, built-in taxonomy (%s phrases)" % n_builtin, N, t_b))
rows.append(("`sum(json_array_length(tags(abstract, 'tax5000')))`, 5,000 phrases", N, t_5))
rows.append(("`sum(length(tags(abstract)))`, built-in taxonomy", N, t_bl))
rows.append(("`sum(length(tags(abstract, 'tax5000')))`, 5,000 phrases", N, t_5l))
like_sql = ("SELECT count(*) FROM (SELECT DISTINCT p.rowid, t.tag FROM (SELECT rowid, abstract FROM papers ORDER BY rowid LIMIT %d) p "
            "JOIN tax5000 t ON p.abstract LIKE '%%' || t.phrase || '%%')" % SUB)
(t_like,) = run(like_sql, runs=1)
rows.append(("plain SQL: `abstract LIKE '%%' \\|\\| phrase \\|\\| '%%'` joined to the 5,000 phrases, distinct (paper, tag), first %d papers (peer)" % SUB, SUB, t_like))
(t_5sub,) = run("SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM (SELECT abstract FROM papers ORDER BY rowid LIMIT %d)" % SUB)
rows.append(("`tags(abstract, 'tax5000')`, the same first %d papers" % SUB, SUB, t_5sub))

like_full = t_like[0] * N / SUB
ratio = t_5[0] / t_b[0]
ratio_cpu = t_5[1] / t_b[1]
ratio_len = t_5l[0] / t_bl[0]
speedup = like_full / t_5[0]
date = datetime.date.today().isoformat()
with open("bench/results/tagging.md", "w") as f:
    f.write("## Tagging: tags() (issue 4)\n\n")
    f.write("Corpus: the abstracts of %d generated papers (`bench/gen_corpus.py`), %.0f MB, in an SQLite table "
            "(`bench/out/corpus-%d.db`), page cache warm. %s. Run %s by `bash bench/run.sh tagging`. "
            "Median of %d runs, the five full-table queries taking turns round after round (the LIKE join: 1 run on the first %d papers). CPU is user+sys time of the "
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
    f.write("- 5,000 phrases cost at most 1.5x the built-in taxonomy: %.2fx wall (%.2fx CPU), %s "
            "(summed with length() instead of json_array_length(): %.2fx)\n"
            % (ratio, ratio_cpu, "met" if ratio <= 1.5 else "**missed**", ratio_len))
    f.write("- both at least 100 MB/s: %.0f and %.0f MB/s, %s\n"
            % (mb / t_b[0], mb / t_5[0], "met" if min(mb / t_b[0], mb / t_5[0]) >= 100 else "**missed**"))
    f.write("- at least 50x faster than the LIKE join at 5,000 phrases: %.0fx, %s\n"
            % (speedup, "met" if speedup >= 50 else "**missed**"))
    f.write("\nWhere the time goes, measured on 2026-11-23 by switching parts of the matcher off in scratch "
            "builds (user time, all 100,000 papers, interleaved rounds; the 5,000-phrase run 1.23 s, the "
            "built-in one 0.80 s): reading the table, tokenizing and the word cache (word -> token id), the "
            "work both runs do, 0.72 s; automaton steps 0.28 s (0.9 of the tokens have a word in some phrase "
            "here); reporting the 5.3 million matches and keeping each tag's first one 0.12 s; writing the "
            "JSON answers 0.03 s; SQLite's json_array_length() reading them back 0.08 s. The built-in run "
            "spends 0.08 s beyond the shared 0.72 s.\n\n")
    f.write("How the automaton is laid out for these figures (ext/matcher.c, \"Run-time blocks\"): after "
            "building, one block of ints per node holds what a step reads: the tokens it may go to, compared "
            "8 at once with SSE2 (the node's own children and, copied in, those of small nodes on its failure "
            "chain, so most failed steps read no other node), or, for the 159 nodes with more than 4 children "
            "(the, of, and, ...), a 512-bit bitmap in front of a hashed edge table; the root's transition for "
            "a word is kept in the word cache, and tags() keeps one match per tag instead of every match. "
            "Against the previous layout (an edge table of (node, token) slots confirmed on the child node, "
            "failure links followed one by one, a 64-bit child mask), measured in interleaved rounds of user "
            "time: 1.38 -> 1.23 s for 5,000 phrases, 0.84 -> 0.80 s built-in, the same answers byte for byte. "
            "The time had gone to mispredicted branches and cache misses more than to instructions: "
            "cachegrind counted 3.7% fewer instructions but 12% fewer mispredicted branches. Step by step: "
            "the blocks alone and the copied failure targets, no change beyond noise (14% fewer simulated L1 "
            "misses); the 8-wide compare instead of a loop, 5%; the 512-bit bitmap instead of a 64-bit mask, "
            "5% (with no filter at all, every step from a big node probes the edge table: 8% slower than "
            "with the bitmap); the root tested last in a step, so that a step from the root and one falling "
            "back to it take the same branches, about 1%; the block head cut from nine ints to three, with "
            "what a node reports in output records apart, no change in time, half the memory. Tried and "
            "dropped: a 2048-bit bitmap (no change), prefetching the new "
            "state's block and reporting its matches a token later, when the block has arrived (no change). "
            "Before this layout, tried and dropped: 16-byte node records with 12-byte full-key edge slots and "
            "compact pattern records; nodes numbered breadth-first; prefetching the next word's cache slot a "
            "token ahead; a branch-free word key; reading 256 tokens ahead with each one's word-cache slot "
            "prefetched (2-4%, within the spread); the word cache in a 2 MB huge page (no change); a "
            "256-entry hot word cache, single-child shortcuts, flattened output lists, 16-byte word-cache "
            "slots, 32-bit child masks; and on 2026-12-02, a direct-mapped front cache of 2,048, 4,096 or 8,192 "
            "hot words (48-192 KB, so the hot words lie together instead of one to a cache line of the 786 KB "
            "word cache) before the word cache: no gain (5,000 phrases, user time in five interleaved rounds, "
            "median 2.47 s without, 2.54-2.63 s with). Timings on this 2-core VM drift by 10-30% between runs of one build, "
            "which is why the queries take turns; across runs of this bench on one build the ratio moves by "
            "about 0.05. On 2026-12-02 the VM ran slow all day (in nine runs of this bench over three sessions, the last two with 30 more built-in phrases, "
            "the table read alone took 0.34-0.41 s, against 0.19 s on 2026-11-23, and the LIKE join "
            "7.7-10.3 s, against 3.6 s): built-in 1.47-2.08 s, 77-109 MB/s; 5,000 phrases 2.38-3.07 s, "
            "52-67 MB/s, under the 100 MB/s target in every run; 1.38x-1.72x, over 1.5x in two of the nine. "
            "The LIKE join, plain SQLite code, ran 2.1-2.9x slower than on 2026-11-23, tags() 1.4-2.1x: "
            "the machine, not the matcher, lost the speed. "
            "The build of 2026-11-23 (commit e013fdb, 231 built-in phrases) timed the same as the 241-phrase one of 2026-12-02 "
            "on that VM, in turns: 1.34-2.06 s and 1.56-2.03 s for the built-in run.\n\n")
    f.write("Before the word cache (matcher stemming and interning every token, tags deduplicated with strcmp; "
            "commit 898a4fe), measured once the same day on the same table: built-in 2.81 s CPU, 5,000 phrases "
            "4.87 s CPU; after: 1.52 s and 2.77 s, the same answers. Since then the tokenizer got faster "
            "(tok2), and the word cache compares keys instead of bytes.\n")
print(open("bench/results/tagging.md").read())
PY
