#!/usr/bin/python3
"""YAKE, the authors' own code, scored on SemEval-2017 the way
bench/keyphrase_eval.py scores keywords(): a check of the published figures
(YAKE 0.329) against this scorer, run by hand, not by `make bench` (the
project depends on no copy of YAKE; neither YAKE nor its sentence splitter,
segtok, is packaged in Debian).
    /usr/bin/python3 bench/yake_check.py DIR
DIR holds the packages `yake` (github.com/LIAAD/yake) and `segtok`
(github.com/fnl/segtok); YAKE also needs Debian's python3-networkx,
python3-jellyfish, python3-numpy, python3-tabulate and python3-click.
YAKE runs with its defaults (English stop words, n-grams of up to 3 words,
window 1, Levenshtein-ratio deduplication at 0.9), its 10 best phrases per
document; also with n-grams of up to 4 words, as keywords() takes.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keyphrase_eval as ke


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.path.insert(0, sys.argv[1])
    import yake
    docs = ke.documents()
    for n in (3, 4):
        extractor = yake.KeywordExtractor(lan="en", n=n, top=10)
        t0 = time.perf_counter()
        preds = [[phrase for phrase, _ in extractor.extract_keywords(text)] for _, text, _ in docs]
        secs = time.perf_counter() - t0
        f1, p, r, m = ke.score(docs, preds)
        print(ke.result_line("yake-n%d" % n, f1, p, r, m, secs / m * 1e6))


if __name__ == "__main__":
    main()
