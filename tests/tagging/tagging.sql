-- Tests of tagging (ext/tagging/tagging.c, ext/tagging/aboutness.c, ext/tagging/matcher.c,
-- ext/tagging/taxonomy.inc). tags() and paper_tags() give the tags a text is ABOUT
-- (ext/tagging/aboutness.c: title, first sentence, a sentence stating the
-- contribution, repetition; a negated mention, or a mention of an
-- [introduced] phrase where nothing is introduced, counts for nothing);
-- tag_matches() lists every match of a phrase.

-- test: the built-in taxonomy: at least 40 tags with their variants
SELECT count(DISTINCT tag) >= 40, count(*) > 200 FROM paper_taxonomy;
--> 1|1

-- test: every row of the built-in taxonomy can be read (a bad row would make each tagging call fail, naming the row), and none is there twice
CREATE TABLE builtin AS SELECT tag, phrase FROM paper_taxonomy;
SELECT count(*) FROM tag_problems('builtin');
SELECT count(*) FROM (SELECT tag, phrase FROM builtin GROUP BY tag, phrase HAVING count(*) > 1);
DROP TABLE builtin;
--> 0
--> 0

-- test: the built-in taxonomy holds the variants people write
SELECT tag, phrase FROM paper_taxonomy WHERE phrase IN ('LoRA', 'post-training quantization', '4-bit', 'INT8', 'KV cache', 'CTR prediction', 'motion planning', 'open-domain QA', 'pathology') ORDER BY phrase;
--> quantization|4-bit
--> recommendation|CTR prediction
--> quantization|INT8
--> kv cache|KV cache
--> fine-tuning|LoRA
--> robotics|motion planning
--> retrieval|open-domain QA
--> medical|pathology
--> quantization|post-training quantization

