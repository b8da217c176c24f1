/*
** tokenizer.c: the one tokenizer core behind every text function of the
** extension: tokenize(), tokens(), the FTS5 tokenizer `papers` (tokens.c,
** fts5_papers.c), and the tagging and similarity functions. The API is
** ext/text/tokenizer.h; this file adds no SQL.
**
** Rules (docs/tokens.md, "Token rules", gives examples from the digests):
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
**     Hangul, is a token on its own (with the marks after it): those
**     scripts do not put spaces between words.
**   - The rules apply to the NFKC form of the text, and no token holds a
**     separator: ⑴ is "(1)" and gives 1, ½ is "1⁄2" and gives 1 and 2,
**     U+FDFA gives its four Arabic words, ㍿ and half-width ｶﾀｶﾅ give a
**     token per wide letter. A symbol whose NFKC holds letters or digits is
**     token material (5㎏ -> 5kg, ™ -> tm, ℃ is "°C" -> c; by utf8proc's
**     compatibility decomposition, no table of our own), and a code point
**     whose NFKC is '.' or an apostrophe joins as those do (１．５ -> 1.5).
**     The tokens of one NFKC form each have a position and all carry the
**     offsets of the written token they come from (1 and 2 of ½ both point
**     at ½; x1 and 2y of x½y at x½y).
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
** other bytes, and a compatibility decomposition is looked up only for a
** code point that has one. Stems are cached (a hash table keyed on the
** folded word), and Snowball is not called for words it leaves alone (two
** letters or less, or last two letters that end none of its suffixes).
** Invalid UTF-8 bytes separate tokens, like punctuation.
*/
#include "common.h"
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

/* Hints that keep the scanner's loop over ASCII text tight (GCC, clang):
** the scanner is inlined there, the rare paths are not. */
#if defined(__GNUC__)
# define ALWAYS_INLINE inline __attribute__((always_inline))
# define NOINLINE __attribute__((noinline))
# define COLD __attribute__((cold))
#else
# define ALWAYS_INLINE inline
# define NOINLINE
# define COLD
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
  int iPend, nPend;                /* zBuf[iPend..nPend) holds more tokens of
                                   ** the normalised form of the token at */
  int iPendStart, iPendEnd;        /* zIn[iPendStart..iPendEnd); none: nPend==0 */
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

/* Kinds of code point. K_DOT is '.' (or a code point whose NFKC is '.',
** such as the full-width U+FF0E); K_OPEN is token material whose NFKC
** starts with a separator (U+2474 is "(1)", U+2103 is "°C"): it starts a
** token but never joins the one before it. K_BROKEN is a flag on the kind
** of the end of a code point (Kind.last, see kind_at()) whose NFKC form has a
** separator between letters or digits (U+00BD "1⁄2"): a decimal number
** before it has ended. */
enum { K_SEP = 0, K_LETTER = 1, K_DIGIT = 2, K_MARK = 3, K_WIDE = 4,
       K_APOS = 5, K_FORMAT = 6, K_DOT = 7, K_OPEN = 8,
       K_KIND = 15, K_BROKEN = 16 };

/* The kind of code point c by its category (prop is its property). The
** conjoining Hangul vowels and final consonants (U+1161, U+11A8, ...) are
** marks: they attach to the wide leading consonant before them, as NFC
** makes one syllable of them. */
static inline int category_kind(utf8proc_int32_t c,
                                const utf8proc_property_t *prop){
  switch( prop->category ){
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
      return K_LETTER;
    case UTF8PROC_CATEGORY_LO:
      if( prop->boundclass==UTF8PROC_BOUNDCLASS_V
       || prop->boundclass==UTF8PROC_BOUNDCLASS_T ) return K_MARK;
      return prop->charwidth==2 ? K_WIDE : K_LETTER;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return K_DIGIT;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return K_MARK;
    case UTF8PROC_CATEGORY_CF:
      return K_FORMAT;
    case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PI:
      return c==0x2019 ? K_APOS : K_SEP;
    default:                      /* ASCII comes here from NFKC forms */
      return c=='.' ? K_DOT : c=='\'' ? K_APOS : K_SEP;
  }
}

