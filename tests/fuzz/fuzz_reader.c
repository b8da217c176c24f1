/*
** fuzz_reader.c: libFuzzer target for the digest reader. The input bytes
** become a digest file, read through every column of `digests` and through
** `digest_problems`, plainly and in strict mode. Built by `make fuzz` with
** clang -fsanitize=fuzzer,address,undefined from the extension's sources
** compiled into the target (-DSQLITE_CORE) and the system SQLite.
**
** What it checks beyond "no crash, no leak, no UB": that no entry is lost,
** i.e. count(*) equals the number of rows a full read returns, and that
** digest_problems and strict mode agree on whether the file is clean.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static sqlite3 *db;
static char zPath[64];

static sqlite3_int64 one_int(const char *zSql, int *pRc){
  sqlite3_stmt *p = 0;
  sqlite3_int64 v = -1;
  *pRc = sqlite3_prepare_v2(db, zSql, -1, &p, 0);
  if( *pRc==SQLITE_OK ){
    *pRc = sqlite3_step(p);
    if( *pRc==SQLITE_ROW ){ v = sqlite3_column_int64(p, 0); *pRc = SQLITE_OK; }
  }
  sqlite3_finalize(p);
  return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  FILE *f;
  int rc;
  sqlite3_int64 nCount, nRows, nProblems, nStrict;
  char zSql[256];
  if( db==0 ){
    char *zErr = 0;
    sqlite3_open(":memory:", &db);
    if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
    snprintf(zPath, sizeof(zPath), "/tmp/fuzz_reader_%d.txt", (int)getpid());
  }
  f = fopen(zPath, "wb");
  if( f==0 ) abort();
  fwrite(data, 1, size, f);
  fclose(f);

  snprintf(zSql, sizeof(zSql), "SELECT count(*) FROM digests('%s')", zPath);
  nCount = one_int(zSql, &rc);
  if( rc ) abort();
  snprintf(zSql, sizeof(zSql),
      "SELECT count(*) FROM (SELECT paper_id, title, abstract, digest, label,"
      " digest_date, position, line, links FROM digests('%s', 2025)"
      " WHERE length(paper_id)=16 AND title IS NOT NULL AND json_valid(links))", zPath);
  nRows = one_int(zSql, &rc);
  if( rc ) abort();
  if( nRows!=nCount ) abort();              /* an entry was lost */
  snprintf(zSql, sizeof(zSql), "SELECT count(*) FROM digest_problems('%s')", zPath);
  nProblems = one_int(zSql, &rc);
  if( rc ) abort();
  snprintf(zSql, sizeof(zSql), "SELECT count(*) FROM digests('%s', NULL, 0, 1)", zPath);
  nStrict = one_int(zSql, &rc);
  if( (nProblems==0) != (rc==SQLITE_OK) ) abort();   /* strict agrees */
  if( rc==SQLITE_OK && nStrict!=nCount ) abort();
  return 0;
}
