#!/usr/bin/python3
"""examples/trends.py: the tag shares it prints for the sample digests, and the
PNG it draws (a real PNG of the size the script asks matplotlib for). Skipped
with a message when Debian's python3-matplotlib is missing."""
import os
import struct
import subprocess
import sys
import tempfile

SO = os.path.splitext(os.path.abspath(sys.argv[1]))[0]

WANT = [
    "llm            2025-03-11  56/200  2025-03-12  12/66   2025-03-17  12/86   2025-03-18  28/111",
    "diffusion      2025-03-11   9/200  2025-03-12  13/66   2025-03-17  15/86   2025-03-18  23/111",
    "fine-tuning    2025-03-11  23/200  2025-03-12   4/66   2025-03-17   7/86   2025-03-18  10/111",
    "quantization   2025-03-11  22/200  2025-03-12   1/66   2025-03-17   9/86   2025-03-18  11/111",
]


def main():
    if os.path.basename(os.path.dirname(SO)) == "asan":
        print("skip trends example: run once, in the plain run (its SQL is paper_tags(), tested under ASan elsewhere)")
        return
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("skip trends example: python3-matplotlib is not installed (apt-get install python3-matplotlib)")
        return
    env = dict(os.environ, PAPERS_EXTENSION=SO)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trends.png")
        p = subprocess.run(["/usr/bin/python3", "examples/trends.py", "--out", out, "--tags", "4"],
                           capture_output=True, text=True, env=env, timeout=300)
        lines = p.stdout.splitlines()
        if p.returncode == 0 and lines == WANT + ["wrote " + out]:
            print("ok trends.py prints the tag shares per day")
        else:
            print("not ok trends.py output: rc %d, got %r, stderr %r" % (p.returncode, lines, p.stderr[-500:]))
        try:
            with open(out, "rb") as f:
                head = f.read(24)
        except OSError as e:
            print("not ok trends.py PNG: %s" % e)
            return
        size = struct.unpack(">II", head[16:24]) if head[12:16] == b"IHDR" else None
        if head[:8] == b"\x89PNG\r\n\x1a\n" and size == (800, 450):
            print("ok trends.py draws an 800x450 PNG")
        else:
            print("not ok trends.py PNG: header %r, size %r" % (head[:16], size))


main()
