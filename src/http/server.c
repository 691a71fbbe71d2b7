/* server.c: the libmicrohttpd daemon and its three-phase request handler */
#include "http/http_internal.h"
#include "http/errors.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/conn_watch.h"
#include "http/fields.h"
#include "util/ip_match.h"
#include "util/log.h"
#include "util/xalloc.h"

/* How much of an oversized streamed body is read and thrown away so that the
 * client can still be told 413; beyond it the connection is closed. */
#define HTTP_DISCARD_MAX (1024u * 1024u)

/* Connections accepted past max_connections, only to be told 503 and
 * closed: as many again, so that a load of several times the limit is
 * answered rather than left in the kernel's backlog, where a health probe
 * would queue behind it (issue 29).  Each costs a few KiB until closed. */
#define OVERFLOW_CONNECTIONS(n) (2 * (n) > 64 ? 2 * (n) : 64)

/* Every connection libmicrohttpd may accept is a descriptor, and systemd's
 * default soft limit (1024) is below what max_connections and its overflow
 * take: the soft limit is raised as far as the hard one lets. */
static void fit_descriptors(unsigned connections)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)connections + 128; /* the database, logs, GitHub, pipes */
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < need)
		log_warn("http: open files limited to %llu, below the %llu that %u connections need "
			 "(LimitNOFILE= in the unit)", (unsigned long long)rl.rlim_cur,
			 (unsigned long long)need, connections);
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static bool known_method(const char *m)
{
	static const char *const ok[] = { "GET", "HEAD", "POST", "PUT",
					  "PATCH", "DELETE", "OPTIONS" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(m, ok[i]) == 0)
			return true;
	return false;
}

void http_peer_ip(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, len, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
			  out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)len);
}

/* The route's own authorization, then its declared input, checked before
 * its handler sees anything. */
static int read_input(struct req *r, struct resp *rs)
{
	if (r->route->authorize && r->route->authorize(r, rs) < 0)
		return -1;
	if (!r->route->input)
		return 0;
	struct fault f;
	r->input = input_read(r, r->route->input, &f);
	if (r->input)
		return 0;
	fail_fault(r, rs, &f);
	return -1;
}

static enum MHD_Result add_forwarded(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct buf *b = cls;
	(void)kind;
	if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) {
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, value);
	}
	return MHD_YES;
}

/* Every X-Forwarded-For line as one list, in order (RFC 9110: repeated
 * field lines are one comma-separated value).  A proxy that appends its
 * own line, as HAProxy does, must not leave the client's first line to be
 * believed. */
static void forwarded_for(struct MHD_Connection *c, struct buf *out)
{
	MHD_get_connection_values(c, MHD_HEADER_KIND, add_forwarded, out);
}

/* Content-Length as a strict decimal; -1 when absent or malformed. */
static long long content_length(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!v || !*v)
		return -1;
	long long n = 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > (1LL << 50))
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n;
}

/* Everything decided on the first call, before any body byte is buffered.
 * Returns 0 to go on reading, or -1 with rs filled. */
