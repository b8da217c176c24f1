/*
** oom.c: out-of-memory injection for the papers extension, the way SQLite's
** own tests do it. Every allocation SQLite makes (and so every one the
** extension makes, since it allocates only through sqlite3_malloc) goes
** through a wrapper installed with SQLITE_CONFIG_MALLOC. For each query in
** aQuery, the query is first run with no failure to learn the right answer;
** then, for N = 1, 2, ..., the N-th allocation after the query starts (and
** every one after it: a persistent failure) fails, until a run completes
** without reaching N. Every run must end either with SQLITE_NOMEM or with
** the right answer, and when the connection is closed every allocation it
** made must have been freed.
**
**   build/oom EXTENSION [FILTER]     prints "ok NAME" / "not ok NAME: why"
**
** OOM_N=K in the environment starts at N=K (to look at one failure point).
**
** The extension is opened once, with dlopen, and its entry point registered
** with sqlite3_auto_extension(), so every connection gets it without being
** loaded again: sqlite3_load_extension() would dlopen and dlclose it once per
** run, and under AddressSanitizer each reload keeps about 1 MB, which over
** the several thousand runs of one query grew the process past the machine's
** memory.
*/
#include <sqlite3.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3_mem_methods defaultMem;
static int iFailAt = 0;         /* fail the allocation with this number; 0: none */
static int nAlloc = 0;          /* allocations since the counter was reset */
static int nLive = 0;           /* allocations not yet freed */
static int bFailed = 0;         /* an allocation failed in this run */

static void *oom_malloc(int n){
  void *p;
  nAlloc++;
  if( iFailAt>0 && nAlloc>=iFailAt ){ bFailed = 1; return 0; }
  p = defaultMem.xMalloc(n);
  if( p ) nLive++;
  return p;
}
static void oom_free(void *p){
  if( p ) nLive--;
  defaultMem.xFree(p);
}
static void *oom_realloc(void *p, int n){
  void *pNew;
  nAlloc++;
  if( iFailAt>0 && nAlloc>=iFailAt ){ bFailed = 1; return 0; }
  pNew = defaultMem.xRealloc(p, n);
  if( pNew && !p ) nLive++;
  return pNew;
}
static int oom_size(void *p){ return defaultMem.xSize(p); }
static int oom_roundup(int n){ return defaultMem.xRoundup(n); }
static int oom_init(void *p){ return defaultMem.xInit(p); }
static void oom_shutdown(void *p){ defaultMem.xShutdown(p); }

