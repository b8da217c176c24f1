/*
** matcher.h: a phrase matcher over token sequences (ext/matcher.c), the
** engine of tags() and tag_matches(). Phrases are tokenised with the shared
** tokenizer (options "stem"), their tokens interned to integer ids, and an
** Aho-Corasick automaton is built over the id sequences. Matching a text
** costs one hash lookup and amortised O(1) automaton steps per token, however
** many phrases there are.
**
** Phrases are added with a PapersTokenizer made with options "stem";
** matching takes one made with the default options (no stemming): the
** matcher stems each distinct word of the texts once, keeping a cache of
** word -> token id inside itself. So a matcher is not read-only while
** matching: use it from one connection (one thread) at a time.
*/
#ifndef PAPERS_MATCHER_H
#define PAPERS_MATCHER_H

#include "tokenizer.h"

typedef struct PapersMatcher PapersMatcher;

/* One match: pattern index (as added), its tag id (patterns of one tag
** share it; ids count from 0 in order of the tags' first appearance),
** byte offsets [iStart, iEnd). */
typedef struct PapersMatch PapersMatch;
struct PapersMatch { int iPattern; int iTagId; int iStart; int iEnd; };

/* An empty matcher. SQLITE_OK or SQLITE_NOMEM. */
int papers_matcher_new(PapersMatcher **pp);
void papers_matcher_free(PapersMatcher *p);

/* Add a phrase for tag zTag. pTok must use the options "stem". Returns
** SQLITE_OK, SQLITE_NOMEM, or SQLITE_EMPTY when the phrase has no token
** (then nothing is added). The pattern index is the number of patterns
** added before. */
int papers_matcher_add(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *zTag, const char *zPhrase);

/* Build the automaton after the last papers_matcher_add(); once (later
** adds and builds return SQLITE_MISUSE). Linear in the phrases' tokens.
** xBusy, when not NULL, is called with pBusyArg every few thousand nodes;
** a non-zero return stops the build with SQLITE_INTERRUPT (papers_poll()
** of papers.h makes a build over a huge taxonomy interruptible). */
int papers_matcher_build(PapersMatcher *p, int (*xBusy)(void*), void *pBusyArg);

/* The tag of a pattern, NUL-terminated; its length in *pnTag unless NULL. */
const char *papers_matcher_tag(const PapersMatcher *p, int iPattern, int *pnTag);
const char *papers_matcher_phrase(const PapersMatcher *p, int iPattern);

/* The tag of a tag id as a JSON string (quoted and escaped), *pn bytes. */
const char *papers_matcher_tag_json(const PapersMatcher *p, int iTagId, int *pn);

/* All matches of the phrases in z[0..n), overlapping ones included, sorted
** by start, then end, then pattern. *paMatch belongs to the matcher (it is
** reused, so a text costs no allocation): valid until the next run or
** papers_matcher_free(); may be NULL when *pnMatch is 0. pTok: default options
** (see above). */
int papers_matcher_run(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *z, int n, PapersMatch **paMatch, int *pnMatch);

/* What tags() needs, for less than papers_matcher_run(): one entry per
** tag, its first match (in the order above), the entries in that order.
** Same ownership as papers_matcher_run(). */
int papers_matcher_tags(PapersMatcher *p, PapersTokenizer *pTok,
                        const char *z, int n, PapersMatch **paFirst, int *pnFirst);

#endif /* PAPERS_MATCHER_H */
