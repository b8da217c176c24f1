/*
** tagging.c: keyword tagging with a taxonomy of (tag, phrase) rows.
**
**   paper_tags(title, abstract [, taxonomy]) -> TEXT, JSON array of the
**                                         tags the paper is about
**   tags(text [, taxonomy])            -> TEXT, the same for one text
**   SELECT * FROM tag_evidence(title, abstract [, taxonomy])
**       -- tag, about, score, in_title, in_first_sentence, in_contribution,
**       -- mentions, negated, setting, introduced: the rule's evidence
**   SELECT tag, phrase, start, end FROM tag_matches(text [, taxonomy])
**   SELECT tag, phrase FROM paper_taxonomy          -- the built-in taxonomy
**   SELECT tag, phrase, problem FROM tag_problems(taxonomy)
**
** `taxonomy` names a table or view (optionally schema.table) with columns
** `tag` and `phrase`; without it the built-in taxonomy (ext/tagging/taxonomy.inc)
** is used. Phrases match on token boundaries after the shared
** normalisation and inflection folding, with the qualifiers a phrase
** carries, through an Aho-Corasick automaton over token ids (matcher.c),
** so the cost per text does not grow with the number of phrases; which
** tags a paper is about is decided from the matches' evidence
** (aboutness.c).
**
** Caching: the built-in matcher is compiled once per connection, on first
** use. A user taxonomy's matcher is compiled once per statement (kept as
** auxdata on the constant taxonomy argument), so a statement reuses it for
** every row, and the next statement sees any change to the table. Rows
** whose tag or phrase is NULL or empty, or whose phrase has no token, are
** skipped; tag_problems(taxonomy) lists them.
**
** Who may read a taxonomy: tags(text) and paper_taxonomy use only the
** built-in data: pure, SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS, safe in
** views, triggers, indexes and generated columns. Every form that takes a
** taxonomy name (tags(text, taxonomy), and the tables tag_matches and
** tag_problems, which take one) runs a query of its own on the named table
** or view, and SQLite sees that query as the application's own: called
** from a view or trigger, it would reach what the view could not (a
** SQLITE_VTAB_DIRECTONLY table, a temp or attached table). So those forms
** are direct-only (SQLITE_DIRECTONLY, SQLITE_VTAB_DIRECTONLY): only SQL
** that the application prepares, or a TEMP view or trigger of its own, may
** call them. A taxonomy read that would start while another is under way
** (a taxonomy view that names a taxonomy in turn, or itself) is refused
** with an error: that recursion would otherwise exhaust the stack.
*/
#include "common.h"
#include "matcher.h"
#include "aboutness.h"
SQLITE_EXTENSION_INIT3

#include <stdarg.h>
#include <string.h>

static const struct { const char *zTag, *zPhrase; } aBuiltin[] = {
#define TAG(t, p) { t, p },
#include "taxonomy.inc"
#undef TAG
};
#define N_BUILTIN ((int)(sizeof(aBuiltin)/sizeof(aBuiltin[0])))

/* Per-connection state, shared by the functions and tables of this file. */
typedef struct TagConn TagConn;
struct TagConn {
  PapersMatcher *pBuiltin;       /* compiled on first use */
  PapersTokenizer *pRaw;         /* default options: phrases and texts */
  int bReading;                  /* a taxonomy is being read (read_taxonomy) */
};

static void tagconn_free(void *p){
  TagConn *c = (TagConn*)p;
  papers_matcher_free(c->pBuiltin);
  papers_tokenizer_free(c->pRaw);
  sqlite3_free(c);
}

/* Makes the tokenizer of c on first use. */
static int tagconn_tokenizer(TagConn *c){
  PapersTokOptions o;
  if( c->pRaw ) return SQLITE_OK;
  memset(&o, 0, sizeof(o));
  return papers_tokenizer_new(&o, &c->pRaw);
}

