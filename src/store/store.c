/* store.c: connections, migrations and backups */
#include "store/store_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/migrations.h"
#include "util/xalloc.h"

extern const char *const store_sql[STMT__MAX];

int store_fail(sqlite3 *db, const char *what, struct buf *err)
{
	if (err)
		buf_addf(err, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
	return -1;
}

static void conn_close(struct conn *c)
{
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->st[i]);
	sqlite3_close_v2(c->db);
	free(c);
}

static void conn_unlink(struct store *s, struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

/* Runs when a thread that used the store exits. */
static void conn_destroy(void *p)
{
	struct conn *c = p;
	struct store *s = c->owner;
	pthread_mutex_lock(&s->mu);
	conn_unlink(s, c);
	pthread_mutex_unlock(&s->mu);
	conn_close(c);
}

int store_exec(sqlite3 *db, const char *sql, struct buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (err)
			buf_addf(err, "database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3 *open_db(struct store *s, struct buf *err)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(s->path, &db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (err)
			buf_addf(err, "cannot open database '%s': %s", s->path,
				 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close_v2(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	/* WAL lets readers run while a writer commits.  NORMAL sync survives a
	 * crash of the process; a power cut is covered by the flusher's fsync
	 * before an answer (durability.c) when storage.durability is "full". */
	/* No mmap_size: a connection that sees another's commit unmaps its
	 * whole mapping at its next read (sqlite3OsUnfetch), so under a
	 * stream of writes every read paid a munmap and its TLB shootdown. */
	if (store_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
		     " PRAGMA synchronous=NORMAL;", err) < 0) {
		sqlite3_close_v2(db);
		return NULL;
	}
	return db;
}

struct conn *store_thread_conn(struct store *s)
{
	return pthread_getspecific(s->key);
}

struct conn *store_conn_open(struct store *s, struct buf *err)
{
	sqlite3 *db = open_db(s, err);
	if (!db)
		return NULL;
	struct conn *c = xcalloc(1, sizeof *c);
	c->owner = s;
	c->db = db;
	/* in this process only the writer thread writes (writer.c); this
	 * waits only for another process (the command line) */
	sqlite3_busy_timeout(db, (int)s->busy_timeout_ms);
	store_durability_attach(c);
	pthread_mutex_lock(&s->mu);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	pthread_mutex_unlock(&s->mu);
	return c;
}

struct conn *store_own_conn(struct store *s, struct buf *err)
{
	struct conn *c = pthread_getspecific(s->key);
	if (!c && (c = store_conn_open(s, err)))
		pthread_setspecific(s->key, c);
	return c;
}

/* The connection this thread's statements run on is its own: a write
 * section's are on the writer thread, whose own is the write connection. */
sqlite3 *store_conn(struct store *s, struct buf *err)
{
	struct conn *c = store_own_conn(s, err);
	return c ? c->db : NULL;
}

sqlite3_stmt *store_stmt(struct store *s, enum stmt id, struct buf *err)
{
	struct conn *c = store_own_conn(s, err);
	if (!c)
		return NULL;
	if (!c->st[id]) {
		if (sqlite3_prepare_v3(c->db, store_sql[id], -1,
				       SQLITE_PREPARE_PERSISTENT, &c->st[id],
				       NULL) != SQLITE_OK) {
			store_fail(c->db, "prepare", err);
			return NULL;
		}
	}
	sqlite3_reset(c->st[id]);
	sqlite3_clear_bindings(c->st[id]);
	return c->st[id];
}

static int mkdir_parent(const char *path, struct buf *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *q = dir + 1; ; q++) {
			if (*q == '/' || *q == '\0') {
				char saved = *q;
				*q = '\0';
				if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
					buf_addf(err, "cannot create '%s': %s", dir,
						 strerror(errno));
					rc = -1;
					break;
				}
				*q = saved;
				if (saved == '\0')
					break;
			}
		}
	}
	free(dir);
	return rc;
}

/* Versions rise but may leave a number out: branches developed apart
 * each take theirs (0016 and 0017), and the one merged first does not wait
 * for the other.  The newest is the last one's. */
int store_latest_version(void)
{
	return migrations_count ? migrations[migrations_count - 1].version : 0;
}

