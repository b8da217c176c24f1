#!/usr/bin/python3
"""tag_matches() and tags() agree with a brute-force matcher written here.

The automaton (ext/tagging/matcher.c) is laid out three ways at run time: small
nodes list their transitions, copied in from their failure chain; nodes
with more than four children have a bitmap and a hashed edge table; output
is chained along dictionary links. Random taxonomies over a vocabulary of
twelve words make all three common (words start many phrases, phrases
share suffixes and nest), and random texts over the same words run through
them. The reference reads the text's stems from tokens(text, 'stem') and
looks for every phrase at every position, so this checks the automaton, not
the tokenizer: every match, the order (start, end, taxonomy row), one match
per tag and span, and tags() as the distinct tags in that order.

Usage: test_matcher_reference.py EXTENSION"""
import json
import os
import random
import sqlite3
import sys

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
conn = sqlite3.connect(":memory:")
conn.enable_load_extension(True)
conn.load_extension(SO)

VOCAB = ["alpha", "beta", "gamma", "delta", "models", "model", "graph",
         "network", "of", "the", "deep", "learning"]


def stems(text):
    return [(t, s, e) for t, _, s, e in conn.execute(
        "SELECT token, position, start, \"end\" FROM tokens(?, 'stem')", (text,))]


def reference(rows, text):
    """Rows (tag, phrase) in taxonomy order; the matches of text as
    tag_matches() gives them, and tags()."""
    toks = stems(text)
    words = [t for t, _, _ in toks]
    found = []
    for i_pat, (tag, phrase) in enumerate(rows):
        want = [t for t, _, _ in stems(phrase)]
        if not want:
            continue
        n = len(want)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == want:
                found.append((toks[i][1], toks[i + n - 1][2], i_pat, tag, phrase))
    found.sort(key=lambda m: (m[0], m[1], m[2]))
    out, seen = [], set()
    for start, end, _, tag, phrase in found:
        if (start, end, tag) in seen:   # variants of one tag on one span: the first
            continue
        seen.add((start, end, tag))
        out.append((tag, phrase, start, end))
    tags = []
    for tag, _, _, _ in out:
        if tag not in tags:
            tags.append(tag)
    return out, tags


def check(name, rows, texts):
    conn.execute("DROP TABLE IF EXISTS tax")
    conn.execute("CREATE TABLE tax(tag TEXT, phrase TEXT)")
    conn.executemany("INSERT INTO tax VALUES (?, ?)", rows)
    for text in texts:
        want, want_tags = reference(rows, text)
        got = [tuple(r) for r in conn.execute(
            "SELECT tag, phrase, start, \"end\" FROM tag_matches(?, 'tax')", (text,))]
        got_tags = json.loads(conn.execute("SELECT tags(?, 'tax')", (text,)).fetchone()[0])
        if got != want or got_tags != want_tags:
            diff = [m for m in want if m not in got][:3], [m for m in got if m not in want][:3]
            return "not ok %s: text %r: missing %s, extra %s; tags %s, want %s" % (
                name, text[:80], diff[0], diff[1], got_tags[:6], want_tags[:6])
    return None


rng = random.Random(20261123)
failures, n_cases, n_matches = [], 0, 0
for case in range(120):
    n_rows = rng.choice([5, 20, 60, 150])
    rows = []
    for _ in range(n_rows):
        phrase = " ".join(rng.choice(VOCAB) for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5])))
        rows.append(("t%d" % rng.randrange(8), phrase))
    # a word that starts more phrases than a block lists (a big node)
    rows += [("big", "graph " + w) for w in VOCAB[:7]]
    texts = [" ".join(rng.choice(VOCAB) for _ in range(rng.randrange(1, 120))) for _ in range(6)]
    bad = check("random taxonomy %d" % case, rows, texts)
    n_cases += 1
    n_matches += sum(len(reference(rows, t)[0]) for t in texts[:1])
    if bad:
        failures.append(bad)
        break

if failures:
    print(failures[0])
elif n_matches < 500:
    print("not ok the random cases match too little to test anything: %d matches" % n_matches)
else:
    print("ok tag_matches() and tags() agree with a brute-force matcher on %d random taxonomies "
          "and %d texts" % (n_cases, 6 * n_cases))

# Long failure chains: each phrase the tail of the next, so a step may fall
# back through several nodes, some merged into the list and some not.
chain = [("c%d" % i, " ".join(VOCAB[i:8])) for i in range(8)] + \
        [("d%d" % i, " ".join(VOCAB[i:6]) + " learning") for i in range(6)]
texts = [" ".join(VOCAB[:8]), " ".join(VOCAB[:6]) + " learning " + " ".join(VOCAB[2:8]),
         " ".join(rng.choice(VOCAB[:8]) for _ in range(300))]
bad = check("nested suffixes", chain, texts)
print(bad or "ok tag_matches() agrees with a brute-force matcher on phrases nested as suffixes of each other")
