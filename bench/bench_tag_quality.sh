#!/usr/bin/env bash
# Tags against the labelled set (bench/labels/): paper_tags() precision and
# recall, overall, per group of papers (each once held out: bench/labels/README.md), and per tag;
# written to bench/results/tag_quality.md.
#   bash bench/run.sh tag_quality
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/papers.so
/usr/bin/python3 bench/tag_quality.py build/papers --markdown bench/results/tag_quality.md