static int first_checks(struct http_server *s, struct req *r, struct resp *rs)
{
	bool over = r->uploading ? s->o.max_pending && atomic_load(&s->uploading) > (long)s->o.max_pending
				 : s->o.max_pending && atomic_load(&s->active) > (long)s->o.max_pending;
	/* the health probe is answered through an overload: it is how a
	 * load balancer or systemd learns the service is alive, and costs
	 * one read of the database */
	bool probe = strcmp(r->path, "/healthz") == 0 && strcmp(r->method, "GET") == 0;
	if (!probe && (over || conn_watch_excess(r->conn))) {
		/* answered at once, before anything is read or looked up, and
		 * the connection closed: overload gets an answer, not a queue */
		fail(r, rs, ERR_OVERLOADED, NULL, "the service is busy; try again in a moment");
		resp_header(rs, "Retry-After", "1");
		resp_header(rs, "Connection", "close");
		return -1;
	}
	if (MHD_get_connection_values(r->conn, MHD_HEADER_KIND, NULL, NULL) > HTTP_MAX_HEADERS) {
		fail(r, rs, ERR_TOO_MANY_HEADERS, NULL, "the request has too many header lines");
		return -1;
	}
	if (r->too_many_params ||
	    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, NULL, NULL) > HTTP_MAX_PARAMS) {
		fail(r, rs, ERR_TOO_MANY_PARAMETERS, NULL,
		     "the request has too many query parameters");
		return -1;
	}
	if (!known_method(r->method)) {
		fail(r, rs, ERR_NOT_IMPLEMENTED, NULL, "unsupported HTTP method");
		return -1;
	}
	struct buf allow = BUF_INIT;
	enum route_match m = route_index_find(s->routes, r->method, r->path, &r->route,
					      &r->params, &allow);
	if (m == MATCH_NO_PATH) {
		buf_release(&allow);
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such resource");
		return -1;
	}
	if (m == MATCH_BAD_METHOD) {
		fail(r, rs, ERR_METHOD_NOT_ALLOWED, NULL,
		     "this resource does not support that method");
		resp_header(rs, "Allow", allow.p);
		buf_release(&allow);
		return -1;
	}
	buf_release(&allow);
	long long cl = content_length(r->conn);
	if (cl > (long long)r->route->max_body) {
		fail(r, rs, ERR_PAYLOAD_TOO_LARGE, NULL, "request body is too large");
		return -1;
	}
	if (r->route->flags & (ROUTE_ADMIN | ROUTE_CSRF)) {
		if (!s->o.guard) {
			fail(r, rs, ERR_UNAUTHORIZED, NULL, "sign in first");
			return -1;
		}
		if (s->o.guard(s->o.guard_arg, r, r->route->flags, rs) < 0) {
			if (!rs->status)
				fail(r, rs, ERR_UNAUTHORIZED, NULL, "sign in first");
			return -1;
		}
	}
	return 0;
}

/* From any thread: the held answer may go (on_request sends it). */
static void wake(void *arg)
{
	struct req *r = arg;
	MHD_resume_connection(r->conn);
}

void req_defer(struct req *r, void (*start)(void *arg), void *arg)
{
	r->defer_start = start;
	r->defer_arg = arg;
}

void req_answer(struct req *r, struct resp *rs, uint64_t token)
{
	struct http_server *s = r->srv;
	r->held = xmalloc(sizeof *r->held);
	*r->held = *rs;
	if (token && s->o.when_done)
		s->o.when_done(s->o.app, token, wake, r);
	else
		wake(r);
}

/* The request line and headers are in: who is asking, from which
 * network, and whether a body is on its way (counted apart until it is
 * in, so that slow uploads do not count as pending work). */
static void begin_request(struct http_server *s, struct req *r,
			  struct MHD_Connection *conn, const char *url,
			  const char *method)
{
	r->started = true;
	r->conn = conn;
	r->srv = s;
	r->method = method;
	r->path = xstrdup(url);
	buf_init(&r->body);
	conn_watch_headers_done(s->watch, conn);
	/* read once, when the connection opened */
	const char *peer_ip = conn_watch_peer(conn);
	size_t ip_len = strnlen(peer_ip, sizeof r->ip - 1);
	memcpy(r->ip, peer_ip, ip_len);
	r->ip[ip_len] = '\0';
	if (s->o.n_trusted_proxies) {
		char peer[sizeof r->ip];
		memcpy(peer, r->ip, sizeof peer);
		struct buf xff = BUF_INIT;
		forwarded_for(conn, &xff);
		ip_client(peer, xff.len ? xff.p : NULL, s->o.trusted_proxies,
			  s->o.n_trusted_proxies, r->ip);
		buf_release(&xff);
	}
	ip_network_key(r->ip, s->o.ipv6_prefix, r->net);
	/* a body to come is an upload until it is in (chunked ones too) */
	const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_TRANSFER_ENCODING);
	r->uploading = content_length(conn) > 0 || (te && *te);
	if (r->uploading)
		atomic_fetch_add(&s->uploading, 1);
	else
		atomic_fetch_add(&s->active, 1);
	r->counted = !r->uploading;
}

