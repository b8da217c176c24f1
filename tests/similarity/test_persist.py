#!/usr/bin/python3
"""The similarity index a created digests table keeps in its database
(ext/similarity/simstore.c), across processes, files and connections:

- files added, changed, removed and renamed between processes: a new
  process answers as an index built from scratch over the same files (top 10
  ids and scores to 1e-9), builds nothing, and reads only the files that
  changed (a file rewritten with its size, mtime and inode kept is not read
  again; 'rebuild' reads it);
- a paper whose first appearance goes moves to its next file;
- read-only (mode=ro), immutable=1, a transaction of the application's, and
  the write lock held elsewhere (rollback journal and WAL): correct answers
  from memory, nothing saved; the next query that can, saves;
- :memory: and an attached database file;
- two processes adding papers and querying the same database at once;
- a process killed with SIGKILL at random moments while it saves (60
  times): the next query answers correctly and 'integrity-check' passes;
- damage to each shadow table: an error that says so, or the right answer,
  never a crash or a wrong answer; 'rebuild' mends it;
- trusted_schema off: a stored table with a saved index reads nothing, nor
  does paper_duplicates over it;
- paper_duplicates over a created table: the answers of the path form, band
  hashes kept per document, only new documents read again.
"""
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIGESTS = os.path.join(ROOT, "tests", "data", "digests")
PY = "/usr/bin/python3"
QUERIES = ["quantization of large language models", "video diffusion", "kv cache compression",
           "speculative decoding for serving", "zzzz qqqq"]


def check(name, got, want):
    print("ok " + name if got == want else "not ok %s: got %r, want %r" % (name, got, want))


def connect(db, uri=False, timeout=5.0):
    c = sqlite3.connect(db, uri=uri, timeout=timeout, isolation_level=None)
    c.enable_load_extension(True)
    c.load_extension(SO)
    return c


TOP = "SELECT paper_id, digest, position, score FROM papers WHERE similar_to = ? LIMIT ?"
SCRATCH = "SELECT paper_id, digest, position, score FROM digests(?) WHERE similar_to = ? LIMIT ?"


def scratch(folder, q, k=10):
    c = connect(":memory:")
    r = c.execute(SCRATCH, (folder, q, k)).fetchall()
    c.close()
    return r


def same(a, b):
    return len(a) == len(b) and all(x[:3] == y[:3] and abs(x[3] - y[3]) <= 1e-9 for x, y in zip(a, b))


# A new process: loads the extension, runs the queries on the table, and
# prints the rows, the builds it made and the generation after.
CHILD = r"""
import json, sqlite3, sys
db, so, qs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
uri = db.startswith("file:")
c = sqlite3.connect(db, uri=uri, timeout=5.0, isolation_level=None)
c.enable_load_extension(True)
c.load_extension(so)
out = {"rows": [], "error": None}
try:
    for q in qs:
        out["rows"].append(c.execute("SELECT paper_id, digest, position, score FROM papers WHERE similar_to = ? LIMIT 10", (q,)).fetchall())
except sqlite3.Error as e:
    out["error"] = str(e)
out["builds"] = c.execute("SELECT similarity_builds()").fetchone()[0]
try:
    out["gen"] = c.execute("SELECT v FROM papers_config WHERE k = 'generation'").fetchone()
except sqlite3.Error:
    out["gen"] = None
print(json.dumps(out))
"""


def in_process(db, qs=QUERIES):
    p = subprocess.run([PY, "-c", CHILD, db, SO, json.dumps(qs)], capture_output=True, text=True,
                       timeout=300)
    if p.returncode != 0:
        return {"rows": [], "error": "exit %d: %s" % (p.returncode, p.stderr[-500:]), "builds": -1, "gen": None}
    out = json.loads(p.stdout)
    out["rows"] = [[tuple(r) for r in rows] for rows in out["rows"]]
    return out


def matches(out, folder, qs=QUERIES):
    if out["error"]:
        return out["error"]
    return all(same(rows, scratch(folder, q)) for rows, q in zip(out["rows"], qs))


def fresh_copy(tmp, name="d"):
    d = os.path.join(tmp, name)
    shutil.copytree(DIGESTS, d)
    return d


