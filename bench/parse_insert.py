#!/usr/bin/python3
"""The peer of the scan benchmark: what people do without the extension.
Parses every digest file of a folder in Python (paragraphs split on blank
lines, header skipped, titles and abstracts paired), inserts the entries into
an SQLite table, and asks the same question: sum(length(abstract)).

    /usr/bin/python3 bench/parse_insert.py FOLDER
"""
import os
import re
import sqlite3
import sys

HEADER = {"new", "Get trending papers in your email inbox!", "Subscribe",
          "byAK and the research community"}
LABEL = re.compile(r"^[A-Z][a-z]{2} \d{1,2}$")
BLANK = re.compile(r"\n[ \t]*\n")


def entries(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    paras = [" ".join(l.strip() for l in p.split("\n")) for p in BLANK.split(text) if p.strip()]
    i = 0
    while i < len(paras) and (paras[i] in HEADER or LABEL.match(paras[i])):
        i += 1
    body = paras[i:]
    for j in range(0, len(body), 2):
        yield os.path.basename(path), body[j], body[j + 1] if j + 1 < len(body) else None


def main():
    folder = sys.argv[1]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE papers(digest TEXT, title TEXT, abstract TEXT)")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            db.executemany("INSERT INTO papers VALUES (?, ?, ?)", entries(os.path.join(folder, name)))
    print(db.execute("SELECT sum(length(abstract)) FROM papers").fetchone()[0])


if __name__ == "__main__":
    main()
