/*
** aboutness.h: which tags a paper is about (ext/tagging/aboutness.c), the rule
** behind tags(), paper_tags() and tag_evidence(). Adds no SQL.
**
** A taxonomy phrase found in a text is a mention; a paper is about a tag
** when the mentions of that tag add up to enough evidence. The evidence of
** one tag, from the matches of its phrases (ext/tagging/matcher.c) in the title
** and the abstract:
**   - in the title (strong: a title names what a paper is about);
**   - in the abstract's first sentence;
**   - in a sentence that states the contribution ("we propose", "this
**     paper", "our method" ... with a verb of contribution);
**   - the number of mentions in the abstract (repetition): matches of one
**     tag that overlap or stand next to each other are one mention ("INT4
**     quantization", "large language models (LLMs)"), and a later use of an
**     abbreviation the text defines after a long form with a match in it
**     is a mention of that match's tag ("Robust Fine-Tuning (RFT)", then
**     "RFT").
** Not evidence: a mention under a negation ("without fine-tuning", "avoids
** fine-tuning", "no LLM", "non-transformer", "tuning-free",
** "hardware-agnostic", "no post-hoc pruning or quantization"), one set aside ("rather than X", "orthogonal
** to X", "combined with X") or made a likeness ("GPT-style", "LLM-like"),
** and a mention of a phrase marked
** [introduced] ("dataset", "benchmark") except in the title or where the
** text introduces one ("we release a dataset", "a new benchmark"); one the
** text states as its own ("we present the TVGE dataset", "our datasets")
** decides alone.
** A phrase marked [setting] ("edge device", "resource-constrained") names a
** setting a paper works in: in the first sentence it weighs as much as in
** the title ("Deploying deep networks on low-resource edge devices is
** challenging" opens a paper about edge devices).
** The score and the threshold are in ext/tagging/aboutness.c (ABOUT_*), chosen on
** the labelled set of bench/labels/ (see docs). A text of one sentence
** given with no title (tags('KV cache compression')) is read as a title.
*/
#ifndef PAPERS_ABOUTNESS_H
#define PAPERS_ABOUTNESS_H

#include "matcher.h"

/* The evidence for one tag of a paper. */
typedef struct PapersEvidence PapersEvidence;
struct PapersEvidence {
  int iTagId;             /* the matcher's tag id */
  int bTitle;             /* a counting match in the title */
  int bFirst;             /* ... in the abstract's first sentence */
  int bSetting;           /* ... there, of a [setting] phrase */
  int bIntroduced;        /* an [introduced] phrase the text introduces */
  int bContribution;      /* ... in a sentence stating the contribution */
  int nMention;           /* counting matches in the abstract */
  int nNegated;           /* matches under a negation (not counted) */
  int nUnintroduced;      /* [introduced] matches where none is introduced */
  double score;
  int bAbout;             /* score reaches the threshold */
  int iOrder;             /* first counting match: title ones come first */
  int iSeq;               /* (while reading) tags met before this one */
  int iLastEnd;           /* (while reading) end of the last counted match */
};

/* The evidence for every tag with a match in the title or the abstract
** (either may be NULL), ordered by iOrder. pTok: default options. *paEv is
** sqlite3_malloc'd (NULL when *pnEv is 0). SQLITE_OK or SQLITE_NOMEM. */
int papers_about(PapersMatcher *pMatcher, PapersTokenizer *pTok,
                 const char *zTitle, int nTitle, const char *zAbstract, int nAbstract,
                 PapersEvidence **paEv, int *pnEv);

#endif /* PAPERS_ABOUTNESS_H */
