/* test_server.h: an HTTP server of a test's own routes on 127.0.0.1 and a
 * free port (a receiver for the client under test: a fake GitHub, a
 * webhook, a site whose links are checked). */
#ifndef NEWSDESK_TEST_SERVER_H
#define NEWSDESK_TEST_SERVER_H

#include <stddef.h>

#include "http/server.h"

/* Criterion asserts inside; *port gets the port it listens on. */
struct http_server *test_server_start(const struct route *routes, size_t n_routes,
				      unsigned threads, unsigned *port);

#endif