struct store *store_open(const char *path, int64_t busy_timeout_ms,
			 struct buf *err)
{
	for (size_t i = 0; i < migrations_count; i++) {
		if (migrations[i].version < 1 ||
		    (i > 0 && migrations[i].version <= migrations[i - 1].version)) {
			buf_addf(err, "migration '%s' is out of sequence",
				 migrations[i].name);
			return NULL;
		}
	}
	if (mkdir_parent(path, err) < 0)
		return NULL;
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->busy_timeout_ms = busy_timeout_ms;
	pthread_mutex_init(&s->mu, NULL);
	store_async_init(s);
	store_durability_init(&s->dur);
	if (pthread_key_create(&s->key, conn_destroy) != 0) {
		buf_adds(err, "cannot create thread key");
		store_durability_stop(&s->dur);
		pthread_mutex_destroy(&s->mu);
		store_async_stop(s);
		free(s->path);
		free(s);
		return NULL;
	}
	int v;
	if (store_schema_version(s, &v, err) < 0) {
		store_close(s);
		return NULL;
	}
	if (v > store_latest_version()) {
		buf_addf(err, "database '%s' has schema version %d, newer than this"
			 " newsdesk knows (%d)", path, v, store_latest_version());
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store_async_stop(s);   /* its last answers may wait for a flush */
	store_durability_stop(&s->dur);
	pthread_setspecific(s->key, NULL);
	pthread_key_delete(s->key);
	pthread_mutex_lock(&s->mu);
	while (s->conns) {
		struct conn *c = s->conns;
		conn_unlink(s, c);
		conn_close(c);
	}
	pthread_mutex_unlock(&s->mu);
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s);
}

int store_schema_version(struct store *s, int *version, struct buf *err)
{
	sqlite3 *db = store_conn(s, err);
	sqlite3_stmt *st;
	if (!db)
		return -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return store_fail(db, "schema version", err);
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_fail(db, "schema version", err);
}

int store_migrate(struct store *s, int target, struct buf *err)
{
	sqlite3 *db = store_conn(s, err);
	int v;
	if (!db || store_schema_version(s, &v, err) < 0)
		return -1;
	if (target > store_latest_version())
		target = store_latest_version();
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= v || m->version > target)
			continue;
		char bump[64];
		/* PRAGMA takes no bound parameters; the number is our own. */
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", m->version);
		if (store_exec(db, "BEGIN IMMEDIATE;", err) < 0)
			return -1;
		if (store_exec(db, m->sql, err) < 0 || store_exec(db, bump, err) < 0 ||
		    store_exec(db, "COMMIT;", err) < 0) {
			store_exec(db, "ROLLBACK;", NULL);
			if (err)
				buf_addf(err, " (in migration %s)", m->name);
			return -1;
		}
	}
	return 0;
}

int store_backup(struct store *s, const char *dest, struct buf *err)
{
	sqlite3 *src = store_conn(s, err);
	if (!src)
		return -1;
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.tmp-%ld", dest, (long)getpid());
	sqlite3 *out = NULL;
	int rc = -1;
	if (sqlite3_open_v2(tmp.p, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		store_fail(out, "backup", err);
		goto done;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", src, "main");
	if (!b) {
		store_fail(out, "backup", err);
		goto done;
	}
	int step;
	/* Copy in slices so that writers are not locked out for long. */
	while ((step = sqlite3_backup_step(b, 256)) == SQLITE_OK ||
	       step == SQLITE_BUSY || step == SQLITE_LOCKED) {
		if (step != SQLITE_OK)
			sqlite3_sleep(20);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		buf_addf(err, "backup: %s", sqlite3_errstr(step));
		goto done;
	}
	sqlite3_close_v2(out);
	out = NULL;
	if (rename(tmp.p, dest) < 0) {
		buf_addf(err, "backup: cannot rename to '%s': %s", dest, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (out)
		sqlite3_close_v2(out);
	if (rc < 0)
		unlink(tmp.p);
	buf_release(&tmp);
	return rc;
}

int store_step_done(sqlite3_stmt *st, const char *what, struct buf *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(sqlite3_db_handle(st), what, err);
	return 0;
}

int64_t store_data_version(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, STMT_DATA_VERSION, NULL);
	if (!st)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

bool store_commits_failing(struct store *s)
{
	return atomic_load(&s->commits_failing);
}

int store_ping(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, STMT_PING, NULL);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

char *store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

void store_bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}
