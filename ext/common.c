/*
** common.c: the helpers every module shares (common.h): array growth,
** interrupt polling, JSON output, the virtual-table error message. No SQL.
*/
#include "common.h"
SQLITE_EXTENSION_INIT3

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int papers_grow_to(void *ppArray, int *pnAlloc, sqlite3_int64 nNeed,
                   size_t szElem, int nFirst){
  sqlite3_int64 nNew = *pnAlloc>0 ? *pnAlloc : (nFirst>0 ? nFirst : 1);
  void *a;
  if( nNeed<=*pnAlloc ) return SQLITE_OK;
  if( nNeed>INT_MAX ) return SQLITE_NOMEM;
  while( nNew<nNeed ) nNew *= 2;
  if( nNew>INT_MAX ) nNew = INT_MAX;
  /* The pointer is read and written as bytes: ppArray may be a Word** or a
  ** char**, which a void** would alias. */
  memcpy(&a, ppArray, sizeof(a));
  a = sqlite3_realloc64(a, (sqlite3_uint64)nNew*szElem);
  if( a==0 ) return SQLITE_NOMEM;
  memcpy(ppArray, &a, sizeof(a));
  *pnAlloc = (int)nNew;
  return SQLITE_OK;
}

void papers_sort_nearly(void *pArray, int n, size_t szElem,
                        int (*xCmp)(const void*, const void*)){
  unsigned char *a = (unsigned char*)pArray, aTmp[128];
  sqlite3_int64 nBudget = 8*(sqlite3_int64)n + 64;
  int i, j;
  if( n<2 ) return;
  if( szElem>sizeof(aTmp) ){
    qsort(a, n, szElem, xCmp);
    return;
  }
  for(i=1; i<n; i++){
    for(j=i; j>0 && xCmp(a + (size_t)(j-1)*szElem, a + (size_t)i*szElem)>0; j--){
      if( --nBudget<0 ){
        qsort(a, n, szElem, xCmp);
        return;
      }
    }
    if( j<i ){              /* element i goes to j, those of j..i-1 up one */
      memcpy(aTmp, a + (size_t)i*szElem, szElem);
      memmove(a + (size_t)(j+1)*szElem, a + (size_t)j*szElem, (size_t)(i-j)*szElem);
      memcpy(a + (size_t)j*szElem, aTmp, szElem);
    }
  }
}

/* A count to 16: about 130 opcodes per poll. */
#define PAPERS_POLL_SQL \
  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<16) SELECT count(*) FROM n"

int papers_poll_open(sqlite3 *db, sqlite3_stmt **ppStmt){
  return sqlite3_prepare_v2(db, PAPERS_POLL_SQL, -1, ppStmt, 0);
}

int papers_poll(void *pArg){
  sqlite3_stmt *pStmt = (sqlite3_stmt*)pArg;
  int rc = sqlite3_step(pStmt);
  sqlite3_reset(pStmt);
  return rc==SQLITE_INTERRUPT;
}

/* Hand the JSON text built in s to ctx as its result (subtype 'J', for the
** json1 functions), or rc, or s's own error, as the error. Frees s. */
void papers_result_json(sqlite3_context *ctx, sqlite3_str *s, int rc){
  int n;
  if( rc==SQLITE_OK ) rc = sqlite3_str_errcode(s);
  if( rc!=SQLITE_OK ){
    sqlite3_free(sqlite3_str_finish(s));
    if( rc==SQLITE_TOOBIG ) sqlite3_result_error_toobig(ctx);
    else if( rc==SQLITE_NOMEM ) sqlite3_result_error_nomem(ctx);
    else sqlite3_result_error_code(ctx, rc);
    return;
  }
  n = sqlite3_str_length(s);
  sqlite3_result_text(ctx, sqlite3_str_finish(s), n, sqlite3_free);
  sqlite3_result_subtype(ctx, 'J');
}

void papers_json_string(sqlite3_str *s, const char *z, int n){
  int i = 0;
  sqlite3_str_appendchar(s, 1, '"');
  while( i<n ){
    /* runs of bytes that need no escape go in one append */
    int k = i;
    unsigned char c = 0;
    while( k<n && (c = (unsigned char)z[k])>=0x20 && c!='"' && c!='\\' ) k++;
    if( k>i ) sqlite3_str_append(s, z+i, k-i);
    if( k>=n ) break;
    if( c=='"' || c=='\\' ) sqlite3_str_appendf(s, "\\%c", c);
    else sqlite3_str_appendf(s, "\\u%04x", c);
    i = k+1;
  }
  sqlite3_str_appendchar(s, 1, '"');
}

int papers_vtab_error(sqlite3_vtab *pVtab, int rc, const char *zName,
                      const char *zFmt, ...){
  va_list ap;
  char *z;
  va_start(ap, zFmt);
  z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  sqlite3_free(pVtab->zErrMsg);
  pVtab->zErrMsg = z && zName ? sqlite3_mprintf("%s: %s", zName, z) : z;
  if( zName ) sqlite3_free(z);
  return pVtab->zErrMsg ? rc : SQLITE_NOMEM;
}
