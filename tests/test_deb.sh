#!/usr/bin/env bash
# make deb, lintian, and the package installed for real: dpkg -i, `.load
# papers` by name from another folder, the recipes from /usr/share/doc/papers
# (each the same answer as in the source tree), the Python module with
# Debian's python3, the C example built through the installed papers.pc,
# then dpkg -r and nothing of the package left behind. Needs root (skips
# otherwise) and runs once, in the plain run. Leaves the machine as it found
# it, even when a check fails midway: the package is removed on exit, and
# the test skips when papers or any of its files is on the machine already.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip deb: runs once, in the plain run"; exit 0;; esac
. tests/lib.sh
root=$PWD
if [ "$(id -u)" != 0 ]; then echo "skip deb: dpkg -i and dpkg -r need root"; exit 0; fi
for tool in dpkg-shlibdeps lintian; do
  command -v $tool >/dev/null || { echo "skip deb: $tool is missing (make deps installs it)"; exit 0; }
done
version=$(papers_version)
deb=build/papers_${version}_$(dpkg --print-architecture).deb
doc=/usr/share/doc/papers
lib=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# The README's lines, which this test runs.
build_cmd="make deb"
install_cmd="dpkg -i $deb"
recipe_cmd="sqlite3 :memory: < $doc/sql/new.sql"
remove_cmd="dpkg -r papers"
for c in "$build_cmd" "$install_cmd" "$recipe_cmd" "$remove_cmd"; do readme_shows "$c"; done

if ! out=$(eval "$build_cmd" 2>&1) || [ ! -f "$deb" ]; then echo "not ok make deb: $out"; exit 0; fi
echo "ok make deb builds $deb"

got=$(dpkg-deb -f "$deb" Package Version Architecture Depends)
want="Package: papers
Version: $version
Architecture: amd64
Depends: libc6 (>= 2.34), libstemmer0d (>= 0+svn527), libutf8proc2 (>= 2.3.0), libsqlite3-0 (>= 3.40.0)"
if [ "$got" = "$want" ]; then echo "ok the .deb's Depends: dpkg-shlibdeps' libraries and libsqlite3-0 (>= PAPERS_MIN_SQLITE)"
else echo "not ok the .deb's Depends: dpkg-shlibdeps' libraries and libsqlite3-0 (>= PAPERS_MIN_SQLITE): $got"; fi

# lintian: no error and no warning; the one tag it would give, that papers.so
# has no version in its name (a loadable extension is loaded by that name), is
# overridden by the package, with its reason.
lint=$(lintian "$deb" 2>/dev/null)
errors=$(grep '^E:' <<<"$lint")
warnings=$(grep '^W:' <<<"$lint" | awk '{print $3}' | sort -u | tr '\n' ' ')
if [ -z "$errors" ]; then echo "ok lintian reports no errors"; else echo "not ok lintian reports no errors: $errors"; fi
if [ -z "$warnings" ]; then echo "ok lintian reports no warnings"
else echo "not ok lintian reports no warnings: $warnings"; fi
if [ "$(lintian --show-overrides "$deb" 2>/dev/null | grep '^O:' | awk '{print $3}')" = "shared-library-lacks-version" ]; then
  echo "ok lintian's one override is shared-library-lacks-version"
else echo "not ok lintian's one override is shared-library-lacks-version: $(lintian --show-overrides "$deb" 2>&1)"; fi

# The paths the package holds, and which of them are on the machine before.
mapfile -t paths < <(dpkg-deb -c "$deb" | awk '{print substr($6, 2)}' | sed 's|/$||' | grep -v '^$')
mapfile -t files < <(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ {print substr($6, 2)}')
if [ "$(dpkg-query -W -f='${db:Status-Status}' papers 2>/dev/null)" = installed ]; then
  echo "skip deb install: the papers package is installed on this machine; not replacing it"; exit 0
fi
for f in "${files[@]}"; do
  [ -e "$f" ] && { echo "skip deb install: $f is on this machine already (make install?); not overwriting it"; exit 0; }
done
there=()
for p in "${paths[@]}"; do [ -e "$p" ] && there+=("$p"); done

tmp=$(mktemp -d)
cleanup() {
  case "$(dpkg-query -W -f='${db:Status-Status}' papers 2>/dev/null)" in
    ""|not-installed) ;;
    *) dpkg_locked -P papers >/dev/null 2>&1;;
  esac
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# dpkg, waiting up to two minutes for another dpkg or apt to finish.
dpkg_locked() {
  local i out
  for i in $(seq 60); do
    if out=$(dpkg "$@" 2>&1); then return 0; fi
    case "$out" in *lock*) sleep 2;; *) echo "$out"; return 1;; esac
  done
  echo "$out"; return 1
}

