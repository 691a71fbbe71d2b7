/* comments_write.c: POST /api/v1/comments, from the widget (JSON) or from
 * a plain HTML form (answered with a 303 back to the page).
 *
 * Checks, in order: fields (comment_input.h), the honeypot, the form's age,
 * the per-address sliding-window limit, the parent, duplicates; then the
 * moderation mode decides pending or approved, and the row is committed
 * before the answer says 201. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/comments/comment_input.h"
#include "core/visitor.h"
#include "core/cors.h"
#include "features/comments/comments.h"
#include "features/comments/comment_api.h"
#include "http/fields.h"
#include "jobs/kinds.h"
#include "features/comments/comment_pages.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "util/xalloc.h"
#include "store/comments.h"
#include "store/mail.h"
#include "util/mail_addr.h"

/* Where a form post goes back to: the page on the site the form came from
 * when that site is allowed, else our own thread page.  Never anywhere a
 * request could choose freely. */
static void back_to(struct app *app, struct req *r, bool thread, const char *page, int64_t id,
		    enum comment_status status, struct buf *loc)
{
	const char *origin = req_header(r, "Origin");
	const char *pub = app->cfg->server.public_url;
	bool ours = thread || (origin && origin_of(origin, pub));
	bool pending = status != COMMENT_APPROVED;
	if (!ours && origin && site_origin_allowed(app, origin))
		buf_addf(loc, "%s%s", origin, page);
	else if (!ours && (!origin || strcmp(origin, "null") == 0) && app->cfg->comments.site_url[0])
		buf_addf(loc, "%s%s", app->cfg->comments.site_url, page);
	else
		comment_thread_url(loc, pub, page, pending ? "pending" : "posted");
	if (pending)
		buf_adds(loc, "#comment-form");
	else
		buf_addf(loc, "#comment-%lld", (long long)id);
}

/* What the poster's author token vouches for: the comment it names, when
 * that comment still stands (pending or approved); 0 when none. */
static int64_t vouched(struct app *app, const struct comment_input *in, bool *approved)
{
	int64_t id = 0;
	*approved = false;
	if (!in->author_token || author_token_check(&app->comment_keys, in->author_token, &id) < 0)
		return 0;
	struct store_comment c;
	struct buf err = BUF_INIT;
	int found = store_comment_get(app->store, id, &c, &err);
	if (found < 0)
		log_warn("author token: %s", err.p);
	buf_release(&err);
	if (found <= 0)
		return 0;
	*approved = c.status == COMMENT_APPROVED;
	bool stands = *approved || c.status == COMMENT_PENDING;
	store_comment_free(&c);
	/* a moderator's spam or reject on any comment of the chain ends it */
	int revoked = stands ? store_comment_voucher_revoked(app->store, id, &err) : 0;
	if (revoked < 0)
		log_warn("author token: %s", err.p);
	buf_release(&err);
	if (revoked != 0)
		*approved = false;
	return stands && revoked == 0 ? id : 0;
}

/* "first-time" trusts only what typing cannot claim: an author token
 * naming an approved comment (see comment_tokens.h). */
static enum comment_status moderated_status(struct app *app, bool known)
{
	switch (app->cfg->comments.moderation) {
	case MODERATION_NONE:
		return COMMENT_APPROVED;
	case MODERATION_ALL:
		return COMMENT_PENDING;
	case MODERATION_FIRST_TIME:
	default:
		return known ? COMMENT_APPROVED : COMMENT_PENDING;
	}
}

/* The parent must exist, be visible and be on the same page. */
static int parent_ok(struct app *app, const struct comment_input *in, const char **why)
{
	if (!in->parent)
		return 1;
	struct store_comment p;
	struct buf err = BUF_INIT;
	int found = store_comment_get(app->store, in->parent, &p, &err);
	buf_release(&err);
	if (found < 0)
		return -1;
	int ok = found && strcmp(p.page, in->page) == 0 && p.status == COMMENT_APPROVED;
	if (found)
		store_comment_free(&p);
	*why = "the comment replied to is not on this page";
	return ok;
}

/* The poster as GitHub vouched for them: the widget's identity token,
 * signed for the site the request comes from (its Origin), or on our own
 * no-JS page the nd_github cookie.  1 signed in (who set), 0 anonymous,
 * -1 after refusing a token that does not hold. */
