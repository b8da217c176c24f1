/*
** fuzz_simstore.c: libFuzzer target for the loader of the saved similarity
** index (ext/similarity/simstore.c): the input is a script of edits to the shadow
** tables of a created digests table, applied to a copy of a database whose
** index was saved over two small digest files; then the table is used.
** Built by `make fuzz` like the other targets.
**
** The script, byte by byte (each edit needs its bytes, or the script ends):
**   op % 6, table % 9, row (the n-th row of the table, n % count), then
**     0 blob replaced: length (2 bytes, up to what is left), the bytes
**     1 blob byte changed: offset (2 bytes), xor mask
**     2 integer column set: column % 5 (of the table's integer columns), 8 bytes
**     3 row deleted
**     4 blob cut: new length (2 bytes)
**     5 row copied onto the next row's key (a blob moved to another row)
** A blob edit hits the table's blob column (none for T_config and T_terms:
** there it changes v or the term's text).
**
** Then, each statement allowed to fail (with an error, never a crash, a
** read out of bounds or a leak): a similar_to query with LIMIT (the lazy
** path: terms, postings, norms, documents), one without (the whole index
** loaded), 'integrity-check', a query after a new file appears (the update
** reads and rewrites every kind of row), paper_duplicates over the table,
** and 'merge'. Scores that come back must be in [0, 1], best first.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static unsigned char *aImage;       /* the database with the saved index */
static sqlite3_int64 nImage;
static char zDir[64], zExtra[96];

static const struct {
  const char *zName;                /* suffix */
  const char *zKey;                 /* the row key */
  const char *zBlob;                /* the blob (or text) column edited */
  const char *azInt[5];             /* integer columns */
} aTab[] = {
  { "config",   "k",   "v",       { "v", 0 } },
  { "files",    "id",  "entries", { "id", "size", "mtime", "inode", "pkind" } },
  { "papers",   "pid", "files",   { "pid", "doc", 0 } },
  { "docs",     "id",  "terms",   { "id", "pid", "file", "off", "pos" } },
  { "terms",    "id",  "term",    { "id", "df", 0 } },
  { "postings", "id",  "data",    { "id", 0 } },
  { "norms",    "id",  "norm",    { "id", 0 } },
  { "minhash",  "id",  "sig",     { "id", 0 } },
  { "pairs",    "id",  "sim",     { "id", 0 } },
};
#define NTAB ((int)(sizeof(aTab)/sizeof(aTab[0])))

static void exec_any(sqlite3 *db, const char *zSql){
  sqlite3_exec(db, zSql, 0, 0, 0);
}

/* Run zSql to the end; its scores (first column) in [0, 1], non-increasing. */
static void run_scores(sqlite3 *db, const char *zSql){
  sqlite3_stmt *p = 0;
  double last = 2.0;
  if( sqlite3_prepare_v2(db, zSql, -1, &p, 0)!=SQLITE_OK ) return;
  while( sqlite3_step(p)==SQLITE_ROW ){
    double s = sqlite3_column_double(p, 0);
    if( sqlite3_column_type(p, 0)!=SQLITE_NULL ){
      if( !(s>=0.0 && s<=1.0) || s>last ) abort();
      last = s;
    }
  }
  sqlite3_finalize(p);
}

static void write_file(const char *zPath, const char *z){
  FILE *f = fopen(zPath, "wb");
  if( f==0 ) abort();
  fputs(z, f);
  fclose(f);
}

static void setup(void){
  sqlite3 *db = 0;
  char *zErr = 0, *zSql;
  char zPath[128];
  snprintf(zDir, sizeof(zDir), "/tmp/fuzz_simstore_%d", (int)getpid());
  mkdir(zDir, 0700);
  snprintf(zPath, sizeof(zPath), "%s/a.txt", zDir);
  write_file(zPath,
    "Quantized Kangaroos\n\nWe quantize kangaroo models to four bits with little loss.\n\n"
    "Diffusion Wombats\n\nWombat diffusion models generate burrows from noise.\n\n"
    "Sparse Numbats\n\nSparse attention lets numbats read long termite mounds.\n\n"
    "Quantized Kangaroos Again\n\nWe quantize kangaroo models to four bits with little loss.\n");
  snprintf(zPath, sizeof(zPath), "%s/b.txt", zDir);
  write_file(zPath,
    "Diffusion Wombats\n\nA second telling: wombat diffusion in the outback.\n\n"
    "Echidna Caches\n\nKey value caches for echidna language models, compressed.\n");
  snprintf(zExtra, sizeof(zExtra), "%s/c.txt", zDir);
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ) abort();
  if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
  zSql = sqlite3_mprintf("CREATE VIRTUAL TABLE papers USING digests(path='%q');"
                         "SELECT count(*) FROM paper_duplicates('papers');", zDir);
  if( sqlite3_exec(db, zSql, 0, 0, 0)!=SQLITE_OK ) abort();
  sqlite3_free(zSql);
  run_scores(db, "SELECT score FROM papers WHERE similar_to = 'quantized kangaroo' LIMIT 3");
  aImage = sqlite3_serialize(db, "main", &nImage, 0);
  if( aImage==0 ) abort();
  sqlite3_close(db);
}

