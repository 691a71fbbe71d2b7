/* http_internal.h: the request state shared by the http/ files. */
#ifndef NEWSDESK_HTTP_INTERNAL_H
#define NEWSDESK_HTTP_INTERNAL_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>

#include "util/ip_net.h"
#include "http/route.h"
#include "http/server.h"

#define HTTP_MAX_HEADERS 64   /* header lines in one request */
#define HTTP_MAX_PARAMS 128   /* query parameters in one request (counts asks for 100 pages) */

struct conn_watch;

struct http_server {
	struct MHD_Daemon *d;
	struct conn_watch *watch;
	struct http_server_opts o;
	struct route_index *routes;  /* over o.routes */
	/* requests whose body is in (or that have none), until completion:
	 * what max_pending bounds.  A body still arriving counts in uploading
	 * instead, against a budget of its own, so that slow uploads cannot
	 * take the slots of everyone else. */
	atomic_long active;
	atomic_long uploading;
	uint16_t port;
};

struct req {
	struct MHD_Connection *conn;
	struct http_server *srv;
	const char *method;
	char *path;
	const struct route *route;
	const char *back;    /* req_set_back */
	struct json_t *input;  /* the route's input, read (fields.h) */
	struct route_params params;
	char *param[ROUTE_MAX_PARAMS];
	struct buf body;
	bool started;        /* on_request has seen it (counted in active) */
	bool too_many_params;
	bool answered;       /* a response has been queued */
	bool uploading;      /* its body is still arriving: counted in s->uploading */
	bool counted;        /* counted in s->active (pending) */
	struct resp *held;   /* the answer, while it waits (see server.h pending) */
	/* a shared body a queued response reads from: released once the
	 * request completes (resp_reuse.c) */
	void (*keep_release)(void *arg);
	void *keep_arg;
	void (*defer_start)(void *arg);  /* req_defer: the answer comes later */
	void *defer_arg;
	bool too_large;      /* the streamed body passed the route's cap */
	size_t discarded;
	int status;
	uint64_t bytes;
	uint64_t start_us;
	char ip[INET6_ADDRSTRLEN];
	char net[IP_NET_MAX];   /* what limits count (ip_net.h) */
	void *user;
	void (*user_free)(void *);
};

/* The peer's numeric address ("?" when unknown). */
void http_peer_ip(struct MHD_Connection *c, char *out, size_t len);

/* etag_matches, and the tag of If-None-Match that matched into out (n
 * bytes): etag itself, or etag with a coding's suffix (encoding.h). */
bool etag_match_variant(const struct req *r, const char *etag, char *out, size_t n);

/* Turns rs into a libmicrohttpd response and queues it; consumes rs. */
enum MHD_Result resp_send(struct req *r, struct resp *rs);
/* resp_send for a shared body with a resp_reuse (resp_reuse.c). */
enum MHD_Result resp_send_reused(struct req *r, struct resp *rs);
/* rs's Content-Type (unless no_body) and headers, onto m. */
void resp_add_headers(struct MHD_Response *m, const struct resp *rs, bool no_body);

#endif
