#!/usr/bin/python3
"""similar_to / score of `digests` from Python: the index follows changed
files, two connections agree, LIMIT k is the first k of the full order for
every sample abstract, and sqlite3_interrupt() stops an index build. The
created tables here keep their index in shadow tables (of :memory:), which
a change updates in place: it counts as a new save (the generation in
papers_config changes), not as a build."""
import os
import shutil
import sqlite3
import sys
import tempfile

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGESTS = os.path.join(ROOT, "tests", "data", "digests")


def check(name, got, want):
    print("ok " + name if got == want else "not ok %s: got %r, want %r" % (name, got, want))


def connect():
    c = sqlite3.connect(":memory:")
    c.enable_load_extension(True)
    c.load_extension(SO)
    return c


def builds(c):
    return c.execute("SELECT similarity_builds()").fetchone()[0]


def saves(c):
    """The generation of the saved index: changed by every save."""
    return c.execute("SELECT v FROM papers_config WHERE k = 'generation'").fetchone()[0]


TOP = "SELECT title, score FROM papers WHERE similar_to = ? LIMIT ?"
NEW_TITLE = "Zebra Finch Song Learning with Recurrent Quokka Networks"
NEW_ABSTRACT = ("We teach recurrent quokka networks the songs of zebra finches. "
                "The quokka networks learn finch songs from few recordings.")

def find(c, q):
    return c.execute(TOP, (q, 1)).fetchall()[0][0]


def changes(c, tmp, how):
    """Changes the directory's own mtime does not show, and new entries."""
    victim = os.path.join(tmp, sorted(os.listdir(tmp))[0])
    with open(victim, "a", encoding="utf-8") as f:
        f.write("\n\nQuokka Choirs\n\nQuokka choirs sing in recurrent canons of marsupials.\n")
    check("%s: an appended paper is found" % how, find(c, "quokka choirs"), "Quokka Choirs")
    old = os.stat(victim).st_mtime_ns - 10**10
    os.utime(victim, ns=(old, old))
    b, g = builds(c), saves(c)
    c.execute(TOP, ("quantization", 1)).fetchall()
    check("%s: an mtime set back is picked up, read again, not built" % how,
          (saves(c) != g, builds(c) - b), (True, 0))
    data = open(victim, "rb").read()
    dir_mtime = os.stat(tmp).st_mtime_ns
    with open(victim, "r+b") as f:     # same size, in place
        f.seek(data.rindex(b"Quokka choirs sing"))
        f.write(b"Wombat")
    check("%s: the rewrite kept the size and the folder mtime" % how,
          (os.path.getsize(victim), os.stat(tmp).st_mtime_ns), (len(data), dir_mtime))
    check("%s: a file rewritten in place is picked up" % how,
          c.execute(TOP, ("wombat choirs sing", 1)).fetchall()[0][0], "Quokka Choirs")
    check("%s: and never built" % how, builds(c) - b, 0)
    with open(os.path.join(tmp, "zz_new.txt"), "w", encoding="utf-8") as f:
        f.write("Platypus Echoes\n\nPlatypus echoes locate shrimp in muddy creeks.\n")
    check("%s: a new file is found" % how, find(c, "platypus echoes"), "Platypus Echoes")
    with tempfile.TemporaryDirectory() as other:
        src = os.path.join(other, "zz_moved.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write("Echidna Tunnels\n\nEchidna tunnels cross termite mounds at night.\n")
        os.rename(src, os.path.join(tmp, "zz_moved.txt"))
    check("%s: a file moved in is found" % how, find(c, "echidna tunnels"), "Echidna Tunnels")
    b, g = builds(c), saves(c)
    c.execute(TOP, ("quantization", 1)).fetchall()
    check("%s: no build and no save without a change" % how, (builds(c) - b, saves(c) == g), (0, True))


with tempfile.TemporaryDirectory() as tmp:
    for f in sorted(os.listdir(DIGESTS)):
        shutil.copy(os.path.join(DIGESTS, f), tmp)
    c = connect()
    c.execute("CREATE VIRTUAL TABLE papers USING digests(path=%s)" % ("'" + tmp + "'"))
    b0 = builds(c)
    before = c.execute(TOP, ("zebra finch quokka", 1)).fetchall()
    check("before the change the new paper is not found", before[0][1], 0.0)
    c.execute(TOP, ("quantization", 3)).fetchall()
    check("a second query does not build again", builds(c) - b0, 1)

    # append a paper to one digest: size and mtime change
    target = os.path.join(tmp, sorted(os.listdir(tmp))[2])
    with open(target, "a", encoding="utf-8") as f:
        f.write("\n\n%s\n\n%s\n" % (NEW_TITLE, NEW_ABSTRACT))
    after = c.execute(TOP, ("zebra finch quokka", 1)).fetchall()
    check("an appended paper is found after the change", after[0][0], NEW_TITLE)
    check("the saved index was updated, not built again", builds(c) - b0, 1)
    g = saves(c)
    self_q = c.execute(TOP, (NEW_ABSTRACT, 1)).fetchall()
    check("the new abstract finds itself at 1.0", (self_q[0][0], abs(self_q[0][1] - 1.0) < 1e-9),
          (NEW_TITLE, True))
    check("no save without a change", (builds(c) - b0, saves(c) == g), (1, True))

    # only the mtime changes
    st = os.stat(target)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    c.execute(TOP, ("quantization", 3)).fetchall()
    check("a touched file (mtime only) is read again", (builds(c) - b0, saves(c) != g), (1, True))

    # a file removed
    os.remove(target)
    gone = c.execute("SELECT count(*) FROM papers WHERE similar_to = ? AND title = ?",
                     (NEW_ABSTRACT, NEW_TITLE)).fetchone()[0]
    check("a removed file is left out", (gone, builds(c) - b0), (0, 1))
    changes(c, tmp, "directory")
    c.close()

with tempfile.TemporaryDirectory() as tmp:
    # the same through a glob (no directory watch: listed every time)
    for f in sorted(os.listdir(DIGESTS)):
        shutil.copy(os.path.join(DIGESTS, f), tmp)
    c = connect()
    c.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % os.path.join(tmp, "*.txt"))
    changes(c, tmp, "glob")
    c.close()

