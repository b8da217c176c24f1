-- Tests of the `digests` and `digest_problems` tables (ext/digests.c) over the
-- sample digests in tests/data/digests (5 files, 468 entries, 381 papers).

-- test: every entry of the sample digests, and the distinct papers
SELECT count(*), count(DISTINCT paper_id), count(abstract) FROM digests('tests/data/digests');
--> 468|381|468

-- test: entries per file, in sorted path order, with their labels
SELECT digest, label, count(*), min(position), max(position) FROM digests('tests/data/digests') GROUP BY digest ORDER BY rowid;
--> 000_c0b2e69fb6ccf7e0.txt|Mar 17|86|1|86
--> 001_ab2a4a745e152e11.txt|Mar 18|111|1|111
--> 002_3d259bad9ce0d81d.txt|Mar 11|98|1|98
--> 003_f8ce6d0fb1b7b81b.txt|Mar 11|107|1|107
--> 004_facf3843ccacead3.txt|Mar 12|66|1|66

-- test: the first entry, every column
SELECT paper_id, title, length(abstract), digest, label, digest_date, position, line, links
  FROM digests('tests/data/digests') LIMIT 1;
--> 78e287eee40e60a6|DiffuseVAE: Efficient, Controllable and High-Fidelity Generation from Low-Dimensional Latents|1487|000_c0b2e69fb6ccf7e0.txt|Mar 17||1|11|["https://github.com/kpandey008/DiffuseVAE"]

-- test: the abstract is the paragraph as written
SELECT substr(abstract, 1, 60), substr(abstract, -40) FROM digests('tests/data/digests') WHERE position = 2 AND digest LIKE '000%';
--> This paper presents SANA-Sprint, an efficient diffusion mode|pre-trained models will be open-sourced.

-- test: digest_date comes from the year argument and the label
SELECT digest_date, count(*) FROM digests('tests/data/digests', 2025) GROUP BY 1 ORDER BY 1;
--> 2025-03-11|205
--> 2025-03-12|66
--> 2025-03-17|86
--> 2025-03-18|111

-- test: a created table with options
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025, recursive=0, strict=0);
SELECT count(*), min(digest_date), max(digest_date) FROM papers;
--> 468|2025-03-11|2025-03-18

-- test: papers that appear in the most digests
SELECT count(DISTINCT digest) AS n, title FROM digests('tests/data/digests') GROUP BY paper_id ORDER BY n DESC, title LIMIT 3;
--> 4|Scaling Laws for Data Filtering -- Data Curation cannot be Compute Agnostic
--> 4|Threshold-Consistent Margin Loss for Open-World Deep Metric Learning
--> 3|Collaborative Decoding Makes Visual Auto-Regressive Modeling Efficient

-- test: a paper in several digests keeps its id
SELECT count(*), count(DISTINCT paper_id), group_concat(digest, ' ') FROM digests('tests/data/digests')
 WHERE title = 'Scaling Laws for Data Filtering -- Data Curation cannot be Compute Agnostic';
--> 4|1|000_c0b2e69fb6ccf7e0.txt 001_ab2a4a745e152e11.txt 002_3d259bad9ce0d81d.txt 003_f8ce6d0fb1b7b81b.txt

-- test: links are a JSON array of the URLs in the abstract
SELECT json_array_length(links), count(*) FROM digests('tests/data/digests') GROUP BY 1 ORDER BY 1;
--> 0|330
--> 1|135
--> 2|3

-- test: a glob names files relative to its folder
SELECT count(*), min(digest) FROM digests('tests/data/digests/00[34]*.txt');
--> 173|003_f8ce6d0fb1b7b81b.txt

-- test: a single file
SELECT count(*), digest FROM digests('tests/data/digests/004_facf3843ccacead3.txt');
--> 66|004_facf3843ccacead3.txt

-- test: digest = ? reads only that file
SELECT count(*) FROM digests('tests/data/digests') WHERE digest = '001_ab2a4a745e152e11.txt';
--> 111

-- test: digest IN (...) reads only those files
SELECT digest, count(*) FROM digests('tests/data/digests') WHERE digest IN ('004_facf3843ccacead3.txt', '000_c0b2e69fb6ccf7e0.txt') GROUP BY 1;
--> 000_c0b2e69fb6ccf7e0.txt|86
--> 004_facf3843ccacead3.txt|66

-- test: digest_date equality and ranges
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025);
SELECT count(*) FROM papers WHERE digest_date = '2025-03-11';
SELECT count(*) FROM papers WHERE digest_date > '2025-03-11' AND digest_date <= '2025-03-17';
SELECT count(*) FROM papers WHERE digest_date >= '2025-03-18';
SELECT count(*) FROM papers WHERE digest_date < '2025-03-11';
--> 205
--> 152
--> 111
--> 0

-- test: without a year, digest_date is NULL and a date constraint matches nothing
SELECT count(*) FROM digests('tests/data/digests') WHERE digest_date = '2025-03-11';
SELECT count(digest_date) FROM digests('tests/data/digests');
--> 0
--> 0

