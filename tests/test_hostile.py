#!/usr/bin/python3
"""Hostile and unlucky files, and hostile database files (SECURITY.md).

What a digests folder can hold besides digests (FIFOs, unreadable files,
folders that cannot be entered, a file that vanishes or changes during a
scan, a 2 GB sparse tail, 20,000 files, nothing at all), and what a database
file from elsewhere can define (a stored digests table, a huge taxonomy
phrase). Queries that could hang run in a child process with a timeout, so
a hang is a failure, not a stuck test run. Permission cases run the sqlite3
shell as user nobody when this runs as root (root reads every file).
"""
import os
import random
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIGESTS = os.path.join(ROOT, "tests", "data", "digests")
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 17\n\n"
ERR_PREFIX = re.compile(r"^(?:Parse error|Runtime error|Error)(?: near line \d+)?: ")
ENV = dict(os.environ)
if "PAPERS_CHILD_ASAN_OPTIONS" in ENV:      # see tests/run.py
    ENV["ASAN_OPTIONS"] = ENV["PAPERS_CHILD_ASAN_OPTIONS"]


def check(name, got, want):
    print("ok " + name if got == want else "not ok %s: got %r, want %r" % (name, got, want))


def connect(path=":memory:", entry=None):
    c = sqlite3.connect(path)
    c.enable_load_extension(True)
    if entry:
        c.execute("SELECT load_extension(?, ?)", (SO, entry))
    else:
        c.load_extension(SO)
    c.enable_load_extension(False)
    return c


