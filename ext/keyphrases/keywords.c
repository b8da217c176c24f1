/*
** keywords.c: the key phrases of one text, with no model and no corpus.
**
**   keywords(text [, k [, method]])  -> TEXT: a JSON array of the k
**                                       (default 10) best key phrases,
**                                       best first, each as first written
**
**   SELECT keywords(abstract, 8) FROM digests('digests/');
**
** method is 'singlerank' (the default) or 'positionrank' (favours what
** comes early). NULL text gives NULL; k beyond the candidates gives all.
**
** How: the text is cut into candidates, noun phrases of one to four words
** (runs of content words that no punctuation, stop word or rule breaks,
** ending on a noun); a graph of their words, an edge for each pair within
** WINDOW tokens, is ranked by PageRank; a candidate scores the sum of its
** words' ranks times the factors of the rules; the best come back, one
** phrase per concept: no two that are the same phrase in another case,
** number or hyphenation, an acronym and its long form, or a phrase and the
** same phrase with a generic head ("FL", "FL methods").
**
** Where: every rule is a row of aRule[] below (its name, what it does, its
** factor); the word lists the rules read follow it, the generated ones in
** keywords_*.inc (tools/gen_keywords_lexicon.py, from WordNet, its SemCor
** sense counts, and Lingua::EN::Tagger's lexicon); the hand-written ones
** (the genre's general words, scores, relating and evaluative words) are
** lists of words, not of phrases. Each rule has a test in
** tests/keyphrases/keywords.sql; bench/keyphrase_quality.py measures the rules on a
** labelled set, each switched off alone in a build with
** -DPAPERS_KEYWORDS_RULES_ENV (PAPERS_KEYWORDS_OFF=name,name; read when a
** connection loads the extension; ignored in other builds).
**
** Cost: linear in the text, plus a few PageRank sweeps over its distinct
** words: microseconds for an abstract. The tokenizers are made once per
** connection.
*/
#include "common.h"
#include "tokenizer.h"
SQLITE_EXTENSION_INIT3

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <utf8proc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW      10      /* co-occurrence window, in tokens */
#define MAX_WORDS   4       /* longest candidate, in words (units) */
#define MAX_RUN     32      /* longest run of units kept whole */
#define ACRONYM_MAX 16      /* capitals of the longest acronym given a long form */
#define INTRO_REACH 6       /* tokens from "we propose" to the name it introduces */
#ifndef ACRONYM_F
#define ACRONYM_F 10.0
#endif
#ifndef GENRE_GENERAL
#define GENRE_GENERAL 0.1
#endif
#ifndef PLAIN_WORD
#define PLAIN_WORD 0.3
#endif
#define ITERATIONS  50
#define DAMPING     0.85

/* The rules. Each row: its name (PAPERS_KEYWORDS_OFF switches it off in a
** bench build), the condition and its effect in the comment, and its
** factor when it scales a score (0 for a rule that breaks or filters).
** A word that "breaks" is no word of any phrase: phrases end before it. */
enum {
  /* which words are words of a phrase */
  R_NONKEY, R_VERBAL, R_VERBAL_NOUN, R_LY_ADVERB, R_EVALUATIVE, R_CAPITAL_NAME, R_QUANTITY,
  R_NOTATION, R_URL, R_SUBJECT_VERB, R_VERB_AFTER_NAME, R_FINITE_VERB, R_PLURAL_VERB,
  R_CLAUSE_VERB,
  R_NAMED_VERB, R_PARTICIPLE, R_INFINITIVE, R_POSSESSIVE, R_RELATING_START,
  R_RELATING_COMPOUND,
  /* which runs of words are candidates */
  R_ED_END, R_ADJECTIVE_END, R_ING_END, R_LONE_ING, R_ING_OBJECT,
  R_PAREN_MODIFIER,
  /* scores */
  R_FREQUENCY, R_CUT_HEAD, R_CUT_NAME, R_WHOLE_RUN, R_LONG_FORM, R_NP_CONTEXT,
  R_OF_AFTER, R_ACRONYM, R_GENERAL_ALONE, R_GENRE_GENERAL, R_METRIC, R_KNOWN_MODEL,
  R_PLAIN_WORD,
  R_OWN_NAME,
  /* which candidates an answer holds */
  R_INSIDE_CHOSEN, R_SAME_CONCEPT,
  N_RULE
};
typedef struct KwRule KwRule;
struct KwRule { const char *zName; double factor; };
static const KwRule aRule[] = {
  /* a word of azNonKey (the genre's verbs, adverbs, connectives and
  ** relating adjectives: "propose", "existing") breaks */
  [R_NONKEY]          = { "nonkey", 0 },
  /* a word of azVerbal (WordNet: mostly a verb or adverb) breaks */
  [R_VERBAL]          = { "verbal", 0 },
  /* ... but one of azVerbalNouns (a verb WordNet has as a noun too:
  ** "design", "gain", "start") right after a singular noun or adjective is
  ** the head of a compound, a word of the phrase ("architecture design",
  ** "path gain", "cold start"): a verb there would agree with a plural or
  ** follow "we", or take an object that starts with a determiner ("noise
  ** hurt the recognizer": then it breaks after all) */
  [R_VERBAL_NOUN]     = { "verbal_noun", 0 },
  /* a word in -ly breaks (an adverb) unless WordNet has it as a noun
  ** ("anomaly") */
  [R_LY_ADVERB]       = { "ly_adverb", 0 },
  /* a word of azEvaluative ("strongest", "superior", "SOTA") or an
  ** evaluative compound ("high-quality", "well-designed") breaks, written
  ** with capitals too: a claim, not a name */
  [R_EVALUATIVE]      = { "evaluative", 0 },
  /* a word with a capital inside a sentence is a name: the three rules
  ** above leave it ("Stokes flow") */
  [R_CAPITAL_NAME]    = { "capital_name", 0 },
  /* a unit after a number, or glued to one, breaks ("125 GeV", "1MHz"),
  ** and so do a factor and an ordinal ("421x", "4th") */
  [R_QUANTITY]        = { "quantity", 0 },
  /* a symbol written against a bracket breaks ("SU(N)", "Co(II)") */
  [R_NOTATION]        = { "notation", 0 },
  /* a token inside a URL breaks ("WAD-master" of https://github.com/...) */
  [R_URL]             = { "url", 0 },
  /* a word right after "we" or "they" breaks: a verb ("we study") */
  [R_SUBJECT_VERB]    = { "subject_verb", 0 },
  /* a lower-case word in -s between a name and a determiner breaks
  ** ("INPO bypasses the") */
  [R_VERB_AFTER_NAME] = { "verb_after_name", 0 },
  /* a lower-case word of azFinite (mostly a finite verb in the tagger's
  ** lexicon) right after a noun breaks, in -s after any noun ("UFGIR
  ** goes", "RM stays"), else after a plural ("providers update") */
  [R_FINITE_VERB]     = { "finite_verb", 0 },
  /* a lower-case word of azVerbsFirst (below) right after a lower-case
  ** plural breaks too: a verb agreeing with it ("NLP tasks support",
  ** "approaches leverage", "demands increase") */
  [R_PLURAL_VERB]     = { "plural_verb", 0 },
  /* a lower-case word of azFinite or azVerbsFirst, or the -s form of one
  ** of azVerbsFirst, right after a word of azClauseWord ("that", "which",
  ** "also", "it") or an adverb in -ly breaks: a verb ("which supports
  ** data selection", "successfully boosts multiple baselines") */
  [R_CLAUSE_VERB]     = { "clause_verb", 0 },
  /* a lower-case "named" before a word with a capital breaks */
  [R_NAMED_VERB]      = { "named_verb", 0 },
  /* an -ing word WordNet has no noun for, right after a plural, breaks: a
  ** participle ("systems utilizing") */
  [R_PARTICIPLE]      = { "participle", 0 },
  /* a lower-case word of azVerbsFirst (SemCor has it at least as often as
  ** a verb as a noun: "update", "train", "aid") right after "to" or a
  ** modal, or after an -ly adverb there, breaks: a verb ("to update
  ** network weights", "to efficiently train OFA networks", "can aid") */
  [R_INFINITIVE]      = { "infinitive", 0 },
  /* a possessive ('s) ends its phrase: the owner is one phrase, what it
  ** owns another ("TabPFN's efficacy", "the hybrid model's context
  ** length") */
  [R_POSSESSIVE]      = { "possessive", 0 },
  /* a word of azRelatingStart ("current", "main", "high", "key") breaks at
  ** a run's start, unless hyphen-joined to the next word ("low-rank") */
  [R_RELATING_START]  = { "relating_start", 0 },
  /* "state-of-the-art", "off-the-shelf" break */
  [R_RELATING_COMPOUND] = { "relating_compound", 0 },
  /* no candidate ends on a word in -ed (not -eed): a verb */
  [R_ED_END]          = { "ed_end", 0 },
  /* no candidate ends on a lower-case word of azAdjective */
  [R_ADJECTIVE_END]   = { "adjective_end", 0 },
  /* no candidate ends on a lower-case -ing word that WordNet has no noun
  ** for and azFinite has ("DistriFusion depending", "history comprising") */
  [R_ING_END]         = { "ing_end", 0 },
  /* no candidate is a lone -ing word WordNet has no noun for */
  [R_LONE_ING]        = { "lone_ing", 0 },
  /* no candidate of two or more words starts with an -ing word that
  ** WordNet has no noun for ("generating testing scenarios"), or with any
  ** -ing word (or hyphenated word ending in one) followed by a name, an
  ** adjective, a participle or a word SemCor has mostly as an adjective
  ** ("deploying quantized LLMs", "running PFT", "training large language
  ** models", "fine-tuning large-scale models"; at a sentence start
  ** "Training LLMs"): a verb and its object; the rest of the run is
  ** whole */
  [R_ING_OBJECT]      = { "ing_object", 0 },
  /* an acronym written alone in parentheses and followed by a content
  ** word, and the run right before it, modify that word ("end-of-sequence
  ** (EOS) token", "key-value (KV) cache"): that occurrence ends no run,
  ** is no whole run and no long form (a term is "EOS token", not
  ** "end-of-sequence" or "KV") */
  [R_PAREN_MODIFIER]  = { "paren_modifier", 0 },
  /* score x occurrences^factor */
  [R_FREQUENCY]       = { "frequency", 0.5 },
  /* no occurrence ends its run (the head noun is cut off) */
  [R_CUT_HEAD]        = { "cut_head", 0.1 },
  /* every occurrence starts inside a name: right after a word with a
  ** capital (not only a sentence's first) that its run holds, on a word
  ** with a capital ("Radiance
  ** Fields" of "Neural Radiance Fields", "SNR-based Metric Learning" of
  ** "Deep SNR-based Metric Learning") */
  [R_CUT_NAME]        = { "cut_name", 0.1 },
  /* some occurrence is its whole run of content words: a term */
  [R_WHOLE_RUN]       = { "whole_run", 10.0 },
  /* the long form of an acronym the text defines ("... Models (GLM)") */
  [R_LONG_FORM]       = { "long_form", 9.0 },
  /* an occurrence right after a determiner or preposition: a noun phrase */
  [R_NP_CONTEXT]      = { "np_context", 1.5 },
  /* an occurrence right before "of": the head of a longer phrase */
  [R_OF_AFTER]        = { "of_after", 0.5 },
  /* a word with two or more capitals (CVD, LLMs) */
  [R_ACRONYM]         = { "acronym", ACRONYM_F },
  /* one general noun alone (azGeneral: "method", "data"), or one word of
  ** azGenre alone ("GPUs", "DNNs") */
  [R_GENERAL_ALONE]   = { "general_alone", 0.1 },
  /* every word of the phrase is a general word of the genre (azGenre: its
  ** general nouns, hardware, resources and grading modifiers): "model
  ** size", "deep neural networks", "DNNs", "GPU memory", "real-world
  ** scenarios" name no topic of their own (not with general_alone), and
  ** an acronym among them is no name (DNN, GPU, AI: no acronym factor) */
  [R_GENRE_GENERAL]   = { "genre_general", GENRE_GENERAL },
  /* one word alone, no hyphen and no acronym, written somewhere in lower
  ** case or with a capital only at a sentence's start ("inference",
  ** "noise", "Scaling laws ..."): rarely what a text is about */
  /* the phrase ends on a score its field reports (azMetric: "PSNR",
  ** "FID", "OOD accuracy", "ImageNet top-1 accuracy", "SSM performance"):
  ** how a result is measured, not what the text is about */
  [R_METRIC]          = { "metric", 0.1 },
  /* a well-known model alone, or with its version and size (azKnownModel:
  ** "ChatGPT", "GPT-4", "LLaMA-3-8B", "AlexNet", "BERT models"): papers
  ** name them as baselines and examples; a text's own model built on one
  ** is another name ("Llama-AVSR") */
  [R_KNOWN_MODEL]     = { "known_model", 0.1 },
  [R_PLAIN_WORD]      = { "plain_word", PLAIN_WORD },
  /* the text's own name for its method or system: a coined name (two
  ** capitals, or a capital in a sentence's middle after a lower-case word)
  ** right after "called", "dubbed", "termed", "named", or within
  ** INTRO_REACH tokens after "we propose/present/introduce/..." in the
  ** same sentence and followed by punctuation ("we present QServe,") */
  [R_OWN_NAME]        = { "own_name", 1000.0 },
  /* a candidate whose words all lie inside a chosen phrase is skipped,
  ** but an acronym alone or a phrase that is somewhere a whole run */
  [R_INSIDE_CHOSEN]   = { "inside_chosen", 0 },
  /* a candidate of the same concept as a chosen one is skipped: the same
  ** after case, possessive and plural folding, hyphens as spaces, an
  ** acronym for its long form, and a last word of azGenericHead dropped */
  [R_SAME_CONCEPT]    = { "same_concept", 0 },
};
typedef char rule_table_complete[
  (sizeof(aRule)/sizeof(aRule[0])==N_RULE) ? 1 : -1];

