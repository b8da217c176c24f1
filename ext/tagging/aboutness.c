/*
** aboutness.c: which tags a paper is about, from the matches of the
** taxonomy's phrases in its title and abstract (ext/tagging/aboutness.h says
** the rule). Adds no SQL; tags(), paper_tags() and tag_evidence() in
** ext/tagging/tagging.c stand on it.
**
** The text is read as bytes around each match: the sentence it is in (a
** '.', '?' or '!' before white space and a capital or digit ends one,
** but not after e.g., i.e., et al., vs., Fig. or a single letter), and the
** words just before and after it. Words are compared case-insensitively
** in ASCII; the cue words of scientific English are short lists below. All
** of it is linear in the text. Speed: the words of a sentence with a match
** are read once, front to back (sentence_read: does it state the
** contribution, has it a word that can start a negation), and the words
** before a match are read again only in a sentence that has such a word;
** a word is compared only with the cues that start with its letter.
**
** The evidence rules, in the order read_text() applies them to a match:
**   0. An abbreviation the text defines after a long form with a match in
**      it, "Robust Fine-Tuning (RFT)", "Hourglass Diffusion Transformer
**      (HDiT)", makes each later use of it ("RFT", "HDiTs") a match of the
**      same tag and phrase (abbrev_matches(): a Schwartz-Hearst long form,
**      ABBREV_MAX definitions a text); an abbreviation a phrase of that tag
**      matches itself ("LLMs") adds nothing, nor does a match inside a
**      longer one of another tag ("Multimodal Large Language Models
**      (MLLMs)" makes no LLM mentions).
**   1. Negated or set aside, it counts for nothing (nNegated):
**      - a negation right before it: "no LLM", "without fine-tuning",
**        "non-transformer", "w/o X", "avoids fine-tuning";
**      - a negation up to NEG_WINDOW-1 words before it on white space, the
**        words between none of aNegationStop (prepositions, "only", "that",
**        verbs "is/are/be", ...): "no post-hoc pruning or quantization",
**        "does not require training a reward model", but "not only X", "do
**        not scale to X" and "Non-Neural ML ... on Ultra-Low-Power" keep X;
**      - two words before it that set it aside: "rather than X", "instead
**        of X", "orthogonal to X", "complementary to X", "combined with X",
**        "compatible with X" (the paper's method is not X);
**      - a need for it that a negation or a verb dispenses with: "without
**        the need for X", "eliminates the need for a X" ("a growing need
**        for X" keeps X);
**      - a word hyphened onto its end that negates it or makes it a
**        likeness: "X-free", "X-agnostic", "X-style", "X-like",
**        "X-inspired" ("GPT-style generation" is no LLM); "X-based" counts.
**   2. A match of an [introduced] phrase counts only in the title or where
**      the sentence introduces one (nUnintroduced otherwise): a verb that
**      makes one or a word that marks it new within INTRO_WINDOW words
**      before it. Where that word is near, no word of aNegationStop (a
**      preposition, a clause word) between them, and a subject (we, our,
**      this, here) is read before the match, the text states it as its
**      own ("we present the TVGE dataset", "our datasets and code are
**      available", "we use DPE to create EvalPerf, a benchmark"), or a
**      passive right after it says it is made ("a vehicle dataset is
**      collected": introduced_after), the text states it as its own: that
**      decides alone (bIntroduced), as the title does; "we collect
**      results on three datasets" only counts.
**   3. Matches of one tag that overlap are one mention, and so are matches
**      of one tag next to each other, with only white space, '(', '-' or
**      '/' between (ADJACENT_GAP bytes at most): "INT4 quantization",
**      "4-bit quantized", "large language models (LLMs)".
**   4. What a counting match gives: in the title, bTitle; in the abstract,
**      a mention, bFirst in its first sentence (and bSetting there for a
**      [setting] phrase), bContribution in a
**      sentence with a subject (we, our, here, this) and after it a verb
**      of contribution (aContribution).
** papers_about() then scores each tag (ABOUT_* below).
*/
#include "common.h"
#include "aboutness.h"
SQLITE_EXTENSION_INIT3

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The score: evidence weights and the threshold. A mention in the title
** decides alone; in the abstract, one mention in the first sentence or in
** a sentence that states the contribution decides, and so do three
** mentions anywhere; one passing mention does not. A [setting] phrase in
** the first sentence decides alone, as in the title, and so does an
** [introduced] phrase the text states as its own (rule 2 above). */
#define ABOUT_TITLE        3.0
#define ABOUT_FIRST        1.5
#define ABOUT_SETTING      1.5      /* a [setting] phrase, added to ABOUT_FIRST */
#define ABOUT_INTRODUCED   2.0      /* an [introduced] phrase stated as the text's own */
#define ABOUT_CONTRIBUTION 1.0
#define ABOUT_MENTION      1.0
#define ABOUT_MENTION_MAX  4        /* repetition counts up to this many */
#define ABOUT_THRESHOLD    3.0

/* A cue word (or a prefix of one) and its length. */
typedef struct Cue Cue;
struct Cue { int n; const char *z; };
#define CUE(z) { (int)sizeof(z)-1, z }

