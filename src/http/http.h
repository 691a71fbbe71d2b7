/* http.h: what handlers see of HTTP.  libmicrohttpd stays behind this line.
 *
 * A handler gets a request whose method, path, route and body size have
 * already been checked by the router (see route.h), fills in a response and
 * returns 0.  Returning -1 without a status set becomes a 500 JSON error.
 * Handlers may run on any of the server's threads at once.
 */
#ifndef NEWSDESK_HTTP_H
#define NEWSDESK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct route;
struct req;

/* The statuses a handler may answer with; refusals take theirs from the
 * error table (errors.h), never a number of their own. */
enum http_status {
	HTTP_OK = 200,
	HTTP_CREATED = 201,
	HTTP_ACCEPTED = 202,
	HTTP_NO_CONTENT = 204,
	HTTP_FOUND = 302,
	HTTP_SEE_OTHER = 303,
	HTTP_NOT_MODIFIED = 304,
	HTTP_BAD_REQUEST = 400,
	HTTP_UNAUTHORIZED = 401,
	HTTP_FORBIDDEN = 403,
	HTTP_NOT_FOUND = 404,
	HTTP_METHOD_NOT_ALLOWED = 405,
	HTTP_CONFLICT = 409,
	HTTP_PAYLOAD_TOO_LARGE = 413,
	HTTP_UNSUPPORTED_MEDIA_TYPE = 415,
	HTTP_TOO_MANY_REQUESTS = 429,
	HTTP_HEADERS_TOO_LARGE = 431,
	HTTP_INTERNAL_ERROR = 500,
	HTTP_NOT_IMPLEMENTED = 501,
	HTTP_BAD_GATEWAY = 502,
	HTTP_UNAVAILABLE = 503,
};

#define ROUTE_MAX_PARAMS 4

struct resp_header {
	char *name;
	char *value;
};

struct resp {
	int status;           /* 0 until a handler sets it */
	const char *content_type;
	struct buf body;
	int fd;               /* >= 0: send this file (fd_size bytes) instead of body */
	uint64_t fd_size;
	struct resp_header *headers;
	size_t n_headers, cap_headers;
	struct resp_chunk *chunks; /* where the headers' strings live (response.c) */
	bool hang_up;         /* close the connection without answering */
	/* a body owned elsewhere (e.g. a cache entry): sent without a copy,
	 * then shared_release(shared_arg) once the response is done with it */
	const void *shared;
	size_t shared_len;
	void (*shared_release)(void *arg);
	void *shared_arg;
	struct resp_reuse *reuse;  /* resp_reusable: where a built response is kept */
};

/* ---- request accessors (request.c) ---- */
const char *req_method(const struct req *r);  /* "GET", "HEAD", "POST", ... */
const char *req_path(const struct req *r);    /* decoded path, no query */
const char *req_header(const struct req *r, const char *name);
/* A cookie's value as libmicrohttpd parsed the Cookie header, or NULL. */
const char *req_cookie(const struct req *r, const char *name);
/* First value of a query parameter, or NULL. */
const char *req_query(const struct req *r, const char *name);
/* Calls fn for every value of a repeated query parameter; returns count. */
size_t req_query_each(const struct req *r, const char *name,
		      void (*fn)(const char *value, void *arg), void *arg);
/* Calls fn for every query parameter, in the order sent. */
void req_query_every(const struct req *r, void (*fn)(const char *key, const char *value,
						      void *arg), void *arg);
/* The i-th {param} captured by the route pattern. */
const char *req_param(const struct req *r, size_t i);
/* Does the request's If-None-Match list etag, or etag as one of its
 * compressed representations ("\"abc-gz\"", http/encoding.h: the answer
 * was compressed on its way out)?  A 304 then carries the tag that
 * matched. */
