/*
** papers.h: the seam between the entry point (ext/papers.c) and the modules.
**
** Every module file includes <sqlite3ext.h> with SQLITE_EXTENSION_INIT3 and
** exposes one registration function here. ext/papers.c calls them from a table,
** so adding a module means adding one line there and one declaration here.
** A registration function returns an SQLite result code and leaves nothing
** half-registered that would matter on failure (the load fails as a whole).
*/
#ifndef PAPERS_H
#define PAPERS_H

#include <sqlite3ext.h>
#include <stddef.h>

#define PAPERS_VERSION "0.1.0"

/* Oldest SQLite this extension runs on (LIMIT in xBestIndex, fts5_api v2).
** Overridable at build time, which tests/test_surface.py uses to check the
** message given on a SQLite that is too old. */
#ifndef PAPERS_MIN_SQLITE
# define PAPERS_MIN_SQLITE 3040000
# define PAPERS_MIN_SQLITE_STR "3.40.0"
#endif

/* digests.c: the `digests` and `digest_problems` tables (read files). */
int papers_register_digests(sqlite3 *db);
/* tokens.c: tokenize() and the `tokens` table. */
int papers_register_tokens(sqlite3 *db);
/* tagging.c: tags(), tag_matches, tag_problems, paper_taxonomy. */
int papers_register_tagging(sqlite3 *db);
/* keywords.c: keywords(). */
int papers_register_keywords(sqlite3 *db);
/* fts5_papers.c: the FTS5 tokenizer `papers`. */
int papers_register_fts5(sqlite3 *db);
/* similarity.c: similarity(). */
int papers_register_similarity(sqlite3 *db);
/* simindex.c: similarity_builds(), the similarity index build counter. */
int papers_register_simindex(sqlite3 *db);
/* duplicates.c: paper_duplicates (reads files). */
int papers_register_duplicates(sqlite3 *db);

/* For every module: room for nNeed elements of szElem bytes in the array
** whose pointer is at ppArray (any element type) and whose capacity is
** *pnAlloc. The capacity doubles, starting at nFirst, so n appends cost O(n).
** SQLITE_OK, or SQLITE_NOMEM with the array and *pnAlloc as they were (also
** when nNeed passes INT_MAX). The check is inline, as appends run per token;
** papers_grow_to (papers.c) reallocates. */
int papers_grow_to(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                   size_t szElem, int nFirst);
static inline int papers_grow(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                              size_t szElem, int nFirst){
  if( nNeed<=*pnAlloc ) return SQLITE_OK;
  return papers_grow_to(ppArray, pnAlloc, nNeed, szElem, nFirst);
}

/* Long work inside one call (an index build, a matcher build) stays
** interruptible through a poll statement: papers_poll_open() prepares a
** trivial statement on db; papers_poll(pStmt) steps it and returns 1 when
** the connection was interrupted (sqlite3_interrupt(), or a progress
** handler that returned non-zero: the statement's opcodes count towards
** the handler, about 130 per poll). SQLite 3.40 has no
** sqlite3_is_interrupted(), but a statement stepped while the interrupt
** flag is set stops with SQLITE_INTERRUPT at once. papers_poll_open()
** returns SQLITE_OK or an error code; finalize the statement after. */
int papers_poll_open(sqlite3 *db, sqlite3_stmt **ppStmt);
int papers_poll(void *pStmt);

#endif /* PAPERS_H */