-- test: tags of twelve sample abstracts (read and judged by hand: the tags each is about)
-- 1 (an image tokenizer for variable-rate image compression) mentions its
-- downstream tests (classification, detection, segmentation) once each:
-- none is its topic, and "quality-controllable compression" is no phrase of
-- the model-compression tag; 2 is a model compression method for object
-- detection (pruning, distillation), its "quantization" and "special
-- hardware" are background; 3 is neural image compression, vector
-- quantization a step of it: no tag (the compression tag is model, activation
-- and cache compression, as the labelled set's readers judged); 4 and 6 are learning-rate schedules, 4
-- evaluated on LLMs among others; 5 samples score-based (diffusion) models
-- through PDEs, applied to text-to-image guidance; 7 treats diffusion
-- sampling as solving differential equations ("audio samples" is an aside);
-- 8 is differentially private optimization, with rates and sample
-- complexity on the population risk (learning theory); 9 compares RL- and
-- distillation-based training of LLMs for reasoning; 10 is video diffusion
-- ("clips" of video are no CLIP); 11 a Bayesian few-shot meta-learner; 12
-- Schrodinger bridges, stochastic differential equations named once as
-- background
SELECT position, tags(abstract) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position <= 12;
--> 1|[]
--> 2|["compression","pruning","detection","distillation"]
--> 3|[]
--> 4|["optimization"]
--> 5|["diffusion","differential equations"]
--> 6|["optimization"]
--> 7|["diffusion","differential equations"]
--> 8|["optimization","privacy","learning theory"]
--> 9|["reasoning","distillation","reinforcement learning","llm"]
--> 10|["diffusion","video"]
--> 11|["bayesian","few-shot learning","meta-learning"]
--> 12|[]

-- test: how many of the 381 sample papers are about no tag of the built-in taxonomy: by
-- title and abstract, and by the abstract alone (a title is strong evidence;
-- Streaming DiLoCo names "large language models (LLMs)", one mention, only in
-- its background first sentence; six abstracts are about a tag through the
-- abbreviation of a long form they define, as "Hourglass Diffusion
-- Transformer (HDiT)", then "HDiTs"; Structure-Preserving Operator Learning is
-- about differential equations, "operator learning" being PDE learning; by its
-- abstract alone OpenMixup names "visual representation learning", no
-- self-supervised learning, and a neural codec's "transform coding" is no code
-- generation; the spiking network's "decision-making agent" is no LLM agent
-- (the phrase wants a text that speaks of language models, assistants or tools),
-- while in-context learning is about LLMs, a Markov decision process about
-- RL, NTK theory and deep ensembles about learning theory and uncertainty, and
-- a song generator, a low-rank decomposition, lossy audio codecs and vision
-- token dropping are tagged by the abstract alone; YOLOv9 is about
-- detection and the laser's remaining-useful-life prediction about time
-- series; the signal-to-noise distance of deep metric learning, applied to
-- deep hashing, is about retrieval; by its abstract alone the vision
-- transformer "DiT" names no diffusion, so it has no tag; two neural image
-- codecs are no model compression, and a vector-quantized tokenizer no
-- quantization, so they have none either; visual auto-regressive modeling is
-- about generative models by its title; the EEG paper's autoregressive model
-- is a signal model in a text about no generation, so by its abstract
-- alone it has no tag; a paper that states a dataset or benchmark as its
-- own is about it: the serverless cold-start traces ("Our datasets and code
-- are available"), PYInfer's and OFVL-MS's datasets, and OpenMixup's
-- benchmark by its abstract alone)
SELECT count(*), sum(paper_tags(title, abstract) = '[]'), sum(tags(abstract) = '[]')
  FROM (SELECT min(title) AS title, min(abstract) AS abstract
          FROM digests('tests/data/digests') GROUP BY paper_id);
--> 381|29|41

-- test: what matched in one abstract, with the words as written (byte offsets)
SELECT m.tag, group_concat(DISTINCT substr(d.abstract, m.start + 1, m."end" - m.start))
  FROM digests('tests/data/digests/004_facf3843ccacead3.txt') d, tag_matches(d.abstract) m
 WHERE d.position = 7 GROUP BY m.tag ORDER BY m.tag;
--> differential equations|differential equations
--> diffusion|Denoising Diffusion,Diffusion,Diffusion Probabilistic Models,DDPMs,DDIMs,diffusion,diffusion models
--> speech|audio

-- test: plurals and case variants match through inflection and case folding (the phrase "language model" is [not after: large], so inside "large language model" only the longer phrase matches)
SELECT * FROM tag_matches('We study LLM, LLMs, Large Language Models and a large-language-model.');
--> llm|LLM|9|12
--> llm|LLM|14|18
--> llm|large language model|20|41
--> llm|large language model|48|68

-- test: an abbreviation's plural matches the abbreviation in the built-in and a user taxonomy (TPUs, VLMs; CNNs, LoRAs); a phrase word in capitals matches only capitals, so lower-case llms and tpus do not
SELECT tags('trained on TPUs with VLMs'), tags('llms'), tags('tpus');
--> ["hardware","vlm"]|[]|[]
CREATE TEMP TABLE acronym_taxonomy(tag, phrase);
INSERT INTO acronym_taxonomy VALUES ('convnets', 'CNN'), ('adapters', 'LoRA');
SELECT * FROM tag_matches('Two CNNs and LoRAs', 'acronym_taxonomy');
--> convnets|CNN|4|8
--> adapters|LoRA|13|18

-- test: RL matches on token boundaries only, never inside URL or curl
SELECT tags('See the URL of the curl command'), tags('trained with RL.');
--> []|["reinforcement learning"]

-- test: the short forms the sample digests write for convolutional networks (CNNs, ConvNets, ResNet-50), out-of-distribution (OOD, never inside "food"), diffusion models (DPM-Solver), language models (LMs) and supervised fine-tuning (SFT)
SELECT tags('CNNs and ConvNets such as ResNet-50'), tags('OOD detection'), tags('food delivery'), tags('sampling with DPM-Solver++'), tags('small LMs after SFT');
--> ["convolutional networks"]|["robustness"]|[]|["diffusion"]|["llm","fine-tuning"]
SELECT * FROM tag_matches('ResNet-50, a convolutional neural network');
--> convolutional networks|ResNet|0|6
--> convolutional networks|convolutional|13|26
--> convolutional networks|convolutional neural network|13|41

-- test: multi-word and hyphenated phrases, overlapping matches all reported (a "transformer" right after "diffusion" is the diffusion tag's: [not after: diffusion])
SELECT tag, phrase FROM tag_matches('post-training quantization of diffusion transformers and vision transformers');
--> quantization|post-training quantization
--> quantization|quantization
--> diffusion|diffusion transformer
--> transformers|vision transformer
--> transformers|transformer

-- test: distinct tags in order of first match
SELECT tags('A KV cache for LLM serving with speculative decoding, and another KV cache');
--> ["kv cache","llm","serving","speculative decoding"]

-- test: a text of 40,000 distinct words (the matcher's word cache fills and starts over) still matches
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<40000)
SELECT tags(group_concat('w' || i, ' ') || ' with large language models'),
       (SELECT count(*) FROM tag_matches(group_concat('w' || i, ' ') || ' and a KV cache')) FROM n;
--> ["llm"]|1

-- test: words longer than the word cache keeps (27 letters) match too
CREATE TABLE eeg(tag, phrase);
INSERT INTO eeg VALUES ('eeg', 'electroencephalographically recorded signal');
SELECT tags('Electroencephalographically recorded signals, twice: electroencephalographically recorded signal.', 'eeg');
SELECT * FROM tag_matches('Electroencephalographically recorded signals', 'eeg');
--> ["eeg"]
--> eeg|electroencephalographically recorded signal|0|44

-- test: NULL and empty text
SELECT quote(tags(NULL)), tags(''), (SELECT count(*) FROM tag_matches('')), (SELECT count(*) FROM tag_matches(NULL));
--> NULL|[]|0|0

-- test: a user taxonomy: created, used, changed, used again in one connection
CREATE TABLE tax(tag TEXT, phrase TEXT);
INSERT INTO tax VALUES ('cats', 'cat'), ('pets', 'house cat');
SELECT tags('My house cats and the dogs', 'tax');
INSERT INTO tax VALUES ('dogs', 'dog');
SELECT tags('My house cats and the dogs', 'tax');
DELETE FROM tax WHERE tag = 'cats';
SELECT tags('My house cats and the dogs', 'tax');
SELECT tag, phrase, start, "end" FROM tag_matches('My house cats and the dogs', 'tax');
--> ["pets","cats"]
--> ["pets","cats","dogs"]
--> ["pets","dogs"]
--> pets|house cat|3|13
--> dogs|dog|22|26

-- test: a view works as a taxonomy, and schema-qualified names
CREATE TABLE t(a, b);
INSERT INTO t VALUES ('gpu', 'graphics processor');
CREATE VIEW v AS SELECT a AS tag, b AS phrase FROM t;
SELECT tags('two Graphics Processors', 'v'), tags('graphics processor', 'main.v');
--> ["gpu"]|["gpu"]

-- test: the same user taxonomy for every row of a statement: the papers about each tag, then those that mention it (counted with a regex in Python: 61 abstracts write quantization(s), 16 KV cache(s) in capitals; one more writes kv-cache, which the capitals of the phrase KV do not match; CSKV mentions quantization as background and as something its method "can be seamlessly combined with", so it is not about it; two papers, one of them in two digests, define "vector quantization (VQ)" and write VQ after)
CREATE TABLE tax(tag TEXT, phrase TEXT);
INSERT INTO tax VALUES ('quant', 'quantization'), ('kv', 'KV cache');
SELECT count(*), sum(tags(abstract, 'tax') LIKE '%quant%'), sum(tags(abstract, 'tax') LIKE '%kv%') FROM digests('tests/data/digests');
SELECT sum(EXISTS (SELECT 1 FROM tag_matches(abstract, 'tax') WHERE tag = 'quant')),
       sum(EXISTS (SELECT 1 FROM tag_matches(abstract, 'tax') WHERE tag = 'kv')) FROM digests('tests/data/digests');
--> 468|41|14
--> 61|16

-- test: rows with a NULL or empty phrase or tag are skipped, never a crash, and listed by tag_problems
CREATE TABLE tax(tag TEXT, phrase TEXT);
INSERT INTO tax VALUES ('cats', 'cat'), ('bad', NULL), ('bad2', ''), (NULL, 'dog'), ('punct', '!!!');
SELECT tags('cats and dogs!!!', 'tax');
SELECT tag, quote(phrase), problem FROM tag_problems('tax');
--> ["cats"]
--> bad|NULL|NULL phrase
--> bad2|''|empty phrase
--> |'dog'|NULL tag
--> punct|'!!!'|phrase has no token

-- test: a taxonomy that does not exist is an error naming it
SELECT tags('x', 'nosuch');
--> Error: tags: taxonomy 'nosuch': no such table: nosuch

-- test: a taxonomy without the columns is an error naming it
CREATE TABLE wrong(name TEXT);
SELECT * FROM tag_matches('x', 'wrong');
--> Error: tag_matches: taxonomy 'wrong': no such column: tag

-- test: tag_matches needs its text argument
SELECT * FROM tag_matches;
--> Error: no query solution

-- test: tags(text) is deterministic and innocuous; tags(text, taxonomy) reads a table: direct-only
SELECT name, narg, flags & 0x000800 > 0 AS deterministic, flags & 0x200000 > 0 AS innocuous,
       flags & 0x080000 > 0 AS directonly FROM pragma_function_list WHERE name = 'tags' ORDER BY narg;
--> tags|1|1|1|0
--> tags|2|0|0|1

-- test: tagging with the built-in taxonomy works with trusted_schema=OFF from a view
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT tags('KV cache') AS t, length(tags('KV cache')) AS n, (SELECT count(*) FROM paper_taxonomy) > 0 AS b;
SELECT * FROM v;
--> ["kv cache"]|12|1

-- test: tag_matches takes a taxonomy name, so a view may not use it
CREATE VIEW v AS SELECT count(*) FROM tag_matches('KV cache');
SELECT * FROM v;
--> Error: unsafe use of virtual table "tag_matches"

-- test: a taxonomy named with a NUL byte inside is an error, not a shorter name
CREATE TABLE t(tag, phrase);
INSERT INTO t VALUES ('cache', 'kv cache');
SELECT tags('kv cache', 't' || char(0) || 'x');
--> Error: tags: taxonomy name holds a NUL byte

-- test: tag_matches and tag_problems refuse a taxonomy name with a NUL byte too
CREATE TABLE t(tag, phrase);
SELECT count(*) FROM tag_matches('kv cache', 't' || char(0) || 'x');
SELECT count(*) FROM tag_problems('t' || char(0) || 'x');
--> Error: tag_matches: taxonomy name holds a NUL byte
--> Error: tag_problems: taxonomy name holds a NUL byte

-- test: a phrase with a NUL byte inside never matches its first part: the taxonomy is refused, tag_problems lists the row
CREATE TABLE t(tag, phrase);
INSERT INTO t VALUES ('short', 'kv' || char(0) || 'cache'), ('cache', 'kv cache');
SELECT tags('the kv store', 't');
SELECT tag, problem FROM tag_problems('t');
--> short|phrase holds a NUL byte
--> Error: tags: taxonomy 't': a tag or phrase holds a NUL byte (tag_problems('t') lists the rows)

-- test: a tag with a NUL byte inside is refused the same way
CREATE TABLE t(tag, phrase);
INSERT INTO t VALUES ('a' || char(0) || 'b', 'kv cache');
SELECT * FROM tag_matches('kv cache', 't');
SELECT problem FROM tag_problems('t');
--> tag holds a NUL byte
--> Error: tag_matches: taxonomy 't': a tag or phrase holds a NUL byte (tag_problems('t') lists the rows)

-- test: 300 tags on one phrase, and one tag on a longer phrase around it:
-- reported in taxonomy order (the matcher finds them newest first, which
-- its insertion sort hands over to qsort), the longer match first since it
-- starts first, every tag once
CREATE TABLE many_tags(tag TEXT, phrase TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<300)
INSERT INTO many_tags SELECT printf('t%03d', i), 'shared phrase' FROM n;
INSERT INTO many_tags VALUES ('outer', 'a shared phrase here');
SELECT json_array_length(tags('so a shared phrase here, a shared phrase', 'many_tags')),
       json_extract(tags('so a shared phrase here, a shared phrase', 'many_tags'), '$[0]'),
       json_extract(tags('so a shared phrase here, a shared phrase', 'many_tags'), '$[1]'),
       json_extract(tags('so a shared phrase here, a shared phrase', 'many_tags'), '$[2]'),
       json_extract(tags('so a shared phrase here, a shared phrase', 'many_tags'), '$[300]');
--> 301|outer|t001|t002|t300
SELECT count(*), min(start), max(start), count(DISTINCT tag) FROM tag_matches('so a shared phrase here, a shared phrase', 'many_tags');
--> 601|3|27|301
SELECT tag, start, "end" FROM tag_matches('so a shared phrase here, a shared phrase', 'many_tags') LIMIT 3;
--> outer|3|23
--> t001|5|18
--> t002|5|18
DROP TABLE many_tags;

-- test: transitions the matcher lays out three ways (ext/tagging/matcher.c, "Run-time
-- blocks"): a word starting six phrases (more children than a block lists,
-- so a hashed edge), reached again through a failure link (x alpha -> alpha
-- b3); failure links whose targets are copied into the block (gamma delta ->
-- delta epsilon; p q r -> q r z and, two links down, r y); and three phrases
-- ending on the same word (c d e, d e, e)
CREATE TABLE layout(tag TEXT, phrase TEXT);
INSERT INTO layout VALUES ('ab1','alpha b1'),('ab2','alpha b2'),('ab3','alpha b3'),('ab4','alpha b4'),('ab5','alpha b5'),('ab6','alpha b6'),
  ('xa','x alpha'),('gd','gamma delta'),('de','delta epsilon'),('cde','c d e'),('dee','d e'),('e','e'),
  ('pqr','p q r'),('qrz','q r z'),('ry','r y');
SELECT tag, start, "end" FROM tag_matches('x alpha b3 gamma delta epsilon alpha b6 alpha c d e', 'layout');
--> xa|0|7
--> ab3|2|10
--> gd|11|22
--> de|17|30
--> ab6|31|39
--> cde|46|51
--> dee|48|51
--> e|50|51
SELECT tags('x alpha b3 gamma delta epsilon alpha b6 alpha c d e', 'layout');
--> ["xa","ab3","gd","de","ab6","cde","dee","e"]
SELECT tag, start, "end" FROM tag_matches('p q r y p q r z', 'layout');
--> pqr|0|5
--> ry|4|7
--> pqr|8|13
--> qrz|10|15
DROP TABLE layout;

-- test: qualifiers a user taxonomy can use: not after, not before, with, and bad ones listed by tag_problems
CREATE TABLE q(tag, phrase);
INSERT INTO q VALUES ('object detection', 'detection [not after: change, deepfake]'),
  ('nas', 'search space [with: architecture]'), ('solver', 'DPM [not before: solver]'),
  ('bad', 'x [sometimes: y]'), ('bad', 'x [not after: two words]'), ('bad', 'x [with: a'), ('bad', 'x [with:] y');
SELECT tag, phrase FROM tag_matches('change detection, deepfake detection and object detection', 'q');
SELECT tag FROM tag_matches('the bit-width search space', 'q');
SELECT tag FROM tag_matches('the search space of an architecture', 'q');
SELECT tag, start FROM tag_matches('DPM-Solver, a fast DPM sampler', 'q');
SELECT phrase, problem FROM tag_problems('q');
--> object detection|detection
--> nas
--> solver|19
--> x [sometimes: y]|bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])
--> x [not after: two words]|bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])
--> x [with: a|bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])
--> x [with:] y|bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])

