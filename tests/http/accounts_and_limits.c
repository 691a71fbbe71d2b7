/* accounts_and_limits.c: nobody can lock a maintainer out, limits count
 * exactly under concurrency, and accounts end their sessions when they
 * change or go — against the real binary.  Client addresses come from
 * X-Forwarded-For through a trusted loopback proxy. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_limits_token"
#define PASSWORD "correct horse battery staple"

static struct bed bed;

static void cli(const char *args, const char *input, int want)
{
	bed_cli(&bed, args, input, want);
}

static void setup(void)
{
	bed_open(&bed, "lim", TOKEN);
	bed_config(&bed, "comments", "trusted_proxies = [\"127.0.0.1\"]\nrate_limit_per_minute = 3\n");
	cli("user add phil", PASSWORD "\\n", 0);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(accounts, .init = setup, .fini = teardown, .timeout = 90);

/* POST/GET from a client address; status, and the Set-Cookie and CSRF of
 * a login when asked. */
static long call(const char *method, const char *path, const char *body, const char *from,
		 const char *cookie, const char *csrf, char *set_cookie, char *csrf_out)
{
	char xff[64], hc[160], hx[96];
	const char *h[5] = { "Content-Type: application/json" };
	int n = 1;
	snprintf(xff, sizeof xff, "X-Forwarded-For: %s", from);
	h[n++] = xff;
	if (cookie) {
		snprintf(hc, sizeof hc, "Cookie: %s", cookie);
		h[n++] = hc;
	}
	if (csrf) {
		snprintf(hx, sizeof hx, "X-CSRF-Token: %s", csrf);
		h[n++] = hx;
	}
	struct http_result res;
	cr_assert_eq(http_do(method, bed.d.port, path, body, body ? strlen(body) : 0, h, 0, &res), 0);
	if (set_cookie) {
		struct buf sc = BUF_INIT;
		http_header(&res, "Set-Cookie", &sc);
		snprintf(set_cookie, 128, "%.*s", (int)strcspn(sc.p, ";"), sc.p);
		buf_release(&sc);
	}
	if (csrf_out) {
		json_t *j = json_loads(res.body.p ? res.body.p : "", 0, NULL);
		const char *t = json_string_value(json_object_get(j, "csrf_token"));
		snprintf(csrf_out, 64, "%s", t ? t : "");
		json_decref(j);
	}
	long st = res.status;
	http_result_free(&res);
	return st;
}

static long login_from(const char *from, const char *password, char *cookie, char *csrf)
{
	char body[160];
	snprintf(body, sizeof body, "{\"username\":\"phil\",\"password\":\"%s\"}", password);
	return call("POST", "/api/v1/admin/login", body, from, NULL, NULL, cookie, csrf);
}

struct attempt {
	const char *from;
	long status;
};

static void *wrong(void *arg)
{
	struct attempt *a = arg;
	a->status = login_from(a->from, "wrong password!", NULL, NULL);
	return NULL;
}

Test(accounts, concurrent_guesses_get_exactly_the_limit_and_never_lock_the_owner_out)
{
	struct attempt at[30];
	pthread_t t[30];
	for (int i = 0; i < 30; i++) {
		at[i].from = "198.51.100.7";
		cr_assert_eq(pthread_create(&t[i], NULL, wrong, &at[i]), 0);
	}
	int tried = 0, refused = 0;
	for (int i = 0; i < 30; i++) {
		pthread_join(t[i], NULL);
		tried += at[i].status == 401;
		refused += at[i].status == 429;
	}
	cr_expect_eq(tried, 5, "%d wrong passwords were tried", tried);
	cr_expect_eq(refused, 25);
	/* the guesser's address stays refused, even with the right password */
	cr_expect_eq(login_from("198.51.100.7", PASSWORD, NULL, NULL), 429);
	/* guesses from many addresses slow the account down, never lock it */
	for (int i = 0; i < 6; i++) {
		char from[32];
		snprintf(from, sizeof from, "203.0.113.%d", 10 + i);
		cr_expect_eq(login_from(from, "wrong password!", NULL, NULL), 401);
	}
	char cookie[128], csrf[64];
	cr_expect_eq(login_from("192.0.2.1", PASSWORD, cookie, csrf), 200,
		     "the owner from their own address is let in");
}

Test(accounts, a_new_password_or_a_removal_ends_sessions)
{
	char c1[128], x1[64], c2[128], x2[64];
	cr_assert_eq(login_from("192.0.2.1", PASSWORD, c1, x1), 200);
	cr_assert_eq(call("GET", "/api/v1/admin/session", NULL, "192.0.2.1", c1, NULL, NULL, NULL),
		     200);
	cli("user add phil", "a brand new password\\n", 0);
	cr_expect_eq(call("GET", "/api/v1/admin/session", NULL, "192.0.2.1", c1, NULL, NULL, NULL),
		     401, "a session of the old password still works");
	cr_expect_eq(login_from("192.0.2.1", PASSWORD, NULL, NULL), 401);
	cr_assert_eq(login_from("192.0.2.1", "a brand new password", c2, x2), 200);
	cli("user list", "", 0);
	cli("user remove phil", "", 0);
	cr_expect_eq(call("GET", "/api/v1/admin/session", NULL, "192.0.2.1", c2, NULL, NULL, NULL),
		     401, "a removed account's session still works");
	cr_expect_eq(call("POST", "/api/v1/admin/logout", "", "192.0.2.1", c2, x2, NULL, NULL),
		     401);
	cr_expect_eq(login_from("192.0.2.2", "a brand new password", NULL, NULL), 401);
	cli("user remove phil", "", 1);
	cli("user remove", "", 2);
}

