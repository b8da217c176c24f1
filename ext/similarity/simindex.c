/*
** simindex.c: the in-memory TF-IDF index behind `similar_to` (simindex.h).
** This file adds no SQL of its own but similarity_builds(), the build
** counter that tests read (registered by papers_register_simindex).
**
** Layout (all arrays, no per-term allocations):
**   - term dictionary: the term bytes interned back to back in one arena,
**     an open-addressing hash table of term numbers (linear probing, load
**     at most 1/2), and per term its arena offset, length and hash;
**   - postings: for each term, the documents that have it in increasing
**     order, as two parallel arrays (document number u32, tf u16), with
**     aStart[t]..aStart[t+1] delimiting term t; per term its idf and an
**     upper bound aMax[t] >= (1+ln tf)/|d| over its postings;
**   - per document: 1/|d| (the l2 norm of its tf-idf vector), where its
**     entry is (file, offset, position, line), and its forward list: its
**     (term u32, tf u16) in increasing term order;
**   - query scratch: a float accumulator and a list per document, f(t) per
**     term (kept zero between queries, so a query touches only its part).
** A posting takes 6 bytes, and 6 more in the forward lists. Weights are not stored: a document's score is
**     score(d) = (1/|d|) * sum over query terms t of f(t) * (1 + ln tf(t,d))
** with f(t) = qw(t) * idf(t), qw the query's unit-length tf-idf weight, so
** each score is computed in double from exact inputs (the paper whose
** abstract is the query scores 1 within rounding, far below 1e-9).
**
** Build, one pass over the files (in two parts on two threads when the
** caller allows: each part reads half of the files into a dictionary and
** forward lists of its own, then the second is merged into the first:
** its terms looked up in the first's dictionary, its documents kept unless
** the first part had their paper_id, so the result is the same as one
** pass): every entry's paper_id is hashed into a
** set, and only a paper's first appearance becomes a document. Its abstract
** is tokenised; each token is looked up (or added) in the dictionary and
** counted for the document with a per-term "last document" stamp, giving a
** forward list of (term, tf) per document. After the pass, df gives idf
** and the postings are laid out by a counting sort (documents come in
** order, so each list is sorted for free); reading the postings term by
** term then writes the forward lists again in term order, over the old.
** These three steps also run on two threads when allowed (build_layout).
** xBusy is polled every 16 documents so a build can be interrupted.
**
** Query (top k, k >= 0): MaxScore (Turtle and Flood 1995) with the
** essential lists read term at a time (details at maxscore()). Query terms
** are sorted by upper bound ub(t) = f(t) * aMax[t]; a seed (the rarest
** terms' lists, then the best few documents scored exactly) gives theta, a
** lower bound of the k-th score; the lists whose bounds add up to well
** below theta (the sum of ub, or the length of the query over those terms,
** by Cauchy-Schwarz) are non-essential: the others are added into the
** accumulator, and only documents whose partial score plus that bound can
** still reach the k-th best are scored, exactly, from their forward lists;
** the long, low-idf non-essential lists are never read. Every score that
** enters the result is the exact one, summed in term order like the k < 0
** plan, so a score never depends on the plan or the LIMIT, to the last bit.
** Ties go to the earlier document. Documents are filtered (xAccept, cached
** per file) before they are ranked.
** k < 0 scores every document term at a
** time into an accumulator and sorts them all. If fewer than k documents
** share a term with the query, the rest of the k are filled with accepted
** documents of score 0 in document order, so LIMIT k gives the first k rows
** of the full ordering.
*/
#include "common.h"
#include "simindex.h"
#include "tokenizer.h"
#include "u64map.h"
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t u32;
typedef uint16_t u16;
typedef uint64_t u64;

#define SIM_BUSY_EVERY 16      /* documents between two polls of xBusy */
#define SIM_TF_MAX     65535    /* tf is saturated there (u16) */
#define SIM_TFW_TABLE  256

static sqlite3_int64 nBuilds = 0;   /* papers_simindex_builds() */
static sqlite3_mutex *builds_mutex(void){
  return sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP1);
}

struct PapersSimIndex {
  PapersTokenizer *pTok;
  /* the file list the index was built on */
  PapersFileList files;
  /* dictionary */
  char *zArena;  u64 nArena, nArenaAlloc;
  u32 *aTermOff;  u32 *aTermLen;  u32 *aTermHash;
  int nTerm, nTermAlloc;
  u32 *aSlot;  u32 nSlot;             /* term number + 1; 0 is empty */
  /* postings */
  u32 *aStart;                        /* nTerm+1 */
  u32 *aPostDoc;  u16 *aPostTf;
  u64 nPost;
  double *aIdf;
  float *aMax;
  /* forward lists: the (term, tf) of each document in increasing term
  ** order, aFwdStart[d]..aFwdStart[d+1] */
  u64 *aFwdStart;
  u32 *aFwdTerm;  u16 *aFwdTf;
  /* query scratch (one query at a time per index) */
  double *aQf;                        /* per term, zero outside a query */
  float *aAccum;                      /* per document, zero outside a query */
  u32 *aTouched;                      /* per document */
  /* documents */
  int nDoc, nDocAlloc;
  double *aInvNorm;
  int *aDocFile, *aDocPos, *aDocLine;
  sqlite3_int64 *aDocOff;
  double aTfw[SIM_TFW_TABLE];         /* 1 + ln tf */
};

static double tfw(const PapersSimIndex *p, u32 tf){
  return tf<SIM_TFW_TABLE ? p->aTfw[tf] : 1.0 + log((double)tf);
}

/* ------------------------------------------------------------ dictionary */

