/* app.h: what every handler can reach (read-only after start-up). */
#ifndef NEWSDESK_APP_H
#define NEWSDESK_APP_H

#include <stddef.h>

#include "config/config.h"
#include "http/route.h"
#include "jobs/queue.h"
#include "store/store.h"

struct app {
	const struct config *cfg;
	struct store *store;
	char *web_root;     /* realpath of cfg->server.web_root, or NULL */
	struct jobs *jobs;  /* the GitHub worker, woken when work is queued; may be NULL */
};

/* The route table of the service (routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_count;

/* Handlers, one file each. */
int handle_healthz(struct req *r, struct resp *rs);
int handle_static(struct req *r, struct resp *rs);
int handle_github_webhook(struct req *r, struct resp *rs);

#endif
