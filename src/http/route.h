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
	ROUTE_PAGE = 1 << 4,       /* a page people open: refusals are its refusal_page */
};

typedef int (*handler_fn)(struct req *r, struct resp *rs);

struct err_def;
struct input_spec;   /* fields.h */
/* The page a refusal gets (errors.h: fail), sent on rs with e's status:
 * on a ROUTE_PAGE route always, else when the request is a plain HTML form
 * (JSON otherwise).  back: where the page leads back to, when the handler
 * said (req_set_back); field may be "". */
typedef void (*refusal_page_fn)(struct req *r, struct resp *rs, const struct err_def *e,
				const char *field, const char *message, const char *back);

struct route {
	const char *method;   /* "GET" also answers HEAD */
	const char *pattern;
	handler_fn handler;
	unsigned flags;
	size_t max_body;      /* bytes; 0 = no body accepted */
	refusal_page_fn refusal_page;  /* NULL: refusals are JSON only */
	const char *error_field;  /* a refusal's JSON "field" when it names none */
	const struct input_spec *input;  /* what it reads, checked before the handler runs */
	/* who may, decided before the input is read (a comment's edit token):
	 * 0 go on, -1 refused on rs; NULL: anyone past the flags' guard */
	int (*authorize)(struct req *r, struct resp *rs);
};

/* A row of a route table: method, pattern, handler, flags, body cap, then
 * any other field by name. */
#define ROUTE(m, p, h, f, b, ...) \
	{ .method = (m), .pattern = (p), .handler = (h), .flags = (f), .max_body = (b), \
	  __VA_ARGS__ }

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

/* The routes whose pattern is one fixed path (no {x}, no *, no fallback)
 * and that no earlier route's pattern matches, by method and path: found
 * by one hash instead of a walk of the table (issue 29).  Anything else
 * goes to route_find, so the answer is always route_find's. */
struct route_index;
struct route_index *route_index_new(const struct route *routes, size_t n);
void route_index_free(struct route_index *ix);
enum route_match route_index_find(const struct route_index *ix, const char *method,
				  const char *path, const struct route **out,
				  struct route_params *params, struct buf *allow);

#endif
