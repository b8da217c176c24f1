/*
** fts5_papers.c: the tokenizer core (tokenizer.c) as the FTS5 tokenizer
** `papers`, so a full-text index splits text exactly as tokenize() does:
**
**   CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
**   SELECT title, bm25(ft) FROM ft WHERE ft MATCH 'quantiz*' ORDER BY bm25(ft);
**
** Arguments after the name are the options of tokenize(): stem, stopwords,
** keepcase, keepmarks; an unknown one is an error naming it. Token offsets
** are byte offsets of the surface form, so highlight() and snippet() mark
** the words as written. The tokens of one NFKC form (½ gives 1 and 2)
** share the offsets of the written form; SQLite 3.40's highlight() takes
** offsets not to overlap, and repeats text when two query terms that are
** no phrase match two tokens of one form (MATCH '1 AND 2' on ½). Registered through fts5_api version 2 (SQLite 3.40:
** the version-1 fts5_tokenizer struct), found with `SELECT fts5(?1)`. On a
** SQLite built without FTS5 nothing is registered and loading still works.
*/
#include "common.h"
#include "tokenizer.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

static int fts5_papers_create(void *pUnused, const char **azArg, int nArg,
                              Fts5Tokenizer **ppOut){
  PapersTokOptions o;
  PapersTokenizer *pTok = 0;
  char *zErr = 0;
  int rc;
  (void)pUnused;
  *ppOut = 0;
  rc = papers_tok_options_parse_argv(azArg, nArg, &o, &zErr);
  if( rc!=SQLITE_OK ){
    /* FTS5 reports "error in tokenizer constructor"; say which option. */
    if( zErr ) sqlite3_log(SQLITE_ERROR, "fts5 tokenizer papers: %s", zErr);
    sqlite3_free(zErr);
    return rc;
  }
  rc = papers_tokenizer_new(&o, &pTok);
  *ppOut = (Fts5Tokenizer*)pTok;
  return rc;
}

static void fts5_papers_delete(Fts5Tokenizer *p){
  papers_tokenizer_free((PapersTokenizer*)p);
}

/* Tokens go straight from the tokenizer's iterator to FTS5's callback. */
static int fts5_papers_tokenize(Fts5Tokenizer *pTok, void *pCtx, int flags,
                                const char *pText, int nText,
                                int (*xToken)(void*, int, const char*, int, int, int)){
  PapersTokenizer *p = (PapersTokenizer*)pTok;
  PapersToken t;
  int rc = papers_tokenizer_start(p, pText, nText);
  (void)flags;
  while( rc==SQLITE_OK && (rc = papers_tokenizer_next(p, &t))==SQLITE_ROW ){
    rc = xToken(pCtx, 0, t.zToken, t.nToken, t.iStart, t.iEnd);
  }
  return rc==SQLITE_DONE ? SQLITE_OK : rc;
}

static fts5_api *fts5_api_of(sqlite3 *db){
  fts5_api *pApi = 0;
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0)!=SQLITE_OK ) return 0;
  sqlite3_bind_pointer(pStmt, 1, (void*)&pApi, "fts5_api_ptr", 0);
  sqlite3_step(pStmt);
  sqlite3_finalize(pStmt);
  return pApi;
}

int papers_register_fts5(sqlite3 *db){
  static fts5_tokenizer tokenizer = {
    fts5_papers_create, fts5_papers_delete, fts5_papers_tokenize
  };
  fts5_api *pApi = fts5_api_of(db);
  if( pApi==0 || pApi->iVersion<2 ) return SQLITE_OK;   /* no FTS5 here */
  return pApi->xCreateTokenizer(pApi, "papers", 0, &tokenizer, 0);
}
