/* comment_cache.c: per-page thread JSON in a bounded, direct-mapped table */
#include "features/comments/comment_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct entry {
	char *page;      /* NULL = empty */
	struct comment_blob *blob;
};

struct comment_cache {
	pthread_rwlock_t lock;
	uint64_t generation;   /* bumped by every invalidation (under lock) */
	struct entry slots[COMMENT_CACHE_SLOTS];
};

struct comment_blob *comment_blob_new(const char *data, size_t len)
{
	struct comment_blob *b = xmalloc(sizeof *b + len);
	atomic_init(&b->refs, 1);
	for (int e = 0; e < ENC_COUNT; e++) {
		atomic_init(&b->coded[e], NULL);
		resp_reuse_init(&b->reuse[e]);
	}
	b->len = len;
	memcpy(b->data, data, len);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
	b->etag[0] = '"';
	sodium_bin2hex(b->etag + 1, 33, h, sizeof h);
	b->etag[33] = '"';
	b->etag[34] = '\0';
	return b;
}

void comment_blob_release(void *blob)
{
	struct comment_blob *b = blob;
	if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	for (int e = 0; e < ENC_COUNT; e++) {
		resp_reuse_clear(&b->reuse[e]);
		free(atomic_load(&b->coded[e]));
	}
	free(b);
}

const struct comment_coded *comment_blob_coded(struct comment_blob *b, enum enc e)
{
	if (e <= ENC_IDENTITY || e >= ENC_COUNT)
		return NULL;
	struct comment_coded *c = atomic_load(&b->coded[e]);
	if (!c) {
		struct buf z = BUF_INIT;
		if (enc_compress(e, b->data, b->len, false, &z) < 0 || z.len >= b->len)
			z.len = 0;
		struct comment_coded *mine = xmalloc(sizeof *mine + z.len);
		mine->len = z.len;
		memcpy(mine->data, z.p, z.len);
		buf_release(&z);
		/* two requests may compress it at once: the first one's is kept */
		if (atomic_compare_exchange_strong(&b->coded[e], &c, mine))
			c = mine;
		else
			free(mine);
	}
	return c->len ? c : NULL;
}

static size_t slot_of(const char *page)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *s = page; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)(h % COMMENT_CACHE_SLOTS);
}

static void clear(struct entry *e)
{
	free(e->page);
	comment_blob_release(e->blob);
	memset(e, 0, sizeof *e);
}

struct comment_cache *comment_cache_new(void)
{
	struct comment_cache *c = xcalloc(1, sizeof *c);
	pthread_rwlock_init(&c->lock, NULL);
	return c;
}

void comment_cache_free(struct comment_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < COMMENT_CACHE_SLOTS; i++)
		clear(&c->slots[i]);
	pthread_rwlock_destroy(&c->lock);
	free(c);
}

struct comment_blob *comment_cache_get(struct comment_cache *c, const char *page)
{
	struct entry *e = &c->slots[slot_of(page)];
	struct comment_blob *b = NULL;
	pthread_rwlock_rdlock(&c->lock);
	if (e->page && strcmp(e->page, page) == 0) {
		b = e->blob;
		atomic_fetch_add(&b->refs, 1);
	}
	pthread_rwlock_unlock(&c->lock);
	return b;
}

uint64_t comment_cache_generation(struct comment_cache *c)
{
	pthread_rwlock_rdlock(&c->lock);
	uint64_t g = c->generation;
	pthread_rwlock_unlock(&c->lock);
	return g;
}

void comment_cache_put(struct comment_cache *c, const char *page, uint64_t gen,
		       struct comment_blob *b)
{
	struct entry fresh = { xstrdup(page), b }, old = { 0 };
	atomic_fetch_add(&b->refs, 1);
	pthread_rwlock_wrlock(&c->lock);
	if (c->generation == gen) {
		struct entry *e = &c->slots[slot_of(page)];
		old = *e;
		*e = fresh;
		fresh = (struct entry){ 0 };
	}
	pthread_rwlock_unlock(&c->lock);
	clear(&old);
	clear(&fresh);
}

void comment_cache_invalidate_all(struct comment_cache *c)
{
	pthread_rwlock_wrlock(&c->lock);
	c->generation++;
	for (size_t i = 0; i < COMMENT_CACHE_SLOTS; i++)
		clear(&c->slots[i]);
	pthread_rwlock_unlock(&c->lock);
}

void comment_cache_invalidate(struct comment_cache *c, const char *page)
{
	struct entry old = { 0 };
	struct entry *e = &c->slots[slot_of(page)];
	pthread_rwlock_wrlock(&c->lock);
	c->generation++;
	if (e->page && strcmp(e->page, page) == 0) {
		old = *e;
		memset(e, 0, sizeof *e);
	}
	pthread_rwlock_unlock(&c->lock);
	clear(&old);
}