/* Whether rule r is on for this call, and its factor. */
#define ON(p, r)      (!(p)->aOff[r])
#define FACTOR(p, r)  (ON(p, r) ? aRule[r].factor : 1.0)
#define DAMPING     0.85

typedef struct Tok Tok;
struct Tok {
  int iStart, iEnd;       /* surface form in the text */
  int iPos;               /* token position */
  int iWord;              /* id of the stem in aWord, or -1 for a stop word/number */
  int iFold, nFold;       /* its folded text, in Kw.pFold */
  int bJoin;              /* joined to the previous token by a bare hyphen */
  int bStop;              /* a stop word */
  int bNumber;            /* digits and dots: 125, 4.38 */
  int bUnit;              /* a unit of measure right after a number (azUnit:
                          ** "125 GeV", "80 GB"), or a quantity glued to its
                          ** unit, no part of a hyphenated word ("1MHz", not
                          ** "A100-80GB"): part of a quantity */
  int bCapital;           /* starts with an upper-case letter */
  int bBreakLeft;         /* the gap before it breaks a phrase (gap_breaks;
                          ** always for the first token) */
  int bNonKey;            /* breaks phrases: LEX_NONKEY (lexicon_class) */
  int bNotHead;           /* no candidate ends on it: its folded form ends
                          ** in -ed (5+ bytes), not -eed (speed, breed), a
                          ** verb; or it is a lower-case word that is
                          ** LEX_ADJECTIVE, alone or ending a hyphenated word
                          ** ("memory-efficient"), where a part of under four
                          ** bytes is a particle ("trade-off") */
  int bAcronym;           /* surface has two or more upper-case letters */
  int bParen;             /* written alone in parentheses: "(CL)" */
  int bParenModifier;     /* bParen, and followed by ")" and a content word:
                          ** it modifies that word (R_PAREN_MODIFIER) */
  int bDet, bPrep;        /* a determiner (azDeterminer), a preposition
                          ** (azPreposition) */
  int bSubject;           /* "we" or "they" (azSubject) */
  int bNpLeft;            /* right after a determiner or preposition */
  int bSubjectLeft;       /* right after a subject: a verb ("we study") */
  int bRelatingStart;     /* in azRelatingStart, and no content word before
                          ** it: "current methods", not "eddy current" */
  int bIngVerb;           /* folded form ends in -ing (6+ bytes), and is not
                          ** a noun in WordNet (azSuffixNoun) */
  int bParticiple;        /* an -ing verb right after a plural noun: a
                          ** reduced relative clause ("systems utilizing
                          ** lossy compression"), no word of a phrase */
  int bOfRight;           /* right before "of" */
  int bLyAdverb;          /* an adverb in -ly (LEX_LY) */
  int bToLeft;            /* right after "to" or a modal (azToModal), or
                          ** after an -ly adverb that is */
  int bInfinitive;        /* a verb after "to" or a modal (R_INFINITIVE) */
  int bVerbalNoun;        /* a word of azVerbalNouns read as a noun
                          ** (R_VERBAL_NOUN) */
  int iLongFormEnd;       /* > 0: a long form ends at this token, and starts
                          ** at the token iLongFormEnd-1 (see find_long_forms) */
  int bUrl;               /* inside a URL (R_URL) */
  int bFinite;            /* a finite verb right after a noun (R_FINITE_VERB) */
  int bOwnName;           /* starts the unit that is the text's own name for
                          ** its method or system (R_OWN_NAME) */
  int bSentenceStart;     /* first token, or first after . ! ? : ; or a
                          ** line end */
  int bModifier;          /* a lower-case word in -ed or of azAdjective */
  int bEvaluative;        /* a word of azEvaluative (R_EVALUATIVE): it breaks
                          ** even written with capitals ("SOTA", "SoTA") */
};

typedef struct Word Word;
struct Word { char *zStem; int nStem; double rank, bias, sumw; };

typedef struct Cand Cand;
struct Cand {
  int iFirstTok, nTok;    /* first occurrence: tokens [iFirstTok, +nTok) */
  int iShowTok;           /* the occurrence shown: the first, or when that
                          ** one cuts a head off, the first that ends its
                          ** run ("test time" of "at test time", not of
                          ** "test-time adaptation") */
  int aWord[MAX_WORDS*8]; int nWord;   /* stems, units flattened */
  double score;
  int nOcc;               /* occurrences in the text */
  int bAcronym;           /* one of its tokens is an acronym */
  int bRunEnd;            /* some occurrence ends its run of content words */
  int bNameStart;         /* some occurrence starts no cut into a name
                          ** (R_CUT_NAME) */
  int bWholeRun;          /* some occurrence is its whole run: a term of its
                          ** own, not a window cut from a longer one */
  int bLongForm;          /* some occurrence is the long form of an acronym */
  int bNpContext;         /* some occurrence comes right after a determiner
                          ** or preposition ("the", "of"): a noun phrase */
  int bOfAfter;           /* some occurrence comes right before "of" */
  int bGeneral;           /* a general noun alone (azGeneral) */
  int bPlain;             /* one lower-case word alone, no hyphen */
  int bLowerSeen;         /* one token, somewhere written in lower case */
  int bCapitalInside;     /* one token, somewhere written with a capital
                          ** inside a sentence */
  int bGenre;             /* every word in azGenre (R_GENRE_GENERAL) */
  int bMetric;            /* ends on a word of azMetric (R_METRIC) */
  int bKnownModel;        /* a well-known model (R_KNOWN_MODEL) */
  int bOwnName;           /* the text's own name for its method (R_OWN_NAME) */
  char *zKey;             /* stems joined, to merge occurrences */
};

/* Per-connection state: the two tokenizers, made on first use, and the
** rules switched off. Shared by the three keywords() functions, freed with
** the last of them. */
typedef struct KwConn KwConn;
struct KwConn {
  PapersTokenizer *pTok;          /* default options: folded, not stemmed */
  PapersTokenizer *pStemmer;      /* for papers_tok_stem */
  unsigned char aOff[N_RULE];     /* 1: rule switched off */
  int nRef;                       /* functions that hold it */
};

/* A string map (open addressing, keys and values owned), for the long
** forms of acronyms and the concepts of the chosen phrases. */
typedef struct StrMap StrMap;
struct StrMap { char **azKey; char **azVal; int nUsed, nSlot; };

typedef struct Kw Kw;
struct Kw {
  const char *zText; int nText;
  PapersTokenizer *pStemmer;      /* for papers_tok_stem (KwConn's) */
  Tok *aTok; int nTok, nTokAlloc;
  Word *aWord; int nWord, nWordAlloc;
  Cand *aCand; int nCand, nCandAlloc;
  sqlite3_str *pFold;             /* folded text of the tokens */
  /* co-occurrence edges (both directions), in a hash table keyed by the
  ** pair, so memory grows with the text, not with its vocabulary squared */
  uint64_t *aEdgeKey; double *aEdgeW; int nEdge, nEdgeSlot;
  double *aNext;                  /* PageRank scratch, nWord */
  /* hash indexes (open addressing, -1 empty) of aWord by stem and of aCand
  ** by key, so long texts stay linear */
  int *aWordIdx; int nWordIdx;
  int *aCandIdx; int nCandIdx;
  const unsigned char *aOff;      /* rules switched off (KwConn) */
  int *aUrl; int nUrl, nUrlAlloc, iUrl;  /* URL spans [start, end), in order;
                                  ** iUrl: the first not wholly before the
                                  ** current token */
  int iIntro;                     /* token index of the last "we propose"
                                  ** or "called" (R_OWN_NAME), or -1 */
  StrMap longForms;               /* concept of a long form -> its acronym's */
  int rc;
};

/* Words that are not stop words but rarely part of a key phrase in
** scientific text: verbs, adverbs and connectives of the genre (we propose,
** results show, recently), and adjectives that place a thing against the
** text or other work rather than name it (existing methods, previous work,
** relevant features, larger models; not "current" or "specific", which
** also make terms: "eddy current", "specific surface area"). A candidate
** breaks at them, as at a stop word;
** without a part-of-speech tagger this list and the -ly rule below stand in
** for "nouns and adjectives only". Kept sorted; looked up through the
** hash set below. */
static const char *const azNonKey[] = {
  "able", "about", "above", "according", "accordingly", "achieve", "achieved",
  "achieves", "achieving", "across", "actual", "actually", "addition",
  "additional", "additionally", "allow", "allowed", "allowing", "allows",
  "almost", "alone", "along", "already", "also", "although", "always", "amid",
  "amidst", "among", "amongst", "another", "applied", "apply", "applying",
  "appropriate", "approximately", "around", "available", "based", "became",
  "become", "becomes", "becoming", "begin", "being", "besides", "better",
  "beyond", "call", "called", "calling", "calls", "can", "certain",
  "certainly", "clearly", "coined", "combine", "combined", "combining",
  "compared", "comparing", "consider", "considered", "considering", "contain",
  "containing", "contains", "corresponding", "could", "currently",
  "demonstrate", "demonstrated", "demonstrates", "demonstrating", "describe",
  "described", "describes", "describing", "despite", "determine", "determined",
  "develop", "developed", "developing", "devoted", "different", "directly",
  "discuss", "discussed", "dubbed", "due", "during", "e.g", "easily", "either",
  "else", "elsewhere", "enable", "enabled", "enables", "enabling",
  "especially", "et", "etc", "even", "eventually", "ever", "every", "example",
  "examples", "exhibit", "exhibiting", "exhibits", "existing", "finally",
  "find", "finding", "finds", "finetune",
  "finetunes", "first", "following", "former", "found", "four", "furthermore",
  "generally", "get", "gets", "give", "given", "gives", "giving", "good",
  "greatly", "however", "i.e", "important", "include", "included", "includes",
  "including", "indeed", "instead", "introduce", "introduced", "introduces",
  "introducing", "investigate", "investigated", "investigates",
  "investigating", "involve", "involved", "involves", "involving", "known",
  "largely", "larger", "later", "latter", "lead", "leading", "leads", "least",
  "less", "let", "like", "likely", "made", "mainly", "make", "makes", "making",
  "many", "may", "might", "moreover", "mostly", "much", "must", "namely",
  "near", "nearly", "necessary", "need", "needed", "needing", "needs", "new",
  "next", "non", "novel", "now", "nowadays", "numerous", "observe", "observed",
  "obtain", "obtained", "obtaining", "obtains", "often", "one", "onto",
  "otherwise", "overall", "owing", "paper", "particular", "particularly",
  "per", "perform", "performed", "performing", "performs", "popular",
  "possible", "potentially", "present", "presented", "presenting", "presents",
  "previous", "previously", "primarily", "probably", "propose", "proposed",
  "proposes", "proposing", "provide", "provided", "provides", "providing",
  "rather", "readily", "really", "recent", "recently", "regarding", "related",
  "relatively", "relevant", "remain", "remains", "report", "reported",
  "reporting", "reports", "require", "required", "requires", "requiring",
  "respective", "respectively", "result", "resulting", "results", "reveal",
  "revealed", "revealing", "reveals", "second", "see", "seem", "seeming",
  "seems", "seen", "several", "shall", "show", "showed", "showing", "shown",
  "shows", "significant", "significantly", "similar", "similarly", "simply",
  "since", "smaller", "still", "studied", "studying", "subsequently",
  "successfully", "such", "suggest", "suggested", "suggesting", "suggests",
  "take", "taken", "takes", "taking", "termed", "third", "though", "three",
  "thus", "today", "together", "tomorrow", "toward", "towards", "two",
  "typical", "typically", "unlike", "upon", "use", "used", "useful", "uses",
  "using", "usual", "usually", "various", "versus", "via", "vs", "well",
  "whereas", "whether", "while", "whilst", "within", "without", "would", "wrt",
  "yet",
};

/* English words that are mostly verbs or adverbs, from WordNet: see
** tools/gen_keywords_lexicon.py. Looked up through the hash set below. */
static const char *const azVerbal[] = {
#include "keywords_lexicon.inc"
};

/* The -ing and -ly words WordNet has as nouns (training, sampling; anomaly,
** assembly), from the same tool; sorted in byte order for
** papers_word_in_list(). */
static const char *const azSuffixNoun[] = {
#include "keywords_nouns.inc"
};

/* Words that WordNet has as adjectives and never as nouns, from the same
** tool: a noun phrase ends on its noun, so no candidate ends on one
** ("quantization library written", "ViT vulnerable"). Looked up through
** the hash set below. */
static const char *const azAdjective[] = {
#include "keywords_adjectives.inc"
};

/* Words that are mostly finite verbs in Lingua::EN::Tagger's lexicon, from
** the same tool (R_FINITE_VERB); sorted in byte order. */
static const char *const azFinite[] = {
#include "keywords_finite.inc"
};

/* The verbs of azVerbal that WordNet has as nouns too, from the same tool
** (R_VERBAL_NOUN); sorted in byte order. */
static const char *const azVerbalNouns[] = {
#include "keywords_verbal_nouns.inc"
};

/* Verb lemmas that SemCor has at least as often as verbs as nouns and
** adjectives, but for those of azVerbal, from the same tool: after "to" or
** a modal they are verbs (R_INFINITIVE); sorted in byte order. */
static const char *const azVerbsFirst[] = {
#include "keywords_verbs_first.inc"
};

