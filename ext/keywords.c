/*
** keywords.c: key-phrase extraction from one text, with no model and no
** corpus.
**
**   keywords(text [, k [, method]])  -> TEXT, JSON array of the k (default
**                                       10) best key phrases, best first
**
** Method (chosen by measurement on SemEval-2017, see bench/RESULTS.md):
**   1. Tokens come from the shared tokenizer; each is folded and stemmed.
**   2. Candidates are runs of content words (not stop words, not numbers
**      nor the units written after them: "125 GeV", "80 GB" (azUnit),
**      nor quantities glued to their unit: "1MHz", "256KB",
**      not the verbs, adverbs and relating adjectives of azNonKey
**      (existing, previous; a word with a possessive is looked up in
**      these lists without it, "today's" as "today", "other's" as the
**      stop word "other"), not words in -ly (unless
**      WordNet has them as nouns: anomaly, assembly), not the
**      17k mostly-verb/adverb English words of azVerbal, generated from
**      WordNet by tools/gen_keywords_lexicon.py; but a word written with a
**      capital inside a sentence is a name, none of these: "Stokes flow";
**      not a symbol written against a bracket: SU(N), Co(II); not a word
**      in -s between a name and a determiner, a verb: "INPO bypasses the";
**      not a word right after a name's possessive (two or more capitals:
**      "PLD's efficacy" is the name and a word of praise, two phrases);
**      not a word right after "we" or "they", a verb: "we study"; not a
**      lower-case "named" right before a word with a capital, a verb as
**      "dubbed" is: "a solver named FastNet"; not
**      an -ing word WordNet has no noun for right after a plural, a
**      participle: "systems utilizing lossy compression"; not current,
**      main, original, subsequent, suitable and the like at the start of
**      a run, where they relate a thing to the text or to others,
**      "current methods" (azRelatingStart), but inside one, "eddy current
**      probe"; not the hyphenated modifiers state-of-the-art and
**      off-the-shelf, which relate a thing to other work as "existing"
**      does (azRelatingCompound))
**      that no punctuation interrupts (spaces of any kind do not), and every
**      window of one to four words of such a run (the limit), never
**      ending on a word in -ed (a verb there: "the layout improved") nor on
**      a lower-case word WordNet has as an adjective and never as a noun
**      (azAdjective, 14k words, from the same tool: "library written",
**      "ViT vulnerable", "memory-efficient"; a noun phrase ends on its
**      noun), and never an -ing word that WordNet has no noun for alone
**      ("evaluating"); words
**      joined by a hyphen or an en dash count as one word (text-to-image,
**      state-of-the-art, Navier-Stokes), a content word when any part of it
**      is one (GPT-4, 4-bit, in-context), so a candidate never starts or
**      ends with a stop word.
**   3. A graph of the stemmed content words, with an edge between two words
**      for each time they occur within WINDOW tokens of each other.
**   4. PageRank over it (damping 0.85): 'singlerank' (the default, Wan and
**      Xiao 2008) jumps uniformly; 'positionrank' biases the jump towards
**      words that occur early and often (sum of 1/position, Florescu and
**      Caragea 2017).
**   5. A candidate scores the sum of its words' ranks, times its number of
**      occurrences to the power FREQ_EXP, times ACRONYM_BOOST when one of
**      its words is written with two or more capitals (CVD, LLMs: authors
**      coin acronyms for what their text is about), times LONG_FORM_BOOST
**      when it is the long form of an acronym defined in the text
**      ("Generalized Linear Models (GLM)"), times WHOLE_RUN when some
**      occurrence is its whole run of content words (a term of its own,
**      not a window cut from a longer phrase; when a run starts with an
**      -ing verb as VERB_START reads it, the rest of the run counts as
**      whole too: "historical data" of "by harnessing historical data"),
**      times CUT_HEAD when no
**      occurrence ends its run of content words (a window that cuts the
**      head noun off a longer phrase: "isolated single DOTT" of "isolated
**      single DOTT molecule"), times NP_CONTEXT when an occurrence comes
**      right after a determiner or preposition (the, of, with: what follows
**      is a noun phrase; context stands in for a part-of-speech tagger),
**      times OF_AFTER when one comes right before "of" (the head of a
**      longer phrase: "numerical simulations" of "numerical simulations of
**      lattice field theories"), times VERB_START when one starts with an
**      -ing word right after a preposition, or in lower case after a comma
**      ("Our method, outperforming X") or before a word with a capital
**      ("adopting ViTs"), and WordNet has no noun for that
**      word (azSuffixNoun: "by harnessing historical data" is a verb and its
**      object; "with sampling steps" a noun phrase), times GENERAL_ALONE
**      when it is one general noun of scientific prose (azGeneral:
**      "method", "models", "data" name no topic alone; "sampling method"
**      is not touched). Candidates with the
**      same stems are one phrase, shown as first written (but for a
**      possessive ending it: "token" of "the token's"); the k best come
**      back, skipping any whose words are all inside a phrase already
**      chosen (no near-duplicates, the numbers and stop words inside
**      hyphenated words counting as words: GPT-3 is not GPT-4; a longer
**      phrase holding a chosen one may follow it, as annotators' lists do:
**      "magnetic field", "magnetic field direction"; an acronym alone may
**      follow a phrase that holds it: "CO2" after "CO2 coolant"; so may a
**      phrase of two or more words that is somewhere a whole run: "KV
**      cache" after "KV cache memory" when the text also says "the KV
**      cache.").
**   Measured on SemEval-2017 (bench/keyphrase_eval.py, F1@10): plain sum of
**   ranks over runs of up to four words 0.272; six words 0.276; no -ed end
**   0.282; occurrences^0.2 0.286; acronym boost 10 0.311 (positionrank
**   0.302); WordNet verb/adverb lexicon 0.317 (positionrank 0.305), all
**   with candidates of up to six words; windows of at most four words,
**   as the issue asks: 0.308 (positionrank 0.296); a longer phrase may
**   follow a shorter one it holds 0.315; cut-head windows x0.2 0.321;
**   long forms x3 0.325; then the four constants searched together
**   (occurrences^0.4, long forms x9, cut-head x0.1, acronyms x10; a flat
**   optimum, neighbours within 0.001) 0.330 (positionrank 0.319); noun
**   phrase context x1.5 and "of" after x0.5 0.343 (positionrank 0.330);
**   an acronym's plural the same word as the acronym (LLMs, LLM: so no
**   answer holds both) 0.342 (positionrank 0.329); VERB_START x0.3 and
**   a spaced hyphen splitting phrases, for the digests (51 of the 468
**   sample answers of eight lose verb phrases like "harnessing historical
**   data", "evaluating CXR"), leave it at 0.342 (positionrank 0.329);
**   an acronym alone may follow a phrase that holds it 0.348
**   (positionrank 0.334); an en dash between words joins them and any
**   Unicode space is a space 0.355 (positionrank 0.340); a capitalised
**   word inside a sentence escapes the lexicon 0.357 (positionrank 0.342);
**   a hyphenated word with a number or stop word at its edge is a word
**   (GPT-4, in-context; these were lost) 0.365 (positionrank 0.351); the
**   -ly words WordNet has as nouns are not adverbs ("anomaly detection"),
**   the same; a symbol against a bracket is no word, and "amongst"
**   breaks a phrase 0.368 (positionrank 0.353); a word in -s between a
**   name and a determiner is a verb, the same (for the digests: 16 of
**   468 answers change, "INPO bypasses", "CFSR leverages" leave them);
**   VERB_START also after a comma, 0.368 (+0.0002; 12 digest answers
**   lose "outperforming EfficientFormerV2-s", "hindering VQA methods");
**   a phrase that is somewhere a whole run may follow a longer one that
**   holds it 0.371, and ranks x10 0.377 (positionrank 0.365; x2-x50
**   give 0.376-0.378); adjectives that place a thing against other work
**   (existing, previous, larger, usual) and "unlike" break phrases 0.381
**   (positionrank 0.367); a unit after a number is no word nor acronym
**   ("125 GeV" had ranked as an acronym) 0.382 (positionrank 0.369); the
**   -ing forms of azNonKey's verbs, "following" and "former" 0.383
**   (positionrank 0.370); a general noun alone x0.1 0.384 (positionrank
**   0.374; x0-x0.5 give the same, x0.7 0.384, x0.9 0.383); a word in -eed
**   is no participle ("wind speed" had lost its head) 0.385; "study" a
**   general noun, not a verb, and a word after "we"/"they" a verb, 0.385;
**   no end on an adjective 0.385 (+0.0004, positionrank 0.375); an -ing
**   participle after a plural 0.386 (+0.0005; 30 of 381 digest answers
**   change, losing "quantization library written", "LLMs ranging"); no
**   lone -ing verb 0.386 (+0.0003); VERB_START before a capital 0.386
**   (+0.0001; 15 digest answers lose "deploying MegaScale"); current,
**   main, original, specific no content word at the start of a run 0.388
**   (+0.0020, positionrank 0.376); also subsequent, successive, final,
**   individual, suitable 0.389 (+0.0010, positionrank 0.377); a number
**   glued to its unit, not in a hyphenated word, is a quantity ("1MHz",
**   "A100-80GB" stays) 0.390 (+0.0005); a hyphenated word ending on an
**   adjective is one ("memory-efficient") 0.390 (+0.0001); a lower-case
**   "named" before a word with a capital is a verb 0.390 (+0.0002; 9
**   digest answers lose "method named DifFace", "named PLD"); a phrase
**   shown without a possessive that ends it ("token" for "token's",
**   which the scorer read as "token s") 0.390 (+0.0002); a name's
**   possessive ends its phrase 0.390 (-0.0004: "McVittie's solution"
**   and "COMSOL's FEM-based electrostatics simulator" are gold; 21 of
**   381 digest answers lose "PLD's effectiveness", "FedHyper's
**   convergence rate").
**   Above the published YAKE 0.329, below the published SingleRank 0.449;
**   above SingleRank with a part-of-speech tagger measured with the same
**   scorer (bench/singlerank_peer.py, 0.291).
** Cost: linear in the text plus a few PageRank sweeps over its distinct
** words: microseconds for an abstract.
*/
#include "papers.h"
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
#define ACRONYM_BOOST 10.0  /* a candidate with an acronym ranks ahead */
#define FREQ_EXP    0.4     /* score *= occurrences^FREQ_EXP */
#define CUT_HEAD    0.1     /* a window never seen ending its run: its head
                            ** noun is cut off ("isolated single DOTT") */
