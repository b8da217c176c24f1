/*
** similarity.h: the cosine similarity of two texts (ext/similarity/similarity.c), used
** by the SQL function similarity() and by paper_duplicates() to check the
** candidate pairs that MinHash proposes.
**
** A text becomes a vector of its terms: the tokens of the shared tokenizer
** core with options "stem stopwords", weighted by sublinear term frequency
** 1 + ln(tf). The similarity is the cosine of the two vectors, in [0, 1]:
** 1.0 for texts with the same terms at the same frequencies, 0.0 when no
** term is shared or when either text has no term.
*/
#ifndef PAPERS_SIMILARITY_H
#define PAPERS_SIMILARITY_H

#include "tokenizer.h"

/* The terms of one text with their frequencies, sorted by term bytes. */
typedef struct PapersTermVec PapersTermVec;
struct PapersTermVec {
  char *zArena;  int nArena, nArenaAlloc;  /* the term bytes, back to back */
  struct PapersTerm { int iOff, n, tf; } *a;
  int nTerm, nAlloc;
  double norm2;                            /* sum of squared weights */
};

/* Fill pVec (zeroed, or reused after an earlier call) with the terms of
** z[0..n). pTok must have been made with options "stem stopwords".
** SQLITE_OK or SQLITE_NOMEM. */
int papers_termvec_build(PapersTokenizer *pTok, const char *z, int n,
                         PapersTermVec *pVec);
void papers_termvec_free(PapersTermVec *pVec);

/* Cosine of two term vectors made by papers_termvec_build(); symmetric. */
double papers_termvec_cosine(const PapersTermVec *pA, const PapersTermVec *pB);

#endif /* PAPERS_SIMILARITY_H */
