/*
** simstore.c: the similarity index of a created `digests` table, kept in
** shadow tables (simstore.h). No SQL functions of its own: the `digests`
** table (ext/digests.c) and paper_duplicates (ext/similarity/duplicates.c) call it.
** docs/similarity-index.md is the design; in short:
**
**   T_config   k/v: version, generation (a random number changed by every
**              save, so a connection knows its cached copy is current),
**              ndoc (N: live documents), nslot, nextterm, nextfile, npost,
**              path, recursive
**   T_files    per digest file: name, size, mtime ns, inode, a problem
**              (pkind 1: from the listing, 2: from reading), and entries:
**              its distinct papers at their first entry in the file
**   T_papers   per paper id: its document (slot) and the files it is in
**   T_docs     per live document (slot): paper id, file, place, and its
**              forward list (term id, tf) in increasing term order
**   T_terms    per term: text and df (live documents holding it)
**   T_postings per term and segment (rowid term*64+seg): its documents in
**              increasing slot order with tf; an update adds a segment,
**              segments merge like a binary counter; a dead document's
**              postings stay until its term's segments are merged
**   T_norms    per 4096 slots: norm (1/|d|, file id, position: what a
**              query reads) and sums (S0, S1, S2: what an update reads)
**   T_minhash  paper_duplicates' band hashes per slot (ext/similarity/duplicates.c)
**   T_pairs    paper_duplicates' candidate pairs (slot a << 32 | slot b) and
**              their exact similarity
**
** Exact idf and norms under updates: with A = ln(1+N) + 1 and
** b(t) = ln(1+df(t)), idf(t) = A - b(t) and, with w = 1 + ln tf,
**     |d|^2 = sum w^2 (A - b)^2 = A^2 S0 - 2A S1 + S2,
**     S0 = sum w^2,  S1 = sum w^2 b,  S2 = sum w^2 b^2   (over d's terms).
** N enters only through A, so a new N costs one pass over the norms; a df
** that changes moves S1 and S2 of the documents holding that term, found
** in its postings: an update costs the changed files plus the postings of
** the terms whose df they change. S1 and S2 are kept as double-double sums
** (hi + lo), so no rounding accumulates over updates.
**
** Every blob ends with an 8-byte hash of its payload seeded with its row's
** key (and, for T_docs, the row's other columns); every count, length,
** offset and id read is checked before use; damage is reported, never
** read past or answered from.
*/
#include "common.h"
#include "reader.h"
#include "simindex.h"
#include "simstore.h"
#include "tokenizer.h"
#include "u64map.h"
SQLITE_EXTENSION_INIT3

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef sqlite3_int64 i64;

#define ST_VERSION   1
#define ST_CHUNK     4096        /* slots per T_norms row */
#define ST_SEGS      64          /* segments per term (rowid term*64+seg) */
#define ST_NORM      16          /* norm bytes per slot: f64, u32 file, u32 pos */
#define ST_SUMS      40          /* sums bytes per slot: S0, S1 hi lo, S2 hi lo */
#define ST_TF_MAX    65535
#define ST_MAX_ID    0x3fffffff  /* slots, terms, files: an int, and term*64 fits */
#define ST_LAZY_K    1000        /* larger k (or none): the whole index is loaded */
#define ST_DELTA_MAX 16          /* more changed files than this and a quarter: build */

/* Shadow tables: suffix and columns. */
static const struct { const char *zName; const char *zCols; } aSchema[] = {
  { "config",   "(k TEXT PRIMARY KEY, v) WITHOUT ROWID" },
  { "files",    "(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
                " mtime INTEGER NOT NULL, inode INTEGER NOT NULL, pkind INTEGER NOT NULL,"
                " problem TEXT, entries BLOB NOT NULL)" },
  { "papers",   "(pid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, files BLOB NOT NULL)" },
  { "docs",     "(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, file INTEGER NOT NULL,"
                " off INTEGER NOT NULL, pos INTEGER NOT NULL, line INTEGER NOT NULL,"
                " terms BLOB NOT NULL)" },
  { "terms",    "(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL)" },
  { "postings", "(id INTEGER PRIMARY KEY, data BLOB NOT NULL)" },
  { "norms",    "(id INTEGER PRIMARY KEY, norm BLOB NOT NULL, sums BLOB NOT NULL)" },
  { "minhash",  "(id INTEGER PRIMARY KEY, sig BLOB NOT NULL)" },
  { "pairs",    "(id INTEGER PRIMARY KEY, sim BLOB NOT NULL)" },
};
#define ST_NSCHEMA ((int)(sizeof(aSchema)/sizeof(aSchema[0])))

/* A file of the saved index. */
typedef struct StFile StFile;
struct StFile {
  i64 id;
  char *zName;
  i64 nSize, iMtime, iInode;
  int eKind;                  /* 0 no problem, 1 from the listing, 2 from reading */
  char *zProblem;
};

struct PapersSimStore {
  sqlite3 *db;
  char *zDb, *zTab;
  char *zPath;                /* the table's options */
  int bRecursive;
  PapersTokenizer *pTok;      /* "stem stopwords", for queries and updates */
  /* the snapshot of generation iGen (bSnap): config and files */
  int bSnap;
  i64 iGen;
  int bNone;                  /* no saved index (tables or config missing) */
  int bOther;                 /* saved with other options: made again */
  i64 nDoc, nSlot, nNextTerm, nNextFile, nPost;
  StFile *aFile; int nFile;   /* sorted by name: the listing's order */
  int *aById;                 /* indexes of aFile sorted by id */
  /* per slot, for queries (bNorms) */
  int bNorms;
  double *aInv;               /* 1/|d| */
  u32 *aFid;                  /* file id, 0: a dead slot */
  u32 *aPos;                  /* position in the file */
  int *aRank;                 /* index of the file in aFile, -1: dead */
  /* per slot, for updates (bSums) */
  int bSums;
  double *aS0, *aS1, *aS2;    /* S0; S1 and S2 as hi,lo pairs */
  /* the whole index in memory: made from the store (iIdxGen = iGen), or
  ** built from the files when the store could not be saved (bIdxFiles) */
  PapersSimIndex *pIdx;
  i64 iIdxGen;
  int bIdxFiles;
  i64 nLazy;                  /* postings lazy queries read since the snapshot */
  sqlite3_stmt *pVer, *pGen;  /* schema_version; the generation (kept prepared) */
  i64 iVer;                   /* the schema version bTables was read at */
  int bTables;                /* the shadow tables all exist */
  int iProblem;               /* first listed file with a problem, or -1 */
  char *zProblem;
};

/* ------------------------------------------------------------- helpers */

static u64 get_le64(const u8 *a){
  return (u64)a[0] | (u64)a[1]<<8 | (u64)a[2]<<16 | (u64)a[3]<<24
       | (u64)a[4]<<32 | (u64)a[5]<<40 | (u64)a[6]<<48 | (u64)a[7]<<56;
}
static u32 get_le32(const u8 *a){
  return (u32)a[0] | (u32)a[1]<<8 | (u32)a[2]<<16 | (u32)a[3]<<24;
}
static void put_le64(u8 *a, u64 v){
  int i;
  for(i=0; i<8; i++){ a[i] = (u8)v; v >>= 8; }
}
static void put_le32(u8 *a, u32 v){
  int i;
  for(i=0; i<4; i++){ a[i] = (u8)v; v >>= 8; }
}
static double get_f64(const u8 *a){
  u64 v = get_le64(a);
  double d;
  memcpy(&d, &v, 8);
  return d;
}
static void put_f64(u8 *a, double d){
  u64 v;
  memcpy(&v, &d, 8);
  put_le64(a, v);
}

sqlite3_uint64 papers_simstore_hash(sqlite3_uint64 seed, const unsigned char *a,
                                    sqlite3_int64 n){
  u64 h = papers_mix64(seed ^ 0x243f6a8885a308d3ULL) ^ (u64)n;
  i64 i = 0;
  for(; i+8<=n; i+=8){
    h = (h ^ get_le64(a+i)) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
  }
  if( i<n ){
    u64 v = 0;
    int j;
    for(j=0; i+j<n; j++) v |= (u64)a[i+j] << (8*j);
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
  }
  return papers_mix64(h);
}

/* A growing byte buffer for blobs. */
typedef struct Buf Buf;
struct Buf { u8 *a; i64 n, nAlloc; };

static int buf_room(Buf *b, i64 nMore){
  if( b->n+nMore > b->nAlloc ){
    i64 nNew = b->nAlloc ? b->nAlloc*2 : 256;
    u8 *a;
    while( nNew < b->n+nMore ) nNew *= 2;
    a = sqlite3_realloc64(b->a, (u64)nNew);
    if( a==0 ) return SQLITE_NOMEM;
    b->a = a;
    b->nAlloc = nNew;
  }
  return SQLITE_OK;
}

static int buf_varint(Buf *b, u64 v){
  if( buf_room(b, 10) ) return SQLITE_NOMEM;
  while( v>=0x80 ){ b->a[b->n++] = (u8)(v|0x80); v >>= 7; }
  b->a[b->n++] = (u8)v;
  return SQLITE_OK;
}

static int buf_u64(Buf *b, u64 v){
  if( buf_room(b, 8) ) return SQLITE_NOMEM;
  put_le64(b->a+b->n, v);
  b->n += 8;
  return SQLITE_OK;
}

/* Append the hash of the payload (seeded with the row's key). */
static int buf_seal(Buf *b, u64 seed){
  return buf_u64(b, papers_simstore_hash(seed, b->a, b->n));
}

/* A checked reader over a blob's payload: any read past the end, or a
** varint longer than 64 bits, sets bad and returns 0. */
typedef struct Rd Rd;
struct Rd { const u8 *p, *e; int bad; };

static u64 rd_varint(Rd *r){
  u64 v = 0;
  int s;
  for(s=0; s<64 && r->p<r->e; s+=7){
    u8 c = *r->p++;
    if( s==63 && c>1 ) break;
    v |= (u64)(c & 0x7f) << s;
    if( (c & 0x80)==0 ) return v;
  }
  r->bad = 1;
  r->p = r->e;
  return 0;
}

static u64 rd_u64(Rd *r){
  u64 v;
  if( r->e - r->p < 8 ){ r->bad = 1; r->p = r->e; return 0; }
  v = get_le64(r->p);
  r->p += 8;
  return v;
}

/* Open blob a[0..n) whose last 8 bytes must be the hash of the rest with
** this seed. 1 and *r set, or 0 (too short, or the hash differs). */
static int blob_open(Rd *r, const void *a, int n, u64 seed){
  const u8 *z = (const u8*)a;
  if( z==0 || n<8 ) return 0;
  if( get_le64(z+n-8)!=papers_simstore_hash(seed, z, n-8) ) return 0;
  r->p = z;
  r->e = z+n-8;
  r->bad = 0;
  return 1;
}

/* Seeds: one per kind of blob, mixed with the row's key. */
static u64 seed_postings(i64 id){ return papers_mix64((u64)id ^ 0x1000000000000001ULL); }
static u64 seed_norm(i64 id){ return papers_mix64((u64)id ^ 0x2000000000000002ULL); }
static u64 seed_sums(i64 id){ return papers_mix64((u64)id ^ 0x3000000000000003ULL); }
static u64 seed_entries(i64 id){ return papers_mix64((u64)id ^ 0x4000000000000004ULL); }
static u64 seed_paper(u64 pid, i64 doc){
  return papers_mix64(papers_mix64(pid ^ 0x5000000000000005ULL) ^ (u64)doc);
}
static u64 seed_doc(i64 id, u64 pid, i64 file, i64 off, i64 pos, i64 line){
  u64 h = papers_mix64((u64)id ^ 0x6000000000000006ULL);
  h = papers_mix64(h ^ pid);
  h = papers_mix64(h ^ (u64)file);
  h = papers_mix64(h ^ (u64)off);
  h = papers_mix64(h ^ (u64)pos);
  return papers_mix64(h ^ (u64)line);
}

static double tfw(u32 tf){ return tf==1 ? 1.0 : 1.0 + log((double)tf); }
static double st_b(i64 df){ return log(1.0 + (double)df); }

/* Double-double accumulation: (*pHi,*pLo) += x, with no rounding lost
** (Knuth's TwoSum). */
static void dd_add(double *pHi, double *pLo, double x){
  double s = *pHi + x;
  double bp = s - *pHi;
  double err = (*pHi - (s - bp)) + (x - bp);
  double lo = *pLo + err;
  double hi = s + lo;
  *pLo = lo - (hi - s);
  *pHi = hi;
}

/* 1/|d| from the sums and A = ln(1+N) + 1. */
static double inv_norm(double s0, const double *s1, const double *s2, double A){
  double n2;
  if( s0<=0.0 ) return 0.0;
  n2 = A*A*s0 - 2.0*A*(s1[0] + s1[1]) + (s2[0] + s2[1]);
  return n2>0.0 ? 1.0/sqrt(n2) : 0.0;
}

static double st_A(i64 nDoc){ return log(1.0 + (double)nDoc) + 1.0; }

/* "@name" in a template becomes "schema"."table_name". */
static char *st_sql(PapersSimStore *p, const char *zTpl){
  sqlite3_str *s = sqlite3_str_new(p->db);
  const char *z;
  for(z=zTpl; *z; z++){
    if( *z=='@' ){
      const char *e = z+1;
      while( *e>='a' && *e<='z' ) e++;
      sqlite3_str_appendf(s, "\"%w\".\"%w_%.*s\"", p->zDb, p->zTab, (int)(e-z-1), z+1);
      z = e-1;
    }else{
      sqlite3_str_appendchar(s, 1, *z);
    }
  }
  return sqlite3_str_finish(s);
}

/* Errors go to *pzErr (the caller's), as a whole message. */
static int st_fail(PapersSimStore *p, char **pzErr, int rc, const char *zFmt, ...){
  va_list ap;
  char *z;
  va_start(ap, zFmt);
  z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  sqlite3_free(*pzErr);
  *pzErr = z ? sqlite3_mprintf("%s: %s", p->zTab, z) : 0;
  sqlite3_free(z);
  return *pzErr ? rc : SQLITE_NOMEM;
}

/* "T: the saved similarity index STATE: WHAT; run ... 'rebuild'": rc. */
static int st_vreport(PapersSimStore *p, char **pzErr, int rc, const char *zState,
                      const char *zFmt, va_list ap){
  char *z = sqlite3_vmprintf(zFmt, ap);
  if( z==0 ) return SQLITE_NOMEM;
  sqlite3_free(*pzErr);
  *pzErr = sqlite3_mprintf("%s: the saved similarity index %s: %s;"
                           " run INSERT INTO \"%w\"(\"%w\") VALUES('rebuild')",
                           p->zTab, zState, z, p->zTab, p->zTab);
  sqlite3_free(z);
  return *pzErr ? rc : SQLITE_NOMEM;
}

/* Damage: SQLITE_CORRUPT_VTAB with the message the README documents. */
static int st_damaged(PapersSimStore *p, char **pzErr, const char *zFmt, ...){
  va_list ap;
  int rc;
  va_start(ap, zFmt);
  rc = st_vreport(p, pzErr, SQLITE_CORRUPT_VTAB, "is damaged", zFmt, ap);
  va_end(ap);
  return rc;
}

/* An error of SQL run on a shadow table. Reading one that is missing a
** column or is not a table is damage; out of memory and interrupts stay
** what they are; the rest names the statement's error. */
static int st_sqlerr(PapersSimStore *p, char **pzErr, int rc, const char *zWhat){
  if( rc==SQLITE_NOMEM || rc==SQLITE_INTERRUPT ) return rc;
  if( (rc & 0xff)==SQLITE_ERROR || (rc & 0xff)==SQLITE_MISMATCH
   || (rc & 0xff)==SQLITE_CORRUPT ){
    return st_damaged(p, pzErr, "%s: %s", zWhat, sqlite3_errmsg(p->db));
  }
  return st_fail(p, pzErr, rc, "%s: %s", zWhat, sqlite3_errmsg(p->db));
}

static int st_prep(PapersSimStore *p, sqlite3_stmt **pp, const char *zTpl,
                   char **pzErr){
  char *z = st_sql(p, zTpl);
  int rc;
  *pp = 0;
  if( z==0 ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(p->db, z, -1, pp, 0);
  sqlite3_free(z);
  if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "preparing a statement");
  return rc;
}

/* End a statement stepped to its last row, or left early with the error
** rc: when there is none, the statement's own error is reported as one of
** reading zWhat. The statement is finalized and *pp cleared. */
static int st_done(PapersSimStore *p, sqlite3_stmt **pp, int rc, char **pzErr,
                   const char *zWhat){
  if( rc==SQLITE_OK ){
    rc = sqlite3_reset(*pp);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, zWhat);
  }
  sqlite3_finalize(*pp);
  *pp = 0;
  return rc;
}

/* Run one statement of the template (no result). */
static int st_exec(PapersSimStore *p, const char *zTpl, char **pzErr){
  sqlite3_stmt *pStmt;
  int rc = st_prep(p, &pStmt, zTpl, pzErr);
  if( rc==SQLITE_OK ){
    rc = sqlite3_step(pStmt);
    rc = rc==SQLITE_DONE || rc==SQLITE_ROW ? SQLITE_OK : sqlite3_reset(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the index");
  }
  sqlite3_finalize(pStmt);
  return rc;
}

/* Run a statement of one parameter (a DELETE by key) for each of
** aKey[0..n). */
static int st_delete_keys(PapersSimStore *p, const char *zTpl, const i64 *aKey, int n,
                          char **pzErr);

/* Step a statement that writes; SQLITE_OK or its error (reset). */
static int st_step_write(sqlite3_stmt *pStmt){
  int rc = sqlite3_step(pStmt);
  sqlite3_reset(pStmt);
  return rc==SQLITE_DONE || rc==SQLITE_ROW ? SQLITE_OK : rc;
}

static int st_delete_keys(PapersSimStore *p, const char *zTpl, const i64 *aKey, int n,
                          char **pzErr){
  sqlite3_stmt *pStmt = 0;
  int i, rc = n>0 ? st_prep(p, &pStmt, zTpl, pzErr) : SQLITE_OK;
  for(i=0; rc==SQLITE_OK && i<n; i++){
    sqlite3_bind_int64(pStmt, 1, aKey[i]);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "deleting rows");
  }
  sqlite3_finalize(pStmt);
  return rc;
}

/* ------------------------------------------------------ shadow tables */

int papers_simstore_is_shadow(const char *zSuffix){
  int i;
  for(i=0; i<ST_NSCHEMA; i++){
    if( sqlite3_stricmp(zSuffix, aSchema[i].zName)==0 ) return 1;
  }
  return 0;
}

static int schema_exec(sqlite3 *db, const char *zDb, const char *zTable,
                       const char *zFmt, char **pzErr){
  int i, rc = SQLITE_OK;
  for(i=0; rc==SQLITE_OK && i<ST_NSCHEMA; i++){
    char *z = sqlite3_mprintf(zFmt, zDb, zTable, aSchema[i].zName, aSchema[i].zCols);
    if( z==0 ) return SQLITE_NOMEM;
    rc = sqlite3_exec(db, z, 0, 0, pzErr);
    sqlite3_free(z);
  }
  return rc;
}

int papers_simstore_create(sqlite3 *db, const char *zDb, const char *zTable,
                           char **pzErr){
  return schema_exec(db, zDb, zTable, "CREATE TABLE \"%w\".\"%w_%s\"%s", pzErr);
}

/* The same, for a table whose shadow tables are missing (made by a version
** without them, or dropped): inside the first save's transaction. */
static int st_create_missing(PapersSimStore *p, char **pzErr){
  char *zErr = 0;
  int rc = schema_exec(p->db, p->zDb, p->zTab,
                       "CREATE TABLE IF NOT EXISTS \"%w\".\"%w_%s\"%s", &zErr);
  if( rc!=SQLITE_OK && rc!=SQLITE_NOMEM ){
    rc = st_fail(p, pzErr, rc, "cannot create the index tables: %s", zErr ? zErr : "");
  }
  sqlite3_free(zErr);
  return rc;
}

int papers_simstore_drop(sqlite3 *db, const char *zDb, const char *zTable){
  int i, rc = SQLITE_OK;
  for(i=0; rc==SQLITE_OK && i<ST_NSCHEMA; i++){
    char *z = sqlite3_mprintf("DROP TABLE IF EXISTS \"%w\".\"%w_%s\"",
                              zDb, zTable, aSchema[i].zName);
    if( z==0 ) return SQLITE_NOMEM;
    rc = sqlite3_exec(db, z, 0, 0, 0);
    sqlite3_free(z);
  }
  return rc;
}

int papers_simstore_rename(sqlite3 *db, const char *zDb, const char *zOld,
                           const char *zNew){
  int i, rc = SQLITE_OK;
  for(i=0; rc==SQLITE_OK && i<ST_NSCHEMA; i++){
    sqlite3_stmt *pStmt = 0;
    char *zName = sqlite3_mprintf("%s_%s", zOld, aSchema[i].zName);
    char *zSql = sqlite3_mprintf("SELECT 1 FROM \"%w\".sqlite_schema WHERE type='table'"
                                 " AND name=%Q", zDb, zName);
    int bExists = 0;
    if( zName==0 || zSql==0 ) rc = SQLITE_NOMEM;
    if( rc==SQLITE_OK ) rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
    if( rc==SQLITE_OK ) bExists = sqlite3_step(pStmt)==SQLITE_ROW;
    if( rc==SQLITE_OK ) rc = sqlite3_finalize(pStmt); else sqlite3_finalize(pStmt);
    sqlite3_free(zSql);
    if( rc==SQLITE_OK && bExists ){
      zSql = sqlite3_mprintf("ALTER TABLE \"%w\".\"%w\" RENAME TO \"%w_%s\"",
                             zDb, zName, zNew, aSchema[i].zName);
      rc = zSql ? sqlite3_exec(db, zSql, 0, 0, 0) : SQLITE_NOMEM;
      sqlite3_free(zSql);
    }
    sqlite3_free(zName);
  }
  return rc;
}