#define LONG_FORM_BOOST 9.0 /* the words an acronym abbreviates */
#define WHOLE_RUN   10.0    /* written somewhere as a whole run of content
                           ** words: a term, not a piece of a longer one */
#define NP_CONTEXT  1.5     /* right after a determiner or preposition */
#define OF_AFTER    0.5     /* right before "of": the head of a longer phrase */
#define VERB_START  0.3     /* starts with a verb in -ing after a preposition
                            ** or a comma, or before a name */
#define GENERAL_ALONE 0.1   /* a general noun alone: "method", "models" */
#define ACRONYM_MAX 16      /* capitals of the longest acronym given a long form */
#define ITERATIONS  50
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
  int bDet, bPrep;        /* a determiner (azDeterminer), a preposition
                          ** (azPreposition) */
  int bSubject;           /* "we" or "they" (azSubject) */
  int bNpLeft;            /* right after a determiner or preposition */
  int bPrepLeft;          /* right after a preposition */
  int bSubjectLeft;       /* right after a subject: a verb ("we study") */
  int bRelatingStart;     /* in azRelatingStart, and no content word before
                          ** it: "current methods", not "eddy current" */
  int bCommaLeft;         /* right after a comma */
  int bIngVerb;           /* folded form ends in -ing (6+ bytes), and is not
                          ** a noun in WordNet (azSuffixNoun) */
  int bParticiple;        /* an -ing verb right after a plural noun: a
                          ** reduced relative clause ("systems utilizing
                          ** lossy compression"), no word of a phrase */
  int bOfRight;           /* right before "of" */
  int iLongFormEnd;       /* > 0: a long form ends at this token, and starts
                          ** at the token iLongFormEnd-1 (see find_long_forms) */
};