static enum MHD_Result take_upload(struct req *r, const char *upload,
				   size_t *upload_size)
{
	if (r->too_large || *upload_size > r->route->max_body - r->body.len) {
		/* A chunked body (or a lying Content-Length) grew past the
		 * cap.  libmicrohttpd cannot answer mid-upload, so keep
		 * nothing, skip a bounded amount and answer 413 at the end;
		 * a client that keeps streaming past that is cut off. */
		if (!r->too_large)
			buf_release(&r->body);
		r->too_large = true;
		r->discarded += *upload_size;
		*upload_size = 0;
		return r->discarded > HTTP_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	buf_add(&r->body, upload, *upload_size);
	*upload_size = 0;
	return MHD_YES;
}

/* The body is in: from now on a pending request like any other, and so
 * counted against max_pending.  Answers -1 with rs filled if refused. */
static int body_arrived(struct http_server *s, struct req *r, struct resp *rs)
{
	conn_watch_body_done(s->watch, r->conn);
	if (r->uploading) {
		r->uploading = false;
		atomic_fetch_sub(&s->uploading, 1);
		atomic_fetch_add(&s->active, 1);
		r->counted = true;
		if (!r->too_large && s->o.max_pending &&
		    atomic_load(&s->active) > (long)s->o.max_pending) {
			resp_init(rs);
			fail(r, rs, ERR_OVERLOADED, NULL,
			     "the service is busy; try again in a moment");
			resp_header(rs, "Retry-After", "1");
			return -1;
		}
	}
	if (r->too_large) {
		resp_init(rs);
		fail(r, rs, ERR_PAYLOAD_TOO_LARGE, NULL, "request body is too large");
		return -1;
	}
	return 0;
}

/* Run the handler, then send its answer now, or hold it until the writes
 * it acknowledges are durable, or leave it to the handler's deferred work. */
static enum MHD_Result run_handler(struct http_server *s, struct req *r)
{
	struct resp rs;
	resp_init(&rs);
	if (read_input(r, &rs) == 0 && r->route->handler(r, &rs) < 0 && rs.status == 0)
		fail(r, &rs, ERR_INTERNAL, NULL, "the request could not be completed");
	uint64_t token = s->o.pending ? s->o.pending(s->o.app) : 0;
	if (r->defer_start) {
		/* suspended first, so that an answer from another thread finds
		 * it so; the later answer's own token covers this thread's */
		resp_release(&rs);
		MHD_suspend_connection(r->conn);
		r->defer_start(r->defer_arg);
		return MHD_YES;
	}
	if (token) {
		/* the answer waits, the thread does not: this connection sleeps
		 * until its commit is on disk, as a deferred one's does */
		MHD_suspend_connection(r->conn);
		req_answer(r, &rs, token);
		return MHD_YES;
	}
	return resp_send(r, &rs);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **req_cls)
{
	struct http_server *s = cls;
	struct req *r = *req_cls;
	struct resp rs;
	(void)version;

	/* uri_seen made r when the request line came in */
	if (!r->started) {
		begin_request(s, r, conn, url, method);
		*req_cls = r;
		resp_init(&rs);
		if (first_checks(s, r, &rs) < 0)
			return resp_send(r, &rs);
		return MHD_YES;
	}
	if (r->answered) {
		/* refused already: drop whatever body still arrives */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size)
		return take_upload(r, upload, upload_size);
	if (body_arrived(s, r, &rs) < 0)
		return resp_send(r, &rs);
	if (r->held) {
		/* woken: what it waited for is done */
		struct resp *held = r->held;
		r->held = NULL;
		enum MHD_Result ok = resp_send(r, held);
		free(held);
		return ok;
	}
	return run_handler(s, r);
}

/* Control bytes in a path would forge log lines; print them escaped. */
static void log_path(struct buf *out, const char *p)
{
	const char *run = p;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(p - run));
		run = p + 1;
		buf_addf(out, "\\x%02x", c);
	}
	buf_add(out, run, (size_t)(p - run));
	buf_addc(out, '\0');
	out->len--;
}

