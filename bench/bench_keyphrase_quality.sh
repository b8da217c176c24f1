#!/usr/bin/env bash
# keywords on the labelled set: keywords(abstract, 8) on the 381 labelled
# papers of bench/labels/ (bench/keyphrase_quality.py says how each figure is
# measured), papers 1-160 odd n (tuned on), even n and 161-220 (tuned on in round 4), 221-300 (tuned on in round 5), 301-381 (tuned on in round 6), all; SemEval-2017
# F1@10; and each rule of ext/keyphrases/keywords.c switched off alone (a build with
# -DPAPERS_KEYWORDS_RULES_ENV), written to bench/results/keyphrase_quality.md.
#   bash bench/run.sh keyphrase_quality
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/papers.so build/bench/papers.so
/usr/bin/python3 -c 'import snowballstemmer' 2>/dev/null || {
  echo "bench_keyphrase_quality: needs Debian python3-snowballstemmer" >&2; exit 1; }
perl -MLingua::EN::Tagger -e1 2>/dev/null || {
  echo "bench_keyphrase_quality: needs Debian liblingua-en-tagger-perl" >&2; exit 1; }
[ -f /usr/share/wordnet/index.noun ] || {
  echo "bench_keyphrase_quality: needs Debian wordnet-base" >&2; exit 1; }
/usr/bin/python3 bench/keyphrase_quality.py --rules build/bench/papers.so \
  --md bench/results/keyphrase_quality.md
cat bench/results/keyphrase_quality.md
