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
**     (model's, don't); elsewhere it separates ('high-quality').
**   - A '.' between two digits stays in the token (2.25, 1.5); a decimal
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
**     `stem` (Snowball English through libstemmer).
**
** Speed: a token made only of ASCII is folded with a table and never goes
** through utf8proc; utf8proc is called only for tokens with other bytes.
** Invalid UTF-8 bytes separate tokens, like punctuation.
*/
#include "papers.h"
#include "tokenizer.h"
SQLITE_EXTENSION_INIT3

#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>

/* Stems are cached: a word repeats many times in a corpus and Snowball is
** the costly step. A direct-mapped cache of STEM_SLOTS short words. */
#define STEM_SLOTS   16384
#define STEM_MAXLEN  22
typedef struct StemSlot StemSlot;
struct StemSlot {
  unsigned char nTok, nStem;       /* nTok==0: empty */
  char zTok[STEM_MAXLEN], zStem[STEM_MAXLEN];
};

struct PapersTokenizer {
  PapersTokOptions o;
  struct sb_stemmer *pStemmer;     /* when o.stem */
  StemSlot *aStem;                 /* the stem cache, made on first use */
  const unsigned char *aStemFilter; /* see papers_tokenizer_set_stem_filter */
  char *zBuf;  int nBuf;           /* the normalised token */
  utf8proc_int32_t *aCp;  int nCp; /* code points of a non-ASCII token */
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

/* Snowball's English stop word list, with "can", "will" and "just" added;
** sorted in byte order for bsearch. */
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

static int cmp_stop(const void *pKey, const void *pElem){
  const char *zKey = ((const char*const*)pKey)[0];
  int nKey = (int)(size_t)((const char*const*)pKey)[1];
  const char *zElem = *(const char*const*)pElem;
  int nElem = (int)strlen(zElem);
  int c = memcmp(zKey, zElem, nKey<nElem ? nKey : nElem);
  return c ? c : nKey - nElem;
}

int papers_tok_is_stopword(const char *zToken, int nToken){
  const char *aKey[2];
  if( nToken>10 ) return 0;            /* no stop word is longer */
  aKey[0] = zToken;
  aKey[1] = (const char*)(size_t)nToken;
  return bsearch(aKey, azStop, sizeof(azStop)/sizeof(azStop[0]),
                 sizeof(azStop[0]), cmp_stop)!=0;
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

static int buf_reserve(PapersTokenizer *p, int n){
  if( n>p->nBuf ){
    int nNew = n<64 ? 64 : n*2;
    char *z = sqlite3_realloc64(p->zBuf, nNew);
    if( z==0 ) return SQLITE_NOMEM;
    p->zBuf = z;
    p->nBuf = nNew;
  }
  return SQLITE_OK;
}

void papers_tokenizer_set_stem_filter(PapersTokenizer *p,
                                      const unsigned char *aBitmap){
  p->aStemFilter = aBitmap;
}

/* Snowball English words whose stem changes their second letter. */
static int stem_changes_prefix(const char *z, int n){
  return n==5 && z[2]=='i' && z[3]=='n' && z[4]=='g' && z[1]=='y'
      && (z[0]=='d' || z[0]=='l' || z[0]=='t');
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
    p->aCp[o++] = c;
  }
  nCp = utf8proc_normalize_utf32(p->aCp, o, opts);
  if( nCp<0 ) return 0;
  if( buf_reserve(p, (int)nCp*4+1) ) return -1;
  for(i=0; i<nCp; i++){
    nOut += (int)utf8proc_encode_char(p->aCp[i], (utf8proc_uint8_t*)p->zBuf+nOut);
  }
  return nOut;
}

/* Fold, filter, stem and hand on one token z[iStart..iEnd). */
static int emit(PapersTokenizer *p, const char *zText, int iStart, int iEnd,
                int bAscii, int iPos, void *pCtx, PapersTokenFn xToken){
  const char *zTok;
  int nTok = iEnd - iStart;
  if( bAscii ){
    if( p->o.keepcase ){
      zTok = zText + iStart;
    }else{
      int i;
      if( nTok>=p->nBuf && buf_reserve(p, nTok+1) ) return SQLITE_NOMEM;
      for(i=0; i<nTok; i++){
        unsigned char c = (unsigned char)zText[iStart+i];
        p->zBuf[i] = (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
      }
      zTok = p->zBuf;
    }
  }else{
    nTok = normalise_unicode(p, zText+iStart, nTok);
    if( nTok<0 ) return SQLITE_NOMEM;
    if( nTok==0 ) return SQLITE_OK;
    zTok = p->zBuf;
  }
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
  if( p->o.stem && p->aStemFilter && nTok>=2 ){
    unsigned b = (unsigned char)zTok[0]<<8 | (unsigned char)zTok[1];
    if( (p->aStemFilter[b>>3] & (1<<(b&7)))==0 && !stem_changes_prefix(zTok, nTok) ){
      return xToken(pCtx, zTok, nTok, iPos, iStart, iEnd);   /* cannot matter */
    }
  }
  if( p->o.stem ){
    StemSlot *pSlot = 0;
    if( nTok<=STEM_MAXLEN ){
      /* hash of the first and last (up to) 8 bytes and the length */
      uint64_t v1 = 0, v2 = 0;
      unsigned h;
      memcpy(&v1, zTok, nTok<8 ? nTok : 8);
      if( nTok>8 ) memcpy(&v2, zTok + nTok - 8, 8);
      h = (unsigned)(((v1 ^ (v2 * 0xC2B2AE3D27D4EB4FULL) ^ (uint64_t)nTok)
                      * 0x9E3779B97F4A7C15ULL) >> 40);
      if( p->aStem==0 ){
        p->aStem = sqlite3_malloc64(sizeof(StemSlot)*STEM_SLOTS);
        if( p->aStem==0 ) return SQLITE_NOMEM;
        memset(p->aStem, 0, sizeof(StemSlot)*STEM_SLOTS);
      }
      pSlot = &p->aStem[h & (STEM_SLOTS-1)];
      if( pSlot->nTok==nTok && memcmp(pSlot->zTok, zTok, nTok)==0 ){
        return xToken(pCtx, pSlot->zStem, pSlot->nStem, iPos, iStart, iEnd);
      }
    }
    {
      const sb_symbol *zStem = sb_stemmer_stem(p->pStemmer, (const sb_symbol*)zTok, nTok);
      int nStem;
      if( zStem==0 ) return SQLITE_NOMEM;
      nStem = sb_stemmer_length(p->pStemmer);
      if( pSlot && nStem<=STEM_MAXLEN ){
        pSlot->nTok = (unsigned char)nTok;
        memcpy(pSlot->zTok, zTok, nTok);
        pSlot->nStem = (unsigned char)nStem;
        memcpy(pSlot->zStem, zStem, nStem);
      }
      nTok = nStem;
      zTok = (const char*)zStem;
    }
  }
  return xToken(pCtx, zTok, nTok, iPos, iStart, iEnd);
}

int papers_tokenizer_run(PapersTokenizer *p, const char *zText, int nText,
                         void *pCtx, PapersTokenFn xToken){
  const unsigned char *z = (const unsigned char*)zText;
  int i = 0, iPos = 0, rc;
  while( i<nText ){
    int iStart, len, kind, bAscii = 1, bDecimal = 0, prev;
    /* skip to the start of a token */
    if( z[i]<0x80 ){
      if( aAscii[z[i]]==0 ){ i++; continue; }
      kind = aAscii[z[i]];
      len = 1;
    }else{
      kind = kind_at(z+i, nText-i, &len);
      if( kind==K_WIDE ){
        rc = emit(p, zText, i, i+len, 0, iPos++, pCtx, xToken);
        if( rc ) return rc;
        i += len;
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
      if( z[i]<0x80 ){
        int k = aAscii[z[i]];
        if( k ){
          if( bDecimal && k==K_LETTER && prev==K_DIGIT ) break;   /* 3.18times */
          prev = k;
          i++;
          continue;
        }
        if( z[i]=='.' && prev==K_DIGIT && i+1<nText && z[i+1]<0x80 && aAscii[z[i+1]]==K_DIGIT ){
          bDecimal = 1;
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
        if( bDecimal && kind==K_LETTER && prev==K_DIGIT ) break;
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
    rc = emit(p, zText, iStart, i, bAscii, iPos++, pCtx, xToken);
    if( rc ) return rc;
  }
  return SQLITE_OK;
}