/* Do all the shadow tables exist? (1, 0, or -1 with *prc set) */
static int st_tables_exist(PapersSimStore *p, int *prc){
  sqlite3_stmt *pStmt = 0;
  sqlite3_str *s = sqlite3_str_new(p->db);
  char *zSql;
  int n = -1, rc, i;
  sqlite3_str_appendf(s, "SELECT count(*) FROM \"%w\".sqlite_schema WHERE type='table'"
                         " AND name COLLATE NOCASE IN (", p->zDb);
  for(i=0; i<ST_NSCHEMA; i++){
    sqlite3_str_appendf(s, "%s'%q_%s'", i ? "," : "", p->zTab, aSchema[i].zName);
  }
  sqlite3_str_appendchar(s, 1, ')');
  zSql = sqlite3_str_finish(s);
  if( zSql==0 ){ *prc = SQLITE_NOMEM; return -1; }
  rc = sqlite3_prepare_v2(p->db, zSql, -1, &pStmt, 0);
  sqlite3_free(zSql);
  if( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ) n = sqlite3_column_int(pStmt, 0);
  rc = sqlite3_finalize(pStmt);
  if( rc!=SQLITE_OK ){ *prc = rc; return -1; }
  return n==ST_NSCHEMA;
}

/* ------------------------------------------------------- the snapshot */

int papers_simstore_open(sqlite3 *db, const char *zDb, const char *zTable,
                         const char *zPath, int bRecursive, PapersSimStore **pp){
  PapersSimStore *p = sqlite3_malloc64(sizeof(*p));
  PapersTokOptions o;
  int rc;
  *pp = p;
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  p->db = db;
  p->bRecursive = bRecursive;
  p->iProblem = -1;
  p->iVer = -1;
  p->zDb = sqlite3_mprintf("%s", zDb);
  p->zTab = sqlite3_mprintf("%s", zTable);
  p->zPath = sqlite3_mprintf("%s", zPath);
  if( p->zDb==0 || p->zTab==0 || p->zPath==0 ) return SQLITE_NOMEM;
  memset(&o, 0, sizeof(o));
  o.stem = 1;
  o.stopwords = 1;
  rc = papers_tokenizer_new(&o, &p->pTok);
  return rc;
}

static void st_free_slots(PapersSimStore *p){
  sqlite3_free(p->aInv);  p->aInv = 0;
  sqlite3_free(p->aFid);  p->aFid = 0;
  sqlite3_free(p->aPos);  p->aPos = 0;
  sqlite3_free(p->aRank); p->aRank = 0;
  sqlite3_free(p->aS0);   p->aS0 = 0;
  sqlite3_free(p->aS1);   p->aS1 = 0;
  sqlite3_free(p->aS2);   p->aS2 = 0;
  p->bNorms = p->bSums = 0;
}

static void st_free_files(StFile *a, int n){
  int i;
  for(i=0; i<n; i++){
    sqlite3_free(a[i].zName);
    sqlite3_free(a[i].zProblem);
  }
  sqlite3_free(a);
}

/* Forget the snapshot (and the index made from it). */
static void st_forget(PapersSimStore *p){
  st_free_files(p->aFile, p->nFile);
  p->aFile = 0;
  p->nFile = 0;
  sqlite3_free(p->aById);
  p->aById = 0;
  st_free_slots(p);
  if( p->pIdx && !p->bIdxFiles ){
    papers_simindex_free(p->pIdx);
    p->pIdx = 0;
  }
  p->bSnap = 0;
  p->nLazy = 0;
}

static void st_drop_index(PapersSimStore *p){
  papers_simindex_free(p->pIdx);
  p->pIdx = 0;
  p->bIdxFiles = 0;
  p->iIdxGen = 0;
}

void papers_simstore_close(PapersSimStore *p){
  if( p==0 ) return;
  sqlite3_finalize(p->pVer);
  sqlite3_finalize(p->pGen);
  st_forget(p);
  st_drop_index(p);
  papers_tokenizer_free(p->pTok);
  sqlite3_free(p->zProblem);
  sqlite3_free(p->zDb);
  sqlite3_free(p->zTab);
  sqlite3_free(p->zPath);
  sqlite3_free(p);
}

sqlite3 *papers_simstore_db(PapersSimStore *p){ return p->db; }
const char *papers_simstore_schema(PapersSimStore *p){ return p->zDb; }
const char *papers_simstore_table(PapersSimStore *p){ return p->zTab; }

static int file_name_cmp(const void *a, const void *b){
  return strcmp(((const StFile*)a)->zName, ((const StFile*)b)->zName);
}

static int file_id_cmp(const void *a, const void *b, void *pCtx){
  const StFile *f = (const StFile*)pCtx;
  i64 x = f[*(const int*)a].id, y = f[*(const int*)b].id;
  return x<y ? -1 : x>y;
}

/* The index in p->aFile of file id, or -1. */
static int st_file_by_id(const PapersSimStore *p, i64 id){
  int lo = 0, hi = p->nFile;
  while( lo<hi ){
    int mid = lo + (hi-lo)/2;
    i64 x = p->aFile[p->aById[mid]].id;
    if( x==id ) return p->aById[mid];
    if( x<id ) lo = mid+1; else hi = mid;
  }
  return -1;
}

/* Read config value zKey as an integer in [lo, hi] into *pv. */
static int config_int(PapersSimStore *p, sqlite3_stmt *pStmt, const char *zKey,
                      i64 lo, i64 hi, i64 *pv, char **pzErr){
  int rc;
  sqlite3_bind_text(pStmt, 1, zKey, -1, SQLITE_STATIC);
  rc = sqlite3_step(pStmt);
  if( rc==SQLITE_ROW && sqlite3_column_type(pStmt, 0)==SQLITE_INTEGER ){
    *pv = sqlite3_column_int64(pStmt, 0);
    sqlite3_reset(pStmt);
    if( *pv<lo || *pv>hi ) return st_damaged(p, pzErr, "config %s is %lld", zKey, *pv);
    return SQLITE_OK;
  }
  rc = sqlite3_reset(pStmt);
  if( rc!=SQLITE_OK ) return st_sqlerr(p, pzErr, rc, "reading the config");
  return st_damaged(p, pzErr, "config %s is missing or not an integer", zKey);
}

/* The generation of the saved index (0 when there is none: no tables, or
** no config yet). */
static int st_generation(PapersSimStore *p, i64 *piGen, char **pzErr){
  sqlite3_stmt *pStmt;
  int rc, e;
  i64 iVer = -1;
  *piGen = 0;
  /* which tables exist is read again only when the schema changed */
  if( p->pVer==0 ){
    char *zSql = sqlite3_mprintf("PRAGMA \"%w\".schema_version", p->zDb);
    rc = zSql ? sqlite3_prepare_v2(p->db, zSql, -1, &p->pVer, 0) : SQLITE_NOMEM;
    sqlite3_free(zSql);
    if( rc!=SQLITE_OK ) return st_sqlerr(p, pzErr, rc, "reading the schema");
  }
  if( sqlite3_step(p->pVer)==SQLITE_ROW ) iVer = sqlite3_column_int64(p->pVer, 0);
  rc = sqlite3_reset(p->pVer);
  if( rc!=SQLITE_OK ) return st_sqlerr(p, pzErr, rc, "reading the schema");
  if( iVer<0 || iVer!=p->iVer ){
    e = st_tables_exist(p, &rc);
    if( e<0 ) return st_sqlerr(p, pzErr, rc, "reading the schema");
    p->bTables = e;
    p->iVer = iVer;
    sqlite3_finalize(p->pGen);
    p->pGen = 0;
  }
  if( !p->bTables ) return SQLITE_OK;
  if( p->pGen==0 ){
    rc = st_prep(p, &p->pGen, "SELECT v FROM @config WHERE k='generation'", pzErr);
    if( rc!=SQLITE_OK ) return rc;
  }
  pStmt = p->pGen;
  rc = sqlite3_step(pStmt);
  if( rc==SQLITE_ROW ){
    if( sqlite3_column_type(pStmt, 0)!=SQLITE_INTEGER || sqlite3_column_int64(pStmt, 0)==0 ){
      sqlite3_reset(pStmt);
      return st_damaged(p, pzErr, "config generation is not a non-zero integer");
    }
    *piGen = sqlite3_column_int64(pStmt, 0);
    rc = SQLITE_OK;
  }else if( rc==SQLITE_DONE ){
    rc = SQLITE_OK;
  }
  if( rc!=SQLITE_OK ){
    rc = st_sqlerr(p, pzErr, sqlite3_reset(pStmt), "reading the config");
  }else{
    sqlite3_reset(pStmt);
  }
  return rc;
}

/* Make the snapshot current: config and files of the saved index, read
** again only when its generation changed (another connection saved, or
** this one did). */
static int st_snapshot(PapersSimStore *p, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  i64 iGen, v;
  int rc, nAlloc = 0, i;
  rc = st_generation(p, &iGen, pzErr);
  if( rc!=SQLITE_OK ) return rc;
  if( p->bSnap && p->iGen==iGen ) return SQLITE_OK;
  st_forget(p);
  p->iGen = iGen;
  p->bNone = iGen==0;
  p->bOther = 0;
  p->nDoc = p->nSlot = p->nPost = 0;
  p->nNextTerm = p->nNextFile = 1;
  if( p->bNone ){
    p->bSnap = 1;
    return SQLITE_OK;
  }
  rc = st_prep(p, &pStmt, "SELECT v FROM @config WHERE k=?", pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "version", 0, INT64_MAX, &v, pzErr);
  if( rc==SQLITE_OK && v!=ST_VERSION ){
    /* another layout: not damage, it is made again */
    p->bOther = 1;
    sqlite3_finalize(pStmt);
    p->bSnap = 1;
    return SQLITE_OK;
  }
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "nslot", 0, ST_MAX_ID, &p->nSlot, pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "ndoc", 0, p->nSlot, &p->nDoc, pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "nextterm", 1, ST_MAX_ID, &p->nNextTerm, pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "nextfile", 1, ST_MAX_ID, &p->nNextFile, pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "npost", 0, (i64)1<<50, &p->nPost, pzErr);
  if( rc==SQLITE_OK ) rc = config_int(p, pStmt, "recursive", 0, 1, &v, pzErr);
  if( rc==SQLITE_OK && v!=p->bRecursive ) p->bOther = 1;
  if( rc==SQLITE_OK ){
    sqlite3_bind_text(pStmt, 1, "path", -1, SQLITE_STATIC);
    if( sqlite3_step(pStmt)!=SQLITE_ROW || sqlite3_column_type(pStmt, 0)!=SQLITE_TEXT ){
      rc = st_damaged(p, pzErr, "config path is missing");
    }else if( strcmp((const char*)sqlite3_column_text(pStmt, 0), p->zPath)!=0 ){
      p->bOther = 1;
    }
    sqlite3_reset(pStmt);
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt,
        "SELECT id, name, size, mtime, inode, pkind, problem FROM @files", pzErr);
  }
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    StFile *f;
    if( p->nFile>=ST_MAX_ID ){ rc = st_damaged(p, pzErr, "too many files"); break; }
    rc = papers_grow(&p->aFile, &nAlloc, p->nFile+1, sizeof(StFile), 64);
    if( rc!=SQLITE_OK ) break;
    f = &p->aFile[p->nFile];
    memset(f, 0, sizeof(*f));
    if( sqlite3_column_type(pStmt, 0)!=SQLITE_INTEGER || sqlite3_column_type(pStmt, 1)!=SQLITE_TEXT
     || sqlite3_column_type(pStmt, 2)!=SQLITE_INTEGER || sqlite3_column_type(pStmt, 3)!=SQLITE_INTEGER
     || sqlite3_column_type(pStmt, 4)!=SQLITE_INTEGER || sqlite3_column_type(pStmt, 5)!=SQLITE_INTEGER ){
      rc = st_damaged(p, pzErr, "a row of %s_files has a value of the wrong type", p->zTab);
      break;
    }
    f->id = sqlite3_column_int64(pStmt, 0);
    f->nSize = sqlite3_column_int64(pStmt, 2);
    f->iMtime = sqlite3_column_int64(pStmt, 3);
    f->iInode = sqlite3_column_int64(pStmt, 4);
    f->eKind = sqlite3_column_int(pStmt, 5);
    f->zName = sqlite3_mprintf("%s", sqlite3_column_text(pStmt, 1));
    if( f->zName==0 ){ rc = SQLITE_NOMEM; break; }
    p->nFile++;
    if( (int)strlen(f->zName)!=sqlite3_column_bytes(pStmt, 1) || f->zName[0]==0 ){
      rc = st_damaged(p, pzErr, "a file name of %s_files is empty or holds a NUL", p->zTab);
      break;
    }
    if( f->id<1 || f->id>=p->nNextFile || sqlite3_column_int64(pStmt, 5)<0
     || sqlite3_column_int64(pStmt, 5)>2 ){
      rc = st_damaged(p, pzErr, "file %s has id %lld or problem kind %lld", f->zName,
                      f->id, sqlite3_column_int64(pStmt, 5));
      break;
    }
    if( f->eKind!=0 ){
      if( sqlite3_column_type(pStmt, 6)!=SQLITE_TEXT ){
        rc = st_damaged(p, pzErr, "file %s has a problem kind but no problem", f->zName);
        break;
      }
      f->zProblem = sqlite3_mprintf("%s", sqlite3_column_text(pStmt, 6));
      if( f->zProblem==0 ){ rc = SQLITE_NOMEM; break; }
    }
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the files");
  if( rc==SQLITE_OK && p->nFile>0 ){
    /* names unique, in the listing's (byte) order; ids unique */
    qsort(p->aFile, p->nFile, sizeof(StFile), file_name_cmp);
    p->aById = sqlite3_malloc64(sizeof(int)*(u64)p->nFile);
    if( p->aById==0 ) rc = SQLITE_NOMEM;
    for(i=0; rc==SQLITE_OK && i<p->nFile; i++){
      p->aById[i] = i;
      if( i>0 && strcmp(p->aFile[i-1].zName, p->aFile[i].zName)==0 ){
        rc = st_damaged(p, pzErr, "file %s is listed twice", p->aFile[i].zName);
      }
    }
    if( rc==SQLITE_OK ){
      qsort_r(p->aById, p->nFile, sizeof(int), file_id_cmp, p->aFile);
      for(i=1; rc==SQLITE_OK && i<p->nFile; i++){
        if( p->aFile[p->aById[i]].id==p->aFile[p->aById[i-1]].id ){
          rc = st_damaged(p, pzErr, "file id %lld is used twice", p->aFile[p->aById[i]].id);
        }
      }
    }
  }
  if( rc!=SQLITE_OK ){
    st_forget(p);
    return rc;
  }
  p->bSnap = 1;
  return SQLITE_OK;
}

/* Load the per-slot arrays of T_norms: the norm part (bSums 0) for a
** query, or both parts for an update. */
static int st_load_slots(PapersSimStore *p, int bSums, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  i64 nChunk = (p->nSlot + ST_CHUNK - 1)/ST_CHUNK, iNext = 0, nLive = 0, s;
  u64 n = (u64)p->nSlot + 1;
  int rc = SQLITE_OK;
  if( p->bNorms && (!bSums || p->bSums) ) return SQLITE_OK;
  st_free_slots(p);
  p->aInv = sqlite3_malloc64(sizeof(double)*n);
  p->aFid = sqlite3_malloc64(sizeof(u32)*n);
  p->aPos = sqlite3_malloc64(sizeof(u32)*n);
  p->aRank = sqlite3_malloc64(sizeof(int)*n);
  if( bSums ){
    p->aS0 = sqlite3_malloc64(sizeof(double)*n);
    p->aS1 = sqlite3_malloc64(sizeof(double)*2*n);
    p->aS2 = sqlite3_malloc64(sizeof(double)*2*n);
  }
  if( !p->aInv || !p->aFid || !p->aPos || !p->aRank
   || (bSums && (!p->aS0 || !p->aS1 || !p->aS2)) ){
    st_free_slots(p);
    return SQLITE_NOMEM;
  }
  rc = st_prep(p, &pStmt, bSums ? "SELECT id, norm, sums FROM @norms ORDER BY id"
                                 : "SELECT id, norm FROM @norms ORDER BY id", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0), s0, nIn;
    Rd r, r2;
    memset(&r2, 0, sizeof(r2));
    if( sqlite3_column_type(pStmt, 0)!=SQLITE_INTEGER || id!=iNext || id>=nChunk ){
      rc = st_damaged(p, pzErr, "norms row %lld is out of place", id);
      break;
    }
    s0 = id*ST_CHUNK;
    nIn = p->nSlot - s0 < ST_CHUNK ? p->nSlot - s0 : ST_CHUNK;
    iNext++;
    if( !blob_open(&r, sqlite3_column_blob(pStmt, 1), sqlite3_column_bytes(pStmt, 1),
                   seed_norm(id))
     || r.e - r.p != nIn*ST_NORM ){
      rc = st_damaged(p, pzErr, "norms row %lld has a bad length or checksum", id);
      break;
    }
    if( bSums && (!blob_open(&r2, sqlite3_column_blob(pStmt, 2), sqlite3_column_bytes(pStmt, 2),
                             seed_sums(id))
               || r2.e - r2.p != nIn*ST_SUMS) ){
      rc = st_damaged(p, pzErr, "sums row %lld has a bad length or checksum", id);
      break;
    }
    for(s=s0; s<s0+nIn; s++){
      const u8 *a = r.p + (s-s0)*ST_NORM;
      double inv = get_f64(a);
      u32 fid = get_le32(a+8);
      p->aInv[s] = inv;
      p->aFid[s] = fid;
      p->aPos[s] = get_le32(a+12);
      p->aRank[s] = -1;
      if( fid!=0 ){
        int iFile = st_file_by_id(p, fid);
        if( iFile<0 || !(inv>=0.0 && inv<INFINITY) || p->aPos[s]<1 ){
          rc = st_damaged(p, pzErr, "slot %lld names file %u, norm %g, position %u",
                          s, fid, inv, p->aPos[s]);
          break;
        }
        p->aRank[s] = iFile;
        nLive++;
      }
      if( bSums ){
        const u8 *b = r2.p + (s-s0)*ST_SUMS;
        int k;
        p->aS0[s] = get_f64(b);
        p->aS1[2*s] = get_f64(b+8);
        p->aS1[2*s+1] = get_f64(b+16);
        p->aS2[2*s] = get_f64(b+24);
        p->aS2[2*s+1] = get_f64(b+32);
        for(k=0; k<5; k++){
          double x = get_f64(b+8*k);
          if( !(x>-INFINITY && x<INFINITY) ){
            rc = st_damaged(p, pzErr, "the sums of slot %lld are not finite", s);
            break;
          }
        }
        if( rc!=SQLITE_OK ) break;
      }
    }
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the norms");
  if( rc==SQLITE_OK && iNext!=nChunk ){
    rc = st_damaged(p, pzErr, "%lld norms rows for %lld slots", iNext, p->nSlot);
  }
  if( rc==SQLITE_OK && nLive!=p->nDoc ){
    rc = st_damaged(p, pzErr, "%lld live slots, config says %lld documents", nLive, p->nDoc);
  }
  if( rc!=SQLITE_OK ){
    st_free_slots(p);
    return rc;
  }
  p->bNorms = 1;
  p->bSums = bSums;
  return SQLITE_OK;
}

/* Is the saved index current for this listing? Per file: the same name,
** size, mtime and inode, no write seen by the watch, and a file that could
** not be read is still unreadable. */
static int st_file_same_ex(const StFile *f, const PapersFile *g,
                           const PapersSimRequest *pReq, int bSaved){
  if( strcmp(f->zName, g->zRel)!=0 ) return 0;
  if( f->nSize!=g->nSize || f->iMtime!=g->iMtimeNs || f->iInode!=g->iInode ) return 0;
  if( (g->zProblem!=0)!=(f->eKind==1) ) return 0;
  if( f->eKind==2 && papers_file_readable(g->zPath) ) return 0;
  if( !bSaved && pReq->xWritten && pReq->xWritten(pReq->pWrittenArg, g->zRel) ) return 0;
  return 1;
}

static int st_file_same(const StFile *f, const PapersFile *g,
                        const PapersSimRequest *pReq){
  return st_file_same_ex(f, g, pReq, 0);
}

/* bSaved: the index was just saved from this listing, so the watch's
** writes are read already. */
static int st_fresh_ex(PapersSimStore *p, const PapersSimRequest *pReq, int bSaved){
  const PapersFileList *pFiles = pReq->pFiles;
  int i;
  if( p->bNone || p->bOther || p->nFile!=pFiles->n ) return 0;
  for(i=0; i<pFiles->n; i++){
    if( !st_file_same_ex(&p->aFile[i], &pFiles->a[i], pReq, bSaved) ) return 0;
  }
  return 1;
}

static int st_fresh(PapersSimStore *p, const PapersSimRequest *pReq){
  return st_fresh_ex(p, pReq, 0);
}

/* ------------------------------------------------------------- codecs */

/* A posting list being read or written: slots in increasing order, tf. */
typedef struct PList PList;
struct PList { u32 *aSlot; u16 *aTf; int n, nAlloc; };

static int plist_add(PList *l, u32 slot, u16 tf){
  if( l->n>=l->nAlloc ){
    int nNew = l->nAlloc ? l->nAlloc*2 : 64;
    u32 *a = sqlite3_realloc64(l->aSlot, sizeof(u32)*(u64)nNew);
    u16 *b;
    if( a==0 ) return SQLITE_NOMEM;
    l->aSlot = a;
    b = sqlite3_realloc64(l->aTf, sizeof(u16)*(u64)nNew);
    if( b==0 ) return SQLITE_NOMEM;
    l->aTf = b;
    l->nAlloc = nNew;
  }
  l->aSlot[l->n] = slot;
  l->aTf[l->n] = tf;
  l->n++;
  return SQLITE_OK;
}

static void plist_free(PList *l){
  sqlite3_free(l->aSlot);
  sqlite3_free(l->aTf);
  memset(l, 0, sizeof(*l));
}

