/*
** tokenizer.c: the one tokenizer core behind every text function of papers
** (tokenize(), tokens(), the FTS5 tokenizer `papers`, tagging, similarity).
** The API is include/tokenizer.h; this file adds no SQL of its own.
**
** Design
** ------
** The text is scanned byte by byte. A token is a maximal run of token
** characters; everything else separates tokens.
**
**   token characters  ASCII a-z A-Z 0-9; every code point whose Unicode
**                     category (utf8proc_category) is a letter (L*) or a
**                     number (N*); combining marks (M*) that follow one of
**                     those inside a token.
**   decimals          '.' between two ASCII digits joins ("2.25", "3.2.1",
**                     "v1.5"); after such a '.', only digits continue the
**                     token, so "3.18times" gives "3.18", "times".
**   CJK               a wide (East Asian width W/F) letter of category Lo/Lm
**                     that is not Hangul (Han, Hiragana, Katakana, Yi...) is
**                     a token on its own, with any marks that follow it.
**   separators        everything else: space, punctuation, hyphens,
**                     apostrophes, symbols, emoji, and every byte that is not
**                     part of a valid UTF-8 sequence (such a byte is skipped
**                     on its own; nothing is read past nText).
**
** Normalisation of a token (its surface bytes [iStart,iEnd) in the input):
**   - pure ASCII tokens (the common case) are lower-cased through a 256-byte
**     table; no utf8proc call is made for them;
**   - any other token goes through utf8proc_decompose() with
**     COMPAT|DECOMPOSE|CASEFOLD (CASEFOLD left out for keepcase), i.e. NFKD +
**     case folding, then combining marks (Mn, Me) are dropped when their base
**     letter belongs to Latin, Greek or Cyrillic (unless keepmarks), any
**     non-letter/number that compatibility decomposition produced is dropped
**     (the fraction slash of "½"), and utf8proc_normalize_utf32(COMPOSE)
**     recomposes the rest: NFKC + case folding. Marks on other scripts stay,
**     so "हिन्दी" is one token with its virama and vowel signs.
**   Offsets always point at the surface form, so "ＬＬＭ" gives "llm" with the
**   9 bytes of the full-width letters as [iStart,iEnd).
**
** Then, in this order: stop words (option stopwords) are dropped but still
** use up a position; the token is stemmed with Snowball English (option
** stem, libstemmer, one sb_stemmer per PapersTokenizer). Tokens are kept
** whole at any length.
**
** Script test for mark stripping: utf8proc has no script property, so the
** base letter's script is decided by the Unicode block ranges that hold the
** Latin, Greek and Cyrillic letters (isLatinGreekCyrillic below).
*/
#include "papers.h"
SQLITE_EXTENSION_INIT3

#include <string.h>
#include <utf8proc.h>
#include <libstemmer.h>

#include "tokenizer.h"

struct PapersTokenizer {
  PapersTokOptions opt;
  struct sb_stemmer *pStemmer;    /* created on first use */
  char *zBuf;                     /* normalised token */
  sqlite3_int64 nBuf;             /* bytes allocated at zBuf */
  utf8proc_int32_t *aCp;          /* code points of a non-ASCII token */
  sqlite3_int64 nCp;              /* entries allocated at aCp */
};

/* ---------------------------------------------------------------- options */

static int tokSetOption(const char *z, int n, PapersTokOptions *p, char **pzErr){
  if( n==4 && memcmp(z, "stem", 4)==0 ){ p->stem = 1; return SQLITE_OK; }
  if( n==9 && memcmp(z, "stopwords", 9)==0 ){ p->stopwords = 1; return SQLITE_OK; }
  if( n==8 && memcmp(z, "keepcase", 8)==0 ){ p->keepcase = 1; return SQLITE_OK; }
  if( n==9 && memcmp(z, "keepmarks", 9)==0 ){ p->keepmarks = 1; return SQLITE_OK; }
  if( pzErr ){
    *pzErr = sqlite3_mprintf("unknown option: %.*s", n, z);
    if( *pzErr==0 ) return SQLITE_NOMEM;
  }
  return SQLITE_ERROR;
}

