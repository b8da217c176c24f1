/*
** reader.h: the digest reader (ext/reader/reader.c), the seam between raw files and
** everything that reads them: the `digests` and `digest_problems` tables
** (ext/digests.c), the similarity index and paper_duplicates().
**
** Two parts:
**   - a file list: papers_files_list() turns a path (file, folder or glob)
**     into the sorted list of digest files with their size and mtime;
**   - a streaming reader: papers_reader_open() + papers_reader_next() walk the
**     entries of one file with a bounded buffer (never the whole file unless
**     one paragraph is that big), cleaning text in place.
**
** Usage:
**   PapersFileList fl = {0};  char *zErr = 0;
**   rc = papers_files_list("digests/", 0, &fl, &zErr);
**   for(i=0; i<fl.n; i++){
**     PapersReader *r;  PapersEntry e;
**     rc = papers_reader_open(fl.a[i].zPath, xProblem, pCtx, &r, &zErr);
**     while( (rc = papers_reader_next(r, &e))==SQLITE_ROW ){
**       rc = papers_reader_text(r, &e);   // only if the text is needed
**       ...
**     }
**     papers_reader_close(r);
**   }
**   papers_files_free(&fl);
**
** Strings in a PapersEntry stay valid until the next papers_reader_next(),
** papers_reader_seek() or papers_reader_close() on the same reader.
*/
#ifndef PAPERS_READER_H
#define PAPERS_READER_H

#include <sqlite3ext.h>

typedef struct PapersFile PapersFile;
struct PapersFile {
  char *zPath;              /* path to open */
  char *zRel;               /* path relative to the root given by the user */
  sqlite3_int64 nSize;      /* bytes, from stat() at listing time */
  sqlite3_int64 iMtimeNs;   /* modification time, nanoseconds since the epoch */
  sqlite3_int64 iInode;     /* inode number, from the same stat() */
  char *zProblem;           /* not NULL: an entry of a folder that could not
                            ** be examined ("cannot read: Permission
                            ** denied"); it is listed so that the loss is
                            ** reported as a problem of that path, never
                            ** silent, and is not opened */
};

typedef struct PapersFileList PapersFileList;
struct PapersFileList {
  PapersFile *a;            /* sorted by zRel (byte order) */
  int n;
};

/* List the digest files under zPath: a regular file (any name) is itself;
** a folder gives its *.txt files (and those of its sub-folders when
** bRecursive, following symlinks but never a folder twice); a path that
** does not exist but holds * ? or [ is a glob pattern, whose regular files
** are taken. Only regular files are ever listed: a FIFO, socket or device
** named as the path is SQLITE_ERROR (opening one could block forever), and
** one inside a folder or among a glob's matches is passed over. An entry
** of a folder that cannot be examined (stat() or opendir() fails, e.g. a
** folder that can be listed but not entered) is listed with zProblem set,
** when it could be a digest (a *.txt name, or any name in a recursive
** walk). A path that does not exist, or a glob that matches no regular
** file, is SQLITE_ERROR with *pzErr naming the path and the reason; an
** empty folder is an empty list. Returns SQLITE_OK, SQLITE_ERROR or
** SQLITE_NOMEM. */
int papers_files_list(const char *zPath, int bRecursive, PapersFileList *pList,
                      char **pzErr);
void papers_files_free(PapersFileList *pList);

/* Can zPath be opened as a regular file now? (A file a build could not
** read is tried again when it can: being let read, by a chmod, changes
** neither its size nor its mtime.) */
int papers_file_readable(const char *zPath);

/* One entry (a title and its abstract) of a digest file. */
typedef struct PapersEntry PapersEntry;
struct PapersEntry {
  /* Set by papers_reader_text(); before it, zTitle is NULL and nTitle -1. */
  const char *zTitle;  int nTitle;       /* trimmed, never NULL */
  const char *zAbstract; int nAbstract;  /* NULL when the entry has none */
  int iPosition;                          /* 1-based place in the file */
  int iLine;                              /* 1-based line of the title */
  sqlite3_int64 iOffset;                  /* byte offset of the title line */
};

/* Called for every departure from the format: iLine is 1-based (0 for the
** file as a whole), zProblem a sentence. Return SQLITE_OK to go on; any
** other value stops the reader and is returned by papers_reader_next(). */
typedef int (*PapersProblemFn)(void *pCtx, int iLine, const char *zProblem);

typedef struct PapersReader PapersReader;

/* Open zPath and read its header. xProblem may be NULL. On SQLITE_ERROR,
** *pzErr says which file and why (e.g. permission denied, or not a regular
** file: the path is opened without blocking and checked with fstat(), so
** a file replaced by a FIFO after the listing cannot hang the reader). */
int papers_reader_open(const char *zPath, PapersProblemFn xProblem, void *pCtx,
                       PapersReader **ppReader, char **pzErr);

/* The date label of the header as written ("Mar 17"), or NULL without one. */
const char *papers_reader_label(PapersReader *pReader);

/* Next entry: SQLITE_ROW (position, line and offset of pEntry filled),
** SQLITE_DONE, SQLITE_NOMEM, SQLITE_IOERR (read failed;
** papers_reader_errmsg() says why), or what the problem callback returned.
** Only paragraph boundaries are found here, so counting is cheap. */
int papers_reader_next(PapersReader *pReader, PapersEntry *pEntry);

/* The cleaned title and abstract of the entry just returned by
** papers_reader_next() (lines joined, bad bytes replaced by U+FFFD; a
** repeated paper in the same file is reported here). Cheap to call twice.
** SQLITE_OK, SQLITE_NOMEM, or what the problem callback returned. */
int papers_reader_text(PapersReader *pReader, PapersEntry *pEntry);

/* Go to an entry seen before (its iOffset, iPosition and iLine), so that the
** next papers_reader_next() returns it again. */
int papers_reader_seek(PapersReader *pReader, sqlite3_int64 iOffset,
                       int iPosition, int iLine);

/* Message of the last SQLITE_IOERR, or NULL. */
const char *papers_reader_errmsg(PapersReader *pReader);
void papers_reader_close(PapersReader *pReader);

/* The stable paper id of a title: 16 hex digits (plus NUL) of a 64-bit hash
** of the title after NFKC, case folding and folding of white space and
** punctuation, so NFC/NFD spellings and case variants give the same id.
** Returns SQLITE_OK or SQLITE_NOMEM. */
int papers_paper_id(const char *zTitle, int nTitle, char zOut[17]);

/* The ISO date (YYYY-MM-DD) of a digest: from a YYYY-MM-DD or YYYYMMDD in
** the file name zRel if there is one, else from iYear (0: unknown) and the
** label ("Mar 17"). Returns 1 and fills zOut, or 0 when unknown. */
int papers_digest_date(const char *zRel, const char *zLabel, int iYear,
                       char zOut[11]);

#endif /* PAPERS_READER_H */
