/*
** reader.c: the digest reader. Turns a path into a sorted list of digest
** files, and one file into a stream of entries (title + abstract), without
** holding more than one paragraph-sized window of the file in memory.
** The API is ext/reader/reader.h; it adds no SQL on its own.
**
** The format (docs/digests.md): UTF-8 text, paragraphs separated by blank
** lines; a header of up to five paragraphs ("new", "Get trending papers in
** your email inbox!", "Subscribe", "byAK and the research community", then
** a date label such as "Mar 17"); then title and abstract paragraphs,
** alternating.
**
** Design:
**   - The file is read with read() into a window buffer that starts small
**     (so that opening a file to learn its label reads only its first block)
**     and grows only when a single paragraph is larger than the window. Data
**     before the oldest paragraph still in use is dropped on each refill.
**     No mmap: a file truncated under a mapping would raise SIGBUS.
**   - papers_reader_next() only finds paragraph boundaries (a SWAR scan for
**     line ends), so `SELECT count(*)` never looks at the text itself.
**     papers_reader_text() cleans the entry's paragraphs when a column needs
**     them: lines trimmed and joined with one space in place inside the
**     window (the result is never longer), UTF-8 checked with an ASCII fast
**     path. Only a paragraph with invalid UTF-8 or a NUL byte is copied, to
**     a side buffer where each bad byte becomes U+FFFD.
**   - A paragraph in the abstract slot that looks like a title (at most
**     TITLE_MAX bytes and not ending in '.') is taken as the next title, and
**     the entry before it has no abstract. The decision uses only the raw
**     length and last byte, so count(*) and a full read always agree.
**   - Line ends may be LF, CRLF or CR; a UTF-8 BOM is skipped; white space
**     at line ends and runs of blank lines are ignored.
*/
#include "common.h"
#include "reader.h"
SQLITE_EXTENSION_INIT3

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#define FIRST_READ  4096          /* first block: enough for the header */
#define CHUNK       (256*1024)    /* later reads */
#define SEEK_READ   8192          /* first read after a seek: one entry */
#define TITLE_MAX   250           /* longest paragraph taken as a title */
#define SNIFF       4096          /* bytes examined to tell binary files */
#define SNIFF_TEXT  256           /* text before the first NUL that is a text file */
#define PARA_MAX    (1024*1024)   /* raw bytes of a paragraph kept (1 MiB) */
#define LINE_PIECE  1000          /* next_line(): a piece of a longer line */
#define NOT_LIVE    ((size_t)-1)  /* Para.iStart of a paragraph not in use */

/* ---------------------------------------------------------------- files */

static int files_add(PapersFileList *p, int *pnAlloc, const char *zPath,
                     const char *zRel, const struct stat *st, int iErrno,
                     const char *zWhat){
  PapersFile *f;
  if( papers_grow(&p->a, pnAlloc, p->n+1, sizeof(PapersFile), 16) ) return SQLITE_NOMEM;
  f = &p->a[p->n];
  memset(f, 0, sizeof(*f));
  f->zPath = sqlite3_mprintf("%s", zPath);
  f->zRel = sqlite3_mprintf("%s", zRel);
  if( iErrno ) f->zProblem = sqlite3_mprintf("%s: %s", zWhat, strerror(iErrno));
  if( f->zPath==0 || f->zRel==0 || (iErrno && f->zProblem==0) ){
    sqlite3_free(f->zPath);
    sqlite3_free(f->zRel);
    sqlite3_free(f->zProblem);
    return SQLITE_NOMEM;
  }
  if( st ){
    f->nSize = st->st_size;
    f->iMtimeNs = (sqlite3_int64)st->st_mtim.tv_sec*1000000000 + st->st_mtim.tv_nsec;
    f->iInode = (sqlite3_int64)st->st_ino;
  }
  p->n++;
  return SQLITE_OK;
}

static int has_txt_suffix(const char *z){
  size_t n = strlen(z);
  return n>4 && strcmp(&z[n-4], ".txt")==0;
}

/* Folders already entered during a recursive walk, by device and inode, so
** that a symlink loop is entered once. */
typedef struct DirSeen DirSeen;
struct DirSeen { dev_t dev; ino_t ino; DirSeen *pNext; };

