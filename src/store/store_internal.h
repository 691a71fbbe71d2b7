/* store_internal.h: what the store's own files share (not for callers). */
#ifndef NEWSDESK_STORE_INTERNAL_H
#define NEWSDESK_STORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <sys/types.h>

#include "store/store.h"
#include "util/fifo_lock.h"

/* Every statement the program runs, addressed by id (stmts.c). */
enum stmt {
	STMT_PING,
	STMT_USER_UPSERT_PASSWORD,
	STMT_JOB_ENQUEUE,
	STMT_JOB_FIND_LIVE,
	STMT_JOB_CLAIM,
	STMT_JOB_CLAIM_LANE,
	STMT_JOB_DONE,
	STMT_JOB_RETRY,
	STMT_JOB_FAIL,
	STMT_JOB_REQUEUE_RUNNING,
	STMT_JOB_GET,
	STMT_SUB_INSERT,
	STMT_SUB_GET,
	STMT_SUB_GET_BY_TOKEN,
	STMT_SUB_SET_STATUS,
	STMT_SUB_APPROVE,
	STMT_SUB_SET_BRANCH,
	STMT_SUB_SET_COMMIT,
	STMT_SUB_SET_PR,
	STMT_SUB_SET_ERROR,
	STMT_SUB_SET_NOTE,
	STMT_SUB_IDS_BY_STATUS,
	STMT_WEBHOOK_SEEN,
	STMT_WEBHOOK_PRUNE,
	STMT_USER_BY_NAME,
	STMT_SESSION_CREATE,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_PRUNE,
	STMT_AUDIT_ADD,
	STMT_SUB_LIST,
	STMT_SUB_LIST_ALL,
	STMT_SUB_EDIT,
	STMT_SUB_WITHDRAW,
	STMT_SUB_REJECT,
	STMT_SUB_TWIN,
	STMT_USER_END_SESSIONS,
	STMT_USER_REMOVE,
	STMT_USER_LIST,
	STMT_COMMENT_INSERT,
	STMT_COMMENT_GET,
	STMT_COMMENT_PAGE,
	STMT_COMMENT_BY_STATUS,
	STMT_COMMENT_RECENT,
	STMT_COMMENT_RECENT_PAGE,
	STMT_COMMENT_COUNT,
	STMT_COMMENT_DUPLICATE,
	STMT_COMMENT_EDIT,
	STMT_COMMENT_SET_STATUS,
	STMT_COMMENT_REPARENT,
	STMT_COMMENT_DELETE,
	STMT_KEY_CREATE,
	STMT_KEY_GET,
	STMT_KEY_DROP,
	STMT_DATA_VERSION,
	STMT_JOB_WAIT,
	STMT_SUB_SET_CHECKS,
	STMT_SUB_MONTHLY_BATCH,
	STMT_STATS_JOBS,
	STMT_STATS_COMMENTS,
	STMT_STATS_SUBMISSIONS,
	STMT_OAUTH_STATE_PUT,
	STMT_OAUTH_STATE_TAKE,
	STMT_OAUTH_STATE_PRUNE,
	STMT_GITHUB_USER_UPSERT,
	STMT_SESSION_CHECKED,
	STMT_COMMENT_GITHUB_TRUSTED,
	STMT_GITHUB_LOGIN_RELEASE,
	STMT_COMMENT_VOUCHER_REVOKED,
	STMT_COMMENT_IMPORT,
	STMT_COMMENT_BY_GITHUB_COMMENT,
	STMT_COMMENT_IMPORTED_PAGES,
	STMT__MAX
};

struct durable_waiter {
	struct durable_waiter *next;
	uint64_t seq;
	void (*fn)(void *arg);
	void *arg;
};

/* Group flushes of the write-ahead log (durability.c). */
struct durability {
	bool full;               /* storage.durability = "full" */
	bool running, stopping, dir_synced;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work;     /* a commit waits to be flushed */
	pthread_cond_t done;     /* a flush ended */
	uint64_t committed;      /* commits in the WAL, numbered */
	uint64_t synced;         /* all up to this one are on disk */
	struct durable_waiter *waiters;  /* called once their commit is flushed */
	int fd;                  /* the -wal file */
	ino_t ino;
};