-- test: the causes of wrong tags, with the papers' own words: passing mentions, negations and look-alikes are no topic
SELECT tags('We present a new loss for image retrieval. We evaluate it on five widely used benchmarks. It beats seven popular deepfake datasets. Training takes 12,000 GPU hours.');
SELECT tags('Transformer-based LLMs dominate language tasks. We propose a graph sampler for molecules. It needs no finetuning and runs without fine-tuning.');
SELECT tags('Federated learning trains models without sharing raw data, which protects privacy. We propose a client sampler for federated learning. It speeds up federated training.');
--> ["retrieval"]
--> []
--> ["federated learning"]

-- test: a method that avoids X is not about X: "our approach avoids fine-tuning generative models", "avoiding quantization" (a negation like "without")
SELECT tag, mentions, negated FROM tag_evidence(NULL, 'We propose guidance for diffusion models. Our approach avoids fine-tuning generative models. Avoiding quantization, it keeps full precision.');
--> diffusion|1|0
--> fine-tuning|0|1
--> generative models|0|1
--> quantization|0|1

-- test: a negation reaches a few words on, over adjectives and coordination ("no post-hoc pruning or quantization", "does not require training a reward model"), but not past a preposition or a clause word ("do not scale to long videos", "not only LLMs")
SELECT tag, mentions, negated FROM tag_evidence(NULL, 'It needs no post-hoc pruning or quantization and does not require training a reward model. Such models do not scale to long videos, and not only LLMs but vision transformers suffer.');
--> video|1|0
--> llm|1|0
--> transformers|1|0
--> pruning|0|1
--> quantization|0|1
--> reinforcement learning|0|1

