-- tags.sql: what the papers are about, by the built-in taxonomy: each paper
-- is tagged from its title and abstract (paper_tags), the title as strong
-- evidence, a passing mention as none.
-- Answers: which topics appear on which day, which topics are most common
-- across the corpus, and which papers carry a given pair of tags.
-- Run: sqlite3 :memory: < sql/tags.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 60 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);
-- one row per distinct paper and tag (a paper in three digests counts once per day)
CREATE TEMP TABLE paper_tags AS
  SELECT p.paper_id, p.digest_date, p.title, j.value AS tag
    FROM papers p, json_each(paper_tags(p.title, p.abstract)) j;

.print 'Tags per digest date (papers carrying each of the five most common tags)'
SELECT digest_date,
       count(DISTINCT paper_id) FILTER (WHERE tag = 'llm') AS llm,
       count(DISTINCT paper_id) FILTER (WHERE tag = 'diffusion') AS diffusion,
       count(DISTINCT paper_id) FILTER (WHERE tag = 'video') AS video,
       count(DISTINCT paper_id) FILTER (WHERE tag = 'fine-tuning') AS "fine-tuning",
       count(DISTINCT paper_id) FILTER (WHERE tag = 'quantization') AS quantization
  FROM paper_tags GROUP BY digest_date ORDER BY digest_date;

.print
.print 'The most common tags across the corpus (distinct papers)'
SELECT tag, count(DISTINCT paper_id) AS papers FROM paper_tags
 GROUP BY tag ORDER BY papers DESC, tag LIMIT 12;

.print
.print 'Papers tagged both quantization and llm'
SELECT DISTINCT title FROM paper_tags a
 WHERE a.tag = 'quantization'
   AND EXISTS (SELECT 1 FROM paper_tags b WHERE b.paper_id = a.paper_id AND b.tag = 'llm')
 ORDER BY title;
