/*
** dirwatch.c: has a directory changed since it was listed? (dirwatch.h)
** No SQL of its own; used by the similar_to plan of ext/digests.c.
**
** Linux: one inotify descriptor (non-blocking, close-on-exec) watching the
** directory for every event that can change its listing or a file's size or
** mtime: a write (IN_MODIFY, IN_CLOSE_WRITE), a changed inode (IN_ATTRIB:
** utime, truncate, chmod), an entry created, deleted or renamed in or out,
** and the directory itself deleted or moved (then the watch is BROKEN). A
** check reads the pending events without blocking: none means QUIET. The
** kernel queues an event before the system call that made the change
** returns, so a change made before a check is always seen by it. A queue
** overflow is an event too (CHANGED).
**
** The path is resolved again at each check (one stat()): if it now names
** another directory (a parent was renamed or replaced), the watch is BROKEN.
**
** Not watched (papers_dirwatch_open gives no watch): a path that is not a
** directory, a directory on a file system where other machines or a FUSE
** daemon can change files behind inotify's back (only local file systems
** are trusted), a directory holding a symbolic link or a file with several
** hard links, and every system without inotify.
**
** Known limit: a write through a shared writable mmap() of a file changes
** its mtime with no inotify event; digest files are not written that way.
*/
#include "common.h"
#include "dirwatch.h"
SQLITE_EXTENSION_INIT3

#include <string.h>

#ifdef __linux__
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define DIRWATCH_NAMES 64    /* written names kept per check; more: all */

struct PapersDirWatch {
  int fd;                   /* inotify descriptor */
  char *zDir;               /* the path, checked again at each check */
  dev_t dev; ino_t ino;     /* the directory it named when the watch began */
  /* the files the last check saw written (bAll: too many, or lost events) */
  char *azWritten[DIRWATCH_NAMES];
  int nWritten;
  int bAll;
};

static void written_clear(PapersDirWatch *p){
  int i;
  for(i=0; i<p->nWritten; i++) sqlite3_free(p->azWritten[i]);
  p->nWritten = 0;
  p->bAll = 0;
}

/* Remember that file zName was written (no name, or no room: every file). */
static void written_add(PapersDirWatch *p, const char *zName){
  int i;
  if( p->bAll ) return;
  if( zName==0 || zName[0]==0 || p->nWritten>=DIRWATCH_NAMES ){
    p->bAll = 1;
    return;
  }
  for(i=0; i<p->nWritten; i++){
    if( strcmp(p->azWritten[i], zName)==0 ) return;
  }
  p->azWritten[p->nWritten] = sqlite3_mprintf("%s", zName);
  if( p->azWritten[p->nWritten]==0 ) p->bAll = 1;   /* no memory: say all */
  else p->nWritten++;
}

int papers_dirwatch_written(PapersDirWatch *p, const char *zName){
  int i;
  if( p->bAll ) return 1;
  for(i=0; i<p->nWritten; i++){
    if( strcmp(p->azWritten[i], zName)==0 ) return 1;
  }
  return 0;
}

/* File systems on which every change goes through this kernel's VFS. */
static int local_fs(long type){
  static const unsigned long aType[] = {
    0xEF53,        /* ext2, ext3, ext4 */
    0x58465342,    /* xfs */
    0x9123683E,    /* btrfs */
    0x01021994,    /* tmpfs */
    0xF2F52010,    /* f2fs */
    0x794C7630,    /* overlayfs */
  };
  size_t i;
  for(i=0; i<sizeof(aType)/sizeof(aType[0]); i++){
    if( (unsigned long)type==aType[i] ) return 1;
  }
  return 0;
}

/* 1 if directory zDir holds an entry whose changes may not reach a watch
** on it: a symbolic link (its target changes elsewhere), or a file with
** more than one hard link (a write through another directory's link is
** reported to that directory). Also 1 if it cannot be read. */
static int has_foreign_entry(const char *zDir){
  DIR *d = opendir(zDir);
  struct dirent *de;
  int bForeign = 0;
  if( d==0 ) return 1;
  while( !bForeign && (de = readdir(d))!=0 ){
    struct stat st;
    if( de->d_type==DT_DIR ) continue;
    if( fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)!=0
     || S_ISLNK(st.st_mode) || (S_ISREG(st.st_mode) && st.st_nlink>1) ){
      bForeign = 1;
    }
  }
  closedir(d);
  return bForeign;
}

