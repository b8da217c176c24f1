/*
** digests.c: the virtual tables `digests` and `digest_problems`.
**
** SQL added here:
**
**   SELECT * FROM digests('path' [, year [, recursive [, strict]]]);
**   CREATE VIRTUAL TABLE papers USING digests(path='dir', year=2025,
**                                             recursive=0, strict=0);
**       paper_id, title, abstract, digest, label, digest_date, position,
**       line, links: one row per entry of each digest file (docs/digests.md).
**
**   SELECT * FROM digest_problems('path' [, recursive]);
**   CREATE VIRTUAL TABLE p USING digest_problems(path='dir', recursive=1);
**       digest, line, problem: every departure from the format.
**
** `path` is a file, a folder (its *.txt files) or a glob. Both modules are
** eponymous (usable as table-valued functions) and can also be created with
** options. Files are read one at a time, in sorted path order, through the
** streaming reader (ext/reader/reader.c); a row's text is cleaned only when a
** column asks for it, so `SELECT count(*)` only finds paragraph boundaries.
**
** Reading files is a privileged act: both tables are SQLITE_VTAB_DIRECTONLY,
** so a view or trigger in a database from elsewhere cannot make them read
** the host's files; only SQL written by the application can. For the same
** reason they are left out by the sqlite3_papers_nofs_init entry point.
**
** Constraints used by xBestIndex (the idxNum bits, in the order their values
** come in argv of xFilter):
**     0x001  path = ?          (hidden argument)
**     0x002  year = ?          (hidden argument)
**     0x004  recursive = ?     (hidden argument)
**     0x008  strict = ?        (hidden argument, digests only)
**     0x010  digest = ?        only that file is read
**     0x020  digest_date = ?   only files of that date are read
**     0x040  digest_date > or >= ?   (0x100 set: strictly greater)
**     0x080  digest_date < or <= ?   (0x200 set: strictly less)
**     0x400  similar_to = ?    the similarity plan (see below)
**     0x800  LIMIT ?           (only with 0x400; SQLite 3.38+ passes it)
**     0x1000 OFFSET ?          (only with 0x800)
** A date filter decides from the file name when it holds a date, else from
** the label, which costs reading the file's first block (the header) only.
** idxStr is not used. Rows come in (digest, position) order, so an ORDER BY
** on those columns is consumed.
**
** Similarity (the code is the section "similar_to" below, the
** index is ext/similarity/simindex.c): the hidden columns `similar_to` (the query
** text) and `score` (its TF-IDF cosine with the row's abstract; NULL
** without similar_to). With similar_to = ? the rows are the distinct papers
** (first appearance of each paper_id in path order), best first, ties in
** path order, so ORDER BY score DESC is consumed; a LIMIT (plus OFFSET)
** reaches xFilter and only that many rows are computed (MaxScore top-k);
** digest and digest_date constraints filter the papers before the top k is
** taken. For digests('path') the index is kept in the table object (one per
** connection), built on first use and built again only when the list of
** files, or a file's size, mtime or inode, changes. A created table keeps
** its index in shadow tables of its database instead (ext/similarity/simstore.c):
** saved at its first build, brought up to date by reading only the files
** that changed, used by every connection and process; a query overriding
** its recursive option works from an index in memory. To know what
** changed, each query lists and stat()s the files, unless the table
** watches the (non-recursive) directory with inotify (ext/reader/dirwatch.c) and
** no event came since the last listing.
**
** Writes: INSERT INTO t(t) VALUES('rebuild' | 'integrity-check' | 'merge')
** maintains a created table's saved index (FTS5's convention: a hidden
** column named like the table); every other INSERT, UPDATE or DELETE is
** refused, the rows coming from the files.
*/
#include "common.h"
#include "reader.h"
#include "simindex.h"
#include "simstore.h"
#include "dirwatch.h"
#include "digests.h"
SQLITE_EXTENSION_INIT3

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Columns of `digests`. */
enum {
  DG_PAPER_ID, DG_TITLE, DG_ABSTRACT, DG_DIGEST, DG_LABEL, DG_DATE,
  DG_POSITION, DG_LINE, DG_LINKS,
  DG_PATH, DG_YEAR, DG_RECURSIVE, DG_STRICT,
  DG_SIMILAR_TO, DG_SCORE
};
/* Columns of `digest_problems`. */
enum { DP_DIGEST, DP_LINE, DP_PROBLEM, DP_PATH, DP_RECURSIVE };

#define IDX_PATH       0x001
#define IDX_YEAR       0x002
#define IDX_RECURSIVE  0x004
#define IDX_STRICT     0x008
#define IDX_DIGEST     0x010
#define IDX_DATE_EQ    0x020
#define IDX_DATE_LO    0x040
#define IDX_DATE_HI    0x080
#define IDX_LO_STRICT  0x100
#define IDX_HI_STRICT  0x200
#define IDX_SIMILAR    0x400
#define IDX_LIMIT      0x800
#define IDX_OFFSET     0x1000
#define IDX_NBIT       13

/* Per connection, shared by both modules: the tables that SQL of this
** connection created (xCreate), as "schema\x01file\x01table" keys. A
** table connected from a stored schema (xConnect) that is not here was
** defined by the database file: with trusted_schema off it reads no
** files (see trusted_check). The file name is part of the key, so a
** database attached later under the same schema name is not taken for the
** one the table was created in. */
typedef struct DigestsConn DigestsConn;
struct DigestsConn {
  char **azCreated; int nCreated, nAlloc;
  /* the created digests tables connected now, for paper_duplicates */
  sqlite3 *db;
  struct DigestsTab **apTab; int nTab, nTabAlloc;
  DigestsConn *pNext;       /* in the process's list (connList) */
};

/* Every connection's DigestsConn, so that paper_duplicates (a module of
** its own) finds a created digests table by name: see papers_digests_find(). */
static DigestsConn *connList = 0;
static sqlite3_mutex *conn_mutex(void){
  return sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_APP2);
}

typedef struct DigestsTab DigestsTab;
struct DigestsTab {
  sqlite3_vtab base;
  int bProblems;            /* 1 for digest_problems */
  const char *zName;        /* "digests" or "digest_problems", for messages */
  char *zTable;             /* schema.table of a CREATE VIRTUAL TABLE, or NULL */
  char *zKey;               /* its DigestsConn key */
  int bCreatedHere;         /* in DigestsConn: created by this connection */
  DigestsConn *pConn;
  char *zPath;              /* options of CREATE VIRTUAL TABLE (or NULL) */
  int iYear;
  int bRecursive;
  int bStrict;
  sqlite3 *db;
  PapersSimIndex *pSim;     /* the similarity index, built on first use */
  PapersSimStore *pStore;   /* a created digests table: the saved index */
  char *zDb, *zTabName;     /* its schema and name */
  int bCmd;                 /* the hidden column named like the table is declared */
  /* the similarity plan's change check (section "similar_to") */
  PapersDirWatch *pWatch;   /* watch on the directory zWatchPath, or 0 */
  char *zWatchPath;
  struct SimFiles *pSimFiles; /* the listing pSim was last checked against */
};

/* A file list shared by the table and the cursors that reuse it. */
typedef struct SimFiles SimFiles;
struct SimFiles { int nRef; PapersFileList files; };

/* A problem waiting to be returned by digest_problems. */
typedef struct Problem Problem;
struct Problem { int iFile; int iLine; char *zText; };

typedef struct DigestsCursor DigestsCursor;
struct DigestsCursor {
  sqlite3_vtab_cursor base;
  DigestsTab *pTab;
  /* the scan */
  char *zPath;
  int iYear, bRecursive, bStrict;
  const char *zDigest;               /* digest = ? (points into argv value) */
  char *zDigestCopy;
  char zDateEq[11], zDateLo[11], zDateHi[11];
  int idxNum;
  PapersFileList files;
  int iFile;                         /* current file */
  PapersReader *pReader;
  char zDate[11]; int bDate;         /* digest_date of the current file */
  PapersEntry entry;
  char zId[17]; int bId;             /* paper_id of the current row */
  int bEof;
  /* problems: the first one in strict mode, or the queue of digest_problems */
  int bCollect;                      /* 0 while probing a file's header */
  char *zStrictProblem;
  Problem *aProb; int nProb, nProbAlloc, iProb;
  /* the similarity plan: hits best first */
  int bSim;
  char *zSimilar; int nSimilar;      /* the query text */
  PapersSimHit *aHit; int nHit, iHit;
  SimFiles *pShared;                 /* files is a borrowed copy of this */
  int rcAccept;                      /* an error met while filtering files */
};

/* The similarity plan (section "similar_to" below). */
static int sim_best_index(sqlite3_index_info *pInfo, int *aCon);
static void sim_reset(DigestsCursor *c);
static int sim_step(DigestsCursor *c);
static int sim_files(DigestsCursor *c, char **pzErr);
static void sim_files_unref(SimFiles *p);
static void sim_unwatch(DigestsTab *pTab);

/* ------------------------------------------------------------- options */

/* Value of "key=value" with quotes removed, in a new string; NULL on OOM. */
static char *option_value(const char *z){
  size_t n = strlen(z);
  while( n>0 && (z[n-1]==' ' || z[n-1]=='\t') ) n--;
  while( *z==' ' || *z=='\t' ){ z++; n--; }
  if( n>=2 && (z[0]=='\'' || z[0]=='"') && z[n-1]==z[0] ){
    /* a quoted SQL string: doubled quotes stand for one */
    char q = z[0];
    char *zOut = sqlite3_malloc64(n);
    size_t i, o = 0;
    if( zOut==0 ) return 0;
    for(i=1; i<n-1; i++){
      zOut[o++] = z[i];
      if( z[i]==q && z[i+1]==q ) i++;
    }
    zOut[o] = 0;
    return zOut;
  }
  return sqlite3_mprintf("%.*s", (int)n, z);
}

