-- keyphrases.sql: what the papers say they are about, in their own words.
-- keywords() reads each abstract alone (no model, no corpus); grouping its
-- answers across the corpus shows the terms many papers share, and which
-- of them the built-in taxonomy has no tag for (phrases worth adding to a
-- taxonomy of your own, see tags.sql and the README).
-- Run: sqlite3 :memory: < sql/keyphrases.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 60 --wordwrap on

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);
-- the eight best key phrases of each distinct paper, with their stems as the
-- key that makes "diffusion models" and "Diffusion Model" one phrase
CREATE TEMP TABLE paper_phrases AS
  SELECT p.paper_id, p.title, j.key + 1 AS rank, j.value AS phrase,
         tokenize(j.value, 'stem') AS stems
    FROM (SELECT paper_id, min(title) AS title, min(abstract) AS abstract
            FROM papers GROUP BY paper_id) p,
         json_each(keywords(p.abstract, 8)) j;

.print 'Key phrases of the papers new in the latest digest (the five best of each)'
SELECT title, group_concat(phrase, '; ') AS key_phrases
  FROM (SELECT title, phrase FROM paper_phrases
         WHERE rank <= 5
           AND paper_id IN (SELECT paper_id FROM papers GROUP BY paper_id
                             HAVING min(digest_date) = (SELECT max(digest_date) FROM papers))
         ORDER BY title, rank)
 GROUP BY title ORDER BY title LIMIT 8;

-- phrases shared across papers: one row per stem sequence, named by the form
-- written most often ("LLMs" and "LLM" are one phrase); a paper's answer
-- holds one phrase per stem sequence, so the papers of its forms add up
CREATE TEMP TABLE shared_phrases AS
  SELECT phrase, papers
    FROM (SELECT phrase,
                 sum(count(DISTINCT paper_id)) OVER (PARTITION BY stems) AS papers,
                 row_number() OVER (PARTITION BY stems
                                    ORDER BY count(DISTINCT paper_id) DESC, phrase) AS k
            FROM paper_phrases GROUP BY stems, phrase)
   WHERE k = 1;

.print
.print 'The key phrases most papers share'
SELECT phrase, papers FROM shared_phrases ORDER BY papers DESC, phrase LIMIT 12;

.print
.print 'Shared key phrases the built-in taxonomy has no tag for'
SELECT phrase, papers FROM shared_phrases
 WHERE papers >= 2 AND tags(phrase) = '[]'
 ORDER BY papers DESC, phrase LIMIT 12;
