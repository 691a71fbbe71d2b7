/* standin.c: the GitHub stand-in's state, plumbing and test controls */
#include "standin/standin_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"


static const char *const fault_names[FAULT__COUNT] = {
	[FAULT_NONE] = "none",
	[FAULT_500] = "500",
	[FAULT_502_AFTER] = "502-after-work",
	[FAULT_STALL] = "stall",
	[FAULT_STALL_AFTER] = "stall-after-work",
	[FAULT_DROP] = "drop",
	[FAULT_DROP_AFTER] = "drop-after-work",
	[FAULT_RATE_LIMIT] = "rate-limit",
	[FAULT_SECONDARY] = "secondary-rate-limit",
	[FAULT_401] = "401",
};

const char *standin_fault_name(enum standin_fault f)
{
	return f < FAULT__COUNT ? fault_names[f] : "?";
}

void si_error(struct resp *rs, int status, const char *message)
{
	char st[8];
	snprintf(st, sizeof st, "%d", status);
	resp_json(rs, status, json_pack("{s:s,s:s,s:s}", "message", message,
					"documentation_url", DOCS_URL, "status", st));
}

void si_invalid(struct resp *rs, const char *resource, const char *field,
		const char *code, const char *message)
{
	json_t *e = json_pack("{s:s,s:s}", "resource", resource, "code", code);
	if (field)
		json_object_set_new(e, "field", json_string(field));
	if (message)
		json_object_set_new(e, "message", json_string(message));
	resp_json(rs, 422, json_pack("{s:s,s:[o],s:s,s:s}", "message", "Validation Failed",
				     "errors", e, "documentation_url", DOCS_URL,
				     "status", "422"));
}

/* ---- the request log and faults ---- */

static size_t log_add(struct standin *s, struct req *r, const char *op)
{
	if (s->n_log == s->cap_log) {
		s->cap_log = s->cap_log ? s->cap_log * 2 : 64;
		s->log = xrealloc(s->log, s->cap_log * sizeof *s->log);
	}
	struct standin_request *e = &s->log[s->n_log];
	memset(e, 0, sizeof *e);
	snprintf(e->op, sizeof e->op, "%s", op);
	snprintf(e->method, sizeof e->method, "%s", req_method(r));
	struct buf p = BUF_INIT;
	buf_adds(&p, req_path(r));
	static const char *const keys[] = { "ref", "head", "base", "state", "per_page" };
	char sep = '?';
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = req_query(r, keys[i]);
		if (v) {
			buf_addf(&p, "%c%s=%s", sep, keys[i], v);
			sep = '&';
		}
	}
	e->path = buf_detach(&p, NULL);
	size_t n = 0;
	const char *b = req_body(r, &n);
	if (b && n)
		e->body = xstrndup(b, n);
	return s->n_log++;
}

static enum standin_fault fault_take(struct standin *s, const char *op)
{
	for (size_t i = 0; i < s->n_faults; i++) {
		struct si_fault *f = &s->faults[i];
		if (strcmp(f->op, op) != 0 || f->countdown <= 0)
			continue;
		if (--f->countdown == 0) {
			enum standin_fault k = f->fault;
			s->faults[i] = s->faults[--s->n_faults];
			return k;
		}
	}
	return FAULT_NONE;
}