/* The compatibility decomposition of c (NFKC before composition, no case
** folding) into a[0..COMPAT_MAX); returns its length, 0 if it does not
** fit (no code point has one longer than 18: U+FDFA). */
#define COMPAT_MAX 32
static int compat_expand(utf8proc_int32_t c, utf8proc_int32_t *a){
  int bc = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(c, a, COMPAT_MAX,
                                    UTF8PROC_DECOMPOSE|UTF8PROC_COMPAT, &bc);
  return n>0 && n<=COMPAT_MAX ? (int)n : 0;
}

/* The kinds of a code point c with a compatibility decomposition (kind is
** what its category says), so that token boundaries are those of its NFKC
** form: returns the kind of the first code point of that form (what c is
** to the token before it) and sets *pLast to the kind of its last one that
** is no mark (what c is to the token after it: K_MARK when all are marks;
** K_DOT for a digit and '.', as U+2488 "1."; K_SEP for another separator,
** which ends the token). A symbol whose form holds a letter or a digit is
** token material (U+2122 "TM", U+338F "kg", U+2103 "°C"); one whose form
** is '.' or an apostrophe joins as those do; any other stays a separator. */
static NOINLINE int compat_kind(utf8proc_int32_t c, int kind, int *pLast){
  utf8proc_int32_t a[COMPAT_MAX];
  int n = compat_expand(c, a), i, first, last = K_MARK;
  int bLetter = 0, bMark = 0, bBroken = 0;
  if( n==0 ){ *pLast = kind; return kind; }
  for(i=0; i<n; i++){
    int k = category_kind(a[i], utf8proc_get_property(a[i]));
    if( k==K_MARK ){
      /* marks after a separator start a run that goes on (U+FE70 " ً") */
      if( last!=K_LETTER && last!=K_DIGIT && last!=K_WIDE ) last = K_MARK;
      bMark = 1;
      continue;
    }
    if( k==K_LETTER || k==K_DIGIT || k==K_WIDE ){
      if( bLetter && last!=K_LETTER && last!=K_DIGIT ) bBroken = K_BROKEN;
      bLetter = 1;
    }
    last = k!=K_DOT ? k : last==K_DIGIT ? K_DOT : K_SEP;
  }
  first = category_kind(a[0], utf8proc_get_property(a[0]));
  if( !bLetter && !(bMark && kind!=K_SEP) ){
    *pLast = K_SEP;                 /* a symbol, space or punctuation */
    return n==1 && (first==K_DOT || first==K_APOS) ? first : K_SEP;
  }
  if( last!=K_LETTER && last!=K_DIGIT && last!=K_WIDE && last!=K_MARK
   && last!=K_DOT ){
    last = K_SEP;
  }
  *pLast = last | bBroken;
  if( first==K_LETTER || first==K_DIGIT || first==K_WIDE || first==K_MARK ){
    return first;
  }
  return K_OPEN;
}

/* What kind_at() says of a code point. */
typedef struct Kind Kind;
struct Kind {
  int kind;      /* its kind by its NFKC form: what it is to the token before it */
  int last;      /* what it is to the token after it (see compat_kind()) */
  int len;       /* its length in bytes */
};