static int parse_flag(const char *z, int *pOut){
  if( strcmp(z, "0")==0 || sqlite3_stricmp(z, "false")==0 ){ *pOut = 0; return 1; }
  if( strcmp(z, "1")==0 || sqlite3_stricmp(z, "true")==0 ){ *pOut = 1; return 1; }
  return 0;
}

/* A 0/1 argument of the table-valued form (the integers 0 and 1, in their
** full 64-bit range: 4294967297 is not 1). 1 and *pOut set, or 0. */
static int flag_arg(sqlite3_value *v, int *pOut){
  sqlite3_int64 x = sqlite3_value_int64(v);
  if( sqlite3_value_numeric_type(v)!=SQLITE_INTEGER || (x!=0 && x!=1) ) return 0;
  *pOut = (int)x;
  return 1;
}

static int parse_year(const char *z, int *pOut){
  int y = 0, i;
  for(i=0; z[i]; i++){
    if( z[i]<'0' || z[i]>'9' || i>=4 ) return 0;
    y = y*10 + z[i]-'0';
  }
  if( i!=4 ) return 0;
  *pOut = y;
  return 1;
}

static int parse_options(DigestsTab *pTab, int argc, const char *const*argv,
                         char **pzErr){
  int i;
  for(i=3; i<argc; i++){
    const char *zArg = argv[i];
    const char *zEq = strchr(zArg, '=');
    char *zKey, *zVal;
    int ok = 1;
    if( zEq==0 ){
      *pzErr = sqlite3_mprintf("%s: option '%s' is not key=value", pTab->zName, zArg);
      return SQLITE_ERROR;
    }
    zKey = sqlite3_mprintf("%.*s", (int)(zEq-zArg), zArg);
    zVal = option_value(zEq+1);
    if( zKey==0 || zVal==0 ){
      sqlite3_free(zKey);
      sqlite3_free(zVal);
      return SQLITE_NOMEM;
    }
    {
      char *k = zKey + strspn(zKey, " \t");
      size_t n = strlen(k);
      while( n>0 && (k[n-1]==' ' || k[n-1]=='\t') ) k[--n] = 0;
      if( strcmp(k, "path")==0 ){
        if( pTab->zPath ){
          *pzErr = sqlite3_mprintf("%s: option path is given twice", pTab->zName);
          sqlite3_free(zKey);
          sqlite3_free(zVal);
          return SQLITE_ERROR;
        }
        pTab->zPath = zVal;
        zVal = 0;
        ok = pTab->zPath[0]!=0;
      }else if( strcmp(k, "year")==0 && !pTab->bProblems ){
        ok = parse_year(zVal, &pTab->iYear);
      }else if( strcmp(k, "recursive")==0 ){
        ok = parse_flag(zVal, &pTab->bRecursive);
      }else if( strcmp(k, "strict")==0 && !pTab->bProblems ){
        ok = parse_flag(zVal, &pTab->bStrict);
      }else{
        *pzErr = sqlite3_mprintf("%s: unknown option '%s'", pTab->zName, k);
        sqlite3_free(zKey);
        sqlite3_free(zVal);
        return SQLITE_ERROR;
      }
      if( !ok ){
        *pzErr = sqlite3_mprintf("%s: bad value for option %s: '%s'",
                                 pTab->zName, k, zVal ? zVal : "");
      }
    }
    sqlite3_free(zKey);
    sqlite3_free(zVal);
    if( !ok ) return SQLITE_ERROR;
  }
  if( argc>3 && pTab->zPath==0 ){
    *pzErr = sqlite3_mprintf("%s: option path is required", pTab->zName);
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

/* ------------------------------------------------------------ the vtab */

static int conn_find(const DigestsConn *p, const char *zKey){
  int i;
  for(i=0; i<p->nCreated; i++){
    if( strcmp(p->azCreated[i], zKey)==0 ) return i;
  }
  return -1;
}

static void conn_free(void *pArg){
  DigestsConn *p = (DigestsConn*)pArg, **pp;
  int i;
  sqlite3_mutex_enter(conn_mutex());
  for(pp=&connList; *pp; pp=&(*pp)->pNext){
    if( *pp==p ){ *pp = p->pNext; break; }
  }
  sqlite3_mutex_leave(conn_mutex());
  sqlite3_free(p->apTab);
  for(i=0; i<p->nCreated; i++) sqlite3_free(p->azCreated[i]);
  sqlite3_free(p->azCreated);
  sqlite3_free(p);
}

static void tab_free(DigestsTab *pTab){
  DigestsConn *pConn = pTab->pConn;
  int i;
  for(i=0; pConn && i<pConn->nTab; i++){
    if( pConn->apTab[i]==pTab ){
      pConn->apTab[i] = pConn->apTab[--pConn->nTab];
      break;
    }
  }
  papers_simstore_close(pTab->pStore);
  sqlite3_free(pTab->zDb);
  sqlite3_free(pTab->zTabName);
  sqlite3_free(pTab->zPath);
  sqlite3_free(pTab->zTable);
  sqlite3_free(pTab->zKey);
  sqlite3_free(pTab);
}

/* SQL scanning for creating_here(): z past white space and comments. */
static const char *sql_skip(const char *z){
  for(;;){
    while( *z==' ' || *z=='\t' || *z=='\n' || *z=='\r' || *z=='\f' ) z++;
    if( z[0]=='-' && z[1]=='-' ){
      while( *z && *z!='\n' ) z++;
    }else if( z[0]=='/' && z[1]=='*' ){
      const char *e = strstr(z+2, "*/");
      z = e ? e+2 : z+strlen(z);
    }else{
      return z;
    }
  }
}

/* If z starts with keyword zKw (any case, then a non-identifier byte), the
** text after it; else NULL. */
static const char *sql_keyword(const char *z, const char *zKw){
  size_t n = strlen(zKw);
  z = sql_skip(z);
  if( sqlite3_strnicmp(z, zKw, (int)n)!=0 ) return 0;
  if( (z[n]>='a' && z[n]<='z') || (z[n]>='A' && z[n]<='Z') || (z[n]>='0' && z[n]<='9')
   || z[n]=='_' || (z[n] & 0x80) ){
    return 0;
  }
  return z+n;
}

/* An identifier at z (bare, or quoted with "", [], `` or ''), compared with
** zName without regard to ASCII case; the text after it, or NULL. */
static const char *sql_ident_is(const char *z, const char *zName){
  char zOut[256];
  size_t n = 0;
  z = sql_skip(z);
  if( *z=='"' || *z=='`' || *z=='\'' || *z=='[' ){
    char q = *z=='[' ? ']' : *z;
    for(z++; *z; z++){
      if( *z==q ){
        if( q!=']' && z[1]==q ){ z++; }else{ z++; break; }
      }
      if( n+1>=sizeof(zOut) ) return 0;
      zOut[n++] = *z;
    }
  }else{
    while( (*z>='a' && *z<='z') || (*z>='A' && *z<='Z') || (*z>='0' && *z<='9')
        || *z=='_' || *z=='$' || (*z & 0x80) ){
      if( n+1>=sizeof(zOut) ) return 0;
      zOut[n++] = *z++;
    }
  }
  zOut[n] = 0;
  return n>0 && sqlite3_stricmp(zOut, zName)==0 ? z : 0;
}

/* Is this connection running CREATE VIRTUAL TABLE [zDb.]zName right now?
** The module is eponymous (digests('path')), so SQLite calls one method,
** xConnect, both for CREATE VIRTUAL TABLE and when a stored schema is
** read; CREATE runs it while stepping that statement. Statements a
** database file defines (views, triggers) cannot create tables, so a busy
** CREATE VIRTUAL TABLE naming this table is the application's own. */
static int creating_here(sqlite3 *db, const char *zDb, const char *zName){
  sqlite3_stmt *pStmt;
  for(pStmt=sqlite3_next_stmt(db, 0); pStmt; pStmt=sqlite3_next_stmt(db, pStmt)){
    const char *z = sqlite3_stmt_busy(pStmt) ? sqlite3_sql(pStmt) : 0;
    const char *zAfter;
    if( z==0 ) continue;
    if( (z = sql_keyword(z, "create"))==0 ) continue;
    if( (z = sql_keyword(z, "virtual"))==0 ) continue;
    if( (z = sql_keyword(z, "table"))==0 ) continue;
    if( (zAfter = sql_keyword(z, "if"))!=0 ){
      z = sql_keyword(zAfter, "not");
      z = z ? sql_keyword(z, "exists") : 0;
      if( z==0 ) continue;
    }
    /* [schema .] name: the schema, when written, must be zDb */
    zAfter = sql_ident_is(z, zDb);
    if( zAfter && *sql_skip(zAfter)=='.' ){
      z = sql_skip(zAfter)+1;
    }else if( sqlite3_stricmp(zDb, "main")!=0 && sqlite3_stricmp(zDb, "temp")!=0 ){
      continue;     /* an unqualified name is created in main (or temp) */
    }
    if( sql_ident_is(z, zName) ) return 1;
  }
  return 0;
}

static int digests_connect_any(sqlite3 *db, DigestsConn *pConn, int bProblems,
                               int argc, const char *const*argv,
                               sqlite3_vtab **ppVtab, char **pzErr){
  DigestsTab *pTab;
  int rc, bCmd = 0, bCreating = 0;
  char *zDecl;
  if( !bProblems && argc>3 ){
    /* a created table takes commands through a hidden column named like it
    ** (FTS5's convention), unless a column already has that name */
    static const char *azCol[] = { "paper_id", "title", "abstract", "digest", "label",
        "digest_date", "position", "line", "links", "path", "year", "recursive",
        "strict", "similar_to", "score", 0 };
    int i;
    bCmd = 1;
    for(i=0; azCol[i]; i++) if( sqlite3_stricmp(azCol[i], argv[2])==0 ) bCmd = 0;
  }
  zDecl = sqlite3_mprintf(bProblems
      ? "CREATE TABLE x(digest TEXT, line INTEGER, problem TEXT,"
        " path HIDDEN, recursive HIDDEN)"
      : "CREATE TABLE x(paper_id TEXT, title TEXT, abstract TEXT, digest TEXT,"
        " label TEXT, digest_date TEXT, position INTEGER, line INTEGER,"
        " links TEXT, path HIDDEN, year HIDDEN, recursive HIDDEN,"
        " strict HIDDEN, similar_to HIDDEN, score HIDDEN%s%w%s)",
      bCmd ? ", \"" : "", bCmd ? argv[2] : "", bCmd ? "\" HIDDEN" : "");
  if( zDecl==0 ) return SQLITE_NOMEM;
  rc = sqlite3_declare_vtab(db, zDecl);
  sqlite3_free(zDecl);
  if( rc!=SQLITE_OK ) return rc;
  /* Reads files: never from a view or trigger of an untrusted schema. */
  rc = sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  if( rc!=SQLITE_OK ) return rc;
  pTab = sqlite3_malloc64(sizeof(*pTab));
  if( pTab==0 ) return SQLITE_NOMEM;
  memset(pTab, 0, sizeof(*pTab));
  pTab->bProblems = bProblems;
  pTab->db = db;
  pTab->pConn = pConn;
  pTab->zName = bProblems ? "digest_problems" : "digests";
  rc = parse_options(pTab, argc, argv, pzErr);
  if( rc==SQLITE_OK && argc>3 ){
    /* a table of a schema: remember who defined it */
    const char *zFile = sqlite3_db_filename(db, argv[1]);
    pTab->zTable = sqlite3_mprintf("%s.%s", argv[1], argv[2]);
    pTab->zKey = sqlite3_mprintf("%s\x01%s\x01%s", argv[1], zFile ? zFile : "", argv[2]);
    if( pTab->zTable==0 || pTab->zKey==0 ){
      rc = SQLITE_NOMEM;
    }else if( conn_find(pConn, pTab->zKey)<0 && creating_here(db, argv[1], argv[2]) ){
      bCreating = 1;
      rc = papers_grow(&pConn->azCreated, &pConn->nAlloc, pConn->nCreated+1,
                       sizeof(char*), 4);
      if( rc==SQLITE_OK ){
        pConn->azCreated[pConn->nCreated] = sqlite3_mprintf("%s", pTab->zKey);
        if( pConn->azCreated[pConn->nCreated]==0 ) rc = SQLITE_NOMEM;
        else pConn->nCreated++;
      }
    }
    if( rc==SQLITE_OK ) pTab->bCreatedHere = conn_find(pConn, pTab->zKey)>=0;
    if( rc==SQLITE_OK && !bProblems ){
      /* the saved similarity index: its shadow tables come with the table */
      pTab->bCmd = bCmd;
      pTab->zDb = sqlite3_mprintf("%s", argv[1]);
      pTab->zTabName = sqlite3_mprintf("%s", argv[2]);
      if( pTab->zDb==0 || pTab->zTabName==0 ) rc = SQLITE_NOMEM;
      if( rc==SQLITE_OK && bCreating ){
        char *zErr = 0;
        rc = papers_simstore_create(db, argv[1], argv[2], &zErr);
        if( rc!=SQLITE_OK && rc!=SQLITE_NOMEM ){
          *pzErr = sqlite3_mprintf("digests: cannot create the index tables of %s: %s",
                                   pTab->zTable, zErr ? zErr : sqlite3_errstr(rc));
        }
        sqlite3_free(zErr);
      }
      if( rc==SQLITE_OK ){
        rc = papers_simstore_open(db, argv[1], argv[2], pTab->zPath, pTab->bRecursive,
                                  &pTab->pStore);
      }
      if( rc==SQLITE_OK ){
        rc = papers_grow(&pConn->apTab, &pConn->nTabAlloc, pConn->nTab+1,
                         sizeof(DigestsTab*), 4);
        if( rc==SQLITE_OK ) pConn->apTab[pConn->nTab++] = pTab;
      }
    }
  }
  if( rc!=SQLITE_OK ){
    tab_free(pTab);
    return rc;
  }
  *ppVtab = &pTab->base;
  return SQLITE_OK;
}

static int digests_connect(sqlite3 *db, void *pAux, int argc,
                           const char *const*argv, sqlite3_vtab **ppVtab,
                           char **pzErr){
  return digests_connect_any(db, (DigestsConn*)pAux, 0, argc, argv, ppVtab, pzErr);
}

static int problems_connect(sqlite3 *db, void *pAux, int argc,
                            const char *const*argv, sqlite3_vtab **ppVtab,
                            char **pzErr){
  return digests_connect_any(db, (DigestsConn*)pAux, 1, argc, argv, ppVtab, pzErr);
}

static int digests_disconnect(sqlite3_vtab *pVtab){
  DigestsTab *pTab = (DigestsTab*)pVtab;
  papers_simindex_free(pTab->pSim);
  sim_unwatch(pTab);
  tab_free(pTab);
  return SQLITE_OK;
}

/* DROP TABLE: the table is no longer one this connection created. */
static int digests_destroy(sqlite3_vtab *pVtab){
  DigestsTab *pTab = (DigestsTab*)pVtab;
  DigestsConn *pConn = pTab->pConn;
  int i = pTab->zKey ? conn_find(pConn, pTab->zKey) : -1;
  if( pTab->pStore ){
    int rc = papers_simstore_drop(pTab->db, pTab->zDb, pTab->zTabName);
    if( rc!=SQLITE_OK ){
      return papers_vtab_error(&pTab->base, rc, pTab->zName, "cannot drop the index tables of %s: %s",
                           pTab->zTable, sqlite3_errmsg(pTab->db));
    }
  }
  if( i>=0 ){
    sqlite3_free(pConn->azCreated[i]);
    pConn->azCreated[i] = pConn->azCreated[--pConn->nCreated];
  }
  return digests_disconnect(pVtab);
}

/* A table defined by the database file rather than created by this
** connection reads files only while the connection trusts its schemas
** (SQLITE_DBCONFIG_TRUSTED_SCHEMA, PRAGMA trusted_schema): a host that
** turns trust off is saying that what a database defines may not act for
** it. SQLITE_OK, or the table's error. */
static int trusted_check(DigestsTab *pTab){
  int bTrusted = 1;
  if( pTab->zTable==0 || pTab->bCreatedHere ) return SQLITE_OK;
  if( sqlite3_db_config(pTab->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &bTrusted)!=SQLITE_OK ){
    bTrusted = 0;
  }
  if( bTrusted ) return SQLITE_OK;
  return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName,
      "table %s was defined by the database file, not created in this connection,"
      " and trusted_schema is off, so it reads no files; if this database is"
      " trusted, run PRAGMA trusted_schema=1 first", pTab->zTable);
}

/* ------------------------------------------------ writes and commands
** The rows come from the files: INSERT, UPDATE and DELETE are refused,
** except FTS5's convention for maintenance of a created table's saved
** similarity index, INSERT INTO t(t) VALUES('command'). */

/* The poll statement and the request of the saved index for a listing. */
static void sim_request(DigestsTab *pTab, PapersFileList *pFiles, sqlite3_stmt *pPoll,
                        PapersSimRequest *pReq);

static int digests_update(sqlite3_vtab *pVtab, int argc, sqlite3_value **argv,
                          sqlite_int64 *pRowid){
  DigestsTab *pTab = (DigestsTab*)pVtab;
  const int iCmd = 2 + DG_SCORE + 1;   /* argv index of the command column */
  const char *zCmd = 0;
  int i, rc;
  (void)pRowid;
  if( pTab->pStore && pTab->bCmd && argc==iCmd+1
   && sqlite3_value_type(argv[0])==SQLITE_NULL ){
    zCmd = (const char*)sqlite3_value_text(argv[iCmd]);
    for(i=1; zCmd && i<iCmd; i++){
      if( sqlite3_value_type(argv[i])!=SQLITE_NULL ) zCmd = 0;
    }
  }
  if( zCmd==0 ){
    const char *zWho = pTab->zTabName ? pTab->zTabName : pTab->zName;
    if( pTab->pStore && pTab->bCmd ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, zWho,
          "rows come from the files; the table takes no INSERT, UPDATE or DELETE"
          " but INSERT INTO %s(%s) VALUES('rebuild'), 'integrity-check' or 'merge'",
          zWho, zWho);
    }
    return papers_vtab_error(&pTab->base, SQLITE_ERROR, zWho,
        "rows come from the files; the table takes no INSERT, UPDATE or DELETE");
  }
  rc = trusted_check(pTab);
  if( rc==SQLITE_OK ){
    PapersFileList files = {0, 0};
    PapersSimRequest r;
    sqlite3_stmt *pPoll = 0;
    char *zErr = 0;
    rc = papers_files_list(pTab->zPath, pTab->bRecursive, &files, &zErr);
    if( rc==SQLITE_OK ) rc = papers_poll_open(pTab->db, &pPoll);
    if( rc==SQLITE_OK ){
      sim_request(pTab, &files, pPoll, &r);
      r.xWritten = 0;
      rc = papers_simstore_command(pTab->pStore, &r, zCmd, &zErr);
    }
    sqlite3_finalize(pPoll);
    papers_files_free(&files);
    if( rc!=SQLITE_OK && zErr ){
      sqlite3_free(pTab->base.zErrMsg);
      /* the store's messages start with the table's name; the listing's not */
      pTab->base.zErrMsg = strncmp(zErr, pTab->zTabName, strlen(pTab->zTabName))==0
          ? sqlite3_mprintf("%s", zErr) : sqlite3_mprintf("%s: %s", pTab->zTabName, zErr);
      if( pTab->base.zErrMsg==0 ) rc = SQLITE_NOMEM;
    }
    sqlite3_free(zErr);
    /* the in-memory index of this table object is made again if used */
    papers_simindex_free(pTab->pSim);
    pTab->pSim = 0;
  }
  return rc;
}