def shell(sql, db=":memory:", as_nobody=False, timeout=120):
    """Run sql in the sqlite3 shell with the extension loaded: (stdout, stderr
    lines), or 'timed out'."""
    cmd = ["sqlite3", "-batch", db]
    if as_nobody:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    try:
        p = subprocess.run(cmd, input=".load %s\n%s\n" % (SO, sql), capture_output=True,
                           text=True, env=ENV, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "timed out"
    if p.returncode not in (0, 1) or "Sanitizer" in p.stderr or "runtime error" in p.stderr:
        return "exit %d: %s" % (p.returncode, p.stderr[-2000:])
    err = [ERR_PREFIX.sub("Error: ", l) for l in p.stderr.splitlines() if not l.startswith("  ")]
    return p.stdout.splitlines() + err


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def digest(*entries):
    return HEADER + "\n\n".join("%s\n\n%s" % e for e in entries)


def q(s):
    return "'" + s.replace("'", "''") + "'"


tmp = tempfile.mkdtemp()
os.chmod(tmp, 0o755)
try:
    # ------------------------------------------------------------ FIFOs
    d = os.path.join(tmp, "fifo")
    os.mkdir(d)
    fifo = os.path.join(d, "pipe.txt")
    os.mkfifo(fifo)
    write(os.path.join(d, "a.txt"), digest(("Paper A", "Abstract a."), ("Paper B", "Abstract b.")))
    check("a FIFO named as the path is an error, not a hang",
          shell("SELECT count(*) FROM digests(%s);" % q(fifo)),
          ["Error: digests: cannot read '%s': not a regular file or a folder" % fifo])
    check("a stored table whose path is a FIFO is an error, not a hang",
          shell("CREATE VIRTUAL TABLE p USING digests(path=%s); SELECT count(*) FROM p;" % q(fifo)),
          ["Error: digests: cannot read '%s': not a regular file or a folder" % fifo])
    check("digest_problems of a FIFO is an error, not a hang",
          shell("SELECT count(*) FROM digest_problems(%s);" % q(fifo)),
          ["Error: digest_problems: cannot read '%s': not a regular file or a folder" % fifo])
    check("a FIFO inside a folder is passed over",
          shell("SELECT count(*) FROM digests(%s); SELECT count(*) FROM digest_problems(%s);" % (q(d), q(d))),
          ["2", "0"])
    check("a FIFO among a glob's matches is passed over",
          shell("SELECT count(*) FROM digests(%s);" % q(os.path.join(d, "*.txt"))), ["2"])
    # A file replaced by a FIFO after the listing, before it is opened.
    d2 = os.path.join(tmp, "swap")
    os.mkdir(d2)
    write(os.path.join(d2, "a.txt"), digest(("Paper A", "Abstract a."), ("Paper B", "Abstract b.")))
    write(os.path.join(d2, "b.txt"), digest(("Paper C", "Abstract c.")))
    write(os.path.join(d2, "a.txt"), digest(*[("Paper A", "Abstract a.")] * 3))
    child = r'''
import os, sqlite3, sys
c = sqlite3.connect(":memory:"); c.enable_load_extension(True); c.load_extension(sys.argv[1])
d = sys.argv[2]
for sql in ("SELECT title FROM digests(?)", "SELECT digest, line, problem FROM digest_problems(?)"):
    cur = c.execute(sql, (d,))
    first = cur.fetchone()             # a.txt is open: b.txt comes next
    os.unlink(os.path.join(d, "b.txt")); os.mkfifo(os.path.join(d, "b.txt"))
    print([first] + cur.fetchall())
    os.unlink(os.path.join(d, "b.txt"))
    with open(os.path.join(d, "b.txt"), "w") as f: f.write("x")
'''
    try:
        p = subprocess.run(["/usr/bin/python3", "-c", child, SO, d2], capture_output=True, text=True,
                           env=ENV, timeout=60)
        got = p.stdout.splitlines()
    except subprocess.TimeoutExpired:
        got = "timed out"
    check("a file replaced by a FIFO between listing and reading is passed over, no hang",
          got, ["[('Paper A',), ('Paper A',), ('Paper A',)]",
                "[('a.txt', 15, 'same paper as entry 1 (line 11)'), ('a.txt', 19, 'same paper as entry 1 (line 11)'),"
                " ('b.txt', None, \"cannot read '%s': not a regular file\")]" % os.path.join(d2, "b.txt")])

    # ------------------------------------------------- empty and folder-only
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    check("an empty folder: no entry, no problem, no pair, no similar paper, no error",
          shell("SELECT count(*) FROM digests(%s); SELECT count(*) FROM digest_problems(%s);"
                " SELECT count(*) FROM paper_duplicates(%s);"
                " SELECT count(*) FROM digests(%s) WHERE similar_to = 'kv cache';"
                " SELECT count(*) FROM digests(%s, NULL, 1, 1);" % ((q(empty),) * 5)),
          ["0", "0", "0", "0", "0"])
    os.mkdir(os.path.join(empty, "only.txt"))
    glob_dirs = os.path.join(empty, "*.txt")
    check("a glob that matches only folders says no file matches",
          shell("SELECT count(*) FROM digests(%s);" % q(glob_dirs)),
          ["Error: digests: no file matches '%s'" % glob_dirs])
    check("paper_duplicates over a glob of folders says no file matches",
          shell("SELECT count(*) FROM paper_duplicates(%s);" % q(glob_dirs)),
          ["Error: paper_duplicates: no file matches '%s'" % glob_dirs])

    # ------------------------------------------------------- unreadable
    perm = os.path.join(tmp, "perm")
    os.mkdir(perm)
    write(os.path.join(perm, "a.txt"), digest(("Paper A", "Abstract a."), ("Paper B", "Abstract b.")))
    write(os.path.join(perm, "b.txt"), digest(("Paper C", "Abstract c.")))
    os.chmod(os.path.join(perm, "b.txt"), 0)
    shut = os.path.join(tmp, "shut")               # listable, not enterable
    os.mkdir(shut)
    write(os.path.join(shut, "a.txt"), digest(("Paper A", "Abstract a.")))
    write(os.path.join(shut, "notes.md"), "not a digest")
    os.chmod(shut, 0o744 & ~0o111 | 0o4)
    tree = os.path.join(tmp, "tree")               # a sub-folder that cannot be opened
    os.makedirs(os.path.join(tree, "sub"))
    write(os.path.join(tree, "top.txt"), digest(("Paper T", "Abstract t.")))
    write(os.path.join(tree, "sub", "deep.txt"), digest(("Paper D", "Abstract d.")))
    os.chmod(os.path.join(tree, "sub"), 0o311)
    as_nobody = os.geteuid() == 0
    usable = os.access(SO + ".so", os.R_OK)
    if as_nobody:
        r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            "test", "-r", SO + ".so"], env=ENV)
        usable = r.returncode == 0
    if not usable:
        print("skip unreadable files: the extension cannot be read as user nobody")
    else:
        check("an unreadable file: the other files' entries come back, the problem is listed",
              shell("SELECT count(*) FROM digests(%s); SELECT digest, line, problem FROM digest_problems(%s);"
                    % (q(perm), q(perm)), as_nobody=as_nobody),
              ["2", "b.txt||cannot open '%s/b.txt': Permission denied" % perm])
        check("an unreadable file is the error of a strict query",
              shell("SELECT count(*) FROM digests(%s, NULL, 0, 1);" % q(perm), as_nobody=as_nobody),
              ["Error: digests: b.txt: cannot open '%s/b.txt': Permission denied" % perm])
        check("similar_to passes an unreadable file over, as digests does",
              shell("SELECT title FROM digests(%s) WHERE similar_to = 'abstract b' LIMIT 1;" % q(perm),
                    as_nobody=as_nobody),
              ["Paper B"])
        check("a folder that can be listed but not entered: no entry lost in silence",
              shell("SELECT count(*) FROM digests(%s); SELECT digest, line, problem FROM digest_problems(%s);"
                    % (q(shut), q(shut)), as_nobody=as_nobody),
              ["0", "a.txt||cannot read: Permission denied"])
        check("a folder that cannot be entered is the error of a strict query",
              shell("SELECT count(*) FROM digests(%s, NULL, 0, 1);" % q(shut), as_nobody=as_nobody),
              ["Error: digests: a.txt: cannot read: Permission denied"])
        check("a sub-folder that cannot be opened is a problem of a recursive scan",
              shell("SELECT count(*) FROM digests(%s, NULL, 1); SELECT digest, line, problem FROM digest_problems(%s, 1);"
                    % (q(tree), q(tree)), as_nobody=as_nobody),
              ["1", "sub||cannot open folder: Permission denied"])
    os.chmod(shut, 0o755)
    os.chmod(os.path.join(tree, "sub"), 0o755)

    # ------------------------------------- a file that vanishes mid-query
    gone = os.path.join(tmp, "gone")
    os.mkdir(gone)
    # Python fetches a row ahead: three entries keep the cursor in a.txt
    write(os.path.join(gone, "a.txt"), digest(*[("Paper A", "Abstract a.")] * 3))
    write(os.path.join(gone, "b.txt"), digest(("Paper C", "Abstract c.")))
    c = connect()
    for sql, want, name in (
            ("SELECT title FROM digests(?)", [("Paper A",)] * 3,
             "a file deleted between listing and reading: the other entries come back"),
            ("SELECT digest, line, problem FROM digest_problems(?)",
             [("a.txt", 15, "same paper as entry 1 (line 11)"), ("a.txt", 19, "same paper as entry 1 (line 11)"),
              ("b.txt", None, "cannot open '%s/b.txt': No such file or directory" % gone)],
             "digest_problems lists a file deleted between listing and reading")):
        cur = c.execute(sql, (gone,))
        first = cur.fetchone()
        os.unlink(os.path.join(gone, "b.txt"))
        try:
            got = [first] + cur.fetchall()
        except sqlite3.Error as e:
            got = str(e)
        check(name, got, want)
        write(os.path.join(gone, "b.txt"), digest(("Paper C", "Abstract c.")))
    cur = c.execute("SELECT title FROM digests(?, NULL, 0, 1)", (gone,))
    os.unlink(os.path.join(gone, "b.txt"))
    try:
        got = cur.fetchall()
    except sqlite3.Error as e:
        got = str(e)
    check("a file deleted between listing and reading is the error of a strict query",
          got, "digests: a.txt line 15: same paper as entry 1 (line 11)")

    # ----------------------------------------------- a 2 GB sparse tail
    sparse = os.path.join(tmp, "sparse.txt")
    # more than the 4 KB that the binary sniff reads: a real digest's first entries
    long_a = "Abstract a. " + "We study the compression of key value caches in detail. " * 100
    with open(sparse, "wb") as f:
        f.write(digest(("Paper A", long_a), ("Paper B", "Abstract b.")).encode())
        f.seek(2 * 1024 * 1024 * 1024)
        f.write(b"\n\nPaper C\n\nAbstract c.")
    check("a 2 GB run of NUL bytes: the entries before and after it come back, the paragraph cut at 1 MiB",
          c.execute("SELECT position, title, length(abstract), substr(abstract, 1, 11) FROM digests(?)",
                    (sparse,)).fetchall(),
          [(1, "Paper A", len(long_a.strip()), "Abstract a."), (2, "Paper B", 1048576, "Abstract b."),
           (3, "Paper C", 11, "Abstract c.")])
    check("the cut and the NUL bytes are problems of that paragraph, named with its line",
          c.execute("SELECT line, problem FROM digest_problems(?)", (sparse,)).fetchall(),
          [(17, "paragraph longer than 1048576 bytes: cut to its first 1048576"),
           (17, "NUL byte replaced by U+FFFD")])

    # --------------------------------- a same-size rewrite within one tick
    w = os.path.join(tmp, "watched")
    os.mkdir(w)
    texts = ["Abstract about zebra finches and their songs.",
             "Abstract about quokka herding and its songs.."]
    assert len(texts[0]) == len(texts[1])
    path = os.path.join(w, "a.txt")
    write(path, digest(("Paper Z", texts[0]), ("Paper Other", "Nothing related at all here.")))
    st = os.stat(path)
    stale = 0
    for i in range(40):
        # round i holds texts[i % 2]: "zebra" is in the corpus in even rounds only
        score = c.execute("SELECT score FROM digests(?) WHERE similar_to = 'zebra' LIMIT 1", (w,)).fetchone()[0]
        stale += (score > 0) != (i % 2 == 0)
        # same size, same mtime: only the watch can tell
        with open(path, "r+") as f:
            f.write(digest(("Paper Z", texts[(i + 1) % 2]), ("Paper Other", "Nothing related at all here.")))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    check("a file rewritten in place with the same size and mtime is read again (the watch saw the write)",
          stale, 0)

    # ------------------------------------------------------- 20,000 files
    many = os.path.join(tmp, "many")
    os.mkdir(many)
    rnd = random.Random(20000)
    words = ["w%d" % i for i in range(5000)]
    abstracts = []
    for i in range(20000):
        abstracts.append("Abstract of topic%d: %s." % (i, " ".join(rnd.choice(words) for _ in range(12))))
        write(os.path.join(many, "%05d.txt" % i), digest(("Paper %d" % i, abstracts[i])))
    write(os.path.join(many, "20000.txt"), digest(("Copy Paper", abstracts[7])))
    check("20,000 files: every entry, no problem",
          c.execute("SELECT count(*), count(DISTINCT digest) FROM digests(?)", (many,)).fetchone()
          + c.execute("SELECT count(*) FROM digest_problems(?)", (many,)).fetchone(),
          (20001, 20001, 0))
    check("20,000 files: similar_to finds the one paper of a rare word",
          c.execute("SELECT title FROM digests(?) WHERE similar_to = 'topic12345' LIMIT 1", (many,)).fetchall(),
          [("Paper 12345",)])
    check("20,000 files: paper_duplicates finds the one copy",
          c.execute("SELECT min(title_a, title_b), max(title_a, title_b), similarity FROM paper_duplicates(?)",
                    (many,)).fetchall(),
          [("Copy Paper", "Paper 7", 1.0)])
    shutil.rmtree(many)

    # ------------------------------ digest_problems while a file changes
    ch = os.path.join(tmp, "changing")
    os.mkdir(ch)
    write(os.path.join(ch, "a.txt"), digest(*[("Paper A", "Abstract a.")] * 3))
    write(os.path.join(ch, "b.txt"), digest(("Paper B", "Abstract b."), ("Paper B", "Abstract b.")))
    cur = c.execute("SELECT digest, line, problem FROM digest_problems(?)", (ch,))
    first = cur.fetchone()
    write(os.path.join(ch, "b.txt"), digest(("Paper B", "Abstract b.")))
    check("digest_problems reads each file when it gets to it: a file fixed meanwhile has no problem",
          [first] + cur.fetchall(), [("a.txt", 15, "same paper as entry 1 (line 11)"),
                                     ("a.txt", 19, "same paper as entry 1 (line 11)")])

    # ---------------------------- paper_duplicates while a file is rewritten
    dup = os.path.join(tmp, "dups")
    os.mkdir(dup)
    pair = digest(("Original", "We compress the key value cache of language models by merging similar tokens across layers."),
                  ("Copy", "We compress the key value cache of language models by merging similar tokens across layers."))
    write(os.path.join(dup, "a.txt"), pair)
    write(os.path.join(dup, "b.txt"), digest(("Other", "A different abstract about robots.")))
    stop = threading.Event()

    def churn():
        n = 0
        while not stop.is_set():
            write(os.path.join(dup, "b.txt"), digest(("Other %d" % n, "A different abstract about robots %d." % n)))
            n += 1
    th = threading.Thread(target=churn)
    th.start()
    seen = set()
    try:
        for i in range(30):
            for row in c.execute("SELECT title_a, title_b FROM paper_duplicates(?)", (dup,)):
                seen.add(tuple(sorted(row)))
    finally:
        stop.set()
        th.join()
    check("paper_duplicates while another file is rewritten: the pair, nothing else, no crash",
          seen, {("Copy", "Original")})

    # --------------------------------------- duplicates in large groups
    grp = os.path.join(tmp, "group.txt")
    same = "A shared abstract that three thousand entries carry word for word, under titles of their own."
    write(grp, HEADER + "\n\n".join("Title number %d\n\n%s" % (i, same) for i in range(3000)))
    rows = c.execute("SELECT title_a, title_b, similarity FROM paper_duplicates(?)", (grp,)).fetchall()
    check("3,000 identical abstracts: one group, its first paper paired with each other member",
          (len(rows), all(r[2] == 1.0 for r in rows),
           len({r[0] for r in rows} & {r[1] for r in rows} & {"Title number 0"})),
          (2999, True, 1))
    # ------------------------------------ a database file from elsewhere
    db = os.path.join(tmp, "elsewhere.db")
    maker = connect(db)
    maker.execute("CREATE VIRTUAL TABLE p USING digests(path=%s)" % q(DIGESTS))
    maker.execute("CREATE VIRTUAL TABLE probs USING digest_problems(path=%s)" % q(DIGESTS))
    maker.commit()
    maker.close()
    refusal = ("digests: table main.p was defined by the database file, not created in this connection,"
               " and trusted_schema is off, so it reads no files; if this database is trusted,"
               " run PRAGMA trusted_schema=1 first")

    def outcome(conn, sql):
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.Error as e:
            return str(e)
    host = connect(db)
    host.execute("PRAGMA trusted_schema=0")
    check("trusted_schema off: a stored digests table reads no files, and says why",
          outcome(host, "SELECT count(*) FROM p"), refusal)
    check("trusted_schema off: a stored digest_problems table reads no files either",
          outcome(host, "SELECT count(*) FROM probs"), refusal.replace("digests: table main.p", "digest_problems: table main.probs"))
    check("trusted_schema off: CREATE ... IF NOT EXISTS over the stored table does not make it the host's",
          (outcome(host, "CREATE VIRTUAL TABLE IF NOT EXISTS p USING digests(path='tests/data/digests')"),
           outcome(host, "SELECT count(*) FROM p")), ([], refusal))
    check("trusted_schema off: a table this connection creates reads its files",
          outcome(host, "CREATE VIRTUAL TABLE mine USING digests(path=%s)" % q(DIGESTS))
          + outcome(host, "SELECT count(*) FROM mine"), [(468,)])
    check("trusted_schema off: ... and goes on reading them after the schema is read again",
          outcome(host, "CREATE TABLE t(x)") + outcome(host, "DROP TABLE t")
          + outcome(host, "SELECT count(*) FROM mine"), [(468,)])
    host.execute("PRAGMA trusted_schema=1")
    check("trusted_schema on: the stored table reads its files when queried directly",
          outcome(host, "SELECT count(*) FROM p"), [(468,)])
    host.execute("PRAGMA trusted_schema=0")
    check("a refused stored table can still be dropped",
          (outcome(host, "DROP TABLE p"), outcome(host, "SELECT count(*) FROM sqlite_schema WHERE name='p'")),
          ([], [(0,)]))
    host.commit()
    host.close()
    again = connect(db)
    again.execute("PRAGMA trusted_schema=0")
    check("a table created by an earlier connection is the database's in the next one",
          outcome(again, "SELECT count(*) FROM mine"), refusal.replace("main.p ", "main.mine "))
    again.close()
    nofs = connect(db, "sqlite3_papers_nofs_init")
    check("the nofs entry point has no digests module at all",
          outcome(nofs, "SELECT count(*) FROM mine"), "no such module: digests")
    nofs.close()

    # --------------------------------------- a huge taxonomy phrase
    hx = os.path.join(tmp, "hx.db")
    maker = sqlite3.connect(hx)
    maker.execute("CREATE TABLE hx(tag, phrase)")
    maker.execute("INSERT INTO hx VALUES ('x', ?)", ("a b " * 400000,))
    maker.commit()
    maker.close()
    check("a taxonomy phrase of 800,000 repeated words builds in linear time (was quadratic: hours)",
          shell("SELECT tags('a b a b', 'hx'), tags('%s', 'hx');" % ("a b " * 400000), db=hx, timeout=300),
          ["[]|[\"x\"]"])
    check("a progress handler stops tags() on a huge taxonomy",
          shell(".progress 1000 --limit 5\nSELECT tags('a b', 'hx');", db=hx, timeout=300)[-1:],
          ["Error: tags: taxonomy 'hx': interrupted (9)"])
finally:
    for dirpath, dirnames, filenames in os.walk(tmp):
        for n in dirnames:
            os.chmod(os.path.join(dirpath, n), 0o755)
    shutil.rmtree(tmp)
