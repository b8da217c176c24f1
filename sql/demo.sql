-- demo.sql: the main job, run by `make demo` from the top of the repo.
-- Turns the bundled sample digests (tests/data/digests, five "daily papers"
-- pages from March 2025) into a table and asks it the first questions people
-- ask of a folder of digests. Run it yourself with:
--     sqlite3 :memory: < sql/demo.sql
.bail on
.load build/papers
.headers on
.mode box --wrap 70 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);

.print
.print 'Entries per digest (a file per day; two files carry the label Mar 11)'
SELECT digest, label, digest_date, count(*) AS entries,
       count(*) - count(abstract) AS without_abstract,
       sum(json_array_length(links)) AS links
  FROM papers GROUP BY digest ORDER BY digest;

.print
.print 'All together'
SELECT count(*) AS entries, count(DISTINCT paper_id) AS distinct_papers,
       count(DISTINCT digest) AS digests FROM papers;

.print
.print 'Papers that appear in the most digests'
SELECT count(DISTINCT digest_date) AS days, min(digest_date) AS first_seen,
       max(digest_date) AS last_seen, title
  FROM papers GROUP BY paper_id
 HAVING days > 1 ORDER BY days DESC, first_seen, title LIMIT 8;

.print
.print 'New in the latest digest: papers not seen on any earlier day'
SELECT position, title FROM papers AS p
 WHERE digest_date = (SELECT max(digest_date) FROM papers)
   AND NOT EXISTS (SELECT 1 FROM papers AS q
                    WHERE q.paper_id = p.paper_id AND q.digest_date < p.digest_date)
 ORDER BY position LIMIT 8;

.print
.print 'Papers on distillation, once each, first appearance'
SELECT min(digest_date) AS first_seen, title FROM papers
 WHERE abstract LIKE '%distillation%' GROUP BY paper_id ORDER BY first_seen, title LIMIT 8;

.print
.print 'Where the code is: hosts of the links in abstracts'
SELECT substr(value, instr(value, '//') + 2,
              instr(substr(value, instr(value, '//') + 2), '/') - 1) AS host,
       count(*) AS links
  FROM papers, json_each(papers.links)
 GROUP BY host ORDER BY links DESC, host LIMIT 6;

.print
.print 'Anything odd in the files? (digest_problems lists every departure from the format)'
SELECT count(*) AS problems FROM digest_problems('tests/data/digests');
