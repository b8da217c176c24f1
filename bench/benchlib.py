"""Helpers shared by the benchmark scripts (bench/bench_*.sh call them).

corpus(n)        path of the generated n-paper corpus, made once by
                 bench/gen_corpus.py into bench/corpus/ (not committed)
corpus_db(n)     path of an SQLite file with its papers (title, abstract) in
                 table `papers`, made once into bench/out/
run(cmd, runs)   runs a command `runs` times under /usr/bin/time; returns the
                 median wall time (s) and the largest peak resident size (MB)
sqlite(sql)      the command that runs one SQL text in the sqlite3 shell with
                 build/papers loaded
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


def corpus(n):
    path = os.path.join(ROOT, "bench", "corpus", str(n))
    if not os.path.isdir(path) or not os.path.exists(os.path.join(path, ".done")):
        print("generating %d papers into %s" % (n, path), file=sys.stderr)
        subprocess.run([PY, os.path.join(ROOT, "bench", "gen_corpus.py"), path, str(n)], check=True)
        open(os.path.join(path, ".done"), "w").close()
    return path


def corpus_db(n):
    path = corpus(n)
    db = os.path.join("bench", "out", "corpus-%d.db" % n)
    if not os.path.exists(os.path.join(ROOT, db)):
        subprocess.run(["sqlite3", db, ".load build/papers",
                        "CREATE TABLE papers AS SELECT title, abstract FROM digests('%s')"
                        % os.path.relpath(path, ROOT)], check=True, cwd=ROOT)
    return db


def corpus_bytes(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path) if f.endswith(".txt"))


def run(cmd, runs=5, shell=False):
    """Median wall seconds and max peak RSS (MB) over `runs` runs; the
    command's stdout of the last run is returned too."""
    times, rss, out = [], [], ""
    for _ in range(runs):
        full = ["/usr/bin/time", "-f", "%M"] + (["bash", "-c", cmd] if shell else cmd)
        t0 = time.perf_counter()
        p = subprocess.run(full, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        if p.returncode != 0:
            raise RuntimeError("%s failed: %s" % (cmd, p.stderr[-500:]))
        rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024.0)
        out = p.stdout
    return statistics.median(times), max(rss), out


def sqlite(sql):
    return ["sqlite3", ":memory:", ".load build/papers", sql]


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return "%s, %d cores" % (cpu, os.cpu_count())


def commit():
    p = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return p.stdout.strip() or "unknown"


def write_results(name, title, what, rows, notes=()):
    """bench/results/NAME.md: a title, one line saying what was measured, one
    naming machine, date and commit, then a table of figures, each beside its
    peer in the same run. rows: (figure, ours, peer, ratio, target, met); a
    cell with nothing to say is ''. notes: lines that define a figure (never
    figures of other runs)."""
    import datetime
    path = os.path.join(ROOT, "bench", "results", name + ".md")
    with open(path, "w") as f:
        f.write("## %s\n\n%s\n\n" % (title, what))
        f.write("Machine: %s. Date: %s. Commit: %s.\n\n" % (machine(), datetime.date.today().isoformat(), commit()))
        f.write("| figure | ours | peer (same run) | ratio | target | met |\n|---|---:|---|---:|---|---|\n")
        for r in rows:
            f.write("| %s |\n" % " | ".join(str(c) for c in r))
        for n in notes:
            f.write("\n%s\n" % n)
    print(open(path).read())


def met(ok):
    return "met" if ok else "**missed**"
