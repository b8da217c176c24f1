#!/usr/bin/python3
"""Offsets of tokens() over every title and abstract of the sample digests.

For every token of every paragraph (as written, in NFD, and in full-width
letters) and of deterministic invalid-UTF-8 noise:
  - 0 <= start < end <= length in bytes, tokens in order, not overlapping,
    except that the tokens of one NFKC form (½ gives 1 and 2) share the
    offsets of the written form;
  - substr() of the text (as a BLOB) from start+1 for end-start bytes is the
    surface form, and tokenizing that surface alone gives back its tokens;
  - positions are 0, 1, 2, ... (no stop words dropped here);
and the NFD and full-width spellings give the same tokens as the original.
"""
import glob
import json
import os
import random
import sqlite3
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

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
