#!/usr/bin/python3
"""Generate the word lists keywords() uses in place of a part-of-speech
tagger:
  - ext/keyphrases/keywords_lexicon.inc: English words that are mostly verbs or
    adverbs, which break candidate phrases ("nouns and adjectives only");
  - ext/keyphrases/keywords_adjectives.inc (with the argument adjectives): words
    WordNet has as adjectives and never as nouns, but for -ing words. A
    noun phrase ends on its noun, so a candidate never ends on one
    ("quantization library written", "ViT vulnerable"); -ing words are
    left out as for the verbs ("token-feature matching", "sports betting"
    end on gerunds WordNet has only as adjectives).
  - ext/keyphrases/keywords_nouns.inc (with the argument nouns): the -ing and -ly
    words WordNet has as nouns. The -ing ones ("training", "sampling",
    "reasoning") stay nouns after a preposition, where other -ing words
    start a verb and its object ("by harnessing historical data"); the -ly
    ones ("anomaly", "assembly", "family") are not adverbs, which other -ly
    words are taken to be.

    /usr/bin/python3 tools/gen_keywords_lexicon.py > ext/keyphrases/keywords_lexicon.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py nouns > ext/keyphrases/keywords_nouns.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py adjectives > ext/keyphrases/keywords_adjectives.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py finite > ext/keyphrases/keywords_finite.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py mostly_adjectives > ext/keyphrases/keywords_mostly_adjectives.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py verbs_first > ext/keyphrases/keywords_verbs_first.inc
    /usr/bin/python3 tools/gen_keywords_lexicon.py verbal_nouns > ext/keyphrases/keywords_verbal_nouns.inc

  - ext/keyphrases/keywords_finite.inc (with the argument finite): words that are
    mostly finite verbs, from Lingua::EN::Tagger's lexicon (Debian
    liblingua-en-tagger-perl, words.yml: how often each word was tagged
    with each Penn tag in the Penn Treebank): lower-case words of letters,
    not in -ed, seen at least FINITE_MIN times, whose counts as VBZ, VBP,
    VBD, VB, VBG and MD are at least FINITE_RATIO times their counts as
    nouns, adjectives and adverbs. Right after a noun such a word is the
    verb of a clause ("UFGIR goes beyond", "RM stays", "providers update"),
    no word of a phrase; an -ing one starts a verb and its object
    ("reducing inference time") and ends no phrase ("DistriFusion
    depending").

  - ext/keyphrases/keywords_mostly_adjectives.inc (mostly_adjectives):
    words WordNet has as adjectives and as nouns whose SemCor counts as
    adjectives are at least ADJ_RATIO times their counts as nouns and
    verbs, and at least ADJ_MIN ("large", "single", "multiple",
    "dynamic"). After an -ing word such a word starts its object ("training
    large language models", "learning dynamic weights").
  - ext/keyphrases/keywords_verbs_first.inc (verbs_first): verb lemmas
    whose SemCor counts as verbs are at least their counts as nouns and
    adjectives (or that SemCor never counts, "leverage", or WordNet has
    only as verbs), but for those of the
    main list, which break phrases anyway ("update", "train", "aid",
    "increase"). Right after "to" or a modal such a word is a verb ("to
    update network weights", "can aid").
  - ext/keyphrases/keywords_verbal_nouns.inc (verbal_nouns): the verb
    lemmas of the main list that SemCor has as nouns too, NOUN_MIN times
    or more ("design", "gain", "start", "roll"; not "save", "build"). Right after a singular noun such a word is
    the head of a compound, not a verb, which would agree with its subject
    ("architecture design", "path gain", "cold start").

Source: WordNet 3.0 (Debian package wordnet-base, /usr/share/wordnet), its
index files (which parts of speech a lemma has) and cntlist.rev (how often
each sense was tagged in the SemCor corpus). WordNet is (c) Princeton
University, under a licence that permits redistribution with its notice;
the notice is copied into the generated file.

A lemma of one word is listed when
  - WordNet has it as a verb or adverb but never as a noun or adjective, or
  - its SemCor counts as verb plus adverb are at least RATIO times its
    counts as noun plus adjective, and at least MIN_COUNT in all.
A listed verb brings its -s and -ed forms (regular spelling, plus the
irregular forms of verb.exc), unless that form is itself a noun or
adjective in WordNet ("advanced", "needs"). -ing forms are never listed:
gerunds head many key phrases ("importance sampling").
"""
import collections
import os
import re
import sys