-- test: "the need for X" is set aside by a negation or a verb that dispenses with it ("eliminates the need for fine-tuning", "without the need for a reward model", "obviates any need of quantization"), but a need stated as such keeps X ("a growing need for LLM serving")
SELECT tag, mentions, negated FROM tag_evidence(NULL, 'Our method eliminates the need for fine-tuning. It works without the need for a reward model and obviates any need of quantization. There is a growing need for LLM serving.') ORDER BY tag;
--> fine-tuning|0|1
--> llm|1|0
--> quantization|0|1
--> reinforcement learning|0|1
--> serving|1|0

-- test: "robustness" is a topic in a text about attacks, perturbations, shifts or certified bounds; as one quality among others it is none ("the accuracy and robustness of recommendations", "PLD's efficacy and robustness")
SELECT tags('While implicit feedback is foundational to modern recommender systems, noise adversely affects the accuracy and robustness of recommendations. Experiments on three datasets demonstrate the efficacy and robustness of PLD.');
SELECT tags('Deep networks fail under distribution shifts. We improve robustness with a new training loss. Experiments confirm its robustness.');
SELECT tags('We study the robustness of certified training. Certifiably robust networks trade robustness for accuracy.');
--> ["recommendation"]
--> ["robustness"]
--> ["robustness"]

