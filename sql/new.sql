-- new.sql: what is new in the latest digest?
-- The papers of the most recent digest date that no earlier digest carried,
-- in the order the digest lists them, with their links.
-- Run: sqlite3 :memory: < sql/new.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 70 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);

SELECT max(digest_date) AS latest, count(*) AS entries,
       sum(NOT EXISTS (SELECT 1 FROM papers q WHERE q.paper_id = p.paper_id
                        AND q.digest_date < p.digest_date)) AS new_papers
  FROM papers p WHERE digest_date = (SELECT max(digest_date) FROM papers);

SELECT position, title, json_extract(links, '$[0]') AS first_link
  FROM papers p
 WHERE digest_date = (SELECT max(digest_date) FROM papers)
   AND NOT EXISTS (SELECT 1 FROM papers q WHERE q.paper_id = p.paper_id AND q.digest_date < p.digest_date)
 ORDER BY position LIMIT 10;
