-- Tests of paper_duplicates('path' [, threshold]) (ext/similarity/duplicates.c).
-- tests/data/dups: SANA-Sprint's abstract appears again, lightly edited,
-- under another title; "Investigating Tradeoffs..." appears twice under its
-- own title (one paper, not a pair).

-- test: the edited copy is found, with its exact similarity()
SELECT * FROM paper_duplicates('tests/data/dups');
--> 041d8dc121727cf5|1d40b02f3fd34020|SANA-Sprint: One-Step Diffusion with Continuous-Time Consistency Distillation|Sprinting Diffusion: One-Step Image Generation by Consistency Distillation|0.988079475493486

-- test: the score is similarity() of the two abstracts
SELECT d.similarity = similarity(a.abstract, b.abstract)
  FROM paper_duplicates('tests/data/dups') d, digests('tests/data/dups') a, digests('tests/data/dups') b
 WHERE a.paper_id = d.paper_id_a AND b.paper_id = d.paper_id_b;
--> 1

-- test: a paper repeated under its own title is not a pair with itself
SELECT count(*) FROM paper_duplicates('tests/data/dups', 0.0) WHERE paper_id_a = paper_id_b;
--> 0

-- test: a threshold above the pair's similarity gives no row
SELECT count(*) FROM paper_duplicates('tests/data/dups', 0.99);
--> 0

-- test: on the sample digests: the one pair a brute-force similarity() over all pairs finds at >= 0.8
SELECT paper_id_a, paper_id_b, title_a, title_b, printf('%.6f', similarity) FROM paper_duplicates('tests/data/digests');
CREATE TEMP TABLE p AS SELECT paper_id, abstract FROM digests('tests/data/digests') GROUP BY paper_id;
SELECT a.paper_id, b.paper_id, printf('%.6f', similarity(a.abstract, b.abstract)) FROM p a, p b
 WHERE a.paper_id < b.paper_id AND similarity(a.abstract, b.abstract) >= 0.8;
--> 186e9664291a9a3a|f602a508f3a1d312|VBench++: Comprehensive and Versatile Benchmark Suite for Video Generative Models|VBench: Comprehensive Benchmark Suite for Video Generative Models|0.905671
--> 186e9664291a9a3a|f602a508f3a1d312|0.905671

-- test: a bad threshold is an error
SELECT * FROM paper_duplicates('tests/data/dups', 2);
--> Error: paper_duplicates: threshold must be a number from 0 to 1

-- test: a missing path is an error naming it
SELECT * FROM paper_duplicates('tests/data/nope');
--> Error: paper_duplicates: cannot open 'tests/data/nope': No such file or directory

-- test: the path is required
SELECT * FROM paper_duplicates;
--> Error: no query solution

-- test: reading files is not allowed from a view when trusted_schema is off
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT count(*) FROM paper_duplicates('tests/data/dups');
SELECT * FROM v;
--> Error: unsafe use of virtual table "paper_duplicates"
