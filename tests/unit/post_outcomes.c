/* post_outcomes.c: what a notification webhook's answer means
 * (net/outgoing.h's enum post_result) — delivered, worth another try
 * later, or refused — from a receiver on 127.0.0.1 answering each status,
 * and from no receiver at all. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/outgoing.h"
#include "support/test_server.h"

static struct http_server *srv;
static unsigned port;

/* POST /status/{code}: answers that status. */
static int h_status(struct req *r, struct resp *rs)
{
	resp_json(rs, atoi(req_param(r, 0)), json_object());
	return 0;
}

static const struct route routes[] = {
	ROUTE("POST", "/status/{code}", h_status, 0, 4096),
};

static void start(void)
{
	srv = test_server_start(routes, sizeof routes / sizeof *routes, 1, &port);
}

static void stop(void)
{
	http_server_stop(srv, 5);
}

TestSuite(post_outcomes, .init = start, .fini = stop, .timeout = 30);

Test(post_outcomes, each_status_is_delivered_retried_or_refused)
{
	static const struct {
		int status;
		enum post_result want;
	} cases[] = {
		{ 200, POST_DELIVERED }, { 201, POST_DELIVERED }, { 204, POST_DELIVERED },
		{ 408, POST_RETRY },     { 429, POST_RETRY },     { 500, POST_RETRY },
		{ 502, POST_RETRY },     { 503, POST_RETRY },     { 400, POST_REFUSED },
		{ 401, POST_REFUSED },   { 403, POST_REFUSED },   { 404, POST_REFUSED },
		{ 410, POST_REFUSED },   { 302, POST_REFUSED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char url[96], line[32];
		snprintf(url, sizeof url, "http://127.0.0.1:%u/status/%d", port, cases[i].status);
		struct buf why = BUF_INIT;
		enum post_result got = http_post_json(url, "{\"event\":\"x\"}", 5000, &why);
		cr_expect_eq(got, cases[i].want, "HTTP %d: %d", cases[i].status, (int)got);
		snprintf(line, sizeof line, "HTTP %d", cases[i].status);
		cr_expect_str_eq(why.p ? why.p : "", got == POST_DELIVERED ? "" : line,
				 "HTTP %d", cases[i].status);
		buf_release(&why);
	}
}

Test(post_outcomes, no_answer_is_worth_another_try)
{
	char url[96];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/status/200", port);
	http_server_stop(srv, 5);
	struct buf why = BUF_INIT;
	cr_expect_eq(http_post_json(url, "{}", 2000, &why), POST_RETRY);
	cr_expect(why.len > 0, "the network's error is said");
	buf_release(&why);
	srv = NULL;
	start();   /* for the suite's fini */
}
