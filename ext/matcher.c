/*
** matcher.c: Aho-Corasick over token ids (include/matcher.h). Adds no SQL.
**
** Data structures, all flat arrays:
**   - an intern table: token string -> id (open addressing, FNV-1a);
**   - trie edges in one open-addressing hash table keyed by (node, token),
**     plus a per-node list of children used only while building;
**   - per node: failure link, the first pattern ending there, and the
**     nearest node on the failure chain that has patterns (dictionary link),
**     so reporting walks only nodes with output.
** A token of the text that is not in any phrase resets the automaton to
** the root at once (its id lookup fails).
*/
#include "papers.h"
#include "matcher.h"
SQLITE_EXTENSION_INIT3

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Pattern Pattern;
struct Pattern {
  int iTag, iPhrase;     /* offsets of NUL-terminated strings in zPool */
  int nTok;              /* tokens in the phrase */
  int iNext;             /* next pattern ending at the same node, or -1 */
  int iTagId;            /* same for every pattern of a tag */
};

typedef struct Node Node;
struct Node {
  int iFail;             /* failure link */
  int iDict;             /* nearest node on the failure chain with output, or -1 */
  int iOut;              /* first pattern ending here, or -1 */
  int iChild;            /* first child (build time list), or -1 */
  int iSibling;          /* next sibling, or -1 */
  int iTok;              /* token on the edge into this node */
  int iDepth;
};

struct PapersMatcher {
  char *zPool;  int nPool, nPoolAlloc;      /* strings */
  /* intern table: slot -> offset of the token string in zPool (-1: empty),
  ** its length and its id */
  int *aInternOff;  int *aInternLen;  int *aInternId;  int nIntern, nInternSlot;
  Pattern *aPat;  int nPat, nPatAlloc;
  Node *aNode;  int nNode, nNodeAlloc;
  /* edges: key = node*2^32 + token, value = child; 0 key means empty
  ** (node 0 is the root and token ids start at 1, so no real key is 0) */
  uint64_t *aEdgeKey;  int *aEdgeVal;  int nEdge, nEdgeSlot;
  int nMaxTok;                               /* longest phrase in tokens */
  unsigned char aFilter[8192];               /* first two bytes of stems */
  int nTag;                                  /* distinct tags */
};

static uint32_t fnv(const char *z, int n){
  uint32_t h = 2166136261u;
  int i;
  for(i=0; i<n; i++) h = (h ^ (unsigned char)z[i]) * 16777619u;
  return h;
}

static uint64_t mix64(uint64_t k){
  k ^= k >> 33;  k *= 0xff51afd7ed558ccdULL;  k ^= k >> 33;
  return k;
}

int papers_matcher_new(PapersMatcher **pp){
  PapersMatcher *p = sqlite3_malloc64(sizeof(*p));
  *pp = 0;
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  p->aNode = sqlite3_malloc64(sizeof(Node)*16);
  if( p->aNode==0 ){ sqlite3_free(p); return SQLITE_NOMEM; }
  p->nNodeAlloc = 16;
  p->nNode = 1;
  memset(&p->aNode[0], 0, sizeof(Node));
  p->aNode[0].iOut = p->aNode[0].iChild = p->aNode[0].iSibling = p->aNode[0].iDict = -1;
  *pp = p;
  return SQLITE_OK;
}

void papers_matcher_free(PapersMatcher *p){
  if( p==0 ) return;
  sqlite3_free(p->zPool);
  sqlite3_free(p->aInternOff);
  sqlite3_free(p->aInternLen);
  sqlite3_free(p->aInternId);
  sqlite3_free(p->aPat);
  sqlite3_free(p->aNode);
  sqlite3_free(p->aEdgeKey);
  sqlite3_free(p->aEdgeVal);
  sqlite3_free(p);
}

