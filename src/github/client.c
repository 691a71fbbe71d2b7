/* client.c: GitHub REST requests, answers and their classification */
#include "github/client.h"
#include "github/etag_cache.h"

#include <curl/curl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "github/app_auth.h"
#include "util/xalloc.h"

struct headers {
	char etag[128];
	char retry_after[32];
	char remaining[32];
	char reset[32];
	char link[4096];
};

struct sink {
	struct buf *body;
	bool too_big;
};

static _Atomic unsigned long long calls_ok, calls_retry, calls_final;
static _Atomic long last_remaining = -1;

void gh_stats_get(struct gh_stats *out)
{
	out->ok = atomic_load(&calls_ok);
	out->retry = atomic_load(&calls_retry);
	out->final = atomic_load(&calls_final);
	out->ratelimit_remaining = atomic_load(&last_remaining);
}

int gh_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

int gh_client_init(struct gh_client *c, const char *api_url, const char *token)
{
	memset(c, 0, sizeof *c);
	c->curl = curl_easy_init();
	if (!c->curl)
		return -1;
	size_t n = strlen(api_url);
	while (n && api_url[n - 1] == '/')
		n--;
	c->api_url = xstrndup(api_url, n);
	c->token = token ? xstrdup(token) : NULL;
	c->connect_timeout_ms = 10000;
	c->timeout_ms = 30000;
	return 0;
}

void gh_client_set_repo(struct gh_client *c, const char *repo)
{
	free(c->repo);
	c->repo = repo ? xstrdup(repo) : NULL;
}

void gh_client_free(struct gh_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c->api_url);
	free(c->repo);
	if (c->token) {
		sodium_memzero(c->token, strlen(c->token));
		free(c->token);
	}
	memset(c, 0, sizeof *c);
}

char *gh_link_next(const char *link, const char *api_url)
{
	/* <https://api.github.com/…?page=2>; rel="next", <…>; rel="last" */
	for (const char *p = link; p && (p = strchr(p, '<'));) {
		const char *end = strchr(p, '>');
		if (!end)
			return NULL;
		const char *params = end + 1, *stop = strchr(params, ',');
		size_t pl = stop ? (size_t)(stop - params) : strlen(params);
		const char *rel = memmem(params, pl, "rel=\"next\"", 10);
		size_t al = strlen(api_url);
		if (rel && (size_t)(end - p - 1) > al && strncmp(p + 1, api_url, al) == 0 &&
		    p[1 + al] == '/')
			return xstrndup(p + 1 + al, (size_t)(end - p - 1) - al);
		p = end + 1;
	}
	return NULL;
}

void gh_response_free(struct gh_response *r)
{
	free(r->next);
	r->next = NULL;
	json_decref(r->json);
	buf_release(&r->message);
	memset(r, 0, sizeof *r);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	if (s->body->len + size * n > GH_MAX_RESPONSE) {
		s->too_big = true;
		return 0;
	}
	buf_add(s->body, p, size * n);
	return size * n;
}

static void copy_header(const char *line, size_t len, const char *name, char *dst,
			size_t cap)
{
	size_t nl = strlen(name);
	if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	size_t vl = len - nl - 1;
	while (vl && (*v == ' ' || *v == '\t')) {
		v++;
		vl--;
	}
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
		vl--;
	if (vl >= cap)
		vl = cap - 1;
	memcpy(dst, v, vl);
	dst[vl] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct headers *h = arg;
	size_t len = size * n;
	copy_header(p, len, "retry-after", h->retry_after, sizeof h->retry_after);
	copy_header(p, len, "x-ratelimit-remaining", h->remaining, sizeof h->remaining);
	copy_header(p, len, "x-ratelimit-reset", h->reset, sizeof h->reset);
	copy_header(p, len, "link", h->link, sizeof h->link);
	copy_header(p, len, "etag", h->etag, sizeof h->etag);
	return len;
}

static bool parse_long(const char *s, long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}

static const char *const kind_names[GH_KIND__COUNT] = {
	[GH_OK] = "ok",               [GH_NOT_FOUND] = "not_found",     [GH_EXISTS] = "exists",
	[GH_NO_CHANGE] = "no_change", [GH_INVALID] = "invalid",         [GH_CONFLICT] = "conflict",
	[GH_RATE_LIMITED] = "rate_limited", [GH_UNAVAILABLE] = "unavailable",
	[GH_REFUSED] = "refused",     [GH_MALFORMED] = "malformed",
};

const char *gh_kind_name(enum gh_kind k)
{
	return (unsigned)k < GH_KIND__COUNT ? kind_names[k] : "?";
}

bool gh_retryable(enum gh_kind k)
{
	return k == GH_RATE_LIMITED || k == GH_UNAVAILABLE;
}

/* Does a Validation Error body carry this text (in message or
 * errors[].message), or an error of this code? */
static bool says(const json_t *body, const char *text, const char *code)
{
	const char *m = json_string_value(json_object_get(body, "message"));
	if (m && strstr(m, text))
		return true;
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(body, "errors"), i, e) {
		const char *em = json_string_value(json_object_get(e, "message"));
		const char *ec = json_string_value(json_object_get(e, "code"));
		if ((em && strstr(em, text)) || (code && ec && strcmp(ec, code) == 0))
			return true;
	}
	return false;
}