static void rate_limited(struct standin *s, struct resp *rs, enum standin_fault f)
{
	(void)s;
	if (f == FAULT_SECONDARY) {
		si_error(rs, 429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
		resp_header(rs, "retry-after", "1");
		return;
	}
	char reset[24];
	snprintf(reset, sizeof reset, "%lld", (long long)time(NULL) + 1);
	si_error(rs, 403, "API rate limit exceeded for installation.");
	resp_header(rs, "x-ratelimit-limit", "5000");
	resp_header(rs, "x-ratelimit-remaining", "0");
	resp_header(rs, "x-ratelimit-reset", reset);
}

static void set_status(struct standin *s, size_t i, int status)
{
	pthread_mutex_lock(&s->mu);
	s->log[i].status = status;
	pthread_mutex_unlock(&s->mu);
}

static void run_hook(struct standin *s, size_t i)
{
	struct standin_request copy;
	if (!s->hook || standin_request_get(s, i, &copy) < 0)
		return;
	s->hook(&copy, s->hook_arg);
	standin_request_free(&copy);
}

void standin_hang(struct standin *s, bool on)
{
	atomic_store(&s->hang, on);
}

void standin_delay(struct standin *s, unsigned ms)
{
	atomic_store(&s->delay_ms, ms);
}

int si_begin(struct req *r, struct resp *rs, const char *op, struct si_call *c)
{
	return si_begin_ex(r, rs, op, SI_CHECK_TOKEN | SI_CHECK_REPO, c);
}

int si_begin_ex(struct req *r, struct resp *rs, const char *op, unsigned checks,
		struct si_call *c)
{
	struct standin *s = req_app(r);
	/* a GitHub that accepts the connection and never answers; bounded so
	 * that a test that forgets to let go cannot hang forever */
	for (int i = 0; i < 6000 && atomic_load(&s->hang); i++)
		usleep(20 * 1000);
	unsigned delay = atomic_load(&s->delay_ms);
	if (delay)
		usleep(delay * 1000u);
	memset(c, 0, sizeof *c);
	c->s = s;
	pthread_mutex_lock(&s->mu);
	c->log_index = log_add(s, r, op);
	pthread_mutex_unlock(&s->mu);

	const char *ua = req_header(r, "User-Agent");
	const char *auth = req_header(r, "Authorization");
	const char *ver = req_header(r, "X-GitHub-Api-Version");
	const char *owner = req_param(r, 0), *repo = req_param(r, 1);
	char want_bearer[256], want_token[256];
	snprintf(want_bearer, sizeof want_bearer, "Bearer %s", s->token);
	snprintf(want_token, sizeof want_token, "token %s", s->token);
	if (!ua || !*ua) {
		si_error(rs, 403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.");
	} else if ((checks & SI_CHECK_TOKEN) && !auth) {
		si_error(rs, 401, "Requires authentication");
	} else if ((checks & SI_CHECK_TOKEN) && strcmp(auth, want_bearer) != 0 &&
		   strcmp(auth, want_token) != 0 && !si_installation_token_ok(s, auth)) {
		si_error(rs, 401, "Bad credentials");
	} else if (ver && strcmp(ver, "2022-11-28") != 0 && strcmp(ver, "2026-03-10") != 0) {
		si_error(rs, 400, "Invalid API version.");
	} else if ((checks & SI_CHECK_REPO) &&
		   (!owner || !repo || strcasecmp(owner, s->owner) != 0 ||
		    strcasecmp(repo, s->repo) != 0)) {
		si_error(rs, 404, "Not Found");
	} else {
		si_schema_check(s, r, rs, op);
	}
	if (rs->status) {
		set_status(s, c->log_index, rs->status);
		return -1;
	}

	pthread_mutex_lock(&s->mu);
	c->fault = fault_take(s, op);
	pthread_mutex_unlock(&s->mu);
	switch (c->fault) {
	case FAULT_500:
		si_error(rs, 500, "Server Error");
		break;
	case FAULT_STALL:
		usleep(s->o.stall_ms * 1000u);
		si_error(rs, 502, "Server Error");
		break;
	case FAULT_DROP:
		rs->hang_up = true;
		break;
	case FAULT_RATE_LIMIT:
	case FAULT_SECONDARY:
		rate_limited(s, rs, c->fault);
		break;
	case FAULT_401:
		si_error(rs, 401, "Bad credentials");
		break;
	default:
		return 0;
	}
	set_status(s, c->log_index, rs->hang_up ? 0 : rs->status);
	run_hook(s, c->log_index);
	return -1;
}

/* GitHub's conditional GETs: every 200 carries an ETag (a hash of what
 * was sent), and If-None-Match with it is a 304 with no body, which the
 * log shows as such (a 304 costs no rate limit). */
static void conditional(struct req *r, struct resp *rs)
{
	if (strcmp(req_method(r), "GET") != 0 || rs->status != 200 || rs->hang_up)
		return;
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)rs->body.p, rs->body.len, NULL, 0);
	char hex[33], etag[40];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	const char *want = req_header(r, "If-None-Match");
	if (want && strcmp(want, etag) == 0) {
		resp_reset(rs);
		rs->status = 304;
	}
	resp_header(rs, "ETag", etag);
}

