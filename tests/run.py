#!/usr/bin/python3
"""The test runner behind `make test`.

Kinds of test, found under tests/ (tests/data/ holds fixtures only):

* SQL files (*.sql): golden tests run through the stock `sqlite3` shell.
    Lines before the first `-- test:` are a preamble run before every case.
    Each case is `-- test: NAME`, SQL, then the expected output, one
    `--> line` per output line (list mode, `|` between columns). An error is
    written `--> Error: message`: the shell's "Parse error near line N: " and
    "Runtime error near line N: " prefixes become "Error: ", and the caret
    lines that point into the statement are dropped. The extension is loaded
    with `.load <so>` before the preamble. A case may say
    `-- needs: python-module NAME` to be skipped, with a message, when absent.
* Scripts (test_*.py, test_*.sh): run with the extension's path as argument
  and `PAPERS_SO` in the environment; they print one line per check:
  `ok NAME`, `not ok NAME: why`, or `skip NAME: why`.

`--plain SO` runs everything with that build; `--asan SO` runs everything again
with the sanitizer build, the ASan runtime preloaded into the host program.
`--quick` (make check) runs only the golden SQL tests and the docs' examples
(QUICK_SCRIPTS), for the edit-test loop; make test runs everything.
Tests live beside the part of ext/ they test (tests/text/, tests/reader/, ...);
those of the extension as a whole are at the top of tests/.
The last line is `N passed, M failed`, exactly; the line before it says how
many were skipped, when any were.
"""
import argparse
import concurrent.futures as cf
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUICK_SCRIPTS = ("test_readme.py",)
TESTS = os.path.join(ROOT, "tests")
CASE_TIMEOUT = 300

ERR_PREFIX = re.compile(r"^(?:Parse error|Runtime error|Error)(?: near line \d+)?: ")


def normalize(out):
    lines = []
    skipping = False
    for line in out.splitlines():
        if ERR_PREFIX.match(line):
            lines.append("Error: " + ERR_PREFIX.sub("", line))
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue  # the statement echo and its ^--- marker
        skipping = False
        lines.append(line.rstrip())
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_sql_file(path):
    preamble, cases, cur = [], [], None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("-- test:"):
                cur = {"name": line[8:].strip(), "sql": [], "expect": [],
                       "line": lineno, "needs": []}
                cases.append(cur)
            elif cur is None:
                preamble.append(line)
            elif line.startswith("-->"):
                cur["expect"].append(line[4:] if line.startswith("--> ") else line[3:])
            elif line.startswith("-- needs:"):
                cur["needs"].append(line[9:].split())
            else:
                cur["sql"].append(line)
    return preamble, cases


def sanitizer_env(env):
    env = dict(env)
    lib = subprocess.run(["cc", "-print-file-name=libasan.so"], capture_output=True,
                         text=True).stdout.strip()
    env["LD_PRELOAD"] = lib
    supp = os.path.join(TESTS, "lsan.supp")
    env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0:exitcode=99"
    env["LSAN_OPTIONS"] = "suppressions=%s:print_suppressions=0" % supp
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    return env


def missing_need(needs, env):
    for need in needs:
        if need[:1] == ["python-module"]:
            r = subprocess.run(["/usr/bin/python3", "-c", "import " + need[1]],
                               capture_output=True)
            if r.returncode != 0:
                return "python module %s is not installed" % need[1]
    return None