/* ALTER TABLE RENAME: the shadow tables follow, and so does the record that
** this connection created the table. */
static int digests_rename(sqlite3_vtab *pVtab, const char *zNew){
  DigestsTab *pTab = (DigestsTab*)pVtab;
  DigestsConn *pConn = pTab->pConn;
  char *zTable, *zKey, *zName;
  const char *zFile;
  PapersSimStore *pStore = 0;
  int rc, i;
  if( pTab->pStore==0 ) return SQLITE_OK;
  rc = papers_simstore_rename(pTab->db, pTab->zDb, pTab->zTabName, zNew);
  if( rc!=SQLITE_OK ){
    return papers_vtab_error(&pTab->base, rc, pTab->zName, "cannot rename the index tables of %s: %s",
                         pTab->zTable, sqlite3_errmsg(pTab->db));
  }
  zFile = sqlite3_db_filename(pTab->db, pTab->zDb);
  zTable = sqlite3_mprintf("%s.%s", pTab->zDb, zNew);
  zKey = sqlite3_mprintf("%s\x01%s\x01%s", pTab->zDb, zFile ? zFile : "", zNew);
  zName = sqlite3_mprintf("%s", zNew);
  if( zTable && zKey && zName ){
    rc = papers_simstore_open(pTab->db, pTab->zDb, zNew, pTab->zPath, pTab->bRecursive,
                              &pStore);
  }else{
    rc = SQLITE_NOMEM;
  }
  if( rc!=SQLITE_OK ){
    papers_simstore_close(pStore);
    sqlite3_free(zTable);
    sqlite3_free(zKey);
    sqlite3_free(zName);
    return rc;
  }
  i = pTab->zKey ? conn_find(pConn, pTab->zKey) : -1;
  if( i>=0 ){
    sqlite3_free(pConn->azCreated[i]);
    pConn->azCreated[i] = zKey;
    zKey = 0;
  }
  papers_simstore_close(pTab->pStore);
  pTab->pStore = pStore;
  sqlite3_free(pTab->zTable);
  pTab->zTable = zTable;
  sqlite3_free(pTab->zTabName);
  pTab->zTabName = zName;
  if( zKey ){
    sqlite3_free(pTab->zKey);
    pTab->zKey = zKey;
  }else{
    sqlite3_free(pTab->zKey);
    pTab->zKey = sqlite3_mprintf("%s", pConn->azCreated[i]);
    if( pTab->zKey==0 ) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

/* T_config, T_files, ...: written only through the table (with
** SQLITE_DBCONFIG_DEFENSIVE, ordinary SQL cannot change them). */
static int digests_shadow_name(const char *zSuffix){
  return papers_simstore_is_shadow(zSuffix);
}

static int digests_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  DigestsTab *pTab = (DigestsTab*)pVtab;
  /* aCon[bit] = index of the constraint that fills that argument, or -1 */
  int aCon[IDX_NBIT];
  int idxNum = 0, i, nArg = 0;
  double cost = 1e6, rows = 1e5;
  const int colDigest = pTab->bProblems ? DP_DIGEST : DG_DIGEST;
  for(i=0; i<IDX_NBIT; i++) aCon[i] = -1;

  for(i=0; i<pInfo->nConstraint; i++){
    const struct sqlite3_index_constraint *p = &pInfo->aConstraint[i];
    int iBit = -1;
    if( pTab->bProblems ){
      if( p->iColumn==DP_PATH ) iBit = 0;
      else if( p->iColumn==DP_RECURSIVE ) iBit = 2;
    }else{
      if( p->iColumn>=DG_PATH && p->iColumn<=DG_STRICT ) iBit = p->iColumn - DG_PATH;
    }
    if( iBit>=0 ){
      /* a hidden argument: must be usable and an equality */
      if( !p->usable || p->op!=SQLITE_INDEX_CONSTRAINT_EQ ) return SQLITE_CONSTRAINT;
      aCon[iBit] = i;
      continue;
    }
    if( !pTab->bProblems && p->iColumn==DG_SIMILAR_TO
     && p->op==SQLITE_INDEX_CONSTRAINT_EQ ){
      /* like an argument: the plan needs it */
      if( !p->usable ) return SQLITE_CONSTRAINT;
      aCon[10] = i;
      continue;
    }
    if( !p->usable ) continue;
    if( p->op==SQLITE_INDEX_CONSTRAINT_LIMIT ){ aCon[11] = i; continue; }
    if( p->op==SQLITE_INDEX_CONSTRAINT_OFFSET ){ aCon[12] = i; continue; }
    if( p->iColumn==colDigest && p->op==SQLITE_INDEX_CONSTRAINT_EQ ){
      aCon[4] = i;
    }else if( !pTab->bProblems && p->iColumn==DG_DATE ){
      switch( p->op ){
        case SQLITE_INDEX_CONSTRAINT_EQ: aCon[5] = i; break;
        case SQLITE_INDEX_CONSTRAINT_GT: idxNum |= IDX_LO_STRICT; /* fall through */
        case SQLITE_INDEX_CONSTRAINT_GE:
          if( aCon[6]<0 ) aCon[6] = i; else idxNum &= ~IDX_LO_STRICT;
          break;
        case SQLITE_INDEX_CONSTRAINT_LT: idxNum |= IDX_HI_STRICT; /* fall through */
        case SQLITE_INDEX_CONSTRAINT_LE:
          if( aCon[7]<0 ) aCon[7] = i; else idxNum &= ~IDX_HI_STRICT;
          break;
        default: break;
      }
    }
  }
  /* When two bounds of one side are given, the first one is used and the
  ** strictness bit must describe it, so recompute it. */
  idxNum &= ~(IDX_LO_STRICT|IDX_HI_STRICT);
  if( aCon[6]>=0 && pInfo->aConstraint[aCon[6]].op==SQLITE_INDEX_CONSTRAINT_GT ){
    idxNum |= IDX_LO_STRICT;
  }
  if( aCon[7]>=0 && pInfo->aConstraint[aCon[7]].op==SQLITE_INDEX_CONSTRAINT_LT ){
    idxNum |= IDX_HI_STRICT;
  }
  if( sim_best_index(pInfo, aCon) ){
    idxNum |= IDX_SIMILAR;
  }
  for(i=0; i<IDX_NBIT; i++){
    if( aCon[i]<0 || i==8 || i==9 ) continue;
    idxNum |= 1<<i;
    pInfo->aConstraintUsage[aCon[i]].argvIndex = ++nArg;
    /* Arguments, digest = ? and similar_to = ? are exact; date bounds are
    ** checked by SQLite again (cheap, and keeps NULL dates out whatever we
    ** do); SQLite applies LIMIT and OFFSET again itself. */
    pInfo->aConstraintUsage[aCon[i]].omit = i<=4 || i==10;
  }
  if( idxNum & IDX_DIGEST ){
    cost = 1e3;  rows = 100;
  }else if( idxNum & IDX_DATE_EQ ){
    cost = 1e4;  rows = 100;
  }else if( idxNum & (IDX_DATE_LO|IDX_DATE_HI) ){
    cost = (idxNum & IDX_DATE_LO) && (idxNum & IDX_DATE_HI) ? 5e4 : 2e5;
    rows = cost/10;
  }
  if( idxNum & IDX_SIMILAR ){
    /* cheaper than any scan; fewer rows when a LIMIT is taken */
    cost /= 10;
    if( idxNum & IDX_LIMIT ){ cost /= 10; rows = 10; }
  }
  pInfo->idxNum = idxNum;
  pInfo->estimatedCost = cost;
  pInfo->estimatedRows = (sqlite3_int64)rows;
  /* Rows come in (digest, position) order, or best first with similar_to. */
  if( idxNum & IDX_SIMILAR ){
    if( pInfo->nOrderBy==1 && pInfo->aOrderBy[0].iColumn==DG_SCORE
     && pInfo->aOrderBy[0].desc ){
      pInfo->orderByConsumed = 1;
    }
  }else if( pInfo->nOrderBy>=1 && pInfo->nOrderBy<=2 ){
    int ok = pInfo->aOrderBy[0].iColumn==colDigest && !pInfo->aOrderBy[0].desc;
    if( ok && pInfo->nOrderBy==2 ){
      ok = !pTab->bProblems && pInfo->aOrderBy[1].iColumn==DG_POSITION
        && !pInfo->aOrderBy[1].desc;
    }
    if( ok ) pInfo->orderByConsumed = 1;
  }
  return SQLITE_OK;
}

static int digests_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  DigestsCursor *c = sqlite3_malloc64(sizeof(*c));
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  c->pTab = (DigestsTab*)pVtab;
  c->bEof = 1;
  *ppCur = &c->base;
  return SQLITE_OK;
}

