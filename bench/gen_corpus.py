#!/usr/bin/python3
"""Deterministic corpus of digest files for the benchmarks.

    /usr/bin/python3 bench/gen_corpus.py OUTDIR N_PAPERS [SEED]

Writes digests of about 100 entries each (OUTDIR/digest-YYYY-MM-DD.txt) in
the format of the real samples: the five header paragraphs, then title and
abstract paragraphs. Text comes from an order-2 word Markov chain trained on
the sample digests in tests/data/digests, with made-up method names mixed in
so that the vocabulary has a long tail like real abstracts. About one entry
in five repeats a paper from an earlier digest, as in the samples. Same
arguments, same bytes: 100,000 papers make about 170 MB.
"""
import datetime
import glob
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "tests", "data", "digests")
HEADER = ["new", "Get trending papers in your email inbox!", "Subscribe",
          "byAK and the research community"]
PER_DIGEST = 100


def load_samples():
    titles, abstracts = [], []
    for path in sorted(glob.glob(os.path.join(SAMPLES, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            paras = [p.strip() for p in re.split(r"\n\s*\n", f.read()) if p.strip()]
        body = paras[5:]
        titles += body[0::2]
        abstracts += body[1::2]
    return titles, abstracts


def chain(texts):
    table = {}
    for t in texts:
        words = ["<s>", "<s>"] + t.split() + ["</s>"]
        for a, b, c in zip(words, words[1:], words[2:]):
            table.setdefault((a, b), []).append(c)
    return table


def generate(table, rng, rare, min_words, max_words):
    a, b = "<s>", "<s>"
    out = []
    limit = rng.randint(min_words, max_words)
    while True:
        c = rng.choice(table[(a, b)])
        if c == "</s>":
            if len(out) >= min_words:
                break
            a, b = "<s>", "<s>"
            continue
        if rng.random() < 0.02:
            out.append(rng.choice(rare))
        out.append(c)
        a, b = b, c
        if len(out) >= limit and c.endswith("."):
            break
        if len(out) >= limit * 2:
            break
    return " ".join(out)


def main():
    outdir, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2025
    rng = random.Random(seed)
    titles, abstracts = load_samples()
    t_chain, a_chain = chain(titles), chain(abstracts)
    syll = ["ze", "ra", "tor", "qu", "lin", "vo", "mex", "dra", "ka", "pho", "sen", "gri", "lu", "nax"]
    rare = []
    for i in range(20000):
        w = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
        rare.append(w.capitalize() + (("-" + str(rng.randint(1, 99))) if i % 3 == 0 else ""))
    os.makedirs(outdir, exist_ok=True)
    day = datetime.date(2025, 1, 1)
    made = []   # (title, abstract) already written, for repeats
    written = 0
    while written < n:
        k = min(PER_DIGEST, n - written)
        paras = HEADER + [day.strftime("%b ") + str(day.day)]
        earlier = len(made)     # repeats come from earlier digests only
        used = set()
        for _ in range(k):
            pick = rng.randrange(max(0, earlier - 2000), earlier) if earlier else -1
            if earlier and rng.random() < 0.2 and pick not in used:
                used.add(pick)
                t, a = made[pick]
            else:
                name = rng.choice(rare) + "-" + str(len(made))
                t = name + ": " + generate(t_chain, rng, rare, 6, 14).rstrip(".")
                a = generate(a_chain, rng, rare, 170, 260)
                made.append((t, a))
            paras += [t, a]
        with open(os.path.join(outdir, "digest-%s.txt" % day.isoformat()), "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras))
        written += k
        day += datetime.timedelta(days=1)


if __name__ == "__main__":
    main()