/* Append z[0..n) and a NUL to the pool; its offset, or -1 on OOM. */
static int pool_add(PapersMatcher *p, const char *z, int n){
  int iOff;
  if( p->nPool + n + 1 > p->nPoolAlloc ){
    int nNew = (p->nPoolAlloc + n + 1)*2;
    char *zNew = sqlite3_realloc64(p->zPool, nNew);
    if( zNew==0 ) return -1;
    p->zPool = zNew;
    p->nPoolAlloc = nNew;
  }
  iOff = p->nPool;
  memcpy(p->zPool + iOff, z, n);
  p->zPool[iOff+n] = 0;
  p->nPool += n + 1;
  return iOff;
}

/* Id (1-based) of token z[0..n); 0 when absent (and not bAdd); -1 on OOM. */
static int intern(PapersMatcher *p, const char *z, int n, int bAdd){
  uint32_t h;
  int i;
  if( bAdd && (p->nIntern+1)*2 > p->nInternSlot ){
    int nNew = p->nInternSlot ? p->nInternSlot*2 : 256, j;
    int *aOff = sqlite3_malloc64(sizeof(int)*nNew);
    int *aLen = sqlite3_malloc64(sizeof(int)*nNew);
    int *aId = sqlite3_malloc64(sizeof(int)*nNew);
    if( aOff==0 || aLen==0 || aId==0 ){
      sqlite3_free(aOff); sqlite3_free(aLen); sqlite3_free(aId);
      return -1;
    }
    for(j=0; j<nNew; j++) aOff[j] = -1;
    for(j=0; j<p->nInternSlot; j++){
      if( p->aInternOff[j]>=0 ){
        int k = (int)(fnv(p->zPool + p->aInternOff[j], p->aInternLen[j]) & (uint32_t)(nNew-1));
        while( aOff[k]>=0 ) k = (k+1) & (nNew-1);
        aOff[k] = p->aInternOff[j];
        aLen[k] = p->aInternLen[j];
        aId[k] = p->aInternId[j];
      }
    }
    sqlite3_free(p->aInternOff);
    sqlite3_free(p->aInternLen);
    sqlite3_free(p->aInternId);
    p->aInternOff = aOff;
    p->aInternLen = aLen;
    p->aInternId = aId;
    p->nInternSlot = nNew;
  }
  if( p->nInternSlot==0 ) return 0;
  h = fnv(z, n);
  i = (int)(h & (uint32_t)(p->nInternSlot-1));
  while( p->aInternOff[i]>=0 ){
    if( p->aInternLen[i]==n && memcmp(p->zPool + p->aInternOff[i], z, n)==0 ){
      return p->aInternId[i];
    }
    i = (i+1) & (p->nInternSlot-1);
  }
  if( !bAdd ) return 0;
  {
    int iOff = pool_add(p, z, n);
    if( iOff<0 ) return -1;
    p->aInternOff[i] = iOff;
    p->aInternLen[i] = n;
    p->aInternId[i] = ++p->nIntern;
    return p->nIntern;
  }
}

/* Edge table: child of node for token, or 0 (the root is never a child). */
static int edge_get(const PapersMatcher *p, int iNode, int iTok){
  uint64_t key = ((uint64_t)(uint32_t)iNode << 32) | (uint32_t)iTok;
  int i;
  if( p->nEdgeSlot==0 ) return 0;
  i = (int)(mix64(key) & (uint64_t)(p->nEdgeSlot-1));
  while( p->aEdgeKey[i] ){
    if( p->aEdgeKey[i]==key ) return p->aEdgeVal[i];
    i = (i+1) & (p->nEdgeSlot-1);
  }
  return 0;
}

