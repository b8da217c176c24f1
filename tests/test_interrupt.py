#!/usr/bin/python3
"""Interrupts and limits: sqlite3_interrupt() (conn.interrupt() from another
thread) and a progress handler stop a long scan of a folder, and the
connection is usable afterwards. The query would otherwise read 3,000
digest entries 3,000 times over (minutes). Both also stop the build of the
similar_to index (over 20,000 papers: seconds under ASan, and the query
then reads every paper in score order), which runs inside one xFilter call:
the build steps a small statement every 16 documents, which sees the
interrupt and feeds the progress handler."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]


def check(name, got, want):
    print("ok " + name if got == want else "not ok %s: got %r, want %r" % (name, got, want))


def outcome(conn, sql, args):
    """'finished', or the error text of the query."""
    try:
        conn.execute(sql, args).fetchall()
        return "finished"
    except sqlite3.OperationalError as e:
        return str(e)


def connect():
    c = sqlite3.connect(":memory:", check_same_thread=False)
    c.enable_load_extension(True)
    c.load_extension(SO)
    return c


with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["/usr/bin/python3", "bench/gen_corpus.py", tmp, "3000"], check=True)
    LONG = "SELECT count(*) FROM digests(?1) a, digests(?1) b WHERE a.abstract < b.title"

    conn = connect()
    timer = threading.Timer(0.3, conn.interrupt)
    timer.start()
    got = outcome(conn, LONG, (tmp,))
    timer.cancel()
    check("sqlite3_interrupt stops a scan of a folder", got, "interrupted")
    check("the connection works after an interrupt",
          conn.execute("SELECT count(*) FROM digests(?)", (tmp,)).fetchone(), (3000,))

    calls = []
    def progress():
        calls.append(1)
        return 1 if len(calls) > 200 else 0
    conn.set_progress_handler(progress, 1000)
    got = outcome(conn, LONG, (tmp,))
    conn.set_progress_handler(None, 0)
    check("a progress handler stops a scan of a folder", (got, len(calls)), ("interrupted", 201))
    conn.close()

    # The similar_to index build: a progress handler and an interrupt from
    # another thread stop it, and nothing half-built is kept.
    def builds(c):
        return c.execute("SELECT similarity_builds()").fetchone()[0]
    BUILD = "SELECT count(*) FROM digests(?) WHERE similar_to = 'quantization of language models'"
    conn = connect()
    b0 = builds(conn)
    calls = []
    def stop_third():
        calls.append(1)
        return 1 if len(calls) >= 3 else 0
    conn.set_progress_handler(stop_third, 1000)
    got = outcome(conn, BUILD, (tmp,))
    conn.set_progress_handler(None, 0)
    check("a progress handler stops the similar_to index build at its third call",
          (got, len(calls), builds(conn) - b0),
          ("digests: similar_to: interrupted while building the index", 3, 0))
    check("the next similar_to query builds and answers",
          (conn.execute(BUILD + " AND score > 0", (tmp,)).fetchone()[0] > 0, builds(conn) - b0), (True, 1))
    conn.close()

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["/usr/bin/python3", "bench/gen_corpus.py", tmp, "20000"], check=True)
    conn = connect()
    b0 = builds(conn)
    timer = threading.Timer(0.1, conn.interrupt)
    timer.start()
    got = outcome(conn, BUILD, (tmp,))
    timer.cancel()
    check("sqlite3_interrupt from another thread stops the index build over 20,000 papers",
          (got, builds(conn) - b0), ("digests: similar_to: interrupted while building the index", 0))
    conn.close()
