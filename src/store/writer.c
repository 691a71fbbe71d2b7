/* writer.c: the process's one writer, and group commit of transactions.
 *
 * Every write the process makes is a section (a function and its
 * argument) queued to one writer thread, which alone holds the write
 * connection.  The thread takes every section that waits (up to
 * BATCH_MAX), runs each as a savepoint inside one transaction, and
 * commits once for all: under load the writes that arrive together share
 * one commit, and the write-ahead log receives each page they touch once
 * instead of once per write (a comment touches about seven: the row, its
 * indexes, the id sequence).  A section that fails is undone alone
 * (ROLLBACK TO); the others are kept.  Then each section's caller is told
 * its own result, its own error and the commit's number, the same way
 * whether it waits or not:
 *   - store_write: the calling thread sleeps until its section is
 *     committed, and the commit's number becomes the thread's pending
 *     commit, which the HTTP server (store_take_pending_commit) and the
 *     job worker (store_durable_barrier) wait for before they go on;
 *   - store_write_async: done() is called on the writer thread, and the
 *     caller hands the number to store_when_durable itself.
 * A section may call other writes: on the writer thread, inside a
 * section, they run at once as savepoints of their own.  Reads never wait
 * for the writer: they run on each thread's own connection and see the
 * last committed state. */
#include "store/store_internal.h"

#include <limits.h>
#include <stdlib.h>

#include "util/worker_thread.h"

#define BATCH_MAX 64   /* sections per transaction, so that none waits long */

static const char gone_why[] = "the transaction was rolled back by the database";

/* run inside a savepoint on the write connection c: 0 kept, -1 undone
 * with err set. */
static int section(struct store *s, struct conn *c, store_section_fn run, void *arg,
		   struct buf *err)
{
	sqlite3 *db = c->db;
	if (store_exec(db, "SAVEPOINT w;", err) < 0)
		return -1;
	c->writing++;
	int rc = run(s, arg, err);
	c->writing--;
	/* SQLite ends the whole transaction itself on a full disk or an
	 * I/O error: then nothing of this section is kept either */
	bool gone = sqlite3_get_autocommit(db);
	/* a statement the disk refused: the store cannot take writes now,
	 * whatever reads still answer (cleared by the next commit that works) */
	int code = sqlite3_errcode(db) & 0xff;
	if (rc < 0 && (code == SQLITE_FULL || code == SQLITE_IOERR))
		atomic_store(&s->commits_failing, true);
	if (rc == 0 && gone) {
		rc = -1;
		buf_adds(err, gone_why);
	}
	if (rc == 0 && store_exec(db, "RELEASE w;", err) < 0)
		rc = -1;
	if (rc < 0 && !gone)
		store_exec(db, "ROLLBACK TO w; RELEASE w;", NULL);
	return rc;
}

/* The sections from first up to (not including) end lose what they kept:
 * their transaction did not commit. */
static void lose(struct store_async *first, struct store_async *end, const char *why)
{
	for (struct store_async *w = first; w != end; w = w->next) {
		if (w->rc < 0)
			continue;
		w->rc = -1;
		buf_adds(&w->err, why);
	}
}

/* Commits the open transaction holding first..(the end), or drops it when
 * every section in it failed; each kept section gets the commit's number. */
static void settle(struct store *s, struct store_async *first)
{
	sqlite3 *db = s->writer->db;
	bool kept = false;
	for (struct store_async *w = first; w && !kept; w = w->next)
		kept = w->rc == 0;
	if (!kept) {
		store_exec(db, "ROLLBACK;", NULL);
		return;
	}
	struct buf why = BUF_INIT;
	s->writer->pending_seq = 0;
	int rc = store_exec(db, "COMMIT;", &why);
	if (rc < 0 && !sqlite3_get_autocommit(db))
		store_exec(db, "ROLLBACK;", NULL);
	atomic_store(&s->commits_failing, rc < 0);
	for (struct store_async *w = first; w; w = w->next) {
		if (w->rc < 0)
			continue;
		if (rc < 0) {
			w->rc = -1;
			buf_addf(&w->err, "commit: %s", why.p);
		} else {
			w->seq = s->writer->pending_seq;
		}
	}
	buf_release(&why);
}

/* The writer thread's turn: the sections in list, one transaction for all
 * (a new one after a transaction SQLite ended itself), then each caller
 * told.  done() may free its section. */