/* The built-in matcher, compiled on first use. Its rows are ours and a test
** checks them (tag_problems over paper_taxonomy), but whoever edits
** taxonomy.inc next gets the row named, not "unknown error", if one cannot
** be read. On an error *pzErr says why (sqlite3_malloc'd). */
static int builtin_matcher(TagConn *c, PapersMatcher **pp, char **pzErr){
  int rc = tagconn_tokenizer(c);
  if( rc==SQLITE_OK && c->pBuiltin==0 ){
    PapersMatcher *m = 0;
    int i;
    rc = papers_matcher_new(&m);
    for(i=0; rc==SQLITE_OK && i<N_BUILTIN; i++){
      rc = papers_matcher_add(m, c->pRaw, aBuiltin[i].zTag, aBuiltin[i].zPhrase);
      if( rc==SQLITE_EMPTY || rc==SQLITE_FORMAT ){
        *pzErr = sqlite3_mprintf("built-in taxonomy, row %d (%s: %s): %s", i+1,
                                 aBuiltin[i].zTag, aBuiltin[i].zPhrase,
                                 rc==SQLITE_EMPTY ? "phrase has no token" : "bad qualifier");
        rc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
      }
    }
    if( rc==SQLITE_OK ) rc = papers_matcher_build(m, 0, 0);
    if( rc==SQLITE_OK ) c->pBuiltin = m;
    else papers_matcher_free(m);
  }
  *pp = c->pBuiltin;
  return rc;
}

/* Callback for each row of a user taxonomy: a problem (zProblem) or a row
** to add (zProblem NULL). A problem that makes the row unreadable as
** written (a NUL byte inside the tag or the phrase, which a C string would
** cut short: 'kv'||char(0)||'cache' is not "kv") comes with bFatal set:
** the matcher refuses the taxonomy, tag_problems lists the row. */
typedef int (*TaxonomyRowFn)(void *pCtx, const char *zTag, const char *zPhrase,
                             const char *zProblem, int bFatal);

/* Read the taxonomy table zName (schema.table or table) of db, row by row.
** On an error *pzErr says why (sqlite3_malloc'd). */
static int read_taxonomy(sqlite3 *db, const char *zName, TagConn *c,
                         void *pCtx, TaxonomyRowFn xRow, char **pzErr){
  const char *zDot = strchr(zName, '.');
  char *zSql;
  sqlite3_stmt *pStmt = 0;
  int rc;
  if( c->bReading ){
    *pzErr = sqlite3_mprintf("taxonomy '%s': a taxonomy is being read already;"
                             " a taxonomy may not itself read a taxonomy", zName);
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  if( zDot ){
    char *zSchema = sqlite3_mprintf("%.*s", (int)(zDot-zName), zName);
    if( zSchema==0 ) return SQLITE_NOMEM;
    zSql = sqlite3_mprintf("SELECT tag, phrase FROM \"%w\".\"%w\"", zSchema, zDot+1);
    sqlite3_free(zSchema);
  }else{
    zSql = sqlite3_mprintf("SELECT tag, phrase FROM \"%w\"", zName);
  }
  if( zSql==0 ) return SQLITE_NOMEM;
  /* Preparing runs the taxonomy's view definitions, and stepping runs
  ** their functions: a view that names itself as a taxonomy comes back
  ** here, and is refused above. */
  c->bReading = 1;
  rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, 0);
  sqlite3_free(zSql);
  if( rc!=SQLITE_OK ){
    *pzErr = sqlite3_mprintf("taxonomy '%s': %s", zName, sqlite3_errmsg(db));
    c->bReading = 0;
    return rc==SQLITE_NOMEM ? rc : SQLITE_ERROR;
  }
  rc = tagconn_tokenizer(c);
  while( rc==SQLITE_OK && sqlite3_step(pStmt)==SQLITE_ROW ){
    const char *zTag = (const char*)sqlite3_column_text(pStmt, 0);
    int nTag = sqlite3_column_bytes(pStmt, 0);
    const char *zPhrase = (const char*)sqlite3_column_text(pStmt, 1);
    int nPhrase = sqlite3_column_bytes(pStmt, 1);
    if( (zTag==0 && sqlite3_column_type(pStmt, 0)!=SQLITE_NULL)
     || (zPhrase==0 && sqlite3_column_type(pStmt, 1)!=SQLITE_NULL) ){
      rc = SQLITE_NOMEM;
    }else if( zTag==0 || zTag[0]==0 ){
      rc = xRow(pCtx, zTag, zPhrase, zTag ? "empty tag" : "NULL tag", 0);
    }else if( zPhrase==0 || zPhrase[0]==0 ){
      rc = xRow(pCtx, zTag, zPhrase, zPhrase ? "empty phrase" : "NULL phrase", 0);
    }else if( (int)strlen(zTag)!=nTag ){
      rc = xRow(pCtx, zTag, zPhrase, "tag holds a NUL byte", 1);
    }else if( (int)strlen(zPhrase)!=nPhrase ){
      rc = xRow(pCtx, zTag, zPhrase, "phrase holds a NUL byte", 1);
    }else{
      rc = xRow(pCtx, zTag, zPhrase, 0, 0);
    }
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_finalize(pStmt);
    if( rc!=SQLITE_OK ){
      *pzErr = sqlite3_mprintf("taxonomy '%s': %s", zName, sqlite3_errmsg(db));
    }
  }else{
    sqlite3_finalize(pStmt);
    if( rc==SQLITE_CONSTRAINT ){
      *pzErr = sqlite3_mprintf("taxonomy '%s': a tag or phrase holds a NUL byte"
                               " (tag_problems('%s') lists the rows)", zName, zName);
      rc = SQLITE_ERROR;
    }
  }
  c->bReading = 0;
  return rc;
}