/* Encode (slot or term, tf) pairs, increasing keys: a count, then per pair
** the gap to the previous key (minus one) shifted left once, its low bit
** set when tf > 1 follows. */
static int enc_pairs(Buf *b, const u32 *aKey, const u16 *aTf, int n, i64 iFirst){
  i64 prev = iFirst - 1;
  int i, rc = buf_varint(b, (u64)n);
  for(i=0; rc==SQLITE_OK && i<n; i++){
    rc = buf_varint(b, ((u64)((i64)aKey[i] - prev - 1) << 1) | (aTf[i]>1));
    if( rc==SQLITE_OK && aTf[i]>1 ) rc = buf_varint(b, aTf[i]);
    prev = aKey[i];
  }
  return rc;
}

/* Room for nMore more pairs in l. */
static int plist_reserve(PList *l, i64 nMore){
  if( l->n + nMore > l->nAlloc ){
    i64 nNew = l->nAlloc ? l->nAlloc : 64;
    u32 *a;
    u16 *b;
    while( nNew < l->n + nMore ) nNew *= 2;
    if( nNew>0x7fffffff ) return SQLITE_NOMEM;
    a = sqlite3_realloc64(l->aSlot, sizeof(u32)*(u64)nNew);
    if( a==0 ) return SQLITE_NOMEM;
    l->aSlot = a;
    b = sqlite3_realloc64(l->aTf, sizeof(u16)*(u64)nNew);
    if( b==0 ) return SQLITE_NOMEM;
    l->aTf = b;
    l->nAlloc = (int)nNew;
  }
  return SQLITE_OK;
}

/* Decode pairs (encoded with iFirst) appended to l: keys > iAfter,
** strictly increasing, < iEnd, tf in 1..65535, exactly the payload. 1 if
** well formed. The loop is the hot path of queries and updates: a byte
** below 0x80 (a gap under 64 with tf 1, most postings) is taken at once. */
static int dec_pairs(Rd *r, PList *l, i64 iFirst, i64 iAfter, i64 iEnd, int *prc){
  u64 n = rd_varint(r), i;
  i64 prev = iFirst - 1;
  u32 *aKey;
  u16 *aTf;
  if( r->bad || n > (u64)(r->e - r->p) ) return 0;   /* a pair takes a byte at least */
  if( (*prc = plist_reserve(l, (i64)n))!=SQLITE_OK ) return 0;
  aKey = l->aSlot + l->n;
  aTf = l->aTf + l->n;
  for(i=0; i<n; i++){
    u64 v, tf = 1;
    i64 key;
    if( r->p<r->e && *r->p<0x80 ){
      v = *r->p++;
    }else{
      v = rd_varint(r);
    }
    if( v & 1 ){
      tf = rd_varint(r);
      if( tf<2 || tf>ST_TF_MAX ) return 0;
    }
    if( r->bad || (v>>1) >= (u64)(iEnd - prev) ) return 0;
    key = prev + 1 + (i64)(v>>1);
    if( key>=iEnd || key<=iAfter ) return 0;
    aKey[i] = (u32)key;
    aTf[i] = (u16)tf;
    prev = key;
  }
  if( r->p!=r->e || r->bad ) return 0;
  l->n += (int)n;
  return 1;
}

/* A file's entries: its distinct papers at their first entry in it. */
typedef struct StEntry StEntry;
struct StEntry { u64 pid; i64 iOff; int iPos, iLine; };

static int enc_entries(Buf *b, const StEntry *a, int n){
  int i, rc = buf_varint(b, (u64)n);
  for(i=0; rc==SQLITE_OK && i<n; i++){
    rc = buf_u64(b, a[i].pid);
    if( rc==SQLITE_OK ) rc = buf_varint(b, (u64)a[i].iOff);
    if( rc==SQLITE_OK ) rc = buf_varint(b, (u64)a[i].iPos);
    if( rc==SQLITE_OK ) rc = buf_varint(b, (u64)a[i].iLine);
  }
  return rc;
}

/* Decode entries into a new array: offsets, positions and lines
** increasing, positions and lines from 1. 1 if well formed. */
static int dec_entries(Rd *r, StEntry **paOut, int *pnOut, int *prc){
  u64 n = rd_varint(r), i;
  StEntry *a;
  i64 prevOff = -1, prevPos = 0, prevLine = 0;
  *paOut = 0;
  *pnOut = 0;
  if( r->bad || n > (u64)(r->e - r->p)/11 ) return 0;   /* 8 + 3 bytes each at least */
  a = sqlite3_malloc64(sizeof(StEntry)*(n+1));
  if( a==0 ){ *prc = SQLITE_NOMEM; return 0; }
  for(i=0; i<n; i++){
    a[i].pid = rd_u64(r);
    a[i].iOff = (i64)rd_varint(r);
    a[i].iPos = (int)rd_varint(r);
    a[i].iLine = (int)rd_varint(r);
    if( r->bad || a[i].iOff<=prevOff || a[i].iOff>((i64)1<<56)
     || a[i].iPos<=prevPos || a[i].iPos>ST_MAX_ID
     || a[i].iLine<=prevLine || a[i].iLine>ST_MAX_ID ){
      sqlite3_free(a);
      return 0;
    }
    prevOff = a[i].iOff;
    prevPos = a[i].iPos;
    prevLine = a[i].iLine;
  }
  if( r->p!=r->e ){ sqlite3_free(a); return 0; }
  *paOut = a;
  *pnOut = (int)n;
  return 1;
}

/* A paper's files: increasing file ids. */
static int enc_ids(Buf *b, const i64 *a, int n){
  i64 prev = 0;
  int i, rc = buf_varint(b, (u64)n);
  for(i=0; rc==SQLITE_OK && i<n; i++){
    rc = buf_varint(b, (u64)(a[i] - prev));
    prev = a[i];
  }
  return rc;
}

/* Decode file ids (each in [1, iEnd), increasing) into a new array. */
static int dec_ids(Rd *r, i64 **paOut, int *pnOut, i64 iEnd, int *prc){
  u64 n = rd_varint(r), i;
  i64 *a, prev = 0;
  *paOut = 0;
  *pnOut = 0;
  if( r->bad || n==0 || n > (u64)(r->e - r->p) ) return 0;
  a = sqlite3_malloc64(sizeof(i64)*(n+1));
  if( a==0 ){ *prc = SQLITE_NOMEM; return 0; }
  for(i=0; i<n; i++){
    u64 d = rd_varint(r);
    if( r->bad || d==0 || d >= (u64)(iEnd - prev) ){ sqlite3_free(a); return 0; }
    prev += (i64)d;
    a[i] = prev;
  }
  if( r->p!=r->e ){ sqlite3_free(a); return 0; }
  *paOut = a;
  *pnOut = (int)n;
  return 1;
}

/* The postings of term iTerm: every segment, in order, into l (appended),
** with the segment boundaries in aSegEnd (room for ST_SEGS; NULL: not
** wanted) and their number in *pnSeg. Checks each blob, that segments are
** numbered from 0 without a gap and hold increasing slots. */
static int st_read_postings(PapersSimStore *p, sqlite3_stmt *pStmt, i64 iTerm,
                            PList *l, int *aSegEnd, int *pnSeg, char **pzErr){
  int rc = SQLITE_OK, nSeg = 0;
  i64 iAfter = -1;
  sqlite3_bind_int64(pStmt, 1, iTerm*ST_SEGS);
  sqlite3_bind_int64(pStmt, 2, iTerm*ST_SEGS + ST_SEGS - 1);
  while( sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0);
    Rd r;
    if( id!=iTerm*ST_SEGS + nSeg
     || !blob_open(&r, sqlite3_column_blob(pStmt, 1), sqlite3_column_bytes(pStmt, 1),
                   seed_postings(id))
     || !dec_pairs(&r, l, 0, iAfter, p->nSlot, &rc) ){
      if( rc==SQLITE_OK ){
        rc = st_damaged(p, pzErr, "postings row %lld (term %lld) is out of place or malformed",
                        id, iTerm);
      }
      break;
    }
    if( aSegEnd ) aSegEnd[nSeg] = l->n;
    nSeg++;
    if( l->n>0 ) iAfter = l->aSlot[l->n-1];
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_reset(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "reading the postings");
  }else{
    sqlite3_reset(pStmt);
  }
  if( pnSeg ) *pnSeg = nSeg;
  return rc;
}

/* ------------------------------------------------------ a lazy query
** The first queries after a snapshot read only what they need: the rows
** of the query's terms and their postings, and the norms of every slot. */

/* The query's tokens, copied back to back. */
typedef struct QText QText;
struct QText { char *z; int n, nAlloc; int *aOff, *aLen; int nTok, nOffAlloc, nLenAlloc; };

static int qtext_token(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  QText *q = (QText*)pCtx;
  (void)iPos; (void)iStart; (void)iEnd;
  if( papers_grow(&q->z, &q->nAlloc, (i64)q->n + nTok, 1, 256)
   || papers_grow(&q->aOff, &q->nOffAlloc, q->nTok+1, sizeof(int), 32)
   || papers_grow(&q->aLen, &q->nLenAlloc, q->nTok+1, sizeof(int), 32) ){
    return SQLITE_NOMEM;
  }
  memcpy(q->z + q->n, zTok, nTok);
  q->aOff[q->nTok] = q->n;
  q->aLen[q->nTok] = nTok;
  q->nTok++;
  q->n += nTok;
  return SQLITE_OK;
}

static void qtext_free(QText *q){
  sqlite3_free(q->z);
  sqlite3_free(q->aOff);
  sqlite3_free(q->aLen);
  memset(q, 0, sizeof(*q));
}

typedef struct QSort QSort;
struct QSort { const char *z; int n; };
static int qsort_cmp(const void *a, const void *b){
  const QSort *x = (const QSort*)a, *y = (const QSort*)b;
  int c = memcmp(x->z, y->z, x->n<y->n ? x->n : y->n);
  return c ? c : x->n - y->n;
}

/* A query term known to the saved index. */
typedef struct LTerm LTerm;
struct LTerm { i64 id, df; u32 tf; double f; };

/* The order of two slots: path order (file rank, then position). */
static int slot_before(const PapersSimStore *p, u32 a, u32 b){
  if( p->aRank[a]!=p->aRank[b] ) return p->aRank[a]<p->aRank[b];
  return p->aPos[a]<p->aPos[b];
}

/* A heap of hits (iDoc holds the slot): the root is the worst. */
static int lhit_worse(const PapersSimStore *p, const PapersSimHit *a, const PapersSimHit *b){
  if( a->score!=b->score ) return a->score<b->score;
  return slot_before(p, (u32)b->iDoc, (u32)a->iDoc);
}

static void lheap_offer(const PapersSimStore *p, PapersSimHit *h, int *pn, int k,
                        u32 slot, double score){
  int i;
  PapersSimHit x;
  memset(&x, 0, sizeof(x));
  x.iDoc = (int)slot;
  x.score = score;
  if( *pn<k ){
    i = (*pn)++;
    h[i] = x;
    while( i>0 ){
      int up = (i-1)/2;
      PapersSimHit t;
      if( !lhit_worse(p, &h[i], &h[up]) ) break;
      t = h[i]; h[i] = h[up]; h[up] = t;
      i = up;
    }
    return;
  }
  if( !lhit_worse(p, &h[0], &x) ) return;
  h[0] = x;
  i = 0;
  for(;;){
    int l = 2*i+1, r = l+1, m = i;
    PapersSimHit t;
    if( l<*pn && lhit_worse(p, &h[l], &h[m]) ) m = l;
    if( r<*pn && lhit_worse(p, &h[r], &h[m]) ) m = r;
    if( m==i ) break;
    t = h[i]; h[i] = h[m]; h[m] = t;
    i = m;
  }
}

static int lhit_order(const void *a, const void *b, void *pCtx){
  const PapersSimStore *p = (const PapersSimStore*)pCtx;
  const PapersSimHit *x = (const PapersSimHit*)a, *y = (const PapersSimHit*)b;
  if( lhit_worse(p, y, x) ) return -1;
  if( lhit_worse(p, x, y) ) return 1;
  return 0;
}
static int slot_order(const void *a, const void *b, void *pCtx){
  const PapersSimStore *p = (const PapersSimStore*)pCtx;
  u32 x = *(const u32*)a, y = *(const u32*)b;
  if( slot_before(p, x, y) ) return -1;
  if( slot_before(p, y, x) ) return 1;
  return 0;
}

/* Where the hits' entries are, from their T_docs rows (checked against
** the norms and their own checksum). */
static int st_hit_places(PapersSimStore *p, PapersSimHit *aHit, int nHit, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  int rc = st_prep(p, &pStmt,
      "SELECT pid, file, off, pos, line, terms FROM @docs WHERE id=?", pzErr);
  int i;
  for(i=0; rc==SQLITE_OK && i<nHit; i++){
    u32 s = (u32)aHit[i].iDoc;
    i64 pid, fid, off, pos, line;
    Rd r;
    sqlite3_bind_int64(pStmt, 1, s);
    if( sqlite3_step(pStmt)!=SQLITE_ROW ){
      rc = sqlite3_reset(pStmt);
      if( rc==SQLITE_OK ) rc = st_damaged(p, pzErr, "document %u has no row", s);
      else rc = st_sqlerr(p, pzErr, rc, "reading a document");
      break;
    }
    pid = sqlite3_column_int64(pStmt, 0);
    fid = sqlite3_column_int64(pStmt, 1);
    off = sqlite3_column_int64(pStmt, 2);
    pos = sqlite3_column_int64(pStmt, 3);
    line = sqlite3_column_int64(pStmt, 4);
    if( fid!=p->aFid[s] || pos!=p->aPos[s] || off<0 || line<1 || line>ST_MAX_ID
     || !blob_open(&r, sqlite3_column_blob(pStmt, 5), sqlite3_column_bytes(pStmt, 5),
                   seed_doc(s, (u64)pid, fid, off, pos, line)) ){
      sqlite3_reset(pStmt);
      rc = st_damaged(p, pzErr, "the row of document %u does not match its norms"
                      " or its checksum", s);
      break;
    }
    aHit[i].iFile = p->aRank[s];
    aHit[i].iOffset = off;
    aHit[i].iPosition = (int)pos;
    aHit[i].iLine = (int)line;
    aHit[i].pid = (u64)pid;
    aHit[i].bPid = 1;
    sqlite3_reset(pStmt);
  }
  sqlite3_finalize(pStmt);
  return rc;
}

static int st_lazy_query(PapersSimStore *p, const char *zText, int nText, int k,
                         int (*xAccept)(void*, int), void *pArg,
                         PapersSimHit **paHit, int *pnHit, char **pzErr){
  QText q;
  QSort *aSort = 0;
  LTerm *aT = 0;
  PList l;
  double *aAcc = 0, n2 = 0.0;
  u32 *aTouched = 0;
  signed char *aOk = 0;
  PapersSimHit *aHit = 0;
  sqlite3_stmt *pTerm = 0, *pPost = 0;
  int rc, i, j, nT = 0, nTouched = 0, nHit = 0;
  const double N = (double)p->nDoc;

  memset(&q, 0, sizeof(q));
  memset(&l, 0, sizeof(l));
  *paHit = 0;
  *pnHit = 0;
  if( k==0 ) return SQLITE_OK;
  rc = st_load_slots(p, 0, pzErr);
  if( rc==SQLITE_OK ) rc = papers_tokenizer_run(p->pTok, zText, nText, &q, qtext_token);
  if( rc==SQLITE_OK ){
    aSort = sqlite3_malloc64(sizeof(QSort)*(u64)(q.nTok+1));
    aT = sqlite3_malloc64(sizeof(LTerm)*(u64)(q.nTok+1));
    aHit = sqlite3_malloc64(sizeof(PapersSimHit)*(u64)k);
    aAcc = sqlite3_malloc64(sizeof(double)*(u64)(p->nSlot+1));
    aTouched = sqlite3_malloc64(sizeof(u32)*(u64)(p->nSlot+1));
    aOk = sqlite3_malloc64((u64)p->nFile+1);
    if( !aSort || !aT || !aHit || !aAcc || !aTouched || !aOk ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ){
    memset(aAcc, 0, sizeof(double)*(u64)(p->nSlot+1));
    memset(aOk, 0xff, (u64)p->nFile+1);
    for(i=0; i<q.nTok; i++){
      aSort[i].z = q.z + q.aOff[i];
      aSort[i].n = q.aLen[i];
    }
    qsort(aSort, q.nTok, sizeof(QSort), qsort_cmp);
    rc = st_prep(p, &pTerm, "SELECT id, df FROM @terms WHERE term=?", pzErr);
  }
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pPost, "SELECT id, data FROM @postings WHERE id BETWEEN ? AND ? ORDER BY id",
                 pzErr);
  }
  /* distinct terms the index knows, with their weights */
  for(i=0; rc==SQLITE_OK && i<q.nTok; i=j){
    for(j=i+1; j<q.nTok && qsort_cmp(&aSort[i], &aSort[j])==0; j++){}
    sqlite3_bind_text(pTerm, 1, aSort[i].z, aSort[i].n, SQLITE_STATIC);
    if( sqlite3_step(pTerm)==SQLITE_ROW ){
      LTerm *t = &aT[nT];
      t->id = sqlite3_column_int64(pTerm, 0);
      t->df = sqlite3_column_int64(pTerm, 1);
      t->tf = (u32)(j-i > ST_TF_MAX ? ST_TF_MAX : j-i);
      if( t->id<1 || t->id>=p->nNextTerm || t->df<1 || t->df>p->nDoc
       || sqlite3_column_type(pTerm, 1)!=SQLITE_INTEGER ){
        rc = st_damaged(p, pzErr, "term %lld has df %lld", t->id, t->df);
      }else{
        double idf = log((1.0 + N)/(1.0 + (double)t->df)) + 1.0, w = tfw(t->tf) * idf;
        n2 += w*w;
        t->f = w * idf;
        nT++;
      }
    }
    if( rc==SQLITE_OK ){
      rc = sqlite3_reset(pTerm);
      if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "reading the terms");
    }
  }
  /* their postings, summed into the accumulator */
  for(i=0; rc==SQLITE_OK && i<nT; i++){
    const double f = aT[i].f / sqrt(n2);
    i64 nLive = 0;
    l.n = 0;
    rc = st_read_postings(p, pPost, aT[i].id, &l, 0, 0, pzErr);
    for(j=0; rc==SQLITE_OK && j<l.n; j++){
      u32 s = l.aSlot[j];
      if( p->aFid[s]==0 ) continue;       /* a dead document's posting */
      nLive++;
      if( aAcc[s]==0.0 ) aTouched[nTouched++] = s;
      aAcc[s] += f * tfw(l.aTf[j]);
    }
    p->nLazy += l.n;
    if( rc==SQLITE_OK && nLive!=aT[i].df ){
      rc = st_damaged(p, pzErr, "term %lld has df %lld but %lld live postings",
                      aT[i].id, aT[i].df, nLive);
    }
  }
  p->nLazy += p->nSlot/4 + 1;
  /* the top k among the accepted documents */
  for(i=0; rc==SQLITE_OK && i<nTouched; i++){
    u32 s = aTouched[i];
    int iFile = p->aRank[s];
    double sc;
    if( xAccept ){
      if( aOk[iFile]<0 ) aOk[iFile] = xAccept(pArg, iFile) ? 1 : 0;
      if( !aOk[iFile] ) continue;
    }
    sc = aAcc[s] * p->aInv[s];
    lheap_offer(p, aHit, &nHit, k, s, papers_sim_round(sc));
  }
  if( rc==SQLITE_OK && nHit<k ){
    /* fewer than k share a term: the rest in path order, score 0 */
    u32 *aRest = aTouched + nTouched;
    int nRest = 0, s;
    for(s=0; s<p->nSlot; s++){
      int iFile = p->aRank[s];
      if( iFile<0 || aAcc[s]!=0.0 ) continue;
      if( xAccept ){
        if( aOk[iFile]<0 ) aOk[iFile] = xAccept(pArg, iFile) ? 1 : 0;
        if( !aOk[iFile] ) continue;
      }
      aRest[nRest++] = (u32)s;
    }
    qsort_r(aRest, nRest, sizeof(u32), slot_order, p);
    for(i=0; i<nRest && nHit<k; i++){
      memset(&aHit[nHit], 0, sizeof(PapersSimHit));
      aHit[nHit].iDoc = (int)aRest[i];
      nHit++;
    }
  }
  if( rc==SQLITE_OK ){
    qsort_r(aHit, nHit, sizeof(PapersSimHit), lhit_order, p);
    rc = st_hit_places(p, aHit, nHit, pzErr);
  }
  sqlite3_finalize(pTerm);
  sqlite3_finalize(pPost);
  qtext_free(&q);
  plist_free(&l);
  sqlite3_free(aSort);
  sqlite3_free(aT);
  sqlite3_free(aAcc);
  sqlite3_free(aTouched);
  sqlite3_free(aOk);
  if( rc!=SQLITE_OK || nHit==0 ){
    sqlite3_free(aHit);
    return rc;
  }
  *paHit = aHit;
  *pnHit = nHit;
  return SQLITE_OK;
}

/* ----------------------------------------------- the whole index, loaded
** After lazy queries have read about as many postings as the index holds
** (or for a query that wants every paper), the index is made in memory
** from T_terms and T_docs, and later queries are answered from it as fast
** as from an index built from the files. */

typedef struct LDoc LDoc;
struct LDoc { u32 slot; i64 off; int line; i64 iFwd; int nFwd; };

static int ldoc_order(const void *a, const void *b, void *pCtx){
  return slot_order(&((const LDoc*)a)->slot, &((const LDoc*)b)->slot, pCtx);
}

typedef struct LTermRow LTermRow;
struct LTermRow { i64 id, df; char *z; int n; };

static int ltermrow_cmp(const void *a, const void *b){
  i64 x = ((const LTermRow*)a)->id, y = ((const LTermRow*)b)->id;
  return x<y ? -1 : x>y;
}

