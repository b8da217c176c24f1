-- Bad input (ext/reader/reader.c through the digests tables): each case has its own
-- fixture in tests/data/bad/ (written by tests/data/bad/make_fixtures.py).
-- A clean two-entry digest reads as:
--   1|11|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--   2|15|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.

-- test: a UTF-8 BOM is skipped
SELECT position, line, label, title, abstract FROM digests('tests/data/bad/bom.txt');
SELECT count(*) FROM digest_problems('tests/data/bad/bom.txt');
--> 1|11|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--> 2|15|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.
--> 0

-- test: CRLF line ends
SELECT position, line, label, title, abstract FROM digests('tests/data/bad/crlf.txt');
SELECT count(*) FROM digest_problems('tests/data/bad/crlf.txt');
--> 1|11|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--> 2|15|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.
--> 0

-- test: CR-only line ends
SELECT position, line, label, title, abstract FROM digests('tests/data/bad/cr.txt');
SELECT count(*) FROM digest_problems('tests/data/bad/cr.txt');
--> 1|11|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--> 2|15|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.
--> 0

-- test: trailing white space on lines and white-space-only separator lines
SELECT position, line, label, title, abstract FROM digests('tests/data/bad/trailing_ws.txt');
--> 1|11|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--> 2|15|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.

-- test: runs of blank lines
SELECT position, line, label, title, abstract FROM digests('tests/data/bad/blank_runs.txt');
--> 1|22|Mar 17|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).
--> 2|28|Mar 17|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.

