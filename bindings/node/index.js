// sqlite-papers: the papers SQLite extension for Node, in the style of
// sqlite-vec. load(db) loads it into a better-sqlite3 Database, or a
// node:sqlite DatabaseSync opened with { allowExtension: true };
// getLoadablePath() is the library this package carries (papers.so, for
// Linux x64, needing libutf8proc2 and libstemmer0d), or $PAPERS_EXTENSION.
'use strict';
const fs = require('fs');
const path = require('path');

function getLoadablePath() {
  if (process.env.PAPERS_EXTENSION) return process.env.PAPERS_EXTENSION;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`sqlite-papers carries a library for linux x64 only, not ${process.platform} ${process.arch}; ` +
                    'build papers from source and set PAPERS_EXTENSION to build/papers.so');
  }
  const file = path.join(__dirname, 'papers.so');
  if (!fs.existsSync(file)) {
    throw new Error(`sqlite-papers: ${file} is missing (the package was packed without it: ` +
                    'make npm in the source tree packs build/papers.so)');
  }
  return file;
}

function load(db) {
  db.loadExtension(getLoadablePath());
}

module.exports = { getLoadablePath, load };
