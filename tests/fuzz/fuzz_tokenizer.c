/*
** fuzz_tokenizer.c: libFuzzer target for the tokenizer core. The first
** byte chooses the options (its low four bits: stem, stopwords, keepcase,
** keepmarks), the rest is the text. Checks, beyond no crash/leak/UB: every
** token's [start, end) lies inside the text, tokens come in order and do
** not overlap (but for the tokens of one NFKC form, ½ giving 1 and 2, which
** share the offsets of the written form), positions increase, and tokens
** are never empty. Also runs tokenize() and the FTS5 tokenizer through SQL
** on the same text.
**
** The connection and one core tokenizer per option set are made once and
** reused across inputs, as a statement reuses them across rows: a new
** tokenizer per input would spend most of each run zeroing its 1 MB stem
** cache (20 executions per second instead of hundreds).
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tokenizer.h"

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static sqlite3 *db;
static PapersTokenizer *apTok[16];     /* by the option bits of data[0] */

typedef struct Check Check;
struct Check { int n; int lastStart, lastEnd; int lastPos; int nText; };

static int check_token(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  Check *c = (Check*)pCtx;
  (void)zTok;
  if( nTok<=0 ) abort();
  if( iStart<0 || iEnd>c->nText || iStart>=iEnd ) abort();
  if( iStart<c->lastEnd && (iStart!=c->lastStart || iEnd!=c->lastEnd) ) abort();
  if( iPos<=c->lastPos ) abort();
  c->lastStart = iStart;
  c->lastEnd = iEnd;
  c->lastPos = iPos;
  c->n++;
  return SQLITE_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  PapersTokOptions o;
  PapersTokenizer *pTok;
  Check c;
  sqlite3_stmt *pStmt;
  static const char *azOpt[] = { "", "stem", "stopwords", "stem stopwords", "keepcase",
                                 "keepmarks", "stem keepcase", "keepmarks stopwords" };
  if( size<1 ) return 0;
  if( db==0 ){
    char *zErr = 0;
    sqlite3_open(":memory:", &db);
    if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
    sqlite3_exec(db, "CREATE VIRTUAL TABLE ft USING fts5(x, tokenize='papers stem')", 0, 0, 0);
  }
  pTok = apTok[data[0] & 15];
  if( pTok==0 ){
    memset(&o, 0, sizeof(o));
    o.stem = data[0] & 1;  o.stopwords = (data[0]>>1) & 1;
    o.keepcase = (data[0]>>2) & 1;  o.keepmarks = (data[0]>>3) & 1;
    if( papers_tokenizer_new(&o, &pTok)!=SQLITE_OK ) abort();
    apTok[data[0] & 15] = pTok;
  }
  memset(&c, 0, sizeof(c));
  c.lastPos = -1;
  c.nText = (int)size-1;
  if( papers_tokenizer_run(pTok, (const char*)data+1, (int)size-1, &c, check_token)!=SQLITE_OK ) abort();

  if( sqlite3_prepare_v2(db, "SELECT json_valid(tokenize(?1, ?2)), (SELECT count(*) FROM tokens(?1, ?2))",
                         -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_text(pStmt, 1, (const char*)data+1, (int)size-1, SQLITE_STATIC);
    sqlite3_bind_text(pStmt, 2, azOpt[data[0] & 7], -1, SQLITE_STATIC);
    if( sqlite3_step(pStmt)==SQLITE_ROW ){
      if( sqlite3_column_int(pStmt, 0)!=1 ) abort();          /* always valid JSON */
    }
    sqlite3_finalize(pStmt);
  }
  if( sqlite3_prepare_v2(db, "INSERT INTO ft VALUES (?1)", -1, &pStmt, 0)==SQLITE_OK ){
    sqlite3_bind_text(pStmt, 1, (const char*)data+1, (int)size-1, SQLITE_STATIC);
    sqlite3_step(pStmt);
    sqlite3_finalize(pStmt);
  }
  sqlite3_exec(db, "DELETE FROM ft", 0, 0, 0);
  return 0;
}