static void cursor_reset(DigestsCursor *c){
  int i;
  papers_reader_close(c->pReader);
  c->pReader = 0;
  if( c->pShared ){
    memset(&c->files, 0, sizeof(c->files));    /* borrowed */
    sim_files_unref(c->pShared);
    c->pShared = 0;
  }else{
    papers_files_free(&c->files);
  }
  sqlite3_free(c->zPath);
  c->zPath = 0;
  sqlite3_free(c->zDigestCopy);
  c->zDigestCopy = 0;
  c->zDigest = 0;
  sqlite3_free(c->zStrictProblem);
  c->zStrictProblem = 0;
  for(i=c->iProb; i<c->nProb; i++) sqlite3_free(c->aProb[i].zText);
  c->nProb = c->iProb = 0;
  sim_reset(c);
  c->bEof = 1;
}

static int digests_close(sqlite3_vtab_cursor *pCur){
  DigestsCursor *c = (DigestsCursor*)pCur;
  cursor_reset(c);
  sqlite3_free(c->aProb);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* The reader's problem callback. */
static int on_problem(void *pCtx, int iLine, const char *zProblem){
  DigestsCursor *c = (DigestsCursor*)pCtx;
  if( !c->bCollect ) return SQLITE_OK;
  if( c->pTab->bProblems ){
    Problem *p;
    if( papers_grow(&c->aProb, &c->nProbAlloc, c->nProb+1, sizeof(Problem), 8) ){
      return SQLITE_NOMEM;
    }
    p = &c->aProb[c->nProb];
    p->zText = sqlite3_mprintf("%s", zProblem);
    if( p->zText==0 ) return SQLITE_NOMEM;
    p->iFile = c->iFile;
    p->iLine = iLine;
    c->nProb++;
    return SQLITE_OK;
  }
  /* strict: the first problem becomes the query's error */
  if( c->zStrictProblem==0 ){
    const char *zRel = c->files.a[c->iFile].zRel;
    c->zStrictProblem = iLine>0
        ? sqlite3_mprintf("%s line %d: %s", zRel, iLine, zProblem)
        : sqlite3_mprintf("%s: %s", zRel, zProblem);
    if( c->zStrictProblem==0 ) return SQLITE_NOMEM;
  }
  return SQLITE_ERROR;
}

/* Does the date of file iFile pass the digest_date constraints? Opens the
** file when the date must come from its label (the reader is kept). */
static int date_accepts(DigestsCursor *c, const char *zDate){
  if( zDate==0 ) return 0;
  if( (c->idxNum & IDX_DATE_EQ) && strcmp(zDate, c->zDateEq)!=0 ) return 0;
  if( c->idxNum & IDX_DATE_LO ){
    int x = strcmp(zDate, c->zDateLo);
    if( x<0 || (x==0 && (c->idxNum & IDX_LO_STRICT)) ) return 0;
  }
  if( c->idxNum & IDX_DATE_HI ){
    int x = strcmp(zDate, c->zDateHi);
    if( x>0 || (x==0 && (c->idxNum & IDX_HI_STRICT)) ) return 0;
  }
  return 1;
}

/* File c->iFile cannot be read (zWhy says why): a row of digest_problems,
** the query's error in strict mode, else the file is passed over (its
** entries cannot be had; digest_problems lists why) and the other files'
** entries come back. */
static int file_problem(DigestsCursor *c, const char *zWhy){
  c->bCollect = 1;
  if( c->pTab->bProblems ) return on_problem(c, 0, zWhy);
  if( c->bStrict ){
    on_problem(c, 0, zWhy);             /* sets c->zStrictProblem */
    if( c->zStrictProblem==0 ) return SQLITE_NOMEM;
    return papers_vtab_error(&c->pTab->base, SQLITE_ERROR, c->pTab->zName, "%s", c->zStrictProblem);
  }
  return SQLITE_OK;
}

/* Open file c->iFile, or decide to skip it. Returns SQLITE_OK with
** c->pReader set (read it) or NULL (skip it), or an error. */
static int open_file(DigestsCursor *c){
  DigestsTab *pTab = c->pTab;
  const PapersFile *f = &c->files.a[c->iFile];
  const int bDateFilter = (c->idxNum & (IDX_DATE_EQ|IDX_DATE_LO|IDX_DATE_HI))!=0;
  PapersProblemFn xProblem;
  char *zErr = 0;
  int rc;

  if( c->zDigest && strcmp(c->zDigest, f->zRel)!=0 ) return SQLITE_OK;
  c->bDate = papers_digest_date(f->zRel, 0, 0, c->zDate);
  if( bDateFilter && c->bDate && !date_accepts(c, c->zDate) ) return SQLITE_OK;
  if( bDateFilter && !c->bDate && c->iYear==0 ) return SQLITE_OK;
  if( f->zProblem ) return file_problem(c, f->zProblem);

  /* While only probing a label, problems are not collected; the file is
  ** opened again for real if it is read. */
  c->bCollect = !(bDateFilter && !c->bDate);
  xProblem = pTab->bProblems || c->bStrict ? on_problem : 0;
  rc = papers_reader_open(f->zPath, xProblem, c, &c->pReader, &zErr);
  if( rc==SQLITE_OK && !c->bCollect ){
    c->bDate = papers_digest_date(f->zRel, papers_reader_label(c->pReader),
                                  c->iYear, c->zDate);
    papers_reader_close(c->pReader);
    c->pReader = 0;
    if( !c->bDate || !date_accepts(c, c->zDate) ) return SQLITE_OK;
    c->bCollect = 1;
    rc = papers_reader_open(f->zPath, xProblem, c, &c->pReader, &zErr);
  }
  if( rc==SQLITE_ERROR && zErr && c->zStrictProblem==0 ){
    /* unreadable (or not a regular file): a problem of that file */
    rc = file_problem(c, zErr);
    sqlite3_free(zErr);
    return rc;
  }
  if( rc!=SQLITE_OK ){
    if( c->zStrictProblem ){
      rc = papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "%s", c->zStrictProblem);
    }else if( zErr ){
      rc = papers_vtab_error(&pTab->base, rc, pTab->zName, "%s", zErr);
    }
    sqlite3_free(zErr);
    return rc;
  }
  if( !c->bDate ){
    c->bDate = papers_digest_date(f->zRel, papers_reader_label(c->pReader),
                                  c->iYear, c->zDate);
  }
  return SQLITE_OK;
}