typedef struct BuildCtx BuildCtx;
struct BuildCtx { PapersMatcher *m; TagConn *c; };

static int build_row(void *pCtx, const char *zTag, const char *zPhrase,
                     const char *zProblem, int bFatal){
  BuildCtx *b = (BuildCtx*)pCtx;
  int rc;
  if( bFatal ) return SQLITE_CONSTRAINT;  /* read_taxonomy says why */
  if( zProblem ) return SQLITE_OK;      /* skipped; tag_problems() lists it */
  rc = papers_matcher_add(b->m, b->c->pRaw, zTag, zPhrase);
  /* no token, or qualifiers that cannot be read: skipped, tag_problems()
  ** lists the row */
  return rc==SQLITE_EMPTY || rc==SQLITE_FORMAT ? SQLITE_OK : rc;
}

/* Taxonomy names come from SQL values: one with a NUL byte inside would
** be read cut short, so it is refused. SQLITE_OK, or the error in *pzErr. */
static int check_name(sqlite3_value *v, const char **pzName, char **pzErr){
  const char *z = (const char*)sqlite3_value_text(v);
  *pzName = z;
  if( z==0 ) return SQLITE_NOMEM;
  if( (int)strlen(z)!=sqlite3_value_bytes(v) ){
    *pzErr = sqlite3_mprintf("taxonomy name holds a NUL byte");
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

static int user_matcher(sqlite3 *db, TagConn *c, const char *zName,
                        PapersMatcher **pp, char **pzErr){
  BuildCtx b;
  sqlite3_stmt *pPoll = 0;
  int rc;
  *pp = 0;
  b.c = c;
  rc = papers_matcher_new(&b.m);
  if( rc==SQLITE_OK ) rc = read_taxonomy(db, zName, c, &b, build_row, pzErr);
  if( rc==SQLITE_OK ) rc = papers_poll_open(db, &pPoll);
  if( rc==SQLITE_OK ) rc = papers_matcher_build(b.m, papers_poll, pPoll);
  sqlite3_finalize(pPoll);
  if( rc==SQLITE_INTERRUPT && *pzErr==0 ){
    *pzErr = sqlite3_mprintf("taxonomy '%s': interrupted", zName);
    if( *pzErr==0 ) rc = SQLITE_NOMEM;
  }
  if( rc!=SQLITE_OK ){
    papers_matcher_free(b.m);
    return rc;
  }
  *pp = b.m;
  return SQLITE_OK;
}

/* The matcher for a call whose taxonomy argument, if any, is argv[iTax]:
** the built-in one, or the user's, cached on the argument. NULL with the
** error set on ctx. */
static PapersMatcher *matcher_for(sqlite3_context *ctx, const char *zFunc,
                                  int argc, sqlite3_value **argv, int iTax){
  TagConn *c = (TagConn*)sqlite3_user_data(ctx);
  PapersMatcher *m = 0;
  char *zErr = 0;
  int rc;
  if( argc<=iTax || sqlite3_value_type(argv[iTax])==SQLITE_NULL ){
    rc = builtin_matcher(c, &m, &zErr);
  }else{
    const char *zName;
    m = (PapersMatcher*)sqlite3_get_auxdata(ctx, iTax);
    if( m ) return m;
    rc = check_name(argv[iTax], &zName, &zErr);
    if( rc==SQLITE_OK ) rc = user_matcher(sqlite3_context_db_handle(ctx), c, zName, &m, &zErr);
    if( rc==SQLITE_OK ){
      sqlite3_set_auxdata(ctx, iTax, m, (void(*)(void*))papers_matcher_free);
      m = (PapersMatcher*)sqlite3_get_auxdata(ctx, iTax);
      if( m==0 ) rc = SQLITE_NOMEM;      /* set_auxdata failed and freed it */
    }
  }
  if( rc!=SQLITE_OK ){
    if( zErr ){
      char *zMsg = sqlite3_mprintf("%s: %s", zFunc, zErr);
      sqlite3_result_error(ctx, zMsg ? zMsg : zErr, -1);
      if( rc!=SQLITE_ERROR ) sqlite3_result_error_code(ctx, rc);
      sqlite3_free(zMsg);
      sqlite3_free(zErr);
    }else{
      sqlite3_result_error_code(ctx, rc);
    }
    return 0;
  }
  return m;
}

/* The text of argument v, or NULL (for NULL); *pn its length. *pbOom is
** set when SQLite could not make the text. */
static const char *arg_text(sqlite3_value *v, int *pn, int *pbOom){
  const char *z = (const char*)sqlite3_value_text(v);
  *pn = sqlite3_value_bytes(v);
  if( z==0 && sqlite3_value_type(v)!=SQLITE_NULL ) *pbOom = 1;
  return z;
}

/* The result of tags() and paper_tags(): the tags the paper is about, as a
** JSON array in the order of their first counting match (the title's
** first), from the JSON strings the matcher keeps ready. */
static void about_result(sqlite3_context *ctx, PapersMatcher *m, TagConn *c,
                         const char *zTitle, int nTitle,
                         const char *zAbstract, int nAbstract){
  PapersEvidence *aEv = 0;
  int nEv = 0, rc, i, nAbout = 0;
  char *zOut;
  sqlite3_int64 nOut = 2;        /* "[]" */
  rc = tagconn_tokenizer(c);
  if( rc==SQLITE_OK ){
    rc = papers_about(m, c->pRaw, zTitle, nTitle, zAbstract, nAbstract, &aEv, &nEv);
  }
  if( rc!=SQLITE_OK ){
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  for(i=0; i<nEv; i++){
    int nJson;
    if( !aEv[i].bAbout ) continue;
    papers_matcher_tag_json(m, aEv[i].iTagId, &nJson);
    nOut += nJson + 1;
  }
  zOut = sqlite3_malloc64(nOut);
  if( zOut==0 ){
    sqlite3_free(aEv);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  nOut = 0;
  zOut[nOut++] = '[';
  for(i=0; i<nEv; i++){
    int nJson;
    const char *zJson;
    if( !aEv[i].bAbout ) continue;
    zJson = papers_matcher_tag_json(m, aEv[i].iTagId, &nJson);
    if( nAbout++>0 ) zOut[nOut++] = ',';
    memcpy(zOut+nOut, zJson, nJson);
    nOut += nJson;
  }
  zOut[nOut++] = ']';
  sqlite3_free(aEv);
  sqlite3_result_text64(ctx, zOut, nOut, sqlite3_free, SQLITE_UTF8);
  sqlite3_result_subtype(ctx, 'J');
}

/* tags(text [, taxonomy]): the text read as an abstract with no title. */
static void tags_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  PapersMatcher *m;
  const char *z;
  int n, bOom = 0;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return;
  m = matcher_for(ctx, "tags", argc, argv, 1);
  if( m==0 ) return;
  z = arg_text(argv[0], &n, &bOom);
  if( bOom ){ sqlite3_result_error_nomem(ctx); return; }
  about_result(ctx, m, (TagConn*)sqlite3_user_data(ctx), 0, 0, z, n);
}

/* paper_tags(title, abstract [, taxonomy]): NULL when both are NULL. */
static void paper_tags_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  PapersMatcher *m;
  const char *zTitle, *zAbstract;
  int nTitle, nAbstract, bOom = 0;
  if( sqlite3_value_type(argv[0])==SQLITE_NULL && sqlite3_value_type(argv[1])==SQLITE_NULL ){
    return;
  }
  m = matcher_for(ctx, "paper_tags", argc, argv, 2);
  if( m==0 ) return;
  zTitle = arg_text(argv[0], &nTitle, &bOom);
  zAbstract = arg_text(argv[1], &nAbstract, &bOom);
  if( bOom ){ sqlite3_result_error_nomem(ctx); return; }
  about_result(ctx, m, (TagConn*)sqlite3_user_data(ctx), zTitle, nTitle, zAbstract, nAbstract);
}

/* --------------------------------------------- the tables of this file */

/* Three eponymous tables share one vtab type:
**   tag_matches(text, taxonomy): tag, phrase, start, end
**   tag_problems(taxonomy):      tag, phrase, problem
**   paper_taxonomy:              tag, phrase
** xBestIndex: an equality on each hidden argument column, in order, goes to
** argv (idxNum = number of arguments given); tag_matches needs `text` and
** tag_problems needs `taxonomy`, else SQLITE_CONSTRAINT. */
enum { KIND_MATCHES, KIND_PROBLEMS, KIND_TAXONOMY, KIND_EVIDENCE };

typedef struct TagTab TagTab;
struct TagTab {
  sqlite3_vtab base;
  sqlite3 *db;
  TagConn *c;
  int eKind;
  int nCol;          /* visible columns; hidden arguments follow */
  int nArg;          /* hidden argument columns */
};

typedef struct TagRow TagRow;
struct TagRow {
  char *zTag; char *zPhrase; int iStart, iEnd; char *zProblem;
  PapersEvidence ev;           /* tag_evidence */
};

typedef struct TagCursor TagCursor;
struct TagCursor {
  sqlite3_vtab_cursor base;
  TagRow *aRow;  int nRow, nAlloc, iRow;
  char *zMatcherName;          /* taxonomy of pMatcher, kept across filters */
  PapersMatcher *pMatcher;     /* of a user taxonomy (this statement only) */
};

static int tagtab_connect_kind(sqlite3 *db, void *pAux, int eKind,
                               sqlite3_vtab **ppVtab){
  static const char *const azSchema[] = {
    ("CREATE TABLE x(tag TEXT, phrase TEXT, start INTEGER, \"end\" INTEGER,"
     " text HIDDEN, taxonomy HIDDEN)"),
    "CREATE TABLE x(tag TEXT, phrase TEXT, problem TEXT, taxonomy HIDDEN)",
    "CREATE TABLE x(tag TEXT, phrase TEXT)",
    ("CREATE TABLE x(tag TEXT, about INTEGER, score REAL, in_title INTEGER,"
     " in_first_sentence INTEGER, in_contribution INTEGER, mentions INTEGER,"
     " negated INTEGER, setting INTEGER, introduced INTEGER,"
     " title HIDDEN, abstract HIDDEN, taxonomy HIDDEN)"),
  };
  static const int aCol[] = { 4, 3, 2, 10 }, aArg[] = { 2, 1, 0, 3 };
  TagTab *p;
  int rc = sqlite3_declare_vtab(db, azSchema[eKind]);
  if( rc!=SQLITE_OK ) return rc;
  /* paper_taxonomy is built-in data: safe anywhere. The others read the
  ** taxonomy a caller names: direct-only (see the header comment). */
  rc = sqlite3_vtab_config(db, eKind==KIND_TAXONOMY ? SQLITE_VTAB_INNOCUOUS
                                                    : SQLITE_VTAB_DIRECTONLY);
  if( rc!=SQLITE_OK ) return rc;
  p = sqlite3_malloc64(sizeof(*p));
  if( p==0 ) return SQLITE_NOMEM;
  memset(p, 0, sizeof(*p));
  p->db = db;
  p->c = (TagConn*)pAux;
  p->eKind = eKind;
  p->nCol = aCol[eKind];
  p->nArg = aArg[eKind];
  *ppVtab = &p->base;
  return SQLITE_OK;
}

#define TAGTAB_CONNECT(NAME, KIND) \
  static int NAME(sqlite3 *db, void *pAux, int argc, const char *const*argv, \
                  sqlite3_vtab **ppVtab, char **pzErr){ \
    (void)argc; (void)argv; (void)pzErr; \
    return tagtab_connect_kind(db, pAux, KIND, ppVtab); \
  }
TAGTAB_CONNECT(matches_connect, KIND_MATCHES)
TAGTAB_CONNECT(problems_connect, KIND_PROBLEMS)
TAGTAB_CONNECT(taxonomy_connect, KIND_TAXONOMY)
TAGTAB_CONNECT(evidence_connect, KIND_EVIDENCE)

static int tagtab_disconnect(sqlite3_vtab *p){
  sqlite3_free(p);
  return SQLITE_OK;
}

static int tagtab_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *pInfo){
  TagTab *p = (TagTab*)pVtab;
  int aCon[3] = { -1, -1, -1 }, i, n = 0;
  for(i=0; i<pInfo->nConstraint; i++){
    const struct sqlite3_index_constraint *c = &pInfo->aConstraint[i];
    int iArg = c->iColumn - p->nCol;
    if( iArg<0 || iArg>=p->nArg ) continue;
    if( !c->usable || c->op!=SQLITE_INDEX_CONSTRAINT_EQ ) return SQLITE_CONSTRAINT;
    aCon[iArg] = i;
  }
  if( p->nArg>0 && aCon[0]<0 ) return SQLITE_CONSTRAINT;   /* required */
  for(i=0; i<p->nArg; i++){
    if( aCon[i]<0 ) break;
    pInfo->aConstraintUsage[aCon[i]].argvIndex = ++n;
    pInfo->aConstraintUsage[aCon[i]].omit = 1;
  }
  pInfo->idxNum = n;
  /* tag_evidence(title, abstract): the title may be NULL but not absent */
  if( p->eKind==KIND_EVIDENCE && aCon[1]<0 ) return SQLITE_CONSTRAINT;
  pInfo->estimatedCost = p->eKind==KIND_TAXONOMY ? 1000 : 100;
  pInfo->estimatedRows = p->eKind==KIND_TAXONOMY ? N_BUILTIN : 10;
  return SQLITE_OK;
}

static int tagtab_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCur){
  TagCursor *c = sqlite3_malloc64(sizeof(*c));
  (void)pVtab;
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  *ppCur = &c->base;
  return SQLITE_OK;
}

