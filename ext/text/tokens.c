/*
** tokens.c: the tokenizer core (tokenizer.c) as SQL.
**
**   tokenize(text [, options])  -> TEXT, a JSON array of the tokens
**   SELECT token, position, start, end FROM tokens(text [, options])
**
** options: a space-separated list of stem, stopwords, keepcase, keepmarks.
** `start` and `end` are byte offsets of the token's surface form in text,
** so substr(CAST(text AS BLOB), start+1, end-start) is what was written.
** `position` counts tokens from 0, dropped stop words included.
** NULL text gives NULL (tokenize) or no rows (tokens).
**
** Both are pure functions of their arguments: tokenize() is
** SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS and tokens is SQLITE_VTAB_INNOCUOUS,
** so they work in views, triggers, indexes and with trusted_schema=OFF.
**
** tokens: xBestIndex needs an equality constraint on the hidden column
** `text` (argv[0]) and takes one on `options` (argv[1]); idxNum bit 1 says
** that options were given. Without a usable text constraint the plan is
** refused (SQLITE_CONSTRAINT).
*/
#include "common.h"
#include "tokenizer.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

/* A tokenizer for the options in argument iArg (or the defaults), cached on
** that argument through auxdata when it is a constant. On failure the
** error is set on ctx and NULL returned. */
static PapersTokenizer *tokenizer_for(sqlite3_context *ctx, int argc,
                                      sqlite3_value **argv, int iArg,
                                      int *pbOwned){
  PapersTokenizer *pTok = 0;
  PapersTokOptions o;
  char *zErr = 0;
  int rc;
  *pbOwned = 0;
  if( argc>iArg ){
    pTok = (PapersTokenizer*)sqlite3_get_auxdata(ctx, iArg);
    if( pTok ) return pTok;
  }
  rc = papers_tok_options_parse(argc>iArg ? (const char*)sqlite3_value_text(argv[iArg]) : 0,
                                &o, &zErr);
  if( rc==SQLITE_OK ) rc = papers_tokenizer_new(&o, &pTok);
  if( rc!=SQLITE_OK ){
    if( zErr ){
      char *zMsg = sqlite3_mprintf("tokenize: %s", zErr);
      sqlite3_result_error(ctx, zMsg ? zMsg : zErr, -1);
      sqlite3_free(zMsg);
      sqlite3_free(zErr);
    }else{
      sqlite3_result_error_nomem(ctx);
    }
    return 0;
  }
  if( argc>iArg ){
    sqlite3_set_auxdata(ctx, iArg, pTok, (void(*)(void*))papers_tokenizer_free);
    /* set_auxdata may have freed it already (and then get_auxdata is NULL) */
    if( sqlite3_get_auxdata(ctx, iArg)==pTok ) return pTok;
    rc = papers_tokenizer_new(&o, &pTok);
    if( rc ){ sqlite3_result_error_nomem(ctx); return 0; }
  }
  *pbOwned = 1;
  return pTok;
}

/* Append one token to a JSON array being built. */
static int json_token(void *pCtx, const char *zTok, int nTok, int iPos,
                      int iStart, int iEnd){
  sqlite3_str *s = (sqlite3_str*)pCtx;
  (void)iPos; (void)iStart; (void)iEnd;
  if( sqlite3_str_length(s)>1 ) sqlite3_str_appendchar(s, 1, ',');
  papers_json_string(s, zTok, nTok);
  return sqlite3_str_errcode(s);
}

static void tokenize_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  PapersTokenizer *pTok;
  sqlite3_str *s;
  int bOwned, rc;
  const char *z;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  pTok = tokenizer_for(ctx, argc, argv, 1, &bOwned);
  if( pTok==0 ) return;
  z = (const char*)sqlite3_value_text(argv[0]);
  if( z==0 ){
    if( bOwned ) papers_tokenizer_free(pTok);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  sqlite3_str_appendchar(s, 1, '[');
  rc = papers_tokenizer_run(pTok, z, sqlite3_value_bytes(argv[0]), s, json_token);
  sqlite3_str_appendchar(s, 1, ']');
  if( bOwned ) papers_tokenizer_free(pTok);
  papers_result_json(ctx, s, rc);
}

