/*
** common.h: the ground floor every file of the extension stands on
** (ext/common.c): the seam between the entry point (ext/papers.c) and the
** modules, and the few helpers they share: array growth, interrupt polling,
** hashing, JSON output, the virtual-table error message.
**
** Every module file includes <sqlite3ext.h> (through this header) with
** SQLITE_EXTENSION_INIT3 and exposes one registration function here.
** ext/papers.c calls them from a table, so adding a module means adding one
** line there and one declaration here. A registration function returns an
** SQLite result code and leaves nothing half-registered that would matter
** on failure (the load fails as a whole).
**
** Only the two entry points are exported from the shared library: every
** other function of the extension is hidden (PAPERS_API marks the two).
*/
#ifndef PAPERS_COMMON_H
#define PAPERS_COMMON_H

#include <sqlite3ext.h>
#include <stddef.h>
#include <stdint.h>
#include "papers.h"

#if defined(_WIN32)
# define PAPERS_API __declspec(dllexport)
#else
# define PAPERS_API __attribute__((visibility("default")))
#endif

/* Oldest SQLite this extension runs on (LIMIT in xBestIndex, fts5_api v2).
** Overridable at build time, which tests/test_surface.py uses to check the
** message given on a SQLite that is too old. */
#ifndef PAPERS_MIN_SQLITE
# define PAPERS_MIN_SQLITE 3040000
# define PAPERS_MIN_SQLITE_STR "3.40.0"
#endif

/* digests.c: the `digests` and `digest_problems` tables (read files). */
int papers_register_digests(sqlite3 *db);
/* text/tokens.c: tokenize() and the `tokens` table. */
int papers_register_tokens(sqlite3 *db);
/* tagging/tagging.c: tags(), paper_tags(), tag_evidence, tag_matches,
** tag_problems, paper_taxonomy. */
int papers_register_tagging(sqlite3 *db);
/* keyphrases/keywords.c: keywords(). */
int papers_register_keywords(sqlite3 *db);
/* text/fts5_papers.c: the FTS5 tokenizer `papers`. */
int papers_register_fts5(sqlite3 *db);
/* similarity/similarity.c: similarity(). */
int papers_register_similarity(sqlite3 *db);
/* similarity/simindex.c: similarity_builds(), the index build counter. */
int papers_register_simindex(sqlite3 *db);
/* similarity/duplicates.c: paper_duplicates (reads files). */
int papers_register_duplicates(sqlite3 *db);

/* For every module: room for nNeed elements of szElem bytes in the array
** whose pointer is at ppArray (any element type) and whose capacity is
** *pnAlloc. The capacity doubles, starting at nFirst, so n appends cost O(n).
** SQLITE_OK, or SQLITE_NOMEM with the array and *pnAlloc as they were (also
** when nNeed passes INT_MAX). The check is inline, as appends run per token;
** papers_grow_to (common.c) reallocates. */
int papers_grow_to(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                   size_t szElem, int nFirst);
static inline int papers_grow(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                              size_t szElem, int nFirst){
  if( nNeed<=*pnAlloc ) return SQLITE_OK;
  return papers_grow_to(ppArray, pnAlloc, nNeed, szElem, nFirst);
}

/* Sort n elements of szElem bytes at pArray by xCmp, for an array that is
** mostly in order already (matches found in text order): insertion sort,
** which goes over to qsort once it has moved more than a few elements per
** element, so that no input makes it quadratic. xCmp must tell any two
** elements apart (a total order): the result then does not depend on which
** of the two sorts ran, nor on how stable the C library's qsort is. */
void papers_sort_nearly(void *pArray, int n, size_t szElem,
                        int (*xCmp)(const void*, const void*));

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

/* Hashing. FNV-1a over bytes, 32 and 64 bits (the string hash of the small
** tables; the 64-bit one feeds paper ids and shingles), and the splitmix64
** finalizer, which spreads a 64-bit key over all its bits. */
#define PAPERS_FNV64_OFFSET 0xcbf29ce484222325ULL
#define PAPERS_FNV64_PRIME  0x100000001b3ULL
static inline uint32_t papers_fnv1a(const char *z, int n){
  uint32_t h = 2166136261u;
  int i;
  for(i=0; i<n; i++) h = (h ^ (unsigned char)z[i]) * 16777619u;
  return h;
}
static inline uint64_t papers_fnv1a64(const char *z, int n){
  uint64_t h = PAPERS_FNV64_OFFSET;
  int i;
  for(i=0; i<n; i++) h = (h ^ (unsigned char)z[i]) * PAPERS_FNV64_PRIME;
  return h;
}
/* Is byte c part of a word as the text scans read one: an ASCII letter or
** digit, or a byte of a UTF-8 character beyond ASCII? */
static inline int papers_is_word_byte(unsigned char c){
  return (c>='a' && c<='z') || (c>='A' && c<='Z') || (c>='0' && c<='9') || c>=0x80;
}
static inline uint64_t papers_mix64(uint64_t x){
  x ^= x >> 30;  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* The index of the lowest set bit of x (x!=0). */
static inline int papers_ctz64(uint64_t x){
#if defined(__GNUC__)
  return __builtin_ctzll(x);
#else
  int n = 0;
  while( (x & 1)==0 ){ x >>= 1; n++; }
  return n;
#endif
}

/* JSON output. Append zText/nText to s as a JSON string: '"' and '\\'
** escaped with a backslash, control bytes as \u00XX, other bytes as they
** are (the text is valid UTF-8 when it comes from sqlite3_value_text or the
** tokenizer). papers_result_json() sets the JSON text built in s as the
** function's result (subtype 'J'), or the error rc (or s's own error) when
** there is one; it frees s. */
void papers_json_string(sqlite3_str *s, const char *zText, int nText);
void papers_result_json(sqlite3_context *ctx, sqlite3_str *s, int rc);

/* The one error helper of the virtual tables: pVtab->zErrMsg becomes
** "zName: message" (or the message alone when zName is NULL), and rc is
** returned, or SQLITE_NOMEM when the message cannot be made. */
int papers_vtab_error(sqlite3_vtab *pVtab, int rc, const char *zName,
                      const char *zFmt, ...);

#endif /* PAPERS_COMMON_H */