/* Words before a match that negate it, and "w/o" (read as bytes). */
static const Cue cWithout = CUE("w/o");
static const Cue aNegation[] = {
  CUE("no"), CUE("non"), CUE("nor"), CUE("not"), CUE("without"), CUE("avoid"), CUE("avoids"), CUE("avoiding"),
};
/* A negation reaches over up to NEG_WINDOW-1 words to the match ("no
** post-hoc pruning or quantization", "does not require training a reward
** model"), on white space only, and not past one of these words, which
** start another phrase or clause ("not only X", "do not scale to X", "not
** clear whether X"). */
#define NEG_WINDOW 4
static const Cue aNegationStop[] = {
  CUE("to"), CUE("in"), CUE("on"), CUE("at"), CUE("of"), CUE("for"), CUE("by"), CUE("from"),
  CUE("into"), CUE("onto"), CUE("over"), CUE("under"), CUE("upon"), CUE("via"), CUE("through"), CUE("than"),
  CUE("as"), CUE("like"), CUE("with"), CUE("within"), CUE("between"), CUE("across"),
  CUE("beyond"), CUE("after"), CUE("before"), CUE("during"), CUE("while"), CUE("but"),
  CUE("yet"), CUE("also"), CUE("only"), CUE("just"), CUE("even"), CUE("merely"), CUE("simply"),
  CUE("necessarily"), CUE("always"), CUE("that"), CUE("which"), CUE("who"), CUE("whose"),
  CUE("when"), CUE("where"), CUE("because"), CUE("since"), CUE("so"), CUE("is"), CUE("are"),
  CUE("was"), CUE("were"), CUE("be"), CUE("been"), CUE("being"), CUE("whether"), CUE("if"),
  CUE("how"), CUE("what"), CUE("why"), CUE("we"), CUE("they"), CUE("it"),
};
/* "the need for (a) X" is set aside by a negation or a verb that dispenses
** with it: "without the need for X", "no need for X", "eliminates the need
** for X", "obviates any need of X"; "a growing need for X" keeps X. */
static const Cue aNeed[] = { CUE("need"), CUE("needs") };
static const Cue aNeedOf[] = { CUE("for"), CUE("of") };
static const Cue aNeedDeterminer[] = { CUE("a"), CUE("an"), CUE("any"), CUE("the") };
static const Cue aDispense[] = {       /* prefixes: eliminates, removing, ... */
  CUE("bypass"), CUE("circumvent"), CUE("eliminat"), CUE("obviat"), CUE("remov"),
};
/* Two words before a match that set it aside: "rather than X", "instead of
** X", and a method the paper's own is only orthogonal to or combined with. */
static const Cue aAside[][2] = {
  { CUE("rather"), CUE("than") }, { CUE("instead"), CUE("of") },
  { CUE("orthogonal"), CUE("to") }, { CUE("complementary"), CUE("to") },
  { CUE("combined"), CUE("with") }, { CUE("compatible"), CUE("with") },
};
/* A word joined to the end of a match by a hyphen that negates it
** ("tuning-free", "hardware-agnostic") or makes it a likeness ("GPT-style",
** "LLM-like", "brain-inspired"). "-based" is left alone: an "LLM-based"
** method is built on LLMs. */
static const Cue aNotSuffix[] = {
  CUE("free"), CUE("agnostic"), CUE("style"), CUE("like"), CUE("inspired"),
};

/* Who states a contribution, and the verbs that state one (prefixes, so
** that every inflection counts: "propos" for propose, proposes, proposed). */
static const Cue aSubject[] = { CUE("we"), CUE("our"), CUE("here"), CUE("this") };
static const Cue aContribution[] = {
  CUE("address"), CUE("aim"), CUE("analy"), CUE("build"), CUE("built"), CUE("construct"),
  CUE("contribut"), CUE("demonstrat"), CUE("derive"), CUE("design"), CUE("develop"),
  CUE("establish"), CUE("examin"), CUE("explor"), CUE("find"), CUE("focus"), CUE("formulat"),
  CUE("found"), CUE("introduc"), CUE("investigat"), CUE("present"), CUE("propos"), CUE("prov"),
  CUE("releas"), CUE("report"), CUE("reveal"), CUE("show"), CUE("stud"), CUE("tackl"),
};
/* Before a match of an [introduced] phrase, within INTRO_WINDOW words of
** its sentence: a verb that makes one, or an adjective that marks it new. */
static const Cue aIntroduce[] = {
  CUE("annotat"), CUE("assembl"), CUE("build"), CUE("built"), CUE("collect"), CUE("compil"),
  CUE("construct"), CUE("contribut"), CUE("creat"), CUE("curat"), CUE("design"), CUE("develop"),
  CUE("establish"), CUE("introduc"), CUE("present"), CUE("propos"), CUE("provid"), CUE("releas"),
};
static const Cue aNew[] = { CUE("first"), CUE("new"), CUE("novel"), CUE("our") };
static const Cue cOur = CUE("our");
/* The verb "be" of a passive: "a dataset is collected" (introduced_after). */
static const Cue aBe[] = { CUE("are"), CUE("is"), CUE("was"), CUE("were") };
#define INTRO_WINDOW 8
#define INTRO_OUR_WINDOW 3     /* "our" owns what it stands this near to */

/* A '.' after these does not end a sentence. */
static const Cue aAbbrev[] = {
  CUE("al"), CUE("cf"), CUE("e.g"), CUE("eg"), CUE("eq"), CUE("etc"), CUE("fig"), CUE("i.e"),
  CUE("ie"), CUE("vs"),
};

#define COUNT(a) ((int)(sizeof(a)/sizeof(a[0])))

/* ASCII lower case of c. */
static int lower(char c){ return c>='A' && c<='Z' ? c+32 : c; }

/* Does z[b..) start with cue *p (lower-case ASCII), in any case? z has
** p->n bytes from b on. */
static int cue_at(const char *z, int b, const Cue *p){
  int i;
  for(i=0; i<p->n && lower(z[b+i])==p->z[i]; i++){}
  return i==p->n;
}

/* Is z[b..e) the cue word *p, in any case? */
static int word_eq(const char *z, int b, int e, const Cue *p){
  return e-b==p->n && cue_at(z, b, p);
}

/* A list of cues indexed by first letter, so that a word is compared only
** with the cues that start as it does: bit i of aByLetter[c-'a'] is set
** when cue i starts with letter c (every cue starts with a lower-case ASCII
** letter). Filled once per process (cues_fill). */
typedef struct CueSet CueSet;
struct CueSet { const Cue *a; int n, nStride; uint64_t aByLetter[26]; };
#define CUESET(a) { a, COUNT(a), 1, {0} }
static CueSet sNegation = CUESET(aNegation), sNegationStop = CUESET(aNegationStop),
  sNotSuffix = CUESET(aNotSuffix), sSubject = CUESET(aSubject),
  sContribution = CUESET(aContribution), sIntroduce = CUESET(aIntroduce), sNew = CUESET(aNew),
  sAbbrev = CUESET(aAbbrev),
  sAsideFirst = { &aAside[0][0], COUNT(aAside), 2, {0} },   /* "rather", "instead", ... */
  sNeed = CUESET(aNeed), sNeedOf = CUESET(aNeedOf), sNeedDeterminer = CUESET(aNeedDeterminer),
  sDispense = CUESET(aDispense), sBe = CUESET(aBe);
