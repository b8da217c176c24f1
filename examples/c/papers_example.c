/*
** papers_example.c: the papers extension linked into a program together
** with SQLite (the static library libpapers.a, built with SQLITE_CORE),
** registered for every connection the program opens with
** sqlite3_auto_extension(), then asked how many papers each day's digest
** in a folder holds.
**
**   papers_example [FOLDER]        FOLDER defaults to tests/data/digests
**
** In the source tree (make build/papers_example does the same):
**   cc -Iinclude -o build/papers_example examples/c/papers_example.c \
**      build/libpapers.a -lsqlite3 -lutf8proc -lstemmer -lm
** Against an installed papers (make install, or the .deb):
**   cc -o papers_example papers_example.c $(pkg-config --cflags --libs --static papers)
*/
#include <sqlite3.h>
#include <stdio.h>
#include <papers.h>

/* Runs zSql with zArg bound to ?1 and prints each row, columns joined by
** two spaces. Returns SQLITE_OK or an error code (the message is in db). */
static int printRows(sqlite3 *db, const char *zSql, const char *zArg){
  sqlite3_stmt *pStmt = 0;
  int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  if( rc==SQLITE_OK && zArg ) rc = sqlite3_bind_text(pStmt, 1, zArg, -1, SQLITE_STATIC);
  while( rc==SQLITE_OK && (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
    int i;
    for(i=0; i<sqlite3_column_count(pStmt); i++){
      const unsigned char *z = sqlite3_column_text(pStmt, i);
      printf("%s%s", i ? "  " : "", z ? (const char*)z : "NULL");
    }
    printf("\n");
    rc = SQLITE_OK;
  }
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  sqlite3_finalize(pStmt);
  return rc;
}

int main(int argc, char **argv){
  const char *zFolder = argc>1 ? argv[1] : "tests/data/digests";
  sqlite3 *db = 0;
  int rc;

  /* Every connection opened from here on has the extension's functions and
  ** tables. SQLite takes any entry point as a void(*)(void). */
  rc = sqlite3_auto_extension((void(*)(void))sqlite3_papers_init);
  if( rc==SQLITE_OK ) rc = sqlite3_open(":memory:", &db);
  /* The library's version, as SQL sees it, beside the header's. */
  if( rc==SQLITE_OK ){
    rc = printRows(db, "SELECT 'papers ' || papers_version() || ', papers.h ' || ?1", PAPERS_VERSION);
  }
  if( rc==SQLITE_OK ){
    rc = printRows(db,
        "SELECT digest_date, count(*) FROM digests(?1, 2025)"
        " GROUP BY digest_date ORDER BY digest_date", zFolder);
  }
  if( rc!=SQLITE_OK ){
    fprintf(stderr, "papers_example: %s\n", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  }
  sqlite3_close(db);
  return rc==SQLITE_OK ? 0 : 1;
}
