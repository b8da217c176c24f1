-- The workload of tests/test_valgrind.sh: one or two statements per module,
-- on the small fixtures, so that memcheck covers every path that allocates.
SELECT count(*), sum(length(abstract)), max(digest_date) FROM digests('tests/data/digests', 2025);
SELECT count(*) FROM digests('tests/data/bad');
SELECT digest, line, problem FROM digest_problems('tests/data/bad');
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025);
SELECT title FROM papers WHERE digest_date >= '2025-01-01' ORDER BY digest, position LIMIT 3;
SELECT tokenize('State-of-the-art text-to-image models, 4-bit INT8 and Ünïcode', 'stem stopwords');
SELECT count(*), max(t.token) FROM papers p, tokens(p.abstract) t WHERE p.position = 1;
CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT title, abstract FROM papers;
SELECT count(*) FROM ft WHERE ft MATCH 'quantization';
SELECT sum(json_array_length(tags(abstract))) FROM papers;
CREATE TABLE topics(tag TEXT, phrase TEXT);
INSERT INTO topics VALUES ('serving', 'KV cache'), ('serving', 'prefix caching'), ('bad', ''), ('bad', NULL);
SELECT tags('Prefix caching and a paged KV cache', 'topics');
SELECT tag, phrase, problem FROM tag_problems('topics');
INSERT INTO topics VALUES ('diffusion', 'diffusion models');
SELECT tag, phrase, start, end FROM tag_matches('Diffusion models with a KV cache', 'topics');
SELECT count(*) FROM papers WHERE tags(abstract, 'topics') <> '[]';
SELECT keywords(abstract, 5) FROM papers WHERE position = 2 LIMIT 2;
SELECT keywords('Grouped query attention (GQA) cuts memory traffic; GQA kernels run fast.', 3);
SELECT printf('%.4f', similarity('Quantizing large language models', 'quantization of a large language model'));
SELECT title FROM papers WHERE similar_to = 'KV cache compression for long context' LIMIT 3;
SELECT count(*) FROM paper_duplicates('tests/data/dups');
-- the saved similarity index: a save, a lazy query, a load, commands, an update, band hashes
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('merge');
SELECT title FROM papers WHERE similar_to = 'speculative decoding' LIMIT 2;
SELECT count(*) FROM papers WHERE similar_to = 'diffusion';
INSERT INTO papers(papers) VALUES('integrity-check');
UPDATE papers_files SET mtime = mtime + 1 WHERE name LIKE '002%';
UPDATE papers_config SET v = v + 1 WHERE k = 'generation';
SELECT title FROM papers WHERE similar_to = 'speculative decoding' LIMIT 2;
INSERT INTO papers(papers) VALUES('rebuild');
SELECT count(*) FROM paper_duplicates('papers');
SELECT count(*) FROM papers_minhash;
DROP TABLE papers;
