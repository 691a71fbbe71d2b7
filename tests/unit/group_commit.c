/* group_commit.c: the store's writer runs the writes that wait together in
 * one transaction; a write that fails is undone alone and answered with its
 * own error, the others are committed (one commit for all) and each is
 * answered with its own row.  Writes whose callers wait (every table
 * function) take the same writer, and a write from the writer's own thread
 * (a done()) runs there without waiting for itself. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/comments.h"
#include "support/scratch_dir.h"

#define N 6

static char dir[64];

static void make_dir(void)
{
	scratch_dir_make(dir, sizeof dir, "group");
}

static void remove_dir(void)
{
	scratch_dir_remove(dir);
}

static struct store *open_store(const char *name)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct buf err = BUF_INIT;
	struct store *s = store_open(path, 1000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0, "%s", err.p);
	buf_release(&err);
	return s;
}

TestSuite(group_commit, .init = make_dir, .fini = remove_dir);

enum how { INSERT, BAD_PARENT, INSERT_THEN_FAIL, HOLD };

struct op {
	struct store_async w;
	enum how how;
	char body[32];
	int64_t id;
	/* what done() reported */
	bool done;
	int rc;
	char err[200];
	uint64_t seq;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool holding, released;

static int insert(struct store *s, struct op *o, int64_t parent, struct buf *err)
{
	struct store_comment_new c = {
		.page = "/g/", .parent_id = parent, .author = "A", .author_key = "name:a",
		.body_md = o->body, .body_html = o->body, .status = COMMENT_APPROVED,
		.now = 1700000000,
	};
	snprintf((char *)c.body_hash, sizeof c.body_hash, "%s", o->body);
	return store_comment_insert(s, &c, &o->id, err);
}

static int run(struct store *s, void *arg, struct buf *err)
{
	struct op *o = arg;
	switch (o->how) {
	case HOLD:
		/* keeps the writer busy while the test queues the others */
		pthread_mutex_lock(&mu);
		holding = true;
		pthread_cond_broadcast(&cv);
		while (!released)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
		return insert(s, o, 0, err);
	case BAD_PARENT:
		return insert(s, o, 999999, err);
	case INSERT_THEN_FAIL:
		if (insert(s, o, 0, err) < 0)
			return -1;
		buf_adds(err, "refused after its row was written");
		return -1;
	case INSERT:
	default:
		return insert(s, o, 0, err);
	}
}

