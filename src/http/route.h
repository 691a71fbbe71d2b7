/* route.h: routes are data.
 *
 * A route row says which method and path pattern it answers, which handler
 * runs, how large a body it accepts and what the router must check before
 * the handler sees the request.  Patterns are literal segments and {name}
 * segments that capture one non-empty segment; "*" as the last segment
 * matches any remainder (used for static files).
 */
#ifndef NEWSDESK_ROUTE_H
#define NEWSDESK_ROUTE_H

#include <stddef.h>

#include "http/http.h"

enum route_flags {
	ROUTE_ADMIN = 1 << 0,      /* needs a maintainer session: else 401 */
	ROUTE_CSRF = 1 << 1,       /* needs a valid X-CSRF-Token: else 403 */
	ROUTE_EMBEDDABLE = 1 << 2, /* may be used from other sites' pages */
	ROUTE_FALLBACK = 1 << 3,   /* only tried when nothing else matches */
};

typedef int (*handler_fn)(struct req *r, struct resp *rs);

struct route {
	const char *method;   /* "GET" also answers HEAD */
	const char *pattern;
	handler_fn handler;
	unsigned flags;
	size_t max_body;      /* bytes; 0 = no body accepted */
};

enum route_match { MATCH_OK, MATCH_NO_PATH, MATCH_BAD_METHOD };

struct route_params {
	const char *start[ROUTE_MAX_PARAMS];
	size_t len[ROUTE_MAX_PARAMS];
	size_t n;
};

/* Finds the route for method+path.  MATCH_BAD_METHOD means some route has
 * this path with another method; allow then lists them ("GET, POST"). */
enum route_match route_find(const struct route *routes, size_t n,
			    const char *method, const char *path,
			    const struct route **out, struct route_params *params,
			    struct buf *allow);

#endif