static CueSet *const apCueSet[] = {
  &sNegation, &sNegationStop, &sNotSuffix, &sSubject, &sContribution, &sIntroduce, &sNew,
  &sAbbrev, &sAsideFirst, &sNeed, &sNeedOf, &sNeedDeterminer, &sDispense, &sBe,
};
_Static_assert(COUNT(aNegation)<=64 && COUNT(aNegationStop)<=64 && COUNT(aNotSuffix)<=64
               && COUNT(aDispense)<=64
               && COUNT(aSubject)<=64 && COUNT(aContribution)<=64 && COUNT(aIntroduce)<=64
               && COUNT(aNew)<=64 && COUNT(aAbbrev)<=64 && COUNT(aAside)<=64,
               "a CueSet holds 64 cues at most");
static pthread_once_t cuesOnce = PTHREAD_ONCE_INIT;

/* What a word whose first two bytes are the letters c1, c2 (in any case)
** may be, for sentence_read(): aPair[(c1-'a')*26 + c2-'a'] has PAIR_SUBJECT
** when a cue of sSubject starts with them, PAIR_VERB for sContribution,
** PAIR_CUE for sNegation or sAsideFirst. Filled with the cue sets. */
#define PAIR_SUBJECT 1
#define PAIR_VERB    2
#define PAIR_CUE     4
static unsigned char aPair[26*26];

static void pair_add(const CueSet *p, int f){
  int i, k;
  for(i=0; i<p->n; i++){
    const Cue *c = &p->a[i*p->nStride];
    unsigned k1 = (unsigned)(c->z[0]-'a'), k2 = (unsigned)(c->z[1]-'a');
    for(k=0; k<26; k++){        /* a cue of one letter: any second letter */
      if( k2>=26 || (unsigned)k==k2 ) aPair[k1*26 + k] |= (unsigned char)f;
    }
  }
}

static void cues_fill(void){
  int i, k;
  for(k=0; k<COUNT(apCueSet); k++){
    CueSet *p = apCueSet[k];
    for(i=0; i<p->n; i++) p->aByLetter[p->a[i*p->nStride].z[0]-'a'] |= (uint64_t)1 << i;
  }
  pair_add(&sSubject, PAIR_SUBJECT);
  pair_add(&sContribution, PAIR_VERB);
  pair_add(&sNegation, PAIR_CUE);
  pair_add(&sAsideFirst, PAIR_CUE);
  pair_add(&sNeed, PAIR_CUE);
}

/* The cues of p that start with the letter z[b] (none for a byte that is
** no ASCII letter), as bits. */
static uint64_t cues_of_letter(const CueSet *p, const char *z, int b){
  unsigned k = (unsigned)(lower(z[b]) - 'a');
  return k<26 ? p->aByLetter[k] : 0;
}

/* Is z[b..e) one of the cues of p among the bits m, in any case? When
** bPrefix is set: does it start with one? */
static int cues_match(const char *z, int b, int e, const CueSet *p, uint64_t m, int bPrefix){
  for(; m; m &= m-1){
    const Cue *c = &p->a[papers_ctz64(m)*p->nStride];
    if( (bPrefix ? e-b>=c->n : e-b==c->n) && cue_at(z, b, c) ) return 1;
  }
  return 0;
}

/* Is z[b..e) one of the cues of p, in any case? */
static int word_in(const char *z, int b, int e, const CueSet *p){
  return b<e && cues_match(z, b, e, p, cues_of_letter(p, z, b), 0);
}

/* Does z[b..e) start with one of the cues of p, in any case? */
static int word_has_prefix(const char *z, int b, int e, const CueSet *p){
  return b<e && cues_match(z, b, e, p, cues_of_letter(p, z, b), 1);
}

/* The word that ends before z[i] and starts at or after iMin: its bounds
** in *pb, *pe, or 0 when there is none. */
static int word_before(const char *z, int iMin, int i, int *pb, int *pe){
  while( i>iMin && !papers_is_word_byte((unsigned char)z[i-1]) ) i--;
  if( i<=iMin ) return 0;
  *pe = i;
  while( i>iMin && papers_is_word_byte((unsigned char)z[i-1]) ) i--;
  *pb = i;
  return 1;
}

/* The offset of the first byte c in z[i..n), or n. */
static int next_of(const char *z, int i, int n, char c){
  const char *p = i<n ? memchr(z+i, c, n-i) : 0;
  return p ? (int)(p - z) : n;
}

/* A scan of z[0..n) for the sentences' starts (next_sentence): where the
** next '.', '?' and '!' are (memchr; n when there is none). */
typedef struct Breaks Breaks;
struct Breaks { int iDot, iQuery, iBang; };

static void breaks_init(Breaks *p, const char *z, int n){
  p->iDot = next_of(z, 0, n, '.');
  p->iQuery = next_of(z, 0, n, '?');
  p->iBang = next_of(z, 0, n, '!');
}

/* The start of the next sentence of z[0..n), or -1 when there is none. */
static int next_sentence(const char *z, int n, Breaks *p){
  for(;;){
    char c;
    int i, j, b, e;
    i = p->iDot<p->iQuery ? (p->iDot<p->iBang ? p->iDot : p->iBang)
                          : (p->iQuery<p->iBang ? p->iQuery : p->iBang);
    if( i>=n ) return -1;
    c = z[i];
    if( i==p->iDot ) p->iDot = next_of(z, i+1, n, '.');
    else if( i==p->iQuery ) p->iQuery = next_of(z, i+1, n, '?');
    else p->iBang = next_of(z, i+1, n, '!');
    for(j=i+1; j<n && (z[j]==' ' || z[j]=='\t' || z[j]=='\n' || z[j]=='\r'); j++){}
    if( j==i+1 || j>=n ) continue;
    if( !((z[j]>='A' && z[j]<='Z') || (z[j]>='0' && z[j]<='9') || (unsigned char)z[j]>=0x80) ) continue;
    if( c=='.' && word_before(z, 0, i, &b, &e) ){
      /* "e.g." is the word "g" after "e.": take the dotted run */
      int bb = b;
      while( bb>=2 && z[bb-1]=='.' && papers_is_word_byte((unsigned char)z[bb-2]) ){
        bb -= 2;
        while( bb>0 && papers_is_word_byte((unsigned char)z[bb-1]) ) bb--;
      }
      if( e-b==1 || word_in(z, bb, e, &sAbbrev) ) continue;
    }
    return j;
  }
}

