/* flushed_acks.c: with storage.durability = "full", no acknowledgement of
 * a write is sent before an fdatasync covering its commit has returned.
 *
 * SIGKILL cannot show it (the page cache outlives the process), so the
 * system calls are traced: the daemon runs with build/sync-trace.so
 * preloaded (tests/preload/sync_trace.c), which times every fsync and
 * fdatasync it makes on one clock shared by every process, and makes each
 * last SYNC_DELAY_MS longer, as a slow disk would.  Many threads then
 * write at once over HTTP: comment posts (the writer runs them without a
 * request thread waiting), comment edits and submissions (the request
 * thread waits for its section).  A write's commit comes after its request
 * was sent, and a flush that covers the commit starts after it, so every
 * 2xx must have arrived after a flush of the write-ahead log that started
 * after its request was sent and ended before its answer came.  An answer
 * sent at commit time (before durability), or a flusher that no longer
 * flushes, has none.  The flushes are counted against the acknowledgements
 * too: fewer flushes than acknowledgements is group commit at work. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support/bed.h"
#include "support/http_client.h"
#include "util/file.h"

#define TOKEN "ghs_flushed_token"
#define THREADS 12
#define ROUNDS 30
#define SYNC_DELAY_MS "10"

enum kind { COMMENT, SUBMISSION, EDIT, KINDS };
static const char *const kind_names[KINDS] = { "comment", "submission", "comment edit" };

struct ack {
	long long sent, answered;   /* CLOCK_MONOTONIC ns around the request */
	enum kind kind;
};

struct writer {
	int n;
	unsigned port;
	struct ack acks[ROUNDS];
	int n_acks;
	int refused;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One write, timed; its answer's JSON in *out. */
static long timed(struct writer *w, enum kind kind, const char *method, const char *path,
		  const char *body, const char *auth, json_t **out)
{
	char xff[64], bearer[160];
	snprintf(xff, sizeof xff, "X-Forwarded-For: 10.%d.%d.%d", 50 + w->n, w->n_acks,
		 w->refused % 250);
	snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", auth ? auth : "");
	const char *h[] = { "Content-Type: application/json", xff, auth ? bearer : NULL, NULL };
	struct http_result res;
	long long sent = now_ns();
	int rc = http_do(method, w->port, path, body, strlen(body), h, 0, &res);
	long long answered = now_ns();
	if (rc != 0)
		return 0;
	long st = res.status;
	if (st >= 200 && st < 300)
		w->acks[w->n_acks++] = (struct ack){ sent, answered, kind };
	else if (++w->refused < 3)
		fprintf(stderr, "refused: %s %s: %ld %s\n", method, path, st, res.body.p);
	if (out)
		*out = json_loads(res.body.p ? res.body.p : "", 0, NULL);
	http_result_free(&res);
	return st;
}

static void *write_many(void *arg)
{
	struct writer *w = arg;
	char body[256], edit_token[128] = "", path[64] = "";
	for (int i = 0; i < ROUNDS; i++) {
		json_t *j = NULL;
		if (i % 3 == 2 && edit_token[0]) {
			snprintf(body, sizeof body, "{\"body\":\"edited %d of writer %d\"}", i, w->n);
			timed(w, EDIT, "PATCH", path, body, edit_token, NULL);
		} else if (i % 3 == 1) {
			snprintf(body, sizeof body, "{\"section\":\"Other Projects\",\"name\":\"f-%d-%d\","
				 "\"url\":\"https://example.com/f/%d/%d\",\"body\":\"A driver.\","
				 "\"author\":\"octo\",\"written_by\":true}", w->n,
				 i, w->n, i);
			timed(w, SUBMISSION, "POST", "/api/v1/submissions", body, NULL, NULL);
		} else {
			snprintf(body, sizeof body, "{\"page\":\"/f/\",\"author\":\"F%d\","
				 "\"body\":\"comment %d of writer %d\"}", w->n, i, w->n);
			if (timed(w, COMMENT, "POST", "/api/v1/comments", body, NULL, &j) == 201) {
				snprintf(edit_token, sizeof edit_token, "%s",
					 json_string_value(json_object_get(j, "edit_token")));
				snprintf(path, sizeof path, "/api/v1/comments/%lld",
					 (long long)json_integer_value(json_object_get(j, "id")));
			}
		}
		json_decref(j);
	}
	return NULL;
}

struct flush {
	long long start, end;
};

/* The trace's flushes of the write-ahead log that worked, in *out. */
static size_t wal_flushes(const char *trace, struct flush **out)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(file_read(trace, 64u << 20, &text, &err), 0, "no trace: %s", err.p);
	size_t n = 0, cap = 0;
	*out = NULL;
	for (char *line = text.p, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char call[16], path[512];
		long long start, end;
		int rc;
		if (sscanf(line, "%15s %lld %lld %d %511s", call, &start, &end, &rc, path) != 5)
			continue;
		size_t len = strlen(path);
		if (rc != 0 || len < 4 || strcmp(path + len - 4, "-wal") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = realloc(*out, cap * sizeof **out);
			cr_assert_not_null(*out);
		}
		(*out)[n++] = (struct flush){ start, end };
	}
	buf_release(&text);
	buf_release(&err);
	return n;
}

