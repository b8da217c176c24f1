/*
** simstore.h: the similarity index of a `CREATE VIRTUAL TABLE ... USING
** digests(...)` table, kept in shadow tables of the database that holds
** the table (ext/similarity/simstore.c; the layout, the update and the save protocol
** are in docs/similarity-index.md).
**
** A table named T keeps T_config, T_files, T_papers, T_docs, T_terms,
** T_postings, T_norms (the similar_to index), T_minhash and T_pairs
** (paper_duplicates' band hashes and checked pairs) in its own schema. They are created with
** the table when this connection creates it, else at the first save, and
** dropped and renamed with it.
**
** Usage (ext/digests.c, ext/similarity/duplicates.c):
**   papers_simstore_create(db, "main", "papers", &zErr);  // CREATE VIRTUAL TABLE
**   papers_simstore_open(db, "main", "papers", zPath, bRecursive, &pStore);
**   PapersSimRequest r = { &files, xWritten, pArg, xPoll, pPoll, 2 };
**   rc = papers_simstore_query(pStore, &r, zText, nText, 10, xAccept, pArg,
**                              &aHit, &nHit, &zErr);
**   rc = papers_simstore_command(pStore, &r, "rebuild", &zErr);
**   papers_simstore_close(pStore);
**   papers_simstore_drop(db, "main", "papers");            // DROP TABLE
**
** A query first brings the saved index up to date with the listing (the
** files added, removed or changed since it was saved are read, and only
** they), saving the result when the connection may write now (outside the
** application's transactions, the database writable, the write lock had
** within the busy timeout); else it answers from an index in memory and
** saves at a later query. A store is used by one thread at a time (one per
** table object; SQLite serialises a connection).
**
** Errors: *pzErr (sqlite3_malloc'd) is a whole message that starts with the
** table's name, e.g. "papers: the saved similarity index is damaged: ...;
** run INSERT INTO papers(papers) VALUES('rebuild')" (SQLITE_CORRUPT_VTAB).
*/
#ifndef PAPERS_SIMSTORE_H
#define PAPERS_SIMSTORE_H

#include "reader.h"
#include "simindex.h"

typedef struct PapersSimStore PapersSimStore;

/* Is T_zSuffix a shadow table of a digests table T? (xShadowName) */
int papers_simstore_is_shadow(const char *zSuffix);

/* CREATE TABLE every shadow table of zDb.zTable; fails if one exists. */
int papers_simstore_create(sqlite3 *db, const char *zDb, const char *zTable,
                           char **pzErr);
/* DROP TABLE IF EXISTS every shadow table. */
int papers_simstore_drop(sqlite3 *db, const char *zDb, const char *zTable);
/* ALTER TABLE ... RENAME TO every shadow table (those that exist). */
int papers_simstore_rename(sqlite3 *db, const char *zDb, const char *zOld,
                           const char *zNew);

/* A handle on the saved index of zDb.zTable (path and recursive are the
** table's options: a saved index made with others is made again). Reads
** nothing yet. SQLITE_OK or SQLITE_NOMEM. */
int papers_simstore_open(sqlite3 *db, const char *zDb, const char *zTable,
                         const char *zPath, int bRecursive, PapersSimStore **pp);
void papers_simstore_close(PapersSimStore *p);

/* What a query or command works on. */
typedef struct PapersSimRequest PapersSimRequest;
struct PapersSimRequest {
  const PapersFileList *pFiles;   /* the listing of the table's path */
  /* 1 if a directory watch saw file zRel written since the last query:
  ** it is read again even when its size, mtime and inode are the same.
  ** NULL: no watch. */
  int (*xWritten)(void *pArg, const char *zRel);
  void *pWrittenArg;
  int (*xBusy)(void*);            /* polled in long work; non-zero stops it */
  void *pBusyArg;
  int nThread;                    /* threads a build may use (1 or 2) */
};

/* The k best papers for the query text (papers_simindex_query() rules:
** k<0 every paper; ties in path order; xAccept filters by file index in
** pFiles). Each hit carries its paper id (bPid set), which the caller
** checks against the entry it reads. */
int papers_simstore_query(PapersSimStore *p, const PapersSimRequest *pReq,
                          const char *zText, int nText, int k,
                          int (*xAccept)(void*, int iFile), void *pArg,
                          PapersSimHit **paHit, int *pnHit, char **pzErr);

/* After a query: the first file of the listing that could not be read (its
** reason, its index in *piFile), or NULL. */
const char *papers_simstore_problem(PapersSimStore *p, int *piFile);

/* INSERT INTO T(T) VALUES(zCmd): 'rebuild' (from the files, from scratch),
** 'integrity-check' (an error naming what is wrong when the saved index is
** damaged or does not match the files), 'merge' (every term's postings in
** one segment, norms summed again from the saved lists). Runs inside the
** statement's transaction. */
int papers_simstore_command(PapersSimStore *p, const PapersSimRequest *pReq,
                            const char *zCmd, char **pzErr);

/* For paper_duplicates over the table: the saved documents, brought up to
** date as a query does (saved when possible). xDoc is called for each
** document in path order with its slot number, paper id, file index in
** pFiles, entry place; non-zero stops. Returns SQLITE_OK, an error, or
** SQLITE_DONE when the index could not be saved now (the caller then works
** from the files). */
int papers_simstore_docs(PapersSimStore *p, const PapersSimRequest *pReq,
                         int (*xDoc)(void *pArg, int iSlot, sqlite3_uint64 pid,
                                     int iFile, sqlite3_int64 iOffset,
                                     int iPosition, int iLine),
                         void *pArg, sqlite3_int64 *piGen, char **pzErr);

/* A write transaction of its own on the store's database, for
** paper_duplicates' band hashes, under the rules of a save: SQLITE_OK (in
** the transaction), SQLITE_DONE (not possible now: the application's
** transaction, a read-only database, the lock not had within the busy
** timeout), or an error. write_end commits (bCommit) or rolls back. */
int papers_simstore_write_begin(PapersSimStore *p);
int papers_simstore_write_end(PapersSimStore *p, int bCommit);

/* The database handle, schema and table of a store (for the band hashes
** table T_minhash of paper_duplicates). */
sqlite3 *papers_simstore_db(PapersSimStore *p);
const char *papers_simstore_schema(PapersSimStore *p);
const char *papers_simstore_table(PapersSimStore *p);

/* Little-endian varints and checksummed blobs shared with paper_duplicates'
** band hashes: a blob is its payload then an 8-byte hash of the payload
** seeded with the row's key, so damage, and a blob moved to another row,
** is seen. */
sqlite3_uint64 papers_simstore_hash(sqlite3_uint64 seed, const unsigned char *a,
                                    sqlite3_int64 n);

#endif /* PAPERS_SIMSTORE_H */
