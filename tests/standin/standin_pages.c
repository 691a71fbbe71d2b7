/* standin_pages.c: just enough of github.com's pages for `make demo`: the
 * list of pull requests, one pull request with its added lines, and the
 * merge button; and the stand-in's own controls (/_standin/...) for the
 * tests that run it as a process. */
#include "standin/standin_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown/escape.h"

static void page_start(struct buf *b, const char *title)
{
	buf_adds(b, "<!doctype html><meta charset=utf-8><title>");
	html_txt(b, title);
	buf_adds(b, "</title><style>body{font:15px system-ui;max-width:60rem;margin:2rem auto;"
		    "padding:0 1rem}pre{background:#f6f8fa;padding:1rem;white-space:pre-wrap;"
		    "overflow-wrap:anywhere;max-height:40rem;overflow:auto}.add{background:#e6ffec}"
		    "button{font:inherit;padding:.5rem 1rem;background:#1f883d;color:#fff;border:0;"
		    "border-radius:6px}button[disabled]{background:#8c959f}"
		    "</style><p><em>GitHub stand-in (local demo)</em></p>");
}

int si_page_index(struct req *r, struct resp *rs)
{
	struct standin *s = req_app(r);
	struct buf b = BUF_INIT;
	page_start(&b, "Pull requests");
	buf_adds(&b, "<h1>Pull requests of ");
	html_txt(&b, s->owner);
	buf_addc(&b, '/');
	html_txt(&b, s->repo);
	buf_adds(&b, "</h1><ul>");
	pthread_mutex_lock(&s->mu);
	for (size_t i = s->n_pulls; i-- > 0;) {
		const struct si_pull *p = &s->pulls[i];
		buf_addf(&b, "<li><a href=\"/%s/%s/pull/%d\">#%d ", s->owner, s->repo, p->number,
			 p->number);
		html_txt(&b, p->title);
		buf_addf(&b, "</a> — %s</li>", p->merged ? "merged" : p->open ? "open" : "closed");
	}
	pthread_mutex_unlock(&s->mu);
	buf_adds(&b, "</ul>");
	resp_header(rs, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
						   "form-action 'self'");
	resp_bytes(rs, 200, "text/html; charset=utf-8", b.p, b.len);
	buf_release(&b);
	return 0;
}

static char *blob_at(struct standin *s, const char *commit, const char *path)
{
	struct git_commit_info ci;
	char type[8], sha[GIT_SHA_HEX];
	if (git_commit_read(&s->g, commit, &ci) < 0 ||
	    git_tree_lookup(&s->g, ci.tree, path, type, sha) != 1)
		return NULL;
	const struct git_object *o = git_get(&s->g, sha);
	return o ? strndup((const char *)o->data, o->len) : NULL;
}

/* Lines of `now` that `before` does not have, marked as added. */
static void added_lines(struct buf *b, const char *before, const char *now)
{
	buf_adds(b, "<pre>");
	const char *p = now;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		bool old = false;
		for (const char *q = before; q && *q && !old;) {
			const char *qn = strchr(q, '\n');
			size_t ql = qn ? (size_t)(qn - q) : strlen(q);
			old = ql == len && memcmp(q, p, len) == 0;
			q = qn ? qn + 1 : q + ql;
		}
		buf_adds(b, old ? "<span>  " : "<span class=add>+ ");
		html_escape(b, p, len);
		buf_adds(b, "</span>\n");
		p = nl ? nl + 1 : p + len;
	}
	buf_adds(b, "</pre>");
}