/* Turn a non-OK code from the reader into the table's error. */
static int reader_error(DigestsCursor *c, int rc){
  DigestsTab *pTab = c->pTab;
  if( rc==SQLITE_NOMEM ) return SQLITE_NOMEM;
  if( c->zStrictProblem ){
    return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "%s", c->zStrictProblem);
  }
  if( c->pReader && papers_reader_errmsg(c->pReader) ){
    return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "%s",
                         papers_reader_errmsg(c->pReader));
  }
  return papers_vtab_error(&pTab->base, rc, pTab->zName, "reading %s failed: %s",
                       c->files.a[c->iFile].zRel, sqlite3_errstr(rc));
}

/* Advance to the next entry (digests) or problem (digest_problems). */
static int cursor_step(DigestsCursor *c){
  const int bProblems = c->pTab->bProblems;
  int rc;
  c->bId = 0;
  if( c->bSim ) return sim_step(c);
  if( bProblems && c->iProb<c->nProb ){
    sqlite3_free(c->aProb[c->iProb].zText);
    c->aProb[c->iProb].zText = 0;
    c->iProb++;
  }
  for(;;){
    if( bProblems && c->iProb<c->nProb ) return SQLITE_OK;
    if( bProblems ){ c->nProb = c->iProb = 0; }
    if( c->pReader ){
      rc = papers_reader_next(c->pReader, &c->entry);
      if( rc==SQLITE_ROW && (bProblems || c->bStrict) ){
        rc = papers_reader_text(c->pReader, &c->entry);
        if( rc==SQLITE_OK ) rc = SQLITE_ROW;
      }
      if( rc==SQLITE_ROW ){
        if( !bProblems ) return SQLITE_OK;
        continue;
      }
      if( rc==SQLITE_IOERR && !c->bStrict && papers_reader_errmsg(c->pReader) ){
        /* a read failed mid-file: the rows read stand, the rest of the
        ** file is a problem of it, the other files are read */
        char *zWhy = sqlite3_mprintf("%s", papers_reader_errmsg(c->pReader));
        rc = zWhy ? file_problem(c, zWhy) : SQLITE_NOMEM;
        sqlite3_free(zWhy);
        if( rc!=SQLITE_OK ) return rc;
      }else if( rc!=SQLITE_DONE ){
        return reader_error(c, rc);
      }
      papers_reader_close(c->pReader);
      c->pReader = 0;
      continue;
    }
    if( c->iFile+1>=c->files.n ){
      c->bEof = 1;
      return SQLITE_OK;
    }
    c->iFile++;
    rc = open_file(c);
    if( rc!=SQLITE_OK ) return rc;
  }
}

/* ------------------------------------------------------------ similar_to
** The similarity plan: hooks called from xBestIndex, xFilter,
** cursor_step and cursor_reset; the index itself is ext/similarity/simindex.c. */

/* xBestIndex: is there a usable similar_to = ? (aCon[10])? Then keep the
** LIMIT (aCon[11]) and OFFSET (aCon[12]) only when the rows we give are
** the rows SQLite wants first: no ORDER BY, or ORDER BY score DESC. */
static int sim_best_index(sqlite3_index_info *pInfo, int *aCon){
  int bOrderOk = pInfo->nOrderBy==0
      || (pInfo->nOrderBy==1 && pInfo->aOrderBy[0].iColumn==DG_SCORE
          && pInfo->aOrderBy[0].desc);
  if( aCon[10]<0 || !bOrderOk ) aCon[11] = -1;
  if( aCon[11]<0 ) aCon[12] = -1;
  return aCon[10]>=0;
}

static void sim_reset(DigestsCursor *c){
  sqlite3_free(c->zSimilar);
  c->zSimilar = 0;
  sqlite3_free(c->aHit);
  c->aHit = 0;
  c->nHit = c->iHit = 0;
  c->bSim = 0;
  c->rcAccept = SQLITE_OK;
}

