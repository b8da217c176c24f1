#!/usr/bin/env bash
# The Node package sqlite-papers (bindings/node): make npm packs a tarball
# carrying build/papers.so; installed into a scratch project next to
# better-sqlite3@12 from the npm registry, load(db) and getLoadablePath() work
# (and with node:sqlite where this Node has it). Skipped, with the reason,
# when node or npm is missing or the registry cannot be reached. The scratch
# project stays in build/node-project, so a second run builds no
# better-sqlite3 again.
set -u
cd "$(dirname "$0")/.."
case "$1" in *asan*) echo "skip node package: runs once, in the plain run"; exit 0;; esac
. tests/lib.sh
root=$PWD
version=$(papers_version)
tgz=build/sqlite-papers-$version.tgz
pack_cmd="make npm"
readme_shows "$pack_cmd"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skip node package: node and npm are not installed (apt-get install nodejs npm)"; exit 0
fi

rm -f "$tgz"
if ! out=$(eval "$pack_cmd" 2>&1) || [ ! -f "$tgz" ]; then echo "not ok make npm packs $tgz: $out"; exit 0; fi
got=$(tar -tzf "$tgz" | sort | tr '\n' ' ')
if [ "$got" = "package/README.md package/index.d.ts package/index.js package/package.json package/papers.so " ]
then echo "ok make npm packs $tgz with the library"; else echo "not ok make npm packs $tgz with the library: $got"; fi
if tar -xzOf "$tgz" package/papers.so | cmp -s - build/papers.so; then echo "ok the packed papers.so is build/papers.so"
else echo "not ok the packed papers.so is build/papers.so"; fi

project=build/node-project
mkdir -p "$project"
[ -f "$project/package.json" ] || echo '{ "name": "papers-scratch", "private": true }' > "$project/package.json"
npm_install "$project" "node package" "$root/$tgz" better-sqlite3@12 || exit 0
if cmp -s "$project/node_modules/sqlite-papers/papers.so" build/papers.so; then
  echo "ok npm install puts the packed library in node_modules/sqlite-papers"
else echo "not ok npm install puts the packed library in node_modules/sqlite-papers"; fi

cat > "$project/query.js" <<'JS'
const sqlitePapers = require('sqlite-papers');
const kind = process.argv[2];
let db;
if (kind === 'node:sqlite') {
  const { DatabaseSync } = require('node:sqlite');
  db = new DatabaseSync(':memory:', { allowExtension: true });
} else {
  const Database = require('better-sqlite3');
  db = new Database(':memory:');
}
sqlitePapers.load(db);
console.log(sqlitePapers.getLoadablePath());
const rows = db.prepare('SELECT digest_date AS day, count(*) AS n FROM digests(?, 2025) GROUP BY 1 ORDER BY 1')
  .all(process.argv[3]);
for (const r of rows) console.log(r.day, r.n);
JS
want="$root/$project/node_modules/sqlite-papers/papers.so
2025-03-11 205
2025-03-12 66
2025-03-17 86
2025-03-18 111"
got=$(cd "$project" && env -u PAPERS_EXTENSION node query.js better-sqlite3 "$root/tests/data/digests" 2>&1)
if [ "$got" = "$want" ]; then echo "ok sqlite-papers from the tarball loads into better-sqlite3"
else echo "not ok sqlite-papers from the tarball loads into better-sqlite3: $got"; fi

if ! node -e "require('node:sqlite')" >/dev/null 2>&1; then
  echo "skip sqlite-papers with Node's built-in SQLite: Node $(node --version) has no node:sqlite (it came with Node 22.5)"
else
  got=$(cd "$project" && env -u PAPERS_EXTENSION node --no-warnings query.js node:sqlite "$root/tests/data/digests" 2>&1)
  if [ "$got" = "$want" ]; then echo "ok sqlite-papers from the tarball loads into Node's built-in DatabaseSync"
  else echo "not ok sqlite-papers from the tarball loads into Node's built-in DatabaseSync: $got"; fi
fi
