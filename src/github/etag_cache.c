/* etag_cache.c: GitHub's answers kept with their ETags (etag_cache.h) */
#include "github/etag_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct entry {
	char *url, *etag, *link, *body;
	size_t len;
	uint64_t used;   /* when it was last put or read, in puts and reads */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry entries[ETAG_CACHE_ENTRIES];
static uint64_t clock_ticks;
static _Atomic unsigned long long hits;

static struct entry *find(const char *url)
{
	for (size_t i = 0; i < ETAG_CACHE_ENTRIES; i++)
		if (entries[i].url && strcmp(entries[i].url, url) == 0)
			return &entries[i];
	return NULL;
}

static void drop(struct entry *e)
{
	free(e->url);
	free(e->etag);
	free(e->link);
	free(e->body);
	memset(e, 0, sizeof *e);
}

bool etag_cache_tag(const char *url, char *etag, size_t cap)
{
	pthread_mutex_lock(&mu);
	struct entry *e = find(url);
	bool ok = e && strlen(e->etag) < cap;
	if (ok)
		memcpy(etag, e->etag, strlen(e->etag) + 1);
	pthread_mutex_unlock(&mu);
	return ok;
}

bool etag_cache_body(const char *url, const char *etag, struct buf *out, char *link,
		     size_t link_cap)
{
	pthread_mutex_lock(&mu);
	struct entry *e = find(url);
	bool ok = e && strcmp(e->etag, etag) == 0;
	if (ok) {
		buf_add(out, e->body, e->len);
		if (link_cap && strlen(e->link) < link_cap)
			memcpy(link, e->link, strlen(e->link) + 1);
		e->used = ++clock_ticks;
		atomic_fetch_add(&hits, 1);
	}
	pthread_mutex_unlock(&mu);
	return ok;
}

void etag_cache_put(const char *url, const char *etag, const char *link, const char *body,
		    size_t len)
{
	if (!*etag || len > ETAG_CACHE_BODY_MAX)
		return;
	pthread_mutex_lock(&mu);
	struct entry *e = find(url);
	if (!e) {
		e = &entries[0];
		for (size_t i = 0; i < ETAG_CACHE_ENTRIES; i++) {
			if (!entries[i].url) {
				e = &entries[i];
				break;
			}
			if (entries[i].used < e->used)
				e = &entries[i];
		}
	}
	drop(e);
	e->url = xstrdup(url);
	e->etag = xstrdup(etag);
	e->link = xstrdup(link ? link : "");
	e->body = xmalloc(len + 1);
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	e->used = ++clock_ticks;
	pthread_mutex_unlock(&mu);
}

unsigned long long etag_cache_hits(void)
{
	return atomic_load(&hits);
}

void etag_cache_clear(void)
{
	pthread_mutex_lock(&mu);
	for (size_t i = 0; i < ETAG_CACHE_ENTRIES; i++)
		drop(&entries[i]);
	pthread_mutex_unlock(&mu);
}
