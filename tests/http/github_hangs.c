/* github_hangs.c: a GitHub that accepts connections and never answers
 * must cost newsdesk nothing but a stale draft.  /healthz and the comment
 * routes answer at once while draft pages are hammered, and the draft
 * pages answer from the last copy, or with a clear 503 within about a
 * second when there is none.  Every wait here has a deadline (libcurl's
 * 20 s, the stand-in's own two minutes); the bounds asserted are far
 * above what an answer takes and far below what waiting for GitHub takes
 * (its timeout is 5 s here). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_hang_token"
#define SECRET "hang-webhook-secret"

static struct bed bed;

static void setup(void)
{
	bed_open(&bed, "hang", TOKEN);
}

static void start(void)
{
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_WEBHOOK_SECRET=" SECRET, NULL };
	bed_start(&bed, env);
	bed_webhook(&bed, SECRET);
}

static void teardown(void)
{
	standin_hang(bed.gh, false);
	cr_expect_eq(bed_close(&bed), 0, "newsdesk did not stop cleanly");
}

TestSuite(github_hangs, .init = setup, .fini = teardown, .timeout = 120);

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* One GET: its status, and how long it took in *ms. */
static long get(const char *path, double *ms)
{
	struct http_result res;
	double t = now_ms();
	int rc = http_do("GET", bed.d.port, path, NULL, 0, NULL, 0, &res);
	*ms = now_ms() - t;
	long st = rc == 0 ? res.status : 0;
	if (rc == 0)
		http_result_free(&res);
	return st;
}

#define HAMMER_MAX 150

struct hammer {
	const char *path;
	atomic_bool *stop;
	double worst_ms;
	long statuses[HAMMER_MAX];
	int n;
};

/* Each request is a new connection: paced, so that the suite, run twice
 * (plain and sanitized) within TIME_WAIT's minute, does not run the
 * client out of ephemeral ports (unpaced, this test alone made ~10,000
 * connections a run, and connect() failed now and then), while eight
 * clients still keep the draft pages busy throughout. */
static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	while (!atomic_load(h->stop) && h->n < HAMMER_MAX) {
		double ms;
		h->statuses[h->n++] = get(h->path, &ms);
		if (ms > h->worst_ms)
			h->worst_ms = ms;
		usleep(20 * 1000);
	}
	return NULL;
}

/* Eight clients on the draft pages, healthz and a comment thread timed
 * from the side.  *worst_draft gets the slowest draft-page answer. */
static void hammer_and_time(long want_status, double *worst_draft)
{
	static const char *const paths[] = { "/submit", "/api/v1/draft" };
	atomic_bool stop = false;
	struct hammer h[8];
	pthread_t t[8];
	for (int i = 0; i < 8; i++) {
		memset(&h[i], 0, sizeof h[i]);
		h[i].path = paths[i % 2];
		h[i].stop = &stop;
		cr_assert_eq(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
	}
	double worst_health = 0, worst_thread = 0;
	for (int i = 0; i < 20; i++) {
		double ms;
		cr_expect_eq(get("/healthz", &ms), 200);
		if (ms > worst_health)
			worst_health = ms;
		cr_expect_eq(get("/api/v1/comments?page=/p/", &ms), 200);
		if (ms > worst_thread)
			worst_thread = ms;
		usleep(50 * 1000);
	}
	atomic_store(&stop, true);
	*worst_draft = 0;
	bool dumped = false;
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		if (h[i].worst_ms > *worst_draft)
			*worst_draft = h[i].worst_ms;
		cr_expect_gt(h[i].n, 0);
		for (int k = 0; k < h[i].n; k++) {
			/* the form page says so itself; the API answers 503 */
			cr_expect_eq(h[i].statuses[k], i % 2 ? want_status : 200,
				     "%s answered %ld (request %d of %d)", h[i].path, h[i].statuses[k],
				     k + 1, h[i].n);
			if (h[i].statuses[k] == 0 && !dumped) {
				/* no answer at all: what the daemon said helps */
				char cmd[256];
				snprintf(cmd, sizeof cmd, "tail -n 30 '%s'", bed.log);
				cr_expect_eq(system(cmd), 0);
				dumped = true;
			}
		}
	}
	cr_expect_lt(worst_health, 500.0, "/healthz took %.0f ms", worst_health);
	cr_expect_lt(worst_thread, 500.0, "a comment thread took %.0f ms", worst_thread);
}

Test(github_hangs, the_last_copy_is_served_while_github_hangs)
{
	start();
	double ms;
	cr_assert_eq(get("/api/v1/draft", &ms), 200);
	/* GitHub stops answering, then a push asks for a refresh */
	standin_hang(bed.gh, true);
	char *text = standin_file(bed.gh, "next", DAEMON_DRAFT);
	cr_assert_not_null(text);
	size_t n = strlen(text);
	char *more = malloc(n + 32);
	snprintf(more, n + 32, "%sMore text.\n", text);
	standin_commit(bed.gh, "next", "a push while GitHub hangs", DAEMON_DRAFT, more);
	free(more);
	free(text);
	usleep(200 * 1000);   /* the refresh is under way, and hanging */
	double worst;
	hammer_and_time(200, &worst);
	cr_expect_lt(worst, 1000.0, "a draft page took %.0f ms", worst);
}

Test(github_hangs, without_a_copy_the_draft_pages_say_so_within_a_second)
{
	standin_hang(bed.gh, true);
	start();
	double worst;
	hammer_and_time(503, &worst);
	cr_expect_lt(worst, 1500.0, "a draft page took %.0f ms", worst);
	/* and once GitHub answers again, the draft comes back by itself */
	standin_hang(bed.gh, false);
	long st = 0;
	for (int i = 0; i < 200 && st != 200; i++) {
		st = get("/api/v1/draft", &worst);
		if (st != 200)
			usleep(50 * 1000);
	}
	cr_expect_eq(st, 200, "the draft did not come back after GitHub did");
}