static void tagcursor_clear(TagCursor *c){
  int i;
  for(i=0; i<c->nRow; i++){
    sqlite3_free(c->aRow[i].zTag);
    sqlite3_free(c->aRow[i].zPhrase);
    sqlite3_free(c->aRow[i].zProblem);
  }
  c->nRow = c->iRow = 0;
}

static int tagtab_close(sqlite3_vtab_cursor *pCur){
  TagCursor *c = (TagCursor*)pCur;
  tagcursor_clear(c);
  sqlite3_free(c->aRow);
  sqlite3_free(c->zMatcherName);
  papers_matcher_free(c->pMatcher);
  sqlite3_free(c);
  return SQLITE_OK;
}

static int tagcursor_add(TagCursor *c, const char *zTag, const char *zPhrase,
                         int iStart, int iEnd, const char *zProblem){
  TagRow *r;
  if( papers_grow(&c->aRow, &c->nAlloc, c->nRow+1, sizeof(TagRow), 16) ) return SQLITE_NOMEM;
  r = &c->aRow[c->nRow];
  memset(r, 0, sizeof(*r));
  r->zTag = zTag ? sqlite3_mprintf("%s", zTag) : 0;
  r->zPhrase = zPhrase ? sqlite3_mprintf("%s", zPhrase) : 0;
  r->zProblem = zProblem ? sqlite3_mprintf("%s", zProblem) : 0;
  c->nRow++;
  if( (zTag && !r->zTag) || (zPhrase && !r->zPhrase) || (zProblem && !r->zProblem) ){
    return SQLITE_NOMEM;
  }
  r->iStart = iStart;
  r->iEnd = iEnd;
  return SQLITE_OK;
}

