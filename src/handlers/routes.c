/* routes.c: the service's route table.  The router enforces each row's
 * method, body cap and auth flags before a handler runs. */
#include "handlers/app.h"

const struct route app_routes[] = {
	{ "GET", "/healthz", handle_healthz, 0, 0 },
	{ "GET", "/*", handle_static, ROUTE_FALLBACK, 0 },
};

const size_t app_routes_count = sizeof app_routes / sizeof app_routes[0];
