/* comment_cache.h: the JSON of each page's approved comments, kept in
 * memory, because reading a thread is what the widget does on every page
 * view and the answer only changes when someone writes.
 *
 * Any write to a page's comments must call comment_cache_invalidate()
 * after it commits.  A reader that missed builds the JSON from the store
 * and offers it with comment_cache_put(), passing the generation it read
 * before querying: if any invalidation happened in between, the offer is
 * dropped, so a stale thread can never be cached after a write.
 *
 * Bounded: a fixed number of slots; a page whose slot is taken replaces
 * the entry there.  Thread-safe.
 */
#ifndef NEWSDESK_COMMENT_CACHE_H
#define NEWSDESK_COMMENT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define COMMENT_CACHE_SLOTS 1024
#define COMMENT_ETAG_MAX 40   /* "\"" + 32 hex + "\"" */

struct comment_cache;

struct comment_cache *comment_cache_new(void);
void comment_cache_free(struct comment_cache *c);
/* 1 with the body appended to out and the ETag copied, 0 on a miss. */
int comment_cache_get(struct comment_cache *c, const char *page, struct buf *out,
		      char etag[COMMENT_ETAG_MAX]);
uint64_t comment_cache_generation(struct comment_cache *c);
/* Caches body for page unless an invalidation happened since gen. */
void comment_cache_put(struct comment_cache *c, const char *page, uint64_t gen,
		       const char *body, size_t len, const char etag[COMMENT_ETAG_MAX]);
void comment_cache_invalidate(struct comment_cache *c, const char *page);
/* The strong ETag of a body: a quoted BLAKE2b-128 in hex. */
void comment_etag(const char *body, size_t len, char out[COMMENT_ETAG_MAX]);

#endif
