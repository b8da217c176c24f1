#!/usr/bin/python3
"""Runs every `sqlite>` example in README.md and compares its output with the
lines written under it, so that the docs cannot drift from the code.

An example is a fenced block whose lines start with `sqlite> ` (continued by
`   ...> `); the lines after a statement, up to the next prompt, are its
expected output. `.load build/papers` is replaced by the build under test.
"""
import os
import re
import subprocess
import sys

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]


def examples(text):
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        if "sqlite> " not in block:
            continue
        stmts, cur = [], None
        for line in block.splitlines():
            if line.startswith("sqlite> "):
                cur = {"sql": [line[8:]], "out": []}
                stmts.append(cur)
            elif line.startswith("   ...> ") and cur:
                cur["sql"].append(line[8:])
            elif cur:
                cur["out"].append(line)
        yield stmts


def main():
    with open("README.md", encoding="utf-8") as f:
        text = f.read()
    env = dict(os.environ)
    if "PAPERS_CHILD_ASAN_OPTIONS" in env:      # see tests/run.py
        env["ASAN_OPTIONS"] = env["PAPERS_CHILD_ASAN_OPTIONS"]
    for i, stmts in enumerate(examples(text), 1):
        # One session per block, so statements build on each other; a marker
        # line between statements splits the output back.
        run = [st for st in stmts if not st["sql"][0].startswith(".load")]
        script = ".load %s\n" % SO + "".join("%s\n.print @@MARK@@\n" % "\n".join(st["sql"]) for st in run)
        # stdout unbuffered and stderr on the same pipe, so an error message
        # lands between the markers of the statement that gave it.
        p = subprocess.run(["stdbuf", "-o0", "sqlite3", ":memory:"], input=script,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=env, timeout=300)
        outs = p.stdout.split("@@MARK@@\n")
        for j, st in enumerate(run):
            name = "README example %d: %s" % (i, st["sql"][0][:60])
            got = outs[j].rstrip("\n").splitlines() if j < len(outs) else ["(no output)"]
            got = [re.sub(r"^(Parse|Runtime) error near line \d+: ", "Error: ", g) for g in got]
            if got == st["out"]:
                print("ok", name)
            else:
                print("not ok %s: got %r, want %r" % (name, got, st["out"]))


main()