/* Sentence starts of z[0..n) into *paStart (sqlite3_malloc'd), their
** number in *pn. */
static int split_sentences(const char *z, int n, int **paStart, int *pn){
  int *a = 0, nA = 0, nAlloc = 0, j;
  Breaks br;
  if( papers_grow(&a, &nAlloc, 1, sizeof(int), 16) ) return SQLITE_NOMEM;
  a[nA++] = 0;
  breaks_init(&br, z, n);
  while( (j = next_sentence(z, n, &br))>=0 ){
    if( papers_grow(&a, &nAlloc, nA+1, sizeof(int), 16) ){ sqlite3_free(a); return SQLITE_NOMEM; }
    a[nA++] = j;
  }
  *paStart = a;
  *pn = nA;
  return SQLITE_OK;
}

/* Is z[0..n) a single sentence? */
static int one_sentence(const char *z, int n){
  Breaks br;
  breaks_init(&br, z, n);
  return next_sentence(z, n, &br)<0;
}

/* The words of one sentence, read once and in step with its matches
** (sentence_read): whether it states the contribution, a subject (we, our,
** here, this) and after it a verb of contribution, and whether a word that
** starts a negation or a setting-aside (sNegation, sAsideFirst) is among
** the words read. A word is a run of word bytes; the sentence's words do
** not run over its bounds (white space stands before a sentence). */
typedef struct SentScan SentScan;
struct SentScan {
  int iSent;              /* the sentence (index in the starts), -1: none */
  int e;                  /* its end */
  int n;                  /* the length of the text */
  int i;                  /* the words that start before i are read */
  int bSubject;           /* a subject is read */
  int iSubject;           /* ... starting here */
  int bContribution;      /* ... and a verb of contribution after it */
  int bCue;               /* a word of sNegation or sAsideFirst is read */
};

/* Bit k set when z[i+k] is a word byte, for k<64 and i+k<e; z has n
** bytes (n>=e>i). With SSE2, 16 bytes are classified at a time (as the
** tokenizer's scanner does): sentence_read() then finds the words by bit
** scans, with no loop per byte and no wait for one word's end before the
** next is looked for. */
static uint64_t word_bits(const char *z, int i, int e, int n){
  uint64_t m = 0;
  int k = 0;
#ifdef __SSE2__
  for(; k<64 && i+k+16<=n; k+=16){
    __m128i v = _mm_loadu_si128((const __m128i*)(z+i+k));
    /* (c|0x20)-'a' in [0,26) or c-'0' in [0,10), as signed compares of
    ** values biased by -128, or c>=0x80 (the sign bit) */
    __m128i l = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
                                            _mm_set1_epi8((char)(128 - 'a'))),
                               _mm_set1_epi8((char)(-128 + 26)));
    __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(128 - '0'))),
                               _mm_set1_epi8((char)(-128 + 10)));
    m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(l, d), v)) << k;
  }
#endif
  for(; k<64 && i+k<n; k++) m |= (uint64_t)papers_is_word_byte((unsigned char)z[i+k]) << k;
  if( e-i<64 ) m &= ((uint64_t)1 << (e-i)) - 1;
  return m;
}

/* Start reading sentence iSent, z[b..e), of a text of n bytes. */
static void sentence_start(SentScan *p, int iSent, int b, int e, int n){
  p->iSent = iSent;
  p->e = e;
  p->n = n;
  p->i = b;
  p->bSubject = p->bContribution = p->bCue = 0;
  p->iSubject = e;
}

/* Read the word z[b..e) of the sentence of p. */
static void sentence_word(SentScan *p, const char *z, int b, int e){
  int f;
  unsigned k, k2;
  uint64_t m;
  /* every cue starts with a letter, and most words start with two
  ** letters that no cue sought starts with (aPair); the lists of the
  ** first letter are looked at in place */
  k = (unsigned)(lower(z[b]) - 'a');
  if( k>=26 ) return;
  k2 = e-b>=2 ? (unsigned)(lower(z[b+1]) - 'a') : 26;
  f = k2<26 ? aPair[k*26 + k2] : PAIR_SUBJECT|PAIR_VERB|PAIR_CUE;
  f &= (p->bSubject ? (p->bContribution ? 0 : PAIR_VERB) : PAIR_SUBJECT)
     | (p->bCue ? 0 : PAIR_CUE);
  if( f==0 ) return;                /* most words */
  if( f & PAIR_SUBJECT ){
    m = sSubject.aByLetter[k];
    p->bSubject = m && cues_match(z, b, e, &sSubject, m, 0);
    if( p->bSubject ) p->iSubject = b;
  }else if( f & PAIR_VERB ){        /* after the subject (not on it) */
    m = sContribution.aByLetter[k];
    p->bContribution = m && cues_match(z, b, e, &sContribution, m, 1);
  }
  if( f & PAIR_CUE ){
    m = sNegation.aByLetter[k];
    p->bCue = m && cues_match(z, b, e, &sNegation, m, 0);
    m = sAsideFirst.aByLetter[k];
    if( !p->bCue ) p->bCue = m && cues_match(z, b, e, &sAsideFirst, m, 0);
    m = sNeed.aByLetter[k];
    if( !p->bCue ) p->bCue = m && cues_match(z, b, e, &sNeed, m, 0);
  }
}

