-- More tests of the FTS5 tokenizer `papers` (ext/text/fts5_papers.c) over the sample
-- digests: each distinct paper once (its first appearance in path order), rowid 1, 2, ...
CREATE TEMP TABLE sample_papers AS
  SELECT row_number() OVER (ORDER BY min(rowid)) AS id, title, abstract
    FROM (SELECT rowid, title, abstract FROM digests('tests/data/digests')) GROUP BY title;
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft(rowid, title, abstract) SELECT id, title, abstract FROM sample_papers ORDER BY id;

-- test: the tokenizer is registered and the table is built
SELECT count(*) FROM ft;
--> 381

-- test: MATCH 'title:quantiz*' finds every title with quantize, quantized, quantization
SELECT rowid, title FROM ft WHERE ft MATCH 'title:quantiz*' ORDER BY rowid;
--> 7|Pareto-Optimal Quantized ResNet Is Mostly 4-bit
--> 22|Benchmarking Post-Training Quantization in LLMs: Comprehensive Taxonomy, Unified Evaluation, and Comparative Analysis
--> 62|Understanding the Impact of Post-Training Quantization on Large Language Models
--> 63|EfficientDM: Efficient Quantization-Aware Fine-Tuning of Low-Bit Diffusion Models
--> 75|Augmenting Hessians with Inter-Layer Dependencies for Mixed-Precision Post-Training Quantization
--> 80|SimQ-NAS: Simultaneous Quantization Policy and Neural Architecture Search
--> 83|HAWQ-V2: Hessian Aware trace-Weighted Quantization of Neural Networks
--> 84|MixDQ: Memory-Efficient Few-Step Text-to-Image Diffusion Models with Metric-Decoupled Mixed Precision Quantization
--> 115|MixLLM: LLM Quantization with Global Mixed-precision between Output-features and Highly-efficient System Design
--> 136|No Token Left Behind: Reliable KV Cache Compression via Importance-Aware Mixed Precision Quantization
--> 144|QuantNAS for super resolution: searching for efficient quantization-friendly architectures against quantization noise
--> 155|Addressing Representation Collapse in Vector Quantized Models with One Linear Layer
--> 169|AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration
--> 175|"Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization
--> 179|OliVe: Accelerating Large Language Models via Hardware-friendly Outlier-Victim Pair Quantization
--> 183|GAQAT: gradient-adaptive quantization-aware training for domain generalization
--> 186|QServe: W4A8KV4 Quantization and System Co-design for Efficient LLM Serving
--> 188|Oscillation-free Quantization for Low-bit Vision Transformers
--> 193|I&S-ViT: An Inclusive & Stable Method for Pushing the Limit of Post-Training ViTs Quantization
--> 205|OHQ: On-chip Hardware-aware Quantization
--> 208|ZipCache: Accurate and Efficient KV Cache Quantization with Salient Token Identification
--> 220|OstQuant: Refining Large Language Model Quantization with Orthogonal and Scaling Transformations for Better Distribution Fitting
--> 225|Improving Post Training Neural Quantization: Layer-wise Calibration and Integer Programming
--> 243|SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression
--> 276|VQ4DiT: Efficient Post-Training Vector Quantization for Diffusion Transformers

-- test: the prefix query finds the same rows as a LIKE over the titles
SELECT (SELECT group_concat(rowid) FROM ft WHERE ft MATCH 'title:quantiz*') = (SELECT group_concat(id) FROM sample_papers WHERE title LIKE '%quantiz%');
--> 1

-- test: MATCH 'quantiz*' over both columns agrees with tokens()
SELECT (SELECT count(*) FROM ft WHERE ft MATCH 'quantiz*'),
       (SELECT count(*) FROM sample_papers WHERE EXISTS (SELECT 1 FROM tokens(title || ' ' || abstract, 'stem') WHERE token GLOB 'quantiz*'));
--> 47|47

-- test: stemming: quantized and quantization match the same rows
SELECT (SELECT group_concat(rowid) FROM ft WHERE ft MATCH 'title:quantized') = (SELECT group_concat(rowid) FROM ft WHERE ft MATCH 'title:quantization'),
       (SELECT count(*) FROM ft WHERE ft MATCH 'title:quantized');
--> 1|25

-- test: phrase query
SELECT rowid, title FROM ft WHERE ft MATCH '"consistency distillation"' ORDER BY rowid;
--> 2|SANA-Sprint: One-Step Diffusion with Continuous-Time Consistency Distillation
--> 280|Efficient-vDiT: Efficient Video Diffusion Transformers With Attention Tile
--> 380|Improving the Training of Rectified Flows

