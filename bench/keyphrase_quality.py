#!/usr/bin/python3
"""keywords(abstract, 8) on the labelled papers of bench/labels/ (381 papers
of the sample digests; GUIDE.md says how two human indexers labelled them):
how many of its phrases a reader accepts, and how many it should not give.

    /usr/bin/python3 bench/keyphrase_quality.py [--so PATH] [--rules SO] [--md FILE]

Figures, each for papers 1-160 with odd n (the half rules were tuned on from
the start), with even n and papers 161-220 (held out in the first three
rounds, tuned on in the fourth), papers 221-300 (held out in the fourth
round, tuned on in the fifth), papers 301-381 (held out in the fifth round,
tuned on in the sixth: none is held out any more; bench/labels/README.md keeps
the last held-out figures) and all papers:

  acceptable    share of the output phrases that equal a labelled phrase
                ("keyphrases" or "acceptable") after norm() below.
  judged        share of the output phrases that are labelled, or that a
                reader judged acceptable for that paper (bench/labels/
                judged.jsonl: verdicts on phrases outside the labelled set,
                made by reading the paper; --unjudged FILE writes the phrases
                still without a verdict, for the next reading); the phrases
                with no verdict are counted apart and as not acceptable.
  near-dup      pairs of phrases in one answer that a reader would call the
                same, by same_concept() below; and answers holding one.
  verb/frag     share of the output phrases that are verb phrases or
                fragments, by is_fragment() below (Lingua::EN::Tagger).
  first two     share of answers whose first two phrases hold a labelled
                "keyphrases" phrase (after norm()).
  SemEval F1@10 keywords(text, 10) on SemEval-2017, bench/keyphrase_eval.py
                (reported once: it has no halves).

norm(p): case-folded; surrounding punctuation stripped; a possessive ('s,
’s) dropped; hyphens, en dashes and slashes read as spaces; each word's
plural folded (-ies -> -y; -sses, -xes, -ches, -shes, -zes lose -es; any other
final s after a letter other than s, u or i is dropped: "LLMs" -> "llm").

same_concept(a, b): two phrases of one answer are one concept when their
canon() is the same; canon(p) is norm(p), mapped to its acronym when the
text defines it ("Federated Learning (FL)": the words before a parenthesised
acronym whose first letters, or the first letters of their hyphen-joined
parts, are its capitals), then with a final word of GENERIC_HEADS removed
when words remain ("FL methods" -> "fl"), then mapped to its acronym again.

is_fragment(p): the abstract is tagged by Lingua::EN::Tagger (Penn tags) and
the tokens of the phrase's first occurrence (case-sensitive, else folded;
the phrase alone when the text lacks it) are read: a fragment when its last
token is not a noun (NN, NNS, NNP, NNPS), a foreign word (FW) or a number
after a noun ("Llama 2"), or when it holds a finite verb (VBD, VBZ, VBP,
MD), or when it starts with an -ing verb (VBG) that is followed by more words
("running PFT"). Where the HMM tagger is known to go wrong, these override
it: a token with two or more capitals or a capital and a digit is a proper
noun (it tags unknown names by their endings: "ViD-GPT" as jj); so is every
word of a phrase of two or more words that all start with a capital ("Fast
Fourier Transform", "Wavelet Learned Lossy Compression"); a last word right
after a noun that WordNet (Debian wordnet-base, index.noun) has as a noun is
a noun, the head of a compound, whatever its tag but a finite verb's
("LLM serving", "EOS token", "distance metric"; not "DistriFusion
depending", "RM stays"; the tagger's "IBP bounds" as VBZ stays a verb, a
known miss of this check); a VBD right before
another word of the phrase is a participle, no finite verb ("learned
compression").

--rules SO: SO is a build with -DPAPERS_KEYWORDS_RULES_ENV; for each rule of
the table in ext/keyphrases/keywords.c, the odd half's figures with that rule switched
off (PAPERS_KEYWORDS_OFF=name) beside all rules on.
--md FILE writes the table of bench/results/keyphrase_quality.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from singlerank_peer import tag_all  # noqa: E402  (the same tagger run)
LABELS = os.path.join(ROOT, "bench", "labels")
K = 8

# Generic head words (after norm()): a phrase plus one of these is the phrase.
GENERIC_HEADS = {
    "method", "approach", "framework", "model", "algorithm", "technique",
    "performance", "result", "task", "system", "strategy", "scheme",
    "mechanism", "pipeline", "paradigm", "problem", "process", "capability",
    "ability", "setting", "architecture", "module",
}

TARGETS = {"judged": 0.75, "near_dup_pairs": 0, "verb_frag": 0.03}



def fold_plural(w):
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(sses|xes|ches|shes|zes)$", w):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and w[-2] not in "sui" and w[-2].isalpha():
        return w[:-1]
    return w


def norm(p):
    p = p.casefold().replace("\u2019", "'")
    p = re.sub(r"'s\b", "", p)
    p = re.sub(r"[-\u2010\u2011\u2013/]", " ", p)
    p = p.strip(" \t\n.,;:!?\"'()[]{}")
    return " ".join(fold_plural(w) for w in p.split())


def long_forms(text):
    """norm(long form) -> norm(acronym) for each acronym the text defines."""
    out = {}
    for m in re.finditer(r"\(([^()\s]{2,16})\)", text):
        acr = m.group(1)
        caps = [c.lower() for c in acr if c.isupper()]
        if acr.endswith("s") and len(caps) >= 2:
            pass
        if len(caps) < 2:
            continue
        words = re.findall(r"[^\s()]+", text[:m.start()])[-2 * len(caps):]
        for n in range(1, len(words) + 1):
            cand = words[-n:]
            initials = "".join(w[0].lower() for w in cand if w[0].isalnum())
            parts = "".join(q[0].lower() for w in cand for q in re.split(r"[-\u2013]", w) if q)
            if initials == "".join(caps) or parts == "".join(caps):
                out[norm(" ".join(cand))] = norm(acr)
                break
    return out


def canon(p, forms):
    n = norm(p)
    n = forms.get(n, n)
    words = n.split()
    if len(words) > 1 and words[-1] in GENERIC_HEADS:
        n = " ".join(words[:-1])
    return forms.get(n, n)


def near_dup_pairs(phrases, forms):
    keys = [canon(p, forms) for p in phrases]
    return [(phrases[i], phrases[j]) for i in range(len(keys))
            for j in range(i + 1, len(keys)) if keys[i] == keys[j]]


def align(text, tagged):
    """[(start, end, word, tag)] of the tagged tokens found in the text."""
    out, pos = [], 0
    for word, tag in tagged:
        i = text.find(word, pos, pos + 40 + len(word))
        if i < 0:
            continue
        out.append((i, i + len(word), word, tag.upper()))
        pos = i + len(word)
    return out


def is_name(word):
    caps = sum(1 for c in word if c.isupper())
    return caps >= 2 or (caps >= 1 and any(c.isdigit() for c in word))


NOUN = {"NN", "NNS", "NNP", "NNPS", "FW"}
FINITE = {"VBD", "VBZ", "VBP", "MD"}


_WN_NOUNS = None


def wordnet_noun(word):
    global _WN_NOUNS
    if _WN_NOUNS is None:
        _WN_NOUNS = set()
        with open("/usr/share/wordnet/index.noun", encoding="latin-1") as f:
            for l in f:
                if not l.startswith(" "):
                    _WN_NOUNS.add(l.split(" ", 1)[0])
    w = word.casefold()
    return w in _WN_NOUNS or fold_plural(w) in _WN_NOUNS


def phrase_tags(phrase, text, toks):
    i = text.find(phrase)
    if i < 0:
        i = text.casefold().find(phrase.casefold())
    if i < 0:
        return None
    j = i + len(phrase)
    return [(w, t) for s, e, w, t in toks if s < j and e > i]


def is_fragment(phrase, text, toks, tag_alone):
    tags = phrase_tags(phrase, text, toks)
    if not tags:
        tags = [(w, t.upper()) for w, t in tag_alone(phrase)]
    if not tags:
        return True
    words = phrase.split()
    title = len(words) > 1 and all(w[:1].isupper() for w in words)
    t = ["NNP" if title or is_name(w) else x for w, x in tags]
    t = ["VBN" if x == "VBD" and i < len(t) - 1 else x for i, x in enumerate(t)]
    if len(t) > 1 and t[-2] in NOUN and t[-1] not in NOUN | FINITE and wordnet_noun(tags[-1][0]):
        t[-1] = "NN"
    last_ok = t[-1] in NOUN or (t[-1] == "CD" and len(t) > 1 and t[-2] in NOUN)
    return (not last_ok) or any(x in FINITE for x in t) or (t[0] == "VBG" and len(t) > 1)


def connect(so):
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(os.path.abspath(so))
    return conn


def load_judged():
    """{(n, norm(phrase)): acceptable?} from bench/labels/judged.jsonl."""
    path = os.path.join(LABELS, "judged.jsonl")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {(d["n"], norm(d["phrase"])): bool(d["acceptable"]) for d in map(json.loads, f)}


def load():
    papers = [json.loads(l) for l in open(os.path.join(LABELS, "papers.jsonl"), encoding="utf-8")]
    labels = {r["n"]: r for r in (json.loads(l) for l in open(os.path.join(LABELS, "labels.jsonl"), encoding="utf-8"))}
    return [(p, labels[p["n"]]) for p in papers if p.get("abstract")]


def answers(so, data):
    conn = connect(so)
    return [json.loads(conn.execute("SELECT keywords(?, ?)", (p["abstract"], K)).fetchone()[0])
            for p, _ in data]


def measure(data, outs, tagged, alone_cache, judged=None):
    """Figures over the papers given (lists of the same length)."""
    n_phr = n_ok = n_frag = n_pairs = n_ans_pair = n_first = n_judged_ok = n_unjudged = 0
    pairs_seen, frags_seen, unjudged = [], [], []
    judged = judged or {}

    def tag_alone(phrase):
        if phrase not in alone_cache:
            alone_cache[phrase] = tag_all([phrase])[0]
        return alone_cache[phrase]

    for (p, lab), out, toks in zip(data, outs, tagged):
        text = p["abstract"]
        gold_all = {norm(x) for x in lab["keyphrases"] + lab["acceptable"]}
        gold_key = {norm(x) for x in lab["keyphrases"]}
        n_phr += len(out)
        n_ok += sum(1 for x in out if norm(x) in gold_all)
        for x in out:
            if norm(x) in gold_all:
                continue
            verdict = judged.get((p["n"], norm(x)))
            if verdict is None:
                n_unjudged += 1
                unjudged.append((p["n"], x))
            elif verdict:
                n_judged_ok += 1
        for x in out:
            if is_fragment(x, text, toks, tag_alone):
                n_frag += 1
                frags_seen.append((p["n"], x))
        pairs = near_dup_pairs(out, long_forms(text))
        n_pairs += len(pairs)
        n_ans_pair += bool(pairs)
        pairs_seen += [(p["n"], a, b) for a, b in pairs]
        n_first += any(norm(x) in gold_key for x in out[:2])
    n = len(outs)
    return {
        "papers": n, "phrases": n_phr,
        "acceptable": n_ok / n_phr if n_phr else 0.0,
        "judged": (n_ok + n_judged_ok) / n_phr if n_phr else 0.0,
        "unjudged_n": n_unjudged, "unjudged_seen": unjudged,
        "near_dup_pairs": n_pairs, "near_dup_answers": n_ans_pair,
        "verb_frag": n_frag / n_phr if n_phr else 0.0, "verb_frag_n": n_frag,
        "first_two": n_first / n if n else 0.0,
        "pairs_seen": pairs_seen, "frags_seen": frags_seen,
    }


GROUPS = ("odd", "even", "third", "fourth", "fifth", "all")


def tuning(n):
    """Papers the rules were tuned on from the start: 1-160 with odd n
    (the rule ablation below is measured on them)."""
    return n < 161 and n % 2 == 1


def halves(data, outs, tagged, alone, judged=None):
    res = {}
    for name, keep in (("odd", tuning), ("even", lambda n: n < 161 and n % 2 == 0),
                       ("third", lambda n: 161 <= n < 221),
                       ("fourth", lambda n: 221 <= n < 301),
                       ("fifth", lambda n: n >= 301), ("all", lambda n: True)):
        idx = [i for i, (p, _) in enumerate(data) if keep(p["n"])]
        res[name] = measure([data[i] for i in idx], [outs[i] for i in idx], [tagged[i] for i in idx],
                            alone, judged)
    return res


def semeval(so):
    import keyphrase_eval
    conn = connect(so)
    return keyphrase_eval.evaluate(conn, "singlerank")[0]


def rule_names():
    src = open(os.path.join(ROOT, "ext", "keyphrases", "keywords.c"), encoding="utf-8").read()
    m = re.search(r"aRule\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    return re.findall(r'\{\s*"([a-z_]+)"', m.group(1)) if m else []


def line(name, r):
    return ("%-5s papers %3d phrases %4d  acceptable %.3f  judged %.3f (%d unjudged)"
            "  near-dup pairs %3d (answers %3d)  verb/frag %.3f (%d)  first two %.3f"
            % (name, r["papers"], r["phrases"], r["acceptable"], r.get("judged", 0.0),
               r.get("unjudged_n", 0), r["near_dup_pairs"],
               r["near_dup_answers"], r["verb_frag"], r["verb_frag_n"], r["first_two"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--so", default=os.path.join(ROOT, "build", "papers.so"))
    ap.add_argument("--rules", help="a build with -DPAPERS_KEYWORDS_RULES_ENV")
    ap.add_argument("--md", help="write the results table here")
    ap.add_argument("--show", action="store_true", help="list the pairs and fragments (odd half)")
    ap.add_argument("--no-semeval", action="store_true")
    ap.add_argument("--answers-by-rule", help=argparse.SUPPRESS)
    ap.add_argument("--unjudged", help="write the output phrases outside the labelled set that have no verdict yet")
    a = ap.parse_args()
    data = load()
    if a.answers_by_rule:
        # a process of its own: a second build loaded into a process that
        # has loaded one would call the first one's functions
        sub = [d for d in data if tuning(d[0]["n"])]
        out = {}
        for r in [""] + rule_names():
            os.environ["PAPERS_KEYWORDS_OFF"] = r
            out[r] = answers(a.answers_by_rule, sub)
        json.dump(out, sys.stdout)
        return
    tagged_raw = tag_all([p["abstract"] for p, _ in data])
    tagged = [align(p["abstract"], t) for (p, _), t in zip(data, tagged_raw)]
    alone = {}
    outs = answers(a.so, data)
    res = halves(data, outs, tagged, alone, load_judged())
    for name in GROUPS:
        print(line(name, res[name]))
    if a.unjudged:
        by_n = {p["n"]: p for p, _ in data}
        todo = {}
        for n, x in res["all"]["unjudged_seen"]:
            todo.setdefault(n, []).append(x)
        with open(a.unjudged, "w", encoding="utf-8") as f:
            for n in sorted(todo):
                f.write(json.dumps({"n": n, "title": by_n[n]["title"], "abstract": by_n[n]["abstract"],
                                    "phrases": todo[n]}, ensure_ascii=False) + "\n")
        print("wrote %d papers with %d phrases to judge to %s"
              % (len(todo), sum(len(v) for v in todo.values()), a.unjudged))
    if a.show:
        for n, x, y in res["odd"]["pairs_seen"]:
            print("pair %3d: %s | %s" % (n, x, y))
        for n, x in res["odd"]["frags_seen"]:
            print("frag %3d: %s" % (n, x))
    f1 = None if a.no_semeval else semeval(a.so)
    if f1 is not None:
        print("SemEval-2017 F1@10 %.3f" % f1)
    ablation = []
    if a.rules:
        odd = [i for i, (p, _) in enumerate(data) if tuning(p["n"])]
        sub = [data[i] for i in odd]
        subt = [tagged[i] for i in odd]
        by_rule = json.loads(subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--answers-by-rule", a.rules],
            check=True, capture_output=True, text=True).stdout)
        judged = load_judged()
        for r in [""] + rule_names():
            m = measure(sub, by_rule[r], subt, alone, judged)
            ablation.append((r or "(all rules on)", m))
            print(line(("-" + r) if r else "on", m))
    if a.md:
        write_md(a.md, res, f1, ablation)


def write_md(path, res, f1, ablation):
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip() or "unknown"
    except OSError:
        commit = "unknown"
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    o, e, t, f, h, al = res["odd"], res["even"], res["third"], res["fourth"], res["fifth"], res["all"]

    def verdict(key, value):
        t = TARGETS[key]
        ok = value <= t if key in ("near_dup_pairs", "verb_frag") else value >= t
        return "met" if ok else "**missed**"

    rows = [
        ("share of phrases labelled", "%.3f", "acceptable", None),
        ("share of phrases labelled or judged acceptable", "%.3f", "judged", ">= 0.75"),
        ("phrases with no verdict yet (counted as not acceptable)", "%d", "unjudged_n", None),
        ("near-duplicate pairs in an answer", "%d", "near_dup_pairs", "0"),
        ("answers with a near-duplicate pair", "%d", "near_dup_answers", None),
        ("verb phrases or fragments", "%.3f", "verb_frag", "<= 0.03"),
        ("answers whose first two phrases hold a labelled key phrase", "%.3f", "first_two", None),
    ]
    L = []
    L.append("## Keywords on the labelled set")
    L.append("")
    L.append("`keywords(abstract, 8)` on the %d labelled papers of `bench/labels/` by " % al["papers"] +
             "`bench/keyphrase_quality.py` (its docstring defines each figure). "
             "%s, %d cores, %s, commit %s." % (cpu or platform.machine(), os.cpu_count() or 0,
                                               datetime.date.today().isoformat(), commit))
    L.append("Since round 6 the rules are tuned on every group; `bench/labels/README.md` keeps the "
             "last figures taken on papers the rules had not seen (round 5, papers 301-381).")
    L.append("")
    L.append("| figure | 1-160, odd n (tuned on) | 1-160, even n (tuned on in round 4) | 161-220 (tuned on in round 4) "
             "| 221-300 (tuned on in round 5) | 301-381 (tuned on in round 6) | all | target | met/missed (all) |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---|---|")
    for label, fmt, key, target in rows:
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, fmt % o[key], fmt % e[key], fmt % t[key], fmt % f[key], fmt % h[key], fmt % al[key],
            target or "reported",
            verdict(key, al[key]) if target else "-"))
    if f1 is not None:
        L.append("| SemEval-2017 F1@10 (`keywords(text, 10)`, 493 texts) | | | | | | %.3f | reported | - |" % f1)
    if ablation:
        L.append("")
        L.append("Each rule of the table in `ext/keyphrases/keywords.c` switched off alone (a build with "
                 "`-DPAPERS_KEYWORDS_RULES_ENV`, `PAPERS_KEYWORDS_OFF=name`), papers 1-160 with odd n:")
        L.append("")
        L.append("| rule off | labelled | labelled or judged | no verdict yet | near-dup pairs | verb/frag | first two |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        for name, m in ablation:
            L.append("| %s | %.3f | %.3f | %d | %d | %.3f | %.3f |" % (
                name, m["acceptable"], m["judged"], m["unjudged_n"], m["near_dup_pairs"],
                m["verb_frag"], m["first_two"]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