/* The memory number of term id (the rows sorted by id), or -1. */
static int lterm_find(const LTermRow *a, int n, i64 id){
  int lo = 0, hi = n;
  while( lo<hi ){
    int mid = lo + (hi-lo)/2;
    if( a[mid].id==id ) return mid;
    if( a[mid].id<id ) lo = mid+1; else hi = mid;
  }
  return -1;
}

/* The listing with the problems the saved index records (a file it could
** not read is a problem of that file, as in a build). Shallow: the strings
** belong to pFiles and p. */
static int st_files_view(PapersSimStore *p, const PapersFileList *pFiles,
                         PapersFileList *pOut){
  int i;
  pOut->n = pFiles->n;
  pOut->a = sqlite3_malloc64(sizeof(PapersFile)*(u64)(pFiles->n+1));
  if( pOut->a==0 ) return SQLITE_NOMEM;
  for(i=0; i<pFiles->n; i++){
    pOut->a[i] = pFiles->a[i];
    if( i<p->nFile && p->aFile[i].eKind==2 ) pOut->a[i].zProblem = p->aFile[i].zProblem;
  }
  return SQLITE_OK;
}

static int st_load_index(PapersSimStore *p, const PapersSimRequest *pReq, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  LTermRow *aTerm = 0;
  LDoc *aDoc = 0;
  PList fwd;
  PapersSimLoad *L = 0;
  PapersFileList view = {0, 0};
  u32 *aMapped = 0;
  int nTerm = 0, nTermAlloc = 0, nDoc = 0, rc, i;
  memset(&fwd, 0, sizeof(fwd));
  rc = st_load_slots(p, 0, pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &pStmt, "SELECT id, term, df FROM @terms", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    LTermRow *t;
    rc = papers_grow(&aTerm, &nTermAlloc, nTerm+1, sizeof(LTermRow), 1024);
    if( rc!=SQLITE_OK ) break;
    t = &aTerm[nTerm];
    t->id = sqlite3_column_int64(pStmt, 0);
    t->df = sqlite3_column_int64(pStmt, 2);
    {
      const unsigned char *zText = sqlite3_column_text(pStmt, 1);
      t->n = sqlite3_column_bytes(pStmt, 1);
      t->z = sqlite3_malloc64((u64)t->n + 1);
      if( t->z==0 ){ rc = SQLITE_NOMEM; break; }
      nTerm++;
      if( t->n>0 ) memcpy(t->z, zText, (size_t)t->n);
      t->z[t->n] = 0;
    }
    if( sqlite3_column_type(pStmt, 1)!=SQLITE_TEXT || t->n==0
     || (int)strlen(t->z)!=t->n || t->id<1 || t->id>=p->nNextTerm
     || t->df<1 || t->df>p->nDoc ){
      rc = st_damaged(p, pzErr, "term row %lld is malformed", t->id);
    }
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the terms");
  if( rc==SQLITE_OK && nTerm>0 ){
    qsort(aTerm, nTerm, sizeof(LTermRow), ltermrow_cmp);
    for(i=1; i<nTerm; i++){
      if( aTerm[i].id==aTerm[i-1].id ){
        rc = st_damaged(p, pzErr, "term id %lld is used twice", aTerm[i].id);
        break;
      }
    }
  }
  /* every live document's forward list */
  if( rc==SQLITE_OK ){
    aDoc = sqlite3_malloc64(sizeof(LDoc)*(u64)(p->nDoc+1));
    if( aDoc==0 ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "SELECT id, pid, file, off, pos, line, terms FROM @docs", pzErr);
  }
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0), pid = sqlite3_column_int64(pStmt, 1);
    i64 fid = sqlite3_column_int64(pStmt, 2), off = sqlite3_column_int64(pStmt, 3);
    i64 pos = sqlite3_column_int64(pStmt, 4), line = sqlite3_column_int64(pStmt, 5);
    i64 n0 = fwd.n;
    Rd r;
    if( id<0 || id>=p->nSlot || p->aFid[id]==0 || fid!=p->aFid[id] || pos!=p->aPos[id]
     || off<0 || line<1 || line>ST_MAX_ID || nDoc>=p->nDoc
     || !blob_open(&r, sqlite3_column_blob(pStmt, 6), sqlite3_column_bytes(pStmt, 6),
                   seed_doc(id, (u64)pid, fid, off, pos, line))
     || !dec_pairs(&r, &fwd, 1, 0, p->nNextTerm, &rc) ){
      if( rc==SQLITE_OK ) rc = st_damaged(p, pzErr, "document row %lld is malformed", id);
      break;
    }
    aDoc[nDoc].slot = (u32)id;
    aDoc[nDoc].off = off;
    aDoc[nDoc].line = (int)line;
    aDoc[nDoc].iFwd = n0;
    aDoc[nDoc].nFwd = (int)(fwd.n - n0);
    nDoc++;
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the documents");
  if( rc==SQLITE_OK && nDoc!=p->nDoc ){
    rc = st_damaged(p, pzErr, "%d document rows for %lld documents", nDoc, p->nDoc);
  }
  if( rc==SQLITE_OK ){
    qsort_r(aDoc, nDoc, sizeof(LDoc), ldoc_order, p);
    for(i=1; i<nDoc; i++){
      if( aDoc[i].slot==aDoc[i-1].slot ){
        rc = st_damaged(p, pzErr, "document %u has two rows", aDoc[i].slot);
        break;
      }
    }
  }
  /* the index, terms in id order, documents in path order */
  if( rc==SQLITE_OK ) rc = st_files_view(p, pReq->pFiles, &view);
  if( rc==SQLITE_OK ) rc = papers_simindex_load_new(&view, &L);
  for(i=0; rc==SQLITE_OK && i<nTerm; i++){
    rc = papers_simindex_load_term(L, aTerm[i].z, aTerm[i].n);
    if( rc==SQLITE_CORRUPT ) rc = st_damaged(p, pzErr, "term %lld is saved twice", aTerm[i].id);
  }
  if( rc==SQLITE_OK ){
    aMapped = sqlite3_malloc64(sizeof(u32)*(u64)(fwd.n+1));
    if( aMapped==0 ) rc = SQLITE_NOMEM;
  }
  for(i=0; rc==SQLITE_OK && i<fwd.n; i++){
    int t = lterm_find(aTerm, nTerm, fwd.aSlot[i]);
    if( t<0 ){
      rc = st_damaged(p, pzErr, "a document holds term %u, which has no row", fwd.aSlot[i]);
    }
    aMapped[i] = (u32)t;
  }
  for(i=0; rc==SQLITE_OK && i<nDoc; i++){
    const LDoc *d = &aDoc[i];
    rc = papers_simindex_load_doc(L, p->aRank[d->slot], d->off, (int)p->aPos[d->slot],
                                  d->line, aMapped + d->iFwd, fwd.aTf + d->iFwd, d->nFwd);
    if( rc==SQLITE_CORRUPT ) rc = st_damaged(p, pzErr, "document %u is malformed", d->slot);
  }
  if( rc==SQLITE_OK ) rc = papers_simindex_load_finish(L, pReq->nThread, &p->pIdx);
  if( rc==SQLITE_OK ){
    /* the saved df of every term is the number of documents holding it */
    for(i=0; i<nTerm; i++){
      const unsigned *aD;
      const unsigned short *aF;
      int n;
      papers_simindex_postings(p->pIdx, i, &aD, &aF, &n);
      if( n!=aTerm[i].df ){
        rc = st_damaged(p, pzErr, "term %lld has df %lld but %d documents hold it",
                        aTerm[i].id, aTerm[i].df, n);
        st_drop_index(p);
        break;
      }
    }
  }
  if( rc==SQLITE_OK ){
    p->iIdxGen = p->iGen;
    p->bIdxFiles = 0;
  }
  papers_simindex_load_free(L);
  for(i=0; i<nTerm; i++) sqlite3_free(aTerm[i].z);
  sqlite3_free(aTerm);
  sqlite3_free(aDoc);
  sqlite3_free(aMapped);
  sqlite3_free(view.a);
  plist_free(&fwd);
  return rc;
}

/* ---------------------------------------------------------- writing */

/* Maps of paper ids, term ids and file ids to two values (u64map.h); the
** slots of the maps here stay below 2^31. */
typedef PapersU64Map PidMap;
static int pidmap_find(const PidMap *m, u64 key){ return (int)papers_u64map_find(m, key); }
static int pidmap_get(PidMap *m, u64 key){ return (int)papers_u64map_get(m, key, 0); }
static void pidmap_free(PidMap *m){ papers_u64map_free(m); }

static int st_config_set(PapersSimStore *p, sqlite3_stmt *pStmt, const char *zKey,
                         i64 iVal, const char *zVal){
  sqlite3_bind_text(pStmt, 1, zKey, -1, SQLITE_STATIC);
  if( zVal ) sqlite3_bind_text(pStmt, 2, zVal, -1, SQLITE_STATIC);
  else sqlite3_bind_int64(pStmt, 2, iVal);
  (void)p;
  return st_step_write(pStmt);
}

/* Write the config of the snapshot's counts, with a new generation. */
static int st_write_config(PapersSimStore *p, char **pzErr){
  sqlite3_stmt *pStmt;
  i64 iGen = 0;
  int rc = st_prep(p, &pStmt, "INSERT OR REPLACE INTO @config(k, v) VALUES(?, ?)", pzErr);
  while( iGen==0 || iGen==p->iGen ){
    sqlite3_randomness(sizeof(iGen), &iGen);
    iGen &= INT64_MAX;
  }
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "version", ST_VERSION, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "generation", iGen, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "ndoc", p->nDoc, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "nslot", p->nSlot, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "nextterm", p->nNextTerm, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "nextfile", p->nNextFile, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "npost", p->nPost, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "recursive", p->bRecursive, 0);
  if( rc==SQLITE_OK ) rc = st_config_set(p, pStmt, "path", 0, p->zPath);
  sqlite3_finalize(pStmt);
  if( rc!=SQLITE_OK ) return st_sqlerr(p, pzErr, rc, "writing the config");
  p->iGen = iGen;
  return SQLITE_OK;
}

/* Write T_norms rows [c0, c1) from the slot arrays (which hold norm and
** sums for every slot). */
static int st_write_chunks(PapersSimStore *p, i64 c0, i64 c1, char **pzErr){
  sqlite3_stmt *pStmt;
  Buf a, b;
  i64 c, s;
  int rc = st_prep(p, &pStmt, "INSERT OR REPLACE INTO @norms(id, norm, sums) VALUES(?, ?, ?)",
                   pzErr);
  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  for(c=c0; rc==SQLITE_OK && c<c1; c++){
    i64 s0 = c*ST_CHUNK, n = p->nSlot - s0 < ST_CHUNK ? p->nSlot - s0 : ST_CHUNK;
    a.n = b.n = 0;
    rc = buf_room(&a, n*ST_NORM + 8);
    if( rc==SQLITE_OK ) rc = buf_room(&b, n*ST_SUMS + 8);
    for(s=s0; rc==SQLITE_OK && s<s0+n; s++){
      u8 *x = a.a + a.n, *y = b.a + b.n;
      put_f64(x, p->aInv[s]);
      put_le32(x+8, p->aFid[s]);
      put_le32(x+12, p->aPos[s]);
      a.n += ST_NORM;
      put_f64(y, p->aS0[s]);
      put_f64(y+8, p->aS1[2*s]);
      put_f64(y+16, p->aS1[2*s+1]);
      put_f64(y+24, p->aS2[2*s]);
      put_f64(y+32, p->aS2[2*s+1]);
      b.n += ST_SUMS;
    }
    if( rc==SQLITE_OK ) rc = buf_seal(&a, seed_norm(c));
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_sums(c));
    if( rc==SQLITE_OK ){
      sqlite3_bind_int64(pStmt, 1, c);
      sqlite3_bind_blob(pStmt, 2, a.a, (int)a.n, SQLITE_STATIC);
      sqlite3_bind_blob(pStmt, 3, b.a, (int)b.n, SQLITE_STATIC);
      rc = st_step_write(pStmt);
      if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the norms");
    }
  }
  sqlite3_finalize(pStmt);
  sqlite3_free(a.a);
  sqlite3_free(b.a);
  return rc;
}

/* Room in the slot arrays for nSlot slots (both parts). */
static int st_slots_room(PapersSimStore *p, i64 nSlot){
  u64 n = (u64)nSlot + 1;
  double *a0 = sqlite3_realloc64(p->aInv, sizeof(double)*n);
  if( a0 ) p->aInv = a0;
  if( a0 ){ u32 *x = sqlite3_realloc64(p->aFid, sizeof(u32)*n); if( x ) p->aFid = x; else a0 = 0; }
  if( a0 ){ u32 *x = sqlite3_realloc64(p->aPos, sizeof(u32)*n); if( x ) p->aPos = x; else a0 = 0; }
  if( a0 ){ int *x = sqlite3_realloc64(p->aRank, sizeof(int)*n); if( x ) p->aRank = x; else a0 = 0; }
  if( a0 ){ double *x = sqlite3_realloc64(p->aS0, sizeof(double)*n); if( x ) p->aS0 = x; else a0 = 0; }
  if( a0 ){ double *x = sqlite3_realloc64(p->aS1, sizeof(double)*2*n); if( x ) p->aS1 = x; else a0 = 0; }
  if( a0 ){ double *x = sqlite3_realloc64(p->aS2, sizeof(double)*2*n); if( x ) p->aS2 = x; else a0 = 0; }
  return a0 ? SQLITE_OK : SQLITE_NOMEM;
}

/* The sums of a document from its forward list; df(t) from xDf. */
static void doc_sums(const u32 *aTerm, const u16 *aTf, int n,
                     i64 (*xDf)(void*, u32), void *pArg,
                     double *pS0, double *pS1, double *pS2){
  int i;
  *pS0 = 0.0;
  pS1[0] = pS1[1] = pS2[0] = pS2[1] = 0.0;
  for(i=0; i<n; i++){
    double w = tfw(aTf[i]), w2 = w*w, b = st_b(xDf(pArg, aTerm[i]));
    *pS0 += w2;
    dd_add(&pS1[0], &pS1[1], w2*b);
    dd_add(&pS2[0], &pS2[1], w2*b*b);
  }
}

static i64 idx_df(void *pArg, u32 t){
  const unsigned *a;
  const unsigned short *b;
  int n;
  papers_simindex_postings((const PapersSimIndex*)pArg, (int)t, &a, &b, &n);
  return n;
}

static int file_entry_cmp(const void *a, const void *b){
  const PapersSimEntry *x = (const PapersSimEntry*)a, *y = (const PapersSimEntry*)b;
  if( x->pid!=y->pid ) return x->pid<y->pid ? -1 : 1;
  return x->iFile - y->iFile;
}