/* ------------------------------------------------------------- tokens */

/* The cursor hands out tokens one at a time (papers_tokenizer_next): no
** row is stored, and nothing is allocated per row of the outer query (the
** copy of the text and the tokenizer are kept and reused). */
typedef struct TokensCursor TokensCursor;
struct TokensCursor {
  sqlite3_vtab_cursor base;
  char *zText;  int nTextAlloc;      /* a copy of the text being tokenised */
  PapersToken tok;                   /* the current row */
  int bEof;
  sqlite3_int64 iRowid;
  PapersTokenizer *pTok;             /* kept across rows of a join */
  PapersTokOptions o;                /* the options pTok was made with */
};

enum { TK_TOKEN, TK_POSITION, TK_START, TK_END, TK_TEXT, TK_OPTIONS };

static int tokens_connect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                          sqlite3_vtab **ppVtab, char **pzErr){
  sqlite3_vtab *p;
  int rc;
  (void)pAux; (void)argc; (void)argv; (void)pzErr;
  rc = sqlite3_declare_vtab(db,
      "CREATE TABLE x(token TEXT, position INTEGER, start INTEGER, \"end\" INTEGER,"
      " text HIDDEN, options HIDDEN)");
  if( rc!=SQLITE_OK ) return rc;
  /* A pure function of its arguments: safe anywhere. */
  rc = sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  if( rc!=SQLITE_OK ) return rc;
  p = sqlite3_malloc64(sizeof(*p));
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  *ppVtab = p;
  return SQLITE_OK;
}

static int tokens_disconnect(sqlite3_vtab *p){
  sqlite3_free(p);
  return SQLITE_OK;
}

static int tokens_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  int iText = -1, iOpt = -1, i;
  (void)pVtab;
  for(i=0; i<pInfo->nConstraint; i++){
    const struct sqlite3_index_constraint *c = &pInfo->aConstraint[i];
    if( c->iColumn!=TK_TEXT && c->iColumn!=TK_OPTIONS ) continue;
    if( !c->usable || c->op!=SQLITE_INDEX_CONSTRAINT_EQ ) return SQLITE_CONSTRAINT;
    if( c->iColumn==TK_TEXT ) iText = i; else iOpt = i;
  }
  if( iText<0 ) return SQLITE_CONSTRAINT;
  pInfo->aConstraintUsage[iText].argvIndex = 1;
  pInfo->aConstraintUsage[iText].omit = 1;
  if( iOpt>=0 ){
    pInfo->aConstraintUsage[iOpt].argvIndex = 2;
    pInfo->aConstraintUsage[iOpt].omit = 1;
    pInfo->idxNum = 1;
  }
  pInfo->estimatedCost = 100;
  pInfo->estimatedRows = 100;
  /* Rows come in position order. */
  if( pInfo->nOrderBy==1 && pInfo->aOrderBy[0].iColumn==TK_POSITION
   && !pInfo->aOrderBy[0].desc ){
    pInfo->orderByConsumed = 1;
  }
  return SQLITE_OK;
}

static int tokens_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  TokensCursor *c = sqlite3_malloc64(sizeof(*c));
  (void)pVtab;
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  *ppCur = &c->base;
  return SQLITE_OK;
}

