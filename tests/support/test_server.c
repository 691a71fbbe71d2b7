/* test_server.c: a test's own routes on 127.0.0.1 */
#include "support/test_server.h"

#include <criterion/criterion.h>

struct http_server *test_server_start(const struct route *routes, size_t n_routes,
				      unsigned threads, unsigned *port)
{
	struct buf err = BUF_INIT;
	struct http_server_opts o = { .host = "127.0.0.1", .threads = threads,
				      .max_connections = 32, .connection_timeout = 10,
				      .routes = routes, .n_routes = n_routes };
	struct http_server *srv = http_server_start(&o, &err);
	cr_assert_not_null(srv, "%s", err.p);
	*port = http_server_port(srv);
	buf_release(&err);
	return srv;
}