/* Apply the edit script; returns when the bytes run out. */
static void apply(sqlite3 *db, const uint8_t *a, size_t n){
  size_t i = 0;
  while( i+3<=n ){
    int op = a[i] % 6, t = a[i+1] % NTAB, row = a[i+2];
    const char *zT = aTab[t].zName, *zK = aTab[t].zKey;
    char *zSel, *zSql = 0;
    sqlite3_stmt *p = 0;
    i += 3;
    /* the key of the row-th row */
    zSel = sqlite3_mprintf("(SELECT %s FROM papers_%s LIMIT 1 OFFSET"
                           " (%d %% max(1, (SELECT count(*) FROM papers_%s))))",
                           zK, zT, row, zT);
    switch( op ){
      case 0: {
        size_t len;
        if( i+2>n ) break;
        len = (size_t)(a[i] | a[i+1]<<8);
        i += 2;
        if( len>n-i ) len = n-i;
        zSql = sqlite3_mprintf("UPDATE papers_%s SET %s = ?1 WHERE %s = %s",
                               zT, aTab[t].zBlob, zK, zSel);
        if( sqlite3_prepare_v2(db, zSql, -1, &p, 0)==SQLITE_OK ){
          sqlite3_bind_blob(p, 1, a+i, (int)len, SQLITE_STATIC);
          sqlite3_step(p);
        }
        i += len;
        break;
      }
      case 1:
        if( i+3>n ) break;
        zSql = sqlite3_mprintf(
            "UPDATE papers_%s SET %s = substr(%s, 1, %d) || x'%02x' || substr(%s, %d)"
            " WHERE %s = %s AND length(%s) > %d",
            zT, aTab[t].zBlob, aTab[t].zBlob, a[i] | a[i+1]<<8, a[i+2],
            aTab[t].zBlob, (a[i] | a[i+1]<<8) + 2, zK, zSel, aTab[t].zBlob, a[i] | a[i+1]<<8);
        exec_any(db, zSql);
        i += 3;
        break;
      case 2: {
        const char *zCol;
        sqlite3_uint64 v = 0;
        int k, c;
        if( i+9>n ) break;
        for(c=0; c<5 && aTab[t].azInt[c]; c++){}
        zCol = aTab[t].azInt[a[i] % c];
        for(k=0; k<8; k++) v = v<<8 | a[i+1+k];
        i += 9;
        zSql = sqlite3_mprintf("UPDATE papers_%s SET %s = ?1 WHERE %s = %s", zT, zCol, zK, zSel);
        if( sqlite3_prepare_v2(db, zSql, -1, &p, 0)==SQLITE_OK ){
          sqlite3_bind_int64(p, 1, (sqlite3_int64)v);
          sqlite3_step(p);
        }
        break;
      }
      case 3:
        zSql = sqlite3_mprintf("DELETE FROM papers_%s WHERE %s = %s", zT, zK, zSel);
        exec_any(db, zSql);
        break;
      case 4:
        if( i+2>n ) break;
        zSql = sqlite3_mprintf("UPDATE papers_%s SET %s = substr(%s, 1, %d) WHERE %s = %s",
                               zT, aTab[t].zBlob, aTab[t].zBlob, a[i] | a[i+1]<<8, zK, zSel);
        exec_any(db, zSql);
        i += 2;
        break;
      case 5:
        zSql = sqlite3_mprintf(
            "UPDATE papers_%s SET %s = (SELECT %s FROM papers_%s WHERE %s = %s)"
            " WHERE %s = (SELECT min(%s) FROM papers_%s WHERE %s > %s)",
            zT, aTab[t].zBlob, aTab[t].zBlob, zT, zK, zSel, zK, zK, zT, zK, zSel);
        exec_any(db, zSql);
        break;
    }
    sqlite3_finalize(p);
    sqlite3_free(zSql);
    sqlite3_free(zSel);
  }
  /* a connection trusts what it read of a generation: a new one is read */
  exec_any(db, "UPDATE papers_config SET v = v + 1 WHERE k = 'generation'");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  sqlite3 *db = 0;
  unsigned char *aCopy;
  char *zErr = 0;
  if( aImage==0 ) setup();
  unlink(zExtra);
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ) abort();
  aCopy = sqlite3_malloc64(nImage);
  if( aCopy==0 ) abort();
  memcpy(aCopy, aImage, nImage);
  if( sqlite3_deserialize(db, "main", aCopy, nImage, nImage,
                          SQLITE_DESERIALIZE_FREEONCLOSE|SQLITE_DESERIALIZE_RESIZEABLE)!=SQLITE_OK ){
    abort();
  }
  if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK ) abort();
  apply(db, data, size);
  run_scores(db, "SELECT score FROM papers WHERE similar_to = 'quantized kangaroo models' LIMIT 3");
  run_scores(db, "SELECT score FROM papers WHERE similar_to = 'wombat diffusion'");
  exec_any(db, "INSERT INTO papers(papers) VALUES('integrity-check')");
  write_file(zExtra, "Platypus Caches\n\nPlatypus key value caches, quantized to four bits.\n");
  run_scores(db, "SELECT score FROM papers WHERE similar_to = 'echidna caches' LIMIT 2");
  run_scores(db, "SELECT similarity FROM paper_duplicates('papers', 0.5)");
  exec_any(db, "INSERT INTO papers(papers) VALUES('merge')");
  run_scores(db, "SELECT score FROM papers WHERE similar_to = 'platypus' LIMIT 2");
  sqlite3_close(db);
  return 0;
}
