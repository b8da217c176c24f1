#!/usr/bin/python3
"""Writes the bad-input fixtures of tests/reader/reader.sql into this folder.

Each file is one departure from the digest format. Run it again only to
change a fixture; the files are committed. (The 20 MB abstract is made at
test time by tests/test_reader_big.py instead.)
"""
import os

HEADER = ["new", "Get trending papers in your email inbox!", "Subscribe",
          "byAK and the research community", "Mar 17"]
T1 = "Alpha: A Test Title"
A1 = "We study alpha. It works well on beta (see https://example.org/a)."
T2 = "Beta Models for Gamma"
A2 = "Beta is shown to help gamma. Code at https://github.com/x/beta."


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(name, "wb") as f:
        f.write(data)


def digest(paras, sep="\n\n", eol="\n"):
    return sep.join(p.replace("\n", eol) for p in paras)


base = HEADER + [T1, A1, T2, A2]
write("bom.txt", b"\xef\xbb\xbf" + digest(base).encode())
write("crlf.txt", digest(base, sep="\r\n\r\n"))
write("cr.txt", digest(base, sep="\r\r"))
write("trailing_ws.txt", "\n\n".join(p + " \t" for p in base).replace("\n\n", "\n  \t\n"))
write("blank_runs.txt", "\n\n\n\n".join(HEADER) + "\n\n\n\n\n" + "\n\n\n".join([T1, A1, T2, A2]))
write("wrapped.txt", digest(HEADER + ["Alpha: A Test\n  Title", "We study alpha.\nIt works well\non beta (see https://example.org/a).", T2, A2]))
write("no_header.txt", digest([T1, A1, T2, A2]))
write("final_newline.txt", digest(base) + "\n")
write("no_final_newline.txt", digest(base))
write("no_abstract.txt", digest(HEADER + [T1, "Lonely Title Without Abstract", T2, A2, "Last Title Alone"]))
write("invalid_utf8.txt", digest(HEADER + [T1]).encode() + b"\n\nWe study \xff alpha \xc3(broken).\n\nBeta \xe2\x82 Models\n\n" + A2.encode())
write("nul.txt", digest(HEADER + [T1]).encode() + b"\n\nWe study\x00 alpha.\n\n" + digest([T2, A2]).encode())
write("empty.txt", b"")
write("binary.txt", bytes(range(256)) * 8)
write("dup.txt", digest(HEADER + [T1, A1, T2, A2, "alpha:  a TEST title", A1]))

# The same paper spelled in NFC, NFD and full-width letters, in two digests.
import unicodedata
os.makedirs("../unicode", exist_ok=True)
CAFE = "Café Models: Ｆａｓｔ Résumé Parsing"
write("../unicode/2025-03-17.txt", digest(HEADER + [unicodedata.normalize("NFC", CAFE), A1]))
write("../unicode/2025-03-18.txt", digest(HEADER[:4] + ["Mar 18", unicodedata.normalize("NFD", CAFE), A1,
                                                       "cafe models fast resume parsing", A2]))
