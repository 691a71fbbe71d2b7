/* app.h: what every handler can reach (read-only after start-up). */
#ifndef NEWSDESK_APP_H
#define NEWSDESK_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "auth/identity.h"
#include "auth/session.h"
#include "comments/comment_cache.h"
#include "comments/comment_tokens.h"
#include "config/config.h"
#include "github/draft_source.h"
#include "handlers/metrics.h"
#include "http/route.h"
#include "util/rate_limit.h"
#include "jobs/queue.h"
#include "store/store.h"

struct slow_pool;

struct app {
	/* work that waits (GitHub's OAuth exchange, password hashes): off the
	 * HTTP threads (util/slow_pool.h); NULL runs it in place (test beds) */
	struct slow_pool *slow;
	const struct config *cfg;
	struct store *store;
	char *web_root;     /* realpath of cfg->server.web_root, or NULL */
	struct jobs *jobs;  /* the GitHub worker, woken when work is queued; may be NULL */
	struct draft_source *drafts;
	struct rate_limit submit_limit;     /* new submissions per client address */
	struct rate_limit login_ip_limit;   /* failed logins per client address */
	struct rate_limit login_pair_limit; /* failed logins per (address, account) */
	struct rate_limit login_user_limit; /* failed logins per account: slows, never locks */
	struct rate_limit comment_limit;    /* new comments per client address per minute */
	struct rate_limit preview_limit;    /* previews per client address per minute */
	struct rate_limit costly_limit;     /* COSTLY_PER_MINUTE, refused requests too */
	struct comment_keys comment_keys;   /* signs edit and form tokens */
	struct comment_cache *comments;     /* per-page thread JSON */
	struct admin_guard_ctx guard;       /* sessions (the server's guard_arg) */
	unsigned char identity_key[IDENTITY_KEY_BYTES];  /* signs GitHub identity tokens */
	struct gh_app *gh_app;              /* newsdesk as a GitHub App; NULL: a personal token */
	struct metrics *metrics;            /* request counters; NULL when metrics are off */
};

/* Limits of the public endpoints (extensions, see README). */
#define SUBMIT_PER_HOUR 10
#define LOGIN_FAILURES_PER_IP 20      /* per 15 minutes */
#define LOGIN_FAILURES_PER_PAIR 5     /* per 15 minutes, per (address, account) */
#define SLOW_POOL_THREADS 2         /* hashes and OAuth exchanges at once */
#define SLOW_POOL_QUEUE 64          /* waiting beyond that: 503 at once */
#define LOGIN_FAILURES_PER_USER 5     /* per 15 minutes; past it failures are slowed */
#define PREVIEW_PER_MINUTE 120        /* a live preview while typing stays far below */
/* What an anonymous client may make the server work for, refused or not:
 * submission posts (each renders the draft), sign-in starts (each stores a
 * state) and callbacks (each asks GitHub), per network per minute. */
#define COSTLY_PER_MINUTE 30

/* The route table of the service (routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_count;

/* Handlers, one file each. */
int handle_healthz(struct req *r, struct resp *rs);
int handle_static(struct req *r, struct resp *rs);
int handle_github_webhook(struct req *r, struct resp *rs);
int handle_draft(struct req *r, struct resp *rs);
int handle_preview(struct req *r, struct resp *rs);
int handle_submission_create(struct req *r, struct resp *rs);
int handle_submission_get(struct req *r, struct resp *rs);
int handle_submission_withdraw(struct req *r, struct resp *rs);
int handle_status_page(struct req *r, struct resp *rs);
int handle_submit_page(struct req *r, struct resp *rs);
int handle_admin_login(struct req *r, struct resp *rs);
int handle_admin_session(struct req *r, struct resp *rs);
int handle_admin_logout(struct req *r, struct resp *rs);
int handle_admin_list(struct req *r, struct resp *rs);
int handle_admin_diff(struct req *r, struct resp *rs);
int handle_admin_edit(struct req *r, struct resp *rs);
int handle_admin_approve(struct req *r, struct resp *rs);
int handle_admin_reject(struct req *r, struct resp *rs);
int handle_comments_list(struct req *r, struct resp *rs);
int handle_comments_counts(struct req *r, struct resp *rs);
int handle_comments_form_token(struct req *r, struct resp *rs);
int handle_comment_create(struct req *r, struct resp *rs);
int handle_comment_edit(struct req *r, struct resp *rs);
int handle_comment_delete(struct req *r, struct resp *rs);
int handle_comments_feed(struct req *r, struct resp *rs);
int handle_comments_thread_page(struct req *r, struct resp *rs);
int handle_cors_preflight(struct req *r, struct resp *rs);
int handle_admin_comments_list(struct req *r, struct resp *rs);
int handle_admin_comment_moderate(struct req *r, struct resp *rs);
int handle_admin_comment_delete(struct req *r, struct resp *rs);
int handle_admin_comments_bulk(struct req *r, struct resp *rs);
int handle_admin_imports(struct req *r, struct resp *rs);
int handle_admin_month(struct req *r, struct resp *rs);
int handle_admin_checks(struct req *r, struct resp *rs);
/* Queues the checks before approval for submission id (admin_submissions.c). */
void checks_queue(struct app *app, int64_t id);

int handle_github_login(struct req *r, struct resp *rs);
int handle_github_callback(struct req *r, struct resp *rs);
int handle_github_logout(struct req *r, struct resp *rs);
int handle_me(struct req *r, struct resp *rs);
int handle_metrics(struct req *r, struct resp *rs);

/* GitHub sign-in (github_auth.c).  A contributor's or a no-JS commenter's
 * identity rides in this first-party cookie, as an identity token whose
 * audience is this service's own origin. */
#define IDENTITY_COOKIE "nd_github"
bool github_signin_offered(const struct app *app);
/* Whether any maintainer account exists yet (the admin page says what to
 * do before anyone tries to sign in). */
bool maintainer_accounts_exist(struct app *app);
/* The identity of the nd_github cookie, when it is valid here and now. */
bool signed_in_identity(struct app *app, struct req *r, struct github_identity *who);
/* public_url's "scheme://host[:port]". */
void own_origin(const struct app *app, struct buf *out);

/* Adds CORS headers for the embeddable routes (the server's decorate hook). */
void cors_decorate(struct req *r, struct resp *rs);

/* One line in the audit log; failures are logged, not fatal. */
void audit(struct app *app, const char *actor, const char *action, const char *subject,
	   const char *detail);

#endif