/* Save the whole of pIdx (built from the listing, aEnt its entries) in
** place of what the shadow tables hold. */
static int st_write_all(PapersSimStore *p, const PapersSimRequest *pReq,
                        PapersSimIndex *pIdx, PapersSimEntry *aEnt, i64 nEnt,
                        char **pzErr){
  static const char *azClear[] = { "DELETE FROM @files", "DELETE FROM @papers",
      "DELETE FROM @docs", "DELETE FROM @terms", "DELETE FROM @postings",
      "DELETE FROM @norms", "DELETE FROM @minhash", "DELETE FROM @pairs" };
  const PapersFileList *pFiles = pReq->pFiles;
  const int nDoc = papers_simindex_ndoc(pIdx), nTerm = papers_simindex_nterm(pIdx);
  sqlite3_stmt *pStmt = 0;
  PidMap m;
  u64 *aDocPid = 0;
  PapersSimEntry *aFirst = 0;     /* each paper's entries, one per file */
  StEntry *aFe = 0;
  u32 *aKey = 0;
  i64 i, nFirst = 0, nPost = 0;
  int rc = SQLITE_OK, nDocSeen = 0, iFile, nFe = 0, nFeAlloc = 0;
  Buf b;
  memset(&m, 0, sizeof(m));
  memset(&b, 0, sizeof(b));
  for(i=0; rc==SQLITE_OK && i<(i64)(sizeof(azClear)/sizeof(azClear[0])); i++){
    rc = st_exec(p, azClear[i], pzErr);
  }
  /* documents: a paper's first entry in path order, as the build made them */
  aDocPid = sqlite3_malloc64(sizeof(u64)*(u64)(nDoc+1));
  aFirst = sqlite3_malloc64(sizeof(PapersSimEntry)*(u64)(nEnt+1));
  if( rc==SQLITE_OK && (aDocPid==0 || aFirst==0) ) rc = SQLITE_NOMEM;
  for(i=0; rc==SQLITE_OK && i<nEnt; i++){
    int x = pidmap_get(&m, aEnt[i].pid);
    if( x<0 ){ rc = SQLITE_NOMEM; break; }
    if( m.aA[x]<0 ){
      if( nDocSeen>=nDoc ){ rc = SQLITE_INTERNAL; break; }
      m.aA[x] = nDocSeen;
      aDocPid[nDocSeen++] = aEnt[i].pid;
    }
    if( m.aB[x]!=aEnt[i].iFile ){       /* its first entry in this file */
      m.aB[x] = aEnt[i].iFile;
      aFirst[nFirst++] = aEnt[i];
    }
  }
  if( rc==SQLITE_OK && nDocSeen!=nDoc ) rc = SQLITE_INTERNAL;
  /* T_files, one row per listed file */
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT INTO @files(id, name, size, mtime, inode, pkind, problem,"
                            " entries) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", pzErr);
  }
  for(iFile=0, i=0; rc==SQLITE_OK && iFile<pFiles->n; iFile++){
    const PapersFile *f = &pFiles->a[iFile];
    nFe = 0;
    for(; i<nFirst && aFirst[i].iFile==iFile; i++){
      rc = papers_grow(&aFe, &nFeAlloc, nFe+1, sizeof(StEntry), 64);
      if( rc!=SQLITE_OK ) break;
      aFe[nFe].pid = aFirst[i].pid;
      aFe[nFe].iOff = aFirst[i].iOffset;
      aFe[nFe].iPos = aFirst[i].iPosition;
      aFe[nFe].iLine = aFirst[i].iLine;
      nFe++;
    }
    b.n = 0;
    if( rc==SQLITE_OK ) rc = enc_entries(&b, aFe, nFe);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_entries(iFile+1));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, iFile+1);
    sqlite3_bind_text(pStmt, 2, f->zRel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(pStmt, 3, f->nSize);
    sqlite3_bind_int64(pStmt, 4, f->iMtimeNs);
    sqlite3_bind_int64(pStmt, 5, f->iInode);
    sqlite3_bind_null(pStmt, 7);
    {
      const char *zWhy = papers_simindex_file_problem(pIdx, iFile);
      if( f->zProblem ){
        sqlite3_bind_int(pStmt, 6, 1);
        sqlite3_bind_text(pStmt, 7, f->zProblem, -1, SQLITE_STATIC);
      }else if( zWhy ){
        sqlite3_bind_int(pStmt, 6, 2);
        sqlite3_bind_text(pStmt, 7, zWhy, -1, SQLITE_STATIC);
      }else{
        sqlite3_bind_int(pStmt, 6, 0);
      }
    }
    sqlite3_bind_blob(pStmt, 8, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the files");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  /* T_papers: each paper's document and files */
  if( rc==SQLITE_OK ){
    qsort(aFirst, nFirst, sizeof(PapersSimEntry), file_entry_cmp);
    rc = st_prep(p, &pStmt, "INSERT INTO @papers(pid, doc, files) VALUES(?, ?, ?)", pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<nFirst; ){
    i64 j, aId[64], *aIds = aId;
    int n = 0, x = pidmap_find(&m, aFirst[i].pid);
    for(j=i; j<nFirst && aFirst[j].pid==aFirst[i].pid; j++){}
    if( j-i>64 ){
      aIds = sqlite3_malloc64(sizeof(i64)*(u64)(j-i));
      if( aIds==0 ){ rc = SQLITE_NOMEM; break; }
    }
    for(; i<j; i++) aIds[n++] = aFirst[i].iFile + 1;
    b.n = 0;
    rc = enc_ids(&b, aIds, n);
    if( aIds!=aId ) sqlite3_free(aIds);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_paper(aFirst[j-1].pid, m.aA[x]));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, (i64)aFirst[j-1].pid);
    sqlite3_bind_int64(pStmt, 2, m.aA[x]);
    sqlite3_bind_blob(pStmt, 3, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the papers");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  /* T_terms and T_postings: term t is id t+1, slot d is document d */
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT INTO @terms(id, term, df) VALUES(?, ?, ?)", pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<nTerm; i++){
    int n;
    const char *z = papers_simindex_term(pIdx, (int)i, &n);
    /* a build that read a paper twice (two parts) knows terms no document
    ** holds: they have no row */
    if( idx_df(pIdx, (u32)i)==0 ) continue;
    sqlite3_bind_int64(pStmt, 1, i+1);
    sqlite3_bind_text(pStmt, 2, z, n, SQLITE_STATIC);
    sqlite3_bind_int64(pStmt, 3, idx_df(pIdx, (u32)i));
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the terms");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT INTO @postings(id, data) VALUES(?, ?)", pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<nTerm; i++){
    const unsigned *aD;
    const unsigned short *aTf;
    int n;
    papers_simindex_postings(pIdx, (int)i, &aD, &aTf, &n);
    if( n==0 ) continue;
    nPost += n;
    b.n = 0;
    rc = enc_pairs(&b, aD, aTf, n, 0);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_postings((i+1)*ST_SEGS));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, (i+1)*ST_SEGS);
    sqlite3_bind_blob(pStmt, 2, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the postings");
    if( rc==SQLITE_OK && pReq->xBusy && (i & 255)==255 && pReq->xBusy(pReq->pBusyArg) ){
      rc = SQLITE_INTERRUPT;
    }
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  /* T_docs, and the slot arrays for T_norms */
  st_free_slots(p);
  if( rc==SQLITE_OK ) rc = st_slots_room(p, nDoc);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT INTO @docs(id, pid, file, off, pos, line, terms)"
                            " VALUES(?, ?, ?, ?, ?, ?, ?)", pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<nDoc; i++){
    const unsigned *aT;
    const unsigned short *aTf;
    int n, j, iF, iPos, iLine;
    i64 iOff;
    double inv;
    papers_simindex_forward(pIdx, (int)i, &aT, &aTf, &n);
    papers_simindex_doc(pIdx, (int)i, &iF, &iOff, &iPos, &iLine, &inv);
    {
      u32 *aNew = sqlite3_realloc64(aKey, sizeof(u32)*(u64)(n+1));
      if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
      aKey = aNew;
    }
    for(j=0; j<n; j++) aKey[j] = aT[j] + 1;
    b.n = 0;
    rc = enc_pairs(&b, aKey, aTf, n, 1);
    if( rc==SQLITE_OK ){
      rc = buf_seal(&b, seed_doc(i, aDocPid[i], iF+1, iOff, iPos, iLine));
    }
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, i);
    sqlite3_bind_int64(pStmt, 2, (i64)aDocPid[i]);
    sqlite3_bind_int64(pStmt, 3, iF+1);
    sqlite3_bind_int64(pStmt, 4, iOff);
    sqlite3_bind_int64(pStmt, 5, iPos);
    sqlite3_bind_int64(pStmt, 6, iLine);
    sqlite3_bind_blob(pStmt, 7, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ){ rc = st_sqlerr(p, pzErr, rc, "writing the documents"); break; }
    p->aInv[i] = inv;
    p->aFid[i] = (u32)(iF+1);
    p->aPos[i] = (u32)iPos;
    p->aRank[i] = iF;
    doc_sums(aT, aTf, n, idx_df, pIdx, &p->aS0[i], &p->aS1[2*i], &p->aS2[2*i]);
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    p->nSlot = p->nDoc = nDoc;
    p->nNextTerm = nTerm + 1;
    p->nNextFile = pFiles->n + 1;
    p->nPost = nPost;
    rc = st_write_chunks(p, 0, (nDoc + ST_CHUNK - 1)/ST_CHUNK, pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_write_config(p, pzErr);
  if( rc==SQLITE_INTERNAL ){
    rc = st_fail(p, pzErr, SQLITE_INTERNAL, "the build's entries do not match its documents");
  }
  pidmap_free(&m);
  sqlite3_free(aDocPid);
  sqlite3_free(aFirst);
  sqlite3_free(aFe);
  sqlite3_free(aKey);
  sqlite3_free(b.a);
  return rc;
}

/* ------------------------------------------------------------- saving */

/* May this connection write the saved index now? Not inside a
** transaction of the application's (its COMMIT or ROLLBACK must stay its
** own), nor while one of its statements is writing, nor to a read-only
** database. */
static int st_can_write(PapersSimStore *p){
  sqlite3_stmt *pStmt;
  if( !sqlite3_get_autocommit(p->db) ) return 0;
  if( sqlite3_db_readonly(p->db, p->zDb)!=0 ) return 0;
  for(pStmt=sqlite3_next_stmt(p->db, 0); pStmt; pStmt=sqlite3_next_stmt(p->db, pStmt)){
    if( sqlite3_stmt_busy(pStmt) && !sqlite3_stmt_readonly(pStmt) ) return 0;
  }
  return 1;
}

/* Errors that end a query; the others only mean "not saved now". */
static int st_fatal(int rc){
  return rc==SQLITE_NOMEM || rc==SQLITE_INTERRUPT || rc==SQLITE_CORRUPT_VTAB
      || rc==SQLITE_INTERNAL;
}

/* COMMIT (bOk), or ROLLBACK; a failed COMMIT rolls back too. */
static int st_end(PapersSimStore *p, int bOk){
  int rc = SQLITE_OK;
  if( bOk ){
    rc = sqlite3_exec(p->db, "COMMIT", 0, 0, 0);
    if( rc==SQLITE_OK ) return SQLITE_OK;
  }
  if( !sqlite3_get_autocommit(p->db) ) sqlite3_exec(p->db, "ROLLBACK", 0, 0, 0);
  return rc;
}

/* How many files differ between the snapshot and the listing. */
static int st_count_changes(PapersSimStore *p, const PapersSimRequest *pReq){
  const PapersFileList *pFiles = pReq->pFiles;
  int i = 0, j = 0, n = 0;
  while( i<p->nFile || j<pFiles->n ){
    int c = i>=p->nFile ? 1 : j>=pFiles->n ? -1 : strcmp(p->aFile[i].zName, pFiles->a[j].zRel);
    if( c<0 ){ n++; i++; }
    else if( c>0 ){ n++; j++; }
    else{
      if( !st_file_same(&p->aFile[i], &pFiles->a[j], pReq) ) n++;
      i++; j++;
    }
  }
  return n;
}

/* Build the whole index from the files (entries too when paEnt). */
static int st_build(PapersSimStore *p, const PapersSimRequest *pReq,
                    PapersSimEntry **paEnt, i64 *pnEnt, PapersSimIndex **ppIdx,
                    char **pzErr){
  char *zErr = 0;
  int rc = papers_simindex_build_ex(pReq->pFiles, pReq->nThread, pReq->xBusy,
                                    pReq->pBusyArg, paEnt, pnEnt, ppIdx, &zErr);
  if( rc!=SQLITE_OK ){
    if( zErr ){
      rc = st_fail(p, pzErr, rc, "similar_to: %s", zErr);
    }else if( rc==SQLITE_INTERRUPT ){
      rc = st_fail(p, pzErr, rc, "similar_to: interrupted while building the index");
    }
  }
  sqlite3_free(zErr);
  return rc;
}

static int st_delta(PapersSimStore *p, const PapersSimRequest *pReq, char **pzErr);

/* Bring the saved index up to date with the listing and save it, in a
** transaction of its own: SQLITE_OK when saved (the snapshot is then the
** new one), SQLITE_DONE when it cannot be saved now (*ppBuilt may hold an
** index built from the files for the caller to answer from), or an error
** that ends the query. The write lock is taken with BEGIN EXCLUSIVE: one
** wait, bounded by the connection's busy handler (its busy timeout), and
** no wait for readers at COMMIT. A full build runs before the lock is
** taken. */
static int st_save(PapersSimStore *p, const PapersSimRequest *pReq,
                   PapersSimIndex **ppBuilt, char **pzErr){
  PapersSimIndex *pBuilt = 0;
  PapersSimEntry *aEnt = 0;
  i64 nEnt = 0;
  int rc, e, bFull, nChange;
  *ppBuilt = 0;
  if( !st_can_write(p) ) return SQLITE_DONE;
  nChange = st_count_changes(p, pReq);
  bFull = p->bNone || p->bOther
       || (nChange>ST_DELTA_MAX && (i64)nChange*4 > (p->nFile > pReq->pFiles->n
                                                      ? p->nFile : pReq->pFiles->n));
  if( bFull ){
    rc = st_build(p, pReq, &aEnt, &nEnt, &pBuilt, pzErr);
    if( rc!=SQLITE_OK ) return rc;
  }
  e = st_tables_exist(p, &rc);
  if( e<0 ){
    rc = st_sqlerr(p, pzErr, rc, "reading the schema");
  }else if( e==0 ){
    /* in a transaction of its own: rolling back a schema change would
    ** abort the statement that runs this query */
    rc = sqlite3_exec(p->db, "BEGIN EXCLUSIVE", 0, 0, 0);
    if( rc==SQLITE_OK ){
      rc = st_create_missing(p, pzErr);
      /* what remains of the others is not an index: it is made again */
      if( rc==SQLITE_OK ) rc = st_exec(p, "DELETE FROM @config", pzErr);
      if( rc==SQLITE_OK ) rc = st_end(p, 1); else st_end(p, 0);
    }
    st_forget(p);
  }else{
    rc = SQLITE_OK;
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_exec(p->db, "BEGIN EXCLUSIVE", 0, 0, 0);
    if( rc==SQLITE_OK ){
      rc = st_snapshot(p, pzErr);
      if( rc==SQLITE_OK && !st_fresh(p, pReq) ){
        rc = bFull ? st_write_all(p, pReq, pBuilt, aEnt, nEnt, pzErr) : st_delta(p, pReq, pzErr);
      }
      if( rc==SQLITE_OK ) rc = st_end(p, 1); else st_end(p, 0);
    }
  }
  sqlite3_free(aEnt);
  st_forget(p);
  if( rc!=SQLITE_OK ){
    if( st_fatal(rc) ){
      papers_simindex_free(pBuilt);
      return rc;
    }
    sqlite3_free(*pzErr);
    *pzErr = 0;
    *ppBuilt = pBuilt;
    return SQLITE_DONE;
  }
  rc = st_snapshot(p, pzErr);
  if( rc==SQLITE_OK && pBuilt ){
    st_drop_index(p);
    p->pIdx = pBuilt;
    p->iIdxGen = p->iGen;
    p->bIdxFiles = 0;
  }else{
    papers_simindex_free(pBuilt);
  }
  return rc;
}

/* Has the watch seen a write to any listed file? */
static int st_any_written(const PapersSimRequest *pReq){
  int i;
  if( pReq->xWritten==0 ) return 0;
  for(i=0; i<pReq->pFiles->n; i++){
    if( pReq->xWritten(pReq->pWrittenArg, pReq->pFiles->a[i].zRel) ) return 1;
  }
  return 0;
}

/* Make the answer's source current: *pbStore 1 when the saved index is,
** 0 when the answer comes from p->pIdx, built from the files because the
** saved index could not be brought up to date and saved now. */
static int st_current(PapersSimStore *p, const PapersSimRequest *pReq, int *pbStore,
                      char **pzErr){
  PapersSimIndex *pBuilt = 0;
  int rc = st_snapshot(p, pzErr);
  *pbStore = 0;
  if( rc!=SQLITE_OK ) return rc;
  if( st_fresh(p, pReq) ){
    *pbStore = 1;
    return SQLITE_OK;
  }
  rc = st_save(p, pReq, &pBuilt, pzErr);
  if( rc==SQLITE_OK && st_fresh_ex(p, pReq, 1) ){
    *pbStore = 1;
    return SQLITE_OK;
  }
  if( rc!=SQLITE_OK && rc!=SQLITE_DONE ) return rc;
  if( pBuilt ){
    st_drop_index(p);
    p->pIdx = pBuilt;
    p->bIdxFiles = 1;
    return SQLITE_OK;
  }
  if( p->pIdx && p->bIdxFiles && !papers_simindex_stale(p->pIdx, pReq->pFiles)
   && !st_any_written(pReq) ){
    return SQLITE_OK;
  }
  st_drop_index(p);
  rc = st_build(p, pReq, 0, 0, &p->pIdx, pzErr);
  if( rc==SQLITE_OK ) p->bIdxFiles = 1;
  return rc;
}

/* The first listed file with a problem, for strict queries. */
static int st_note_problem(PapersSimStore *p, const PapersSimRequest *pReq, int bStore){
  const char *z = 0;
  int i = -1;
  sqlite3_free(p->zProblem);
  p->zProblem = 0;
  p->iProblem = -1;
  if( bStore ){
    for(i=0; i<p->nFile && p->aFile[i].eKind==0; i++){}
    if( i<p->nFile ) z = p->aFile[i].zProblem;
  }else{
    z = papers_simindex_problem(p->pIdx, &i);
  }
  (void)pReq;
  if( z==0 ) return SQLITE_OK;
  p->zProblem = sqlite3_mprintf("%s", z);
  p->iProblem = i;
  return p->zProblem ? SQLITE_OK : SQLITE_NOMEM;
}

const char *papers_simstore_problem(PapersSimStore *p, int *piFile){
  *piFile = p->iProblem;
  return p->zProblem;
}

int papers_simstore_query(PapersSimStore *p, const PapersSimRequest *pReq,
                          const char *zText, int nText, int k,
                          int (*xAccept)(void*, int iFile), void *pArg,
                          PapersSimHit **paHit, int *pnHit, char **pzErr){
  int rc, bStore;
  *paHit = 0;
  *pnHit = 0;
  rc = st_current(p, pReq, &bStore, pzErr);
  if( rc==SQLITE_OK ) rc = st_note_problem(p, pReq, bStore);
  if( rc!=SQLITE_OK ) return rc;
  if( bStore && !(p->pIdx && !p->bIdxFiles && p->iIdxGen==p->iGen) ){
    if( k>=0 && k<=ST_LAZY_K && p->nLazy/2 <= p->nPost ){
      return st_lazy_query(p, zText, nText, k, xAccept, pArg, paHit, pnHit, pzErr);
    }
    st_drop_index(p);
    rc = st_load_index(p, pReq, pzErr);
    if( rc!=SQLITE_OK ) return rc;
  }
  return papers_simindex_query(p->pIdx, zText, nText, k, xAccept, pArg, paHit, pnHit);
}


/* ------------------------------------------------- the incremental update
** st_delta() brings the saved index up to date with the listing by reading
** only the files added or changed since it was saved (and, for a paper
** whose first appearance was in a removed or changed file, its entry in
** the next file that holds it). See the header comment for the algebra
** that keeps every norm exact. */

#define ST_NEED_FULL (SQLITE_NOTICE | (9<<8))   /* make it again from the files */

/* A term the update touches. */
typedef struct UTerm UTerm;
struct UTerm {
  i64 id;
  i64 df0, df1;               /* before and after */
  char *z; int n;             /* its text, once known */
  int bNew;                   /* no row yet */
  int iLastDoc;               /* the new document counting it, or -1 */
  int iFwdAt;                 /* its place in that document's list */
  PList add;                  /* postings of the new documents */
};

/* A paper the update touches. */
typedef struct UPaper UPaper;
struct UPaper {
  u64 pid;
  i64 iDoc;                   /* its document before, or -1 */
  int bDead;                  /* that document is gone */
  i64 iNew;                   /* its new document, or -1 */
  i64 *aFile; int nFile, nFileAlloc;  /* the files it is in, after the update */
};

/* A new document. */
typedef struct UDoc UDoc;
struct UDoc { i64 slot; u64 pid; i64 fid; i64 off; int pos, line; int iFwd, nFwd; };

/* A listed file. */
typedef struct UFile UFile;
struct UFile {
  i64 id;
  int eState;                 /* 0 same, 1 changed, 2 added */
  int iOld;                   /* index in p->aFile, or -1 */
  StEntry *aEnt; int nEnt, nEntAlloc;   /* new entries (changed, added) */
  int eKind; char *zProblem;  /* its problem after reading */
  StEntry *aOldEnt; int nOldEnt; int bOldEnt;   /* saved entries, when read */
};

typedef struct Delta Delta;
struct Delta {
  PapersSimStore *p;
  const PapersSimRequest *pReq;
  char **pzErr;
  UTerm *aTerm; int nTerm, nTermAlloc;
  PidMap mTermId;             /* term id -> index in aTerm (aA) */
  int *aTextSlot; int nTextSlot;  /* text hash -> index+1 in aTerm */
  UPaper *aPaper; int nPaper, nPaperAlloc;
  PidMap mPaper;              /* pid -> index in aPaper (aA) */
  UDoc *aDoc; int nDoc, nDocAlloc;
  u32 *aFwdTerm; u16 *aFwdTf; int nFwd, nFwdAlloc, nFwdTfAlloc;  /* UTerm index, tf */
  i64 *aDead; int nDead, nDeadAlloc;                 /* slots that die */
  UFile *aFile; int nFile;    /* the listing */
  PidMap mFid;                /* file id -> listing index (aA) */
  i64 *aRemoved; int nRemoved;   /* saved files no longer listed: ids */
  sqlite3_stmt *pTermByText, *pTermById, *pPaper, *pDoc, *pEntries, *pPost;
  int iDocCur;                /* the document being tokenised */
  double *aMove;              /* per saved slot, S1 then S2 moves (2 x nMove) */
  i64 nMove;                  /* saved slots (before the new documents) */
  int bPromote;               /* a paper's entry read by seeking */
  int rc;
};

static int delta_err(Delta *d, int rc, const char *zWhat){
  return st_sqlerr(d->p, d->pzErr, rc, zWhat);
}

/* Term index for id, loading its row (df) when new to the update. */
static int delta_term_by_id(Delta *d, i64 id, int *piT){
  int x = pidmap_find(&d->mTermId, (u64)id), rc;
  UTerm *t;
  if( x>=0 ){ *piT = d->mTermId.aA[x]; return SQLITE_OK; }
  if( id<1 || id>=d->p->nNextTerm ){
    return st_damaged(d->p, d->pzErr, "a document holds term %lld", id);
  }
  sqlite3_bind_int64(d->pTermById, 1, id);
  if( sqlite3_step(d->pTermById)!=SQLITE_ROW ){
    rc = sqlite3_reset(d->pTermById);
    return rc ? delta_err(d, rc, "reading a term")
              : st_damaged(d->p, d->pzErr, "term %lld has no row", id);
  }
  rc = papers_grow(&d->aTerm, &d->nTermAlloc, d->nTerm+1, sizeof(UTerm), 256);
  if( rc!=SQLITE_OK ){ sqlite3_reset(d->pTermById); return rc; }
  t = &d->aTerm[d->nTerm];
  memset(t, 0, sizeof(*t));
  t->id = id;
  t->df0 = t->df1 = sqlite3_column_int64(d->pTermById, 0);
  t->iLastDoc = -1;
  sqlite3_reset(d->pTermById);
  if( t->df0<1 || t->df0>d->p->nDoc ){
    return st_damaged(d->p, d->pzErr, "term %lld has df %lld", id, t->df0);
  }
  x = pidmap_get(&d->mTermId, (u64)id);
  if( x<0 ) return SQLITE_NOMEM;
  d->mTermId.aA[x] = d->nTerm;
  *piT = d->nTerm++;
  return SQLITE_OK;
}

static u32 text_hash(const char *z, int n){
  return (u32)papers_simstore_hash(7, (const unsigned char*)z, n);
}

/* Term index for text z[0..n), from the update's terms, the saved terms, or
** a new term. */
static int delta_term_by_text(Delta *d, const char *z, int n, int *piT){
  u32 h = text_hash(z, n), i, mask;
  int rc, t = -1;
  if( (d->nTerm+1)*2 > d->nTextSlot ){
    int nNew = d->nTextSlot ? d->nTextSlot*2 : 4096, j;
    int *a = sqlite3_malloc64(sizeof(int)*(u64)nNew);
    if( a==0 ) return SQLITE_NOMEM;
    memset(a, 0, sizeof(int)*(u64)nNew);
    for(j=0; j<d->nTerm; j++){
      if( d->aTerm[j].z==0 ) continue;
      for(i=text_hash(d->aTerm[j].z, d->aTerm[j].n) & (nNew-1); a[i]; i=(i+1) & (nNew-1)){}
      a[i] = j+1;
    }
    sqlite3_free(d->aTextSlot);
    d->aTextSlot = a;
    d->nTextSlot = nNew;
  }
  mask = (u32)d->nTextSlot - 1;
  for(i=h & mask; d->aTextSlot[i]; i=(i+1) & mask){
    UTerm *u = &d->aTerm[d->aTextSlot[i]-1];
    if( u->n==n && memcmp(u->z, z, n)==0 ){ *piT = d->aTextSlot[i]-1; return SQLITE_OK; }
  }
  /* not met yet in this update: the saved row, or a new term */
  sqlite3_bind_text(d->pTermByText, 1, z, n, SQLITE_STATIC);
  if( sqlite3_step(d->pTermByText)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(d->pTermByText, 0);
    sqlite3_reset(d->pTermByText);
    rc = delta_term_by_id(d, id, &t);
    if( rc!=SQLITE_OK ) return rc;
  }else{
    UTerm *u;
    rc = sqlite3_reset(d->pTermByText);
    if( rc!=SQLITE_OK ) return delta_err(d, rc, "reading a term");
    if( d->p->nNextTerm>=ST_MAX_ID ) return st_fail(d->p, d->pzErr, SQLITE_FULL, "too many terms");
    rc = papers_grow(&d->aTerm, &d->nTermAlloc, d->nTerm+1, sizeof(UTerm), 256);
    if( rc!=SQLITE_OK ) return rc;
    u = &d->aTerm[d->nTerm];
    memset(u, 0, sizeof(*u));
    u->id = d->p->nNextTerm++;
    u->bNew = 1;
    u->iLastDoc = -1;
    t = d->nTerm++;
    {
      int x = pidmap_get(&d->mTermId, (u64)u->id);
      if( x<0 ) return SQLITE_NOMEM;
      d->mTermId.aA[x] = t;
    }
  }
  if( d->aTerm[t].z==0 ){
    d->aTerm[t].z = sqlite3_malloc64((u64)n+1);
    if( d->aTerm[t].z==0 ) return SQLITE_NOMEM;
    memcpy(d->aTerm[t].z, z, n);
    d->aTerm[t].z[n] = 0;
    d->aTerm[t].n = n;
    for(i=h & mask; d->aTextSlot[i]; i=(i+1) & mask){}
    d->aTextSlot[i] = t+1;
  }
  *piT = t;
  return SQLITE_OK;
}

/* Token callback for a new document: count the term. */
static int delta_token(void *pCtx, const char *zTok, int nTok, int iPos,
                       int iStart, int iEnd){
  Delta *d = (Delta*)pCtx;
  UTerm *u;
  int t = 0, rc;
  (void)iPos; (void)iStart; (void)iEnd;
  rc = delta_term_by_text(d, zTok, nTok, &t);
  if( rc!=SQLITE_OK ) return rc;
  u = &d->aTerm[t];
  if( u->iLastDoc==d->iDocCur ){
    if( d->aFwdTf[u->iFwdAt]<ST_TF_MAX ) d->aFwdTf[u->iFwdAt]++;
    return SQLITE_OK;
  }
  if( papers_grow(&d->aFwdTerm, &d->nFwdAlloc, d->nFwd+1, sizeof(u32), 1024)
   || papers_grow(&d->aFwdTf, &d->nFwdTfAlloc, d->nFwd+1, sizeof(u16), 1024) ){
    return SQLITE_NOMEM;
  }
  u->iLastDoc = d->iDocCur;
  u->iFwdAt = d->nFwd;
  d->aFwdTerm[d->nFwd] = (u32)t;
  d->aFwdTf[d->nFwd] = 1;
  d->nFwd++;
  u->df1++;
  return SQLITE_OK;
}

/* The update's record of paper pid, its row read when first met. */
static int delta_paper(Delta *d, u64 pid, UPaper **ppOut){
  int x = pidmap_find(&d->mPaper, pid), rc;
  UPaper *u;
  if( x>=0 ){ *ppOut = &d->aPaper[d->mPaper.aA[x]]; return SQLITE_OK; }
  rc = papers_grow(&d->aPaper, &d->nPaperAlloc, d->nPaper+1, sizeof(UPaper), 256);
  if( rc!=SQLITE_OK ) return rc;
  u = &d->aPaper[d->nPaper];
  memset(u, 0, sizeof(*u));
  u->pid = pid;
  u->iDoc = u->iNew = -1;
  x = pidmap_get(&d->mPaper, pid);
  if( x<0 ) return SQLITE_NOMEM;
  d->mPaper.aA[x] = d->nPaper++;
  sqlite3_bind_int64(d->pPaper, 1, (i64)pid);
  if( sqlite3_step(d->pPaper)==SQLITE_ROW ){
    i64 doc = sqlite3_column_int64(d->pPaper, 0);
    Rd r;
    if( doc<0 || doc>=d->p->nSlot || d->p->aFid[doc]==0
     || !blob_open(&r, sqlite3_column_blob(d->pPaper, 1), sqlite3_column_bytes(d->pPaper, 1),
                   seed_paper(pid, doc))
     || !dec_ids(&r, &u->aFile, &u->nFile, d->p->nNextFile, &rc) ){
      sqlite3_reset(d->pPaper);
      return rc ? rc : st_damaged(d->p, d->pzErr, "the row of paper %016llx is malformed",
                                  (unsigned long long)pid);
    }
    u->nFileAlloc = u->nFile;
    u->iDoc = doc;
  }
  rc = sqlite3_reset(d->pPaper);
  if( rc!=SQLITE_OK ) return delta_err(d, rc, "reading a paper");
  *ppOut = u;
  return SQLITE_OK;
}

/* Document slot s dies: its terms lose it from their df. */
static int delta_kill(Delta *d, i64 s){
  PapersSimStore *p = d->p;
  PList fwd;
  Rd r;
  int rc = SQLITE_OK, i;
  memset(&fwd, 0, sizeof(fwd));
  sqlite3_bind_int64(d->pDoc, 1, s);
  if( sqlite3_step(d->pDoc)!=SQLITE_ROW ){
    rc = sqlite3_reset(d->pDoc);
    return rc ? delta_err(d, rc, "reading a document")
              : st_damaged(p, d->pzErr, "document %lld has no row", s);
  }
  if( sqlite3_column_int64(d->pDoc, 1)!=p->aFid[s] || sqlite3_column_int64(d->pDoc, 3)!=p->aPos[s]
   || !blob_open(&r, sqlite3_column_blob(d->pDoc, 5), sqlite3_column_bytes(d->pDoc, 5),
                 seed_doc(s, (u64)sqlite3_column_int64(d->pDoc, 0), sqlite3_column_int64(d->pDoc, 1),
                          sqlite3_column_int64(d->pDoc, 2), sqlite3_column_int64(d->pDoc, 3),
                          sqlite3_column_int64(d->pDoc, 4)))
   || !dec_pairs(&r, &fwd, 1, 0, p->nNextTerm, &rc) ){
    sqlite3_reset(d->pDoc);
    plist_free(&fwd);
    return rc ? rc : st_damaged(p, d->pzErr, "the row of document %lld is malformed", s);
  }
  sqlite3_reset(d->pDoc);
  for(i=0; rc==SQLITE_OK && i<fwd.n; i++){
    int t;
    rc = delta_term_by_id(d, fwd.aSlot[i], &t);
    if( rc==SQLITE_OK ) d->aTerm[t].df1--;
  }
  plist_free(&fwd);
  if( rc!=SQLITE_OK ) return rc;
  rc = papers_grow(&d->aDead, &d->nDeadAlloc, d->nDead+1, sizeof(i64), 64);
  if( rc!=SQLITE_OK ) return rc;
  d->aDead[d->nDead++] = s;
  p->aFid[s] = 0;
  p->aRank[s] = -1;
  p->aInv[s] = 0.0;
  p->aS0[s] = 0.0;
  p->aS1[2*s] = p->aS1[2*s+1] = p->aS2[2*s] = p->aS2[2*s+1] = 0.0;
  p->nDoc--;
  return SQLITE_OK;
}

/* A new document for paper u from the entry at place e of listed file j,
** whose abstract is zAbs[0..nAbs) (NULL: none). */
static int delta_new_doc(Delta *d, UPaper *u, int j, const PapersEntry *e){
  UDoc *x;
  int rc;
  if( d->p->nSlot>=ST_MAX_ID ) return st_fail(d->p, d->pzErr, SQLITE_FULL, "too many documents");
  rc = papers_grow(&d->aDoc, &d->nDocAlloc, d->nDoc+1, sizeof(UDoc), 64);
  if( rc!=SQLITE_OK ) return rc;
  x = &d->aDoc[d->nDoc];
  x->slot = d->p->nSlot++;
  x->pid = u->pid;
  x->fid = d->aFile[j].id;
  x->off = e->iOffset;
  x->pos = e->iPosition;
  x->line = e->iLine;
  x->iFwd = d->nFwd;
  d->iDocCur = d->nDoc;
  if( e->zAbstract ){
    rc = papers_tokenizer_run(d->p->pTok, e->zAbstract, e->nAbstract, d, delta_token);
    if( rc!=SQLITE_OK ) return rc;
  }
  x->nFwd = d->nFwd - x->iFwd;
  u->iNew = x->slot;
  d->nDoc++;
  d->p->nDoc++;
  if( (d->nDoc % 16)==0 && d->pReq->xBusy && d->pReq->xBusy(d->pReq->pBusyArg) ){
    return SQLITE_INTERRUPT;
  }
  return SQLITE_OK;
}

/* The listing index of file id (a file of the update), or -1. */
static int delta_rank(Delta *d, i64 fid){
  int x = pidmap_find(&d->mFid, (u64)fid);
  return x<0 ? -1 : d->mFid.aA[x];
}

static int delta_add_file(UPaper *u, i64 fid){
  int i;
  for(i=0; i<u->nFile; i++) if( u->aFile[i]==fid ) return SQLITE_OK;
  if( papers_grow(&u->aFile, &u->nFileAlloc, u->nFile+1, sizeof(i64), 4) ) return SQLITE_NOMEM;
  u->aFile[u->nFile++] = fid;
  return SQLITE_OK;
}

/* The saved entries of listed file j (read once). */
static int delta_old_entries(Delta *d, UFile *f){
  PapersSimStore *p = d->p;
  Rd r;
  int rc = SQLITE_OK;
  if( f->bOldEnt ) return SQLITE_OK;
  sqlite3_bind_int64(d->pEntries, 1, f->id);
  if( sqlite3_step(d->pEntries)!=SQLITE_ROW
   || !blob_open(&r, sqlite3_column_blob(d->pEntries, 0), sqlite3_column_bytes(d->pEntries, 0),
                 seed_entries(f->id))
   || !dec_entries(&r, &f->aOldEnt, &f->nOldEnt, &rc) ){
    int rc2 = sqlite3_reset(d->pEntries);
    if( rc2!=SQLITE_OK ) return delta_err(d, rc2, "reading a file's entries");
    return rc ? rc : st_damaged(p, d->pzErr, "the entries of file %lld are malformed", f->id);
  }
  sqlite3_reset(d->pEntries);
  f->bOldEnt = 1;
  return SQLITE_OK;
}

/* Step A: a saved file that is removed or changed takes its papers with
** it: each loses the file, and a paper whose document was there loses
** that too. */
static int delta_unfile(Delta *d, UFile *f){
  int i, rc = delta_old_entries(d, f);
  for(i=0; rc==SQLITE_OK && i<f->nOldEnt; i++){
    UPaper *u;
    int k;
    rc = delta_paper(d, f->aOldEnt[i].pid, &u);
    if( rc!=SQLITE_OK ) break;
    for(k=0; k<u->nFile && u->aFile[k]!=f->id; k++){}
    if( k==u->nFile ){
      rc = st_damaged(d->p, d->pzErr, "paper %016llx is in file %lld but its row"
                      " does not say so", (unsigned long long)u->pid, f->id);
      break;
    }
    u->aFile[k] = u->aFile[--u->nFile];
    if( u->iDoc>=0 && !u->bDead && d->p->aFid[u->iDoc]==(u32)f->id ){
      u->bDead = 1;
      rc = delta_kill(d, u->iDoc);
    }
  }
  return rc;
}

/* Step B: read listed file j (added or changed): its entries, and a new
** document for each paper whose first appearance it now holds. */
static int delta_read_file(Delta *d, int j){
  const PapersFile *pf = &d->pReq->pFiles->a[j];
  UFile *f = &d->aFile[j];
  PapersReader *r = 0;
  PapersEntry e;
  char *zWhy = 0;
  int rc;
  if( pf->zProblem ){
    f->eKind = 1;
    f->zProblem = sqlite3_mprintf("%s", pf->zProblem);
    return f->zProblem ? SQLITE_OK : SQLITE_NOMEM;
  }
  rc = papers_reader_open(pf->zPath, 0, 0, &r, &zWhy);
  if( rc==SQLITE_ERROR ){
    /* unreadable now: a problem of the file, as a build passes it over */
    f->eKind = 2;
    f->zProblem = zWhy;
    return zWhy ? SQLITE_OK : SQLITE_NOMEM;
  }
  while( rc==SQLITE_OK ){
    char zId[17];
    u64 pid;
    UPaper *u;
    int k, bFirst = 1;
    rc = papers_reader_next(r, &e);
    if( rc!=SQLITE_ROW ){
      if( rc==SQLITE_DONE ){
        rc = SQLITE_OK;
      }else if( rc==SQLITE_IOERR && papers_reader_errmsg(r) ){
        f->eKind = 2;
        f->zProblem = sqlite3_mprintf("%s", papers_reader_errmsg(r));
        rc = f->zProblem ? SQLITE_OK : SQLITE_NOMEM;
      }
      break;
    }
    rc = papers_reader_text(r, &e);
    if( rc==SQLITE_OK ) rc = papers_paper_id(e.zTitle, e.nTitle, zId);
    if( rc!=SQLITE_OK ) break;
    pid = strtoull(zId, 0, 16);
    for(k=0; k<f->nEnt && f->aEnt[k].pid!=pid; k++){}
    if( k<f->nEnt ) continue;                 /* again in this file */
    rc = papers_grow(&f->aEnt, &f->nEntAlloc, f->nEnt+1, sizeof(StEntry), 64);
    if( rc!=SQLITE_OK ) break;
    f->aEnt[f->nEnt].pid = pid;
    f->aEnt[f->nEnt].iOff = e.iOffset;
    f->aEnt[f->nEnt].iPos = e.iPosition;
    f->aEnt[f->nEnt].iLine = e.iLine;
    f->nEnt++;
    rc = delta_paper(d, pid, &u);
    if( rc==SQLITE_OK ) rc = delta_add_file(u, f->id);
    if( rc!=SQLITE_OK ) break;
    /* first appearance: no file of the paper comes before this one */
    for(k=0; k<u->nFile; k++){
      int rk = delta_rank(d, u->aFile[k]);
      if( rk>=0 && rk<j ){ bFirst = 0; break; }
    }
    if( !bFirst || u->iNew>=0 ) continue;
    if( u->iDoc>=0 && !u->bDead ){
      u->bDead = 1;
      rc = delta_kill(d, u->iDoc);
    }
    if( rc==SQLITE_OK ) rc = delta_new_doc(d, u, j, &e);
  }
  papers_reader_close(r);
  return rc;
}

/* Step C: a paper that lost its document to a removed or changed file and
** is still in a listed file: its entry there becomes the document, read by
** seeking to it. ST_NEED_FULL if the entry is not where it was saved (the
** file changed and kept its size, mtime and inode). */
static int delta_promote(Delta *d, UPaper *u){
  int k, jBest = -1, rc;
  UFile *f;
  PapersReader *r = 0;
  PapersEntry e;
  char zId[17], *zWhy = 0;
  for(k=0; k<u->nFile; k++){
    int rk = delta_rank(d, u->aFile[k]);
    if( rk<0 ) return st_damaged(d->p, d->pzErr, "paper %016llx is in an unknown file",
                                 (unsigned long long)u->pid);
    if( jBest<0 || rk<jBest ) jBest = rk;
  }
  f = &d->aFile[jBest];
  if( f->eState!=0 ) return ST_NEED_FULL;     /* cannot be: it was read */
  rc = delta_old_entries(d, f);
  if( rc!=SQLITE_OK ) return rc;
  for(k=0; k<f->nOldEnt && f->aOldEnt[k].pid!=u->pid; k++){}
  if( k==f->nOldEnt ){
    return st_damaged(d->p, d->pzErr, "paper %016llx is not among the entries of file %lld",
                      (unsigned long long)u->pid, f->id);
  }
  rc = papers_reader_open(d->pReq->pFiles->a[jBest].zPath, 0, 0, &r, &zWhy);
  sqlite3_free(zWhy);
  if( rc==SQLITE_ERROR ) return ST_NEED_FULL;
  if( rc==SQLITE_OK ){
    rc = papers_reader_seek(r, f->aOldEnt[k].iOff, f->aOldEnt[k].iPos, f->aOldEnt[k].iLine);
  }
  if( rc==SQLITE_OK ) rc = papers_reader_next(r, &e);
  if( rc==SQLITE_ROW ) rc = papers_reader_text(r, &e);
  if( rc==SQLITE_OK ) rc = papers_paper_id(e.zTitle, e.nTitle, zId);
  if( rc==SQLITE_OK && strtoull(zId, 0, 16)!=u->pid ) rc = ST_NEED_FULL;
  if( rc==SQLITE_DONE || rc==SQLITE_IOERR ) rc = ST_NEED_FULL;
  if( rc==SQLITE_OK ) rc = delta_new_doc(d, u, jBest, &e);
  papers_reader_close(r);
  return rc;
}

/* Step D for one term: S1, S2 of the live saved documents holding it when
** its df changed, its new postings as a segment (merging segments like a
** binary counter: while the last is at least half the one before it, the
** two become one; dead documents' postings are dropped when segments
** merge, and all segments merge when dead postings outnumber live ones),
** and its row. */
static int delta_term(Delta *d, UTerm *u, sqlite3_stmt *pPut, sqlite3_stmt *pDelSegs,
                      sqlite3_stmt *pTermPut, sqlite3_stmt *pTermSet,
                      sqlite3_stmt *pTermDel, Buf *pBuf){
  PapersSimStore *p = d->p;
  PList l;
  int aEnd[ST_SEGS+1], nSeg = 0, rc = SQLITE_OK, i, k, kMerge;
  i64 nLive = 0, nAll;
  i64 aSize[ST_SEGS+1];
  memset(&l, 0, sizeof(l));
  if( u->df1<0 || (u->bNew && u->df1!=u->add.n) ){
    return st_damaged(p, d->pzErr, "term %lld loses more documents than its df", u->id);
  }
  if( u->df1==0 ){
    /* no document holds it any more: its row and postings go */
    if( !u->bNew ){
      sqlite3_bind_int64(pTermDel, 1, u->id);
      rc = st_step_write(pTermDel);
      sqlite3_bind_int64(pDelSegs, 1, u->id*ST_SEGS);
      sqlite3_bind_int64(pDelSegs, 2, u->id*ST_SEGS + ST_SEGS - 1);
      if( rc==SQLITE_OK ) rc = st_step_write(pDelSegs);
      if( rc!=SQLITE_OK ) rc = delta_err(d, rc, "deleting a term");
    }
    return rc;
  }
  if( !u->bNew ){
    rc = st_read_postings(p, d->pPost, u->id, &l, aEnd, &nSeg, d->pzErr);
    if( rc==SQLITE_OK && nSeg==0 ) rc = st_damaged(p, d->pzErr, "term %lld has no postings", u->id);
  }
  if( rc==SQLITE_OK && u->df1!=u->df0 && !u->bNew ){
    /* the moves of S1 and S2 add up per slot first (each is tiny next to
    ** the sums), and enter the double-double sums once per slot */
    const double b0 = st_b(u->df0), b1 = st_b(u->df1);
    const double d1 = b1 - b0, d2 = b1*b1 - b0*b0;
    double *aD1 = d->aMove, *aD2 = d->aMove + d->nMove;
    double aW2[64];           /* (1 + ln tf)^2, made when first needed */
    memset(aW2, 0, sizeof(aW2));
    for(i=0; i<l.n; i++){
      u32 s = l.aSlot[i];
      if( p->aFid[s]==0 ) continue;
      if( l.aTf[i]==1 ){
        aD1[s] += d1;
        aD2[s] += d2;
      }else{
        double w2;
        u32 tf = l.aTf[i];
        if( tf<64 ){
          if( aW2[tf]==0.0 ) aW2[tf] = tfw(tf)*tfw(tf);
          w2 = aW2[tf];
        }else{
          w2 = tfw(tf)*tfw(tf);
        }
        aD1[s] += w2*d1;
        aD2[s] += w2*d2;
      }
    }
  }
  for(i=0; i<l.n; i++) if( p->aFid[l.aSlot[i]] ) nLive++;
  if( rc==SQLITE_OK && nLive!=u->df1 - u->add.n ){
    rc = st_damaged(p, d->pzErr, "term %lld has %lld live postings, its df says %lld",
                    u->id, nLive, u->df1 - u->add.n);
  }
  /* the segments after this update: the saved ones, then the new one */
  for(k=0; k<nSeg; k++) aSize[k] = aEnd[k] - (k ? aEnd[k-1] : 0);
  nAll = nSeg;
  if( u->add.n>0 ){
    for(i=0; rc==SQLITE_OK && i<u->add.n; i++){
      rc = plist_add(&l, u->add.aSlot[i], u->add.aTf[i]);
    }
    aSize[nAll] = u->add.n;
    aEnd[nAll] = l.n;
    nAll++;
  }
  /* which trailing segments merge into one */
  kMerge = (int)nAll;
  if( u->add.n>0 ){
    i64 nTail = aSize[nAll-1];
    kMerge = (int)nAll-1;
    while( kMerge>0 && nTail*2 >= aSize[kMerge-1] ){
      kMerge--;
      nTail += aSize[kMerge];
    }
  }
  if( nAll>=ST_SEGS || (l.n - (nLive + u->add.n)) > nLive + u->add.n ) kMerge = 0;
  if( rc==SQLITE_OK && kMerge<nAll ){
    /* write segment kMerge: the live postings of segments kMerge.. */
    int iFrom = kMerge ? aEnd[kMerge-1] : 0, nOut = 0;
    u32 *aS = sqlite3_malloc64(sizeof(u32)*(u64)(l.n - iFrom + 1));
    u16 *aT = sqlite3_malloc64(sizeof(u16)*(u64)(l.n - iFrom + 1));
    if( aS==0 || aT==0 ) rc = SQLITE_NOMEM;
    for(i=iFrom; rc==SQLITE_OK && i<l.n; i++){
      if( p->aFid[l.aSlot[i]]==0 ) continue;
      aS[nOut] = l.aSlot[i];
      aT[nOut] = l.aTf[i];
      nOut++;
    }
    if( rc==SQLITE_OK ){
      i64 id = u->id*ST_SEGS + kMerge;
      pBuf->n = 0;
      rc = enc_pairs(pBuf, aS, aT, nOut, 0);
      if( rc==SQLITE_OK ) rc = buf_seal(pBuf, seed_postings(id));
      if( rc==SQLITE_OK ){
        sqlite3_bind_int64(pPut, 1, id);
        sqlite3_bind_blob(pPut, 2, pBuf->a, (int)pBuf->n, SQLITE_STATIC);
        rc = st_step_write(pPut);
        if( rc==SQLITE_OK && kMerge+1<nSeg ){
          sqlite3_bind_int64(pDelSegs, 1, id+1);
          sqlite3_bind_int64(pDelSegs, 2, u->id*ST_SEGS + ST_SEGS - 1);
          rc = st_step_write(pDelSegs);
        }
        if( rc!=SQLITE_OK ) rc = delta_err(d, rc, "writing the postings");
      }
    }
    sqlite3_free(aS);
    sqlite3_free(aT);
  }
  if( rc==SQLITE_OK && (u->bNew || u->df1!=u->df0) ){
    /* a new term's row, or the new df of a saved one */
    sqlite3_stmt *pW = u->bNew ? pTermPut : pTermSet;
    sqlite3_bind_int64(pW, 1, u->id);
    if( u->bNew ) sqlite3_bind_text(pW, 2, u->z, u->n, SQLITE_STATIC);
    sqlite3_bind_int64(pW, 3, u->df1);
    rc = st_step_write(pW);
    if( rc!=SQLITE_OK ) rc = delta_err(d, rc, "writing a term");
  }
  plist_free(&l);
  return rc;
}

static i64 delta_df(void *pArg, u32 t){ return ((Delta*)pArg)->aTerm[t].df1; }

/* Order of two places in the new documents' lists: by term id. */
static int udoc_place_cmp(const void *a, const void *b, void *pCtx){
  const Delta *d = (const Delta*)pCtx;
  i64 x = d->aTerm[d->aFwdTerm[*(const u32*)a]].id;
  i64 y = d->aTerm[d->aFwdTerm[*(const u32*)b]].id;
  return x<y ? -1 : x>y;
}

static void delta_free(Delta *d){
  int i;
  for(i=0; i<d->nTerm; i++){
    sqlite3_free(d->aTerm[i].z);
    plist_free(&d->aTerm[i].add);
  }
  sqlite3_free(d->aTerm);
  for(i=0; i<d->nPaper; i++) sqlite3_free(d->aPaper[i].aFile);
  sqlite3_free(d->aPaper);
  for(i=0; i<d->nFile; i++){
    sqlite3_free(d->aFile[i].aEnt);
    sqlite3_free(d->aFile[i].aOldEnt);
    sqlite3_free(d->aFile[i].zProblem);
  }
  sqlite3_free(d->aFile);
  pidmap_free(&d->mTermId);
  pidmap_free(&d->mPaper);
  pidmap_free(&d->mFid);
  sqlite3_free(d->aTextSlot);
  sqlite3_free(d->aDoc);
  sqlite3_free(d->aFwdTerm);
  sqlite3_free(d->aFwdTf);
  sqlite3_free(d->aDead);
  sqlite3_free(d->aRemoved);
  sqlite3_free(d->aMove);
  sqlite3_finalize(d->pTermByText);
  sqlite3_finalize(d->pTermById);
  sqlite3_finalize(d->pPaper);
  sqlite3_finalize(d->pDoc);
  sqlite3_finalize(d->pEntries);
  sqlite3_finalize(d->pPost);
}

static int st_delta(PapersSimStore *p, const PapersSimRequest *pReq, char **pzErr){
  const PapersFileList *pFiles = pReq->pFiles;
  Delta d;
  sqlite3_stmt *pPut = 0, *pDelSegs = 0, *pTermPut = 0, *pTermSet = 0, *pTermDel = 0;
  sqlite3_stmt *pStmt = 0;
  Buf b;
  u32 *aOrder = 0;
  int rc, i, j, iOld;
  i64 nPostDelta = 0, s, nMoveSlot = 0;
  memset(&d, 0, sizeof(d));
  memset(&b, 0, sizeof(b));
  d.p = p;
  d.pReq = pReq;
  d.pzErr = pzErr;
  rc = st_load_slots(p, 1, pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &d.pTermByText, "SELECT id FROM @terms WHERE term=?", pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &d.pTermById, "SELECT df FROM @terms WHERE id=?", pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &d.pPaper, "SELECT doc, files FROM @papers WHERE pid=?", pzErr);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &d.pDoc, "SELECT pid, file, off, pos, line, terms FROM @docs WHERE id=?", pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &d.pEntries, "SELECT entries FROM @files WHERE id=?", pzErr);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &d.pPost, "SELECT id, data FROM @postings WHERE id BETWEEN ? AND ? ORDER BY id",
                 pzErr);
  }
  /* the listing against the saved files */
  if( rc==SQLITE_OK ){
    d.aFile = sqlite3_malloc64(sizeof(UFile)*(u64)(pFiles->n+1));
    d.aRemoved = sqlite3_malloc64(sizeof(i64)*(u64)(p->nFile+1));
    if( d.aFile==0 || d.aRemoved==0 ) rc = SQLITE_NOMEM;
    else memset(d.aFile, 0, sizeof(UFile)*(u64)(pFiles->n+1));
  }
  d.nFile = rc==SQLITE_OK ? pFiles->n : 0;
  for(i=0, j=0, iOld=0; rc==SQLITE_OK && (iOld<p->nFile || j<pFiles->n); ){
    int c = iOld>=p->nFile ? 1 : j>=pFiles->n ? -1 : strcmp(p->aFile[iOld].zName, pFiles->a[j].zRel);
    if( c<0 ){
      d.aRemoved[d.nRemoved++] = p->aFile[iOld].id;
      iOld++;
      continue;
    }
    if( c>0 ){
      if( p->nNextFile>=ST_MAX_ID ){ rc = st_fail(p, pzErr, SQLITE_FULL, "too many files"); break; }
      d.aFile[j].id = p->nNextFile++;
      d.aFile[j].eState = 2;
      d.aFile[j].iOld = -1;
    }else{
      d.aFile[j].id = p->aFile[iOld].id;
      d.aFile[j].iOld = iOld;
      d.aFile[j].eState = st_file_same(&p->aFile[iOld], &pFiles->a[j], pReq) ? 0 : 1;
      iOld++;
    }
    {
      int x = pidmap_get(&d.mFid, (u64)d.aFile[j].id);
      if( x<0 ){ rc = SQLITE_NOMEM; break; }
      d.mFid.aA[x] = j;
    }
    j++;
  }
  /* A: removed and changed files give up their papers */
  for(i=0; rc==SQLITE_OK && i<d.nRemoved; i++){
    UFile tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.id = d.aRemoved[i];
    rc = delta_unfile(&d, &tmp);
    sqlite3_free(tmp.aOldEnt);
  }
  for(j=0; rc==SQLITE_OK && j<d.nFile; j++){
    if( d.aFile[j].eState==1 ) rc = delta_unfile(&d, &d.aFile[j]);
  }
  /* B: added and changed files are read, in path order */
  for(j=0; rc==SQLITE_OK && j<d.nFile; j++){
    if( d.aFile[j].eState!=0 ) rc = delta_read_file(&d, j);
  }
  /* C: papers whose document went and that are still in a listed file */
  for(i=0; rc==SQLITE_OK && i<d.nPaper; i++){
    UPaper *u = &d.aPaper[i];
    if( u->bDead && u->iNew<0 && u->nFile>0 ) rc = delta_promote(&d, u);
  }
  /* the postings of the new documents, per term, in slot order */
  for(i=0; rc==SQLITE_OK && i<d.nDoc; i++){
    const UDoc *x = &d.aDoc[i];
    for(j=0; rc==SQLITE_OK && j<x->nFwd; j++){
      UTerm *u = &d.aTerm[d.aFwdTerm[x->iFwd+j]];
      rc = plist_add(&u->add, (u32)x->slot, d.aFwdTf[x->iFwd+j]);
    }
  }
  /* the slot arrays grow to the new slots */
  if( rc==SQLITE_OK ) rc = st_slots_room(p, p->nSlot);
  for(i=0; rc==SQLITE_OK && i<d.nDoc; i++){
    s = d.aDoc[i].slot;
    p->aFid[s] = (u32)d.aDoc[i].fid;
    p->aPos[s] = (u32)d.aDoc[i].pos;
    p->aRank[s] = -2;          /* live; the rank is the snapshot's business */
    p->aInv[s] = 0.0;
  }
  /* D: every touched term (S1 and S2 moves of the saved slots in aMove) */
  if( rc==SQLITE_OK ){
    i64 nOld = d.aDoc && d.nDoc ? d.aDoc[0].slot : p->nSlot;
    d.aMove = sqlite3_malloc64(sizeof(double)*2*(u64)(nOld+1));
    if( d.aMove==0 ) rc = SQLITE_NOMEM;
    else memset(d.aMove, 0, sizeof(double)*2*(u64)(nOld+1));
    d.nMove = nMoveSlot = nOld;
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pPut, "INSERT OR REPLACE INTO @postings(id, data) VALUES(?, ?)", pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &pDelSegs, "DELETE FROM @postings WHERE id BETWEEN ? AND ?", pzErr);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pTermPut, "INSERT INTO @terms(id, term, df) VALUES(?1, ?2, ?3)", pzErr);
  }
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pTermSet, "UPDATE @terms SET df=?3 WHERE id=?1", pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pTermDel, "DELETE FROM @terms WHERE id=?", pzErr);
  for(i=0; rc==SQLITE_OK && i<d.nTerm; i++){
    UTerm *u = &d.aTerm[i];
    if( u->df1==u->df0 && u->add.n==0 ) continue;
    nPostDelta += u->df1 - u->df0;
    rc = delta_term(&d, u, pPut, pDelSegs, pTermPut, pTermSet, pTermDel, &b);
    if( rc==SQLITE_OK && (i & 63)==63 && pReq->xBusy && pReq->xBusy(pReq->pBusyArg) ){
      rc = SQLITE_INTERRUPT;
    }
  }
  for(s=0; rc==SQLITE_OK && s<nMoveSlot; s++){
    if( d.aMove[s]!=0.0 ) dd_add(&p->aS1[2*s], &p->aS1[2*s+1], d.aMove[s]);
    if( d.aMove[nMoveSlot+s]!=0.0 ) dd_add(&p->aS2[2*s], &p->aS2[2*s+1], d.aMove[nMoveSlot+s]);
  }
  /* E: the new documents' rows and sums; the dead documents' rows go */
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT INTO @docs(id, pid, file, off, pos, line, terms)"
                            " VALUES(?, ?, ?, ?, ?, ?, ?)", pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<d.nDoc; i++){
    const UDoc *x = &d.aDoc[i];
    u32 *aU, *aT;
    u16 *aF;
    int n = x->nFwd;
    /* its terms in increasing id order: places, update terms, ids, tf */
    {
      u32 *aNew = sqlite3_realloc64(aOrder, (sizeof(u32)*3 + sizeof(u16))*(u64)(n+1));
      if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
      aOrder = aNew;
    }
    aU = aOrder + (n+1);
    aT = aU + (n+1);
    aF = (u16*)(aT + (n+1));
    for(j=0; j<n; j++) aOrder[j] = (u32)(x->iFwd + j);
    qsort_r(aOrder, n, sizeof(u32), udoc_place_cmp, &d);
    for(j=0; j<n; j++){
      aU[j] = d.aFwdTerm[aOrder[j]];
      aT[j] = (u32)d.aTerm[aU[j]].id;
      aF[j] = d.aFwdTf[aOrder[j]];
    }
    doc_sums(aU, aF, n, delta_df, &d, &p->aS0[x->slot], &p->aS1[2*x->slot],
             &p->aS2[2*x->slot]);
    b.n = 0;
    rc = enc_pairs(&b, aT, aF, n, 1);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_doc(x->slot, x->pid, x->fid, x->off, x->pos, x->line));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, x->slot);
    sqlite3_bind_int64(pStmt, 2, (i64)x->pid);
    sqlite3_bind_int64(pStmt, 3, x->fid);
    sqlite3_bind_int64(pStmt, 4, x->off);
    sqlite3_bind_int64(pStmt, 5, x->pos);
    sqlite3_bind_int64(pStmt, 6, x->line);
    sqlite3_bind_blob(pStmt, 7, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = delta_err(&d, rc, "writing a document");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ) rc = st_delete_keys(p, "DELETE FROM @docs WHERE id=?", d.aDead, d.nDead, pzErr);
  /* F: the papers' rows */
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT OR REPLACE INTO @papers(pid, doc, files) VALUES(?, ?, ?)",
                 pzErr);
  }
  for(i=0; rc==SQLITE_OK && i<d.nPaper; i++){
    UPaper *u = &d.aPaper[i];
    i64 doc = u->iNew>=0 ? u->iNew : u->iDoc;
    int k, m;
    if( u->nFile==0 ) continue;
    if( doc<0 || (u->bDead && u->iNew<0) ){
      rc = st_fail(p, pzErr, SQLITE_INTERNAL, "paper %016llx is left without a document",
                   (unsigned long long)u->pid);
      break;
    }
    for(k=1; k<u->nFile; k++){      /* ids increasing */
      i64 v = u->aFile[k];
      for(m=k; m>0 && u->aFile[m-1]>v; m--) u->aFile[m] = u->aFile[m-1];
      u->aFile[m] = v;
    }
    b.n = 0;
    rc = enc_ids(&b, u->aFile, u->nFile);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_paper(u->pid, doc));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, (i64)u->pid);
    sqlite3_bind_int64(pStmt, 2, doc);
    sqlite3_bind_blob(pStmt, 3, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = delta_err(&d, rc, "writing a paper");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  if( rc==SQLITE_OK ){
    /* papers in no file any more */
    i64 *aGone = sqlite3_malloc64(sizeof(i64)*(u64)(d.nPaper+1));
    int nGone = 0;
    if( aGone==0 ) rc = SQLITE_NOMEM;
    for(i=0; rc==SQLITE_OK && i<d.nPaper; i++){
      if( d.aPaper[i].nFile==0 ) aGone[nGone++] = (i64)d.aPaper[i].pid;
    }
    if( rc==SQLITE_OK ) rc = st_delete_keys(p, "DELETE FROM @papers WHERE pid=?", aGone, nGone, pzErr);
    sqlite3_free(aGone);
  }
  /* G: the files' rows */
  if( rc==SQLITE_OK ){
    rc = st_delete_keys(p, "DELETE FROM @files WHERE id=?", d.aRemoved, d.nRemoved, pzErr);
  }
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pStmt, "INSERT OR REPLACE INTO @files(id, name, size, mtime, inode, pkind,"
                            " problem, entries) VALUES(?, ?, ?, ?, ?, ?, ?, ?)", pzErr);
  }
  for(j=0; rc==SQLITE_OK && j<d.nFile; j++){
    const UFile *f = &d.aFile[j];
    const PapersFile *pf = &pFiles->a[j];
    if( f->eState==0 ) continue;
    b.n = 0;
    rc = enc_entries(&b, f->aEnt, f->nEnt);
    if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_entries(f->id));
    if( rc!=SQLITE_OK ) break;
    sqlite3_bind_int64(pStmt, 1, f->id);
    sqlite3_bind_text(pStmt, 2, pf->zRel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(pStmt, 3, pf->nSize);
    sqlite3_bind_int64(pStmt, 4, pf->iMtimeNs);
    sqlite3_bind_int64(pStmt, 5, pf->iInode);
    sqlite3_bind_int(pStmt, 6, f->eKind);
    if( f->zProblem ) sqlite3_bind_text(pStmt, 7, f->zProblem, -1, SQLITE_STATIC);
    else sqlite3_bind_null(pStmt, 7);
    sqlite3_bind_blob(pStmt, 8, b.a, (int)b.n, SQLITE_STATIC);
    rc = st_step_write(pStmt);
    if( rc!=SQLITE_OK ) rc = delta_err(&d, rc, "writing a file");
  }
  sqlite3_finalize(pStmt);
  pStmt = 0;
  /* H: every norm for the new N, then the config */
  if( rc==SQLITE_OK ){
    const double A = st_A(p->nDoc);
    for(s=0; s<p->nSlot; s++){
      p->aInv[s] = p->aFid[s] ? inv_norm(p->aS0[s], &p->aS1[2*s], &p->aS2[2*s], A) : 0.0;
    }
    p->nPost += nPostDelta;
    rc = st_write_chunks(p, 0, (p->nSlot + ST_CHUNK - 1)/ST_CHUNK, pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_write_config(p, pzErr);
  sqlite3_finalize(pPut);
  sqlite3_finalize(pDelSegs);
  sqlite3_finalize(pTermPut);
  sqlite3_finalize(pTermSet);
  sqlite3_finalize(pTermDel);
  sqlite3_finalize(pStmt);
  sqlite3_free(aOrder);
  sqlite3_free(b.a);
  delta_free(&d);
  return rc;
}

/* ----------------------------------------------------------- commands */

/* 'merge': every term's segments become one (dead documents' postings
** dropped), and every sum is computed again from the postings, exactly. */
static int st_merge(PapersSimStore *p, const PapersSimRequest *pReq, char **pzErr){
  sqlite3_stmt *pTerms = 0, *pPost = 0, *pPut = 0, *pDel = 0;
  PList l;
  Buf b;
  i64 s, n = 0;
  int rc = st_load_slots(p, 1, pzErr);
  memset(&l, 0, sizeof(l));
  memset(&b, 0, sizeof(b));
  for(s=0; rc==SQLITE_OK && s<p->nSlot; s++){
    p->aS0[s] = 0.0;
    p->aS1[2*s] = p->aS1[2*s+1] = p->aS2[2*s] = p->aS2[2*s+1] = 0.0;
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pTerms, "SELECT id, df FROM @terms ORDER BY id", pzErr);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pPost, "SELECT id, data FROM @postings WHERE id BETWEEN ? AND ? ORDER BY id",
                 pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pPut, "INSERT OR REPLACE INTO @postings(id, data) VALUES(?, ?)", pzErr);
  if( rc==SQLITE_OK ) rc = st_prep(p, &pDel, "DELETE FROM @postings WHERE id BETWEEN ? AND ?", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pTerms)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pTerms, 0), df = sqlite3_column_int64(pTerms, 1), nLive = 0;
    double bt = st_b(df);
    int i, nSeg = 0;
    l.n = 0;
    if( id<1 || id>=p->nNextTerm ){ rc = st_damaged(p, pzErr, "term id %lld", id); break; }
    rc = st_read_postings(p, pPost, id, &l, 0, &nSeg, pzErr);
    for(i=0; rc==SQLITE_OK && i<l.n; i++){
      u32 sl = l.aSlot[i];
      double w;
      if( p->aFid[sl]==0 ) continue;
      w = tfw(l.aTf[i]);
      p->aS0[sl] += w*w;
      dd_add(&p->aS1[2*sl], &p->aS1[2*sl+1], w*w*bt);
      dd_add(&p->aS2[2*sl], &p->aS2[2*sl+1], w*w*bt*bt);
      l.aSlot[nLive] = sl;
      l.aTf[nLive] = l.aTf[i];
      nLive++;
    }
    if( rc==SQLITE_OK && nLive!=df ){
      rc = st_damaged(p, pzErr, "term %lld has df %lld but %lld live postings", id, df, nLive);
    }
    if( rc==SQLITE_OK && (nSeg>1 || nLive<l.n) ){
      b.n = 0;
      rc = enc_pairs(&b, l.aSlot, l.aTf, (int)nLive, 0);
      if( rc==SQLITE_OK ) rc = buf_seal(&b, seed_postings(id*ST_SEGS));
      if( rc==SQLITE_OK ){
        sqlite3_bind_int64(pPut, 1, id*ST_SEGS);
        sqlite3_bind_blob(pPut, 2, b.a, (int)b.n, SQLITE_STATIC);
        rc = st_step_write(pPut);
        sqlite3_bind_int64(pDel, 1, id*ST_SEGS + 1);
        sqlite3_bind_int64(pDel, 2, id*ST_SEGS + ST_SEGS - 1);
        if( rc==SQLITE_OK ) rc = st_step_write(pDel);
        if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "writing the postings");
      }
    }
    n += nLive;
    if( rc==SQLITE_OK && pReq->xBusy && (id & 255)==0 && pReq->xBusy(pReq->pBusyArg) ){
      rc = SQLITE_INTERRUPT;
    }
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_reset(pTerms);
    if( rc!=SQLITE_OK ) rc = st_sqlerr(p, pzErr, rc, "reading the terms");
  }
  if( rc==SQLITE_OK ){
    const double A = st_A(p->nDoc);
    for(s=0; s<p->nSlot; s++){
      p->aInv[s] = p->aFid[s] ? inv_norm(p->aS0[s], &p->aS1[2*s], &p->aS2[2*s], A) : 0.0;
    }
    p->nPost = n;
    rc = st_write_chunks(p, 0, (p->nSlot + ST_CHUNK - 1)/ST_CHUNK, pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_write_config(p, pzErr);
  sqlite3_finalize(pTerms);
  sqlite3_finalize(pPost);
  sqlite3_finalize(pPut);
  sqlite3_finalize(pDel);
  plist_free(&l);
  sqlite3_free(b.a);
  return rc;
}

/* Relative difference of two values above 1e-9? */
static int differs(double a, double b){
  double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
  return fabs(a - b) > 1e-9 * (m > 1e-300 ? m : 1.0);
}

/* A mismatch between the saved index and the files. */
static int st_mismatch(PapersSimStore *p, char **pzErr, const char *zFmt, ...){
  va_list ap;
  int rc;
  va_start(ap, zFmt);
  rc = st_vreport(p, pzErr, SQLITE_ERROR, "does not match the files", zFmt, ap);
  va_end(ap);
  return rc;
}

/* The checks of 'integrity-check' on the tables themselves: every blob,
** the postings against the documents' forward lists, the sums and norms
** against what the lists give, papers against documents and files. */
static int st_check_tables(PapersSimStore *p, u64 *aPid, char **pzErr){
  sqlite3_stmt *pStmt = 0, *pPost = 0;
  PList fwd, l;
  i64 *aAt = 0, s, nLive = 0;
  int *aN = 0, rc, i;
  PidMap mDf;
  memset(&fwd, 0, sizeof(fwd));
  memset(&l, 0, sizeof(l));
  memset(&mDf, 0, sizeof(mDf));
  rc = st_load_slots(p, 1, pzErr);
  /* the forward lists by slot */
  if( rc==SQLITE_OK ){
    aAt = sqlite3_malloc64(sizeof(i64)*(u64)(p->nSlot+1));
    aN = sqlite3_malloc64(sizeof(int)*(u64)(p->nSlot+1));
    if( aAt==0 || aN==0 ) rc = SQLITE_NOMEM;
    else for(s=0; s<p->nSlot; s++) aN[s] = -1;
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pStmt, "SELECT id, pid, file, off, pos, line, terms FROM @docs", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0), n0 = fwd.n;
    Rd r;
    if( id<0 || id>=p->nSlot || p->aFid[id]==0 || aN[id]>=0
     || sqlite3_column_int64(pStmt, 2)!=p->aFid[id] || sqlite3_column_int64(pStmt, 4)!=p->aPos[id]
     || !blob_open(&r, sqlite3_column_blob(pStmt, 6), sqlite3_column_bytes(pStmt, 6),
                   seed_doc(id, (u64)sqlite3_column_int64(pStmt, 1), sqlite3_column_int64(pStmt, 2),
                            sqlite3_column_int64(pStmt, 3), sqlite3_column_int64(pStmt, 4),
                            sqlite3_column_int64(pStmt, 5)))
     || !dec_pairs(&r, &fwd, 1, 0, p->nNextTerm, &rc) ){
      if( rc==SQLITE_OK ) rc = st_damaged(p, pzErr, "document row %lld is malformed", id);
      break;
    }
    aAt[id] = n0;
    aN[id] = (int)(fwd.n - n0);
    aPid[id] = (u64)sqlite3_column_int64(pStmt, 1);
    nLive++;
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the documents");
  if( rc==SQLITE_OK && nLive!=p->nDoc ){
    rc = st_damaged(p, pzErr, "%lld document rows for %lld documents", nLive, p->nDoc);
  }
  /* each term: its live postings are exactly the forward lists holding it */
  if( rc==SQLITE_OK ) rc = st_prep(p, &pStmt, "SELECT id, df FROM @terms", pzErr);
  if( rc==SQLITE_OK ){
    rc = st_prep(p, &pPost, "SELECT id, data FROM @postings WHERE id BETWEEN ? AND ? ORDER BY id",
                 pzErr);
  }
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0), df = sqlite3_column_int64(pStmt, 1), n = 0;
    int x;
    if( id<1 || id>=p->nNextTerm || df<1 ){ rc = st_damaged(p, pzErr, "term row %lld", id); break; }
    x = pidmap_get(&mDf, (u64)id);
    if( x<0 ){ rc = SQLITE_NOMEM; break; }
    mDf.aA[x] = (int)df;
    l.n = 0;
    rc = st_read_postings(p, pPost, id, &l, 0, 0, pzErr);
    for(i=0; rc==SQLITE_OK && i<l.n; i++){
      u32 sl = l.aSlot[i];
      int lo, hi, found = 0;
      if( p->aFid[sl]==0 ) continue;
      n++;
      lo = 0; hi = aN[sl];
      while( lo<hi ){
        int mid = (lo+hi)/2;
        u32 t = fwd.aSlot[aAt[sl]+mid];
        if( t==(u32)id ){ found = fwd.aTf[aAt[sl]+mid]==l.aTf[i] ? 1 : -1; break; }
        if( t<(u32)id ) lo = mid+1; else hi = mid;
      }
      if( found!=1 ){
        rc = st_damaged(p, pzErr, "term %lld lists document %u, whose row does not hold it", id, sl);
      }
    }
    if( rc==SQLITE_OK && n!=df ){
      rc = st_damaged(p, pzErr, "term %lld has df %lld but %lld live postings", id, df, n);
    }
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the terms");
  /* every forward entry names a term with a row (then, by the counts above,
  ** postings and forward lists are the same pairs), and the sums and norms
  ** are what the lists and the dfs give */
  for(s=0; rc==SQLITE_OK && s<p->nSlot; s++){
    double s0 = 0.0, s1[2] = {0.0, 0.0}, s2[2] = {0.0, 0.0}, inv;
    if( p->aFid[s]==0 ) continue;
    for(i=0; i<aN[s]; i++){
      int x = pidmap_find(&mDf, fwd.aSlot[aAt[s]+i]);
      double w = tfw(fwd.aTf[aAt[s]+i]), bt;
      if( x<0 ){
        rc = st_damaged(p, pzErr, "document %lld holds term %u, which has no row", s,
                        fwd.aSlot[aAt[s]+i]);
        break;
      }
      bt = st_b(mDf.aA[x]);
      s0 += w*w;
      dd_add(&s1[0], &s1[1], w*w*bt);
      dd_add(&s2[0], &s2[1], w*w*bt*bt);
    }
    if( rc!=SQLITE_OK ) break;
    inv = inv_norm(s0, s1, s2, st_A(p->nDoc));
    if( differs(s0, p->aS0[s]) || differs(s1[0]+s1[1], p->aS1[2*s]+p->aS1[2*s+1])
     || differs(s2[0]+s2[1], p->aS2[2*s]+p->aS2[2*s+1]) || differs(inv, p->aInv[s]) ){
      rc = st_damaged(p, pzErr, "the norm of document %lld is not what its terms give", s);
    }
  }
  sqlite3_finalize(pPost);
  sqlite3_free(aAt);
  sqlite3_free(aN);
  plist_free(&fwd);
  plist_free(&l);
  pidmap_free(&mDf);
  return rc;
}