/* Read the words of the sentence of p that start before iTo (at most its
** end), stopping early at a verb of contribution when bToVerb is set. 64
** bytes at a time: their word bytes as bits (word_bits), a word start a
** one after a zero (p->i never falls inside a word: it is where a word
** starts, or a byte that is none), a word end the next zero. */
static void sentence_read(SentScan *p, const char *z, int iTo, int bToVerb){
  int i = p->i, bStop = 0;
  while( !bStop && i<iTo && !(bToVerb && p->bContribution) ){
    uint64_t w = word_bits(z, i, p->e, p->n);
    uint64_t s = w & ~(w << 1);          /* the words that start in the 64 */
    int iNext = i + 64;                  /* where the next 64 start */
    for(; s; s &= s-1){
      int k = papers_ctz64(s), b = i + k, e;
      uint64_t r = ~(w >> k);            /* the word's bytes are its low zeros */
      if( b>=iTo ){ iNext = b; bStop = 1; break; }
      e = r ? b + papers_ctz64(r) : i + 64;
      if( e==i+64 ){                     /* it may go on past the 64 */
        while( e<p->e && papers_is_word_byte((unsigned char)z[e]) ) e++;
        iNext = e;
      }
      sentence_word(p, z, b, e);
      if( bToVerb && p->bContribution ){ iNext = e; bStop = 1; break; }
    }
    i = iNext;
  }
  p->i = i<p->e ? i : p->e;
}

static int is_space(char c){ return c==' ' || c=='\t' || c=='\n' || c=='\r'; }

/* The word before z[i] in the sentence from iSent, a hyphenated compound
** taken whole ("post-hoc"), with nothing but white space between: its
** bounds in *pb, *pe, or 0. */
static int compound_before(const char *z, int iSent, int i, int *pb, int *pe){
  int k = i;
  while( k>iSent && is_space(z[k-1]) ) k--;
  if( k<=iSent || !papers_is_word_byte((unsigned char)z[k-1]) ) return 0;
  *pe = k;
  for(;;){
    while( k>iSent && papers_is_word_byte((unsigned char)z[k-1]) ) k--;
    if( k-1>iSent && z[k-1]=='-' && papers_is_word_byte((unsigned char)z[k-2]) ){ k--; continue; }
    break;
  }
  *pb = k;
  return 1;
}

/* Is the match z[s..e) negated or set aside by the words around it? The
** sentence starts at iSent. bCue: a word of sNegation or sAsideFirst may
** start in the sentence before s (when none does, the words before the
** match negate nothing and set nothing aside: each word those rules
** compare with a cue is a whole word, unless it ends where the match
** starts, inside a run of word bytes). */
static int negated(const char *z, int n, int iSent, int s, int e, int bCue){
  int b1, e1, b2, e2, k, i;
  /* w/o X */
  for(k=s; k>iSent && (z[k-1]==' ' || z[k-1]=='\t'); k--){}
  if( k-iSent>=3 && cue_at(z, k-3, &cWithout) ) return 1;
  if( !bCue && s>iSent && papers_is_word_byte((unsigned char)z[s-1]) ) bCue = 1;
  if( bCue && word_before(z, iSent, s, &b1, &e1) ){
    int bBefore = -1;           /* is there a word b2 before b1 (-1: not read) */
    if( word_in(z, b1, e1, &sNegation) ) return 1;
    /* "rather than X": the word before b1 is read only after b1 */
    for(k=0; k<COUNT(aAside); k++){
      if( !word_eq(z, b1, e1, &aAside[k][1]) ) continue;
      if( bBefore<0 ) bBefore = word_before(z, iSent, b1, &b2, &e2);
      if( bBefore && word_eq(z, b2, e2, &aAside[k][0]) ) return 1;
    }
    /* "without the need for (a) X" */
    b2 = b1;  e2 = e1;
    if( word_in(z, b2, e2, &sNeedDeterminer) && !word_before(z, iSent, b2, &b2, &e2) ) b2 = e2;
    if( word_in(z, b2, e2, &sNeedOf) && word_before(z, iSent, b2, &b2, &e2)
     && word_in(z, b2, e2, &sNeed) && word_before(z, iSent, b2, &b2, &e2) ){
      int bWord = !word_in(z, b2, e2, &sNeedDeterminer) || word_before(z, iSent, b2, &b2, &e2);
      if( bWord && (word_in(z, b2, e2, &sNegation) || word_has_prefix(z, b2, e2, &sDispense)) ) return 1;
    }
  }
  /* a negation a few words before: "no post-hoc pruning or quantization"
  ** (not from inside a compound: "Non-Neural ... Ultra-Low-Power"), with
  ** no stop word between; the words between are compared with the long
  ** list of stop words only once a negation is found (most matches have
  ** none) */
  if( bCue && !(s>iSent && z[s-1]=='-') ){
    int aB[NEG_WINDOW], aE[NEG_WINDOW], nW;
    for(i=s, nW=0; nW<NEG_WINDOW && compound_before(z, iSent, i, &aB[nW], &aE[nW]); i=aB[nW++]){
      if( word_in(z, aB[nW], aE[nW], &sNegation) ){
        for(k=0; k<nW && !word_in(z, aB[k], aE[k], &sNegationStop); k++){}
        if( k==nW ) return 1;
        break;
      }
    }
  }
  /* X-free, X-agnostic, X-style, X-like, X-inspired */
  if( e+1<n && z[e]=='-' ){
    for(k=e+1; k<n && papers_is_word_byte((unsigned char)z[k]); k++){}
    if( word_in(z, e+1, k, &sNotSuffix) ) return 1;
  }
  return 0;
}

