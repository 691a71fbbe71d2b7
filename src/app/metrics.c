/* metrics.c: request counters and GET /metrics (metrics.h) */
#include "app/metrics.h"
#include "http/errors.h"
#include "app/app_handlers.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "github/client.h"
#include "core/app.h"
#include "util/ip_match.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "store/stats.h"

static const int statuses[] = { 0,   200, 201, 202, 204, 206, 301, 302, 303, 304, 400, 401,
				403, 404, 405, 409, 410, 413, 415, 422, 429, 431, 500, 501,
				502, 503, 504 };
#define N_STATUS (sizeof statuses / sizeof *statuses + 1)   /* + "other" */
/* seconds; + Inf is the count */
static const double bounds[] = { .001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10 };
#define N_BUCKETS (sizeof bounds / sizeof *bounds)

struct route_metrics {
	_Atomic uint64_t by_status[N_STATUS];
	_Atomic uint64_t buckets[N_BUCKETS];
	_Atomic uint64_t sum_us, count;
};

struct metrics {
	const struct route *routes;
	size_t n;
	struct route_metrics *per;   /* n + 1: the last is "no route matched" */
};

struct metrics *metrics_new(const struct route *routes, size_t n_routes)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	m->routes = routes;
	m->n = n_routes;
	m->per = xcalloc(n_routes + 1, sizeof *m->per);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->per);
	free(m);
}