static int github_poster(struct app *app, struct req *r, struct resp *rs,
			 const struct comment_input *in, struct github_identity *who)
{
	if (!in->github_token)
		return req_is_form(r) && signed_in_identity(app, r, who) ? 1 : 0;
	const char *origin = req_header(r, "Origin");
	enum identity_verdict v = IDENTITY_WRONG_AUDIENCE;
	if (origin && site_origin_allowed(app, origin))
		v = identity_token_check(app->identity_key, in->github_token, origin,
					 (int64_t)time(NULL), who);
	if (v == IDENTITY_OK)
		return 1;
	fail(r, rs, v == IDENTITY_WRONG_AUDIENCE ? ERR_ORIGIN_NOT_ALLOWED : ERR_GITHUB_SIGNIN,
	     "github_token", identity_verdict_message(v));
	return -1;
}

/* A comment on its way into the database: what the writer thread needs to
 * store it and what the answer needs once it is committed. */
struct comment_post {
	struct store_async w;
	struct app *app;
	struct req *r;
	bool form;
	bool thread;
	struct comment_input in;      /* owns the texts row points to */
	struct store_comment_new row;
	int64_t voucher;
	int64_t id;
	int64_t limit_taken_at;   /* the rate limit's try, given back on failure */
	char avatar_url[AVATAR_URL_MAX + 1];
};

/* On the writer thread, inside the shared transaction: the row, and the
 * maintainers' notification with it (the worker is woken after the commit). */
static int post_run(struct store *s, void *arg, struct buf *err)
{
	struct comment_post *p = arg;
	const struct config *cfg = p->app->cfg;
	if (store_comment_insert(s, &p->row, &p->id, err) < 0)
		return -1;
	if (p->row.status != COMMENT_APPROVED)
		notify_queue(s, NULL, cfg, JOB_NOTIFY_COMMENT, p->id, p->row.now);
	else
		mail_reply_queue(s, NULL, cfg, p->id, p->row.parent_id, p->row.now);
	/* each opt-in is confirmed on its own, once its comment is published:
	 * a held or spam comment sends nobody anything */
	if (p->in.notify_replies) {
		unsigned char hash[MAIL_HASH_BYTES];
		mail_address_hash(&p->app->comment_keys, p->in.email, hash);
		int sub = store_mail_subscribe(s, p->id, p->in.email, hash, p->row.now, err);
		if (sub < 0)
			return -1;
		if (sub > 0 && p->row.status == COMMENT_APPROVED)
			mail_confirm_queue(s, NULL, cfg, p->id, p->row.now);
	}
	return 0;
}

static void post_answer(struct comment_post *p, struct resp *rs)
{
	struct app *app = p->app;
	const struct comment_input *in = &p->in;
	enum comment_status status = p->row.status;
	int64_t now = p->row.now, id = p->id;
	int64_t expires = now + app->cfg->comments.edit_window_minutes * 60;
	char token[EDIT_TOKEN_CHARS + 1], created[TIME_RFC3339_MAX], until[TIME_RFC3339_MAX];
	char author[AUTHOR_TOKEN_CHARS + 1];
	edit_token_make(&app->comment_keys, id, now, expires, token);
	/* the earliest comment that still stands keeps vouching */
	author_token_make(&app->comment_keys, p->voucher ? p->voucher : id, author);
	if (p->form) {
		struct buf loc = BUF_INIT;
		back_to(app, p->r, p->thread, in->page, id, status, &loc);
		resp_redirect(rs, HTTP_SEE_OTHER, loc.p);
		buf_release(&loc);
		return;
	}
	time_rfc3339(now, created);
	time_rfc3339(expires, until);
	/* the avatar it will have once published, so that it does not change */
	char avatar[17];
	comment_avatar(&app->comment_keys, in->author, in->email, avatar);
	json_t *answer = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)id,
				   "status", comment_status_name(status), "edit_token", token,
				   "page", in->page, "html", in->html, "created_at", created,
				   "edit_until", until, "author_token", author, "avatar", avatar);
	if (p->row.avatar_url)
		json_object_set_new(answer, "avatar_url", json_string(p->row.avatar_url));
	resp_json(rs, HTTP_CREATED, answer);
}

/* After the commit, on the writer thread: the answer (sent once the
 * commit is on disk), or the refusal; then the post is done with. */
