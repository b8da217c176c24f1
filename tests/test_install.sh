#!/usr/bin/env bash
# make install / make uninstall, staged under DESTDIR: the library lands in
# $DESTDIR/usr/lib (and under PREFIX when given), `.load papers` finds it by
# name on the loader's path, and uninstall removes it.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip install: runs once, in the plain run"; exit 0;; esac
. tests/lib.sh
stage=$(mktemp -d)
make -s install DESTDIR="$stage" >/dev/null 2>&1
if [ -f "$stage/usr/lib/papers.so" ]; then echo "ok make install puts papers.so in DESTDIR/usr/lib"
else echo "not ok make install puts papers.so in DESTDIR/usr/lib: $(find "$stage" -type f)"; fi
got=$(cd "$stage" && find . -type f | sort)
want="./usr/include/papers.h
./usr/lib/libpapers.a
./usr/lib/papers.so
./usr/lib/pkgconfig/papers.pc
./usr/lib/python3/dist-packages/sqlite_papers/__init__.py"
if [ "$got" = "$want" ]; then echo "ok make install puts the header, static library, papers.pc and Python module beside it"
else echo "not ok make install puts the header, static library, papers.pc and Python module beside it: $got"; fi
got=$(cd /tmp && LD_LIBRARY_PATH="$stage/usr/lib" sqlite3 :memory: ".load papers" "SELECT papers_version()" 2>&1)
want=$(papers_version)
if [ "$got" = "$want" ]; then echo "ok .load papers finds the installed library by name"
else echo "not ok .load papers finds the installed library by name: $got"; fi
make -s install DESTDIR="$stage" PREFIX=/opt/papers >/dev/null 2>&1
if [ -f "$stage/opt/papers/lib/papers.so" ]; then echo "ok make install honours PREFIX"
else echo "not ok make install honours PREFIX"; fi
got=$(export PKG_CONFIG_PATH="$stage/opt/papers/lib/pkgconfig"
      pkg-config --variable=libdir papers; pkg-config --variable=includedir papers 2>&1)
want="$stage/opt/papers/lib/pkgconfig/../../lib
$stage/opt/papers/lib/pkgconfig/../../include"
if [ "$got" = "$want" ]; then echo "ok papers.pc of a PREFIX install names that PREFIX's folders"
else echo "not ok papers.pc of a PREFIX install names that PREFIX's folders: $got"; fi
make -s uninstall DESTDIR="$stage" >/dev/null 2>&1
make -s uninstall DESTDIR="$stage" PREFIX=/opt/papers >/dev/null 2>&1
left=$(find "$stage" -type f | wc -l)   # files; the empty folders stay
if [ "$left" = 0 ]; then echo "ok make uninstall removes it"; else echo "not ok make uninstall removes it: $left files left"; fi
rm -rf "$stage"