static size_t status_index(int status)
{
	for (size_t i = 0; i < N_STATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return N_STATUS - 1;
}

void metrics_observe(void *arg, const struct route *route, int status, uint64_t us)
{
	struct app *app = arg;
	struct metrics *m = app->metrics;
	if (!m)
		return;
	size_t i = route && route >= m->routes && route < m->routes + m->n
			   ? (size_t)(route - m->routes)
			   : m->n;
	struct route_metrics *rm = &m->per[i];
	atomic_fetch_add(&rm->by_status[status_index(status)], 1);
	for (size_t b = 0; b < N_BUCKETS; b++)
		if ((double)us / 1e6 <= bounds[b])
			atomic_fetch_add(&rm->buckets[b], 1);
	atomic_fetch_add(&rm->sum_us, us);
	atomic_fetch_add(&rm->count, 1);
}

static void labels(struct buf *b, const struct metrics *m, size_t i)
{
	const char *method = i < m->n ? m->routes[i].method : "";
	const char *pattern = i < m->n ? m->routes[i].pattern : "(none)";
	buf_addf(b, "method=\"%s\",route=\"", method);
	/* patterns are ours, but a label must stay one label whatever they hold */
	for (const char *p = pattern; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

static void requests(struct buf *b, const struct metrics *m)
{
	buf_adds(b, "# HELP newsdesk_http_requests_total Requests answered, by route and status "
		    "(status 0: cut off).\n# TYPE newsdesk_http_requests_total counter\n");
	for (size_t i = 0; i <= m->n; i++)
		for (size_t s = 0; s < N_STATUS; s++) {
			uint64_t n = atomic_load(&m->per[i].by_status[s]);
			if (!n)
				continue;
			buf_adds(b, "newsdesk_http_requests_total{");
			labels(b, m, i);
			if (s < N_STATUS - 1)
				buf_addf(b, ",status=\"%d\"} %llu\n", statuses[s], (unsigned long long)n);
			else
				buf_addf(b, ",status=\"other\"} %llu\n", (unsigned long long)n);
		}
	buf_adds(b, "# HELP newsdesk_http_request_duration_seconds Time to answer, by route.\n"
		    "# TYPE newsdesk_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= m->n; i++) {
		const struct route_metrics *rm = &m->per[i];
		uint64_t count = atomic_load(&rm->count);
		if (!count)
			continue;
		for (size_t k = 0; k < N_BUCKETS; k++) {
			buf_adds(b, "newsdesk_http_request_duration_seconds_bucket{");
			labels(b, m, i);
			buf_addf(b, ",le=\"%g\"} %llu\n", bounds[k],
				 (unsigned long long)atomic_load(&rm->buckets[k]));
		}
		buf_adds(b, "newsdesk_http_request_duration_seconds_bucket{");
		labels(b, m, i);
		buf_addf(b, ",le=\"+Inf\"} %llu\n", (unsigned long long)count);
		buf_adds(b, "newsdesk_http_request_duration_seconds_sum{");
		labels(b, m, i);
		buf_addf(b, "} %.6f\n", (double)atomic_load(&rm->sum_us) / 1e6);
		buf_adds(b, "newsdesk_http_request_duration_seconds_count{");
		labels(b, m, i);
		buf_addf(b, "} %llu\n", (unsigned long long)count);
	}
}

struct rows {
	struct buf *b;
	const char *want;
};

static void one_row(const char *what, const char *a, const char *bb, int64_t n, void *arg)
{
	struct rows *r = arg;
	if (strcmp(what, r->want) != 0)
		return;
	/* kinds and states are the service's own words */
	if (strcmp(what, "jobs") == 0)
		buf_addf(r->b, "newsdesk_jobs{kind=\"%s\",state=\"%s\"} %lld\n", a, bb,
			 (long long)n);
	else
		buf_addf(r->b, "newsdesk_%s{status=\"%s\"} %lld\n", what, a, (long long)n);
}

static int counts(struct app *app, struct buf *b)
{
	static const char *const what[][2] = {
		{ "jobs", "Jobs in the queue, by kind and state." },
		{ "comments", "Comments, by status." },
		{ "submissions", "Submissions, by status." },
	};
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < 3; i++) {
		buf_addf(b, "# HELP newsdesk_%s %s\n# TYPE newsdesk_%s gauge\n", what[i][0],
			 what[i][1], what[i][0]);
		struct rows r = { b, what[i][0] };
		if (store_stats(app->store, one_row, &r, &err) < 0) {
			log_error("metrics: %s", err.p);
			buf_release(&err);
			return -1;
		}
	}
	buf_release(&err);
	return 0;
}

int handle_metrics(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct config *cfg = app->cfg;
	/* an empty allow list means this machine only */
	static char *const loopback[] = { "127.0.0.1", "::1" };
	char *const *allow = cfg->metrics.allow.n ? cfg->metrics.allow.v : loopback;
	size_t n_allow = cfg->metrics.allow.n ? cfg->metrics.allow.n : 2;
	if (!cfg->metrics.enabled || !app->metrics ||
	    !ip_in_list(req_client_ip(r), allow, n_allow)) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such page");
		return 0;
	}
	struct buf b = BUF_INIT;
	requests(&b, app->metrics);
	if (counts(app, &b) < 0) {
		buf_release(&b);
		return -1;
	}
	struct gh_stats gs;
	gh_stats_get(&gs);
	buf_addf(&b, "# HELP newsdesk_github_requests_total GitHub API answers, by outcome.\n"
		     "# TYPE newsdesk_github_requests_total counter\n"
		     "newsdesk_github_requests_total{outcome=\"ok\"} %llu\n"
		     "newsdesk_github_requests_total{outcome=\"retry\"} %llu\n"
		     "newsdesk_github_requests_total{outcome=\"final\"} %llu\n",
		 gs.ok, gs.retry, gs.final);
	if (gs.ratelimit_remaining >= 0)
		buf_addf(&b, "# HELP newsdesk_github_ratelimit_remaining GitHub's "
			     "x-ratelimit-remaining, last seen.\n# TYPE "
			     "newsdesk_github_ratelimit_remaining gauge\n"
			     "newsdesk_github_ratelimit_remaining %ld\n",
			 gs.ratelimit_remaining);
	resp_header(rs, "Cache-Control", "no-store");
	resp_bytes(rs, HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len);
	buf_release(&b);
	return 0;
}
