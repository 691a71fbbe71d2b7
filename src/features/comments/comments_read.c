/* comments_read.c: GET /api/v1/comments (a page's thread, cached, with
 * ETag), GET /api/v1/comments/counts and GET /api/v1/comments/form-token. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "features/comments/comment_api.h"
#include "http/fields.h"
#include "http/errors.h"
#include "core/visitor.h"
#include "features/comments/comments.h"
#include "util/log.h"
#include "features/comments/page_path.h"
#include "store/comments.h"

#define COUNTS_MAX_PAGES 100

int handle_comments_list(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char page[PAGE_PATH_MAX + 1];
	if (!page_required(r, rs, page))
		return 0;
	struct comment_blob *b = comment_thread_json(app, page);
	if (!b) {
		fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be read right now");
		return 0;
	}
	/* always revalidate: a 304 is cheap and a new comment shows at once */
	resp_header(rs, "Cache-Control", "no-cache");
	bool big = b->len > ENC_JSON_MIN;
	if (big)
		resp_header(rs, "Vary", "Accept-Encoding");
	if (etag_matches(r, b->etag)) {
		/* any representation's tag: the 304 names the one sent */
		resp_header(rs, "ETag", b->etag);
		comment_blob_release(b);
		resp_bytes(rs, HTTP_NOT_MODIFIED, "application/json", "", 0);
		return 0;
	}
	/* compressed as resp_send would a JSON answer above 1 KB, but once per
	 * blob (comment_blob_coded), not once per request */
	enum enc e = enc_choose(req_header(r, "Accept-Encoding"), big ? ENC_ALL : 0);
	const struct comment_coded *z = comment_blob_coded(b, e);
	char etag[COMMENT_ETAG_MAX + 8];
	enc_etag(b->etag, z ? e : ENC_IDENTITY, etag, sizeof etag);
	resp_header(rs, "ETag", etag);
	if (z)
		resp_header(rs, "Content-Encoding", enc_name(e));
	/* the cached bytes themselves go out; the response holds the reference */
	resp_shared(rs, HTTP_OK, "application/json", z ? z->data : b->data, z ? z->len : b->len,
		    comment_blob_release, b);
	resp_reusable(rs, &b->reuse[z ? e : ENC_IDENTITY]);
	return 0;
}

struct counts {
	struct app *app;
	json_t *out;
	size_t n;
	const char *bad;   /* the first page that is not a path */
	const char *why;
	bool failed;
};

static void count_one(const char *raw, void *arg)
{
	struct counts *c = arg;
	if (c->bad || c->failed || ++c->n > COUNTS_MAX_PAGES)
		return;
	char page[PAGE_PATH_MAX + 1];
	if (page_path_normalise(raw, page, &c->why) < 0) {
		c->bad = raw;
		return;
	}
	int64_t n = 0;
	struct buf err = BUF_INIT;
	if (store_comment_count(c->app->store, page, &n, &err) < 0) {
		log_error("count comments: %s", err.p);
		c->failed = true;
	}
	buf_release(&err);
	/* keyed as asked, so the caller finds its own strings */
	json_object_set_new(c->out, raw, json_integer((json_int_t)n));
}

const struct input_spec comment_counts_input = INPUT(IN_QUERY, NULL,
	FIELD("page", FT_TEXT, F_REPEATED, 2048));

int handle_comments_counts(struct req *r, struct resp *rs)
{
	struct counts c = { .app = req_app(r), .out = json_object() };
	size_t i;
	json_t *v;
	json_array_foreach(in_value(r, "page"), i, v)
		count_one(json_string_value(v), &c);
	if (c.n == 0 || c.n > COUNTS_MAX_PAGES || c.bad) {
		json_decref(c.out);
		char msg[160];
		if (c.bad)
			snprintf(msg, sizeof msg, "a page is not a path: %s", c.why);
		else
			snprintf(msg, sizeof msg, "give between 1 and %d page parameters",
				 COUNTS_MAX_PAGES);
		fail(r, rs, ERR_INVALID_FIELD, "page", msg);
		return 0;
	}
	if (c.failed) {
		json_decref(c.out);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be counted right now");
		return 0;
	}
	resp_header(rs, "Cache-Control", "no-cache");
	resp_json(rs, HTTP_OK, c.out);
	return 0;
}

int handle_comments_form_token(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char token[FORM_TOKEN_CHARS + 1];
	form_token_make(&app->comment_keys, (int64_t)time(NULL), token);
	resp_header(rs, "Cache-Control", "no-store");
	/* github_signin: whether the widget may offer "Sign in with GitHub";
	 * edit_window_minutes: how long a comment can be changed, for the
	 * ones a GitHub sign-in wrote in another browser */
	/* mail: whether the form may offer "tell me about replies" */
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:I,s:b,s:I,s:b}", "form_token", token, "min_seconds",
				     (json_int_t)app->cfg->comments.min_form_seconds,
				     "github_signin", github_signin_offered(app),
				     "edit_window_minutes",
				     (json_int_t)app->cfg->comments.edit_window_minutes,
				     "mail", cfg_mail_on(app->cfg)));
	return 0;
}