static int problem_row(void *pCtx, const char *zTag, const char *zPhrase,
                       const char *zProblem, int bFatal){
  TagCursor *c = ((void**)pCtx)[0];
  TagConn *tc = ((void**)pCtx)[1];
  (void)bFatal;                 /* listed like any other problem */
  if( zProblem==0 ){
    /* a phrase with no token can never match */
    PapersMatcher *m = 0;
    int rc = papers_matcher_new(&m);
    if( rc==SQLITE_OK ) rc = papers_matcher_add(m, tc->pRaw, zTag, zPhrase);
    papers_matcher_free(m);
    if( rc==SQLITE_EMPTY ) return tagcursor_add(c, zTag, zPhrase, 0, 0, "phrase has no token");
    if( rc==SQLITE_FORMAT ){
      return tagcursor_add(c, zTag, zPhrase, 0, 0,
          "bad qualifier (use [not after: w, ...], [not before: w, ...], [with: w, ...], [introduced] or [setting])");
    }
    return rc;
  }
  return tagcursor_add(c, zTag, zPhrase, 0, 0, zProblem);
}

/* tag_matches: every match of the text's phrases. */
static int cursor_matches(TagCursor *c, TagTab *p, PapersMatcher *m, sqlite3_value *vText){
  PapersMatch *aMatch = 0;
  int nMatch = 0, n, bOom = 0, rc, i;
  const char *z = arg_text(vText, &n, &bOom);
  if( bOom ) return SQLITE_NOMEM;
  if( z==0 ) return SQLITE_OK;
  rc = papers_matcher_run(m, p->c->pRaw, z, n, &aMatch, &nMatch);
  for(i=0; rc==SQLITE_OK && i<nMatch; i++){
    rc = tagcursor_add(c, papers_matcher_tag(m, aMatch[i].iPattern, 0),
                       papers_matcher_phrase(m, aMatch[i].iPattern),
                       aMatch[i].iStart, aMatch[i].iEnd, 0);
  }
  return rc;
}

