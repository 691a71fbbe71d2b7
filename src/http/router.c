/* router.c: matching a method and path against the route table */
#include "http/route.h"

#include <string.h>

static bool method_ok(const char *want, const char *got)
{
	return strcmp(want, got) == 0 ||
	       (strcmp(want, "GET") == 0 && strcmp(got, "HEAD") == 0);
}

/* Segment-by-segment match; fills params for {x} segments. */
static bool path_ok(const char *pattern, const char *path,
		    struct route_params *params)
{
	params->n = 0;
	const char *p = pattern, *s = path;
	for (;;) {
		if (*p == '\0' || *s == '\0')
			return *p == '\0' && *s == '\0';
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/');
		const char *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t sl = se ? (size_t)(se - s) : strlen(s);
		if (pl == 1 && p[0] == '*' && !pe)
			return true;
		if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (sl == 0 || params->n >= ROUTE_MAX_PARAMS)
				return false;
			params->start[params->n] = s;
			params->len[params->n++] = sl;
		} else if (pl != sl || memcmp(p, s, pl) != 0) {
			return false;
		}
		p += pl;
		s += sl;
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
