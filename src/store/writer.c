/* writer.c: the process's one writer, and group commit of transactions.
 *
 * Every write runs in a write section (store_write_begin/_end) on the one
 * write connection, taken in turn through a first-come-first-served lock.
 * A section is a savepoint inside a transaction that several sections
 * share: a section that fails is undone alone (ROLLBACK TO), and the
 * transaction is committed when the section that ends sees nobody queued
 * behind it, or when it holds BATCH_MAX sections.  So under load the
 * writes that arrive together share one commit, and the write-ahead log
 * receives each page they touch once instead of once per write (a comment
 * touches about seven: the row, its indexes, the id sequence).  Each
 * section's caller returns only once its transaction is committed, with
 * that commit's result, so it can answer and read its own write back on
 * its own connection.  Reads never take the lock: they run on each
 * thread's own connection and see the last committed state. */
#include "store/store_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/worker_thread.h"
#include "util/xalloc.h"

#define BATCH_MAX 64   /* sections per transaction, so that none waits long */

/* One shared transaction: its sections' callers wait for its outcome. */
struct batch {
	int joined;      /* sections kept in it (each caller waits) */
	int gone;        /* callers that have read the outcome */
	bool done;
	int rc;
	uint64_t seq;    /* its commit's number (durability.c) */
	char why[200];
};

/* Commits (or drops, when nothing was kept) the open transaction unless
 * a writer queued behind may still join it.  Called holding the lock. */
static void settle(struct store *s, bool anyway)
{
	struct batch *b = s->batch;
	if (!b)
		return;
	if (!anyway && b->joined > 0 && b->joined < BATCH_MAX &&
	    atomic_load(&s->write_queued) > 0)
		return;   /* the next writer joins, and settles after it */
	s->batch = NULL;
	sqlite3 *db = s->writer->db;
	int rc = -1;
	struct buf why = BUF_INIT;
	if (b->joined == 0) {
		if (!sqlite3_get_autocommit(db))
			store_exec(db, "ROLLBACK;", NULL);
		free(b);
		return;
	}
	if (!sqlite3_get_autocommit(db)) {
		s->writer->pending_seq = 0;
		rc = store_exec(db, "COMMIT;", &why);
		if (rc < 0 && !sqlite3_get_autocommit(db))
			store_exec(db, "ROLLBACK;", NULL);
	} else {
		/* SQLite rolled the whole transaction back (a full disk, an
		 * I/O error): every section in it is lost, and says so */
		buf_adds(&why, "the transaction was rolled back by the database");
	}
	atomic_store(&s->commits_failing, rc < 0);
	pthread_mutex_lock(&s->batch_mu);
	b->rc = rc;
	b->seq = s->writer->pending_seq;
	snprintf(b->why, sizeof b->why, "%s", why.p);
	b->done = true;
	pthread_cond_broadcast(&s->batch_done);
	pthread_mutex_unlock(&s->batch_mu);
	buf_release(&why);
}

int store_write_begin(struct store *s, struct buf *err)
{
	struct conn *own = store_own_conn(s, err);
	if (!own)
		return -1;
	if (own->writing > 0) {
		/* nested: a savepoint inside this thread's section */
		if (store_exec(s->writer->db, "SAVEPOINT w;", err) < 0)
			return -1;
		own->writing++;
		return 0;
	}
	atomic_fetch_add(&s->write_queued, 1);
	fifo_lock_take(&s->write_mu);
	atomic_fetch_sub(&s->write_queued, 1);
	if (!s->writer && !(s->writer = store_conn_open(s, err)))
		goto fail;
	if (!s->batch) {
		if (store_exec(s->writer->db, "BEGIN IMMEDIATE;", err) < 0)
			goto fail;
		s->batch = xcalloc(1, sizeof *s->batch);
	}
	if (store_exec(s->writer->db, "SAVEPOINT w;", err) < 0)
		goto fail;
	own->writing = 1;
	return 0;
fail:
	settle(s, false);
	fifo_lock_give(&s->write_mu);
	return -1;
}

