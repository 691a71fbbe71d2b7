/* etag_cache.h: what GitHub answered to a GET, kept with its ETag.
 *
 * GitHub sends an ETag with every GET answer; asked again with
 * If-None-Match, it answers 304 Not Modified when nothing changed, and a
 * 304 does not count against the primary rate limit.  The client
 * (client.c) keeps the last answer per URL here and asks conditionally,
 * so the draft, the branch and the site's config read again by each job
 * cost nothing while they stay the same.  Process-wide, bounded (entries
 * and bytes), the oldest entry goes first; the lock is never held across
 * the network. */
#ifndef NEWSDESK_ETAG_CACHE_H
#define NEWSDESK_ETAG_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define ETAG_CACHE_ENTRIES 128
#define ETAG_CACHE_BODY_MAX (1u << 20)

/* The ETag kept for url into etag (cap bytes); false when none. */
bool etag_cache_tag(const char *url, char *etag, size_t cap);
/* The body kept for url and etag appended to out, its Link header into
 * link (cap bytes; a 304 need not repeat it); false when gone. */
bool etag_cache_body(const char *url, const char *etag, struct buf *out, char *link,
		     size_t link_cap);
/* Keeps an answer (bodies over ETAG_CACHE_BODY_MAX are not kept). */
void etag_cache_put(const char *url, const char *etag, const char *link, const char *body,
		    size_t len);
/* 304s answered from the cache (for /metrics and the benchmark). */
unsigned long long etag_cache_hits(void);
void etag_cache_clear(void);

#endif
