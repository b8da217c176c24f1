#!/usr/bin/env bash
# packaging/build-deb.sh ROOT DEB: makes the Debian package DEB out of ROOT,
# a tree `make deb` has already installed the library, header, static
# library, papers.pc and Python module into (make install DESTDIR=ROOT with
# the multiarch LIBDIR). Adds the docs, the SQL recipes (rewritten to load
# `papers` by name and to read the sample digests installed beside them),
# the copyright and changelog, strips the binaries, computes Depends with
# dpkg-shlibdeps and builds with dpkg-deb. Needs no network and no root.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$1 deb=$2
doc=/usr/share/doc/papers
version=$(sed -n 's/^#define PAPERS_VERSION *"\(.*\)"/\1/p' include/papers.h)
arch=$(dpkg --print-architecture)
min_sqlite=$(sed -n 's/^# define PAPERS_MIN_SQLITE_STR "\(.*\)"/\1/p' ext/common.h)
umask 022

# The changelog's newest entry is this version.
head -1 packaging/deb/changelog | grep -q "^papers ($version) " \
  || { echo "packaging/deb/changelog: first entry is not papers ($version)" >&2; exit 1; }

# Docs, recipes, sample digests, the C example.
install -d "$root$doc/docs" "$root$doc/sql" "$root$doc/digests" "$root$doc/examples"
install -m 0644 README.md SECURITY.md "$root$doc/"
install -m 0644 docs/*.md docs/*.png "$root$doc/docs/"
install -m 0644 tests/data/digests/*.txt "$root$doc/digests/"
install -m 0644 examples/c/papers_example.c "$root$doc/examples/"
for f in sql/*.sql; do
  sed -e 's|^\.load build/papers$|.load papers|' \
      -e "s|tests/data/digests|$doc/digests|g" \
      -e "s|< sql/\([a-z]*\.sql\)|< $doc/sql/\1|" \
      -e 's| *(from the top of the repo)||' -e 's|, run by `make demo` from the top of the repo||' \
      -e 's#build/papers\.\(csv\|json\)#papers.\1#g' "$f" > "$root$doc/$f"
  chmod 0644 "$root$doc/$f"
done
if grep -n 'build/\|tests/\|top of the repo' "$root$doc"/sql/*.sql >&2; then
  echo "build-deb.sh: the installed recipes still name the source tree (above)" >&2; exit 1
fi
install -m 0644 packaging/deb/copyright "$root$doc/copyright"
gzip -9n < packaging/deb/changelog > "$root$doc/changelog.gz"
chmod 0644 "$root$doc/changelog.gz"

# Binaries without debugging information, as Debian ships them.
lib=$(find "$root/usr/lib" -name papers.so)

# papers.so is a plugin, not a library to link with: SQLite's .load finds it
# by that name, so its name carries no version, and lintian is told so.
install -d "$root/usr/share/lintian/overrides"
printf '%s\n' "# papers.so is a SQLite loadable extension: '.load papers' finds it by that name." \
  "papers: shared-library-lacks-version ${lib#$root/} papers.so" > "$root/usr/share/lintian/overrides/papers"
chmod 0644 "$root/usr/share/lintian/overrides/papers"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$lib"
strip --strip-debug --remove-section=.comment --remove-section=.note --enable-deterministic-archives "$(dirname "$lib")/libpapers.a"

# Depends: the shared libraries papers.so links (dpkg-shlibdeps reads a
# debian/control, so it runs in a scratch folder), and the SQLite it loads
# into: an extension calls SQLite through the pointers it is given, so no
# link names libsqlite3 and the version comes from PAPERS_MIN_SQLITE.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/debian"
printf 'Source: papers\n\nPackage: papers\nArchitecture: any\n' > "$scratch/debian/control"
install -d "$root/DEBIAN"     # how dpkg-shlibdeps tells the package's root
libpath=$(realpath "$lib")
shlibs=$(cd "$scratch" && dpkg-shlibdeps -O "$libpath")
shlibs=${shlibs#shlibs:Depends=}
[ -n "$shlibs" ] || { echo "build-deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
depends="$shlibs, libsqlite3-0 (>= $min_sqlite)"

install -m 0755 packaging/deb/prerm "$root/DEBIAN/prerm"
install -m 0644 packaging/deb/triggers "$root/DEBIAN/triggers"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" \
    packaging/deb/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb: Depends: $depends"