/* Words that WordNet has as adjectives and as nouns and SemCor mostly as
** adjectives ("large", "single", "multiple"), from the same tool: after
** an -ing word they start its object (R_ING_OBJECT); sorted in byte
** order. */
static const char *const azMostlyAdjective[] = {
#include "keywords_mostly_adjectives.inc"
};

/* Evaluative words: a claim about a thing, not its name ("strongest 8B
** model", "a novel framework", "superior performance"); they break phrases
** (R_EVALUATIVE). Folded; sorted in byte order. */
static const char *const azEvaluative[] = {
  "accessible", "accurate", "bad", "best", "bigger", "breakthrough",
  "celebrated", "commercial", "comparable", "competitive", "comprehensive",
  "considerable", "cumbersome", "disproportionate", "effective", "enormous",
  "enough", "excellent", "exceptional", "expensive", "extensive", "great",
  "greater", "higher-end", "huge", "impressive", "inferior", "innovative",
  "insufficient", "intensive", "intricate", "mainstream", "modest",
  "negligible", "notable", "outstanding", "perfect", "plausible", "poor",
  "powerful", "prevalent", "principled", "proficient", "promising", "reliable",
  "remarkable", "resultant", "simple", "simpler", "slight", "smallest",
  "sophisticated", "sota", "straightforward", "strong", "stronger",
  "strongest", "suboptimal", "substantial", "sufficient", "superb", "superior",
  "thoughtful", "toy", "tremendous", "unprecedented", "unreasonable",
  "unreliable", "vanilla", "widespread",
};
/* ... and evaluative compounds, as azRelatingCompound is read. */
static const char *const azEvaluativeCompound[] = {
  "best-in-class", "cutting-edge", "de-facto", "ever-higher", "high-end",
  "high-fidelity", "high-quality", "low-quality", "mid-tier", "sub-optimal",
  "user-friendly", "well-designed", "well-established", "world-class",
};

/* Generic heads: a phrase followed by one names the same concept as the
** phrase alone ("FL", "FL methods", "FL performance"; R_SAME_CONCEPT).
** Folded and singular (plural_fold); sorted in byte order. */
static const char *const azGenericHead[] = {
  "ability", "algorithm", "approach", "architecture", "capability",
  "framework", "mechanism", "method", "model", "module", "paradigm",
  "performance", "pipeline", "problem", "process", "result", "scheme",
  "setting", "strategy", "system", "task", "technique",
};

/* General nouns of scientific prose: alone, one names no topic of its text
** ("method", "models", "data"); inside a phrase it is a head like any other
** ("sampling method"). Folded; sorted in byte order. */
static const char *const azGeneral[] = {
  "algorithm", "algorithms", "analyses", "analysis", "approach", "approaches",
  "aspect", "aspects", "calculation", "calculations", "case", "cases",
  "concept", "concepts", "condition", "conditions", "data", "effect",
  "effects", "factor", "factors", "form", "forms", "information", "issue",
  "issues", "level", "levels", "measure", "measures", "method", "methods",
  "model", "models", "number", "numbers", "order", "orders", "parameter",
  "parameters", "part", "parts", "performance", "problem", "problems",
  "process", "processes", "properties", "property", "quantities", "quantity",
  "range", "ranges", "rate", "rates", "set", "sets", "solution", "solutions",
  "studies", "study", "system", "systems", "task", "tasks", "technique",
  "techniques", "technologies", "technology", "term", "terms", "test",
  "tests", "time", "times", "tool", "tools", "type", "types", "use", "uses",
  "value", "values", "way", "ways", "work", "works",
};

/* General words of the genre (R_GENRE_GENERAL): the nouns its prose uses
** for any work (model, method, data, training, performance, accuracy), its
** generic names for its tools (neural network, DNN, AI), the hardware and
** resources every paper runs on (GPU, CPU, core, memory, time, hour; the
** GPUs named: NVIDIA A100, H100, V100, RTX; commodity, consumer-grade), and
** modifiers that only grade or place (large, small, full, deep, complex,
** real-world, single, multiple). A phrase made of them alone names no
** topic: "model size", "deep neural networks", "GPU memory". Folded and
** singular (plural_fold); sorted in byte order. */
static const char *const azGenre[] = {
  "a100", "ability", "accuracy", "ai", "algorithm", "analysis", "application",
  "approach", "architecture", "based", "baseline", "benchmark", "breakthrough",
  "capability", "commodity", "complex", "computational", "consumer-grade",
  "core", "cost", "cpu", "data", "dataset", "deep", "degradation", "device",
  "dnn", "environment", "error", "evaluation", "experiment", "framework",
  "full", "general", "gpu", "h100", "hardware", "high", "hour", "improvement",
  "inference", "information", "input", "large", "learning", "low", "memory",
  "method", "ml", "model", "modern", "multiple", "network", "neural", "nn",
  "number", "nvidia", "optimal", "optimization", "output", "overhead",
  "parameter", "performance", "practitioner", "prediction", "problem",
  "process", "real", "research", "resource", "result", "rtx", "scenario",
  "setting", "single", "size", "small", "software", "speed", "standard",
  "step", "structure", "study", "system", "task", "technique", "technology",
  "time", "tpu", "training", "typical", "usage", "v100", "weight", "world",
};

/* Scores that papers report (R_METRIC): accuracy, image and text quality
** (PSNR, SSIM, LPIPS, FID, BLEU, ROUGE, CIDEr), error and overlap (MSE,
** RMSE, MAE, WER, IoU, AUC), perplexity, and performance itself. Folded and singular; sorted in
** byte order. */
static const char *const azMetric[] = {
  "accuracy", "auc", "bleu", "cider", "fid", "iou", "lpips", "mae", "mse",
  "performance", "perplexity", "psnr", "rmse", "rouge", "ssim", "wer",
};

/* Well-known models and their makers, folded (R_KNOWN_MODEL). Sorted in
** byte order. */
static const char *const azKnownModel[] = {
  "alexnet", "bert", "chatgpt", "dall", "gpt", "gpt2", "googlenet", "llama",
  "openai", "opt", "palm", "resnet", "sora", "vgg",
};

/* Units of measure, as written (MW is megawatt, mW milliwatt); sorted in
** byte order. Only right after a number is one a unit: "Minimax Winner
** (MW)" is an acronym, "8 MW" a quantity. */
static const char *const azUnit[] = {
  "GB", "GHz", "GPa", "GW", "GeV", "Hz", "KB", "MB", "MHz", "MPa", "MW", "MeV",
  "PB", "TB", "THz", "TW", "TeV", "dB", "eV", "kHz", "kJ", "kPa", "kV", "kW",
  "keV", "kg", "km", "mA", "mJ", "mL", "mM", "mV", "mW", "meV", "mg", "mm",
  "ms", "nM", "nm", "ns", "\xce\xbcM", "\xce\xbcm", "\xce\xbcs",
};

/* Whether z[0..n) is in the sorted array az (one of those above). */
#define IN_LIST(az, z, n) \
  papers_word_in_list(az, (int)(sizeof(az)/sizeof(az[0])), z, n)

/* azNonKey, azVerbal and azAdjective as one hash set (papers_fnv1a, linear
** probing), filled once per process: a token costs one or two probes
** instead of binary searches. A slot holds 1 + the word's index in
** azNonKey followed by azVerbal and azAdjective, 0 when empty. A word in
** two lists is what the first says: it went in first, so a probe, which
** starts where its insertion did, meets that entry first. */
#define N_NONKEY  ((int)(sizeof(azNonKey)/sizeof(azNonKey[0])))
#define N_VERBAL  ((int)(sizeof(azVerbal)/sizeof(azVerbal[0])))
#define N_ADJECTIVE ((int)(sizeof(azAdjective)/sizeof(azAdjective[0])))
#define N_LEXICON (N_NONKEY+N_VERBAL+N_ADJECTIVE)
#define LEXICON_SLOTS 65536             /* a power of two, > 1.8x the words */
static uint16_t aLexiconSlot[LEXICON_SLOTS];
/* compile-time check: the indexes fit a slot, and the set stays sparse */
typedef char lexicon_set_fits[(N_LEXICON < 65535
                               && N_LEXICON*9/5 < LEXICON_SLOTS) ? 1 : -1];
static pthread_once_t lexiconOnce = PTHREAD_ONCE_INIT;

static const char *lexicon_word(int i){
  if( i<N_NONKEY ) return azNonKey[i];
  if( i<N_NONKEY+N_VERBAL ) return azVerbal[i-N_NONKEY];
  return azAdjective[i-N_NONKEY-N_VERBAL];
}

static void lexicon_fill(void){
  int i;
  for(i=0; i<N_LEXICON; i++){
    const char *z = lexicon_word(i);
    unsigned h = papers_fnv1a(z, (int)strlen(z)) & (LEXICON_SLOTS-1);
    while( aLexiconSlot[h] ) h = (h+1) & (LEXICON_SLOTS-1);
    aLexiconSlot[h] = (uint16_t)(i+1);
  }
}

/* What the word lists say of folded word z[0..n): LEX_NONKEY (azNonKey),
** LEX_VERBAL (azVerbal), LEX_LY (an adverb in -ly), LEX_ADJECTIVE for one
** no phrase ends on (azAdjective), else LEX_NONE. */
#define LEX_NONE      0
#define LEX_NONKEY    1
#define LEX_ADJECTIVE 2
#define LEX_VERBAL    3
#define LEX_LY        4
static int lexicon_class(const char *z, int n){
  unsigned h;
  if( n>5 && z[n-2]=='l' && z[n-1]=='y' ){         /* adverbs: -ly, */
    return IN_LIST(azSuffixNoun, z, n) ? LEX_NONE : LEX_LY;  /* not "anomaly" */
  }
  pthread_once(&lexiconOnce, lexicon_fill);
  for(h=papers_fnv1a(z, n) & (LEXICON_SLOTS-1); aLexiconSlot[h]; h=(h+1) & (LEXICON_SLOTS-1)){
    int i = aLexiconSlot[h]-1;
    const char *zWord = lexicon_word(i);
    if( strncmp(zWord, z, n)==0 && zWord[n]==0 ){
      return i<N_NONKEY ? LEX_NONKEY : i<N_NONKEY+N_VERBAL ? LEX_VERBAL : LEX_ADJECTIVE;
    }
  }
  return LEX_NONE;
}

/* The length of the digits and dots that z[0..n) starts with. */
static int number_prefix(const char *z, int n){
  int k = 0;
  while( k<n && ((z[k]>='0' && z[k]<='9') || z[k]=='.') ) k++;
  return k;
}

static int is_number(const char *z, int n){
  return number_prefix(z, n)==n;
}

/* Bytes of the possessive ending the word z[0..n), as written or folded:
** "'s" or "\u2019s" (the folded form has only "'s": the tokenizer folds
** U+2019 to '), 0 if none ("token's"). An answer shows the phrase
** without it, as its stem (Snowball drops it) and the other occurrences
** do; on a name it ends the phrase (tok_context); the lexicon is looked up
** without it. */
static int possessive_bytes(const char *z, int n){
  if( n<3 || z[n-1]!='s' ) return 0;
  if( z[n-2]=='\'' ) return 2;
  if( n>=5 && memcmp(z + n - 4, "\xE2\x80\x99", 3)==0 ) return 4;
  return 0;
}

/* The length of folded word z[0..n) with a plural folded, as the bench's
** norm() does: -ies to -y (*pY set: append "y"), -sses -xes -ches -shes
** -zes lose -es, another final s after a letter but s, u or i is dropped
** ("llms" -> "llm", "methods" -> "method"; not "class", "status",
** "analysis"). */
static int plural_fold(const char *z, int n, int *pY){
  *pY = 0;
  if( n>4 && memcmp(z + n - 3, "ies", 3)==0 ){ *pY = 1; return n - 3; }
  if( n>4 && (memcmp(z + n - 4, "sses", 4)==0 || memcmp(z + n - 3, "xes", 3)==0
           || memcmp(z + n - 4, "ches", 4)==0 || memcmp(z + n - 4, "shes", 4)==0
           || memcmp(z + n - 3, "zes", 3)==0) ) return n - 2;
  if( n>2 && z[n-1]=='s' && !strchr("sui", z[n-2])
   && ((unsigned char)z[n-2]>=0x80 || ((z[n-2]|0x20)>='a' && (z[n-2]|0x20)<='z')) ){
    return n - 1;
  }
  return n;
}

/* Whether folded word z[0..n) is in the sorted list az of nAz folded
** singular words once its possessive is dropped and its plural folded
** ("networks", "studies", "model's"). */
static int singular_in_list(const char *const *az, int nAz, const char *z, int n){
  char zBuf[64];
  int bY;
  n -= possessive_bytes(z, n);
  n = plural_fold(z, n, &bY);
  if( !bY ) return papers_word_in_list(az, nAz, z, n);
  if( n + 1 > (int)sizeof(zBuf) ) return 0;
  memcpy(zBuf, z, n);
  zBuf[n] = 'y';
  return papers_word_in_list(az, nAz, zBuf, n + 1);
}
#define IN_SINGULAR_LIST(az, z, n) \
  singular_in_list(az, (int)(sizeof(az)/sizeof(az[0])), z, n)

/* Whether z[0..n) is a number glued to a unit of azUnit ("1MHz", "80GB"),
** a factor ("421x", "8x") or an ordinal ("4th", "21st"). */
static int glued_quantity(const char *z, int n){
  static const char *const azSuffix[] = { "nd", "rd", "st", "th", "x" };
  int k = number_prefix(z, n);
  return k>0 && k<n && (IN_LIST(azUnit, z + k, n - k) || IN_LIST(azSuffix, z + k, n - k));
}

