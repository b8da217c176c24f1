/*
** tokenizer.c: the one tokenizer core behind every text function of the
** extension: tokenize(), tokens(), the FTS5 tokenizer `papers` (tokens.c,
** fts5_papers.c), and the tagging and similarity functions. The API is
** include/tokenizer.h; this file adds no SQL.
**
** Rules (the README's "Token rules" gives examples from the digests):
**   - A token is a run of letters, digits and combining marks (utf8proc
**     categories L*, N*, M*). Everything else separates tokens: spaces,
**     punctuation, symbols, emoji, hyphens, underscores, slashes.
**   - An apostrophe (' or U+2019) between two letters stays in the token
**     (model's, don't; U+2019 folds to '); elsewhere it separates
**     ('high-quality').
**   - A '.' between two digits stays in the token (2.25, 1.5; the digit
**     after it may be any decimal digit, so full-width １６.４７ is one
**     token like its NFKC form 16.47); a decimal
**     number ends where letters follow it, so the flattened LaTeX 3.18times
**     gives 3.18 and times. Other digit-letter runs stay whole (4bit, int8,
**     h100, t2i, 3d).
**   - A wide (East Asian Width W) letter, i.e. Han, Hiragana, Katakana or
**     Hangul, is a token on its own: those scripts do not put spaces
**     between words.
**   - Default normalisation: NFKC with case folding (full-width letters and
**     ligatures fold: ＬＬＭ -> llm, ﬁ -> fi; Greek final sigma folds to
**     σ), then combining marks are stripped where they decorate a cased
**     letter (Latin, Greek, Cyrillic: café -> cafe) and kept elsewhere (so
**     हिन्दी stays one token with its vowel signs). Format characters such as
**     a soft hyphen inside a word are dropped.
**   - Options: `keepcase` (no case folding), `keepmarks` (no mark
**     stripping), `stopwords` (drop the English stop words below; a dropped
**     word still uses up its position, so phrase distances stay right),
**     `stem` (Snowball English through libstemmer; the plural of an
**     abbreviation, LLMs, GPUs, llms, is stemmed without its s, as Snowball
**     does not: see papers_tok_abbrev_plural()).
**
** Speed: a token made only of ASCII is folded without utf8proc (runs of
** ASCII letters and digits are found and folded 16 bytes at a time with
** SSE2 where the compiler has it); utf8proc is called only for tokens with
** other bytes. Stems are cached (a hash table keyed on the folded word),
** and Snowball is not called for words it leaves alone (two letters or
** less, or last two letters that end none of its suffixes). Invalid UTF-8
** bytes separate tokens, like punctuation.
*/
#include "papers.h"
#include "tokenizer.h"
SQLITE_EXTENSION_INIT3

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Stems are cached: a word repeats many times in a corpus and Snowball is
** the costly step (a few hundred ns a call). The cache is a hash table with
** open addressing (linear probing) keyed on the folded word, each slot
** holding the word and its stem. It starts small (STEM_MIN slots, 32 KB: a
** tokenizer made for one short text, as keywords() or one statement of
** tokenize() makes, must not zero much) and doubles when half full, up to
** STEM_MAX slots (8 MB); once that is half full, new words are stemmed
** without being stored. Nothing is evicted, so a word is stemmed by
** Snowball once per tokenizer. */
#define STEM_MIN     1024
#define STEM_MAX     262144
#define STEM_MAXLEN  15         /* a slot is 32 bytes */
typedef struct StemSlot StemSlot;
struct StemSlot {
  uint64_t k0, k1;                 /* the word as a key (papers_word_key); k1==0: empty */
  unsigned char nStem;
  char zStem[STEM_MAXLEN];
};

struct PapersTokenizer {
  PapersTokOptions o;
  struct sb_stemmer *pStemmer;     /* when o.stem */
  StemSlot *aStem;                 /* the stem cache, made on first use */
  int nStemSlot, nStemUsed;        /* its size (a power of 2) and fill */
  char *zBuf;  int nBuf;           /* the normalised token */
  utf8proc_int32_t *aCp;  int nCp; /* code points of a non-ASCII token */
  const char *zIn;  int nIn;       /* the text being tokenised */
  int iIn;                         /* where the scan goes on in it */
  int iPos;                        /* position of the next token */
};

/* ------------------------------------------------------------ options */

static int set_option(PapersTokOptions *p, const char *z, int n){
  if( n==4 && memcmp(z, "stem", 4)==0 ){ p->stem = 1; return 1; }
  if( n==9 && memcmp(z, "stopwords", 9)==0 ){ p->stopwords = 1; return 1; }
  if( n==8 && memcmp(z, "keepcase", 8)==0 ){ p->keepcase = 1; return 1; }
  if( n==9 && memcmp(z, "keepmarks", 9)==0 ){ p->keepmarks = 1; return 1; }
  return 0;
}

