#!/usr/bin/env bash
# keywords() on SemEval-2017: F1@10 of each method beside SingleRank with a
# part-of-speech tagger (bench/singlerank_peer.py, as pke runs it), scored
# the same way in the same run; written to bench/results/keywords.md. The
# quality a reader sees is measured on the labelled set by
# bench/bench_keyphrase_quality.sh; SemEval-2017 is reported, not a target.
#   bash bench/run.sh keywords
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/papers.so
/usr/bin/python3 -c 'import snowballstemmer' 2>/dev/null || {
  echo "bench_keywords: needs Debian python3-snowballstemmer (apt-get install -y python3-snowballstemmer)" >&2; exit 1; }
perl -MLingua::EN::Tagger -e1 2>/dev/null || {
  echo "bench_keywords: needs Debian liblingua-en-tagger-perl (apt-get install -y liblingua-en-tagger-perl)" >&2; exit 1; }
exec /usr/bin/python3 - <<'PY'
import subprocess, sys, time
sys.path.insert(0, "bench")
import benchlib as B

def f1(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    secs = time.perf_counter() - t0
    return {l.split()[0]: float(l.split()[2]) for l in out.splitlines() if len(l.split()) >= 3
            and l.split()[1] == "F1@10"}, secs

ours, t_ours = f1([B.PY, "bench/keyphrase_eval.py", "singlerank", "positionrank"])
peer, t_peer = f1([B.PY, "bench/singlerank_peer.py"])
sr, pr, p = ours["singlerank"], ours["positionrank"], peer["peer-pke-sr"]
B.write_results("keywords", "Keywords: keywords() on SemEval-2017",
    "`bench/keyphrase_eval.py` over the 493 documents of `bench/keyphrase/SemEval2017`, scored as its README "
    "says (lower-case, split on non-alphanumerics, Snowball stem each word; F1@10 per document, averaged). "
    "Reported beside its peer, not a target: annotators there list a phrase with its variants.",
    [("F1@10, `keywords(text, 10)` (singlerank)", "%.3f" % sr, "SingleRank with a tagger: %.3f" % p,
      "%.2f" % (sr / p), "reported", ""),
     ("F1@10, `keywords(text, 10, 'positionrank')`", "%.3f" % pr, "", "", "reported", ""),
     ("time for both methods over 493 documents, s", "%.1f" % t_ours, "the peer: %.1f" % t_peer, "", "", "")])
PY
