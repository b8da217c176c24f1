/*
** duplicates.c: near-copy abstracts among the papers of digest files.
**
** SQL added here:
**
**   SELECT * FROM paper_duplicates('path' [, threshold]);
**       paper_id_a, paper_id_b, title_a, title_b, similarity
**
** One row per pair of distinct papers (distinct paper_id; each paper at its
** first appearance in path order, like similar_to) whose abstracts have
** similarity() >= threshold (default 0.8), each pair once with
** paper_id_a < paper_id_b, most similar first (then by paper_id_a,
** paper_id_b). `path` is read like digests('path') (a file, a folder's
** *.txt files, or a glob; not recursive).
**
** How (Broder's MinHash with LSH banding, then an exact check):
**   1. Each abstract becomes the set of its word 3-shingles: hashes of three
**      consecutive tokens of the shared tokenizer core with the default
**      options (NFKC, case folded, stop words kept: a near copy keeps its
**      small words too). Abstracts of fewer than three tokens are left out.
**   2. Its MinHash signature: for each of 128 seeded 64-bit mixers, the
**      least mixed shingle hash. Two signatures agree in a place with
**      probability equal to the Jaccard similarity of the shingle sets.
**   3. LSH: the signature is cut into 32 bands of 4 rows; papers that agree
**      on a whole band are candidates. The S-curve 1-(1-J^4)^32 is 0.5 at
**      J = 0.42 and 0.99 at J = 0.63. Shingle Jaccard falls much faster than
**      the cosine of term vectors under light editing (one changed word
**      breaks three shingles), so for a cosine threshold of 0.8 the band
**      threshold sits far lower, near J = 0.4; a lower threshold argument
**      may miss pairs whose shingles differ more than that.
**   4. Every candidate pair is scored with the exact similarity() (cosine
**      of sublinear tf vectors, stemmed, stop words dropped) and kept when
**      it reaches the threshold.
** Buckets are found by sorting (band hash, paper) pairs; a candidate pair
** enters a hash set once, however many bands propose it, so memory is
** proportional to the distinct candidate pairs, and the cost is
** O(n log n) in papers plus the candidates, never all n^2 pairs.
**
** Identical abstracts (the same token stream, confirmed by similarity()
** of 1) form a group before LSH: n copies are n(n-1)/2 pairs, all alike,
** so a group is reported as its first paper (path order) paired with each
** other member, similarity 1, and only that first paper takes part in the
** search for near copies (a near copy of the group is paired with it).
** A search that would keep more than DUP_MAX_PAIRS distinct candidate
** pairs (thousands of near copies of one text) stops with an error that
** says so, instead of running out of memory.
**
** Reading files is a privileged act: the table is SQLITE_VTAB_DIRECTONLY
** and registered only by the main entry point (readsFiles=1 in aModules).
**
** xBestIndex: argv[0] = path (idxNum bit 1, required: SQLITE_CONSTRAINT
** without it), argv[1] = threshold (idxNum bit 2). idxStr is not used.
*/
#include "common.h"
#include "reader.h"
#include "similarity.h"
SQLITE_EXTENSION_INIT3

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;

#define DUP_NHASH  128
#define DUP_BANDS  32
#define DUP_ROWS   4            /* DUP_BANDS * DUP_ROWS == DUP_NHASH */
#define DUP_MAX_PAIRS (1<<22)   /* distinct candidate pairs kept at most */

enum { DC_ID_A, DC_ID_B, DC_TITLE_A, DC_TITLE_B, DC_SIM, DC_PATH, DC_THRESHOLD };

typedef struct DupTab DupTab;
struct DupTab { sqlite3_vtab base; };

/* A paper: its id, title and abstract (copies). */
typedef struct DupPaper DupPaper;
struct DupPaper { char zId[17]; char *zTitle; char *zAbstract; int nAbstract; };

typedef struct DupRow DupRow;
struct DupRow { int a, b; double sim; };

typedef struct DupCursor DupCursor;
struct DupCursor {
  sqlite3_vtab_cursor base;
  DupPaper *aPaper; int nPaper, nPaperAlloc;
  DupRow *aRow; int nRow, iRow;
};

