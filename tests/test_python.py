#!/usr/bin/python3
"""The Python module sqlite_papers (bindings/python): load(conn) loads the
build under test through PAPERS_EXTENSION and leaves loading off,
loadable_path() finds the library of a `make install` tree by itself, and
the errors say what to do (no library; a Python that cannot load
extensions). The installed module is tested by tests/test_deb.sh."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]
BINDINGS = os.path.join(ROOT, "bindings", "python")
ENV = dict(os.environ)
ENV.pop("PAPERS_EXTENSION", None)
if "PAPERS_CHILD_ASAN_OPTIONS" in ENV:      # see tests/run.py
    ENV["ASAN_OPTIONS"] = ENV["PAPERS_CHILD_ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")


def python(code, pythonpath=BINDINGS, exe="/usr/bin/python3", **env):
    p = subprocess.run([exe, "-B", "-c", code], capture_output=True, text=True, timeout=120,
                       env=dict(ENV, PYTHONPATH=pythonpath, **env), cwd=ROOT)
    return (p.stdout + p.stderr).strip()


def check(name, got, want):
    if got == want:
        print("ok", name)
    else:
        print("not ok %s: got %r, want %r" % (name, got, want))


QUERY = """
import sqlite3, sqlite_papers
conn = sqlite3.connect(":memory:")
sqlite_papers.load(conn)
for day, n in conn.execute("SELECT digest_date, count(*) FROM digests('tests/data/digests', 2025) GROUP BY 1"):
    print(day, n)
try:
    conn.execute("SELECT load_extension('x')")
except sqlite3.OperationalError as e:
    print(e)
"""
check("sqlite_papers.load() loads PAPERS_EXTENSION and turns loading off again",
      python(QUERY, PAPERS_EXTENSION=SO),
      "2025-03-11 205\n2025-03-12 66\n2025-03-17 86\n2025-03-18 111\nnot authorized")

check("sqlite_papers.loadable_path() is PAPERS_EXTENSION when set",
      python("import sqlite_papers; print(sqlite_papers.loadable_path())", PAPERS_EXTENSION=SO), SO)

# make install, staged: the module finds papers.so under its own PREFIX.
with tempfile.TemporaryDirectory() as stage:
    r = subprocess.run(["make", "-s", "install", "DESTDIR=" + stage], capture_output=True, text=True, cwd=ROOT)
    site = os.path.join(stage, "usr", "lib", "python3", "dist-packages")
    check("sqlite_papers.loadable_path() finds the library of make install",
          python("import sqlite_papers; print(sqlite_papers.loadable_path())", pythonpath=site)
          if r.returncode == 0 else r.stderr.strip(),
          os.path.join(stage, "usr", "lib", "papers.so"))
    check("sqlite_papers.load() loads the library of make install",
          python("import sqlite3, sqlite_papers; c = sqlite3.connect(':memory:'); sqlite_papers.load(c); "
                 "print(c.execute('SELECT papers_version()').fetchone()[0])", pythonpath=site),
          "0.2.0")

# No library anywhere (the search list emptied): the error names the way out.
check("sqlite_papers says what to do when there is no library",
      python("import sqlite_papers\nsqlite_papers._lib_dirs = lambda: ['/nonexistent']\n"
             "try:\n    sqlite_papers.loadable_path()\nexcept sqlite_papers.LoadError as e:\n    print(e)"),
      "papers.so not found (looked in /nonexistent/papers.so); install the papers package or run "
      "`make install`, or set PAPERS_EXTENSION to the library's path")

NO_LOADING = ("this Python's sqlite3 module cannot load extensions (it was built without "
              "--enable-loadable-sqlite-extensions, as pyenv's and some other builds are); "
              "use Debian's /usr/bin/python3, or a Python built with --enable-loadable-sqlite-extensions")
check("sqlite_papers says what to use when Python cannot load extensions",
      python("import sqlite_papers\nclass Conn: pass\n"
             "try:\n    sqlite_papers.load(Conn())\nexcept sqlite_papers.LoadError as e:\n    print(e)",
             PAPERS_EXTENSION=SO), NO_LOADING)

# The same with a real Python built without loadable extensions, when this
# machine has one on PATH (pyenv's, say).
other = shutil.which("python3")
probe = "import sqlite3; print(hasattr(sqlite3.Connection, 'enable_load_extension'))"
if other and os.path.realpath(other) != os.path.realpath("/usr/bin/python3") \
        and python(probe, exe=other) == "False":
    check("sqlite_papers says what to use in a Python built without loadable extensions (%s)" % other,
          python("import sqlite3, sqlite_papers\ntry:\n    sqlite_papers.load(sqlite3.connect(':memory:'))\n"
                 "except sqlite_papers.LoadError as e:\n    print(e)", exe=other, PAPERS_EXTENSION=SO),
          NO_LOADING)
else:
    print("skip sqlite_papers in a Python built without loadable extensions: "
          "the python3 on PATH (%s) can load them, or is Debian's" % other)
