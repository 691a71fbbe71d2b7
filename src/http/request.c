/* request.c: accessors for the request a handler is given */
#include "http/http_internal.h"
#include "http/encoding.h"
#include "http/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

const char *req_method(const struct req *r) { return r->method; }
const char *req_path(const struct req *r) { return r->path; }
const char *req_client_ip(const struct req *r) { return r->ip; }
const char *req_client_net(const struct req *r) { return r->net; }
void *req_app(const struct req *r) { return r->srv->o.app; }
const struct route *req_route(const struct req *r) { return r->route; }

const char *req_header(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_query(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct each_ctx {
	const char *name;
	void (*fn)(const char *, void *);
	void *arg;
	size_t count;
};

static enum MHD_Result each_value(void *cls, enum MHD_ValueKind kind,
				  const char *key, const char *value)
{
	struct each_ctx *e = cls;
	(void)kind;
	if (key && strcmp(key, e->name) == 0) {
		e->fn(value ? value : "", e->arg);
		e->count++;
	}
	return MHD_YES;
}

struct every_ctx {
	void (*fn)(const char *, const char *, void *);
	void *arg;
};

static enum MHD_Result every_value(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	struct every_ctx *e = cls;
	(void)kind;
	if (key)
		e->fn(key, value ? value : "", e->arg);
	return MHD_YES;
}

void req_query_every(const struct req *r, void (*fn)(const char *key, const char *value,
						      void *arg), void *arg)
{
	struct every_ctx e = { fn, arg };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, every_value, &e);
}

size_t req_query_each(const struct req *r, const char *name,
		      void (*fn)(const char *value, void *arg), void *arg)
{
	struct each_ctx e = { name, fn, arg, 0 };
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, each_value, &e);
	return e.count;
}

const char *req_param(const struct req *r, size_t i)
{
	if (i >= r->params.n)
		return NULL;
	/* copied lazily: the captured text points into the path */
	struct req *m = (struct req *)r;
	if (!m->param[i])
		m->param[i] = xstrndup(r->params.start[i], r->params.len[i]);
	return m->param[i];
}

const char *req_body(const struct req *r, size_t *len)
{
	if (len)
		*len = r->body.len;
	return r->body.p;
}

struct form_ctx {
	int (*fn)(const char *, const char *, size_t, void *);
	void *arg;
	char *key;
	struct buf val;
	int failed;
};

static int form_flush(struct form_ctx *f)
{
	int rc = 0;
	if (f->key)
		rc = f->fn(f->key, f->val.p, f->val.len, f->arg);
	free(f->key);
	f->key = NULL;
	buf_reset(&f->val);
	return rc;
}

/* The post processor hands values over in pieces; join them per key. */
static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *filename,
				 const char *content_type,
				 const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	struct form_ctx *f = cls;
	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding;
	if (off == 0 || !f->key || strcmp(f->key, key) != 0) {
		if (form_flush(f) < 0) {
			f->failed = 1;
			return MHD_NO;
		}
		f->key = xstrdup(key);
	}
	buf_add(&f->val, data, size);
	return MHD_YES;
}

int req_form_each(struct req *r,
		  int (*fn)(const char *key, const char *value, size_t len,
			    void *arg),
		  void *arg)
{
	struct form_ctx f = { fn, arg, NULL, BUF_INIT, 0 };
	struct MHD_PostProcessor *pp =
		MHD_create_post_processor(r->conn, 16 * 1024, form_iter, &f);
	if (!pp)
		return -1;
	enum MHD_Result ok = MHD_post_process(pp, r->body.p, r->body.len);
	MHD_destroy_post_processor(pp);
	if (ok == MHD_YES && !f.failed && form_flush(&f) < 0)
		f.failed = 1;
	free(f.key);
	buf_release(&f.val);
	return ok == MHD_YES && !f.failed ? 0 : -1;
}

void req_set_user(struct req *r, void *user, void (*free_fn)(void *))
{
	if (r->user && r->user_free)
		r->user_free(r->user);
	r->user = user;
	r->user_free = free_fn;
}

void *req_user(const struct req *r)
{
	return r->user;
}

bool req_is_form(const struct req *r)
{
	const char *ct = req_header(r, "Content-Type");
	return ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
		      strncasecmp(ct, "multipart/form-data", 19) == 0);
}

/* Is tok (n bytes) etag, or etag with a content coding's suffix (the
 * same resource in gzip, br or zstd: encoding.h)? */
static bool tag_is(const char *tok, size_t n, const char *etag)
{
	size_t len = strlen(etag);
	if (n == len && strncmp(tok, etag, n) == 0)
		return true;
	if (len < 2 || etag[0] != '"' || etag[len - 1] != '"' || n <= len ||
	    strncmp(tok, etag, len - 1) != 0 || tok[n - 1] != '"')
		return false;
	for (int e = ENC_GZIP; e < ENC_COUNT; e++) {
		const char *sfx = enc_etag_suffix((enum enc)e);
		if (n == len + strlen(sfx) && strncmp(tok + len - 1, sfx, strlen(sfx)) == 0)
			return true;
	}
	return false;
}

bool etag_match_variant(const struct req *r, const char *etag, char *out, size_t n)
{
	const char *inm = req_header(r, "If-None-Match");
	if (!inm)
		return false;
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*') {
			if (out)
				snprintf(out, n, "%s", etag);
			return true;
		}
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		const char *e = p;
		while (*e && *e != ',' && *e != ' ' && *e != '\t')
			e++;
		if (e > p && tag_is(p, (size_t)(e - p), etag)) {
			if (out)
				snprintf(out, n, "%.*s", (int)(e - p), p);
			return true;
		}
		while (*p && *p != ',')
			p++;
	}
	return false;
}

bool etag_matches(struct req *r, const char *etag)
{
	return etag_match_variant(r, etag, NULL, 0);
}

void req_set_back(struct req *r, const char *back)
{
	r->back = back;
}

const char *req_back(const struct req *r)
{
	return r->back;
}

json_t *req_input(const struct req *r)
{
	return r->input;
}