/* The kinds of the code point at z[0..n) (the same two for a code point
** with no compatibility decomposition). Marked cold, though text in other
** scripts calls it for each code point: so the compiler keeps the ASCII
** loop of scan_token() free of the spills around its calls (ASCII text
** never makes them); the cost of a call is small beside normalisation. */
static COLD Kind kind_at(const unsigned char *z, int n){
  utf8proc_int32_t c;
  utf8proc_ssize_t nc;
  const utf8proc_property_t *prop;
  Kind k;
  if( z[0]<0x80 ){
    k.last = k.kind = z[0]=='\'' ? K_APOS : aAscii[z[0]];
    k.len = 1;
    return k;
  }
  nc = utf8proc_iterate(z, n, &c);
  if( nc<=0 ){                           /* invalid UTF-8: a separator */
    k.kind = k.last = K_SEP;
    k.len = 1;
    return k;
  }
  k.len = (int)nc;
  prop = utf8proc_get_property(c);
  k.kind = category_kind(c, prop);
  /* the common path (ASCII done above, letters with no compatibility
  ** decomposition, such as accented letters, CJK) stops here */
  if( prop->decomp_type ){
    k.kind = compat_kind(c, k.kind, &k.last);
  }else{
    k.last = k.kind;
  }
  return k;
}

/* ------------------------------------------------------ normalisation */

