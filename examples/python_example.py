#!/usr/bin/python3
"""Query a folder of digests from Python with the papers extension.

    /usr/bin/python3 examples/python_example.py [FOLDER]

Uses Debian's python3, whose sqlite3 module can load extensions (some other
Python builds are compiled without enable_load_extension; see the README).
"""
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXTENSION = os.environ.get("PAPERS_EXTENSION", os.path.join(HERE, "..", "build", "papers"))
folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "tests", "data", "digests")

conn = sqlite3.connect(":memory:")
conn.enable_load_extension(True)
conn.load_extension(EXTENSION)          # entry point sqlite3_papers_init
conn.enable_load_extension(False)       # no further loading from SQL

conn.execute("CREATE VIRTUAL TABLE temp.papers USING digests(path=?, year=2025)"
             .replace("?", "'" + folder.replace("'", "''") + "'"))
print("entries per day:")
for day, n in conn.execute("SELECT digest_date, count(*) FROM papers GROUP BY 1 ORDER BY 1"):
    print("  %s  %3d" % (day, n))
print("papers seen on the most days:")
for days, title in conn.execute(
        "SELECT count(DISTINCT digest_date) AS days, title FROM papers"
        " GROUP BY paper_id ORDER BY days DESC, title LIMIT 3"):
    print("  %d  %s" % (days, title))
