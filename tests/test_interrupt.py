#!/usr/bin/python3
"""Interrupts and limits: sqlite3_interrupt() (conn.interrupt() from another
thread) and a progress handler stop a long scan of a folder, and the
connection is usable afterwards. The query would otherwise read 3,000
digest entries 3,000 times over (minutes)."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]


def check(name, got, want):
    print("ok " + name if got == want else "not ok %s: got %r, want %r" % (name, got, want))


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
    try:
        conn.execute(LONG, (tmp,)).fetchall()
        got = "finished"
    except sqlite3.OperationalError as e:
        got = str(e)
    timer.cancel()
    check("sqlite3_interrupt stops a scan of a folder", got, "interrupted")
    check("the connection works after an interrupt",
          conn.execute("SELECT count(*) FROM digests(?)", (tmp,)).fetchone(), (3000,))

    calls = []
    def progress():
        calls.append(1)
        return 1 if len(calls) > 200 else 0
    conn.set_progress_handler(progress, 1000)
    try:
        conn.execute(LONG, (tmp,)).fetchall()
        got = "finished"
    except sqlite3.OperationalError as e:
        got = str(e)
    conn.set_progress_handler(None, 0)
    check("a progress handler stops a scan of a folder", (got, len(calls)), ("interrupted", 201))
    conn.close()
