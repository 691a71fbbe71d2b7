/* app/serve.c: the serve command: storage, HTTP server, signal-driven stop */
#include "app/serve.h"

#include "paths.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth/session.h"
#include "features/comments/comment_cache.h"
#include "github/app_auth.h"
#include "github/client.h"
#include "app/app_handlers.h"
#include "app/metrics.h"
#include "core/app.h"
#include "core/cors.h"
#include "http/server.h"
#include "features/harvest/harvest.h"
#include "features/links/check_links.h"
#include "features/mail/mail.h"
#include "jobs/kinds.h"
#include "features/notify/notify.h"
#include "features/pulls/pr_jobs.h"
#include "markdown/markdown.h"
#include "util/log.h"
#include "util/slow_pool.h"
#include "util/xalloc.h"
#include "store/comments.h"
#include "store/mail.h"
#include "store/jobs.h"
#include "store/server_keys.h"
#include "store/webhooks.h"

/* Jobs the clock starts: the periodic look at open pull requests (for
 * when webhooks are not set up or one was lost), and forgetting webhook
 * delivery ids older than GitHub's redelivery window. */
static void periodic(struct app *app)
{
	struct buf err = BUF_INIT;
	int64_t now = (int64_t)time(NULL), job = 0;
	if (store_job_enqueue(app->store, JOB_REFRESH_PRS, 0, now, &job, &err) < 0 ||
	    store_webhook_prune(app->store, now - 7 * 86400, &err) < 0)
		log_warn("periodic: %s", err.p);
	else
		jobs_kick(app->jobs);
	buf_release(&err);
}

/* newsdesk as a GitHub App when github.app_id is set; false after
 * logging when it is set but cannot work. */
static bool load_github_app(const struct config *cfg, struct app *app, struct buf *err)
{
	if (gh_app_from_config(cfg, &app->gh_app, err) < 0) {
		log_error("github app: %s", err->p);
		return false;
	}
	if (app->gh_app)
		log_info("github: acting as App %lld (installation %lld)",
			 (long long)cfg->github.app_id, (long long)cfg->github.app_installation_id);
	return true;
}

/* What the worker's jobs are given.  The link checks' lane has a GitHub
 * client of its own: a client is not shared between threads
 * (github/client.h). */
struct worker {
	struct gh_client gh, checks_gh;
	struct job_env env, checks;
	struct notify_ctx notify;
	struct mail_ctx mail;
};

/* which of the worker's contexts a runner is given (jobs_opts.ctx) */
enum { CTX_PULLS, CTX_CHECKS, CTX_NOTIFY, CTX_MAIL };

/* every kind of job the service's worker runs, and what it is given */
static const struct job_runner runners[JOB_KIND__COUNT] = {
	[JOB_OPEN_PR] = { pr_open_run, CTX_PULLS },
	[JOB_REFRESH_PRS] = { pr_refresh_run, CTX_PULLS },
	[JOB_HARVEST] = { harvest_job_run, CTX_PULLS },
	[JOB_MONTHLY_PR] = { pr_monthly_run, CTX_PULLS },
	[JOB_CHECK_LINKS] = { check_links_run, CTX_CHECKS },
	[JOB_NOTIFY_COMMENT] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_SUB_PENDING] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_PR_OPENED] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_PR_MERGED] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_SUB_MOVED] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_SUB_CHANGES] = { notify_run, CTX_NOTIFY },
	[JOB_NOTIFY_SUB_UPDATED] = { notify_run, CTX_NOTIFY },
	[JOB_MAIL_CONFIRM] = { mail_run, CTX_MAIL },
	[JOB_MAIL_REPLY] = { mail_run, CTX_MAIL },
	[JOB_MAIL_DIGEST] = { mail_run, CTX_MAIL },
};

static int worker_client(const struct config *cfg, struct app *app, const char *token,
			 struct gh_client *gh, struct buf *err)
{
	if (gh_client_init(gh, cfg->github.api_url, token) < 0) {
		buf_adds(err, "cannot set up the GitHub client");
		return -1;
	}
	gh_client_set_repo(gh, cfg->github.repo);
	gh->app = app->gh_app;
	gh->timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	gh->write_interval_ms = (long)cfg->github.write_interval_ms;
	return 0;
}