int si_end(struct req *r, struct resp *rs, struct si_call *c)
{
	struct standin *s = c->s;
	switch (c->fault) {
	case FAULT_502_AFTER:
		resp_reset(rs);
		si_error(rs, 502, "Server Error");
		break;
	case FAULT_STALL_AFTER:
		usleep(s->o.stall_ms * 1000u);
		break;
	case FAULT_DROP_AFTER:
		rs->hang_up = true;
		break;
	default:
		break;
	}
	conditional(r, rs);
	set_status(s, c->log_index, rs->hang_up ? 0 : rs->status);
	run_hook(s, c->log_index);
	return 0;
}

/* ---- repository lookups (callers hold s->mu) ---- */

struct si_ref *si_ref_find(struct standin *s, const char *name)
{
	for (size_t i = 0; i < s->n_refs; i++)
		if (strcmp(s->refs[i].name, name) == 0)
			return &s->refs[i];
	return NULL;
}

void si_ref_set(struct standin *s, const char *name, const char *sha)
{
	struct si_ref *ref = si_ref_find(s, name);
	if (!ref) {
		if (s->n_refs == s->cap_refs) {
			s->cap_refs = s->cap_refs ? s->cap_refs * 2 : 8;
			s->refs = xrealloc(s->refs, s->cap_refs * sizeof *s->refs);
		}
		ref = &s->refs[s->n_refs++];
		ref->name = xstrdup(name);
	}
	memcpy(ref->sha, sha, GIT_SHA_HEX);
}

bool si_resolve(struct standin *s, const char *ref, char sha[GIT_SHA_HEX])
{
	const struct git_object *o = git_get(&s->g, ref);
	if (o && strcmp(o->type, "commit") == 0) {
		memcpy(sha, o->sha, GIT_SHA_HEX);
		return true;
	}
	char full[512];
	if (strncmp(ref, "refs/", 5) == 0)
		snprintf(full, sizeof full, "%s", ref);
	else
		snprintf(full, sizeof full, "refs/heads/%s", ref);
	struct si_ref *r = si_ref_find(s, full);
	if (!r)
		return false;
	memcpy(sha, r->sha, GIT_SHA_HEX);
	return true;
}

struct si_pull *si_pull_find(struct standin *s, int number)
{
	for (size_t i = 0; i < s->n_pulls; i++)
		if (s->pulls[i].number == number)
			return &s->pulls[i];
	return NULL;
}

bool si_pull_head(struct standin *s, const struct si_pull *p, char sha[GIT_SHA_HEX])
{
	if (!p->open) {
		memcpy(sha, p->head_sha_closed, GIT_SHA_HEX);
		return true;
	}
	return si_resolve(s, p->head, sha);
}

/* ---- merging ---- */

struct flat {
	char **path;
	char (*sha)[GIT_SHA_HEX];
	size_t n, cap;
};

struct flat_walk {
	const struct git_store *g;
	struct flat *f;
	const char *prefix;
};

static void flat_entry(const char *mode, const char *name, const char *sha, void *arg)
{
	struct flat_walk *w = arg;
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s%s%s", w->prefix, *w->prefix ? "/" : "", name);
	if (strcmp(mode, "40000") == 0) {
		struct flat_walk sub = { w->g, w->f, p.p };
		git_tree_each(w->g, sha, flat_entry, &sub);
		buf_release(&p);
		return;
	}
	struct flat *f = w->f;
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->path = xrealloc(f->path, f->cap * sizeof *f->path);
		f->sha = xrealloc(f->sha, f->cap * sizeof *f->sha);
	}
	f->path[f->n] = buf_detach(&p, NULL);
	memcpy(f->sha[f->n++], sha, GIT_SHA_HEX);
}

static void flat_of_commit(struct standin *s, const char *commit, struct flat *f)
{
	memset(f, 0, sizeof *f);
	struct git_commit_info ci;
	if (git_commit_read(&s->g, commit, &ci) < 0)
		return;
	struct flat_walk w = { &s->g, f, "" };
	git_tree_each(&s->g, ci.tree, flat_entry, &w);
}

static const char *flat_get(const struct flat *f, const char *path)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->path[i], path) == 0)
			return f->sha[i];
	return NULL;
}

static void flat_free(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->path[i]);
	free(f->path);
	free(f->sha);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The first commit on head's first-parent line that base also reaches. */
