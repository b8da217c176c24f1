-- export.sql: export the papers to CSV and JSON for other tools.
-- Writes build/papers.csv (one row per entry) and build/papers.json (one
-- object per distinct paper with its digest dates and tags), then shows what
-- was written. Change the paths to put the files elsewhere.
-- Run: sqlite3 :memory: < sql/export.sql   (from the top of the repo)
.bail on
.load build/papers

CREATE VIRTUAL TABLE temp.papers USING digests(path='tests/data/digests', year=2025);

-- CSV, with a header line
.headers on
.mode csv
.once build/papers.csv
SELECT paper_id, digest_date, position, title, abstract, links FROM papers ORDER BY digest, position;

-- JSON: one array of objects
.headers off
.mode list
.once build/papers.json
SELECT json_group_array(json_object('paper_id', paper_id, 'title', title,
                                    'dates', json(dates), 'tags', json(tags)))
  FROM (SELECT paper_id, min(title) AS title, json_group_array(DISTINCT digest_date) AS dates,
               paper_tags(min(title), min(abstract)) AS tags
          FROM papers GROUP BY paper_id ORDER BY min(digest_date), paper_id);

.mode list
.import --csv build/papers.csv csv_back
SELECT 'build/papers.csv: ' || count(*) || ' entries read back, first: ' || min(title) FROM csv_back;
SELECT 'build/papers.json: ' || json_array_length(readfile('build/papers.json')) || ' papers, first: ' ||
       json_extract(readfile('build/papers.json'), '$[0].title');
