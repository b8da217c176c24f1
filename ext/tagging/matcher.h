/*
** matcher.h: a phrase matcher over token sequences (ext/tagging/matcher.c), the
** engine of tags() and tag_matches(). Phrases are tokenised with the shared
** tokenizer (default options), each word's inflection folded
** (papers_tok_fold_inflection: plurals and possessives, no stemming), their
** tokens interned to integer ids, and an Aho-Corasick automaton is built
** over the id sequences. Matching a text costs one hash lookup and
** amortised O(1) automaton steps per token, however many phrases there are.
** A phrase may carry qualifiers in brackets (context it needs, senses it
** excludes: see ext/tagging/matcher.c).
**
** Phrases are added, and texts matched, with a PapersTokenizer made with
** the default options: the matcher folds each distinct word of the texts
** once, keeping a cache of word -> token id inside itself. So a matcher is
** not read-only while matching: use it from one connection (one thread) at
** a time.
*/
#ifndef PAPERS_MATCHER_H
#define PAPERS_MATCHER_H

#include "tokenizer.h"

typedef struct PapersMatcher PapersMatcher;

/* One match: pattern index (as added), its tag id (patterns of one tag
** share it; ids count from 0 in order of the tags' first appearance),
** byte offsets [iStart, iEnd), and the index of its first token in the
** text's token stream. */
typedef struct PapersMatch PapersMatch;
struct PapersMatch { int iPattern; int iTagId; int iStart; int iEnd; int iToken; };

/* papers_matcher_flags(): the phrase has the qualifier [introduced]: its
** matches are evidence of a topic only where the text introduces one. */
#define PAPERS_PHRASE_INTRODUCED 0x01
/* ... [setting]: it names a setting a paper works in (edge devices), which a
** paper states in its first sentence when it is its problem. */
#define PAPERS_PHRASE_SETTING    0x02

/* An empty matcher. SQLITE_OK or SQLITE_NOMEM. */
int papers_matcher_new(PapersMatcher **pp);
void papers_matcher_free(PapersMatcher *p);

/* Add a phrase for tag zTag. pTok must use the default options. Returns
** SQLITE_OK, SQLITE_NOMEM, SQLITE_EMPTY when the phrase has no token, or
** SQLITE_FORMAT when its qualifiers cannot be read (brackets not closed
** last, an unknown qualifier, an item of more than one word, an empty
** list); then nothing is added. The pattern index is the number of
** patterns added before. */
int papers_matcher_add(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *zTag, const char *zPhrase);

/* Build the automaton after the last papers_matcher_add(); once (later
** adds and builds return SQLITE_MISUSE). Linear in the phrases' tokens.
** xBusy, when not NULL, is called with pBusyArg every few thousand nodes;
** a non-zero return stops the build with SQLITE_INTERRUPT (papers_poll()
** of common.h makes a build over a huge taxonomy interruptible). */
int papers_matcher_build(PapersMatcher *p, int (*xBusy)(void*), void *pBusyArg);

/* The tag of a pattern, NUL-terminated; its length in *pnTag unless NULL.
** Its phrase, without the qualifiers. */
const char *papers_matcher_tag(const PapersMatcher *p, int iPattern, int *pnTag);
const char *papers_matcher_phrase(const PapersMatcher *p, int iPattern);

/* The tag of a tag id, NUL-terminated. */
const char *papers_matcher_tag_of(const PapersMatcher *p, int iTagId);

/* The tag of a tag id as a JSON string (quoted and escaped), *pn bytes. */
const char *papers_matcher_tag_json(const PapersMatcher *p, int iTagId, int *pn);

/* All matches of the phrases in z[0..n), overlapping ones included, sorted
** by start, then end, then pattern. *paMatch belongs to the matcher (it is
** reused, so a text costs no allocation): valid until the next run or
** papers_matcher_free(); may be NULL when *pnMatch is 0. pTok: default options
** (see above). */
int papers_matcher_run(PapersMatcher *p, PapersTokenizer *pTok,
                       const char *z, int n, PapersMatch **paMatch, int *pnMatch);

/* PAPERS_PHRASE_* flags of a pattern; the number of tag ids. */
int papers_matcher_flags(const PapersMatcher *p, int iPattern);
int papers_matcher_ntag(const PapersMatcher *p);

/* An int per tag id, each -1, for a caller's map of tag id -> slot while
** it reads one text's matches: it must set every entry it used back to -1
** before it returns (so no call pays for clearing the whole of it). */
int *papers_matcher_tag_scratch(PapersMatcher *p);

#endif /* PAPERS_MATCHER_H */