static struct jobs *start_worker(const struct config *cfg, struct app *app, struct worker *w,
				 struct buf *err)
{
	const char *token = app->gh_app ? NULL : cfg_secret(cfg->github.token_env);
	if (!token && !app->gh_app)
		log_warn("$%s is not set: pull requests cannot be opened until it is",
			 cfg->github.token_env);
	if (worker_client(cfg, app, token, &w->gh, err) < 0 ||
	    worker_client(cfg, app, token, &w->checks_gh, err) < 0)
		return NULL;
	w->env = (struct job_env){ .store = app->store, .cfg = cfg, .gh = &w->gh };
	w->checks = (struct job_env){ .store = app->store, .cfg = cfg, .gh = &w->checks_gh };
	w->notify = (struct notify_ctx){ .store = app->store, .cfg = cfg };
	mail_ctx_init(&w->mail, app->store, cfg, &app->comment_keys);
	struct jobs_opts jo = {
		.store = app->store, .runners = &runners,
		.ctx = { [CTX_PULLS] = &w->env, [CTX_CHECKS] = &w->checks,
			 [CTX_NOTIFY] = &w->notify, [CTX_MAIL] = &w->mail },
		.backoff_base_s = JOBS_BACKOFF_BASE_S,
		.backoff_cap_s = JOBS_BACKOFF_CAP_S, .max_attempts = JOBS_MAX_ATTEMPTS,
		.idle_poll_ms = JOBS_IDLE_POLL_MS,
		/* a contribution's links wait on other people's servers */
		.lane_kind = JOB_CHECK_LINKS,
	};
	return jobs_start(&jo, err);
}

/* No answer acknowledges a write before the write is on disk: the HTTP
 * server holds it (without a thread) until the store says so. */
static uint64_t pending_commit(void *app)
{
	return store_take_pending_commit(((struct app *)app)->store);
}

static void when_durable(void *app, uint64_t seq, void (*wake)(void *arg), void *arg)
{
	store_when_durable(((struct app *)app)->store, seq, wake, arg);
}

/* The keys the service signs and seals with, from the key file beside
 * the database (never in it: a backup of the database opens nothing). */
static bool server_keys(const struct config *cfg, struct app *app, struct buf *err)
{
	struct buf path = BUF_INIT;
	if (*cfg->storage.key_file)
		buf_adds(&path, cfg->storage.key_file);
	else
		buf_addf(&path, "%s.keys", cfg->storage.database);
	bool ok = store_server_key(app->store, path.p, "comments", app->comment_keys.key,
				   sizeof app->comment_keys.key, err) == 0 &&
		  store_server_key(app->store, path.p, "identity", app->identity_key,
				   sizeof app->identity_key, err) == 0 &&
		  store_server_key(app->store, path.p, "session_box", app->guard.box_key,
				   sizeof app->guard.box_key, err) == 0;
	buf_release(&path);
	return ok;
}

/* The store, migrated and flushing as configured; false after logging. */
static bool open_storage(const struct config *cfg, struct app *app, struct buf *err)
{
	app->store = store_open(cfg->storage.database, cfg->storage.busy_timeout_ms, err);
	if (!app->store || store_migrate(app->store, store_latest_version(), err) < 0 ||
	    store_durability_start(app->store, cfg->storage.durability == DURABILITY_FULL, err) < 0 ||
	    !server_keys(cfg, app, err)) {
		log_error("storage: %s", err->p);
		return false;
	}
	log_info("storage: durability %s", store_durability_name(app->store));
	return true;
}

static void limits_init(struct app *app, const struct config *cfg)
{
	rate_limit_init(&app->submit_limit, (unsigned)cfg->limits.submissions_per_hour, 3600);
	rate_limit_init(&app->login_ip_limit, (unsigned)cfg->limits.login_failures_per_address, 900);
	rate_limit_init(&app->login_pair_limit, (unsigned)cfg->limits.login_failures_per_pair, 900);
	/* counted for the slow-down only: never refuses (see admin_auth.c) */
	rate_limit_init(&app->login_user_limit, 1u << 30, 900);
	rate_limit_init(&app->comment_limit, (unsigned)cfg->comments.rate_limit_per_minute, 60);
	rate_limit_init(&app->reaction_limit, (unsigned)cfg->comments.reactions_per_minute, 60);
	rate_limit_init(&app->preview_limit, (unsigned)cfg->limits.previews_per_minute, 60);
	rate_limit_init(&app->costly_limit, (unsigned)cfg->limits.costly_per_minute, 60);
}

static void limits_free(struct app *app)
{
	rate_limit_free(&app->submit_limit);
	rate_limit_free(&app->login_ip_limit);
	rate_limit_free(&app->login_user_limit);
	rate_limit_free(&app->login_pair_limit);
	rate_limit_free(&app->comment_limit);
	rate_limit_free(&app->reaction_limit);
	rate_limit_free(&app->preview_limit);
	rate_limit_free(&app->costly_limit);
}