int papers_tok_options_parse(const char *zOptions, PapersTokOptions *pOut,
                             char **pzErr){
  const char *z = zOptions;
  memset(pOut, 0, sizeof(*pOut));
  if( pzErr ) *pzErr = 0;
  if( z==0 ) return SQLITE_OK;
  while( *z ){
    const char *zStart;
    int rc;
    while( *z==' ' || *z=='\t' || *z=='\n' || *z=='\r' ) z++;
    if( *z==0 ) break;
    zStart = z;
    while( *z && *z!=' ' && *z!='\t' && *z!='\n' && *z!='\r' ) z++;
    rc = tokSetOption(zStart, (int)(z-zStart), pOut, pzErr);
    if( rc!=SQLITE_OK ) return rc;
  }
  return SQLITE_OK;
}

int papers_tok_options_parse_argv(const char **azArg, int nArg,
                                  PapersTokOptions *pOut, char **pzErr){
  int i;
  memset(pOut, 0, sizeof(*pOut));
  if( pzErr ) *pzErr = 0;
  for(i=0; i<nArg; i++){
    int rc = tokSetOption(azArg[i], (int)strlen(azArg[i]), pOut, pzErr);
    if( rc!=SQLITE_OK ) return rc;
  }
  return SQLITE_OK;
}

/* ------------------------------------------------------------- lifecycle */

int papers_tokenizer_new(const PapersTokOptions *pOptions, PapersTokenizer **ppTok){
  PapersTokenizer *p = sqlite3_malloc64(sizeof(*p));
  *ppTok = 0;
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  if( pOptions ) p->opt = *pOptions;
  if( p->opt.stem ){
    p->pStemmer = sb_stemmer_new("english", "UTF_8");
    if( p->pStemmer==0 ){ sqlite3_free(p); return SQLITE_NOMEM; }
  }
  *ppTok = p;
  return SQLITE_OK;
}

void papers_tokenizer_free(PapersTokenizer *p){
  if( p==0 ) return;
  if( p->pStemmer ) sb_stemmer_delete(p->pStemmer);
  sqlite3_free(p->zBuf);
  sqlite3_free(p->aCp);
  sqlite3_free(p);
}

static int tokGrowBuf(PapersTokenizer *p, sqlite3_int64 n){
  if( n>p->nBuf ){
    sqlite3_int64 nNew = p->nBuf ? p->nBuf*2 : 256;
    char *zNew;
    while( nNew<n ) nNew *= 2;
    zNew = sqlite3_realloc64(p->zBuf, nNew);
    if( zNew==0 ) return SQLITE_NOMEM;
    p->zBuf = zNew;
    p->nBuf = nNew;
  }
  return SQLITE_OK;
}

static int tokGrowCp(PapersTokenizer *p, sqlite3_int64 n){
  if( n>p->nCp ){
    sqlite3_int64 nNew = p->nCp ? p->nCp*2 : 128;
    utf8proc_int32_t *aNew;
    while( nNew<n ) nNew *= 2;
    aNew = sqlite3_realloc64(p->aCp, nNew*sizeof(utf8proc_int32_t));
    if( aNew==0 ) return SQLITE_NOMEM;
    p->aCp = aNew;
    p->nCp = nNew;
  }
  return SQLITE_OK;
}

/* ------------------------------------------------------------ stop words */

/* Snowball's English stop list (snowballstem.org, english/stop.txt), with its
** contractions split at the apostrophe as this tokenizer splits them ("don't"
** contributes "don" and "t"; "let's" is left out so that "let" is kept).
** Sorted (memcmp order) for the binary search. */
static const char *const azStop[] = {
  "a", "about", "above", "after", "again", "against", "all", "am", "an",
  "and", "any", "are", "aren", "as", "at", "be", "because", "been", "before",
  "being", "below", "between", "both", "but", "by", "can", "cannot", "could",
  "couldn", "d", "did", "didn", "do", "does", "doesn", "doing", "don", "down",
  "during", "each", "few", "for", "from", "further", "had", "hadn", "has",
  "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself",
  "him", "himself", "his", "how", "i", "if", "in", "into", "is", "isn", "it",
  "its", "itself", "ll", "m", "me", "more", "most", "mustn", "my", "myself",
  "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other",
  "ought", "our", "ours", "ourselves", "out", "over", "own", "re", "s",
  "same", "shan", "she", "should", "shouldn", "so", "some", "such", "t",
  "than", "that", "the", "their", "theirs", "them", "themselves", "then",
  "there", "these", "they", "this", "those", "through", "to", "too", "under",
  "until", "up", "ve", "very", "was", "wasn", "we", "were", "weren", "what",
  "when", "where", "which", "while", "who", "whom", "why", "with", "won",
  "would", "wouldn", "you", "your", "yours", "yourself", "yourselves"
};
#define TOK_MAX_STOP 10   /* longest entry: "themselves", "yourselves" */

