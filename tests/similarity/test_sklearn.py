#!/usr/bin/python3
"""Quality of similar_to against the reference: on the sample digests, the
top-10 list of every distinct paper's abstract as the query, compared with
scikit-learn's TfidfVectorizer(sublinear_tf=True, stop_words='english') and
cosine similarity over the same corpus (the distinct papers, each at its
first appearance in path order). The mean overlap of the two top-10 lists
must be at least 0.7; stemming may change a few places, not many.
Skipped with a message when scikit-learn is not installed
(apt-get install -y python3-sklearn)."""
import os
import sqlite3
import sys

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGESTS = os.path.join(ROOT, "tests", "data", "digests")
NAME = "top-10 overlap with scikit-learn TF-IDF is at least 0.7"

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
except ImportError:
    print("skip %s: scikit-learn is not installed (apt-get install -y python3-sklearn)" % NAME)
    sys.exit(0)

c = sqlite3.connect(":memory:")
c.enable_load_extension(True)
c.load_extension(SO)
c.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % DIGESTS)
# distinct papers at their first appearance, in path order (rowid order)
docs, seen = [], set()
for pid, abstract in c.execute("SELECT paper_id, abstract FROM papers ORDER BY digest, position"):
    if pid not in seen:
        seen.add(pid)
        docs.append((pid, abstract or ""))
ids = [d[0] for d in docs]
X = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([d[1] for d in docs])
sims = (X @ X.T).toarray()

overlaps = []
for i, (pid, abstract) in enumerate(docs):
    if not abstract:
        continue
    ref = set(ids[j] for j in np.argsort(-sims[i], kind="stable")[:10])
    ours = set(r[0] for r in c.execute(
        "SELECT paper_id FROM papers WHERE similar_to = ? LIMIT 10", (abstract,)))
    overlaps.append(len(ref & ours) / 10.0)
mean = sum(overlaps) / len(overlaps)
print(("ok %s (%.3f over %d queries)" if mean >= 0.7 else "not ok %s: %.3f over %d queries")
      % (NAME, mean, len(overlaps)))