static void run_batch(struct store *s, struct store_async *list)
{
	struct buf err = BUF_INIT;
	if (!s->writer && (s->writer = store_own_conn(s, &err)))
		s->writer->is_writer = true;
	struct store_async *txn = NULL;   /* the first section of the open transaction */
	for (struct store_async *w = list; w; w = w->next) {
		w->rc = -1;
		w->seq = 0;
		if (!s->writer) {
			buf_adds(&w->err, err.p);
			continue;
		}
		if (!txn) {
			if (store_exec(s->writer->db, "BEGIN IMMEDIATE;", &w->err) < 0)
				continue;
			txn = w;
		}
		w->rc = section(s, s->writer, w->run, w->arg, &w->err);
		if (sqlite3_get_autocommit(s->writer->db)) {
			lose(txn, w, gone_why);
			txn = NULL;
		}
	}
	if (txn)
		settle(s, txn);
	while (list) {
		struct store_async *w = list;
		list = w->next;
		struct buf keep = w->err;
		w->err = (struct buf)BUF_INIT;
		w->done(w->arg, w->rc, keep.p, w->seq);
		buf_release(&keep);
	}
	buf_release(&err);
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->async_mu);
	for (;;) {
		if (!s->async_head) {
			if (s->async_stopping)
				break;
			pthread_cond_wait(&s->async_work, &s->async_mu);
			continue;
		}
		/* what waits, up to BATCH_MAX: the rest is the next transaction */
		struct store_async *list = s->async_head, *last = list;
		for (int n = 1; n < BATCH_MAX && last->next; n++)
			last = last->next;
		s->async_head = last->next;
		if (!s->async_head)
			s->async_tail = &s->async_head;
		last->next = NULL;
		pthread_mutex_unlock(&s->async_mu);
		run_batch(s, list);
		pthread_mutex_lock(&s->async_mu);
	}
	pthread_mutex_unlock(&s->async_mu);
	return NULL;
}

void store_async_init(struct store *s)
{
	pthread_mutex_init(&s->async_mu, NULL);
	pthread_cond_init(&s->async_work, NULL);
	pthread_cond_init(&s->async_done, NULL);
	s->async_tail = &s->async_head;
}

void store_write_async(struct store *s, struct store_async *w)
{
	w->next = NULL;
	w->rc = -1;
	w->seq = 0;
	w->err = (struct buf)BUF_INIT;
	pthread_mutex_lock(&s->async_mu);
	if (!s->async_running && !s->async_stopping) {
		if (pthread_create(&s->async_thread, NULL, writer_main, s) == 0)
			s->async_running = true;
	}
	if (!s->async_running) {
		pthread_mutex_unlock(&s->async_mu);
		/* done() may free w */
		w->done(w->arg, -1, "the store's writer is not running", 0);
		return;
	}
	*s->async_tail = w;
	s->async_tail = &w->next;
	pthread_cond_signal(&s->async_work);
	pthread_mutex_unlock(&s->async_mu);
}

/* A caller that waits for its section: what the writer told it. */
struct waiting {
	struct store_async w;
	struct store *s;
	store_section_fn run;
	void *arg;
	struct buf *err;
	bool done;
	int rc;
	uint64_t seq;
};

static int waiting_run(struct store *s, void *arg, struct buf *err)
{
	struct waiting *wt = arg;
	return wt->run(s, wt->arg, err);
}

static void waiting_done(void *arg, int rc, const char *why, uint64_t seq)
{
	struct waiting *wt = arg;
	if (rc < 0 && wt->err)
		buf_adds(wt->err, why ? why : "");
	pthread_mutex_lock(&wt->s->async_mu);
	wt->rc = rc;
	wt->seq = seq;
	wt->done = true;
	pthread_cond_broadcast(&wt->s->async_done);
	pthread_mutex_unlock(&wt->s->async_mu);
}

int store_write(struct store *s, store_section_fn run, void *arg, struct buf *err)
{
	struct conn *own = store_own_conn(s, err);
	if (!own)
		return -1;
	if (own->writing > 0) {
		/* a section's own write, on the writer thread: a savepoint
		 * inside it, kept or undone with it */
		struct buf why = BUF_INIT;
		int rc = section(s, own, run, arg, &why);
		if (rc < 0 && err)
			buf_adds(err, why.p);
		buf_release(&why);
		return rc;
	}
	struct waiting wt = {
		.w = { .run = waiting_run, .done = waiting_done }, .s = s, .run = run, .arg = arg,
		.err = err,
	};
	wt.w.arg = &wt;
	if (own->is_writer) {
		/* the writer thread itself, between sections (a done()): its
		 * own transaction, now */
		wt.w.next = NULL;
		wt.w.err = (struct buf)BUF_INIT;
		run_batch(s, &wt.w);
	} else {
		store_write_async(s, &wt.w);
		pthread_mutex_lock(&s->async_mu);
		while (!wt.done)
			pthread_cond_wait(&s->async_done, &s->async_mu);
		pthread_mutex_unlock(&s->async_mu);
	}
	/* the answer that acknowledges this write waits for this commit */
	if (wt.rc == 0 && wt.seq > own->pending_seq)
		own->pending_seq = wt.seq;
	return wt.rc;
}

