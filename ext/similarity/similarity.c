/*
** similarity.c: the cosine similarity of two texts.
**
** SQL added here:
**
**   similarity(a, b) -> REAL in [0, 1]
**
** Each text is cut into tokens by the shared tokenizer core (tokenizer.c)
** with options "stem stopwords", so "models" and "modeling" are one term and
** "the" is none. A term's weight is its sublinear term frequency
** 1 + ln(tf); the result is the cosine of the two weight vectors. Equal
** texts give 1.0, texts with no term in common (or without any term) give
** 0.0, similarity(a, b) = similarity(b, a) exactly, and NULL in either
** argument gives NULL. There is no IDF here: that needs a corpus, which is
** what the `similar_to` column of `digests` has (simindex.c).
**
** How: the terms of a text are collected in an arena, sorted by their bytes
** and counted; the two sorted lists are merged. Sorting (not a hash table)
** keeps the order of the floating-point sums fixed, so the result is the
** same bit for bit whichever argument comes first.
**
** The function is pure: SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS. Its
** tokenizer (with the Snowball stemmer) is made once per connection, as the
** function's user data; SQLite calls a connection's functions one at a time,
** so one tokenizer per connection is never used by two threads at once.
*/
#include "common.h"
#include "similarity.h"
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct PapersTerm PapersTerm;

void papers_termvec_free(PapersTermVec *pVec){
  sqlite3_free(pVec->zArena);
  sqlite3_free(pVec->a);
  memset(pVec, 0, sizeof(*pVec));
}

/* Token callback: append the token to the arena and the term list. */
static int termvec_add(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  PapersTermVec *p = (PapersTermVec*)pCtx;
  (void)iPos; (void)iStart; (void)iEnd;
  if( papers_grow(&p->zArena, &p->nArenaAlloc, (sqlite3_int64)p->nArena+nTok, 1, 1024)
   || papers_grow(&p->a, &p->nAlloc, p->nTerm+1, sizeof(PapersTerm), 64) ){
    return SQLITE_NOMEM;
  }
  memcpy(p->zArena + p->nArena, zTok, nTok);
  p->a[p->nTerm].iOff = p->nArena;
  p->a[p->nTerm].n = nTok;
  p->a[p->nTerm].tf = 1;
  p->nTerm++;
  p->nArena += nTok;
  return SQLITE_OK;
}

static int term_cmp(const char *zA, int nA, const char *zB, int nB){
  int c = memcmp(zA, zB, nA<nB ? nA : nB);
  return c ? c : nA - nB;
}

static int term_qsort_cmp(const void *a, const void *b, void *pArena){
  const PapersTerm *x = (const PapersTerm*)a, *y = (const PapersTerm*)b;
  const char *z = (const char*)pArena;
  return term_cmp(z + x->iOff, x->n, z + y->iOff, y->n);
}

int papers_termvec_build(PapersTokenizer *pTok, const char *z, int n,
                         PapersTermVec *pVec){
  int rc, i, o;
  pVec->nArena = 0;
  pVec->nTerm = 0;
  pVec->norm2 = 0.0;
  rc = papers_tokenizer_run(pTok, z, n, pVec, termvec_add);
  if( rc!=SQLITE_OK ) return rc;
  if( pVec->nTerm==0 ) return SQLITE_OK;
  qsort_r(pVec->a, pVec->nTerm, sizeof(PapersTerm), term_qsort_cmp, pVec->zArena);
  /* fold runs of equal terms into one with its count */
  for(i=1, o=0; i<pVec->nTerm; i++){
    PapersTerm *pPrev = &pVec->a[o], *pCur = &pVec->a[i];
    if( term_cmp(pVec->zArena + pPrev->iOff, pPrev->n,
                 pVec->zArena + pCur->iOff, pCur->n)==0 ){
      pPrev->tf++;
    }else{
      pVec->a[++o] = *pCur;
    }
  }
  pVec->nTerm = o+1;
  for(i=0; i<pVec->nTerm; i++){
    double w = 1.0 + log((double)pVec->a[i].tf);
    pVec->norm2 += w*w;
  }
  return SQLITE_OK;
}

double papers_termvec_cosine(const PapersTermVec *pA, const PapersTermVec *pB){
  int i = 0, j = 0;
  double dot = 0.0, r;
  if( pA->nTerm==0 || pB->nTerm==0 ) return 0.0;
  while( i<pA->nTerm && j<pB->nTerm ){
    const PapersTerm *x = &pA->a[i], *y = &pB->a[j];
    int c = term_cmp(pA->zArena + x->iOff, x->n, pB->zArena + y->iOff, y->n);
    if( c<0 ){
      i++;
    }else if( c>0 ){
      j++;
    }else{
      dot += (1.0 + log((double)x->tf)) * (1.0 + log((double)y->tf));
      i++;
      j++;
    }
  }
  /* sqrt(x*x)==x in IEEE arithmetic, so equal vectors give exactly 1.0 */
  r = dot / sqrt(pA->norm2 * pB->norm2);
  if( r>1.0 ) r = 1.0;
  if( r<0.0 ) r = 0.0;
  return r;
}

/* Per-connection state of similarity(): the tokenizer and two vectors,
** reused from call to call. */
typedef struct SimFunc SimFunc;
struct SimFunc {
  PapersTokenizer *pTok;
  PapersTermVec a, b;
};

static void simfunc_free(void *p){
  SimFunc *s = (SimFunc*)p;
  if( s==0 ) return;
  papers_tokenizer_free(s->pTok);
  papers_termvec_free(&s->a);
  papers_termvec_free(&s->b);
  sqlite3_free(s);
}

static void similarity_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  SimFunc *s = (SimFunc*)sqlite3_user_data(ctx);
  const char *zA, *zB;
  int nA, nB, rc;
  (void)argc;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL
   || sqlite3_value_type(argv[1])==SQLITE_NULL ){
    return;
  }
  zA = (const char*)sqlite3_value_text(argv[0]);
  nA = sqlite3_value_bytes(argv[0]);
  zB = (const char*)sqlite3_value_text(argv[1]);
  nB = sqlite3_value_bytes(argv[1]);
  /* text of argv[0] may move when argv[1] is converted: fetch it again */
  zA = (const char*)sqlite3_value_text(argv[0]);
  if( zA==0 || zB==0 ){ sqlite3_result_error_nomem(ctx); return; }
  rc = papers_termvec_build(s->pTok, zA, nA, &s->a);
  if( rc==SQLITE_OK ) rc = papers_termvec_build(s->pTok, zB, nB, &s->b);
  if( rc!=SQLITE_OK ){ sqlite3_result_error_nomem(ctx); return; }
  sqlite3_result_double(ctx, papers_termvec_cosine(&s->a, &s->b));
}

int papers_register_similarity(sqlite3 *db){
  /* A pure function of its arguments: fine in views, indexes, triggers. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  PapersTokOptions o;
  SimFunc *s;
  int rc;
  memset(&o, 0, sizeof(o));
  o.stem = 1;
  o.stopwords = 1;
  s = sqlite3_malloc64(sizeof(*s));
  if( s==0 ) return SQLITE_NOMEM;
  memset(s, 0, sizeof(*s));
  rc = papers_tokenizer_new(&o, &s->pTok);
  if( rc!=SQLITE_OK ){
    sqlite3_free(s);
    return rc;
  }
  /* On failure sqlite3_create_function_v2 calls simfunc_free itself. */
  return sqlite3_create_function_v2(db, "similarity", 2, flags, s,
                                    similarity_func, 0, 0, simfunc_free);
}