int papers_tok_is_stopword(const char *zToken, int nToken){
  int lo = 0, hi = (int)(sizeof(azStop)/sizeof(azStop[0])) - 1;
  if( nToken<=0 || nToken>TOK_MAX_STOP ) return 0;
  while( lo<=hi ){
    int mid = (lo+hi)/2;
    const char *zStop = azStop[mid];
    int c = strncmp(zStop, zToken, (size_t)nToken);
    if( c==0 ) c = zStop[nToken]==0 ? 0 : 1;   /* zStop longer: greater */
    if( c==0 ) return 1;
    if( c<0 ) lo = mid+1; else hi = mid-1;
  }
  return 0;
}

/* ------------------------------------------------------------- stemming */

const char *papers_tok_stem(PapersTokenizer *p, const char *zToken, int nToken,
                            int *pnOut){
  const sb_symbol *zStem;
  if( p->pStemmer==0 ){
    p->pStemmer = sb_stemmer_new("english", "UTF_8");
    if( p->pStemmer==0 ) return 0;
  }
  zStem = sb_stemmer_stem(p->pStemmer, (const sb_symbol*)zToken, nToken);
  if( zStem==0 ) return 0;
  *pnOut = sb_stemmer_length(p->pStemmer);
  return (const char*)zStem;
}

/* ---------------------------------------------------- character classes */

/* aAscii[c]: 0 separator, 1 letter, 2 digit (for c < 0x80). aLower: fold. */
static const unsigned char aAscii[128] = {
  0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,  0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,
  0,0,0,0,0,0,0,0, 0,0,0,0,0,0,0,0,  2,2,2,2,2,2,2,2, 2,2,0,0,0,0,0,0,
  0,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,  1,1,1,1,1,1,1,1, 1,1,1,0,0,0,0,0,
  0,1,1,1,1,1,1,1, 1,1,1,1,1,1,1,1,  1,1,1,1,1,1,1,1, 1,1,1,0,0,0,0,0,
};
#define TOK_DIGIT(b) ((b)>='0' && (b)<='9')
static unsigned char aLower[256];
static int bLowerInit = 0;
static void tokInitLower(void){
  int i;
  if( bLowerInit ) return;   /* idempotent: a race writes the same bytes */
  for(i=0; i<256; i++) aLower[i] = (i>='A' && i<='Z') ? (unsigned char)(i+32) : (unsigned char)i;
  bLowerInit = 1;
}

/* What a non-ASCII code point is to the scanner. */
#define CP_SEP    0   /* separator */
#define CP_WORD   1   /* letter or number: starts or continues a token */
#define CP_MARK   2   /* combining mark: continues a token, never starts one */
#define CP_SINGLE 3   /* CJK letter: a token of its own */

static int tokClassify(utf8proc_int32_t c){
  const utf8proc_property_t *pr = utf8proc_get_property(c);
  switch( pr->category ){
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_LM:
      if( pr->charwidth==2
       && !(pr->boundclass>=UTF8PROC_BOUNDCLASS_L
            && pr->boundclass<=UTF8PROC_BOUNDCLASS_LVT) ){
        return CP_SINGLE;       /* wide, and not Hangul jamo or syllable */
      }
      return CP_WORD;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CP_WORD;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CP_MARK;
    default:
      return CP_SEP;
  }
}