static void post_done(void *arg, int rc, const char *err, uint64_t seq)
{
	struct comment_post *p = arg;
	struct app *app = p->app;
	struct resp rs;
	resp_init(&rs);
	if (rc < 0) {
		log_error("comment: %s", err);
		rate_limit_give_back(&app->comment_limit, req_client_net(p->r), p->limit_taken_at);
		fail(p->r, &rs, ERR_INTERNAL, NULL,
		     "the comment could not be saved; nothing was stored");
	} else {
		if (p->row.status == COMMENT_APPROVED)
			comment_page_changed(app, p->in.page);
		/* what it queued (a notification, a mail) runs now */
		if (app->cfg->comments.notify_url[0] || cfg_mail_on(app->cfg))
			jobs_kick(app->jobs);
		log_info("comment %lld on %s (%s)", (long long)p->id, p->in.page,
			 comment_status_name(p->row.status));
		post_answer(p, &rs);
	}
	req_answer(p->r, &rs, rc < 0 ? 0 : seq);
	comment_input_free(&p->in);
	free(p);
}

static void post_start(void *arg)
{
	struct comment_post *p = arg;
	store_write_async(p->app->store, &p->w);
}

/* Checks what only the database can tell, then hands the comment to the
 * store's writer (NULL after refusing on rs).  in moves
 * into the post. */
static struct comment_post *check_and_post(struct app *app, struct req *r, struct resp *rs,
					   bool thread, struct comment_input *in)
{
	struct github_identity who;
	int signed_in = github_poster(app, r, rs, in, &who);
	if (signed_in < 0)
		return NULL;
	if (signed_in) {
		free(in->author);
		in->author = xstrdup(who.login);
		snprintf(in->author_key, sizeof in->author_key, "gh:%lld", (long long)who.id);
	}
	int64_t now = (int64_t)time(NULL);
	const char *why = NULL;
	int pok = parent_ok(app, in, &why);
	if (pok <= 0) {
		if (pok < 0)
			fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be saved right now");
		else
			fail(r, rs, ERR_INVALID_FIELD, "parent", why);
		return NULL;
	}
	struct buf err = BUF_INIT;
	int dup = 0;
	int64_t since = now - app->cfg->comments.duplicate_window_hours * 3600;
	if (app->cfg->comments.duplicate_window_hours &&
	    store_comment_duplicate(app->store, in->page, in->hash, since, &dup, &err) < 0)
		log_warn("duplicate check: %s", err.p);
	if (dup) {
		buf_release(&err);
		fail(r, rs, ERR_DUPLICATE, "body", "the same comment is on this page already");
		return NULL;
	}
	bool known = false;
	int64_t voucher = signed_in ? 0 : vouched(app, in, &known);
	if (signed_in) {
		/* a login is known once one of its comments was approved */
		int t = store_comment_github_trusted(app->store, who.id, &err);
		if (t < 0)
			log_warn("first-time check: %s", err.p);
		known = t == 1;
	}
	buf_release(&err);
	struct comment_post *p = xcalloc(1, sizeof *p);
	*p = (struct comment_post){
		.w = { .run = post_run, .done = post_done },
		.app = app, .r = r, .form = req_is_form(r), .thread = thread, .in = *in, .voucher = voucher,
	};
	p->w.arg = p;
	memset(in, 0, sizeof *in);
	/* borrowed from the request's JSON, which is gone by then */
	p->in.form_token = p->in.author_token = p->in.github_token = NULL;
	req_set_back(r, p->in.page);
	p->row = (struct store_comment_new){
		.page = p->in.page, .parent_id = p->in.parent, .author = p->in.author,
		.author_key = p->in.author_key, .email = p->in.email, .website = p->in.website,
		.body_md = p->in.body, .body_html = p->in.html,
		.status = moderated_status(app, known),
		.client_ip = req_client_ip(r), .now = now,
		.github_id = signed_in ? who.id : 0,
		.vouched_by = voucher,
	};
	if (signed_in && who.avatar_url[0]) {
		snprintf(p->avatar_url, sizeof p->avatar_url, "%s", who.avatar_url);
		p->row.avatar_url = p->avatar_url;
	}
	memcpy(p->row.body_hash, p->in.hash, sizeof p->row.body_hash);
	return p;
}

/* A comment from the widget (JSON) or the thread page's plain form; its
 * values are judged by comment_input_new, as an import's are. */