/* A paper in a file: from T_papers or from T_files' entries. */
typedef struct Member Member;
struct Member { u64 pid; i64 fid; };
static int member_cmp(const void *a, const void *b){
  const Member *x = (const Member*)a, *y = (const Member*)b;
  if( x->pid!=y->pid ) return x->pid<y->pid ? -1 : 1;
  return x->fid<y->fid ? -1 : x->fid>y->fid;
}

/* 'integrity-check' on T_papers and T_files: each paper's row names a live
** document of that paper in the first of its files (path order), at its
** entry there, and the files holding it are exactly those whose entries
** name it. */
static int st_check_papers(PapersSimStore *p, const u64 *aPid, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  Member *aA = 0, *aB = 0;
  int nA = 0, nAAlloc = 0, nB = 0, nBAlloc = 0, i, rc;
  i64 nPaper = 0;
  PidMap mDoc;          /* pid -> its document's slot (aA) */
  memset(&mDoc, 0, sizeof(mDoc));
  rc = st_prep(p, &pStmt, "SELECT pid, doc, files FROM @papers", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    u64 pid = (u64)sqlite3_column_int64(pStmt, 0);
    i64 doc = sqlite3_column_int64(pStmt, 1), *aF = 0;
    int nF = 0, k, best = -1, x;
    Rd r;
    if( doc<0 || doc>=p->nSlot || p->aFid[doc]==0 || aPid[doc]!=pid
     || !blob_open(&r, sqlite3_column_blob(pStmt, 2), sqlite3_column_bytes(pStmt, 2),
                   seed_paper(pid, doc))
     || !dec_ids(&r, &aF, &nF, p->nNextFile, &rc) ){
      if( rc==SQLITE_OK ){
        rc = st_damaged(p, pzErr, "the row of paper %016llx is malformed or names"
                        " another paper's document", (unsigned long long)pid);
      }
      break;
    }
    for(k=0; rc==SQLITE_OK && k<nF; k++){
      int iFile = st_file_by_id(p, aF[k]);
      if( iFile<0 ){
        rc = st_damaged(p, pzErr, "paper %016llx is in file %lld, which has no row",
                        (unsigned long long)pid, aF[k]);
        break;
      }
      if( best<0 || iFile<best ) best = iFile;
      rc = papers_grow(&aA, &nAAlloc, nA+1, sizeof(Member), 1024);
      if( rc==SQLITE_OK ){ aA[nA].pid = pid; aA[nA].fid = aF[k]; nA++; }
    }
    sqlite3_free(aF);
    if( rc==SQLITE_OK && p->aRank[doc]!=best ){
      rc = st_damaged(p, pzErr, "the document of paper %016llx is not in its first file",
                      (unsigned long long)pid);
    }
    x = rc==SQLITE_OK ? pidmap_get(&mDoc, pid) : 0;
    if( x<0 ) rc = SQLITE_NOMEM;
    if( rc==SQLITE_OK ) mDoc.aA[x] = (int)doc;
    nPaper++;
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the papers");
  if( rc==SQLITE_OK && nPaper!=p->nDoc ){
    rc = st_damaged(p, pzErr, "%lld paper rows for %lld documents", nPaper, p->nDoc);
  }
  /* the files' entries */
  if( rc==SQLITE_OK ) rc = st_prep(p, &pStmt, "SELECT id, entries FROM @files", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 fid = sqlite3_column_int64(pStmt, 0);
    StEntry *aE = 0;
    int nE = 0, k;
    Rd r;
    if( !blob_open(&r, sqlite3_column_blob(pStmt, 1), sqlite3_column_bytes(pStmt, 1),
                   seed_entries(fid))
     || !dec_entries(&r, &aE, &nE, &rc) ){
      if( rc==SQLITE_OK ) rc = st_damaged(p, pzErr, "the entries of file %lld are malformed", fid);
      break;
    }
    for(k=0; rc==SQLITE_OK && k<nE; k++){
      int x = pidmap_find(&mDoc, aE[k].pid);
      rc = papers_grow(&aB, &nBAlloc, nB+1, sizeof(Member), 1024);
      if( rc!=SQLITE_OK ) break;
      aB[nB].pid = aE[k].pid;
      aB[nB].fid = fid;
      nB++;
      if( x>=0 && p->aFid[mDoc.aA[x]]==(u32)fid && p->aPos[mDoc.aA[x]]!=(u32)aE[k].iPos ){
        rc = st_damaged(p, pzErr, "the document of paper %016llx is not at its entry",
                        (unsigned long long)aE[k].pid);
      }
    }
    sqlite3_free(aE);
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the files");
  if( rc==SQLITE_OK ){
    qsort(aA, nA, sizeof(Member), member_cmp);
    qsort(aB, nB, sizeof(Member), member_cmp);
    for(i=0; rc==SQLITE_OK && (i<nA || i<nB); i++){
      if( i>=nA || i>=nB || member_cmp(&aA[i], &aB[i])!=0 ){
        const Member *m = i<nA ? &aA[i] : &aB[i];
        rc = st_damaged(p, pzErr, "paper %016llx and file %lld: the paper's row and the"
                        " file's entries disagree", (unsigned long long)m->pid, m->fid);
      }
    }
  }
  sqlite3_free(aA);
  sqlite3_free(aB);
  pidmap_free(&mDoc);
  return rc;
}

typedef struct TermText TermText;
struct TermText { const char *z; int n, t; };
static int termtext_cmp(const void *a, const void *b){
  const TermText *x = (const TermText*)a, *y = (const TermText*)b;
  int c = memcmp(x->z, y->z, x->n<y->n ? x->n : y->n);
  return c ? c : x->n - y->n;
}

/* Term number in index pB of each term of pA (-1: none). */
static int *term_map(const PapersSimIndex *pA, const PapersSimIndex *pB){
  int nA = papers_simindex_nterm(pA), nB = papers_simindex_nterm(pB), i, j;
  TermText *a = sqlite3_malloc64(sizeof(TermText)*(u64)(nA+1));
  TermText *b = sqlite3_malloc64(sizeof(TermText)*(u64)(nB+1));
  int *aMap = sqlite3_malloc64(sizeof(int)*(u64)(nA+1));
  if( a==0 || b==0 || aMap==0 ){
    sqlite3_free(a); sqlite3_free(b); sqlite3_free(aMap);
    return 0;
  }
  for(i=0; i<nA; i++){ a[i].z = papers_simindex_term(pA, i, &a[i].n); a[i].t = i; aMap[i] = -1; }
  for(i=0; i<nB; i++){ b[i].z = papers_simindex_term(pB, i, &b[i].n); b[i].t = i; }
  qsort(a, nA, sizeof(TermText), termtext_cmp);
  qsort(b, nB, sizeof(TermText), termtext_cmp);
  for(i=0, j=0; i<nA && j<nB; ){
    int c = termtext_cmp(&a[i], &b[j]);
    if( c==0 ){ aMap[a[i].t] = b[j].t; i++; j++; }
    else if( c<0 ) i++;
    else j++;
  }
  sqlite3_free(a);
  sqlite3_free(b);
  return aMap;
}

static int u32_cmp(const void *a, const void *b){
  u32 x = *(const u32*)a, y = *(const u32*)b;
  return x<y ? -1 : x>y;
}

/* Do two indexes hold the same documents, places and terms? SQLITE_OK, or
** the mismatch as the error. */
static int st_same_index(PapersSimStore *p, const PapersSimRequest *pReq,
                         PapersSimIndex *pSaved, PapersSimIndex *pBuilt, char **pzErr){
  int nDoc = papers_simindex_ndoc(pBuilt), d, i, rc = SQLITE_OK;
  int *aMap = 0;
  u32 *aBuf = 0;
  if( papers_simindex_ndoc(pSaved)!=nDoc ){
    return st_mismatch(p, pzErr, "it holds %d papers, the files %d",
                       papers_simindex_ndoc(pSaved), nDoc);
  }
  aMap = term_map(pBuilt, pSaved);
  if( aMap==0 ) return SQLITE_NOMEM;
  for(d=0; rc==SQLITE_OK && d<nDoc; d++){
    const unsigned *aT1, *aT2;
    const unsigned short *aF1, *aF2;
    int n1, n2, f1, f2, pos1, pos2, line1, line2;
    i64 off1, off2;
    double inv1, inv2;
    papers_simindex_doc(pBuilt, d, &f1, &off1, &pos1, &line1, &inv1);
    papers_simindex_doc(pSaved, d, &f2, &off2, &pos2, &line2, &inv2);
    if( f1!=f2 || off1!=off2 || pos1!=pos2 || line1!=line2 ){
      rc = st_mismatch(p, pzErr, "its paper %d is %s entry %d, the files' is %s entry %d",
                       d+1, pReq->pFiles->a[f2].zRel, pos2, pReq->pFiles->a[f1].zRel, pos1);
      break;
    }
    if( differs(inv1, inv2) ){
      rc = st_mismatch(p, pzErr, "the norm of %s entry %d differs", pReq->pFiles->a[f1].zRel, pos1);
      break;
    }
    papers_simindex_forward(pBuilt, d, &aT1, &aF1, &n1);
    papers_simindex_forward(pSaved, d, &aT2, &aF2, &n2);
    if( n1!=n2 ){
      rc = st_mismatch(p, pzErr, "%s entry %d has %d terms, the saved copy %d",
                       pReq->pFiles->a[f1].zRel, pos1, n1, n2);
      break;
    }
    {
      u32 *aNew = sqlite3_realloc64(aBuf, sizeof(u32)*2*(u64)(n1+1));
      if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
      aBuf = aNew;
    }
    /* (mapped term, tf) pairs of the built one, sorted, against the saved */
    for(i=0; i<n1; i++){
      aBuf[2*i] = aMap[aT1[i]]<0 ? 0xffffffffu : (u32)aMap[aT1[i]];
      aBuf[2*i+1] = aF1[i];
    }
    qsort(aBuf, n1, 2*sizeof(u32), u32_cmp);
    for(i=0; i<n1; i++){
      if( aBuf[2*i]!=aT2[i] || aBuf[2*i+1]!=aF2[i] ){
        rc = st_mismatch(p, pzErr, "the terms of %s entry %d differ",
                         pReq->pFiles->a[f1].zRel, pos1);
        break;
      }
    }
  }
  sqlite3_free(aMap);
  sqlite3_free(aBuf);
  return rc;
}

/* 'integrity-check'. */
static int st_integrity(PapersSimStore *p, const PapersSimRequest *pReq, char **pzErr){
  PapersSimIndex *pBuilt = 0;
  u64 *aPid = 0;
  int rc = st_snapshot(p, pzErr), i, j;
  if( rc!=SQLITE_OK ) return rc;
  if( p->bNone ) return st_mismatch(p, pzErr, "nothing has been saved yet");
  if( p->bOther ) return st_mismatch(p, pzErr, "it was made with other options or by another version");
  aPid = sqlite3_malloc64(sizeof(u64)*(u64)(p->nSlot+1));
  if( aPid==0 ) return SQLITE_NOMEM;
  rc = st_check_tables(p, aPid, pzErr);
  if( rc==SQLITE_OK ) rc = st_check_papers(p, aPid, pzErr);
  sqlite3_free(aPid);
  if( rc!=SQLITE_OK ) return rc;
  /* the files as they are now */
  for(i=0, j=0; i<p->nFile || j<pReq->pFiles->n; ){
    const PapersFile *f = j<pReq->pFiles->n ? &pReq->pFiles->a[j] : 0;
    int c = i>=p->nFile ? 1 : f==0 ? -1 : strcmp(p->aFile[i].zName, f->zRel);
    if( c<0 ) return st_mismatch(p, pzErr, "%s is no longer there", p->aFile[i].zName);
    if( c>0 ) return st_mismatch(p, pzErr, "%s is new", f->zRel);
    if( !st_file_same(&p->aFile[i], f, pReq) ){
      return st_mismatch(p, pzErr, "%s changed since it was read", f->zRel);
    }
    i++; j++;
  }
  rc = st_build(p, pReq, 0, 0, &pBuilt, pzErr);
  if( rc==SQLITE_OK ){
    st_drop_index(p);
    rc = st_load_index(p, pReq, pzErr);
  }
  if( rc==SQLITE_OK ) rc = st_same_index(p, pReq, p->pIdx, pBuilt, pzErr);
  papers_simindex_free(pBuilt);
  return rc;
}

int papers_simstore_command(PapersSimStore *p, const PapersSimRequest *pReq,
                            const char *zCmd, char **pzErr){
  int rc, e;
  if( sqlite3_stricmp(zCmd, "integrity-check")==0 ) return st_integrity(p, pReq, pzErr);
  if( sqlite3_stricmp(zCmd, "rebuild")!=0 && sqlite3_stricmp(zCmd, "merge")!=0 ){
    return st_fail(p, pzErr, SQLITE_ERROR, "unknown command '%s': the commands are"
                   " 'rebuild', 'integrity-check' and 'merge'", zCmd);
  }
  /* these write, inside the statement's own transaction */
  e = st_tables_exist(p, &rc);
  if( e<0 ) return st_sqlerr(p, pzErr, rc, "reading the schema");
  if( e==0 ){
    rc = st_create_missing(p, pzErr);
    if( rc==SQLITE_OK ) rc = st_exec(p, "DELETE FROM @config", pzErr);
    if( rc!=SQLITE_OK ) return rc;
    st_forget(p);
  }
  rc = st_snapshot(p, pzErr);
  if( rc!=SQLITE_OK && (sqlite3_stricmp(zCmd, "merge")==0 || rc!=SQLITE_CORRUPT_VTAB) ){
    return rc;
  }
  if( sqlite3_stricmp(zCmd, "merge")==0 ){
    if( p->bNone || p->bOther ) return SQLITE_OK;     /* nothing to merge */
    rc = st_merge(p, pReq, pzErr);
  }else{
    PapersSimIndex *pBuilt = 0;
    PapersSimEntry *aEnt = 0;
    i64 nEnt = 0;
    sqlite3_free(*pzErr);
    *pzErr = 0;
    rc = st_build(p, pReq, &aEnt, &nEnt, &pBuilt, pzErr);
    if( rc==SQLITE_OK ) rc = st_write_all(p, pReq, pBuilt, aEnt, nEnt, pzErr);
    sqlite3_free(aEnt);
    st_forget(p);
    st_drop_index(p);
    if( rc==SQLITE_OK ){
      p->pIdx = pBuilt;
      p->iIdxGen = p->iGen;     /* st_write_config set it */
      pBuilt = 0;
    }
    papers_simindex_free(pBuilt);
    if( rc==SQLITE_OK ){
      i64 iGen = p->iIdxGen;
      rc = st_snapshot(p, pzErr);
      if( rc==SQLITE_OK && p->iGen!=iGen ) st_drop_index(p);
    }
    return rc;
  }
  st_forget(p);
  return rc;
}

int papers_simstore_docs(PapersSimStore *p, const PapersSimRequest *pReq,
                         int (*xDoc)(void*, int, sqlite3_uint64, int, sqlite3_int64, int, int),
                         void *pArg, sqlite3_int64 *piGen, char **pzErr){
  sqlite3_stmt *pStmt = 0;
  PapersSimIndex *pBuilt = 0;
  u32 *aOrder = 0;
  u64 *aPid = 0;
  i64 *aOff = 0;
  int *aLine = 0, rc, n = 0, i;
  rc = st_snapshot(p, pzErr);
  if( rc==SQLITE_OK && !st_fresh(p, pReq) ){
    rc = st_save(p, pReq, &pBuilt, pzErr);
    papers_simindex_free(pBuilt);
    if( rc==SQLITE_OK && !st_fresh_ex(p, pReq, 1) ) rc = SQLITE_DONE;
  }
  if( rc==SQLITE_OK ) rc = st_load_slots(p, 0, pzErr);
  if( rc==SQLITE_OK ){
    u64 m = (u64)p->nSlot + 1;
    aOrder = sqlite3_malloc64(sizeof(u32)*m);
    aPid = sqlite3_malloc64(sizeof(u64)*m);
    aOff = sqlite3_malloc64(sizeof(i64)*m);
    aLine = sqlite3_malloc64(sizeof(int)*m);
    if( !aOrder || !aPid || !aOff || !aLine ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ) rc = st_prep(p, &pStmt, "SELECT id, pid, file, off, pos, line FROM @docs", pzErr);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    i64 id = sqlite3_column_int64(pStmt, 0);
    if( id<0 || id>=p->nSlot || p->aFid[id]==0 || n>=p->nDoc
     || sqlite3_column_int64(pStmt, 2)!=p->aFid[id] || sqlite3_column_int64(pStmt, 4)!=p->aPos[id]
     || sqlite3_column_int64(pStmt, 3)<0 || sqlite3_column_int64(pStmt, 5)<1
     || sqlite3_column_int64(pStmt, 5)>ST_MAX_ID ){
      rc = st_damaged(p, pzErr, "document row %lld does not match its norms", id);
      break;
    }
    aOrder[n++] = (u32)id;
    aPid[id] = (u64)sqlite3_column_int64(pStmt, 1);
    aOff[id] = sqlite3_column_int64(pStmt, 3);
    aLine[id] = sqlite3_column_int(pStmt, 5);
  }
  rc = st_done(p, &pStmt, rc, pzErr, "reading the documents");
  if( rc==SQLITE_OK && n!=p->nDoc ){
    rc = st_damaged(p, pzErr, "%d document rows for %lld documents", n, p->nDoc);
  }
  if( rc==SQLITE_OK ){
    qsort_r(aOrder, n, sizeof(u32), slot_order, p);
    for(i=0; i<n; i++){
      u32 s = aOrder[i];
      if( xDoc(pArg, (int)s, aPid[s], p->aRank[s], aOff[s], (int)p->aPos[s], aLine[s]) ){
        rc = SQLITE_ABORT;
        break;
      }
    }
  }
  if( rc==SQLITE_OK ) *piGen = p->iGen;
  sqlite3_free(aOrder);
  sqlite3_free(aPid);
  sqlite3_free(aOff);
  sqlite3_free(aLine);
  return rc;
}

int papers_simstore_write_begin(PapersSimStore *p){
  int rc;
  if( !st_can_write(p) ) return SQLITE_DONE;
  rc = sqlite3_exec(p->db, "BEGIN EXCLUSIVE", 0, 0, 0);
  if( rc==SQLITE_NOMEM || rc==SQLITE_INTERRUPT ) return rc;
  return rc==SQLITE_OK ? SQLITE_OK : SQLITE_DONE;
}

int papers_simstore_write_end(PapersSimStore *p, int bCommit){
  return st_end(p, bCommit);
}