/* Upper-case letters (Unicode category Lu) in z[0..n): their number; the
** first nMax of them, lower-cased, in aLower unless it is NULL. */
static int upper_letters(const char *z, int n, utf8proc_int32_t *aLower, int nMax){
  int i = 0, nUpper = 0;
  while( i<n ){
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t*)z+i, n-i, &c);
    if( k<=0 ){ i++; continue; }
    if( utf8proc_category(c)==UTF8PROC_CATEGORY_LU ){
      if( aLower && nUpper<nMax ) aLower[nUpper] = utf8proc_tolower(c);
      nUpper++;
    }
    i += (int)k;
  }
  return nUpper;
}

/* The first code point of z[0..n) (U+FFFD if there is none, or it is not
** valid UTF-8). */
static utf8proc_int32_t first_char(const char *z, int n){
  utf8proc_int32_t c = 0xFFFD;
  if( n<=0 ) return c;
  utf8proc_iterate((const utf8proc_uint8_t*)z, n, &c);
  return c<0 ? 0xFFFD : c;
}

/* Grow an index of *pn slots to hold nUsed+1 entries, rehashing with the
** key of each entry given by xKey. */
static int index_grow(int **paIdx, int *pn, int nUsed, void *pCtx,
                      const char *(*xKey)(void*, int, int*)){
  int nNew, i, *aNew;
  if( (nUsed+1)*2 <= *pn ) return SQLITE_OK;
  nNew = *pn ? *pn*2 : 256;
  aNew = sqlite3_malloc64(sizeof(int)*nNew);
  if( aNew==0 ) return SQLITE_NOMEM;
  for(i=0; i<nNew; i++) aNew[i] = -1;
  for(i=0; i<*pn; i++){
    if( (*paIdx)[i]>=0 ){
      int n;
      const char *z = xKey(pCtx, (*paIdx)[i], &n);
      int k = (int)(papers_fnv1a(z, n) & (unsigned)(nNew-1));
      while( aNew[k]>=0 ) k = (k+1) & (nNew-1);
      aNew[k] = (*paIdx)[i];
    }
  }
  sqlite3_free(*paIdx);
  *paIdx = aNew;
  *pn = nNew;
  return SQLITE_OK;
}

static const char *word_key(void *pCtx, int i, int *pn){
  Kw *p = (Kw*)pCtx;
  *pn = p->aWord[i].nStem;
  return p->aWord[i].zStem;
}

static const char *cand_key(void *pCtx, int i, int *pn){
  Kw *p = (Kw*)pCtx;
  *pn = (int)strlen(p->aCand[i].zKey);
  return p->aCand[i].zKey;
}

static int word_id(Kw *p, const char *zStem, int nStem){
  int i;
  if( index_grow(&p->aWordIdx, &p->nWordIdx, p->nWord, p, word_key) ) return -1;
  i = (int)(papers_fnv1a(zStem, nStem) & (unsigned)(p->nWordIdx-1));
  while( p->aWordIdx[i]>=0 ){
    const Word *w = &p->aWord[p->aWordIdx[i]];
    if( w->nStem==nStem && memcmp(w->zStem, zStem, nStem)==0 ) return p->aWordIdx[i];
    i = (i+1) & (p->nWordIdx-1);
  }
  p->aWordIdx[i] = p->nWord;
  if( papers_grow(&p->aWord, &p->nWordAlloc, p->nWord+1, sizeof(Word), 64) ) return -1;
  memset(&p->aWord[p->nWord], 0, sizeof(Word));
  p->aWord[p->nWord].zStem = sqlite3_mprintf("%.*s", nStem, zStem);
  if( p->aWord[p->nWord].zStem==0 ) return -1;
  p->aWord[p->nWord].nStem = nStem;
  return p->nWord++;
}

/* 1 if the text between two tokens breaks a phrase: anything but spaces
** (any Unicode space separator: no-break spaces are common in typeset
** text) or one hyphen between words, which is '-' or U+2010 HYPHEN,
** U+2011 NON-BREAKING HYPHEN or U+2013 EN DASH, as typeset text joins
** names and pairs with it (Navier-Stokes, "fluid-structure interaction").
** A hyphen with spaces around it or a double one is a dash ("in 1 step -
** outperforming", "Curation -- Data"), and so is an en dash next to a stop
** word (bStopNext): some text sets dashes with no spaces around them ("is
** immersed in a fluid, en dash, is viewed"). *pbHyphen is set to whether
** the gap is one hyphen and nothing else (the two tokens make one word). */
static int gap_breaks(const char *z, int iFrom, int iTo, int bStopNext,
                      int *pbHyphen){
  int i = iFrom, nDash = 0, nBlank = 0;
  *pbHyphen = 0;
  while( i<iTo ){
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t*)z + i, iTo - i, &c);
    if( k<=0 ) return 1;
    i += (int)k;
    if( c==0x2013 && bStopNext ) return 1;
    if( c=='-' || c==0x2010 || c==0x2011 || c==0x2013 ) nDash++;
    else if( c=='\t' || c=='\n' || c=='\r'
          || utf8proc_category(c)==UTF8PROC_CATEGORY_ZS ) nBlank++;
    else return 1;
  }
  *pbHyphen = nDash==1 && nBlank==0;
  return nDash>1 || (nDash==1 && nBlank>0);
}

/* Determiners and prepositions: a word right after one of them starts a
** noun phrase, unless it is an -ing word after a preposition that WordNet
** has no noun for ("by harnessing historical data": a verb and its object;
** but "with sampling steps", "in training data"). Sorted in byte order. */
static const char *const azDeterminer[] = {
  "a", "an", "any", "both", "each", "its", "our", "such", "the", "their",
  "these", "this", "those",
};
static const char *const azPreposition[] = {
  "at", "between", "by", "for", "from", "in", "into", "of", "on", "over",
  "through", "to", "under", "via", "with",
};
/* "to" and the modals: a word right after one may be a verb (R_INFINITIVE).
** Sorted in byte order. */
static const char *const azToModal[] = {
  "can", "cannot", "could", "may", "might", "must", "shall", "should", "to",
  "will", "would",
};
/* TeX font and math commands whose backslash the digest lost ("annealing
** (rm CGA)"), written in lower case (RM is a reward model): notation, no
** words (R_NOTATION). Sorted in byte order. */
static const char *const azTexCommand[] = {
  "bf", "mathbb", "mathbf", "mathcal", "mathrm", "mathsf", "operatorname", "rm",
  "textbf", "textit", "textrm", "texttt",
};
/* Words after which a verb is likely (R_CLAUSE_VERB). Sorted in byte order. */
static const char *const azClauseWord[] = { "also", "it", "that", "which", "who" };
/* Subjects: a word right after one is a verb ("we study", "they propose"). */
static const char *const azSubject[] = { "they", "we" };
/* Adjectives that relate a thing to the text or to other things when they
** start a phrase ("current methods", "the original model", "the main
** idea", "subsequent steps", "suitable conditions") but make terms inside
** one ("eddy current probe"): at the start of a run they are no content
** word; so are "high" and "low", which grade a property ("high memory
** usage", "low latency": a claim, not a name), and "key" ("key insight").
** Hyphen-joined to the next word they make a compound ("low-rank",
** "key-value"). Sorted in byte order. */
static const char *const azRelatingStart[] = {
  "average", "broader", "common", "comparative", "conventional", "correct",
  "current", "desired", "diverse", "entire", "final", "future", "high",
  "higher", "individual", "key", "largest", "limited", "low", "lower", "main",
  "massive", "multiple", "original", "primary", "single", "specific", "standard",
  "subsequent", "successive", "suitable", "traditional", "varied", "whole",
  "worse",
};

/* Whether token t, the next one, starts with a capital (or, with bAny,
** any token) and does not start a sentence: a name (Stokes, Bender), not a
** verb or adverb, whatever the lexicon says of its folded form. */
static int capital_inside_sentence(const Kw *p, const Tok *t, int bAny){
  int i;
  if( p->nTok==0 || (!bAny && !t->bCapital) ) return 0;
  for(i=p->aTok[p->nTok-1].iEnd; i<t->iStart; i++){
    if( strchr(".!?:;\n", p->zText[i]) ) return 0;
  }
  return 1;
}

/* Whether z[i..) is " URL" after "http" or "https", the words arXiv writes
** for a link ("{this http URL}"): the offset where "http" starts, or -1. */
static int arxiv_link(const char *z, int n, int i){
  int b = i;
  if( i+4>n || memcmp(z + i, " URL", 4)!=0 ) return -1;
  if( i+4<n && papers_is_word_byte((unsigned char)z[i+4]) ) return -1;
  if( b>=1 && z[b-1]=='s' ) b--;
  if( b<4 || memcmp(z + b - 4, "http", 4)!=0 ) return -1;
  b -= 4;
  return b>0 && papers_is_word_byte((unsigned char)z[b-1]) ? -1 : b;
}

/* A host and a path written with no scheme ("github.com/PaulAlbert31/LSA",
** "yushuang-wu.github.io/NeRDF"): these ends of a host name, a slash after. */
static const char *const azHostEnd[] = { ".ai/", ".co/", ".com/", ".edu/", ".io/", ".net/", ".org/" };
#define N_HOST_END ((int)(sizeof(azHostEnd)/sizeof(azHostEnd[0])))

/* URLs: from a scheme ("https://", the letters before "://"), "www." or
** the start of a host name that azHostEnd ends to the next blank or quote,
** less the punctuation that ends it, and arXiv's "http URL" for a link
** (arxiv_link); their spans, in text order, go to p->aUrl (pairs of
** offsets). One pass. */
static int find_urls(Kw *p, const char *z, int n){
  int i = 0, k;
  /* the next "://", "www.", " URL" and host end at or after i, each
  ** searched again only once i has passed it: the text is read once */
  const char *zScheme = memmem(z, n, "://", 3);
  const char *zWww = memmem(z, n, "www.", 4);
  const char *zLink = memmem(z, n, " URL", 4);
  const char *azHost[N_HOST_END];
  for(k=0; k<N_HOST_END; k++) azHost[k] = memmem(z, n, azHostEnd[k], strlen(azHostEnd[k]));
  while( i<n ){
    const char *zHit, *zHost = 0;
    int iStart, iEnd;
    if( zScheme && zScheme<z+i ) zScheme = memmem(z + i, n - i, "://", 3);
    if( zWww && zWww<z+i ) zWww = memmem(z + i, n - i, "www.", 4);
    if( zLink && zLink<z+i ) zLink = memmem(z + i, n - i, " URL", 4);
    for(k=0; k<N_HOST_END; k++){
      if( azHost[k] && azHost[k]<z+i ){
        azHost[k] = memmem(z + i, n - i, azHostEnd[k], strlen(azHostEnd[k]));
      }
      if( azHost[k] && (zHost==0 || azHost[k]<zHost) ) zHost = azHost[k];
    }
    if( zHost ){                        /* back to the host name's start */
      while( zHost>z+i && !strchr(" \t\r\n\"'<>([{", zHost[-1]) ) zHost--;
    }
    zHit = zScheme;
    if( zWww && (zHit==0 || zWww<zHit) ) zHit = zWww;
    if( zLink && (zHit==0 || zLink<zHit) ) zHit = zLink;
    if( zHost && (zHit==0 || zHost<zHit) ) zHit = zHost;
    if( zHit==0 ) break;
    iStart = (int)(zHit - z);
    if( zHit==zLink ){
      int b = arxiv_link(z, n, iStart);
      i = iStart + 4;
      if( b<0 || (p->nUrl>0 && b<p->aUrl[p->nUrl-1]) ) continue;
      if( papers_grow(&p->aUrl, &p->nUrlAlloc, p->nUrl+2, sizeof(int), 16) ) return SQLITE_NOMEM;
      p->aUrl[p->nUrl++] = b;
      p->aUrl[p->nUrl++] = i;
      continue;
    }
    if( zHit==zScheme ){
      while( iStart>i && ((z[iStart-1]|0x20)>='a' && (z[iStart-1]|0x20)<='z') ) iStart--;
    }
    iEnd = (int)(zHit - z) + 3;
    while( iEnd<n && !strchr(" \t\r\n\"'<>", z[iEnd]) ) iEnd++;
    while( iEnd>iStart && strchr(".,;:)]}", z[iEnd-1]) ) iEnd--;
    if( papers_grow(&p->aUrl, &p->nUrlAlloc, p->nUrl+2, sizeof(int), 16) ) return SQLITE_NOMEM;
    p->aUrl[p->nUrl++] = iStart;
    p->aUrl[p->nUrl++] = iEnd;
    i = iEnd>(int)(zHit - z) + 3 ? iEnd : (int)(zHit - z) + 3;
  }
  return SQLITE_OK;
}

/* Whether token t lies in a URL (tokens come in text order). */
static int in_url(Kw *p, const Tok *t){
  while( p->iUrl<p->nUrl && p->aUrl[p->iUrl+1]<=t->iStart ) p->iUrl += 2;
  return p->iUrl<p->nUrl && p->aUrl[p->iUrl]<t->iEnd;
}

