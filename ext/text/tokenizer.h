/*
** tokenizer.h: the one tokenizer core (ext/text/tokenizer.c) that every text
** function stands on: tokenize(), tokens(), the FTS5 tokenizer `papers`,
** tags()/tag_matches()/keywords() and similarity()/similar_to.
** A phrase that matches in one of them matches in all, because all of them
** see the same token stream for the same text and options.
**
** Usage:
**   PapersTokOptions o;  char *zErr = 0;
**   rc = papers_tok_options_parse("stem stopwords", &o, &zErr);
**   rc = papers_tokenizer_new(&o, &pTok);      // owns the stemmer + buffers
**   rc = papers_tokenizer_run(pTok, zText, nText, pCtx, xToken);
**   papers_tokenizer_free(pTok);
**
** A PapersTokenizer is not thread-safe (Snowball stemmers are not): use one
** per connection/statement/cursor, never share one across threads.
*/
#ifndef PAPERS_TOKENIZER_H
#define PAPERS_TOKENIZER_H

#include <stdint.h>
#include <string.h>
#include "common.h"

typedef struct PapersTokOptions PapersTokOptions;
struct PapersTokOptions {
  unsigned char stem;        /* Snowball English stemming of each token */
  unsigned char stopwords;   /* drop English stop words */
  unsigned char keepcase;    /* no case folding */
  unsigned char keepmarks;   /* keep diacritics on Latin/Greek/Cyrillic */
};

/* Parse a space-separated option list ("stem stopwords"); NULL or "" gives the
** defaults (all zero). On an unknown option returns SQLITE_ERROR and sets
** *pzErr (sqlite3_malloc'd) to "unknown option: NAME". */
int papers_tok_options_parse(const char *zOptions, PapersTokOptions *pOut,
                             char **pzErr);

/* The same from an argv list, as FTS5 passes tokenizer arguments. */
int papers_tok_options_parse_argv(const char **azArg, int nArg,
                                  PapersTokOptions *pOut, char **pzErr);

typedef struct PapersTokenizer PapersTokenizer;

/* SQLITE_OK or SQLITE_NOMEM. */
int papers_tokenizer_new(const PapersTokOptions *pOptions, PapersTokenizer **ppTok);
void papers_tokenizer_free(PapersTokenizer *pTok);

/* Called once per token, in text order. zToken/nToken is the normalised
** token (UTF-8, valid only during the call); [iStart, iEnd) are the byte
** offsets of its surface form in the text passed to papers_tokenizer_run.
** The tokens of one NFKC form share the offsets of the written form (½,
** "1⁄2", gives 1 and 2, both at ½); otherwise tokens do not overlap.
** iPos is the 0-based position of the token in the stream (stop words that
** are dropped still use up a position, so phrase distance is kept).
** Return SQLITE_OK to go on; anything else stops the run and is returned. */
typedef int (*PapersTokenFn)(void *pCtx, const char *zToken, int nToken,
                             int iPos, int iStart, int iEnd);

/* Tokenise zText (nText bytes; need not be NUL-terminated; invalid UTF-8 is
** tolerated, never read past nText). Returns SQLITE_OK, SQLITE_NOMEM, or the
** first non-OK value returned by xToken. */
int papers_tokenizer_run(PapersTokenizer *pTok, const char *zText, int nText,
                         void *pCtx, PapersTokenFn xToken);

/* The same run one token at a time, for callers that hand tokens out one
** by one (the tokens() table): papers_tokenizer_start(), then
** papers_tokenizer_next() until it returns SQLITE_DONE. zText must stay
** unchanged meanwhile. next() returns SQLITE_ROW with the token in *pOut
** (fields as for PapersTokenFn; zToken valid until the next call on pTok),
** SQLITE_DONE at the end, or SQLITE_NOMEM. start() returns SQLITE_OK or
** SQLITE_NOMEM. papers_tokenizer_run() is start() and a loop of next(). */
typedef struct PapersToken PapersToken;
struct PapersToken {
  const char *zToken;  int nToken;
  int iPos, iStart, iEnd;
};
int papers_tokenizer_start(PapersTokenizer *pTok, const char *zText, int nText);
int papers_tokenizer_next(PapersTokenizer *pTok, PapersToken *pOut);

