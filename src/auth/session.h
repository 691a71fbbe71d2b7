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

#include "config/config.h"
#include "http/http.h"
#include "store/store.h"

struct gh_app;
struct slow_pool;

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

#define SESSION_KEY_BYTES 32

/* What the guard needs: the sessions, and for maintainers signed in with
 * GitHub the means to ask GitHub again whether they still are. */
struct admin_guard_ctx {
	struct store *store;
	const struct config *cfg;
	unsigned char box_key[SESSION_KEY_BYTES];  /* encrypts kept GitHub tokens */
	struct gh_app *app;                        /* NULL: ask with the user's token */
	struct slow_pool *slow;                    /* where re-checks wait on GitHub; NULL: in place */
};

/* The http_server_opts.guard, with an admin_guard_ctx as guard_arg: 401
 * without a live session, 403 when a ROUTE_CSRF route lacks the session's
 * X-CSRF-Token.  A GitHub session is re-checked against the organisation
 * every github.membership_recheck_seconds, in the background (no request
 * waits on GitHub): a removed member's session ends there; when GitHub
 * cannot answer, the session lives on for at most two more intervals, then
 * ends too. */
int admin_guard(void *ctx, struct req *r, unsigned flags, struct resp *rs);
/* Starts a background re-check of every GitHub session whose last yes is a
 * re-check period old (the service's clock calls it), so that a session a
 * maintainer leaves open is kept confirmed, or ended, without a request. */
void admin_sessions_recheck(const struct admin_guard_ctx *g, int64_t now);
/* The session the guard accepted (NULL on unguarded routes). */
const struct admin_user *admin_user(struct req *r);

/* Starts a session: sets the cookie on rs and writes the CSRF token.
 * github_token: a GitHub maintainer's access token, kept encrypted for the
 * re-checks (NULL for a local account). */
int session_start(const struct admin_guard_ctx *g, int64_t user_id, const char *via,
		  const char *github_token, bool secure, struct resp *rs, char csrf[64],
		  struct buf *err);
/* The Set-Cookie value that removes the cookie. */
void session_clear_cookie(struct resp *rs, bool secure);

#endif
