/* comments_pages.c: GET /comments?page= (the thread and a plain form,
 * for readers without JavaScript; embedded by the widget's <noscript>)
 * and GET /feeds/comments.atom[?page=] (Atom, per page or site-wide). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "features/comments/comment_api.h"
#include "http/fields.h"
#include "http/errors.h"
#include "core/visitor.h"
#include "features/comments/comments.h"
#include "features/comments/comment_pages.h"
#include "features/comments/comment_reactions.h"
#include "util/text_fmt.h"
#include "util/log.h"
#include "features/comments/page_path.h"
#include "util/url.h"
#include "util/xalloc.h"
#include "store/comments.h"

#define FEED_ENTRIES 50

struct rows {
	struct store_comment *v;
	size_t n, cap;
};

static void keep(struct store_comment *c, void *arg)
{
	struct rows *r = arg;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	/* take the strings over: the store frees only what is left in c */
	r->v[r->n++] = *c;
	memset(c, 0, sizeof *c);
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		store_comment_free(&r->v[i]);
	free(r->v);
}

/* Frame ancestors: the sites allowed to embed the thread page. */
static void frame_policy(const struct app *app, struct resp *rs)
{
	struct buf csp = BUF_INIT;
	buf_adds(&csp, "default-src 'none'; style-src 'self'; img-src 'self' data:; "
		       "form-action 'self'; base-uri 'none'; frame-ancestors 'self'");
	const struct strlist *l = &app->cfg->server.allowed_origins;
	for (size_t i = 0; i < l->n; i++)
		buf_addf(&csp, " %s", l->v[i]);
	resp_header(rs, "Content-Security-Policy", csp.p);
	buf_release(&csp);
}

const struct input_spec comment_thread_input = INPUT(IN_QUERY, NULL,
	FIELD("page", FT_TEXT, 0, 2048),
	FIELD("reply", FT_TEXT, 0, 24),
	FIELD("posted", FT_TEXT, 0, 16));

int handle_comments_thread_page(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char page[PAGE_PATH_MAX + 1];
	if (!page_required(r, rs, page))
		return 0;
	struct rows rows = { 0 };
	struct buf err = BUF_INIT;
	if (store_comment_list_page(app->store, page, COMMENT_APPROVED, COMMENTS_PER_PAGE_MAX, keep,
				    &rows, &err) < 0) {
		log_error("comments of %s: %s", page, err.p);
		buf_release(&err);
		rows_free(&rows);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be read right now");
		return 0;
	}
	buf_release(&err);
	int64_t reply = 0;
	if (parse_id(in_text(r, "reply"), &reply) < 0)
		reply = 0;   /* no such comment to answer: the plain form */
	const char *notice = in_text(r, "posted");
	char token[FORM_TOKEN_CHARS + 1], react_token[FORM_TOKEN_CHARS + 1];
	char reactor[REACTOR_KEY_MAX + 1];
	form_token_make(&app->comment_keys, (int64_t)time(NULL), token);
	/* this reader's reactions, and their forms' token made for them */
	reactor_of_visitor(app, r, reactor);
	reaction_form_token_make(&app->comment_keys, reactor, (int64_t)time(NULL), react_token);
	struct reaction_tallies counts = { 0 }, mine = { 0 };
	bool reactions = reaction_tallies_read(app, page, NULL, &counts) == 0 &&
			 (!*reactor || reaction_tallies_read(app, page, reactor, &mine) == 0);
	struct github_identity who;
	struct thread_view v = {
		.who = signed_in_identity(app, r, &who) ? &who : NULL,
		.signin_offered = github_signin_offered(app),
		.mail = cfg_mail_on(app->cfg),
		.site_url = app->cfg->comments.site_url,
		.public_url = app->cfg->server.public_url, .page = page, .comments = rows.v,
		.n = rows.n, .reply_to = reply,
		.form_token = token, .max_length = app->cfg->comments.max_length,
		.notice = notice && (strcmp(notice, "pending") == 0 ||
				     strcmp(notice, "posted") == 0) ? notice : NULL,
		/* the thread still shows when the counts cannot be read */
		.reactions = &counts, .mine = &mine,
		.reaction_token = reactions ? react_token : NULL,
	};
	struct buf b = BUF_INIT;
	render_comment_thread(&b, &v);
	rows_free(&rows);
	reaction_tallies_free(&counts);
	reaction_tallies_free(&mine);
	frame_policy(app, rs);
	resp_header(rs, "Cache-Control", "no-store");
	resp_page(rs, HTTP_OK, &b);
	return 0;
}

int handle_comments_feed(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char page[PAGE_PATH_MAX + 1];
	int given = page_param(r, rs, page);  /* absent: the whole site */
	if (given < 0)
		return 0;
	bool one_page = given > 0;
	struct rows rows = { 0 };
	struct buf err = BUF_INIT;
	if (store_comment_recent(app->store, one_page ? page : NULL, FEED_ENTRIES, keep, &rows,
				 &err) < 0) {
		log_error("comment feed: %s", err.p);
		buf_release(&err);
		rows_free(&rows);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be read right now");
		return 0;
	}
	buf_release(&err);
	struct buf self = BUF_INIT, title = BUF_INIT;
	buf_addf(&self, "%s/feeds/comments.atom", app->cfg->server.public_url);
	if (one_page) {
		buf_adds(&self, "?page=");
		url_encode_component(&self, page);
		buf_addf(&title, "Comments on %s", page);
	} else {
		buf_adds(&title, "Comments");
	}
	struct feed_view v = {
		.title = title.p, .self_url = self.p, .public_url = app->cfg->server.public_url,
		.site_url = app->cfg->comments.site_url, .page = one_page ? page : NULL,
		.comments = rows.v, .n = rows.n,
	};
	struct buf b = BUF_INIT;
	render_comment_feed(&b, &v);
	rows_free(&rows);
	buf_release(&self);
	buf_release(&title);
	resp_header(rs, "Cache-Control", "no-cache");
	resp_bytes(rs, HTTP_OK, "application/atom+xml; charset=utf-8", b.p, b.len);
	buf_release(&b);
	return 0;
}