int store_write_end(struct store *s, int rc, struct buf *err)
{
	struct conn *own = store_thread_conn(s);
	sqlite3 *db = s->writer->db;
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
		if (err)
			buf_adds(err, "the database rolled the transaction back");
	}
	if (rc == 0 && store_exec(db, "RELEASE w;", err) < 0)
		rc = -1;
	if (rc < 0 && !gone)
		store_exec(db, "ROLLBACK TO w; RELEASE w;", NULL);
	if (--own->writing > 0)
		return rc;
	struct batch *b = NULL;
	if (rc == 0) {
		b = s->batch;
		b->joined++;
	}
	/* a transaction SQLite ended is settled now, its sections' callers
	 * told */
	settle(s, gone);
	fifo_lock_give(&s->write_mu);
	if (!b)
		return rc;
	pthread_mutex_lock(&s->batch_mu);
	while (!b->done)
		pthread_cond_wait(&s->batch_done, &s->batch_mu);
	rc = b->rc;
	if (rc < 0 && err)
		buf_addf(err, "commit: %s", b->why);
	if (b->seq > own->pending_seq)
		own->pending_seq = b->seq;
	bool last = ++b->gone == b->joined;
	pthread_mutex_unlock(&s->batch_mu);
	if (last)
		free(b);
	return rc;
}

sqlite3_stmt *store_write_stmt(struct store *s, enum stmt id, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return NULL;
	sqlite3_stmt *st = store_stmt(s, id, err);
	if (!st)
		store_write_end(s, -1, NULL);
	return st;
}

int store_write_done(struct store *s, sqlite3_stmt *st, const char *what, struct buf *err)
{
	int rc = store_step_done(st, what, err);
	/* read now: once the section ends, others write on this connection */
	struct conn *own = store_thread_conn(s);
	own->rowid = sqlite3_last_insert_rowid(s->writer->db);
	own->changes = sqlite3_changes(s->writer->db);
	return store_write_end(s, rc, err);
}

int64_t store_last_rowid(struct store *s)
{
	return store_thread_conn(s)->rowid;
}

int store_last_changes(struct store *s)
{
	return store_thread_conn(s)->changes;
}

/* The writer thread's turn: every queued write in one section, each one a
 * section of its own inside it, then one commit for all. */
static void run_batch(struct store *s, struct store_async *list)
{
	struct buf err = BUF_INIT;
	int brc = store_write_begin(s, &err);
	for (struct store_async *w = list; w; w = w->next) {
		w->rc = -1;
		if (brc < 0)
			continue;
		if (store_write_begin(s, &w->err) == 0)
			w->rc = store_write_end(s, w->run(s, w->arg, &w->err), &w->err);
	}
	if (brc == 0)
		brc = store_write_end(s, 0, &err);
	struct conn *own = store_thread_conn(s);
	uint64_t seq = own ? own->pending_seq : 0;
	if (own)
		own->pending_seq = 0;
	while (list) {
		struct store_async *w = list;
		list = w->next;   /* done() may free w */
		int rc = brc < 0 ? -1 : w->rc;
		const char *why = brc < 0 ? err.p : w->err.p;
		struct buf keep = w->err;
		w->err = (struct buf)BUF_INIT;
		w->done(w->arg, rc, why, seq);
		buf_release(&keep);
	}
	buf_release(&err);
}

static void *async_main(void *arg)
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
		struct store_async *list = s->async_head;
		s->async_head = NULL;
		s->async_tail = &s->async_head;
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
	s->async_tail = &s->async_head;
}

void store_write_async(struct store *s, struct store_async *w)
{
	w->next = NULL;
	w->rc = -1;
	w->err = (struct buf)BUF_INIT;
	pthread_mutex_lock(&s->async_mu);
	if (!s->async_running && !s->async_stopping) {
		if (pthread_create(&s->async_thread, NULL, async_main, s) == 0)
			s->async_running = true;
	}
	if (!s->async_running) {
		pthread_mutex_unlock(&s->async_mu);
		buf_adds(&w->err, "the store's writer is not running");
		w->done(w->arg, -1, w->err.p, 0);
		return;
	}
	*s->async_tail = w;
	s->async_tail = &w->next;
	pthread_cond_signal(&s->async_work);
	pthread_mutex_unlock(&s->async_mu);
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
	pthread_cond_destroy(&s->async_work);
	pthread_mutex_destroy(&s->async_mu);
}