/* Whether the token at z[iStart..iEnd) is written against a bracket as
** notation is: a symbol and its argument, SU(N), Co(II), f(x), or TeX that
** lost its backslashes, Obig(big[sqrt{d}{n}big]); not a word of a phrase
** ("complex Grassmannians SU" is no key phrase). A word alone in brackets,
** "(CL)", is no notation. */
static int in_notation(const char *z, int iStart, int iEnd){
  if( z[iEnd] && strchr("([{", z[iEnd]) ) return 1;
  if( iStart>=1 && z[iStart-1]=='\\' ) return 1;        /* \rm, \mathcal */
  if( iStart>=1 && z[iStart-1] && strchr(")]}", z[iStart-1]) ) return 1;
  return iStart>=2 && z[iStart-1] && strchr("([{", z[iStart-1])
      && !strchr(" \t\n\r([{", z[iStart-2]);
}

/* The folded text of token t (t->nFold bytes, not terminated). */
static const char *tok_fold(const Kw *p, const Tok *t){
  return sqlite3_str_value(p->pFold) + t->iFold;
}

/* Whether token t is written with a final s that is no double s: a plural
** ("systems", "LLMs") or a verb in -s ("bypasses"), not "class". */
static int ends_in_s(const Kw *p, const Tok *t){
  return t->iEnd - t->iStart>=2 && p->zText[t->iEnd-1]=='s'
      && p->zText[t->iEnd-2]!='s';
}

/* The same for token t as written. */
static int tok_possessive_bytes(const Kw *p, const Tok *t){
  return possessive_bytes(p->zText + t->iStart, t->iEnd - t->iStart);
}

/* Is token t right after pPrev written alone in parentheses, only ")" and
** blanks between ("The reward model (RM) stays fixed": RM is the noun
** before "stays")? */
static int after_paren(const Kw *p, const Tok *pPrev, const Tok *t){
  int i;
  if( pPrev==0 || !pPrev->bParen || p->zText[pPrev->iEnd]!=')' ) return 0;
  for(i=pPrev->iEnd+1; i<t->iStart; i++){
    if( p->zText[i]!=' ' && p->zText[i]!='\t' ) return 0;
  }
  return 1;
}

/* Is z[0..n) (folded) a verb of azFinite or azVerbsFirst, or the -s or
** -es form of one of azVerbsFirst ("leverages", "boosts")? */
static int verb_form(const char *z, int n){
  return IN_LIST(azFinite, z, n) || IN_LIST(azVerbsFirst, z, n)
      || (n>3 && z[n-1]=='s' && (IN_LIST(azVerbsFirst, z, n-1)
                                 || (z[n-2]=='e' && IN_LIST(azVerbsFirst, z, n-2))));
}

/* Called at a determiner: if the two tokens before it are a name (two or
** more capitals) and a lower-case word in -s, that word is a verb ("INPO
** bypasses the", "CFSR leverages a"), not the head of "INPO bypasses". It
** stops being a content word; its stem stays in aWord, with no edges. */
static void verb_after_name(Kw *p){
  Tok *pVerb, *pName;
  if( p->nTok<2 || !ON(p, R_VERB_AFTER_NAME) ) return;
  pVerb = &p->aTok[p->nTok-1];
  pName = &p->aTok[p->nTok-2];
  if( pVerb->iWord<0 || pVerb->bBreakLeft || pVerb->bJoin || !pName->bAcronym ) return;
  if( pVerb->nFold<4 || !ends_in_s(p, pVerb) ) return;
  if( !pVerb->bCapital ) pVerb->iWord = -1;
}

/* Called at a word with a capital: a lower-case "named" right before it
** introduces that name, a verb as "dubbed" is ("a method named FooNet");
** before a lower-case word it makes terms ("named entity recognition"). */
static void verb_before_name(Kw *p){
  Tok *pVerb = &p->aTok[p->nTok-1];
  if( ON(p, R_NAMED_VERB) && pVerb->iWord>=0 && !pVerb->bCapital && !pVerb->bJoin && pVerb->nFold==5
   && memcmp(tok_fold(p, pVerb), "named", 5)==0 ){
    pVerb->iWord = -1;
  }
}

/* Hyphenated modifiers that place a thing against other work or against
** what is at hand, as "existing" does: "state-of-the-art image AR models",
** "off-the-shelf detectors". No part of them is a word of a phrase. Sorted
** in byte order, folded. */
static const char *const azRelatingCompound[] = {
  "off-the-shelf", "state-of-the-art",
};
/* Hyphenated verbs of the genre, as "finetune" is in azNonKey (R_NONKEY).
** Sorted in byte order, folded. */
static const char *const azNonKeyCompound[] = { "fine-tune", "fine-tunes" };

/* Called when a token has been added: if the hyphenated word that it ends
** so far (the tokens joined by bare hyphens or en dashes) is one of
** azRelatingCompound, azEvaluativeCompound or azNonKeyCompound, none of its
** tokens is a content word. */
static void relating_compound(Kw *p){
  char zUnit[24];
  int n = 0, i = p->nTok-1, j;
  /* no entry has more than four parts: a longer chain is no match, and the
  ** walk back stays short however long the chain ("a-a-a-...") grows */
  while( i>0 && p->aTok[i].bJoin ){
    if( p->nTok-i>=4 ) return;
    i--;
  }
  for(j=i; j<p->nTok; j++){
    const Tok *t = &p->aTok[j];
    if( n + t->nFold + 1 > (int)sizeof(zUnit) ) return;
    if( j>i ) zUnit[n++] = '-';
    memcpy(zUnit + n, tok_fold(p, t), t->nFold);
    n += t->nFold;
  }
  if( j-i>1 && ((ON(p, R_RELATING_COMPOUND) && IN_LIST(azRelatingCompound, zUnit, n))
              || (ON(p, R_EVALUATIVE) && IN_LIST(azEvaluativeCompound, zUnit, n))
              || (ON(p, R_NONKEY) && IN_LIST(azNonKeyCompound, zUnit, n))) ){
    for(j=i; j<p->nTok; j++) p->aTok[j].iWord = -1;
  }
}

/* Set what token t (the next one, zTok its folded form) is and what comes
** right before it, the context add_candidate() and find_candidates() read. */
static void tok_context(Kw *p, Tok *t, const char *zTok, int nTok){
  const char *z = p->zText + t->iStart;
  int n = t->iEnd - t->iStart;
  Tok *pPrev = p->nTok>0 ? &p->aTok[p->nTok-1] : 0;
  /* the word lists hold words, so "today's" is looked up as "today" and
  ** "other's" as "other" */
  int nWord = nTok - possessive_bytes(zTok, nTok), nClass;
  t->bJoin = 0;
  t->bStop = papers_tok_is_stopword(zTok, nWord);
  t->bBreakLeft = pPrev==0
               || gap_breaks(p->zText, pPrev->iEnd, t->iStart,
                             t->bStop || pPrev->bStop, &t->bJoin);
  /* a possessive ends its phrase: the owner is one phrase, what it owns
  ** another ("TabPFN's efficacy", "the pretrained model's weights") */
  if( ON(p, R_POSSESSIVE) && pPrev && !t->bBreakLeft && !t->bJoin
   && tok_possessive_bytes(p, pPrev) ){
    t->bBreakLeft = 1;
  }
  t->bSentenceStart = pPrev==0 || !capital_inside_sentence(p, t, 1);
  t->bUrl = ON(p, R_URL) && in_url(p, t);
  t->bNumber = is_number(zTok, nTok);
  t->bUnit = ON(p, R_QUANTITY) && !t->bJoin
          && ((pPrev && pPrev->bNumber && !t->bBreakLeft && IN_LIST(azUnit, z, n))
              || glued_quantity(z, n));
  t->bAcronym = !t->bUnit && upper_letters(z, n, 0, 0)>=2;
  t->bCapital = utf8proc_category(first_char(z, n))==UTF8PROC_CATEGORY_LU;
  t->bParen = t->iStart>0 && z[-1]=='(' && z[n]==')';
  t->iLongFormEnd = 0;
  t->bIngVerb = nTok>5 && memcmp(zTok + nTok - 3, "ing", 3)==0
              && !IN_LIST(azSuffixNoun, zTok, nTok);
  nClass = t->bStop ? LEX_NONE : lexicon_class(zTok, nWord);
  if( nClass==LEX_VERBAL && ON(p, R_VERBAL_NOUN) && !t->bCapital && !t->bBreakLeft
   && !t->bJoin && pPrev->iWord>=0 && !ends_in_s(p, pPrev)
   && IN_LIST(azVerbalNouns, zTok, nWord) ){
    nClass = LEX_NONE;              /* "architecture design", "path gain" */
    t->bVerbalNoun = 1;
  }
  t->bEvaluative = !t->bStop && ON(p, R_EVALUATIVE) && IN_LIST(azEvaluative, zTok, nWord);
  t->bNonKey = (nClass==LEX_NONKEY && ON(p, R_NONKEY))
            || (nClass==LEX_VERBAL && ON(p, R_VERBAL))
            || (nClass==LEX_LY && ON(p, R_LY_ADVERB))
            || t->bEvaluative;
  t->bModifier = !t->bCapital && ((nTok>4 && zTok[nTok-3]!='e' && zTok[nTok-2]=='e'
                                   && zTok[nTok-1]=='d') || nClass==LEX_ADJECTIVE);
  t->bNotHead = (ON(p, R_ED_END) && nTok>4 && zTok[nTok-3]!='e'
                 && zTok[nTok-2]=='e' && zTok[nTok-1]=='d')
             || (ON(p, R_ADJECTIVE_END) && nClass==LEX_ADJECTIVE && !t->bCapital
                 && (!t->bJoin || nTok>=4))
             || (ON(p, R_ING_END) && t->bIngVerb && !t->bCapital
                 && IN_LIST(azFinite, zTok, nWord));
  t->bParticiple = ON(p, R_PARTICIPLE) && t->bIngVerb && !t->bBreakLeft
                && !t->bCapital && pPrev->iWord>=0 && ends_in_s(p, pPrev);
  /* a finite verb right after a noun: in -s after any noun ("UFGIR goes"),
  ** a base form after a plural ("providers update") */
  t->bFinite = ON(p, R_FINITE_VERB) && (!t->bBreakLeft || after_paren(p, pPrev, t))
            && !t->bJoin && !t->bCapital
            && !t->bStop && pPrev->iWord>=0 && !pPrev->bNotHead
            && ((IN_LIST(azFinite, zTok, nWord) && (ends_in_s(p, t) || ends_in_s(p, pPrev)))
                || (ON(p, R_PLURAL_VERB) && !pPrev->bCapital && ends_in_s(p, pPrev)
                    && IN_LIST(azVerbsFirst, zTok, nWord)));
  t->bFinite = t->bFinite
            || (ON(p, R_CLAUSE_VERB) && !t->bBreakLeft && !t->bJoin && !t->bCapital && !t->bStop
                && (pPrev->bLyAdverb || IN_LIST(azClauseWord, tok_fold(p, pPrev), pPrev->nFold))
                && verb_form(zTok, nWord));
  t->bLyAdverb = nClass==LEX_LY;
  t->bToLeft = pPrev && !t->bBreakLeft && !t->bJoin
            && (IN_LIST(azToModal, tok_fold(p, pPrev), pPrev->nFold)
                || (pPrev->bLyAdverb && pPrev->bToLeft));
  t->bInfinitive = ON(p, R_INFINITIVE) && t->bToLeft && !t->bCapital
                && IN_LIST(azVerbsFirst, zTok, nWord);
  t->bDet = IN_LIST(azDeterminer, zTok, nTok);
  t->bPrep = IN_LIST(azPreposition, zTok, nTok);
  t->bSubject = IN_LIST(azSubject, zTok, nTok);
  t->bRelatingStart = ON(p, R_RELATING_START) && !t->bStop
                   && (t->bBreakLeft || pPrev->iWord<0)
                   && IN_LIST(azRelatingStart, zTok, nTok);
  t->bNpLeft = t->bSubjectLeft = t->bOfRight = 0;
  if( !t->bBreakLeft ){
    if( t->bDet ){
      verb_after_name(p);
      if( pPrev->bVerbalNoun ) pPrev->iWord = -1;   /* "noise hurt the" */
    }
    t->bNpLeft = pPrev->bDet || pPrev->bPrep;
    t->bSubjectLeft = pPrev->bSubject && ON(p, R_SUBJECT_VERB);
    if( nTok==2 && zTok[0]=='o' && zTok[1]=='f' ) pPrev->bOfRight = 1;
    if( t->bCapital && !t->bJoin ) verb_before_name(p);
  }
}

/* Whether token t (the next one, nTok bytes folded) is a content word, a
** word of a phrase; a word right after "we" or "they" is a verb ("We study
** X", "we page the cache") or an adverb, never one, nor is a participle,
** nor a relating adjective starting a run ("current methods"). */
static int tok_is_content(const Kw *p, const Tok *t, int nTok){
  return !t->bStop && !t->bSubjectLeft && !t->bParticiple && !t->bRelatingStart
      && !t->bNumber && !t->bUnit && !t->bUrl && !t->bFinite && !t->bInfinitive
      && nTok>1
      && !(ON(p, R_NOTATION) && (in_notation(p->zText, t->iStart, t->iEnd)
                                  || (!t->bCapital && IN_LIST(azTexCommand, tok_fold(p, t), t->nFold))))
      && (!t->bNonKey
          || (ON(p, R_CAPITAL_NAME) && t->bCapital && !t->bSentenceStart && !t->bEvaluative));
}

