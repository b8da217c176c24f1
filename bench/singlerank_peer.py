#!/usr/bin/python3
"""The peer for keywords(): SingleRank (Wan and Xiao 2008) with a real
part-of-speech tagger, measured in the same run and with the same scorer as
keywords() (bench/keyphrase_eval.py), so the two figures compare.

The method is pke's SingleRank with its defaults (Boudin 2016, the toolkit
most published tables use):
  - candidates: the longest sequences of nouns, proper nouns and adjectives,
    of any length; a candidate is its Porter-stemmed words, shown as first
    written (lower-cased);
  - graph: one node per stemmed noun/adjective, an edge weighted by how often
    two such words fall within 10 tokens of each other in the text;
  - PageRank (damping 0.85) over it; a candidate scores the sum of its
    words' ranks; the 10 best, no redundancy removal.
Tagger: Debian's Lingua::EN::Tagger (liblingua-en-tagger-perl, a Penn
Treebank HMM tagger), run once over all documents. pke uses spaCy, which has
no Debian package; a different tagger moves the figure a little, not the
method.

    /usr/bin/python3 bench/singlerank_peer.py [k]

prints one line like bench/keyphrase_eval.py's.
"""
import json
import os
import subprocess
import sys
import time

import snowballstemmer

import keyphrase_eval

porter = snowballstemmer.stemmer("porter").stemWord

# Reads (name, text) pairs as JSON lines, writes the tagged words of each
# text as a JSON line: [[word, tag], ...].
TAGGER = r"""
use strict; use warnings; use JSON::PP; use Lingua::EN::Tagger;
binmode STDIN, ':utf8'; binmode STDOUT, ':utf8';
my $t = Lingua::EN::Tagger->new(stem => 0);
my $js = JSON::PP->new->utf8(0);
while (my $line = <STDIN>) {
  my $text = $js->decode($line);
  my $tagged = $t->add_tags($text) // '';
  my @out;
  while ($tagged =~ m{<(\w+)>([^<]*)</\1>}g) { push @out, [$2, $1]; }
  print $js->encode(\@out), "\n";
}
"""

VALID = {"nn", "nns", "nnp", "nnps", "jj", "jjr", "jjs"}
WINDOW = 10
DAMPING = 0.85


def tag_all(texts):
    proc = subprocess.run(["perl", "-e", TAGGER], check=True, capture_output=True,
                          input="".join(json.dumps(t) + "\n" for t in texts).encode("utf-8"))
    tagged = [json.loads(l) for l in proc.stdout.decode("utf-8").splitlines()]
    if len(tagged) != len(texts):
        sys.exit("singlerank_peer: the tagger answered %d texts of %d" % (len(tagged), len(texts)))
    return tagged


def pagerank(nodes, edges):
    """Weighted PageRank as networkx computes it (dangling nodes jump
    uniformly; stops when the change is under 1e-6 per node)."""
    n = len(nodes)
    if n == 0:
        return {}
    out = {v: 0.0 for v in nodes}
    for (a, b), w in edges.items():
        out[a] += w
        out[b] += w
    nbrs = {v: [] for v in nodes}
    for (a, b), w in edges.items():
        nbrs[a].append((b, w))
        nbrs[b].append((a, w))
    r = {v: 1.0 / n for v in nodes}
    for _ in range(100):
        dangling = sum(r[v] for v in nodes if out[v] == 0)
        nr = {v: (1 - DAMPING) / n + DAMPING * dangling / n for v in nodes}
        for v in nodes:
            if out[v]:
                share = DAMPING * r[v] / out[v]
                for u, w in nbrs[v]:
                    nr[u] += share * w
        if sum(abs(nr[v] - r[v]) for v in nodes) < n * 1e-6:
            return nr
        r = nr
    return r


def singlerank(tagged, k):
    words = [(w, t, porter(w.lower())) for w, t in tagged]
    # Candidates: maximal runs of valid parts of speech.
    cands, order, run = {}, [], []
    for w, t, s in words + [("", "", "")]:
        if t in VALID:
            run.append((w, s))
            continue
        if run:
            key = tuple(s for _, s in run)
            if key not in cands:
                cands[key] = " ".join(w for w, _ in run).lower()
                order.append(key)
            run = []
    # Graph over valid words within WINDOW tokens.
    nodes, edges = set(), {}
    for i, (_, t, s) in enumerate(words):
        if t not in VALID:
            continue
        nodes.add(s)
        for j in range(i + 1, min(i + WINDOW, len(words))):
            _, t2, s2 = words[j]
            if t2 in VALID and s2 != s:
                e = (s, s2) if s < s2 else (s2, s)
                edges[e] = edges.get(e, 0) + 1
    rank = pagerank(sorted(nodes), edges)
    scored = sorted(order, key=lambda key: -sum(rank.get(s, 0.0) for s in key))
    return [cands[key] for key in scored[:k]]


def main():
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    docs = keyphrase_eval.documents()
    t0 = time.perf_counter()
    tagged = tag_all([text for _, text, _ in docs])
    preds = [singlerank(tg, k) for tg in tagged]
    secs = time.perf_counter() - t0
    f1, p, r, n = keyphrase_eval.score(docs, preds)
    print(keyphrase_eval.result_line("peer-pke-sr", f1, p, r, n, secs / n * 1e6))


if __name__ == "__main__":
    main()
