-- Tests of the similarity index a created digests table keeps in its shadow
-- tables (ext/similarity/simstore.c): the tables, answers equal to the in-memory
-- index's, the commands, refused writes, damage, rename and drop, temp and
-- attached databases. Each case runs in a new shell on :memory:; the tests
-- across processes and files are tests/test_persist.py.
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025);
CREATE TEMP VIEW top10 AS SELECT 1;

-- test: the shadow tables come with the table, and SQLite knows them as shadow tables
SELECT name, type FROM pragma_table_list WHERE name LIKE 'papers%' ORDER BY name;
--> papers|virtual
--> papers_config|shadow
--> papers_docs|shadow
--> papers_files|shadow
--> papers_minhash|shadow
--> papers_norms|shadow
--> papers_pairs|shadow
--> papers_papers|shadow
--> papers_postings|shadow
--> papers_terms|shadow

-- test: nothing is saved before the first similar_to query; it saves the whole index once
SELECT count(*) FROM papers_config;
SELECT title FROM papers WHERE similar_to = 'kv cache compression' LIMIT 1;
SELECT k, CASE k WHEN 'generation' THEN typeof(v) ELSE v END FROM papers_config ORDER BY k;
SELECT (SELECT count(*) FROM papers_files), (SELECT count(*) FROM papers_papers),
       (SELECT count(*) FROM papers_docs), (SELECT count(*) FROM papers_terms),
       (SELECT count(*) FROM papers_postings), (SELECT count(*) FROM papers_norms);
--> 0
--> CSKV: Training-Efficient Channel Shrinking for KV Cache in Long-Context Scenarios
--> generation|integer
--> ndoc|381
--> nextfile|6
--> nextterm|4645
--> npost|40173
--> nslot|381
--> path|tests/data/digests
--> recursive|0
--> version|1
--> 5|381|381|4644|4644|1

-- test: answers read from the saved tables (no index in memory after 'merge') equal the in-memory index's: top 10 ids and scores to 1e-9
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('merge');
CREATE TEMP TABLE q(t);
INSERT INTO q VALUES ('quantization of large language models'), ('video diffusion'), ('kv cache compression'),
  ('zzzz qqqq'), ((SELECT abstract FROM digests('tests/data/digests') WHERE title LIKE 'SANA-Sprint%'));
CREATE TEMP TABLE saved AS SELECT q.rowid AS qn, (SELECT group_concat(paper_id || ' ' || score, ',') FROM (SELECT paper_id, score FROM papers WHERE similar_to = q.t LIMIT 10)) AS r FROM q;
CREATE TEMP TABLE mem AS SELECT q.rowid AS qn, (SELECT group_concat(paper_id || ' ' || score, ',') FROM (SELECT paper_id, score FROM digests('tests/data/digests') WHERE similar_to = q.t LIMIT 10)) AS r FROM q;
WITH RECURSIVE split(qn, src, rest, item) AS (
  SELECT qn, 's', r || ',', NULL FROM saved UNION ALL SELECT qn, 'm', r || ',', NULL FROM mem
  UNION ALL SELECT qn, src, substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest <> ''),
items AS (SELECT qn, src, row_number() OVER (PARTITION BY qn, src) AS k, substr(item, 1, 16) AS id,
                 CAST(substr(item, 18) AS REAL) AS score FROM split WHERE item IS NOT NULL)
SELECT count(*), sum(s.id = m.id), sum(abs(s.score - m.score) < 1e-9)
  FROM items s JOIN items m ON s.qn = m.qn AND s.k = m.k AND s.src = 's' AND m.src = 'm';
SELECT similarity_builds();
--> 1
--> 50|50|50
--> 2

-- test: every paper with no LIMIT (the whole index loaded from the tables), the same as in memory
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('merge');
SELECT count(*), sum(abs(a.score - b.score) < 1e-9 AND a.paper_id = b.paper_id)
  FROM (SELECT paper_id, score, row_number() OVER () AS n FROM papers WHERE similar_to = 'diffusion distillation') a
  JOIN (SELECT paper_id, score, row_number() OVER () AS n FROM digests('tests/data/digests') WHERE similar_to = 'diffusion distillation') b
    ON a.n = b.n;
--> 1
--> 381|381

-- test: a query with no term the corpus has: every paper scores 0, in path order, from the tables too
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('merge');
SELECT title, score FROM papers WHERE similar_to = 'zzzz qqqq' LIMIT 2;
--> 1
--> DiffuseVAE: Efficient, Controllable and High-Fidelity Generation from Low-Dimensional Latents|0.0
--> SANA-Sprint: One-Step Diffusion with Continuous-Time Consistency Distillation|0.0