static int edge_put(PapersMatcher *p, int iNode, int iTok, int iChild){
  uint64_t key = ((uint64_t)(uint32_t)iNode << 32) | (uint32_t)iTok;
  int i;
  if( (p->nEdge+1)*2 > p->nEdgeSlot ){
    int nNew = p->nEdgeSlot ? p->nEdgeSlot*2 : 256, j;
    uint64_t *aKey = sqlite3_malloc64(sizeof(uint64_t)*nNew);
    int *aVal = sqlite3_malloc64(sizeof(int)*nNew);
    if( aKey==0 || aVal==0 ){ sqlite3_free(aKey); sqlite3_free(aVal); return SQLITE_NOMEM; }
    memset(aKey, 0, sizeof(uint64_t)*nNew);
    for(j=0; j<p->nEdgeSlot; j++){
      if( p->aEdgeKey[j] ){
        int k = (int)(mix64(p->aEdgeKey[j]) & (uint64_t)(nNew-1));
        while( aKey[k] ) k = (k+1) & (nNew-1);
        aKey[k] = p->aEdgeKey[j];
        aVal[k] = p->aEdgeVal[j];
      }
    }
    sqlite3_free(p->aEdgeKey);
    sqlite3_free(p->aEdgeVal);
    p->aEdgeKey = aKey;
    p->aEdgeVal = aVal;
    p->nEdgeSlot = nNew;
  }
  i = (int)(mix64(key) & (uint64_t)(p->nEdgeSlot-1));
  while( p->aEdgeKey[i] ) i = (i+1) & (p->nEdgeSlot-1);
  p->aEdgeKey[i] = key;
  p->aEdgeVal[i] = iChild;
  p->nEdge++;
  return SQLITE_OK;
}

/* Token ids of a phrase, collected by papers_matcher_add. */
typedef struct AddCtx AddCtx;
struct AddCtx { PapersMatcher *p; int *aTok; int nTok, nAlloc; int rc; };

