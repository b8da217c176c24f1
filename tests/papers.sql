-- Tests of the entry point (ext/papers.c): version, info, the function list.

-- test: papers_version() gives the version string
SELECT papers_version();
--> 0.2.0

-- test: papers_info() names SQLite, utf8proc and the stemmer
SELECT json_extract(papers_info(), '$.papers'), json_extract(papers_info(), '$.sqlite') = sqlite_version(),
       json_extract(papers_info(), '$.utf8proc') IS NOT NULL;
--> 0.2.0|1|1

-- test: info functions are deterministic and innocuous
SELECT name, narg, flags & 0x000800 > 0 AS deterministic, flags & 0x200000 > 0 AS innocuous
  FROM pragma_function_list WHERE name LIKE 'papers_%' ORDER BY name;
--> papers_info|0|1|1
--> papers_version|0|1|1
