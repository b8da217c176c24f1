-- duplicates.sql: which entries are near copies of each other?
-- Pairs of distinct papers (different paper_id: the title differs) whose
-- abstracts are near copies, found by paper_duplicates() (MinHash + LSH, then
-- the exact similarity), with the digests each side appeared in and where.
-- The threshold (default 0.8) is the second argument of paper_duplicates();
-- it finds near copies, not merely related papers (for those: related.sql).
-- Run: sqlite3 :memory: < sql/duplicates.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 60 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);

.print 'Near copies (similarity >= 0.8)'
SELECT printf('%.3f', d.similarity) AS similarity, d.title_a, d.title_b,
       (SELECT group_concat(DISTINCT digest_date) FROM papers WHERE paper_id = d.paper_id_a) AS dates_a,
       (SELECT group_concat(DISTINCT digest_date) FROM papers WHERE paper_id = d.paper_id_b) AS dates_b
  FROM paper_duplicates('tests/data/digests') d;

.print 'Where each copy was printed'
SELECT p.paper_id, p.digest, p.position, p.line, p.title
  FROM paper_duplicates('tests/data/digests') d
  JOIN papers p ON p.paper_id IN (d.paper_id_a, d.paper_id_b)
 ORDER BY p.paper_id, p.digest;
