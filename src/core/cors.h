/* cors.h: which other sites may use the embeddable routes from their pages
 * (the comment widget, the live preview). */
#ifndef NEWSDESK_CORS_H
#define NEWSDESK_CORS_H

#include <stdbool.h>

#include "core/app.h"

/* Is origin ("scheme://host[:port]", as in an Origin header) the origin of
 * url?  Compared without case. */
bool origin_of(const char *origin, const char *url);
/* Is origin (an Origin header value) allowed to use the API from a browser?
 * public_url's own origin always is. */
bool site_origin_allowed(const struct app *app, const char *origin);

/* Adds CORS headers for the embeddable routes (the server's decorate hook). */
void cors_decorate(struct req *r, struct resp *rs);
/* OPTIONS: the browser asks before a JSON POST, a PATCH or a DELETE. */
int handle_cors_preflight(struct req *r, struct resp *rs);

#endif
