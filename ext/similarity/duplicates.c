/*
** duplicates.c: near-copy abstracts among the papers of digest files.
**
** SQL added here:
**
**   SELECT * FROM paper_duplicates('path' [, threshold]);
**   SELECT * FROM paper_duplicates('table' [, threshold]);
**       paper_id_a, paper_id_b, title_a, title_b, similarity
**
** The first argument names a created digests table of the connection
** ("papers" or "schema.papers") when there is one of that name; else it is
** a path.
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
** Buckets are found by hashing each band's values; a candidate pair
** enters a hash set once, however many bands propose it, so memory is
** proportional to the distinct candidate pairs, and the cost is
** linear in papers plus the candidates, never all n^2 pairs.
**
** Memory is bounded per paper, whatever the abstracts' length: a paper is
** kept as its id, where its entry is, and its 32 band hashes (the
** signature is folded into them as it is made); the two abstracts of a
** candidate pair are read again by seeking to their entries, as the
** similar_to plan reads its rows.
**
** Over a created digests table the band hashes are kept in its shadow
** table T_minhash (one row per document slot of the saved index, see
** ext/similarity/simstore.c), and the exact similarity of every candidate pair checked
** in T_pairs (a document never changes, so a pair checked once is known
** while both live): a call brings the saved index up to date (reading only
** the files that changed), computes the band hashes of the documents that
** have none, runs the search over the stored hashes, checks only the
** candidate pairs not checked before, and saves what is new (dropping the
** rows of documents that are gone) when the connection may write now.
** Asked again after one new file, it reads that file only, and the pairs
** it brings.
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
#include "simstore.h"
#include "digests.h"
#include "u64map.h"
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;
typedef sqlite3_int64 i64;

#define DUP_NHASH  128
#define DUP_BANDS  32
#define DUP_ROWS   4            /* DUP_BANDS * DUP_ROWS == DUP_NHASH */
#define DUP_MAX_PAIRS (1<<22)   /* distinct candidate pairs kept at most */
#define DUP_READERS 8           /* files kept open while pairs are checked */
#define DUP_SIG_BYTES (8 + 8*DUP_BANDS)   /* a T_minhash row's payload */

enum { DC_ID_A, DC_ID_B, DC_TITLE_A, DC_TITLE_B, DC_SIM, DC_PATH, DC_THRESHOLD };

typedef struct DupTab DupTab;
struct DupTab { sqlite3_vtab base; sqlite3 *db; };

/* A paper: its id, where its entry is, and its band hashes. */
typedef struct DupDoc DupDoc;
struct DupDoc {
  u64 pid;
  i64 iOff;
  int iFile, iPos, iLine;
  int iSlot;                  /* the saved index's slot, or -1 */
  int bRep;                   /* 3 tokens or more: takes part in the search */
  int bSig;                   /* the hashes below are known */
  u64 hStream;                /* hash of the whole token stream */
  u64 aBand[DUP_BANDS];
};

typedef struct DupRow DupRow;
struct DupRow { int a, b; double sim; char *zTitleA, *zTitleB; };

/* The exact similarities of candidate pairs of a saved index's documents,
** keyed by their slots (smaller << 32 | larger): a document never changes,
** so a pair checked once is known while both live (T_pairs). In the map
** (u64map.h), aA holds the similarity's bits and aB is 1 for a pair
** checked by this call (to be saved). */
static double pc_sim(const PapersU64Map *m, i64 x){
  double d;
  memcpy(&d, &m->aA[x], sizeof(d));
  return d;
}
static int pc_add(PapersU64Map *m, u64 key, double sim, int bNew){
  i64 x = papers_u64map_get(m, key, 0);
  if( x<0 ) return SQLITE_NOMEM;
  memcpy(&m->aA[x], &sim, sizeof(sim));
  m->aB[x] = bNew;
  return SQLITE_OK;
}

