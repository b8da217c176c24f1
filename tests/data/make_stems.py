#!/usr/bin/python3
"""Writes tests/data/stems.tsv: 600 words of the sample abstracts with their
Snowball English stems, computed by Snowball's own Python implementation
(Debian python3-snowballstemmer), as the reference that tests/text/test_stems.py
checks tokenize(word, 'stem') against. Run once; the file is committed."""
import glob
import os
import re
import snowballstemmer

HERE = os.path.dirname(os.path.abspath(__file__))
words = set()
for path in glob.glob(os.path.join(HERE, "digests", "*.txt")):
    with open(path, encoding="utf-8") as f:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", f.read()))
words = sorted(words)
step = max(1, len(words) // 600)
pick = words[::step][:600]
stem = snowballstemmer.stemmer("english").stemWord
with open(os.path.join(HERE, "stems.tsv"), "w", encoding="utf-8") as f:
    for w in pick:
        f.write("%s\t%s\n" % (w, stem(w)))
