/* store_internal.h: what the store's own files share (not for callers). */
#ifndef NEWSDESK_STORE_INTERNAL_H
#define NEWSDESK_STORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <sys/types.h>

#include "store/store.h"

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
	STMT_SUB_REQUEST_CHANGES,
	STMT_SUB_REVISE,
	STMT_SUB_EVENT_ADD,
	STMT_SUB_EVENTS,
	STMT_SUB_BY_GITHUB,
	STMT_SESSION_GITHUB_DUE,
	STMT_COMMENT_FORGET_ADDRESSES,
	STMT_SUB_TWIN,
	STMT_SUB_HARVEST_FIND,
	STMT_SUB_HARVEST_INSERT,
	STMT_SUB_HARVEST_UPDATE,
	STMT_HARVEST_REPORT_SET,
	STMT_HARVEST_REPORT_GET,
	STMT_HARVEST_REPORT_NEWEST,
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
	STMT_REACTION_ADD,
	STMT_REACTION_REMOVE,
	STMT_REACTION_COUNTS,
	STMT_REACTION_MINE,
	STMT_REACTION_IMPORTED_CLEAR,
	STMT_REACTION_IMPORTED_SET,
	STMT_MAIL_ADDRESS_UPSERT,
	STMT_MAIL_DIGEST_ADDRESS_UPSERT,
	STMT_MAIL_ADDRESS_GET,
	STMT_MAIL_SUPPRESSED,
	STMT_MAIL_SUPPRESS,
	STMT_MAIL_SUBSCRIBE,
	STMT_MAIL_CONFIRM_DUE,
	STMT_MAIL_AWAITING,
	STMT_MAIL_CONFIRM_MAILED,
	STMT_MAIL_SUBSCRIPTION_OF,
	STMT_MAIL_CONFIRM_ADDRESS,
	STMT_MAIL_CONFIRM,
	STMT_MAIL_PURGE_SUBSCRIPTIONS,
	STMT_MAIL_PURGE_ADDRESSES,
	STMT_MAIL_UNSUBSCRIBE_COMMENT,
	STMT_MAIL_UNSUBSCRIBE_ALL,
	STMT_MAIL_DROP_SUBSCRIPTIONS,
	STMT_MAIL_FORGET_COMMENTS,
	STMT_MAIL_ADDRESS_DELETE,
	STMT_MAIL_WAS_SENT,
	STMT_MAIL_SENT,
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
	bool is_writer;          /* the writer thread's: the write connection */
	int writing;             /* the writer in a write section (its depth) */
};

struct store {
	char *path;
	int64_t busy_timeout_ms;
	pthread_key_t key;
	pthread_mutex_t mu;
	struct conn *conns;
	struct durability dur;
	/* The one writer (writer.c): the thread that runs every write
	 * section, its connection (the only one that writes), the sections
	 * queued for it, and where their waiting callers sleep. */
	struct conn *writer;
	atomic_bool commits_failing;   /* the disk refused the last write (full, I/O error) */
	pthread_mutex_t async_mu;
	pthread_cond_t async_work;     /* a section is queued */
	pthread_cond_t async_done;     /* a waiting caller's section is told */
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

/* Write sections (writer.c).  Every write is a section: run(s, arg, err)
 * on the store's writer thread, inside a savepoint of the transaction the
 * sections queued with it share; store_stmt there gives statements on the
 * write connection.  run returns 0 to keep what it wrote, or -1 with err
 * set to undo it alone.  store_write returns once the section is
 * committed: 0, or -1 with err set (its own error, or the commit's); the
 * commit then is this thread's pending one (store_take_pending_commit,
 * store_durable_barrier).  Called from a section, it runs at once, as a
 * savepoint inside it. */
typedef int (*store_section_fn)(struct store *s, void *arg, struct buf *err);
int store_write(struct store *s, store_section_fn run, void *arg, struct buf *err);

/* A statement's parameter, bound in order as ?1, ?2, … */
struct store_param {
	enum { PARAM_INT, PARAM_REF, PARAM_TEXT, PARAM_BLOB } kind;
	int64_t i;
	const void *p;   /* text, blob: NULL binds SQL NULL */
	int n;           /* a blob's bytes */
};
#define PARAM_INT(v) ((struct store_param){ .kind = PARAM_INT, .i = (v) })
/* a row's id, or SQL NULL when it is 0 (no parent) */
#define PARAM_REF(v) ((struct store_param){ .kind = PARAM_REF, .i = (v) })
#define PARAM_TEXT(v) ((struct store_param){ .kind = PARAM_TEXT, .p = (v) })
#define PARAM_BLOB(v, len) ((struct store_param){ .kind = PARAM_BLOB, .p = (v), .n = (int)(len) })

/* One statement, its parameters and what it did (a write: the rows it
 * changed, the row it inserted). */
struct store_one {
	enum stmt id;
	const char *what;               /* for the error: "save comment" */
	const struct store_param *params;
	size_t n;
	int changes;                    /* rows it changed */
	int64_t rowid;                  /* the row it inserted */
};
#define STORE_ONE(id, what, params) { (id), (what), (params), sizeof (params) / sizeof *(params), 0, 0 }
/* The statement id with its parameters bound (NULL with err set). */
sqlite3_stmt *store_bound(struct store *s, enum stmt id, const struct store_param *p, size_t n,
			  struct buf *err);
/* Inside a section: runs one and reads what it did. */
int store_step_one(struct store *s, struct store_one *one, struct buf *err);
/* One statement as a section of its own (store_write). */
int store_write_one(struct store *s, struct store_one *one, struct buf *err);

/* Reads the row a statement stands on (its columns) into arg. */
typedef void (*store_row_fn)(sqlite3_stmt *st, void *arg);
/* q's first row to read(st, out), the rest stepped through (a RETURNING
 * statement's work ends with its last row): 1 when there was a row, 0 when
 * none, -1 with err set.  In a section or out of one. */
int store_row(struct store *s, const struct store_one *q, store_row_fn read, void *out,
	      struct buf *err);
/* store_row of the statement stmt whose one parameter is a row's id. */
int store_row_by_id(struct store *s, enum stmt stmt, const char *what, int64_t id,
		    store_row_fn read, void *out, struct buf *err);
/* Every row of q to fn(st, arg): 0, or -1 with err set. */
int store_rows(struct store *s, const struct store_one *q, store_row_fn fn, void *arg,
	       struct buf *err);
/* A caller's typed row callback and its argument, carried through
 * store_rows to the reader that builds the row and calls it back (the
 * reader casts fn to the callback's own type). */
struct store_callback {
	void (*fn)(void);
	void *arg;
};
#define STORE_CALLBACK(f, a) { (void (*)(void))(f), (a) }
/* A row reader: column 0 into the int64_t at out. */
void store_read_int(sqlite3_stmt *st, void *out);
/* The index of name in a name table (states.c), or -1. */
int store_name_find(const char *const *names, size_t n, const char *name);
/* Frees each of a row's strings and sets it NULL. */
void store_free_texts(char **const texts[], size_t n);
#define STORE_FREE_TEXTS(texts) store_free_texts((texts), sizeof (texts) / sizeof *(texts))

#endif