-- test: adversarial training is robustness against attacks, not the adversarial (GAN) training of a generator ("Single-Step Diffusion through Dynamic Adversarial Training")
SELECT paper_tags('NitroFusion: High-Fidelity Single-Step Diffusion through Dynamic Adversarial Training', 'We introduce a single-step diffusion method with a dynamic pool of discriminators.');
SELECT tags('Adversarial training of vision transformers defends them against adversarial attacks. We train on perturbed inputs.');
--> ["few-step sampling"]
--> ["robustness"]

-- test: round-5 variants, each chosen on papers 1-300 of the labelled set (restoration as super-resolution, visual localization as 3d, forgetting as continual learning, platform-aware as hardware, Byzantine faults as robustness, preference fine-tuning as preference learning); quality enhancement only of images or video
SELECT tags('Multi-frame Quality Enhancement on Compressed Video'), tags('Quality enhancement of customer support');
SELECT tags('Removing compression artifacts from JPEG images'), tags('Ultra-High-Definition Image Reflection Removal'), tags('High Dynamic Range Video Reconstruction');
SELECT tags('Visual Localization across Multiple Indoor Scenes'), tags('Mitigating Forgetting in Aligned Language Models');
SELECT tags('Platform-Aware Neural Architecture Search for Mobile'), tags('Byzantine-Resilient Aggregation for Distributed Training'), tags('Preference Fine-Tuning for Chest X-Ray Interpretation');
--> ["super-resolution","video"]|[]
--> ["super-resolution"]|["super-resolution"]|["super-resolution","video"]
--> ["3d"]|["continual learning","llm"]
--> ["hardware","nas"]|["robustness"]|["preference learning","fine-tuning","medical"]

-- test: round-6 variants from the field's vocabulary, checked on the 381 labelled papers (no wrong tag; two tags right): model names, weight-activation formats, detectors, 3D vision, learning theory, conformal prediction, tensor cores, serving metrics, diffusion training
SELECT tags('W4A16 kernels for PaLM and Gemma'), tags('Cascade R-CNN for crowded scenes'), tags('Visual SLAM and structure from motion from camera pose');
SELECT tags('Benign overfitting and double descent in linear models'), tags('Conformal prediction sets for classifiers'), tags('Tensor Core kernels for mixed-precision GEMM');
SELECT tags('Reducing TPOT and tail latency in prefill-decode disaggregation'), tags('Score matching with a learned noise schedule');
--> ["quantization","llm"]|["detection"]|["3d"]
--> ["learning theory"]|["bayesian"]|["hardware","quantization"]
--> ["serving"]|["diffusion"]

-- test: the Hessian is optimization in a text about optimizers, convergence or minimization, not as a sensitivity measure for quantization or pruning ("Hessian-aware", "Hessian trace"); a lower or upper bound is learning theory in a text about generalization, risk, regret or samples, not an I/O complexity bound
SELECT tags('We propose Hessian-aware mixed-precision quantization. The Hessian trace measures sensitivity.'), tags('Second-order optimization with the inverse Hessian. Our optimizer converges.');
SELECT tags('We prove a lower bound on the I/O complexity of attention and an upper bound for FlashAttention.'), tags('We prove an upper bound on the generalization error and a matching lower bound on the sample complexity.');
--> ["quantization"]|["optimization"]
--> ["efficient attention"]|["learning theory"]

-- test: round-6 variants read off the errors of papers 301-381 (after their held-out figures were taken), each checked on all 381: drones (robotics), certified robust training (robustness), implicit differentiation and bilevel optimization (optimization), demosaicing (restoration), Schrödinger bridges (differential equations), meta reinforcement learning (meta-learning), environmental impact (energy efficiency)
SELECT tags('Visual Pose Estimation aboard Nano-drones'), tags('Fast Certified Robust Training with Short Warmup'), tags('Efficient and Modular Implicit Differentiation');
SELECT tags('Event Camera Demosaicing via Pixel-focus Loss'), tags('Multi-marginal Schrödinger Bridges'), tags('Meta Reinforcement Fine-Tuning'), tags('Projecting the environmental impact of AI');
--> ["robotics"]|["robustness"]|["optimization"]
--> ["super-resolution"]|["differential equations"]|["meta-learning","fine-tuning"]|["energy efficiency"]

-- test: more round-6 variants, each checked on all 381 labelled papers: diffusion alone in a text about denoising, sampling, generation or images (not heat diffusion), sustainability (energy efficiency), learning curves (scaling laws), in-storage computing (hardware), multiobjective optimization
SELECT tags('Single-step diffusion sampling of images'), tags('Heat diffusion in porous media'), tags('Hype, Sustainability, and the Price of AI');
SELECT tags('Modeling of learning curves'), tags('In-Storage Attention Offloading'), tags('Multiobjective Optimization of Control Problems');
--> ["few-step sampling","diffusion"]|[]|["energy efficiency"]
--> ["scaling laws"]|["hardware"]|["optimization"]