typedef struct DupCursor DupCursor;
struct DupCursor {
  sqlite3_vtab_cursor base;
  PapersFileList files;
  DupDoc *aDoc; int nDoc, nDocAlloc;
  DupRow *aRow; int nRow, iRow;
  int bStored;                /* the documents come from a saved index */
  PapersU64Map cache;         /* bStored: pairs already checked */
  int nMinhashNew;            /* bStored: documents whose band hashes are new */
  i64 *aStaleHash, *aStalePair; int nStaleHash, nStalePair;  /* rows to drop */
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

/* The band hashes of document d from its abstract z[0..n) (NULL: none). */
static int doc_sign(PapersTokenizer *pTok, DupDoc *d, const char *z, int n){
  Shingler s;
  int j, r, rc = SQLITE_OK;
  memset(&s, 0, sizeof(s));
  memset(s.aSig, 0xff, sizeof(s.aSig));
  if( z ) rc = papers_tokenizer_run(pTok, z, n, &s, shingle_token);
  if( rc!=SQLITE_OK ) return rc;
  d->bRep = s.nTok>=3;
  d->hStream = papers_mix64(s.hStream ^ (u64)s.nTok);
  for(j=0; j<DUP_BANDS; j++){
    u64 h = 0x12345678ULL + (u64)j;
    for(r=0; r<DUP_ROWS; r++) h = papers_mix64(h ^ s.aSig[j*DUP_ROWS + r]);
    d->aBand[j] = h;
  }
  d->bSig = 1;
  return SQLITE_OK;
}

/* Output order, given the papers (for the ids). */
static int row_cmp_ctx(const void *a, const void *b, void *pCtx){
  const DupRow *x = (const DupRow*)a, *y = (const DupRow*)b;
  const DupDoc *p = (const DupDoc*)pCtx;
  if( x->sim!=y->sim ) return x->sim>y->sim ? -1 : 1;
  if( p[x->a].pid!=p[y->a].pid ) return p[x->a].pid<p[y->a].pid ? -1 : 1;
  if( p[x->b].pid!=p[y->b].pid ) return p[x->b].pid<p[y->b].pid ? -1 : 1;
  return 0;
}

static void cursor_clear(DupCursor *c){
  int i;
  for(i=0; i<c->nRow; i++){
    sqlite3_free(c->aRow[i].zTitleA);
    sqlite3_free(c->aRow[i].zTitleB);
  }
  sqlite3_free(c->aDoc);
  sqlite3_free(c->aRow);
  papers_files_free(&c->files);
  papers_u64map_free(&c->cache);
  sqlite3_free(c->aStaleHash);
  sqlite3_free(c->aStalePair);
  c->aStaleHash = c->aStalePair = 0;
  c->nStaleHash = c->nStalePair = c->nMinhashNew = 0;
  c->aDoc = 0;
  c->aRow = 0;
  c->nDoc = c->nDocAlloc = c->nRow = c->iRow = 0;
  c->bStored = 0;
}

static int doc_new(DupCursor *c, DupDoc **ppDoc){
  if( papers_grow(&c->aDoc, &c->nDocAlloc, c->nDoc+1, sizeof(DupDoc), 256) ) return SQLITE_NOMEM;
  *ppDoc = &c->aDoc[c->nDoc++];
  memset(*ppDoc, 0, sizeof(DupDoc));
  (*ppDoc)->iSlot = -1;
  return SQLITE_OK;
}

/* Read the papers of the listed files, each paper_id at its first
** appearance, with their band hashes (the abstracts are not kept). */
static int read_papers(DupCursor *c, PapersTokenizer *pTok){
  PapersU64Map ids;           /* the paper ids met */
  int rc = SQLITE_OK, iFile;
  memset(&ids, 0, sizeof(ids));
  for(iFile=0; rc==SQLITE_OK && iFile<c->files.n; iFile++){
    PapersReader *r = 0;
    PapersEntry e;
    char *zSkip = 0;
    /* A file that cannot be read is passed over, as digests passes it
    ** over (digest_problems says why); so is the rest of one that stops
    ** being readable midway. */
    if( c->files.a[iFile].zProblem ) continue;
    rc = papers_reader_open(c->files.a[iFile].zPath, 0, 0, &r, &zSkip);
    sqlite3_free(zSkip);
    if( rc==SQLITE_ERROR ){ rc = SQLITE_OK; continue; }
    while( rc==SQLITE_OK ){
      DupDoc *d;
      char zId[17];
      int bNew;
      rc = papers_reader_next(r, &e);
      if( rc!=SQLITE_ROW ){
        if( rc==SQLITE_DONE || rc==SQLITE_IOERR ) rc = SQLITE_OK;
        break;
      }
      rc = papers_reader_text(r, &e);
      if( rc==SQLITE_OK ) rc = papers_paper_id(e.zTitle, e.nTitle, zId);
      if( rc==SQLITE_OK && papers_u64map_get(&ids, strtoull(zId, 0, 16), &bNew)<0 ) rc = SQLITE_NOMEM;
      if( rc!=SQLITE_OK || !bNew ) continue;
      rc = doc_new(c, &d);
      if( rc!=SQLITE_OK ) break;
      d->pid = strtoull(zId, 0, 16);
      d->iFile = iFile;
      d->iOff = e.iOffset;
      d->iPos = e.iPosition;
      d->iLine = e.iLine;
      rc = doc_sign(pTok, d, e.zAbstract, e.zAbstract ? e.nAbstract : 0);
    }
    papers_reader_close(r);
  }
  papers_u64map_free(&ids);
  return rc;
}

/* Readers kept open while entries are read again (by seeking). */
typedef struct ReaderCache ReaderCache;
struct ReaderCache { PapersReader *ap[DUP_READERS]; int aFile[DUP_READERS]; int iNext; };

static void rcache_free(ReaderCache *rc){
  int i;
  for(i=0; i<DUP_READERS; i++) papers_reader_close(rc->ap[i]);
  memset(rc, 0, sizeof(*rc));
}

/* The entry of document d, read again: SQLITE_OK with *pe filled (valid
** until the cache is next used), SQLITE_ERROR with *pzErr when the entry
** is not the paper (the file changed), or another error. */
static int read_entry(DupCursor *c, ReaderCache *rcache, const DupDoc *d,
                      PapersEntry *pe, char **pzErr){
  PapersReader *r = 0;
  char zId[17];
  int i, rc;
  for(i=0; i<DUP_READERS; i++){
    if( rcache->ap[i] && rcache->aFile[i]==d->iFile ){ r = rcache->ap[i]; break; }
  }
  if( r==0 ){
    char *zWhy = 0;
    i = rcache->iNext;
    rcache->iNext = (rcache->iNext+1) % DUP_READERS;
    papers_reader_close(rcache->ap[i]);
    rcache->ap[i] = 0;
    rc = papers_reader_open(c->files.a[d->iFile].zPath, 0, 0, &r, &zWhy);
    if( rc!=SQLITE_OK ){
      *pzErr = zWhy;
      return zWhy || rc!=SQLITE_ERROR ? rc : SQLITE_NOMEM;
    }
    rcache->ap[i] = r;
    rcache->aFile[i] = d->iFile;
  }
  rc = papers_reader_seek(r, d->iOff, d->iPos, d->iLine);
  if( rc==SQLITE_OK ) rc = papers_reader_next(r, pe);
  if( rc==SQLITE_ROW ) rc = papers_reader_text(r, pe);
  if( rc==SQLITE_OK ) rc = papers_paper_id(pe->zTitle, pe->nTitle, zId);
  if( rc==SQLITE_OK && strtoull(zId, 0, 16)!=d->pid ) rc = SQLITE_DONE;
  if( rc==SQLITE_DONE || rc==SQLITE_IOERR ){
    *pzErr = sqlite3_mprintf("%s changed while it was read (line %d holds another"
                             " paper)%s", c->files.a[d->iFile].zRel, d->iLine,
                             c->bStored ? "; run INSERT INTO t(t) VALUES('rebuild') on the table" : "");
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  return rc;
}

/* Add the candidate pair (a, b), a<b, to set p as the key a<<32|b (never 0:
** (0,0) is no pair). SQLITE_OK, SQLITE_NOMEM, or SQLITE_FULL past
** DUP_MAX_PAIRS distinct pairs. */
static int pair_add(PapersU64Set *p, int a, int b){
  u64 key = (u64)(unsigned)a<<32 | (u64)(unsigned)b;
  /* checked before adding: at the limit the table would grow first */
  if( p->nUsed>=DUP_MAX_PAIRS && !papers_u64set_has(p, key) ) return SQLITE_FULL;
  return papers_u64set_add(p, key, 0);
}

/* The exact check of the pairs. The papers in pairs to check have their
** term vectors made once each, from their abstracts read again in path
** order (sequential reads; at 1,000,000 generated papers a paper is in five
** candidate pairs on average), kept compact: per paper its terms (64-bit
** hashes of the stemmed term, increasing) with their tf. The similarity is
** similarity()'s cosine of sublinear tf vectors, summed in hash order (the
** norms too, so that equal vectors give exactly 1). */
typedef struct PairVecs PairVecs;
struct PairVecs {
  i64 *aAt;                   /* per paper: its first term, -1 not wanted, -2 wanted */
  int *aLen;                  /* its number of terms */
  double *aNorm2;             /* its sum of squared weights */
  u64 *aKey; unsigned short *aTf; i64 n, nAlloc;
};

typedef struct PairCheck PairCheck;
struct PairCheck {
  DupCursor *c;
  PapersTokenizer *pStem;
  ReaderCache rcache;
  PapersTermVec v;            /* scratch: the vector of the paper being made */
  PairVecs vecs;
};

static int pairvecs_init(PairVecs *p, int nDoc){
  int i;
  memset(p, 0, sizeof(*p));
  p->aAt = sqlite3_malloc64(sizeof(i64)*(u64)(nDoc+1));
  p->aLen = sqlite3_malloc64(sizeof(int)*(u64)(nDoc+1));
  p->aNorm2 = sqlite3_malloc64(sizeof(double)*(u64)(nDoc+1));
  if( !p->aAt || !p->aLen || !p->aNorm2 ) return SQLITE_NOMEM;
  for(i=0; i<nDoc; i++) p->aAt[i] = -1;
  return SQLITE_OK;
}

static void pairvecs_free(PairVecs *p){
  sqlite3_free(p->aAt);
  sqlite3_free(p->aLen);
  sqlite3_free(p->aNorm2);
  sqlite3_free(p->aKey);
  sqlite3_free(p->aTf);
  memset(p, 0, sizeof(*p));
}

typedef struct KeyTf KeyTf;
struct KeyTf { u64 key; unsigned tf; };
static int keytf_cmp(const void *a, const void *b){
  u64 x = ((const KeyTf*)a)->key, y = ((const KeyTf*)b)->key;
  return x<y ? -1 : x>y;
}

static double tf_weight(unsigned tf){ return 1.0 + log((double)tf); }

/* Make the vectors of the papers marked wanted (-2), in path order. */
static int pairvecs_make(PairCheck *pc, char **pzErr){
  DupCursor *c = pc->c;
  PairVecs *p = &pc->vecs;
  KeyTf *aTmp = 0;
  int d, k, nTmp = 0, rc = SQLITE_OK;
  for(d=0; rc==SQLITE_OK && d<c->nDoc; d++){
    PapersEntry e;
    double n2 = 0.0;
    if( p->aAt[d]!=-2 ) continue;
    rc = read_entry(c, &pc->rcache, &c->aDoc[d], &e, pzErr);
    if( rc==SQLITE_OK ){
      rc = papers_termvec_build(pc->pStem, e.zAbstract, e.zAbstract ? e.nAbstract : 0, &pc->v);
    }
    if( rc==SQLITE_OK && pc->v.nTerm>nTmp ){
      sqlite3_free(aTmp);
      nTmp = pc->v.nTerm*2;
      aTmp = sqlite3_malloc64(sizeof(KeyTf)*(u64)nTmp);
      if( aTmp==0 ) rc = SQLITE_NOMEM;
    }
    if( rc==SQLITE_OK && p->n + pc->v.nTerm > p->nAlloc ){
      i64 nNew = p->nAlloc ? p->nAlloc*2 : 4096;
      u64 *a;
      unsigned short *b;
      while( nNew < p->n + pc->v.nTerm ) nNew *= 2;
      a = sqlite3_realloc64(p->aKey, sizeof(u64)*(u64)nNew);
      if( a ) p->aKey = a;
      b = a ? sqlite3_realloc64(p->aTf, sizeof(unsigned short)*(u64)nNew) : 0;
      if( b ) p->aTf = b;
      if( a==0 || b==0 ) rc = SQLITE_NOMEM; else p->nAlloc = nNew;
    }
    if( rc!=SQLITE_OK ) break;
    for(k=0; k<pc->v.nTerm; k++){
      aTmp[k].key = papers_mix64(papers_fnv1a64(pc->v.zArena + pc->v.a[k].iOff, pc->v.a[k].n));
      aTmp[k].tf = (unsigned)pc->v.a[k].tf;
    }
    qsort(aTmp, pc->v.nTerm, sizeof(KeyTf), keytf_cmp);
    p->aAt[d] = p->n;
    p->aLen[d] = pc->v.nTerm;
    for(k=0; k<pc->v.nTerm; k++){
      double w = tf_weight(aTmp[k].tf);
      n2 += w*w;
      p->aKey[p->n] = aTmp[k].key;
      p->aTf[p->n] = (unsigned short)(aTmp[k].tf>65535 ? 65535 : aTmp[k].tf);
      p->n++;
    }
    p->aNorm2[d] = n2;
  }
  sqlite3_free(aTmp);
  return rc;
}

static double pairvecs_cosine(const PairVecs *p, int a, int b){
  i64 i = p->aAt[a], j = p->aAt[b], ie = i + p->aLen[a], je = j + p->aLen[b];
  double dot = 0.0, r;
  if( p->aLen[a]==0 || p->aLen[b]==0 ) return 0.0;
  while( i<ie && j<je ){
    if( p->aKey[i]<p->aKey[j] ) i++;
    else if( p->aKey[i]>p->aKey[j] ) j++;
    else{
      dot += tf_weight(p->aTf[i]) * tf_weight(p->aTf[j]);
      i++;
      j++;
    }
  }
  r = dot / sqrt(p->aNorm2[a] * p->aNorm2[b]);
  return r>1.0 ? 1.0 : r<0.0 ? 0.0 : r;
}

/* A result row: pair (a, b) with its titles, read again. */
static int row_add(PairCheck *pc, int a, int b, double sim, int *pnRowAlloc, char **pzErr){
  DupCursor *c = pc->c;
  PapersEntry e;
  DupRow *r;
  int rc;
  if( c->aDoc[a].pid > c->aDoc[b].pid ){ int t = a; a = b; b = t; }
  if( papers_grow(&c->aRow, pnRowAlloc, c->nRow+1, sizeof(DupRow), 64) ) return SQLITE_NOMEM;
  r = &c->aRow[c->nRow++];
  memset(r, 0, sizeof(*r));
  r->a = a;
  r->b = b;
  r->sim = sim;
  rc = read_entry(c, &pc->rcache, &c->aDoc[a], &e, pzErr);
  if( rc==SQLITE_OK && (r->zTitleA = sqlite3_mprintf("%.*s", e.nTitle, e.zTitle))==0 ) rc = SQLITE_NOMEM;
  if( rc==SQLITE_OK ) rc = read_entry(c, &pc->rcache, &c->aDoc[b], &e, pzErr);
  if( rc==SQLITE_OK && (r->zTitleB = sqlite3_mprintf("%.*s", e.nTitle, e.zTitle))==0 ) rc = SQLITE_NOMEM;
  return rc;
}

/* The similarity of pairs aPair[0..n) ((a << 32 | b), a<b), into aSim:
** from the saved pairs when known, else computed (and kept for saving). */
static int pairs_check(PairCheck *pc, const u64 *aPair, int n, double *aSim, char **pzErr){
  DupCursor *c = pc->c;
  int i, rc;
  for(i=0; i<n; i++){
    int a = (int)(aPair[i]>>32), b = (int)(aPair[i] & 0xffffffff);
    aSim[i] = -1.0;
    if( c->bStored ){
      u64 sa = (u64)c->aDoc[a].iSlot, sb = (u64)c->aDoc[b].iSlot;
      i64 x = papers_u64map_find(&c->cache, sa<sb ? sa<<32 | sb : sb<<32 | sa);
      if( x>=0 ){ aSim[i] = pc_sim(&c->cache, x); continue; }
    }
    if( pc->vecs.aAt[a]==-1 ) pc->vecs.aAt[a] = -2;
    if( pc->vecs.aAt[b]==-1 ) pc->vecs.aAt[b] = -2;
  }
  rc = pairvecs_make(pc, pzErr);
  for(i=0; rc==SQLITE_OK && i<n; i++){
    int a = (int)(aPair[i]>>32), b = (int)(aPair[i] & 0xffffffff);
    if( aSim[i]>=0.0 ) continue;
    aSim[i] = pairvecs_cosine(&pc->vecs, a, b);
    if( c->bStored ){
      u64 sa = (u64)c->aDoc[a].iSlot, sb = (u64)c->aDoc[b].iSlot;
      rc = pc_add(&c->cache, sa<sb ? sa<<32 | sb : sb<<32 | sa, aSim[i], 1);
    }
  }
  return rc;
}

typedef struct StreamKey StreamKey;
struct StreamKey { u64 h; int iDoc; };

static int streamkey_cmp(const void *a, const void *b){
  const StreamKey *x = (const StreamKey*)a, *y = (const StreamKey*)b;
  if( x->h!=y->h ) return x->h<y->h ? -1 : 1;
  return x->iDoc - y->iDoc;
}

static int pair_cmp(const void *a, const void *b){
  u64 x = *(const u64*)a, y = *(const u64*)b;
  return x<y ? -1 : x>y;
}

/* Groups of identical abstracts, LSH candidates, exact check: c->aRow. On
** SQLITE_ERROR, *pzErr says why. */
static int find_pairs(DupCursor *c, double threshold, char **pzErr){
  PapersTokOptions o;
  PairCheck pc;
  unsigned char *aRep = 0;        /* 1: takes part in LSH (a group's first) */
  StreamKey *aStream = 0;
  PapersU64Set cand;
  u64 *aPair = 0, *aTabH = 0, nTab = 0;
  double *aSim = 0;
  int *aHead = 0, *aNext = 0;
  int rc, i, j, nKey = 0, nStream = 0, nRowAlloc = 0, nPair = 0;
  const int n = c->nDoc;
  memset(&cand, 0, sizeof(cand));
  memset(&pc, 0, sizeof(pc));
  pc.c = c;
  memset(&o, 0, sizeof(o));
  o.stem = o.stopwords = 1;
  rc = papers_tokenizer_new(&o, &pc.pStem);
  if( rc==SQLITE_OK ) rc = pairvecs_init(&pc.vecs, n);
  aRep = sqlite3_malloc64((u64)n+1);
  aStream = sqlite3_malloc64(sizeof(StreamKey)*(u64)(n+1));
  aPair = sqlite3_malloc64(sizeof(u64)*(u64)(n+1));
  if( rc==SQLITE_OK && (aRep==0 || aStream==0 || aPair==0) ) rc = SQLITE_NOMEM;
  for(i=0; rc==SQLITE_OK && i<n; i++){
    aRep[i] = (unsigned char)c->aDoc[i].bRep;
    if( aRep[i] ){
      aStream[nStream].h = c->aDoc[i].hStream;
      aStream[nStream].iDoc = i;
      nStream++;
    }
  }
  /* groups of identical abstracts: the same stream hash, and similarity
  ** 1 with the group's first paper (so a crafted hash collision makes no
  ** false pair); the others leave LSH */
  if( rc==SQLITE_OK && nStream>1 ){
    qsort(aStream, nStream, sizeof(StreamKey), streamkey_cmp);
    for(i=0; i<nStream; i=j){
      for(j=i+1; j<nStream && aStream[j].h==aStream[i].h; j++){
        aPair[nPair++] = (u64)aStream[i].iDoc<<32 | (u64)aStream[j].iDoc;
      }
    }
    aSim = sqlite3_malloc64(sizeof(double)*(u64)(nPair+1));
    if( aSim==0 ) rc = SQLITE_NOMEM;
    if( rc==SQLITE_OK ) rc = pairs_check(&pc, aPair, nPair, aSim, pzErr);
    for(i=0; rc==SQLITE_OK && i<nPair; i++){
      if( aSim[i]<1.0-1e-12 ) continue;
      aRep[aPair[i] & 0xffffffff] = 0;
      rc = row_add(&pc, (int)(aPair[i]>>32), (int)(aPair[i] & 0xffffffff), 1.0, &nRowAlloc, pzErr);
    }
    sqlite3_free(aSim);
    aSim = 0;
  }
  /* LSH: per band, the papers sharing its hash, found by hashing (a table
  ** of twice their number, chains through aNext), then every pair of each
  ** bucket of two or more */
  if( rc==SQLITE_OK ){
    for(i=0; i<n; i++) if( aRep[i] ) nKey++;
    for(nTab=1024; nTab<(u64)nKey*2; nTab*=2){}
    aTabH = sqlite3_malloc64(sizeof(u64)*nTab);
    aHead = sqlite3_malloc64(sizeof(int)*nTab);
    aNext = sqlite3_malloc64(sizeof(int)*(u64)(n+1));
    if( aTabH==0 || aHead==0 || aNext==0 ) rc = SQLITE_NOMEM;
  }
  for(j=0; rc==SQLITE_OK && j<DUP_BANDS; j++){
    const u64 mask = nTab-1;
    u64 k;
    memset(aHead, 0xff, sizeof(int)*nTab);
    for(i=0; i<n; i++){
      u64 h;
      if( !aRep[i] ) continue;
      h = c->aDoc[i].aBand[j];
      for(k=h & mask; aHead[k]>=0 && aTabH[k]!=h; k=(k+1) & mask){}
      aNext[i] = aHead[k];
      aHead[k] = i;
      aTabH[k] = h;
    }
    for(k=0; rc==SQLITE_OK && k<nTab; k++){
      int x, y;
      if( aHead[k]<0 || aNext[aHead[k]]<0 ) continue;
      for(x=aHead[k]; x>=0 && rc==SQLITE_OK; x=aNext[x]){
        for(y=aNext[x]; y>=0 && rc==SQLITE_OK; y=aNext[y]){
          rc = pair_add(&cand, y<x ? y : x, y<x ? x : y);
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
  /* every candidate pair checked exactly */
  sqlite3_free(aPair);
  aPair = 0;
  nPair = 0;
  if( rc==SQLITE_OK ){
    aPair = sqlite3_malloc64(sizeof(u64)*(cand.nUsed+1));
    aSim = sqlite3_malloc64(sizeof(double)*(cand.nUsed+1));
    if( aPair==0 || aSim==0 ) rc = SQLITE_NOMEM;
  }
  for(i=0; rc==SQLITE_OK && (u64)i<cand.nSlot; i++){
    if( cand.a[i] ) aPair[nPair++] = cand.a[i];
  }
  if( rc==SQLITE_OK ){
    qsort(aPair, nPair, sizeof(u64), pair_cmp);
    rc = pairs_check(&pc, aPair, nPair, aSim, pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<nPair; i++){
    if( aSim[i]<threshold ) continue;
    rc = row_add(&pc, (int)(aPair[i]>>32), (int)(aPair[i] & 0xffffffff), aSim[i], &nRowAlloc, pzErr);
  }
  if( rc==SQLITE_OK && c->nRow>1 ){
    qsort_r(c->aRow, c->nRow, sizeof(DupRow), row_cmp_ctx, c->aDoc);
  }
  papers_termvec_free(&pc.v);
  papers_tokenizer_free(pc.pStem);
  pairvecs_free(&pc.vecs);
  rcache_free(&pc.rcache);
  papers_u64set_free(&cand);
  sqlite3_free(aPair);
  sqlite3_free(aSim);
  sqlite3_free(aRep);
  sqlite3_free(aStream);
  sqlite3_free(aTabH);
  sqlite3_free(aHead);
  sqlite3_free(aNext);
  return rc;
}

/* ------------------------------------------------- over a digests table */

static int stored_doc(void *pArg, int iSlot, sqlite3_uint64 pid, int iFile,
                      sqlite3_int64 iOffset, int iPosition, int iLine){
  DupCursor *c = (DupCursor*)pArg;
  DupDoc *d;
  if( doc_new(c, &d) ) return 1;
  d->pid = pid;
  d->iSlot = iSlot;
  d->iFile = iFile;
  d->iOff = iOffset;
  d->iPos = iPosition;
  d->iLine = iLine;
  return 0;
}

static u64 seed_minhash(i64 iSlot){ return papers_mix64((u64)iSlot ^ 0x7000000000000007ULL); }
static u64 seed_pair(i64 id){ return papers_mix64((u64)id ^ 0x8000000000000008ULL); }

static void put64(unsigned char *a, u64 v){
  int i;
  for(i=0; i<8; i++){ a[i] = (unsigned char)v; v >>= 8; }
}
static u64 get64(const unsigned char *a){
  u64 v = 0;
  int i;
  for(i=7; i>=0; i--) v = v<<8 | a[i];
  return v;
}

/* A scan of paper_duplicates' shadow table T_zSuffix (columns id and one
** blob): prepared, or the error (naming the table) in *pzErr. */
static int shadow_scan(PapersSimStore *pStore, const char *zSuffix, const char *zCol,
                       sqlite3_stmt **ppStmt, char **pzErr){
  sqlite3 *db = papers_simstore_db(pStore);
  const char *zTab = papers_simstore_table(pStore);
  char *zSql = sqlite3_mprintf("SELECT id, %s FROM \"%w\".\"%w_%s\"", zCol,
                               papers_simstore_schema(pStore), zTab, zSuffix);
  int rc = zSql ? sqlite3_prepare_v2(db, zSql, -1, ppStmt, 0) : SQLITE_NOMEM;
  sqlite3_free(zSql);
  if( rc!=SQLITE_OK && rc!=SQLITE_NOMEM ){
    *pzErr = sqlite3_mprintf("%s: cannot read %s_%s: %s", zTab, zTab, zSuffix, sqlite3_errmsg(db));
    if( *pzErr==0 ) rc = SQLITE_NOMEM;
  }
  return rc;
}

/* The end of such a scan: its error, if stepping failed. */
static int shadow_scan_end(PapersSimStore *pStore, const char *zSuffix, sqlite3_stmt *pStmt,
                           int rc, char **pzErr){
  if( rc==SQLITE_OK && pStmt && (rc = sqlite3_reset(pStmt))!=SQLITE_OK ){
    const char *zTab = papers_simstore_table(pStore);
    *pzErr = sqlite3_mprintf("%s: cannot read %s_%s: %s", zTab, zTab, zSuffix,
                             sqlite3_errmsg(papers_simstore_db(pStore)));
    if( *pzErr==0 ) rc = SQLITE_NOMEM;
  }
  sqlite3_finalize(pStmt);
  return rc;
}

/* Damage found in one of these rows: the saved index's message. */
static int shadow_damaged(PapersSimStore *pStore, char **pzErr, const char *zWhat, i64 id){
  const char *zTab = papers_simstore_table(pStore);
  *pzErr = sqlite3_mprintf("%s: the saved similarity index is damaged: %s %lld is malformed;"
                           " run INSERT INTO \"%w\"(\"%w\") VALUES('rebuild')",
                           zTab, zWhat, id, zTab, zTab);
  return *pzErr ? SQLITE_CORRUPT_VTAB : SQLITE_NOMEM;
}

/* The documents of the saved index of a digests table, with band hashes
** from T_minhash (those missing are computed) and the candidate pairs
** checked before from T_pairs; what is new, and the rows of documents gone,
** are saved by save_stored() after the search. SQLITE_DONE when the saved
** index cannot be brought up to date now (the caller reads the files). */
static int read_stored(DupCursor *c, PapersSimStore *pStore, PapersTokenizer *pTok,
                       char **pzErr){
  sqlite3 *db = papers_simstore_db(pStore);
  sqlite3_stmt *pStmt = 0;
  PapersSimRequest r;
  sqlite3_stmt *pPoll = 0;
  ReaderCache rcache;
  i64 iGen = 0, *aStale = 0;
  int *aBySlot = 0, nSlot = 0, nStale = 0, nStaleAlloc = 0, nNew = 0, i, rc;
  int nStaleAlloc2 = 0;
  memset(&rcache, 0, sizeof(rcache));
  rc = papers_poll_open(db, &pPoll);
  if( rc!=SQLITE_OK ) return rc;
  memset(&r, 0, sizeof(r));
  r.pFiles = &c->files;
  r.xBusy = papers_poll;
  r.pBusyArg = pPoll;
  r.nThread = sqlite3_db_mutex(db) ? 2 : 1;
  c->bStored = 1;
  rc = papers_simstore_docs(pStore, &r, stored_doc, c, &iGen, pzErr);
  if( rc==SQLITE_ABORT ) rc = SQLITE_NOMEM;
  for(i=0; i<c->nDoc; i++) if( c->aDoc[i].iSlot>=nSlot ) nSlot = c->aDoc[i].iSlot+1;
  if( rc==SQLITE_OK ){
    aBySlot = sqlite3_malloc64(sizeof(int)*(u64)(nSlot+1));
    if( aBySlot==0 ) rc = SQLITE_NOMEM;
    for(i=0; i<=nSlot && aBySlot; i++) aBySlot[i] = -1;
    for(i=0; i<c->nDoc && aBySlot; i++) aBySlot[c->aDoc[i].iSlot] = i;
  }
  /* the saved band hashes */
  if( rc==SQLITE_OK ) rc = shadow_scan(pStore, "minhash", "sig", &pStmt, pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0);
    const unsigned char *a = sqlite3_column_blob(pStmt, 1);
    int nByte = sqlite3_column_bytes(pStmt, 1), k = id>=0 && id<nSlot ? aBySlot[id] : -1, j;
    if( k<0 ){
      /* a document that is gone */
      rc = papers_grow(&aStale, &nStaleAlloc, nStale+1, sizeof(i64), 64);
      if( rc==SQLITE_OK ) aStale[nStale++] = id;
      continue;
    }
    if( a==0 || nByte!=DUP_SIG_BYTES+8+1
     || get64(a+nByte-8)!=papers_simstore_hash(seed_minhash(id), a, nByte-8) || a[0]>1 ){
      rc = shadow_damaged(pStore, pzErr, "the band hashes of document", id);
      break;
    }
    c->aDoc[k].bRep = a[0];
    c->aDoc[k].hStream = get64(a+1);
    for(j=0; j<DUP_BANDS; j++) c->aDoc[k].aBand[j] = get64(a+9+8*j);
    c->aDoc[k].bSig = 1;
  }
  rc = shadow_scan_end(pStore, "minhash", pStmt, rc, pzErr);
  pStmt = 0;
  /* the documents without band hashes: their entries read again */
  for(i=0; rc==SQLITE_OK && i<c->nDoc; i++){
    PapersEntry e;
    DupDoc *d = &c->aDoc[i];
    if( d->bSig ) continue;
    rc = read_entry(c, &rcache, d, &e, pzErr);
    if( rc==SQLITE_OK ) rc = doc_sign(pTok, d, e.zAbstract, e.zAbstract ? e.nAbstract : 0);
    d->bSig = 2;                       /* new: to be saved */
    nNew++;
    if( rc==SQLITE_OK && (nNew % 16)==0 && papers_poll(pPoll) ) rc = SQLITE_INTERRUPT;
  }
  rcache_free(&rcache);
  c->nMinhashNew = nNew;
  c->aStaleHash = aStale;
  c->nStaleHash = nStale;
  aStale = 0;
  /* the candidate pairs checked before, while both documents live */
  if( rc==SQLITE_OK ) rc = shadow_scan(pStore, "pairs", "sim", &pStmt, pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0);
    i64 sa = id>>32, sb = id & 0xffffffff;
    const unsigned char *a = sqlite3_column_blob(pStmt, 1);
    double sim = -1.0;
    u64 v;
    if( id<0 || sa>=nSlot || sb>=nSlot || aBySlot[sa]<0 || aBySlot[sb]<0 ){
      /* a pair of a document that is gone */
      rc = papers_grow(&c->aStalePair, &nStaleAlloc2, c->nStalePair+1, sizeof(i64), 64);
      if( rc==SQLITE_OK ) c->aStalePair[c->nStalePair++] = id;
      continue;
    }
    if( a && sqlite3_column_bytes(pStmt, 1)==16 ){
      v = get64(a);
      memcpy(&sim, &v, 8);
    }
    if( sa>=sb || !(sim>=0.0 && sim<=1.0)
     || get64(a+8)!=papers_simstore_hash(seed_pair(id), a, 8) ){
      rc = shadow_damaged(pStore, pzErr, "candidate pair", id);
      break;
    }
    rc = pc_add(&c->cache, (u64)id, sim, 0);
  }
  rc = shadow_scan_end(pStore, "pairs", pStmt, rc, pzErr);
  pStmt = 0;
  (void)iGen;
  sqlite3_finalize(pPoll);
  sqlite3_free(aBySlot);
  sqlite3_free(aStale);
  return rc;
}

/* Save what this call learnt of a saved index (new band hashes, pairs
** checked) and drop what belongs to documents that are gone, when the
** connection may write now; never a reason to fail. */
static int save_stored(DupCursor *c, PapersSimStore *pStore){
  sqlite3 *db = papers_simstore_db(pStore);
  const char *zDb = papers_simstore_schema(pStore), *zTab = papers_simstore_table(pStore);
  sqlite3_stmt *pStmt = 0;
  char *zSql;
  u64 k;
  int rc = SQLITE_OK, i, nNewPair = 0;
  for(k=0; k<c->cache.nSlot; k++) nNewPair += c->cache.aUsed[k] && c->cache.aB[k]==1;
  if( c->nMinhashNew==0 && c->nStaleHash==0 && nNewPair==0 && c->nStalePair==0 ) return SQLITE_OK;
  if( papers_simstore_write_begin(pStore)!=SQLITE_OK ) return SQLITE_OK;
  zSql = sqlite3_mprintf("INSERT OR REPLACE INTO \"%w\".\"%w_minhash\"(id, sig) VALUES(?, ?)",
                         zDb, zTab);
  rc = zSql ? sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0) : SQLITE_NOMEM;
  sqlite3_free(zSql);
  for(i=0; rc==SQLITE_OK && i<c->nDoc; i++){
    unsigned char a[DUP_SIG_BYTES+8+1];
    const DupDoc *d = &c->aDoc[i];
    int j;
    if( d->bSig!=2 ) continue;
    a[0] = (unsigned char)d->bRep;
    put64(a+1, d->hStream);
    for(j=0; j<DUP_BANDS; j++) put64(a+9+8*j, d->aBand[j]);
    put64(a+sizeof(a)-8, papers_simstore_hash(seed_minhash(d->iSlot), a, sizeof(a)-8));
    sqlite3_bind_int64(pStmt, 1, d->iSlot);
    sqlite3_bind_blob(pStmt, 2, a, (int)sizeof(a), SQLITE_STATIC);
    sqlite3_step(pStmt);
    rc = sqlite3_reset(pStmt);
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    zSql = sqlite3_mprintf("INSERT OR REPLACE INTO \"%w\".\"%w_pairs\"(id, sim) VALUES(?, ?)",
                           zDb, zTab);
    rc = zSql ? sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0) : SQLITE_NOMEM;
    sqlite3_free(zSql);
  }
  for(k=0; rc==SQLITE_OK && k<c->cache.nSlot; k++){
    unsigned char a[16];
    u64 v;
    if( !c->cache.aUsed[k] || c->cache.aB[k]!=1 ) continue;
    memcpy(&v, &c->cache.aA[k], 8);
    put64(a, v);
    put64(a+8, papers_simstore_hash(seed_pair((i64)c->cache.aKey[k]), a, 8));
    sqlite3_bind_int64(pStmt, 1, (i64)c->cache.aKey[k]);
    sqlite3_bind_blob(pStmt, 2, a, 16, SQLITE_STATIC);
    sqlite3_step(pStmt);
    rc = sqlite3_reset(pStmt);
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  for(k=0; k<2 && rc==SQLITE_OK; k++){
    const i64 *aId = k ? c->aStalePair : c->aStaleHash;
    int n = k ? c->nStalePair : c->nStaleHash;
    if( n==0 ) continue;
    zSql = sqlite3_mprintf("DELETE FROM \"%w\".\"%w_%s\" WHERE id=?", zDb, zTab,
                           k ? "pairs" : "minhash");
    rc = zSql ? sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0) : SQLITE_NOMEM;
    sqlite3_free(zSql);
    for(i=0; rc==SQLITE_OK && i<n; i++){
      sqlite3_bind_int64(pStmt, 1, aId[i]);
      sqlite3_step(pStmt);
      rc = sqlite3_reset(pStmt);
    }
    sqlite3_finalize(pStmt);
    pStmt = 0;
  }
  papers_simstore_write_end(pStore, rc==SQLITE_OK);
  return rc==SQLITE_NOMEM || rc==SQLITE_INTERRUPT ? rc : SQLITE_OK;
}

/* ------------------------------------------------------------ the vtab */

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
  pTab->db = db;
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
  PapersSimStore *pStore = 0;
  PapersTokOptions o;
  PapersTokenizer *pTok = 0;
  const char *zArg, *zPath;
  double threshold = 0.8;
  char *zErr = 0;
  int rc, bRecursive = 0;
  (void)idxStr; (void)argc;
  cursor_clear(c);
  zArg = (const char*)sqlite3_value_text(argv[0]);
  if( zArg==0 || zArg[0]==0 ) return papers_vtab_error(&pTab->base, SQLITE_ERROR, "paper_duplicates", "%s", "path is NULL or empty");
  if( idxNum & 2 ){
    int t = sqlite3_value_numeric_type(argv[1]);
    threshold = sqlite3_value_double(argv[1]);
    if( (t!=SQLITE_INTEGER && t!=SQLITE_FLOAT) || threshold<0.0 || threshold>1.0 ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, "paper_duplicates", "%s", "threshold must be a number from 0 to 1");
    }
  }
  /* a created digests table of that name, else a path */
  zPath = zArg;
  rc = papers_digests_find(pTab->db, zArg, &pStore, &zPath, &bRecursive, &zErr);
  if( rc==SQLITE_NOTFOUND ){
    rc = SQLITE_OK;
    zPath = zArg;
    pStore = 0;
  }else if( rc!=SQLITE_OK ){
    if( zErr ){
      sqlite3_free(pTab->base.zErrMsg);
      pTab->base.zErrMsg = zErr;
      zErr = 0;
    }
    return rc;
  }
  memset(&o, 0, sizeof(o));
  rc = papers_tokenizer_new(&o, &pTok);
  if( rc==SQLITE_OK ) rc = papers_files_list(zPath, bRecursive, &c->files, &zErr);
  if( rc==SQLITE_OK && pStore ){
    rc = read_stored(c, pStore, pTok, &zErr);
    if( rc==SQLITE_DONE ){
      /* the saved index cannot be brought up to date now: the files */
      sqlite3_free(zErr);
      zErr = 0;
      c->nDoc = 0;
      c->bStored = 0;
      pStore = 0;
      rc = SQLITE_OK;
    }
  }
  if( rc==SQLITE_OK && !pStore ) rc = read_papers(c, pTok);
  papers_tokenizer_free(pTok);
  if( rc==SQLITE_OK ) rc = find_pairs(c, threshold, &zErr);
  if( rc==SQLITE_OK && c->bStored ) rc = save_stored(c, pStore);
  if( rc!=SQLITE_OK ){
    if( zErr ){
      /* the saved index's messages start with the table's name */
      const char *zTab = pStore ? papers_simstore_table(pStore) : 0;
      size_t n = zTab ? strlen(zTab) : 0;
      if( zTab && strncmp(zErr, zTab, n)==0 && zErr[n]==':' ){
        sqlite3_free(pTab->base.zErrMsg);
        pTab->base.zErrMsg = zErr;
        zErr = 0;
      }else{
        rc = papers_vtab_error(&pTab->base, rc, "paper_duplicates", "%s", zErr);
      }
    }
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
  char zId[17];
  switch( iCol ){
    case DC_ID_A: case DC_ID_B:
      sqlite3_snprintf(sizeof(zId), zId, "%016llx",
                       (unsigned long long)c->aDoc[iCol==DC_ID_A ? r->a : r->b].pid);
      sqlite3_result_text(ctx, zId, 16, SQLITE_TRANSIENT);
      break;
    case DC_TITLE_A: sqlite3_result_text(ctx, r->zTitleA, -1, SQLITE_TRANSIENT); break;
    case DC_TITLE_B: sqlite3_result_text(ctx, r->zTitleB, -1, SQLITE_TRANSIENT); break;
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