static struct http_server_opts http_opts(const struct config *cfg, struct app *app)
{
	return (struct http_server_opts){
		.host = cfg->server.listen_host,
		.port = cfg->server.listen_port,
		.threads = (unsigned)cfg->server.threads,
		.max_connections = (unsigned)cfg->server.max_connections,
		.per_ip_connections = (unsigned)cfg->server.per_ip_connections,
		.ipv6_prefix = (unsigned)cfg->server.ipv6_prefix,
		.connection_timeout = (unsigned)cfg->server.connection_timeout_seconds,
		.header_timeout = (unsigned)cfg->server.header_timeout_seconds,
		.body_timeout = (unsigned)cfg->server.body_timeout_seconds,
		.max_pending = (unsigned)cfg->server.max_pending_requests,
		.access_log = cfg->server.access_log,
		.routes = app_routes,
		.n_routes = app_routes_count,
		.app = app,
		.guard = admin_guard,
		.guard_arg = &app->guard,
		.pending = pending_commit,
		.when_done = when_durable,
		.decorate = cors_decorate,
		.observe = metrics_observe,
		.trusted_proxies = cfg->server.trusted_proxies.v,
		.n_trusted_proxies = cfg->server.trusted_proxies.n,
	};
}

static void forget_addresses(const struct config *cfg, struct app *app)
{
	struct buf err = BUF_INIT;
	int64_t gone = 0, before = (int64_t)time(NULL) - cfg->comments.keep_addresses_days * 86400;
	if (store_comment_forget_addresses(app->store, before, &gone, &err) < 0)
		log_warn("readers' addresses: %s", err.p);
	else if (gone)
		log_info("readers' addresses: %lld older than %lld days dropped", (long long)gone,
			 (long long)cfg->comments.keep_addresses_days);
	/* and the mail addresses nothing asks for any more */
	buf_reset(&err);
	if (store_mail_purge(app->store, (int64_t)time(NULL), &gone, &err) < 0)
		log_warn("mail addresses: %s", err.p);
	else if (gone)
		log_info("mail: %lld lapsed opt-ins and unused addresses dropped", (long long)gone);
	buf_release(&err);
}

/* The moderators' digest of this period (now / digest_hours), queued at
 * most once a period; its mails are sent once however often it is queued
 * (their Message-IDs name the period). */
static void digest_tick(const struct config *cfg, struct app *app, int64_t *period)
{
	if (!cfg_mail_on(cfg) || cfg->mail.digest_hours <= 0 || !cfg->mail.digest_to.n)
		return;
	int64_t now = (int64_t)time(NULL), p = now / (cfg->mail.digest_hours * 3600);
	if (p == *period)
		return;
	*period = p;
	mail_queue(app->store, app->jobs, cfg, JOB_MAIL_DIGEST, p, now);
}

/* Runs the periodic refresh until SIGTERM or SIGINT; returns which. */
#define DB_WATCH_S 2

static int wait_for_stop(const struct config *cfg, struct app *app, const sigset_t *stop)
{
	int sig = 0;
	int64_t seen = store_data_version(app->store);
	time_t last = time(NULL), forgot_at = 0;
	int64_t digest_period = 0;
	for (;;) {
		/* every couple of seconds: a change another process made (an
		 * import) is served without a restart */
		struct timespec tick = { DB_WATCH_S, 0 };
		sig = sigtimedwait(stop, NULL, &tick);
		if (sig > 0)
			return sig;
		int64_t now_v = store_data_version(app->store);
		if (now_v != seen) {
			seen = now_v;
			comment_cache_invalidate_all(app->comments);
		}
		/* readers' addresses go after comments.keep_addresses_days: now,
		 * then every hour (an index holds just the comments that still
		 * have one) */
		if (time(NULL) - forgot_at >= 3600) {
			forgot_at = time(NULL);
			forget_addresses(cfg, app);
		}
		digest_tick(cfg, app, &digest_period);
		/* maintainers' GitHub sessions stay confirmed without a request */
		if (*cfg->github.maintainers_org)
			admin_sessions_recheck(&app->guard, (int64_t)time(NULL));
		if (cfg->github.refresh_seconds <= 0 ||
		    time(NULL) - last < (time_t)cfg->github.refresh_seconds)
			continue;
		last = time(NULL);
		periodic(app);
	}
}

