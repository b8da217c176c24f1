-- recurring.sql: which papers keep coming back?
-- Papers by the number of digests (and distinct days) they appear in, with
-- the first and last day seen; then how many papers recur at all.
-- Run: sqlite3 :memory: < sql/recurring.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 70 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);

SELECT count(*) AS digests, count(DISTINCT digest_date) AS days,
       min(digest_date) AS first_seen, max(digest_date) AS last_seen, min(title) AS title
  FROM papers GROUP BY paper_id
 HAVING digests > 1 ORDER BY digests DESC, days DESC, title LIMIT 10;

SELECT n AS digests, count(*) AS papers
  FROM (SELECT count(*) AS n FROM papers GROUP BY paper_id) GROUP BY n ORDER BY n;
