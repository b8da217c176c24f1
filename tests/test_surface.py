#!/usr/bin/python3
"""The extension's SQL surface, exactly: the functions (name, number of
arguments, flags) and modules each entry point adds to a connection,
found by comparing pragma_function_list and pragma_module_list before and
after loading, in the sqlite3 shell."""
import os
import subprocess
import sys

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
ENV = dict(os.environ)
if "PAPERS_CHILD_ASAN_OPTIONS" in ENV:
    ENV["ASAN_OPTIONS"] = ENV["PAPERS_CHILD_ASAN_OPTIONS"]

# name, narg, deterministic, innocuous, directonly (flags 0x800, 0x200000, 0x80000)
FUNCTIONS = """\
keywords|1|1|1|0
keywords|2|1|1|0
keywords|3|1|1|0
papers_info|0|1|1|0
papers_version|0|1|1|0
similarity_builds|0|0|1|0
similarity|2|1|1|0
tags|1|1|1|0
tags|2|0|0|1
tokenize|1|1|1|0
tokenize|2|1|1|0"""
MODULES_NOFS = ["paper_taxonomy", "tag_matches", "tag_problems", "tokens"]
MODULES = sorted(MODULES_NOFS + ["digest_problems", "digests", "paper_duplicates"])

LIST = ("SELECT name || '|' || narg || '|' || (flags & 0x800 > 0) || '|' || (flags & 0x200000 > 0)"
        " || '|' || (flags & 0x80000 > 0) FROM pragma_function_list ORDER BY 1;"
        "SELECT '#' || name FROM pragma_module_list ORDER BY 1;")


def surface(load):
    p = subprocess.run(["sqlite3", ":memory:"], input=load + "\n" + LIST, capture_output=True,
                       text=True, env=ENV, timeout=60)
    lines = p.stdout.splitlines()
    return ({l for l in lines if not l.startswith("#")}, {l[1:] for l in lines if l.startswith("#")}, p.stderr)


base_f, base_m, _ = surface("")
for label, load, want_m in [("sqlite3_papers_init", ".load %s" % SO, MODULES),
                            ("sqlite3_papers_nofs_init", ".load %s sqlite3_papers_nofs_init" % SO, MODULES_NOFS)]:
    f, m, err = surface(load)
    got_f = "\n".join(sorted(f - base_f))
    got_m = sorted(m - base_m)
    if err.strip():
        print("not ok %s loads: %s" % (label, err.strip()))
        continue
    print(("ok " if got_f == FUNCTIONS else "not ok ") + "%s adds exactly the functions listed%s"
          % (label, "" if got_f == FUNCTIONS else ": got\n" + got_f))
    print(("ok " if got_m == want_m else "not ok ") + "%s adds exactly the modules %s%s"
          % (label, ", ".join(want_m), "" if got_m == want_m else ": got %s" % got_m))

# The README's reference shows every function and table at work: each name
# is called in at least one `sqlite>` example (which test_readme.py runs).
import re
with open("README.md", encoding="utf-8") as f:
    shown = "\n".join(l for l in f.read().splitlines() if l.startswith(("sqlite> ", "   ...> ")))
names = sorted({l.split("|")[0] for l in FUNCTIONS.splitlines()} | set(MODULES))
missing = [n for n in names if not re.search(r"\b%s\b" % n, shown)]
print(("ok " if not missing else "not ok ") + "every function and table has a README example"
      + ("" if not missing else ": none for %s" % ", ".join(missing)))

# Loading on a SQLite older than the extension needs: built here with a
# minimum above the system's SQLite, the load fails naming both versions.
import glob
import tempfile
with tempfile.TemporaryDirectory() as tmp:
    so = os.path.join(tmp, "papers.so")
    cc = subprocess.run(["cc", "-shared", "-fPIC", "-std=c11", "-D_GNU_SOURCE", "-Iinclude",
                         "-DPAPERS_MIN_SQLITE=9990000", '-DPAPERS_MIN_SQLITE_STR="999.0.0"', "-o", so]
                        + sorted(glob.glob("ext/*.c")) + ["-lutf8proc", "-lstemmer", "-lm"],
                        capture_output=True, text=True)
    if cc.returncode != 0:
        print("not ok a too-old SQLite is refused: build failed: %s" % cc.stderr[-300:])
    else:
        p = subprocess.run(["sqlite3", ":memory:", ".load %s" % so[:-3], "SELECT sqlite_version()"],
                           capture_output=True, text=True, env=dict(os.environ, ASAN_OPTIONS="", LD_PRELOAD=""))
        version = subprocess.run(["sqlite3", ":memory:", "SELECT sqlite_version()"], capture_output=True,
                                 text=True, env=dict(os.environ, LD_PRELOAD="")).stdout.strip()
        want = "Error: error during initialization: papers 0.1.0 needs SQLite 999.0.0 or later; this is SQLite %s" % version
        got = p.stderr.strip().splitlines()[0] if p.stderr.strip() else p.stdout.strip()
        print(("ok " if got == want else "not ok ") + "a too-old SQLite is refused with both versions named"
              + ("" if got == want else ": got %r, want %r" % (got, want)))