/* A query and what it needs first (setup runs without failures). */
static const struct {
  const char *zName;
  const char *zSetup;
  const char *zSql;
} aQuery[] = {
  { "digests: every column of one sample digest", 0,
    "SELECT count(*), sum(length(title)), sum(length(abstract)),"
    " group_concat(paper_id, ''), group_concat(links, ''), group_concat(label),"
    " group_concat(digest_date), sum(position), sum(line)"
    " FROM digests('tests/data/digests/004_facf3843ccacead3.txt', 2025)" },
  { "digests: the bad-input folder", 0,
    "SELECT count(*), group_concat(title, '|'), group_concat(abstract, '|'),"
    " group_concat(paper_id, '') FROM digests('tests/data/bad')" },
  { "digest_problems: the bad-input folder", 0,
    "SELECT group_concat(digest || ':' || ifnull(line, '') || ':' || problem, '|')"
    " FROM digest_problems('tests/data/bad')" },
  { "digests: strict error", 0,
    "SELECT count(*) FROM digests('tests/data/bad/no_abstract.txt', NULL, 0, 1)" },
  { "digests: created table with options, date range, recursive", 0,
    "CREATE VIRTUAL TABLE temp.t USING digests(path='tests/data/unicode', recursive=1);"
    "SELECT count(*), group_concat(paper_id) FROM t WHERE digest_date >= '2025-03-18'" },
  { "tokenize: stem, stopwords, Unicode", 0,
    "SELECT tokenize('The Café ＬＬＭ models are quantized: 3.18times {O}(Klog N) 大規模', 'stem stopwords'),"
    " tokenize('x y z')" },
  { "tokenize and tokens: NFKC forms that hold several tokens", 0,
    "SELECT tokenize('⑴ ½ ﷺ 5㎏ ｶﾀｶﾅ the ㏂ models', 'stem stopwords'),"
    " (SELECT group_concat(token || position || start || \"end\") FROM tokens('⑴ ½ ﷺ x'))" },
  { "tokens: rows over one abstract", 0,
    "SELECT count(*), group_concat(token), sum(start), sum(\"end\") FROM digests('tests/data/digests/004_facf3843ccacead3.txt') d,"
    " tokens(d.abstract, 'stem') WHERE d.position <= 2" },
  { "tags and tag_matches: built-in taxonomy", 0,
    "SELECT group_concat(tags(abstract), '|') FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position <= 3;"
    "SELECT group_concat(tag || phrase || start || \"end\") FROM tag_matches('KV cache for LLM serving with 4-bit quantization')" },
  { "tags: a user taxonomy", "CREATE TABLE tax(tag, phrase); INSERT INTO tax VALUES ('a','house cat'),('b','dog'),('c',NULL);",
    "SELECT tags('my house cats and dogs', 'tax'), (SELECT count(*) FROM tag_problems('tax'))" },
  { "keywords: one abstract", 0,
    "SELECT keywords(abstract, 5) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position = 2" },
  { "fts5 tokenizer papers: build and query", 0,
    "CREATE VIRTUAL TABLE temp.ft USING fts5(x, tokenize='papers stem');"
    "INSERT INTO ft SELECT abstract FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE position <= 5;"
    "SELECT count(*), group_concat(highlight(ft, 0, '[', ']'), '') FROM ft WHERE ft MATCH 'diffusion'" },
  { "similarity: two abstracts", 0,
    "SELECT printf('%.9f', similarity(a.abstract, b.abstract)), printf('%.9f', similarity(a.abstract, a.abstract))"
    " FROM digests('tests/data/digests/004_facf3843ccacead3.txt') a, digests('tests/data/digests/004_facf3843ccacead3.txt') b"
    " WHERE a.position = 1 AND b.position = 2" },
  { "similar_to: index build and top-5 query", 0,
    "SELECT group_concat(paper_id || ':' || printf('%.9f', score), ' ') FROM (SELECT paper_id, score"
    " FROM digests('tests/data/digests/004_facf3843ccacead3.txt') WHERE similar_to = 'diffusion models for image generation' LIMIT 5)" },
  { "similar_to: created table, reused index, date filter, every paper", 0,
    "CREATE VIRTUAL TABLE temp.p USING digests(path='tests/data/digests/004_facf3843ccacead3.txt', year=2025);"
    "SELECT title FROM p WHERE similar_to = 'KV cache compression' LIMIT 1;"
    "SELECT count(*), printf('%.6f', sum(score)) FROM p WHERE similar_to = 'speculative decoding' AND digest_date = '2025-03-12'" },
  { "similar_to: the saved index read lazily and loaded whole",
    "CREATE VIRTUAL TABLE temp.s USING digests(path='tests/data/dups');"
    "SELECT count(*) FROM (SELECT 1 FROM s WHERE similar_to = 'x' LIMIT 1);"
    "INSERT INTO s(s) VALUES('merge');",
    "SELECT group_concat(paper_id || ':' || printf('%.9f', score), ' ') FROM (SELECT paper_id, score"
    " FROM s WHERE similar_to = 'diffusion models for image generation' LIMIT 5);"
    "SELECT count(*), printf('%.6f', sum(score)) FROM s WHERE similar_to = 'diffusion';" },
  { "similar_to: the saved index saved, merged and checked",
    "CREATE VIRTUAL TABLE temp.s USING digests(path='tests/data/dups');",
    "SELECT count(*) FROM (SELECT 1 FROM s WHERE similar_to = 'x' LIMIT 1);"
    "INSERT INTO s(s) VALUES('merge');"
    "INSERT INTO s(s) VALUES('integrity-check');" },
  { "similar_to: the saved index updated after a file changed",
    "CREATE VIRTUAL TABLE temp.u USING digests(path='tests/data/dups');"
    "SELECT count(*) FROM (SELECT 1 FROM u WHERE similar_to = 'x' LIMIT 1);"
    "UPDATE u_files SET mtime = mtime + 1 WHERE id = 1;"
    "UPDATE u_config SET v = v + 1 WHERE k = 'generation';",
    "SELECT group_concat(paper_id || ':' || printf('%.9f', score), ' ') FROM (SELECT paper_id, score"
    " FROM u WHERE similar_to = 'speculative decoding' LIMIT 3);" },
  { "paper_duplicates: over a created table, band hashes saved",
    "CREATE VIRTUAL TABLE temp.dt USING digests(path='tests/data/dups');",
    "SELECT paper_id_a, paper_id_b, printf('%.9f', similarity) FROM paper_duplicates('dt', 0.5);"
    "SELECT count(*) FROM dt_minhash" },
  { "paper_duplicates: the near-copy fixture", 0,
    "SELECT paper_id_a, paper_id_b, title_a, title_b, printf('%.9f', similarity) FROM paper_duplicates('tests/data/dups', 0.5)" },
  { "digests: glob and digest = ?", 0,
    "SELECT count(*), group_concat(title) FROM digests('tests/data/tree/*.txt')"
    " WHERE digest = 'a.txt'" },
};

