/*
** digests.h: what the `digests` module (ext/digests.c) offers the other
** modules: paper_duplicates (ext/similarity/duplicates.c) finds a created digests
** table by name, to work from its saved index.
*/
#ifndef PAPERS_DIGESTS_H
#define PAPERS_DIGESTS_H

#include "simstore.h"

/* The created digests table zName ("table" or "schema.table") of db: its
** saved index (*ppStore) and its path and recursive options, once the
** table is connected and allowed to read files (a table the database file
** defined reads none while trusted_schema is off, unless this connection
** created it). SQLITE_OK; SQLITE_NOTFOUND when db has no created digests
** table of that name; or an error with *pzErr (sqlite3_malloc'd). */
int papers_digests_find(sqlite3 *db, const char *zName, PapersSimStore **ppStore,
                        const char **pzPath, int *pbRecursive, char **pzErr);

#endif /* PAPERS_DIGESTS_H */