const struct input_spec comment_input_spec = INPUT(IN_JSON | IN_FORM, "request",
	FIELD("page", FT_TEXT, 0, 2048),
	FIELD_INT("parent", F_NULLABLE, 1, INT64_MAX),
	FIELD("author", FT_TEXT, 0, COMMENT_AUTHOR_MAX * 4),
	FIELD("email", FT_TEXT, 0, COMMENT_EMAIL_MAX * 4),
	FIELD("website", FT_TEXT, 0, COMMENT_WEBSITE_MAX * 4),
	FIELD("body", FT_TEXT, 0, 128 * 1024),
	FIELD("form_token", FT_TEXT, F_NULLABLE, 512),
	FIELD("author_token", FT_TEXT, F_NULLABLE, 512),
	FIELD("github_token", FT_TEXT, F_NULLABLE, IDENTITY_TOKEN_MAX),
	FIELD("notify_replies", FT_BOOL, 0, 0),
	FIELD(COMMENT_HONEYPOT, FT_TEXT, 0, 1000),
	FIELD("return", FT_TEXT, 0, 16));

int handle_comment_create(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct comment_rules rules = { app->cfg->comments.max_length,
				       (int)app->cfg->comments.max_links };
	struct comment_input in = { 0 };
	struct comment_problem p;
	bool stored = false;
	int64_t now = (int64_t)time(NULL);
	json_t *obj = NULL;
	/* before the comment is read and rendered: a flood costs us nothing.
	 * The try is taken here, atomically, and given back unless a comment
	 * is stored, so concurrent posts cannot pass more than the limit. */
	bool taken = rate_limit_take(&app->comment_limit, req_client_net(r), now);
	if (!taken) {
		int64_t wait = rate_limit_retry_after(&app->comment_limit, req_client_net(r), now);
		char secs[24];
		snprintf(secs, sizeof secs, "%lld", (long long)(wait > 0 ? wait : 1));
		resp_header(rs, "Retry-After", secs);
		fail(r, rs, ERR_RATE_LIMITED, NULL,
			   "too many comments from your address; wait a minute");
		goto out;
	}
	obj = req_input(r);
	if (comment_input_new(obj, &rules, &in, &p) < 0) {
		req_set_back(r, in.page[0] ? in.page : NULL);
		fail(r, rs, ERR_INVALID_FIELD, p.field, p.message);
		goto out;
	}
	req_set_back(r, in.page);
	if (in.honeypot) {
		log_info("comment refused: honeypot filled (%s)", req_client_ip(r));
		fail(r, rs, ERR_REFUSED, NULL, "this comment was refused");
		goto out;
	}
	/* nothing asks for an address it cannot use */
	if (in.notify_replies && (!cfg_mail_on(app->cfg) || !in.email || !mail_addr_valid(in.email))) {
		fail(r, rs, ERR_INVALID_FIELD, cfg_mail_on(app->cfg) ? "email" : "notify_replies",
		     !cfg_mail_on(app->cfg) ? "this site sends no mail"
					    : "reply mails need an email address we can send to");
		goto out;
	}
	/* a plain form must carry the signed time it was made; the widget's
	 * JSON may (SPEC §5 does not have the field) */
	if (req_is_form(r) || in.form_token) {
		enum form_token_verdict v =
			in.form_token ? form_token_check(&app->comment_keys, in.form_token, now,
							 app->cfg->comments.min_form_seconds)
				      : FORM_TOKEN_BAD;
		if (v != FORM_TOKEN_OK) {
			fail(r, rs, ERR_INVALID_FIELD, "form_token",
				   v == FORM_TOKEN_EARLY ? "the form was sent too quickly; wait a "
							   "moment and send it again"
				   : v == FORM_TOKEN_OLD ? "the form is too old; reload the page"
							 : "the form is not one of ours; reload the page");
			goto out;
		}
	}
	json_t *ret = json_object_get(obj, "return");
	bool thread = req_is_form(r) && json_is_string(ret) &&
		      strcmp(json_string_value(ret), "thread") == 0;
	struct comment_post *post = check_and_post(app, r, rs, thread, &in);
	if (post) {
		/* the store's writer answers (post_done); the try stays taken
		 * unless the write fails */
		stored = true;
		post->limit_taken_at = now;
		req_defer(r, post_start, post);
	}
out:
	if (taken && !stored)
		rate_limit_give_back(&app->comment_limit, req_client_net(r), now);
	comment_input_free(&in);
	return 0;
}