/* List folder zDir (zRel relative to the root; "" for the root itself).
** The root must open (its failure is the caller's error); a sub-folder
** that cannot be opened, and an entry that cannot be examined, are listed
** with their reason (PapersFile.zProblem). */
static int walk_dir(PapersFileList *p, int *pnAlloc, const char *zDir,
                    const char *zRel, int bRecursive, DirSeen *pSeen,
                    char **pzErr){
  DIR *d;
  struct dirent *de;
  struct stat st;
  DirSeen here, *s;
  int rc = SQLITE_OK;

  if( stat(zDir, &st)!=0 ){
    if( zRel[0]==0 ){
      *pzErr = sqlite3_mprintf("cannot open '%s': %s", zDir, strerror(errno));
      return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
    }
    return files_add(p, pnAlloc, zDir, zRel, 0, errno, "cannot open folder");
  }
  for(s=pSeen; s; s=s->pNext){
    if( s->dev==st.st_dev && s->ino==st.st_ino ) return SQLITE_OK;
  }
  here.dev = st.st_dev;  here.ino = st.st_ino;  here.pNext = pSeen;
  d = opendir(zDir);
  if( d==0 ){
    if( zRel[0] ){
      return files_add(p, pnAlloc, zDir, zRel, 0, errno, "cannot open folder");
    }
    *pzErr = sqlite3_mprintf("cannot open folder '%s': %s", zDir, strerror(errno));
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  while( rc==SQLITE_OK && (de = readdir(d))!=0 ){
    char *zChild, *zChildRel;
    if( strcmp(de->d_name, ".")==0 || strcmp(de->d_name, "..")==0 ) continue;
    zChild = sqlite3_mprintf("%s/%s", zDir, de->d_name);
    zChildRel = zRel[0] ? sqlite3_mprintf("%s/%s", zRel, de->d_name)
                        : sqlite3_mprintf("%s", de->d_name);
    if( zChild==0 || zChildRel==0 ){
      rc = SQLITE_NOMEM;
    }else if( stat(zChild, &st)==0 ){
      if( S_ISDIR(st.st_mode) ){
        if( bRecursive ){
          rc = walk_dir(p, pnAlloc, zChild, zChildRel, 1, &here, pzErr);
        }
      }else if( S_ISREG(st.st_mode) && has_txt_suffix(de->d_name) ){
        rc = files_add(p, pnAlloc, zChild, zChildRel, &st, 0, 0);
      }
    }else if( errno!=ENOENT
           && (has_txt_suffix(de->d_name) || (bRecursive && de->d_type!=DT_REG)) ){
      /* A digest, or a folder of them, that cannot be examined: say so.
      ** (ENOENT: gone since readdir(), or a dangling symlink: nothing lost.) */
      rc = files_add(p, pnAlloc, zChild, zChildRel, 0, errno, "cannot read");
    }
    sqlite3_free(zChild);
    sqlite3_free(zChildRel);
  }
  closedir(d);
  return rc;
}

static int cmp_file(const void *a, const void *b){
  return strcmp(((const PapersFile*)a)->zRel, ((const PapersFile*)b)->zRel);
}

static int has_glob_chars(const char *z){
  return strpbrk(z, "*?[")!=0;
}

/* Length of the folder part of a glob pattern (up to and including the last
** '/' before the first wildcard); digests are named relative to it. */
static int glob_root_len(const char *z){
  int i, iSlash = 0;
  for(i=0; z[i] && strchr("*?[", z[i])==0; i++){
    if( z[i]=='/' ) iSlash = i+1;
  }
  return iSlash;
}

int papers_files_list(const char *zPath, int bRecursive, PapersFileList *pList,
                      char **pzErr){
  struct stat st;
  int nAlloc = 0;
  int rc = SQLITE_OK;

  memset(pList, 0, sizeof(*pList));
  *pzErr = 0;
  if( stat(zPath, &st)==0 ){
    if( S_ISDIR(st.st_mode) ){
      rc = walk_dir(pList, &nAlloc, zPath, "", bRecursive, 0, pzErr);
    }else if( S_ISREG(st.st_mode) ){
      const char *zBase = strrchr(zPath, '/');
      rc = files_add(pList, &nAlloc, zPath, zBase ? zBase+1 : zPath, &st, 0, 0);
    }else{
      *pzErr = sqlite3_mprintf("cannot read '%s': not a regular file or a folder",
                               zPath);
      rc = SQLITE_ERROR;
    }
  }else if( errno==ENOENT && has_glob_chars(zPath) ){
    glob_t g;
    int grc = glob(zPath, GLOB_NOSORT, 0, &g);
    if( grc!=0 && grc!=GLOB_NOMATCH ){
      *pzErr = sqlite3_mprintf("cannot expand '%s'", zPath);
      rc = grc==GLOB_NOSPACE ? SQLITE_NOMEM : SQLITE_ERROR;
    }else{
      size_t i;
      int nRoot = glob_root_len(zPath);
      for(i=0; grc==0 && rc==SQLITE_OK && i<g.gl_pathc; i++){
        const char *zMatch = g.gl_pathv[i];
        if( stat(zMatch, &st)==0 && S_ISREG(st.st_mode) ){
          int nSkip = strncmp(zMatch, zPath, nRoot)==0 ? nRoot : 0;
          rc = files_add(pList, &nAlloc, zMatch, zMatch+nSkip, &st, 0, 0);
        }
      }
      if( grc==0 ) globfree(&g);
      if( rc==SQLITE_OK && pList->n==0 ){
        *pzErr = sqlite3_mprintf("no file matches '%s'", zPath);
        rc = SQLITE_ERROR;
      }
    }
  }else{
    *pzErr = sqlite3_mprintf("cannot open '%s': %s", zPath, strerror(errno));
    rc = SQLITE_ERROR;
  }
  if( rc==SQLITE_ERROR && *pzErr==0 ) rc = SQLITE_NOMEM;
  if( rc!=SQLITE_OK ){
    papers_files_free(pList);
    return rc;
  }
  if( pList->n>1 ) qsort(pList->a, pList->n, sizeof(PapersFile), cmp_file);
  return SQLITE_OK;
}

int papers_file_readable(const char *zPath){
  struct stat st;
  int fd = open(zPath, O_RDONLY|O_CLOEXEC|O_NONBLOCK|O_NOCTTY), ok;
  if( fd<0 ) return 0;
  ok = fstat(fd, &st)==0 && S_ISREG(st.st_mode);
  close(fd);
  return ok;
}

void papers_files_free(PapersFileList *pList){
  int i;
  for(i=0; i<pList->n; i++){
    sqlite3_free(pList->a[i].zPath);
    sqlite3_free(pList->a[i].zRel);
    sqlite3_free(pList->a[i].zProblem);
  }
  sqlite3_free(pList->a);
  memset(pList, 0, sizeof(*pList));
}

/* --------------------------------------------------------------- reader */

/* A paragraph: raw bytes [iStart, iEnd) of the window, from the first byte
** of its first line to the end of its last line (terminator excluded). */
typedef struct Para Para;
struct Para {
  size_t iStart, iEnd;
  sqlite3_int64 iOffset;       /* file offset of iStart */
  int iLine;                   /* 1-based line of its first line */
  int nLine;                   /* lines in it */
  size_t nRaw;                 /* bytes from first to last non-blank byte */
  unsigned char cLast;         /* last non-blank byte */
  /* Set by para_clean(): the cleaned text, in the window or in zSide. */
  int bClean;
  int bSide;                   /* the text is in zSide, not in the window */
  size_t nText;
  char *zSide;                 /* owned copy when bytes had to be replaced */
  size_t nSideAlloc;
  /* A paragraph longer than PARA_MAX raw bytes is cut: its first PARA_MAX
  ** bytes (less a cut UTF-8 sequence) are copied to zCut, it leaves the
  ** window (iStart is NOT_LIVE, bCut set), and the rest of it is skipped
  ** unread. The other live paragraph (the title before it) leaves the
  ** window too, whole, so that nothing holds the window's start back:
  ** bCut is set for it as well, but it lost nothing. */
  int bCut;
  char *zCut;  size_t nCut, nCutAlloc;
};

/* A hash set of the paper ids seen in this file, for duplicate reports. */
typedef struct IdSlot IdSlot;
struct IdSlot { uint64_t id; int iPosition; int iLine; };

struct PapersReader {
  int fd;
  char *zPath;
  PapersProblemFn xProblem;
  void *pCtx;
  char *buf;                   /* the window */
  size_t nAlloc, nData;        /* its size, bytes in it */
  size_t iScan;                /* next unscanned byte */
  sqlite3_int64 iBufOffset;    /* file offset of buf[0] */
  int iLine;                   /* line number at iScan */
  int bEof;
  int bSeek;                   /* the next read is the first after a seek */
  int bPrevCR;                 /* last scanned terminator was a CR at the
                               ** window end: a following LF belongs to it */
  /* The next CR, found by memchr and kept while valid (file offsets): the
  ** next CR at or after iCrFrom is iCrAt, or none before iCrTo if -1. */
  sqlite3_int64 iCrFrom, iCrTo, iCrAt;
  char *zLabel;
  Para aPara[3];               /* title, abstract, pending next title */
  int bPending;                /* aPara[2] holds the next title */
  int bHaveAbstract;
  int iPosition;               /* entries returned so far */
  IdSlot *aId; int nIdAlloc; int nId;
  char *zErr;                  /* last I/O error */
};

static int report(PapersReader *r, int iLine, const char *zFmt, ...){
  va_list ap;
  char *z;
  int rc;
  if( r->xProblem==0 ) return SQLITE_OK;
  va_start(ap, zFmt);
  z = sqlite3_vmprintf(zFmt, ap);
  va_end(ap);
  if( z==0 ) return SQLITE_NOMEM;
  rc = r->xProblem(r->pCtx, iLine, z);
  sqlite3_free(z);
  return rc;
}

/* Read more of the file into the window. Bytes before the oldest live
** paragraph (and before iScan) are dropped, and the indices of live
** paragraphs are shifted with the data. Returns SQLITE_OK (bEof set at end
** of file), SQLITE_NOMEM or SQLITE_IOERR. */
static int fill(PapersReader *r){
  ssize_t n;
  size_t want, iKeep = r->iScan;
  int i;
  for(i=0; i<3; i++){
    if( r->aPara[i].iStart!=NOT_LIVE && r->aPara[i].iStart<iKeep ){
      iKeep = r->aPara[i].iStart;
    }
  }
  if( iKeep>0 ){
    memmove(r->buf, r->buf+iKeep, r->nData-iKeep);
    r->nData -= iKeep;
    r->iScan -= iKeep;
    r->iBufOffset += iKeep;
    for(i=0; i<3; i++){
      if( r->aPara[i].iStart!=NOT_LIVE ){
        r->aPara[i].iStart -= iKeep;
        r->aPara[i].iEnd -= iKeep;
      }
    }
  }
  want = r->iBufOffset==0 && r->nData==0 ? FIRST_READ : CHUNK;
  if( r->nAlloc - r->nData < want ){
    size_t nNew = r->nAlloc ? r->nAlloc : FIRST_READ;
    char *aNew;
    while( nNew - r->nData < want ) nNew *= 2;
    aNew = sqlite3_realloc64(r->buf, nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    r->buf = aNew;
    r->nAlloc = nNew;
  }
  {
    /* after a seek the caller wants one entry (a similar_to hit): read a
    ** few KB, not the whole window */
    size_t nRead = r->nAlloc - r->nData;
    if( r->bSeek && nRead>SEEK_READ ) nRead = SEEK_READ;
    r->bSeek = 0;
    do{
      n = read(r->fd, r->buf + r->nData, nRead);
    }while( n<0 && errno==EINTR );
  }
  if( n<0 ){
    sqlite3_free(r->zErr);
    r->zErr = sqlite3_mprintf("cannot read '%s': %s", r->zPath, strerror(errno));
    return r->zErr ? SQLITE_IOERR : SQLITE_NOMEM;
  }
  if( n==0 ) r->bEof = 1;
  r->nData += (size_t)n;
  return SQLITE_OK;
}

/* Offset of the first CR or LF in z[0..n), or n. Eight bytes at a time. */
static size_t find_eol(const char *z, size_t n){
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const uint64_t lf = 0x0a*ones, cr = 0x0d*ones;
  size_t i = 0;
  while( i+8<=n ){
    uint64_t v, a, b;
    memcpy(&v, z+i, 8);
    a = v ^ lf;  b = v ^ cr;
    if( (((a - ones) & ~a) | ((b - ones) & ~b)) & highs ) break;
    i += 8;
  }
  while( i<n && z[i]!='\n' && z[i]!='\r' ) i++;
  return i;
}

/* Window index of the first CR or LF at or after iScan, or nData. LF is
** found by memchr; CR (rare: CRLF and CR-only files) through a cache, so a
** file without CR costs one memchr per window for it. */
static size_t line_end(PapersReader *r){
  const char *z = r->buf + r->iScan;
  size_t n = r->nData - r->iScan;
  const char *zLf = memchr(z, '\n', n);
  sqlite3_int64 aFrom = r->iBufOffset + (sqlite3_int64)r->iScan;
  sqlite3_int64 aEnd = r->iBufOffset + (sqlite3_int64)r->nData;
  size_t iEol = zLf ? (size_t)(zLf - r->buf) : r->nData;
  if( !(aFrom>=r->iCrFrom && (r->iCrAt>=aFrom || (r->iCrAt<0 && r->iCrTo>=aEnd))) ){
    const char *zCr = memchr(z, '\r', n);
    r->iCrFrom = aFrom;
    r->iCrTo = aEnd;
    r->iCrAt = zCr ? r->iBufOffset + (zCr - r->buf) : -1;
  }
  if( r->iCrAt>=0 && r->iCrAt - r->iBufOffset < (sqlite3_int64)iEol ){
    iEol = (size_t)(r->iCrAt - r->iBufOffset);
  }
  return iEol;
}

static int is_blank(char c){ return c==' ' || c=='\t' || c=='\f' || c=='\v'; }

/* Next line from iScan: [*piBegin, *piEnd) without its terminator. Returns
** SQLITE_ROW, SQLITE_DONE at end of file, or an error. So that the window
** never holds more than PARA_MAX bytes of the paragraph p being read (or,
** before p starts, of the line), a longer line is handed out in pieces:
** LINE_PIECE with the bytes read so far, consumed; the line goes on, and
** its last piece comes with SQLITE_ROW (only that one counts the line). */
static int next_line(PapersReader *r, size_t *piBegin, size_t *piEnd,
                     const Para *p){
  for(;;){
    size_t iEol;
    if( r->bPrevCR && r->iScan<r->nData ){
      if( r->buf[r->iScan]=='\n' ) r->iScan++;
      r->bPrevCR = 0;
    }
    if( r->bPrevCR && !r->bEof ){
      /* The CR ended the window: the LF that may follow is not read yet. */
      int rc = fill(r);
      if( rc ) return rc;
      continue;
    }
    r->bPrevCR = 0;
    iEol = line_end(r);
    if( iEol<r->nData || r->bEof ){
      if( iEol==r->iScan && iEol>=r->nData ) return SQLITE_DONE;
      *piBegin = r->iScan;
      *piEnd = iEol;
      r->iLine++;
      if( iEol<r->nData ){
        if( r->buf[iEol]=='\r' ){
          if( iEol+1<r->nData ){
            r->iScan = iEol + (r->buf[iEol+1]=='\n' ? 2 : 1);
          }else{
            r->iScan = iEol+1;
            r->bPrevCR = 1;
          }
        }else{
          r->iScan = iEol+1;
        }
      }else{
        r->iScan = iEol;
      }
      return SQLITE_ROW;
    }else{
      size_t iAnchor = p && p->iStart!=NOT_LIVE ? p->iStart : r->iScan;
      int rc;
      if( r->nData - iAnchor >= PARA_MAX && r->nData>r->iScan ){
        *piBegin = r->iScan;
        *piEnd = r->nData;
        r->iScan = r->nData;
        return LINE_PIECE;
      }
      rc = fill(r);
      if( rc ) return rc;
    }
  }
}

/* Take live paragraph p out of the window: its first n raw bytes, or its
** cleaned text if it is clean already, are copied to p->zCut. */
static int para_detach(PapersReader *r, Para *p, size_t n){
  if( p->bClean ) n = p->bSide ? 0 : p->nText;
  if( p->nCutAlloc<n ){
    char *z = sqlite3_realloc64(p->zCut, n);
    if( z==0 ) return SQLITE_NOMEM;
    p->zCut = z;
    p->nCutAlloc = n;
  }
  if( n ) memcpy(p->zCut, r->buf + p->iStart, n);
  p->nCut = n;
  p->bCut = 1;
  p->iStart = p->iEnd = NOT_LIVE;
  return SQLITE_OK;
}

/* Cut paragraph p, whose raw bytes in the window have passed PARA_MAX:
** keep the first PARA_MAX (less a UTF-8 sequence the cut would split) and
** take p, and the other live paragraph, out of the window (see Para.bCut).
** Reported as a problem of p. */
static int para_cut(PapersReader *r, Para *p){
  size_t n = PARA_MAX, k;
  int i, rc = SQLITE_OK;
  for(k=0; k<3 && n>0 && ((unsigned char)r->buf[p->iStart+n] & 0xC0)==0x80; k++) n--;
  for(i=0; rc==SQLITE_OK && i<3; i++){
    Para *q = &r->aPara[i];
    if( q!=p && q->iStart!=NOT_LIVE ) rc = para_detach(r, q, q->iEnd - q->iStart);
  }
  if( rc==SQLITE_OK ) rc = para_detach(r, p, n);
  if( rc ) return rc;
  if( p->nRaw<=TITLE_MAX ) p->nRaw = TITLE_MAX+1;   /* never a title by length */
  return report(r, p->iLine, "paragraph longer than %d bytes: cut to its first %d",
                PARA_MAX, (int)n);
}

/* Read the next paragraph into *p (one of r->aPara, so that fill() keeps it
** and its indices right). SQLITE_ROW, SQLITE_DONE or an error. */
static int next_para(PapersReader *r, Para *p){
  size_t b = 0, e = 0;
  int rc;
  int bIn = 0;
  int bLineText = 0;                  /* earlier pieces of this line had text */
  char *zSide = p->zSide, *zCut = p->zCut;
  size_t nSideAlloc = p->nSideAlloc, nCutAlloc = p->nCutAlloc;
  sqlite3_int64 iFirst = 0;
  memset(p, 0, sizeof(*p));
  p->zSide = zSide;
  p->nSideAlloc = nSideAlloc;
  p->zCut = zCut;
  p->nCutAlloc = nCutAlloc;
  p->iStart = p->iEnd = NOT_LIVE;     /* fill() leaves it alone */
  for(;;){
    size_t i, j;
    int bPiece;
    rc = next_line(r, &b, &e, p);
    if( rc==SQLITE_DONE ) return bIn ? SQLITE_ROW : SQLITE_DONE;
    if( rc!=SQLITE_ROW && rc!=LINE_PIECE ) return rc;
    bPiece = rc==LINE_PIECE;
    i = b;  j = e;
    while( i<j && is_blank(r->buf[i]) ) i++;
    while( j>i && is_blank(r->buf[j-1]) ) j--;
    if( i==j && !bLineText ){
      if( bPiece ) continue;          /* blank so far: the line goes on */
      if( bIn ) return SQLITE_ROW;
      continue;
    }
    bLineText = bPiece;
    if( !bIn ){
      bIn = 1;
      p->iStart = b;
      p->iOffset = r->iBufOffset + (sqlite3_int64)b;
      p->iLine = bPiece ? r->iLine+1 : r->iLine;   /* a piece is not counted yet */
      iFirst = r->iBufOffset + (sqlite3_int64)i;
    }
    if( !bPiece ) p->nLine++;
    if( i<j ) p->cLast = (unsigned char)r->buf[j-1];
    if( p->bCut ) continue;           /* the rest of a cut paragraph is skipped */
    if( i<j ) p->nRaw = (size_t)(r->iBufOffset + (sqlite3_int64)j - iFirst);
    p->iEnd = e;
    if( p->iEnd - p->iStart > PARA_MAX ){
      rc = para_cut(r, p);
      if( rc ) return rc;
    }
  }
}

/* Length of a valid UTF-8 sequence at z[0..n) that is not NUL, or 0. */
static int utf8_seq_len(const unsigned char *z, size_t n){
  unsigned c = z[0];
  if( c>0 && c<0x80 ) return 1;
  if( c>=0xC2 && c<=0xDF ){
    return n>=2 && (z[1]&0xC0)==0x80 ? 2 : 0;
  }
  if( c>=0xE0 && c<=0xEF ){
    if( n<3 || (z[1]&0xC0)!=0x80 || (z[2]&0xC0)!=0x80 ) return 0;
    if( c==0xE0 && z[1]<0xA0 ) return 0;            /* overlong */
    if( c==0xED && z[1]>=0xA0 ) return 0;           /* surrogate */
    return 3;
  }
  if( c>=0xF0 && c<=0xF4 ){
    if( n<4 || (z[1]&0xC0)!=0x80 || (z[2]&0xC0)!=0x80 || (z[3]&0xC0)!=0x80 ){
      return 0;
    }
    if( c==0xF0 && z[1]<0x90 ) return 0;            /* overlong */
    if( c==0xF4 && z[1]>=0x90 ) return 0;           /* above U+10FFFF */
    return 4;
  }
  return 0;
}

/* Offset of the first byte of z[0..n) that is not valid UTF-8 or is NUL.
** NULs are found by memchr; ASCII is skipped 32 bytes at a time. */
static size_t utf8_check(const char *z, size_t n){
  const uint64_t highs = 0x8080808080808080ULL;
  const char *zNul = memchr(z, 0, n);
  size_t i = 0;
  if( zNul ) n = (size_t)(zNul - z);
  while( i<n ){
    int k;
    while( i+32<=n ){
      uint64_t v[4];
      memcpy(v, z+i, 32);
      if( ((v[0] | v[1] | v[2] | v[3]) & highs)!=0 ) break;
      i += 32;
    }
    while( i<n && (unsigned char)z[i]<0x80 ) i++;
    if( i>=n ) break;
    k = utf8_seq_len((const unsigned char*)z+i, n-i);
    if( k==0 ) return i;
    i += k;
  }
  return n;
}

static const char zFFFD[] = "\xEF\xBF\xBD";

/* Clean paragraph p: trim each line, join lines with one space (in place),
** and replace bad bytes (invalid UTF-8, NUL) in a side copy, reporting them
** once per paragraph with the line they are on. */
static int para_clean(PapersReader *r, Para *p){
  /* the raw bytes: in the window, or in zCut for a cut paragraph */
  char *buf = p->bCut ? p->zCut : r->buf;
  const size_t iBeg = p->bCut ? 0 : p->iStart, iEnd = p->bCut ? p->nCut : p->iEnd;
  const int bOneLine = p->nLine==1 && !p->bCut;
  size_t w = iBeg, i = iBeg;
  int iLine = p->iLine;
  int iBadLine = 0, iNulLine = 0;
  int rc = SQLITE_OK;
  if( p->bClean ) return SQLITE_OK;
  while( i<iEnd ){
    size_t b = i, e, k;
    e = bOneLine ? iEnd : b + find_eol(buf+b, iEnd-b);
    k = e;
    while( b<k && is_blank(buf[b]) ) b++;
    while( k>b && is_blank(buf[k-1]) ) k--;
    if( k>b ){
      size_t bad = utf8_check(buf+b, k-b);
      if( bad<k-b ){
        size_t j;
        for(j=b+bad; j<k; j++){
          if( buf[j]==0 ){ if( !iNulLine ) iNulLine = iLine; }
          else if( !iBadLine ){
            size_t t = utf8_check(buf+j, k-j);
            if( t>0 ){ j += t-1; continue; }
            iBadLine = iLine;
          }
        }
        if( iBadLine==0 && iNulLine==0 ) iBadLine = iLine;
      }
      if( w>iBeg ) buf[w++] = ' ';
      if( w!=b ) memmove(buf+w, buf+b, k-b);
      w += k-b;
    }
    /* step over the terminator: CRLF, CR or LF */
    if( e<iEnd ){
      i = e + ((buf[e]=='\r' && e+1<iEnd && buf[e+1]=='\n') ? 2 : 1);
      iLine++;
    }else{
      i = e;
    }
  }
  p->nText = w - iBeg;
  p->bClean = 1;
  if( iBadLine || iNulLine ){
    /* Worst case every byte becomes three. */
    size_t n = p->nText, j, o = 0;
    const unsigned char *z = (const unsigned char*)buf + iBeg;
    char *zOut = p->zSide;
    if( p->nSideAlloc < n*3+1 ){
      zOut = sqlite3_realloc64(p->zSide, n*3 + 1);
      if( zOut==0 ) return SQLITE_NOMEM;
      p->zSide = zOut;
      p->nSideAlloc = n*3+1;
    }
    p->bSide = 1;
    for(j=0; j<n; ){
      int k = utf8_seq_len(z+j, n-j);
      if( k ){
        memcpy(zOut+o, z+j, k);
        o += k;  j += k;
      }else{
        memcpy(zOut+o, zFFFD, 3);
        o += 3;  j++;
      }
    }
    zOut[o] = 0;
    p->nText = o;
    if( iBadLine ){
      rc = report(r, iBadLine, "invalid UTF-8 replaced by U+FFFD");
    }
    if( rc==SQLITE_OK && iNulLine ){
      rc = report(r, iNulLine, "NUL byte replaced by U+FFFD");
    }
  }
  return rc;
}


/* Reader-level state that the code above does not need. */
static int title_like(const Para *p){
  return p->nRaw<=TITLE_MAX && p->cLast!='.';
}

static const char *para_z(PapersReader *r, const Para *p){
  if( p->bSide ) return p->zSide;
  return p->bCut ? p->zCut : r->buf + p->iStart;
}

static void para_drop(Para *p){
  p->iStart = p->iEnd = NOT_LIVE;
  p->bClean = 0;
  p->bSide = 0;
  p->bCut = 0;
}

static void para_swap(Para *a, Para *b){
  Para t = *a;  *a = *b;  *b = t;
}

/* Case-insensitive comparison of the cleaned paragraph with an ASCII z. */
static int para_is(PapersReader *r, const Para *p, const char *z){
  size_t n = strlen(z);
  return p->nText==n && sqlite3_strnicmp(para_z(r, p), z, (int)n)==0;
}

static const char *const azMonth[] = {
  "jan","feb","mar","apr","may","jun","jul","aug","sep","oct","nov","dec"
};
static const char *const azMonthFull[] = {
  "january","february","march","april","may","june","july","august",
  "september","october","november","december"
};

/* Parse "Mar 17" / "March 17": 1 and month (1-12) and day, or 0. */
static int parse_label(const char *z, int n, int *pMonth, int *pDay){
  int i = 0, m, d = 0, nDigit = 0;
  while( i<n && ((z[i]|0x20)>='a' && (z[i]|0x20)<='z') ) i++;
  for(m=0; m<12; m++){
    if( (i==3 && sqlite3_strnicmp(z, azMonth[m], 3)==0)
     || (i==(int)strlen(azMonthFull[m]) && sqlite3_strnicmp(z, azMonthFull[m], i)==0) ){
      break;
    }
  }
  if( m==12 ) return 0;
  if( i>=n || z[i]!=' ' ) return 0;
  while( i<n && z[i]==' ' ) i++;
  while( i<n && z[i]>='0' && z[i]<='9' && nDigit<3 ){ d = d*10 + z[i]-'0'; i++; nDigit++; }
  if( i!=n || nDigit==0 || nDigit>2 || d<1 || d>31 ) return 0;
  *pMonth = m+1;
  *pDay = d;
  return 1;
}

static const char *const azHeader[] = {
  "new", "Get trending papers in your email inbox!", "Subscribe",
  "byAK and the research community"
};

/* 1 if the first SNIFF bytes look like binary data rather than text. */
static int looks_binary(const char *z, size_t n){
  size_t i, nBad = 0;
  const char *zNul;
  if( n>SNIFF ) n = SNIFF;
  /* Text that runs on for a while before its first NUL byte is a text
  ** file with a damaged part (a digest with a sparse or zeroed tail): its
  ** entries are read, and the NUL bytes reported where they are. A binary
  ** format has a NUL, or other control bytes, within its first few bytes. */
  zNul = memchr(z, 0, n);
  if( zNul && zNul-z>=SNIFF_TEXT ) n = (size_t)(zNul-z);
  for(i=0; i<n; ){
    unsigned char c = (unsigned char)z[i];
    int k = utf8_seq_len((const unsigned char*)z+i, n-i);
    if( k==0 ){
      if( i+4<n || c==0 ) nBad++;        /* a cut sequence at the end is fine */
      i++;
    }else{
      if( c<0x20 && c!='\t' && c!='\n' && c!='\r' && c!='\f' && c!='\v' ) nBad++;
      i += k;
    }
  }
  return nBad*20 > n;
}

/* Read the header: skip the known header paragraphs, keep the date label.
** The first paragraph that belongs to neither is left pending as the first
** title. */
static int read_header(PapersReader *r){
  int nHeader = 0, nPara = 0, rc;
  if( r->nData>=3 && memcmp(r->buf, "\xEF\xBB\xBF", 3)==0 ) r->iScan = 3;
  if( looks_binary(r->buf + r->iScan, r->nData - r->iScan) ){
    r->bEof = 1;
    r->iScan = r->nData;
    return report(r, 0, "not a digest: binary data");
  }
  for(;;){
    Para *p = &r->aPara[2];
    rc = next_para(r, p);
    if( rc==SQLITE_DONE ){
      para_drop(p);
      return nPara==0 ? report(r, 0, "empty file") : SQLITE_OK;
    }
    if( rc!=SQLITE_ROW ) return rc;
    nPara++;
    if( p->nRaw<=64 ){
      int i, m, d;
      rc = para_clean(r, p);
      if( rc ) return rc;
      for(i=0; i<(int)(sizeof(azHeader)/sizeof(azHeader[0])); i++){
        if( para_is(r, p, azHeader[i]) ) break;
      }
      if( i<(int)(sizeof(azHeader)/sizeof(azHeader[0])) ){
        nHeader++;
        continue;
      }
      if( parse_label(para_z(r, p), (int)p->nText, &m, &d) ){
        r->zLabel = sqlite3_mprintf("%.*s", (int)p->nText, para_z(r, p));
        para_drop(p);
        return r->zLabel ? SQLITE_OK : SQLITE_NOMEM;
      }
    }
    r->bPending = 1;
    if( nHeader==0 ){
      return report(r, p->iLine, "no header: label is NULL");
    }
    return report(r, p->iLine, "header has no date label");
  }
}

int papers_reader_open(const char *zPath, PapersProblemFn xProblem, void *pCtx,
                       PapersReader **ppReader, char **pzErr){
  PapersReader *r;
  int rc;
  *ppReader = 0;
  *pzErr = 0;
  r = sqlite3_malloc64(sizeof(*r));
  if( r==0 ) return SQLITE_NOMEM;
  memset(r, 0, sizeof(*r));
  r->aPara[0].iStart = r->aPara[1].iStart = r->aPara[2].iStart = NOT_LIVE;
  r->iCrAt = -1;
  r->xProblem = xProblem;
  r->pCtx = pCtx;
  r->zPath = sqlite3_mprintf("%s", zPath);
  if( r->zPath==0 ){
    sqlite3_free(r);
    return SQLITE_NOMEM;
  }
  /* Without blocking: a FIFO put where a digest was listed must not hang
  ** open() (nor, as it is refused below, read()). */
  r->fd = open(zPath, O_RDONLY|O_CLOEXEC|O_NONBLOCK|O_NOCTTY);
  if( r->fd<0 ){
    *pzErr = sqlite3_mprintf("cannot open '%s': %s", zPath, strerror(errno));
    r->fd = -1;
    papers_reader_close(r);
    return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
  }
  {
    struct stat st;
    int fl;
    if( fstat(r->fd, &st)!=0 || !S_ISREG(st.st_mode)
     || (fl = fcntl(r->fd, F_GETFL))<0 || fcntl(r->fd, F_SETFL, fl & ~O_NONBLOCK)<0 ){
      *pzErr = sqlite3_mprintf("cannot read '%s': not a regular file", zPath);
      papers_reader_close(r);
      return *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
    }
  }
  rc = fill(r);
  if( rc==SQLITE_OK ) rc = read_header(r);
  if( rc!=SQLITE_OK ){
    if( rc==SQLITE_IOERR ){
      *pzErr = sqlite3_mprintf("%s", r->zErr);
      rc = *pzErr ? SQLITE_ERROR : SQLITE_NOMEM;
    }
    papers_reader_close(r);
    return rc;
  }
  *ppReader = r;
  return SQLITE_OK;
}

const char *papers_reader_label(PapersReader *r){
  return r->zLabel;
}

const char *papers_reader_errmsg(PapersReader *r){
  return r->zErr;
}

int papers_reader_next(PapersReader *r, PapersEntry *e){
  Para *pTitle = &r->aPara[0], *pAbs = &r->aPara[1];
  int rc;
  memset(e, 0, sizeof(*e));
  para_drop(pTitle);
  para_drop(pAbs);
  r->bHaveAbstract = 0;
  if( r->bPending ){
    para_swap(pTitle, &r->aPara[2]);
    r->bPending = 0;
  }else{
    rc = next_para(r, pTitle);
    if( rc!=SQLITE_ROW ){
      para_drop(pTitle);
      return rc;
    }
  }
  rc = next_para(r, pAbs);
  if( rc==SQLITE_ROW && title_like(pAbs) ){
    para_swap(pAbs, &r->aPara[2]);
    para_drop(pAbs);
    r->bPending = 1;
    rc = SQLITE_DONE;
  }
  if( rc==SQLITE_DONE ){
    para_drop(pAbs);
    rc = report(r, pTitle->iLine, "title with no abstract");
    if( rc ) return rc;
  }else if( rc!=SQLITE_ROW ){
    return rc;
  }else{
    r->bHaveAbstract = 1;
  }
  e->iPosition = ++r->iPosition;
  e->iLine = pTitle->iLine;
  e->iOffset = pTitle->iOffset;
  e->nTitle = -1;          /* text not cleaned yet: see papers_reader_text() */
  return SQLITE_ROW;
}

/* Remember the paper id of the entry; report it if seen before. */
static int check_duplicate(PapersReader *r, const PapersEntry *e){
  char zId[17];
  uint64_t id = 0;
  int i, rc;
  rc = papers_paper_id(e->zTitle, e->nTitle, zId);
  if( rc ) return rc;
  for(i=0; i<16; i++){
    id = id*16 + (uint64_t)(zId[i]<='9' ? zId[i]-'0' : zId[i]-'a'+10);
  }
  if( r->nId*2>=r->nIdAlloc ){
    int nNew = r->nIdAlloc ? r->nIdAlloc*2 : 64, j;
    IdSlot *aNew = sqlite3_malloc64(sizeof(IdSlot)*nNew);
    if( aNew==0 ) return SQLITE_NOMEM;
    memset(aNew, 0, sizeof(IdSlot)*nNew);
    for(j=0; j<r->nIdAlloc; j++){
      if( r->aId[j].iPosition ){
        int h = (int)(r->aId[j].id & (uint64_t)(nNew-1));
        while( aNew[h].iPosition ) h = (h+1) & (nNew-1);
        aNew[h] = r->aId[j];
      }
    }
    sqlite3_free(r->aId);
    r->aId = aNew;
    r->nIdAlloc = nNew;
  }
  i = (int)(id & (uint64_t)(r->nIdAlloc-1));
  while( r->aId[i].iPosition ){
    if( r->aId[i].id==id ){
      return r->aId[i].iPosition==e->iPosition ? SQLITE_OK
           : report(r, e->iLine, "same paper as entry %d (line %d)",
                    r->aId[i].iPosition, r->aId[i].iLine);
    }
    i = (i+1) & (r->nIdAlloc-1);
  }
  r->aId[i].id = id;
  r->aId[i].iPosition = e->iPosition;
  r->aId[i].iLine = e->iLine;
  r->nId++;
  return SQLITE_OK;
}

int papers_reader_text(PapersReader *r, PapersEntry *e){
  Para *pTitle = &r->aPara[0], *pAbs = &r->aPara[1];
  int rc;
  if( e->nTitle>=0 ) return SQLITE_OK;
  rc = para_clean(r, pTitle);
  if( rc==SQLITE_OK && r->bHaveAbstract ) rc = para_clean(r, pAbs);
  if( rc ) return rc;
  e->zTitle = para_z(r, pTitle);
  e->nTitle = (int)pTitle->nText;
  if( r->bHaveAbstract ){
    e->zAbstract = para_z(r, pAbs);
    e->nAbstract = (int)pAbs->nText;
  }
  return r->xProblem ? check_duplicate(r, e) : SQLITE_OK;
}

int papers_reader_seek(PapersReader *r, sqlite3_int64 iOffset, int iPosition,
                       int iLine){
  int i;
  if( lseek(r->fd, (off_t)iOffset, SEEK_SET)<0 ){
    sqlite3_free(r->zErr);
    r->zErr = sqlite3_mprintf("cannot seek in '%s': %s", r->zPath, strerror(errno));
    return r->zErr ? SQLITE_IOERR : SQLITE_NOMEM;
  }
  r->nData = r->iScan = 0;
  r->iBufOffset = iOffset;
  r->iLine = iLine-1;
  r->bEof = r->bPrevCR = r->bPending = r->bHaveAbstract = 0;
  r->bSeek = 1;
  r->iPosition = iPosition-1;
  r->iCrFrom = r->iCrTo = 0;
  r->iCrAt = -1;
  for(i=0; i<3; i++) para_drop(&r->aPara[i]);
  return SQLITE_OK;
}

void papers_reader_close(PapersReader *r){
  int i;
  if( r==0 ) return;
  if( r->fd>=0 ) close(r->fd);
  for(i=0; i<3; i++){
    sqlite3_free(r->aPara[i].zSide);
    sqlite3_free(r->aPara[i].zCut);
  }
  sqlite3_free(r->buf);
  sqlite3_free(r->zPath);
  sqlite3_free(r->zLabel);
  sqlite3_free(r->aId);
  sqlite3_free(r->zErr);
  sqlite3_free(r);
}

/* ------------------------------------------------------------- paper id */


typedef struct IdHash IdHash;
struct IdHash { uint64_t h; int bSep; int bAny; };

/* Feed one kept byte; a pending separator becomes one space between words. */
static void idhash_byte(IdHash *p, unsigned char c){
  if( p->bSep && p->bAny ){
    p->h = (p->h ^ ' ') * PAPERS_FNV64_PRIME;
  }
  p->h = (p->h ^ c) * PAPERS_FNV64_PRIME;
  p->bSep = 0;
  p->bAny = 1;
}

static void idhash_hex(const IdHash *p, char zOut[17]){
  static const char hex[] = "0123456789abcdef";
  int i;
  for(i=0; i<16; i++) zOut[i] = hex[(p->h >> (60 - 4*i)) & 0xf];
  zOut[16] = 0;
}

int papers_paper_id(const char *zTitle, int nTitle, char zOut[17]){
  IdHash st = { PAPERS_FNV64_OFFSET, 0, 0 };
  const unsigned char *z = (const unsigned char*)zTitle;
  const utf8proc_option_t opts = UTF8PROC_STABLE|UTF8PROC_COMPAT|UTF8PROC_CASEFOLD
                               |UTF8PROC_COMPOSE;
  utf8proc_int32_t *aCp;
  utf8proc_ssize_t nCp, i;
  int j;

  for(j=0; j<nTitle && z[j]<0x80; j++){}
  if( j==nTitle ){
    /* ASCII: letters and digits are kept (lower-cased), all else folds. */
    for(j=0; j<nTitle; j++){
      unsigned char c = z[j];
      if( (c>='a' && c<='z') || (c>='0' && c<='9') ) idhash_byte(&st, c);
      else if( c>='A' && c<='Z' ) idhash_byte(&st, c+32);
      else st.bSep = 1;
    }
    idhash_hex(&st, zOut);
    return SQLITE_OK;
  }
  /* NFKC + case folding through utf8proc; then letters, marks and numbers
  ** are kept and everything else (spaces, punctuation, symbols) folds. */
  nCp = utf8proc_decompose(z, nTitle, 0, 0, opts);
  if( nCp<0 ){
    /* Not valid UTF-8 (callers pass cleaned text, so only by misuse). */
    for(j=0; j<nTitle; j++) idhash_byte(&st, z[j]);
    idhash_hex(&st, zOut);
    return SQLITE_OK;
  }
  aCp = sqlite3_malloc64(sizeof(utf8proc_int32_t)*(nCp+1));
  if( aCp==0 ) return SQLITE_NOMEM;
  nCp = utf8proc_decompose(z, nTitle, aCp, nCp, opts);
  nCp = utf8proc_normalize_utf32(aCp, nCp, opts);
  for(i=0; i<nCp; i++){
    utf8proc_category_t cat = utf8proc_category(aCp[i]);
    if( cat>=UTF8PROC_CATEGORY_LU && cat<=UTF8PROC_CATEGORY_NO ){
      utf8proc_uint8_t buf[4];
      utf8proc_ssize_t k = utf8proc_encode_char(aCp[i], buf), m;
      for(m=0; m<k; m++) idhash_byte(&st, buf[m]);
    }else{
      st.bSep = 1;
    }
  }
  sqlite3_free(aCp);
  idhash_hex(&st, zOut);
  return SQLITE_OK;
}

/* ---------------------------------------------------------- digest date */

static int days_in_month(int y, int m){
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  if( m==2 && ((y%4==0 && y%100!=0) || y%400==0) ) return 29;
  return aDays[m-1];
}

static int valid_date(int y, int m, int d){
  return y>=1900 && y<=2999 && m>=1 && m<=12 && d>=1 && d<=days_in_month(y, m);
}

static int is_digit(char c){ return c>='0' && c<='9'; }

static int num(const char *z, int n){
  int v = 0, i;
  for(i=0; i<n; i++) v = v*10 + z[i]-'0';
  return v;
}

/* A YYYY-MM-DD or YYYYMMDD in z that is not part of a longer number. */
static int date_in_name(const char *z, int *pY, int *pM, int *pD){
  int n = (int)strlen(z), i;
  for(i=0; i+8<=n; i++){
    if( i>0 && is_digit(z[i-1]) ) continue;
    if( i+10<=n && is_digit(z[i]) && is_digit(z[i+1]) && is_digit(z[i+2])
     && is_digit(z[i+3]) && z[i+4]=='-' && is_digit(z[i+5]) && is_digit(z[i+6])
     && z[i+7]=='-' && is_digit(z[i+8]) && is_digit(z[i+9])
     && (i+10==n || !is_digit(z[i+10])) ){
      *pY = num(z+i, 4);  *pM = num(z+i+5, 2);  *pD = num(z+i+8, 2);
      if( valid_date(*pY, *pM, *pD) ) return 1;
    }
    {
      int k;
      for(k=0; k<8 && is_digit(z[i+k]); k++){}
      if( k==8 && (i+8==n || !is_digit(z[i+8])) ){
        *pY = num(z+i, 4);  *pM = num(z+i+4, 2);  *pD = num(z+i+6, 2);
        if( valid_date(*pY, *pM, *pD) ) return 1;
      }
    }
  }
  return 0;
}

int papers_digest_date(const char *zRel, const char *zLabel, int iYear,
                       char zOut[11]){
  int y = 0, m = 0, d = 0;
  const char *zBase = zRel ? strrchr(zRel, '/') : 0;
  zBase = zBase ? zBase+1 : zRel;
  if( zBase && date_in_name(zBase, &y, &m, &d) ){
    /* the file name says it all */
  }else if( iYear>0 && zLabel && parse_label(zLabel, (int)strlen(zLabel), &m, &d)
         && valid_date(iYear, m, d) ){
    y = iYear;
  }else{
    return 0;
  }
  sqlite3_snprintf(11, zOut, "%04d-%02d-%02d", y, m, d);
  return 1;
}