-- test: the last round-6 variants, each checked on all 381 labelled papers: RISC-V and chips (hardware), private (privacy), changing environments (domain adaptation), distilled diffusion (few-step sampling)
SELECT tags('Parallel ML on RISC-V chips'), tags('Private Federated LoRA Fine-Tuning'), tags('Adaptation to Changing Environments'), tags('Distilled Diffusion for Music Generation');
--> ["hardware"]|["privacy","federated learning","fine-tuning"]|["domain adaptation"]|["distillation","few-step sampling","diffusion","speech"]

-- test: R-CNN is a detector (detection), not the CNN architecture; spatial-temporal data is no time series
SELECT tags('Cascade R-CNN: Delving into High Quality Object Detection'), tags('A CNN backbone for Faster R-CNN');
SELECT tags('Video Super-Resolution via Spatial-Temporal Data Overfitting'), tags('Forecasting from temporal data');
--> ["detection"]|["convolutional networks","detection"]
--> ["video","super-resolution"]|["time series"]

-- test: a hyphened word that negates a mention or makes it a likeness sets it aside (hardware-agnostic, GPT-style, LLM-like); an LLM-based method counts
SELECT tags('A hardware-agnostic sampler'), tags('GPT-style generation of videos'), tags('LLM-like video models'), tags('LLM-based agents for tool use');
--> []|["video"]|["video"]|["llm","agents"]

-- test: a method the paper's own is orthogonal to, complementary to, combined with or compatible with is set aside, like "rather than X"
SELECT tags('We propose a new sampler for diffusion models. It is orthogonal to quantization and can be combined with pruning. It is compatible with distillation and complementary to caching.');
--> ["diffusion"]

-- test: matches of one tag next to each other are one mention: an abbreviation with its long form, "INT4 quantization", "4-bit quantized"
SELECT tag, mentions FROM tag_evidence(NULL, 'Large language models (LLMs) are big. We apply INT4 quantization and 4-bit quantized kernels to LLMs.');
--> llm|2
--> quantization|2

-- test: an abbreviation the text defines after a long form with a match in it counts as that tag wherever it is used later ("Robust Fine-Tuning (RFT)", then "RFT"); not before its definition, not when a phrase of the tag matches the abbreviation itself (MLLMs: four vlm mentions, the definition one of them), and not for a match inside a longer one of another tag ("Latent Consistency Distillation (LCD)": LCD is consistency distillation, few-step sampling, not distillation)
SELECT tags('Robust Fine-Tuning (RFT) interpolates weights. We study RFT on CLIP. RFT fails on OOD data, and we fix RFT.');
SELECT tag, mentions FROM tag_evidence(NULL, 'We study RFT. Robust Fine-Tuning (RFT) is new.');
SELECT tag, mentions FROM tag_evidence(NULL, 'Multimodal Large Language Models (MLLMs) see images. We compress MLLMs. MLLMs get faster. Our MLLMs win.');
SELECT tag, mentions FROM tag_evidence(NULL, 'Latent Consistency Distillation (LCD) is fast. LCD samples in four steps. LCD wins.');
--> ["fine-tuning"]
--> fine-tuning|1
--> vlm|4
--> few-step sampling|3
--> distillation|1

-- test: stemming look-alikes no longer match: embedding is not embedded, transformation not transformer, reason not reasoning, robust not robustness, sparsity encoding no pruning, manipulations of images no robotics, vision-language model not llm
SELECT count(*) FROM tag_matches('an embedding space and features embedded in it; a gauge transformation of transformed data; for this reason; robust performance optimization; sparsity encoding; manipulations of images; a vision-language model');
SELECT group_concat(DISTINCT tag) FROM tag_matches('an embedded device running a transformer for strict mathematical reasoning');
--> 2
--> edge devices,transformers,reasoning

-- test: senses kept apart: detection is object detection, not change or deepfake detection; a bit-width search space is no NAS; plain self-attention is no efficient attention
SELECT tags('We study change detection in satellite images.'), tags('A deepfake detector for videos.'), tags('An object detector for drones.');
SELECT tags('We search the bit-width search space of a quantizer.'), tags('We search the architecture search space.'), tags('A transformer with self-attention.');
--> []|["video"]|["detection","robotics"]
--> ["quantization"]|["nas"]|["transformers"]

-- test: the title is strong evidence: a paper titled for automated vehicles is about robotics, the same abstract alone is not
SELECT paper_tags('Safe Lane Changes for Automated Vehicles', 'We propose a planner. It plans lane changes. We test it in simulation and on a test track with an automated vehicle.'),
       tags('We propose a planner. It plans lane changes. We test it in simulation and on a test track with an automated vehicle.');
--> ["robotics"]|[]

-- test: the variants readers asked for: motion planning, trajectory prediction, BEV perception, bias, demographic, pathology, patients, chest X-ray, open-domain QA, CTR prediction, image classification, learning theory
SELECT tags('motion planning'), tags('trajectory prediction'), tags('BEV perception'), tags('gender bias'), tags('demographic groups'),
       tags('computational pathology'), tags('patients'), tags('chest X-ray'), tags('open-domain QA'), tags('CTR prediction'),
       tags('fine-grained image recognition'), tags('a generalization bound');
