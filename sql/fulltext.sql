-- fulltext.sql: full-text search over titles and abstracts.
-- Builds an FTS5 index with the extension's tokenizer (stemmed, so a search
-- for "quantize" finds "quantization"), ranks with bm25() and shows where
-- the words are with snippet().
-- Run: sqlite3 :memory: < sql/fulltext.sql   (from the top of the repo)
.bail on
.load build/papers
.headers on
.mode box --wrap 70 --wordwrap on

CREATE VIRTUAL TABLE temp.ft USING fts5(paper_id UNINDEXED, title, abstract, tokenize='papers stem');
INSERT INTO ft SELECT paper_id, title, abstract FROM digests('tests/data/digests')
 GROUP BY paper_id;     -- each paper once

.print 'Papers about quantizing large language models, best first'
SELECT round(bm25(ft, 0, 5.0, 1.0), 2) AS rank, title
  FROM ft WHERE ft MATCH 'quantize AND ("large language model" OR llm)'
 ORDER BY rank LIMIT 5;

.print
.print 'Where "speculative decoding" is discussed'
SELECT title, snippet(ft, 2, '[', ']', '...', 10) AS context
  FROM ft WHERE ft MATCH '"speculative decoding"' ORDER BY bm25(ft);
