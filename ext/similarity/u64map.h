/*
** u64map.h: a hash map from 64-bit keys (paper ids, slots, term and file
** ids, pairs of slots) to two 64-bit values, and a set of 64-bit keys
** (ext/similarity/u64map.c), shared by the similarity index
** (ext/similarity/simindex.c, simstore.c) and paper_duplicates
** (ext/similarity/duplicates.c). Open addressing with linear probing, load at
** most 1/2.
**
**   PapersU64Map m = {0};
**   sqlite3_int64 x = papers_u64map_get(&m, key, &bNew);  // -1: out of memory
**   m.aA[x] = ...;  m.aB[x] = ...;                         // the slot's values
**   x = papers_u64map_find(&m, key);                        // -1: absent
**   papers_u64map_free(&m);
**
** A slot number stays valid until the next papers_u64map_get() that adds a
** key (which may grow the table).
*/
#ifndef PAPERS_U64MAP_H
#define PAPERS_U64MAP_H

#include <sqlite3ext.h>

typedef struct PapersU64Map PapersU64Map;
struct PapersU64Map {
  sqlite3_uint64 *aKey;
  sqlite3_int64 *aA, *aB;     /* the values of each slot */
  unsigned char *aUsed;
  sqlite3_uint64 nSlot, nUsed;
};

/* The slot of key, or -1. */
sqlite3_int64 papers_u64map_find(const PapersU64Map *m, sqlite3_uint64 key);

/* The slot of key, added with both values -1 when missing (*pbNew set,
** when pbNew is not NULL); -1 when out of memory. */
sqlite3_int64 papers_u64map_get(PapersU64Map *m, sqlite3_uint64 key, int *pbNew);

void papers_u64map_free(PapersU64Map *m);

/* A set of 64-bit keys with no values (paper ids seen in a part of the
** index build, candidate pairs of paper_duplicates): the same open
** addressing, the keys alone in one array, 0 marking an empty slot and
** kept as a flag (bZero). Iterate with a[0..nSlot), a non-zero entry is a
** key.
**
**   PapersU64Set s = {0};
**   rc = papers_u64set_add(&s, key, &bNew);  // SQLITE_OK or SQLITE_NOMEM
**   if( papers_u64set_has(&s, key) ) ...
**   papers_u64set_free(&s);
*/
typedef struct PapersU64Set PapersU64Set;
struct PapersU64Set {
  sqlite3_uint64 *a;
  sqlite3_uint64 nSlot, nUsed;  /* nUsed counts the keys in a[], not 0 */
  int bZero;                    /* key 0 is in the set */
};

/* Add key; *pbNew (when pbNew is not NULL) says whether it was missing. */
int papers_u64set_add(PapersU64Set *s, sqlite3_uint64 key, int *pbNew);

/* Is key in the set? */
int papers_u64set_has(const PapersU64Set *s, sqlite3_uint64 key);

void papers_u64set_free(PapersU64Set *s);

#endif /* PAPERS_U64MAP_H */