WN = "/usr/share/wordnet"
RATIO = 2.0
MIN_COUNT = 5
WORD = re.compile(r"^[a-z]{2,}$")
TAGGER_WORDS = "/usr/share/perl5/Lingua/EN/Tagger/words.yml"
FINITE_MIN = 3
FINITE_RATIO = 1.4
ADJ_RATIO = 3.0
ADJ_MIN = 3
NOUN_MIN = 5


def lemmas(pos):
    out = set()
    with open(os.path.join(WN, "index." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            w = line.split(" ", 1)[0]
            if WORD.match(w):
                out.add(w)
    return out


def finite_words():
    """Words the tagger's lexicon has mostly as verbs (see the docstring)."""
    out = set()
    entry = re.compile(r'^"?([a-z]+)"?: \{(.*)\}$')
    with open(TAGGER_WORDS, encoding="utf-8") as f:
        for line in f:
            m = entry.match(line.strip())
            if not m or not WORD.match(m.group(1)) or m.group(1).endswith("ed"):
                continue
            tags = {}
            for part in m.group(2).split(","):
                tag, _, n = part.strip().partition(": ")
                tags[tag] = int(n)
            verb = sum(tags.get(t, 0) for t in ("vbz", "vbp", "vbd", "vb", "md", "vbg"))
            other = sum(n for t, n in tags.items() if t.startswith(("nn", "jj", "rb")))
            if verb + other >= FINITE_MIN and verb >= FINITE_RATIO * other and verb > 0:
                out.add(m.group(1))
    return out


def semcor_counts():
    """{lemma: Counter of SemCor sense counts by part of speech (n, v, a,
    r, s: a satellite adjective)} from cntlist.rev."""
    count = collections.defaultdict(collections.Counter)
    with open(os.path.join(WN, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, _, n = line.split()
            lemma, rest = key.split("%", 1)
            if WORD.match(lemma) and rest[0] in "12345":
                count[lemma]["nvars"[int(rest[0]) - 1]] += int(n)
    return count


def pos_lists(which, noun, verb, adj, adv):
    """The word list and its description for mostly_adjectives, verbs_first
    or verbal_nouns (see the docstring)."""
    count = semcor_counts()
    if which == "mostly_adjectives":
        def mostly_adjective(w):
            c = count[w]
            a = c["a"] + c["s"]
            return a >= ADJ_MIN and a >= ADJ_RATIO * (c["n"] + c["v"])
        return ({w for w in adj & noun if mostly_adjective(w)},
                "words that WordNet has as adjectives and as nouns\n"
                "** and SemCor mostly as adjectives (adjective counts >= %g x noun and verb\n"
                "** counts, at least %d)" % (ADJ_RATIO, ADJ_MIN))
    main = main_list(noun, verb, adj, adv)
    if which == "verbs_first":
        def verb_first(w):
            c = count[w]
            if w not in noun and w not in adj:
                return True
            if not c:
                return True             # no count: "leverage"
            return c["v"] >= 1 and c["v"] >= c["n"] + c["a"] + c["s"]
        return ({w for w in verb if verb_first(w)} - main,
                "verb lemmas that SemCor has at least as often as\n"
                "** verbs as nouns and adjectives (or never, or WordNet only as verbs), less\n"
                "** the words that are mostly verbs or adverbs (keywords_lexicon.inc)")
    return ({w for w in main & verb & noun if count[w]["n"] >= NOUN_MIN},
            "words of keywords_lexicon.inc that are verb lemmas\n"
            "** and that SemCor has as nouns too, %d times or more" % NOUN_MIN)


def write_list(words, what, source="WordNet 3.0 (Debian\n** wordnet-base)"):
    """Write the generated file: what it holds, WordNet's notice, the words
    as C string literals in byte order (keywords.c looks them up by binary
    search or hash)."""
    words = sorted(words, key=lambda w: w.encode())
    out = sys.stdout
    out.write("/* Generated by tools/gen_keywords_lexicon.py from %s: %d %s. Do not edit.\n"
              % (source, len(words), what))
    if not source.startswith("WordNet"):
        out.write("*/\n")
        write_words(out, words)
        return
    out.write("**\n")
    with open("/usr/share/doc/wordnet-base/copyright", encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"This software and database.*?agrees to preserve same\.", text, re.S)
    if not m:
        sys.exit("gen_keywords_lexicon: no WordNet licence in the copyright file")
    for line in m.group(0).splitlines():
        line = line.strip()
        out.write(("** " + ("" if line == "." else line)).rstrip() + "\n")
    out.write("*/\n")
    write_words(out, words)


def write_words(out, words):
    line = " "
    for w in words:
        item = ' "%s",' % w
        if len(line) + len(item) > 78:
            out.write(line.rstrip() + "\n")
            line = " "
        line += item
    out.write(line.rstrip() + "\n")


def main_list(noun, verb, adj, adv):
    """The words of keywords_lexicon.inc: mostly verbs or adverbs, with the
    -s and -ed forms of the verbs (see the docstring)."""
    count = collections.defaultdict(lambda: [0, 0])   # [noun+adj, verb+adv]
    with open(os.path.join(WN, "cntlist.rev"), encoding="latin-1") as f:
        for line in f:
            key, _, n = line.split()
            lemma, rest = key.split("%", 1)
            if not WORD.match(lemma):
                continue
            ss = rest[0]
            count[lemma][0 if ss in "135" else 1] += int(n)
    nominal = noun | adj

    def verbal(w):
        if w not in verb and w not in adv:
            return False
        if w not in nominal:
            return True
        na, vr = count[w]
        return vr >= MIN_COUNT and vr >= RATIO * na

    listed = {w for w in verb | adv if verbal(w)}
    forms = set()
    for v in (w for w in listed if w in verb):
        if re.search(r"(s|x|z|ch|sh)$", v):
            forms.add(v + "es")
        elif re.search(r"[^aeiou]y$", v):
            forms.add(v[:-1] + "ies")
        else:
            forms.add(v + "s")
        if v.endswith("e"):
            forms.add(v + "d")
        elif re.search(r"[^aeiou]y$", v):
            forms.add(v[:-1] + "ied")
        else:
            forms.add(v + "ed")
    with open(os.path.join(WN, "verb.exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1] in listed and WORD.match(parts[0]) \
               and not parts[0].endswith("ing"):
                forms.add(parts[0])
    listed |= {w for w in forms if w not in nominal}
    return listed


def main():
    noun, verb, adj, adv = (lemmas(p) for p in ("noun", "verb", "adj", "adv"))
    if sys.argv[1:] == ["nouns"]:
        write_list({w for w in noun if len(w) > 5 and w.endswith(("ing", "ly"))},
                   "-ing and -ly words that WordNet has as nouns\n"
                   "** (index.noun, one word of six letters or more)")
        return
    if sys.argv[1:] == ["finite"]:
        write_list(finite_words(),
                   "words that are mostly finite verbs\n"
                   "** (tags VBZ, VBP, VBD, VB, VBG, MD >= %g x noun, adjective and adverb tags; seen %d times\n"
                   "** or more; not in -ed)" % (FINITE_RATIO, FINITE_MIN),
                   source="Lingua::EN::Tagger's lexicon (Debian\n** liblingua-en-tagger-perl, words.yml)")
        return
    if sys.argv[1:] == ["adjectives"]:
        write_list({w for w in adj - noun if not w.endswith("ing")},
                   "words that WordNet has as adjectives and never as\n"
                   "** nouns (index.adj, not index.noun), but for -ing words")
        return
    if sys.argv[1:] in (["mostly_adjectives"], ["verbs_first"], ["verbal_nouns"]):
        write_list(*pos_lists(sys.argv[1], noun, verb, adj, adv))
        return
    listed = main_list(noun, verb, adj, adv)
    write_list(listed,
               "English words that are mostly verbs or adverbs\n"
               "** (SemCor counts: verb+adverb >= %g x noun+adjective, at least %d; or no\n"
               "** noun or adjective sense), with their -s and -ed forms" % (RATIO, MIN_COUNT))

if __name__ == "__main__":
    main()
