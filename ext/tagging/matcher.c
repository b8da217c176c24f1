/*
** matcher.c: Aho-Corasick over token ids (ext/tagging/matcher.h). Adds no SQL.
**
** Data structures, all flat arrays:
**   - an intern table: token string -> id (open addressing, papers_fnv1a);
**   - while building, the trie: nodes with a list of children, and its
**     edges in one open-addressing hash table keyed by (node, token), 8
**     bytes a slot (a hash and the child, confirmed on the child node);
**   - per node: failure link, the first pattern ending there, the nearest
**     node on the failure chain that has patterns (dictionary link), so
**     reporting walks only nodes with output;
**   - for matching, papers_matcher_build() lays the automaton out again as
**     one block of ints per node that holds its transitions ("Run-time
**     blocks" below), and frees the build-time trie.
** A token of the text that is not in any phrase resets the automaton to
** the root at once (its id lookup fails).
**
** Words are compared after inflection folding (papers_tok_fold_inflection:
** a plural or a possessive is undone, nothing else), not Snowball stems:
** "transformers" matches the phrase "transformer", "transformation" does
** not. Matching tokenises the text and maps each word to its token id
** through a cache of words seen before (word -> id, 0 when its folded form
** is in no phrase), so folding and the intern lookup run once per distinct
** word, not once per token. The cache lives in the matcher, which is
** therefore used by one connection at a time (the built-in matcher is per
** connection, a user taxonomy's per statement).
**
** Qualifiers. A phrase may end with qualifiers in brackets, which say what
** context a match needs or which senses it excludes:
**     detector [not after: deepfake, anomaly]   the word before the match
**                                               is none of these
**     lottery ticket [not before: winner]       the word after it is none
**     manipulation [with: robot, robotic]       one of these words occurs
**                                               in the same text
**     dataset [introduced]                      evidence only where the
**                                               text introduces one (read
**                                               by the tagging rule)
**     edge device [setting]                     a setting: a mention in
**                                               the first sentence decides
**                                               (read by the tagging rule)
** separated by ';'. Items are single words, compared folded. A match that
** fails a qualifier is no match. A phrase without brackets is a plain
** phrase, as before.
**
** Capitals. A word of a phrase written in capitals (two or more letters,
** all upper-case: CLIP, RAG, SAM, INT8) is a name or an acronym: it
** matches only a word written in capitals in the text (LLMs with its
** plural s too), so "clips" and "rag" do not match CLIP and RAG.
*/
#include "common.h"
#include "matcher.h"
SQLITE_EXTENSION_INIT3

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Words up to PAPERS_WORD_KEY_MAX bytes are cached (compared as two 64-bit
** words); the cache is cleared when it would pass WORD_SLOTS_MAX slots
** (half full). */
#define WORD_SLOTS_MAX  65536

/* papers_matcher_build() polls its xBusy every this many nodes. */
#define MATCHER_POLL_EVERY 4096

typedef struct Pattern Pattern;
struct Pattern {
  int iTag, iPhrase;     /* offsets of NUL-terminated strings in zPool */
  int nTag;              /* strlen of the tag */
  int iTagId;            /* same for every pattern of one tag, 0.. */
  int nTok;              /* tokens in the phrase */
  int iNext;             /* next pattern ending at the same node, or -1 */
  int iQual;             /* its qualifiers in aQual, or -1 */
  int flags;             /* PAPERS_PHRASE_* */
  unsigned mCaps;        /* bit i: word i is written in capitals (CLIP, RAG):
                         ** it matches only a word in capitals ("clips" is
                         ** no CLIP); words past the 32nd are not checked */
};

/* Qualifier lists in PapersMatcher.aQual: for a pattern, runs of
** (kind, n, n token ids), ended by QUAL_END. */
#define QUAL_END        0
#define QUAL_NOT_AFTER  1
#define QUAL_NOT_BEFORE 2
#define QUAL_WITH       3

typedef struct Node Node;
struct Node {
  int iFail;             /* failure link */
  int iDict;             /* nearest node on the failure chain with output, or -1 */
  int iOut;              /* first pattern ending here, or -1 */
  int iChild;            /* first child (build time list), or -1 */
  int iSibling;          /* next sibling, or -1 */
  int iTok;              /* token on the edge into this node */
  int iParent;           /* the node that edge leaves */
};

struct PapersMatcher {
  char *zPool;  int nPool, nPoolAlloc;      /* strings */
  /* intern table: slot -> offset of the token string in zPool (-1: empty),
  ** its length and its id */
  int *aInternOff;  int *aInternLen;  int *aInternId;  int nIntern, nInternSlot;
  Pattern *aPat;  int nPat, nPatAlloc;
  Node *aNode;  int nNode, nNodeAlloc;
  /* edges (see edge_get): fp, a hash of (node, token), 0 when the slot is
  ** empty, and the child */
  struct Edge { uint32_t fp; int iChild; } *aEdge;  int nEdge, nEdgeSlot;
  int nMaxTok;                               /* longest phrase in tokens */
  /* tag strings -> tag id: slot holds the first pattern with that tag
  ** (-1: empty) */
  int *aTagSlot;  int nTagSlot, nTagId;
  /* by tag id: the tag as a JSON string (quoted, escaped) in zPool, and
  ** the tag itself (iName) */
  struct TagJson { int iOff, n, iName; } *aTagJson;  int nTagJsonAlloc;
  /* the word cache of papers_matcher_run: open addressing; k0, k1 are
  ** papers_word_key() of the word, k1==0 when the slot is empty; iRoot
  ** is aRunRoot[id], kept here to spare a step one more cache line */
  struct Word { uint64_t k0, k1; int id, iRoot; } *aWord;
  int nWord, nWordSlot;
  /* kept from run to run: the ring of token starts (nRing, a power of two,
  ** at least nMaxTok; sized by papers_matcher_build) and the matches */
  int *aRing;  int nRing;
  PapersMatch *aMatch;  int nMatchAlloc;
  /* the automaton as papers_matcher_run walks it (see "Run-time blocks"):
  ** aRun holds one block per node, aRunRoot maps a token id to the block
  ** of the root's child for it (0: none), aBig is the edge table of the
  ** nodes with more than RUN_INLINE children */
  int *aRun;  int nRun;
  int *aRunRoot;
  struct BigEdge { int iBlk, iTok, iChild; } *aBig;  int nBigSlot;
  /* the matches to report on entering a node: one record per node where
  ** a pattern ends, chained along dictionary links (see RUN_REPORT) */
  struct OutRec { int iPat, iTagId, nTok, iNextPat, iNextRec; } *aRec;
  int bBuilt;              /* papers_matcher_build() done: no more adds */
  int *aQual;  int nQual, nQualAlloc;        /* qualifier lists */
  int bAnyWith;            /* some pattern has a QUAL_WITH list */
  /* per run: the token id of each token of the text (0: in no phrase),
  ** and whether it is written in capitals (when some phrase asks) */
  int *aTokId;  int nTokIdAlloc;
  char *aTokCaps;  int nTokCapsAlloc;
  int bAnyCaps;            /* some pattern has a word in capitals */
  /* QUAL_WITH: by token id, the run (iGen) whose text has that word */
  unsigned *aSeenGen;  unsigned iGen;
  int *aTagScratch;        /* papers_matcher_tag_scratch() */
};

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
  sqlite3_free(p->aEdge);
  sqlite3_free(p->aTagSlot);
  sqlite3_free(p->aTagJson);
  sqlite3_free(p->aWord);
  sqlite3_free(p->aRing);
  sqlite3_free(p->aRun);
  sqlite3_free(p->aRunRoot);
  sqlite3_free(p->aBig);
  sqlite3_free(p->aRec);
  sqlite3_free(p->aMatch);
  sqlite3_free(p->aQual);
  sqlite3_free(p->aTokId);
  sqlite3_free(p->aTokCaps);
  sqlite3_free(p->aSeenGen);
  sqlite3_free(p->aTagScratch);
  sqlite3_free(p);
}