void store_async_stop(struct store *s)
{
	pthread_mutex_lock(&s->async_mu);
	bool running = s->async_running;
	s->async_stopping = true;   /* no thread is started from now on */
	pthread_mutex_unlock(&s->async_mu);
	if (running)
		thread_stop(s->async_thread, &s->async_mu, &s->async_work, &s->async_stopping);
	s->async_running = false;
	s->writer = NULL;   /* the thread's own connection, closed as it ended */
	pthread_cond_destroy(&s->async_done);
	pthread_cond_destroy(&s->async_work);
	pthread_mutex_destroy(&s->async_mu);
}

/* One statement's parameters, bound ?1, ?2, … in order. */
static void bind_params(sqlite3_stmt *st, const struct store_param *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int at = (int)i + 1;
		switch (p[i].kind) {
		case PARAM_INT:
			sqlite3_bind_int64(st, at, p[i].i);
			break;
		case PARAM_REF:
			if (p[i].i > 0)
				sqlite3_bind_int64(st, at, p[i].i);
			else
				sqlite3_bind_null(st, at);
			break;
		case PARAM_TEXT:
			sqlite3_bind_text(st, at, p[i].p, -1, SQLITE_TRANSIENT);
			break;
		case PARAM_BLOB:
			sqlite3_bind_blob(st, at, p[i].p, p[i].n, SQLITE_TRANSIENT);
			break;
		}
	}
}

sqlite3_stmt *store_bound(struct store *s, enum stmt id, const struct store_param *p, size_t n,
			  struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, id, err);
	if (st)
		bind_params(st, p, n);
	return st;
}

int store_step_one(struct store *s, struct store_one *one, struct buf *err)
{
	sqlite3_stmt *st = store_bound(s, one->id, one->params, one->n, err);
	if (!st || store_step_done(st, one->what, err) < 0)
		return -1;
	sqlite3 *db = sqlite3_db_handle(st);
	one->changes = sqlite3_changes(db);
	one->rowid = sqlite3_last_insert_rowid(db);
	return 0;
}

/* q's rows: the first most to fn, the rest stepped through (a RETURNING
 * statement's work ends with its last row); the number read, or -1. */
static int read_rows(struct store *s, const struct store_one *q, store_row_fn fn, void *arg,
		     int most, struct buf *err)
{
	sqlite3_stmt *st = store_bound(s, q->id, q->params, q->n, err);
	if (!st)
		return -1;
	int rc, rows = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (rows < most) {
			fn(st, arg);
			rows++;
		}
	int ok = rc == SQLITE_DONE ? rows : store_fail(sqlite3_db_handle(st), q->what, err);
	sqlite3_reset(st);
	return ok;
}

int store_row(struct store *s, const struct store_one *q, store_row_fn read, void *out,
	      struct buf *err)
{
	return read_rows(s, q, read, out, 1, err);
}

int store_row_by_id(struct store *s, enum stmt stmt, const char *what, int64_t id,
		    store_row_fn read, void *out, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id) };
	const struct store_one q = STORE_ONE(stmt, what, p);
	return store_row(s, &q, read, out, err);
}

int store_rows(struct store *s, const struct store_one *q, store_row_fn fn, void *arg,
	       struct buf *err)
{
	return read_rows(s, q, fn, arg, INT_MAX, err) < 0 ? -1 : 0;
}

void store_read_int(sqlite3_stmt *st, void *out)
{
	*(int64_t *)out = sqlite3_column_int64(st, 0);
}

void store_free_texts(char **const texts[], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(*texts[i]);
		*texts[i] = NULL;
	}
}

static int step_one(struct store *s, void *arg, struct buf *err)
{
	return store_step_one(s, arg, err);
}

int store_write_one(struct store *s, struct store_one *one, struct buf *err)
{
	return store_write(s, step_one, one, err);
}