/* xFilter: the query text, LIMIT and OFFSET (argv in bit order). */
static int sim_args(DigestsCursor *c, int idxNum, sqlite3_value **argv){
  const char *z = (const char*)sqlite3_value_text(argv[0]);
  sqlite3_int64 k = -1;
  if( z==0 ){
    return sqlite3_value_type(argv[0])==SQLITE_NULL ? SQLITE_OK : SQLITE_NOMEM;
  }
  /* the whole text, a NUL byte in it too (the tokenizer takes it for a
  ** separator): its length is the value's, not strlen() */
  c->nSimilar = sqlite3_value_bytes(argv[0]);
  c->zSimilar = sqlite3_malloc64((sqlite3_uint64)c->nSimilar + 1);
  if( c->zSimilar==0 ) return SQLITE_NOMEM;
  memcpy(c->zSimilar, z, (size_t)c->nSimilar + 1);
  if( idxNum & IDX_LIMIT ){
    k = sqlite3_value_int64(argv[1]);
    if( k>=0 && (idxNum & IDX_OFFSET) ){
      sqlite3_int64 nOff = sqlite3_value_int64(argv[2]);
      if( nOff>0 ) k = nOff > 0x7fffffff - k ? -1 : k + nOff;   /* no overflow */
    }
  }
  c->nHit = k<0 || k>0x7fffffff ? -1 : (int)k;   /* wanted, until sim_start */
  c->bSim = 1;
  return SQLITE_OK;
}

/* Accept callback of the query: does file iFile pass digest/digest_date? */
static int sim_accept(void *pArg, int iFile){
  DigestsCursor *c = (DigestsCursor*)pArg;
  int rc, ok;
  if( c->rcAccept ) return 0;
  c->iFile = iFile;
  rc = open_file(c);
  ok = rc==SQLITE_OK && c->pReader!=0;
  papers_reader_close(c->pReader);
  c->pReader = 0;
  c->rcAccept = rc;
  return ok;
}

/* The change check. The index must follow every change of a file of its
** corpus (size or mtime), so the files are listed and stat()ed before each
** query, unless the table watches the directory (ext/reader/dirwatch.c) and no
** event came since the last listing: then that listing, which the index
** was checked against, is reused as it is (shared, not copied). The watch
** is opened before the listing it vouches for, so a change made between
** the two is seen by the next check. A recursive scan, a glob, a single
** file, or a directory that cannot be watched is listed every time. */
static void sim_files_unref(SimFiles *p){
  if( p && --p->nRef==0 ){
    papers_files_free(&p->files);
    sqlite3_free(p);
  }
}

static void sim_unwatch(DigestsTab *pTab){
  papers_dirwatch_close(pTab->pWatch);
  pTab->pWatch = 0;
  sqlite3_free(pTab->zWatchPath);
  pTab->zWatchPath = 0;
  sim_files_unref(pTab->pSimFiles);
  pTab->pSimFiles = 0;
}

/* xFilter: the file list of the similarity plan, into c->files. */
static int sim_files(DigestsCursor *c, char **pzErr){
  DigestsTab *pTab = c->pTab;
  int bWatched = !c->bRecursive && pTab->pWatch
              && strcmp(pTab->zWatchPath, c->zPath)==0;
  if( bWatched ){
    int bWritten = 0;
    int e = papers_dirwatch_check(pTab->pWatch, &bWritten);
    if( bWritten ){
      /* the listing cannot tell a same-size rewrite: build again (the
      ** saved index reads again only the files written, which it asks
      ** the watch for) */
      papers_simindex_free(pTab->pSim);
      pTab->pSim = 0;
    }
    if( e==PAPERS_DIRWATCH_QUIET && pTab->pSimFiles && (pTab->pSim || pTab->pStore) ){
      c->pShared = pTab->pSimFiles;
      c->pShared->nRef++;
      c->files = c->pShared->files;
      return SQLITE_OK;
    }
    if( e==PAPERS_DIRWATCH_BROKEN ) bWatched = 0;
  }
  if( !bWatched ){
    int rc;
    sim_unwatch(pTab);
    if( !c->bRecursive ){
      rc = papers_dirwatch_open(c->zPath, &pTab->pWatch);
      if( rc==SQLITE_OK && pTab->pWatch ){
        pTab->zWatchPath = sqlite3_mprintf("%s", c->zPath);
        if( pTab->zWatchPath==0 ) rc = SQLITE_NOMEM;
      }
      if( rc!=SQLITE_OK ){
        sim_unwatch(pTab);
        return rc;
      }
    }
  }
  sim_files_unref(pTab->pSimFiles);
  pTab->pSimFiles = 0;
  return papers_files_list(c->zPath, c->bRecursive, &c->files, pzErr);
}

/* After a successful sim_start on a fresh listing of a watched directory:
** the table keeps that listing for the next queries. */
static int sim_keep_files(DigestsCursor *c){
  DigestsTab *pTab = c->pTab;
  SimFiles *p;
  if( c->pShared || pTab->pWatch==0 ) return SQLITE_OK;
  p = sqlite3_malloc64(sizeof(*p));
  if( p==0 ) return SQLITE_NOMEM;
  p->nRef = 2;
  p->files = c->files;
  c->pShared = p;
  pTab->pSimFiles = p;
  return SQLITE_OK;
}

/* xFilter, once the files are listed: make sure the index is current, then
** run the query. */
/* The watch's answer for one file: was it written since the last query? */
static int sim_written(void *pArg, const char *zRel){
  DigestsTab *pTab = (DigestsTab*)pArg;
  return pTab->pWatch ? papers_dirwatch_written(pTab->pWatch, zRel) : 0;
}

static void sim_request(DigestsTab *pTab, PapersFileList *pFiles, sqlite3_stmt *pPoll,
                        PapersSimRequest *pReq){
  memset(pReq, 0, sizeof(*pReq));
  pReq->pFiles = pFiles;
  pReq->xWritten = sim_written;
  pReq->pWrittenArg = pTab;
  pReq->xBusy = papers_poll;
  pReq->pBusyArg = pPoll;
  /* two threads only when the connection is serialised, which implies
  ** that SQLite's memory allocator is too (the second thread allocates) */
  pReq->nThread = sqlite3_db_mutex(pTab->db) ? 2 : 1;
}

/* The poll statement prepared at the first poll: most queries of a saved
** index build nothing and never poll. */
typedef struct LazyPoll LazyPoll;
struct LazyPoll { sqlite3 *db; sqlite3_stmt *pStmt; };
static int lazy_poll(void *pArg){
  LazyPoll *p = (LazyPoll*)pArg;
  if( p->pStmt==0 && papers_poll_open(p->db, &p->pStmt)!=SQLITE_OK ) return 0;
  return papers_poll(p->pStmt);
}

/* sim_start for a created table: the saved index answers (brought up to
** date and saved by papers_simstore_query). */
static int sim_start_store(DigestsCursor *c, int k, int bFilter){
  DigestsTab *pTab = c->pTab;
  PapersSimRequest r;
  LazyPoll poll;
  char *zErr = 0;
  int rc;
  poll.db = pTab->db;
  poll.pStmt = 0;
  sim_request(pTab, &c->files, 0, &r);
  r.xBusy = lazy_poll;
  r.pBusyArg = &poll;
  if( c->bRecursive || pTab->pWatch==0 || strcmp(pTab->zWatchPath, c->zPath)!=0 ){
    r.xWritten = 0;
  }
  rc = papers_simstore_query(pTab->pStore, &r, c->zSimilar, c->nSimilar, k,
                             bFilter ? sim_accept : 0, c, &c->aHit, &c->nHit, &zErr);
  sqlite3_finalize(poll.pStmt);
  if( rc!=SQLITE_OK ){
    if( zErr ){
      sqlite3_free(pTab->base.zErrMsg);
      pTab->base.zErrMsg = zErr;
      zErr = 0;
    }
    sqlite3_free(zErr);
    return rc;
  }
  if( c->bStrict ){
    int iFile;
    const char *zWhy = papers_simstore_problem(pTab->pStore, &iFile);
    if( zWhy ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "%s: %s", c->files.a[iFile].zRel, zWhy);
    }
  }
  rc = c->rcAccept;
  if( rc==SQLITE_OK ) rc = sim_keep_files(c);
  c->iHit = -1;
  c->iFile = -1;
  return rc;
}

static int sim_start(DigestsCursor *c){
  DigestsTab *pTab = c->pTab;
  const int bFilter = (c->idxNum & (IDX_DIGEST|IDX_DATE_EQ|IDX_DATE_LO|IDX_DATE_HI))!=0;
  int rc, k = c->nHit;
  c->nHit = 0;
  if( pTab->pStore && c->bRecursive==pTab->bRecursive ){
    return sim_start_store(c, k, bFilter);
  }
  if( pTab->pSim==0 || papers_simindex_stale(pTab->pSim, &c->files) ){
    sqlite3_stmt *pStmt = 0;
    char *zErr = 0;
    papers_simindex_free(pTab->pSim);
    pTab->pSim = 0;
    rc = papers_poll_open(pTab->db, &pStmt);
    if( rc==SQLITE_OK ){
      /* two threads only when the connection is serialised, which implies
      ** that SQLite's memory allocator is too (the second thread allocates) */
      int nThread = sqlite3_db_mutex(pTab->db) ? 2 : 1;
      rc = papers_simindex_build(&c->files, nThread, papers_poll, pStmt,
                                 &pTab->pSim, &zErr);
    }
    sqlite3_finalize(pStmt);
    if( rc!=SQLITE_OK ){
      if( zErr ){
        rc = papers_vtab_error(&pTab->base, rc, pTab->zName, "similar_to: %s", zErr);
      }else if( rc==SQLITE_INTERRUPT ){
        rc = papers_vtab_error(&pTab->base, rc, pTab->zName, "similar_to: interrupted while building the index");
      }
      sqlite3_free(zErr);
      return rc;
    }
  }
  if( c->bStrict ){
    int iFile;
    const char *zWhy = papers_simindex_problem(pTab->pSim, &iFile);
    if( zWhy ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "%s: %s", c->files.a[iFile].zRel, zWhy);
    }
  }
  rc = papers_simindex_query(pTab->pSim, c->zSimilar, c->nSimilar,
                             k, bFilter ? sim_accept : 0, c, &c->aHit, &c->nHit);
  if( rc==SQLITE_OK ) rc = c->rcAccept;
  if( rc==SQLITE_OK ) rc = sim_keep_files(c);
  c->iHit = -1;
  c->iFile = -1;
  return rc;
}