-- test: paragraphs wrapped over lines are joined with one space
SELECT position, line, title, abstract, links FROM digests('tests/data/bad/wrapped.txt');
--> 1|11|Alpha: A Test Title|We study alpha. It works well on beta (see https://example.org/a).|["https://example.org/a"]
--> 2|18|Beta Models for Gamma|Beta is shown to help gamma. Code at https://github.com/x/beta.|["https://github.com/x/beta"]

-- test: no header: the rows are there, label NULL, a problem reported
SELECT position, line, quote(label), title FROM digests('tests/data/bad/no_header.txt');
SELECT line, problem FROM digest_problems('tests/data/bad/no_header.txt');
--> 1|1|NULL|Alpha: A Test Title
--> 2|5|NULL|Beta Models for Gamma
--> 1|no header: label is NULL

-- test: a final newline or none reads the same
SELECT count(*), group_concat(title || '/' || abstract, '|') FROM digests('tests/data/bad/final_newline.txt');
SELECT count(*), group_concat(title || '/' || abstract, '|') FROM digests('tests/data/bad/no_final_newline.txt');
--> 2|Alpha: A Test Title/We study alpha. It works well on beta (see https://example.org/a).|Beta Models for Gamma/Beta is shown to help gamma. Code at https://github.com/x/beta.
--> 2|Alpha: A Test Title/We study alpha. It works well on beta (see https://example.org/a).|Beta Models for Gamma/Beta is shown to help gamma. Code at https://github.com/x/beta.

-- test: titles with no abstract (middle and end): rows there, abstract NULL, problems reported
SELECT position, line, title, quote(abstract) FROM digests('tests/data/bad/no_abstract.txt');
SELECT digest, line, problem FROM digest_problems('tests/data/bad/no_abstract.txt');
--> 1|11|Alpha: A Test Title|NULL
--> 2|13|Lonely Title Without Abstract|NULL
--> 3|15|Beta Models for Gamma|'Beta is shown to help gamma. Code at https://github.com/x/beta.'
--> 4|19|Last Title Alone|NULL
--> no_abstract.txt|11|title with no abstract
--> no_abstract.txt|13|title with no abstract
--> no_abstract.txt|19|title with no abstract

-- test: invalid UTF-8: rows there, each bad byte replaced by U+FFFD, problems with their lines
SELECT position, title, abstract, hex(substr(abstract, 10, 1)) FROM digests('tests/data/bad/invalid_utf8.txt');
SELECT line, problem FROM digest_problems('tests/data/bad/invalid_utf8.txt');
--> 1|Alpha: A Test Title|We study � alpha �(broken).|EFBFBD
--> 2|Beta �� Models|Beta is shown to help gamma. Code at https://github.com/x/beta.|68
--> 13|invalid UTF-8 replaced by U+FFFD
--> 15|invalid UTF-8 replaced by U+FFFD

-- test: a NUL byte: row there, replaced by U+FFFD, problem reported
SELECT position, abstract, hex(abstract) LIKE '%EFBFBD%' FROM digests('tests/data/bad/nul.txt');
SELECT line, problem FROM digest_problems('tests/data/bad/nul.txt');
--> 1|We study� alpha.|1
--> 2|Beta is shown to help gamma. Code at https://github.com/x/beta.|0
--> 13|NUL byte replaced by U+FFFD

-- test: an empty file: no rows, a problem with no line
SELECT count(*) FROM digests('tests/data/bad/empty.txt');
SELECT digest, quote(line), problem FROM digest_problems('tests/data/bad/empty.txt');
--> 0
--> empty.txt|NULL|empty file

-- test: a binary file: no rows, reported as not a digest
SELECT count(*) FROM digests('tests/data/bad/binary.txt');
SELECT digest, quote(line), problem FROM digest_problems('tests/data/bad/binary.txt');
--> 0
--> binary.txt|NULL|not a digest: binary data

-- test: the same paper twice in one digest: both rows, one id, a problem
SELECT position, line, paper_id, title FROM digests('tests/data/bad/dup.txt');
SELECT line, problem FROM digest_problems('tests/data/bad/dup.txt');
--> 1|11|a7fae26729703d3a|Alpha: A Test Title
--> 2|15|3f31c240f7f2c21d|Beta Models for Gamma
--> 3|19|a7fae26729703d3a|alpha:  a TEST title
--> 19|same paper as entry 1 (line 11)

-- test: a folder takes only its *.txt files, not sub-folders
SELECT digest, title FROM digests('tests/data/tree');
--> a.txt|Tree Paper One

-- test: recursive=1 takes sub-folders and enters a symlink loop once
SELECT digest, title FROM digests('tests/data/tree', NULL, 1);
--> a.txt|Tree Paper One
--> sub/b.txt|Tree Paper Two

-- test: recursive as a table option
CREATE VIRTUAL TABLE t USING digests(path='tests/data/tree', recursive=1);
SELECT count(*) FROM t;
--> 2

-- test: the whole bad folder: every entry of every file, problems listed per file
SELECT count(*) FROM digests('tests/data/bad');
SELECT digest, count(*) FROM digest_problems('tests/data/bad') GROUP BY digest;
--> 29
--> binary.txt|1
--> dup.txt|1
--> empty.txt|1
--> invalid_utf8.txt|2
--> no_abstract.txt|3
--> no_header.txt|1
--> nul.txt|1

-- test: strict=1 makes the first problem the query's error, naming file and line
SELECT count(*) FROM digests('tests/data/bad/no_abstract.txt', NULL, 0, 1);
--> Error: digests: no_abstract.txt line 11: title with no abstract

-- test: strict=1 as a table option, on a file-level problem
CREATE VIRTUAL TABLE t USING digests(path='tests/data/bad/empty.txt', strict=1);
SELECT count(*) FROM t;
--> Error: digests: empty.txt: empty file

-- test: strict=1 on clean files is silent
SELECT count(*) FROM digests('tests/data/digests', NULL, 0, 1);
--> 468

-- test: strict=1 reports invalid UTF-8 even when no text column is read
SELECT count(*) FROM digests('tests/data/bad/invalid_utf8.txt', NULL, 0, 1);
--> Error: digests: invalid_utf8.txt line 13: invalid UTF-8 replaced by U+FFFD

-- test: NFC, NFD and full-width spellings of a title give one paper_id
SELECT digest, digest_date, paper_id FROM digests('tests/data/unicode');
--> 2025-03-17.txt|2025-03-17|f74bb58854b9f396
--> 2025-03-18.txt|2025-03-18|f74bb58854b9f396
--> 2025-03-18.txt|2025-03-18|485d374eb537c15f

-- test: a date in the file name is used without a year, and filters without reading the label
SELECT count(*) FROM digests('tests/data/unicode') WHERE digest_date = '2025-03-18';
--> 2