/* Is c a letter of the Latin, Greek or Cyrillic blocks (where diacritics
** decorate a letter rather than form part of it)? Block ranges from the
** Unicode Blocks.txt: Basic Latin .. Cyrillic Supplement, Phonetic
** Extensions .. Greek Extended, Latin Extended-C, Cyrillic Extended-A/B/C,
** Latin Extended-D/E, the Latin ligatures of Alphabetic Presentation Forms. */
static int isLatinGreekCyrillic(utf8proc_int32_t c){
  return (c<0x0530)
      || (c>=0x1C80 && c<0x1C90)
      || (c>=0x1D00 && c<0x2000)
      || (c>=0x2C60 && c<0x2C80)
      || (c>=0x2DE0 && c<0x2E00)
      || (c>=0xA640 && c<0xA6A0)
      || (c>=0xA720 && c<0xA800)
      || (c>=0xAB30 && c<0xAB70)
      || (c>=0xFB00 && c<0xFB07);
}

/* Decode one code point at z[0..n); returns its length, or 0 if the bytes
** there are not valid UTF-8 (the caller then skips one byte). */
static int tokDecode(const unsigned char *z, int n, utf8proc_int32_t *pc){
  utf8proc_ssize_t len = utf8proc_iterate(z, n, pc);
  return len>0 ? (int)len : 0;
}

/* ------------------------------------------------------- normalisation */

/* Normalise the non-ASCII token z[0..n) (valid UTF-8) into p->zBuf; set
** *pnOut to its length (possibly 0). */
static int tokNormalizeUnicode(PapersTokenizer *p, const char *z, int n, int *pnOut){
  utf8proc_option_t opt = UTF8PROC_COMPAT|UTF8PROC_DECOMPOSE;
  utf8proc_ssize_t nCp, i, j;
  utf8proc_int32_t base = 0;
  int rc;
  sqlite3_int64 nOut = 0;
  if( !p->opt.keepcase ) opt |= UTF8PROC_CASEFOLD;
  rc = tokGrowCp(p, (sqlite3_int64)n+1);
  if( rc ) return rc;
  for(;;){
    nCp = utf8proc_decompose((const utf8proc_uint8_t*)z, n, p->aCp, p->nCp-1, opt);
    if( nCp<0 ){ *pnOut = 0; return SQLITE_OK; }   /* cannot happen: valid input */
    if( nCp<p->nCp ) break;
    rc = tokGrowCp(p, (sqlite3_int64)nCp+1);
    if( rc ) return rc;
  }
  /* Keep letters, numbers and the marks that are not stripped. */
  for(i=j=0; i<nCp; i++){
    utf8proc_int32_t c = p->aCp[i];
    utf8proc_category_t cat = utf8proc_category(c);
    if( cat==UTF8PROC_CATEGORY_MN || cat==UTF8PROC_CATEGORY_ME
     || cat==UTF8PROC_CATEGORY_MC ){
      if( j==0 ) continue;    /* a mark whose base was dropped */
      if( !p->opt.keepmarks && cat!=UTF8PROC_CATEGORY_MC
       && isLatinGreekCyrillic(base) ) continue;
    }else if( (cat>=UTF8PROC_CATEGORY_LU && cat<=UTF8PROC_CATEGORY_LO)
           || (cat>=UTF8PROC_CATEGORY_ND && cat<=UTF8PROC_CATEGORY_NO) ){
      base = c;
    }else{
      continue;               /* e.g. U+2044 from the NFKD of "½" */
    }
    p->aCp[j++] = c;
  }
  nCp = j;
  if( nCp>0 ){
    nCp = utf8proc_normalize_utf32(p->aCp, nCp, UTF8PROC_COMPOSE);
    if( nCp<0 ) nCp = 0;
  }
  rc = tokGrowBuf(p, (sqlite3_int64)nCp*4+1);
  if( rc ) return rc;
  for(i=0; i<nCp; i++){
    nOut += utf8proc_encode_char(p->aCp[i], (utf8proc_uint8_t*)&p->zBuf[nOut]);
  }
  *pnOut = (int)nOut;
  return SQLITE_OK;
}

/* ------------------------------------------------------------------ run */