def create(db, folder, table="papers"):
    c = connect(db)
    c.execute("CREATE VIRTUAL TABLE %s USING digests(path='%s')" % (table, folder))
    c.execute("SELECT count(*) FROM (SELECT 1 FROM %s WHERE similar_to = 'x' LIMIT 1)" % table).fetchall()
    c.close()


def paragraphs(path):
    return [p.strip() for p in open(path, encoding="utf-8").read().split("\n\n") if p.strip()]


def sample_pairs():
    pairs = []
    for f in sorted(os.listdir(DIGESTS)):
        ps = paragraphs(os.path.join(DIGESTS, f))[5:]
        pairs += [(ps[i], ps[i + 1]) for i in range(0, len(ps) - 1, 2)]
    return pairs


def write_digest(path, pairs, header=True):
    head = ["new", "Get trending papers in your email inbox!", "Subscribe",
            "byAK and the research community", "Mar 19"] if header else []
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(head + [x for p in pairs for x in p]) + "\n")


def gen_of(db):
    c = sqlite3.connect(db)
    g = c.execute("SELECT v FROM papers_config WHERE k = 'generation'").fetchone()
    c.close()
    return g


POOL = sample_pairs()

# ---------------------------------------------------------------- changes
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    rng = random.Random(28)
    bad, builds = [], 0
    for step in range(24):
        files = sorted(os.listdir(d))
        op = ["add", "change", "remove", "rename", "touch", "add", "change"][step % 7]
        if op == "add" or len(files) < 2:
            ents = rng.sample(POOL, rng.randrange(1, 30))
            ents.append(("Quokka Paper %d" % step, "Quokka quantization of kv caches, step %d." % step))
            write_digest(os.path.join(d, "%03d_add%02d.txt" % (rng.randrange(0, 6), step)), ents)
        elif op == "change":
            f = os.path.join(d, rng.choice(files))
            ps = paragraphs(f)
            body = ps[5:] if ps and ps[0] == "new" else ps
            pairs = [(body[i], body[i + 1]) for i in range(0, len(body) - 1, 2)]
            rng.shuffle(pairs)
            pairs = pairs[:max(1, len(pairs) - rng.randrange(0, 8))] + rng.sample(POOL, 2)
            pairs[0] = (pairs[0][0], pairs[0][1] + " Speculative kv caches, step %d." % step)
            write_digest(f, pairs)
        elif op == "remove":
            os.remove(os.path.join(d, rng.choice(files)))
        elif op == "rename":
            f = rng.choice(files)
            os.rename(os.path.join(d, f), os.path.join(d, "%03d_r%02d_%s" % (rng.randrange(0, 6), step, f[4:])))
        else:
            f = os.path.join(d, rng.choice(files))
            st = os.stat(f)
            os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        out = in_process(db)
        if matches(out, d) is not True:
            bad.append((step, op, matches(out, d)))
        builds += out["builds"]
    check("24 steps of added, changed, removed, renamed and touched files: each new process"
          " answers as a build from scratch", bad, [])
    check("and none of them built the index", builds, 0)
    c = connect(db)
    c.execute("INSERT INTO papers(papers) VALUES('integrity-check')")
    check("integrity-check passes after the 24 steps", True, True)
    c.close()

with tempfile.TemporaryDirectory() as tmp:
    # only the changed files are read: a file rewritten with the same size,
    # mtime and inode (no watch between processes) keeps its saved terms
    d = fresh_copy(tmp)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    victim = os.path.join(d, "000_c0b2e69fb6ccf7e0.txt")
    st = os.stat(victim)
    data = open(victim, "rb").read()
    i = data.index(b" diffusion ")
    with open(victim, "r+b") as f:
        f.seek(i + 1)
        f.write(b"quokkanid")
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    write_digest(os.path.join(d, "005_new.txt"), [("Numbat Tunnels", "Numbat tunnels under wombat burrows.")])
    out = in_process(db, ["numbat tunnels", "quokkanid"])
    check("a new file is read by the next process", out["rows"][0][0][0:2] if out["rows"] else None,
          (scratch(d, "numbat tunnels")[0][0], "005_new.txt"))
    check("a file kept its size, mtime and inode is not read again (its old terms answer)",
          out["rows"][1][0][3] if out["rows"] else None, 0.0)
    c = connect(db)
    c.execute("INSERT INTO papers(papers) VALUES('rebuild')")
    c.close()
    out = in_process(db, ["quokkanid"])
    check("'rebuild' reads it", out["rows"][0][0][3] > 0 if out["rows"] else None, True)

