// Query a folder of digests from Node with the papers extension.
//   cd examples/node && npm install && node example.js [FOLDER]
// better-sqlite3 brings its own SQLite; the extension loads into it through
// loadExtension(), entry point sqlite3_papers_init.
const path = require('path');
const Database = require('better-sqlite3');

const extension = process.env.PAPERS_EXTENSION || path.join(__dirname, '..', '..', 'build', 'papers');
const folder = process.argv[2] || path.join(__dirname, '..', '..', 'tests', 'data', 'digests');

const db = new Database(':memory:');
db.loadExtension(extension);

const perDigest = db.prepare(
  'SELECT digest, label, count(*) AS entries FROM digests(?) GROUP BY digest ORDER BY digest');
for (const row of perDigest.all(folder)) {
  console.log(`${row.digest}  ${row.label}  ${row.entries}`);
}
const recurring = db.prepare(
  'SELECT count(DISTINCT digest) AS n, title FROM digests(?) GROUP BY paper_id ORDER BY n DESC, title LIMIT 2');
for (const row of recurring.all(folder)) {
  console.log(`${row.n}  ${row.title}`);
}
db.close();