static int add_token(void *pCtx, const char *zTok, int nTok, int iPos,
                     int iStart, int iEnd){
  AddCtx *a = (AddCtx*)pCtx;
  int id;
  (void)iPos; (void)iStart; (void)iEnd;
  id = intern(a->p, zTok, nTok, 1);
  if( id<0 ) return SQLITE_NOMEM;
  if( a->nTok>=a->nAlloc ){
    int nNew = a->nAlloc ? a->nAlloc*2 : 8;
    int *aNew = sqlite3_realloc64(a->aTok, sizeof(int)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    a->aTok = aNew;
    a->nAlloc = nNew;
  }
  a->aTok[a->nTok++] = id;
  return SQLITE_OK;
}

int papers_matcher_add(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *zTag, const char *zPhrase){
  AddCtx a;
  int rc, i, iNode = 0;
  Pattern *pPat;
  memset(&a, 0, sizeof(a));
  a.p = p;
  rc = papers_tokenizer_run(pTok, zPhrase, (int)strlen(zPhrase), &a, add_token);
  if( rc==SQLITE_OK && a.nTok==0 ) rc = SQLITE_EMPTY;
  if( rc==SQLITE_OK && p->nPat>=p->nPatAlloc ){
    int nNew = p->nPatAlloc ? p->nPatAlloc*2 : 64;
    Pattern *aNew = sqlite3_realloc64(p->aPat, sizeof(Pattern)*nNew);
    if( aNew==0 ) rc = SQLITE_NOMEM;
    else{ p->aPat = aNew; p->nPatAlloc = nNew; }
  }
  for(i=0; rc==SQLITE_OK && i<a.nTok; i++){
    int iChild = edge_get(p, iNode, a.aTok[i]);
    if( iChild==0 ){
      Node *pNew;
      if( p->nNode>=p->nNodeAlloc ){
        int nNew = p->nNodeAlloc*2;
        Node *aNew = sqlite3_realloc64(p->aNode, sizeof(Node)*nNew);
        if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
        p->aNode = aNew;
        p->nNodeAlloc = nNew;
      }
      iChild = p->nNode;
      rc = edge_put(p, iNode, a.aTok[i], iChild);
      if( rc ) break;
      p->nNode++;
      pNew = &p->aNode[iChild];
      pNew->iFail = 0;  pNew->iDict = -1;  pNew->iOut = -1;  pNew->iChild = -1;
      pNew->iTok = a.aTok[i];
      pNew->iDepth = p->aNode[iNode].iDepth + 1;
      pNew->iSibling = p->aNode[iNode].iChild;
      p->aNode[iNode].iChild = iChild;
    }
    iNode = iChild;
  }
  if( rc==SQLITE_OK ){
    int iTag = pool_add(p, zTag, (int)strlen(zTag));
    int iPhrase = iTag<0 ? -1 : pool_add(p, zPhrase, (int)strlen(zPhrase));
    if( iPhrase<0 ){
      rc = SQLITE_NOMEM;
    }else{
      int k;
      pPat = &p->aPat[p->nPat];
      pPat->iTagId = p->nTag;
      for(k=0; k<p->nPat; k++){
        if( strcmp(p->zPool + p->aPat[k].iTag, zTag)==0 ){
          pPat->iTagId = p->aPat[k].iTagId;
          break;
        }
      }
      if( pPat->iTagId==p->nTag ) p->nTag++;
      pPat->iTag = iTag;
      pPat->iPhrase = iPhrase;
      pPat->nTok = a.nTok;
      pPat->iNext = p->aNode[iNode].iOut;
      p->aNode[iNode].iOut = p->nPat++;
      if( a.nTok>p->nMaxTok ) p->nMaxTok = a.nTok;
    }
  }
  sqlite3_free(a.aTok);
  return rc;
}

int papers_matcher_build(PapersMatcher *p){
  /* Breadth-first: a node's failure link is set before its children's. */
  int *aQueue = sqlite3_malloc64(sizeof(int)*(p->nNode+1));
  int iHead = 0, iTail = 0, c, i;
  if( aQueue==0 ) return SQLITE_NOMEM;
  memset(p->aFilter, 0, sizeof(p->aFilter));
  for(i=0; i<p->nInternSlot; i++){
    if( p->aInternOff[i]>=0 && p->aInternLen[i]>=2 ){
      const unsigned char *z = (const unsigned char*)p->zPool + p->aInternOff[i];
      unsigned b = z[0]<<8 | z[1];
      p->aFilter[b>>3] |= (unsigned char)(1<<(b&7));
    }
  }
  for(c=p->aNode[0].iChild; c>=0; c=p->aNode[c].iSibling){
    p->aNode[c].iFail = 0;
    p->aNode[c].iDict = -1;
    aQueue[iTail++] = c;
  }
  while( iHead<iTail ){
    int u = aQueue[iHead++];
    for(c=p->aNode[u].iChild; c>=0; c=p->aNode[c].iSibling){
      int f = p->aNode[u].iFail, t = p->aNode[c].iTok, g;
      while( f && edge_get(p, f, t)==0 ) f = p->aNode[f].iFail;
      g = edge_get(p, f, t);
      p->aNode[c].iFail = g && g!=c ? g : 0;
      g = p->aNode[c].iFail;
      p->aNode[c].iDict = p->aNode[g].iOut>=0 ? g : p->aNode[g].iDict;
      aQueue[iTail++] = c;
    }
  }
  sqlite3_free(aQueue);
  return SQLITE_OK;
}

int papers_matcher_count(const PapersMatcher *p){ return p->nPat; }
int papers_matcher_tag_id(const PapersMatcher *p, int i){ return p->aPat[i].iTagId; }
int papers_matcher_ntags(const PapersMatcher *p){ return p->nTag; }
const unsigned char *papers_matcher_stem_filter(const PapersMatcher *p){
  return p->aFilter;
}
const char *papers_matcher_tag(const PapersMatcher *p, int i){
  return p->zPool + p->aPat[i].iTag;
}
const char *papers_matcher_phrase(const PapersMatcher *p, int i){
  return p->zPool + p->aPat[i].iPhrase;
}

/* State of one run over a text. */
typedef struct RunCtx RunCtx;
struct RunCtx {
  const PapersMatcher *p;
  int iState;
  int nSeen;                 /* tokens seen */
  int *aStart;               /* ring of the last nMaxTok token starts */
  PapersMatch *aMatch;  int nMatch, nAlloc;
};

static int add_match(RunCtx *r, int iPat, int iEnd){
  const Pattern *pat = &r->p->aPat[iPat];
  PapersMatch *m;
  if( r->nMatch>=r->nAlloc ){
    int nNew = r->nAlloc ? r->nAlloc*2 : 16;
    PapersMatch *aNew = sqlite3_realloc64(r->aMatch, sizeof(PapersMatch)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    r->aMatch = aNew;
    r->nAlloc = nNew;
  }
  m = &r->aMatch[r->nMatch++];
  m->iPattern = iPat;
  m->iStart = r->aStart[(r->nSeen - pat->nTok) % r->p->nMaxTok];
  m->iEnd = iEnd;
  return SQLITE_OK;
}

static int run_token(void *pCtx, const char *zTok, int nTok, int iPos,
                     int iStart, int iEnd){
  RunCtx *r = (RunCtx*)pCtx;
  const PapersMatcher *p = r->p;
  int id, s = r->iState, n;
  (void)iPos;
  if( nTok>=2 ){
    unsigned b = (unsigned char)zTok[0]<<8 | (unsigned char)zTok[1];
    id = (p->aFilter[b>>3] & (1<<(b&7))) ? intern((PapersMatcher*)p, zTok, nTok, 0) : 0;
  }else{
    id = intern((PapersMatcher*)p, zTok, nTok, 0);
  }
  r->aStart[r->nSeen % p->nMaxTok] = iStart;
  r->nSeen++;
  if( id<=0 ){
    r->iState = 0;
    return SQLITE_OK;
  }
  while( s && (n = edge_get(p, s, id))==0 ) s = p->aNode[s].iFail;
  s = edge_get(p, s, id);
  r->iState = s;
  for(n = p->aNode[s].iOut>=0 ? s : p->aNode[s].iDict; n>0; n = p->aNode[n].iDict){
    int k;
    for(k=p->aNode[n].iOut; k>=0; k=p->aPat[k].iNext){
      if( add_match(r, k, iEnd) ) return SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

static int cmp_match(const void *a, const void *b){
  const PapersMatch *x = (const PapersMatch*)a, *y = (const PapersMatch*)b;
  if( x->iStart!=y->iStart ) return x->iStart<y->iStart ? -1 : 1;
  if( x->iEnd!=y->iEnd ) return x->iEnd<y->iEnd ? -1 : 1;
  return x->iPattern - y->iPattern;
}

int papers_matcher_run(const PapersMatcher *p, PapersTokenizer *pTok,
                       const char *z, int n, PapersMatch **paMatch, int *pnMatch){
  RunCtx r;
  int rc;
  *paMatch = 0;
  *pnMatch = 0;
  if( p->nPat==0 ) return SQLITE_OK;
  memset(&r, 0, sizeof(r));
  r.p = p;
  r.aStart = sqlite3_malloc64(sizeof(int)*p->nMaxTok);
  if( r.aStart==0 ) return SQLITE_NOMEM;
  papers_tokenizer_set_stem_filter(pTok, p->aFilter);
  rc = papers_tokenizer_run(pTok, z, n, &r, run_token);
  papers_tokenizer_set_stem_filter(pTok, 0);
  sqlite3_free(r.aStart);
  if( rc!=SQLITE_OK ){
    sqlite3_free(r.aMatch);
    return rc;
  }
  if( r.nMatch>1 ) qsort(r.aMatch, r.nMatch, sizeof(PapersMatch), cmp_match);
  /* Variants of one tag that tokenise the same (LLM, LLMs) match the same
  ** span: keep the first. */
  {
    int i, j, nOut = 0;
    for(i=0; i<r.nMatch; i++){
      const PapersMatch *m = &r.aMatch[i];
      for(j=nOut-1; j>=0 && r.aMatch[j].iStart==m->iStart && r.aMatch[j].iEnd==m->iEnd; j--){
        if( p->aPat[r.aMatch[j].iPattern].iTagId==p->aPat[m->iPattern].iTagId ) break;
      }
      if( j>=0 && r.aMatch[j].iStart==m->iStart && r.aMatch[j].iEnd==m->iEnd ) continue;
      r.aMatch[nOut++] = *m;
    }
    r.nMatch = nOut;
  }
  *paMatch = r.aMatch;
  *pnMatch = r.nMatch;
  return SQLITE_OK;
}