int si_page_pull(struct req *r, struct resp *rs)
{
	struct standin *s = req_app(r);
	int n = atoi(req_param(r, 2));
	struct buf b = BUF_INIT;
	pthread_mutex_lock(&s->mu);
	struct si_pull *p = si_pull_find(s, n);
	if (!p) {
		pthread_mutex_unlock(&s->mu);
		resp_bytes(rs, 404, "text/plain; charset=utf-8", "no such pull request\n", 21);
		return 0;
	}
	page_start(&b, p->title);
	buf_adds(&b, "<h1>");
	html_txt(&b, p->title);
	buf_addf(&b, " #%d</h1><p>%s: <code>", p->number,
		 p->merged ? "Merged" : p->open ? "Open" : "Closed");
	html_txt(&b, p->head);
	buf_adds(&b, "</code> → <code>");
	html_txt(&b, p->base);
	buf_adds(&b, "</code></p>");
	if (p->open) {
		bool ok = si_pull_mergeable(s, p);
		buf_addf(&b, "<form method=post action=\"/%s/%s/pull/%d/merge\">"
			     "<button %s>Merge pull request</button> %s</form>",
			 s->owner, s->repo, p->number, ok ? "" : "disabled",
			 ok ? "" : "This branch has conflicts that must be resolved.");
	}
	buf_adds(&b, "<pre>");
	html_txt(&b, p->body);
	buf_adds(&b, "</pre>");
	char head[GIT_SHA_HEX];
	struct git_commit_info ci;
	if (si_pull_head(s, p, head) && git_commit_read(&s->g, head, &ci) == 0 && ci.n_parents) {
		/* the pull request's commits change one draft file */
		const char *path = strstr(p->body ? p->body : "", "File: `");
		char file[512] = "";
		if (path)
			sscanf(path + 7, "%511[^`]", file);
		char *before = *file ? blob_at(s, ci.parents[0], file) : NULL;
		char *now = *file ? blob_at(s, head, file) : NULL;
		if (now) {
			buf_adds(&b, "<h2>");
			html_txt(&b, file);
			buf_adds(&b, "</h2>");
			added_lines(&b, before, now);
		}
		free(before);
		free(now);
	}
	pthread_mutex_unlock(&s->mu);
	resp_header(rs, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
						   "form-action 'self'");
	resp_bytes(rs, 200, "text/html; charset=utf-8", b.p, b.len);
	buf_release(&b);
	return 0;
}

int si_page_merge(struct req *r, struct resp *rs)
{
	struct standin *s = req_app(r);
	int n = atoi(req_param(r, 2));
	struct buf err = BUF_INIT;
	if (standin_merge(s, n, &err) < 0) {
		resp_bytes(rs, 409, "text/plain; charset=utf-8", err.p, err.len);
		buf_release(&err);
		return 0;
	}
	char loc[300];
	snprintf(loc, sizeof loc, "/%s/%s/pull/%d", s->owner, s->repo, n);
	resp_redirect(rs, 303, loc);
	return 0;
}

/* GET /_standin/requests: the API requests so far, for `make bench` to
 * count what a pull request costs (a 304 is listed with its status). */
int si_page_requests(struct req *r, struct resp *rs)
{
	struct standin *s = req_app(r);
	json_t *list = json_array();
	for (size_t i = 0; i < standin_request_count(s); i++) {
		struct standin_request q;
		if (standin_request_get(s, i, &q) < 0)
			break;
		json_array_append_new(list, json_pack("{s:s,s:s,s:i}", "op", q.op, "path",
						      q.path ? q.path : "", "status", q.status));
		standin_request_free(&q);
	}
	resp_json(rs, 200, json_pack("{s:o}", "requests", list));
	return 0;
}

/* GitHub's reaction rollup {"+1":N,…} of the JSON j into counts. */
static void reactions_of(const json_t *j, int64_t counts[STANDIN_REACTIONS])
{
	static const char *const names[STANDIN_REACTIONS] = { "+1", "-1", "laugh", "hooray",
							      "confused", "heart", "rocket", "eyes" };
	for (int i = 0; i < STANDIN_REACTIONS; i++)
		counts[i] = json_integer_value(json_object_get(json_object_get(j, "reactions"),
							       names[i]));
}

/* POST /_standin/issues {"title","body","reactions"?,"comments":[{"login","id","body",
 * "reactions"?}]}: an issue with its comments (and their reactions, {"+1":N,…}), as
 * utterances leaves them, for a test or the demo that drives the stand-in as
 * its own process (tests/hostile/load.py, scripts/demo.sh): 201 {"number"}. */
int si_page_add_issue(struct req *r, struct resp *rs)
{
	struct standin *s = req_app(r);
	size_t len = 0;
	const char *body = req_body(r, &len);
	json_t *j = json_loadb(body ? body : "", len, 0, NULL);
	const char *title = json_string_value(json_object_get(j, "title"));
	const char *text = json_string_value(json_object_get(j, "body"));
	if (!title || !text) {
		json_decref(j);
		si_error(rs, 422, "title and body are required");
		return 0;
	}
	int n = standin_issue(s, title, text, false, NULL);
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(j, "comments"), i, c) {
		const char *login = json_string_value(json_object_get(c, "login"));
		const char *said = json_string_value(json_object_get(c, "body"));
		int64_t id = json_integer_value(json_object_get(c, "id"));
		int64_t made = standin_thread_comment(s, n, false, 0, login, id, said ? said : "",
						      now, now, NULL);
		int64_t counts[STANDIN_REACTIONS];
		reactions_of(c, counts);
		standin_reactions(s, n, false, made, counts);
	}
	int64_t counts[STANDIN_REACTIONS];
	reactions_of(j, counts);
	standin_reactions(s, n, false, 0, counts);
	json_decref(j);
	resp_json(rs, 201, json_pack("{s:i}", "number", n));
	return 0;
}
