/* stats.h: counts for /metrics (stats.c). */
#ifndef NEWSDESK_STORE_STATS_H
#define NEWSDESK_STORE_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Counts for /metrics (stats.c): fn(what, a, b, n) per group, what being
 * "jobs" (a: kind, b: state), "comments" or "submissions" (a: status). */
typedef void (*store_stats_fn)(const char *what, const char *a, const char *b, int64_t n,
			       void *arg);
int store_stats(struct store *s, store_stats_fn fn, void *arg, struct buf *err);

#endif
