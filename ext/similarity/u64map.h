/*
** u64map.h: a hash map from 64-bit keys (paper ids, slots, term and file
** ids, pairs of slots) to two 64-bit values (ext/similarity/u64map.c), shared by the
** saved similarity index (ext/similarity/simstore.c) and paper_duplicates
** (ext/similarity/duplicates.c). Open addressing with linear probing, load at most 1/2.
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

#endif /* PAPERS_U64MAP_H */
