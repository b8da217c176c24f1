/*
** papers.c: the extension's entry points.
**
** SQL added here:
**   papers_version()  -> TEXT, the extension's version ("0.1.0")
**   papers_info()     -> TEXT, JSON with the SQLite, utf8proc and libstemmer
**                        versions the extension runs with
**
** Two entry points:
**   sqlite3_papers_init        everything, including the file-reading tables
**                              `digests` and `digest_problems`
**   sqlite3_papers_nofs_init   everything but those, for hosts that must not
**                              let SQL read files
**
** Each module registers itself through one function (include/papers.h); the
** table aModules lists them with whether they read files. Loading on a SQLite
** older than PAPERS_MIN_SQLITE fails with a message naming both versions.
** papers_grow_to(), behind papers_grow() of include/papers.h, is the one
** array-growth routine the modules share. It is a function here, not inline
** in the header, because modules include the header before
** SQLITE_EXTENSION_INIT3 declares the sqlite3_api it calls through.
*/
#include "papers.h"
SQLITE_EXTENSION_INIT1

#include <limits.h>
#include <string.h>
#include <utf8proc.h>

/* libstemmer.h has no version macro; Debian 12 ships Snowball 2.2.0. */
#define PAPERS_STEMMER_VERSION "snowball libstemmer"

int papers_grow_to(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                   size_t szElem, int nFirst){
  sqlite3_int64 nNew = *pnAlloc>0 ? *pnAlloc : (nFirst>0 ? nFirst : 1);
  void *a;
  if( nNeed<=*pnAlloc ) return SQLITE_OK;
  if( nNeed>INT_MAX ) return SQLITE_NOMEM;
  while( nNew<nNeed ) nNew *= 2;
  if( nNew>INT_MAX ) nNew = INT_MAX;
  /* The pointer is read and written as bytes: ppArray may be a Word** or a
  ** char**, which a void** would alias. */
  memcpy(&a, ppArray, sizeof(a));
  a = sqlite3_realloc64(a, (sqlite3_uint64)nNew*szElem);
  if( a==0 ) return SQLITE_NOMEM;
  memcpy(ppArray, &a, sizeof(a));
  *pnAlloc = (int)nNew;
  return SQLITE_OK;
}

/* A count to 16: about 130 opcodes per poll. */
#define PAPERS_POLL_SQL \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<16) SELECT count(*) FROM n"

int papers_poll_open(sqlite3 *db, sqlite3_stmt **ppStmt){
  return sqlite3_prepare_v2(db, PAPERS_POLL_SQL, -1, ppStmt, 0);
}

int papers_poll(void *pArg){
  sqlite3_stmt *pStmt = (sqlite3_stmt*)pArg;
  int rc = sqlite3_step(pStmt);
  sqlite3_reset(pStmt);
  return rc==SQLITE_INTERRUPT;
}

static void papersVersionFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_text(ctx, PAPERS_VERSION, -1, SQLITE_STATIC);
}

static void papersInfoFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  char *z;
  (void)argc; (void)argv;
  z = sqlite3_mprintf(
      "{\"papers\":\"%s\",\"sqlite\":\"%s\",\"utf8proc\":\"%s\","
      "\"unicode\":\"%s\",\"stemmer\":\"%s\"}",
      PAPERS_VERSION, sqlite3_libversion(), utf8proc_version(),
      utf8proc_unicode_version(), PAPERS_STEMMER_VERSION);
  if( z==0 ){ sqlite3_result_error_nomem(ctx); return; }
  sqlite3_result_text(ctx, z, -1, sqlite3_free);
}

static int papersRegisterInfo(sqlite3 *db){
  /* Pure functions of the build: safe in views, triggers and indexes. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function(db, "papers_version", 0, flags, 0,
                                   papersVersionFunc, 0, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function(db, "papers_info", 0, flags, 0,
                                 papersInfoFunc, 0, 0);
  }
  return rc;
}

static const struct {
  const char *zName;            /* for the error message */
  int (*xRegister)(sqlite3*);
  int readsFiles;               /* skipped by sqlite3_papers_nofs_init */
} aModules[] = {
  { "papers_info", papersRegisterInfo,      0 },
  { "digests",     papers_register_digests, 1 },
  { "tokens",      papers_register_tokens,  0 },
  { "tagging",     papers_register_tagging, 0 },
  { "keywords",    papers_register_keywords, 0 },
  { "fts5 tokenizer papers", papers_register_fts5, 0 },
  { "similarity",  papers_register_similarity, 0 },
  { "similarity index", papers_register_simindex, 0 },
  { "paper_duplicates", papers_register_duplicates, 1 },
};

static int papersInit(sqlite3 *db, char **pzErrMsg, int withFiles){
  size_t i;
  if( sqlite3_libversion_number()<PAPERS_MIN_SQLITE ){
    *pzErrMsg = sqlite3_mprintf(
        "papers %s needs SQLite %s or later; this is SQLite %s",
        PAPERS_VERSION, PAPERS_MIN_SQLITE_STR, sqlite3_libversion());
    return SQLITE_ERROR;
  }
  for(i=0; i<sizeof(aModules)/sizeof(aModules[0]); i++){
    int rc;
    if( aModules[i].readsFiles && !withFiles ) continue;
    rc = aModules[i].xRegister(db);
    if( rc!=SQLITE_OK ){
      *pzErrMsg = sqlite3_mprintf("papers: registering %s failed: %s",
                                  aModules[i].zName, sqlite3_errstr(rc));
      return rc;
    }
  }
  return SQLITE_OK;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_papers_init(sqlite3 *db, char **pzErrMsg,
                        const sqlite3_api_routines *pApi){
  SQLITE_EXTENSION_INIT2(pApi);
  return papersInit(db, pzErrMsg, 1);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_papers_nofs_init(sqlite3 *db, char **pzErrMsg,
                             const sqlite3_api_routines *pApi){
  SQLITE_EXTENSION_INIT2(pApi);
  return papersInit(db, pzErrMsg, 0);
}
