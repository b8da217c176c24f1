-- Tests of similar papers through the hidden columns similar_to and score of
-- `digests` (ext/similarity/simindex.c, the section "similar_to" of ext/digests.c).
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025);

-- test: a query on quantization of large language models: quantization papers first
SELECT title FROM papers WHERE similar_to = 'quantization of large language models' LIMIT 5;
--> "Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization
--> PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression
--> OstQuant: Refining Large Language Model Quantization with Orthogonal and Scaling Transformations for Better Distribution Fitting
--> SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression
--> Understanding the Impact of Post-Training Quantization on Large Language Models

-- test: the same from the table-valued form, with scores
SELECT printf('%.6f', score), title FROM digests('tests/data/digests') WHERE similar_to = 'quantization of large language models' LIMIT 2;
--> 0.200611|"Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization
--> 0.189945|PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression

-- test: the paper whose abstract is the query comes first with score 1.0 (within 1e-9)
SELECT title, abs(score - 1.0) < 1e-9 FROM papers
 WHERE similar_to = (SELECT abstract FROM papers WHERE title LIKE 'SANA-Sprint%') LIMIT 2;
--> SANA-Sprint: One-Step Diffusion with Continuous-Time Consistency Distillation|1
--> DITTO-2: Distilled Diffusion Inference-Time T-Optimization for Music Generation|0

-- test: every one of the 381 distinct abstracts, as a query, finds its own paper first at 1.0
SELECT count(*), sum((SELECT paper_id || ' ' || (abs(score - 1.0) < 1e-9) FROM papers WHERE similar_to = p.abstract LIMIT 1) = p.paper_id || ' 1')
  FROM (SELECT paper_id, abstract FROM papers WHERE abstract IS NOT NULL GROUP BY paper_id) p;
--> 381|381

-- test: each paper once: without LIMIT every distinct paper, best first
SELECT count(*), count(DISTINCT paper_id), count(score),
       sum(score <= coalesce(prev, 1.0)), sum(score BETWEEN 0.0 AND 1.0)
  FROM (SELECT paper_id, score, lag(score) OVER () AS prev FROM papers WHERE similar_to = 'diffusion distillation');
--> 381|381|381|381|381

-- test: a paper is found at its first appearance in path order
SELECT group_concat(digest || ':' || position, ' ') FROM papers WHERE paper_id = '0a97dbe3fbcbecec';
SELECT digest, position FROM papers WHERE similar_to = (SELECT abstract FROM papers WHERE digest = '001_ab2a4a745e152e11.txt' AND position = 54) LIMIT 1;
--> 000_c0b2e69fb6ccf7e0.txt:76 001_ab2a4a745e152e11.txt:54
--> 000_c0b2e69fb6ccf7e0.txt|76

-- test: LIMIT k gives the first k rows of the full order, OFFSET too
SELECT group_concat(rowid) FROM (SELECT rowid FROM papers WHERE similar_to = 'sparse attention for long context' LIMIT 6 OFFSET 2);
SELECT group_concat(rowid) FROM (SELECT rowid, row_number() OVER () AS n FROM papers WHERE similar_to = 'sparse attention for long context') WHERE n BETWEEN 3 AND 8;
--> 12884901917,4294967406,12884901900,4294967372,4294967318,17179869230
--> 12884901917,4294967406,12884901900,4294967372,4294967318,17179869230

-- test: score is NULL without similar_to, and similar_to = NULL gives no row
SELECT count(*), count(score), count(similar_to) FROM papers;
SELECT count(*) FROM papers WHERE similar_to = NULL;
--> 468|0|0
--> 0

-- test: similar_to gives back the query text
SELECT similar_to FROM papers WHERE similar_to = 'kv cache compression' LIMIT 1;
--> kv cache compression

-- test: a query with no known term: every paper scores 0, in path order
SELECT title, score FROM papers WHERE similar_to = 'zzzz qqqq' LIMIT 2;
SELECT count(*), sum(score = 0) FROM papers WHERE similar_to = 'the of and';
--> DiffuseVAE: Efficient, Controllable and High-Fidelity Generation from Low-Dimensional Latents|0.0
--> SANA-Sprint: One-Step Diffusion with Continuous-Time Consistency Distillation|0.0
--> 381|381

