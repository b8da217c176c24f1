/*
** tokens.c: the tokenizer core (ext/tokenizer.c) as SQL.
**
** SQL added here:
**   tokenize(text [, options])  -> TEXT, a JSON array of the tokens, e.g.
**                                  tokenize('Diffusion models', 'stem')
**                                  = '["diffus","model"]'
**   tokens(text [, options])    -> table-valued function, one row per token:
**        token     TEXT     the normalised token
**        position  INTEGER  0-based position in the stream (dropped stop
**                           words use up positions)
**        start     INTEGER  byte offset of the surface form in `text`
**        end       INTEGER  byte offset just past it: substr() of the text
**                           cast to BLOB from start+1 for end-start bytes
**        text      HIDDEN   the first argument
**        options   HIDDEN   the second argument (space-separated list of
**                           stem, stopwords, keepcase, keepmarks)
**
** NULL text gives NULL (tokenize) or no rows (tokens); NULL options is the
** default. An unknown option is an error "tokenize: unknown option: NAME"
** or "tokens: unknown option: NAME".
**
** tokenize() keeps its PapersTokenizer (and Snowball stemmer) in the
** auxiliary data of the options argument, so a constant option string costs
** one stemmer per statement, not one per row. A tokens() cursor keeps its
** tokenizer across xFilter calls while the option string stays the same.
** tokens() runs the whole text at xFilter and hands out the stored rows.
*/
#include "papers.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#include "tokenizer.h"

/* ============================================================ tokenize() */

typedef struct JsonCtx JsonCtx;
struct JsonCtx {
  sqlite3_str *pStr;
  int nToken;
};

static int tokenizeJsonToken(void *pCtx, const char *zToken, int nToken,
                             int iPos, int iStart, int iEnd){
  JsonCtx *p = (JsonCtx*)pCtx;
  int i, iFrom = 0;
  (void)iPos; (void)iStart; (void)iEnd;
  sqlite3_str_append(p->pStr, p->nToken ? ",\"" : "\"", p->nToken ? 2 : 1);
  for(i=0; i<nToken; i++){
    unsigned char c = (unsigned char)zToken[i];
    if( c=='"' || c=='\\' || c<0x20 ){
      if( i>iFrom ) sqlite3_str_append(p->pStr, zToken+iFrom, i-iFrom);
      if( c=='"' || c=='\\' ){
        sqlite3_str_appendchar(p->pStr, 1, '\\');
        sqlite3_str_appendchar(p->pStr, 1, (char)c);
      }else{
        sqlite3_str_appendf(p->pStr, "\\u%04x", c);
      }
      iFrom = i+1;
    }
  }
  if( nToken>iFrom ) sqlite3_str_append(p->pStr, zToken+iFrom, nToken-iFrom);
  sqlite3_str_appendchar(p->pStr, 1, '"');
  p->nToken++;
  return sqlite3_str_errcode(p->pStr);
}

static void tokenizeFreeTok(void *p){ papers_tokenizer_free((PapersTokenizer*)p); }