static bool merge_base(struct standin *s, const char *head, const char *base,
		       char out[GIT_SHA_HEX])
{
	char cur[GIT_SHA_HEX];
	memcpy(cur, head, GIT_SHA_HEX);
	for (int depth = 0; depth < 10000; depth++) {
		if (git_is_ancestor(&s->g, cur, base)) {
			memcpy(out, cur, GIT_SHA_HEX);
			return true;
		}
		struct git_commit_info ci;
		if (git_commit_read(&s->g, cur, &ci) < 0 || ci.n_parents == 0)
			return false;
		memcpy(cur, ci.parents[0], GIT_SHA_HEX);
	}
	return false;
}

/* A three-way merge at file level: the result tree, or false on conflict. */
static bool merge_trees(struct standin *s, const char *head, const char *base,
			char tree[GIT_SHA_HEX])
{
	char mb[GIT_SHA_HEX];
	if (!merge_base(s, head, base, mb))
		return false;
	struct flat fm, fh, fb;
	flat_of_commit(s, mb, &fm);
	flat_of_commit(s, head, &fh);
	flat_of_commit(s, base, &fb);
	bool ok = true;
	size_t n = 0;
	struct git_tree_change *ch = xcalloc(fh.n + fm.n + 1, sizeof *ch);
	for (size_t pass = 0; pass < 2 && ok; pass++) {
		const struct flat *src = pass == 0 ? &fh : &fm;
		for (size_t i = 0; i < src->n && ok; i++) {
			const char *path = src->path[i];
			if (pass == 1 && flat_get(&fh, path))
				continue;
			const char *m = flat_get(&fm, path), *h = flat_get(&fh, path),
				   *b = flat_get(&fb, path);
			if (same(m, h))
				continue;
			if (!same(b, m) && !same(b, h)) {
				ok = false;
				break;
			}
			ch[n].path = path;
			ch[n].sha = h;
			n++;
		}
	}
	if (ok) {
		struct git_commit_info bi;
		struct buf err = BUF_INIT;
		ok = git_commit_read(&s->g, base, &bi) == 0 &&
		     git_tree_apply(&s->g, bi.tree, ch, n, tree, &err) == 0;
		buf_release(&err);
	}
	free(ch);
	flat_free(&fm);
	flat_free(&fh);
	flat_free(&fb);
	return ok;
}

bool si_pull_mergeable(struct standin *s, const struct si_pull *p)
{
	char head[GIT_SHA_HEX], base[GIT_SHA_HEX], tree[GIT_SHA_HEX];
	if (!p->open || !si_pull_head(s, p, head) || !si_resolve(s, p->base, base))
		return false;
	return merge_trees(s, head, base, tree);
}

int standin_merge(struct standin *s, int number, struct buf *err)
{
	pthread_mutex_lock(&s->mu);
	struct si_pull *p = si_pull_find(s, number);
	char head[GIT_SHA_HEX], base[GIT_SHA_HEX], tree[GIT_SHA_HEX];
	if (!p || !p->open) {
		pthread_mutex_unlock(&s->mu);
		buf_adds(err, "Pull Request is not mergeable");
		return -1;
	}
	if (!si_pull_head(s, p, head) || !si_resolve(s, p->base, base) ||
	    !merge_trees(s, head, base, tree)) {
		pthread_mutex_unlock(&s->mu);
		buf_adds(err, "Merge conflict");
		return -1;
	}
	struct git_commit_info ci = { .n_parents = 2, .author_time = time(NULL) };
	memcpy(ci.tree, tree, GIT_SHA_HEX);
	memcpy(ci.parents[0], base, GIT_SHA_HEX);
	memcpy(ci.parents[1], head, GIT_SHA_HEX);
	snprintf(ci.author_name, sizeof ci.author_name, "GitHub");
	snprintf(ci.author_email, sizeof ci.author_email, "noreply@github.com");
	snprintf(ci.message, sizeof ci.message, "Merge pull request #%d from %s/%s\n\n%s",
		 p->number, s->owner, p->head, p->title);
	char merge[GIT_SHA_HEX];
	git_commit_make(&s->g, &ci, merge);
	char full[512];
	snprintf(full, sizeof full, "refs/heads/%s", p->base);
	si_ref_set(s, full, merge);
	p->open = false;
	p->merged = true;
	p->closed = time(NULL);
	memcpy(p->head_sha_closed, head, GIT_SHA_HEX);
	memcpy(p->merge_sha, merge, GIT_SHA_HEX);
	json_t *pj = si_pull_json(s, p);
	pthread_mutex_unlock(&s->mu);
	si_hook_push(s, full, base, merge);
	si_hook_pull(s, pj, "closed");
	json_decref(pj);
	return 0;
}

