/* metrics_page.c: GET /metrics against the real binary — off by default,
 * 404 to addresses not allowed, and when read: requests by route and
 * status, the latency histogram, the job queue, GitHub calls, comments
 * and submissions by status, in Prometheus' text format. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_metrics_token"

static struct bed bed;

static long get(const char *path, const char *xff, struct http_result *res)
{
	char h1[96];
	const char *h[2] = { NULL, NULL };
	if (xff) {
		snprintf(h1, sizeof h1, "X-Forwarded-For: %s", xff);
		h[0] = h1;
	}
	cr_assert_eq(http_do("GET", bed.d.port, path, NULL, 0, h, 0, res), 0);
	return res->status;
}

static void start(const char *metrics)
{
	bed_open(&bed, "metrics", TOKEN);
	if (metrics)
		bed_config(&bed, "metrics", metrics);
	bed_config(&bed, "comments", "trusted_proxies = [\"127.0.0.1\"]\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(metrics_page, .fini = teardown, .timeout = 60);

Test(metrics_page, off_unless_enabled)
{
	start(NULL);
	struct http_result res;
	cr_assert_eq(get("/metrics", NULL, &res), 404);
	http_result_free(&res);
}

Test(metrics_page, counts_what_happened)
{
	start("enabled = true\nallow = [\"127.0.0.1\"]\n");
	struct http_result res;
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(get("/healthz", NULL, &res), 200);
		http_result_free(&res);
	}
	cr_assert_eq(get("/no/such/page.html", NULL, &res), 404);
	http_result_free(&res);
	const char *c = "{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"Hello\"}";
	const char *h[] = { "Content-Type: application/json", NULL };
	cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/comments", c, strlen(c), h, 0, &res), 0);
	cr_assert_eq(res.status, 201, "%s", res.body.p);
	http_result_free(&res);

	/* a request is counted once libmicrohttpd is done with it, which may
	 * be a moment after its client has the answer */
	const char *post_line = "newsdesk_http_requests_total{method=\"POST\","
				"route=\"/api/v1/comments\",status=\"201\"} 1\n";
	for (int i = 0; i < 100; i++) {
		cr_assert_eq(get("/metrics", NULL, &res), 200);
		if (strstr(res.body.p, post_line) || i == 99)
			break;
		http_result_free(&res);
		usleep(20 * 1000);
	}
	const char *m = res.body.p;
	cr_assert(strstr(m, "newsdesk_http_requests_total{method=\"GET\",route=\"/healthz\","
			    "status=\"200\"} 3\n"), "%s", m);
	cr_assert(strstr(m, "newsdesk_http_requests_total{method=\"POST\",route=\"/api/v1/comments\","
			    "status=\"201\"} 1\n"), "%s", m);
	cr_assert(strstr(m, "newsdesk_http_request_duration_seconds_bucket{method=\"GET\","
			    "route=\"/healthz\",le=\"+Inf\"} 3\n"), "%s", m);
	cr_assert(strstr(m, "# TYPE newsdesk_http_request_duration_seconds histogram"));
	cr_assert(strstr(m, "newsdesk_comments{status=\"pending\"} 1\n"), "%s", m);
	cr_assert(strstr(m, "newsdesk_github_requests_total{outcome=\"ok\"}"), "%s", m);
	cr_assert(strstr(m, "# TYPE newsdesk_jobs gauge"), "%s", m);
	/* a path is never a label: the unknown page counts under the fallback */
	cr_assert_null(strstr(m, "no/such"), "%s", m);
	http_result_free(&res);

	/* another address: as if there were no such page */
	cr_assert_eq(get("/metrics", "203.0.113.9", &res), 404);
	http_result_free(&res);
}