/* What a 422 (Validation Failed) is about. */
static enum gh_kind validation_kind(const json_t *body)
{
	if (says(body, "already exists", "already_exists"))
		return GH_EXISTS;
	if (says(body, "No commits between", NULL))
		return GH_NO_CHANGE;
	if (says(body, "Reference does not exist", NULL))
		return GH_NOT_FOUND;
	return GH_INVALID;
}

enum gh_kind gh_classify(long status, const json_t *body, const char *retry_after,
			 const char *ratelimit_remaining, const char *ratelimit_reset,
			 int64_t now, long *wait_seconds)
{
	long v;
	*wait_seconds = 0;
	if (status >= 200 && status < 300)
		return GH_OK;
	if (status == 0 || status >= 500)
		return GH_UNAVAILABLE;
	if (status == 403 || status == 429) {
		/* GitHub's order: retry-after first, then an exhausted quota's
		 * reset time, else exponential backoff (429 only: a 403 without
		 * rate-limit headers is a permission problem) */
		if (parse_long(retry_after, &v)) {
			*wait_seconds = v;
			return GH_RATE_LIMITED;
		}
		if (ratelimit_remaining && strcmp(ratelimit_remaining, "0") == 0) {
			if (parse_long(ratelimit_reset, &v) && v > now)
				*wait_seconds = (long)(v - now);
			return GH_RATE_LIMITED;
		}
		if (status == 429)
			return GH_RATE_LIMITED;
		return GH_REFUSED;
	}
	if (status == 404)
		return GH_NOT_FOUND;
	if (status == 409)
		return GH_CONFLICT;
	if (status == 422)
		return validation_kind(body);
	return GH_REFUSED;
}

/* GitHub's "message", plus the first "errors[].message" for 422s. */
static void describe(struct gh_response *r, const char *method, const char *path,
		     CURLcode cc)
{
	buf_reset(&r->message);
	if (r->status == 0) {
		buf_addf(&r->message, "%s %s: %s", method, path, curl_easy_strerror(cc));
		return;
	}
	buf_addf(&r->message, "%s %s: HTTP %ld", method, path, r->status);
	const char *m = json_string_value(json_object_get(r->json, "message"));
	if (m)
		buf_addf(&r->message, ": %.300s", m);
	json_t *errs = json_object_get(r->json, "errors");
	const char *e = json_string_value(json_object_get(json_array_get(errs, 0), "message"));
	if (e)
		buf_addf(&r->message, " (%.300s)", e);
	if (gh_retryable(r->kind) && r->retry_after)
		buf_addf(&r->message, "; retry in %lds", r->retry_after);
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* GitHub's secondary limits punish bursts of writes: space them out. */
static void pace_writes(struct gh_client *c)
{
	int64_t now = mono_us();
	int64_t due = c->last_write_us + (int64_t)c->write_interval_ms * 1000;
	if (c->last_write_us && now < due) {
		struct timespec ts = { (time_t)((due - now) / 1000000),
				       (long)((due - now) % 1000000) * 1000 };
		while (nanosleep(&ts, &ts) < 0)
			;
	}
	c->last_write_us = mono_us();
}

/* One request and its answer, as perform() goes. */
struct exchange {
	const char *method, *path;
	struct buf url, raw, auth;   /* auth: the token's header, wiped after */
	struct headers hdr;
	struct sink sink;
	bool get;
	char etag[128];              /* the kept answer's tag, else "" */
};

/* The transfer's fixed options: verified TLS, no redirects (a redirect
 * would carry the token elsewhere), bounded time, our sinks. */
static void set_options(struct gh_client *c, struct exchange *x)
{
	CURL *h = c->curl;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, x->url.p);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, x->method);
	curl_easy_setopt(h, CURLOPT_USERAGENT, GH_USER_AGENT);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x->sink);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x->hdr);
}

/* The request's headers.  A GET we have an answer for is asked again only
 * if changed: a 304 costs no rate limit. */
static struct curl_slist *request_headers(struct gh_client *c, struct exchange *x,
					  const char *token, bool json_body)
{
	struct curl_slist *hl = NULL;
	struct buf accept = BUF_INIT;
	buf_addf(&accept, "Accept: %s", c->accept ? c->accept : "application/vnd.github+json");
	hl = curl_slist_append(hl, accept.p);
	buf_release(&accept);
	hl = curl_slist_append(hl, "X-GitHub-Api-Version: " GH_API_VERSION);
	struct buf cond = BUF_INIT;
	if (x->get && etag_cache_tag(x->url.p, x->etag, sizeof x->etag)) {
		buf_addf(&cond, "If-None-Match: %s", x->etag);
		hl = curl_slist_append(hl, cond.p);
	}
	buf_release(&cond);
	if (token) {
		buf_addf(&x->auth, "Authorization: Bearer %s", token);
		hl = curl_slist_append(hl, x->auth.p);
	}
	if (json_body)
		hl = curl_slist_append(hl, "Content-Type: application/json");
	return hl;
}

