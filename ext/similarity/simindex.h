/*
** simindex.h: an in-memory TF-IDF index over the distinct papers of a set
** of digest files (ext/similarity/simindex.c), behind the `similar_to` and `score`
** columns of the `digests` table.
**
** Documents are the abstracts of the distinct papers, each paper_id at its
** first appearance in path order (a paper without an abstract is a document
** with no term). Terms come from the shared tokenizer core with options
** "stem stopwords". Weights follow scikit-learn's
** TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm='l2'):
**     w(t,d) = (1 + ln tf(t,d)) * idf(t),  idf(t) = ln((1+N)/(1+df(t))) + 1,
** and every document vector has unit length. A query text is vectorised the
** same way (terms the corpus does not have are left out) and a document's
** score is the cosine of the two vectors.
**
** Usage:
**   PapersSimIndex *pIdx;  char *zErr = 0;
**   rc = papers_simindex_build(&fileList, 2, xBusy, pBusyArg, &pIdx, &zErr);
**   rc = papers_simindex_query(pIdx, zText, nText, 10, xAccept, pArg,
**                              &aHit, &nHit);
**   ... aHit[0..nHit) best first; sqlite3_free(aHit);
**   if( papers_simindex_stale(pIdx, &newFileList) ) rebuild;
**   papers_simindex_free(pIdx);
**
** An index holds a tokenizer and query scratch, so it is used by one
** thread at a time (one per connection, which SQLite serialises).
*/
#ifndef PAPERS_SIMINDEX_H
#define PAPERS_SIMINDEX_H

#include "reader.h"

typedef struct PapersSimIndex PapersSimIndex;

/* Scores are given on a grid of 2^-32 (about 2.3e-10), capped at 1: two
** papers whose scores differ only by rounding (the same terms summed in
** another order, a norm from other sums) rank as a tie, in path order,
** whichever index computed them, in memory or saved. */
#define PAPERS_SIM_GRID (1.0/4294967296.0)
static inline double papers_sim_round(double s){
  if( s>=1.0 ) return 1.0;
  return (double)(sqlite3_int64)(s*4294967296.0 + 0.5) / 4294967296.0;
}

/* One result: where the paper's entry is (for papers_reader_seek) and its
** cosine score in [0, 1]. */
typedef struct PapersSimHit PapersSimHit;
struct PapersSimHit {
  int iDoc;                  /* document number, 0-based in path order */
  int iFile;                 /* index in the file list the index was built on */
  sqlite3_int64 iOffset;     /* entry's byte offset, position and line */
  int iPosition;
  int iLine;
  double score;
  sqlite3_uint64 pid;        /* the paper id of the entry, when bPid */
  int bPid;                  /* set by the saved index (ext/similarity/simstore.c) */
};

/* Build the index over the files of pFiles (the list is copied: names,
** sizes and mtimes, for papers_simindex_stale()). With nThread >= 2 the
** second half of the files is read and tokenised on a second thread (each
** thread with its own tokenizer; memory from sqlite3_malloc, so only when
** SQLite's allocator is serialised), then merged in path order: the index
** is the same as with one thread. xBusy, when not NULL, is
** called every 16 documents with pBusyArg (from the calling thread only); a
** non-zero return stops the build with SQLITE_INTERRUPT. This is the hook
** through which a caller makes a long build interruptible: SQLite 3.40 has
** no sqlite3_is_interrupted(), so the digests table steps a trivial
** statement, which fails when the connection is interrupted and runs the
** progress handler as its opcodes add up.
** Returns SQLITE_OK, SQLITE_NOMEM, SQLITE_INTERRUPT, or SQLITE_ERROR with
** *pzErr (sqlite3_malloc'd) naming the file and the reason. */
int papers_simindex_build(const PapersFileList *pFiles, int nThread,
                          int (*xBusy)(void*), void *pBusyArg,
                          PapersSimIndex **ppIdx, char **pzErr);

/* One entry of a digest file as the build met it: its paper id (the 64-bit
** value of the 16 hex digits), file (index in the list) and place. */
typedef struct PapersSimEntry PapersSimEntry;
struct PapersSimEntry {
  sqlite3_uint64 pid;
  int iFile;
  int iPosition;
  int iLine;
  sqlite3_int64 iOffset;
};

/* papers_simindex_build(), also handing back every entry read (not only
** the first appearances that became documents), in path order, as a
** sqlite3_malloc'd array in *paEnt of *pnEnt entries (when paEnt is not
** NULL). The saved index keeps where each paper appears from them. */
int papers_simindex_build_ex(const PapersFileList *pFiles, int nThread,
                             int (*xBusy)(void*), void *pBusyArg,
                             PapersSimEntry **paEnt, sqlite3_int64 *pnEnt,
                             PapersSimIndex **ppIdx, char **pzErr);
