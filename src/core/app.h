/* app.h: what every handler can reach (read-only after start-up): the
 * kernel's services, and the state a feature keeps, by pointer. */
#ifndef NEWSDESK_APP_H
#define NEWSDESK_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "auth/comment_tokens.h"
#include "auth/identity.h"
#include "auth/session.h"
#include "config/config.h"
#include "draft/draft_source.h"
#include "http/rate_limit.h"
#include "http/route.h"
#include "jobs/queue.h"
#include "store/store.h"

struct slow_pool;
struct comment_cache;   /* features/comments/comment_cache.h */
struct metrics;         /* app/metrics.h */

struct app {
	/* work that waits (GitHub's OAuth exchange, password hashes): off the
	 * HTTP threads (util/slow_pool.h); NULL runs it in place (test beds) */
	struct slow_pool *slow;
	const struct config *cfg;
	struct store *store;
	char *web_root;     /* realpath of cfg->server.web_root, or NULL */
	struct jobs *jobs;  /* the GitHub worker, woken when work is queued; may be NULL */
	struct draft_source *drafts;
	struct rate_limit submit_limit;     /* stored submissions per client network per hour */
	struct rate_limit login_ip_limit;   /* failed logins per client address */
	struct rate_limit login_pair_limit; /* failed logins per (address, account) */
	struct rate_limit login_user_limit; /* failed logins per account: slows, never locks */
	struct rate_limit comment_limit;    /* new comments per client address per minute */
	struct rate_limit reaction_limit;   /* reactions per client network per minute */
	struct rate_limit preview_limit;    /* previews per client address per minute */
	struct rate_limit costly_limit;     /* limits.costly_per_minute, refused requests too */
	struct comment_keys comment_keys;   /* signs edit and form tokens */
	struct comment_cache *comments;     /* per-page thread JSON */
	struct admin_guard_ctx guard;       /* sessions (the server's guard_arg) */
	unsigned char identity_key[IDENTITY_KEY_BYTES];  /* signs GitHub identity tokens */
	struct gh_app *gh_app;              /* newsdesk as a GitHub App; NULL: a personal token */
	struct metrics *metrics;            /* request counters; NULL when metrics are off */
};


/* The route table of the service (app/routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_count;

/* One line in the audit log; failures are logged, not fatal. */
void audit(struct app *app, const char *actor, const char *action, const char *subject,
	   const char *detail);

#endif