/* What came back, as out: a 304 answered from the kept body, a fresh 200
 * kept for next time, then its kind, message and the counters. */
static void read_answer(struct gh_client *c, struct exchange *x, CURLcode cc,
			struct gh_response *out)
{
	struct headers *hdr = &x->hdr;
	if (cc == CURLE_OK)
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (cc == CURLE_WRITE_ERROR && x->sink.too_big)
		out->status = 0;
	if (out->status == 304 && *x->etag &&
	    etag_cache_body(x->url.p, x->etag, &x->raw, hdr->link[0] ? NULL : hdr->link,
			    hdr->link[0] ? 0 : sizeof hdr->link)) {
		out->status = 200;
		out->not_modified = true;
	} else if (x->get && out->status == 200 && !x->sink.too_big) {
		etag_cache_put(x->url.p, hdr->etag, hdr->link, x->raw.p, x->raw.len);
	}
	if (x->raw.len)
		out->json = json_loadb(x->raw.p, x->raw.len, 0, NULL);
	out->kind = gh_classify(out->status, out->json, hdr->retry_after, hdr->remaining,
				hdr->reset, (int64_t)time(NULL), &out->retry_after);
	if (out->status == 304) {
		/* a 304 whose kept answer went meanwhile: ask again, in full */
		out->kind = GH_UNAVAILABLE;
		out->retry_after = 0;
	}
	describe(out, x->method, x->path, cc);
	out->next = gh_link_next(hdr->link, c->api_url);
	atomic_fetch_add(out->kind == GH_OK ? &calls_ok : gh_retryable(out->kind) ? &calls_retry
										  : &calls_final,
			 1);
	long left;
	if (parse_long(hdr->remaining, &left))
		atomic_store(&last_remaining, left);
	if (x->sink.too_big)
		buf_adds(&out->message, " (response too large)");
}

static int perform(struct gh_client *c, const char *method, const char *path,
		   json_t *body, const char *token, struct gh_response *out)
{
	memset(out, 0, sizeof *out);
	buf_init(&out->message);
	struct exchange x = {
		.method = method, .path = path,
		.url = BUF_INIT, .raw = BUF_INIT, .auth = BUF_INIT,
		.get = strcmp(method, "GET") == 0,
	};
	x.sink = (struct sink){ &x.raw, false };
	char *payload = body ? json_dumps(body, JSON_COMPACT) : NULL;

	buf_addf(&x.url, "%s%s", c->api_url, path);
	set_options(c, &x);
	struct curl_slist *hl = request_headers(c, &x, token, payload != NULL);
	if (payload) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, payload);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hl);
	CURLcode cc = curl_easy_perform(c->curl);
	read_answer(c, &x, cc, out);

	curl_slist_free_all(hl);
	if (x.auth.len)
		sodium_memzero(x.auth.p, x.auth.len);
	buf_release(&x.auth);
	buf_release(&x.url);
	buf_release(&x.raw);
	free(payload);
	return out->kind == GH_OK ? 0 : -1;
}

int gh_request(struct gh_client *c, const char *method, const char *path,
	       json_t *body, struct gh_response *out)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		pace_writes(c);
	if (!c->app)
		return perform(c, method, path, body, c->token, out);
	struct buf token = BUF_INIT, refused = BUF_INIT, err = BUF_INIT;
	int retry = 0, rc = -1;
	for (int attempt = 0; attempt < 2; attempt++) {
		buf_reset(&refused);
		buf_adds(&refused, token.p ? token.p : "");
		buf_reset(&token);
		if (gh_app_token(c->app, attempt ? refused.p : NULL, &token, &retry, &err) < 0) {
			memset(out, 0, sizeof *out);
			buf_init(&out->message);
			out->kind = retry ? GH_UNAVAILABLE : GH_REFUSED;
			buf_addf(&out->message, "%s %s: %s", method, path, err.p);
			break;
		}
		rc = perform(c, method, path, body, token.p, out);
		/* revoked or expired early: once more with a new token */
		if (out->status != 401 || attempt)
			break;
		gh_response_free(out);
		buf_reset(&err);
	}
	sodium_memzero(token.p, token.len);
	sodium_memzero(refused.p, refused.len);
	buf_release(&token);
	buf_release(&refused);
	buf_release(&err);
	return rc;
}

int gh_base64_decode(const char *in, size_t len, struct buf *out)
{
	size_t cap = len / 4 * 3 + 3;
	buf_grow(out, cap);
	size_t bin_len = 0;
	const char *end = NULL;
	if (sodium_base642bin((unsigned char *)out->p + out->len, cap, in, len,
			      "\n\r ", &bin_len, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    (end && end != in + len))
		return -1;
	out->len += bin_len;
	out->p[out->len] = '\0';
	return 0;
}

void gh_base64_encode(const void *in, size_t len, struct buf *out)
{
	size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	buf_grow(out, n);
	sodium_bin2base64(out->p + out->len, n, in, len, sodium_base64_VARIANT_ORIGINAL);
	out->len += n - 1;
}
