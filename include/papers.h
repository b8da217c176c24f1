/*
** papers.h: the public header of the papers SQLite extension.
**
** A program that links SQLite and the static library libpapers.a (built
** with SQLITE_CORE) registers the extension for every connection it opens:
**
**     #include <sqlite3.h>
**     #include <papers.h>
**     sqlite3_auto_extension((void(*)(void))sqlite3_papers_init);
**
** or for one connection: sqlite3_papers_init(db, &zErrMsg, 0). The loadable
** library (papers.so) exports these two entry points and nothing else; the
** sqlite3 shell loads it with `.load papers`. The SQL they add is described
** in docs/README.md.
*/
#ifndef PAPERS_PUBLIC_H
#define PAPERS_PUBLIC_H

#define PAPERS_VERSION        "0.2.0"
#define PAPERS_VERSION_NUMBER 2000     /* major*1000000 + minor*1000 + patch */

#ifdef __cplusplus
extern "C" {
#endif

struct sqlite3;
struct sqlite3_api_routines;

/* Everything: the text functions, tagging, key phrases, similarity, and the
** tables that read digest files (digests, digest_problems, paper_duplicates). */
int sqlite3_papers_init(struct sqlite3 *db, char **pzErrMsg,
                        const struct sqlite3_api_routines *pApi);

/* Everything but the tables that read files, for hosts that must not let
** SQL read files. */
int sqlite3_papers_nofs_init(struct sqlite3 *db, char **pzErrMsg,
                             const struct sqlite3_api_routines *pApi);

#ifdef __cplusplus
}
#endif

#endif /* PAPERS_PUBLIC_H */
