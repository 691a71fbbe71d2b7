/* router.c: matching a method and path against the route table */
#include "http/route.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static bool method_ok(const char *want, const char *got)
{
	return strcmp(want, got) == 0 ||
	       (strcmp(want, "GET") == 0 && strcmp(got, "HEAD") == 0);
}

/* Segment-by-segment match; fills params for {x} segments.  One walk of
 * both strings, no strchr or strlen: every request runs it against the
 * routes before its own (issue 29's instruction count). */
static bool path_ok(const char *p, const char *s, struct route_params *params)
{
	params->n = 0;
	for (;;) {
		if (*p == '\0' || *s == '\0')
			return *p == '\0' && *s == '\0';
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		if (p[0] == '*' && p[1] == '\0')
			return true;
		if (*p == '{') {
			const char *seg = s;
			while (*s && *s != '/')
				s++;
			if (s == seg || params->n >= ROUTE_MAX_PARAMS)
				return false;
			params->start[params->n] = seg;
			params->len[params->n++] = (size_t)(s - seg);
			while (*p && *p != '/')
				p++;
		} else {
			while (*p && *p != '/' && *p == *s) {
				p++;
				s++;
			}
			if ((*p && *p != '/') || (*s && *s != '/'))
				return false;
		}
	}
}

enum route_match route_find(const struct route *routes, size_t n,
			    const char *method, const char *path,
			    const struct route **out, struct route_params *params,
			    struct buf *allow)
{
	bool path_seen = false;
	struct route_params tmp;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct route *r = &routes[i];
			bool fallback = (r->flags & ROUTE_FALLBACK) != 0;
			if (fallback != (pass == 1))
				continue;
			if (!path_ok(r->pattern, path, &tmp))
				continue;
			if (method_ok(r->method, method)) {
				*out = r;
				*params = tmp;
				return MATCH_OK;
			}
			/* a fallback does not turn an unknown path into a 405 */
			if (fallback)
				continue;
			if (allow) {
				if (path_seen)
					buf_adds(allow, ", ");
				buf_adds(allow, r->method);
				if (strcmp(r->method, "GET") == 0)
					buf_adds(allow, ", HEAD");
			}
			path_seen = true;
		}
		if (path_seen)
			return MATCH_BAD_METHOD;
	}
	return MATCH_NO_PATH;
}

struct route_index {
	const struct route *routes;
	size_t n, mask;
	const struct route **slot; /* open addressing, NULL = empty */
};

/* FNV-1a of "METHOD PATH" (HEAD looked up as GET) */
static uint64_t key_hash(const char *method, const char *path)
{
	uint64_t h = 1469598103934665603u;
	for (const char *p = method; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ ' ') * 1099511628211u;
	for (const char *p = path; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return h;
}

static bool fixed_path(const char *pattern)
{
	return !strchr(pattern, '{') && !strchr(pattern, '*');
}

/* No route before i matches route i's path: the walk would reach i. */
static bool first_for_its_path(const struct route *routes, size_t i)
{
	struct route_params tmp;
	for (size_t j = 0; j < i; j++)
		if (path_ok(routes[j].pattern, routes[i].pattern, &tmp))
			return false;
	return true;
}

struct route_index *route_index_new(const struct route *routes, size_t n)
{
	struct route_index *ix = xcalloc(1, sizeof *ix);
	ix->routes = routes;
	ix->n = n;
	size_t cap = 16;
	while (cap < 4 * n)
		cap *= 2;
	ix->mask = cap - 1;
	ix->slot = xcalloc(cap, sizeof *ix->slot);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		if ((r->flags & ROUTE_FALLBACK) || !fixed_path(r->pattern) ||
		    !first_for_its_path(routes, i) || strcmp(r->method, "HEAD") == 0)
			continue;
		size_t k = (size_t)key_hash(r->method, r->pattern) & ix->mask;
		while (ix->slot[k])
			k = (k + 1) & ix->mask;
		ix->slot[k] = r;
	}
	return ix;
}

void route_index_free(struct route_index *ix)
{
	if (!ix)
		return;
	free(ix->slot);
	free(ix);
}

enum route_match route_index_find(const struct route_index *ix, const char *method,
				  const char *path, const struct route **out,
				  struct route_params *params, struct buf *allow)
{
	const char *as = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (size_t k = (size_t)key_hash(as, path) & ix->mask; ix->slot[k]; k = (k + 1) & ix->mask) {
		const struct route *r = ix->slot[k];
		if (strcmp(r->method, as) == 0 && strcmp(r->pattern, path) == 0) {
			*out = r;
			params->n = 0;
			return MATCH_OK;
		}
	}
	return route_find(ix->routes, ix->n, method, path, out, params, allow);
}
