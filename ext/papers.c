/*
** papers.c: the extension's entry points.
**
** SQL added here:
**   papers_version()  -> TEXT, the extension's version (PAPERS_VERSION)
**   papers_info()     -> TEXT, JSON with the SQLite, utf8proc and libstemmer
**                        versions the extension runs with
**
** Two entry points:
**   sqlite3_papers_init        everything, including the file-reading tables
**                              `digests` and `digest_problems`
**   sqlite3_papers_nofs_init   everything but those, for hosts that must not
**                              let SQL read files
**
** Each module registers itself through one function (ext/common.h); the
** table aModules lists them with whether they read files. Loading on a SQLite
** older than PAPERS_MIN_SQLITE fails with a message naming both versions.
** Only these two are exported from the shared library (PAPERS_API; the
** build hides every other symbol), so two builds loaded into one process do
** not call each other's internals.
*/
#include "common.h"
SQLITE_EXTENSION_INIT1

#include <string.h>
#include <utf8proc.h>

/* libstemmer.h has no version macro; Debian 12 ships Snowball 2.2.0. */
#define PAPERS_STEMMER_VERSION "snowball libstemmer"

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

PAPERS_API int sqlite3_papers_init(sqlite3 *db, char **pzErrMsg,
                                   const sqlite3_api_routines *pApi){
  SQLITE_EXTENSION_INIT2(pApi);
  return papersInit(db, pzErrMsg, 1);
}

PAPERS_API int sqlite3_papers_nofs_init(sqlite3 *db, char **pzErrMsg,
                             const sqlite3_api_routines *pApi){
  SQLITE_EXTENSION_INIT2(pApi);
  return papersInit(db, pzErrMsg, 0);
}