/* Called at content word t: if the token before it, pPrev, is written
** alone in parentheses and only ")" and blanks lie between them, pPrev
** modifies t ("(KV) cache"; R_PAREN_MODIFIER). */
static void paren_modifier(Kw *p, Tok *pPrev, const Tok *t){
  if( !ON(p, R_PAREN_MODIFIER) || !pPrev->bParen ) return;
  if( pPrev->iEnd - pPrev->iStart!=2 || !pPrev->bAcronym ) return;
  {
    int bY, n = plural_fold(tok_fold(p, t), t->nFold, &bY);
    if( !bY && IN_LIST(azGenericHead, tok_fold(p, t), n) ) return;   /* "(EM) algorithm" */
  }
  if( after_paren(p, pPrev, t) ) pPrev->bParenModifier = 1;
}

/* Are the nTok tokens from iFirst a well-known model (azKnownModel, written
** with a capital) alone, or followed only by its version and size ("GPT-4",
** "LLaMA-3-8B", "GPT-3 175B", "DALL-E 3": tokens that start with a digit, or
** of one letter) and a general word of the genre ("BERT models"; "LLaMA
** family" is not)? */
static int known_model(const Kw *p, int iFirst, int nTok){
  const Tok *t = &p->aTok[iFirst];
  int i;
  if( !t->bCapital || !IN_SINGULAR_LIST(azKnownModel, tok_fold(p, t), t->nFold) ) return 0;
  for(i=iFirst+1; i<iFirst+nTok; i++){
    const char *z;
    t = &p->aTok[i];
    z = tok_fold(p, t);
    if( t->nFold==1 || (z[0]>='0' && z[0]<='9') ) continue;
    if( i==iFirst+nTok-1 && IN_SINGULAR_LIST(azGenre, z, t->nFold) ) continue;
    return 0;
  }
  return 1;
}

/* Sets t->iWord, the id of the stem of content token t. SQLITE_OK or
** SQLITE_NOMEM. */
static int tok_word(Kw *p, Tok *t){
  const char *zTok = tok_fold(p, t), *zStem;
  int nTok = t->nFold, nStem;
  if( papers_tok_abbrev_plural(p->zText + t->iStart, t->iEnd - t->iStart, zTok, nTok) ){
    /* the plural of an abbreviation (LLMs, NPEs) is the same word as LLM,
    ** NPE, as in a stemming tokenizer */
    zStem = papers_tok_stem(p->pStemmer, zTok, nTok - 1, &nStem);
  }else{
    zStem = papers_tok_stem(p->pStemmer, zTok, nTok, &nStem);
  }
  if( zStem==0 ) return SQLITE_NOMEM;
  t->iWord = word_id(p, zStem, nStem);
  return t->iWord<0 ? SQLITE_NOMEM : SQLITE_OK;
}

static int kw_token(void *pCtx, const char *zTok, int nTok, int iPos,
                    int iStart, int iEnd){
  Kw *p = (Kw*)pCtx;
  Tok *t;
  if( papers_grow(&p->aTok, &p->nTokAlloc, p->nTok+1, sizeof(Tok), 256) ) return SQLITE_NOMEM;
  t = &p->aTok[p->nTok];
  memset(t, 0, sizeof(*t));
  t->iStart = iStart;  t->iEnd = iEnd;  t->iPos = iPos;  t->iWord = -1;
  t->iFold = sqlite3_str_length(p->pFold);
  t->nFold = nTok;
  sqlite3_str_append(p->pFold, zTok, nTok);
  if( sqlite3_str_errcode(p->pFold) ) return SQLITE_NOMEM;
  tok_context(p, t, zTok, nTok);
  if( tok_is_content(p, t, nTok) ){
    if( tok_word(p, t) ) return SQLITE_NOMEM;
    if( p->nTok>0 ) paren_modifier(p, &p->aTok[p->nTok-1], t);
  }
  if( t->bJoin && p->aTok[p->nTok-1].bRelatingStart ){
    /* a relating word hyphen-joined to the next is part of a compound
    ** ("high-resolution", "low-rank", "key-value") */
    Tok *pPrev = &p->aTok[p->nTok-1];
    pPrev->bRelatingStart = 0;
    if( tok_is_content(p, pPrev, pPrev->nFold) && tok_word(p, pPrev) ) return SQLITE_NOMEM;
  }
  p->nTok++;
  if( t->bJoin ) relating_compound(p);
  return SQLITE_OK;
}

/* Notes how an occurrence of one-token candidate c, at token i, is
** written (R_PLAIN_WORD): c is plain when some occurrence is in lower case,
** or none has a capital but at a sentence's start ("Scaling laws ...",
** and "scaling" elsewhere), and it is no acronym. */
static void plain_occurrence(const Kw *p, Cand *c, int i){
  const Tok *t = &p->aTok[i];
  if( c->nTok!=1 ) return;
  if( !t->bCapital ) c->bLowerSeen = 1;
  else if( !t->bSentenceStart ) c->bCapitalInside = 1;
  c->bPlain = c->nTok==1 && !c->bAcronym && (c->bLowerSeen || !c->bCapitalInside);
}

/* Add an occurrence of the candidate tokens [iFirst, iFirst+nTok); bRunEnd:
** it ends its run of content words; bWholeRun: it is the whole run;
** bModifier: it modifies the word after a parenthesised acronym
** (R_PAREN_MODIFIER), so it is no long form; bCutName: it starts inside a
** name (R_CUT_NAME). */
static int add_candidate(Kw *p, int iFirst, int nTok, int bRunEnd,
                         int bWholeRun, int bModifier, int bCutName){
  sqlite3_str *s;
  Cand *c;
  int i;
  int bLongForm = !bModifier && p->aTok[iFirst+nTok-1].iLongFormEnd==iFirst+1;
  int bNpContext = p->aTok[iFirst].bNpLeft;
  int bOfAfter = p->aTok[iFirst+nTok-1].bOfRight;
  int bOwnName = p->aTok[iFirst].bOwnName;
  for(i=iFirst+1; i<iFirst+nTok; i++) bOwnName &= p->aTok[i].bJoin;
  if( iFirst+nTok<p->nTok && p->aTok[iFirst+nTok].bJoin ) bOwnName = 0;
  s = sqlite3_str_new(0);
  for(i=iFirst; i<iFirst+nTok; i++){
    if( p->aTok[i].iWord>=0 ){
      sqlite3_str_appendf(s, "%s ", p->aWord[p->aTok[i].iWord].zStem);
    }else{
      sqlite3_str_appendf(s, "~%.*s ", p->aTok[i].nFold,
                          tok_fold(p, &p->aTok[i]));
    }
  }
  {
    char *zKey = sqlite3_str_finish(s);
    int h, nKey;
    if( zKey==0 ) return SQLITE_NOMEM;
    if( index_grow(&p->aCandIdx, &p->nCandIdx, p->nCand, p, cand_key) ){
      sqlite3_free(zKey);
      return SQLITE_NOMEM;
    }
    nKey = (int)strlen(zKey);
    h = (int)(papers_fnv1a(zKey, nKey) & (unsigned)(p->nCandIdx-1));
    while( p->aCandIdx[h]>=0 ){
      if( strcmp(p->aCand[p->aCandIdx[h]].zKey, zKey)==0 ){
        c = &p->aCand[p->aCandIdx[h]];
        c->nOcc++;
        if( bRunEnd && !c->bRunEnd ) c->iShowTok = iFirst;
        plain_occurrence(p, c, iFirst);
        c->bRunEnd |= bRunEnd;
        c->bNameStart |= !bCutName;
        c->bWholeRun |= bWholeRun;
        c->bLongForm |= bLongForm;
        c->bNpContext |= bNpContext;
        c->bOfAfter |= bOfAfter;
        c->bOwnName |= bOwnName;
        sqlite3_free(zKey);
        return SQLITE_OK;
      }
      h = (h+1) & (p->nCandIdx-1);
    }
    p->aCandIdx[h] = p->nCand;
    if( papers_grow(&p->aCand, &p->nCandAlloc, p->nCand+1, sizeof(Cand), 64) ){
      sqlite3_free(zKey);
      return SQLITE_NOMEM;
    }
    c = &p->aCand[p->nCand++];
    memset(c, 0, sizeof(*c));
    c->zKey = zKey;
  }
  c->iFirstTok = c->iShowTok = iFirst;
  c->nTok = nTok;
  c->nOcc = 1;
  c->bRunEnd = bRunEnd;
  c->bNameStart = !bCutName;
  c->bWholeRun = bWholeRun;
  c->bLongForm = bLongForm;
  c->bNpContext = bNpContext;
  c->bOfAfter = bOfAfter;
  c->bOwnName = bOwnName;
  for(i=iFirst; i<iFirst+nTok; i++) c->bAcronym |= p->aTok[i].bAcronym;
  plain_occurrence(p, c, iFirst);
  c->bGeneral = nTok==1 && IN_LIST(azGeneral, tok_fold(p, &p->aTok[iFirst]),
                                   p->aTok[iFirst].nFold);
  c->bMetric = IN_SINGULAR_LIST(azMetric, tok_fold(p, &p->aTok[iFirst+nTok-1]),
                                p->aTok[iFirst+nTok-1].nFold);
  c->bGenre = !c->bGeneral;
  for(i=iFirst; i<iFirst+nTok && c->bGenre; i++){
    const Tok *t = &p->aTok[i];
    int nFold = t->nFold;
    /* the plural of an abbreviation: "GPUs", "CPUs" (plural_fold keeps
    ** the s of "us", as in "status") */
    if( papers_tok_abbrev_plural(p->zText + t->iStart, t->iEnd - t->iStart,
                                 tok_fold(p, t), nFold) ) nFold--;
    c->bGenre = IN_SINGULAR_LIST(azGenre, tok_fold(p, t), nFold);
  }
  c->bKnownModel = known_model(p, iFirst, nTok);
  /* one general word of the genre alone ("GPUs", "DNNs") is a general
  ** noun alone as well */
  if( nTok==1 && c->bGenre && ON(p, R_GENRE_GENERAL) ) c->bGeneral = 1;
  for(i=iFirst; i<iFirst+nTok && c->nWord<(int)(sizeof(c->aWord)/sizeof(c->aWord[0])); i++){
    if( p->aTok[i].iWord>=0 ) c->aWord[c->nWord++] = p->aTok[i].iWord;
  }
  return SQLITE_OK;
}

/* String maps: the slot of key z in m, which holds it or is empty. */
static int strmap_slot(const StrMap *m, const char *z){
  int h = (int)(papers_fnv1a(z, (int)strlen(z)) & (unsigned)(m->nSlot-1));
  while( m->azKey[h] && strcmp(m->azKey[h], z)!=0 ) h = (h+1) & (m->nSlot-1);
  return h;
}

/* Whether m holds key z. */
static int strmap_has(const StrMap *m, const char *z){
  return m->nSlot>0 && m->azKey[strmap_slot(m, z)]!=0;
}

/* The value of key z in m, or NULL. */
static const char *strmap_get(const StrMap *m, const char *z){
  return strmap_has(m, z) ? m->azVal[strmap_slot(m, z)] : 0;
}

/* Puts zKey -> zVal in m, taking both (sqlite3_malloc'd; zVal may be NULL);
** a key already there keeps its value and the new pair is freed. */
static int strmap_put(StrMap *m, char *zKey, char *zVal){
  int h;
  if( (m->nUsed+1)*2 > m->nSlot ){
    StrMap n;
    int i, nNew = m->nSlot ? m->nSlot*2 : 64;
    n.azKey = sqlite3_malloc64(sizeof(char*)*nNew);
    n.azVal = sqlite3_malloc64(sizeof(char*)*nNew);
    if( n.azKey==0 || n.azVal==0 ){
      sqlite3_free(n.azKey); sqlite3_free(n.azVal);
      sqlite3_free(zKey); sqlite3_free(zVal);
      return SQLITE_NOMEM;
    }
    memset(n.azKey, 0, sizeof(char*)*nNew);
    n.nSlot = nNew;
    n.nUsed = m->nUsed;
    for(i=0; i<m->nSlot; i++){
      if( m->azKey[i] ){
        int k = strmap_slot(&n, m->azKey[i]);
        n.azKey[k] = m->azKey[i];
        n.azVal[k] = m->azVal[i];
      }
    }
    sqlite3_free(m->azKey); sqlite3_free(m->azVal);
    *m = n;
  }
  h = strmap_slot(m, zKey);
  if( m->azKey[h] ){ sqlite3_free(zKey); sqlite3_free(zVal); return SQLITE_OK; }
  m->azKey[h] = zKey;
  m->azVal[h] = zVal;
  m->nUsed++;
  return SQLITE_OK;
}

static void strmap_clear(StrMap *m){
  int i;
  for(i=0; i<m->nSlot; i++){
    if( m->azKey[i] ){ sqlite3_free(m->azKey[i]); sqlite3_free(m->azVal[i]); }
  }
  sqlite3_free(m->azKey);
  sqlite3_free(m->azVal);
  memset(m, 0, sizeof(*m));
}

/* The concept key of tokens [iFirst, iLast]: their folded words, each
** without a possessive and with its plural folded, joined by spaces
** (hyphens read as spaces). sqlite3_malloc'd; NULL when out of memory. */
static char *concept_words(const Kw *p, int iFirst, int iLast){
  sqlite3_str *s = sqlite3_str_new(0);
  int i;
  for(i=iFirst; i<=iLast; i++){
    const Tok *t = &p->aTok[i];
    const char *z = tok_fold(p, t);
    int bY, n = t->nFold - possessive_bytes(z, t->nFold);
    n = plural_fold(z, n, &bY);
    if( i>iFirst ) sqlite3_str_appendchar(s, 1, ' ');
    sqlite3_str_append(s, z, n);
    if( bY ) sqlite3_str_appendchar(s, 1, 'y');
  }
  return sqlite3_str_finish(s);
}

