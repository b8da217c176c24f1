/*
** u64map.c: the hash map and the set of 64-bit keys of
** ext/similarity/u64map.h. No SQL of its own.
*/
#include "common.h"
#include "u64map.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

typedef sqlite3_uint64 u64;
typedef sqlite3_int64 i64;

i64 papers_u64map_find(const PapersU64Map *m, u64 key){
  u64 i, mask;
  if( m->nSlot==0 ) return -1;
  mask = m->nSlot-1;
  for(i=papers_mix64(key) & mask; m->aUsed[i]; i=(i+1) & mask){
    if( m->aKey[i]==key ) return (i64)i;
  }
  return -1;
}

i64 papers_u64map_get(PapersU64Map *m, u64 key, int *pbNew){
  u64 i, mask;
  i64 x = papers_u64map_find(m, key);
  if( pbNew ) *pbNew = x<0;
  if( x>=0 ) return x;
  if( (m->nUsed+1)*2 > m->nSlot ){
    PapersU64Map n;
    u64 j;
    memset(&n, 0, sizeof(n));
    n.nSlot = m->nSlot ? m->nSlot*2 : 1024;
    n.aKey = sqlite3_malloc64(sizeof(u64)*n.nSlot);
    n.aA = sqlite3_malloc64(sizeof(i64)*n.nSlot);
    n.aB = sqlite3_malloc64(sizeof(i64)*n.nSlot);
    n.aUsed = sqlite3_malloc64(n.nSlot);
    if( !n.aKey || !n.aA || !n.aB || !n.aUsed ){
      papers_u64map_free(&n);
      return -1;
    }
    memset(n.aUsed, 0, n.nSlot);
    for(j=0; j<m->nSlot; j++){
      u64 k;
      if( !m->aUsed[j] ) continue;
      for(k=papers_mix64(m->aKey[j]) & (n.nSlot-1); n.aUsed[k]; k=(k+1) & (n.nSlot-1)){}
      n.aUsed[k] = 1;
      n.aKey[k] = m->aKey[j];
      n.aA[k] = m->aA[j];
      n.aB[k] = m->aB[j];
    }
    n.nUsed = m->nUsed;
    papers_u64map_free(m);
    *m = n;
  }
  mask = m->nSlot-1;
  for(i=papers_mix64(key) & mask; m->aUsed[i]; i=(i+1) & mask){}
  m->aUsed[i] = 1;
  m->aKey[i] = key;
  m->aA[i] = m->aB[i] = -1;
  m->nUsed++;
  return (i64)i;
}

void papers_u64map_free(PapersU64Map *m){
  sqlite3_free(m->aKey);
  sqlite3_free(m->aA);
  sqlite3_free(m->aB);
  sqlite3_free(m->aUsed);
  memset(m, 0, sizeof(*m));
}

int papers_u64set_add(PapersU64Set *s, u64 key, int *pbNew){
  u64 i, mask;
  if( key==0 ){
    if( pbNew ) *pbNew = !s->bZero;
    s->bZero = 1;
    return SQLITE_OK;
  }
  if( (s->nUsed+1)*2 > s->nSlot ){
    u64 nNew = s->nSlot ? s->nSlot*2 : 1024, j, k;
    u64 *aNew = sqlite3_malloc64(sizeof(u64)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    memset(aNew, 0, sizeof(u64)*nNew);
    for(j=0; j<s->nSlot; j++){
      if( s->a[j]==0 ) continue;
      for(k=papers_mix64(s->a[j]) & (nNew-1); aNew[k]; k=(k+1) & (nNew-1)){}
      aNew[k] = s->a[j];
    }
    sqlite3_free(s->a);
    s->a = aNew;
    s->nSlot = nNew;
  }
  mask = s->nSlot-1;
  for(i=papers_mix64(key) & mask; s->a[i]; i=(i+1) & mask){
    if( s->a[i]==key ){
      if( pbNew ) *pbNew = 0;
      return SQLITE_OK;
    }
  }
  s->a[i] = key;
  s->nUsed++;
  if( pbNew ) *pbNew = 1;
  return SQLITE_OK;
}

int papers_u64set_has(const PapersU64Set *s, u64 key){
  u64 i, mask;
  if( key==0 ) return s->bZero;
  if( s->nSlot==0 ) return 0;
  mask = s->nSlot-1;
  for(i=papers_mix64(key) & mask; s->a[i]; i=(i+1) & mask){
    if( s->a[i]==key ) return 1;
  }
  return 0;
}

void papers_u64set_free(PapersU64Set *s){
  sqlite3_free(s->a);
  memset(s, 0, sizeof(*s));
}
