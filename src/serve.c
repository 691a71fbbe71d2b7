/* serve.c: the serve command: storage, HTTP server, signal-driven stop */
#include "serve.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/app.h"
#include "http/server.h"
#include "util/log.h"
#include "util/xalloc.h"

int serve_run(const struct config *cfg)
{
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

	app.store = store_open(cfg->storage.database, cfg->storage.busy_timeout_ms, &err);
	if (!app.store || store_migrate(app.store, store_latest_version(), &err) < 0) {
		log_error("storage: %s", err.p);
		goto out;
	}
	char real[PATH_MAX];
	if (realpath(cfg->server.web_root, real))
		app.web_root = xstrdup(real);
	else
		log_warn("web root '%s' not found: static pages are off",
			 cfg->server.web_root);

	struct http_server_opts o = {
		.host = cfg->server.listen_host,
		.port = cfg->server.listen_port,
		.threads = (unsigned)cfg->server.threads,
		.max_connections = (unsigned)cfg->server.max_connections,
		.per_ip_connections = (unsigned)cfg->server.per_ip_connections,
		.connection_timeout = (unsigned)cfg->server.connection_timeout_seconds,
		.access_log = cfg->server.access_log,
		.routes = app_routes,
		.n_routes = app_routes_count,
		.app = &app,
	};
	srv = http_server_start(&o, &err);
	if (!srv) {
		log_error("%s", err.p);
		goto out;
	}
	log_info("newsdesk listening on http://%s:%u/ (database %s)",
		 cfg->server.listen_host, http_server_port(srv),
		 cfg->storage.database);

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("received %s: draining requests", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_server_stop(srv, (unsigned)cfg->server.shutdown_grace_seconds);
	log_info("stopped");
	rc = 0;
out:
	store_close(app.store);
	free(app.web_root);
	buf_release(&err);
	return rc;
}