/* Token callback: a running window of three token hashes; each full window
** is a shingle, folded into the signature. */
typedef struct Shingler Shingler;
struct Shingler { u64 aWin[3]; int nTok; u64 hStream; u64 aSig[DUP_NHASH]; };

static int shingle_token(void *pCtx, const char *zTok, int nTok, int iPos,
                         int iStart, int iEnd){
  Shingler *s = (Shingler*)pCtx;
  (void)iPos; (void)iStart; (void)iEnd;
  s->aWin[0] = s->aWin[1];
  s->aWin[1] = s->aWin[2];
  s->aWin[2] = papers_mix64(papers_fnv1a64(zTok, nTok));
  s->hStream = papers_mix64(s->hStream*31 + s->aWin[2]);   /* the whole stream */
  if( ++s->nTok>=3 ){
    u64 x = papers_mix64(s->aWin[0]*3 + papers_mix64(s->aWin[1]*5 + papers_mix64(s->aWin[2])));
    int i;
    for(i=0; i<DUP_NHASH; i++){
      u64 h = papers_mix64(x ^ (0x9e3779b97f4a7c15ULL * (u64)(i+1)));
      if( h<s->aSig[i] ) s->aSig[i] = h;
    }
  }
  return SQLITE_OK;
}

typedef struct BandKey BandKey;
struct BandKey { u64 h; int iPaper; };

static int bandkey_cmp(const void *a, const void *b){
  const BandKey *x = (const BandKey*)a, *y = (const BandKey*)b;
  if( x->h!=y->h ) return x->h<y->h ? -1 : 1;
  return x->iPaper - y->iPaper;
}

/* Output order, given the papers (for the ids). */
static int row_cmp_ctx(const void *a, const void *b, void *pCtx){
  const DupRow *x = (const DupRow*)a, *y = (const DupRow*)b;
  const DupPaper *p = (const DupPaper*)pCtx;
  int c;
  if( x->sim!=y->sim ) return x->sim>y->sim ? -1 : 1;
  c = strcmp(p[x->a].zId, p[y->a].zId);
  return c ? c : strcmp(p[x->b].zId, p[y->b].zId);
}

static void cursor_clear(DupCursor *c){
  int i;
  for(i=0; i<c->nPaper; i++){
    sqlite3_free(c->aPaper[i].zTitle);
    sqlite3_free(c->aPaper[i].zAbstract);
  }
  sqlite3_free(c->aPaper);
  sqlite3_free(c->aRow);
  c->aPaper = 0;
  c->aRow = 0;
  c->nPaper = c->nPaperAlloc = c->nRow = c->iRow = 0;
}

static int index_by_id_cmp(const void *a, const void *b, void *pCtx){
  const DupPaper *p = (const DupPaper*)pCtx;
  int x = *(const int*)a, y = *(const int*)b;
  int r = strcmp(p[x].zId, p[y].zId);
  return r ? r : x - y;
}

/* Keep each paper_id at its first appearance only (order kept). */
static int keep_first(DupCursor *c){
  int *aIdx, i, o = 0;
  unsigned char *aDrop;
  if( c->nPaper<2 ) return SQLITE_OK;
  aIdx = sqlite3_malloc64(sizeof(int)*(u64)c->nPaper);
  aDrop = sqlite3_malloc64((u64)c->nPaper);
  if( aIdx==0 || aDrop==0 ){
    sqlite3_free(aIdx);
    sqlite3_free(aDrop);
    return SQLITE_NOMEM;
  }
  memset(aDrop, 0, c->nPaper);
  for(i=0; i<c->nPaper; i++) aIdx[i] = i;
  qsort_r(aIdx, c->nPaper, sizeof(int), index_by_id_cmp, c->aPaper);
  for(i=1; i<c->nPaper; i++){
    if( strcmp(c->aPaper[aIdx[i]].zId, c->aPaper[aIdx[i-1]].zId)==0 ) aDrop[aIdx[i]] = 1;
  }
  for(i=0; i<c->nPaper; i++){
    if( aDrop[i] ){
      sqlite3_free(c->aPaper[i].zTitle);
      sqlite3_free(c->aPaper[i].zAbstract);
    }else{
      c->aPaper[o++] = c->aPaper[i];
    }
  }
  c->nPaper = o;
  sqlite3_free(aIdx);
  sqlite3_free(aDrop);
  return SQLITE_OK;
}