/* 1 if a token, z[0..n) as written and zFold[0..nFold) normalised, is the
** plural of an abbreviation, written with a final lower-case s: with two
** or more upper-case letters (Unicode Lu), the last of them right before
** the s (LLMs, GPUs, ＬＬＭs); or, folded, ASCII letters and digits with no
** vowel (a e i o u y) before the s (llms, dnns, h100s). H2S, KMS and GPUS
** are none. Snowball leaves "llms" and "gpus" alone (no vowel, or one only
** right before the s), so a stemming tokenizer stems such a token without
** its s, to the abbreviation's own stem; the matcher and keywords(), which
** stem words themselves, do the same. Inline, the test every token pays:
** its last byte. */
int papers_tok_abbrev_plural_s(const char *z, int n, const char *zFold, int nFold);
static inline int papers_tok_abbrev_plural(const char *z, int n,
                                           const char *zFold, int nFold){
  return n>=3 && z[n-1]=='s' && papers_tok_abbrev_plural_s(z, n, zFold, nFold);
}
/* Inflection folding, the normalisation of tagging (not a stemmer: it
** only undoes a plural or a possessive, so that "transformers" matches
** "transformer" but "transformation" does not, and "embedding" is not
** "embedded"). For a folded (lower-case) token z[0..n), the length of its
** folded form, written to zOut (room for n bytes; may be z): a final 's
** goes; then a plural: -ies becomes -y, -es after s, x, z, ch or sh goes,
** a final s goes unless the word ends in ss, us or is or has three letters
** or fewer; a second final s then goes too, so that "bias" and "biases"
** fold alike; last, a final e goes (words of four letters or more), so
** that "cache" and "caches", "base" and "bases" fold alike. The forms need
** only agree with each other, not be English. */
int papers_tok_fold_inflection(const char *z, int n, char *zOut);

/* 1 if the normalised (case-folded, unstemmed) token is an English stop word. */
int papers_tok_is_stopword(const char *zToken, int nToken);

/* 1 if zWord/nWord is in azList, nList C strings sorted in byte order. */
int papers_word_in_list(const char *const *azList, int nList,
                        const char *zWord, int nWord);

/* Stem one normalised token with the tokenizer's stemmer. Returns a pointer
** valid until the next call on pTok, and its length in *pnOut; or NULL on OOM. */
const char *papers_tok_stem(PapersTokenizer *pTok, const char *zToken, int nToken,
                            int *pnOut);

/* The 16-byte key of a short word z[0..n), 0<n<=PAPERS_WORD_KEY_MAX: its
** bytes, zero padded, with n in the last byte (so k1 is never 0); two keys
** are equal when the words are. Read with overlapping loads, never past
** z[n-1]. The stem cache and the matcher's word cache compare words so. */
#define PAPERS_WORD_KEY_MAX 15
static inline void papers_word_key(const char *z, int n, uint64_t *pk0, uint64_t *pk1){
  uint64_t k0 = 0, k1 = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__==__ORDER_LITTLE_ENDIAN__
  if( n>=8 ){
    memcpy(&k0, z, 8);
    if( n>8 ){ memcpy(&k1, z + n - 8, 8);  k1 >>= 8*(16 - n); }
  }else if( n>=4 ){
    uint32_t lo, hi;
    memcpy(&lo, z, 4);
    memcpy(&hi, z + n - 4, 4);
    k0 = lo | (uint64_t)hi << 8*(n - 4);
  }else{
    k0 = (uint64_t)(unsigned char)z[0]
       | (uint64_t)(unsigned char)z[n/2] << 8*(n/2)
       | (uint64_t)(unsigned char)z[n-1] << 8*(n-1);
  }
#else
  int i;
  for(i=0; i<n; i++){
    if( i<8 ) k0 |= (uint64_t)(unsigned char)z[i] << 8*i;
    else k1 |= (uint64_t)(unsigned char)z[i] << 8*(i-8);
  }
#endif
  *pk0 = k0;
  *pk1 = k1 | (uint64_t)n << 56;
}

/* A 32-bit hash of a papers_word_key() key, for the tables keyed on it. */
static inline uint32_t papers_word_hash(uint64_t k0, uint64_t k1){
  return (uint32_t)(((k0 ^ (k1 * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL) >> 32);
}

#endif /* PAPERS_TOKENIZER_H */