static void tokenizeFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  PapersTokenizer *pTok = 0;
  JsonCtx j;
  const char *zText;
  int nText, rc;
  char *zJson;

  int bAux = 0;      /* pTok belongs to the auxdata of argv[1] */

  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  if( argc>1 ){
    pTok = (PapersTokenizer*)sqlite3_get_auxdata(ctx, 1);
    bAux = pTok!=0;
  }
  if( pTok==0 ){
    PapersTokOptions o;
    char *zErr = 0;
    const char *zOpt = argc>1 ? (const char*)sqlite3_value_text(argv[1]) : 0;
    rc = papers_tok_options_parse(zOpt, &o, &zErr);
    if( rc==SQLITE_ERROR && zErr ){
      char *zMsg = sqlite3_mprintf("tokenize: %s", zErr);
      sqlite3_free(zErr);
      if( zMsg==0 ){ sqlite3_result_error_nomem(ctx); return; }
      sqlite3_result_error(ctx, zMsg, -1);
      sqlite3_free(zMsg);
      return;
    }
    if( rc==SQLITE_OK ) rc = papers_tokenizer_new(&o, &pTok);
    if( rc!=SQLITE_OK ){ sqlite3_result_error_nomem(ctx); return; }
  }

  zText = (const char*)sqlite3_value_text(argv[0]);
  nText = sqlite3_value_bytes(argv[0]);
  j.pStr = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  j.nToken = 0;
  sqlite3_str_appendchar(j.pStr, 1, '[');
  if( zText==0 ){
    rc = SQLITE_NOMEM;
  }else{
    rc = papers_tokenizer_run(pTok, zText, nText, &j, tokenizeJsonToken);
  }
  sqlite3_str_appendchar(j.pStr, 1, ']');
  if( rc==SQLITE_OK ) rc = sqlite3_str_errcode(j.pStr);
  zJson = sqlite3_str_finish(j.pStr);
  if( rc==SQLITE_OK && zJson ){
    sqlite3_result_text(ctx, zJson, -1, sqlite3_free);
  }else{
    sqlite3_free(zJson);
    sqlite3_result_error_nomem(ctx);
  }

  if( bAux ) return;
  if( argc>1 ){
    /* Keep the tokenizer for the next row with the same options; SQLite
    ** frees it at once if it cannot keep it. */
    sqlite3_set_auxdata(ctx, 1, pTok, tokenizeFreeTok);
  }else{
    papers_tokenizer_free(pTok);
  }
}

/* ============================================================== tokens() */

#define TOKENS_COL_TOKEN    0
#define TOKENS_COL_POSITION 1
#define TOKENS_COL_START    2
#define TOKENS_COL_END      3
#define TOKENS_COL_TEXT     4
#define TOKENS_COL_OPTIONS  5

typedef struct TokensRow TokensRow;
struct TokensRow {
  sqlite3_int64 iOff;   /* offset of the token text in TokensCursor.zArena */
  int nToken;
  int iPos, iStart, iEnd;
};

typedef struct TokensCursor TokensCursor;
struct TokensCursor {
  sqlite3_vtab_cursor base;
  PapersTokenizer *pTok;    /* tokenizer for zOptions */
  char *zOptions;           /* options pTok was made with (NULL: default) */
  sqlite3_value *pText;     /* copies of the arguments, for the HIDDEN columns */
  sqlite3_value *pOpt;
  TokensRow *aRow;          /* the rows of the current xFilter */
  sqlite3_int64 nRow, nRowAlloc;
  char *zArena;             /* token texts */
  sqlite3_int64 nArena, nArenaAlloc;
  sqlite3_int64 iRow;       /* current row */
};

static int tokensConnect(sqlite3 *db, void *pAux, int argc,
                         const char *const *argv, sqlite3_vtab **ppVtab,
                         char **pzErr){
  sqlite3_vtab *pNew;
  int rc;
  (void)pAux; (void)argc; (void)argv; (void)pzErr;
  rc = sqlite3_declare_vtab(db,
      "CREATE TABLE x(token TEXT, position INTEGER, start INTEGER, \"end\" INTEGER,"
      " text HIDDEN, options HIDDEN)");
  if( rc!=SQLITE_OK ) return rc;
  pNew = sqlite3_malloc64(sizeof(*pNew));
  if( pNew==0 ) return SQLITE_NOMEM;
  memset(pNew, 0, sizeof(*pNew));
  /* A pure function of its arguments: safe in views and triggers. */
  sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  *ppVtab = pNew;
  return SQLITE_OK;
}

static int tokensDisconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

static int tokensOpen(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  TokensCursor *pCur = sqlite3_malloc64(sizeof(*pCur));
  (void)pVtab;
  if( pCur==0 ) return SQLITE_NOMEM;
  memset(pCur, 0, sizeof(*pCur));
  *ppCur = &pCur->base;
  return SQLITE_OK;
}

