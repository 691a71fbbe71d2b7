/* route_index.c: the hashed lookup of fixed paths answers exactly what the
 * walk of the table answers, for every route of the service and the
 * requests around them, and keeps the table's order where an earlier
 * pattern takes a fixed path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/app.h"
#include "http/route.h"

static void same_answer(const struct route *routes, size_t n, const struct route_index *ix,
			const char *method, const char *path)
{
	const struct route *a = NULL, *b = NULL;
	struct route_params pa, pb;
	struct buf allow_a = BUF_INIT, allow_b = BUF_INIT;
	enum route_match ma = route_find(routes, n, method, path, &a, &pa, &allow_a);
	enum route_match mb = route_index_find(ix, method, path, &b, &pb, &allow_b);
	cr_expect_eq(ma, mb, "%s %s", method, path);
	if (ma == MATCH_OK) {
		cr_expect_eq(a, b, "%s %s: %s vs %s", method, path, a->pattern, b->pattern);
		cr_expect_eq(pa.n, pb.n, "%s %s", method, path);
	}
	cr_expect_str_eq(allow_a.p ? allow_a.p : "", allow_b.p ? allow_b.p : "", "%s %s", method,
			 path);
	buf_release(&allow_a);
	buf_release(&allow_b);
}

/* The pattern with each {x} made a value and a trailing * made a name. */
static void concrete(const char *pattern, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 4 < cap; p++) {
		if (*p == '{') {
			while (*p && *p != '}')
				p++;
			out[o++] = '7';
		} else if (*p == '*') {
			memcpy(out + o, "a.js", 4);
			o += 4;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

Test(route_index, answers_as_the_walk_for_every_route_and_its_neighbours)
{
	struct route_index *ix = route_index_new(app_routes, app_routes_count);
	static const char *const methods[] = { "GET", "HEAD", "POST", "PATCH", "PUT", "DELETE",
					       "OPTIONS" };
	for (size_t i = 0; i < app_routes_count; i++) {
		char path[512], more[600];
		concrete(app_routes[i].pattern, path, sizeof path);
		for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
			same_answer(app_routes, app_routes_count, ix, methods[m], path);
			snprintf(more, sizeof more, "%s/", path);
			same_answer(app_routes, app_routes_count, ix, methods[m], more);
			snprintf(more, sizeof more, "%sx", path);
			same_answer(app_routes, app_routes_count, ix, methods[m], more);
			snprintf(more, sizeof more, "%.*s", (int)(strlen(path) ? strlen(path) - 1 : 0),
				 path);
			same_answer(app_routes, app_routes_count, ix, methods[m], more);
		}
	}
	route_index_free(ix);
}

static int handler(struct req *r, struct resp *rs)
{
	(void)r;
	(void)rs;
	return 0;
}

Test(route_index, an_earlier_pattern_that_takes_a_fixed_path_keeps_it)
{
	const struct route t[] = {
		{ .method = "GET", .pattern = "/items/{id}", .handler = handler },
		{ .method = "GET", .pattern = "/items/new", .handler = handler },
		{ .method = "POST", .pattern = "/items/new", .handler = handler },
		{ .method = "GET", .pattern = "/plain", .handler = handler },
		{ .method = "DELETE", .pattern = "/plain", .handler = handler },
	};
	size_t n = sizeof t / sizeof t[0];
	struct route_index *ix = route_index_new(t, n);
	const struct route *r = NULL;
	struct route_params p;
	cr_expect_eq(route_index_find(ix, "GET", "/items/new", &r, &p, NULL), MATCH_OK);
	cr_expect_eq(r, &t[0], "the walk finds /items/{id} first");
	cr_expect_eq(route_index_find(ix, "POST", "/items/new", &r, &p, NULL), MATCH_OK);
	cr_expect_eq(r, &t[2]);
	cr_expect_eq(route_index_find(ix, "HEAD", "/plain", &r, &p, NULL), MATCH_OK);
	cr_expect_eq(r, &t[3], "HEAD is answered by GET");
	cr_expect_eq(route_index_find(ix, "DELETE", "/plain", &r, &p, NULL), MATCH_OK);
	cr_expect_eq(r, &t[4]);
	struct buf allow = BUF_INIT;
	cr_expect_eq(route_index_find(ix, "PUT", "/plain", &r, &p, &allow), MATCH_BAD_METHOD);
	cr_expect_str_eq(allow.p, "GET, HEAD, DELETE");
	buf_release(&allow);
	cr_expect_eq(route_index_find(ix, "GET", "/nothing", &r, &p, NULL), MATCH_NO_PATH);
	for (size_t i = 0; i < n; i++)
		same_answer(t, n, ix, "GET", t[i].pattern);
	route_index_free(ix);
}