with tempfile.TemporaryDirectory() as top:
    # the watched folder replaced by another one under the same path
    tmp = os.path.join(top, "d")
    os.mkdir(tmp)
    for f in sorted(os.listdir(DIGESTS)):
        shutil.copy(os.path.join(DIGESTS, f), tmp)
    c = connect()
    c.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % tmp)
    c.execute(TOP, ("quantization", 1)).fetchall()
    os.rename(tmp, os.path.join(top, "old"))
    os.mkdir(tmp)
    with open(os.path.join(tmp, "only.txt"), "w", encoding="utf-8") as f:
        f.write("Wallaby Drums\n\nWallaby drums keep time for marsupial bands.\n")
    check("a folder replaced under the same path is read again",
          c.execute("SELECT count(*), max(title) FROM papers WHERE similar_to = 'wallaby'").fetchone(),
          (1, "Wallaby Drums"))
    c.close()

with tempfile.TemporaryDirectory() as tmp:
    # a hit is read back after a seek, a few KB at first: an abstract of
    # 30,000 bytes must still come back whole, and so must the next entry
    long_abstract = " ".join("Numbat%d termites forage under eucalyptus bark." % i for i in range(620))
    with open(os.path.join(tmp, "long.txt"), "w", encoding="utf-8") as f:
        f.write("Long Numbat Study\n\n%s\n\nShort Bilby Note\n\nBilby burrows stay cool in desert heat.\n"
                % long_abstract)
    c = connect()
    c.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % tmp)
    rows = c.execute("SELECT title, length(abstract), abstract = ? FROM papers WHERE similar_to = ?",
                     (long_abstract, "numbat termites eucalyptus")).fetchall()
    check("a 30 KB abstract comes back whole from a similar_to hit, and the entry after it",
          [r[:3] for r in rows],
          [("Long Numbat Study", len(long_abstract), 1), ("Short Bilby Note", 39, 0)])
    c.close()

# two connections, both forms
c1, c2 = connect(), connect()
c1.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % DIGESTS)
c2.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % DIGESTS)
q = "efficient attention for long context language models"
r1 = c1.execute(TOP, (q, 10)).fetchall()
r2 = c2.execute(TOP, (q, 10)).fetchall()
r3 = c2.execute("SELECT title, score FROM digests(?) WHERE similar_to = ? LIMIT 10",
                (DIGESTS, q)).fetchall()
check("two connections give the same top 10", r1, r2)
check("the table-valued form gives the same top 10", r1, r3)
check("the top 10 has 10 rows, best first", (len(r1), r1 == sorted(r1, key=lambda r: -r[1])),
      (10, True))

# LIMIT k is the first k rows of the full order, for every abstract
abstracts = [r[0] for r in c1.execute(
    "SELECT abstract FROM papers WHERE abstract IS NOT NULL GROUP BY paper_id")]
bad = 0
for a in abstracts:
    full = c1.execute("SELECT rowid, score FROM papers WHERE similar_to = ?", (a,)).fetchall()
    for k in (1, 10):
        top = c1.execute("SELECT rowid, score FROM papers WHERE similar_to = ? LIMIT ?",
                         (a, k)).fetchall()
        bad += top != full[:k]
check("LIMIT 1 and 10 agree with the full order for all %d abstracts" % len(abstracts), bad, 0)
c1.close()
c2.close()

# an interrupt during the build stops it; the next query builds
c = connect()
def query_text():
    c.interrupt()          # sets the flag just before xFilter builds the index
    return "quantization"
c.create_function("query_text", 0, query_text)
b0 = builds(c)
try:
    c.execute("SELECT count(*) FROM digests(?) WHERE similar_to = query_text()",
              (DIGESTS,)).fetchall()
    got = "finished"
except sqlite3.OperationalError as e:
    got = str(e)
check("sqlite3_interrupt stops an index build",
      (got, builds(c) - b0), ("digests: similar_to: interrupted while building the index", 0))
check("the next query builds and answers",
      (c.execute("SELECT count(*) FROM digests(?) WHERE similar_to = 'quantization'",
                 (DIGESTS,)).fetchone()[0], builds(c) - b0), (381, 1))
c.close()