static void add_uint(struct buf *b, unsigned long long v)
{
	char d[24];
	size_t n = 0;
	do
		d[sizeof d - ++n] = (char)('0' + v % 10);
	while ((v /= 10) && n < sizeof d);
	buf_add(b, d + sizeof d - n, n);
}

/* One access-log line, "IP METHOD PATH STATUS BYTES µs" (then " aborted"),
 * made without printf: it is written for every request (issue 29). */
static void access_line(const struct req *r, uint64_t took_us, bool completed)
{
	struct buf line = BUF_INIT;
	buf_grow(&line, 128);
	buf_adds(&line, r->ip);
	buf_addc(&line, ' ');
	buf_adds(&line, r->method);
	buf_addc(&line, ' ');
	/* a path that is a secret (a status link, a mail's link) is not
	 * written where whoever reads the logs could use it */
	if (r->route && strstr(r->route->pattern, "{token}"))
		buf_adds(&line, r->route->pattern);
	else
		log_path(&line, r->path);
	buf_addc(&line, ' ');
	if (r->status < 0)
		buf_addc(&line, '-');
	add_uint(&line, (unsigned long long)(r->status < 0 ? -(long long)r->status : r->status));
	buf_addc(&line, ' ');
	add_uint(&line, (unsigned long long)r->bytes);
	buf_addc(&line, ' ');
	add_uint(&line, (unsigned long long)took_us);
	buf_adds(&line, completed ? "us" : "us aborted");
	log_text(LOG_INFO, line.p, line.len);
	buf_release(&line);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **req_cls, enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct req *r = *req_cls;
	conn_watch_request_done(s->watch, conn);
	if (!r->started) {
		/* refused by libmicrohttpd before our handler saw it */
		free(r);
		*req_cls = NULL;
		return;
	}
	if (s->o.observe)
		s->o.observe(s->o.app, r->route, r->status, now_us() - r->start_us);
	if (s->o.access_log)
		access_line(r, now_us() - r->start_us, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	buf_release(&r->body);
	if (r->keep_release)
		r->keep_release(r->keep_arg);
	if (r->held) {
		resp_release(r->held);
		free(r->held);
	}
	if (r->user && r->user_free)
		r->user_free(r->user);
	json_decref(r->input);
	for (size_t i = 0; i < ROUTE_MAX_PARAMS; i++)
		free(r->param[i]);
	bool uploading = r->uploading, counted = r->counted;
	free(r->path);
	free(r);
	*req_cls = NULL;
	if (uploading)
		atomic_fetch_sub(&s->uploading, 1);
	if (counted)
		atomic_fetch_sub(&s->active, 1);
}

/* Called with the request line's target before libmicrohttpd splits the
 * query: past HTTP_MAX_PARAMS parameters it would run out of its
 * per-connection memory and (in 0.9.75) never answer, so the query is
 * emptied here, in its own buffer, and the request refused by
 * first_checks.  The request's state starts here too. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_server *s = cls;
	conn_watch_line_seen(s->watch, c);
	struct req *r = xcalloc(1, sizeof *r);
	r->start_us = now_us();
	char *q = strchr(uri, '?');
	if (q) {
		size_t params = 1;
		for (const char *p = q + 1; *p; p++)
			params += *p == '&' || *p == ';';
		if (params > HTTP_MAX_PARAMS) {
			r->too_many_params = true;
			q[1] = '\0';
		}
	}
	return r;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	(void)cls;
	buf_vaddf(&b, fmt, ap);
	while (b.len && b.p[b.len - 1] == '\n')
		b.p[--b.len] = '\0';
	/* we hang up on purpose (a flood, a body past its cap, a stand-in
	 * fault) and say why ourselves: libmicrohttpd's words for it are noise */
	if (!strstr(b.p, "Application reported internal error"))
		log_warn("http: %s", b.p);
	buf_release(&b);
}

