/* cors.c: which other sites may use the comment API from their pages.
 *
 * Only routes marked ROUTE_EMBEDDABLE answer cross-origin, and only to an
 * Origin in server.allowed_origins (or public_url's own).  Every such
 * answer says "Vary: Origin", so a shared cache never hands one site's
 * answer to another.  No credentials: the widget needs no cookies. */
#include "core/cors.h"
#include "http/errors.h"

#include <string.h>
#include <strings.h>

bool origin_of(const char *origin, const char *url)
{
	const char *host = strstr(url, "://");
	if (!host)
		return false;
	const char *end = strchr(host + 3, '/');
	size_t n = end ? (size_t)(end - url) : strlen(url);
	return strlen(origin) == n && strncasecmp(origin, url, n) == 0;
}

bool site_origin_allowed(const struct app *app, const char *origin)
{
	if (!origin || !*origin)
		return false;
	if (origin_of(origin, app->cfg->server.public_url))
		return true;
	const struct strlist *l = &app->cfg->server.allowed_origins;
	for (size_t i = 0; i < l->n; i++)
		if (origin_of(origin, l->v[i]))
			return true;
	return false;
}


void cors_decorate(struct req *r, struct resp *rs)
{
	const struct route *rt = req_route(r);
	if (!rt || !(rt->flags & ROUTE_EMBEDDABLE))
		return;
	resp_header(rs, "Vary", "Origin");
	const char *origin = req_header(r, "Origin");
	if (!site_origin_allowed(req_app(r), origin))
		return;
	resp_header(rs, "Access-Control-Allow-Origin", origin);
	resp_header(rs, "Access-Control-Expose-Headers", "ETag, Retry-After");
}

/* OPTIONS: the browser asks before a JSON POST, a PATCH or a DELETE. */
int handle_cors_preflight(struct req *r, struct resp *rs)
{
	const char *origin = req_header(r, "Origin");
	if (!site_origin_allowed(req_app(r), origin)) {
		fail(r, rs, ERR_FORBIDDEN, NULL, "this origin may not use the API");
		return 0;
	}
	resp_header(rs, "Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE");
	resp_header(rs, "Access-Control-Allow-Headers", "Content-Type, Authorization, "
							"If-None-Match");
	resp_header(rs, "Access-Control-Max-Age", "600");
	resp_bytes(rs, HTTP_NO_CONTENT, "application/json", "", 0);
	return 0;
}