/* tag_evidence: a row per tag with a match, with its evidence. */
static int cursor_evidence(TagCursor *c, TagTab *p, PapersMatcher *m,
                           sqlite3_value *vTitle, sqlite3_value *vAbstract){
  PapersEvidence *aEv = 0;
  int nEv = 0, nTitle, nAbstract, bOom = 0, rc, i;
  const char *zTitle = arg_text(vTitle, &nTitle, &bOom);
  const char *zAbstract = arg_text(vAbstract, &nAbstract, &bOom);
  if( bOom ) return SQLITE_NOMEM;
  rc = papers_about(m, p->c->pRaw, zTitle, nTitle, zAbstract, nAbstract, &aEv, &nEv);
  for(i=0; rc==SQLITE_OK && i<nEv; i++){
    rc = tagcursor_add(c, papers_matcher_tag_of(m, aEv[i].iTagId), 0, 0, 0, 0);
    if( rc==SQLITE_OK ) c->aRow[c->nRow-1].ev = aEv[i];
  }
  sqlite3_free(aEv);
  return rc;
}

static int tagtab_filter(sqlite3_vtab_cursor *pCur, int idxNum, const char *idxStr,
                         int argc, sqlite3_value **argv){
  TagCursor *c = (TagCursor*)pCur;
  TagTab *p = (TagTab*)pCur->pVtab;
  int rc = SQLITE_OK, i;
  (void)idxStr; (void)argc;
  tagcursor_clear(c);
  if( p->eKind==KIND_TAXONOMY ){
    for(i=0; rc==SQLITE_OK && i<N_BUILTIN; i++){
      rc = tagcursor_add(c, aBuiltin[i].zTag, aBuiltin[i].zPhrase, 0, 0, 0);
    }
    return rc;
  }
  if( p->eKind==KIND_PROBLEMS ){
    const char *zName;
    char *zErr = 0;
    void *apCtx[2];
    if( sqlite3_value_type(argv[0])==SQLITE_NULL ) return SQLITE_OK;
    apCtx[0] = c;  apCtx[1] = p->c;
    rc = check_name(argv[0], &zName, &zErr);
    if( rc==SQLITE_OK ) rc = read_taxonomy(p->db, zName, p->c, apCtx, problem_row, &zErr);
    if( zErr ){
      rc = papers_vtab_error(&p->base, rc, 0, "tag_problems: %s", zErr);
      sqlite3_free(zErr);
    }
    return rc;
  }
  /* tag_matches and tag_evidence: the matcher of the taxonomy argument
  ** argv[iTax], if given (a user taxonomy's is kept across filters) */
  {
    const int iTax = p->eKind==KIND_MATCHES ? 1 : 2;
    const char *zFunc = p->eKind==KIND_MATCHES ? "tag_matches" : "tag_evidence";
    PapersMatcher *m = 0;
    if( idxNum>iTax && sqlite3_value_type(argv[iTax])!=SQLITE_NULL ){
      const char *zName;
      char *zErr = 0;
      rc = check_name(argv[iTax], &zName, &zErr);
      if( rc==SQLITE_OK && (c->pMatcher==0 || strcmp(c->zMatcherName, zName)!=0) ){
        papers_matcher_free(c->pMatcher);
        c->pMatcher = 0;
        sqlite3_free(c->zMatcherName);
        c->zMatcherName = sqlite3_mprintf("%s", zName);
        if( c->zMatcherName==0 ) rc = SQLITE_NOMEM;
        if( rc==SQLITE_OK ) rc = user_matcher(p->db, p->c, zName, &c->pMatcher, &zErr);
      }
      if( zErr ){
        rc = papers_vtab_error(&p->base, rc, 0, "%s: %s", zFunc, zErr);
        sqlite3_free(zErr);
      }
      if( rc ) return rc;
      m = c->pMatcher;
    }else{
      char *zErr = 0;
      rc = builtin_matcher(p->c, &m, &zErr);
      if( zErr ){
        rc = papers_vtab_error(&p->base, rc, 0, "%s: %s", zFunc, zErr);
        sqlite3_free(zErr);
      }
      if( rc ) return rc;
    }
    if( p->eKind==KIND_MATCHES ) return cursor_matches(c, p, m, argv[0]);
    return cursor_evidence(c, p, m, argv[0], argv[1]);
  }
}