static int tokens_close(sqlite3_vtab_cursor *pCur){
  TokensCursor *c = (TokensCursor*)pCur;
  papers_tokenizer_free(c->pTok);
  sqlite3_free(c->zText);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* Move to the next token, or to EOF. */
static int tokens_step(TokensCursor *c){
  int rc = papers_tokenizer_next(c->pTok, &c->tok);
  if( rc==SQLITE_ROW ){
    c->iRowid++;
    return SQLITE_OK;
  }
  c->bEof = 1;
  return rc==SQLITE_DONE ? SQLITE_OK : rc;
}

static int tokens_filter(sqlite3_vtab_cursor *pCur, int idxNum, const char *idxStr,
                         int argc, sqlite3_value **argv){
  TokensCursor *c = (TokensCursor*)pCur;
  PapersTokOptions o;
  char *zErr = 0;
  const char *z;
  int rc = SQLITE_OK, n;
  (void)idxStr; (void)argc;
  c->bEof = 1;
  c->iRowid = -1;
  rc = papers_tok_options_parse(idxNum & 1 ? (const char*)sqlite3_value_text(argv[1]) : 0,
                                &o, &zErr);
  if( rc!=SQLITE_OK ){
    sqlite3_free(pCur->pVtab->zErrMsg);
    pCur->pVtab->zErrMsg = zErr ? sqlite3_mprintf("tokens: %s", zErr) : 0;
    sqlite3_free(zErr);
    return pCur->pVtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return SQLITE_OK;
  z = (const char*)sqlite3_value_text(argv[0]);
  if( z==0 ) return SQLITE_NOMEM;
  n = sqlite3_value_bytes(argv[0]);
  /* The text is copied: argv[0] need not stay valid after xFilter. */
  if( papers_grow(&c->zText, &c->nTextAlloc, n, 1, 256) ) return SQLITE_NOMEM;
  if( n>0 ) memcpy(c->zText, z, n);
  if( c->pTok && memcmp(&o, &c->o, sizeof(o))!=0 ){
    papers_tokenizer_free(c->pTok);
    c->pTok = 0;
  }
  if( c->pTok==0 ){
    rc = papers_tokenizer_new(&o, &c->pTok);
    c->o = o;
  }
  if( rc==SQLITE_OK ) rc = papers_tokenizer_start(c->pTok, c->zText, n);
  if( rc==SQLITE_OK ){
    c->bEof = 0;
    rc = tokens_step(c);
  }
  return rc;
}

static int tokens_next(sqlite3_vtab_cursor *pCur){
  return tokens_step((TokensCursor*)pCur);
}

static int tokens_eof(sqlite3_vtab_cursor *pCur){
  return ((TokensCursor*)pCur)->bEof;
}

static int tokens_column(sqlite3_vtab_cursor *pCur, sqlite3_context *ctx, int iCol){
  const PapersToken *t = &((TokensCursor*)pCur)->tok;
  switch( iCol ){
    case TK_TOKEN:
      sqlite3_result_text(ctx, t->zToken, t->nToken, SQLITE_TRANSIENT);
      break;
    case TK_POSITION: sqlite3_result_int(ctx, t->iPos); break;
    case TK_START:    sqlite3_result_int(ctx, t->iStart); break;
    case TK_END:      sqlite3_result_int(ctx, t->iEnd); break;
    default: break;   /* the hidden arguments are not read back */
  }
  return SQLITE_OK;
}

static int tokens_rowid(sqlite3_vtab_cursor *pCur, sqlite3_int64 *pRowid){
  *pRowid = ((TokensCursor*)pCur)->iRowid;
  return SQLITE_OK;
}

static sqlite3_module tokensModule = {
  0, 0, tokens_connect, tokens_best_index, tokens_disconnect, 0,
  tokens_open, tokens_close, tokens_filter, tokens_next, tokens_eof,
  tokens_column, tokens_rowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

int papers_register_tokens(sqlite3 *db){
  /* Pure: the same text and options always give the same tokens. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function(db, "tokenize", 1, flags, 0, tokenize_func, 0, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function(db, "tokenize", 2, flags, 0, tokenize_func, 0, 0);
  }
  if( rc==SQLITE_OK ) rc = sqlite3_create_module(db, "tokens", &tokensModule, 0);
  return rc;
}
