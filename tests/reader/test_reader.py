#!/usr/bin/python3
"""The digests table from a real client: Debian's python3 sqlite3 module.

Loads the extension with enable_load_extension/load_extension, the way a
user's program does, and checks what needs files made at run time: a 20 MB
abstract, SQLITE_LIMIT_LENGTH, and files truncated or deleted mid-query.
"""
import os
import sqlite3
import sys
import tempfile

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 17\n\n"


def check(name, got, want):
    if got == want:
        print("ok", name)
    else:
        print("not ok %s: got %r, want %r" % (name, got, want))


def connect():
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(SO)
    conn.enable_load_extension(False)
    return conn


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


conn = connect()
check("python client counts the sample digests",
      conn.execute("SELECT count(*), count(DISTINCT paper_id) FROM digests('tests/data/digests')").fetchone(),
      (468, 381))
check("python client binds the path as a parameter",
      conn.execute("SELECT count(*) FROM digests(?) WHERE digest = ?",
                   ("tests/data/digests", "004_facf3843ccacead3.txt")).fetchone(), (66,))
check("python client gets links as JSON it can parse",
      conn.execute("SELECT json_extract(links, '$[0]') FROM digests('tests/data/digests') LIMIT 1").fetchone(),
      ("https://github.com/kpandey008/DiffuseVAE",))

with tempfile.TemporaryDirectory() as tmp:
    # A 20 MB abstract between two ordinary entries, wrapped over lines of 80 bytes:
    # a paragraph is kept up to 1 MiB (PARA_MAX in ext/reader/reader.c), the rest skipped unread.
    big = os.path.join(tmp, "big.txt")
    line = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor x." + "\n")
    nlines = 20 * 1024 * 1024 // 80
    with open(big, "w") as f:
        f.write(HEADER + "First Paper\n\nA short abstract.\n\nHuge Paper\n\n")
        f.write(line * nlines)
        f.write("\nLast Paper\n\nThe end.")
    rows = conn.execute("SELECT position, title, length(abstract), substr(abstract, -20) FROM digests(?)",
                        (big,)).fetchall()
    check("a 20 MB abstract is cut at 1 MiB (wrapped lines joined), the entries around it come back",
          rows, [(1, "First Paper", 17, "A short abstract."[-20:]),
                 (2, "Huge Paper", 1048576, ((line * 13200)[:1048576]).replace("\n", " ")[-20:]),
                 (3, "Last Paper", 8, "The end.")])
    check("the cut is a problem of the paragraph, named with its line",
          conn.execute("SELECT line, problem FROM digest_problems(?)", (big,)).fetchall(),
          [(17, "paragraph longer than 1048576 bytes: cut to its first 1048576")])
    check("count(*) over a 20 MB abstract",
          conn.execute("SELECT count(*) FROM digests(?)", (big,)).fetchone(), (3,))

    # SQLITE_LIMIT_LENGTH: too big is an error, never a truncated value.
    lim = connect()
    lim.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 1000000)
    try:
        lim.execute("SELECT length(abstract) FROM digests(?) WHERE position = 2", (big,)).fetchall()
        check("an abstract longer than SQLITE_LIMIT_LENGTH is an error", "no error", "string or blob too big")
    except sqlite3.DataError as e:
        check("an abstract longer than SQLITE_LIMIT_LENGTH is an error", str(e), "string or blob too big")
    except sqlite3.Error as e:
        check("an abstract longer than SQLITE_LIMIT_LENGTH is an error", str(e), "string or blob too big")
    lim.close()

    # A file truncated while a query reads it: the entries that were there.
    trunc = os.path.join(tmp, "trunc.txt")
    entries = "".join("Paper %d\n\nAbstract number %d is here.\n\n" % (i, i) + ("padding words. " * 2000) + "\n\n"
                      for i in range(50))
    write(trunc, HEADER + entries)
    cur = conn.execute("SELECT title FROM digests(?)", (trunc,))
    first = cur.fetchmany(2)
    with open(trunc, "r+") as f:
        f.truncate(len(HEADER) + 100)
    rest = cur.fetchall()
    check("a file truncated mid-query gives the entries that were there, no crash",
          (first[0][0], len(first) + len(rest) < 100), ("Paper 0", True))

    # A file deleted while a query reads it: the open file is read to its end.
    gone = os.path.join(tmp, "gone.txt")
    write(gone, HEADER + entries)
    cur = conn.execute("SELECT count(*) FROM digests(?) UNION ALL SELECT 0", (gone,))
    cur2 = conn.execute("SELECT title FROM digests(?)", (gone,))
    cur2.fetchone()
    os.unlink(gone)
    check("a file deleted mid-query is read to its end", 1 + len(cur2.fetchall()), 100)

    # A file truncated while a similar_to query reads its hits (the index was
    # built before): the hits still in the file, no crash; the next query
    # builds again over what is left.
    sd = os.path.join(tmp, "sim")
    os.mkdir(sd)
    one = lambda i: "Paper %d\n\nAbstract %d is about the quantization of models.\n\n" % (i, i)
    write(os.path.join(sd, "s.txt"), HEADER + "".join(one(i) for i in range(50)))
    cur = conn.execute("SELECT title FROM digests(?) WHERE similar_to = 'quantization'", (sd,))
    first = cur.fetchone()
    with open(os.path.join(sd, "s.txt"), "r+") as f:
        f.truncate(len((HEADER + one(0) + one(1)).encode()))
    rest = cur.fetchall()
    check("a file truncated under a similar_to query gives the hits still there, no crash",
          (first is not None, len(rest) <= 2), (True, True))
    check("the next similar_to query sees the truncated file",
          conn.execute("SELECT group_concat(title) FROM (SELECT title FROM digests(?) WHERE similar_to = 'quantization' ORDER BY title)",
                       (sd,)).fetchone()[0], "Paper 0,Paper 1")

    # A folder whose files change between two queries is listed again.
    d = os.path.join(tmp, "d")
    os.mkdir(d)
    write(os.path.join(d, "a.txt"), HEADER + "T1\n\nAbstract one.")
    n1 = conn.execute("SELECT count(*) FROM digests(?)", (d,)).fetchone()[0]
    write(os.path.join(d, "b.txt"), HEADER + "T2\n\nAbstract two.\n\nT3\n\nAbstract three.")
    n2 = conn.execute("SELECT count(*) FROM digests(?)", (d,)).fetchone()[0]
    check("files added between queries are seen", (n1, n2), (1, 3))
conn.close()