def run_sql_case(so, env, path, preamble, case):
    why = missing_need(case["needs"], env)
    if why:
        return ("skip", why)
    script = ".load %s\n%s\n%s\n" % (so, "\n".join(preamble), "\n".join(case["sql"]))
    try:
        p = subprocess.run(["sqlite3", "-batch", ":memory:"], input=script.encode(),
                           capture_output=True, cwd=ROOT, env=env, timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return ("fail", "timed out after %ds" % CASE_TIMEOUT)
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    got = normalize(out)
    if p.returncode not in (0, 1) or "Sanitizer" in out or "runtime error:" in out:
        return ("fail", "exit %d\n%s" % (p.returncode, out[-4000:]))
    if got != case["expect"]:
        return ("fail", "expected:\n  %s\ngot:\n  %s" % (
            "\n  ".join(case["expect"]), "\n  ".join(got)))
    return ("pass", "")


def run_script(so, env, path):
    env = dict(env, PAPERS_SO=so)
    if path.endswith(".py") and "ASAN_OPTIONS" in env:
        # The Python interpreter does not free all it allocates at exit, and
        # a leak suppression for it would hide ours (every stack has Python
        # frames). So leak checking is off in Python itself; memory errors
        # are still caught, and processes a script starts (the sqlite3
        # shell) check leaks with the options in PAPERS_CHILD_ASAN_OPTIONS.
        env["PAPERS_CHILD_ASAN_OPTIONS"] = env["ASAN_OPTIONS"]
        env["ASAN_OPTIONS"] = env["ASAN_OPTIONS"].replace("detect_leaks=1", "detect_leaks=0")
    cmd = ["/usr/bin/python3", path, so] if path.endswith(".py") else ["bash", path, so]
    try:
        p = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=1800)
    except subprocess.TimeoutExpired:
        return [("fail", os.path.relpath(path, ROOT), "timed out")]
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    results = []
    for line in out.splitlines():
        m = re.match(r"^(ok|not ok|skip) ([^:]*)(?::\s*(.*))?$", line)
        if m:
            kind = {"ok": "pass", "not ok": "fail", "skip": "skip"}[m.group(1)]
            results.append((kind, m.group(2), m.group(3) or ""))
    if p.returncode != 0 or "Sanitizer" in err or "runtime error:" in err:
        results.append(("fail", os.path.relpath(path, ROOT) + " (exit status)",
                        "exit %d\n%s\n%s" % (p.returncode, out[-2000:], err[-4000:])))
    if not results:
        results.append(("fail", os.path.relpath(path, ROOT), "printed no result"))
    return results


def discover(filters, quick=False):
    sql, scripts = [], []
    for dirpath, dirnames, filenames in os.walk(TESTS):
        dirnames[:] = sorted(d for d in dirnames if d not in ("data", "fuzz", "__pycache__"))
        for fn in sorted(filenames):
            p = os.path.join(dirpath, fn)
            rel = os.path.relpath(p, ROOT)
            if filters and not any(f in rel for f in filters):
                continue
            if fn.endswith(".sql"):
                sql.append(p)
            elif fn.startswith("test_") and (fn.endswith(".py") or fn.endswith(".sh")):
                if not quick or fn in QUICK_SCRIPTS:
                    scripts.append(p)
    return sql, scripts


def run_all(label, so, env, filters, jobs, quick=False):
    so = os.path.relpath(os.path.abspath(so), ROOT)
    sql, scripts = discover(filters, quick)
    futures = []
    with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
        for path in sql:
            preamble, cases = parse_sql_file(path)
            for case in cases:
                name = "%s:%d %s" % (os.path.relpath(path, ROOT), case["line"], case["name"])
                futures.append((name, ex.submit(run_sql_case, so, env, path, preamble, case)))
        for path in scripts:
            futures.append((None, ex.submit(run_script, so, env, path)))
        counts = {"pass": 0, "fail": 0, "skip": 0}
        for name, fut in futures:
            res = fut.result()
            items = [(res[0], name, res[1])] if name else res
            for kind, nm, why in items:
                counts[kind] += 1
                if kind == "fail":
                    print("FAIL [%s] %s\n  %s" % (label, nm, why.replace("\n", "\n  ")))
                elif kind == "skip":
                    print("SKIP [%s] %s: %s" % (label, nm, why))
    print("[%s] %d passed, %d failed, %d skipped" % (label, counts["pass"], counts["fail"], counts["skip"]))
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plain")
    ap.add_argument("--asan")
    ap.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument("--quick", action="store_true", help="golden SQL tests and the docs' examples only")
    ap.add_argument("filters", nargs="*", help="run only tests whose path contains one of these")
    a = ap.parse_args()
    total = {"pass": 0, "fail": 0, "skip": 0}
    env = dict(os.environ)
    runs = []
    if a.plain:
        runs.append(("plain", a.plain, env))
    if a.asan:
        runs.append(("asan", a.asan, sanitizer_env(env)))
    for label, so, e in runs:
        c = run_all(label, so, e, a.filters, a.jobs, a.quick)
        for k in total:
            total[k] += c[k]
    if total["skip"]:
        print("%d skipped (each with its reason above)" % total["skip"])
    print("%d passed, %d failed" % (total["pass"], total["fail"]))
    sys.exit(1 if total["fail"] or not (total["pass"]) else 0)


if __name__ == "__main__":
    main()