/* Is a thing introduced before z[s] in its sentence (from iSent)? 0: no;
** 1: a word of sNew or sIntroduce within INTRO_WINDOW words before it; 2:
** a verb of sIntroduce, or "our" within INTRO_OUR_WINDOW words, with no word
** of sNegationStop between them ("we present the X dataset", "our
** datasets"; not "we propose Y and collect results on three datasets", nor
** "a new dataset" alone, nor "our method leverages public datasets"). */
static int introduced(const char *z, int iSent, int s){
  int i = s, k, b, e, bNear = 1, bNew = 0;
  for(k=0; k<INTRO_WINDOW && word_before(z, iSent, i, &b, &e); k++){
    if( word_has_prefix(z, b, e, &sIntroduce) ){
      return bNear ? 2 : 1;
    }
    /* "our datasets", "our curated image dataset"; "our method leverages
    ** publicly available datasets" is someone else's */
    if( word_eq(z, b, e, &cOur) ) return bNear && k<INTRO_OUR_WINDOW ? 2 : 1;
    if( word_in(z, b, e, &sNew) ) bNew = 1;
    if( bNear && word_in(z, b, e, &sNegationStop) ) bNear = 0;
    i = b;
  }
  return bNew;
}

/* The word that starts after z[i], only blanks between, before iMax: its
** bounds in *pb, *pe, or 0. */
static int word_after(const char *z, int iMax, int i, int *pb, int *pe){
  while( i<iMax && is_space(z[i]) ) i++;
  if( i>=iMax || !papers_is_word_byte((unsigned char)z[i]) ) return 0;
  *pb = i;
  while( i<iMax && papers_is_word_byte((unsigned char)z[i]) ) i++;
  *pe = i;
  return 1;
}

/* Is the thing that ends at z[e] introduced by a passive right after it,
** before iMax: "a vehicle dataset is collected", "benchmarks are
** released"? */
static int introduced_after(const char *z, int iMax, int e){
  int b1, e1, b2, e2;
  return word_after(z, iMax, e, &b1, &e1) && word_in(z, b1, e1, &sBe)
      && word_after(z, iMax, e1, &b2, &e2) && word_has_prefix(z, b2, e2, &sIntroduce);
}

/* Are two matches, one ending at e and the next starting at s, adjacent:
** at most ADJACENT_GAP bytes of white space, brackets, hyphens or slashes
** between them ("INT4 quantization", "LLM (large language model)")? */
#define ADJACENT_GAP 3
static int adjacent(const char *z, int e, int s){
  int k;
  if( s-e>ADJACENT_GAP ) return 0;
  for(k=e; k<s; k++){
    if( !is_space(z[k]) && z[k]!='(' && z[k]!='-' && z[k]!='/' ) return 0;
  }
  return 1;
}

/* The matches of one text that count, after the rules of the header. */
typedef struct AboutCtx AboutCtx;
struct AboutCtx {
  PapersMatcher *m;
  int *aSlot;                   /* tag id -> index in aEv, or -1 */
  PapersEvidence *aEv;  int nEv, nEvAlloc;
};

/* The evidence slot of tag iTagId, made on first use. */
static PapersEvidence *evidence_for(AboutCtx *a, int iTagId, int iOrder){
  PapersEvidence *pEv;
  if( a->aSlot[iTagId]>=0 ) return &a->aEv[a->aSlot[iTagId]];
  if( papers_grow(&a->aEv, &a->nEvAlloc, a->nEv+1, sizeof(PapersEvidence), 8) ) return 0;
  pEv = &a->aEv[a->nEv];
  memset(pEv, 0, sizeof(*pEv));
  pEv->iTagId = iTagId;
  pEv->iOrder = iOrder;
  pEv->iSeq = a->nEv;
  a->aSlot[iTagId] = a->nEv++;
  return pEv;
}

/* Abbreviations a text defines, "Robust Fine-Tuning (RFT)": a later "RFT"
** is a mention of the tags matched in the long form. */
#define ABBREV_MAX      8     /* definitions followed per text */
#define ABBREV_LEN_MAX  10    /* letters of an abbreviation, a plural s aside */
typedef struct Abbrev Abbrev;
struct Abbrev {
  int iDef, nAbbr;   /* the abbreviation, in its brackets: z[iDef..+nAbbr) */
  int iMatch;        /* index in the matches of one inside its long form */
};

static int is_upper(char c){ return c>='A' && c<='Z'; }
static int is_alnum(char c){ return (c>='a' && c<='z') || is_upper(c) || (c>='0' && c<='9'); }

/* The start of the long form that abbreviation z[a..a+nA), written in
** brackets at z[iParen], stands for, or -1: each letter or digit of the
** abbreviation in order in the words before the bracket, the first at the
** start of a word, within min(nA+5, 2*nA) words of the sentence (from
** iSent). */
static int long_form(const char *z, int iSent, int iParen, int a, int nA){
  int nWords = nA+5 < 2*nA ? nA+5 : 2*nA, w = 0, iMin = iParen, si, li;
  while( iMin>iSent && w<nWords ){
    iMin--;
    if( is_alnum(z[iMin]) && (iMin==iSent || !is_alnum(z[iMin-1])) ) w++;
  }
  for(si=nA-1, li=iParen-1; si>=0; si--){
    int c = lower(z[a+si]);
    while( li>=iMin && (lower(z[li])!=c || (si==0 && li>iMin && is_alnum(z[li-1]))) ) li--;
    if( li<iMin ) return -1;
    li--;
  }
  return li+1;
}

/* The first of the matches aM[0..nM) (sorted by start) that starts at or
** after i. */
static int first_match_from(const PapersMatch *aM, int nM, int i){
  int lo = 0, hi = nM;
  while( lo<hi ){
    int mid = (lo+hi)/2;
    if( aM[mid].iStart<i ) lo = mid+1; else hi = mid;
  }
  return lo;
}