static int tokensClose(sqlite3_vtab_cursor *cur){
  TokensCursor *pCur = (TokensCursor*)cur;
  papers_tokenizer_free(pCur->pTok);
  sqlite3_free(pCur->zOptions);
  sqlite3_value_free(pCur->pText);
  sqlite3_value_free(pCur->pOpt);
  sqlite3_free(pCur->aRow);
  sqlite3_free(pCur->zArena);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

static int tokensCollect(void *pCtx, const char *zToken, int nToken,
                         int iPos, int iStart, int iEnd){
  TokensCursor *p = (TokensCursor*)pCtx;
  TokensRow *pRow;
  if( p->nRow>=p->nRowAlloc ){
    sqlite3_int64 n = p->nRowAlloc ? p->nRowAlloc*2 : 64;
    TokensRow *aNew = sqlite3_realloc64(p->aRow, n*sizeof(TokensRow));
    if( aNew==0 ) return SQLITE_NOMEM;
    p->aRow = aNew;
    p->nRowAlloc = n;
  }
  if( p->nArena+nToken>p->nArenaAlloc ){
    sqlite3_int64 n = p->nArenaAlloc ? p->nArenaAlloc*2 : 1024;
    char *zNew;
    while( n<p->nArena+nToken ) n *= 2;
    zNew = sqlite3_realloc64(p->zArena, n);
    if( zNew==0 ) return SQLITE_NOMEM;
    p->zArena = zNew;
    p->nArenaAlloc = n;
  }
  memcpy(&p->zArena[p->nArena], zToken, nToken);
  pRow = &p->aRow[p->nRow++];
  pRow->iOff = p->nArena;
  pRow->nToken = nToken;
  pRow->iPos = iPos;
  pRow->iStart = iStart;
  pRow->iEnd = iEnd;
  p->nArena += nToken;
  return SQLITE_OK;
}

/* idxNum: bit 0x1 = text is constrained (argv[0]); bit 0x2 = options is
** constrained (the next argv). idxStr is not used. */
static int tokensFilter(sqlite3_vtab_cursor *cur, int idxNum, const char *idxStr,
                        int argc, sqlite3_value **argv){
  TokensCursor *pCur = (TokensCursor*)cur;
  sqlite3_value *pText = 0, *pOpt = 0;
  const char *zOpt = 0;
  const char *zText;
  int rc, nText;
  (void)idxStr; (void)argc;

  pCur->nRow = pCur->nArena = pCur->iRow = 0;
  sqlite3_value_free(pCur->pText); pCur->pText = 0;
  sqlite3_value_free(pCur->pOpt);  pCur->pOpt = 0;
  if( idxNum & 1 ) pText = argv[0];
  if( idxNum & 2 ) pOpt = argv[(idxNum & 1) ? 1 : 0];
  if( pText==0 || sqlite3_value_type(pText)==SQLITE_NULL ) return SQLITE_OK;
  if( pOpt ) zOpt = (const char*)sqlite3_value_text(pOpt);

  /* A tokenizer for these options (kept while they stay the same). */
  if( pCur->pTok==0
   || (zOpt==0)!=(pCur->zOptions==0)
   || (zOpt && strcmp(zOpt, pCur->zOptions)!=0) ){
    PapersTokOptions o;
    char *zErr = 0;
    papers_tokenizer_free(pCur->pTok);  pCur->pTok = 0;
    sqlite3_free(pCur->zOptions);       pCur->zOptions = 0;
    rc = papers_tok_options_parse(zOpt, &o, &zErr);
    if( rc!=SQLITE_OK ){
      if( zErr ){
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("tokens: %s", zErr);
        sqlite3_free(zErr);
        if( cur->pVtab->zErrMsg==0 ) rc = SQLITE_NOMEM;
      }
      return rc;
    }
    if( zOpt ){
      pCur->zOptions = sqlite3_mprintf("%s", zOpt);
      if( pCur->zOptions==0 ) return SQLITE_NOMEM;
    }
    rc = papers_tokenizer_new(&o, &pCur->pTok);
    if( rc!=SQLITE_OK ) return rc;
  }

  pCur->pText = sqlite3_value_dup(pText);
  if( pCur->pText==0 ) return SQLITE_NOMEM;
  if( pOpt ){
    pCur->pOpt = sqlite3_value_dup(pOpt);
    if( pCur->pOpt==0 ) return SQLITE_NOMEM;
  }
  zText = (const char*)sqlite3_value_text(pCur->pText);
  nText = sqlite3_value_bytes(pCur->pText);
  if( zText==0 ) return SQLITE_NOMEM;
  return papers_tokenizer_run(pCur->pTok, zText, nText, pCur, tokensCollect);
}

static int tokensNext(sqlite3_vtab_cursor *cur){
  ((TokensCursor*)cur)->iRow++;
  return SQLITE_OK;
}

static int tokensEof(sqlite3_vtab_cursor *cur){
  TokensCursor *pCur = (TokensCursor*)cur;
  return pCur->iRow>=pCur->nRow;
}

static int tokensColumn(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int i){
  TokensCursor *pCur = (TokensCursor*)cur;
  TokensRow *pRow = &pCur->aRow[pCur->iRow];
  switch( i ){
    case TOKENS_COL_TOKEN:
      sqlite3_result_text(ctx, &pCur->zArena[pRow->iOff], pRow->nToken,
                          SQLITE_TRANSIENT);
      break;
    case TOKENS_COL_POSITION: sqlite3_result_int(ctx, pRow->iPos); break;
    case TOKENS_COL_START:    sqlite3_result_int(ctx, pRow->iStart); break;
    case TOKENS_COL_END:      sqlite3_result_int(ctx, pRow->iEnd); break;
    case TOKENS_COL_TEXT:
      if( pCur->pText ) sqlite3_result_value(ctx, pCur->pText);
      break;
    default:
      if( pCur->pOpt ) sqlite3_result_value(ctx, pCur->pOpt);
      break;
  }
  return SQLITE_OK;
}

static int tokensRowid(sqlite3_vtab_cursor *cur, sqlite_int64 *pRowid){
  *pRowid = ((TokensCursor*)cur)->iRow + 1;
  return SQLITE_OK;
}

/* The text argument is required: a plan without a usable equality on it is
** refused with SQLITE_CONSTRAINT (SQLite then reports "no query solution").
** An equality on options must be usable too when present. */
static int tokensBestIndex(sqlite3_vtab *pVtab, sqlite3_index_info *pIdx){
  int iText = -1, iOpt = -1, i, n = 0;
  (void)pVtab;
  for(i=0; i<pIdx->nConstraint; i++){
    const struct sqlite3_index_constraint *c = &pIdx->aConstraint[i];
    if( c->iColumn!=TOKENS_COL_TEXT && c->iColumn!=TOKENS_COL_OPTIONS ) continue;
    if( c->op!=SQLITE_INDEX_CONSTRAINT_EQ ) continue;
    if( !c->usable ) return SQLITE_CONSTRAINT;
    if( c->iColumn==TOKENS_COL_TEXT ) iText = i; else iOpt = i;
  }
  if( iText<0 ) return SQLITE_CONSTRAINT;
  pIdx->aConstraintUsage[iText].argvIndex = ++n;
  pIdx->aConstraintUsage[iText].omit = 1;
  pIdx->idxNum = 1;
  if( iOpt>=0 ){
    pIdx->aConstraintUsage[iOpt].argvIndex = ++n;
    pIdx->aConstraintUsage[iOpt].omit = 1;
    pIdx->idxNum |= 2;
  }
  /* Rows come in position order. */
  if( pIdx->nOrderBy==1 && pIdx->aOrderBy[0].iColumn==TOKENS_COL_POSITION
   && !pIdx->aOrderBy[0].desc ){
    pIdx->orderByConsumed = 1;
  }
  pIdx->estimatedCost = 100;
  pIdx->estimatedRows = 100;
  return SQLITE_OK;
}

static sqlite3_module tokensModule = {
  0,                 /* iVersion */
  0,                 /* xCreate: eponymous only */
  tokensConnect,
  tokensBestIndex,
  tokensDisconnect,
  0,                 /* xDestroy */
  tokensOpen,
  tokensClose,
  tokensFilter,
  tokensNext,
  tokensEof,
  tokensColumn,
  tokensRowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

int papers_register_tokens(sqlite3 *db){
  /* Pure functions of their arguments: safe in views, triggers, indexes. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function(db, "tokenize", 1, flags, 0,
                                   tokenizeFunc, 0, 0);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_function(db, "tokenize", 2, flags, 0,
                                 tokenizeFunc, 0, 0);
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_module(db, "tokens", &tokensModule, 0);
  }
  return rc;
}
