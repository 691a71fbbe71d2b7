/* durable_writes.c: a 201 means the row is there, in both durability
 * settings — SIGKILL under comment and submission writes from several
 * threads loses nothing acknowledged; a write that fails fails alone; a
 * reply posted after its parent's 201 finds the parent; one that fails in
 * the database, inside a transaction it shares, is answered with its own
 * error while the others are stored; the setting in
 * force is visible.  (A power cut cannot be staged here: "full" differs
 * from "process" by the fsync before the answer, src/store/durability.c,
 * which flushed_acks.c checks against the traced system calls.) */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_durable_token"

static struct bed bed;

static void open_bed(const char *durability)
{
	bed_open(&bed, "dur", TOKEN);
	char lines[128];
	snprintf(lines, sizeof lines, "durability = \"%s\"\n", durability);
	bed_config(&bed, "storage", lines);
	bed_config(&bed, "comments", "moderation = \"none\"\nrate_limit_per_minute = 0\n"
				     "duplicate_window_hours = 0\ntrusted_proxies = [\"127.0.0.1\"]\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

static void close_bed(void)
{
	bed_close(&bed);
}

/* POST path body from a client address: status, and the answer's JSON. */
static long post(const char *path, const char *body, const char *from, json_t **out)
{
	char xff[64];
	snprintf(xff, sizeof xff, "X-Forwarded-For: %s", from);
	const char *h[] = { "Content-Type: application/json", xff, NULL };
	struct http_result res;
	if (http_do("POST", bed.d.port, path, body, strlen(body), h, 0, &res) != 0)
		return 0;   /* the daemon is gone */
	long st = res.status;
	if (out)
		*out = json_loads(res.body.p ? res.body.p : "", 0, NULL);
	http_result_free(&res);
	return st;
}

static long get(const char *path, json_t **out)
{
	struct http_result res;
	cr_assert_eq(http_do("GET", bed.d.port, path, NULL, 0, NULL, 0, &res), 0);
	long st = res.status;
	if (out)
		*out = json_loads(res.body.p ? res.body.p : "", 0, NULL);
	http_result_free(&res);
	return st;
}

#define WRITERS 4
#define MAX_ACKS 4000

struct writer {
	int n;
	int64_t comments[MAX_ACKS];
	int n_comments;
	char tokens[64][64];   /* submissions' status tokens */
	int n_tokens;
	atomic_int *acked;
};

static void *write_until_killed(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < MAX_ACKS; i++) {
		char body[256], from[32];
		json_t *j = NULL;
		snprintf(from, sizeof from, "10.%d.%d.%d", w->n, i / 256 % 256, i % 256);
		long st;
		if (i % 10 == 9 && w->n_tokens < 64) {
			snprintf(body, sizeof body, "{\"section\":\"Other Projects\",\"name\":\"p-%d-%d\","
				 "\"url\":\"https://example.com/%d/%d\",\"body\":\"A driver.\","
				 "\"author\":\"octo\",\"written_by\":true}", w->n, i, w->n, i);
			st = post("/api/v1/submissions", body, from, &j);
			if (st == 201)
				snprintf(w->tokens[w->n_tokens++], 64, "%s",
					 json_string_value(json_object_get(j, "token")));
		} else {
			snprintf(body, sizeof body, "{\"page\":\"/k/\",\"author\":\"W%d\","
				 "\"body\":\"comment %d of writer %d\"}", w->n, i, w->n);
			st = post("/api/v1/comments", body, from, &j);
			if (st == 201)
				w->comments[w->n_comments++] =
					json_integer_value(json_object_get(j, "id"));
		}
		json_decref(j);
		if (st == 201)
			atomic_fetch_add(w->acked, 1);
		if (st == 0)
			break;   /* killed */
	}
	return NULL;
}

static void sigkill_loses_nothing(const char *durability)
{
	open_bed(durability);
	atomic_int acked = 0;
	static struct writer w[WRITERS];
	pthread_t t[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].n = i + 1;
		w[i].acked = &acked;
		cr_assert_eq(pthread_create(&t[i], NULL, write_until_killed, &w[i]), 0);
	}
	/* kill in the middle of the writes: after 300 answers, whenever */
	for (int i = 0; i < 20000 && atomic_load(&acked) < 300; i++)
		usleep(1000);
	cr_assert_geq(atomic_load(&acked), 300, "the writers did not get going");
	cr_assert_eq(daemon_stop(&bed.d, SIGKILL), 128 + SIGKILL);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);

	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
	json_t *thread = NULL;
	cr_assert_eq(get("/api/v1/comments?page=/k/", &thread), 200);
	json_t *list = json_object_get(thread, "comments");
	size_t found = 0, want = 0;
	for (int i = 0; i < WRITERS; i++) {
		for (int k = 0; k < w[i].n_comments; k++) {
			want++;
			bool seen = false;
			for (size_t x = 0; x < json_array_size(list) && !seen; x++)
				seen = json_integer_value(json_object_get(json_array_get(list, x), "id")) ==
				       w[i].comments[k];
			found += seen;
		}
		for (int k = 0; k < w[i].n_tokens; k++) {
			char path[128];
			snprintf(path, sizeof path, "/api/v1/submissions/%s", w[i].tokens[k]);
			cr_expect_eq(get(path, NULL), 200, "acknowledged submission %s lost",
				     w[i].tokens[k]);
		}
	}
	cr_expect_eq(found, want, "%zu of %zu acknowledged comments survived (%s)", found, want,
		     durability);
	int subs = 0;
	for (int i = 0; i < WRITERS; i++)
		subs += w[i].n_tokens;
	cr_expect_gt(subs, 0, "no submission was acknowledged before the kill");
	/* nothing half-written: every comment there has its text and its page */
	for (size_t x = 0; x < json_array_size(list); x++) {
		json_t *c = json_array_get(list, x);
		cr_expect(json_string_length(json_object_get(c, "html")) > 0);
	}
	printf("durable writes (%s): %zu acknowledged comments, all %zu found after SIGKILL\n",
	       durability, want, found);
	json_decref(thread);
	close_bed();
}