/* cursor_step in the similarity plan: the entry of the next hit. */
static int sim_step(DigestsCursor *c){
  DigestsTab *pTab = c->pTab;
  for(;;){
    const PapersSimHit *h;
    int rc;
    if( ++c->iHit>=c->nHit ){
      c->bEof = 1;
      return SQLITE_OK;
    }
    h = &c->aHit[c->iHit];
    if( c->pReader==0 || c->iFile!=h->iFile ){
      papers_reader_close(c->pReader);
      c->pReader = 0;
      c->iFile = h->iFile;
      rc = open_file(c);
      if( rc!=SQLITE_OK ) return rc;
      if( c->pReader==0 ) continue;   /* the file no longer passes */
    }
    rc = papers_reader_seek(c->pReader, h->iOffset, h->iPosition, h->iLine);
    if( rc==SQLITE_OK ) rc = papers_reader_next(c->pReader, &c->entry);
    if( rc==SQLITE_ROW && h->bPid ){
      /* the saved index names the paper it expects there */
      rc = papers_reader_text(c->pReader, &c->entry);
      if( rc==SQLITE_OK ) rc = papers_paper_id(c->entry.zTitle, c->entry.nTitle, c->zId);
      if( rc!=SQLITE_OK ) return reader_error(c, rc);
      c->bId = 1;
      if( strtoull(c->zId, 0, 16)!=h->pid ){
        sqlite3_free(pTab->base.zErrMsg);
        pTab->base.zErrMsg = sqlite3_mprintf(
            "%s: the saved similarity index does not match %s: line %d holds another"
            " paper (the file changed and kept its size, mtime and inode?);"
            " run INSERT INTO \"%w\"(\"%w\") VALUES('rebuild')", pTab->zTabName,
            c->files.a[c->iFile].zRel, h->iLine, pTab->zTabName, pTab->zTabName);
        return pTab->base.zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
      }
      rc = SQLITE_ROW;
    }
    if( rc==SQLITE_ROW && c->bStrict ){
      rc = papers_reader_text(c->pReader, &c->entry);
      if( rc==SQLITE_OK ) rc = SQLITE_ROW;
    }
    if( rc==SQLITE_ROW ) return SQLITE_OK;
    if( rc==SQLITE_DONE ) continue;   /* the file was cut short since */
    return reader_error(c, rc);
  }
}

static int digests_filter(sqlite3_vtab_cursor *pCur, int idxNum,
                          const char *idxStr, int argc, sqlite3_value **argv){
  DigestsCursor *c = (DigestsCursor*)pCur;
  DigestsTab *pTab = c->pTab;
  char *zErr = 0;
  int i = 0, rc;
  (void)idxStr; (void)argc;

  cursor_reset(c);
  rc = trusted_check(pTab);
  if( rc!=SQLITE_OK ) return rc;
  c->idxNum = idxNum;
  c->iYear = pTab->iYear;
  c->bRecursive = pTab->bRecursive;
  c->bStrict = pTab->bStrict;
  if( idxNum & IDX_PATH ){
    const char *z = (const char*)sqlite3_value_text(argv[i]);
    if( pTab->zPath ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName,
          "the path of this table is set by CREATE VIRTUAL TABLE");
    }
    if( z==0 || z[0]==0 ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "path is NULL or empty");
    }
    if( (int)strlen(z)!=sqlite3_value_bytes(argv[i]) ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "path holds a NUL byte");
    }
    i++;
    c->zPath = sqlite3_mprintf("%s", z);
  }else if( pTab->zPath ){
    c->zPath = sqlite3_mprintf("%s", pTab->zPath);
  }else{
    return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName,
        "no path: use %s('path') or CREATE VIRTUAL TABLE t USING %s(path=...)",
        pTab->zName, pTab->zName);
  }
  if( c->zPath==0 ) return SQLITE_NOMEM;
  if( idxNum & IDX_YEAR ){
    sqlite3_value *v = argv[i++];
    sqlite3_int64 y = sqlite3_value_int64(v);   /* the whole 64-bit range */
    if( sqlite3_value_type(v)==SQLITE_NULL ){
      y = 0;                            /* NULL: the year is not known */
    }else if( sqlite3_value_type(v)!=SQLITE_INTEGER || y<1900 || y>2999 ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName,
          "year must be an integer from 1900 to 2999");
    }
    c->iYear = (int)y;
  }
  if( idxNum & IDX_RECURSIVE ){
    if( !flag_arg(argv[i++], &c->bRecursive) ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "recursive must be 0 or 1");
    }
  }
  if( idxNum & IDX_STRICT ){
    if( !flag_arg(argv[i++], &c->bStrict) ){
      return papers_vtab_error(&pTab->base, SQLITE_ERROR, pTab->zName, "strict must be 0 or 1");
    }
  }
  if( idxNum & IDX_DIGEST ){
    const char *z = (const char*)sqlite3_value_text(argv[i++]);
    if( z==0 ){
      if( sqlite3_value_type(argv[i-1])!=SQLITE_NULL ) return SQLITE_NOMEM;
      return SQLITE_OK;                 /* digest = NULL: no row */
    }
    if( (int)strlen(z)!=sqlite3_value_bytes(argv[i-1]) ){
      return SQLITE_OK;                 /* a NUL byte: no file is named so */
    }
    c->zDigestCopy = sqlite3_mprintf("%s", z);
    if( c->zDigestCopy==0 ) return SQLITE_NOMEM;
    c->zDigest = c->zDigestCopy;
  }
  {
    static const int aBit[] = { IDX_DATE_EQ, IDX_DATE_LO, IDX_DATE_HI };
    char *aOut[] = { c->zDateEq, c->zDateLo, c->zDateHi };
    int k;
    for(k=0; k<3; k++){
      const char *z;
      if( (idxNum & aBit[k])==0 ) continue;
      z = (const char*)sqlite3_value_text(argv[i++]);
      if( z==0 ) return SQLITE_OK;      /* compared with NULL: no row */
      sqlite3_snprintf(11, aOut[k], "%s", z);
    }
  }
  if( idxNum & IDX_SIMILAR ){
    rc = sim_args(c, idxNum, argv + i);
    if( rc!=SQLITE_OK || c->zSimilar==0 ) return rc;  /* NULL: no row */
  }

  if( c->bSim ){
    rc = sim_files(c, &zErr);
  }else{
    rc = papers_files_list(c->zPath, c->bRecursive, &c->files, &zErr);
  }
  if( rc!=SQLITE_OK ){
    if( zErr ) rc = papers_vtab_error(&pTab->base, rc, pTab->zName, "%s", zErr);
    sqlite3_free(zErr);
    return rc;
  }
  c->iFile = -1;
  c->bEof = 0;
  if( c->bSim ){
    rc = sim_start(c);
    if( rc!=SQLITE_OK ) return rc;
  }
  return cursor_step(c);
}

static int digests_next(sqlite3_vtab_cursor *pCur){
  return cursor_step((DigestsCursor*)pCur);
}

static int digests_eof(sqlite3_vtab_cursor *pCur){
  return ((DigestsCursor*)pCur)->bEof;
}

/* JSON array of the http(s) URLs in z[0..n), in order. Trailing
** punctuation that ends a sentence, and a closing bracket that the URL
** did not open, are not part of the URL. */
static char *links_json(const char *z, int n){
  sqlite3_str *s = sqlite3_str_new(0);
  int i = 0, nUrl = 0;
  sqlite3_str_appendchar(s, 1, '[');
  while( i<n ){
    int j, k, nOpen[2] = {0,0};
    if( (z[i]!='h' && z[i]!='H')
     || (sqlite3_strnicmp(z+i, "http://", n-i>=7 ? 7 : n-i)!=0
         && sqlite3_strnicmp(z+i, "https://", n-i>=8 ? 8 : n-i)!=0)
     || n-i<8
     || (i>0 && ((z[i-1]|0x20)>='a' && (z[i-1]|0x20)<='z')) ){
      i++;
      continue;
    }
    for(j=i; j<n; j++){
      char ch = z[j];
      if( ch==' ' || ch=='\t' || ch=='<' || ch=='>' || ch=='"' ) break;
      if( ch=='{' || ch=='}' ) break;   /* flattened LaTeX: \href{url}{text} */
      if( (unsigned char)ch<0x20 ) break;
    }
    for(k=i; k<j; k++){
      if( z[k]=='(' ) nOpen[0]++;
      else if( z[k]==')' ) nOpen[0]--;
      else if( z[k]=='[' ) nOpen[1]++;
      else if( z[k]==']' ) nOpen[1]--;
    }
    while( j>i ){
      char ch = z[j-1];
      if( strchr(".,;:!?'*", ch) ){ j--; continue; }
      if( ch==')' && nOpen[0]<0 ){ nOpen[0]++; j--; continue; }
      if( ch==']' && nOpen[1]<0 ){ nOpen[1]++; j--; continue; }
      break;
    }
    if( j - i > 8 ){
      if( nUrl++ ) sqlite3_str_appendchar(s, 1, ',');
      sqlite3_str_appendchar(s, 1, '"');
      for(k=i; k<j; k++){
        char ch = z[k];
        if( ch=='"' || ch=='\\' ) sqlite3_str_appendf(s, "\\%c", ch);
        else sqlite3_str_appendchar(s, 1, ch);
      }
      sqlite3_str_appendchar(s, 1, '"');
    }
    i = j>i ? j : i+1;
  }
  sqlite3_str_appendchar(s, 1, ']');
  return sqlite3_str_finish(s);
}

