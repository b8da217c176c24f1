#!/usr/bin/python3
"""F1@10 of keywords() on SemEval-2017 (bench/keyphrase/SemEval2017, copied
from the shared benchmark; its README says how to score): per document, a
predicted phrase is correct when it equals a gold phrase after lower-casing,
splitting on non-alphanumerics and Snowball English stemming of each word;
F1@10 is averaged over documents.

    /usr/bin/python3 bench/keyphrase_eval.py [METHOD ...]

Needs Debian's python3-snowballstemmer (for the scoring only).
"""
import glob
import json
import os
import re
import sqlite3
import sys
import time

import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", "keyphrase", "SemEval2017")
stem = snowballstemmer.stemmer("english").stemWord


def norm(phrase):
    return " ".join(stem(w) for w in re.split(r"[^0-9a-z]+", phrase.lower()) if w)


def documents():
    """(name, text, gold stems) of each document, in name order."""
    docs = []
    for path in sorted(glob.glob(os.path.join(DATA, "docsutf8", "*.txt"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(DATA, "keys", name + ".key"), encoding="utf-8") as f:
            gold = {norm(l) for l in f if l.strip()}
        gold.discard("")
        docs.append((name, text, gold))
    return docs


def score(docs, preds):
    """F1, precision and recall at k averaged over documents, and their
    number; preds[i] is the list of phrases predicted for docs[i]."""
    f1s, precs, recs = [], [], []
    for (_, _, gold), pred in zip(docs, preds):
        seen, pn = set(), []
        for p in pred:
            q = norm(p)
            if q and q not in seen:
                seen.add(q)
                pn.append(q)
        correct = sum(1 for q in pn if q in gold)
        p = correct / len(pn) if pn else 0.0
        r = correct / len(gold) if gold else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        precs.append(p)
        recs.append(r)
    n = len(f1s)
    return sum(f1s) / n, sum(precs) / n, sum(recs) / n, n


def evaluate(conn, method, k=10):
    docs = documents()
    preds, secs = [], 0.0
    for _, text, _ in docs:
        t0 = time.perf_counter()
        preds.append(json.loads(conn.execute("SELECT keywords(?, ?, ?)", (text, k, method)).fetchone()[0]))
        secs += time.perf_counter() - t0
    f1, p, r, n = score(docs, preds)
    return f1, p, r, n, secs / n * 1e6


def result_line(name, f1, p, r, n, us):
    """One method's figures, as bench_keywords.sh reads them (F1@10 is the
    third field)."""
    return ("%-13s F1@10 %.3f  P@10 %.3f  R@10 %.3f  over %d documents, %.0f us per document"
            % (name, f1, p, r, n, us))


def main():
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(os.path.join(ROOT, "build", "papers"))
    for method in sys.argv[1:] or ["positionrank", "singlerank"]:
        print(result_line(method, *evaluate(conn, method)))


if __name__ == "__main__":
    main()
