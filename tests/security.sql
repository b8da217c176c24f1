-- Security (see SECURITY.md): what a database from elsewhere can make the
-- extension do. A view or trigger stored in a database cannot read files
-- through digests or digest_problems; the pure text functions stay usable
-- with trusted_schema=OFF.

-- test: a view cannot read files through digests, even with trusted_schema on
PRAGMA trusted_schema = 1;
CREATE VIEW v AS SELECT count(*) FROM digests('tests/data/digests');
SELECT * FROM v;
--> Error: unsafe use of virtual table "digests"

-- test: a trigger cannot read files through digests
CREATE TABLE t(x);
CREATE TABLE log(n);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log SELECT count(*) FROM digests('tests/data/digests'); END;
INSERT INTO t VALUES (1);
--> Error: unsafe use of virtual table "digests"

-- test: a trigger cannot read files through digest_problems
CREATE TABLE t(x);
CREATE TABLE log(n);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log SELECT count(*) FROM digest_problems('/etc'); END;
INSERT INTO t VALUES (1);
--> Error: unsafe use of virtual table "digest_problems"

-- test: a table created with digests in a schema cannot be read from a view
CREATE VIRTUAL TABLE papers USING digests(path='tests/data/digests');
CREATE VIEW v AS SELECT count(*) FROM papers;
SELECT * FROM v;
--> Error: unsafe use of virtual table "papers"

-- test: SQL written by the application still reads files
SELECT count(*) FROM digests('tests/data/digests');
--> 468

-- test: with trusted_schema=OFF, the pure text functions work from views and triggers
PRAGMA trusted_schema = 0;
CREATE TABLE t(x);
CREATE TABLE log(a, b, c, d);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  INSERT INTO log VALUES (tokenize(new.x, 'stem'), tags(new.x), keywords(new.x, 2),
                          (SELECT count(*) FROM tokens(new.x)) + length(tags(new.x)));
END;
INSERT INTO t VALUES ('KV cache compression for LLM serving');
CREATE VIEW v AS SELECT * FROM log;
SELECT * FROM v;
--> ["kv","cach","compress","for","llm","serv"]|["kv cache","compression","llm","serving"]|["KV cache compression","LLM serving"]|48

-- test: the built-in taxonomy table works from a view with trusted_schema=OFF
PRAGMA trusted_schema = 0;
CREATE VIEW v AS SELECT (SELECT count(*) FROM paper_taxonomy) > 40;
SELECT * FROM v;
--> 1

-- test: a view may not name a taxonomy, even with trusted_schema on: the read would be the view's way around its own limits
PRAGMA trusted_schema = 1;
CREATE TABLE tax(tag, phrase);
INSERT INTO tax VALUES ('cache', 'KV cache');
CREATE VIEW v AS SELECT tags('a KV cache', 'tax');
SELECT * FROM v;
--> Error: unsafe use of tags()

-- test: a view may not list a taxonomy's rows through tag_problems (a temp table of the host's, here)
CREATE TEMP TABLE secret(tag, phrase);
INSERT INTO secret VALUES ('pin', NULL);
CREATE VIEW v AS SELECT * FROM tag_problems('temp.secret');
SELECT * FROM v;
--> Error: unsafe use of virtual table "tag_problems"

-- test: a trigger may not name a taxonomy either
CREATE TABLE tax(tag, phrase);
CREATE TABLE t(x);
CREATE TABLE log(a);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log SELECT tag FROM tag_matches(new.x, 'tax'); END;
INSERT INTO t VALUES ('a KV cache');
--> Error: unsafe use of virtual table "tag_matches"

-- test: the application's own TEMP view may name a taxonomy
CREATE TABLE tax(tag, phrase);
INSERT INTO tax VALUES ('cache', 'KV cache');
CREATE TEMP VIEW v AS SELECT tags('a KV cache', 'tax') AS a, (SELECT count(*) FROM tag_problems('tax')) AS b;
SELECT * FROM v;
--> ["cache"]|0

-- test: a taxonomy view that names itself as its taxonomy is an error, not a stack overflow
CREATE TEMP VIEW rec AS SELECT 'r' AS tag, tags('kv cache', 'temp.rec') AS phrase;
SELECT * FROM rec;
--> Error: tags: taxonomy 'temp.rec': tags: taxonomy 'temp.rec': a taxonomy is being read already; a taxonomy may not itself read a taxonomy

-- test: two taxonomy views that name each other end in the same error
CREATE TEMP VIEW ta AS SELECT 'a' AS tag, tags('x', 'temp.tb') AS phrase;
CREATE TEMP VIEW tb AS SELECT 'b' AS tag, tags('x', 'temp.ta') AS phrase;
SELECT tags('x', 'temp.ta');
--> Error: tags: taxonomy 'temp.ta': tags: taxonomy 'temp.tb': a taxonomy is being read already; a taxonomy may not itself read a taxonomy

-- test: the taxonomy functions work again after a refused recursion
CREATE TEMP VIEW rec AS SELECT 'r' AS tag, tags('kv cache', 'temp.rec') AS phrase;
CREATE TABLE tax(tag, phrase);
INSERT INTO tax VALUES ('cache', 'KV cache');
SELECT count(*) FROM rec;
SELECT tags('a KV cache', 'tax');
--> ["cache"]
--> Error: tags: taxonomy 'temp.rec': tags: taxonomy 'temp.rec': a taxonomy is being read already; a taxonomy may not itself read a taxonomy

-- test: an index on an expression can use the deterministic text functions
CREATE TABLE p(abstract TEXT);
CREATE INDEX p_tokens ON p(tokenize(abstract, 'stem'));
CREATE INDEX p_tags ON p(tags(abstract));
INSERT INTO p VALUES ('Quantized LLMs');
SELECT count(*) FROM p WHERE tags(abstract) = '["quantization","llm"]';
--> 1

-- test: a view cannot find near copies in the host's files through paper_duplicates
CREATE VIEW v AS SELECT count(*) FROM paper_duplicates('tests/data/dups');
SELECT * FROM v;
--> Error: unsafe use of virtual table "paper_duplicates"

-- test: a view cannot build a similarity index over the host's files through similar_to
CREATE VIEW v AS SELECT title FROM digests('tests/data/digests') WHERE similar_to = 'kv cache' LIMIT 1;
SELECT * FROM v;
--> Error: unsafe use of virtual table "digests"

-- test: with trusted_schema=OFF, similarity() and similarity_builds() work from a trigger and a view
PRAGMA trusted_schema = 0;
CREATE TABLE t(x);
CREATE TABLE log(a, b);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  INSERT INTO log VALUES (similarity(new.x, 'KV cache compression'), similarity_builds() >= 0);
END;
INSERT INTO t VALUES ('compressing the KV cache');
CREATE VIEW v AS SELECT * FROM log;
SELECT * FROM v;
--> 1.0|1