/* The concept of tokens [iFirst, iLast] (R_SAME_CONCEPT): concept_words(),
** taken to its acronym when it is a long form the text defines, then
** without a last word of azGenericHead, then to its acronym again. */
static char *concept_key(const Kw *p, int iFirst, int iLast){
  char *z = concept_words(p, iFirst, iLast), *zSpace;
  const char *zAcr;
  if( z==0 ) return 0;
  if( (zAcr = strmap_get(&p->longForms, z))!=0 ){
    sqlite3_free(z);
    if( (z = sqlite3_mprintf("%s", zAcr))==0 ) return 0;
  }
  zSpace = strrchr(z, ' ');
  if( zSpace && IN_LIST(azGenericHead, zSpace + 1, (int)strlen(zSpace + 1)) ){
    *zSpace = 0;
    if( (zAcr = strmap_get(&p->longForms, z))!=0 ){
      sqlite3_free(z);
      z = sqlite3_mprintf("%s", zAcr);
    }
  }
  return z;
}

/* Whether the first letters of the n words ending at token iLast match
** the capitals aCap[0..n) (case folded), no punctuation between the words;
** a word is a token, or with bUnits a unit (tokens joined by hyphens:
** "Pre-trained Language Models (PLMs)"). The first token of the words, or
** -1. */
static int long_form_start(const Kw *p, int iLast, const utf8proc_int32_t *aCap,
                           int nCap, int bUnits){
  int j = iLast, k;
  for(k=nCap-1; k>=0; k--, j--){
    const Tok *u;
    if( j<0 ) return -1;
    if( j<iLast && p->aTok[j+1].bBreakLeft && !p->aTok[j+1].bJoin ) return -1;
    if( bUnits ) while( j>0 && p->aTok[j].bJoin ) j--;
    u = &p->aTok[j];
    if( utf8proc_tolower(first_char(p->zText+u->iStart, u->iEnd-u->iStart))!=aCap[k] ) return -1;
  }
  return j+1;
}

/* Long forms of acronyms defined in the text: "Complex Langevin (CL)". For
** a token with two or more capitals written alone in parentheses, the n
** words before it are its long form when their first letters are its n
** capitals (long_form_start: words as tokens, else as units). The long
** form is marked on its last token, which add_candidate reads, and its
** concept mapped to the acronym's (R_SAME_CONCEPT). */
static int find_long_forms(Kw *p){
  int i;
  for(i=1; i<p->nTok; i++){
    const Tok *t = &p->aTok[i];
    utf8proc_int32_t aCap[ACRONYM_MAX];
    int nCap, j;
    if( !t->bAcronym || !t->bParen ) continue;
    nCap = upper_letters(p->zText + t->iStart, t->iEnd - t->iStart, aCap, ACRONYM_MAX);
    if( nCap>ACRONYM_MAX || nCap>i ) continue;     /* too long to be one */
    j = long_form_start(p, i-1, aCap, nCap, 0);
    if( j<0 ) j = long_form_start(p, i-1, aCap, nCap, 1);
    if( j<0 ) continue;
    p->aTok[i-1].iLongFormEnd = j+1;
    if( ON(p, R_SAME_CONCEPT) ){
      char *zLong = concept_words(p, j, i-1), *zAcr = concept_words(p, i, i);
      if( zLong==0 || zAcr==0 ){ sqlite3_free(zLong); sqlite3_free(zAcr); return SQLITE_NOMEM; }
      if( strmap_put(&p->longForms, zLong, zAcr) ) return SQLITE_NOMEM;
    }
  }
  return SQLITE_OK;
}

/* Verbs that introduce a name a few words on ("we propose X,") and right
** after them ("called X"); folded, sorted in byte order (R_OWN_NAME). */
static const char *const azIntro[] = {
  "build", "builds", "contribute", "create", "creates", "design", "designs",
  "develop", "develops", "introduce", "introduces", "offer", "offers",
  "present", "presents", "propose", "proposes", "release", "releases",
};
static const char *const azNaming[] = {
  "call", "called", "coin", "coined", "dub", "dubbed", "name", "named",
  "term", "termed",
};

/* Marks the text's own name for its method or system (R_OWN_NAME; see
** aRule): a coined unit right after a naming verb, or within INTRO_REACH
** tokens after an introducing verb of the same sentence and followed by
** punctuation. */
static void find_own_names(Kw *p){
  int i, j, iIntro = -1, bNaming = 0;
  if( !ON(p, R_OWN_NAME) ) return;
  for(i=0; i<p->nTok; i=j+1){
    Tok *t = &p->aTok[i];
    const char *z = tok_fold(p, t);
    int k, bCoined = 0;
    for(j=i; j+1<p->nTok && p->aTok[j+1].bJoin; j++){}          /* unit [i, j] */
    if( t->bSentenceStart ) iIntro = -1;
    if( IN_LIST(azNaming, z, t->nFold) || IN_LIST(azIntro, z, t->nFold) ){
      iIntro = i;
      bNaming = IN_LIST(azNaming, z, t->nFold);
      continue;
    }
    if( iIntro<0 || t->iWord<0 ) continue;
    for(k=i; k<=j; k++) bCoined |= p->aTok[k].bAcronym;
    if( !bCoined && t->bCapital && !t->bSentenceStart && !p->aTok[i-1].bCapital
     && !(j+1<p->nTok && p->aTok[j+1].bCapital && !p->aTok[j+1].bBreakLeft) ){
      bCoined = 1;                  /* "we propose Maestro," not "Dynamic Sparse" */
    }
    if( !bCoined ) continue;
    if( bNaming ? iIntro==i-1 : i-iIntro<=INTRO_REACH ){
      int e = p->aTok[j].iEnd, n = p->nText;
      while( e<n && (p->zText[e]==' ' || p->zText[e]=='\t') ) e++;
      if( bNaming || e>=n || strchr(",:;().", p->zText[e]) ){
        t->bOwnName = 1;
        iIntro = -1;
      }
    }
  }
}

/* Whether the unit that starts at token i and ends on an -ing word takes
** token g, which starts the next unit of its run, as its object
** (R_ING_OBJECT): g is a name (an acronym; or a capital, when the -ing
** word has none), an adjective, a participle, or a word that SemCor has
** mostly as an adjective, or a hyphenated word that ends on an adjective
** or participle ("running PFT", "deploying quantized LLMs", "detecting
** machine-generated text", "fine-tuning large-scale language models",
** "learning dynamic weights";
** at a sentence start "Training LLMs"); not "training data", nor
** "Denoising Diffusion". */
static int ing_object(const Kw *p, int i, int g){
  const Tok *t0 = &p->aTok[i], *t = &p->aTok[g-1], *u = &p->aTok[g];
  int bAdjective;
  if( !ON(p, R_ING_OBJECT) || t->nFold<6 || t->bAcronym
   || memcmp(tok_fold(p, t) + t->nFold - 3, "ing", 3)!=0 ) return 0;
  if( t0->bCapital && (!t0->bSentenceStart || (u->bCapital && !u->bAcronym)) ) return 0;
  if( t->bIngVerb ) return 1;
  bAdjective = !u->bCapital && IN_LIST(azMostlyAdjective, tok_fold(p, u), u->nFold);
  if( g+1<p->nTok && p->aTok[g+1].bJoin ){
    int k = g+1;                    /* a hyphenated word: its last part */
    while( k+1<p->nTok && p->aTok[k+1].bJoin ) k++;
    return u->bAcronym || bAdjective || p->aTok[k].bModifier;   /* "machine-generated" */
  }
  return u->bAcronym || (u->bCapital && !t0->bCapital) || u->bModifier || bAdjective;
}

/* Units: a token and the tokens hyphen-joined to it. Candidates: runs of
** units that start and end with a content word, unbroken by punctuation or
** stop words (a stop word inside a hyphenated unit does not break it). */
static int find_candidates(Kw *p){
  int i = 0, rc = SQLITE_OK;
  int aUnit[MAX_RUN], aUnitEnd[MAX_RUN], nUnit = 0;
  while( i<=p->nTok && rc==SQLITE_OK ){
    int j = i, k, bContent, bBreak;
    if( i<p->nTok ){
      while( j+1<p->nTok && p->aTok[j+1].bJoin ) j++;       /* unit [i, j] */
      for(k=i; k<=j && p->aTok[k].iWord<0; k++){}
      bContent = k<=j;              /* any content word: GPT-4, in-context */
      bBreak = nUnit>0 && p->aTok[i].bBreakLeft;
    }else{
      bContent = 0;  bBreak = 1;
    }
    if( !bContent || bBreak || nUnit==MAX_RUN ){
      /* close the run: every sub-run of up to MAX_WORDS units is a candidate */
      int a, b;
      /* a run that starts with a verb: the rest of it is a whole run too */
      int nVerb = nUnit>1 && ing_object(p, aUnit[0], aUnit[1]);
      /* a run that modifies the word after a parenthesised acronym, or is
      ** that acronym ("key-value (KV) cache"), has no end of its own */
      int iEnd = nUnit>0 ? aUnitEnd[nUnit-1] : 0;
      int bModifier = nUnit>0 && (p->aTok[iEnd].bParenModifier
                       || (iEnd+1<p->nTok && p->aTok[iEnd+1].bParenModifier));
      for(a=0; a<nUnit && rc==SQLITE_OK; a++){
        int bIngObject = a+1<nUnit && ing_object(p, aUnit[a], aUnit[a+1]);
        const Tok *pName = a>0 ? &p->aTok[aUnit[a-1]] : 0;
        int bCutName = pName && ON(p, R_CUT_NAME) && p->aTok[aUnit[a]].bCapital
                    && pName->bCapital && (!pName->bSentenceStart || pName->bAcronym);
        for(b=a; b<nUnit && b<a+MAX_WORDS && rc==SQLITE_OK; b++){
          if( p->aTok[aUnitEnd[b]].bNotHead ) continue;
          if( aUnit[a]==aUnitEnd[b] && p->aTok[aUnit[a]].bIngVerb
           && !p->aTok[aUnit[a]].bCapital && ON(p, R_LONE_ING) ) continue;  /* "evaluating" */
          if( b>a && bIngObject ) continue;       /* "deploying quantized LLMs" */
          rc = add_candidate(p, aUnit[a], aUnitEnd[b] - aUnit[a] + 1,
                             b==nUnit-1 && !bModifier,
                             a<=nVerb && b==nUnit-1 && !bModifier,
                             b==nUnit-1 && bModifier, bCutName);
        }
      }
      nUnit = 0;
    }
    if( i<p->nTok && bContent ){
      aUnit[nUnit] = i;
      aUnitEnd[nUnit] = j;
      nUnit++;
    }
    i = j+1;
  }
  return rc;
}

static int edge_add(Kw *p, int a, int b){
  uint64_t key = ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1;   /* 0: empty */
  int i;
  if( (p->nEdge+1)*2 > p->nEdgeSlot ){
    int nNew = p->nEdgeSlot ? p->nEdgeSlot*2 : 1024, j;
    uint64_t *aKey = sqlite3_malloc64(sizeof(uint64_t)*nNew);
    double *aW = sqlite3_malloc64(sizeof(double)*nNew);
    if( aKey==0 || aW==0 ){ sqlite3_free(aKey); sqlite3_free(aW); return SQLITE_NOMEM; }
    memset(aKey, 0, sizeof(uint64_t)*nNew);
    for(j=0; j<p->nEdgeSlot; j++){
      if( p->aEdgeKey[j] ){
        int k = (int)((p->aEdgeKey[j] * 0x9E3779B97F4A7C15ULL) >> 20) & (nNew-1);
        while( aKey[k] ) k = (k+1) & (nNew-1);
        aKey[k] = p->aEdgeKey[j];
        aW[k] = p->aEdgeW[j];
      }
    }
    sqlite3_free(p->aEdgeKey);
    sqlite3_free(p->aEdgeW);
    p->aEdgeKey = aKey;
    p->aEdgeW = aW;
    p->nEdgeSlot = nNew;
  }
  i = (int)((key * 0x9E3779B97F4A7C15ULL) >> 20) & (p->nEdgeSlot-1);
  while( p->aEdgeKey[i] && p->aEdgeKey[i]!=key ) i = (i+1) & (p->nEdgeSlot-1);
  if( p->aEdgeKey[i]==0 ){
    p->aEdgeKey[i] = key;
    p->aEdgeW[i] = 0;
    p->nEdge++;
  }
  p->aEdgeW[i] += 1;
  return SQLITE_OK;
}