struct poster {
	int n;
	long status;
};

static void *post_comment(void *arg)
{
	struct poster *p = arg;
	char body[160];
	snprintf(body, sizeof body, "{\"page\":\"/p/\",\"author\":\"A\",\"body\":\"comment %d\"}",
		 p->n);
	p->status = call("POST", "/api/v1/comments", body, "198.51.100.9", NULL, NULL, NULL, NULL);
	return NULL;
}

Test(accounts, the_comment_limit_counts_exactly_under_concurrency)
{
	struct poster p[20];
	pthread_t t[20];
	for (int i = 0; i < 20; i++) {
		p[i].n = i;
		cr_assert_eq(pthread_create(&t[i], NULL, post_comment, &p[i]), 0);
	}
	int stored = 0, limited = 0;
	for (int i = 0; i < 20; i++) {
		pthread_join(t[i], NULL);
		stored += p[i].status == 201;
		limited += p[i].status == 429;
	}
	cr_expect_eq(stored, 3, "%d comments stored against a limit of 3", stored);
	cr_expect_eq(limited, 17);
}

static void *post_submission(void *arg)
{
	struct poster *p = arg;
	char body[256];
	snprintf(body, sizeof body, "{\"section\":\"Other Projects\",\"name\":\"project %d\","
		 "\"url\":\"https://example.com/%d\",\"body\":\"News.\",\"author\":\"octo\"}",
		 p->n, p->n);
	p->status = call("POST", "/api/v1/submissions", body, "198.51.100.10", NULL, NULL, NULL,
			 NULL);
	return NULL;
}

Test(accounts, the_submission_limit_counts_exactly_under_concurrency)
{
	struct poster p[16];
	pthread_t t[16];
	for (int i = 0; i < 16; i++) {
		p[i].n = i;
		cr_assert_eq(pthread_create(&t[i], NULL, post_submission, &p[i]), 0);
	}
	int stored = 0, limited = 0;
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		stored += p[i].status == 201;
		limited += p[i].status == 429;
	}
	cr_expect_eq(stored, 10, "%d submissions stored against a limit of 10", stored);
	cr_expect_eq(limited, 6);
}

static double clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Wrong passwords cost an argon2id hash at 64 MiB and, past a few, a
 * slow-down sleep of up to a second: both on the slow pool, so that eight
 * guessers at once (from eight addresses, within every limit) leave
 * /healthz alone; on HTTP threads, the sleeps held all four of them. */
Test(accounts, wrong_passwords_do_not_hold_the_server)
{
	/* past five failures the account is slowed: each guess sleeps up to 1 s */
	for (int i = 0; i < 10; i++) {
		char addr[32];
		snprintf(addr, sizeof addr, "203.0.113.%d", 100 + i);
		cr_expect_eq(login_from(addr, "wrong password!", NULL, NULL), 401);
	}
	struct attempt at[8];
	pthread_t t[8];
	char from[8][32];
	for (int i = 0; i < 8; i++) {
		snprintf(from[i], sizeof from[i], "198.51.100.%d", 40 + i);
		at[i].from = from[i];
		cr_assert_eq(pthread_create(&t[i], NULL, wrong, &at[i]), 0);
	}
	double worst = 0;
	for (int i = 0; i < 10; i++) {
		double t0 = clock_ms();
		cr_expect_eq(call("GET", "/healthz", NULL, "192.0.2.9", NULL, NULL, NULL, NULL), 200);
		double ms = clock_ms() - t0;
		worst = ms > worst ? ms : worst;
		usleep(20 * 1000);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		cr_expect(at[i].status == 401 || at[i].status == 503, "%ld", at[i].status);
	}
	cr_expect_lt(worst, 500.0, "/healthz took %.0f ms while passwords were hashed", worst);
}

/* Refused submissions cost a render of the draft too: past 30 a minute
 * from one network, refused ones count and the next is a 429. */
Test(accounts, refused_submissions_are_counted)
{
	const char *bad = "{\"section\":\"No Such Section\",\"name\":\"x\",\"url\":"
			  "\"https://example.org/\",\"author\":\"octo-cat\"}";
	int refused = 0, limited = 0;
	for (int i = 0; i < 32; i++) {
		long st = call("POST", "/api/v1/submissions", bad, "198.51.100.77", NULL, NULL, NULL,
			       NULL);
		refused += st == 400;
		limited += st == 429;
	}
	cr_expect_eq(refused, 30, "%d refused before the limit", refused);
	cr_expect_eq(limited, 2);
	/* another address is another client */
	cr_expect_eq(call("POST", "/api/v1/submissions", bad, "198.51.100.78", NULL, NULL, NULL,
			  NULL), 400);
}

/* The address limit counts failed sign-ins only: a sign-in that works,
 * and one the (address, account) limit refuses, give the address its try
 * back, so that its other accounts can still sign in. */
Test(accounts, sign_ins_that_work_or_are_refused_give_the_address_its_try_back)
{
	for (int i = 0; i < 25; i++)
		cr_expect_eq(login_from("198.51.100.20", PASSWORD, NULL, NULL), 200,
			     "sign-in %d that works was refused", i + 1);
	cli("user add ann", PASSWORD "\\n", 0);
	for (int i = 0; i < 25; i++)
		cr_expect_eq(login_from("198.51.100.21", "wrong password!", NULL, NULL),
			     i < 5 ? 401 : 429, "guess %d", i + 1);
	cr_expect_eq(call("POST", "/api/v1/admin/login",
			  "{\"username\":\"ann\",\"password\":\"" PASSWORD "\"}", "198.51.100.21", NULL,
			  NULL, NULL, NULL),
		     200, "the refused guesses at one account used up the address's tries");
}
