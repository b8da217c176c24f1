#!/usr/bin/python3
"""Offsets of tokens() over every title and abstract of the sample digests.

For every token of every paragraph (as written, in NFD, and in full-width
letters), of deterministic invalid-UTF-8 noise, and of tricky inputs whose
NFKC forms hold separators or wide letters (⑴ ½ ﷺ ㎏ ℃ ™ ...):
  - 0 <= start < end <= length in bytes, tokens in order, not overlapping,
    except that the tokens of one NFKC form (½ gives 1 and 2) share the
    offsets of the written form;
  - substr() of the text (as a BLOB) from start+1 for end-start bytes is the
    surface form, and tokenizing that surface alone gives back its tokens;
  - positions are 0, 1, 2, ... (no stop words dropped here);
and the NFD and full-width spellings give the same tokens as the original.
For the tricky inputs also: no token holds a separator (only letters, digits
and marks, with a '.' between digits or an apostrophe between letters), and
the text gives the same tokens as its NFKC form.
"""
import glob
import json
import os
import random
import sqlite3
import sys
import unicodedata

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # tests/

CHECK = """
SELECT t.token, t.position, t.start, t."end",
       substr(CAST(?1 AS BLOB), t.start + 1, t."end" - t.start) AS surface
  FROM tokens(CAST(?1 AS TEXT), ?2) AS t
"""


def paragraphs():
    for path in sorted(glob.glob(os.path.join(HERE, "data", "digests", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            paras = [p.strip() for p in f.read().split("\n\n") if p.strip()]
        yield from paras[5:]


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and c.isalnum() else c for c in s)


def check(conn, blob, options):
    """Returns (tokens, error or None)."""
    rows = conn.execute(CHECK, (blob, options)).fetchall()
    prev_start, prev_end = -1, 0
    groups = []                     # [surface, tokens] of each written form
    for i, (token, pos, start, end, surface) in enumerate(rows):
        if pos != i:
            return None, "position %d for token %d" % (pos, i)
        if (start, end) == (prev_start, prev_end):
            groups[-1][1].append(token)     # another token of the same NFKC form
            continue
        if not (prev_end <= start < end <= len(blob)):
            return None, "offsets %d..%d after %d in %d bytes" % (start, end, prev_end, len(blob))
        if surface != blob[start:end]:
            return None, "substr() differs from the slice at %d" % start
        groups.append([surface, [token]])
        prev_start, prev_end = start, end
    for surface, tokens in groups:
        again = json.loads(conn.execute("SELECT tokenize(CAST(? AS TEXT), ?)", (surface, options)).fetchone()[0])
        if again != tokens:
            return None, "surface %r tokenizes to %r, not %r" % (surface, again, tokens)
    return [r[0] for r in rows], None


# Inputs whose NFKC forms hold separators, symbols that NFKC makes letters or
# digits, wide letters in other forms, decomposed kana and Hangul, marks.
TRICKY = [
    "⑴ ½ ﷺ", "⑴⑵ ½¼¾ ﷺﷻ", "a⑴b x½y ﷺ.", "5㎏ ™ ℃ ㈠ ¼", "5㎏/㎡ 20℃ TM™ ™'s",
    "ＬＬＭ ＬＬＭs ｄｏｎ＇ｔ １６．４７ ３.１８ｔｉｍｅｓ", "ﬁne ﬂow ﬃ ǅ µm №5 x² H₂O",
    "ﷺ ﷻ ﷲ ﻼ ﹰ", "⒈5 ⒈ a ㏂ ㋀ ㍿ ㈱ ㊷", "ｶﾀｶﾅ ｶﾞ ﾊﾟ", "한국어 대규모 언어 모델",
    "\u1112\u1161\u11ab\u1100\u116e\u11a8 \u304b\u3099", "大規模言語モデル 日本語",
    "हिन्दी भाषा क़ ज़", "٣.٥ १.५ ꧑꧒", "Ⅻ's Ⅷ ⅻ", "naïve café", "A‐B a﹒b 1﹒5",
]


def separator_free(token):
    for k, ch in enumerate(token):
        if unicodedata.category(ch)[0] in "LNM":
            continue
        if ch in ".'" and 0 < k < len(token) - 1:
            continue
        return False
    return True


def main():
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(sys.argv[1])
    paras = list(paragraphs())
    for options in ("", "keepcase", "keepmarks"):
        failures, ntok = [], 0
        for p in paras:
            toks, err = check(conn, p.encode("utf-8"), options)
            if err:
                failures.append(err)
                continue
            ntok += len(toks)
            nfd = unicodedata.normalize("NFD", p)
            if nfd != p:
                t2, err = check(conn, nfd.encode("utf-8"), options)
                if err or t2 != toks:
                    failures.append("NFD: %s" % (err or "tokens differ"))
            t3, err = check(conn, fullwidth(p).encode("utf-8"), options)
            if err:
                failures.append("full-width: %s" % err)
            elif options != "keepcase" and t3 != toks:
                failures.append("full-width: tokens differ in %r" % p[:60])
        name = "offsets of every token of %d sample paragraphs, options '%s'" % (len(paras), options)
        if failures:
            print("not ok %s: %d failures: %s" % (name, len(failures), "; ".join(failures[:5])))
        elif ntok < 50000:
            print("not ok %s: only %d tokens" % (name, ntok))
        else:
            print("ok %s (%d tokens, NFD and full-width too)" % (name, ntok))

    # Tricky inputs: offsets, no separator in a token, the tokens of NFKC.
    failures = []
    for options in ("", "keepcase", "keepmarks", "stem"):
        for text in TRICKY:
            toks, err = check(conn, text.encode("utf-8"), options)
            if err:
                failures.append("%r %r: %s" % (text, options, err))
                continue
            bad = [t for t in toks if not separator_free(t)]
            if bad:
                failures.append("%r %r: tokens hold separators: %r" % (text, options, bad))
            t2, _ = check(conn, unicodedata.normalize("NFKC", text).encode("utf-8"), options)
            if t2 != toks:
                failures.append("%r %r: %r, but its NFKC form gives %r" % (text, options, toks, t2))
    name = "%d tricky NFKC inputs: offsets, no separator in a token, the tokens of the NFKC form" % len(TRICKY)
    print("not ok %s: %s" % (name, "; ".join(failures[:5])) if failures else "ok " + name)

    # Invalid UTF-8: sample text with random bytes broken in, and raw noise.
    rnd = random.Random(3)
    failures = 0
    for p in paras[:200]:
        b = bytearray(p.encode("utf-8"))
        for _ in range(8):
            b[rnd.randrange(len(b))] = rnd.randrange(128, 256)
        b += bytes([0xE2, 0x82])           # truncated sequence at the very end
        _, err = check(conn, bytes(b), "")
        noise = bytes(rnd.randrange(256) for _ in range(300))
        _, err2 = check(conn, noise, "stem")
        if err or err2:
            failures += 1
            first = err or err2
    print("ok invalid UTF-8: offsets valid, no crash" if not failures
          else "not ok invalid UTF-8: %d failures, first: %s" % (failures, first))


if __name__ == "__main__":
    main()