/* PageRank over the co-occurrence graph. The edges are first laid out by
** target word (each target's incoming edges in table order, so the sums
** are the same, to the bit, as adding edge by edge in table order), each
** with its weight divided by its source's total: an iteration is one
** multiply-add per edge into a register. SQLITE_OK or SQLITE_NOMEM. */
static int pagerank(Kw *p, int bPosition){
  int n = p->nWord, i, it;
  double biasSum = 0;
  int *aStart = sqlite3_malloc64(sizeof(int)*(n + 1 + p->nEdge + 1));
  double *aNorm = sqlite3_malloc64(sizeof(double)*(p->nEdge + 1));
  int *aFrom = aStart ? aStart + n + 1 : 0;
  if( aStart==0 || aNorm==0 ){
    sqlite3_free(aStart);
    sqlite3_free(aNorm);
    return SQLITE_NOMEM;
  }
  memset(aStart, 0, sizeof(int)*(n+1));
  for(i=0; i<n; i++){
    if( !bPosition ) p->aWord[i].bias = 1.0;
    biasSum += p->aWord[i].bias;
    p->aWord[i].rank = 1.0/n;
    p->aWord[i].sumw = 0;
  }
  for(i=0; i<p->nEdgeSlot; i++){
    uint64_t k = p->aEdgeKey[i];
    if( k ){
      p->aWord[(k-1) >> 32].sumw += p->aEdgeW[i];
      aStart[((k-1) & 0xffffffff) + 1]++;
    }
  }
  for(i=0; i<n; i++) aStart[i+1] += aStart[i];
  for(i=0; i<p->nEdgeSlot; i++){          /* aStart[b] moves to b's end... */
    uint64_t k = p->aEdgeKey[i];
    if( k ){
      int a = (int)((k-1) >> 32), e = aStart[(k-1) & 0xffffffff]++;
      aFrom[e] = a;
      aNorm[e] = p->aEdgeW[i] / p->aWord[a].sumw;
    }
  }
  for(i=n; i>0; i--) aStart[i] = aStart[i-1];   /* ...and back to its start */
  aStart[0] = 0;
  for(i=0; i<n; i++) p->aWord[i].bias /= biasSum;
  for(it=0; it<ITERATIONS; it++){
    double delta = 0;
    int b, e;
    for(b=0; b<n; b++){
      double sum = 0;
      for(e=aStart[b]; e<aStart[b+1]; e++) sum += aNorm[e] * p->aWord[aFrom[e]].rank;
      p->aNext[b] = sum;
    }
    for(i=0; i<n; i++){
      /* an isolated word keeps its own rank (a self loop) */
      double r = (1-DAMPING)*p->aWord[i].bias
               + DAMPING*(p->aNext[i] + (p->aWord[i].sumw==0 ? p->aWord[i].rank : 0));
      delta += fabs(r - p->aWord[i].rank);
      p->aWord[i].rank = r;
    }
    if( delta<1e-9 ) break;
  }
  sqlite3_free(aStart);
  sqlite3_free(aNorm);
  return SQLITE_OK;
}

static int cmp_cand(const void *a, const void *b){
  const Cand *x = (const Cand*)a, *y = (const Cand*)b;
  if( x->score!=y->score ) return x->score>y->score ? -1 : 1;
  return x->iFirstTok - y->iFirstTok;
}

/* Whether every word of key zC occurs in key zD. Keys are words each ended
** by a space: stems, and "~" with the folded text of a token that has no
** stem (a number, a stop word) inside a hyphenated word, so GPT-3 is not
** inside GPT-4 ("gpt ~3 ", "gpt ~4 "). */
static int key_inside(const char *zC, const char *zD){
  while( *zC ){
    int n = (int)(strchr(zC, ' ') - zC) + 1;        /* with its space */
    const char *z = zD;
    while( *z && strncmp(z, zC, n)!=0 ) z = strchr(z, ' ') + 1;
    if( *z==0 ) return 0;
    zC += n;
  }
  return 1;
}

/* Whether c repeats a chosen phrase: all its words lie inside one. An
** acronym alone is never a repeat ("CO2" may follow "CO2 coolant": it names
** a thing of its own, and annotators list both), nor is a phrase of two or
** more words (GPT-4 is three tokens) written somewhere as a whole run of
** its own ("KV cache" after "KV cache memory"). */
static int near_duplicate(const Kw *p, const Cand *c, const int *aChosen,
                          int nChosen){
  int j;
  if( !ON(p, R_INSIDE_CHOSEN) ) return 0;
  if( c->nTok==1 && c->bAcronym ) return 0;
  if( c->nTok>1 && c->bWholeRun ) return 0;
  for(j=0; j<nChosen; j++){
    if( key_inside(c->zKey, p->aCand[aChosen[j]].zKey) ) return 1;
  }
  return 0;
}

static void kw_clear(Kw *p){
  int i;
  for(i=0; i<p->nWord; i++) sqlite3_free(p->aWord[i].zStem);
  for(i=0; i<p->nCand; i++) sqlite3_free(p->aCand[i].zKey);
  sqlite3_free(p->aTok);
  sqlite3_free(p->aWord);
  sqlite3_free(p->aCand);
  sqlite3_free(p->aEdgeKey);
  sqlite3_free(p->aEdgeW);
  sqlite3_free(p->aNext);
  sqlite3_free(p->aWordIdx);
  sqlite3_free(p->aCandIdx);
  sqlite3_free(p->aUrl);
  strmap_clear(&p->longForms);
  sqlite3_free(sqlite3_str_finish(p->pFold));
}

/* The key phrases of kw (tokenized and ranked), at most k of them, into s
** as a JSON array: candidates in score order, skipping those inside a
** chosen phrase (near_duplicate) or of a chosen one's concept. */
static int choose(Kw *p, int k, sqlite3_str *s){
  StrMap chosen;
  int *aChosen, i, nOut = 0, rc = SQLITE_OK;
  memset(&chosen, 0, sizeof(chosen));
  aChosen = sqlite3_malloc64(sizeof(int)*((sqlite3_uint64)k+1));
  if( aChosen==0 ) return SQLITE_NOMEM;
  sqlite3_str_appendchar(s, 1, '[');
  for(i=0; i<p->nCand && nOut<k && rc==SQLITE_OK; i++){
    const Cand *c = &p->aCand[i];
    int iFrom, iTo;
    if( near_duplicate(p, c, aChosen, nOut) ) continue;
    if( ON(p, R_SAME_CONCEPT) ){
      char *zConcept = concept_key(p, c->iShowTok, c->iShowTok + c->nTok - 1);
      if( zConcept==0 ){ rc = SQLITE_NOMEM; break; }
      if( strmap_has(&chosen, zConcept) ){ sqlite3_free(zConcept); continue; }
      rc = strmap_put(&chosen, zConcept, 0);
      if( rc ) break;
    }
    aChosen[nOut++] = i;
    iFrom = p->aTok[c->iShowTok].iStart;
    iTo = p->aTok[c->iShowTok + c->nTok - 1].iEnd
        - tok_possessive_bytes(p, &p->aTok[c->iShowTok + c->nTok - 1]);
    if( nOut>1 ) sqlite3_str_appendchar(s, 1, ',');
    papers_json_string(s, p->zText+iFrom, iTo-iFrom);
  }
  sqlite3_str_appendchar(s, 1, ']');
  strmap_clear(&chosen);
  sqlite3_free(aChosen);
  return rc;
}

/* Makes the tokenizers of c on first use. */
static int kwconn_tokenizers(KwConn *c){
  int rc = SQLITE_OK;
  PapersTokOptions o;
  memset(&o, 0, sizeof(o));
  if( c->pTok==0 ) rc = papers_tokenizer_new(&o, &c->pTok);
  if( rc==SQLITE_OK && c->pStemmer==0 ){
    o.stem = 1;
    rc = papers_tokenizer_new(&o, &c->pStemmer);
  }
  return rc;
}

static void kwconn_release(void *pArg){
  KwConn *c = (KwConn*)pArg;
  if( --c->nRef>0 ) return;
  papers_tokenizer_free(c->pTok);
  papers_tokenizer_free(c->pStemmer);
  sqlite3_free(c);
}

static void keywords_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  KwConn *pConn = (KwConn*)sqlite3_user_data(ctx);
  Kw kw;
  int k = 10, bPosition = 0, rc, i, j;
  sqlite3_str *s = 0;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  if( argc>1 ){
    /* the whole 64-bit range: 4294967297 is no 1, and -2^63 no 0 */
    sqlite3_int64 k64 = sqlite3_value_int64(argv[1]);
    if( sqlite3_value_type(argv[1])!=SQLITE_INTEGER || k64<0 ){
      sqlite3_result_error(ctx, "keywords: k must be a non-negative integer", -1);
      return;
    }
    k = k64>INT_MAX ? INT_MAX : (int)k64;   /* more than there are: all */
  }
  if( argc>2 ){
    const char *zMethod = (const char*)sqlite3_value_text(argv[2]);
    if( zMethod && sqlite3_stricmp(zMethod, "positionrank")==0 ) bPosition = 1;
    else if( zMethod==0 || sqlite3_stricmp(zMethod, "singlerank")!=0 ){
      char *zErr = sqlite3_mprintf("keywords: unknown method: %s (use positionrank or singlerank)",
                                   zMethod ? zMethod : "NULL");
      sqlite3_result_error(ctx, zErr ? zErr : "keywords: unknown method", -1);
      sqlite3_free(zErr);
      return;
    }
  }
  memset(&kw, 0, sizeof(kw));
  kw.aOff = pConn->aOff;
  kw.zText = (const char*)sqlite3_value_text(argv[0]);
  if( kw.zText==0 ){ sqlite3_result_error_nomem(ctx); return; }
  kw.nText = sqlite3_value_bytes(argv[0]);
  kw.pFold = sqlite3_str_new(0);
  rc = kwconn_tokenizers(pConn);
  kw.pStemmer = pConn->pStemmer;
  if( rc==SQLITE_OK && ON(&kw, R_URL) ){
    rc = find_urls(&kw, kw.zText, kw.nText);
  }
  if( rc==SQLITE_OK ){
    rc = papers_tokenizer_run(pConn->pTok, kw.zText, kw.nText, &kw, kw_token);
  }
  if( rc==SQLITE_OK && kw.nWord>0 ){
    kw.aNext = sqlite3_malloc64(sizeof(double)*kw.nWord);
    if( kw.aNext==0 ) rc = SQLITE_NOMEM;
    for(i=0; rc==SQLITE_OK && i<kw.nTok; i++){
      int a = kw.aTok[i].iWord;
      if( a<0 ) continue;
      kw.aWord[a].bias += 1.0/(kw.aTok[i].iPos+1);
      for(j=i+1; rc==SQLITE_OK && j<kw.nTok && kw.aTok[j].iPos - kw.aTok[i].iPos < WINDOW; j++){
        int b = kw.aTok[j].iWord;
        if( b<0 || b==a ) continue;
        rc = edge_add(&kw, a, b);
        if( rc==SQLITE_OK ) rc = edge_add(&kw, b, a);
      }
    }
    if( rc==SQLITE_OK ) rc = pagerank(&kw, bPosition);
    if( rc==SQLITE_OK ) rc = find_long_forms(&kw);
    if( rc==SQLITE_OK ){
      find_own_names(&kw);
      rc = find_candidates(&kw);
    }
  }
  if( rc==SQLITE_OK ){
    const Kw *p = &kw;
    for(i=0; i<kw.nCand; i++){
      Cand *c = &kw.aCand[i];
      for(j=0; j<c->nWord; j++) c->score += kw.aWord[c->aWord[j]].rank;
      if( ON(p, R_FREQUENCY) ) c->score *= pow(c->nOcc, aRule[R_FREQUENCY].factor);
      if( !c->bRunEnd ) c->score *= FACTOR(p, R_CUT_HEAD);
      if( !c->bNameStart ) c->score *= FACTOR(p, R_CUT_NAME);
      if( c->bWholeRun ) c->score *= FACTOR(p, R_WHOLE_RUN);
      if( c->bLongForm ) c->score *= FACTOR(p, R_LONG_FORM);
      if( c->bNpContext ) c->score *= FACTOR(p, R_NP_CONTEXT);
      if( c->bOfAfter ) c->score *= FACTOR(p, R_OF_AFTER);
      if( c->bAcronym && !(c->bGenre && ON(p, R_GENRE_GENERAL)) ){
        c->score *= FACTOR(p, R_ACRONYM);
      }
      if( c->bGeneral ) c->score *= FACTOR(p, R_GENERAL_ALONE);
      if( c->bGenre ) c->score *= FACTOR(p, R_GENRE_GENERAL);
      if( c->bMetric ) c->score *= FACTOR(p, R_METRIC);
      if( c->bKnownModel ) c->score *= FACTOR(p, R_KNOWN_MODEL);
      if( c->bPlain ) c->score *= FACTOR(p, R_PLAIN_WORD);
      if( c->bOwnName ) c->score *= FACTOR(p, R_OWN_NAME);
    }
    if( kw.nCand>1 ) qsort(kw.aCand, kw.nCand, sizeof(Cand), cmp_cand);
    if( k>kw.nCand ) k = kw.nCand;     /* at most every candidate */
    s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    rc = choose(&kw, k, s);
  }
  kw_clear(&kw);
  papers_result_json(ctx, s, rc);
}

/* PAPERS_KEYWORDS_OFF=name,name switches rules off, in a bench build. */
static void kwconn_rules_off(KwConn *c){
#ifdef PAPERS_KEYWORDS_RULES_ENV
  const char *z = getenv("PAPERS_KEYWORDS_OFF");
  int r;
  while( z && *z ){
    int n = (int)strcspn(z, ",");
    for(r=0; r<N_RULE; r++){
      if( (int)strlen(aRule[r].zName)==n && memcmp(aRule[r].zName, z, n)==0 ) c->aOff[r] = 1;
    }
    z += n + (z[n]==',');
  }
#else
  (void)c;
#endif
}

int papers_register_keywords(sqlite3 *db){
  /* A pure function of its arguments. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  int rc = SQLITE_OK, n;
  KwConn *c = sqlite3_malloc64(sizeof(*c));
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  kwconn_rules_off(c);
  /* each function holds c; the last one dropped (the connection closing,
  ** or all three replaced) frees it; a failed registration has called the
  ** destructor itself */
  c->nRef = 3;
  for(n=1; n<=3; n++){
    int rc2 = sqlite3_create_function_v2(db, "keywords", n, flags, c, keywords_func,
                                         0, 0, kwconn_release);
    if( rc==SQLITE_OK ) rc = rc2;
  }
  return rc;
}