/* The abbreviations that text z[0..n) defines with a match inside the
** long form, one entry per tag, into aAbbr (ABBREV_MAX at most); their
** number. An abbreviation: in brackets alone (then ')', ',' or ';'), 2 to
** ABBREV_LEN_MAX letters and digits, a capital first and one more capital
** (a plural s aside: "LLMs"). One that a phrase of the same tag matches
** itself ("LLMs") is left out, and so is a match inside a longer one of
** another tag. */
static int find_abbrevs(const char *z, int n, const int *aSent, int nSent,
                        const PapersMatch *aM, int nM, Abbrev *aAbbr){
  int nAbbr = 0, iSent = 0;
  const char *p = z, *pEnd = z+n;
  while( nAbbr<ABBREV_MAX && (p = memchr(p, '(', pEnd-p))!=0 ){
    int i = (int)(p - z), a, e, k, j, lf, nA, nUp = 0;
    p++;
    while( iSent+1<nSent && aSent[iSent+1]<=i ) iSent++;
    for(a=i+1; a<n && z[a]==' '; a++){}
    for(e=a; e<n && is_alnum(z[e]); e++){ nUp += is_upper(z[e]); }
    for(k=e; k<n && z[k]==' '; k++){}
    if( k>=n || (z[k]!=')' && z[k]!=',' && z[k]!=';') ) continue;
    nA = e-a;
    if( nA>=3 && z[e-1]=='s' ) nA--;
    if( nA<2 || nA>ABBREV_LEN_MAX || !is_upper(z[a]) || nUp<2 ) continue;
    lf = long_form(z, aSent[iSent], i, a, nA);
    if( lf<0 ) continue;
    for(k=first_match_from(aM, nM, lf); k<nM && aM[k].iStart<i && nAbbr<ABBREV_MAX; k++){
      int bSkip = aM[k].iEnd>i;
      /* not a match inside a longer one of another tag in the long form
      ** ("language model" in "multimodal large language model") */
      for(j=first_match_from(aM, nM, lf); !bSkip && j<nM && aM[j].iStart<=aM[k].iStart; j++){
        bSkip = aM[j].iTagId!=aM[k].iTagId && aM[j].iEnd>=aM[k].iEnd && aM[j].iEnd<=i
             && aM[j].iEnd-aM[j].iStart > aM[k].iEnd-aM[k].iStart;
      }
      for(j=first_match_from(aM, nM, a); !bSkip && j<nM && aM[j].iStart<e; j++){
        bSkip = aM[j].iTagId==aM[k].iTagId;
      }
      for(j=0; !bSkip && j<nAbbr; j++){
        bSkip = aM[aAbbr[j].iMatch].iTagId==aM[k].iTagId && aAbbr[j].iDef==a;
      }
      if( bSkip ) continue;
      aAbbr[nAbbr].iDef = a;
      aAbbr[nAbbr].nAbbr = nA;
      aAbbr[nAbbr].iMatch = k;
      nAbbr++;
    }
  }
  return nAbbr;
}

static int cmp_start(const void *x, const void *y){
  const PapersMatch *a = (const PapersMatch*)x, *b = (const PapersMatch*)y;
  if( a->iStart!=b->iStart ) return a->iStart<b->iStart ? -1 : 1;
  if( a->iTagId!=b->iTagId ) return a->iTagId - b->iTagId;
  return a->iPattern - b->iPattern;
}

/* The matches aM[0..nM) of text z[0..n) and a match for each later use of
** an abbreviation the text defines (find_abbrevs: the tag and phrase of
** the match in its long form, the abbreviation's bounds), in *paAll
** (sqlite3_malloc'd, sorted by start) and *pnAll; *paAll is NULL when the
** text uses no such abbreviation. SQLITE_OK or SQLITE_NOMEM. */
static int abbrev_matches(const char *z, int n, const int *aSent, int nSent,
                          const PapersMatch *aM, int nM,
                          PapersMatch **paAll, int *pnAll){
  Abbrev aAbbr[ABBREV_MAX];
  PapersMatch *aNew = 0, *aAll;
  int nNew = 0, nNewAlloc = 0, nAbbr, i, k, x, y, o;
  *paAll = 0;
  *pnAll = nM;
  nAbbr = find_abbrevs(z, n, aSent, nSent, aM, nM, aAbbr);
  for(k=0; k<nAbbr; k++){
    /* each later use of the abbreviation, a word of its own or with a
    ** plural s ("HDiTs"); memmem finds the candidates */
    const Abbrev *pA = &aAbbr[k];
    for(i=pA->iDef+pA->nAbbr; i<n; ){
      const char *p = memmem(z+i, n-i, z+pA->iDef, pA->nAbbr);
      int b, e;
      if( p==0 ) break;
      b = (int)(p - z);
      e = b + pA->nAbbr;
      i = e;
      if( b>0 && is_alnum(z[b-1]) ) continue;
      if( e<n && z[e]=='s' ) e++;
      if( e<n && is_alnum(z[e]) ) continue;
      if( papers_grow(&aNew, &nNewAlloc, nNew+1, sizeof(PapersMatch), 8) ){
        sqlite3_free(aNew);
        return SQLITE_NOMEM;
      }
      aNew[nNew] = aM[pA->iMatch];
      aNew[nNew].iStart = b;
      aNew[nNew].iEnd = e;
      aNew[nNew].iToken = -1;
      nNew++;
    }
  }
  if( nNew==0 ) return SQLITE_OK;
  if( nAbbr>1 ) qsort(aNew, nNew, sizeof(PapersMatch), cmp_start);
  aAll = sqlite3_malloc64((sqlite3_int64)(nM+nNew)*sizeof(PapersMatch));
  if( aAll==0 ){
    sqlite3_free(aNew);
    return SQLITE_NOMEM;
  }
  for(x=y=o=0; x<nM || y<nNew; ){
    if( y>=nNew || (x<nM && aM[x].iStart<=aNew[y].iStart) ) aAll[o++] = aM[x++];
    else aAll[o++] = aNew[y++];
  }
  sqlite3_free(aNew);
  *paAll = aAll;
  *pnAll = nM+nNew;
  return SQLITE_OK;
}