Test(durable, no_acknowledgement_before_the_fdatasync_that_covers_it, .timeout = 120)
{
	static struct bed bed;
	bed_open(&bed, "flushed", TOKEN);
	bed_config(&bed, "storage", "durability = \"full\"\n");
	bed_config(&bed, "comments", "moderation = \"none\"\nrate_limit_per_minute = 0\n"
				     "duplicate_window_hours = 0\ntrusted_proxies = [\"127.0.0.1\"]\n");
	static char preload[256], trace[160], asan[512];
	const char *lib = getenv("NEWSDESK_SYNC_TRACE_LIB");
	snprintf(preload, sizeof preload, "LD_PRELOAD=%s",
		 lib ? lib : NEWSDESK_SRCDIR "/build/sync-trace.so");
	snprintf(trace, sizeof trace, "NEWSDESK_SYNC_TRACE=%s/syncs", bed.dir);
	/* the sanitizer binary: its runtime is not first in line then */
	const char *was = getenv("ASAN_OPTIONS");
	snprintf(asan, sizeof asan, "ASAN_OPTIONS=%s%sverify_asan_link_order=0", was ? was : "",
		 was && *was ? ":" : "");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, preload, trace, asan,
			      "NEWSDESK_SYNC_DELAY_MS=" SYNC_DELAY_MS, NULL };
	bed_start(&bed, env);

	static struct writer w[THREADS];
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct writer){ .n = i, .port = bed.d.port };
		cr_assert_eq(pthread_create(&t[i], NULL, write_many, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(daemon_stop(&bed.d, SIGTERM), 0, "the daemon did not stop cleanly");

	struct flush *f = NULL;
	size_t n_flushes = wal_flushes(trace + strlen("NEWSDESK_SYNC_TRACE="), &f);
	int acks[KINDS] = { 0 }, early[KINDS] = { 0 }, refused = 0;
	for (int i = 0; i < THREADS; i++) {
		refused += w[i].refused;
		for (int k = 0; k < w[i].n_acks; k++) {
			const struct ack *a = &w[i].acks[k];
			bool covered = false;
			for (size_t x = 0; x < n_flushes && !covered; x++)
				covered = f[x].start >= a->sent && f[x].end <= a->answered;
			acks[a->kind]++;
			early[a->kind] += !covered;
		}
	}
	int total = 0;
	for (int k = 0; k < KINDS; k++) {
		printf("flushed acks: %d %s acknowledgements, %d before a flush covering them\n",
		       acks[k], kind_names[k], early[k]);
		cr_expect_gt(acks[k], THREADS, "too few %ss were acknowledged", kind_names[k]);
		cr_expect_eq(early[k], 0, "%d of %d %s acknowledgements came before an fdatasync "
			     "that covers their commit had returned", early[k], acks[k],
			     kind_names[k]);
		total += acks[k];
	}
	printf("flushed acks: %zu flushes of the write-ahead log for %d acknowledgements "
	       "(%d refused)\n", n_flushes, total, refused);
	cr_expect_eq(refused, 0, "%d writes were refused", refused);
	cr_expect_gt(n_flushes, 0, "the write-ahead log was never flushed");
	cr_expect_lt(n_flushes, (size_t)total, "no group commit: a flush per acknowledgement");
	free(f);
	bed_close(&bed);
}