int standin_close(struct standin *s, int number)
{
	pthread_mutex_lock(&s->mu);
	struct si_pull *p = si_pull_find(s, number);
	if (!p || !p->open) {
		pthread_mutex_unlock(&s->mu);
		return -1;
	}
	si_pull_head(s, p, p->head_sha_closed);
	p->open = false;
	p->closed = time(NULL);
	json_t *pj = si_pull_json(s, p);
	pthread_mutex_unlock(&s->mu);
	si_hook_pull(s, pj, "closed");
	json_decref(pj);
	return 0;
}

/* ---- test controls ---- */

void standin_set_webhook(struct standin *s, const char *url, const char *secret)
{
	pthread_mutex_lock(&s->mu);
	free(s->webhook_url);
	free(s->webhook_secret);
	s->webhook_url = url ? xstrdup(url) : NULL;
	s->webhook_secret = secret ? xstrdup(secret) : NULL;
	pthread_mutex_unlock(&s->mu);
}

void standin_commit(struct standin *s, const char *branch, const char *message,
		    const char *path, const char *content)
{
	pthread_mutex_lock(&s->mu);
	char full[512], parent[GIT_SHA_HEX] = "", before[GIT_SHA_HEX];
	snprintf(full, sizeof full, "refs/heads/%s", branch);
	struct git_commit_info ci = { .author_time = time(NULL) };
	struct git_commit_info pi;
	struct si_ref *ref = si_ref_find(s, full);
	if (ref && git_commit_read(&s->g, ref->sha, &pi) == 0) {
		memcpy(parent, ref->sha, GIT_SHA_HEX);
		memcpy(ci.parents[0], parent, GIT_SHA_HEX);
		ci.n_parents = 1;
	}
	memcpy(before, *parent ? parent : "0000000000000000000000000000000000000000",
	       GIT_SHA_HEX);
	struct git_tree_change ch = { .path = path, .content = content,
				      .content_len = content ? strlen(content) : 0 };
	struct buf err = BUF_INIT;
	if (git_tree_apply(&s->g, *parent ? pi.tree : NULL, &ch, 1, ci.tree, &err) < 0)
		abort();
	buf_release(&err);
	snprintf(ci.author_name, sizeof ci.author_name, "A Maintainer");
	snprintf(ci.author_email, sizeof ci.author_email, "maintainer@example.org");
	snprintf(ci.message, sizeof ci.message, "%s", message);
	char sha[GIT_SHA_HEX];
	git_commit_make(&s->g, &ci, sha);
	si_ref_set(s, full, sha);
	pthread_mutex_unlock(&s->mu);
	si_hook_push(s, full, before, sha);
}

char *standin_file(struct standin *s, const char *branch, const char *path)
{
	pthread_mutex_lock(&s->mu);
	char *out = NULL, head[GIT_SHA_HEX], type[8], sha[GIT_SHA_HEX];
	struct git_commit_info ci;
	if (si_resolve(s, branch, head) && git_commit_read(&s->g, head, &ci) == 0 &&
	    git_tree_lookup(&s->g, ci.tree, path, type, sha) == 1 &&
	    strcmp(type, "blob") == 0) {
		const struct git_object *o = git_get(&s->g, sha);
		out = xstrndup((const char *)o->data, o->len);
	}
	pthread_mutex_unlock(&s->mu);
	return out;
}

bool standin_branch_head(struct standin *s, const char *branch, char sha[41])
{
	pthread_mutex_lock(&s->mu);
	bool ok = si_resolve(s, branch, sha);
	pthread_mutex_unlock(&s->mu);
	return ok;
}

void standin_fault(struct standin *s, const char *op, int nth,
		   enum standin_fault fault)
{
	pthread_mutex_lock(&s->mu);
	if (s->n_faults == s->cap_faults) {
		s->cap_faults = s->cap_faults ? s->cap_faults * 2 : 8;
		s->faults = xrealloc(s->faults, s->cap_faults * sizeof *s->faults);
	}
	struct si_fault *f = &s->faults[s->n_faults++];
	snprintf(f->op, sizeof f->op, "%s", op);
	f->countdown = nth;
	f->fault = fault;
	pthread_mutex_unlock(&s->mu);
}