int papers_tok_options_parse(const char *zOptions, PapersTokOptions *pOut,
                             char **pzErr){
  const char *z = zOptions;
  memset(pOut, 0, sizeof(*pOut));
  *pzErr = 0;
  while( z && *z ){
    int n;
    while( *z==' ' || *z=='\t' ) z++;
    for(n=0; z[n] && z[n]!=' ' && z[n]!='\t'; n++){}
    if( n==0 ) break;
    if( !set_option(pOut, z, n) ){
      *pzErr = sqlite3_mprintf("unknown option: %.*s", n, z);
      return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
    }
    z += n;
  }
  return SQLITE_OK;
}

int papers_tok_options_parse_argv(const char **azArg, int nArg,
                                  PapersTokOptions *pOut, char **pzErr){
  int i;
  memset(pOut, 0, sizeof(*pOut));
  *pzErr = 0;
  for(i=0; i<nArg; i++){
    if( !set_option(pOut, azArg[i], (int)strlen(azArg[i])) ){
      *pzErr = sqlite3_mprintf("unknown option: %s", azArg[i]);
      return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

/* --------------------------------------------------------- stop words */

/* Snowball's English stop word list, with "can", "will" and "just" added.
** Every token of a `stopwords` run is looked up, so the list goes into a
** small open-addressing hash set, filled once per process (pthread_once:
** connections may load the extension from several threads at once). */
static const char *const azStop[] = {
  "a", "about", "above", "after", "again", "against", "all", "am", "an", "and",
  "any", "are", "aren't", "as", "at", "be", "because", "been", "before",
  "being", "below", "between", "both", "but", "by", "can", "can't", "cannot",
  "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing",
  "don't", "down", "during", "each", "few", "for", "from", "further", "had",
  "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd",
  "he'll", "he's", "her", "here", "here's", "hers", "herself", "him",
  "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if",
  "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's",
  "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of",
  "off", "on", "once", "only", "or", "other", "ought", "our", "ours",
  "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd",
  "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than",
  "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
  "there", "there's", "these", "they", "they'd", "they'll", "they're",
  "they've", "this", "those", "through", "to", "too", "under", "until", "up",
  "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were",
  "weren't", "what", "what's", "when", "when's", "where", "where's", "which",
  "while", "who", "who's", "whom", "why", "why's", "will", "with", "won't",
  "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your",
  "yours", "yourself", "yourselves",
};

/* Binary search in byte order, comparing in place: no strlen of the
** elements, no comparator call (the keywords lexicon is 17,000 words and
** is asked once per token). */
int papers_word_in_list(const char *const *azList, int nList,
                        const char *zWord, int nWord){
  int lo = 0, hi = nList;
  while( lo<hi ){
    int mid = lo + (hi-lo)/2, i, c = 0;
    const unsigned char *e = (const unsigned char*)azList[mid];
    for(i=0; i<nWord; i++){
      if( e[i]==0 ){ c = 1; break; }        /* the element is a prefix */
      c = (int)(unsigned char)zWord[i] - (int)e[i];
      if( c ) break;
    }
    if( i==nWord ) c = e[nWord] ? -1 : 0;   /* the word is a prefix, or equal */
    if( c==0 ) return 1;
    if( c<0 ) hi = mid; else lo = mid + 1;
  }
  return 0;
}

#define STOP_MAXLEN 10                 /* "yourselves" */
#define STOP_SLOTS  512                /* a power of two, > 2x the list */
typedef struct StopSlot StopSlot;
struct StopSlot { unsigned char n; char z[STOP_MAXLEN]; };   /* n==0: empty */
static StopSlot aStopSet[STOP_SLOTS];
/* A first test that rejects most words without hashing them: bit
** (last byte & 31) of aStopEnds[length][first byte & 31] is set when a stop
** word of that length starts and ends so (collisions only cost a lookup). */
static uint32_t aStopEnds[STOP_MAXLEN+1][32];
static pthread_once_t stopSetOnce = PTHREAD_ONCE_INIT;

static unsigned stop_hash(const char *z, int n){
  return papers_fnv1a(z, n) & (STOP_SLOTS-1);
}

static void stop_set_fill(void){
  size_t i;
  for(i=0; i<sizeof(azStop)/sizeof(azStop[0]); i++){
    int n = (int)strlen(azStop[i]);
    unsigned h = stop_hash(azStop[i], n);
    while( aStopSet[h].n ) h = (h+1) & (STOP_SLOTS-1);
    aStopSet[h].n = (unsigned char)n;
    memcpy(aStopSet[h].z, azStop[i], n);
    aStopEnds[n][azStop[i][0] & 31] |= 1u << (azStop[i][n-1] & 31);
  }
}

int papers_tok_is_stopword(const char *zToken, int nToken){
  unsigned h;
  if( nToken<1 || nToken>STOP_MAXLEN ) return 0;
  pthread_once(&stopSetOnce, stop_set_fill);
  if( (aStopEnds[nToken][zToken[0] & 31] >> (zToken[nToken-1] & 31) & 1)==0 ) return 0;
  for(h=stop_hash(zToken, nToken); aStopSet[h].n; h=(h+1) & (STOP_SLOTS-1)){
    if( aStopSet[h].n==nToken && memcmp(aStopSet[h].z, zToken, nToken)==0 ) return 1;
  }
  return 0;
}

/* Hand the JSON text built in s to ctx as its result (subtype 'J', for the
** json1 functions), or rc, or s's own error, as the error. Frees s. */
void papers_result_json(sqlite3_context *ctx, sqlite3_str *s, int rc){
  int n;
  if( rc==SQLITE_OK ) rc = sqlite3_str_errcode(s);
  if( rc!=SQLITE_OK ){
    sqlite3_free(sqlite3_str_finish(s));
    if( rc==SQLITE_TOOBIG ) sqlite3_result_error_toobig(ctx);
    else if( rc==SQLITE_NOMEM ) sqlite3_result_error_nomem(ctx);
    else sqlite3_result_error_code(ctx, rc);
    return;
  }
  n = sqlite3_str_length(s);
  sqlite3_result_text(ctx, sqlite3_str_finish(s), n, sqlite3_free);
  sqlite3_result_subtype(ctx, 'J');
}

void papers_json_string(sqlite3_str *s, const char *z, int n){
  int i = 0;
  sqlite3_str_appendchar(s, 1, '"');
  while( i<n ){
    /* runs of bytes that need no escape go in one append */
    int k = i;
    unsigned char c = 0;
    while( k<n && (c = (unsigned char)z[k])>=0x20 && c!='"' && c!='\\' ) k++;
    if( k>i ) sqlite3_str_append(s, z+i, k-i);
    if( k>=n ) break;
    if( c=='"' || c=='\\' ) sqlite3_str_appendf(s, "\\%c", c);
    else sqlite3_str_appendf(s, "\\u%04x", c);
    i = k+1;
  }
  sqlite3_str_appendchar(s, 1, '"');
}

/* ---------------------------------------------------------- the object */

int papers_tokenizer_new(const PapersTokOptions *pOptions, PapersTokenizer **ppTok){
  PapersTokenizer *p = sqlite3_malloc64(sizeof(*p));
  *ppTok = 0;
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  p->o = *pOptions;
  if( p->o.stem ){
    p->pStemmer = sb_stemmer_new("english", "UTF_8");
    if( p->pStemmer==0 ){
      sqlite3_free(p);
      return SQLITE_NOMEM;
    }
  }
  *ppTok = p;
  return SQLITE_OK;
}

void papers_tokenizer_free(PapersTokenizer *p){
  if( p==0 ) return;
  if( p->pStemmer ) sb_stemmer_delete(p->pStemmer);
  sqlite3_free(p->aStem);
  sqlite3_free(p->zBuf);
  sqlite3_free(p->aCp);
  sqlite3_free(p);
}

/* aStemEnd[c]: which letters may come before the last letter c of a word
** that Snowball English changes; bit (b-'a') is set for each such b, all
** bits when any letter may. Taken from its suffixes and exceptional forms:
**   c: -ic             d: -ed (-eed, -ied)    e: -e (step 5; -ate, -ive...)
**   g: -ing            i: -ci -li -ti -gi (step 2: -enci, -abli, -iti, -ogi)
**   l: -al -ul -ll     m: -ism                n: -ion
**   r: -er -or         s: -s (-'s, -ies, -ness, -ous; skis, news...)
**   t: -ant -ent       y: -y (-ly, -edly, -ingly; y -> i; only, early...)
** Any other word (and any word of two letters or less) is left as it is, so
** Snowball need not be asked: "method", "from", "for", "that", "model". */
#define LB(c) (1u << ((c) - 'a'))
static const unsigned aStemEnd[256] = {
  ['c'] = LB('i'),           ['d'] = LB('e'),           ['e'] = ~0u,
  ['g'] = LB('n'),           ['i'] = LB('c')|LB('l')|LB('t')|LB('g'),
  ['l'] = LB('a')|LB('u')|LB('l'),                      ['m'] = LB('s'),
  ['n'] = LB('o'),           ['r'] = LB('e')|LB('o'),   ['s'] = ~0u,
  ['t'] = LB('n'),           ['y'] = ~0u,  ['Y'] = ~0u,
};
#undef LB

/* 1 if Snowball English may change the folded word z[0..n), n>2. */
static int stem_may_change(const char *z, int n){
  unsigned m = aStemEnd[(unsigned char)z[n-1]];
  unsigned b = (unsigned)((unsigned char)z[n-2] - 'a');
  return m==~0u || (b<26u && (m>>b & 1));
}

/* The slot of key (k0,k1) in the stem cache, or the empty slot where it
** belongs. The cache must exist and have an empty slot. */
static StemSlot *stem_slot(PapersTokenizer *p, uint64_t k0, uint64_t k1){
  unsigned mask = (unsigned)p->nStemSlot - 1;
  unsigned h = papers_word_hash(k0, k1);
  for(;;){
    StemSlot *pSlot = &p->aStem[h & mask];
    if( (pSlot->k0==k0 && pSlot->k1==k1) || pSlot->k1==0 ) return pSlot;
    h++;
  }
}

/* Make the cache nSlot slots big, moving the words already in it. */
static int stem_cache_resize(PapersTokenizer *p, int nSlot){
  StemSlot *aOld = p->aStem;
  int nOld = p->nStemSlot, i;
  p->aStem = sqlite3_malloc64(sizeof(StemSlot)*(sqlite3_uint64)nSlot);
  if( p->aStem==0 ){ p->aStem = aOld; return SQLITE_NOMEM; }
  memset(p->aStem, 0, sizeof(StemSlot)*(size_t)nSlot);
  p->nStemSlot = nSlot;
  for(i=0; i<nOld; i++){
    if( aOld[i].k1 ) *stem_slot(p, aOld[i].k0, aOld[i].k1) = aOld[i];
  }
  sqlite3_free(aOld);
  return SQLITE_OK;
}

/* Replace the folded token (*pz, *pn) (n>2, stem_may_change) by its stem,
** through the cache. SQLITE_OK or SQLITE_NOMEM. */
static int stem_token(PapersTokenizer *p, const char **pz, int *pn){
  const char *z = *pz;
  int n = *pn, nStem;
  StemSlot *pSlot = 0;
  uint64_t k0 = 0, k1 = 0;
  const sb_symbol *zStem;
  if( n<=PAPERS_WORD_KEY_MAX ){
    if( p->aStem==0 && stem_cache_resize(p, STEM_MIN) ) return SQLITE_NOMEM;
    papers_word_key(z, n, &k0, &k1);
    pSlot = stem_slot(p, k0, k1);
    if( pSlot->k1 ){
      *pz = pSlot->zStem;
      *pn = pSlot->nStem;
      return SQLITE_OK;
    }
  }
  zStem = sb_stemmer_stem(p->pStemmer, (const sb_symbol*)z, n);
  if( zStem==0 ) return SQLITE_NOMEM;
  nStem = sb_stemmer_length(p->pStemmer);
  if( pSlot && nStem<=STEM_MAXLEN && p->nStemUsed < p->nStemSlot/2 ){
    pSlot->k0 = k0;
    pSlot->k1 = k1;
    pSlot->nStem = (unsigned char)nStem;
    memcpy(pSlot->zStem, zStem, nStem);
    p->nStemUsed++;
    if( p->nStemUsed >= p->nStemSlot/2 && p->nStemSlot < STEM_MAX ){
      /* zStem stays valid: it is Snowball's buffer, not the cache's */
      if( stem_cache_resize(p, p->nStemSlot*2) ) return SQLITE_NOMEM;
    }
  }
  *pz = (const char*)zStem;
  *pn = nStem;
  return SQLITE_OK;
}

/* papers_tok_abbrev_plural() past its inline test: z[n-1] is 's', n>=3 (a
** lower-case s as written: H2S, KMS and GPUS are no plurals). */
int papers_tok_abbrev_plural_s(const char *z, int n, const char *zFold, int nFold){
  int i = 0, nUpper = 0, bUpper = 0, bLetter = 0;
  if( nFold<3 || zFold[nFold-1]!='s' ) return 0;
  for(i=0; i<nFold-1; i++){                           /* llms, h100s */
    char c = zFold[i];
    if( c>='0' && c<='9' ) continue;
    if( c<'a' || c>'z' || c=='a' || c=='e' || c=='i' || c=='o' || c=='u' || c=='y' ) break;
    bLetter = 1;
  }
  if( i==nFold-1 && bLetter ) return 1;
  /* LLMs, GPUs: two or more capitals, the last before the s */
  if( !((z[n-2]>='A' && z[n-2]<='Z') || (z[n-2] & 0x80)) ) return 0;
  i = 0;
  while( i<n-1 ){
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t*)z + i, n - 1 - i, &c);
    if( k<=0 ){ k = 1; c = -1; }
    bUpper = c>=0 && utf8proc_category(c)==UTF8PROC_CATEGORY_LU;
    nUpper += bUpper;
    i += (int)k;
  }
  return nUpper>=2 && bUpper;
}

/* Does z[0..n) end with the ASCII suffix zSuf? */
static int ends_with(const char *z, int n, const char *zSuf){
  int k = (int)strlen(zSuf);
  return n>=k && memcmp(z+n-k, zSuf, k)==0;
}

/* One plural suffix off z[0..n), as papers_tok_fold_inflection() says;
** the new length (*pbY: the word now ends in y instead of ies). */
static int unplural(const char *z, int n, int *pbY){
  *pbY = 0;
  if( n>4 && ends_with(z, n, "ies") ){ *pbY = 1; return n-2; }
  if( n>4 && ends_with(z, n, "es")
   && (z[n-3]=='s' || z[n-3]=='x' || z[n-3]=='z' || ends_with(z, n-2, "ch")
       || ends_with(z, n-2, "sh")) ){
    return n-2;
  }
  if( n>3 && z[n-1]=='s' && !ends_with(z, n, "ss") && !ends_with(z, n, "us")
   && !ends_with(z, n, "is") ){
    return n-1;
  }
  return n;
}

int papers_tok_fold_inflection(const char *z, int n, char *zOut){
  int m, bY, bY2;
  if( n>2 && z[n-2]=='\'' && z[n-1]=='s' ) n -= 2;        /* model's */
  m = unplural(z, n, &bY);
  if( m<n && !bY ){
    int m2 = unplural(z, m, &bY2);
    if( !bY2 && m2==m-1 ) m = m2;                        /* biases, bias */
  }
  /* a final e goes too: "caches" lost its -es and "cache" keeps its e,
  ** "bases" lost its -es and "base" keeps its e: both forms end alike */
  if( !bY && m>3 && z[m-1]=='e' ) m--;
  if( zOut!=z ) memmove(zOut, z, m);
  if( bY ) zOut[m-1] = 'y';
  return m;
}

const char *papers_tok_stem(PapersTokenizer *p, const char *zToken, int nToken,
                            int *pnOut){
  const sb_symbol *z;
  if( p->pStemmer==0 ){
    p->pStemmer = sb_stemmer_new("english", "UTF_8");
    if( p->pStemmer==0 ) return 0;
  }
  z = sb_stemmer_stem(p->pStemmer, (const sb_symbol*)zToken, nToken);
  if( z==0 ) return 0;
  *pnOut = sb_stemmer_length(p->pStemmer);
  return (const char*)z;
}

/* ------------------------------------------------------- classifying */

/* ASCII classes: 1 letter, 2 digit, 0 other. */
static const unsigned char aAscii[128] = {
  0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0, 2,2,2,2,2,2,2,2, 2,2,0,0,0,0,0,0,
  0,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1, 1,1,1,0,0,0,0,0,
  0,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1, 1,1,1,0,0,0,0,0,
};

enum { K_SEP = 0, K_LETTER = 1, K_DIGIT = 2, K_MARK = 3, K_WIDE = 4,
       K_APOS = 5, K_FORMAT = 6 };

/* Kind of the code point at z[0..n); its byte length in *pLen. */
static int kind_at(const unsigned char *z, int n, int *pLen){
  utf8proc_int32_t c;
  utf8proc_ssize_t k;
  if( z[0]<0x80 ){
    *pLen = 1;
    if( z[0]=='\'' ) return K_APOS;
    return aAscii[z[0]];
  }
  k = utf8proc_iterate(z, n, &c);
  if( k<=0 ){ *pLen = 1; return K_SEP; }     /* invalid UTF-8: a separator */
  *pLen = (int)k;
  switch( utf8proc_category(c) ){
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
      return K_LETTER;
    case UTF8PROC_CATEGORY_LO:
      return utf8proc_charwidth(c)==2 ? K_WIDE : K_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return K_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return K_MARK;
    case UTF8PROC_CATEGORY_CF:
      return K_FORMAT;
    case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PI:
      return c==0x2019 ? K_APOS : K_SEP;
    default:
      return K_SEP;
  }
}

/* ------------------------------------------------------ normalisation */

/* NFKC (+ case folding unless keepcase) of z[0..n), with marks on cased
** letters stripped unless keepmarks, into p->zBuf. Returns the length, or
** -1 on OOM. */
static int normalise_unicode(PapersTokenizer *p, const char *z, int n){
  utf8proc_option_t opts = UTF8PROC_STABLE|UTF8PROC_COMPAT|UTF8PROC_COMPOSE
                         |UTF8PROC_IGNORE;
  utf8proc_ssize_t nCp, i, o;
  int bCased = 0, nOut = 0;
  if( !p->o.keepcase ) opts |= UTF8PROC_CASEFOLD;
  for(;;){
    nCp = utf8proc_decompose((const utf8proc_uint8_t*)z, n, p->aCp, p->nCp, opts);
    if( nCp<0 ) return 0;              /* cannot happen: z was validated */
    if( nCp<=p->nCp ) break;
    sqlite3_free(p->aCp);
    p->aCp = sqlite3_malloc64(sizeof(utf8proc_int32_t)*(nCp+16));
    p->nCp = p->aCp ? (int)nCp+16 : 0;
    if( p->aCp==0 ) return -1;
  }
  /* Strip combining marks that decorate a cased letter. */
  for(i=o=0; i<nCp; i++){
    utf8proc_int32_t c = p->aCp[i];
    utf8proc_category_t cat = utf8proc_category(c);
    if( cat==UTF8PROC_CATEGORY_MN || cat==UTF8PROC_CATEGORY_ME ){
      if( bCased && !p->o.keepmarks ) continue;
    }else{
      const utf8proc_property_t *prop = utf8proc_get_property(c);
      bCased = cat==UTF8PROC_CATEGORY_LU || cat==UTF8PROC_CATEGORY_LL
            || cat==UTF8PROC_CATEGORY_LT
            || prop->uppercase_seqindex!=UINT16_MAX
            || prop->lowercase_seqindex!=UINT16_MAX;
    }
    /* the typographic apostrophe (TabPFN’s) is the ASCII one, so that it
    ** reads and stems the same (Snowball knows only ') */
    p->aCp[o++] = c==0x2019 ? '\'' : c;
  }
  nCp = utf8proc_normalize_utf32(p->aCp, o, opts);
  if( nCp<0 ) return 0;
  if( papers_grow(&p->zBuf, &p->nBuf, (sqlite3_int64)nCp*4+1, 1, 64) ) return -1;
  for(i=0; i<nCp; i++){
    nOut += (int)utf8proc_encode_char(p->aCp[i], (utf8proc_uint8_t*)p->zBuf+nOut);
  }
  return nOut;
}

/* Fold, filter and stem one token z[iStart..iEnd) into *pT. Returns
** SQLITE_ROW for a token, SQLITE_OK when there is none (a dropped stop
** word, or nothing left after normalising), or SQLITE_NOMEM. */
static int emit(PapersTokenizer *p, const char *zText, int iStart, int iEnd,
                int bAscii, PapersToken *pT){
  const char *zTok;
  int nTok = iEnd - iStart;
  int iPos = p->iPos;
  if( bAscii ){
    if( p->o.keepcase ){
      zTok = zText + iStart;
    }else{
      int i;
      if( papers_grow(&p->zBuf, &p->nBuf, nTok+1, 1, 64) ) return SQLITE_NOMEM;
      for(i=0; i<nTok; i++){
        unsigned char c = (unsigned char)zText[iStart+i];
        p->zBuf[i] = (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
      }
      zTok = p->zBuf;
    }
  }else{
    nTok = normalise_unicode(p, zText+iStart, nTok);
    if( nTok<0 ) return SQLITE_NOMEM;
    if( nTok==0 ) return SQLITE_OK;   /* e.g. only ignorable marks: no token, no position */
    zTok = p->zBuf;
  }
  p->iPos = iPos+1;    /* a token, even if a stop word dropped below */
  if( p->o.stopwords ){
    int bStop;
    if( p->o.keepcase && nTok<=10 ){
      char aLow[10];
      int i;
      for(i=0; i<nTok; i++){
        unsigned char c = (unsigned char)zTok[i];
        aLow[i] = (char)(c>='A' && c<='Z' ? c+32 : c);
      }
      bStop = papers_tok_is_stopword(aLow, nTok);
    }else{
      bStop = papers_tok_is_stopword(zTok, nTok);
    }
    if( bStop ) return SQLITE_OK;
  }
  if( p->o.stem && papers_tok_abbrev_plural(zText + iStart, iEnd - iStart, zTok, nTok) ){
    nTok--;                                     /* LLMs: as LLM */
  }
  if( p->o.stem && nTok>2 && stem_may_change(zTok, nTok) ){
    int rc = stem_token(p, &zTok, &nTok);
    if( rc ) return rc;
  }
  pT->zToken = zTok;  pT->nToken = nTok;
  pT->iPos = iPos;  pT->iStart = iStart;  pT->iEnd = iEnd;
  return SQLITE_ROW;
}

/* Byte classes for the scanner: 1 ASCII letter, 2 ASCII digit, 3 a byte of
** a multi-byte sequence (or an invalid byte), 4 '.', 5 '\'', 0 other ASCII
** (a separator). B_LETTER and B_DIGIT equal K_LETTER and K_DIGIT. */
enum { B_SEP = 0, B_LETTER = 1, B_DIGIT = 2, B_HIGH = 3, B_DOT = 4, B_APOS = 5 };
static const unsigned char aByte[256] = {
  0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,5,0,0,0,0,0,0,4,0, 2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,
  0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
  0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
  3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3, 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
  3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3, 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
  3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3, 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
  3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3, 3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
};
#define IS_ALNUM(b) ((unsigned)(aByte[b] - 1) < 2u)

/* The end of the run of ASCII letters and digits that starts at z[i]. With
** SSE2, 16 bytes are classified at a time and the end found with a bit
** scan, so the end of a token costs no mispredicted loop exit. */
static int alnum_run_end(const unsigned char *z, int i, int nText){
#ifdef __SSE2__
  const __m128i kLetterBias = _mm_set1_epi8((char)(128 - 'a'));
  const __m128i kDigitBias = _mm_set1_epi8((char)(128 - '0'));
  const __m128i kCase = _mm_set1_epi8(0x20);
  const __m128i kLetterMax = _mm_set1_epi8((char)(-128 + 26));
  const __m128i kDigitMax = _mm_set1_epi8((char)(-128 + 10));
  while( i+16<=nText ){
    __m128i v = _mm_loadu_si128((const __m128i*)(z+i));
    /* (c|0x20)-'a' in [0,26) and c-'0' in [0,10), as signed compares of
    ** values biased by -128 */
    __m128i l = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, kCase), kLetterBias), kLetterMax);
    __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, kDigitBias), kDigitMax);
    unsigned m = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(l, d)) & 0xFFFFu;
    if( m ) return i + __builtin_ctz(m);
    i += 16;
  }