if ! out=$(dpkg_locked -i "$deb" 2>&1); then echo "not ok dpkg -i installs the .deb: $out"; exit 0; fi
echo "ok dpkg -i installs the .deb"

got=$(cd "$tmp" && sqlite3 :memory: ".load papers" "SELECT papers_version()" 2>&1)
if [ "$got" = "$version" ]; then echo "ok .load papers finds the installed library by name from another folder"
else echo "not ok .load papers finds the installed library by name from another folder: $got"; fi

# Each recipe, installed and run from another folder, answers as it does in
# the source tree; but export.sql, which writes its files in the current
# folder (build/ in the tree, where tests/test_recipes.py runs it).
for f in sql/*.sql; do
  name=$(basename "$f")
  [ "$name" = export.sql ] && continue
  got=$(cd "$tmp" && sqlite3 :memory: < "$doc/sql/$name" 2>&1)
  want=$(sqlite3 :memory: < "$f" 2>&1)
  if [ -n "$got" ] && [ "$got" = "$want" ]; then echo "ok installed recipe $name answers as in the tree"
  else echo "not ok installed recipe $name answers as in the tree: $(diff <(echo "$want") <(echo "$got") | head -5)"; fi
done
got=$(cd "$tmp" && sqlite3 :memory: < "$doc/sql/export.sql" 2>&1)
want='papers.csv: 468 entries read back, first: "Give Me BF16 or Give Me Death"? Accuracy-Performance Trade-Offs in LLM Quantization
papers.json: 381 papers, first: Adaptive Sparse Allocation with Mutual Choice & Feature Choice Sparse Autoencoders'
if [ "$got" = "$want" ] && [ -s "$tmp/papers.csv" ]; then echo "ok installed recipe export.sql writes papers.csv and papers.json in the current folder"
else echo "not ok installed recipe export.sql writes papers.csv and papers.json in the current folder: $got"; fi
got=$(cd "$tmp" && eval "$recipe_cmd" 2>&1 | sed -n 2p)
if [ "$got" = "│   latest   │ entries │ new_papers │" ]; then echo "ok the README's recipe line runs"
else echo "not ok the README's recipe line runs: $got"; fi

# Python: Debian's python3 finds the module and the module the library
# (bytecode written beside it, as root does; prerm removes it).
got=$(cd "$tmp" && env -u PAPERS_EXTENSION -u PYTHONPATH -u PYTHONDONTWRITEBYTECODE /usr/bin/python3 -c '
import sqlite3, sqlite_papers
conn = sqlite3.connect(":memory:")
sqlite_papers.load(conn)
print(sqlite_papers.loadable_path())
print(conn.execute("SELECT count(*) FROM digests(?)", ("'"$doc"'/digests",)).fetchone()[0])' 2>&1)
want="$lib/papers.so
468"
if [ "$got" = "$want" ]; then echo "ok Debian's python3 imports the installed sqlite_papers, which loads the installed library"
else echo "not ok Debian's python3 imports the installed sqlite_papers, which loads the installed library: $got"; fi
if [ -d /usr/lib/python3/dist-packages/sqlite_papers/__pycache__ ]; then echo "ok python3 wrote bytecode beside the installed module (prerm removes it)"
else echo "not ok python3 wrote bytecode beside the installed module (prerm removes it)"; fi

# C: the installed example, built through the installed papers.pc.
if out=$(cd "$tmp" && env -u PKG_CONFIG_PATH cc -o papers_example "$doc/examples/papers_example.c" \
           $(env -u PKG_CONFIG_PATH pkg-config --cflags --libs --static papers) 2>&1); then
  got=$(cd "$tmp" && ./papers_example "$doc/digests" 2>&1 | tail -1)
  if [ "$got" = "2025-03-18  111" ]; then echo "ok the C example builds through the installed papers.pc"
  else echo "not ok the C example builds through the installed papers.pc: $got"; fi
else echo "not ok the C example builds through the installed papers.pc: $out"; fi

# dpkg -r: the package gone, and every path it brought that was not there
# before gone with it.
if ! out=$(dpkg_locked -r papers 2>&1); then echo "not ok dpkg -r removes the package: $out"; exit 0; fi
status=$(dpkg-query -W -f='${db:Status-Status}' papers 2>/dev/null)
case "$status" in ""|not-installed)
  echo "ok dpkg -r removes the package";;
  *) echo "not ok dpkg -r removes the package: status $status";;
esac
left=()
for p in "${paths[@]}"; do
  case " ${there[*]} " in *" $p "*) continue;; esac
  [ -e "$p" ] && left+=("$p")
done
if [ ${#left[@]} = 0 ]; then echo "ok dpkg -r leaves nothing of the package behind"
else echo "not ok dpkg -r leaves nothing of the package behind: ${left[*]}"; fi
