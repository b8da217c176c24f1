#!/usr/bin/python3
"""Tags against the labelled set (bench/labels/): precision and recall of
paper_tags(title, abstract) with the built-in taxonomy, per group of papers
and per tag. The groups (bench/labels/README.md): papers 1-160 with odd n
(rules tuned on them from the start), with even n (held out in the first two
rounds, tuned on since), papers 161-220 (held out in the third round, tuned on
since), papers 221-300 (held out in the fourth round, tuned on since), and
papers 301-381 (held out in the fifth round, tuned on in the sixth). No paper is
held out any more: bench/labels/README.md keeps the last held-out figures.

  /usr/bin/python3 bench/tag_quality.py [build/papers] [--markdown FILE] [--errors [--group G]]

--errors prints every wrong or missing tag with its evidence, for reading,
on all papers (--group picks one group).
"""
import argparse
import collections
import json
import os
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = os.path.join(ROOT, "bench", "labels")


def load(name):
    with open(os.path.join(LABELS, name), encoding="utf-8") as f:
        return {d["n"]: d for d in map(json.loads, f)}


GROUPS = {"all": "all papers (tuned on in round 6)",
          "odd": "papers 1-160, odd n (tuned on from round 1)",
          "even": "papers 1-160, even n (held out in rounds 1-2)",
          "third": "papers 161-220 (held out in round 3)",
          "fourth": "papers 221-300 (held out in round 4)",
          "fifth": "papers 301-381 (held out in round 5)"}


def groups_of(n):
    if n >= 301:
        return ("all", "fifth")
    if n >= 221:
        return ("all", "fourth")
    if n >= 161:
        return ("all", "third")
    return ("all", "odd" if n % 2 else "even")


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("so", nargs="?", default=os.path.join(ROOT, "build", "papers"))
    ap.add_argument("--markdown")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--group", choices=tuple(GROUPS), default="all",
                    help="the papers whose errors --errors prints (default: all)")
    a = ap.parse_args()
    papers, labels = load("papers.jsonl"), load("labels.jsonl")
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(os.path.splitext(os.path.abspath(a.so))[0])
    counts = {k: [0, 0, 0] for k in GROUPS}
    per_tag = collections.defaultdict(lambda: [0, 0, 0])
    errors = []
    for n, p in sorted(papers.items()):
        got = json.loads(conn.execute("SELECT paper_tags(?, ?)", (p["title"], p["abstract"])).fetchone()[0])
        gold = set(labels[n]["tags"])
        got = set(got)
        for g in groups_of(n):
            c = counts[g]
            c[0] += len(got & gold)
            c[1] += len(got - gold)
            c[2] += len(gold - got)
        for t in got & gold:
            per_tag[t][0] += 1
        for t in got - gold:
            per_tag[t][1] += 1
        for t in gold - got:
            per_tag[t][2] += 1
        if a.errors and got != gold and a.group in groups_of(n):
            ev = conn.execute("SELECT tag, about, score, in_title, in_first_sentence, in_contribution,"
                              " mentions, negated FROM tag_evidence(?, ?)", (p["title"], p["abstract"])).fetchall()
            errors.append((n, p["title"], sorted(got - gold), sorted(gold - got), ev))
    rows = []
    for g, label in GROUPS.items():
        pr, rc = prf(*counts[g])
        rows.append((label, pr, rc, counts[g]))
    for label, pr, rc, c in rows:
        print("%-44s precision %.3f  recall %.3f  (tp %d, fp %d, fn %d)" % (label, pr, rc, c[0], c[1], c[2]))
    tag_rows = []
    for t in sorted(per_tag):
        tp, fp, fn = per_tag[t]
        pr, rc = prf(tp, fp, fn)
        tag_rows.append((t, tp, fp, fn, pr, rc))
    if a.errors:
        for n, title, wrong, missing, ev in errors:
            print("\n%d %s\n  wrong %s missing %s" % (n, title, wrong, missing))
            for e in ev:
                print("   ", e)
    if a.markdown:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        with open(a.markdown, "w") as f:
            f.write("## Tags on the labelled set\n\n")
            f.write("`bench/tag_quality.py`: `paper_tags(title, abstract)` with the built-in taxonomy against the\n"
                    "tags two readers chose blind for %d sample papers (`bench/labels/`). Commit %s, %s.\n"
                    "Since round 6 the rules are tuned on every group; each group names the round it was\n"
                    "held out in, and `bench/labels/README.md` keeps the last figures taken on papers the\n"
                    "rules had not seen (round 5, papers 301-381).\n\n"
                    % (len(papers), commit, subprocess.run(["date", "-u", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()))
            f.write("| papers | precision | target | recall | target | met |\n|---|---:|---:|---:|---:|---|\n")
            for label, pr, rc, c in rows:
                f.write("| %s | %.3f | 0.90 | %.3f | 0.85 | %s |\n" % (
                    label, pr, rc, "met" if pr >= 0.90 and rc >= 0.85 else "**missed**"))
            f.write("\n| tag | right | wrong | missed | precision | recall |\n|---|---:|---:|---:|---:|---:|\n")
            for t, tp, fp, fn, pr, rc in tag_rows:
                f.write("| %s | %d | %d | %d | %.2f | %.2f |\n" % (t, tp, fp, fn, pr, rc))


if __name__ == "__main__":
    main()
