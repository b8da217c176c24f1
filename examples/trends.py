#!/usr/bin/python3
"""Draw how topics rise and fall: the share of each day's papers carrying each
of the most common tags, one line per tag, as a PNG.

    /usr/bin/python3 examples/trends.py [FOLDER] [--out trends.png] [--tags 6] [--year 2025]

The numbers come from one query against the papers extension (digests() for
the entries, paper_tags() of each title and abstract with the built-in
taxonomy for the topics); matplotlib
(Debian python3-matplotlib) only draws them. The table is printed as well.
A paper that appears in several digests of one day counts once that day.
"""
import argparse
import os
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
EXTENSION = os.environ.get("PAPERS_EXTENSION", os.path.join(HERE, "..", "build", "papers"))

# Per day: papers carrying each of the `top` most common tags, and all papers
# of the day (the denominator of the share).
QUERY = """
WITH entries AS (SELECT DISTINCT digest_date, paper_id, title, abstract FROM digests(:folder, :year)),
     day AS (SELECT digest_date, count(*) AS papers FROM entries GROUP BY digest_date),
     tagged AS (SELECT e.digest_date, e.paper_id, j.value AS tag
                  FROM entries e, json_each(paper_tags(e.title, e.abstract)) j),
     top AS (SELECT tag, count(*) AS total FROM tagged GROUP BY tag
              ORDER BY total DESC, tag LIMIT :top)
SELECT d.digest_date, t.tag,
       (SELECT count(*) FROM tagged g WHERE g.digest_date = d.digest_date AND g.tag = t.tag),
       d.papers
  FROM day d, top t
 ORDER BY d.digest_date, t.total DESC, t.tag
"""


def tag_shares(conn, folder, year, top):
    """{tag: [(date, papers with tag, papers that day), ...]}, tags most common first."""
    series = {}
    for date, tag, n, papers in conn.execute(QUERY, {"folder": folder, "year": year, "top": top}):
        series.setdefault(tag, []).append((date, n, papers))
    return series


def draw(series, out):
    import matplotlib
    matplotlib.use("Agg")                 # no display needed
    import matplotlib.pyplot as plt
    from datetime import date

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for tag, points in series.items():
        days = [date.fromisoformat(d) for d, _, _ in points]
        share = [100.0 * n / papers for _, n, papers in points]
        ax.plot(days, share, marker="o", label=tag)
    ax.set_ylabel("% of the day's papers")
    ax.set_title("Tags per digest date (built-in taxonomy)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", default=os.path.join(HERE, "..", "tests", "data", "digests"))
    ap.add_argument("--out", default="trends.png")
    ap.add_argument("--tags", type=int, default=6, help="how many of the most common tags")
    ap.add_argument("--year", type=int, default=2025, help="year of digests whose header has none")
    a = ap.parse_args()

    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(EXTENSION)        # entry point sqlite3_papers_init
    conn.enable_load_extension(False)
    series = tag_shares(conn, a.folder, a.year, a.tags)
    conn.close()

    for tag, points in series.items():
        print("%-14s %s" % (tag, "  ".join("%s %3d/%-3d" % (d, n, p) for d, n, p in points)))
    draw(series, a.out)
    print("wrote", a.out)


main()
