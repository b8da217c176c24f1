-- Tests of similarity(a, b) (ext/similarity/similarity.c): cosine of sublinear tf
-- vectors of stemmed, stop-word-free tokens.

-- test: equal texts give exactly 1.0
SELECT similarity('Quantization of large language models', 'Quantization of large language models');
--> 1.0

-- test: the same terms after stemming and stop words give 1.0
SELECT similarity('Large language models are quantized', 'quantizing a large language model');
--> 1.0

-- test: an acronym and its plural are one term
SELECT similarity('LLMs on GPUs', 'an LLM on a GPU');
--> 1.0

-- test: no shared term gives 0.0
SELECT similarity('diffusion models for images', 'quantized transformers');
--> 0.0

-- test: a text with no term (only stop words, or empty) gives 0.0
SELECT similarity('the of and', 'the of and'), similarity('', 'model'), similarity('', '');
--> 0.0|0.0|0.0

-- test: NULL in either argument gives NULL
SELECT similarity(NULL, 'x') IS NULL, similarity('x', NULL) IS NULL, similarity(NULL, NULL) IS NULL;
--> 1|1|1

-- test: one of two terms shared, tf 1 each: 1/2
SELECT similarity('the cat sat', 'the dog sat');
--> 0.5

-- test: sublinear tf: cat x2, dog x1 against dog: 1/sqrt((1+ln 2)^2 + 1)
SELECT printf('%.12f', similarity('Cats cats dogs', 'dogs')), printf('%.12f', 1/sqrt((1+ln(2))*(1+ln(2)) + 1));
--> 0.508542320378|0.508542320378

-- test: symmetric, bit for bit, on sample abstracts
WITH a AS (SELECT abstract AS t, row_number() OVER () AS i FROM digests('tests/data/digests') WHERE abstract IS NOT NULL LIMIT 40)
SELECT count(*), sum(similarity(x.t, y.t) = similarity(y.t, x.t)), sum(similarity(x.t, y.t) BETWEEN 0 AND 1),
       sum(x.i = y.i AND similarity(x.t, y.t) = 1.0)
  FROM a x, a y;
--> 1600|1600|1600|40

-- test: two sample abstracts, exact value (checked in Python from tokenize(t, 'stem stopwords'))
SELECT printf('%.6f', similarity(
  (SELECT abstract FROM digests('tests/data/digests') WHERE title LIKE 'DiffuseVAE%'),
  (SELECT abstract FROM digests('tests/data/digests') WHERE title LIKE 'SANA-Sprint%')));
--> 0.246660

-- test: non-text arguments are compared as their text
SELECT similarity(42, '42'), similarity(x'6d6f64656c', 'model');
--> 1.0|1.0

-- test: similarity is deterministic and innocuous
SELECT name, narg, flags & 0x000800 > 0, flags & 0x200000 > 0 FROM pragma_function_list WHERE name = 'similarity';
--> similarity|2|1|1

-- test: works with trusted_schema=OFF from a view
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT similarity('model', 'models') AS s;
SELECT * FROM v;
--> 1.0

-- test: wrong number of arguments
SELECT similarity('a');
--> Error: wrong number of arguments to function similarity()