-- test: phrase query across a hyphen: "post training quantization" matches Post-Training Quantization
SELECT rowid FROM ft WHERE ft MATCH 'title:"post training quantization"' ORDER BY rowid;
--> 22
--> 62
--> 75

-- test: bm25 ordering
SELECT rowid, printf('%.3f', bm25(ft)), title FROM ft WHERE ft MATCH 'speculative decoding' ORDER BY bm25(ft) LIMIT 5;
--> 151|-14.210|Optimizing Speculative Decoding for Serving Large Language Models Using Goodput
--> 282|-8.823|Entropy Adaptive Decoding: Dynamic Model Switching for Efficient Inference

-- test: full-width query text folds to the indexed token, which the plural LLMs shares; highlight() marks the original text
SELECT rowid, highlight(ft, 0, '[', ']') FROM ft WHERE ft MATCH 'title:ＬＬＭ' ORDER BY rowid LIMIT 3;
--> 22|Benchmarking Post-Training Quantization in [LLMs]: Comprehensive Taxonomy, Unified Evaluation, and Comparative Analysis
--> 43|Iterative Nash Policy Optimization: Aligning [LLMs] with General Preferences via No-Regret Learning
--> 106|Data-Centric and Heterogeneity-Adaptive Sequence Parallelism for Efficient [LLM] Training

-- test: snippet() around a phrase in the abstract
SELECT rowid, snippet(ft, 1, '[', ']', '...', 8) FROM ft WHERE ft MATCH 'abstract:"speculative decoding"' ORDER BY rowid LIMIT 2;
--> 151|...is crucial, and [speculative decoding] (SD) stands out...
--> 282|...Unlike [speculative decoding] approaches that maintain perfect output...

-- test: NEAR query
SELECT rowid FROM ft WHERE ft MATCH 'NEAR(goodput serving, 5)' ORDER BY rowid;
--> 87
--> 151

-- test: the index vocabulary is the distinct tokens of tokens(..., 'stem')
CREATE VIRTUAL TABLE v USING fts5vocab(ft, row);
SELECT (SELECT count(*) FROM v), (SELECT count(DISTINCT token) FROM sample_papers, tokens(title || ' ' || abstract, 'stem'));
--> 4785|4785

-- test: highlight() offsets on full-width, ligature and decomposed input
CREATE VIRTUAL TABLE f2 USING fts5(x, tokenize='papers');
INSERT INTO f2 VALUES ('ＬＬＭ ﬁne-tuning with cafe' || char(0x301) || ' 日本語');
SELECT highlight(f2, 0, '[', ']') FROM f2 WHERE f2 MATCH 'llm OR fine OR café OR 本';
--> [ＬＬＭ] [ﬁne]-tuning with [café] 日[本]語

-- test: MATCH '1' finds ⑴ and ½, whose NFKC forms (1) and 1⁄2 hold the token 1; a phrase spans the tokens of ½; highlight() marks the written form
CREATE VIRTUAL TABLE f5 USING fts5(x, tokenize='papers');
INSERT INTO f5(rowid, x) VALUES (1, 'step ⑴ of the recipe'), (2, 'add ½ cup'), (3, 'weighs 5㎏'), (4, 'step (2)');
SELECT group_concat(rowid) FROM f5 WHERE f5 MATCH '1';
SELECT group_concat(rowid) FROM f5 WHERE f5 MATCH '"1 2"';
SELECT group_concat(rowid) FROM f5 WHERE f5 MATCH '5kg';
SELECT highlight(f5, 0, '[', ']') FROM f5 WHERE f5 MATCH '1' ORDER BY rowid;
--> 1,2
--> 2
--> 3
--> step [⑴] of the recipe
--> add [½] cup

-- test: stopwords option: stop words are dropped from documents and queries alike
CREATE VIRTUAL TABLE f3 USING fts5(x, tokenize='papers stem stopwords');
INSERT INTO f3 VALUES ('the training of the models'), ('training models');
SELECT rowid FROM f3 WHERE f3 MATCH '"training of models"' ORDER BY rowid;
SELECT count(*) FROM f3 WHERE f3 MATCH 'the';
--> 1
--> 2
--> 0

-- test: keepcase and keepmarks are passed through
CREATE VIRTUAL TABLE f4 USING fts5(x, tokenize='papers keepmarks');
INSERT INTO f4 VALUES ('Schrödinger bridge'), ('Schrodinger bridge');
SELECT rowid FROM f4 WHERE f4 MATCH 'schrödinger';
SELECT rowid FROM ft WHERE ft MATCH 'schrödinger';
--> 1
--> 332

-- test: an unknown option fails the tokenizer constructor
CREATE VIRTUAL TABLE bad USING fts5(x, tokenize='papers bogus');
--> Error: error in tokenizer constructor