/* SIGTERM: requests get the grace, then whatever still runs is cut off
 * (the process ends at once: every acknowledged write is committed, and
 * the job queue resumes on the next start). */
static void drain(const struct config *cfg, struct http_server *srv)
{
	long stuck = http_server_stop(srv, (unsigned)cfg->server.shutdown_grace_seconds);
	if (stuck > 0) {
		log_warn("stopped with %ld requests cut off", stuck);
		fflush(NULL);
		_exit(0);
	}
}

/* Everything a request may need, in the order it depends on: storage,
 * the App, the draft refresher, the job worker, the web root.  false with
 * err set (or logged) when the service cannot start. */
static bool app_start(const struct config *cfg, struct app *app, struct worker *w,
		      struct buf *err)
{
	markdown_init();
	limits_init(app, cfg);
	if (cfg->metrics.enabled)
		app->metrics = metrics_new(app_routes, app_routes_count);
	app->comments = comment_cache_new();
	if (!open_storage(cfg, app, err) || !load_github_app(cfg, app, err))
		return false;
	/* (its box_key was read with the other keys) */
	app->guard.store = app->store;
	app->guard.cfg = cfg;
	app->guard.app = app->gh_app;
	app->drafts = draft_source_new(cfg, app->gh_app ? NULL : cfg_secret(cfg->github.token_env),
				       app->gh_app);
	app->slow = slow_pool_start((unsigned)cfg->limits.slow_threads,
				     (unsigned)cfg->limits.slow_queue);
	if (!app->slow) {
		buf_adds(err, "cannot start the pool for slow work");
		return false;
	}
	app->guard.slow = app->slow;
	app->jobs = start_worker(cfg, app, w, err);
	if (!app->jobs) {
		log_error("jobs: %s", err->p);
		return false;
	}
	char real[PATH_MAX];
	/* an installed newsdesk started from anywhere finds its own files */
	if (realpath(cfg->server.web_root, real) ||
	    (strcmp(cfg->server.web_root, "web") == 0 && realpath(NEWSDESK_DATADIR "/web", real)))
		app->web_root = xstrdup(real);
	else
		log_warn("web root '%s' not found (nor %s/web): static pages are off",
			 cfg->server.web_root, NEWSDESK_DATADIR);
	static_files_warm(app->web_root);
	return true;
}

/* The reverse of app_start, for whatever of it was done; the store goes
 * last, after every thread that writes to it. */
static void app_free(struct app *app, struct worker *w)
{
	jobs_stop(app->jobs);
	slow_pool_stop(app->slow);
	if (w->gh.curl)
		gh_client_free(&w->gh);
	if (w->checks_gh.curl)
		gh_client_free(&w->checks_gh);
	draft_source_free(app->drafts);
	limits_free(app);
	comment_cache_free(app->comments);
	sodium_memzero(app->comment_keys.key, sizeof app->comment_keys.key);
	sodium_memzero(app->identity_key, sizeof app->identity_key);
	sodium_memzero(&app->guard, sizeof app->guard);
	gh_app_free(app->gh_app);
	metrics_free(app->metrics);
	store_close(app->store);
	free(app->web_root);
}

int serve_run(const struct config *cfg)
{
	struct worker w = { 0 };
	struct buf err = BUF_INIT;
	struct app app = { .cfg = cfg };
	struct http_server *srv = NULL;
	int rc = 1;

	/* Block the stop signals in every thread; this one waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!app_start(cfg, &app, &w, &err))
		goto out;
	/* one moment for the first draft, so the first requests find it;
	 * after that no request ever waits for GitHub */
	if (app.drafts && !draft_source_wait_first(app.drafts, DRAFT_SOURCE_FIRST_WAIT_MS))
		log_warn("the draft is not read yet: draft pages say so until it is");
	struct http_server_opts o = http_opts(cfg, &app);
	srv = http_server_start(&o, &err);
	if (!srv) {
		log_error("%s", err.p);
		goto out;
	}
	log_info("newsdesk listening on http://%s:%u/ (database %s)", cfg->server.listen_host,
		 http_server_port(srv), cfg->storage.database);

	int sig = wait_for_stop(cfg, &app, &stop);
	log_info("received %s: draining requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	drain(cfg, srv);
	srv = NULL;
	/* after the HTTP side, so no request can queue work for a dead worker;
	 * a job in progress is finished, not cut off */
	jobs_stop(app.jobs);
	app.jobs = NULL;
	log_info("stopped");
	rc = 0;
out:
	if (srv)
		http_server_stop(srv, 0);
	app_free(&app, &w);
	buf_release(&err);
	return rc;
}