/* NFKC (+ case folding unless keepcase) of z[0..n), with marks on cased
** letters stripped unless keepmarks, into p->zBuf. Returns the length, or
** -1 on OOM. *pbSplit is set when the form may hold more than one token:
** it has a code point other than a letter, digit or mark, or a wide
** letter and another letter or digit (U+00BD "1⁄2", ｶﾀ "カタ"); a form
** such as "cafe" or "大" is one token. */
static int normalise_unicode(PapersTokenizer *p, const char *z, int n,
                             int *pbSplit){
  utf8proc_option_t opts = UTF8PROC_STABLE|UTF8PROC_COMPAT|UTF8PROC_COMPOSE
                         |UTF8PROC_IGNORE;
  utf8proc_ssize_t nCp, i, o;
  int bCased = 0, nOut = 0, bOther = 0, bWide = 0, nBase = 0;
  *pbSplit = 0;
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
    const utf8proc_property_t *prop = utf8proc_get_property(c);
    int cat = prop->category;
    if( cat==UTF8PROC_CATEGORY_MN || cat==UTF8PROC_CATEGORY_ME ){
      if( bCased && !p->o.keepmarks ) continue;
    }else{
      bCased = cat==UTF8PROC_CATEGORY_LU || cat==UTF8PROC_CATEGORY_LL
            || cat==UTF8PROC_CATEGORY_LT
            || prop->uppercase_seqindex!=UINT16_MAX
            || prop->lowercase_seqindex!=UINT16_MAX;
      if( cat==UTF8PROC_CATEGORY_CN || cat>UTF8PROC_CATEGORY_NO ){
        bOther = 1;
      }else if( cat!=UTF8PROC_CATEGORY_MC ){
        nBase++;
        bWide |= prop->charwidth==2;
      }
    }
    /* the typographic apostrophe (TabPFN’s) is the ASCII one, so that it
    ** reads and stems the same (Snowball knows only ') */
    p->aCp[o++] = c==0x2019 ? '\'' : c;
  }
  *pbSplit = bOther || (bWide && nBase>1);
  nCp = utf8proc_normalize_utf32(p->aCp, o, opts);
  if( nCp<0 ) return 0;
  if( papers_grow(&p->zBuf, &p->nBuf, (sqlite3_int64)nCp*4+1, 1, 64) ) return -1;
  for(i=0; i<nCp; i++){
    nOut += (int)utf8proc_encode_char(p->aCp[i], (utf8proc_uint8_t*)p->zBuf+nOut);
  }
  return nOut;
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
static ALWAYS_INLINE int alnum_run_end(const unsigned char *z, int i, int nText){
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

/* Is there a decimal digit at z[i], i<nText: ASCII, any of category Nd
** (full-width ones too), or a code point whose NFKC starts with one (U+2460
** "1", U+00BD "1⁄2")? So that "１６.４７" is one token, as its NFKC "16.47"
** is. */
static int digit_at(const unsigned char *z, int i, int nText){
  utf8proc_int32_t c, a[COMPAT_MAX];
  const utf8proc_property_t *prop;
  if( z[i]<0x80 ) return aByte[z[i]]==B_DIGIT;
  if( utf8proc_iterate(z+i, nText-i, &c)<=0 ) return 0;
  prop = utf8proc_get_property(c);
  if( prop->category==UTF8PROC_CATEGORY_ND ) return 1;
  return prop->decomp_type && compat_expand(c, a)>0
      && utf8proc_category(a[0])==UTF8PROC_CATEGORY_ND;
}

/* Is there a combining mark (K_MARK) at z[i]? */
static int mark_at(const unsigned char *z, int i, int nText){
  return i<nText && z[i]>=0x80 && kind_at(z+i, nText-i).kind==K_MARK;
}

/* The rest of a token from z[i] on, in the cases the scanner's fast loop
** leaves (rare): after a decimal point (bNumber: only digits and marks
** continue the number, so the letters of "3.18times" end it, and a decimal
** point before a digit), or after a code point whose NFKC form ends in
** something other than a letter or digit (prev is then the kind of that
** end, from kind_at(): after K_WIDE only marks go on; after K_SEP only a
** run of marks, which starts a token of its own in the NFKC form; after
** K_DOT, "1." of U+2488, also a digit). Returns the end of the token. */
static int scan_rest(const unsigned char *z, int i, int nText, int prev,
                     int bNumber){
  Kind k;
  while( i<nText ){
    if( prev==K_WIDE || prev==K_SEP || prev==K_DOT ){
      if( prev==K_DOT && digit_at(z, i, nText) ){
        prev = K_DIGIT;
        bNumber = 1;
        continue;
      }
      if( !mark_at(z, i, nText) ) break;
      bNumber = 0;
      if( prev!=K_WIDE ){
        prev = K_MARK;                  /* a run of marks goes on */
        continue;
      }
      /* a wide letter takes its marks along (a decomposed か゛ is one
      ** letter, as in NFC); U+0E33, a mark and a letter, goes on */
      k = kind_at(z+i, nText-i);
      i += k.len;
      if( (k.last & K_KIND)!=K_MARK ) prev = k.last & K_KIND;
      continue;
    }
    if( z[i]<0x80 ){
      int c = aAscii[z[i]];
      if( c ){
        if( c==K_LETTER && prev==K_DIGIT && bNumber ) break;   /* 3.18times */
        prev = c;
        i++;
        continue;
      }
      k.kind = z[i]=='.' ? K_DOT : z[i]=='\'' ? K_APOS : K_SEP;
      k.len = 1;
    }else{
      k = kind_at(z+i, nText-i);
      if( k.kind==K_LETTER || k.kind==K_DIGIT || k.kind==K_MARK ){
        if( k.kind==K_LETTER && prev==K_DIGIT && bNumber ) break;
        i += k.len;
        if( k.last & K_BROKEN ) bNumber = 0;  /* U+00BD "1⁄2" ends a number */
        if( (k.last & K_KIND)!=K_MARK ) prev = k.last & K_KIND;
        continue;
      }
    }
    if( k.kind==K_DOT && prev==K_DIGIT && i+k.len<nText
     && digit_at(z, i+k.len, nText) ){
      bNumber = 1;
    }else if( !(((k.kind==K_APOS && prev==K_LETTER) || k.kind==K_FORMAT)
                && i+k.len<nText
                && kind_at(z+i+k.len, nText-i-k.len).kind==K_LETTER) ){
      break;
    }
    i += k.len;
  }
  return i;
}

/* The scanner: the next token of z[i..nText) by the rules in the header
** comment. Returns its end, and its start in *piStart; -1 when there is
** none. *pbAscii is set when the token is all ASCII. The common case, a
** run of ASCII letters and digits, is found 16 bytes at a time; the rest
** goes through kind_at(), which classifies a code point by its NFKC form,
** so that a token ends where one of the normalised text would; a code
** point whose NFKC form holds separators (U+00BD "1⁄2") is taken whole,
** and emit() splits its form. The scanner runs over the text, and over the
** normalised form of each non-ASCII token (to find the tokens it holds). */
static ALWAYS_INLINE int scan_token(const unsigned char *z, int i, int nText,
                                     int *piStart, int *pbAscii){
  int prev, bAscii = 1;
  unsigned char b;
  Kind k;
  /* skip to the start of a token */
  for(;;){
    if( i>=nText ) return -1;
    b = aByte[z[i]];
    if( b==B_LETTER || b==B_DIGIT ){
      prev = b;
      k.len = 1;
      break;
    }
    if( b!=B_HIGH ){
      i++;
      continue;
    }
    k = kind_at(z+i, nText-i);
    if( k.kind==K_LETTER || k.kind==K_DIGIT || k.kind==K_MARK || k.kind==K_WIDE
     || k.kind==K_OPEN ){
      bAscii = 0;
      prev = k.last & K_KIND;
      if( prev==K_LETTER || prev==K_DIGIT || prev==K_MARK ) break;
      /* a wide letter is a token of its own (with its marks); U+2474
      ** "(1)" ends at its ")" */
      *piStart = i;
      *pbAscii = 0;
      return scan_rest(z, i+k.len, nText, prev, 0);
    }
    i += k.len;
  }
  *piStart = i;
  i += k.len;
  /* extend it */
  while( i<nText ){
    if( IS_ALNUM(z[i]) ){
      i = alnum_run_end(z, i, nText);
      prev = aByte[z[i-1]];
      if( i>=nText ) break;
    }
    b = aByte[z[i]];
    if( b==B_SEP ) break;              /* the common end: a space or punctuation */
    if( b==B_DOT ){
      if( prev==K_DIGIT && i+1<nText && digit_at(z, i+1, nText) ){
        int j = i+1;
        i = scan_rest(z, j, nText, prev, 1);
        while( bAscii && j<i ) bAscii = z[j++]<0x80;    /* 2.25: short */
      }
      break;
    }
    if( b==B_APOS ){
      if( prev==K_LETTER && i+1<nText
       && kind_at(z+i+1, nText-i-1).kind==K_LETTER ){ i++; continue; }
      break;
    }
    if( b!=B_HIGH ) break;
    k = kind_at(z+i, nText-i);
    if( k.kind==K_LETTER || k.kind==K_DIGIT || k.kind==K_MARK ){
      int last = k.last & K_KIND;
      bAscii = 0;
      i += k.len;
      if( last==K_LETTER || last==K_DIGIT ){ prev = last; continue; }
      if( last==K_MARK ) continue;
      i = scan_rest(z, i, nText, last, 0);    /* ㋀ "1月", ⒜ "(a)" */
      break;
    }
    if( k.kind==K_DOT ){                 /* U+FF0E, the full-width '.' */
      if( prev==K_DIGIT && i+k.len<nText && digit_at(z, i+k.len, nText) ){
        bAscii = 0;
        i = scan_rest(z, i+k.len, nText, prev, 1);
      }
      break;
    }
    if( (k.kind==K_APOS && prev==K_LETTER) || k.kind==K_FORMAT ){
      if( i+k.len<nText && kind_at(z+i+k.len, nText-i-k.len).kind==K_LETTER ){
        bAscii = 0;
        i += k.len;
        continue;
      }
    }
    break;
  }
  *pbAscii = bAscii;
  return i;
}

/* scan_token() for the normalised form of a token (emit(), next_piece()),
** not inlined: the loop of tokenizer_next() keeps the one inlined copy. */
static NOINLINE int scan_form(const char *z, int i, int n, int *piStart){
  int bAscii;
  return scan_token((const unsigned char*)z, i, n, piStart, &bAscii);
}

/* The rest of emit() for the normalised token zTok/nTok, whose surface
** is zText[iStart..iEnd): its position, the stop word filter, stemming.
** Returns SQLITE_ROW, SQLITE_OK for a dropped stop word, or SQLITE_NOMEM. */
static ALWAYS_INLINE int finish_token(PapersTokenizer *p, const char *zTok,
                                      int nTok, const char *zText, int iStart,
                                      int iEnd, PapersToken *pT){
  int iPos = p->iPos;
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

/* Fold, filter and stem one token z[iStart..iEnd) into *pT. Returns
** SQLITE_ROW for a token, SQLITE_OK when there is none (a dropped stop
** word, or nothing left after normalising), or SQLITE_NOMEM.
** The NFKC form of a non-ASCII token may hold separators: U+2474 gives
** "(1)", U+00BD "1⁄2", U+FDFA four words. The scanner finds the tokens of
** that form, and they are handed out one by one, each with a position of
** its own and all with the offsets of the token as written: the first here,
** the others from p->zBuf[p->iPend..p->nPend) by next_piece(). A form of
** separators only gives no token. */
static NOINLINE int emit(PapersTokenizer *p, const char *zText, int iStart, int iEnd,
                int bAscii, PapersToken *pT){
  const char *zTok;
  int nTok = iEnd - iStart;
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
    int bSplit, s = 0, e;
    int n = normalise_unicode(p, zText+iStart, nTok, &bSplit);
    if( n<0 ) return SQLITE_NOMEM;
    /* e.g. only ignorable marks, or only separators: no token, no position */
    e = bSplit ? scan_form(p->zBuf, 0, n, &s) : n>0 ? n : -1;
    if( e<0 ) return SQLITE_OK;
    if( e<n ){                          /* maybe more tokens in the form */
      p->iPend = e;  p->nPend = n;
      p->iPendStart = iStart;  p->iPendEnd = iEnd;
    }
    zTok = p->zBuf + s;
    nTok = e - s;
  }
  return finish_token(p, zTok, nTok, zText, iStart, iEnd, pT);
}

/* The next token of the normalised form that emit() left in p->zBuf, as
** finish_token() returns it; SQLITE_DONE when the form has no more. */
static NOINLINE int next_piece(PapersTokenizer *p, PapersToken *pT){
  int s, e = scan_form(p->zBuf, p->iPend, p->nPend, &s);
  if( e<0 ){
    p->nPend = 0;
    return SQLITE_DONE;
  }
  p->iPend = e;
  return finish_token(p, p->zBuf + s, e - s, p->zIn, p->iPendStart, p->iPendEnd, pT);
}

/* The next token of the text: the pieces of a normalised form first, then
** the scanner's next token. An ASCII token is folded (and stemmed) right
** here unless keepcase or stopwords needs emit(). */
static int tokenizer_next(PapersTokenizer *p, PapersToken *pT){
  const char *zText = p->zIn;
  const unsigned char *z = (const unsigned char*)zText;
  const int nText = p->nIn;
  int rc;
  for(;;){
    int iStart, iEnd, bAscii;
    if( p->nPend ){
      rc = next_piece(p, pT);
      if( rc==SQLITE_OK ) continue;             /* a dropped stop word */
      if( rc!=SQLITE_DONE ) return rc;
    }
    iEnd = scan_token(z, p->iIn, nText, &iStart, &bAscii);
    if( iEnd<0 ){
      p->iIn = nText;
      return SQLITE_DONE;
    }
    p->iIn = iEnd;
    if( bAscii && !p->o.keepcase && !p->o.stopwords ){
      /* inline emit(): fold an ASCII token (and stem it) */
      int n = iEnd - iStart;
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
      pT->iPos = p->iPos++;  pT->iStart = iStart;  pT->iEnd = iEnd;
      return SQLITE_ROW;
    }
    rc = emit(p, zText, iStart, iEnd, bAscii, pT);
    if( rc ) return rc;
  }
}

int papers_tokenizer_start(PapersTokenizer *p, const char *zText, int nText){
  if( papers_grow(&p->zBuf, &p->nBuf, 64, 1, 64) ) return SQLITE_NOMEM;
  p->zIn = zText;
  p->nIn = nText;
  p->iIn = 0;
  p->iPos = 0;
  p->nPend = 0;
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