bool etag_matches(struct req *r, const char *etag);
const char *req_body(const struct req *r, size_t *len);
const char *req_client_ip(const struct req *r);
/* The client's network, which every per-address limit counts (an IPv6
 * client by its /64 or [server] ipv6_prefix; util/ip_net.h). */
const char *req_client_net(const struct req *r);
void *req_app(const struct req *r);
/* What the guard learnt about the caller (the session), kept until the
 * request ends, then released with free_fn. */
void req_set_user(struct req *r, void *user, void (*free_fn)(void *));
void *req_user(const struct req *r);
/* An answer that comes later, from another thread (a write the store runs
 * in a batch).  The handler calls req_defer and returns without
 * answering; the server then suspends the connection, so that no thread
 * waits, and calls start(arg).  Whatever runs then calls req_answer once,
 * from any thread: rs is sent once token is done (as with the server's
 * pending/when_done; 0: at once).  r must not be touched after that. */
void req_defer(struct req *r, void (*start)(void *arg), void *arg);
/* An empty response (for req_answer), and its release if never sent. */
void resp_init(struct resp *rs);
void resp_release(struct resp *rs);
void req_answer(struct req *r, struct resp *rs, uint64_t token);
const struct route *req_route(const struct req *r);
/* Where a refusal page leads back to (the route's refusal_page reads it);
 * back must live until the request is answered. */
void req_set_back(struct req *r, const char *back);
const char *req_back(const struct req *r);
/* Is the body a form (urlencoded or multipart) by its Content-Type? */
bool req_is_form(const struct req *r);
/* Parses an application/x-www-form-urlencoded or multipart body with
 * libmicrohttpd's post processor; fn is called once per field with the
 * whole value.  Returns 0, or -1 when the body is not a form. */
int req_form_each(struct req *r,
		  int (*fn)(const char *key, const char *value, size_t len,
			    void *arg),
		  void *arg);

/* ---- response builders (response.c) ---- */
void resp_header(struct resp *rs, const char *name, const char *value);
/* Set-Cookie for a cookie of ours: Path=/, HttpOnly, the SameSite policy
 * given ("Strict" or "Lax"), Secure when secure; max_age 0 removes it. */
void resp_cookie(struct resp *rs, const char *name, const char *value, long max_age,
		 const char *same_site, bool secure);
void resp_bytes(struct resp *rs, int status, const char *content_type,
		const void *data, size_t len);
/* JSON bodies come from jansson; steals the reference to v. */
struct json_t;
void resp_json(struct resp *rs, int status, struct json_t *v);
void resp_redirect(struct resp *rs, int status, const char *location);
/* Sends b (a rendered page) as text/html and releases it. */
void resp_page(struct resp *rs, int status, struct buf *b);
/* Sends len bytes at data without copying them; release(arg) is called
 * when the bytes are no longer needed (also when rs is dropped unsent). */
void resp_shared(struct resp *rs, int status, const char *content_type, const void *data,
		 size_t len, void (*release)(void *arg), void *arg);
/* Drops whatever rs holds so far: status, headers and body. */
void resp_reset(struct resp *rs);

/* Responses libmicrohttpd built once for a shared body (resp_shared) and
 * queues again for every request whose status and headers come out the
 * same, byte for byte: no header list copied into it, nothing built or torn
 * down per request (issue 29).  The owner of the body holds one and calls
 * resp_reuse_clear when the body goes; every request sending it keeps the
 * body's reference until it completes, so by then none is.  The first
 * RESP_REUSE_SLOTS distinct header sets are kept (a site's Origin and a
 * direct visit, say); any other is built for its request alone. */
#define RESP_REUSE_SLOTS 2
struct resp_built;
struct resp_reuse {
	struct resp_built *_Atomic slot[RESP_REUSE_SLOTS];
};
void resp_reuse_init(struct resp_reuse *u);
void resp_reuse_clear(struct resp_reuse *u);
/* After resp_shared: rs may be sent through u. */
void resp_reusable(struct resp *rs, struct resp_reuse *u);

#endif
