#!/usr/bin/python3
"""Runs every `sqlite>` example in README.md and in the reference pages of
docs/ and compares its output with the lines written under it, so that the
docs cannot drift from the code; and the README's Python and JavaScript
programs with the output written under them. (Its shell lines are run by the
tests of what they do: test_static.sh, test_deb.sh, test_node.sh, each
checking that the README shows the lines it runs.)

An example is a fenced block whose lines start with `sqlite> ` (continued by
`   ...> `); the lines after a statement, up to the next prompt, are its
expected output. `.load build/papers` is replaced by the build under test.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

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
    if os.path.basename(os.path.dirname(SO)) == "asan":
        print("skip README python/js examples: run once, in the plain run")
    else:
        run_programs(text, env)
    for page in ["README.md"] + sorted(glob.glob("docs/*.md")):
        with open(page, encoding="utf-8") as f:
            run_examples(page, f.read(), env)


def run_examples(page, text, env):
    label = "README" if page == "README.md" else page
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
            name = "%s example %d: %s" % (label, i, st["sql"][0][:60])
            got = outs[j].rstrip("\n").splitlines() if j < len(outs) else ["(no output)"]
            got = [re.sub(r"^(Parse|Runtime) error near line \d+: ", "Error: ", g) for g in got]
            if got == st["out"]:
                print("ok", name)
            else:
                print("not ok %s: got %r, want %r" % (name, got, st["out"]))


def programs(text):
    """(language, code, expected output) for each ```python or ```js block
    followed by a ```text block."""
    for lang, code, out in re.findall(r"```(python|js)\n(.*?)```\n\n```text\n(.*?)```", text, flags=re.S):
        yield lang, code, out


def run_programs(text, env):
    """Python with the module sqlite_papers of bindings/python, Node with
    better-sqlite3 of examples/node and the package of bindings/node; both
    load the build under test (PAPERS_EXTENSION)."""
    so_rel = os.path.relpath(SO)
    env = dict(env, PAPERS_EXTENSION=SO, PYTHONPATH=os.path.abspath("bindings/python"))
    with tempfile.TemporaryDirectory() as modules:
        os.symlink(os.path.abspath("bindings/node"), os.path.join(modules, "sqlite-papers"))
        for i, (lang, code, want) in enumerate(programs(text), 1):
            code = code.replace('"build/papers"', repr(so_rel)).replace("'build/papers'", repr(so_rel))
            name = "README %s example %d" % (lang, i)
            if lang == "python":
                cmd, run_env = ["/usr/bin/python3", "-B", "-c", code], env
            else:
                examples = os.path.abspath("examples/node/node_modules")
                if not os.path.isdir(os.path.join(examples, "better-sqlite3")):
                    print("skip %s: better-sqlite3 is not installed in examples/node (tests/test_clients.sh installs it)" % name)
                    continue
                cmd, run_env = ["node", "-e", code], dict(env, NODE_PATH=modules + os.pathsep + examples)
            p = subprocess.run(cmd, capture_output=True, text=True, env=run_env, timeout=300)
            if p.returncode == 0 and p.stdout == want:
                print("ok", name)
            else:
                print("not ok %s: exit %d, got %r, want %r, stderr %r" % (name, p.returncode, p.stdout, want, p.stderr[-300:]))


main()
