/* store.h: the only place that talks SQL: the store itself (opening,
 * migrations, durability, the writer).  Each table's rows and functions
 * have a header of their own (store/users.h, store/jobs.h, …).
 *
 * A store is shared by all threads; each thread gets its own SQLite
 * connection on first use (WAL, foreign keys, busy timeout), with its
 * prepared statements cached by id.  Every function returns 0 on success
 * and -1 on failure with a one-line reason in err (when err is given);
 * none of them exits the process.
 */
#ifndef NEWSDESK_STORE_H
#define NEWSDESK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/states.h"
#include "util/buf.h"

struct store;

/* Opens (creating the file and its folder when missing) and checks that the
 * schema is not newer than this binary knows.  Does not migrate. */
struct store *store_open(const char *path, int64_t busy_timeout_ms,
			 struct buf *err);
/* Closes every per-thread connection.  No thread may use the store after. */
void store_close(struct store *s);

int store_schema_version(struct store *s, int *version, struct buf *err);
int store_latest_version(void);
/* Applies migrations up to target (store_latest_version() for all), each in
 * its own transaction that also bumps PRAGMA user_version. */
int store_migrate(struct store *s, int target, struct buf *err);
/* Consistent copy to dest through SQLite's online backup API. */
int store_backup(struct store *s, const char *dest, struct buf *err);
/* A trivial query: is the database answering? */
/* SQLite's data_version on this thread's connection: it changes when any
 * other connection (another process: `newsdesk import`) commits. */
int64_t store_data_version(struct store *s);
/* The last commit failed (a full disk, an I/O error): reads may still
 * answer while nothing can be written (for /healthz). */
bool store_commits_failing(struct store *s);
int store_ping(struct store *s);

/* Durability (durability.c).  full: a commit is on disk before
 * store_durable_barrier() returns, with one fsync for every commit that
 * arrived meanwhile; process (false): commits survive a crash of the
 * process, not of the machine, and the barrier returns at once. */
int store_durability_start(struct store *s, bool full, struct buf *err);
/* Waits until this thread's commits are on disk (see above); every answer
 * that acknowledges a write calls it first. */
void store_durable_barrier(struct store *s);
/* The same without blocking a thread: this thread's last commit that is
 * not on disk yet (0: none, answer at once), and a call of fn(arg), from
 * the flusher's thread, once it is. */
uint64_t store_take_pending_commit(struct store *s);
void store_when_durable(struct store *s, uint64_t seq, void (*fn)(void *arg), void *arg);
const char *store_durability_name(const struct store *s);

/* A write whose caller does not wait (writer.c): queued for the store's
 * writer thread, which runs every write waiting in one transaction, as
 * every other write.  run() runs there, as a write section of its own (a
 * failure, -1 with err set, undoes it alone); done() is called on the same
 * thread after the commit, with run's result or -1 when the commit failed
 * (err then says why), and the number of the commit that holds the write
 * (0 when nothing was kept) for store_when_durable.  w must live until
 * done(). */
struct store_async {
	int (*run)(struct store *s, void *arg, struct buf *err);
	void (*done)(void *arg, int rc, const char *err, uint64_t seq);
	void *arg;
	/* the store's own */
	struct store_async *next;
	int rc;
	uint64_t seq;
	struct buf err;
};
void store_write_async(struct store *s, struct store_async *w);

#endif
