/* response.c: building responses and handing them to libmicrohttpd */
#include "http/http_internal.h"
#include "http/errors.h"
#include "http/encoding.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

void resp_init(struct resp *rs)
{
	memset(rs, 0, sizeof *rs);
	buf_init(&rs->body);
	rs->fd = -1;
}

/* Header strings are copied into chunks that are freed together: one
 * allocation for a response's dozen strings rather than two each (issue
 * 29).  A chunk never moves, so a string stays where it was put. */
struct resp_chunk {
	struct resp_chunk *next;
	size_t used, cap;
	char data[];
};

#define RESP_CHUNK_BYTES 480

static char *resp_strdup(struct resp *rs, const char *s)
{
	size_t n = strlen(s) + 1;
	struct resp_chunk *c = rs->chunks;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > RESP_CHUNK_BYTES ? n : RESP_CHUNK_BYTES;
		c = xmalloc(sizeof *c + cap);
		c->next = rs->chunks;
		c->used = 0;
		c->cap = cap;
		rs->chunks = c;
	}
	char *p = c->data + c->used;
	memcpy(p, s, n);
	c->used += n;
	return p;
}

void resp_release(struct resp *rs)
{
	buf_release(&rs->body);
	for (struct resp_chunk *c = rs->chunks, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(rs->headers);
	if (rs->fd >= 0)
		close(rs->fd);
	if (rs->shared_release)
		rs->shared_release(rs->shared_arg);
	resp_init(rs);
}

void resp_shared(struct resp *rs, int status, const char *content_type, const void *data,
		 size_t len, void (*release)(void *arg), void *arg)
{
	if (rs->shared_release)
		rs->shared_release(rs->shared_arg);
	rs->status = status;
	rs->content_type = content_type;
	buf_reset(&rs->body);
	rs->shared = data;
	rs->shared_len = len;
	rs->shared_release = release;
	rs->shared_arg = arg;
	rs->reuse = NULL;
}

void resp_header(struct resp *rs, const char *name, const char *value)
{
	rs->headers = xgrowarray(rs->headers, &rs->cap_headers,
				 rs->n_headers + 1, sizeof *rs->headers);
	rs->headers[rs->n_headers].name = resp_strdup(rs, name);
	rs->headers[rs->n_headers].value = resp_strdup(rs, value);
	rs->n_headers++;
}

void resp_cookie(struct resp *rs, const char *name, const char *value, long max_age,
		 const char *same_site, bool secure)
{
	struct buf c = BUF_INIT;
	buf_addf(&c, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=%s%s", name, value, max_age,
		 same_site, secure ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", c.p);
	buf_release(&c);
}

void resp_bytes(struct resp *rs, int status, const char *content_type,
		const void *data, size_t len)
{
	rs->status = status;
	rs->content_type = content_type;
	buf_reset(&rs->body);
	buf_add(&rs->body, data, len);
}

void resp_json(struct resp *rs, int status, json_t *v)
{
	rs->status = status;
	rs->content_type = "application/json";
	buf_reset(&rs->body);
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (!s) {
		rs->status = 500;
		buf_adds(&rs->body, "{\"error\":{\"code\":\"internal\","
				    "\"message\":\"cannot encode response\"}}");
		return;
	}
	buf_adds(&rs->body, s);
	buf_addc(&rs->body, '\n');
	free(s);
}

void resp_redirect(struct resp *rs, int status, const char *location)
{
	rs->status = status;
	rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	resp_header(rs, "Location", location);
}

static bool has_header(const struct resp *rs, const char *name)
{
	for (size_t i = 0; i < rs->n_headers; i++)
		if (strcasecmp(rs->headers[i].name, name) == 0)
			return true;
	return false;
}

static void security_headers(const struct req *r, struct resp *rs)
{
	resp_header(rs, "X-Content-Type-Options", "nosniff");
	/* Status pages carry a secret token in their URL: never leak it. */
	resp_header(rs, "Referrer-Policy", "no-referrer");
	if (has_header(rs, "Content-Security-Policy"))
		return;
	if (r->route && (r->route->flags & ROUTE_EMBEDDABLE)) {
		resp_header(rs, "Cross-Origin-Resource-Policy", "cross-origin");
		return;
	}
	resp_header(rs, "X-Frame-Options", "DENY");
	resp_header(rs, "Content-Security-Policy",
		    "default-src 'self'; img-src 'self' data: https:; "
		    "object-src 'none'; base-uri 'none'; form-action 'self'; "
		    "frame-ancestors 'none'");
}

/* A JSON body above ENC_JSON_MIN bytes goes out in the coding the client
 * prefers (gzip, br or zstd at a fast level), with Vary: Accept-Encoding
 * and its ETag, if any, marked per coding (enc_etag).  Only bodies the
 * response owns: a shared blob (resp_shared, the comment thread cache)
 * goes out as it is — compressing it again on every request would cost
 * more than the cache saves.  HEAD is answered with the same headers and
 * length as GET would be. */
static void compress_json(const struct req *r, struct resp *rs)
{
	if (!rs->content_type || strncmp(rs->content_type, "application/json", 16) != 0 ||
	    rs->body.len <= ENC_JSON_MIN || has_header(rs, "Content-Encoding"))
		return;
	resp_header(rs, "Vary", "Accept-Encoding");
	enum enc e = enc_choose(req_header(r, "Accept-Encoding"), ENC_ALL);
	if (e == ENC_IDENTITY)
		return;
	struct buf z = BUF_INIT;
	if (enc_compress(e, rs->body.p, rs->body.len, false, &z) < 0 || z.len >= rs->body.len) {
		buf_release(&z);
		return;
	}
	buf_release(&rs->body);
	rs->body = z;
	resp_header(rs, "Content-Encoding", enc_name(e));
	for (size_t i = 0; i < rs->n_headers; i++)
		if (strcasecmp(rs->headers[i].name, "ETag") == 0) {
			char tag[160];
			enc_etag(rs->headers[i].value, e, tag, sizeof tag);
			rs->headers[i].value = resp_strdup(rs, tag);
		}
}

void resp_add_headers(struct MHD_Response *m, const struct resp *rs, bool no_body)
{
	if (rs->content_type && !no_body)
		MHD_add_response_header(m, "Content-Type", rs->content_type);
	for (size_t i = 0; i < rs->n_headers; i++)
		MHD_add_response_header(m, rs->headers[i].name, rs->headers[i].value);
}

void resp_reset(struct resp *rs)
{
	resp_release(rs);
}

enum MHD_Result resp_send(struct req *r, struct resp *rs)
{
	if (rs->hang_up) {
		resp_release(rs);
		r->status = 0;
		return MHD_NO;
	}
	if (rs->status == 0)
		fail(r, rs, ERR_INTERNAL, NULL, NULL);
	if (r->srv->o.decorate)
		r->srv->o.decorate(r, rs);
	security_headers(r, rs);

	struct MHD_Response *m;
	uint64_t bytes;
	bool no_body = rs->status == 304 || rs->status == 204;
	if (rs->status == 304)
		for (size_t i = 0; i < rs->n_headers; i++)
			if (strcasecmp(rs->headers[i].name, "ETag") == 0) {
				/* the representation the client holds (a compressed one) */
				char tag[160];
				if (etag_match_variant(r, rs->headers[i].value, tag, sizeof tag) &&
				    strcmp(tag, rs->headers[i].value) != 0) {
					rs->headers[i].value = resp_strdup(rs, tag);
				}
			}
	if (rs->fd >= 0 && !no_body) {
		bytes = rs->fd_size;
		m = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
		rs->fd = -1; /* owned by the response now */
	} else if (rs->shared && !no_body && rs->reuse) {
		return resp_send_reused(r, rs);
	} else if (rs->shared && !no_body) {
		bytes = rs->shared_len;
		m = MHD_create_response_from_buffer_with_free_callback_cls(
			rs->shared_len, (void *)rs->shared, rs->shared_release, rs->shared_arg);
		if (m)
			rs->shared_release = NULL; /* the response releases it now */
	} else {
		size_t len = 0;
		if (no_body)
			buf_reset(&rs->body);
		else
			compress_json(r, rs);
		char *body = buf_detach(&rs->body, &len);
		bytes = len;
		m = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!m)
			free(body);
	}
	if (!m) {
		resp_release(rs);
		return MHD_NO;
	}
	resp_add_headers(m, rs, no_body);
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)rs->status, m);
	MHD_destroy_response(m);
	r->answered = true;
	r->status = rs->status;
	r->bytes = strcmp(r->method, "HEAD") == 0 ? 0 : bytes;
	resp_release(rs);
	return ok;
}

void resp_page(struct resp *rs, int status, struct buf *b)
{
	resp_bytes(rs, status, "text/html; charset=utf-8", b->p, b->len);
	buf_release(b);
}