/* Append z[0..n) and a NUL to the pool; its offset, or -1 on OOM. */
static int pool_add(PapersMatcher *p, const char *z, int n){
  int iOff;
  if( papers_grow(&p->zPool, &p->nPoolAlloc, (sqlite3_int64)p->nPool+n+1, 1, 1024) ){
    return -1;
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
        int k = (int)(papers_fnv1a(p->zPool + p->aInternOff[j], p->aInternLen[j]) & (uint32_t)(nNew-1));
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
  h = papers_fnv1a(z, n);
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

/* Edge table: child of node for token, or 0 (the root is never a child).
** A slot holds a 32-bit hash of (node, token), never 0, and the child: 8
** bytes, so the table of a 5,000-phrase taxonomy stays in L2 cache. A slot
** whose hash matches is confirmed on the child node (its token and parent),
** which a transition reads next anyway. edge_fp() is also the hash of the
** run-time table of big nodes' edges (aBig, keyed by block and token). */
static uint32_t edge_fp(int iNode, int iTok){
  uint64_t key = ((uint64_t)(uint32_t)iNode << 32) | (uint32_t)iTok;
  uint32_t fp = (uint32_t)(papers_mix64(key) >> 32);
  return fp ? fp : 1;
}

static int edge_get(const PapersMatcher *p, int iNode, int iTok){
  uint32_t fp = edge_fp(iNode, iTok), mask;
  uint32_t i;
  if( p->nEdgeSlot==0 ) return 0;
  mask = (uint32_t)p->nEdgeSlot - 1;
  for(i=fp & mask; p->aEdge[i].fp; i=(i+1) & mask){
    if( p->aEdge[i].fp==fp ){
      const Node *c = &p->aNode[p->aEdge[i].iChild];
      if( c->iTok==iTok && c->iParent==iNode ) return p->aEdge[i].iChild;
    }
  }
  return 0;
}

/* Add the edge to iChild, whose node must already say its token and parent. */
static int edge_put(PapersMatcher *p, int iNode, int iTok, int iChild){
  uint32_t fp = edge_fp(iNode, iTok), mask, i;
  if( (p->nEdge+1)*2 > p->nEdgeSlot ){
    int nNew = p->nEdgeSlot ? p->nEdgeSlot*2 : 256, j;
    struct Edge *aNew = sqlite3_malloc64(sizeof(struct Edge)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    memset(aNew, 0, sizeof(struct Edge)*nNew);
    for(j=0; j<p->nEdgeSlot; j++){
      if( p->aEdge[j].fp ){
        uint32_t k = p->aEdge[j].fp & (uint32_t)(nNew-1);
        while( aNew[k].fp ) k = (k+1) & (uint32_t)(nNew-1);
        aNew[k] = p->aEdge[j];
      }
    }
    sqlite3_free(p->aEdge);
    p->aEdge = aNew;
    p->nEdgeSlot = nNew;
  }
  mask = (uint32_t)p->nEdgeSlot - 1;
  for(i=fp & mask; p->aEdge[i].fp; i=(i+1) & mask){}
  p->aEdge[i].fp = fp;
  p->aEdge[i].iChild = iChild;
  p->nEdge++;
  return SQLITE_OK;
}

/* Keep the JSON string of a new tag (id p->nTagId) in the pool, so tags()
** copies it instead of escaping it once per text. SQLITE_OK or NOMEM. */
static int tag_json_add(PapersMatcher *p, const char *zTag, int iName){
  sqlite3_str *s;
  int n, iOff;
  char *z;
  if( papers_grow(&p->aTagJson, &p->nTagJsonAlloc, p->nTagId+1,
                  sizeof(struct TagJson), 32) ){
    return SQLITE_NOMEM;
  }
  s = sqlite3_str_new(0);
  papers_json_string(s, zTag, (int)strlen(zTag));
  n = sqlite3_str_length(s);
  z = sqlite3_str_finish(s);
  if( z==0 ) return SQLITE_NOMEM;
  iOff = pool_add(p, z, n);
  sqlite3_free(z);
  if( iOff<0 ) return SQLITE_NOMEM;
  p->aTagJson[p->nTagId].iOff = iOff;
  p->aTagJson[p->nTagId].n = n;
  p->aTagJson[p->nTagId].iName = iName;
  return SQLITE_OK;
}

/* Id of tag zTag for the pattern being added (p->aPat[p->nPat], whose iTag
** is set): the id of an earlier pattern with the same tag, or the next new
** id. -1 on OOM. */
static int tag_id(PapersMatcher *p, const char *zTag){
  uint32_t h = papers_fnv1a(zTag, (int)strlen(zTag));
  int i;
  if( (p->nTagId+1)*2 > p->nTagSlot ){
    int nNew = p->nTagSlot ? p->nTagSlot*2 : 64, j;
    int *aNew = sqlite3_malloc64(sizeof(int)*nNew);
    if( aNew==0 ) return -1;
    for(j=0; j<nNew; j++) aNew[j] = -1;
    for(j=0; j<p->nTagSlot; j++){
      int iPat = p->aTagSlot[j];
      if( iPat>=0 ){
        const char *z = p->zPool + p->aPat[iPat].iTag;
        int k = (int)(papers_fnv1a(z, (int)strlen(z)) & (uint32_t)(nNew-1));
        while( aNew[k]>=0 ) k = (k+1) & (nNew-1);
        aNew[k] = iPat;
      }
    }
    sqlite3_free(p->aTagSlot);
    p->aTagSlot = aNew;
    p->nTagSlot = nNew;
  }
  i = (int)(h & (uint32_t)(p->nTagSlot-1));
  while( p->aTagSlot[i]>=0 ){
    const Pattern *pat = &p->aPat[p->aTagSlot[i]];
    if( strcmp(p->zPool + pat->iTag, zTag)==0 ) return pat->iTagId;
    i = (i+1) & (p->nTagSlot-1);
  }
  if( tag_json_add(p, zTag, p->aPat[p->nPat].iTag) ) return -1;
  p->aTagSlot[i] = p->nPat;       /* the pattern being added */
  return p->nTagId++;
}

/* The folded form of token zTok[0..nTok) as written z[iStart..iEnd) of
** zText: an abbreviation's plural as the abbreviation (LLMs as LLM, as the
** tokenizer takes it under "stem"), then inflection folding. Into zOut
** (room for nTok bytes); returns its length. */
static int fold_word(const char *zText, int iStart, int iEnd, const char *zTok,
                     int nTok, char *zOut){
  if( papers_tok_abbrev_plural(zText + iStart, iEnd - iStart, zTok, nTok) ){
    memcpy(zOut, zTok, nTok-1);
    return nTok-1;
  }
  return papers_tok_fold_inflection(zTok, nTok, zOut);
}

/* Token ids of a phrase (or of a qualifier item), collected by
** papers_matcher_add. */
typedef struct AddCtx AddCtx;
struct AddCtx {
  PapersMatcher *p;
  const char *zText;                 /* what is being tokenised */
  int *aTok;  int nTok, nTokAlloc;   /* its token ids */
  unsigned mCaps;                    /* which of them are written in capitals */
  char *zBuf;  int nBufAlloc;        /* a folded word */
};

/* Is z[0..n), a word as written, in capitals: two or more letters, none
** lower-case but a plural s at the end (LLMs)? */
static int written_in_capitals(const char *z, int n){
  int i, nUpper = 0;
  if( n>=3 && z[n-1]=='s' && z[n-2]>='A' && z[n-2]<='Z' ) n--;
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( c>='A' && c<='Z' ) nUpper++;
    else if( (c>='a' && c<='z') || c>=0x80 ) return 0;
  }
  return nUpper>=2;
}

static int add_token(void *pCtx, const char *zTok, int nTok, int iPos,
                     int iStart, int iEnd){
  AddCtx *a = (AddCtx*)pCtx;
  int id, n;
  (void)iPos;
  if( papers_grow(&a->zBuf, &a->nBufAlloc, nTok, 1, 64) ) return SQLITE_NOMEM;
  n = fold_word(a->zText, iStart, iEnd, zTok, nTok, a->zBuf);
  id = intern(a->p, a->zBuf, n, 1);
  if( id<0 ) return SQLITE_NOMEM;
  if( papers_grow(&a->aTok, &a->nTokAlloc, a->nTok+1, sizeof(int), 8) ) return SQLITE_NOMEM;
  if( a->nTok<32 && written_in_capitals(a->zText + iStart, iEnd - iStart) ){
    a->mCaps |= 1u << a->nTok;
  }
  a->aTok[a->nTok++] = id;
  return SQLITE_OK;
}

/* Tokens of z[0..n) (a phrase, or one qualifier item), folded and interned,
** into a->aTok[0..a->nTok). */
static int add_tokens(AddCtx *a, PapersTokenizer *pTok, const char *z, int n){
  a->nTok = 0;
  a->mCaps = 0;
  a->zText = z;
  return papers_tokenizer_run(pTok, z, n, a, add_token);
}

/* Append v to aQual. */
static int qual_push(PapersMatcher *p, int v){
  if( papers_grow(&p->aQual, &p->nQualAlloc, (sqlite3_int64)p->nQual+1, sizeof(int), 16) ){
    return SQLITE_NOMEM;
  }
  p->aQual[p->nQual++] = v;
  return SQLITE_OK;
}

/* Parse the qualifiers z[0..n) (the inside of the brackets) into aQual and
** *pFlags. SQLITE_OK, SQLITE_NOMEM, or SQLITE_FORMAT (see
** papers_matcher_add). */
static int parse_qualifiers(PapersMatcher *p, PapersTokenizer *pTok, AddCtx *a,
                            const char *z, int n, int *pFlags){
  static const struct { const char *zName; int eKind; } aKind[] = {
    { "not after:", QUAL_NOT_AFTER }, { "not before:", QUAL_NOT_BEFORE },
    { "with:", QUAL_WITH },
  };
  int i = 0, rc = SQLITE_OK;
  while( rc==SQLITE_OK && i<n ){
    int j, k, e;
    while( i<n && (z[i]==' ' || z[i]=='\t') ) i++;
    for(e=i; e<n && z[e]!=';'; e++){}
    for(j=e; j>i && (z[j-1]==' ' || z[j-1]=='\t'); j--){}
    if( j-i==10 && sqlite3_strnicmp(z+i, "introduced", 10)==0 ){
      *pFlags |= PAPERS_PHRASE_INTRODUCED;
    }else if( j-i==7 && sqlite3_strnicmp(z+i, "setting", 7)==0 ){
      *pFlags |= PAPERS_PHRASE_SETTING;
    }else{
      int nName = 0, eKind = 0, iCount;
      for(k=0; k<(int)(sizeof(aKind)/sizeof(aKind[0])); k++){
        nName = (int)strlen(aKind[k].zName);
        if( j-i>=nName && sqlite3_strnicmp(z+i, aKind[k].zName, nName)==0 ){
          eKind = aKind[k].eKind;
          break;
        }
      }
      if( eKind==0 ) return SQLITE_FORMAT;
      if( eKind==QUAL_WITH ) p->bAnyWith = 1;
      rc = qual_push(p, eKind);
      iCount = p->nQual;
      if( rc==SQLITE_OK ) rc = qual_push(p, 0);
      for(k=i+nName; rc==SQLITE_OK && k<j; ){
        int f;
        for(f=k; f<j && z[f]!=','; f++){}
        rc = add_tokens(a, pTok, z+k, f-k);
        if( rc==SQLITE_OK && a->nTok>1 ) return SQLITE_FORMAT;   /* one word each */
        if( rc==SQLITE_OK && a->nTok==1 ){
          rc = qual_push(p, a->aTok[0]);
          p->aQual[iCount]++;
        }
        k = f+1;
      }
      if( rc==SQLITE_OK && p->aQual[iCount]==0 ) return SQLITE_FORMAT;
    }
    i = e+1;
  }
  return rc;
}

int papers_matcher_add(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *zTag, const char *zPhrase){
  AddCtx a;
  int rc, i, iNode = 0, nPhrase, flags = 0, iQual = -1, nQual0 = p->nQual;
  const char *zBr;
  Pattern *pPat;
  if( p->bBuilt ) return SQLITE_MISUSE;
  memset(&a, 0, sizeof(a));
  a.p = p;
  /* the phrase, then its qualifiers in brackets */
  zBr = strchr(zPhrase, '[');
  nPhrase = zBr ? (int)(zBr - zPhrase) : (int)strlen(zPhrase);
  rc = SQLITE_OK;
  if( zBr ){
    const char *zEnd = strrchr(zBr, ']');
    const char *zAfter = zEnd ? zEnd+1 : 0;
    while( zAfter && (*zAfter==' ' || *zAfter=='\t') ) zAfter++;
    if( zEnd==0 || *zAfter ) rc = SQLITE_FORMAT;
    if( rc==SQLITE_OK ){
      iQual = p->nQual;
      rc = parse_qualifiers(p, pTok, &a, zBr+1, (int)(zEnd-zBr-1), &flags);
      if( rc==SQLITE_OK ) rc = qual_push(p, QUAL_END);
      if( rc==SQLITE_OK && p->nQual==iQual+1 ) iQual = -1;   /* only flags */
    }
  }
  if( rc==SQLITE_OK ) rc = add_tokens(&a, pTok, zPhrase, nPhrase);
  if( rc==SQLITE_OK && a.nTok==0 ) rc = SQLITE_EMPTY;
  if( rc==SQLITE_OK ){
    rc = papers_grow(&p->aPat, &p->nPatAlloc, p->nPat+1, sizeof(Pattern), 64);
  }
  for(i=0; rc==SQLITE_OK && i<a.nTok; i++){
    int iChild = edge_get(p, iNode, a.aTok[i]);
    if( iChild==0 ){
      Node *pNew;
      rc = papers_grow(&p->aNode, &p->nNodeAlloc, p->nNode+1, sizeof(Node), 64);
      if( rc!=SQLITE_OK ) break;
      iChild = p->nNode;
      pNew = &p->aNode[iChild];
      pNew->iFail = 0;  pNew->iDict = -1;  pNew->iOut = -1;  pNew->iChild = -1;
      pNew->iTok = a.aTok[i];
      pNew->iParent = iNode;
      rc = edge_put(p, iNode, a.aTok[i], iChild);
      if( rc ) break;
      p->nNode++;
      pNew->iSibling = p->aNode[iNode].iChild;
      p->aNode[iNode].iChild = iChild;
    }
    iNode = iChild;
  }
  if( rc==SQLITE_OK ){
    int iTag = pool_add(p, zTag, (int)strlen(zTag));
    /* the phrase as tag_matches shows it: without its qualifiers */
    int nShow = nPhrase;
    int iPhrase;
    while( nShow>0 && (zPhrase[nShow-1]==' ' || zPhrase[nShow-1]=='\t') ) nShow--;
    iPhrase = iTag<0 ? -1 : pool_add(p, zPhrase, nShow);
    if( iPhrase<0 ){
      rc = SQLITE_NOMEM;
    }else{
      pPat = &p->aPat[p->nPat];
      pPat->iTag = iTag;
      pPat->nTag = (int)strlen(zTag);
      pPat->iTagId = tag_id(p, zTag);
      if( pPat->iTagId<0 ) rc = SQLITE_NOMEM;
      pPat->iPhrase = iPhrase;
      pPat->nTok = a.nTok;
      pPat->iNext = p->aNode[iNode].iOut;
      pPat->iQual = iQual;
      pPat->flags = flags;
      pPat->mCaps = a.mCaps;
      if( a.mCaps ) p->bAnyCaps = 1;
      if( rc==SQLITE_OK ){
        p->aNode[iNode].iOut = p->nPat++;
        if( a.nTok>p->nMaxTok ) p->nMaxTok = a.nTok;
      }
    }
  }
  if( rc!=SQLITE_OK ) p->nQual = nQual0;   /* nothing of a phrase not added */
  sqlite3_free(a.aTok);
  sqlite3_free(a.zBuf);
  return rc;
}

/*
** Run-time blocks. papers_matcher_build() lays the automaton out again for
** papers_matcher_run(), so that a step reads one node record and finds its
** transition there, with few branches: the time of a 5,000-phrase run went
** to cache misses and mispredicted branches more than to instructions (the
** build-time form read an edge-table slot, then the child node to confirm
** it, then the child again for its output; and followed failure links one
** by one). The blocks of all nodes lie in one int array (aRun); a node is
** named by its block's offset, the root by 0. A block is three ints and a
** list:
**
**   RUN_FAIL    block of the failure link (0: the root); for a small node,
**               the first node of its failure chain not merged into its list
**   RUN_REPORT  the first output record (aRec) to report on entering the
**               node, or 0: the node's own, else that of the nearest node
**               with output on its failure chain; each record names the next
**               (iNextRec), so reporting walks only nodes with output
**   RUN_NCHILD  n, the transitions listed after the head, n tokens then
**               their n blocks: the node's children, at most RUN_INLINE,
**               and those of small nodes on its failure chain, up to
**               RUN_MERGED (run_list); compared all at once with SSE2. 0 for
**               the root. A node with more children lists none and has
**               RUN_BIG set: its head is followed by a RUN_BITS bitmap of
**               (token % RUN_BITS) over its children, whose edges are in
**               aBig, keyed by (block, token).
** The root's transitions are aRunRoot[token], kept in the word cache.
*/
#define RUN_FAIL    0
#define RUN_REPORT  1
#define RUN_NCHILD  2
#define RUN_HEAD    3
#define RUN_INLINE  4
#define RUN_MERGED  8                /* run_step compares 8 tokens */
#define RUN_BITS    512
#define RUN_BIG     0x100            /* in RUN_NCHILD: a big node */

/* Block of the child of block iBlk (a big node) for token iTok, or 0. */
static int big_get(const PapersMatcher *p, int iBlk, int iTok){
  uint32_t mask = (uint32_t)p->nBigSlot - 1, i;
  for(i=edge_fp(iBlk, iTok) & mask; p->aBig[i].iBlk; i=(i+1) & mask){
    if( p->aBig[i].iBlk==iBlk && p->aBig[i].iTok==iTok ) return p->aBig[i].iChild;
  }
  return 0;
}

/* Number of children of build-time node u. */
static int node_nchild(const PapersMatcher *p, int u){
  int n = 0, c;
  for(c=p->aNode[u].iChild; c>=0; c=p->aNode[c].iSibling) n++;
  return n;
}

/* The transitions listed in the block of node u (not the root, at most
** RUN_INLINE children): its children, then those of the nodes on its
** failure chain while they are small and the list stays within RUN_MERGED,
** a token already listed shadowing the same token further down the chain
** (the deeper node is the longer match). So most steps that fail find
** their target here without reading the failure nodes' blocks. At most
** RUN_MERGED nodes of the chain are looked at: a phrase that repeats
** itself ("a b a b ...") has a failure chain as long as the phrase whose
** nodes all shadow each other, and walking it whole from every node would
** make the build quadratic. Writes (token, node) pairs to aPair; returns
** their number and in *piFail the first node of the chain not merged (the
** block's failure link). */
static int run_list(const PapersMatcher *p, int u, int *aPair, int *piFail){
  int n = 0, f, c, i, nWalk = 0;
  for(c=p->aNode[u].iChild; c>=0; c=p->aNode[c].iSibling){
    aPair[2*n] = p->aNode[c].iTok;
    aPair[2*n+1] = c;
    n++;
  }
  for(f=p->aNode[u].iFail; f>0; f=p->aNode[f].iFail){
    int nf = node_nchild(p, f);
    if( nf>RUN_INLINE || n+nf>RUN_MERGED || ++nWalk>RUN_MERGED ) break;
    for(c=p->aNode[f].iChild; c>=0; c=p->aNode[c].iSibling){
      for(i=0; i<n && aPair[2*i]!=p->aNode[c].iTok; i++){}
      if( i==n ){
        aPair[2*n] = p->aNode[c].iTok;
        aPair[2*n+1] = c;
        n++;
      }
    }
  }
  *piFail = f;
  return n;
}

/* Lay out aRun, aRunRoot and aBig from the built trie (see above). aDepth:
** the depth of each node. SQLITE_OK or SQLITE_NOMEM. */
static int run_layout(PapersMatcher *p, const int *aDepth,
                      int (*xBusy)(void*), void *pBusyArg){
  int *aOff = sqlite3_malloc64(sizeof(int)*(p->nNode+1)*2);
  int *aRecOf = aOff ? aOff + p->nNode + 1 : 0;   /* node -> record + 1, or 0 */
  int aPair[2*RUN_MERGED];
  int u, c, nBig = 0, nRun = 0, nRec = 0, iFail;
  if( aOff==0 ) return SQLITE_NOMEM;
  for(u=0; u<p->nNode; u++){
    int n = u==0 ? 0 : node_nchild(p, u);   /* the root: aRunRoot */
    aOff[u] = nRun;
    aRecOf[u] = p->aNode[u].iOut>=0 ? ++nRec : 0;
    if( n>RUN_INLINE ){
      nBig += n;
      n = RUN_BITS/64;                      /* pairs of ints: the bitmap */
    }else if( u>0 ){
      n = run_list(p, u, aPair, &iFail);
    }
    nRun += RUN_HEAD + 2*n;
  }
  sqlite3_free(p->aRun);  sqlite3_free(p->aRunRoot);  sqlite3_free(p->aBig);
  sqlite3_free(p->aRec);
  /* RUN_MERGED ints of slack: run_step reads that many tokens of a list */
  p->aRun = sqlite3_malloc64(sizeof(int)*(nRun + RUN_MERGED));
  p->aRunRoot = sqlite3_malloc64(sizeof(int)*(p->nIntern+1));
  for(p->nBigSlot=16; p->nBigSlot<nBig*2; p->nBigSlot*=2){}
  p->aBig = sqlite3_malloc64(sizeof(struct BigEdge)*p->nBigSlot);
  p->aRec = sqlite3_malloc64(sizeof(struct OutRec)*(nRec+1));
  if( p->aRun==0 || p->aRunRoot==0 || p->aBig==0 || p->aRec==0 ){
    sqlite3_free(aOff);
    return SQLITE_NOMEM;
  }
  p->nRun = nRun;
  memset(p->aRun + nRun, 0, sizeof(int)*RUN_MERGED);
  memset(p->aRunRoot, 0, sizeof(int)*(p->nIntern+1));
  memset(p->aBig, 0, sizeof(struct BigEdge)*p->nBigSlot);
  for(u=0; u<p->nNode; u++){
    const Node *pNode = &p->aNode[u];
    int *b = &p->aRun[aOff[u]], n = node_nchild(p, u), i;
    if( xBusy && (u & (MATCHER_POLL_EVERY-1))==0 && xBusy(pBusyArg) ){
      sqlite3_free(aOff);
      return SQLITE_INTERRUPT;
    }
    int iDictRec = pNode->iDict>0 ? aRecOf[pNode->iDict] : 0;
    b[RUN_FAIL] = aOff[pNode->iFail];
    b[RUN_REPORT] = aRecOf[u] ? aRecOf[u] : iDictRec;
    if( aRecOf[u] ){
      struct OutRec *pRec = &p->aRec[aRecOf[u]];
      pRec->iPat = pNode->iOut;
      pRec->iTagId = p->aPat[pNode->iOut].iTagId;
      pRec->nTok = aDepth[u];
      pRec->iNextPat = p->aPat[pNode->iOut].iNext;
      pRec->iNextRec = iDictRec;
    }
    if( u==0 ){
      for(c=pNode->iChild; c>=0; c=p->aNode[c].iSibling){
        p->aRunRoot[p->aNode[c].iTok] = aOff[c];
      }
      b[RUN_NCHILD] = 0;
    }else if( n<=RUN_INLINE ){
      n = run_list(p, u, aPair, &iFail);
      b[RUN_FAIL] = aOff[iFail];
      b[RUN_NCHILD] = n;
      for(i=0; i<n; i++){
        b[RUN_HEAD + i] = aPair[2*i];
        b[RUN_HEAD + n + i] = aOff[aPair[2*i+1]];
      }
    }else{
      unsigned *aBit = (unsigned*)&b[RUN_HEAD];
      uint32_t mask = (uint32_t)p->nBigSlot - 1, k;
      b[RUN_NCHILD] = RUN_BIG;
      memset(aBit, 0, RUN_BITS/8);
      for(c=pNode->iChild; c>=0; c=p->aNode[c].iSibling){
        k = (uint32_t)p->aNode[c].iTok % RUN_BITS;
        aBit[k/32] |= 1u << (k%32);
        for(k=edge_fp(aOff[u], p->aNode[c].iTok) & mask; p->aBig[k].iBlk; k=(k+1) & mask){}
        p->aBig[k].iBlk = aOff[u];
        p->aBig[k].iTok = p->aNode[c].iTok;
        p->aBig[k].iChild = aOff[c];
      }
    }
  }
  sqlite3_free(aOff);
  return SQLITE_OK;
}

int papers_matcher_build(PapersMatcher *p, int (*xBusy)(void*), void *pBusyArg){
  /* Breadth-first: a node's failure link is set before its children's. */
  int *aQueue = sqlite3_malloc64(sizeof(int)*(p->nNode+1));
  int *aDepth = sqlite3_malloc64(sizeof(int)*(p->nNode+1));
  int iHead = 0, iTail = 0, c, rc;
  if( p->bBuilt ){ sqlite3_free(aQueue); sqlite3_free(aDepth); return SQLITE_MISUSE; }
  if( aQueue==0 || aDepth==0 ){
    sqlite3_free(aQueue);  sqlite3_free(aDepth);
    return SQLITE_NOMEM;
  }
  for(c=2; c<p->nMaxTok; c*=2){}
  sqlite3_free(p->aRing);
  p->aRing = sqlite3_malloc64(sizeof(int)*c);
  if( p->aRing==0 ){ sqlite3_free(aQueue); sqlite3_free(aDepth); return SQLITE_NOMEM; }
  p->nRing = c;
  aDepth[0] = 0;
  for(c=p->aNode[0].iChild; c>=0; c=p->aNode[c].iSibling){
    p->aNode[c].iFail = 0;
    p->aNode[c].iDict = -1;
    aDepth[c] = 1;
    aQueue[iTail++] = c;
  }
  while( iHead<iTail ){
    int u = aQueue[iHead++];
    if( xBusy && (iHead & (MATCHER_POLL_EVERY-1))==0 && xBusy(pBusyArg) ){
      sqlite3_free(aQueue);
      sqlite3_free(aDepth);
      return SQLITE_INTERRUPT;
    }
    for(c=p->aNode[u].iChild; c>=0; c=p->aNode[c].iSibling){
      int f = p->aNode[u].iFail, t = p->aNode[c].iTok, g;
      while( f && edge_get(p, f, t)==0 ) f = p->aNode[f].iFail;
      g = edge_get(p, f, t);
      p->aNode[c].iFail = g && g!=c ? g : 0;
      g = p->aNode[c].iFail;
      p->aNode[c].iDict = p->aNode[g].iOut>=0 ? g : p->aNode[g].iDict;
      aDepth[c] = aDepth[u] + 1;
      aQueue[iTail++] = c;
    }
  }
  rc = run_layout(p, aDepth, xBusy, pBusyArg);
  sqlite3_free(aQueue);
  sqlite3_free(aDepth);
  if( rc==SQLITE_OK ){
    sqlite3_free(p->aTagScratch);
    p->aTagScratch = sqlite3_malloc64(sizeof(int)*((size_t)p->nTagId+1));
    if( p->aTagScratch==0 ) rc = SQLITE_NOMEM;
    else memset(p->aTagScratch, 0xff, sizeof(int)*((size_t)p->nTagId+1));
  }
  if( rc==SQLITE_OK && p->bAnyWith ){
    sqlite3_free(p->aSeenGen);
    p->aSeenGen = sqlite3_malloc64(sizeof(unsigned)*((size_t)p->nIntern+1));
    if( p->aSeenGen==0 ) rc = SQLITE_NOMEM;
    else memset(p->aSeenGen, 0, sizeof(unsigned)*((size_t)p->nIntern+1));
    p->iGen = 0;
  }
  if( rc==SQLITE_OK ){
    /* matching reads only the blocks: the trie's memory goes */
    sqlite3_free(p->aNode);  p->aNode = 0;  p->nNode = p->nNodeAlloc = 0;
    sqlite3_free(p->aEdge);  p->aEdge = 0;  p->nEdge = p->nEdgeSlot = 0;
    sqlite3_free(p->aTagSlot);  p->aTagSlot = 0;  p->nTagSlot = 0;
    p->bBuilt = 1;
  }
  return rc;
}

const char *papers_matcher_tag(const PapersMatcher *p, int i, int *pnTag){
  if( pnTag ) *pnTag = p->aPat[i].nTag;
  return p->zPool + p->aPat[i].iTag;
}
const char *papers_matcher_phrase(const PapersMatcher *p, int i){
  return p->zPool + p->aPat[i].iPhrase;
}
const char *papers_matcher_tag_json(const PapersMatcher *p, int iTagId, int *pn){
  *pn = p->aTagJson[iTagId].n;
  return p->zPool + p->aTagJson[iTagId].iOff;
}

/* Token id of word z[0..n) (case-folded, inflection not folded yet), 0
** when its folded form is in no phrase, -1 on OOM; through the word cache.
** *piRoot: the block of the root's child for that token, or 0. */
static int word_id(PapersMatcher *p, const char *z, int n, int *piRoot){
  struct Word *w = 0;
  char aFold[64], *zFold = aFold;
  int nFold, id;
  uint64_t k0 = 0, k1 = 0;
  if( n<=PAPERS_WORD_KEY_MAX ){
    int i;
    papers_word_key(z, n, &k0, &k1);
    if( (p->nWord+1)*2 > p->nWordSlot ){
      if( p->nWordSlot>=WORD_SLOTS_MAX ){
        memset(p->aWord, 0, sizeof(struct Word)*p->nWordSlot);   /* start over */
        p->nWord = 0;
      }else{
        int nNew = p->nWordSlot ? p->nWordSlot*2 : 4096, j;
        struct Word *aNew = sqlite3_malloc64(sizeof(struct Word)*nNew);
        if( aNew==0 ) return -1;
        memset(aNew, 0, sizeof(struct Word)*nNew);
        for(j=0; j<p->nWordSlot; j++){
          if( p->aWord[j].k1 ){
            int m = (int)(papers_word_hash(p->aWord[j].k0, p->aWord[j].k1) & (uint32_t)(nNew-1));
            while( aNew[m].k1 ) m = (m+1) & (nNew-1);
            aNew[m] = p->aWord[j];
          }
        }
        sqlite3_free(p->aWord);
        p->aWord = aNew;
        p->nWordSlot = nNew;
      }
    }
    i = (int)(papers_word_hash(k0, k1) & (uint32_t)(p->nWordSlot-1));
    while( p->aWord[i].k1 ){
      if( p->aWord[i].k0==k0 && p->aWord[i].k1==k1 ){
        *piRoot = p->aWord[i].iRoot;
        return p->aWord[i].id;
      }
      i = (i+1) & (p->nWordSlot-1);
    }
    w = &p->aWord[i];
  }
  if( n>(int)sizeof(aFold) ){
    zFold = sqlite3_malloc64(n);
    if( zFold==0 ) return -1;
  }
  nFold = papers_tok_fold_inflection(z, n, zFold);
  id = intern(p, zFold, nFold, 0);
  if( zFold!=aFold ) sqlite3_free(zFold);
  *piRoot = id>0 ? p->aRunRoot[id] : 0;
  if( w ){
    w->k0 = k0;
    w->k1 = k1;
    w->id = id;
    w->iRoot = *piRoot;
    p->nWord++;
  }
  return id;
}

/* State of one run over a text. */
typedef struct RunCtx RunCtx;
struct RunCtx {
  PapersMatcher *p;
  const char *zText;         /* the text run over */
  int iState;
  int nSeen;                 /* tokens seen */
  int nMatch;                /* in p->aMatch */
};

/* Append *m to p->aMatch. SQLITE_OK or SQLITE_NOMEM. */
static int add_match(RunCtx *r, const PapersMatch *m){
  PapersMatcher *p = r->p;
  if( papers_grow(&p->aMatch, &p->nMatchAlloc, r->nMatch+1, sizeof(PapersMatch), 16) ){
    return SQLITE_NOMEM;
  }
  p->aMatch[r->nMatch++] = *m;
  return SQLITE_OK;
}

static int cmp_match(const void *a, const void *b){
  const PapersMatch *x = (const PapersMatch*)a, *y = (const PapersMatch*)b;
  if( x->iStart!=y->iStart ) return x->iStart<y->iStart ? -1 : 1;
  if( x->iEnd!=y->iEnd ) return x->iEnd<y->iEnd ? -1 : 1;
  return x->iPattern - y->iPattern;
}

/* A match of pattern iPat (nTok tokens, ending at the last token read, at
** byte iEnd): kept in p->aMatch; its qualifiers are checked after the run
** (qualifies()). */
static int add_one(RunCtx *r, int iPat, int iTagId, int nTok, int iEnd){
  PapersMatcher *p = r->p;
  PapersMatch m;
  m.iPattern = iPat;
  m.iTagId = iTagId;
  m.iStart = p->aRing[(r->nSeen - nTok) & (p->nRing-1)];
  m.iEnd = iEnd;
  m.iToken = r->nSeen - nTok;
  return add_match(r, &m);
}

/* The block reached from block s on token id (see "Run-time blocks");
** iRoot: the root's transition on id. */
static int run_step(const PapersMatcher *p, int s, int id, int iRoot){
#ifdef __SSE2__
  __m128i v = _mm_set1_epi32(id);
#endif
  for(;;){                       /* follow failure links to a transition */
    const int *b = &p->aRun[s];  /* the root's block lists nothing */
    int n = b[RUN_NCHILD] & 0xff, i;
#ifdef __SSE2__
    /* the RUN_MERGED listed tokens at once, those past n masked off */
    unsigned m = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v,
                     _mm_loadu_si128((const __m128i*)&b[RUN_HEAD]))))
               | (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(v,
                     _mm_loadu_si128((const __m128i*)&b[RUN_HEAD+4])))) << 4;
    m &= (1u << n) - 1;
    if( m ) return b[RUN_HEAD + n + __builtin_ctz(m)];