/* Deliver one token whose normalised form is zTok/nTok. */
static int tokEmit(PapersTokenizer *p, const char *zTok, int nTok, int iPos,
                   int iStart, int iEnd, void *pCtx, PapersTokenFn xToken){
  if( nTok==0 ) return SQLITE_OK;
  if( p->opt.stopwords ){
    if( p->opt.keepcase ){
      char aFold[TOK_MAX_STOP];
      int i;
      if( nTok<=TOK_MAX_STOP ){
        for(i=0; i<nTok; i++) aFold[i] = (char)aLower[(unsigned char)zTok[i]];
        if( papers_tok_is_stopword(aFold, nTok) ) return SQLITE_OK;
      }
    }else if( papers_tok_is_stopword(zTok, nTok) ){
      return SQLITE_OK;
    }
  }
  if( p->opt.stem ){
    int nStem = 0;
    const char *zStem = papers_tok_stem(p, zTok, nTok, &nStem);
    if( zStem==0 ) return SQLITE_NOMEM;
    zTok = zStem;
    nTok = nStem;
  }
  return xToken(pCtx, zTok, nTok, iPos, iStart, iEnd);
}

int papers_tokenizer_run(PapersTokenizer *p, const char *zText, int nText,
                         void *pCtx, PapersTokenFn xToken){
  const unsigned char *z = (const unsigned char*)zText;
  const int keepcase = p->opt.keepcase;
  int i = 0;
  int iPos = 0;
  int rc = SQLITE_OK;

  tokInitLower();
  if( z==0 || nText<=0 ) return SQLITE_OK;
  if( tokGrowBuf(p, 256) ) return SQLITE_NOMEM;

  while( i<nText ){
    int iStart = i;
    int bAscii = 1;       /* token so far is pure ASCII */
    int bDot = 0;         /* a decimal point was joined: only digits follow */
    unsigned char c = z[i];
    utf8proc_int32_t cp;
    int len, cls, nTok;

    if( c<0x80 ){
      if( aAscii[c]==0 ){ i++; continue; }
      i++;
    }else{
      len = tokDecode(&z[i], nText-i, &cp);
      if( len==0 ){ i++; continue; }              /* invalid byte: separator */
      cls = tokClassify(cp);
      if( cls==CP_SEP || cls==CP_MARK ){ i += len; continue; }
      i += len;
      bAscii = 0;
      if( cls==CP_SINGLE ){
        /* A CJK letter and the marks after it. */
        while( i<nText && z[i]>=0x80 ){
          len = tokDecode(&z[i], nText-i, &cp);
          if( len==0 || tokClassify(cp)!=CP_MARK ) break;
          i += len;
        }
        goto have_token;
      }
    }

    /* Extend the token. */
    for(;;){
      /* ASCII fast loop */
      while( i<nText && z[i]<0x80 ){
        unsigned char k = aAscii[z[i]];
        if( k==0 ){
          if( z[i]=='.' && i+1<nText && TOK_DIGIT(z[i+1]) && TOK_DIGIT(z[i-1]) ){
            bDot = 1;
            i += 2;
            continue;
          }
          goto have_token;
        }
        if( bDot && k!=2 ) goto have_token;
        i++;
      }
      if( i>=nText || bDot ) goto have_token;
      len = tokDecode(&z[i], nText-i, &cp);
      if( len==0 ) goto have_token;
      cls = tokClassify(cp);
      if( cls!=CP_WORD && cls!=CP_MARK ) goto have_token;
      bAscii = 0;
      i += len;
    }

  have_token:
    nTok = i - iStart;
    if( bAscii ){
      char *zOut = p->zBuf;
      int k;
      if( nTok>p->nBuf ){
        if( tokGrowBuf(p, nTok) ) return SQLITE_NOMEM;
        zOut = p->zBuf;
      }
      if( keepcase ){
        memcpy(zOut, &z[iStart], nTok);
      }else{
        for(k=0; k<nTok; k++) zOut[k] = (char)aLower[z[iStart+k]];
      }
    }else{
      rc = tokNormalizeUnicode(p, (const char*)&z[iStart], nTok, &nTok);
      if( rc ) return rc;
      if( nTok==0 ) continue;
    }
    rc = tokEmit(p, p->zBuf, nTok, iPos, iStart, i, pCtx, xToken);
    if( rc ) return rc;
    iPos++;
  }
  return SQLITE_OK;
}