static void done(void *arg, int rc, const char *err, uint64_t seq)
{
	struct op *o = arg;
	pthread_mutex_lock(&mu);
	o->rc = rc;
	snprintf(o->err, sizeof o->err, "%s", err ? err : "");
	o->seq = seq;
	o->done = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void queue(struct store *s, struct op *o, enum how how, const char *body)
{
	memset(o, 0, sizeof *o);
	o->how = how;
	snprintf(o->body, sizeof o->body, "%s", body);
	o->w = (struct store_async){ .run = run, .done = done, .arg = o };
	store_write_async(s, &o->w);
}

Test(group_commit, a_failing_write_fails_alone_and_the_rest_share_one_commit, .timeout = 30)
{
	struct buf err = BUF_INIT;
	struct store *s = open_store("g.db");

	struct op hold, ops[N];
	queue(s, &hold, HOLD, "first");
	pthread_mutex_lock(&mu);
	while (!holding)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	/* all of these wait for the writer together */
	static const enum how hows[N] = { INSERT, INSERT, BAD_PARENT, INSERT,
					  INSERT_THEN_FAIL, INSERT };
	for (int i = 0; i < N; i++) {
		char body[32];
		snprintf(body, sizeof body, "comment %d", i);
		queue(s, &ops[i], hows[i], body);
	}
	pthread_mutex_lock(&mu);
	released = true;
	pthread_cond_broadcast(&cv);
	for (int i = 0; i < N; i++)
		while (!ops[i].done)
			pthread_cond_wait(&cv, &mu);
	while (!hold.done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);

	cr_expect_eq(hold.rc, 0, "%s", hold.err);
	uint64_t batch = ops[0].seq;
	cr_expect_gt(batch, hold.seq, "the waiting writes were committed after the first");
	for (int i = 0; i < N; i++) {
		struct store_comment c;
		if (hows[i] == INSERT) {
			cr_expect_eq(ops[i].rc, 0, "write %d: %s", i, ops[i].err);
			cr_expect_eq(ops[i].seq, batch, "write %d was not in the shared commit", i);
			cr_expect_eq(store_comment_get(s, ops[i].id, &c, &err), 1,
				     "write %d acknowledged but not stored", i);
			cr_expect_str_eq(c.body_md, ops[i].body, "write %d got another's row", i);
			store_comment_free(&c);
		} else {
			cr_expect_eq(ops[i].rc, -1, "write %d should have failed", i);
			cr_expect_neq(ops[i].err[0], '\0', "write %d failed without a reason", i);
		}
	}
	cr_expect(strstr(ops[2].err, "FOREIGN KEY"), "%s", ops[2].err);
	cr_expect(strstr(ops[4].err, "refused after"), "%s", ops[4].err);
	/* undone: its row went with its savepoint */
	int64_t n = 0;
	cr_assert_eq(store_comment_count(s, "/g/", &n, &err), 0, "%s", err.p);
	cr_expect_eq(n, 1 + 4, "stored rows: the first and the four good ones");
	store_close(s);
	buf_release(&err);
}

Test(group_commit, closing_runs_what_is_queued, .timeout = 30)
{
	struct buf err = BUF_INIT;
	struct store *s = open_store("c.db");
	struct op ops[N];
	for (int i = 0; i < N; i++) {
		char body[32];
		snprintf(body, sizeof body, "late %d", i);
		queue(s, &ops[i], INSERT, body);
	}
	store_close(s);
	for (int i = 0; i < N; i++) {
		cr_expect(ops[i].done, "write %d was never answered", i);
		cr_expect_eq(ops[i].rc, 0, "write %d: %s", i, ops[i].err);
	}
	s = open_store("c.db");
	int64_t n = 0;
	cr_assert_eq(store_comment_count(s, "/g/", &n, &err), 0, "%s", err.p);
	cr_expect_eq(n, N);
	store_close(s);
	buf_release(&err);
}

/* A caller that waits for its write (every table function does). */
struct waiter {
	struct store *s;
	pthread_t t;
	struct op o;   /* its body, how, and what came back */
};

static void *write_and_wait(void *arg)
{
	struct waiter *w = arg;
	struct buf err = BUF_INIT;
	w->o.rc = insert(w->s, &w->o, w->o.how == BAD_PARENT ? 999999 : 0, &err);
	snprintf(w->o.err, sizeof w->o.err, "%s", err.p);
	buf_release(&err);
	return NULL;
}

/* done() of a queued write that writes again, from the writer's own thread. */
static struct store *late_store;
static int64_t late_id;
static int late_rc = -2;

static void done_then_write(void *arg, int rc, const char *err, uint64_t seq)
{
	struct op late = { .body = "written from done" };
	struct buf why = BUF_INIT;
	int again = insert(late_store, &late, 0, &why);
	pthread_mutex_lock(&mu);
	late_rc = again;
	late_id = late.id;
	pthread_mutex_unlock(&mu);
	buf_release(&why);
	done(arg, rc, err, seq);
}

Test(group_commit, waiting_writes_take_the_same_writer_and_fail_alone, .timeout = 30)
{
	struct buf err = BUF_INIT;
	struct store *s = open_store("w.db");
	late_store = s;
	holding = released = false;
	struct op hold, queued;
	queue(s, &hold, HOLD, "held");
	pthread_mutex_lock(&mu);
	while (!holding)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	/* writers that wait, queued behind the held one with a write that
	 * does not wait */
	static struct waiter w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct waiter){ .s = s, .o = { .how = i == 2 ? BAD_PARENT : INSERT } };
		snprintf(w[i].o.body, sizeof w[i].o.body, "waits %d", i);
		cr_assert_eq(pthread_create(&w[i].t, NULL, write_and_wait, &w[i]), 0);
	}
	usleep(100 * 1000);
	memset(&queued, 0, sizeof queued);
	queued.how = INSERT;
	snprintf(queued.body, sizeof queued.body, "queued");
	queued.w = (struct store_async){ .run = run, .done = done_then_write, .arg = &queued };
	store_write_async(s, &queued.w);
	pthread_mutex_lock(&mu);
	released = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < 4; i++)
		pthread_join(w[i].t, NULL);
	pthread_mutex_lock(&mu);
	while (!queued.done || !hold.done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);

	for (int i = 0; i < 4; i++) {
		if (i == 2) {
			cr_expect_eq(w[i].o.rc, -1, "a write with a missing parent was kept");
			cr_expect(strstr(w[i].o.err, "FOREIGN KEY"), "its own error: %s", w[i].o.err);
			continue;
		}
		cr_expect_eq(w[i].o.rc, 0, "write %d: %s", i, w[i].o.err);
		struct store_comment c;
		cr_assert_eq(store_comment_get(s, w[i].o.id, &c, &err), 1, "write %d not stored", i);
		cr_expect_str_eq(c.body_md, w[i].o.body, "write %d got another's row", i);
		store_comment_free(&c);
	}
	cr_expect_eq(queued.rc, 0, "%s", queued.err);
	cr_expect_eq(late_rc, 0, "a write from done() failed");
	struct store_comment c;
	cr_expect_eq(store_comment_get(s, late_id, &c, &err), 1, "the write from done() is lost");
	if (late_id > 0)
		store_comment_free(&c);
	int64_t n = 0;
	cr_assert_eq(store_comment_count(s, "/g/", &n, &err), 0, "%s", err.p);
	cr_expect_eq(n, 1 + 3 + 1 + 1, "the held, three waiting, the queued and the late one");
	store_close(s);
	buf_release(&err);
}