--> ["robotics"]|["robotics"]|["robotics"]|["fairness"]|["fairness"]|["medical"]|["medical"]|["medical"]|["retrieval"]|["recommendation"]|["image classification"]|["learning theory"]

-- test: senses of short names: DiT is a diffusion transformer only in a text about diffusion or denoising; an instruction-following model after vision or multimodal is a VLM, not an LLM
SELECT tags('DiT: efficient vision transformers with dynamic token routing'), tags('DiT: scalable diffusion models with transformers'),
       tags('Instruction-following models answer questions.'), tags('Vision instruction-following models answer questions about images.');
--> ["transformers"]|["diffusion","transformers"]|["llm"]|[]

-- test: variants of three topics: deep hashing (retrieval), NFE (few-step sampling), a solver in a text about ODEs (differential equations), but not a solver alone
SELECT tags('deep hashing for image search'), tags('sampling with 10 NFE'), tags('We propose a solver. It solves the probability flow ODE. Our solver is fast.'),
       tags('We propose a solver for the traveling salesman problem. Our solver is fast. The solver wins.');
--> ["retrieval"]|["few-step sampling"]|["differential equations"]|[]

-- test: the text-to-image models people name (Stable Diffusion, SDXL, DALL-E) are text-to-image; Stable Diffusion is also diffusion
SELECT tags('Accelerating Stable Diffusion'), tags('SDXL images'), tags('images from DALL-E 3');
--> ["diffusion","text-to-image"]|["diffusion","text-to-image"]|["text-to-image"]

-- test: an agent is an LLM agent in a text about language models, assistants or tools, not in one that only says AI (an economic policy learned by RL agents); an AI agent is; temporal consistency is video in a text about video or frames, not about audio; a benchmark named -Bench is introduced in the text
SELECT paper_tags('The AI Economist: Policy Design via Deep Reinforcement Learning', 'AI can learn economic policy. We train agents that pay taxes and a planner agent that sets them. The agents adapt to each other.'), tags('AI agents for research. An AI agent writes code. We study the agent.'),
       tags('We generate audio. Our model improves temporal consistency. Temporal consistency matters.'), tags('We generate videos. Our model improves temporal consistency of frames.'),
       tags('We introduce RE-Bench, tasks for research engineering.');
--> ["reinforcement learning"]|["agents"]|[]|["video"]|["benchmark"]

-- test: more variants people write: population risk (learning theory), longer sequences (long context), thread blocks and model FLOPs utilization (hardware), EEG and remaining useful life (time series), low-energy, client devices and memory-limited devices, YOLOv8
SELECT tags('bounds on the population risk'), tags('scaling to longer sequences'), tags('work split between thread blocks'), tags('72% model FLOPs utilization'),
       tags('EEG signals'), tags('remaining useful life prediction'), tags('low-energy inference'), tags('models on client devices'),
       tags('memory-limited devices'), tags('YOLOv8 on drones');
--> ["learning theory"]|["long context"]|["hardware"]|["hardware"]|["time series"]|["time series"]|["energy efficiency"]|["edge devices"]|["edge devices"]|["detection","robotics"]

-- test: a dataset or benchmark is a topic where the paper introduces one, not where it evaluates on one
SELECT tags('We introduce a new benchmark for video reasoning. It has 5,000 questions. Models fail on it.'),
       tags('We propose a pruning method. We evaluate it on three benchmarks. It beats the benchmarks. Results on benchmarks are good.');
--> ["benchmark","video","reasoning"]|["pruning"]

-- test: a [setting] phrase in the first sentence decides alone, as in the title: a paper that opens on deploying networks on edge devices is about edge devices; the same words later in the abstract are one passing mention
SELECT tags('Deploying deep neural networks on low-resource edge devices is challenging. We propose a shift network. It is accurate.'),
       tags('We propose a shift network. It is accurate. It could run on low-resource edge devices.');
SELECT tag, about, score, in_first_sentence, setting, introduced FROM tag_evidence(NULL, 'Deploying deep neural networks on low-resource edge devices is challenging. We propose a shift network.');
--> ["edge devices"]|[]
--> edge devices|1|4.0|1|1|0

-- test: [setting] in a user taxonomy, and only in the first sentence
CREATE TABLE settings(tag, phrase);
INSERT INTO settings VALUES ('hospital', 'intensive care unit [setting]'), ('hospital plain', 'intensive care unit');
SELECT tags('Patients in the intensive care unit need monitoring. We propose a model.', 'settings'),
       tags('We propose a model. It was tested in an intensive care unit.', 'settings');
SELECT count(*) FROM tag_problems('settings');
--> ["hospital"]|[]
--> 0

-- test: crafted [setting] qualifiers in a user taxonomy: with an argument it is a bad qualifier, alone it is no phrase, any case and repeats are read, and with [introduced] both rules hold
CREATE TABLE settings2(tag, phrase);
INSERT INTO settings2 VALUES ('a', 'edge device [setting: x]'), ('b', 'edge device [setting; setting; introduced]'),
  ('c', 'edge device [ SETTING ]'), ('d', '[setting]');
SELECT tag, problem FROM tag_problems('settings2');
SELECT tags('Deploying models on edge devices is hard. We propose X.', 'settings2');
--> a|bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])
--> d|phrase has no token
--> ["c"]

-- test: senses of compression: model, activation and cache compression are the compression tag; image and video codecs are not; a mixture compressor is, a video compressor is not
SELECT tags('KV cache compression for long contexts'), tags('Extreme image compression with VQGANs'), tags('Learned video compression with an entropy model'),
       tags('MC-MoE: a mixture compressor for MoE LLMs'), tags('OD-VAE: a video compressor for latent video diffusion');