/* The answer is kept in libc memory, out of reach of the failing allocator. */
typedef struct Out Out;
struct Out { char *z; size_t n; };
static void out_append(Out *p, const char *zFmt, ...){
  va_list ap;
  char buf[512];
  size_t k;
  va_start(ap, zFmt);
  k = (size_t)vsnprintf(buf, sizeof(buf), zFmt, ap);
  va_end(ap);
  if( k>=sizeof(buf) ){
    char *zBig = malloc(k+1);
    va_start(ap, zFmt);
    vsnprintf(zBig, k+1, zFmt, ap);
    va_end(ap);
    p->z = realloc(p->z, p->n + k + 1);
    memcpy(p->z + p->n, zBig, k+1);
    free(zBig);
  }else{
    p->z = realloc(p->z, p->n + k + 1);
    memcpy(p->z + p->n, buf, k+1);
  }
  p->n += k;
}

/* Run zSql; the answer is every row's columns joined, or the error. */
static int run_sql(sqlite3 *db, const char *zSql, char **pzOut){
  Out out = {0, 0}, *s = &out;
  const char *zTail = zSql;
  int rc = SQLITE_OK;
  while( rc==SQLITE_OK && zTail && zTail[0] ){
    sqlite3_stmt *pStmt = 0;
    rc = sqlite3_prepare_v2(db, zTail, -1, &pStmt, &zTail);
    if( rc!=SQLITE_OK || pStmt==0 ) break;
    while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
      int i;
      for(i=0; i<sqlite3_column_count(pStmt); i++){
        const char *z = (const char*)sqlite3_column_text(pStmt, i);
        if( z==0 && sqlite3_errcode(db)==SQLITE_NOMEM ){ rc = SQLITE_NOMEM; break; }
        out_append(s, "%s|", z ? z : "NULL");
      }
      if( rc==SQLITE_NOMEM ) break;
      out_append(s, "\n");
    }
    if( rc==SQLITE_DONE ) rc = SQLITE_OK;
    if( rc!=SQLITE_OK ){
      int rc2 = sqlite3_errcode(db);
      out_append(s, "error %d: %s", rc2, sqlite3_errmsg(db));
      if( rc==SQLITE_NOMEM || rc2==SQLITE_NOMEM ) rc = SQLITE_NOMEM;
    }
    sqlite3_finalize(pStmt);
  }
  if( rc!=SQLITE_OK && rc!=SQLITE_NOMEM && sqlite3_errcode(db)==SQLITE_NOMEM ) rc = SQLITE_NOMEM;
  if( out.z==0 ) out_append(s, "%s", "");
  *pzOut = out.z;
  return rc;
}