with tempfile.TemporaryDirectory() as tmp:
    # a paper's first appearance goes: its next appearance becomes the document
    d = os.path.join(tmp, "d")
    os.mkdir(d)
    write_digest(os.path.join(d, "a.txt"), [("Echidna Spines", "Echidna spines deter dingoes at night."),
                                           ("Bilby Ears", "Bilby ears shed desert heat.")])
    write_digest(os.path.join(d, "b.txt"), [("Quoll Dens", "Quoll dens hide in rock piles."),
                                           ("echidna spines", "Spiny echidna quills, a second telling.")])
    db = os.path.join(tmp, "x.db")
    create(db, d)
    q = ["Spiny echidna quills, a second telling.", "echidna spines dingoes"]
    before = in_process(db, q)
    check("the first appearance is the document", before["rows"][0][0][1:3] if before["rows"] else None, ("a.txt", 1))
    os.remove(os.path.join(d, "a.txt"))
    after = in_process(db, q)
    check("with its file removed, the paper's next appearance is the document",
          (after["rows"][0][0][1:3], matches(after, d, q)), (("b.txt", 2), True))
    write_digest(os.path.join(d, "a.txt"), [("Echidna Spines", "Echidna spines deter dingoes at night.")])
    again = in_process(db, q)
    check("a file put back before it takes the paper back", (again["rows"][1][0][1:3], matches(again, d, q)),
          (("a.txt", 1), True))

