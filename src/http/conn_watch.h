/* conn_watch.h: what one connection may take from everyone else.
 *
 * libmicrohttpd's own limits are not enough against a single hostile
 * address: its idle timeout restarts with every byte, so a client that
 * trickles a header line every few seconds holds its connection forever,
 * and its per-address limit would also count every client behind a
 * reverse proxy as one.  This keeps a list of the open connections and
 *  - refuses a connection (closes it at once) past per_ip_connections
 *    from one peer address; trusted proxies are not limited (the clients
 *    behind them are, by the rate limits, by their forwarded address);
 *  - gives each request header_timeout seconds from the moment the
 *    connection could send it (opened, or the last answer done) to its
 *    last header line, and body_timeout seconds more for its body,
 *    however the bytes trickle in; past either the connection is shut;
 *  - at shutdown, cuts off whatever is still connected.
 * Connections are shut with shutdown(2) on their socket, under the lock
 * that their close notification takes, so a socket number is never
 * touched after libmicrohttpd has let it go. */
#ifndef NEWSDESK_CONN_WATCH_H
#define NEWSDESK_CONN_WATCH_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct conn_watch_opts {
	unsigned per_ip;          /* 0 = no limit; per network (ip_net.h) */
	unsigned ipv6_prefix;
	unsigned header_timeout;  /* seconds; 0 = none */
	unsigned body_timeout;    /* seconds; 0 = none */
	char *const *trusted;     /* peers not limited per address */
	size_t n_trusted;
	unsigned max_open;        /* connections opened past this many are excess; 0 = none */
};

struct conn_watch;

struct conn_watch *conn_watch_start(const struct conn_watch_opts *o);
void conn_watch_stop(struct conn_watch *w);

/* MHD_OPTION_NOTIFY_CONNECTION, with the watch as cls. */
void conn_watch_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		       enum MHD_ConnectionNotificationCode code);
/* A request line came in: a connection cut while its headers trickle is
 * said in the log; one that sent nothing (an idle browser connection) is
 * closed quietly. */
void conn_watch_line_seen(struct conn_watch *w, struct MHD_Connection *c);
/* The request's headers are in: its body's time starts. */
void conn_watch_headers_done(struct conn_watch *w, struct MHD_Connection *c);
/* The body is in: the handler runs, no deadline. */
void conn_watch_body_done(struct conn_watch *w, struct MHD_Connection *c);
/* The answer is done: the next request's headers' time starts. */
void conn_watch_request_done(struct conn_watch *w, struct MHD_Connection *c);
/* The connection was opened while max_open others were: its requests
 * are answered 503 and it is closed, while the ones before it go on. */
bool conn_watch_excess(struct MHD_Connection *c);
/* The peer address conn_watch_notify read when the connection opened
 * ("?" when there is none). */
const char *conn_watch_peer(struct MHD_Connection *c);
/* Connections open now. */
size_t conn_watch_open(struct conn_watch *w);
/* Shuts every connection still open; returns how many. */
size_t conn_watch_cut_all(struct conn_watch *w);

#endif
