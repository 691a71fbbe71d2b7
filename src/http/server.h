/* server.h: the HTTP daemon (libmicrohttpd, internal thread pool).
 *
 * Limits live in one place: connection count, per-IP connections and
 * receive deadlines (conn_watch.h), header and query parameter counts,
 * requests in progress, idle timeout and per-route body caps, which are enforced before a byte of the
 * body is buffered when Content-Length is too big, and again while a
 * (chunked) body streams in.
 */
#ifndef NEWSDESK_SERVER_H
#define NEWSDESK_SERVER_H

/* Each connection's libmicrohttpd memory: the request line, headers and
 * read buffer, and the answer's headers.  libmicrohttpd zeroes all of it
 * for every request, so it is resident for every connection kept open,
 * and above 32 KiB it maps each pool apart (a mmap and munmap per
 * connection, which a flood of connections told 503 pays for).  32 KiB,
 * libmicrohttpd's own default, keeps 256 connections well within 32 MB
 * (issue 29) and holds the largest request the limits let through (64
 * header lines, a 2 KiB URL). */
#define HTTP_CONNECTION_POOL_BYTES (32 * 1024)

#include <stdbool.h>
#include <stdint.h>

#include "http/route.h"
#include "util/buf.h"

struct http_server_opts {
	const char *host;            /* numeric or name; "" = all interfaces */
	uint16_t port;               /* 0 = any free port */
	unsigned threads;
	unsigned max_connections;
	unsigned per_ip_connections; /* 0 = unlimited; trusted proxies never limited */
	unsigned ipv6_prefix;        /* IPv6 clients count by this prefix (ip_net.h) */
	unsigned connection_timeout; /* idle, once a request is in */
	unsigned header_timeout;     /* seconds for a request's headers, however they trickle */
	unsigned body_timeout;       /* seconds for its body, the same way */
	unsigned max_pending;        /* requests in progress past which new ones get 503 */
	bool access_log;
	const struct route *routes;
	size_t n_routes;
	void *app;                   /* handed to handlers via req_app() */
	/* Decides ROUTE_ADMIN/ROUTE_CSRF routes before the body is read:
	 * returns 0 to let the request through, or fills rs (401/403) and
	 * returns -1.  NULL refuses every such route with 401. */
	int (*guard)(void *guard_arg, struct req *r, unsigned flags, struct resp *rs);
	void *guard_arg;
	/* Peers whose X-Forwarded-For names the client ("ADDR[/PREFIX]");
	 * req_client_ip() then answers the client, not the proxy. */
	char *const *trusted_proxies;
	size_t n_trusted_proxies;
	/* An answer may have to wait for something that acknowledges it (the
	 * store: its writes on disk).  pending(app) says what, 0 for nothing;
	 * then the connection is suspended, no thread waits, and
	 * when_done(app, token, wake, arg) calls wake(arg) from any thread
	 * once it is done, which sends the answer.  Both NULL: never. */
	uint64_t (*pending)(void *app);
	void (*when_done)(void *app, uint64_t token, void (*wake)(void *arg), void *arg);
	/* Adds headers to every response (CORS and the like); may be NULL. */
	void (*decorate)(struct req *r, struct resp *rs);
	/* Told of every finished request (for /metrics): its route (NULL when
	 * none matched), status (0: cut off) and time.  May be NULL. */
	void (*observe)(void *app, const struct route *route, int status, uint64_t us);
};

struct http_server;

struct http_server *http_server_start(const struct http_server_opts *o,
				      struct buf *err);
uint16_t http_server_port(const struct http_server *s);
/* Stops accepting, waits up to grace_seconds for requests in flight to
 * finish, then cuts off every connection still open.  0 when the threads
 * stopped and s is freed; otherwise the number of handlers still running
 * a moment after the cut (s is then left to the process's exit). */
long http_server_stop(struct http_server *s, unsigned grace_seconds);

#endif