void standin_clear_faults(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	s->n_faults = 0;
	pthread_mutex_unlock(&s->mu);
}

size_t standin_pull_count(struct standin *s, const char *branch)
{
	pthread_mutex_lock(&s->mu);
	size_t n = 0;
	for (size_t i = 0; i < s->n_pulls; i++)
		n += strcmp(s->pulls[i].head, branch) == 0;
	pthread_mutex_unlock(&s->mu);
	return n;
}

size_t standin_pulls_total(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->n_pulls;
	pthread_mutex_unlock(&s->mu);
	return n;
}

size_t standin_request_count(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->n_log;
	pthread_mutex_unlock(&s->mu);
	return n;
}

int standin_request_get(struct standin *s, size_t i, struct standin_request *out)
{
	pthread_mutex_lock(&s->mu);
	if (i >= s->n_log) {
		pthread_mutex_unlock(&s->mu);
		return -1;
	}
	*out = s->log[i];
	out->path = xstrdup(s->log[i].path);
	out->body = s->log[i].body ? xstrdup(s->log[i].body) : NULL;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

void standin_request_free(struct standin_request *r)
{
	free(r->path);
	free(r->body);
	r->path = r->body = NULL;
}

void standin_log_clear(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->n_log; i++)
		standin_request_free(&s->log[i]);
	s->n_log = 0;
	pthread_mutex_unlock(&s->mu);
}

void standin_on_request(struct standin *s,
			void (*fn)(const struct standin_request *r, void *arg),
			void *arg)
{
	pthread_mutex_lock(&s->mu);
	s->hook = fn;
	s->hook_arg = arg;
	pthread_mutex_unlock(&s->mu);
}

/* ---- lifecycle ---- */

struct standin *standin_start(const struct standin_opts *o, struct buf *err)
{
	struct standin *s = xcalloc(1, sizeof *s);
	s->o = *o;
	s->owner = xstrdup(o->owner);
	s->repo = xstrdup(o->repo);
	s->token = xstrdup(o->token);
	s->webhook_url = o->webhook_url ? xstrdup(o->webhook_url) : NULL;
	s->webhook_secret = o->webhook_secret ? xstrdup(o->webhook_secret) : NULL;
	s->next_number = 1;
	pthread_mutex_init(&s->mu, NULL);
	git_store_init(&s->g);
	s->ops = si_schema_load(err);
	if (!s->ops) {
		standin_stop(s);
		return NULL;
	}
	struct http_server_opts ho = {
		.host = "127.0.0.1", .port = o->port, .threads = 4,
		.max_connections = 64, .connection_timeout = 30,
		.routes = standin_routes, .n_routes = standin_routes_count, .app = s,
	};
	s->http = http_server_start(&ho, err);
	if (!s->http) {
		standin_stop(s);
		return NULL;
	}
	s->port = http_server_port(s->http);
	snprintf(s->api, sizeof s->api, "http://127.0.0.1:%u", s->port);
	return s;
}

uint16_t standin_port(const struct standin *s)
{
	return s->port;
}

void standin_stop(struct standin *s)
{
	if (!s)
		return;
	atomic_store(&s->hang, false);
	if (s->http)
		http_server_stop(s->http, 2);
	standin_log_clear(s);
	free(s->log);
	for (size_t i = 0; i < s->n_refs; i++)
		free(s->refs[i].name);
	free(s->refs);
	for (size_t i = 0; i < s->n_pulls; i++) {
		free(s->pulls[i].title);
		free(s->pulls[i].body);
		free(s->pulls[i].head);
		free(s->pulls[i].base);
	}
	free(s->pulls);
	free(s->faults);
	git_store_free(&s->g);
	pthread_mutex_destroy(&s->mu);
	free(s->owner);
	free(s->repo);
	free(s->token);
	free(s->webhook_url);
	free(s->webhook_secret);
	si_identity_free(s->id);
	si_threads_free(s->threads);
	si_org_free(s->org);
	json_decref(s->ops);
	free(s);
}