static int resolve(const char *host, uint16_t port, struct sockaddr_storage *ss,
		   struct buf *err)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	char ps[8];
	snprintf(ps, sizeof ps, "%u", port);
	int rc = getaddrinfo(host && *host ? host : NULL, ps, &hints, &res);
	if (rc != 0 || !res) {
		buf_addf(err, "cannot resolve listen address '%s': %s", host,
			 gai_strerror(rc));
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

struct http_server *http_server_start(const struct http_server_opts *o,
				      struct buf *err)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (resolve(o->host, o->port, &ss, err) < 0)
		return NULL;
	struct http_server *s = xcalloc(1, sizeof *s);
	s->o = *o;
	atomic_init(&s->active, 0);
	atomic_init(&s->uploading, 0);
	struct conn_watch_opts wo = {
		.per_ip = o->per_ip_connections, .ipv6_prefix = o->ipv6_prefix,
		.header_timeout = o->header_timeout,
		.body_timeout = o->body_timeout, .trusted = o->trusted_proxies,
		.n_trusted = o->n_trusted_proxies, .max_open = o->max_connections,
	};
	s->watch = conn_watch_start(&wo);
	if (!s->watch) {
		buf_adds(err, "cannot start the connection watch");
		free(s);
		return NULL;
	}
	s->routes = route_index_new(o->routes, o->n_routes);
	fit_descriptors(o->max_connections + OVERFLOW_CONNECTIONS(o->max_connections));
	unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_OptionItem opts[] = {
		{ MHD_OPTION_SOCK_ADDR, 0, &ss },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s },
		/* room above max_connections to answer the excess with 503
		 * rather than leave it in the kernel's backlog */
		{ MHD_OPTION_CONNECTION_LIMIT,
		  (intptr_t)(o->max_connections + OVERFLOW_CONNECTIONS(o->max_connections)), NULL },
		{ MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)o->connection_timeout, NULL },
		{ MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)HTTP_CONNECTION_POOL_BYTES, NULL },
		{ MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)conn_watch_notify, s->watch },
		{ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_seen, s },
		{ MHD_OPTION_END, 0, NULL },
	};
	/* with one thread there is no pool; the option must then be absent */
	struct MHD_OptionItem pool[] = {
		{ o->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END,
		  (intptr_t)o->threads, NULL },
		{ MHD_OPTION_END, 0, NULL },
	};
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				MHD_OPTION_ARRAY, pool,
				MHD_OPTION_ARRAY, opts,
				MHD_OPTION_END);
	if (!s->d) {
		buf_addf(err, "cannot listen on %s:%u (address in use or not allowed)",
			 o->host, o->port);
		conn_watch_stop(s->watch);
		route_index_free(s->routes);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di =
		MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : o->port;
	return s;
}

uint16_t http_server_port(const struct http_server *s)
{
	return s->port;
}

static void wait_idle(struct http_server *s, uint64_t deadline)
{
	while (atomic_load(&s->active) > 0 && now_us() < deadline) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

long http_server_stop(struct http_server *s, unsigned grace_seconds)
{
	if (!s)
		return 0;
	MHD_socket fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	wait_idle(s, now_us() + (uint64_t)grace_seconds * 1000000u);
	long left = atomic_load(&s->active);
	if (left > 0) {
		/* the grace is over: clients still sending or waiting are cut off */
		log_warn("http: grace over, cutting off %ld requests in flight", left);
		conn_watch_cut_all(s->watch);
		wait_idle(s, now_us() + 500000u);
		left = atomic_load(&s->active);
		if (left > 0)
			return left;   /* a handler is still running: not waited for */
	}
	MHD_stop_daemon(s->d);
	conn_watch_stop(s->watch);
	route_index_free(s->routes);
	free(s);
	return 0;
}
