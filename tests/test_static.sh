#!/usr/bin/env bash
# The static library and the C example (examples/c/papers_example.c): built
# in the source tree against build/libpapers.a, then against a tree staged
# by make install through pkg-config alone (the README's command); each build
# registers the extension with sqlite3_auto_extension() and reads the sample
# digests.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip static library: runs once, in the plain run"; exit 0;; esac
. tests/lib.sh
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want="papers 0.2.0, papers.h 0.2.0
2025-03-11  205
2025-03-12  66
2025-03-17  86
2025-03-18  111"

# In the source tree, with warnings as errors.
if out=$(cc -Wall -Wextra -Werror -Iinclude -o "$tmp/in_tree" examples/c/papers_example.c \
           build/libpapers.a -lsqlite3 -lutf8proc -lstemmer -lm 2>&1); then
  got=$("$tmp/in_tree" 2>&1)
  if [ "$got" = "$want" ]; then echo "ok C example linked with build/libpapers.a"
  else echo "not ok C example linked with build/libpapers.a: $got"; fi
else echo "not ok C example linked with build/libpapers.a: $out"; fi

# The program holds the extension: it needs no papers.so at run time.
if ldd "$tmp/in_tree" | grep -q papers; then echo "not ok C example needs no papers.so: $(ldd "$tmp/in_tree")"
else echo "ok C example needs no papers.so"; fi

# Against a staged make install, through pkg-config alone: the README's lines.
build='cc -o papers_example examples/c/papers_example.c $(pkg-config --cflags --libs --static papers)'
run='./papers_example tests/data/digests'
readme_shows "$build"
readme_shows "$run"
readme_shows_output "$want"
make -s install DESTDIR="$tmp/stage" >/dev/null
mkdir -p "$tmp/src/examples/c"
cp examples/c/papers_example.c "$tmp/src/examples/c/"
ln -s "$root/tests" "$tmp/src/tests"
export PKG_CONFIG_PATH="$tmp/stage/usr/lib/pkgconfig"
flags=$(pkg-config --cflags --libs --static papers 2>&1)
case "$flags" in
  *"-I$tmp/stage/usr/lib/pkgconfig/../../include "*"-L$tmp/stage/usr/lib/pkgconfig/../../lib -lpapers"*)
    echo "ok papers.pc points into the staged tree";;
  *) echo "not ok papers.pc points into the staged tree: $flags";;
esac
case " $flags " in
  *" -lsqlite3 "*" -lutf8proc "*|*" -lutf8proc "*" -lsqlite3 "*) echo "ok papers.pc brings sqlite3 and utf8proc (private requirements)";;
  *) echo "not ok papers.pc brings sqlite3 and utf8proc (private requirements): $flags";;
esac
case " $flags " in
  *" -lstemmer "*) echo "ok papers.pc brings libstemmer (private libraries)";;
  *) echo "not ok papers.pc brings libstemmer (private libraries): $flags";;
esac
if out=$(cd "$tmp/src" && eval "$build" 2>&1); then
  got=$(cd "$tmp/src" && eval "$run" 2>&1)
  if [ "$got" = "$want" ]; then echo "ok C example built through pkg-config against a staged make install"
  else echo "not ok C example built through pkg-config against a staged make install: $got"; fi
else echo "not ok C example built through pkg-config against a staged make install: $out"; fi