-- test: digest_date filters: the papers first seen on that date (156 by a plain query)
SELECT count(*), min(digest_date), max(digest_date) FROM papers WHERE similar_to = 'image editing' AND digest_date = '2025-03-11';
SELECT count(*) FROM papers p WHERE digest_date = '2025-03-11' AND NOT EXISTS (SELECT 1 FROM papers q WHERE q.paper_id = p.paper_id AND q.digest < p.digest);
--> 156|2025-03-11|2025-03-11
--> 156

-- test: digest_date filters before the top k is taken
SELECT digest_date, title FROM papers WHERE similar_to = 'quantization of large language models' AND digest_date >= '2025-03-18' LIMIT 3;
--> 2025-03-18|PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression
--> 2025-03-18|QuantNAS for super resolution: searching for efficient quantization-friendly architectures against quantization noise
--> 2025-03-18|SpaceEvo: Hardware-Friendly Search Space Design for Efficient INT8 Inference

-- test: digest filters; the count is the papers first seen in that digest
SELECT count(*), count(DISTINCT digest) FROM papers WHERE similar_to = 'language models' AND digest = '001_ab2a4a745e152e11.txt';
SELECT count(*) FROM papers p WHERE digest = '001_ab2a4a745e152e11.txt' AND NOT EXISTS (SELECT 1 FROM papers q WHERE q.paper_id = p.paper_id AND q.digest < p.digest);
--> 80|1
--> 80

-- test: other constraints still apply (SQLite checks them; the LIMIT is not taken then)
SELECT title FROM papers WHERE similar_to = 'quantization of large language models' AND title LIKE '%Quant%' LIMIT 2;
--> "Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization
--> OstQuant: Refining Large Language Model Quantization with Orthogonal and Scaling Transformations for Better Distribution Fitting

-- test: plan: similar_to, LIMIT and ORDER BY score DESC are taken, no sort step
EXPLAIN QUERY PLAN SELECT title, score FROM papers WHERE similar_to = 'x' ORDER BY score DESC LIMIT 10;
--> QUERY PLAN
--> `--SCAN papers VIRTUAL TABLE INDEX 3072:

-- test: plan: another ORDER BY is sorted by SQLite and the LIMIT is not taken
EXPLAIN QUERY PLAN SELECT title, score FROM papers WHERE similar_to = 'x' ORDER BY title LIMIT 10;
--> QUERY PLAN
--> |--SCAN papers VIRTUAL TABLE INDEX 1024:
--> `--USE TEMP B-TREE FOR ORDER BY

-- test: ORDER BY title with LIMIT sorts all papers, not only the best ten
SELECT title FROM papers WHERE similar_to = 'quantization' ORDER BY title LIMIT 1;
--> "Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization

-- test: the index is built once and reused by later statements
CREATE TEMP TABLE b AS SELECT similarity_builds() AS n;
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'video generation' LIMIT 10);
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'reinforcement learning' LIMIT 10);
SELECT count(*) FROM papers WHERE similar_to = 'image editing' AND digest_date = '2025-03-11';
SELECT similarity_builds() - n FROM b;
--> 10
--> 10
--> 156
--> 1

-- test: the table-valued form keeps its index across statements too
CREATE TEMP TABLE b AS SELECT similarity_builds() AS n;
SELECT count(*) FROM (SELECT 1 FROM digests('tests/data/digests') WHERE similar_to = 'video generation' LIMIT 10);
SELECT count(*) FROM (SELECT 1 FROM digests('tests/data/digests') WHERE similar_to = 'speech' LIMIT 10);
SELECT similarity_builds() - n FROM b;
--> 10
--> 10
--> 1

-- test: a missing path is an error naming it
SELECT title FROM digests('tests/data/nope') WHERE similar_to = 'x';
--> Error: digests: cannot open 'tests/data/nope': No such file or directory
