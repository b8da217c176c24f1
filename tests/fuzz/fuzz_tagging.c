/*
** fuzz_tagging.c: libFuzzer target for tagging and keywords. The input is
** split at its first NUL byte: before it, a taxonomy of lines "tag\tphrase"
** loaded into a table (phrases may carry qualifiers in brackets); after it,
** the text. Runs tags(), paper_tags(), tag_evidence() and tag_matches()
** with the built-in and the fuzzed taxonomy, tag_problems() and keywords().
** Checks: tags() and paper_tags() are valid JSON, every match's
** [start, end) lies inside the text with start < end, and every evidence
** row has about 0 or 1 and a score that is not negative.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static sqlite3 *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  const uint8_t *zNul = memchr(data, 0, size);
  size_t nTax = zNul ? (size_t)(zNul - data) : 0;
  const char *zText = (const char*)data + (zNul ? nTax+1 : 0);
  int nText = (int)(size - (zNul ? nTax+1 : 0));
  sqlite3_stmt *pStmt;
  size_t i = 0;
  if( db==0 ){
    char *zErr = 0;
    sqlite3_open(":memory:", &db);
    if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
    sqlite3_exec(db, "CREATE TABLE tax(tag TEXT, phrase TEXT)", 0, 0, 0);
  }
  sqlite3_exec(db, "DELETE FROM tax", 0, 0, 0);
  if( sqlite3_prepare_v2(db, "INSERT INTO tax VALUES (?1, ?2)", -1, &pStmt, 0)!=SQLITE_OK ) abort();
  while( i<nTax ){
    const uint8_t *zEol = memchr(data+i, '\n', nTax-i);
    size_t nLine = zEol ? (size_t)(zEol - (data+i)) : nTax-i;
    const uint8_t *zTab = memchr(data+i, '\t', nLine);
    if( zTab ){
      sqlite3_bind_text(pStmt, 1, (const char*)data+i, (int)(zTab-(data+i)), SQLITE_STATIC);
      sqlite3_bind_text(pStmt, 2, (const char*)zTab+1, (int)(nLine-(zTab-(data+i))-1), SQLITE_STATIC);
    }else{
      sqlite3_bind_text(pStmt, 1, (const char*)data+i, (int)nLine, SQLITE_STATIC);
      sqlite3_bind_null(pStmt, 2);
    }
    sqlite3_step(pStmt);
    sqlite3_reset(pStmt);
    i += nLine + 1;
  }
  sqlite3_finalize(pStmt);
  if( sqlite3_prepare_v2(db,
        "SELECT json_valid(tags(?1)) AND json_valid(tags(?1, 'tax')) AND json_valid(keywords(?1, 5))"
        " AND json_valid(paper_tags(substr(?1, 1, 60), ?1)) AND json_valid(paper_tags(?1, ?1, 'tax')),"
        " (SELECT count(*) FROM tag_matches(?1, 'tax') WHERE start < 0 OR \"end\" > ?2 OR start >= \"end\"),"
        " (SELECT count(*) FROM tag_matches(?1) WHERE start < 0 OR \"end\" > ?2 OR start >= \"end\"),"
        " (SELECT count(*) FROM tag_problems('tax')),"
        " (SELECT count(*) FROM tag_evidence(substr(?1, 1, 60), ?1, 'tax') WHERE about NOT IN (0, 1) OR score < 0)",
        -1, &pStmt, 0)!=SQLITE_OK ) abort();
  sqlite3_bind_text(pStmt, 1, zText, nText, SQLITE_STATIC);
  sqlite3_bind_int(pStmt, 2, nText);
  if( sqlite3_step(pStmt)==SQLITE_ROW ){
    if( sqlite3_column_int(pStmt, 0)!=1 ) abort();
    if( sqlite3_column_int(pStmt, 1)!=0 || sqlite3_column_int(pStmt, 2)!=0 ) abort();
    if( sqlite3_column_int(pStmt, 4)!=0 ) abort();
  }
  sqlite3_finalize(pStmt);
  return 0;
}
