/*
** threads.c: several threads, each with its own connection, load the
** extension and run every query of aQuery over the same folder at once,
** several times, and check each answer against the one computed alone
** first. Built with clang -fsanitize=thread from the extension's sources
** (-DSQLITE_CORE) by `make build/threads`, so ThreadSanitizer sees every
** shared state in the extension (stemmers, matchers, caches, the
** similarity index of each connection).
**
** Each connection also has a created digests table of its own (temp.saved),
** whose similarity index is saved in its temp schema and read back.
**
** It also checks that a similar_to index built on two threads (a serialised
** connection) gives the same scores, to the last digit, as one built on one
** thread (a connection opened with SQLITE_OPEN_NOMUTEX).
**
**   build/threads [NTHREADS [ROUNDS]]    prints "ok ..." / "not ok ..."
*/
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sqlite3_papers_init(sqlite3*, char**, const sqlite3_api_routines*);

static const char *const aQuery[] = {
  "SELECT count(*), count(DISTINCT paper_id), sum(length(abstract)),"
  " group_concat(links, '') FROM digests('tests/data/digests', 2025)",
  "SELECT group_concat(digest || line || problem) FROM digest_problems('tests/data/bad')",
  "SELECT count(*) FROM digests('tests/data/digests') WHERE digest = '004_facf3843ccacead3.txt'",
  "SELECT group_concat(tokenize(abstract, 'stem stopwords'), '') FROM digests('tests/data/digests/004_facf3843ccacead3.txt')",
  "SELECT group_concat(tags(abstract), '') FROM digests('tests/data/digests/002_3d259bad9ce0d81d.txt')",
  "SELECT group_concat(keywords(abstract, 3), '') FROM digests('tests/data/digests/004_facf3843ccacead3.txt')",
  "SELECT count(*), sum(start) FROM digests('tests/data/digests/001_ab2a4a745e152e11.txt') d, tag_matches(d.abstract)",
  "SELECT printf('%.9f', sum(similarity(a.abstract, b.abstract))) FROM digests('tests/data/digests/004_facf3843ccacead3.txt') a,"
  " digests('tests/data/digests/004_facf3843ccacead3.txt') b WHERE a.position <= 5 AND b.position <= 5",
  "SELECT group_concat(paper_id || printf('%.9f', score)) FROM (SELECT paper_id, score FROM digests('tests/data/digests')"
  " WHERE similar_to = 'quantization of large language models' LIMIT 5)",
  "SELECT group_concat(paper_id_a || paper_id_b || printf('%.9f', similarity)) FROM paper_duplicates('tests/data/digests')",
  /* the saved index of each connection's own created table (temp.saved) */
  "SELECT group_concat(paper_id || printf('%.9f', score)) FROM (SELECT paper_id, score FROM saved"
  " WHERE similar_to = 'kv cache compression' LIMIT 5)",
  "INSERT INTO saved(saved) VALUES('merge')",
  "SELECT group_concat(paper_id_a || paper_id_b || printf('%.9f', similarity)) FROM paper_duplicates('saved')",
};
#define NQUERY ((int)(sizeof(aQuery)/sizeof(aQuery[0])))

static char *azWant[NQUERY];
static int nRounds = 5;

static char *answer(sqlite3 *db, const char *zSql){
  sqlite3_stmt *p = 0;
  char *z = 0;
  if( sqlite3_prepare_v2(db, zSql, -1, &p, 0)!=SQLITE_OK ){
    return strdup(sqlite3_errmsg(db));
  }
  if( sqlite3_step(p)==SQLITE_ROW ){
    sqlite3_str *s = sqlite3_str_new(0);
    int i;
    for(i=0; i<sqlite3_column_count(p); i++){
      const char *v = (const char*)sqlite3_column_text(p, i);
      sqlite3_str_appendf(s, "%s|", v ? v : "NULL");
    }
    {
      char *zs = sqlite3_str_finish(s);
      z = strdup(zs ? zs : "");
      sqlite3_free(zs);
    }
  }else{
    z = strdup(sqlite3_errmsg(db));
  }
  sqlite3_finalize(p);
  return z;
}

static sqlite3 *open_db_flags(int flags){
  sqlite3 *db = 0;
  char *zErr = 0;
  if( sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE|flags, 0)!=SQLITE_OK ){
    sqlite3_close(db);
    return 0;
  }
  if( sqlite3_papers_init(db, &zErr, 0)!=SQLITE_OK
   || sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.saved USING digests(path='tests/data/digests')",
                   0, 0, 0)!=SQLITE_OK ){
    sqlite3_close(db);
    return 0;
  }
  return db;
}

static sqlite3 *open_db(void){ return open_db_flags(0); }

/* Every paper's score for one query, from an index built on two threads and
** from one built on one. */
static void check_one_thread_build(void){
  static const char *zAll = "SELECT count(*), group_concat(paper_id || printf(' %.17g', score), ',')"
    " FROM digests('tests/data/digests') WHERE similar_to = 'efficient attention for long context'";
  sqlite3 *db2 = open_db_flags(SQLITE_OPEN_FULLMUTEX), *db1 = open_db_flags(SQLITE_OPEN_NOMUTEX);
  char *z2 = db2 ? answer(db2, zAll) : strdup("cannot open");
  char *z1 = db1 ? answer(db1, zAll) : strdup("cannot open");
  if( strcmp(z1, z2)==0 && strncmp(z1, "381|", 4)==0 ){
    printf("ok an index built on one thread and one built on two give the same 381 scores\n");
  }else{
    printf("not ok one-thread and two-thread builds differ: %.80s / %.80s\n", z1, z2);
  }
  free(z1);
  free(z2);
  sqlite3_close(db1);
  sqlite3_close(db2);
}

static void *worker(void *pArg){
  long iThread = (long)pArg;
  long nBad = 0;
  int r, q;
  sqlite3 *db = open_db();
  if( db==0 ) return (void*)1L;
  for(r=0; r<nRounds; r++){
    for(q=0; q<NQUERY; q++){
      int k = (q + (int)iThread) % NQUERY;       /* threads start on different queries */
      char *z = answer(db, aQuery[k]);
      if( strcmp(z, azWant[k])!=0 ){
        fprintf(stderr, "thread %ld query %d: %.200s\n", iThread, k, z);
        nBad++;
      }
      free(z);
    }
  }
  sqlite3_close(db);
  return (void*)nBad;
}

int main(int argc, char **argv){
  int nThread = argc>1 ? atoi(argv[1]) : 4;
  pthread_t aT[64];
  long nBad = 0;
  int i;
  sqlite3 *db;
  if( argc>2 ) nRounds = atoi(argv[2]);
  if( nThread<1 || nThread>64 ) nThread = 4;
  db = open_db();
  if( db==0 ){ printf("not ok threads: cannot open\n"); return 0; }
  for(i=0; i<NQUERY; i++) azWant[i] = answer(db, aQuery[i]);
  sqlite3_close(db);
  for(i=0; i<nThread; i++) pthread_create(&aT[i], 0, worker, (void*)(long)i);
  for(i=0; i<nThread; i++){
    void *pRes;
    pthread_join(aT[i], &pRes);
    nBad += (long)pRes;
  }
  if( nBad ) printf("not ok %d threads, %d queries each: %ld wrong answers\n", nThread, nRounds*NQUERY, nBad);
  else printf("ok %d threads with their own connections, %d queries each, same answers\n",
              nThread, nRounds*NQUERY);
  for(i=0; i<NQUERY; i++) free(azWant[i]);
  check_one_thread_build();
  return 0;
}