typedef struct Word Word;
struct Word { char *zStem; int nStem; double rank, bias, sumw; };

typedef struct Cand Cand;
struct Cand {
  int iFirstTok, nTok;    /* first occurrence: tokens [iFirstTok, +nTok) */
  int aWord[MAX_WORDS*8]; int nWord;   /* stems, units flattened */
  double score;
  int nOcc;               /* occurrences in the text */
  int bAcronym;           /* one of its tokens is an acronym */
  int bRunEnd;            /* some occurrence ends its run of content words */
  int bWholeRun;          /* some occurrence is its whole run: a term of its
                          ** own, not a window cut from a longer one */
  int bLongForm;          /* some occurrence is the long form of an acronym */
  int bNpContext;         /* some occurrence comes right after a determiner
                          ** or preposition ("the", "of"): a noun phrase */
  int bOfAfter;           /* some occurrence comes right before "of" */
  int bGeneral;           /* a general noun alone (azGeneral) */
  int bVerbStart;         /* some occurrence starts with an -ing word right
                          ** after a preposition or a comma: a verb and its
                          ** object */
  char *zKey;             /* stems joined, to merge occurrences */
};

typedef struct Kw Kw;
struct Kw {
  const char *zText;
  PapersTokenizer *pTok;          /* default options: folded, not stemmed */
  PapersTokenizer *pStemmer;      /* for papers_tok_stem */
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
  "described", "describes", "describing", "despite", "determine",
  "determined", "develop", "developed", "developing", "devoted", "different",
  "directly", "discuss", "discussed", "dubbed", "due", "during", "e.g",
  "easily", "either", "else", "elsewhere", "enable", "enabled", "enables",
  "enabling", "especially", "et", "etc", "even", "eventually", "ever",
  "every", "example", "examples", "exhibit", "exhibiting", "exhibits",
  "existing", "finally", "find", "finding", "finds", "first", "following",
  "former", "found", "four", "furthermore", "generally", "get", "gets",
  "give", "given", "gives", "giving", "good", "greatly", "however", "i.e",
  "important", "include", "included", "includes", "including", "indeed",
  "instead", "introduce", "introduced", "introduces", "introducing",
  "investigate", "investigated", "investigates", "investigating", "involve",
  "involved", "involves", "involving", "known", "largely", "larger", "later",
  "latter", "lead", "leading", "leads", "least", "less", "let", "like",
  "likely", "made", "mainly", "make", "makes", "making", "many", "may",
  "might", "moreover", "mostly", "much", "must", "namely", "near", "nearly",
  "necessary", "need", "needed", "needing", "needs", "new", "next", "non",
  "novel", "now", "nowadays", "numerous", "observe", "observed", "obtain",
  "obtained", "obtaining", "obtains", "often", "one", "onto", "otherwise",
  "overall", "owing", "paper", "particular", "particularly", "per", "perform",
  "performed", "performing", "performs", "popular", "possible", "potentially",
  "present", "presented", "presenting", "presents", "previous", "previously",
  "primarily", "probably", "propose", "proposed", "proposes", "proposing",
  "provide", "provided", "provides", "providing", "rather", "readily",
  "really", "recent", "recently", "regarding", "related", "relatively",
  "relevant", "remain", "remains", "report", "reported", "reporting",
  "reports", "require", "required", "requires", "requiring", "respective",
  "respectively", "result", "resulting", "results", "reveal", "revealed",
  "revealing", "reveals", "second", "see", "seem", "seeming", "seems", "seen",
  "several", "shall", "show", "showed", "showing", "shown", "shows",
  "significant", "significantly", "similar", "similarly", "simply", "since",
  "smaller", "still", "studied", "studying", "subsequently", "successfully",
  "such", "suggest", "suggested", "suggesting", "suggests", "take", "taken",
  "takes", "taking", "termed", "third", "though", "three", "thus", "today",
  "together", "tomorrow", "toward", "towards", "two", "typical", "typically",
  "unlike", "upon", "use", "used", "useful", "uses", "using", "usual",
  "usually", "various", "versus", "via", "vs", "well", "whereas", "whether",
  "while", "whilst", "within", "without", "would", "yet",
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

/* What the word lists say of folded word z[0..n): LEX_NONKEY for a word
** that breaks phrases (azNonKey, azVerbal, an adverb in -ly), LEX_ADJECTIVE
** for one no phrase ends on (azAdjective), else LEX_NONE. */
#define LEX_NONE      0
#define LEX_NONKEY    1
#define LEX_ADJECTIVE 2
static int lexicon_class(const char *z, int n){
  unsigned h;
  if( n>5 && z[n-2]=='l' && z[n-1]=='y' ){         /* adverbs: -ly, */
    return IN_LIST(azSuffixNoun, z, n) ? LEX_NONE : LEX_NONKEY;  /* not "anomaly" */
  }
  pthread_once(&lexiconOnce, lexicon_fill);
  for(h=papers_fnv1a(z, n) & (LEXICON_SLOTS-1); aLexiconSlot[h]; h=(h+1) & (LEXICON_SLOTS-1)){
    int i = aLexiconSlot[h]-1;
    const char *zWord = lexicon_word(i);
    if( strncmp(zWord, z, n)==0 && zWord[n]==0 ){
      return i<N_NONKEY+N_VERBAL ? LEX_NONKEY : LEX_ADJECTIVE;
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

/* Whether z[0..n) is a number glued to a unit of azUnit: "1MHz", "80GB". */
static int glued_quantity(const char *z, int n){
  int k = number_prefix(z, n);
  return k>0 && k<n && IN_LIST(azUnit, z + k, n - k);
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
/* Subjects: a word right after one is a verb ("we study", "they propose"). */
static const char *const azSubject[] = { "they", "we" };
/* Adjectives that relate a thing to the text or to other things when they
** start a phrase ("current methods", "the original model", "the main
** idea", "subsequent steps", "suitable conditions") but make terms inside
** one ("eddy current probe"): at the start of a run they are no content
** word. Sorted in byte order. */
static const char *const azRelatingStart[] = {
  "current", "final", "individual", "main", "original", "specific",
  "subsequent", "successive", "suitable",
};

/* Whether token t, the next one, starts with a capital and does not start a
** sentence: a name (Stokes, Bender), not a verb or adverb, whatever the
** lexicon says of its folded form. */
static int capital_inside_sentence(const Kw *p, const Tok *t){
  int i;
  if( p->nTok==0 || !t->bCapital ) return 0;
  for(i=p->aTok[p->nTok-1].iEnd; i<t->iStart; i++){
    if( strchr(".!?:;\n", p->zText[i]) ) return 0;
  }
  return 1;
}

/* Whether the token at z[iStart..iEnd) is written against a bracket as
** notation is: a symbol and its argument, SU(N), Co(II), f(x), or TeX that
** lost its backslashes, Obig(big[sqrt{d}{n}big]); not a word of a phrase
** ("complex Grassmannians SU" is no key phrase). A word alone in brackets,
** "(CL)", is no notation. */
static int in_notation(const char *z, int iStart, int iEnd){
  if( z[iEnd] && strchr("([{", z[iEnd]) ) return 1;
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

/* The same for token t as written. */
static int tok_possessive_bytes(const Kw *p, const Tok *t){
  return possessive_bytes(p->zText + t->iStart, t->iEnd - t->iStart);
}

/* Called at a determiner: if the two tokens before it are a name (two or
** more capitals) and a lower-case word in -s, that word is a verb ("INPO
** bypasses the", "CFSR leverages a"), not the head of "INPO bypasses". It
** stops being a content word; its stem stays in aWord, with no edges. */
static void verb_after_name(Kw *p){
  Tok *pVerb, *pName;
  if( p->nTok<2 ) return;
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
  if( pVerb->iWord>=0 && !pVerb->bCapital && !pVerb->bJoin && pVerb->nFold==5
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

/* Called when a token has been added: if the hyphenated word that it ends
** so far (the tokens joined by bare hyphens or en dashes) is one of
** azRelatingCompound, none of its tokens is a content word. */
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
  if( j-i>1 && IN_LIST(azRelatingCompound, zUnit, n) ){
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
  /* a name's possessive ends its phrase: the name is one phrase, what it
  ** owns another ("TabPFN's efficacy", "FedHyper's convergence rate") */
  if( pPrev && !t->bBreakLeft && !t->bJoin && pPrev->bAcronym
   && tok_possessive_bytes(p, pPrev) ){
    t->bBreakLeft = 1;
  }
  t->bNumber = is_number(zTok, nTok);
  t->bUnit = !t->bJoin && ((pPrev && pPrev->bNumber && !t->bBreakLeft
                             && IN_LIST(azUnit, z, n))
                            || glued_quantity(z, n));
  t->bAcronym = !t->bUnit && upper_letters(z, n, 0, 0)>=2;
  t->bCapital = utf8proc_category(first_char(z, n))==UTF8PROC_CATEGORY_LU;
  t->bParen = t->iStart>0 && z[-1]=='(' && z[n]==')';
  t->iLongFormEnd = 0;
  t->bIngVerb = nTok>5 && memcmp(zTok + nTok - 3, "ing", 3)==0
              && !IN_LIST(azSuffixNoun, zTok, nTok);
  nClass = t->bStop ? LEX_NONE : lexicon_class(zTok, nWord);
  t->bNonKey = nClass==LEX_NONKEY;
  t->bNotHead = (nTok>4 && zTok[nTok-3]!='e' && zTok[nTok-2]=='e' && zTok[nTok-1]=='d')
             || (nClass==LEX_ADJECTIVE && !t->bCapital && (!t->bJoin || nTok>=4));
  t->bParticiple = t->bIngVerb && !t->bBreakLeft && !t->bCapital
                && pPrev->iWord>=0 && ends_in_s(p, pPrev);
  t->bDet = IN_LIST(azDeterminer, zTok, nTok);
  t->bPrep = IN_LIST(azPreposition, zTok, nTok);
  t->bSubject = IN_LIST(azSubject, zTok, nTok);
  t->bRelatingStart = !t->bStop && (t->bBreakLeft || pPrev->iWord<0)
                   && IN_LIST(azRelatingStart, zTok, nTok);
  t->bNpLeft = t->bPrepLeft = t->bSubjectLeft = t->bOfRight = 0;
  /* (the tokens of one NFKC form, U+00BD "1⁄2", share their offsets: no gap) */
  t->bCommaLeft = pPrev && t->iStart>pPrev->iEnd
               && memchr(p->zText + pPrev->iEnd, ',', t->iStart - pPrev->iEnd)!=0;
  if( !t->bBreakLeft ){
    if( t->bDet ) verb_after_name(p);
    t->bNpLeft = pPrev->bDet || pPrev->bPrep;
    t->bPrepLeft = pPrev->bPrep;
    t->bSubjectLeft = pPrev->bSubject;
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
      && !t->bNumber && !t->bUnit && nTok>1
      && !in_notation(p->zText, t->iStart, t->iEnd)
      && (!t->bNonKey || capital_inside_sentence(p, t));
}

static int kw_token(void *pCtx, const char *zTok, int nTok, int iPos,
                    int iStart, int iEnd){
  Kw *p = (Kw*)pCtx;
  Tok *t;
  if( papers_grow(&p->aTok, &p->nTokAlloc, p->nTok+1, sizeof(Tok), 256) ) return SQLITE_NOMEM;
  t = &p->aTok[p->nTok];
  t->iStart = iStart;  t->iEnd = iEnd;  t->iPos = iPos;  t->iWord = -1;
  t->iFold = sqlite3_str_length(p->pFold);
  t->nFold = nTok;
  sqlite3_str_append(p->pFold, zTok, nTok);
  if( sqlite3_str_errcode(p->pFold) ) return SQLITE_NOMEM;
  tok_context(p, t, zTok, nTok);
  if( tok_is_content(p, t, nTok) ){
    int nStem;
    const char *zStem;
    if( papers_tok_abbrev_plural(p->zText + iStart, iEnd - iStart, zTok, nTok) ){
      /* the plural of an abbreviation (LLMs, NPEs) is the same word as LLM,
      ** NPE, as in a stemming tokenizer */
      zStem = papers_tok_stem(p->pStemmer, zTok, nTok - 1, &nStem);
    }else{
      zStem = papers_tok_stem(p->pStemmer, zTok, nTok, &nStem);
    }
    if( zStem==0 ) return SQLITE_NOMEM;
    t->iWord = word_id(p, zStem, nStem);
    if( t->iWord<0 ) return SQLITE_NOMEM;
  }
  p->nTok++;
  if( t->bJoin ) relating_compound(p);
  return SQLITE_OK;
}

/* Whether token i, a unit of its own, is an -ing verb that starts a verb
** phrase: right after a preposition, or in lower case after a comma or
** right before a word with a capital, its object ("adopting ViTs"). */
static int verb_start(const Kw *p, int i){
  const Tok *t = &p->aTok[i];
  const Tok *pNext = i+1<p->nTok ? &p->aTok[i+1] : 0;
  if( !t->bIngVerb || (pNext && pNext->bJoin) ) return 0;
  return t->bPrepLeft
      || (!t->bCapital && (t->bCommaLeft
                           || (pNext && pNext->bCapital && !pNext->bBreakLeft)));
}

/* Add an occurrence of the candidate tokens [iFirst, iFirst+nTok); bRunEnd:
** it ends its run of content words; bWholeRun: it is the whole run. */
static int add_candidate(Kw *p, int iFirst, int nTok, int bRunEnd,
                         int bWholeRun){
  sqlite3_str *s;
  Cand *c;
  int i;
  int bLongForm = p->aTok[iFirst+nTok-1].iLongFormEnd==iFirst+1;
  int bNpContext = p->aTok[iFirst].bNpLeft;
  int bOfAfter = p->aTok[iFirst+nTok-1].bOfRight;
  int bVerbStart = nTok>1 && verb_start(p, iFirst);
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
        c->bRunEnd |= bRunEnd;
        c->bWholeRun |= bWholeRun;
        c->bLongForm |= bLongForm;
        c->bNpContext |= bNpContext;
        c->bOfAfter |= bOfAfter;
        c->bVerbStart |= bVerbStart;
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
  c->iFirstTok = iFirst;
  c->nTok = nTok;
  c->nOcc = 1;
  c->bRunEnd = bRunEnd;
  c->bWholeRun = bWholeRun;
  c->bLongForm = bLongForm;
  c->bNpContext = bNpContext;
  c->bOfAfter = bOfAfter;
  c->bVerbStart = bVerbStart;
  for(i=iFirst; i<iFirst+nTok; i++) c->bAcronym |= p->aTok[i].bAcronym;
  c->bGeneral = nTok==1 && IN_LIST(azGeneral, tok_fold(p, &p->aTok[iFirst]),
                                   p->aTok[iFirst].nFold);
  for(i=iFirst; i<iFirst+nTok && c->nWord<(int)(sizeof(c->aWord)/sizeof(c->aWord[0])); i++){
    if( p->aTok[i].iWord>=0 ) c->aWord[c->nWord++] = p->aTok[i].iWord;
  }
  return SQLITE_OK;
}

/* Long forms of acronyms defined in the text: "Complex Langevin (CL)". For
** a token with two or more capitals written alone in parentheses, the n
** words before it are its long form when their first letters are its n
** capitals (case folded) and no punctuation comes between them. The long
** form is marked on its last token, which add_candidate reads. */
static void find_long_forms(Kw *p){
  int i;
  for(i=1; i<p->nTok; i++){
    const Tok *t = &p->aTok[i];
    utf8proc_int32_t aCap[ACRONYM_MAX];
    int nCap, k, j;
    if( !t->bAcronym || !t->bParen ) continue;
    nCap = upper_letters(p->zText + t->iStart, t->iEnd - t->iStart, aCap, ACRONYM_MAX);
    if( nCap>ACRONYM_MAX || nCap>i ) continue;     /* too long to be one */
    for(j=i-1, k=nCap-1; k>=0; j--, k--){
      const Tok *u = &p->aTok[j];
      if( j<i-1 && p->aTok[j+1].bBreakLeft ) break;
      if( utf8proc_tolower(first_char(p->zText+u->iStart, u->iEnd-u->iStart))!=aCap[k] ) break;
    }
    if( k<0 ) p->aTok[i-1].iLongFormEnd = j+2;
  }
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
      int nVerb = nUnit>1 && verb_start(p, aUnit[0]);
      for(a=0; a<nUnit && rc==SQLITE_OK; a++){
        for(b=a; b<nUnit && b<a+MAX_WORDS && rc==SQLITE_OK; b++){
          if( p->aTok[aUnitEnd[b]].bNotHead ) continue;
          if( aUnit[a]==aUnitEnd[b] && p->aTok[aUnit[a]].bIngVerb
           && !p->aTok[aUnit[a]].bCapital ) continue;     /* "evaluating" */
          rc = add_candidate(p, aUnit[a], aUnitEnd[b] - aUnit[a] + 1,
                             b==nUnit-1, a<=nVerb && b==nUnit-1);
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
  sqlite3_free(sqlite3_str_finish(p->pFold));
}

static void keywords_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  Kw kw;
  PapersTokOptions o;
  int k = 10, bPosition = 0, rc, i, j, nOut = 0;
  int *aChosen = 0;
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
  kw.zText = (const char*)sqlite3_value_text(argv[0]);
  if( kw.zText==0 ){ sqlite3_result_error_nomem(ctx); return; }
  memset(&o, 0, sizeof(o));
  kw.pFold = sqlite3_str_new(0);
  rc = papers_tokenizer_new(&o, &kw.pTok);
  if( rc==SQLITE_OK ){ o.stem = 1; rc = papers_tokenizer_new(&o, &kw.pStemmer); }
  if( rc==SQLITE_OK ){
    rc = papers_tokenizer_run(kw.pTok, kw.zText, sqlite3_value_bytes(argv[0]), &kw, kw_token);
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
    if( rc==SQLITE_OK ){
      find_long_forms(&kw);
      rc = find_candidates(&kw);
    }
  }
  if( rc==SQLITE_OK ){
    for(i=0; i<kw.nCand; i++){
      Cand *c = &kw.aCand[i];
      for(j=0; j<c->nWord; j++) c->score += kw.aWord[c->aWord[j]].rank;
      c->score *= pow(c->nOcc, FREQ_EXP);
      if( !c->bRunEnd ) c->score *= CUT_HEAD;
      if( c->bWholeRun ) c->score *= WHOLE_RUN;
      if( c->bLongForm ) c->score *= LONG_FORM_BOOST;
      if( c->bNpContext ) c->score *= NP_CONTEXT;
      if( c->bOfAfter ) c->score *= OF_AFTER;
      if( c->bVerbStart ) c->score *= VERB_START;
      if( c->bAcronym ) c->score *= ACRONYM_BOOST;
      if( c->bGeneral ) c->score *= GENERAL_ALONE;
    }
    if( kw.nCand>1 ) qsort(kw.aCand, kw.nCand, sizeof(Cand), cmp_cand);
    if( k>kw.nCand ) k = kw.nCand;     /* at most every candidate */
    aChosen = sqlite3_malloc64(sizeof(int)*((sqlite3_uint64)k+1));
    s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    if( aChosen==0 ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ){
    sqlite3_str_appendchar(s, 1, '[');
    for(i=0; i<kw.nCand && nOut<k; i++){
      const Cand *c = &kw.aCand[i];
      int iFrom, iTo;
      if( near_duplicate(&kw, c, aChosen, nOut) ) continue;
      aChosen[nOut++] = i;
      iFrom = kw.aTok[c->iFirstTok].iStart;
      iTo = kw.aTok[c->iFirstTok + c->nTok - 1].iEnd
          - tok_possessive_bytes(&kw, &kw.aTok[c->iFirstTok + c->nTok - 1]);
      if( nOut>1 ) sqlite3_str_appendchar(s, 1, ',');
      papers_json_string(s, kw.zText+iFrom, iTo-iFrom);
    }
    sqlite3_str_appendchar(s, 1, ']');
  }
  papers_tokenizer_free(kw.pTok);
  papers_tokenizer_free(kw.pStemmer);
  kw_clear(&kw);
  sqlite3_free(aChosen);
  papers_result_json(ctx, s, rc);
}

int papers_register_keywords(sqlite3 *db){
  /* A pure function of its arguments. */
  const int flags = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  int rc = SQLITE_OK, n;
  for(n=1; rc==SQLITE_OK && n<=3; n++){
    rc = sqlite3_create_function(db, "keywords", n, flags, 0, keywords_func, 0, 0);
  }
  return rc;
}