-- test: digest and digest_date filters work on answers from the tables
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('merge');
SELECT digest_date, title FROM papers WHERE similar_to = 'quantization of large language models' AND digest_date >= '2025-03-18' LIMIT 2;
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'language models' AND digest = '001_ab2a4a745e152e11.txt' LIMIT 500);
--> 1
--> 2025-03-18|PV-Tuning: Beyond Straight-Through Estimation for Extreme LLM Compression
--> 2025-03-18|QuantNAS for super resolution: searching for efficient quantization-friendly architectures against quantization noise
--> 80

-- test: 'integrity-check' passes on a saved index, also after 'merge' and 'rebuild'; 'rebuild' builds once
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
INSERT INTO papers(papers) VALUES('integrity-check');
INSERT INTO papers(papers) VALUES('merge');
INSERT INTO papers(papers) VALUES('integrity-check');
CREATE TEMP TABLE b AS SELECT similarity_builds() AS n;
INSERT INTO papers(papers) VALUES('rebuild');
SELECT similarity_builds() - n FROM b;
INSERT INTO papers(papers) VALUES('integrity-check');
--> 1
--> 1

-- test: 'integrity-check' before anything is saved says so
INSERT INTO papers(papers) VALUES('integrity-check');
--> Error: papers: the saved similarity index does not match the files: nothing has been saved yet; run INSERT INTO "papers"("papers") VALUES('rebuild')

-- test: 'rebuild' saves without a query; commands are case-insensitive
INSERT INTO papers(papers) VALUES('REBUILD');
SELECT v FROM papers_config WHERE k = 'ndoc';
--> 381

-- test: an unknown command
INSERT INTO papers(papers) VALUES('optimize');
--> Error: papers: unknown command 'optimize': the commands are 'rebuild', 'integrity-check' and 'merge'

-- test: rows cannot be inserted, updated or deleted: they come from the files
INSERT INTO papers(title) VALUES('x');
UPDATE papers SET title = 'x';
DELETE FROM papers;
INSERT INTO papers(papers, title) VALUES('rebuild', 'x');
INSERT INTO digests(path) VALUES('x');
--> Error: papers: rows come from the files; the table takes no INSERT, UPDATE or DELETE but INSERT INTO papers(papers) VALUES('rebuild'), 'integrity-check' or 'merge'
--> Error: papers: rows come from the files; the table takes no INSERT, UPDATE or DELETE but INSERT INTO papers(papers) VALUES('rebuild'), 'integrity-check' or 'merge'
--> Error: papers: rows come from the files; the table takes no INSERT, UPDATE or DELETE but INSERT INTO papers(papers) VALUES('rebuild'), 'integrity-check' or 'merge'
--> Error: papers: rows come from the files; the table takes no INSERT, UPDATE or DELETE but INSERT INTO papers(papers) VALUES('rebuild'), 'integrity-check' or 'merge'
--> Error: digests: rows come from the files; the table takes no INSERT, UPDATE or DELETE

-- test: the command column reads NULL and is hidden
SELECT papers FROM papers LIMIT 1;
SELECT count(*) FROM pragma_table_info('papers');
SELECT count(*) FROM pragma_table_xinfo('papers') WHERE name = 'papers' AND hidden = 1;
-->
--> 9
--> 1

-- test: a table named like one of its columns has no command column
CREATE VIRTUAL TABLE title USING digests(path='tests/data/digests');
SELECT count(*) FROM (SELECT 1 FROM title WHERE similar_to = 'x' LIMIT 1);
INSERT INTO title(title) VALUES('rebuild');
--> 1
--> Error: title: rows come from the files; the table takes no INSERT, UPDATE or DELETE

-- test: with SQLITE_DBCONFIG_DEFENSIVE ordinary SQL cannot write the shadow tables; the table still saves and takes commands (errors are printed last)
.dbconfig defensive on
DELETE FROM papers_docs;
UPDATE papers_config SET v = 0 WHERE k = 'ndoc';
SELECT title FROM papers WHERE similar_to = 'kv cache compression' LIMIT 1;
INSERT INTO papers(papers) VALUES('rebuild');
SELECT v FROM papers_config WHERE k = 'ndoc';
-->           defensive on
--> CSKV: Training-Efficient Channel Shrinking for KV Cache in Long-Context Scenarios
--> 381
--> Error: table papers_docs may not be modified
--> Error: table papers_config may not be modified

