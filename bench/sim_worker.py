#!/usr/bin/python3
"""One side of bench_similarity.sh, in its own process (so that its peak
memory is its own):

    sim_worker.py ours|sklearn CORPUS_DIR QUERIES_JSON OUT_JSON [BUILD_RUNS]

ours:    the table-valued form digests(CORPUS_DIR), whose index lives in the
         connection's memory (a created table would also save it in the
         database: bench_persist.sh measures that); the first similar_to
         query builds the index (timed alone with a query that has no known
         term), then each query text runs `SELECT paper_id, score FROM
         digests(CORPUS_DIR) WHERE similar_to = ? LIMIT 10`.
sklearn: TfidfVectorizer(sublinear_tf=True, stop_words='english').fit on the
         same distinct abstracts (read with the extension, not timed), then
         per query transform + sparse dot product + top 10 by argpartition.
Writes build seconds, per-query seconds, RSS figures and the top-10 lists.
The build is timed BUILD_RUNS times (default 1; each further run a fresh
connection for ours, a fresh fit for scikit-learn, after the queries) and
build_s is the median; memory is from the first run."""
import json
import os
import sqlite3
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
mode, corpus, qpath, out = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 1
queries = json.load(open(qpath))


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def connect():
    c = sqlite3.connect(":memory:")
    c.enable_load_extension(True)
    c.load_extension(os.path.join(ROOT, "build", "papers"))
    return c


PAPERS = "digests('%s')" % corpus.replace("'", "''")


def build(c):
    t0 = time.perf_counter()
    c.execute("SELECT count(*) FROM (SELECT 1 FROM " + PAPERS + " WHERE similar_to = 'zzzzqqqq' LIMIT 1)").fetchall()
    return time.perf_counter() - t0


c = connect()
res = {"mode": mode}

if mode == "ours":
    rss0 = rss_mb()
    builds = [build(c)]
    res["index_rss_mb"] = rss_mb() - rss0
    res["builds"] = c.execute("SELECT similarity_builds()").fetchone()[0]
    times, tops = [], []
    for q in queries:
        t0 = time.perf_counter()
        rows = c.execute("SELECT paper_id, score FROM " + PAPERS + " WHERE similar_to = ? LIMIT 10", (q,)).fetchall()
        times.append(time.perf_counter() - t0)
        tops.append([r[0] for r in rows])
    res["builds_after"] = c.execute("SELECT similarity_builds()").fetchone()[0]
    c.close()                       # its index goes before the next is built
    for _ in range(runs - 1):
        c2 = connect()
        builds.append(build(c2))
        c2.close()
else:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    ids, docs, seen = [], [], set()
    for pid, a in c.execute("SELECT paper_id, abstract FROM " + PAPERS):
        if pid not in seen:
            seen.add(pid)
            ids.append(pid)
            docs.append(a or "")
    res["text_bytes"] = sum(len(d.encode()) for d in docs)
    res["ndocs"] = len(docs)
    rss0 = rss_mb()
    t0 = time.perf_counter()
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    X = vec.fit_transform(docs)
    builds = [time.perf_counter() - t0]
    res["index_rss_mb"] = rss_mb() - rss0
    XT = X.T.tocsr()
    times, tops = [], []
    for q in queries:
        t0 = time.perf_counter()
        s = (vec.transform([q]) @ XT).toarray().ravel()
        top = np.argpartition(-s, 10)[:10]
        top = top[np.argsort(-s[top], kind="stable")]
        times.append(time.perf_counter() - t0)
        tops.append([ids[j] for j in top])
    del vec, X, XT                  # likewise before the next fit
    for _ in range(runs - 1):
        t0 = time.perf_counter()
        TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs)
        builds.append(time.perf_counter() - t0)
res["build_runs"] = builds
res["build_s"] = statistics.median(builds)
res["times"] = times
res["tops"] = tops
json.dump(res, open(out, "w"))
