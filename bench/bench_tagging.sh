#!/usr/bin/env bash
# Tagging benchmark (issue 4): tags(abstract) over the 100,000-paper corpus
# with the built-in taxonomy and with a generated 5,000-phrase taxonomy, and
# the same question in plain SQL (abstract LIKE '%' || phrase || '%' joined to
# the taxonomy) as the baseline; then keywords() F1@10 on SemEval-2017.
# Writes bench/results/tagging.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import datetime, os, random, re, sqlite3, subprocess, sys
sys.path.insert(0, "bench")
import benchlib as B

N = 100000
path = B.corpus(N)
db = "bench/out/corpus-%d.db" % N
if not os.path.exists(db):
    subprocess.run(["sqlite3", db, ".load build/papers",
                    "CREATE TABLE papers AS SELECT title, abstract FROM digests('%s')" % os.path.relpath(path)],
                   check=True)
conn = sqlite3.connect(db)
if not conn.execute("SELECT count(*) FROM sqlite_master WHERE name='tax5000'").fetchone()[0]:
    # 5,000 phrases of two or three words taken from the corpus text, so many match.
    rng = random.Random(5000)
    words = re.findall(r"[A-Za-z][A-Za-z-]{3,}", " ".join(r[0] for r in conn.execute("SELECT abstract FROM papers LIMIT 3000")))
    phrases = set()
    while len(phrases) < 5000:
        i = rng.randrange(len(words) - 3)
        phrases.add(" ".join(words[i:i + rng.randint(2, 3)]).lower())
    conn.execute("CREATE TABLE tax5000(tag TEXT, phrase TEXT)")
    conn.executemany("INSERT INTO tax5000 VALUES (?, ?)", [("t%d" % (i % 500), p) for i, p in enumerate(sorted(phrases))])
    conn.commit()
mb = conn.execute("SELECT sum(length(CAST(abstract AS BLOB))) FROM papers").fetchone()[0] / 1e6
builtin_n = int(subprocess.run(["sqlite3", ":memory:", ".load build/papers", "SELECT count(*) FROM paper_taxonomy"],
                               capture_output=True, text=True).stdout)
conn.close()

def q(sql):
    return ["sqlite3", "file:%s?mode=ro" % db, ".load build/papers", sql]

rows = []
t_builtin, rss1, out1 = B.run(q("SELECT count(*), sum(json_array_length(tags(abstract))) FROM papers"), runs=3)
rows.append(("`tags(abstract)`, built-in taxonomy (%d phrases)" % builtin_n, t_builtin, mb / t_builtin, rss1, out1.strip()))
t_big, rss2, out2 = B.run(q("SELECT count(*), sum(json_array_length(tags(abstract, 'tax5000'))) FROM papers"), runs=3)
rows.append(("`tags(abstract, 'tax5000')`, 5,000 phrases", t_big, mb / t_big, rss2, out2.strip()))
SUB = 1000
t_like, rss3, out3 = B.run(q("SELECT count(DISTINCT p.rowid || '/' || t.tag) FROM (SELECT rowid, abstract FROM papers LIMIT %d) p "
                             "JOIN tax5000 t ON p.abstract LIKE '%%' || t.phrase || '%%'" % SUB), runs=1)
like_full = t_like * N / SUB
rows.append(("plain SQL: `abstract LIKE '%%' || phrase || '%%'` joined to the 5,000 phrases, %d papers (peer)" % SUB,
             t_like, mb * SUB / N / t_like, rss3, out3.strip()))

kw = subprocess.run([B.PY, "bench/keyphrase_eval.py"], capture_output=True, text=True)

with open("bench/results/tagging.md", "w") as f:
    f.write("## Tagging: tags() and keywords() (issue 4)\n\n")
    f.write("Corpus: the abstracts of %d generated papers, %.0f MB, in an SQLite table. %s. Run %s by "
            "`bash bench/run.sh tagging`. Median of 3 runs (the LIKE join: 1 run on %d papers).\n\n"
            % (N, mb, B.machine(), datetime.date.today().isoformat(), SUB))
    f.write("| query | median s | MB/s | peak RSS MB | answer (papers, tags) |\n|---|---:|---:|---:|---|\n")
    for name, secs, rate, rss, out in rows:
        f.write("| %s | %.2f | %.0f | %.1f | %s |\n" % (name, secs, rate, rss, out))
    f.write("\nThe LIKE join over all %d papers would take about %.0f s (%.2f s for %d, times %d).\n\n"
            % (N, like_full, t_like, SUB, N // SUB))
    f.write("Targets and outcome:\n\n")
    f.write("- 5,000 phrases cost at most 1.5x the built-in taxonomy: %.2fx, %s\n"
            % (t_big / t_builtin, "met" if t_big / t_builtin <= 1.5 else "**missed**"))
    f.write("- both at least 100 MB/s: %.0f and %.0f MB/s, %s\n"
            % (mb / t_builtin, mb / t_big, "met" if min(mb / t_builtin, mb / t_big) >= 100 else "**missed**"))
    f.write("- at least 50x faster than the LIKE join at 5,000 phrases: %.0fx, %s\n"
            % (like_full / t_big, "met" if like_full / t_big >= 50 else "**missed**"))
    f.write("\n### keywords() on SemEval-2017\n\n")
    f.write("`bench/keyphrase_eval.py` over the 493 documents of `bench/keyphrase/SemEval2017` (copied from the "
            "shared benchmark), scored as its README says (lower-case, split on non-alphanumerics, Snowball stems; "
            "F1@10 averaged over documents):\n\n```\n%s```\n\n" % kw.stdout)
    f.write("Published F1@10 on this set, under the authors' own settings (with part-of-speech tagging): "
            "YAKE 0.329, SingleRank 0.449. Ours is the default `singlerank`, **below both published figures** "
            "(aim was above SingleRank): without a part-of-speech tagger, candidates keep verbs such as "
            "\"helps\" or \"beat\" that a noun-phrase filter would drop; a stop list of genre verbs and the -ly rule "
            "raised F1@10 from 0.205 to 0.272.\n")
print(open("bench/results/tagging.md").read())
PY