--> ["kv cache","compression","long context"]|["generative models"]|["video"]|["mixture of experts","compression","llm"]|["generative models","video","diffusion"]

-- test: vector quantization is no model quantization; an SFT model or loss is no fine-tuning method, SFT is; software and hardware is no hardware design; faster convergence is no optimization, a convergence rate is; RLHF is about LLMs; GPU heterogeneity is hardware
SELECT tags('Vector quantized models and vector quantization'), tags('Post-training quantization to 4 bits'),
       tags('The SFT model and the SFT loss'), tags('SFT of small models'),
       tags('software and hardware optimizations'), tags('faster convergence of diffusion transformers'), tags('a convergence rate for SGD'),
       tags('constrained RLHF'), tags('serving by exploiting GPU heterogeneity');
--> []|["quantization"]|[]|["fine-tuning"]|[]|["diffusion"]|["optimization"]|["llm","preference learning"]|["hardware"]

-- test: variants of round 4: inference and performance scaling (scaling laws), inference efficiency and patch parallelism (serving), KV features (kv cache), adaptive time-stepping (differential equations), NVMe SSDs (hardware), visual auto-regressive modeling (generative models)
SELECT tags('Inference scaling laws of LLM resampling'), tags('Performance scaling via optimal transport'), tags('inference efficiency metrics for APIs'),
       tags('patch parallelism for diffusion model inference'), tags('compressing the KV features of long contexts'), tags('adaptive time-stepping for the three-body problem'),
       tags('adding NVMe SSDs to fine-tune 100B models'), tags('visual auto-regressive modeling');
--> ["scaling laws","llm"]|["scaling laws"]|["serving"]|["serving","diffusion"]|["kv cache","long context"]|["differential equations"]|["hardware"]|["generative models"]

-- test: British spellings match as the American ones do: quantisation, optimiser, generalisation bound, normalising flow, masked image modelling; vector quantisation is still no quantization
SELECT tags('post-training quantisation of LLMs'), tags('a new Adam optimiser'), tags('a generalisation bound'), tags('normalising flows'),
       tags('masked image modelling'), tags('vector quantised codes');
--> ["quantization","llm"]|["optimization"]|["learning theory"]|["generative models"]|["self-supervised learning"]|[]

-- test: senses of GPT and of an autoregressive model: GPT is an LLM in a text about language, LLMs, chatbots or instructions, not as the analogy of an image model; an autoregressive model is a generative model in a text about generation, tokens, text or sequences, not as a signal model
SELECT tags('GPT answers questions in natural language. We study GPT.'), tags('Image autoregressive modeling lags behind GPT. A GPT model for images beats GPT.'),
       tags('We generate images with an autoregressive model over image tokens. The autoregressive model is fast.'),
       tags('We propose features from an autoregressive model of EEG signals. The autoregressive model gives a covariance matrix. Its autoregressive model order is two.');
--> ["llm"]|[]|["generative models"]|["time series"]

-- test: a dataset or benchmark the text states as its own decides alone (the introducing verb or "our" near it, a subject before it); one it only evaluates on, or builds upon, counts as a mention at most
SELECT tags('We propose a metric for text-to-video generation. We present the TVGE dataset, collecting 2,543 human judgements.'),
       tags('We propose a pruning method. Our datasets and code are available.'),
       tags('We propose a fast checker. As a proof of concept, we use it to create EvalPerf, a benchmark of 121 coding tasks.'),
       tags('We propose a pruning method. We collect results on three datasets.'),
       tags('We propose a pruning method. Building upon this dataset, we train a reward model.');
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We propose a pruning method. We collect results on three datasets.') WHERE tag = 'dataset';
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We propose a metric for text-to-video generation. We present the TVGE dataset, collecting 2,543 human judgements.') WHERE tag = 'dataset';
--> ["video","dataset"]|["pruning","dataset"]|["benchmark"]|["pruning"]|["pruning"]
--> dataset|1.0|0
--> dataset|4.0|1

-- test: "our" states a dataset as the text's own only close to it ("our curated image dataset"), not as the subject of another noun ("Our method leverages publicly available datasets")
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We study radiology reports. Our method leverages publicly available datasets with an LLM judge.') WHERE tag = 'dataset';
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We study radiology reports. Our curated image dataset is released.') WHERE tag = 'dataset';
--> dataset|1.0|0
--> dataset|4.0|1

-- test: a dataset the text introduces in the passive, the verb right after it, is its own as well ("a multi-view vehicle dataset is collected as the testbed"); "the dataset is noisy" introduces none
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We study recognition. In this paper we proceed in three steps: (i) a multi-view vehicle dataset is collected as the testbed.') WHERE tag = 'dataset';
SELECT tag, score, introduced FROM tag_evidence(NULL, 'We study recognition. In this paper we note that the dataset is noisy.') WHERE tag = 'dataset';
--> dataset|3.0|1
--> dataset|0.0|0

-- test: paper_tags and tag_evidence take NULLs: no title, no abstract, neither
SELECT quote(paper_tags(NULL, NULL)), paper_tags(NULL, 'quantization of LLMs'), paper_tags('Quantization of LLMs', NULL),
       (SELECT count(*) FROM tag_evidence(NULL, NULL));
--> NULL|["quantization","llm"]|["quantization","llm"]|0

-- test: tag_evidence needs both its arguments
SELECT * FROM tag_evidence('a title');
--> Error: no query solution