/* The extension's entry point, run by SQLite for every new connection. */
static void load_once(const char *zExt){
  void *h = dlopen(zExt, RTLD_NOW|RTLD_LOCAL);
  void *pInit = h ? dlsym(h, "sqlite3_papers_init") : 0;
  if( pInit==0 ){ fprintf(stderr, "load %s: %s\n", zExt, dlerror()); exit(1); }
  /* The cast is how SQLite's own auto_extension API takes an entry point. */
  if( sqlite3_auto_extension((void(*)(void))pInit)!=SQLITE_OK ){
    fprintf(stderr, "sqlite3_auto_extension failed\n");
    exit(1);
  }
}

static sqlite3 *open_db(void){
  sqlite3 *db = 0;
  if( sqlite3_open(":memory:", &db)!=SQLITE_OK ){
    fprintf(stderr, "open failed: %s\n", db ? sqlite3_errmsg(db) : "no memory");
    exit(1);
  }
  return db;
}

int main(int argc, char **argv){
  sqlite3_mem_methods m;
  size_t q;
  int nFail = 0;
  if( argc<2 ){ fprintf(stderr, "usage: %s EXTENSION [FILTER]\n", argv[0]); return 2; }
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &defaultMem);
  m = defaultMem;
  m.xMalloc = oom_malloc;  m.xFree = oom_free;  m.xRealloc = oom_realloc;
  m.xSize = oom_size;  m.xRoundup = oom_roundup;  m.xInit = oom_init;
  m.xShutdown = oom_shutdown;
  sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
  /* No lookaside, so that every small allocation goes through the wrapper. */
  sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
  sqlite3_initialize();
  load_once(argv[1]);

  for(q=0; q<sizeof(aQuery)/sizeof(aQuery[0]); q++){
    const char *zName = aQuery[q].zName;
    char *zWant = 0, *zWhy = 0;
    int n, rc;
    sqlite3 *db;
    if( argc>2 && strstr(zName, argv[2])==0 ) continue;
    db = open_db();
    if( aQuery[q].zSetup ){ char *z; run_sql(db, aQuery[q].zSetup, &z); free(z); }
    rc = run_sql(db, aQuery[q].zSql, &zWant);
    sqlite3_close(db);
    for(n=(getenv("OOM_N")?atoi(getenv("OOM_N")):1); zWhy==0; n++){
      char *zGot = 0;
      int nLiveBefore = nLive;
      db = open_db();
      if( aQuery[q].zSetup ){ char *z; run_sql(db, aQuery[q].zSetup, &z); free(z); }
      nAlloc = 0;  bFailed = 0;  iFailAt = n;
      rc = run_sql(db, aQuery[q].zSql, &zGot);
      iFailAt = 0;
      sqlite3_close(db);
      if( rc==SQLITE_NOMEM ){
        if( !bFailed ) zWhy = sqlite3_mprintf("N=%d: NOMEM with no failed allocation", n);
      }else if( bFailed && strncmp(zWant, "error ", 6)==0
             && strncmp(zGot, zWant, strcspn(zWant, ":")+1)==0 ){
        /* The expected error, whose message SQLite itself could not copy
        ** (sqlite3VdbeTransferError allocates): the right outcome. */
      }else if( zGot==0 || strcmp(zGot, zWant)!=0 ){
        zWhy = sqlite3_mprintf("N=%d: wrong answer (rc=%d)\n  got:  %.300s\n  want: %.300s",
                               n, rc, zGot ? zGot : "(null)", zWant);
      }
      free(zGot);
      if( zWhy==0 && nLive!=nLiveBefore ){
        zWhy = sqlite3_mprintf("N=%d: %d allocations leaked", n, nLive - nLiveBefore);
      }
      if( !bFailed ) break;          /* the whole query ran below N: done */
    }
    if( zWhy ){ printf("not ok out of memory: %s: %s\n", zName, zWhy); nFail++; }
    else printf("ok out of memory: %s (%d failure points)\n", zName, n-1);
    sqlite3_free(zWhy);
    free(zWant);
  }
  return 0;
}
