/*
** dirwatch.h: is a directory of digest files unchanged since a listing?
** (ext/reader/dirwatch.c). The similarity index of `digests` must follow any change
** of a file of its corpus (size or mtime), so every query used to list and
** stat() every file; with a watch, a query whose directory is quiet skips
** that and reuses the last listing.
**
** Usage:
**   PapersDirWatch *w = 0;
**   rc = papers_dirwatch_open(zDir, &w);   // w stays 0: no watch, list always
**   ... list the files (after opening, so no change can slip between) ...
**   later, before each query:
**   if( w && papers_dirwatch_check(w, &bWritten)==PAPERS_DIRWATCH_QUIET ){
**     reuse the last listing;
**   }else{
**     list again (and reopen the watch if it said BROKEN);
**   }
**   papers_dirwatch_close(w);
**
** On Linux a watch is an inotify descriptor on the directory (not on its
** subdirectories). It is only used where inotify sees every change: a local
** file system (ext2/3/4, xfs, btrfs, tmpfs, f2fs, overlayfs), and a directory
** with no symbolic link in it (a link's target changes without an event in
** the directory) and no file with several hard links. Anywhere else, or
** when inotify is not available (other systems, the per-user limit of
** inotify instances), papers_dirwatch_open() gives no watch and the caller
** lists and stat()s the files every time.
** A watch is used by one thread at a time.
*/
#ifndef PAPERS_DIRWATCH_H
#define PAPERS_DIRWATCH_H

typedef struct PapersDirWatch PapersDirWatch;

/* Start watching directory zDir. SQLITE_OK with *ppWatch set, or with
** *ppWatch 0 when zDir cannot be watched reliably (see above); SQLITE_NOMEM. */
int papers_dirwatch_open(const char *zDir, PapersDirWatch **ppWatch);

#define PAPERS_DIRWATCH_QUIET   0   /* nothing changed since the last check */
#define PAPERS_DIRWATCH_CHANGED 1   /* something may have changed: list again */
#define PAPERS_DIRWATCH_BROKEN  2   /* the watch is gone: reopen it, list again */

/* Has anything in the directory changed since the watch was opened or since
** the last check? Reading the pending events consumes them, so after
** CHANGED the caller must list again before it trusts a listing.
** *pbWritten is set when a file was written to or had its attributes
** changed (or events were lost): then a listing's sizes and mtimes cannot
** prove that the files' contents are unchanged (a rewrite of the same size
** within one mtime tick keeps both), and the caller must read them again. */
int papers_dirwatch_check(PapersDirWatch *pWatch, int *pbWritten);

/* Did the last check see file zName (a name in the directory) written, or
** lose events? Then its listing cannot prove its content unchanged and it
** is read again; the other files keep what was read of them. */
int papers_dirwatch_written(PapersDirWatch *pWatch, const char *zName);

void papers_dirwatch_close(PapersDirWatch *pWatch);

#endif /* PAPERS_DIRWATCH_H */