/* One thread's connection and its prepared statements. */
struct conn {
	struct store *owner;
	sqlite3 *db;
	sqlite3_stmt *st[STMT__MAX];
	struct conn *prev, *next;
	uint64_t pending_seq;    /* this thread's last commit, not yet waited for */
	int64_t rowid;           /* of its last store_write_done */
	int changes;
	int writing;             /* in a write section (its depth): statements
				  * run on the store's writer connection */
};

struct batch;

struct store {
	char *path;
	int64_t busy_timeout_ms;
	pthread_key_t key;
	pthread_mutex_t mu;
	struct conn *conns;
	struct durability dur;
	/* The one writer (writer.c): its connection, the lock writers take in
	 * turn (not SQLite's busy handler), how many wait for it, and the
	 * transaction their sections share. */
	struct conn *writer;
	struct fifo_lock write_mu;
	atomic_int write_queued;
	atomic_bool commits_failing;   /* the disk refused the last write (full, I/O error) */
	struct batch *batch;
	pthread_mutex_t batch_mu;
	pthread_cond_t batch_done;
	/* writes nobody waits for, and the thread that runs them */
	pthread_mutex_t async_mu;
	pthread_cond_t async_work;
	struct store_async *async_head, **async_tail;
	bool async_running, async_stopping;
	pthread_t async_thread;
};

struct conn *store_thread_conn(struct store *s);
void store_durability_init(struct durability *d);
void store_durability_attach(struct conn *c);
void store_durability_stop(struct durability *d);


/* The calling thread's connection; NULL with err set when it cannot open. */
sqlite3 *store_conn(struct store *s, struct buf *err);
/* A reset, cleared prepared statement for id on this thread's connection. */
sqlite3_stmt *store_stmt(struct store *s, enum stmt id, struct buf *err);
int store_fail(sqlite3 *db, const char *what, struct buf *err);
/* Column i as a malloc'd string, NULL for SQL NULL. */
char *store_col_text(sqlite3_stmt *st, int i);
/* ?1..?4 of a comment row: page, parent (NULL for none), author, its key. */
void store_bind_comment_head(sqlite3_stmt *st, const char *page, int64_t parent_id,
			     const char *author, const char *author_key);
/* Binds v, or NULL when v is NULL. */
void store_bind_opt(sqlite3_stmt *st, int i, const char *v);
/* Runs a statement that returns no rows and resets it. */
int store_step_done(sqlite3_stmt *st, const char *what, struct buf *err);
/* This thread's own connection, opened on first use. */
struct conn *store_own_conn(struct store *s, struct buf *err);
/* Opens a cached connection (listed for store_close). */
struct conn *store_conn_open(struct store *s, struct buf *err);
int store_exec(sqlite3 *db, const char *sql, struct buf *err);
void store_async_init(struct store *s);
/* Runs what is queued, then stops the writer thread. */
void store_async_stop(struct store *s);

/* Write sections (writer.c).  Every write runs between store_write_begin
 * and store_write_end, and every statement it prepares with store_stmt in
 * between runs on the one write connection.  Sections nest (savepoints).
 * end(rc) keeps the section's writes when rc is 0 and undoes them
 * otherwise; the outermost end returns once they are committed: 0, or -1
 * with err set.  begin failing (-1) opens nothing. */
int store_write_begin(struct store *s, struct buf *err);
int store_write_end(struct store *s, int rc, struct buf *err);
/* A one-statement section: the statement on the write connection, NULL
 * (nothing open) on failure; bind it, then store_write_done steps it and
 * ends the section. */
sqlite3_stmt *store_write_stmt(struct store *s, enum stmt id, struct buf *err);
int store_write_done(struct store *s, sqlite3_stmt *st, const char *what, struct buf *err);
/* The row id it inserted and the rows it changed (this thread's last). */
int64_t store_last_rowid(struct store *s);
int store_last_changes(struct store *s);

#endif