#endif
  while( i<nText && IS_ALNUM(z[i]) ) i++;
  return i;
}

/* Lower-case the ASCII token z[iStart..iStart+n) into zOut (which has 16
** bytes to spare past n). */
static void fold_ascii(char *zOut, const unsigned char *z, int iStart, int n,
                       int nText){
  int k = 0;
#ifdef __SSE2__
  const __m128i kA = _mm_set1_epi8((char)(128 - 'A'));
  const __m128i kMax = _mm_set1_epi8((char)(-128 + 26));
  const __m128i kCase = _mm_set1_epi8(0x20);
  for(; k<n && iStart+k+16<=nText; k+=16){
    __m128i v = _mm_loadu_si128((const __m128i*)(z+iStart+k));
    __m128i up = _mm_cmplt_epi8(_mm_add_epi8(v, kA), kMax);
    _mm_storeu_si128((__m128i*)(zOut+k), _mm_add_epi8(v, _mm_and_si128(up, kCase)));
  }
#else
  (void)nText;                   /* only the vector loop needs the bound */
#endif
  for(; k<n; k++){
    unsigned char c = z[iStart+k];
    zOut[k] = (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
  }
}

/* Is there a decimal digit (ASCII, or any of category Nd such as the
** full-width ones) at z[i], i<nText? So that "１６.４７" is one token, as its
** NFKC "16.47" is. */
static int digit_at(const unsigned char *z, int i, int nText){
  utf8proc_int32_t c;
  if( z[i]<0x80 ) return aByte[z[i]]==B_DIGIT;
  return utf8proc_iterate(z+i, nText-i, &c)>0
      && utf8proc_category(c)==UTF8PROC_CATEGORY_ND;
}

/* The rest of a token from z[i] on, once a decimal point has joined it
** (rare): only digits and marks continue it (the letters of "3.18times"
** end it), and '.' before a digit. Returns the end of the token;
** *pbAscii is cleared if a non-ASCII byte is taken. */
static int scan_after_decimal(const unsigned char *z, int i, int nText,
                              int prev, int *pbAscii){
  int kind, len;
  while( i<nText ){
    if( z[i]<0x80 ){
      int k = aAscii[z[i]];
      if( k ){
        if( k==K_LETTER && prev==K_DIGIT ) break;   /* 3.18times */
        prev = k;
        i++;
        continue;
      }
      if( z[i]=='.' && prev==K_DIGIT && i+1<nText && digit_at(z, i+1, nText) ){
        i++;
        continue;
      }
      if( z[i]=='\'' && prev==K_LETTER && i+1<nText ){
        int len2;
        if( kind_at(z+i+1, nText-i-1, &len2)==K_LETTER ){ i++; continue; }
      }
      break;
    }
    kind = kind_at(z+i, nText-i, &len);
    if( kind==K_LETTER || kind==K_DIGIT || kind==K_MARK ){
      if( kind==K_LETTER && prev==K_DIGIT ) break;
      if( kind!=K_MARK ) prev = kind;
      *pbAscii = 0;
      i += len;
      continue;
    }
    if( (kind==K_APOS && prev==K_LETTER) || kind==K_FORMAT ){
      int len2;
      if( i+len<nText && kind_at(z+i+len, nText-i-len, &len2)==K_LETTER ){
        *pbAscii = 0;
        i += len;
        continue;
      }
    }
    break;
  }
  return i;
}

/* The scanner: the next token from p->iIn on. The common case, a run of
** ASCII letters and digits, is found 16 bytes at a time; such a token is
** folded (and stemmed) right here unless keepcase or stopwords needs
** emit(). Everything else follows the rules in the header comment through
** kind_at(). */
static int tokenizer_next(PapersTokenizer *p, PapersToken *pT){
  const char *zText = p->zIn;
  const unsigned char *z = (const unsigned char*)zText;
  const int nText = p->nIn;
  int i = p->iIn, rc;
  while( i<nText ){
    int iStart, len, kind, bAscii = 1, prev;
    unsigned char b = aByte[z[i]];
    /* skip to the start of a token */
    if( b==B_LETTER || b==B_DIGIT ){
      kind = b;
      len = 1;
    }else if( b!=B_HIGH ){
      i++;
      continue;
    }else{
      kind = kind_at(z+i, nText-i, &len);
      if( kind==K_WIDE ){
        rc = emit(p, zText, i, i+len, 0, pT);
        i += len;
        if( rc ){ p->iIn = i; return rc; }
        continue;
      }
      if( kind!=K_LETTER && kind!=K_DIGIT && kind!=K_MARK ){ i += len; continue; }
      bAscii = 0;
    }
    iStart = i;
    prev = kind;
    i += len;
    /* extend it */
    while( i<nText ){
      if( IS_ALNUM(z[i]) ){
        i = alnum_run_end(z, i, nText);
        prev = aByte[z[i-1]];
        if( i>=nText ) break;
      }
      b = aByte[z[i]];
      if( b==B_DOT ){
        if( prev==K_DIGIT && i+1<nText && digit_at(z, i+1, nText) ){
          i = scan_after_decimal(z, i+1, nText, prev, &bAscii);
        }
        break;
      }
      if( b==B_APOS ){
        int len2;
        if( prev==K_LETTER && i+1<nText
         && kind_at(z+i+1, nText-i-1, &len2)==K_LETTER ){ i++; continue; }
        break;
      }
      if( b!=B_HIGH ) break;
      kind = kind_at(z+i, nText-i, &len);
      if( kind==K_LETTER || kind==K_DIGIT || kind==K_MARK ){
        if( kind!=K_MARK ) prev = kind;
        bAscii = 0;
        i += len;
        continue;
      }
      if( (kind==K_APOS && prev==K_LETTER) || kind==K_FORMAT ){
        int len2;
        if( i+len<nText && kind_at(z+i+len, nText-i-len, &len2)==K_LETTER ){
          bAscii = 0;
          i += len;
          continue;
        }
      }
      break;
    }
    if( bAscii && !p->o.keepcase && !p->o.stopwords ){
      /* inline emit(): fold an ASCII token (and stem it) */
      int n = i - iStart;
      const char *zTok;
      if( papers_grow(&p->zBuf, &p->nBuf, n+16, 1, 64) ) return SQLITE_NOMEM;
      fold_ascii(p->zBuf, z, iStart, n, nText);
      zTok = p->zBuf;
      if( p->o.stem && papers_tok_abbrev_plural(zText + iStart, n, zTok, n) ){
        n--;                                    /* LLMs: as LLM */
      }
      if( p->o.stem && n>2 && stem_may_change(zTok, n) ){
        rc = stem_token(p, &zTok, &n);
        if( rc ) return rc;
      }
      pT->zToken = zTok;  pT->nToken = n;
      pT->iPos = p->iPos++;  pT->iStart = iStart;  pT->iEnd = i;
      p->iIn = i;
      return SQLITE_ROW;
    }
    rc = emit(p, zText, iStart, i, bAscii, pT);
    if( rc ){ p->iIn = i; return rc; }
  }
  p->iIn = i;
  return SQLITE_DONE;
}

int papers_tokenizer_start(PapersTokenizer *p, const char *zText, int nText){
  if( papers_grow(&p->zBuf, &p->nBuf, 64, 1, 64) ) return SQLITE_NOMEM;
  p->zIn = zText;
  p->nIn = nText;
  p->iIn = 0;
  p->iPos = 0;
  return SQLITE_OK;
}

int papers_tokenizer_next(PapersTokenizer *p, PapersToken *pT){
  return tokenizer_next(p, pT);
}

int papers_tokenizer_run(PapersTokenizer *p, const char *zText, int nText,
                         void *pCtx, PapersTokenFn xToken){
  PapersToken t;
  int rc = papers_tokenizer_start(p, zText, nText);
  while( rc==SQLITE_OK && (rc = tokenizer_next(p, &t))==SQLITE_ROW ){
    rc = xToken(pCtx, t.zToken, t.nToken, t.iPos, t.iStart, t.iEnd);
  }
  return rc==SQLITE_DONE ? SQLITE_OK : rc;
}