-- test: a damaged posting list is an error, never a wrong answer; 'rebuild' mends it (a damage made through SQL is seen once the generation changes: a connection trusts what it read of a generation)
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
UPDATE papers_postings SET data = x'0102' WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'quantiz');
UPDATE papers_config SET v = v + 1 WHERE k = 'generation';
SELECT title FROM papers WHERE similar_to = 'quantization' LIMIT 1;
INSERT INTO papers(papers) VALUES('merge');
INSERT INTO papers(papers) VALUES('integrity-check');
INSERT INTO papers(papers) VALUES('rebuild');
SELECT title FROM papers WHERE similar_to = 'quantization' LIMIT 1;
--> 1
--> OHQ: On-chip Hardware-aware Quantization
--> Error: papers: the saved similarity index is damaged: postings row 32704 (term 511) is out of place or malformed; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)
--> Error: papers: the saved similarity index is damaged: postings row 32704 (term 511) is out of place or malformed; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)
--> Error: papers: the saved similarity index is damaged: postings row 32704 (term 511) is out of place or malformed; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)

-- test: a df that does not match its postings is damage
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
UPDATE papers_terms SET df = df + 1 WHERE term = 'quantiz';
UPDATE papers_config SET v = v + 1 WHERE k = 'generation';
SELECT title FROM papers WHERE similar_to = 'quantization' LIMIT 1;
--> 1
--> Error: papers: the saved similarity index is damaged: term 511 has df 48 but 47 live postings; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)

-- test: a norm changed by a byte is damage (its checksum), and so is a missing config key
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
UPDATE papers_norms SET norm = x'00' || substr(norm, 2);
UPDATE papers_config SET v = v + 1 WHERE k = 'generation';
SELECT title FROM papers WHERE similar_to = 'quantization' LIMIT 1;
DELETE FROM papers_config WHERE k = 'nslot';
UPDATE papers_config SET v = v + 1 WHERE k = 'generation';
SELECT title FROM papers WHERE similar_to = 'quantization' LIMIT 1;
--> 1
--> Error: papers: the saved similarity index is damaged: norms row 0 has a bad length or checksum; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)
--> Error: papers: the saved similarity index is damaged: config nslot is missing or not an integer; run INSERT INTO "papers"("papers") VALUES('rebuild') (11)

-- test: a shadow table dropped is made again at the next save
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
DROP TABLE papers_norms;
SELECT title FROM papers WHERE similar_to = 'kv cache compression' LIMIT 1;
SELECT count(*) FROM papers_norms;
--> 1
--> CSKV: Training-Efficient Channel Shrinking for KV Cache in Long-Context Scenarios
--> 1

-- test: DROP TABLE drops the shadow tables
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
DROP TABLE papers;
SELECT count(*) FROM sqlite_schema;
--> 1
--> 0

-- test: ALTER TABLE RENAME renames the shadow tables; the index is used under the new name
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
ALTER TABLE papers RENAME TO p2;
SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name);
SELECT title FROM p2 WHERE similar_to = 'kv cache compression' LIMIT 1;
INSERT INTO p2(p2) VALUES('integrity-check');
--> 1
--> p2 p2_config p2_docs p2_files p2_minhash p2_norms p2_pairs p2_papers p2_postings p2_terms
--> CSKV: Training-Efficient Channel Shrinking for KV Cache in Long-Context Scenarios

-- test: a temp table and a table of an attached database keep their index in their own schema
CREATE VIRTUAL TABLE temp.t USING digests(path='tests/data/digests');
ATTACH ':memory:' AS aux;
CREATE VIRTUAL TABLE aux.a USING digests(path='tests/data/digests');
SELECT (SELECT title FROM t WHERE similar_to = 'kv cache compression' LIMIT 1) = (SELECT title FROM aux.a WHERE similar_to = 'kv cache compression' LIMIT 1);
SELECT (SELECT v FROM temp.t_config WHERE k = 'ndoc'), (SELECT v FROM aux.a_config WHERE k = 'ndoc');
INSERT INTO aux.a(a) VALUES('integrity-check');
DROP TABLE aux.a;
SELECT count(*) FROM aux.sqlite_schema;
--> 1
--> 381|381
--> 0

-- test: a shadow table that already exists makes CREATE VIRTUAL TABLE fail
CREATE TABLE x_docs(a);
CREATE VIRTUAL TABLE x USING digests(path='tests/data/digests');
--> Error: digests: cannot create the index tables of main.x: table "x_docs" already exists

-- test: a recursive override of a created table answers from an index in memory, not the saved one
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' LIMIT 1);
SELECT count(*) FROM (SELECT 1 FROM papers WHERE similar_to = 'x' AND recursive = 1 LIMIT 3);
SELECT similarity_builds();
--> 1
--> 3
--> 2
