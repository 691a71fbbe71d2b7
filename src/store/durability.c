/* durability.c: acknowledged writes are on disk, flushed in groups.
 *
 * In WAL mode a commit appends its pages to the -wal file.  With
 * synchronous=FULL SQLite would fsync that file inside every commit, under
 * the write lock, so commits (and the requests behind them) queue one
 * fsync at a time.  Instead commits here run with synchronous=NORMAL, and
 * each one takes a sequence number once it is in the WAL (the WAL hook
 * runs after the commit, when the write lock is free).  One flusher thread
 * fsyncs the WAL file and publishes the highest number the fsync covers;
 * a request that committed waits for that number before it is answered
 * (store_durable_barrier), so every write that arrived during one fsync
 * shares the next: group commit.  fsync(2) flushes the file, not the
 * descriptor, so the flusher's own descriptor covers SQLite's writes; the
 * folder is synced once, for the file's name.  Checkpoints, which the WAL
 * hook now runs itself, sync as SQLite always does. */
#include "store/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"
#include "util/worker_thread.h"
#include "util/xalloc.h"

#define CHECKPOINT_PAGES 1000   /* SQLite's own default */

static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct conn *c = arg;
	struct durability *d = &c->owner->dur;
	pthread_mutex_lock(&d->mu);
	c->pending_seq = ++d->committed;
	pthread_cond_signal(&d->work);        /* the flusher */
	pthread_mutex_unlock(&d->mu);
	if (pages >= CHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

void store_durability_attach(struct conn *c)
{
	sqlite3_wal_hook(c->db, on_wal_commit, c);
}

/* The WAL file, opened (again) when its inode is not the one we hold. */
static int wal_fd(struct durability *d, const char *db_path)
{
	char path[4096];
	snprintf(path, sizeof path, "%s-wal", db_path);
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	if (d->fd >= 0 && st.st_ino == d->ino)
		return d->fd;
	if (d->fd >= 0)
		close(d->fd);
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	d->ino = st.st_ino;
	if (d->fd >= 0 && !d->dir_synced) {
		/* once: the file's name in its folder */
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", db_path);
		int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		d->dir_synced = true;
	}
	return d->fd;
}

/* Calls (and forgets) the waiters whose commits are on disk, all of them
 * when stopping.  Called with mu held; the calls themselves run without
 * it, since they reach into the HTTP server's own locks. */
static void call_flushed(struct durability *d)
{
	struct durable_waiter *ready = NULL, **pp = &d->waiters;
	while (*pp) {
		struct durable_waiter *w = *pp;
		if (w->seq <= d->synced || d->stopping) {
			*pp = w->next;
			w->next = ready;
			ready = w;
		} else {
			pp = &w->next;
		}
	}
	if (!ready)
		return;
	pthread_mutex_unlock(&d->mu);
	while (ready) {
		struct durable_waiter *w = ready;
		ready = w->next;
		w->fn(w->arg);
		free(w);
	}
	pthread_mutex_lock(&d->mu);
}

static void *flusher(void *arg)
{
	struct store *s = arg;
	struct durability *d = &s->dur;
	pthread_mutex_lock(&d->mu);
	while (!d->stopping) {
		if (d->committed <= d->synced) {
			pthread_cond_wait(&d->work, &d->mu);
			continue;
		}
		uint64_t target = d->committed;
		pthread_mutex_unlock(&d->mu);
		int fd = wal_fd(d, s->path);
		if (fd < 0 || fdatasync(fd) < 0)
			log_error("storage: cannot flush the write-ahead log: %s", strerror(errno));
		pthread_mutex_lock(&d->mu);
		/* a failed flush still lets waiters go: SQLite has the commit,
		 * and the error is in the log; hanging every writer helps no one */
		d->synced = target;
		pthread_cond_broadcast(&d->done);
		call_flushed(d);
	}
	call_flushed(d);   /* stopping: nobody may wait for ever */
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

int store_durability_start(struct store *s, bool full, struct buf *err)
{
	struct durability *d = &s->dur;
	d->full = full;
	if (!full || d->running)
		return 0;
	if (pthread_create(&d->thread, NULL, flusher, s) != 0) {
		buf_adds(err, "cannot start the flusher");
		return -1;
	}
	d->running = true;
	return 0;
}

void store_durability_init(struct durability *d)
{
	memset(d, 0, sizeof *d);
	d->fd = -1;
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->work, NULL);
	pthread_cond_init(&d->done, NULL);
}

void store_durability_stop(struct durability *d)
{
	if (d->running) {
		thread_stop(d->thread, &d->mu, &d->work, &d->stopping);
		d->running = false;
	}
	if (d->fd >= 0)
		close(d->fd);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->work);
	pthread_cond_destroy(&d->done);
}

uint64_t store_take_pending_commit(struct store *s)
{
	struct conn *c = store_thread_conn(s);
	if (!c || !c->pending_seq)
		return 0;
	uint64_t seq = c->pending_seq;
	c->pending_seq = 0;
	struct durability *d = &s->dur;
	if (!d->full || !d->running)
		return 0;
	pthread_mutex_lock(&d->mu);
	bool done = d->synced >= seq;
	pthread_mutex_unlock(&d->mu);
	return done ? 0 : seq;
}

void store_when_durable(struct store *s, uint64_t seq, void (*fn)(void *arg), void *arg)
{
	struct durability *d = &s->dur;
	pthread_mutex_lock(&d->mu);
	if (d->synced >= seq || d->stopping || !d->running) {
		pthread_mutex_unlock(&d->mu);
		fn(arg);
		return;
	}
	struct durable_waiter *w = xcalloc(1, sizeof *w);
	w->seq = seq;
	w->fn = fn;
	w->arg = arg;
	w->next = d->waiters;
	d->waiters = w;
	pthread_cond_signal(&d->work);
	pthread_mutex_unlock(&d->mu);
}

void store_durable_barrier(struct store *s)
{
	struct conn *c = store_thread_conn(s);
	struct durability *d = &s->dur;
	if (!c || !c->pending_seq)
		return;
	uint64_t mine = c->pending_seq;
	c->pending_seq = 0;
	if (!d->full || !d->running)
		return;
	pthread_mutex_lock(&d->mu);
	while (d->synced < mine && !d->stopping)
		pthread_cond_wait(&d->done, &d->mu);
	pthread_mutex_unlock(&d->mu);
}

const char *store_durability_name(const struct store *s)
{
	return s->dur.full ? "full" : "process";
}
