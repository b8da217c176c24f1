// npm pack runs this first: the package carries the library built in the
// source tree (build/papers.so, `make` at the top), and its version is the
// library's (PAPERS_VERSION in include/papers.h).
'use strict';
const fs = require('fs');
const path = require('path');

const top = path.join(__dirname, '..', '..');
const built = path.join(top, 'build', 'papers.so');
const header = fs.readFileSync(path.join(top, 'include', 'papers.h'), 'utf8');
const version = /#define PAPERS_VERSION\s+"([^"]+)"/.exec(header)[1];
const pkg = require('./package.json');

if (pkg.version !== version) {
  console.error(`prepack: package.json has version ${pkg.version}, include/papers.h ${version}`);
  process.exit(1);
}
if (!fs.existsSync(built)) {
  console.error(`prepack: ${built} is missing: run make at the top of the source tree first`);
  process.exit(1);
}
fs.copyFileSync(built, path.join(__dirname, 'papers.so'));