/* Read one text's matches into the evidence. bTitle: the text is the
** title. iOrderBase: added to match offsets for iOrder. */
static int read_text(AboutCtx *a, PapersTokenizer *pTok, const char *z, int n,
                     int bTitle, int iOrderBase){
  PapersMatch *aM = 0, *aAll = 0;
  int nM = 0, rc, i, *aSent = 0, nSent = 0, iSent = 0;
  SentScan sent;                 /* the words of the sentence of the match */
  sent.iSent = -1;
  rc = papers_matcher_run(a->m, pTok, z, n, &aM, &nM);
  if( rc==SQLITE_OK && nM>0 ) rc = split_sentences(z, n, &aSent, &nSent);
  if( rc==SQLITE_OK && nM>0 ){
    rc = abbrev_matches(z, n, aSent, nSent, aM, nM, &aAll, &nM);
    if( aAll ) aM = aAll;
  }
  for(i=0; rc==SQLITE_OK && i<nM; i++){
    const PapersMatch *pM = &aM[i];
    int fPhrase;                 /* the qualifiers the rule reads (abstract only) */
    PapersEvidence *pEv;
    while( iSent+1<nSent && aSent[iSent+1]<=pM->iStart ) iSent++;
    pEv = evidence_for(a, pM->iTagId, iOrderBase + pM->iStart);
    if( pEv==0 ){ rc = SQLITE_NOMEM; break; }
    if( sent.iSent!=iSent ){
      sentence_start(&sent, iSent, aSent[iSent], iSent+1<nSent ? aSent[iSent+1] : n, n);
    }
    sentence_read(&sent, z, pM->iStart, 0);
    if( negated(z, n, aSent[iSent], pM->iStart, pM->iEnd, sent.bCue) ){ pEv->nNegated++; continue; }
    fPhrase = bTitle ? 0 : papers_matcher_flags(a->m, pM->iPattern);
    if( fPhrase & PAPERS_PHRASE_INTRODUCED ){
      int eIntro = introduced(z, aSent[iSent], pM->iStart);
      if( eIntro<2 && introduced_after(z, iSent+1<nSent ? aSent[iSent+1] : n, pM->iEnd) ) eIntro = 2;
      if( eIntro==0 ){
        pEv->nUnintroduced++;
        continue;
      }
      /* the words read may run past the match (to the verb of an earlier
      ** match's contribution): the subject must stand before it */
      if( eIntro==2 && sent.bSubject && sent.iSubject<pM->iStart ) pEv->bIntroduced = 1;
    }
    if( pEv->bTitle==0 && pEv->nMention==0 ) pEv->iOrder = iOrderBase + pM->iStart;
    /* before the overlap check: "edge" and "edge devices [setting]" are
    ** one mention, which names the setting */
    if( iSent==0 && (fPhrase & PAPERS_PHRASE_SETTING) ){
      pEv->bSetting = 1;
    }
    /* overlapping matches of one tag ("post-training quantization" and its
    ** "quantization") are one mention, and so are adjacent ones ("INT4
    ** quantization", "large language models (LLMs)") */
    if( iOrderBase + pM->iStart < pEv->iLastEnd ) continue;
    if( pEv->iLastEnd>iOrderBase && adjacent(z, pEv->iLastEnd-iOrderBase, pM->iStart) ){
      pEv->iLastEnd = iOrderBase + pM->iEnd;
      continue;
    }
    pEv->iLastEnd = iOrderBase + pM->iEnd;
    if( bTitle ){
      pEv->bTitle = 1;
    }else{
      pEv->nMention++;
      if( iSent==0 ) pEv->bFirst = 1;
      if( !pEv->bContribution ){
        sentence_read(&sent, z, sent.e, 1);
        pEv->bContribution = sent.bContribution;
      }
    }
  }
  sqlite3_free(aSent);
  sqlite3_free(aAll);
  return rc;
}

static int cmp_order(const void *x, const void *y){
  const PapersEvidence *a = (const PapersEvidence*)x, *b = (const PapersEvidence*)y;
  /* tags with counting evidence first, then by their first match, then
  ** in the order they were met */
  int ca = a->bTitle || a->nMention, cb = b->bTitle || b->nMention;
  if( ca!=cb ) return cb - ca;
  if( a->iOrder!=b->iOrder ) return a->iOrder - b->iOrder;
  return a->iSeq - b->iSeq;
}

int papers_about(PapersMatcher *pMatcher, PapersTokenizer *pTok,
                 const char *zTitle, int nTitle, const char *zAbstract, int nAbstract,
                 PapersEvidence **paEv, int *pnEv){
  AboutCtx a;
  int rc = SQLITE_OK, i;
  *paEv = 0;
  *pnEv = 0;
  memset(&a, 0, sizeof(a));
  a.m = pMatcher;
  a.aSlot = papers_matcher_tag_scratch(pMatcher);
  if( a.aSlot==0 ) return SQLITE_OK;          /* no phrase, no tag */
  pthread_once(&cuesOnce, cues_fill);
  if( zTitle ){
    rc = read_text(&a, pTok, zTitle, nTitle, 1, 0);
  }else if( zAbstract && one_sentence(zAbstract, nAbstract) ){
    /* a text of one sentence alone (a title, a phrase) names what it is
    ** about as a title does */
    zTitle = zAbstract;  nTitle = nAbstract;
    zAbstract = 0;
    rc = read_text(&a, pTok, zTitle, nTitle, 1, 0);
  }
  if( rc==SQLITE_OK && zAbstract ){
    rc = read_text(&a, pTok, zAbstract, nAbstract, 0, (zTitle ? nTitle : 0) + 1);
  }
  for(i=0; i<a.nEv; i++) a.aSlot[a.aEv[i].iTagId] = -1;
  if( rc!=SQLITE_OK ){
    sqlite3_free(a.aEv);
    return rc;
  }
  for(i=0; i<a.nEv; i++){
    PapersEvidence *p = &a.aEv[i];
    int nMention = p->nMention<ABOUT_MENTION_MAX ? p->nMention : ABOUT_MENTION_MAX;
    p->score = ABOUT_TITLE*p->bTitle + ABOUT_FIRST*p->bFirst + ABOUT_SETTING*p->bSetting
             + ABOUT_INTRODUCED*p->bIntroduced
             + ABOUT_CONTRIBUTION*p->bContribution + ABOUT_MENTION*nMention;
    p->bAbout = p->score>=ABOUT_THRESHOLD;
  }
  /* made in the order of the tags' first matches: few are out of place
  ** (those whose first match does not count) */
  papers_sort_nearly(a.aEv, a.nEv, sizeof(PapersEvidence), cmp_order);
  *paEv = a.aEv;
  *pnEv = a.nEv;
  return SQLITE_OK;
}