void papers_simindex_free(PapersSimIndex *pIdx);

/* 1 if pFiles differs from the list the index was built on: another file,
** one file fewer or more, a different size, mtime or inode, or a file the
** build could not read that can be read now. */
int papers_simindex_stale(const PapersSimIndex *pIdx, const PapersFileList *pFiles);

/* The first file the build passed over because it could not be read: its
** reason (its index in *piFile), or NULL when every file was read. */
const char *papers_simindex_problem(const PapersSimIndex *pIdx, int *piFile);

/* The k best documents for the query text, best first (ties: earlier
** document first), among those whose file xAccept accepts (xAccept NULL:
** all; it is called at most once per file per query). k<0 means every
** accepted document, in score order; documents that share no term with the
** query score 0 and come after those that do. Exact top-k by MaxScore: the
** posting lists of terms whose bounds cannot lift a document into the top
** k are not read; candidates are scored exactly from their forward lists.
** *paHit is sqlite3_malloc'd (NULL when *pnHit is 0). SQLITE_OK or
** SQLITE_NOMEM. */
int papers_simindex_query(PapersSimIndex *pIdx, const char *zQuery, int nQuery,
                          int k, int (*xAccept)(void*, int iFile), void *pArg,
                          PapersSimHit **paHit, int *pnHit);

/* What an index holds, for saving it (ext/similarity/simstore.c). Terms are numbered
** 0..nterm-1, documents 0..ndoc-1 in path order. A term's postings are its
** documents in increasing order with their tf; a document's forward list
** is its terms in increasing order with their tf. Pointers stay valid
** until the index is freed. */
int papers_simindex_nterm(const PapersSimIndex *pIdx);
const char *papers_simindex_term(const PapersSimIndex *pIdx, int iTerm, int *pnTerm);
void papers_simindex_postings(const PapersSimIndex *pIdx, int iTerm,
                              const unsigned **paDoc, const unsigned short **paTf,
                              int *pn);
void papers_simindex_forward(const PapersSimIndex *pIdx, int iDoc,
                             const unsigned **paTerm, const unsigned short **paTf,
                             int *pn);
void papers_simindex_doc(const PapersSimIndex *pIdx, int iDoc, int *piFile,
                         sqlite3_int64 *piOffset, int *piPosition, int *piLine,
                         double *pInvNorm);

/* An index made again from saved terms and documents, with no file read:
**   papers_simindex_load_new(&files, &L);      // the files of the documents
**   papers_simindex_load_term(L, z, n) ...     // terms, numbered in call order
**   papers_simindex_load_doc(L, iFile, ...)    // documents in path order,
**                                              // their forward lists
**   papers_simindex_load_finish(L, nThread, &pIdx);
**   papers_simindex_load_free(L);              // always
** idf, norms, postings and bounds are computed as a build computes them.
** load_term and load_doc return SQLITE_CORRUPT for a term given twice, a
** file or term number out of range, a term twice in one document or a tf
** of 0; else SQLITE_OK or SQLITE_NOMEM. */
typedef struct PapersSimLoad PapersSimLoad;
int papers_simindex_load_new(const PapersFileList *pFiles, PapersSimLoad **ppLoad);
int papers_simindex_load_term(PapersSimLoad *pLoad, const char *zTerm, int nTerm);
int papers_simindex_load_doc(PapersSimLoad *pLoad, int iFile, sqlite3_int64 iOffset,
                             int iPosition, int iLine, const unsigned *aTerm,
                             const unsigned short *aTf, int nTerm);
int papers_simindex_load_finish(PapersSimLoad *pLoad, int nThread,
                                PapersSimIndex **ppIdx);
void papers_simindex_load_free(PapersSimLoad *pLoad);

/* Why file iFile (index in the list the index was built on) was passed
** over, or NULL when it was read. */
const char *papers_simindex_file_problem(const PapersSimIndex *pIdx, int iFile);

/* Number of documents; bytes of memory held by the index. */
int papers_simindex_ndoc(const PapersSimIndex *pIdx);
sqlite3_int64 papers_simindex_bytes(const PapersSimIndex *pIdx);

/* Process-wide number of successful builds so far (for tests: a second
** query in a connection must not build again). */
sqlite3_int64 papers_simindex_builds(void);

#endif /* PAPERS_SIMINDEX_H */
