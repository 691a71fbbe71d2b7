/* session.h: maintainers' sessions — the cookie, its expiry rules and the
 * guard the HTTP server runs before every ROUTE_ADMIN / ROUTE_CSRF route.
 *
 * The cookie holds a random token; the database holds only its hash, the
 * CSRF token that goes with it, and when it was made and last used.  A
 * session ends after SESSION_IDLE_S without use or SESSION_MAX_S in all. */
#ifndef NEWSDESK_SESSION_H
#define NEWSDESK_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "store/store.h"

#define SESSION_COOKIE "nd_session"
#define SESSION_IDLE_S (12 * 3600)
#define SESSION_MAX_S (7 * 86400)

struct admin_user {
	int64_t user_id;
	char name[128];
	char via[16];
	char csrf[64];
	unsigned char token_hash[32];
};

/* The http_server_opts.guard, with the store as guard_arg: 401 without a
 * live session, 403 when a ROUTE_CSRF route lacks the session's
 * X-CSRF-Token. */
int admin_guard(void *store, struct req *r, unsigned flags, struct resp *rs);
/* The session the guard accepted (NULL on unguarded routes). */
const struct admin_user *admin_user(struct req *r);

/* Starts a session: sets the cookie on rs and writes the CSRF token. */
int session_start(struct store *s, int64_t user_id, const char *via, bool secure,
		  struct resp *rs, char csrf[64], struct buf *err);
/* The Set-Cookie value that removes the cookie. */
void session_clear_cookie(struct resp *rs, bool secure);

#endif
