#!/usr/bin/python3
"""Runs the recipes in sql/ through the sqlite3 shell over the sample digests,
with the extension under test in place of build/papers, and checks lines of
their output that must be there (the figures written out below)."""
import os
import re
import subprocess
import sys

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]

# recipe -> lines that must appear in its output, in this order
EXPECT = {
    "demo.sql": [
        "│ 000_c0b2e69fb6ccf7e0.txt │ Mar 17 │ 2025-03-17  │ 86      │ 0                │ 22    │",
        "│ 003_f8ce6d0fb1b7b81b.txt │ Mar 11 │ 2025-03-11  │ 107     │ 0                │ 25    │",
        "│ 468     │ 381             │ 5       │",
        "│ 3    │ 2025-03-11 │ 2025-03-18 │ Evaluating Language Models for Efficient Code Generation               │",
        "│ 1        │ DistServe: Disaggregating Prefill and Decoding for Goodput-optimized   │",
        "│ github.com              │ 126   │",
        "│ 0        │",
    ],
    "new.sql": [
        "│ 2025-03-18 │ 111     │ 62         │",
        "│ 1        │ DistServe: Disaggregating Prefill and Decoding for Goodput-optimized   │                                                     │",
    ],
    "recurring.sql": [
        "│ 4       │ 3    │ 2025-03-11 │ 2025-03-18 │ Threshold-Consistent Margin Loss for Open-World Deep Metric Learning   │",
        "│ 1       │ 311    │",
        "│ 4       │ 2      │",
    ],
    "fulltext.sql": [
        "│ -8.62 │ OliVe: Accelerating Large Language Models via Hardware-friendly       │",
        "│ Entropy Adaptive Decoding: Dynamic Model Switching for Efficient   │ ...Unlike [speculative decoding] approaches that maintain perfect  │",
    ],
    "export.sql": [
        "build/papers.csv: 468 entries read back, first: \"Give Me BF16 or Give Me Death\"? Accuracy-Performance Trade-Offs in LLM Quantization",
        "build/papers.json: 381 papers, first: Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders",
    ],
    "related.sql": [
        "│ 2025-03-11  │ AWQ: Activation-aware Weight Quantization for LLM Compression and  │",
        "│ 0.210 │ QServe: W4A8KV4 Quantization and System Co-design for Efficient LLM    │ 2025-03-11                       │",
        "│ 0.203 │ SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight   │ 2025-03-11                       │",
        "│ 0.169 │ MixDQ: Memory-Efficient Few-Step Text-to-Image Diffusion Models with   │ 2025-03-11 2025-03-17 2025-03-18 │",
        "│ 0.392 │ Optimizing Speculative Decoding for Serving Large Language Models     │",
    ],
    "duplicates.sql": [
        "│ 0.906      │ VBench++: Comprehensive and Versatile Benchmark Suite for  │ VBench: Comprehensive Benchmark Suite for Video Generative  │ 2025-03-17 │ 2025-03-17 │",
        "│ 186e9664291a9a3a │ 000_c0b2e69fb6ccf7e0.txt │ 41       │ 171  │ VBench++: Comprehensive and Versatile Benchmark Suite for   │",
        "│ f602a508f3a1d312 │ 000_c0b2e69fb6ccf7e0.txt │ 29       │ 123  │ VBench: Comprehensive Benchmark Suite for Video Generative  │",
    ],
    "keyphrases.sql": [
        "│ CSKV: Training-Efficient Channel Shrinking for KV Cache in   │ CSKV; KV cache; KV cache compression; compressed KV cache;  │",
        "│ LLMs                  │ 37     │",
        "│ large language models │ 27     │",
        "│ latent space      │ 5      │",
    ],
    "tags.sql": [
        "│ 2025-03-11  │ 56  │ 9         │ 10    │ 23          │ 22           │",
        "│ llm                    │ 88     │",
        "│ quantization           │ 33     │",
        "│ AWQ: Activation-aware Weight Quantization for LLM            │",
    ],
}


def run(recipe):
    with open(os.path.join("sql", recipe), encoding="utf-8") as f:
        sql = f.read()
    sql = re.sub(r"^\.load build/papers$", ".load " + SO, sql, flags=re.M)
    env = dict(os.environ)
    if "PAPERS_CHILD_ASAN_OPTIONS" in env:      # see tests/run.py
        env["ASAN_OPTIONS"] = env["PAPERS_CHILD_ASAN_OPTIONS"]
    p = subprocess.run(["sqlite3", ":memory:"], input=sql, capture_output=True, text=True,
                       timeout=600, env=env)
    return p.returncode, p.stdout, p.stderr


for recipe in sorted(os.listdir("sql")):
    if not recipe.endswith(".sql"):
        continue
    name = "recipe sql/%s runs" % recipe
    rc, out, err = run(recipe)
    if rc != 0 or err.strip():
        print("not ok %s: exit %d: %s" % (name, rc, err.strip()[:300]))
        continue
    lines = out.splitlines()
    missing = [want for want in EXPECT.get(recipe, []) if want not in lines]
    if recipe not in EXPECT:
        print("not ok %s: no expected output written in tests/test_recipes.py" % name)
    elif missing:
        print("not ok %s: missing line %r" % (name, missing[0]))
    else:
        print("ok", name)