/* Read the papers of the files, each paper_id once. */
static int read_papers(DupCursor *c, const char *zPath, char **pzErr){
  PapersFileList fl;
  int rc, iFile;
  memset(&fl, 0, sizeof(fl));
  rc = papers_files_list(zPath, 0, &fl, pzErr);
  for(iFile=0; rc==SQLITE_OK && iFile<fl.n; iFile++){
    PapersReader *r = 0;
    PapersEntry e;
    char *zSkip = 0;
    /* A file that cannot be read is passed over, as digests passes it
    ** over (digest_problems says why); so is the rest of one that stops
    ** being readable midway. */
    if( fl.a[iFile].zProblem ) continue;
    rc = papers_reader_open(fl.a[iFile].zPath, 0, 0, &r, &zSkip);
    sqlite3_free(zSkip);
    if( rc==SQLITE_ERROR ){ rc = SQLITE_OK; continue; }
    while( rc==SQLITE_OK ){
      DupPaper *p;
      char zId[17];
      rc = papers_reader_next(r, &e);
      if( rc!=SQLITE_ROW ){
        if( rc==SQLITE_DONE || rc==SQLITE_IOERR ) rc = SQLITE_OK;
        break;
      }
      rc = papers_reader_text(r, &e);
      if( rc==SQLITE_OK ) rc = papers_paper_id(e.zTitle, e.nTitle, zId);
      if( rc!=SQLITE_OK ) break;
      rc = papers_grow(&c->aPaper, &c->nPaperAlloc, c->nPaper+1, sizeof(DupPaper), 64);
      if( rc!=SQLITE_OK ) break;
      p = &c->aPaper[c->nPaper++];
      memcpy(p->zId, zId, 17);
      p->zTitle = sqlite3_mprintf("%.*s", e.nTitle, e.zTitle);
      p->zAbstract = e.zAbstract ? sqlite3_mprintf("%.*s", e.nAbstract, e.zAbstract) : 0;
      p->nAbstract = e.zAbstract ? e.nAbstract : 0;
      if( p->zTitle==0 || (e.zAbstract && p->zAbstract==0) ) rc = SQLITE_NOMEM;
    }
    papers_reader_close(r);
  }
  papers_files_free(&fl);
  if( rc==SQLITE_OK ) rc = keep_first(c);
  return rc;
}

/* A hash set of candidate pairs (a<b, as a<<32|b; 0 marks an empty slot,
** and (0,0) is never a pair). */
typedef struct PairSet PairSet;
struct PairSet { u64 *a; u64 nSlot, nUsed; };