-- test: the plan uses digest = ? and needs no sort for ORDER BY digest, position
EXPLAIN QUERY PLAN SELECT title FROM digests('tests/data/digests') WHERE digest = 'x' ORDER BY digest, position;
--> QUERY PLAN
--> `--SCAN digests VIRTUAL TABLE INDEX 17:

-- test: the plan uses a digest_date range
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests', year=2025);
EXPLAIN QUERY PLAN SELECT title FROM papers WHERE digest_date >= '2025-03-12' AND digest_date < '2025-03-18';
--> QUERY PLAN
--> `--SCAN papers VIRTUAL TABLE INDEX 704:

-- test: the planner drives a join from a small table into digest = ?
CREATE TABLE wanted(d TEXT);
INSERT INTO wanted VALUES ('004_facf3843ccacead3.txt');
ANALYZE;
EXPLAIN QUERY PLAN SELECT count(*) FROM wanted JOIN digests('tests/data/digests') p ON p.digest = wanted.d;
--> QUERY PLAN
--> |--SCAN wanted
--> `--SCAN p VIRTUAL TABLE INDEX 17:

-- test: the sample digests have no problems
SELECT count(*) FROM digest_problems('tests/data/digests');
--> 0

-- test: a path that does not exist is an error naming it
SELECT count(*) FROM digests('tests/data/no-such-dir');
--> Error: digests: cannot open 'tests/data/no-such-dir': No such file or directory

-- test: digest_problems with a missing path is an error too
SELECT count(*) FROM digest_problems('tests/data/no-such-dir');
--> Error: digest_problems: cannot open 'tests/data/no-such-dir': No such file or directory

-- test: a glob that matches nothing is an error
SELECT count(*) FROM digests('tests/data/digests/*.csv');
--> Error: digests: no file matches 'tests/data/digests/*.csv'

-- test: no path at all is an error that says how to give one
SELECT count(*) FROM digests;
--> Error: digests: no path: use digests('path') or CREATE VIRTUAL TABLE t USING digests(path=...)

-- test: an unknown option is an error naming it
CREATE VIRTUAL TABLE t USING digests(path='tests/data/digests', colour=1);
--> Error: digests: unknown option 'colour'

-- test: a bad option value is an error naming the option
CREATE VIRTUAL TABLE t USING digests(path='tests/data/digests', year=25);
--> Error: digests: bad value for option year: '25'

-- test: the year argument must be a year
SELECT count(*) FROM digests('tests/data/digests', 'soon');
--> Error: digests: year must be an integer from 1900 to 2999

-- test: a year beyond 32 bits is no year (4294969321 is not 2025 plus 2^32)
SELECT count(*) FROM digests('tests/data/digests', 4294969321);
--> Error: digests: year must be an integer from 1900 to 2999

-- test: recursive and strict take 0 or 1, in their full 64-bit range
SELECT count(*) FROM digests('tests/data/digests', 2025, 2);
SELECT count(*) FROM digests('tests/data/digests', 2025, 4294967296);
SELECT count(*) FROM digests('tests/data/digests', 2025, 0, 'x');
SELECT count(*) FROM digests('tests/data/digests', 2025, '1', 1);
--> 468
--> Error: digests: recursive must be 0 or 1
--> Error: digests: recursive must be 0 or 1
--> Error: digests: strict must be 0 or 1

-- test: recursive=2 and strict='x' in CREATE VIRTUAL TABLE are errors naming the option
CREATE VIRTUAL TABLE t USING digests(path='tests/data/digests', recursive=2);
CREATE VIRTUAL TABLE u USING digests(path='tests/data/digests', strict='x');
--> Error: digests: bad value for option recursive: '2'
--> Error: digests: bad value for option strict: 'x'

-- test: path given twice is an error, not the last one winning
CREATE VIRTUAL TABLE t USING digests(path='tests/data/digests', path='/etc/passwd');
--> Error: digests: option path is given twice

-- test: a path with a NUL byte inside is an error, not a shorter path
SELECT count(*) FROM digests('tests/data/digests' || char(0) || '/../../etc');
--> Error: digests: path holds a NUL byte

-- test: digest = a name with a NUL byte inside names no file
SELECT count(*) FROM digests('tests/data/digests') WHERE digest = '004_facf3843ccacead3.txt' || char(0) || 'x';
--> 0

-- test: a similar_to text is read whole, past a NUL byte inside it
SELECT title FROM digests('tests/data/digests') WHERE similar_to = 'the' || char(0) || ' speculative decoding goodput' LIMIT 1;
--> Optimizing Speculative Decoding for Serving Large Language Models Using Goodput

-- test: LIMIT plus OFFSET near 2^63 does not overflow: every paper comes back from the offset on
SELECT count(*) FROM (SELECT title FROM digests('tests/data/digests') WHERE similar_to = 'kv cache'
  LIMIT 9223372036854775807 OFFSET 380);
--> 1

-- test: a created table's path cannot be replaced in a query
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests');
SELECT count(*) FROM papers WHERE path = 'elsewhere';
--> Error: digests: the path of this table is set by CREATE VIRTUAL TABLE

-- test: the tables cannot be used from a view in an untrusted schema (DIRECTONLY)
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT count(*) FROM digests('tests/data/digests');
SELECT * FROM v;
--> Error: unsafe use of virtual table "digests"

-- test: digest_problems is DIRECTONLY too
CREATE VIEW v AS SELECT count(*) FROM digest_problems('tests/data/digests');
SELECT * FROM v;
--> Error: unsafe use of virtual table "digest_problems"
