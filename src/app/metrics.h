/* metrics.h: GET /metrics in Prometheus' text format.
 *
 * Off unless [metrics] enabled = true; then only addresses in
 * metrics.allow may read it (others get 404, as if it did not exist).
 *   newsdesk_http_requests_total{method,route,status}     counter
 *   newsdesk_http_request_duration_seconds{method,route}  histogram
 *   newsdesk_jobs{kind,state}                             gauge (the queue)
 *   newsdesk_github_requests_total{outcome}               counter (ok, retry, final)
 *   newsdesk_github_ratelimit_remaining                   gauge (last seen)
 *   newsdesk_comments{status}, newsdesk_submissions{status}  gauges
 * Routes are the route table's patterns, never a request's path. */
#ifndef NEWSDESK_METRICS_H
#define NEWSDESK_METRICS_H

#include <stdint.h>

#include "http/route.h"

struct metrics;

struct metrics *metrics_new(const struct route *routes, size_t n_routes);
void metrics_free(struct metrics *m);
/* The server's observe hook (http_server_opts.observe); app is struct app. */
void metrics_observe(void *app, const struct route *route, int status, uint64_t us);

#endif
