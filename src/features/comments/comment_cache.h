/* comment_cache.h: the JSON of each page's approved comments, kept in
 * memory, because reading a thread is what the widget does on every page
 * view and the answer only changes when someone writes.
 *
 * Entries are immutable, reference-counted blobs, so a hit hands the very
 * bytes to the HTTP response without a copy; the last holder frees them.
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

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "http/encoding.h"
#include "http/http.h"

#define COMMENT_CACHE_SLOTS 1024
#define COMMENT_ETAG_MAX 40   /* "\"" + 32 hex + "\"" */

/* The blob's bytes in one content coding (http/encoding.h); len 0 when
 * that coding would not be smaller. */
struct comment_coded {
	size_t len;
	char data[];
};

struct comment_blob {
	atomic_uint refs;
	size_t len;
	char etag[COMMENT_ETAG_MAX];  /* strong ETag of data */
	/* compressed at the first request that asks, then kept with the blob
	 * (freed with it): a cached thread is never compressed twice */
	struct comment_coded *_Atomic coded[ENC_COUNT];
	/* the responses built for each coding, queued again (http.h) */
	struct resp_reuse reuse[ENC_COUNT];
	char data[];
};

/* The blob in coding e (not ENC_IDENTITY), compressed now if no request
 * asked for it before; NULL when e would not make it smaller. */
const struct comment_coded *comment_blob_coded(struct comment_blob *b, enum enc e);

/* A blob holding a copy of data, with its ETag; one reference. */
struct comment_blob *comment_blob_new(const char *data, size_t len);
/* Drops one reference (void * so it can be a release callback). */
void comment_blob_release(void *blob);

struct comment_cache;

struct comment_cache *comment_cache_new(void);
void comment_cache_free(struct comment_cache *c);
/* The page's blob with a reference for the caller, or NULL on a miss. */
struct comment_blob *comment_cache_get(struct comment_cache *c, const char *page);
uint64_t comment_cache_generation(struct comment_cache *c);
/* Caches b (taking a reference of its own) unless an invalidation
 * happened since gen. */
void comment_cache_put(struct comment_cache *c, const char *page, uint64_t gen,
		       struct comment_blob *b);
void comment_cache_invalidate(struct comment_cache *c, const char *page);
/* Every page: the database changed under us (an import, another process). */
void comment_cache_invalidate_all(struct comment_cache *c);

#endif