static int tagtab_next(sqlite3_vtab_cursor *pCur){
  ((TagCursor*)pCur)->iRow++;
  return SQLITE_OK;
}

static int tagtab_eof(sqlite3_vtab_cursor *pCur){
  TagCursor *c = (TagCursor*)pCur;
  return c->iRow>=c->nRow;
}

static int tagtab_column(sqlite3_vtab_cursor *pCur, sqlite3_context *ctx, int iCol){
  TagCursor *c = (TagCursor*)pCur;
  TagTab *p = (TagTab*)pCur->pVtab;
  const TagRow *r = &c->aRow[c->iRow];
  if( iCol==0 ){
    if( r->zTag ) sqlite3_result_text(ctx, r->zTag, -1, SQLITE_TRANSIENT);
  }else if( iCol==1 && p->eKind!=KIND_EVIDENCE ){
    if( r->zPhrase ) sqlite3_result_text(ctx, r->zPhrase, -1, SQLITE_TRANSIENT);
  }else if( p->eKind==KIND_MATCHES && iCol==2 ){
    sqlite3_result_int(ctx, r->iStart);
  }else if( p->eKind==KIND_MATCHES && iCol==3 ){
    sqlite3_result_int(ctx, r->iEnd);
  }else if( p->eKind==KIND_PROBLEMS && iCol==2 ){
    sqlite3_result_text(ctx, r->zProblem, -1, SQLITE_TRANSIENT);
  }else if( p->eKind==KIND_EVIDENCE && iCol<p->nCol ){
    const PapersEvidence *e = &r->ev;
    switch( iCol ){
      case 1: sqlite3_result_int(ctx, e->bAbout); break;
      case 2: sqlite3_result_double(ctx, e->score); break;
      case 3: sqlite3_result_int(ctx, e->bTitle); break;
      case 4: sqlite3_result_int(ctx, e->bFirst); break;
      case 5: sqlite3_result_int(ctx, e->bContribution); break;
      case 6: sqlite3_result_int(ctx, e->nMention); break;
      case 7: sqlite3_result_int(ctx, e->nNegated); break;
      case 8: sqlite3_result_int(ctx, e->bSetting); break;
      case 9: sqlite3_result_int(ctx, e->bIntroduced); break;
    }
  }
  return SQLITE_OK;
}