# --------------------------------------------------- when it cannot save
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    g0 = gen_of(db)
    write_digest(os.path.join(d, "005_new.txt"), [("Numbat Tunnels", "Numbat tunnels under wombat burrows.")])
    for how, uri in (("mode=ro", "file:%s?mode=ro" % db), ("immutable=1", "file:%s?immutable=1" % db)):
        out = in_process(uri)
        check("%s: answers from memory, correctly" % how, matches(out, d), True)
        check("%s: nothing saved" % how, gen_of(db), g0)
    c = connect(db)
    c.execute("BEGIN")
    rows = [c.execute(TOP, (q, 10)).fetchall() for q in QUERIES]
    check("in the application's transaction: correct answers", all(same(r, scratch(d, q)) for r, q in zip(rows, QUERIES)), True)
    c.execute("COMMIT")
    check("in the application's transaction: nothing saved", gen_of(db), g0)
    c.close()
    for mode in ("delete", "wal"):
        m = sqlite3.connect(db, isolation_level=None)
        m.execute("PRAGMA journal_mode=%s" % mode)
        m.close()
        lock = sqlite3.connect(db, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        lock.execute("CREATE TABLE IF NOT EXISTS lock_%s(x)" % mode)
        c = connect(db, timeout=0.2)
        rows = [c.execute(TOP, (q, 10)).fetchall() for q in QUERIES]
        check("%s journal, the write lock held elsewhere: correct answers" % mode,
              all(same(r, scratch(d, q)) for r, q in zip(rows, QUERIES)), True)
        lock.execute("COMMIT")
        lock.close()
        if mode == "delete":
            check("delete journal, the write lock held elsewhere: nothing saved", gen_of(db), g0)
        rows = [c.execute(TOP, (q, 10)).fetchall() for q in QUERIES]
        check("%s journal: the next query saves" % mode,
              (gen_of(db) != g0, all(same(r, scratch(d, q)) for r, q in zip(rows, QUERIES))), (True, True))
        c.close()
        g0 = gen_of(db)
        write_digest(os.path.join(d, "006_%s.txt" % mode), [("Quoll %s" % mode, "Quolls in %s mode." % mode)])
    out = in_process(db)
    check("and a new process answers from what was saved", (matches(out, d), out["builds"]), (True, 0))

# ----------------------------------------------- :memory: and attached
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    m = connect(":memory:")
    m.execute("CREATE VIRTUAL TABLE papers USING digests(path='%s')" % d)
    rows = [m.execute(TOP, (q, 10)).fetchall() for q in QUERIES]
    check(":memory:: the saved index answers as a build", all(same(r, scratch(d, q)) for r, q in zip(rows, QUERIES)), True)
    aux = os.path.join(tmp, "aux.db")
    m.execute("ATTACH ? AS aux", (aux,))
    m.execute("CREATE VIRTUAL TABLE aux.papers USING digests(path='%s')" % d)
    m.execute("SELECT count(*) FROM (SELECT 1 FROM aux.papers WHERE similar_to = 'x' LIMIT 1)").fetchall()
    m.close()
    write_digest(os.path.join(d, "005_new.txt"), [("Numbat Tunnels", "Numbat tunnels under wombat burrows.")])
    out = in_process(aux)
    check("an attached database file keeps its table's index: a new process opening it answers,"
          " building nothing", (matches(out, d), out["builds"]), (True, 0))

# ------------------------------------------------- two processes at once
WORKER = r"""
import os, sqlite3, sys
db, so, d, tag = sys.argv[1:5]
bad = 0
for i in range(12):
    with open(os.path.join(d, "%s.txt" % tag), "a", encoding="utf-8") as f:
        f.write("\n\n%s Paper %d\n\nThe %s%d marsupials of %s dig burrows.\n" % (tag.title(), i, tag, i, tag))
    c = sqlite3.connect(db, timeout=10.0, isolation_level=None)
    c.enable_load_extension(True)
    c.load_extension(so)
    try:
        r = c.execute("SELECT title FROM papers WHERE similar_to = ? LIMIT 1", ("%s%d marsupials" % (tag, i),)).fetchall()
        bad += r != [("%s Paper %d" % (tag.title(), i),)]
    except sqlite3.Error as e:
        print("error", e); bad += 1
    c.close()
print(bad)
"""
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    ps = [subprocess.Popen([PY, "-c", WORKER, db, SO, d, tag], stdout=subprocess.PIPE, text=True)
          for tag in ("wombat", "numbat")]
    outs = [p.communicate(timeout=600)[0].strip() for p in ps]
    check("two processes adding papers and querying at once: each finds its new papers", outs, ["0", "0"])
    out = in_process(db)
    check("then a new process answers as a build", matches(out, d), True)
    c = connect(db)
    c.execute("INSERT INTO papers(papers) VALUES('integrity-check')")
    check("and integrity-check passes", True, True)
    c.close()

# ------------------------------------------------------------- SIGKILL
SAVER = r"""
import os, random, sqlite3, sys
db, so, d, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rng = random.Random(seed)
names = sorted(os.listdir(d))
i = 0
while True:
    for n in rng.sample(names, rng.choice([1, 2, 3])):
        with open(os.path.join(d, n), "a", encoding="utf-8") as f:
            f.write("\n\nKilled Paper %d %d\n\nKoala number %d naps in eucalyptus %d.\n" % (seed, i, i, seed))
        i += 1
    if rng.random() < 0.1:
        os.utime(os.path.join(d, rng.choice(names)))
    c = sqlite3.connect(db, timeout=5.0, isolation_level=None)
    c.enable_load_extension(True)
    c.load_extension(so)
    c.execute("SELECT title FROM papers WHERE similar_to = 'koala naps' LIMIT 3").fetchall()
    if rng.random() < 0.05:
        c.execute("INSERT INTO papers(papers) VALUES('merge')")
    c.close()
"""
with tempfile.TemporaryDirectory() as tmp:
    d = os.path.join(tmp, "d")
    os.mkdir(d)
    # 20 copies of the samples (about 7,600 papers), so that a save takes a while
    for k in range(20):
        for f in sorted(os.listdir(DIGESTS)):
            text = open(os.path.join(DIGESTS, f), encoding="utf-8").read()
            if k:
                text = text.replace("\n\n", "\n\n", 1).replace("Diffusion", "Diffusion%d" % k)
                text = "\n\n".join(("%s (copy %d)" % (p, k)) if j % 2 == 1 and j > 5 else p
                                   for j, p in enumerate(text.split("\n\n")))
            open(os.path.join(d, "%02d_%s" % (k, f)), "w", encoding="utf-8").write(text)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    rng = random.Random(5)
    kills, bad = 0, []
    for round_ in range(60):
        p = subprocess.Popen([PY, "-c", SAVER, db, SO, d, str(round_)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        out = in_process(db, ["koala naps", "quantization of large language models"])
        if matches(out, d, ["koala naps", "quantization of large language models"]) is not True:
            bad.append((round_, matches(out, d, ["koala naps", "quantization of large language models"])))
    check("a process killed with SIGKILL while saving, at least 50 times", kills >= 50, True)
    check("after every kill a new process answers as a build from scratch", bad, [])
    c = connect(db)
    c.execute("INSERT INTO papers(papers) VALUES('integrity-check')")
    check("and integrity-check passes at the end", True, True)
    c.close()

# --------------------------------------------------------------- damage
DAMAGER = r"""
import sqlite3, sys
db, sql = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, isolation_level=None)
c.executescript(sql + "; UPDATE papers_config SET v = v + 1 WHERE k = 'generation';")
"""
DAMAGES = [
    ("postings blob cut", "UPDATE papers_postings SET data = substr(data, 1, length(data) - 3) WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'quantiz')"),
    ("postings byte changed", "UPDATE papers_postings SET data = x'05' || substr(data, 2) WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'quantiz')"),
    ("postings row gone", "DELETE FROM papers_postings WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'video')"),
    ("postings as text", "UPDATE papers_postings SET data = 'x' WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'model')"),
    ("postings moved to another term", "UPDATE papers_postings SET id = id + 64000000 WHERE id = (SELECT id*64 FROM papers_terms WHERE term = 'cach')"),
    ("df changed", "UPDATE papers_terms SET df = df - 1 WHERE term = 'diffus'"),
    ("df huge", "UPDATE papers_terms SET df = 1 << 62 WHERE term = 'larg'"),
    ("term id out of range", "UPDATE papers_terms SET id = 1 << 40 WHERE term = 'decod'"),
    ("norms cut", "UPDATE papers_norms SET norm = substr(norm, 1, 100)"),
    ("norms gone", "DELETE FROM papers_norms"),
    ("sums damaged", "UPDATE papers_norms SET sums = zeroblob(length(sums))"),
    ("docs row gone", "DELETE FROM papers_docs WHERE id IN (SELECT id FROM papers_docs LIMIT 300)"),
    ("docs offset changed", "UPDATE papers_docs SET off = off + 7"),
    ("docs file changed", "UPDATE papers_docs SET file = 1 << 33"),
    ("docs terms random", "UPDATE papers_docs SET terms = randomblob(40)"),
    ("config ndoc", "UPDATE papers_config SET v = v + 1 WHERE k = 'ndoc'"),
    ("config nslot huge", "UPDATE papers_config SET v = 1 << 60 WHERE k = 'nslot'"),
    ("config version", "UPDATE papers_config SET v = 99 WHERE k = 'version'"),
    ("config text", "UPDATE papers_config SET v = 'x' WHERE k = 'nextterm'"),
    ("files entries random", "UPDATE papers_files SET entries = randomblob(64)"),
    ("files id huge", "UPDATE papers_files SET id = id + (1 << 50)"),
    ("files name changed", "UPDATE papers_files SET name = name || 'x' WHERE id = 2"),
    ("papers files random", "UPDATE papers_papers SET files = randomblob(12)"),
    ("a shadow table is a view", "DROP TABLE papers_terms; CREATE VIEW papers_terms AS SELECT 1 AS id, 'x' AS term, 1 AS df"),
    ("a column gone", "ALTER TABLE papers_docs DROP COLUMN line"),
]
# Damage to a shadow table's schema is beyond 'rebuild' (which writes rows,
# inside the statement that runs it, where no table can be dropped): the
# broken one is dropped by hand, and the next query makes the index again.
MEND = {"a shadow table is a view": "DROP VIEW papers_terms",
        "a column gone": "DROP TABLE papers_docs"}
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    base = os.path.join(tmp, "base.db")
    create(base, d)
    results = []
    for name, sql in DAMAGES:
        db = os.path.join(tmp, "x.db")
        shutil.copy(base, db)
        subprocess.run([PY, "-c", DAMAGER, db, sql], check=True)
        # first a query of the tables as they are, then one that brings the
        # index up to date after a new file (the update reads them too)
        out = in_process(db)
        verdict = "right" if matches(out, d) is True else out["error"] or "WRONG ANSWER"
        write_digest(os.path.join(d, "zz_new.txt"), [("Numbat Tunnels", "Numbat tunnels under wombat burrows.")])
        out2 = in_process(db)
        verdict2 = "right" if matches(out2, d) is True else out2["error"] or "WRONG ANSWER"
        os.remove(os.path.join(d, "zz_new.txt"))
        ok = all(v == "right" or ("damaged" in v and "rebuild" in v) for v in (verdict, verdict2))
        results.append((name, ok, verdict[:90], verdict2[:90]))
        c = connect(db)
        try:
            if name in MEND:
                c.execute(MEND[name])
            else:
                c.execute("INSERT INTO papers(papers) VALUES('rebuild')")
        except sqlite3.Error as e:
            results.append((name, False, "rebuild failed: " + str(e), ""))
        c.close()
        out3 = in_process(db)
        if matches(out3, d) is not True:
            results.append((name, False, "after rebuild: %s" % matches(out3, d), ""))
    check("each of %d damages to the shadow tables: the right answer or an error that says"
          " the index is damaged and to rebuild, never a crash or a wrong answer; 'rebuild' mends it"
          % len(DAMAGES), [r for r in results if not r[1]], [])

# ------------------------------------------------------- trusted_schema
with tempfile.TemporaryDirectory() as tmp:
    d = fresh_copy(tmp)
    db = os.path.join(tmp, "x.db")
    create(db, d)
    c = connect(db)
    c.execute("PRAGMA trusted_schema = 0")
    errs = []
    for sql in ("SELECT title FROM papers WHERE similar_to = 'kv cache' LIMIT 1",
                "SELECT count(*) FROM paper_duplicates('papers')",
                "INSERT INTO papers(papers) VALUES('integrity-check')"):
        try:
            c.execute(sql).fetchall()
            errs.append("answered")
        except sqlite3.Error as e:
            errs.append(str(e).split(",")[0])
    check("trusted_schema off: a stored table with a saved index reads nothing (similar_to,"
          " paper_duplicates over it, commands)", errs,
          ["digests: table main.papers was defined by the database file"] * 3)
    c.close()

# ----------------------------------------------------- paper_duplicates
DUPQ = "SELECT paper_id_a, paper_id_b, title_a, title_b, printf('%.9f', similarity) FROM paper_duplicates(?, ?)"
with tempfile.TemporaryDirectory() as tmp:
    d = os.path.join(tmp, "d")
    shutil.copytree(DIGESTS, d)
    for f in os.listdir(os.path.join(ROOT, "tests", "data", "dups")):
        shutil.copy(os.path.join(ROOT, "tests", "data", "dups", f), os.path.join(d, "dups_" + f))
    db = os.path.join(tmp, "x.db")
    create(db, d)
    c = connect(db)
    path_form = c.execute(DUPQ, (d, 0.5)).fetchall()
    table_form = c.execute(DUPQ, ("papers", 0.5)).fetchall()
    check("paper_duplicates('papers') gives the path form's pairs", (table_form, len(path_form) > 1), (path_form, True))
    check("and keeps one row of band hashes per document",
          c.execute("SELECT (SELECT count(*) FROM papers_minhash) = (SELECT v FROM papers_config WHERE k = 'ndoc')").fetchone()[0], 1)
    c.close()
    ents = [POOL[0], ("A Copy Of The First", POOL[0][1])]
    write_digest(os.path.join(d, "zz_new.txt"), ents)
    c = connect(db)
    mh = {r[0] for r in c.execute("SELECT id FROM papers_minhash")}
    table_form = c.execute(DUPQ, ("main.papers", 0.5)).fetchall()
    check("after a new file: the path form's pairs again, the copy among them",
          (table_form == c.execute(DUPQ, (d, 0.5)).fetchall(), any("A Copy Of The First" in r[2:4] for r in table_form)),
          (True, True))
    new = {r[0] for r in c.execute("SELECT id FROM papers_minhash")} - mh
    check("only the new document's band hashes were made", len(new), 1)
    check("and the candidate pairs checked are kept, the copy's among them",
          c.execute("SELECT count(*) > 0 FROM papers_pairs WHERE id >> 32 = (SELECT doc FROM papers_papers"
                    " WHERE pid = (SELECT min(pid) FROM papers_papers WHERE doc = %d)) OR id & 4294967295 = %d"
                    % (max(new), max(new))).fetchone()[0], 1)
    c.close()
    r = connect("file:%s?mode=ro" % db, uri=True)
    os.remove(os.path.join(d, "zz_new.txt"))
    check("read-only: paper_duplicates over the table answers from the files",
          r.execute(DUPQ, ("papers", 0.5)).fetchall(), path_form)
    r.close()