int papers_dirwatch_open(const char *zDir, PapersDirWatch **ppWatch){
  PapersDirWatch *p;
  struct stat st;
  struct statfs sf;
  int fd;
  *ppWatch = 0;
  if( stat(zDir, &st)!=0 || !S_ISDIR(st.st_mode) ) return SQLITE_OK;
  if( statfs(zDir, &sf)!=0 || !local_fs((long)sf.f_type) ) return SQLITE_OK;
  fd = inotify_init1(IN_NONBLOCK|IN_CLOEXEC);
  if( fd<0 ) return SQLITE_OK;                 /* e.g. EMFILE: no watch */
  if( inotify_add_watch(fd, zDir,
          IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|IN_CREATE|IN_DELETE
          |IN_MOVED_FROM|IN_MOVED_TO|IN_DELETE_SELF|IN_MOVE_SELF|IN_ONLYDIR)<0
   || has_foreign_entry(zDir) ){
    close(fd);
    return SQLITE_OK;
  }
  p = sqlite3_malloc64(sizeof(*p));
  if( p ){
    memset(p, 0, sizeof(*p));
    p->zDir = sqlite3_mprintf("%s", zDir);
  }
  if( p==0 || p->zDir==0 ){
    sqlite3_free(p);
    close(fd);
    return SQLITE_NOMEM;
  }
  p->fd = fd;
  p->nWritten = 0;
  p->bAll = 0;
  p->dev = st.st_dev;
  p->ino = st.st_ino;
  *ppWatch = p;
  return SQLITE_OK;
}

int papers_dirwatch_check(PapersDirWatch *p, int *pbWritten){
  char aBuf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
  struct stat st;
  int eRet = PAPERS_DIRWATCH_QUIET;
  *pbWritten = 0;
  written_clear(p);
  if( stat(p->zDir, &st)!=0 || st.st_dev!=p->dev || st.st_ino!=p->ino ){
    return PAPERS_DIRWATCH_BROKEN;
  }
  for(;;){
    ssize_t n = read(p->fd, aBuf, sizeof(aBuf));
    ssize_t i;
    if( n<0 && errno==EINTR ) continue;
    if( n<0 && errno==EAGAIN ) break;          /* no more events */
    if( n<=0 ) return PAPERS_DIRWATCH_BROKEN;
    for(i=0; i<n; ){
      const struct inotify_event *e = (const struct inotify_event*)(aBuf+i);
      if( e->mask & (IN_IGNORED|IN_DELETE_SELF|IN_MOVE_SELF|IN_UNMOUNT) ){
        eRet = PAPERS_DIRWATCH_BROKEN;
      }else if( eRet==PAPERS_DIRWATCH_QUIET ){
        eRet = PAPERS_DIRWATCH_CHANGED;
      }
      /* a write, or a lost event: a file's content may have changed even
      ** where its size and mtime say not (a rewrite within one tick) */
      if( e->mask & (IN_MODIFY|IN_CLOSE_WRITE|IN_ATTRIB|IN_Q_OVERFLOW) ){
        *pbWritten = 1;
        written_add(p, (e->mask & IN_Q_OVERFLOW) || e->len==0 ? 0 : e->name);
      }
      i += (ssize_t)sizeof(struct inotify_event) + e->len;
    }
  }
  return eRet;
}

void papers_dirwatch_close(PapersDirWatch *p){
  if( p==0 ) return;
  written_clear(p);
  close(p->fd);
  sqlite3_free(p->zDir);
  sqlite3_free(p);
}

#else  /* no inotify: never a watch, the caller lists every time */

int papers_dirwatch_open(const char *zDir, PapersDirWatch **ppWatch){
  (void)zDir;
  *ppWatch = 0;
  return SQLITE_OK;
}
int papers_dirwatch_check(PapersDirWatch *p, int *pbWritten){
  (void)p;
  *pbWritten = 1;
  return PAPERS_DIRWATCH_BROKEN;
}
int papers_dirwatch_written(PapersDirWatch *p, const char *zName){
  (void)p; (void)zName;
  return 1;
}
void papers_dirwatch_close(PapersDirWatch *p){ (void)p; }

#endif
