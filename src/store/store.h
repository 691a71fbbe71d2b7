/* store.h: the only place that talks SQL.
 *
 * A store is shared by all threads; each thread gets its own SQLite
 * connection on first use (WAL, foreign keys, busy timeout), with its
 * prepared statements cached by id.  Every function returns 0 on success
 * and -1 on failure with a one-line reason in err (when err is given);
 * none of them exits the process.
 */
#ifndef NEWSDESK_STORE_H
#define NEWSDESK_STORE_H

#include <stdint.h>

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
int store_ping(struct store *s);

/* Accounts (users.c) */
int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    struct buf *err);

/* The persistent job queue (jobs.c).  A job is (kind, subject); at most
 * one of each is live (queued or running) at a time. */
struct store_job {
	int64_t id;
	char kind[32];
	int64_t subject_id;
	char state[16];
	int attempts;
	int64_t run_after;
	char last_error[512];
};

/* Queues a job unless one is live already; *id gets the live job's id. */
int store_job_enqueue(struct store *s, const char *kind, int64_t subject_id,
		      int64_t now, int64_t *id, struct buf *err);
/* Claims the oldest due job: 1 with *job filled, 0 when none is due. */
int store_job_claim(struct store *s, int64_t now, struct store_job *job,
		    struct buf *err);
int store_job_done(struct store *s, int64_t id, int64_t now, struct buf *err);
int store_job_retry(struct store *s, int64_t id, int64_t run_after,
		    const char *error, int64_t now, struct buf *err);
int store_job_fail(struct store *s, int64_t id, const char *error, int64_t now,
		   struct buf *err);
/* Puts jobs left running by a stopped process back in the queue; *count
 * gets how many. */
int store_job_requeue_running(struct store *s, int64_t now, int *count,
			      struct buf *err);
int store_job_get(struct store *s, int64_t id, struct store_job *job,
		  struct buf *err);

#endif
