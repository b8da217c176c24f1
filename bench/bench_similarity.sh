#!/usr/bin/env bash
# Similarity: the similar_to index of `digests` on the
# 100,000-paper corpus beside scikit-learn's TfidfVectorizer in the same run:
# index build time, median and p99 top-10 query time over 1,000 queries
# (abstracts of corpus papers), peak memory (/usr/bin/time -v), and the
# overlap of the two top-10 lists. Writes bench/results/similarity.md, or
# bench/results/similarity_N.md for another paper count (run.sh assembles
# every bench/results/*.md into bench/RESULTS.md).
#   bash bench/bench_similarity.sh [N_PAPERS [N_QUERIES]]   (100000, 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 - "$@" <<'PY'
import json, os, sqlite3, statistics, subprocess, sys
sys.path.insert(0, "bench")
import benchlib as B

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
NQ = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
RUNS = 3 if N <= 200000 else 1   # builds timed (median); one at 1,000,000 papers
RES = "bench/results/similarity.md" if N == 100000 else "bench/results/similarity_%d.md" % N
CMD = ("bash bench/run.sh similarity" if N == 100000 and NQ == 1000
       else "bash bench/bench_similarity.sh %d %d" % (N, NQ))
path = B.corpus(N)
rel = os.path.relpath(path)
os.makedirs("bench/out", exist_ok=True)

# 1,000 queries: abstracts of distinct corpus papers, evenly spaced
c = sqlite3.connect(":memory:")
c.enable_load_extension(True)
c.load_extension("build/papers")
seen, abstracts = set(), []
for pid, a in c.execute("SELECT paper_id, abstract FROM digests(?)", (rel,)):
    if pid not in seen:
        seen.add(pid)
        abstracts.append(a or "")
text_mb = sum(len(a.encode()) for a in abstracts) / 1e6
file_mb = B.corpus_bytes(path) / 1e6
step = max(1, len(abstracts) // NQ)
queries = [a for a in abstracts[::step] if a][:NQ]
qpath = "bench/out/sim_queries.json"
json.dump(queries, open(qpath, "w"))
c.close()

def worker(mode):
    out = "bench/out/sim_%s.json" % mode
    p = subprocess.run(["/usr/bin/time", "-v", B.PY, "bench/sim_worker.py", mode, rel, qpath, out, str(RUNS)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed: %s" % (mode, p.stderr[-2000:]))
    peak = [int(l.split(":")[1]) for l in p.stderr.splitlines() if "Maximum resident set size" in l][0] / 1024.0
    r = json.load(open(out))
    r["peak_mb"] = peak
    return r

have_sklearn = subprocess.run([B.PY, "-c", "import sklearn"], capture_output=True).returncode == 0
ours = worker("ours")
sk = worker("sklearn") if have_sklearn else None

def q(ts, p):
    ts = sorted(ts)
    return ts[min(len(ts) - 1, int(p * len(ts)))] * 1000.0

med = statistics.median(ours["times"]) * 1000
idx_ratio = ours["index_rss_mb"] / text_mb
peer = lambda fmt, key: (fmt % key(sk)) if sk else "not run (python3-sklearn missing)"
rows = [
    ("index build (first `similar_to` query), s", "%.2f" % ours["build_s"],
     peer("scikit-learn `fit_transform`: %.2f", lambda r: r["build_s"]),
     "%.2fx faster" % (sk["build_s"] / ours["build_s"]) if sk else "", ">= 5x faster",
     B.met(sk["build_s"] / ours["build_s"] >= 5) if sk else ""),
    ("top-10 query, median ms", "%.3f" % med,
     peer("sparse dot + top 10: %.3f", lambda r: statistics.median(r["times"]) * 1000),
     "%.2fx faster" % (statistics.median(sk["times"]) * 1000 / med) if sk else "", "< 2 ms",
     B.met(med < 2)),
    ("top-10 query, p99 ms", "%.3f" % q(ours["times"], 0.99),
     peer("%.3f", lambda r: q(r["times"], 0.99)), "", "", ""),
    ("index RSS, MB", "%.0f" % ours["index_rss_mb"], peer("%.0f", lambda r: r["index_rss_mb"]),
     "%.2fx the abstract text" % idx_ratio, "<= 1.5x the abstract text", B.met(idx_ratio <= 1.5)),
    ("peak RSS of the process, MB", "%.0f" % ours["peak_mb"], peer("%.0f", lambda r: r["peak_mb"]), "", "", ""),
    ("index builds: before the queries / after them", "%d / %d" % (ours["builds"], ours["builds_after"]),
     "", "", "one, reused", B.met(ours["builds"] == ours["builds_after"] == 1)),
]
if RUNS > 1:
    rows.append(("every build, s", ", ".join("%.2f" % x for x in ours["build_runs"]),
                 ", ".join("%.2f" % x for x in sk["build_runs"]) if sk else "", "", "", ""))
if sk:
    ov = [len(set(a) & set(b)) / 10.0 for a, b in zip(ours["tops"], sk["tops"])]
    first = sum(a[:1] == b[:1] for a, b in zip(ours["tops"], sk["tops"])) / len(ov)
    rows.append(("agreement with the peer: mean top-10 overlap / same first hit", "%.3f / %.1f%%" % (sum(ov) / len(ov), first * 100),
                 "", "", "", ""))
B.write_results(os.path.splitext(os.path.basename(RES))[0],
    "Similarity: `similar_to` top-10" + ("" if N == 100000 else ", %d papers" % N),
    "%d papers of `bench/gen_corpus.py` (%d distinct, %.0f MB of files, %.1f MB of distinct abstract text); "
    "%d queries, each the abstract of a corpus paper, `LIMIT 10`, timed one by one from Python "
    "(prepare and fetch included); build %s. Run by `%s`." % (
        N, len(abstracts), file_mb, text_mb, len(queries),
        "one each" if RUNS == 1 else "the median of %d each" % RUNS, CMD),
    rows,
    ["Ours is the in-memory index of the table-valued form `digests('path')`, kept for the "
     "connection (the saved index of a created table is measured in the persist section). "
     "Build: ours is the first `similar_to` query (reads and tokenises every file); scikit-learn's "
     "is `TfidfVectorizer.fit_transform` on the abstracts already in memory. Peak RSS from "
     "`/usr/bin/time -v` (includes Python, and for the peer the abstracts list); index RSS is the "
     "growth of the process over the build. How the index works: docs/similarity.md."])
PY