static int digests_column(sqlite3_vtab_cursor *pCur, sqlite3_context *ctx,
                          int iCol){
  DigestsCursor *c = (DigestsCursor*)pCur;
  int rc;
  if( c->pTab->bProblems ){
    const Problem *p = &c->aProb[c->iProb];
    switch( iCol ){
      case DP_DIGEST:
        sqlite3_result_text(ctx, c->files.a[p->iFile].zRel, -1, SQLITE_TRANSIENT);
        break;
      case DP_LINE:
        if( p->iLine>0 ) sqlite3_result_int(ctx, p->iLine);
        break;
      case DP_PROBLEM:
        sqlite3_result_text(ctx, p->zText, -1, SQLITE_TRANSIENT);
        break;
      case DP_PATH:
        sqlite3_result_text(ctx, c->zPath, -1, SQLITE_TRANSIENT);
        break;
      case DP_RECURSIVE:
        sqlite3_result_int(ctx, c->bRecursive);
        break;
    }
    return SQLITE_OK;
  }
  switch( iCol ){
    case DG_PAPER_ID: case DG_TITLE: case DG_ABSTRACT: case DG_LINKS:
      rc = papers_reader_text(c->pReader, &c->entry);
      if( rc!=SQLITE_OK ){
        if( rc==SQLITE_NOMEM ){ sqlite3_result_error_nomem(ctx); return rc; }
        rc = reader_error(c, rc);
        sqlite3_result_error(ctx, c->pTab->base.zErrMsg, -1);
        return rc;
      }
      if( iCol==DG_PAPER_ID ){
        if( !c->bId ){
          if( papers_paper_id(c->entry.zTitle, c->entry.nTitle, c->zId) ){
            sqlite3_result_error_nomem(ctx);
            return SQLITE_NOMEM;
          }
          c->bId = 1;
        }
        sqlite3_result_text(ctx, c->zId, 16, SQLITE_TRANSIENT);
      }else if( iCol==DG_TITLE ){
        sqlite3_result_text(ctx, c->entry.zTitle, c->entry.nTitle, SQLITE_TRANSIENT);
      }else if( iCol==DG_ABSTRACT ){
        if( c->entry.zAbstract ){
          sqlite3_result_text(ctx, c->entry.zAbstract, c->entry.nAbstract,
                              SQLITE_TRANSIENT);
        }
      }else{
        char *z = links_json(c->entry.zAbstract ? c->entry.zAbstract : "",
                             c->entry.zAbstract ? c->entry.nAbstract : 0);
        if( z==0 ){ sqlite3_result_error_nomem(ctx); return SQLITE_NOMEM; }
        sqlite3_result_text(ctx, z, -1, sqlite3_free);
      }
      break;
    case DG_DIGEST:
      sqlite3_result_text(ctx, c->files.a[c->iFile].zRel, -1, SQLITE_TRANSIENT);
      break;
    case DG_LABEL: {
      const char *z = papers_reader_label(c->pReader);
      if( z ) sqlite3_result_text(ctx, z, -1, SQLITE_TRANSIENT);
      break;
    }
    case DG_DATE:
      if( c->bDate ) sqlite3_result_text(ctx, c->zDate, 10, SQLITE_TRANSIENT);
      break;
    case DG_POSITION: sqlite3_result_int(ctx, c->entry.iPosition); break;
    case DG_LINE:     sqlite3_result_int(ctx, c->entry.iLine); break;
    case DG_PATH:     sqlite3_result_text(ctx, c->zPath, -1, SQLITE_TRANSIENT); break;
    case DG_YEAR:     if( c->iYear ) sqlite3_result_int(ctx, c->iYear); break;
    case DG_RECURSIVE: sqlite3_result_int(ctx, c->bRecursive); break;
    case DG_STRICT:   sqlite3_result_int(ctx, c->bStrict); break;
    case DG_SIMILAR_TO:
      if( c->bSim ) sqlite3_result_text(ctx, c->zSimilar, c->nSimilar, SQLITE_TRANSIENT);
      break;
    case DG_SCORE:
      if( c->bSim ) sqlite3_result_double(ctx, c->aHit[c->iHit].score);
      break;
  }
  return SQLITE_OK;
}

/* The file's place in the sorted list and the entry's (or problem's) place
** in the file: stable for a given set of files. */
static int digests_rowid(sqlite3_vtab_cursor *pCur, sqlite_int64 *pRowid){
  DigestsCursor *c = (DigestsCursor*)pCur;
  if( c->pTab->bProblems ){
    *pRowid = ((sqlite3_int64)c->aProb[c->iProb].iFile << 32) + c->iProb;
  }else{
    *pRowid = ((sqlite3_int64)c->iFile << 32) + c->entry.iPosition;
  }
  return SQLITE_OK;
}

static sqlite3_module digestsModule = {
  3,                        /* iVersion: xShadowName */
  digests_connect,          /* xCreate: same as xConnect, so also eponymous */
  digests_connect,
  digests_best_index,
  digests_disconnect,
  digests_destroy,
  digests_open,
  digests_close,
  digests_filter,
  digests_next,
  digests_eof,
  digests_column,
  digests_rowid,
  digests_update,
  0, 0, 0, 0, 0,
  digests_rename,
  0, 0, 0,
  digests_shadow_name
};

static sqlite3_module problemsModule = {
  0, problems_connect, problems_connect, digests_best_index,
  digests_disconnect, digests_destroy, digests_open, digests_close,
  digests_filter, digests_next, digests_eof, digests_column, digests_rowid,
  digests_update, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

int papers_register_digests(sqlite3 *db){
  DigestsConn *pConn = sqlite3_malloc64(sizeof(*pConn));
  int rc;
  if( pConn==0 ) return SQLITE_NOMEM;
  memset(pConn, 0, sizeof(*pConn));
  /* The first module owns pConn (freed when the connection closes, or at
  ** once if this fails); the second only borrows it. */
  rc = sqlite3_create_module_v2(db, "digests", &digestsModule, pConn, conn_free);
  if( rc==SQLITE_OK ){
    rc = sqlite3_create_module(db, "digest_problems", &problemsModule, pConn);
  }
  if( rc==SQLITE_OK ){
    pConn->db = db;
    sqlite3_mutex_enter(conn_mutex());
    pConn->pNext = connList;
    connList = pConn;
    sqlite3_mutex_leave(conn_mutex());
  }
  return rc;
}

/* The created digests table zName ("table" or "schema.table") of db: its
** saved index and options, once the table is connected and allowed to
** read files (trusted_check). SQLITE_OK, SQLITE_NOTFOUND (no created
** digests table of that name), or an error with *pzErr. */
int papers_digests_find(sqlite3 *db, const char *zName, PapersSimStore **ppStore,
                        const char **pzPath, int *pbRecursive, char **pzErr){
  DigestsConn *pConn;
  DigestsTab *pTab = 0;
  sqlite3_stmt *pStmt = 0;
  const char *zDot = strchr(zName, '.');
  char *zSql;
  int i, rc;
  *ppStore = 0;
  /* preparing a statement on the table connects it (or fails: not a table) */
  if( zDot ){
    char *zDb = sqlite3_mprintf("%.*s", (int)(zDot-zName), zName);
    zSql = zDb ? sqlite3_mprintf("SELECT 1 FROM \"%w\".\"%w\" LIMIT 0", zDb, zDot+1) : 0;
    sqlite3_free(zDb);
  }else{
    zSql = sqlite3_mprintf("SELECT 1 FROM \"%w\" LIMIT 0", zName);
  }
  if( zSql==0 ) return SQLITE_NOMEM;
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  sqlite3_free(zSql);
  sqlite3_finalize(pStmt);
  if( rc==SQLITE_NOMEM ) return rc;
  if( rc!=SQLITE_OK ) return SQLITE_NOTFOUND;
  sqlite3_mutex_enter(conn_mutex());
  for(pConn=connList; pConn && pConn->db!=db; pConn=pConn->pNext){}
  sqlite3_mutex_leave(conn_mutex());
  for(i=0; pConn && i<pConn->nTab; i++){
    DigestsTab *t = pConn->apTab[i];
    if( zDot ){
      if( sqlite3_strnicmp(t->zDb, zName, (int)(zDot-zName))!=0 || t->zDb[zDot-zName]!=0
       || sqlite3_stricmp(t->zTabName, zDot+1)!=0 ) continue;
    }else if( sqlite3_stricmp(t->zTabName, zName)!=0 ){
      continue;
    }
    /* unqualified: temp before main before attached, as SQLite resolves */
    if( pTab==0 || sqlite3_stricmp(t->zDb, "temp")==0
     || (sqlite3_stricmp(t->zDb, "main")==0 && sqlite3_stricmp(pTab->zDb, "temp")!=0) ){
      pTab = t;
    }
  }
  if( pTab==0 ) return SQLITE_NOTFOUND;
  rc = trusted_check(pTab);
  if( rc!=SQLITE_OK ){
    *pzErr = sqlite3_mprintf("%s", pTab->base.zErrMsg ? pTab->base.zErrMsg : "");
    return *pzErr ? rc : SQLITE_NOMEM;
  }
  *ppStore = pTab->pStore;
  *pzPath = pTab->zPath;
  *pbRecursive = pTab->bRecursive;
  return SQLITE_OK;
}