static int tagtab_rowid(sqlite3_vtab_cursor *pCur, sqlite3_int64 *pRowid){
  *pRowid = ((TagCursor*)pCur)->iRow + 1;
  return SQLITE_OK;
}

#define TAGTAB_MODULE(NAME, CONNECT) \
  static sqlite3_module NAME = { \
    0, 0, CONNECT, tagtab_best_index, tagtab_disconnect, 0, tagtab_open, \
    tagtab_close, tagtab_filter, tagtab_next, tagtab_eof, tagtab_column, \
    tagtab_rowid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
TAGTAB_MODULE(matchesModule, matches_connect)
TAGTAB_MODULE(problemsModule, problems_connect)
TAGTAB_MODULE(taxonomyModule, taxonomy_connect)
TAGTAB_MODULE(evidenceModule, evidence_connect)

int papers_register_tagging(sqlite3 *db){
  /* tags(text) uses only the built-in taxonomy: pure. tags(text,
  ** taxonomy) reads a table that may change and that a view could not
  ** reach itself: direct-only, not deterministic (header comment). */
  const int fPure = SQLITE_UTF8|SQLITE_DETERMINISTIC|SQLITE_INNOCUOUS;
  const int fTable = SQLITE_UTF8|SQLITE_DIRECTONLY;
  TagConn *c = sqlite3_malloc64(sizeof(*c));
  int rc;
  if( c==0 ) return SQLITE_NOMEM;
  memset(c, 0, sizeof(*c));
  /* The module owns the per-connection state: freed when db closes. */
  rc = sqlite3_create_module_v2(db, "paper_taxonomy", &taxonomyModule, c, tagconn_free);
  if( rc!=SQLITE_OK ) return rc;    /* create_module_v2 freed c */
  rc = sqlite3_create_module(db, "tag_matches", &matchesModule, c);
  if( rc==SQLITE_OK ) rc = sqlite3_create_module(db, "tag_problems", &problemsModule, c);
  if( rc==SQLITE_OK ) rc = sqlite3_create_function(db, "tags", 1, fPure, c, tags_func, 0, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_function(db, "tags", 2, fTable, c, tags_func, 0, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_function(db, "paper_tags", 2, fPure, c, paper_tags_func, 0, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_function(db, "paper_tags", 3, fTable, c, paper_tags_func, 0, 0);
  if( rc==SQLITE_OK ) rc = sqlite3_create_module(db, "tag_evidence", &evidenceModule, c);
  return rc;
}