/* Hash of a term, eight bytes at a time (terms are short: one or two
** multiplications). */
static u32 term_hash(const char *z, int n){
  u64 h = 0x9e3779b97f4a7c15ULL ^ (u64)n;
  int i = 0;
  for(; i+8<=n; i+=8){
    u64 v;
    memcpy(&v, z+i, 8);
    h = (h ^ v) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  if( i<n ){
    u64 v = 0;
    memcpy(&v, z+i, (size_t)(n-i));
    h = (h ^ v) * 0xbf58476d1ce4e5b9ULL;
  }
  h ^= h >> 29;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 32;
  return (u32)h;
}

/* Term number of z[0..n), or -1. */
static int term_find(const PapersSimIndex *p, const char *z, int n, u32 h){
  u32 mask = p->nSlot - 1, i;
  if( p->nSlot==0 ) return -1;
  for(i=h & mask; p->aSlot[i]; i=(i+1) & mask){
    u32 t = p->aSlot[i]-1;
    if( p->aTermHash[t]==h && p->aTermLen[t]==(u32)n
     && memcmp(p->zArena + p->aTermOff[t], z, n)==0 ){
      return (int)t;
    }
  }
  return -1;
}

static int slots_grow(PapersSimIndex *p){
  u32 nNew = p->nSlot ? p->nSlot*2 : 4096, mask = nNew-1;
  u32 *aNew = sqlite3_malloc64(sizeof(u32)*(u64)nNew);
  int t;
  if( aNew==0 ) return SQLITE_NOMEM;
  memset(aNew, 0, sizeof(u32)*(u64)nNew);
  for(t=0; t<p->nTerm; t++){
    u32 i = p->aTermHash[t] & mask;
    while( aNew[i] ) i = (i+1) & mask;
    aNew[i] = (u32)t+1;
  }
  sqlite3_free(p->aSlot);
  p->aSlot = aNew;
  p->nSlot = nNew;
  return SQLITE_OK;
}

/* Per-term arrays used while building (owned by the builder). */
typedef struct SimBuild SimBuild;
struct SimBuild {
  PapersSimIndex *p;
  int *aLastDoc;            /* per term: last document that had it */
  u32 *aFwdIdx;             /* per term: its slot in the current forward list */
  u32 *aDf;                 /* per term: document frequency */
  /* forward lists: (term, tf) of each document, back to back */
  u32 *aFwdTerm;  u16 *aFwdTf;  u64 nFwd, nFwdAlloc;
  u64 *aDocFwd;             /* nDoc+1 starts */
  u64 nDocFwdAlloc;
  u64 *aDocId;              /* per document: its paper id (parts after the first) */
  int iDoc;                 /* the document being tokenised */
};

static int realloc_array(void **pp, u64 nElem, size_t szElem){
  void *pNew = sqlite3_realloc64(*pp, nElem*szElem);
  if( pNew==0 ) return SQLITE_NOMEM;
  *pp = pNew;
  return SQLITE_OK;
}

/* Room for nNeed entries in the build's forward lists. */
static int fwd_reserve(SimBuild *b, u64 nNeed){
  if( nNeed>b->nFwdAlloc ){
    if( realloc_array((void**)&b->aFwdTerm, nNeed, sizeof(u32))
     || realloc_array((void**)&b->aFwdTf, nNeed, sizeof(u16)) ){
      return SQLITE_NOMEM;
    }
    b->nFwdAlloc = nNeed;
  }
  return SQLITE_OK;
}

/* Add term z[0..n) with hash h; its number in *piTerm. */
static int term_add(SimBuild *b, const char *z, int n, u32 h, int *piTerm){
  PapersSimIndex *p = b->p;
  int t = p->nTerm;
  u32 i, mask;
  if( (u64)(p->nTerm+1)*2 > p->nSlot ){
    if( slots_grow(p) ) return SQLITE_NOMEM;
  }
  if( p->nTerm>=p->nTermAlloc ){
    int nNew = p->nTermAlloc ? p->nTermAlloc*2 : 4096;
    if( realloc_array((void**)&p->aTermOff, nNew, sizeof(u32))
     || realloc_array((void**)&p->aTermLen, nNew, sizeof(u32))
     || realloc_array((void**)&p->aTermHash, nNew, sizeof(u32))
     || realloc_array((void**)&b->aLastDoc, nNew, sizeof(int))
     || realloc_array((void**)&b->aFwdIdx, nNew, sizeof(u32))
     || realloc_array((void**)&b->aDf, nNew, sizeof(u32)) ){
      return SQLITE_NOMEM;
    }
    p->nTermAlloc = nNew;
  }
  if( p->nArena + n > p->nArenaAlloc ){
    u64 nNew = (p->nArenaAlloc ? p->nArenaAlloc*2 : 65536) + n;
    if( nNew>UINT32_MAX ) return SQLITE_NOMEM;  /* offsets are u32 */
    if( realloc_array((void**)&p->zArena, nNew, 1) ) return SQLITE_NOMEM;
    p->nArenaAlloc = nNew;
  }
  memcpy(p->zArena + p->nArena, z, n);
  p->aTermOff[t] = (u32)p->nArena;
  p->aTermLen[t] = (u32)n;
  p->aTermHash[t] = h;
  b->aLastDoc[t] = -1;
  b->aDf[t] = 0;
  p->nArena += n;
  p->nTerm++;
  mask = p->nSlot - 1;
  for(i=h & mask; p->aSlot[i]; i=(i+1) & mask){}
  p->aSlot[i] = (u32)t+1;
  *piTerm = t;
  return SQLITE_OK;
}

/* Token callback while building: count the token for document b->iDoc. */
static int build_token(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  SimBuild *b = (SimBuild*)pCtx;
  u32 h = term_hash(zTok, nTok);
  int t = term_find(b->p, zTok, nTok, h);
  (void)iPos; (void)iStart; (void)iEnd;
  if( t<0 && term_add(b, zTok, nTok, h, &t) ) return SQLITE_NOMEM;
  if( b->aLastDoc[t]==b->iDoc ){
    u16 *pTf = &b->aFwdTf[b->aFwdIdx[t]];
    if( *pTf<SIM_TF_MAX ) (*pTf)++;
    return SQLITE_OK;
  }
  if( b->nFwd>=b->nFwdAlloc
   && fwd_reserve(b, b->nFwdAlloc ? b->nFwdAlloc*2 : 65536) ){
    return SQLITE_NOMEM;
  }
  b->aLastDoc[t] = b->iDoc;
  b->aFwdIdx[t] = (u32)b->nFwd;
  b->aFwdTerm[b->nFwd] = (u32)t;
  b->aFwdTf[b->nFwd] = 1;
  b->nFwd++;
  b->aDf[t]++;
  return SQLITE_OK;
}

/* ------------------------------------------------------------- paper ids */

/* A paper id (16 hex digits) as the 64-bit number it writes. */
static u64 hex64(const char *z){
  u64 v = 0;
  int i;
  for(i=0; i<16; i++){
    char c = z[i];
    v = (v<<4) | (u64)(c<='9' ? c-'0' : (c|0x20)-'a'+10);
  }
  return v;
}

/* ---------------------------------------------------------------- build */

static int copy_files(PapersFileList *pOut, const PapersFileList *pIn){
  int i;
  pOut->a = sqlite3_malloc64(sizeof(PapersFile)*(u64)(pIn->n ? pIn->n : 1));
  if( pOut->a==0 ) return SQLITE_NOMEM;
  memset(pOut->a, 0, sizeof(PapersFile)*(u64)(pIn->n ? pIn->n : 1));
  pOut->n = pIn->n;
  for(i=0; i<pIn->n; i++){
    pOut->a[i] = pIn->a[i];
    pOut->a[i].zPath = sqlite3_mprintf("%s", pIn->a[i].zPath);
    pOut->a[i].zRel = sqlite3_mprintf("%s", pIn->a[i].zRel);
    pOut->a[i].zProblem = 0;
    if( pOut->a[i].zPath==0 || pOut->a[i].zRel==0 ) return SQLITE_NOMEM;
    if( pIn->a[i].zProblem ){
      pOut->a[i].zProblem = sqlite3_mprintf("%s", pIn->a[i].zProblem);
      if( pOut->a[i].zProblem==0 ) return SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

static int doc_add(PapersSimIndex *p, int iFile, sqlite3_int64 iOffset,
                   int iPosition, int iLine){
  int d = p->nDoc;
  if( d>=p->nDocAlloc ){
    int nNew = p->nDocAlloc ? p->nDocAlloc*2 : 1024;
    if( realloc_array((void**)&p->aDocFile, nNew, sizeof(int))
     || realloc_array((void**)&p->aDocPos, nNew, sizeof(int))
     || realloc_array((void**)&p->aDocLine, nNew, sizeof(int))
     || realloc_array((void**)&p->aDocOff, nNew, sizeof(sqlite3_int64)) ){
      return SQLITE_NOMEM;
    }
    p->nDocAlloc = nNew;
  }
  p->aDocFile[d] = iFile;
  p->aDocPos[d] = iPosition;
  p->aDocLine[d] = iLine;
  p->aDocOff[d] = iOffset;
  p->nDoc++;
  return SQLITE_OK;
}

/* Room in b->aDocFwd (and b->aDocId when kept) for document nDoc. */
static int docfwd_room(SimBuild *b, int bIds){
  u64 nNeed = (u64)b->p->nDoc + 1;
  if( nNeed>b->nDocFwdAlloc ){
    u64 nNew = b->nDocFwdAlloc ? b->nDocFwdAlloc*2 : 1024;
    if( realloc_array((void**)&b->aDocFwd, nNew, sizeof(u64)) ) return SQLITE_NOMEM;
    if( bIds && realloc_array((void**)&b->aDocId, nNew, sizeof(u64)) ) return SQLITE_NOMEM;
    b->nDocFwdAlloc = nNew;
  }
  return SQLITE_OK;
}

/* One part of a build: the files [iFirst, iEnd) read into a dictionary,
** documents and forward lists of its own (b.p), so that two parts can be
** read by two threads; the second part is merged into the first after. */
typedef struct SimPart SimPart;
struct SimPart {
  SimBuild b;
  PapersU64Set ids;         /* paper ids seen in this part */
  int iFirst, iEnd;
  int bIds;                 /* keep each document's paper id (b.aDocId) */
  PapersSimEntry *aEnt;     /* every entry read, when the caller asks */
  sqlite3_int64 nEnt, nEntAlloc;
  int bEnt;
  int (*xBusy)(void*);      /* the first part polls it, and sets *pStop */
  void *pBusyArg;
  atomic_int *pStop;        /* shared: set when the build is interrupted */
  int rc;
  char *zErr;
};

/* Record entry e (paper id, file, place) of the part: the saved index
** (ext/similarity/simstore.c) keeps where every paper appears, not only its first
** appearance. */
static int entry_add(SimPart *pt, u64 id, int iFile, const PapersEntry *e){
  PapersSimEntry *x;
  if( pt->nEnt>=pt->nEntAlloc ){
    sqlite3_int64 nNew = pt->nEntAlloc ? pt->nEntAlloc*2 : 1024;
    if( realloc_array((void**)&pt->aEnt, (u64)nNew, sizeof(PapersSimEntry)) ){
      return SQLITE_NOMEM;
    }
    pt->nEntAlloc = nNew;
  }
  x = &pt->aEnt[pt->nEnt++];
  x->pid = id;
  x->iFile = iFile;
  x->iOffset = e->iOffset;
  x->iPosition = e->iPosition;
  x->iLine = e->iLine;
  return SQLITE_OK;
}

/* Read the part's files, making the documents and their forward lists. A
** file that cannot be read (or stops being readable midway) is passed
** over, as digests passes it over, with its reason kept in its zProblem
** (papers_simindex_problem, papers_simindex_stale). */
static int build_read(SimPart *pt){
  SimBuild *b = &pt->b;
  PapersSimIndex *p = b->p;
  int iFile, rc = SQLITE_OK;
  for(iFile=pt->iFirst; rc==SQLITE_OK && iFile<pt->iEnd; iFile++){
    PapersFile *f = &p->files.a[iFile];
    PapersReader *r = 0;
    PapersEntry e;
    if( f->zProblem ) continue;
    rc = papers_reader_open(f->zPath, 0, 0, &r, &f->zProblem);
    if( rc==SQLITE_ERROR ){
      rc = SQLITE_OK;
      continue;
    }
    while( rc==SQLITE_OK ){
      char zId[17];
      int bNew;
      u64 id = 0;
      rc = papers_reader_next(r, &e);
      if( rc!=SQLITE_ROW ){
        if( rc==SQLITE_DONE ){
          rc = SQLITE_OK;
        }else if( rc==SQLITE_IOERR && papers_reader_errmsg(r) ){
          f->zProblem = sqlite3_mprintf("%s", papers_reader_errmsg(r));
          rc = f->zProblem ? SQLITE_OK : SQLITE_NOMEM;
        }
        break;
      }
      rc = papers_reader_text(r, &e);
      if( rc==SQLITE_OK ) rc = papers_paper_id(e.zTitle, e.nTitle, zId);
      if( rc==SQLITE_OK ){
        id = hex64(zId);
        rc = papers_u64set_add(&pt->ids, id, &bNew);
      }
      if( rc==SQLITE_OK && pt->bEnt ) rc = entry_add(pt, id, iFile, &e);
      if( rc!=SQLITE_OK || !bNew ) continue;
      if( (p->nDoc % SIM_BUSY_EVERY)==0 ){
        if( pt->xBusy && pt->xBusy(pt->pBusyArg) ) atomic_store(pt->pStop, 1);
        if( atomic_load(pt->pStop) ){
          rc = SQLITE_INTERRUPT;
          break;
        }
      }
      rc = doc_add(p, iFile, e.iOffset, e.iPosition, e.iLine);
      if( rc==SQLITE_OK ) rc = docfwd_room(b, pt->bIds);
      if( rc!=SQLITE_OK ) break;
      b->iDoc = p->nDoc-1;
      b->aDocFwd[b->iDoc] = b->nFwd;
      if( pt->bIds ) b->aDocId[b->iDoc] = id;
      if( e.zAbstract ){
        rc = papers_tokenizer_run(p->pTok, e.zAbstract, e.nAbstract, b,
                                  build_token);
      }
      b->aDocFwd[b->iDoc+1] = b->nFwd;
    }
    papers_reader_close(r);
  }
  if( rc==SQLITE_OK && b->aDocFwd==0 ){
    rc = docfwd_room(b, pt->bIds);
    if( rc==SQLITE_OK ) b->aDocFwd[0] = 0;
  }
  return rc;
}

static void *build_read_thread(void *pArg){
  SimPart *pt = (SimPart*)pArg;
  pt->rc = build_read(pt);
  if( pt->rc!=SQLITE_OK ) atomic_store(pt->pStop, 1);
  return 0;
}

/* Run x(a0), and x(a1) when a1 is not NULL: on a thread of its own when
** bThread and one can be made. The steps of a build after the reading
** are split in two this way; nothing is allocated on these threads. */
static void run_two(int bThread, void *(*x)(void*), void *a0, void *a1){
  pthread_t th;
  int bStarted = a1 && bThread && pthread_create(&th, 0, x, a1)==0;
  x(a0);
  if( bStarted ) pthread_join(th, 0);
  else if( a1 ) x(a1);
}

/* One half of the copy of part b's forward lists into part a's. */
typedef struct MergeCopy MergeCopy;
struct MergeCopy {
  SimBuild *pa;             /* to: its arrays are already big enough */
  const SimBuild *pb;       /* from */
  const u32 *aMap;          /* b's term number -> a's */
  const u32 *aDest;         /* b's document -> a's, or DOC_DROPPED */
  u32 *aDf;                 /* this half's document frequencies (a's terms) */
  u32 d0, d1;               /* b's documents to copy */
};
#define DOC_DROPPED 0xffffffffu

static void *merge_copy(void *pArg){
  MergeCopy *m = (MergeCopy*)pArg;
  SimBuild *b = m->pa;
  u32 d;
  for(d=m->d0; d<m->d1; d++){
    u64 x, x1 = m->pb->aDocFwd[d+1], o;
    if( m->aDest[d]==DOC_DROPPED ) continue;
    o = b->aDocFwd[m->aDest[d]];
    for(x=m->pb->aDocFwd[d]; x<x1; x++, o++){
      u32 tt = m->aMap[m->pb->aFwdTerm[x]];
      b->aFwdTerm[o] = tt;
      b->aFwdTf[o] = m->pb->aFwdTf[x];
      m->aDf[tt]++;
    }
  }
  return 0;
}

/* Merge part pb into part pa: pb's terms into pa's dictionary, then pb's
** documents whose paper id pa has not seen, in order, with their forward
** lists renumbered (the copy in two halves, on two threads when bThread). */
static int build_merge(SimPart *pa, SimPart *pb, int bThread){
  SimBuild *b = &pa->b;
  PapersSimIndex *p = b->p, *q = pb->b.p;
  u32 *aMap = sqlite3_malloc64(sizeof(u32)*(u64)(q->nTerm+1));
  u32 *aDest = sqlite3_malloc64(sizeof(u32)*(u64)(q->nDoc+1));
  u32 *aDf2 = 0;
  MergeCopy m[2];
  int t, d, rc = SQLITE_OK;
  u64 nFwd = b->nFwd;
  if( aMap==0 || aDest==0 ) rc = SQLITE_NOMEM;
  /* b's terms that a kept document holds (marked in aMap) join the
  ** dictionary: a paper b read again, dropped here, brings no term, as in
  ** a build on one thread, where it is never tokenised */
  for(t=0; rc==SQLITE_OK && t<q->nTerm; t++) aMap[t] = DOC_DROPPED;
  for(d=0; rc==SQLITE_OK && d<q->nDoc; d++){
    u64 x;
    if( papers_u64set_has(&pa->ids, pb->b.aDocId[d]) ) continue;
    for(x=pb->b.aDocFwd[d]; x<pb->b.aDocFwd[d+1]; x++) aMap[pb->b.aFwdTerm[x]] = 0;
  }
  for(t=0; rc==SQLITE_OK && t<q->nTerm; t++){
    const char *z = q->zArena + q->aTermOff[t];
    int n = (int)q->aTermLen[t], tt;
    if( aMap[t]==DOC_DROPPED ) continue;
    tt = term_find(p, z, n, q->aTermHash[t]);
    if( tt<0 ) rc = term_add(b, z, n, q->aTermHash[t], &tt);
    aMap[t] = (u32)tt;
  }
  /* which documents are kept, where their lists go */
  for(d=0; rc==SQLITE_OK && d<q->nDoc; d++){
    if( papers_u64set_has(&pa->ids, pb->b.aDocId[d]) ){
      aDest[d] = DOC_DROPPED;
      continue;
    }
    rc = doc_add(p, q->aDocFile[d], q->aDocOff[d], q->aDocPos[d], q->aDocLine[d]);
    if( rc==SQLITE_OK ) rc = docfwd_room(b, 0);
    if( rc!=SQLITE_OK ) break;
    aDest[d] = (u32)(p->nDoc-1);
    nFwd += pb->b.aDocFwd[d+1] - pb->b.aDocFwd[d];
    b->aDocFwd[p->nDoc] = nFwd;
  }
  if( rc==SQLITE_OK ) rc = fwd_reserve(b, nFwd);
  if( rc==SQLITE_OK ){
    aDf2 = sqlite3_malloc64(sizeof(u32)*(u64)(p->nTerm+1));
    if( aDf2==0 ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ){
    memset(aDf2, 0, sizeof(u32)*(u64)(p->nTerm+1));
    memset(m, 0, sizeof(m));
    m[0].pa = m[1].pa = b;
    m[0].pb = m[1].pb = &pb->b;
    m[0].aMap = m[1].aMap = aMap;
    m[0].aDest = m[1].aDest = aDest;
    m[0].aDf = b->aDf;
    m[1].aDf = aDf2;
    m[0].d1 = m[1].d0 = (u32)q->nDoc/2;
    m[1].d1 = (u32)q->nDoc;
    run_two(bThread, merge_copy, &m[0], &m[1]);
    for(t=0; t<p->nTerm; t++) b->aDf[t] += aDf2[t];
    b->nFwd = nFwd;
  }
  sqlite3_free(aMap);
  sqlite3_free(aDest);
  sqlite3_free(aDf2);
  return rc;
}

/* The layout after the pass (norms, postings, forward lists in term order)
** is split into two parts when the build may use two threads: norms and
** forward lists by document range, postings by term range (each part reads
** every forward list and writes only its own terms' postings, so each list
** stays in document order). Nothing is allocated in these threads. */
typedef struct LayoutPart LayoutPart;
struct LayoutPart {
  SimBuild *b;
  u32 *aFill;               /* shared: per term, the next free posting */
  u64 *aFwdFill;            /* shared: per document, the next forward slot */
  double *aMaxW;            /* shared: per term, its largest (1+ln tf)/|d| */
  u32 d0, d1;               /* this part's documents */
  u32 t0, t1;               /* this part's terms */
};

/* 1/|d| for the part's documents. */
static void *layout_norms(void *pArg){
  LayoutPart *pt = (LayoutPart*)pArg;
  const SimBuild *b = pt->b;
  PapersSimIndex *p = b->p;
  u32 d;
  u64 i;
  for(d=pt->d0; d<pt->d1; d++){
    double n2 = 0.0;
    for(i=b->aDocFwd[d]; i<b->aDocFwd[d+1]; i++){
      double w = tfw(p, b->aFwdTf[i]) * p->aIdf[b->aFwdTerm[i]];
      n2 += w*w;
    }
    p->aInvNorm[d] = n2>0.0 ? 1.0/sqrt(n2) : 0.0;
  }
  return 0;
}

/* The postings and bounds of the part's terms, documents in order. */
static void *layout_postings(void *pArg){
  LayoutPart *pt = (LayoutPart*)pArg;
  const SimBuild *b = pt->b;
  PapersSimIndex *p = b->p;
  const u32 t0 = pt->t0, nT = pt->t1 - pt->t0, nDoc = (u32)p->nDoc;
  u32 d, tt;
  u64 i;
  for(d=0; d<nDoc; d++){
    for(i=b->aDocFwd[d]; i<b->aDocFwd[d+1]; i++){
      u32 j;
      double w;
      tt = b->aFwdTerm[i];
      if( tt - t0 >= nT ) continue;
      j = pt->aFill[tt]++;
      w = tfw(p, b->aFwdTf[i]) * p->aInvNorm[d];
      p->aPostDoc[j] = d;
      p->aPostTf[j] = b->aFwdTf[i];
      if( w>pt->aMaxW[tt] ) pt->aMaxW[tt] = w;
    }
  }
  /* the bound is rounded up to the next float, so it never undercuts (the
  ** same as the largest of the rounded-up weights: both steps are monotone) */
  for(tt=t0; tt<pt->t1; tt++){
    p->aMax[tt] = nextafterf((float)pt->aMaxW[tt], INFINITY);
  }
  return 0;
}

/* The forward lists of the part's documents in term order, read from the
** postings (each list is in document order: the part's stretch of it is
** found by binary search). */
static void *layout_forward(void *pArg){
  LayoutPart *pt = (LayoutPart*)pArg;
  SimBuild *b = pt->b;
  const PapersSimIndex *p = b->p;
  int t;
  for(t=0; t<p->nTerm; t++){
    u32 j = p->aStart[t], e = p->aStart[t+1];
    if( pt->d0>0 ){
      u32 lo = j, hi = e;
      while( lo<hi ){
        u32 mid = lo + (hi-lo)/2;
        if( p->aPostDoc[mid]<pt->d0 ) lo = mid+1; else hi = mid;
      }
      j = lo;
    }
    for(; j<e && p->aPostDoc[j]<pt->d1; j++){
      u64 x = pt->aFwdFill[p->aPostDoc[j]]++;
      b->aFwdTerm[x] = (u32)t;
      b->aFwdTf[x] = p->aPostTf[j];
    }
  }
  return 0;
}

/* idf, document norms, postings and bounds from the forward lists, then
** the forward lists again in term order (over the old ones, which the
** index takes over), on nThread (1 or 2) threads. */
static int build_layout(SimBuild *b, int nThread){
  PapersSimIndex *p = b->p;
  LayoutPart a[2];
  int t, nPart = nThread>1 && p->nDoc>1 ? 2 : 1;
  u32 *aFill;
  u64 *aFwdFill;
  double *aMaxW;
  const double N = (double)p->nDoc;
  if( b->nFwd>UINT32_MAX ) return SQLITE_NOMEM;  /* list offsets are u32 */
  p->nPost = b->nFwd;
  p->aIdf = sqlite3_malloc64(sizeof(double)*(u64)(p->nTerm+1));
  p->aMax = sqlite3_malloc64(sizeof(float)*(u64)(p->nTerm+1));
  p->aStart = sqlite3_malloc64(sizeof(u32)*(u64)(p->nTerm+1));
  p->aInvNorm = sqlite3_malloc64(sizeof(double)*(u64)(p->nDoc+1));
  p->aPostDoc = sqlite3_malloc64(sizeof(u32)*(p->nPost+1));
  p->aPostTf = sqlite3_malloc64(sizeof(u16)*(p->nPost+1));
  p->aQf = sqlite3_malloc64(sizeof(double)*(u64)(p->nTerm+1));
  p->aAccum = sqlite3_malloc64(sizeof(float)*(u64)(p->nDoc+1));
  p->aTouched = sqlite3_malloc64(sizeof(u32)*(u64)(p->nDoc+1));
  aFill = sqlite3_malloc64(sizeof(u32)*(u64)(p->nTerm+1));
  aFwdFill = sqlite3_malloc64(sizeof(u64)*(u64)(p->nDoc+1));
  aMaxW = sqlite3_malloc64(sizeof(double)*(u64)(p->nTerm+1));
  if( !p->aIdf || !p->aMax || !p->aStart || !p->aInvNorm || !p->aPostDoc
   || !p->aPostTf || !p->aQf || !p->aAccum || !p->aTouched || !aFill
   || !aFwdFill || !aMaxW ){
    sqlite3_free(aFill);
    sqlite3_free(aFwdFill);
    sqlite3_free(aMaxW);
    return SQLITE_NOMEM;
  }
  memset(p->aQf, 0, sizeof(double)*(u64)(p->nTerm+1));
  memset(p->aAccum, 0, sizeof(float)*(u64)(p->nDoc+1));
  {
    u32 s = 0;
    for(t=0; t<p->nTerm; t++){
      p->aIdf[t] = log((1.0 + N)/(1.0 + (double)b->aDf[t])) + 1.0;
      aMaxW[t] = 0.0;
      p->aStart[t] = aFill[t] = s;
      s += b->aDf[t];
    }
    p->aStart[p->nTerm] = s;
  }
  memcpy(aFwdFill, b->aDocFwd, sizeof(u64)*(u64)(p->nDoc+1));
  memset(a, 0, sizeof(a));
  a[0].b = a[1].b = b;
  a[0].aFill = a[1].aFill = aFill;
  a[0].aFwdFill = a[1].aFwdFill = aFwdFill;
  a[0].aMaxW = a[1].aMaxW = aMaxW;
  a[0].d1 = a[1].d1 = (u32)p->nDoc;
  a[0].t1 = a[1].t1 = (u32)p->nTerm;
  if( nPart>1 ){
    /* documents halved; terms cut where half of the postings lie */
    u32 tMid = 0;
    while( tMid<(u32)p->nTerm && p->aStart[tMid] < p->nPost/2 ) tMid++;
    a[0].d1 = a[1].d0 = (u32)p->nDoc/2;
    a[0].t1 = a[1].t0 = tMid;
  }
  run_two(1, layout_norms, &a[0], nPart>1 ? &a[1] : 0);
  run_two(1, layout_postings, &a[0], nPart>1 ? &a[1] : 0);
  run_two(1, layout_forward, &a[0], nPart>1 ? &a[1] : 0);
  sqlite3_free(aFill);
  sqlite3_free(aFwdFill);
  sqlite3_free(aMaxW);
  p->aFwdStart = b->aDocFwd;  b->aDocFwd = 0;
  p->aFwdTerm = b->aFwdTerm;  b->aFwdTerm = 0;
  p->aFwdTf = b->aFwdTf;      b->aFwdTf = 0;
  return SQLITE_OK;
}

static void build_free(SimBuild *b){
  sqlite3_free(b->aDocId);
  sqlite3_free(b->aLastDoc);
  sqlite3_free(b->aFwdIdx);
  sqlite3_free(b->aDf);
  sqlite3_free(b->aFwdTerm);
  sqlite3_free(b->aFwdTf);
  sqlite3_free(b->aDocFwd);
}

/* A new, empty index (dictionary, documents, tokenizer) on files pFiles. */
static int index_new(PapersSimIndex **pp){
  PapersSimIndex *p;
  PapersTokOptions o;
  int rc, i;
  *pp = p = sqlite3_malloc64(sizeof(*p));
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  for(i=0; i<SIM_TFW_TABLE; i++) p->aTfw[i] = i ? 1.0 + log((double)i) : 0.0;
  memset(&o, 0, sizeof(o));
  o.stem = 1;
  o.stopwords = 1;
  rc = papers_tokenizer_new(&o, &p->pTok);
  if( rc==SQLITE_OK ) rc = slots_grow(p);
  return rc;
}

int papers_simindex_build(const PapersFileList *pFiles, int nThread,
                          int (*xBusy)(void*), void *pBusyArg,
                          PapersSimIndex **ppIdx, char **pzErr){
  return papers_simindex_build_ex(pFiles, nThread, xBusy, pBusyArg, 0, 0,
                                  ppIdx, pzErr);
}

int papers_simindex_build_ex(const PapersFileList *pFiles, int nThread,
                             int (*xBusy)(void*), void *pBusyArg,
                             PapersSimEntry **paEnt, sqlite3_int64 *pnEnt,
                             PapersSimIndex **ppIdx, char **pzErr){
  PapersSimIndex *p = 0, *q = 0;
  SimPart a, b2;
  atomic_int bStop;
  int rc, bThread = 0;
  pthread_t th;
  *ppIdx = 0;
  *pzErr = 0;
  if( paEnt ){ *paEnt = 0; *pnEnt = 0; }
  memset(&a, 0, sizeof(a));
  memset(&b2, 0, sizeof(b2));
  a.bEnt = b2.bEnt = paEnt!=0;
  atomic_init(&bStop, 0);
  rc = index_new(&p);
  if( rc==SQLITE_OK ) rc = copy_files(&p->files, pFiles);
  a.b.p = p;
  a.iEnd = pFiles->n;
  a.xBusy = xBusy;
  a.pBusyArg = pBusyArg;
  a.pStop = &bStop;
  if( rc==SQLITE_OK && nThread>1 && pFiles->n>=2 ){
    /* the second half of the files in a second part, on its own thread */
    rc = index_new(&q);
    if( rc==SQLITE_OK ){
      q->files = p->files;              /* borrowed: detached before freeing q */
      b2.b.p = q;
      b2.iFirst = a.iEnd = pFiles->n/2;
      b2.iEnd = pFiles->n;
      b2.bIds = 1;
      b2.pStop = &bStop;
      bThread = pthread_create(&th, 0, build_read_thread, &b2)==0;
    }
  }
  if( rc==SQLITE_OK ){
    rc = build_read(&a);
    if( rc!=SQLITE_OK ) atomic_store(&bStop, 1);
  }
  if( bThread ) pthread_join(th, 0);
  if( q && !bThread && rc==SQLITE_OK ) b2.rc = build_read(&b2);
  if( q && (rc==SQLITE_OK || (rc==SQLITE_INTERRUPT && b2.rc!=SQLITE_INTERRUPT
                              && b2.rc!=SQLITE_OK)) ){
    rc = b2.rc;                 /* not interrupted: stopped by b2's error */
  }
  if( q && rc==SQLITE_OK ) rc = build_merge(&a, &b2, nThread>1);
  if( rc==SQLITE_OK ) rc = build_layout(&a.b, nThread);
  if( rc==SQLITE_OK && b2.nEnt>0 ){
    /* the second part's entries follow the first's: path order */
    rc = realloc_array((void**)&a.aEnt, (u64)(a.nEnt + b2.nEnt), sizeof(PapersSimEntry));
    if( rc==SQLITE_OK ){
      memcpy(a.aEnt + a.nEnt, b2.aEnt, sizeof(PapersSimEntry)*(size_t)b2.nEnt);
      a.nEnt += b2.nEnt;
    }
  }
  sqlite3_free(b2.aEnt);
  if( rc==SQLITE_OK && paEnt ){
    *paEnt = a.aEnt;
    *pnEnt = a.nEnt;
  }else{
    sqlite3_free(a.aEnt);
  }
  /* the error of the earlier file wins */
  *pzErr = a.zErr ? a.zErr : b2.zErr;
  if( *pzErr==a.zErr ) sqlite3_free(b2.zErr); else sqlite3_free(a.zErr);
  if( q ){
    memset(&q->files, 0, sizeof(q->files));
    build_free(&b2.b);
    papers_u64set_free(&b2.ids);
    papers_simindex_free(q);
  }
  build_free(&a.b);
  papers_u64set_free(&a.ids);
  if( rc!=SQLITE_OK ){
    papers_simindex_free(p);
    return rc;
  }
  {
    sqlite3_mutex *m = builds_mutex();
    sqlite3_mutex_enter(m);
    nBuilds++;
    sqlite3_mutex_leave(m);
  }
  *ppIdx = p;
  return SQLITE_OK;
}

void papers_simindex_free(PapersSimIndex *p){
  int i;
  if( p==0 ) return;
  papers_tokenizer_free(p->pTok);
  for(i=0; p->files.a && i<p->files.n; i++){
    sqlite3_free(p->files.a[i].zPath);
    sqlite3_free(p->files.a[i].zRel);
    sqlite3_free(p->files.a[i].zProblem);
  }
  sqlite3_free(p->files.a);
  sqlite3_free(p->zArena);
  sqlite3_free(p->aTermOff);
  sqlite3_free(p->aTermLen);
  sqlite3_free(p->aTermHash);
  sqlite3_free(p->aSlot);
  sqlite3_free(p->aStart);
  sqlite3_free(p->aPostDoc);
  sqlite3_free(p->aPostTf);
  sqlite3_free(p->aIdf);
  sqlite3_free(p->aMax);
  sqlite3_free(p->aFwdStart);
  sqlite3_free(p->aFwdTerm);
  sqlite3_free(p->aFwdTf);
  sqlite3_free(p->aQf);
  sqlite3_free(p->aAccum);
  sqlite3_free(p->aTouched);
  sqlite3_free(p->aInvNorm);
  sqlite3_free(p->aDocFile);
  sqlite3_free(p->aDocPos);
  sqlite3_free(p->aDocLine);
  sqlite3_free(p->aDocOff);
  sqlite3_free(p);
}

int papers_simindex_stale(const PapersSimIndex *p, const PapersFileList *pFiles){
  int i;
  if( p->files.n!=pFiles->n ) return 1;
  for(i=0; i<pFiles->n; i++){
    const PapersFile *a = &p->files.a[i], *b = &pFiles->a[i];
    if( a->nSize!=b->nSize || a->iMtimeNs!=b->iMtimeNs || a->iInode!=b->iInode
     || strcmp(a->zPath, b->zPath)!=0 || (a->zProblem==0)!=(b->zProblem==0) ){
      return 1;
    }
    /* a file the build could not read is tried again: being let read (a
    ** chmod) changes neither its size nor its mtime */
    if( a->zProblem && !b->zProblem && papers_file_readable(b->zPath) ) return 1;
  }
  return 0;
}

const char *papers_simindex_problem(const PapersSimIndex *p, int *piFile){
  int i;
  for(i=0; i<p->files.n; i++){
    if( p->files.a[i].zProblem ){
      *piFile = i;
      return p->files.a[i].zProblem;
    }
  }
  return 0;
}

int papers_simindex_ndoc(const PapersSimIndex *p){ return p->nDoc; }

const char *papers_simindex_file_problem(const PapersSimIndex *p, int iFile){
  return p->files.a[iFile].zProblem;
}

/* ------------------------------------------------ read access and loading
** For the saved index (ext/similarity/simstore.c): what an index holds, and an index
** made again from what was saved, without reading or tokenising a file. */

int papers_simindex_nterm(const PapersSimIndex *p){ return p->nTerm; }

const char *papers_simindex_term(const PapersSimIndex *p, int t, int *pn){
  *pn = (int)p->aTermLen[t];
  return p->zArena + p->aTermOff[t];
}

void papers_simindex_postings(const PapersSimIndex *p, int t, const unsigned **paDoc,
                              const unsigned short **paTf, int *pn){
  *paDoc = p->aPostDoc + p->aStart[t];
  *paTf = p->aPostTf + p->aStart[t];
  *pn = (int)(p->aStart[t+1] - p->aStart[t]);
}

void papers_simindex_forward(const PapersSimIndex *p, int d, const unsigned **paTerm,
                             const unsigned short **paTf, int *pn){
  *paTerm = p->aFwdTerm + p->aFwdStart[d];
  *paTf = p->aFwdTf + p->aFwdStart[d];
  *pn = (int)(p->aFwdStart[d+1] - p->aFwdStart[d]);
}

void papers_simindex_doc(const PapersSimIndex *p, int d, int *piFile,
                         sqlite3_int64 *piOffset, int *piPosition, int *piLine,
                         double *pInvNorm){
  *piFile = p->aDocFile[d];
  *piOffset = p->aDocOff[d];
  *piPosition = p->aDocPos[d];
  *piLine = p->aDocLine[d];
  *pInvNorm = p->aInvNorm[d];
}

struct PapersSimLoad { SimBuild b; };

int papers_simindex_load_new(const PapersFileList *pFiles, PapersSimLoad **pp){
  PapersSimLoad *L = sqlite3_malloc64(sizeof(*L));
  int rc;
  *pp = L;
  if( L==0 ) return SQLITE_NOMEM;
  memset(L, 0, sizeof(*L));
  rc = index_new(&L->b.p);
  if( rc==SQLITE_OK ) rc = copy_files(&L->b.p->files, pFiles);
  if( rc==SQLITE_OK ) rc = docfwd_room(&L->b, 0);
  if( rc==SQLITE_OK ) L->b.aDocFwd[0] = 0;
  return rc;
}

int papers_simindex_load_term(PapersSimLoad *L, const char *z, int n){
  u32 h = term_hash(z, n);
  int t;
  if( n<=0 || term_find(L->b.p, z, n, h)>=0 ) return SQLITE_CORRUPT;
  return term_add(&L->b, z, n, h, &t);
}

int papers_simindex_load_doc(PapersSimLoad *L, int iFile, sqlite3_int64 iOffset,
                             int iPosition, int iLine, const unsigned *aTerm,
                             const unsigned short *aTf, int n){
  SimBuild *b = &L->b;
  PapersSimIndex *p = b->p;
  int i, rc;
  if( iFile<0 || iFile>=p->files.n ) return SQLITE_CORRUPT;
  for(i=0; i<n; i++){
    /* distinct known terms, tf at least 1 */
    if( aTerm[i]>=(u32)p->nTerm || aTf[i]==0 || b->aLastDoc[aTerm[i]]==p->nDoc ){
      return SQLITE_CORRUPT;
    }
    b->aLastDoc[aTerm[i]] = p->nDoc;
  }
  rc = doc_add(p, iFile, iOffset, iPosition, iLine);
  if( rc==SQLITE_OK ) rc = docfwd_room(b, 0);
  if( rc==SQLITE_OK ) rc = fwd_reserve(b, b->nFwd + (u64)n + 1);
  if( rc!=SQLITE_OK ) return rc;
  for(i=0; i<n; i++){
    b->aFwdTerm[b->nFwd] = aTerm[i];
    b->aFwdTf[b->nFwd] = aTf[i];
    b->aDf[aTerm[i]]++;
    b->nFwd++;
  }
  b->aDocFwd[p->nDoc] = b->nFwd;
  return SQLITE_OK;
}

int papers_simindex_load_finish(PapersSimLoad *L, int nThread, PapersSimIndex **pp){
  int rc = build_layout(&L->b, nThread);
  *pp = 0;
  if( rc==SQLITE_OK ){
    *pp = L->b.p;
    L->b.p = 0;
  }
  return rc;
}

void papers_simindex_load_free(PapersSimLoad *L){
  if( L==0 ) return;
  build_free(&L->b);
  papers_simindex_free(L->b.p);
  sqlite3_free(L);
}

sqlite3_int64 papers_simindex_bytes(const PapersSimIndex *p){
  sqlite3_int64 n = sizeof(*p);
  n += (sqlite3_int64)p->nArenaAlloc;
  n += (sqlite3_int64)p->nTermAlloc * 3 * sizeof(u32);
  n += (sqlite3_int64)p->nSlot * sizeof(u32);
  n += (sqlite3_int64)(p->nTerm+1) * (sizeof(u32)+sizeof(double)+sizeof(float));
  n += (sqlite3_int64)(p->nPost+1) * (sizeof(u32)+sizeof(u16)) * 2;
  n += (sqlite3_int64)(p->nDoc+1) * sizeof(u64);
  n += (sqlite3_int64)(p->nTerm+1) * sizeof(double);
  n += (sqlite3_int64)(p->nDoc+1) * (sizeof(float)+sizeof(u32));
  n += (sqlite3_int64)p->nDocAlloc * (3*sizeof(int) + sizeof(sqlite3_int64));
  n += (sqlite3_int64)(p->nDoc+1) * sizeof(double);
  return n;
}

sqlite3_int64 papers_simindex_builds(void){
  sqlite3_int64 n;
  sqlite3_mutex *m = builds_mutex();
  sqlite3_mutex_enter(m);
  n = nBuilds;
  sqlite3_mutex_leave(m);
  return n;
}

/* ---------------------------------------------------------------- query */

/* The query's terms (known to the dictionary), as found in its text. */
typedef struct QueryTok QueryTok;
struct QueryTok { PapersSimIndex *p; u32 *a; int n, nAlloc; };

static int query_token(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  QueryTok *q = (QueryTok*)pCtx;
  int t = term_find(q->p, zTok, nTok, term_hash(zTok, nTok));
  (void)iPos; (void)iStart; (void)iEnd;
  if( t<0 ) return SQLITE_OK;
  if( papers_grow(&q->a, &q->nAlloc, q->n+1, sizeof(u32), 64) ) return SQLITE_NOMEM;
  q->a[q->n++] = (u32)t;
  return SQLITE_OK;
}

static int u32_cmp(const void *a, const void *b){
  u32 x = *(const u32*)a, y = *(const u32*)b;
  return x<y ? -1 : x>y;
}

/* One query term during MaxScore. */
typedef struct QTerm QTerm;
struct QTerm {
  const u32 *aDoc;  const u16 *aTf;
  u32 n;                    /* list length */
  double f;                 /* qw(t) * idf(t) */
  double ub;                /* f * aMax[t] */
  double q;                 /* qw(t): the unit query vector's component */
  u32 t;                    /* term number */
};

static int qterm_cmp(const void *a, const void *b){
  const QTerm *x = (const QTerm*)a, *y = (const QTerm*)b;
  return x->ub<y->ub ? -1 : x->ub>y->ub;
}

/* Is document d accepted? aAcc caches the answer per file (-1: unknown). */
static int doc_accepted(const PapersSimIndex *p, signed char *aAcc, u32 d,
                        int (*xAccept)(void*, int), void *pArg){
  int f = p->aDocFile[d];
  if( xAccept==0 ) return 1;
  if( aAcc[f]<0 ) aAcc[f] = xAccept(pArg, f) ? 1 : 0;
  return aAcc[f];
}

/* The top-k heap: a min-heap on (score, then later document is worse). */
static int hit_worse(const PapersSimHit *a, const PapersSimHit *b){
  return a->score<b->score || (a->score==b->score && a->iDoc>b->iDoc);
}

static void heap_down(PapersSimHit *h, int n, int i){
  for(;;){
    int l = 2*i+1, r = l+1, m = i;
    PapersSimHit tmp;
    if( l<n && hit_worse(&h[l], &h[m]) ) m = l;
    if( r<n && hit_worse(&h[r], &h[m]) ) m = r;
    if( m==i ) return;
    tmp = h[i]; h[i] = h[m]; h[m] = tmp;
    i = m;
  }
}

static void heap_up(PapersSimHit *h, int i){
  while( i>0 ){
    int parent = (i-1)/2;
    PapersSimHit tmp;
    if( !hit_worse(&h[i], &h[parent]) ) return;
    tmp = h[i]; h[i] = h[parent]; h[parent] = tmp;
    i = parent;
  }
}

static int hit_order(const void *a, const void *b){
  const PapersSimHit *x = (const PapersSimHit*)a, *y = (const PapersSimHit*)b;
  if( x->score!=y->score ) return x->score>y->score ? -1 : 1;
  return x->iDoc<y->iDoc ? -1 : x->iDoc>y->iDoc;
}

/* Insert (d, score) into the top-k heap aHit of *pnHit entries. */
static void heap_offer(PapersSimHit *aHit, int *pnHit, int k, u32 d, double score){
  if( *pnHit<k ){
    aHit[*pnHit].iDoc = (int)d;
    aHit[*pnHit].score = score;
    heap_up(aHit, (*pnHit)++);
  }else if( score>aHit[0].score ){
    aHit[0].iDoc = (int)d;
    aHit[0].score = score;
    heap_down(aHit, *pnHit, 0);
  }
}

/* The exact score of document d: its forward list against p->aQf (the
** query's f(t), set for the query), summed in increasing term order, the
** order in which score_all() adds the lists, so the two agree to the bit. */
static double rescore(const PapersSimIndex *p, u32 d){
  const double *aQf = p->aQf;
  const u16 *aTf = p->aFwdTf;
  const u32 *aTerm = p->aFwdTerm;
  double acc = 0.0, s;
  u64 x, e = p->aFwdStart[d+1];
  for(x=p->aFwdStart[d]; x<e; x++){
    double f = aQf[aTerm[x]];
    if( f!=0.0 ) acc += f * tfw(p, aTf[x]);
  }
  s = acc * p->aInvNorm[d];
  return papers_sim_round(s);
}

/* aRest[i]: the bound of the lists 0..i (sorted by ub). A document gets
** at most the sum of their upper bounds from them, and at most |q_N|, the
** length of the query restricted to those terms (the document vector has
** unit length: Cauchy-Schwarz). Both are prefix sums; the smaller is taken,
** raised a little so that rounding never makes it undercut. */
static void rest_bounds(const QTerm *aQ, int m, double *aRest){
  double sum = 0.0, norm2 = 0.0;
  int i;
  for(i=0; i<m; i++){
    double b;
    sum += aQ[i].ub;
    norm2 += aQ[i].q*aQ[i].q;
    b = sqrt(norm2)<sum ? sqrt(norm2) : sum;
    aRest[i] = b*(1.0+1e-9) + 1e-12;
  }
}

/* MaxScore top-k into aHit (room for k); returns the number found, or -1
** when out of memory. Partial scores are summed in float in p->aAccum (one
** slot per document, zero between queries), half the memory traffic of
** double; a float sum of n terms is within n*2^-24 of the exact partial
** score (relative), so every bound taken from it is raised by (m+2)*2^-23,
** and every score that decides the result comes from rescore() (double,
** exact).
** 1. Seed: the lists with the highest bounds (the rarest terms, short
**    lists) are added into the accumulator until SIM_SEED_DOCS documents
**    have been touched; the k+SIM_SEED_CAND accepted documents with the
**    best partial scores are scored exactly, and the k-th best of those is
**    theta, a lower bound of the final k-th score.
** 2. Split: the lists 0..j with the lowest bounds are non-essential while
**    aRest[j] < theta/SIM_SPLIT: a document in none of the other lists
**    cannot reach the top k. (Stopping at aRest[j] < theta would read
**    fewer lists but leave almost every document a candidate, each costing
**    an exact score; on the 100,000-paper corpus the time is lowest near a
**    fifth of theta.) The other (essential) lists are added into the
**    accumulator, term at a time.
** 3. Each accumulated, accepted document whose partial score plus aRest[j]
**    can still reach the k-th best so far is scored exactly from its
**    forward list; the non-essential lists are never read. */
#define SIM_SEED_DOCS 2000
#define SIM_SEED_CAND 30
#define SIM_SPLIT     5.0
static int maxscore(PapersSimIndex *p, QTerm *aQ, int m, int k,
                    signed char *aAcc, int (*xAccept)(void*, int), void *pArg,
                    double *aRest, PapersSimHit *aHit){
  float *aAccum = p->aAccum;
  u32 *aTouched = p->aTouched;
  const double *aInv = p->aInvNorm;
  const double up = 1.0 + (double)(m+2) / 8388608.0;   /* (m+2)*2^-23 */
  float aW[SIM_TFW_TABLE];
  int nHit = 0, j, x, nTouched = 0;
  double theta = -1.0;
  u32 d;
  qsort(aQ, m, sizeof(QTerm), qterm_cmp);
  rest_bounds(aQ, m, aRest);
  /* 1. seed theta */
  for(j=m-1; j>=0 && nTouched<SIM_SEED_DOCS; j--){
    const QTerm *q = &aQ[j];
    for(x=0; x<(int)q->n; x++){
      u32 dd = q->aDoc[x];
      if( aAccum[dd]==0.0f ) aTouched[nTouched++] = dd;
      aAccum[dd] += (float)(q->f * tfw(p, q->aTf[x]));
    }
  }
  if( j>=0 ){
    int n = 0, nWant = k + SIM_SEED_CAND;
    PapersSimHit *aCand = sqlite3_malloc64(sizeof(PapersSimHit)*(u64)nWant);
    if( aCand==0 ) return -1;
    for(x=0; x<nTouched; x++){
      d = aTouched[x];
      if( !doc_accepted(p, aAcc, d, xAccept, pArg) ) continue;
      heap_offer(aCand, &n, nWant, d, aAccum[d]*aInv[d]);
    }
    for(x=0; x<n; x++){
      heap_offer(aHit, &nHit, k, (u32)aCand[x].iDoc, rescore(p, (u32)aCand[x].iDoc));
    }
    if( nHit==k ) theta = aHit[0].score;
    nHit = 0;
    sqlite3_free(aCand);
  }
  /* 2. the essential lists not added yet */
  for(; j>=0; j--){
    const QTerm *q = &aQ[j];
    const u32 *aDoc = q->aDoc;
    const u16 *aTf = q->aTf;
    u32 n = q->n, y;
    int t;
    if( theta>=0.0 && aRest[j]*SIM_SPLIT<theta ) break;
    for(t=0; t<SIM_TFW_TABLE; t++) aW[t] = (float)(q->f * p->aTfw[t]);
    for(y=0; y<n; y++){
      u16 tf = aTf[y];
      aAccum[aDoc[y]] += tf<SIM_TFW_TABLE ? aW[tf] : (float)(q->f * tfw(p, tf));
    }
  }
  /* 3. score exactly the candidates that can still reach the top k */
  {
    const double restAll = j>=0 ? aRest[j] : 0.0;
    double cut = theta;                 /* max(theta, k-th best so far) */
    for(d=0; d<(u32)p->nDoc; d++){
      double bound;
      if( aAccum[d]==0.0f ) continue;
      bound = (double)aAccum[d]*aInv[d]*up + restAll + PAPERS_SIM_GRID;
      if( bound<cut || (nHit==k && bound<=aHit[0].score) ) continue;
      if( !doc_accepted(p, aAcc, d, xAccept, pArg) ) continue;
      heap_offer(aHit, &nHit, k, d, rescore(p, d));
      if( nHit==k && aHit[0].score>cut ) cut = aHit[0].score;
    }
  }
  return nHit;
}

/* Every accepted document, scored term at a time; returns how many. */
static int score_all(const PapersSimIndex *p, QTerm *aQ, int m,
                     signed char *aAcc, int (*xAccept)(void*, int), void *pArg,
                     double *aAccum, PapersSimHit *aHit){
  int i, d, nHit = 0;
  for(i=0; i<m; i++){
    u32 j;
    for(j=0; j<aQ[i].n; j++){
      aAccum[aQ[i].aDoc[j]] += aQ[i].f * tfw(p, aQ[i].aTf[j]);
    }
  }
  for(d=0; d<p->nDoc; d++){
    double s;
    if( !doc_accepted(p, aAcc, (u32)d, xAccept, pArg) ) continue;
    s = aAccum[d] * p->aInvNorm[d];
    aHit[nHit].iDoc = d;
    aHit[nHit].score = papers_sim_round(s);
    nHit++;
  }
  return nHit;
}

int papers_simindex_query(PapersSimIndex *p, const char *zQuery, int nQuery,
                          int k, int (*xAccept)(void*, int iFile), void *pArg,
                          PapersSimHit **paHit, int *pnHit){
  QueryTok qt;
  QTerm *aQ = 0;
  double *aScratch = 0;
  signed char *aAcc = 0;
  PapersSimHit *aHit = 0;
  int rc, m = 0, i, nHit = 0;
  const int bAll = k<0 || k>=p->nDoc;
  double n2 = 0.0;

  *paHit = 0;
  *pnHit = 0;
  if( bAll ) k = p->nDoc;
  if( k==0 ) return SQLITE_OK;
  memset(&qt, 0, sizeof(qt));
  qt.p = p;
  rc = papers_tokenizer_run(p->pTok, zQuery, nQuery, &qt, query_token);
  if( rc!=SQLITE_OK ) goto done;

  /* distinct query terms with their tf, then unit-length weights */
  if( qt.n>0 ) qsort(qt.a, qt.n, sizeof(u32), u32_cmp);
  aQ = sqlite3_malloc64(sizeof(QTerm)*(u64)(qt.n+1));
  aAcc = sqlite3_malloc64(p->files.n+1);
  aHit = sqlite3_malloc64(sizeof(PapersSimHit)*(u64)k);
  aScratch = sqlite3_malloc64(sizeof(double)*(u64)(bAll ? p->nDoc+1 : qt.n+1));
  if( aQ==0 || aAcc==0 || aHit==0 || aScratch==0 ){
    rc = SQLITE_NOMEM;
    goto done;
  }
  memset(aAcc, 0xff, p->files.n+1);
  for(i=0; i<qt.n; ){
    u32 t = qt.a[i], tf = 0;
    double w;
    while( i<qt.n && qt.a[i]==t ){ tf++; i++; }
    w = tfw(p, tf) * p->aIdf[t];
    n2 += w*w;
    aQ[m].aDoc = p->aPostDoc + p->aStart[t];
    aQ[m].aTf = p->aPostTf + p->aStart[t];
    aQ[m].n = p->aStart[t+1] - p->aStart[t];
    aQ[m].f = w * p->aIdf[t];             /* divided by |q| below */
    aQ[m].ub = (double)p->aMax[t];        /* times f below */
    aQ[m].t = t;
    m++;
  }
  if( m>0 ){
    double inv = 1.0/sqrt(n2);
    for(i=0; i<m; i++){
      aQ[i].f *= inv;
      aQ[i].ub *= aQ[i].f;
      aQ[i].q = aQ[i].f / p->aIdf[aQ[i].t];
      p->aQf[aQ[i].t] = aQ[i].f;
    }
  }
  if( bAll ){
    memset(aScratch, 0, sizeof(double)*(u64)(p->nDoc+1));
    nHit = score_all(p, aQ, m, aAcc, xAccept, pArg, aScratch, aHit);
  }else{
    nHit = maxscore(p, aQ, m, k, aAcc, xAccept, pArg, aScratch, aHit);
    memset(p->aAccum, 0, sizeof(float)*(u64)p->nDoc);
    if( nHit<0 ){ nHit = 0; rc = SQLITE_NOMEM; goto done; }
    if( nHit<k ){
      /* fill up with accepted documents of score 0, in document order */
      int nScored = nHit, d;
      unsigned char *aSeen = sqlite3_malloc64((u64)p->nDoc/8 + 1);
      if( aSeen==0 ){ rc = SQLITE_NOMEM; goto done; }
      memset(aSeen, 0, (u64)p->nDoc/8 + 1);
      for(i=0; i<nScored; i++) aSeen[aHit[i].iDoc/8] |= 1<<(aHit[i].iDoc%8);
      for(d=0; d<p->nDoc && nHit<k; d++){
        if( aSeen[d/8] & (1<<(d%8)) ) continue;
        if( !doc_accepted(p, aAcc, (u32)d, xAccept, pArg) ) continue;
        aHit[nHit].iDoc = d;
        aHit[nHit].score = 0.0;
        nHit++;
      }
      sqlite3_free(aSeen);
    }
  }
  qsort(aHit, nHit, sizeof(PapersSimHit), hit_order);
  for(i=0; i<nHit; i++){
    int d = aHit[i].iDoc;
    aHit[i].iFile = p->aDocFile[d];
    aHit[i].iOffset = p->aDocOff[d];
    aHit[i].iPosition = p->aDocPos[d];
    aHit[i].iLine = p->aDocLine[d];
    aHit[i].pid = 0;
    aHit[i].bPid = 0;
  }
done:
  for(i=0; i<m; i++) p->aQf[aQ[i].t] = 0.0;
  sqlite3_free(qt.a);
  sqlite3_free(aQ);
  sqlite3_free(aScratch);
  sqlite3_free(aAcc);
  if( rc!=SQLITE_OK || nHit==0 ){
    sqlite3_free(aHit);
    return rc;
  }
  *paHit = aHit;
  *pnHit = nHit;
  return SQLITE_OK;
}

/* similarity_builds(): papers_simindex_builds() for tests. */
static void builds_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  (void)argc; (void)argv;
  sqlite3_result_int64(ctx, papers_simindex_builds());
}

int papers_register_simindex(sqlite3 *db){
  /* Not deterministic (the count changes); reveals nothing but a count. */
  return sqlite3_create_function(db, "similarity_builds", 0,
                                 SQLITE_UTF8|SQLITE_INNOCUOUS, 0,
                                 builds_func, 0, 0);
}