#else
    for(i=0; i<n; i++){
      if( b[RUN_HEAD + i]==id ) return b[RUN_HEAD + n + i];
    }
#endif
    if( b[RUN_NCHILD] & RUN_BIG ){
      unsigned k = (unsigned)id % RUN_BITS;
      if( (((const unsigned*)&b[RUN_HEAD])[k/32] >> (k%32) & 1)
       && (i = big_get(p, s, id))!=0 ) return i;
    }
    /* Tested last, so that a step from the root and a step from a small
    ** node that falls back to the root take the same branches. */
    s = b[RUN_FAIL];
    if( s==0 ) return iRoot;
  }
}

static int run_token(void *pCtx, const char *zTok, int nTok, int iPos,
                     int iStart, int iEnd){
  RunCtx *r = (RunCtx*)pCtx;
  PapersMatcher *p = r->p;
  int iRoot = 0, id, s, n;
  (void)iPos;
  /* word_id folds the word's inflection through the word cache; an
  ** abbreviation's plural (LLMs), which only its capitals tell, is taken
  ** without its s here, as the phrases were (fold_word) */
  if( papers_tok_abbrev_plural(r->zText + iStart, iEnd - iStart, zTok, nTok) ) nTok--;
  id = word_id(p, zTok, nTok, &iRoot);
  if( id<0 ) return SQLITE_NOMEM;
  if( papers_grow(&p->aTokId, &p->nTokIdAlloc, r->nSeen+1, sizeof(int), 256)
   || papers_grow(&p->aTokCaps, &p->nTokCapsAlloc, r->nSeen+1, 1, 256) ){
    return SQLITE_NOMEM;
  }
  p->aTokId[r->nSeen] = id;
  p->aTokCaps[r->nSeen] = id>0 && p->bAnyCaps
                       && written_in_capitals(r->zText + iStart, iEnd - iStart);
  p->aRing[r->nSeen & (p->nRing-1)] = iStart;
  r->nSeen++;
  if( id==0 ){
    r->iState = 0;
    return SQLITE_OK;
  }
  r->iState = s = run_step(p, r->iState, id, iRoot);
  for(n = p->aRun[s+RUN_REPORT]; n>0; n = p->aRec[n].iNextRec){
    const struct OutRec *pRec = &p->aRec[n];
    int k;
    if( add_one(r, pRec->iPat, pRec->iTagId, pRec->nTok, iEnd) ) return SQLITE_NOMEM;
    for(k=pRec->iNextPat; k>=0; k=p->aPat[k].iNext){
      if( add_one(r, k, p->aPat[k].iTagId, pRec->nTok, iEnd) ) return SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

/* Does match m pass its pattern's qualifiers? nTok: tokens of the text
** (ids in p->aTokId). */
static int qualifies(PapersMatcher *p, const PapersMatch *m, int nTok){
  const Pattern *pat = &p->aPat[m->iPattern];
  const int *q;
  if( pat->mCaps ){
    int i;
    for(i=0; i<pat->nTok && i<32; i++){
      if( (pat->mCaps>>i & 1) && !p->aTokCaps[m->iToken+i] ) return 0;
    }
  }
  if( pat->iQual<0 ) return 1;
  for(q=&p->aQual[pat->iQual]; q[0]!=QUAL_END; q+=2+q[1]){
    int i, bHit = 0, idAt = 0;
    if( q[0]==QUAL_NOT_AFTER ){
      idAt = m->iToken>0 ? p->aTokId[m->iToken-1] : 0;
    }else if( q[0]==QUAL_NOT_BEFORE ){
      int iNext = m->iToken + pat->nTok;
      idAt = iNext<nTok ? p->aTokId[iNext] : 0;
    }
    for(i=0; i<q[1] && !bHit; i++){
      if( q[0]==QUAL_WITH ) bHit = p->aSeenGen[q[2+i]]==p->iGen;
      else bHit = idAt!=0 && q[2+i]==idAt;
    }
    if( q[0]==QUAL_WITH ? !bHit : bHit ) return 0;
  }
  return 1;
}

/* Run the automaton over z[0..n); the matches that pass their qualifiers,
** sorted, in p->aMatch[0..*pnMatch). */
static int run_text(PapersMatcher *p, PapersTokenizer *pTok, const char *z,
                    int n, int *pnMatch){
  RunCtx r;
  int rc, i, nOut = 0, bQual = 0;
  memset(&r, 0, sizeof(r));
  r.p = p;
  r.zText = z;
  rc = papers_tokenizer_run(pTok, z, n, &r, run_token);
  if( rc!=SQLITE_OK ) return rc;
  for(i=0; i<r.nMatch && !bQual; i++){
    const Pattern *pat = &p->aPat[p->aMatch[i].iPattern];
    bQual = pat->iQual>=0 || pat->mCaps;
  }
  if( bQual ){
    if( p->bAnyWith ){
      /* the words of this text, for QUAL_WITH */
      if( ++p->iGen==0 ){
        memset(p->aSeenGen, 0, sizeof(unsigned)*((size_t)p->nIntern+1));
        p->iGen = 1;
      }
      for(i=0; i<r.nSeen; i++) p->aSeenGen[p->aTokId[i]] = p->iGen;
    }
    for(i=0; i<r.nMatch; i++){
      if( qualifies(p, &p->aMatch[i], r.nSeen) ) p->aMatch[nOut++] = p->aMatch[i];
    }
    r.nMatch = nOut;
  }
  /* found in order of end, longest first at each end: only overlapping
  ** matches are out of order (many patterns ending on one node can make
  ** papers_sort_nearly go over to qsort) */
  papers_sort_nearly(p->aMatch, r.nMatch, sizeof(PapersMatch), cmp_match);
  *pnMatch = r.nMatch;
  return SQLITE_OK;
}

int papers_matcher_run(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *z, int n, PapersMatch **paMatch, int *pnMatch){
  int rc, i, j, nMatch = 0, nOut = 0;
  *paMatch = 0;
  *pnMatch = 0;
  if( p->nPat==0 ) return SQLITE_OK;
  rc = run_text(p, pTok, z, n, &nMatch);
  if( rc!=SQLITE_OK ) return rc;
  /* Variants of one tag that tokenise the same (LLM, LLMs) match the same
  ** span: keep the first. */
  for(i=0; i<nMatch; i++){
    const PapersMatch *m = &p->aMatch[i];
    for(j=nOut-1; j>=0 && p->aMatch[j].iStart==m->iStart && p->aMatch[j].iEnd==m->iEnd; j--){
      if( p->aMatch[j].iTagId==m->iTagId ) break;
    }
    if( j>=0 && p->aMatch[j].iStart==m->iStart && p->aMatch[j].iEnd==m->iEnd ) continue;
    p->aMatch[nOut++] = *m;
  }
  *paMatch = p->aMatch;
  *pnMatch = nOut;
  return SQLITE_OK;
}

int papers_matcher_flags(const PapersMatcher *p, int iPattern){
  return p->aPat[iPattern].flags;
}

int papers_matcher_ntag(const PapersMatcher *p){
  return p->nTagId;
}

const char *papers_matcher_tag_of(const PapersMatcher *p, int iTagId){
  return p->zPool + p->aTagJson[iTagId].iName;
}

int *papers_matcher_tag_scratch(PapersMatcher *p){
  return p->aTagScratch;
}
