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
** Buckets are found by sorting (band hash, paper) pairs, candidate pairs
** are sorted and deduplicated, so the cost is O(n log n) in papers plus the
** candidates, never all n^2 pairs.
**
** Reading files is a privileged act: the table is SQLITE_VTAB_DIRECTONLY
** and registered only by the main entry point (readsFiles=1 in aModules).
**
** xBestIndex: argv[0] = path (idxNum bit 1, required: SQLITE_CONSTRAINT
** without it), argv[1] = threshold (idxNum bit 2). idxStr is not used.
*/
#include "papers.h"
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

static u64 mix64(u64 x){
  x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27; x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static u64 bytes_hash(const char *z, int n){
  u64 h = 0xcbf29ce484222325ULL;
  int i;
  for(i=0; i<n; i++) h = (h ^ (unsigned char)z[i]) * 0x100000001b3ULL;
  return mix64(h);
}

/* Token callback: a running window of three token hashes; each full window
** is a shingle, folded into the signature. */
typedef struct Shingler Shingler;
struct Shingler { u64 aWin[3]; int nTok; u64 aSig[DUP_NHASH]; };

static int shingle_token(void *pCtx, const char *zTok, int nTok, int iPos,
                         int iStart, int iEnd){
  Shingler *s = (Shingler*)pCtx;
  (void)iPos; (void)iStart; (void)iEnd;
  s->aWin[0] = s->aWin[1];
  s->aWin[1] = s->aWin[2];
  s->aWin[2] = bytes_hash(zTok, nTok);
  if( ++s->nTok>=3 ){
    u64 x = mix64(s->aWin[0]*3 + mix64(s->aWin[1]*5 + mix64(s->aWin[2])));
    int i;
    for(i=0; i<DUP_NHASH; i++){
      u64 h = mix64(x ^ (0x9e3779b97f4a7c15ULL * (u64)(i+1)));
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

static int pair_cmp(const void *a, const void *b){
  const DupRow *x = (const DupRow*)a, *y = (const DupRow*)b;
  if( x->a!=y->a ) return x->a - y->a;
  return x->b - y->b;
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

static int dup_error(DupTab *pTab, int rc, const char *zMsg){
  sqlite3_free(pTab->base.zErrMsg);
  pTab->base.zErrMsg = sqlite3_mprintf("paper_duplicates: %s", zMsg);
  return pTab->base.zErrMsg ? rc : SQLITE_NOMEM;
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
    rc = papers_reader_open(fl.a[iFile].zPath, 0, 0, &r, pzErr);
    while( rc==SQLITE_OK ){
      DupPaper *p;
      char zId[17];
      rc = papers_reader_next(r, &e);
      if( rc!=SQLITE_ROW ){
        if( rc==SQLITE_DONE ) rc = SQLITE_OK;
        else if( rc==SQLITE_IOERR && papers_reader_errmsg(r) ){
          *pzErr = sqlite3_mprintf("%s", papers_reader_errmsg(r));
          rc = SQLITE_ERROR;
        }
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

/* Signatures, LSH candidates, exact check: c->aRow. */
static int find_pairs(DupCursor *c, double threshold){
  PapersTokOptions o;
  PapersTokenizer *pTok = 0, *pStem = 0;
  u64 *aSig = 0;
  unsigned char *aHas = 0;
  BandKey *aKey = 0;
  DupRow *aCand = 0;
  PapersTermVec va, vb;
  int nCand = 0, nCandAlloc = 0, rc, i, j, nKey = 0;
  const int n = c->nPaper;
  memset(&va, 0, sizeof(va));
  memset(&vb, 0, sizeof(vb));
  memset(&o, 0, sizeof(o));
  rc = papers_tokenizer_new(&o, &pTok);
  o.stem = o.stopwords = 1;
  if( rc==SQLITE_OK ) rc = papers_tokenizer_new(&o, &pStem);
  aSig = sqlite3_malloc64(sizeof(u64)*DUP_NHASH*(u64)(n+1));
  aHas = sqlite3_malloc64((u64)n+1);
  aKey = sqlite3_malloc64(sizeof(BandKey)*(u64)(n+1));
  if( rc==SQLITE_OK && (aSig==0 || aHas==0 || aKey==0) ) rc = SQLITE_NOMEM;
  for(i=0; rc==SQLITE_OK && i<n; i++){
    Shingler s;
    memset(&s, 0, sizeof(s));
    memset(s.aSig, 0xff, sizeof(s.aSig));
    if( c->aPaper[i].zAbstract ){
      rc = papers_tokenizer_run(pTok, c->aPaper[i].zAbstract, c->aPaper[i].nAbstract,
                                &s, shingle_token);
    }
    aHas[i] = s.nTok>=3;
    memcpy(&aSig[(u64)i*DUP_NHASH], s.aSig, sizeof(s.aSig));
  }
  for(j=0; rc==SQLITE_OK && j<DUP_BANDS; j++){
    int k;
    nKey = 0;
    for(i=0; i<n; i++){
      u64 h = 0x12345678ULL + (u64)j;
      int r;
      if( !aHas[i] ) continue;
      for(r=0; r<DUP_ROWS; r++) h = mix64(h ^ aSig[(u64)i*DUP_NHASH + j*DUP_ROWS + r]);
      aKey[nKey].h = h;
      aKey[nKey].iPaper = i;
      nKey++;
    }
    qsort(aKey, nKey, sizeof(BandKey), bandkey_cmp);
    for(i=0; rc==SQLITE_OK && i<nKey; i=k){
      int x, y;
      for(k=i+1; k<nKey && aKey[k].h==aKey[i].h; k++){}
      for(x=i; x<k && rc==SQLITE_OK; x++){
        for(y=x+1; y<k; y++){
          rc = papers_grow(&aCand, &nCandAlloc, nCand+1, sizeof(DupRow), 64);
          if( rc!=SQLITE_OK ) break;
          aCand[nCand].a = aKey[x].iPaper;
          aCand[nCand].b = aKey[y].iPaper;
          nCand++;
        }
      }
    }
  }
  if( rc==SQLITE_OK && nCand>0 ){
    int prevA = -1, prevB = -1;
    qsort(aCand, nCand, sizeof(DupRow), pair_cmp);
    for(i=0; rc==SQLITE_OK && i<nCand; i++){
      const DupPaper *pa, *pb;
      double sim;
      if( aCand[i].a==prevA && aCand[i].b==prevB ) continue;
      prevA = aCand[i].a;
      prevB = aCand[i].b;
      pa = &c->aPaper[prevA];
      pb = &c->aPaper[prevB];
      rc = papers_termvec_build(pStem, pa->zAbstract, pa->nAbstract, &va);
      if( rc==SQLITE_OK ) rc = papers_termvec_build(pStem, pb->zAbstract, pb->nAbstract, &vb);
      if( rc!=SQLITE_OK ) break;
      sim = papers_termvec_cosine(&va, &vb);
      if( sim<threshold ) continue;
      /* rows are written over the sorted candidates already passed */
      c->aRow = aCand;
      if( strcmp(pa->zId, pb->zId)<0 ){
        aCand[c->nRow].a = prevA;  aCand[c->nRow].b = prevB;
      }else{
        aCand[c->nRow].a = prevB;  aCand[c->nRow].b = prevA;
      }
      aCand[c->nRow].sim = sim;
      c->nRow++;
    }
  }
  if( c->aRow!=aCand ) sqlite3_free(aCand);
  if( rc==SQLITE_OK && c->nRow>1 ){
    qsort_r(c->aRow, c->nRow, sizeof(DupRow), row_cmp_ctx, c->aPaper);
  }
  papers_termvec_free(&va);
  papers_termvec_free(&vb);
  papers_tokenizer_free(pTok);
  papers_tokenizer_free(pStem);
  sqlite3_free(aSig);
  sqlite3_free(aHas);
  sqlite3_free(aKey);
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
  if( zPath==0 || zPath[0]==0 ) return dup_error(pTab, SQLITE_ERROR, "path is NULL or empty");
  if( idxNum & 2 ){
    int t = sqlite3_value_numeric_type(argv[1]);
    threshold = sqlite3_value_double(argv[1]);
    if( (t!=SQLITE_INTEGER && t!=SQLITE_FLOAT) || threshold<0.0 || threshold>1.0 ){
      return dup_error(pTab, SQLITE_ERROR, "threshold must be a number from 0 to 1");
    }
  }
  rc = read_papers(c, zPath, &zErr);
  if( rc==SQLITE_OK ) rc = find_pairs(c, threshold);
  if( rc!=SQLITE_OK ){
    if( zErr ) rc = dup_error(pTab, rc, zErr);
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
