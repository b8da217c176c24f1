/*
** fuzz_similarity.c: libFuzzer target for abstract similarity: the
** similarity() function, the `similar_to` index of `digests`, and
** paper_duplicates(). Built by `make fuzz` like the other targets.
**
** The input is used twice. Split at its first NUL byte (or in the middle
** when it has none) it gives the two texts of similarity(a, b). Whole, it
** becomes a digest file, the only file of a folder, so that the index is
** built over whatever papers the reader finds in it and queried with text a.
** The file takes a new name on each input: a folder whose list of files
** changes must be indexed again, whatever the file system's time stamps.
**
** What it checks beyond "no crash, no leak, no UB":
**   similarity(a, b) is in [0, 1] and equal to similarity(b, a) to the bit;
**   similarity(a, a) is 1 (within 1e-9) or 0 (a text without a term);
**   `similar_to` without a LIMIT returns every distinct paper once, scores
**   in [0, 1] and never increasing; with LIMIT 3 the first rows of that;
**   the first paper's abstract, as the query, scores 1 when it has a term;
**   paper_duplicates(folder, 0.5) gives pairs a < b with similarity in
**   [0.5, 1], each at most once.
*/
#include <sqlite3.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static sqlite3 *db;
static char zDir[64];
static unsigned iInput;

static sqlite3_stmt *prepare(const char *zSql){
  sqlite3_stmt *p = 0;
  if( sqlite3_prepare_v2(db, zSql, -1, &p, 0)!=SQLITE_OK ) abort();
  return p;
}

/* The pairwise function on the two halves of the input. */
static void check_similarity(const char *a, int na, const char *b, int nb){
  sqlite3_stmt *p = prepare("SELECT similarity(?1, ?2), similarity(?2, ?1), similarity(?1, ?1)");
  double ab, ba, aa;
  sqlite3_bind_text(p, 1, a, na, SQLITE_STATIC);
  sqlite3_bind_text(p, 2, b, nb, SQLITE_STATIC);
  if( sqlite3_step(p)!=SQLITE_ROW ) abort();
  ab = sqlite3_column_double(p, 0);
  ba = sqlite3_column_double(p, 1);
  aa = sqlite3_column_double(p, 2);
  if( !(ab>=0.0 && ab<=1.0) || memcmp(&ab, &ba, sizeof(ab))!=0 ) abort();
  if( !(aa==0.0 || fabs(aa-1.0)<1e-9) ) abort();
  sqlite3_finalize(p);
}

/* The index over the folder, queried with zQuery. */
static void check_index(const char *zQuery, int nQuery){
  sqlite3_stmt *p;
  sqlite3_int64 nPapers, n = 0;
  double last = 2.0, aTop[3];
  int nTop = 0, rc;

  p = prepare("SELECT count(DISTINCT paper_id) FROM digests(?1)");
  sqlite3_bind_text(p, 1, zDir, -1, SQLITE_STATIC);
  if( sqlite3_step(p)!=SQLITE_ROW ) abort();
  nPapers = sqlite3_column_int64(p, 0);
  sqlite3_finalize(p);

  p = prepare("SELECT score FROM digests(?1) WHERE similar_to = ?2");
  sqlite3_bind_text(p, 1, zDir, -1, SQLITE_STATIC);
  sqlite3_bind_text(p, 2, zQuery, nQuery, SQLITE_STATIC);
  while( (rc = sqlite3_step(p))==SQLITE_ROW ){
    double s = sqlite3_column_double(p, 0);
    if( !(s>=0.0 && s<=1.0) || s>last ) abort();
    if( nTop<3 ) aTop[nTop++] = s;
    last = s;
    n++;
  }
  if( rc!=SQLITE_DONE || n!=nPapers ) abort();     /* every paper, once */
  sqlite3_finalize(p);

  p = prepare("SELECT score FROM digests(?1) WHERE similar_to = ?2 LIMIT 3");
  sqlite3_bind_text(p, 1, zDir, -1, SQLITE_STATIC);
  sqlite3_bind_text(p, 2, zQuery, nQuery, SQLITE_STATIC);
  for(n=0; (rc = sqlite3_step(p))==SQLITE_ROW; n++){
    if( sqlite3_column_double(p, 0)!=aTop[n] ) abort();
  }
  if( rc!=SQLITE_DONE || n!=nTop ) abort();
  sqlite3_finalize(p);

  /* The first entry is its paper's first appearance: as the query, its own
  ** abstract scores 1 when it has a term. */
  p = prepare("SELECT (SELECT max(score) FROM digests(?1) WHERE similar_to = d.abstract),"
              " json_array_length(tokenize(d.abstract, 'stem stopwords'))"
              " FROM (SELECT abstract FROM digests(?1) LIMIT 1) d WHERE d.abstract IS NOT NULL");
  sqlite3_bind_text(p, 1, zDir, -1, SQLITE_STATIC);
  if( sqlite3_step(p)==SQLITE_ROW && sqlite3_column_int(p, 1)>0 ){
    if( fabs(sqlite3_column_double(p, 0)-1.0)>1e-9 ) abort();
  }
  sqlite3_finalize(p);

  p = prepare("SELECT paper_id_a, paper_id_b, similarity FROM paper_duplicates(?1, 0.5)");
  sqlite3_bind_text(p, 1, zDir, -1, SQLITE_STATIC);
  for(n=0; (rc = sqlite3_step(p))==SQLITE_ROW; n++){
    const char *zA = (const char*)sqlite3_column_text(p, 0);
    const char *zB = (const char*)sqlite3_column_text(p, 1);
    double s = sqlite3_column_double(p, 2);
    if( zA==0 || zB==0 || strcmp(zA, zB)>=0 ) abort();
    if( !(s>=0.5-1e-12 && s<=1.0) ) abort();
  }
  if( rc!=SQLITE_DONE || n>nPapers*(nPapers-1)/2 ) abort();
  sqlite3_finalize(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  const char *z = (const char*)data;
  const char *zNul;
  char zFile[96];
  FILE *f;
  int na;
  if( db==0 ){
    char *zErr = 0;
    sqlite3_open(":memory:", &db);
    if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
    snprintf(zDir, sizeof(zDir), "/tmp/fuzz_similarity_%d", (int)getpid());
    mkdir(zDir, 0700);
  }
  zNul = memchr(z, 0, size);
  na = zNul ? (int)(zNul - z) : (int)size/2;
  check_similarity(z, na, z + na + (zNul!=0), (int)size - na - (zNul!=0));

  snprintf(zFile, sizeof(zFile), "%s/d%u.txt", zDir, iInput);
  unlink(zFile);
  iInput++;
  snprintf(zFile, sizeof(zFile), "%s/d%u.txt", zDir, iInput);
  f = fopen(zFile, "wb");
  if( f==0 ) abort();
  fwrite(data, 1, size, f);
  fclose(f);
  check_index(z, na);
  return 0;
}