/* Add pair (a, b), a<b. SQLITE_OK, SQLITE_NOMEM, or SQLITE_FULL past
** DUP_MAX_PAIRS distinct pairs. */
static int pairset_add(PairSet *p, int a, int b){
  u64 key = (u64)(unsigned)a<<32 | (u64)(unsigned)b, i, mask;
  if( (p->nUsed+1)*2 > p->nSlot ){
    u64 nNew = p->nSlot ? p->nSlot*2 : 1024, j;
    u64 *aNew;
    if( p->nUsed>=DUP_MAX_PAIRS ) return SQLITE_FULL;
    aNew = sqlite3_malloc64(sizeof(u64)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    memset(aNew, 0, sizeof(u64)*nNew);
    for(j=0; j<p->nSlot; j++){
      if( p->a[j] ){
        u64 k = papers_mix64(p->a[j]) & (nNew-1);
        while( aNew[k] ) k = (k+1) & (nNew-1);
        aNew[k] = p->a[j];
      }
    }
    sqlite3_free(p->a);
    p->a = aNew;
    p->nSlot = nNew;
  }
  mask = p->nSlot-1;
  for(i=papers_mix64(key) & mask; p->a[i]; i=(i+1) & mask){
    if( p->a[i]==key ) return SQLITE_OK;
  }
  p->a[i] = key;
  p->nUsed++;
  return SQLITE_OK;
}

/* Append row (a, b, sim) to the result, a and b put in paper_id order. */
static int row_add(DupCursor *c, int *pnAlloc, int a, int b, double sim){
  DupRow *r;
  if( papers_grow(&c->aRow, pnAlloc, c->nRow+1, sizeof(DupRow), 64) ) return SQLITE_NOMEM;
  r = &c->aRow[c->nRow++];
  if( strcmp(c->aPaper[a].zId, c->aPaper[b].zId)<0 ){ r->a = a; r->b = b; }
  else{ r->a = b; r->b = a; }
  r->sim = sim;
  return SQLITE_OK;
}

/* Exact similarity() of the abstracts of papers a and b. */
static int exact_sim(DupCursor *c, PapersTokenizer *pStem, int a, int b,
                     PapersTermVec *va, PapersTermVec *vb, double *pSim){
  const DupPaper *pa = &c->aPaper[a], *pb = &c->aPaper[b];
  int rc = papers_termvec_build(pStem, pa->zAbstract, pa->nAbstract, va);
  if( rc==SQLITE_OK ) rc = papers_termvec_build(pStem, pb->zAbstract, pb->nAbstract, vb);
  if( rc==SQLITE_OK ) *pSim = papers_termvec_cosine(va, vb);
  return rc;
}

typedef struct StreamKey StreamKey;
struct StreamKey { u64 h; int iPaper; };

static int streamkey_cmp(const void *a, const void *b){
  const StreamKey *x = (const StreamKey*)a, *y = (const StreamKey*)b;
  if( x->h!=y->h ) return x->h<y->h ? -1 : 1;
  return x->iPaper - y->iPaper;
}

/* Signatures, groups of identical abstracts, LSH candidates, exact check:
** c->aRow. On SQLITE_FULL, *pzErr says why. */
static int find_pairs(DupCursor *c, double threshold, char **pzErr){
  PapersTokOptions o;
  PapersTokenizer *pTok = 0, *pStem = 0;
  u64 *aSig = 0;
  unsigned char *aRep = 0;        /* 1: takes part in LSH (a group's first) */
  BandKey *aKey = 0;
  StreamKey *aStream = 0;
  PairSet cand;
  PapersTermVec va, vb;
  int rc, i, j, nKey = 0, nStream = 0, nRowAlloc = 0;
  const int n = c->nPaper;
  memset(&cand, 0, sizeof(cand));
  memset(&va, 0, sizeof(va));
  memset(&vb, 0, sizeof(vb));
  memset(&o, 0, sizeof(o));
  rc = papers_tokenizer_new(&o, &pTok);
  o.stem = o.stopwords = 1;
  if( rc==SQLITE_OK ) rc = papers_tokenizer_new(&o, &pStem);
  aSig = sqlite3_malloc64(sizeof(u64)*DUP_NHASH*(u64)(n+1));
  aRep = sqlite3_malloc64((u64)n+1);
  aKey = sqlite3_malloc64(sizeof(BandKey)*(u64)(n+1));
  aStream = sqlite3_malloc64(sizeof(StreamKey)*(u64)(n+1));
  if( rc==SQLITE_OK && (aSig==0 || aRep==0 || aKey==0 || aStream==0) ) rc = SQLITE_NOMEM;
  for(i=0; rc==SQLITE_OK && i<n; i++){
    Shingler s;
    memset(&s, 0, sizeof(s));
    memset(s.aSig, 0xff, sizeof(s.aSig));
    if( c->aPaper[i].zAbstract ){
      rc = papers_tokenizer_run(pTok, c->aPaper[i].zAbstract, c->aPaper[i].nAbstract,
                                &s, shingle_token);
    }
    aRep[i] = s.nTok>=3;
    if( aRep[i] ){
      aStream[nStream].h = papers_mix64(s.hStream ^ (u64)s.nTok);
      aStream[nStream].iPaper = i;
      nStream++;
    }
    memcpy(&aSig[(u64)i*DUP_NHASH], s.aSig, sizeof(s.aSig));
  }
  /* groups of identical abstracts: the same stream hash, and similarity()
  ** 1 with the group's first paper (so a crafted hash collision makes no
  ** false pair); the others leave LSH */
  if( rc==SQLITE_OK && nStream>1 ){
    qsort(aStream, nStream, sizeof(StreamKey), streamkey_cmp);
    for(i=0; rc==SQLITE_OK && i<nStream; i=j){
      for(j=i+1; j<nStream && aStream[j].h==aStream[i].h; j++){}
      if( j-i>1 ){
        int k, iFirst = aStream[i].iPaper;
        for(k=i+1; rc==SQLITE_OK && k<j; k++){
          double sim = 0.0;
          rc = exact_sim(c, pStem, iFirst, aStream[k].iPaper, &va, &vb, &sim);
          if( rc==SQLITE_OK && sim>=1.0-1e-12 ){
            aRep[aStream[k].iPaper] = 0;
            rc = row_add(c, &nRowAlloc, iFirst, aStream[k].iPaper, 1.0);
          }
        }
      }
    }
  }
  for(j=0; rc==SQLITE_OK && j<DUP_BANDS; j++){
    int k;
    nKey = 0;
    for(i=0; i<n; i++){
      u64 h = 0x12345678ULL + (u64)j;
      int r;
      if( !aRep[i] ) continue;
      for(r=0; r<DUP_ROWS; r++) h = papers_mix64(h ^ aSig[(u64)i*DUP_NHASH + j*DUP_ROWS + r]);
      aKey[nKey].h = h;
      aKey[nKey].iPaper = i;
      nKey++;
    }
    qsort(aKey, nKey, sizeof(BandKey), bandkey_cmp);
    for(i=0; rc==SQLITE_OK && i<nKey; i=k){
      int x, y;
      for(k=i+1; k<nKey && aKey[k].h==aKey[i].h; k++){}
      for(x=i; x<k && rc==SQLITE_OK; x++){
        for(y=x+1; y<k && rc==SQLITE_OK; y++){
          rc = pairset_add(&cand, aKey[x].iPaper, aKey[y].iPaper);
        }
      }
    }
  }
  if( rc==SQLITE_FULL ){
    *pzErr = sqlite3_mprintf("more than %d candidate pairs of near copies"
                             " (thousands of papers share most of one abstract);"
                             " they are not listed", DUP_MAX_PAIRS);
    rc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  for(i=0; rc==SQLITE_OK && (u64)i<cand.nSlot; i++){
    double sim = 0.0;
    int a, b;
    if( cand.a[i]==0 ) continue;
    a = (int)(cand.a[i]>>32);
    b = (int)(cand.a[i] & 0xffffffff);
    rc = exact_sim(c, pStem, a, b, &va, &vb, &sim);
    if( rc==SQLITE_OK && sim>=threshold ) rc = row_add(c, &nRowAlloc, a, b, sim);
  }
  if( rc==SQLITE_OK && c->nRow>1 ){
    qsort_r(c->aRow, c->nRow, sizeof(DupRow), row_cmp_ctx, c->aPaper);
  }
  papers_termvec_free(&va);
  papers_termvec_free(&vb);
  papers_tokenizer_free(pTok);
  papers_tokenizer_free(pStem);
  sqlite3_free(cand.a);
  sqlite3_free(aSig);
  sqlite3_free(aRep);
  sqlite3_free(aKey);
  sqlite3_free(aStream);
  return rc;
}

static int dup_connect(sqlite3 *db, void *pAux, int argc, const char *const*argv,
                       sqlite3_vtab **ppVtab, char **pzErr){
  DupTab *pTab;
  int rc;
  (void)pAux; (void)argc; (void)argv; (void)pzErr;
  rc = sqlite3_declare_vtab(db,
      "CREATE TABLE x(paper_id_a TEXT, paper_id_b TEXT, title_a TEXT, title_b TEXT,"
      " similarity REAL, path HIDDEN, threshold HIDDEN)");
  if( rc!=SQLITE_OK ) return rc;
  /* Reads files: never from a view or trigger of an untrusted schema. */
  rc = sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc64(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int dup_disconnect(sqlite3_vtab *pVtab){
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

static int dup_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  int i, iPath = -1, iThr = -1;
  (void)pVtab;
  for(i=0; i<pInfo->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pInfo->aConstraint[i];
    if( p->iColumn!=DC_PATH && p->iColumn!=DC_THRESHOLD ) continue;
    if( !p->usable || p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) return SQLITE_CONSTRAINT;
    if( p->iColumn==DC_PATH ) iPath = i; else iThr = i;
  }
  if( iPath<0 ) return SQLITE_CONSTRAINT;
  pInfo->idxNum = 1;
  pInfo->aConstraintUsage[iPath].argvIndex = 1;
  pInfo->aConstraintUsage[iPath].omit = 1;
  if( iThr>=0 ){
    pInfo->idxNum |= 2;
    pInfo->aConstraintUsage[iThr].argvIndex = 2;
    pInfo->aConstraintUsage[iThr].omit = 1;
  }
  pInfo->estimatedCost = 1e6;
  pInfo->estimatedRows = 10;
  return SQLITE_OK;
}

static int dup_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  DupCursor *c = sqlite3_malloc64(sizeof(*c));
  (void)pVtab;
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  *ppCur = &c->base;
  return SQLITE_OK;
}

static int dup_close(sqlite3_vtab_cursor *pCur){
  cursor_clear((DupCursor*)pCur);
  sqlite3_free(pCur);
  return SQLITE_OK;
}

static int dup_filter(sqlite3_vtab_cursor *pCur, int idxNum, const char *idxStr,
                      int argc, sqlite3_value **argv){
  DupCursor *c = (DupCursor*)pCur;
  DupTab *pTab = (DupTab*)pCur->pVtab;
  const char *zPath;
  double threshold = 0.8;
  char *zErr = 0;
  int rc;
  (void)idxStr; (void)argc;
  cursor_clear(c);
  zPath = (const char*)sqlite3_value_text(argv[0]);
  if( zPath==0 || zPath[0]==0 ) return papers_vtab_error(&pTab->base, SQLITE_ERROR, "paper_duplicates", "%s", "path is NULL or empty");
  if( idxNum & 2 ){
    int t = sqlite3_value_numeric_type(argv[1]);
    threshold = sqlite3_value_double(argv[1]);
    if( (t!=SQLITE_INTEGER && t!=SQLITE_FLOAT) || threshold<0.0 || threshold>1.0 ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, "paper_duplicates", "%s", "threshold must be a number from 0 to 1");
    }
  }
  rc = read_papers(c, zPath, &zErr);
  if( rc==SQLITE_OK ) rc = find_pairs(c, threshold, &zErr);
  if( rc!=SQLITE_OK ){
    if( zErr ) rc = papers_vtab_error(&pTab->base, rc, "paper_duplicates", "%s", zErr);
    sqlite3_free(zErr);
    cursor_clear(c);
  }
  return rc;
}

static int dup_next(sqlite3_vtab_cursor *pCur){
  ((DupCursor*)pCur)->iRow++;
  return SQLITE_OK;
}

static int dup_eof(sqlite3_vtab_cursor *pCur){
  DupCursor *c = (DupCursor*)pCur;
  return c->iRow>=c->nRow;
}

static int dup_column(sqlite3_vtab_cursor *pCur, sqlite3_context *ctx, int iCol){
  DupCursor *c = (DupCursor*)pCur;
  const DupRow *r = &c->aRow[c->iRow];
  switch( iCol ){
    case DC_ID_A: sqlite3_result_text(ctx, c->aPaper[r->a].zId, 16, SQLITE_TRANSIENT); break;
    case DC_ID_B: sqlite3_result_text(ctx, c->aPaper[r->b].zId, 16, SQLITE_TRANSIENT); break;
    case DC_TITLE_A: sqlite3_result_text(ctx, c->aPaper[r->a].zTitle, -1, SQLITE_TRANSIENT); break;
    case DC_TITLE_B: sqlite3_result_text(ctx, c->aPaper[r->b].zTitle, -1, SQLITE_TRANSIENT); break;
    case DC_SIM: sqlite3_result_double(ctx, r->sim); break;
    default: break;   /* hidden arguments read back as NULL */
  }
  return SQLITE_OK;
}

static int dup_rowid(sqlite3_vtab_cursor *pCur, sqlite_int64 *pRowid){
  *pRowid = ((DupCursor*)pCur)->iRow + 1;
  return SQLITE_OK;
}

static sqlite3_module dupModule = {
  0, 0, dup_connect, dup_best_index, dup_disconnect, 0,
  dup_open, dup_close, dup_filter, dup_next, dup_eof, dup_column, dup_rowid,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

int papers_register_duplicates(sqlite3 *db){
  return sqlite3_create_module(db, "paper_duplicates", &dupModule, 0);
}