Test(durable, sigkill_under_writes_loses_nothing_acknowledged_full, .timeout = 120)
{
	sigkill_loses_nothing("full");
}

Test(durable, sigkill_under_writes_loses_nothing_acknowledged_process, .timeout = 120)
{
	sigkill_loses_nothing("process");
}

struct one {
	int n;
	long status;
};

static void *post_one(void *arg)
{
	struct one *o = arg;
	char body[160], from[32];
	snprintf(from, sizeof from, "10.9.9.%d", o->n);
	if (o->n == 3)   /* replies to a comment that does not exist */
		snprintf(body, sizeof body, "{\"page\":\"/b/\",\"author\":\"X\",\"body\":\"bad\","
			 "\"parent\":999999}");
	else
		snprintf(body, sizeof body, "{\"page\":\"/b/\",\"author\":\"X\",\"body\":\"ok %d\"}",
			 o->n);
	o->status = post("/api/v1/comments", body, from, NULL);
	return NULL;
}

Test(durable, a_write_that_fails_fails_alone_and_a_reply_finds_its_parent, .timeout = 60)
{
	open_bed("full");
	json_t *h = NULL;
	cr_assert_eq(get("/healthz", &h), 200);
	cr_expect_str_eq(json_string_value(json_object_get(h, "durability")), "full");
	json_decref(h);
	struct one o[8];
	pthread_t t[8];
	for (int i = 0; i < 8; i++) {
		o[i].n = i;
		cr_assert_eq(pthread_create(&t[i], NULL, post_one, &o[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		cr_expect_eq(o[i].status, i == 3 ? 400 : 201, "post %d answered %ld", i, o[i].status);
	}
	for (int i = 0; i < 50; i++) {
		json_t *j = NULL;
		char body[160];
		snprintf(body, sizeof body, "{\"page\":\"/r/\",\"author\":\"P\",\"body\":\"parent %d\"}", i);
		cr_assert_eq(post("/api/v1/comments", body, "10.8.0.1", &j), 201);
		long parent = (long)json_integer_value(json_object_get(j, "id"));
		json_decref(j);
		snprintf(body, sizeof body, "{\"page\":\"/r/\",\"author\":\"R\",\"body\":\"reply %d\","
			 "\"parent\":%ld}", i, parent);
		cr_assert_eq(post("/api/v1/comments", body, "10.8.0.2", NULL), 201,
			     "the reply did not find parent %ld", parent);
	}
	close_bed();
}

Test(durable, the_setting_in_force_is_shown)
{
	open_bed("process");
	json_t *h = NULL;
	cr_assert_eq(get("/healthz", &h), 200);
	cr_expect_str_eq(json_string_value(json_object_get(h, "durability")), "process");
	json_decref(h);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s migrate --config %s", daemon_bin(), bed.cfg);
	FILE *p = popen(cmd, "r");
	char line[512] = "";
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(line, sizeof line, p));
	pclose(p);
	cr_expect(strstr(line, "(durability process)"), "%s", line);
	close_bed();
}

struct many {
	int n;
	long status;
	json_t *answer;
};

static void *post_many(void *arg)
{
	struct many *m = arg;
	char body[160], from[32];
	snprintf(from, sizeof from, "10.7.%d.%d", m->n / 200, m->n % 200);
	snprintf(body, sizeof body, "{\"page\":\"/t/\",\"author\":\"T\",\"body\":\"%s %d\"}",
		 m->n % 10 == 3 ? "refuse me" : "keep me", m->n);
	m->status = post("/api/v1/comments", body, from, &m->answer);
	return NULL;
}

/* The store would refuse what the checks before it let through (a trigger
 * stands in for a full disk or a broken constraint): each such post fails
 * alone, inside the transaction it shares with the posts around it. */
Test(durable, a_write_the_database_refuses_fails_alone_in_its_batch, .timeout = 60)
{
	open_bed("full");
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(bed.db, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON comments"
				 " WHEN NEW.body_md LIKE 'refuse me%'"
				 " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
				 NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	enum { N = 40 };
	struct many m[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		m[i] = (struct many){ .n = i };
		cr_assert_eq(pthread_create(&t[i], NULL, post_many, &m[i]), 0);
	}
	int stored = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		bool refuse = i % 10 == 3;
		cr_expect_eq(m[i].status, refuse ? 500 : 201, "post %d answered %ld", i, m[i].status);
		json_t *e = json_object_get(m[i].answer, "error");
		if (refuse)
			cr_expect_str_eq(json_string_value(json_object_get(e, "code")), "internal");
		else if (json_integer_value(json_object_get(m[i].answer, "id")) > 0)
			stored++;
		json_decref(m[i].answer);
	}
	cr_expect_eq(stored, N - N / 10);
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT count(*), sum(body_md LIKE 'refuse me%')"
				       " FROM comments WHERE page = '/t/'", -1, &st, NULL),
		     SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int(st, 0), N - N / 10, "every acknowledged post is stored");
	cr_expect_eq(sqlite3_column_int(st, 1), 0, "nothing of a refused post is stored");
	sqlite3_finalize(st);
	sqlite3_close(db);
	close_bed();
}
