/*
** fts5_papers.c: the tokenizer core (ext/tokenizer.c) as an FTS5 tokenizer.
**
** SQL added here: the FTS5 tokenizer `papers`, taking the options of
** tokenize() as its arguments:
**
**   CREATE VIRTUAL TABLE ft USING fts5(title, abstract, tokenize='papers stem');
**   CREATE VIRTUAL TABLE ft2 USING fts5(x, tokenize='papers stem stopwords');
**
** Documents and queries go through the same token stream as tokenize(), so a
** MATCH finds what tokenize() says is there. Offsets are byte offsets of the
** surface form, so highlight() and snippet() mark the original text (also
** for full-width, ligature and decomposed input). Prefix queries
** ('quantiz*') are tokenized like any query text, stemmed when the table
** stems (as FTS5's own porter tokenizer does): 'quantiz*' matches quantize,
** quantized, quantization. Dropped stop words are simply not reported (FTS5
** counts positions itself), in documents and queries alike.
**
** Registration: SQLite 3.40's fts5_api is version 2, so the tokenizer is
** registered with xCreateTokenizer and the version-1 fts5_tokenizer struct.
** The fts5_api pointer comes from `SELECT fts5(?1)` with the pointer bound
** as type "fts5_api_ptr". A SQLite built without FTS5 has no fts5()
** function; then `papers` is not registered and the rest of the extension
** still loads.
**
** An unknown option makes xCreate fail with SQLITE_ERROR; FTS5 then reports
** "error in tokenizer constructor" (the v1 xCreate has no message channel).
*/
#include "papers.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#include "tokenizer.h"

typedef struct PapersFts5Tok PapersFts5Tok;
struct PapersFts5Tok {
  PapersTokenizer *pTok;      /* one per FTS5 tokenizer instance */
};

static int papersFts5Create(void *pUnused, const char **azArg, int nArg,
                            Fts5Tokenizer **ppOut){
  PapersTokOptions o;
  PapersFts5Tok *p;
  int rc;
  (void)pUnused;
  *ppOut = 0;
  rc = papers_tok_options_parse_argv(azArg, nArg, &o, 0);
  if( rc!=SQLITE_OK ) return rc;
  p = sqlite3_malloc64(sizeof(*p));
  if( p==0 ) return SQLITE_NOMEM;
  rc = papers_tokenizer_new(&o, &p->pTok);
  if( rc!=SQLITE_OK ){ sqlite3_free(p); return rc; }
  *ppOut = (Fts5Tokenizer*)p;
  return SQLITE_OK;
}

static void papersFts5Delete(Fts5Tokenizer *pTokenizer){
  PapersFts5Tok *p = (PapersFts5Tok*)pTokenizer;
  if( p ){
    papers_tokenizer_free(p->pTok);
    sqlite3_free(p);
  }
}

typedef struct PapersFts5Ctx PapersFts5Ctx;
struct PapersFts5Ctx {
  void *pCtx;
  int (*xToken)(void*, int, const char*, int, int, int);
};

static int papersFts5Token(void *pCtx, const char *zToken, int nToken,
                           int iPos, int iStart, int iEnd){
  PapersFts5Ctx *p = (PapersFts5Ctx*)pCtx;
  (void)iPos;
  return p->xToken(p->pCtx, 0, zToken, nToken, iStart, iEnd);
}

static int papersFts5Tokenize(Fts5Tokenizer *pTokenizer, void *pCtx, int flags,
                              const char *pText, int nText,
                              int (*xToken)(void*, int, const char*, int, int, int)){
  PapersFts5Tok *p = (PapersFts5Tok*)pTokenizer;
  PapersFts5Ctx c;
  (void)flags;   /* documents, queries and prefixes are tokenized alike */
  c.pCtx = pCtx;
  c.xToken = xToken;
  return papers_tokenizer_run(p->pTok, pText, nText, &c, papersFts5Token);
}

/* The fts5_api of db, or NULL if this SQLite has no FTS5. */
static fts5_api *papersFts5Api(sqlite3 *db){
  fts5_api *pApi = 0;
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_pointer(pStmt, 1, (void*)&pApi, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pApi;
}

int papers_register_fts5(sqlite3 *db){
  static fts5_tokenizer tokenizer = {
    papersFts5Create, papersFts5Delete, papersFts5Tokenize
  };
  fts5_api *pApi = papersFts5Api(db);
  if( pApi==0 ) return SQLITE_OK;          /* no FTS5 in this SQLite */
  if( pApi->iVersion<2 ) return SQLITE_ERROR;
  return pApi->xCreateTokenizer(pApi, "papers", 0, &tokenizer, 0);
}
