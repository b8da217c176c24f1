-- related.sql: which papers are closest to the one I am reading?
-- Put a title (or its start, with %) in the `wanted` row below. The answer is
-- the ten papers whose abstracts are most similar to its abstract (TF-IDF
-- cosine over the table's own papers, through the similar_to index), each
-- with the digest dates it appeared on; then the same for a free-text query.
-- Run: sqlite3 :memory: < sql/related.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 70 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);
CREATE TEMP TABLE wanted AS SELECT 'AWQ%' AS title;

.print 'The paper'
SELECT digest_date, title FROM papers
 WHERE title LIKE (SELECT title FROM wanted) ORDER BY digest_date LIMIT 1;

.print 'Its ten closest papers (the paper itself, score 1, comes first and is skipped)'
CREATE TEMP TABLE related AS
  SELECT score, paper_id, title FROM papers
   WHERE similar_to = (SELECT abstract FROM papers
                        WHERE title LIKE (SELECT title FROM wanted) LIMIT 1)
   LIMIT 10 OFFSET 1;
SELECT printf('%.3f', r.score) AS score, r.title,
       (SELECT group_concat(d, ' ') FROM (SELECT DISTINCT digest_date AS d FROM papers p
         WHERE p.paper_id = r.paper_id ORDER BY d)) AS dates
  FROM related r ORDER BY r.score DESC;

.print 'Papers closest to a question in your own words'
SELECT printf('%.3f', score) AS score, title FROM papers
 WHERE similar_to = 'speculative decoding with a small draft model to speed up LLM inference'
 LIMIT 5;
