/* comments_edit.c: PATCH and DELETE /api/v1/comments/{id} by whoever
 * wrote the comment, inside the edit window, with a Bearer credential:
 * the comment's edit token, or (for a comment written signed in with
 * GitHub) an identity token of the same GitHub account, from any browser. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/comments/comment_input.h"
#include "http/errors.h"
#include "core/cors.h"
#include "features/comments/comments.h"
#include "features/comments/comment_api.h"
#include "http/fields.h"
#include "jobs/kinds.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "util/xalloc.h"
#include "store/comments.h"

/* Loads the comment and checks the token: 1 allowed (c filled), 0 refused
 * (rs filled). */
static int authorised(struct req *r, struct resp *rs, struct store_comment *c)
{
	struct app *app = req_app(r);
	int64_t id = comment_id_param(r);
	const char *auth = req_header(r, "Authorization");
	if (id < 0) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment");
		return 0;
	}
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
		resp_header(rs, "WWW-Authenticate", "Bearer");
		fail(r, rs, ERR_UNAUTHORIZED, NULL, "an edit token is required (Authorization: "
						     "Bearer EDIT_TOKEN)");
		return 0;
	}
	const char *cred = auth + 7;
	bool by_login = strncmp(cred, "v1.", 3) == 0;
	struct github_identity who;
	if (by_login) {
		const char *origin = req_header(r, "Origin");
		enum identity_verdict iv = IDENTITY_WRONG_AUDIENCE;
		if (origin && site_origin_allowed(app, origin))
			iv = identity_token_check(app->identity_key, cred, origin,
						  (int64_t)time(NULL), &who);
		if (iv != IDENTITY_OK) {
			fail(r, rs, ERR_UNAUTHORIZED, NULL, identity_verdict_message(iv));
			return 0;
		}
	}
	/* a token naming another comment is refused before the database is asked */
	int64_t named = 0;
	if (!by_login && (edit_token_id(cred, &named) < 0 || named != id)) {
		fail(r, rs, ERR_UNAUTHORIZED, NULL,
		     "this edit token does not belong to this comment");
		return 0;
	}
	struct buf err = BUF_INIT;
	int found = store_comment_get(app->store, id, c, &err);
	if (found < 0)
		log_error("comment %lld: %s", (long long)id, err.p);
	buf_release(&err);
	if (found <= 0) {
		if (found < 0)
			fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be changed right now");
		else
			fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment");
		return 0;
	}
	int64_t now = (int64_t)time(NULL);
	enum edit_token_verdict v;
	if (by_login)
		v = c->github_id != who.id ? EDIT_TOKEN_BAD
		    : now >= c->created_at + app->cfg->comments.edit_window_minutes * 60
			? EDIT_TOKEN_EXPIRED
			: EDIT_TOKEN_OK;
	else
		v = edit_token_check(&app->comment_keys, cred, id, c->created_at, now);
	const char *msg = NULL;
	enum err refusal = ERR_FORBIDDEN;
	if (v == EDIT_TOKEN_BAD) {
		msg = by_login ? "this comment was written by another GitHub account"
			       : "this edit token does not belong to this comment";
		refusal = ERR_UNAUTHORIZED;
	} else if (v == EDIT_TOKEN_EXPIRED) {
		msg = "the edit window of this comment has closed";
	} else if (c->status == COMMENT_REJECTED || c->status == COMMENT_SPAM) {
		msg = "a moderator removed this comment";
	}
	if (msg) {
		store_comment_free(c);
		fail(r, rs, refusal, NULL, msg);
		return 0;
	}
	return 1;
}

static void comment_release(void *c)
{
	store_comment_free(c);
	free(c);
}

int comment_owner(struct req *r, struct resp *rs)
{
	struct store_comment *c = xcalloc(1, sizeof *c);
	if (!authorised(r, rs, c)) {
		free(c);
		return -1;
	}
	req_set_user(r, c, comment_release);
	return 0;
}

const struct input_spec comment_edit_input = INPUT(IN_JSON, "request",
	FIELD("body", FT_TEXT, F_REQUIRED, 128 * 1024));

int handle_comment_edit(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct store_comment *c = req_user(r);
	json_t *obj = req_input(r);
	struct comment_rules rules = { app->cfg->comments.max_length,
				       (int)app->cfg->comments.max_links };
	struct comment_input in;
	struct comment_problem p;
	if (comment_input_edit(obj, &rules, &in, &p) < 0) {
		fail(r, rs, ERR_INVALID_FIELD, p.field, p.message);
		goto out;
	}
	/* under "all", what a moderator approved is looked at again */
	enum comment_status back = COMMENT_PENDING;
	const enum comment_status *status =
		app->cfg->comments.moderation == MODERATION_ALL && c->status == COMMENT_APPROVED
			? &back
			: NULL;
	int64_t now = (int64_t)time(NULL);
	struct buf err = BUF_INIT;
	int done = store_comment_edit(app->store, c->id, in.body, in.html, in.hash, status, now,
				      &err);
	if (done <= 0) {
		if (done < 0)
			log_error("comment %lld: %s", (long long)c->id, err.p);
		buf_release(&err);
		if (done < 0)
			fail(r, rs, ERR_UNAVAILABLE, NULL, "the comment could not be changed");
		else
			fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment");
		goto out;
	}
	buf_release(&err);
	comment_page_changed(app, c->page);
	if (status)
		notify_queue(app->store, app->jobs, app->cfg, JOB_NOTIFY_COMMENT, c->id, now);
	char edited[TIME_RFC3339_MAX];
	time_rfc3339(now, edited);
	resp_json(rs, HTTP_OK, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)c->id, "status",
				     comment_status_name(status ? *status : c->status), "html", in.html,
				     "edited_at",
				     edited));
out:
	comment_input_free(&in);
	return 0;
}

/* GET: its owner's own Markdown, to edit it from a browser that did not
 * write it (a GitHub sign-in's comment); the route's authorize checked the
 * credential and the edit window. */
int handle_comment_own(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct store_comment *c = req_user(r);
	char until[TIME_RFC3339_MAX];
	time_rfc3339(c->created_at + app->cfg->comments.edit_window_minutes * 60, until);
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)c->id, "body",
					 c->body_md, "edit_until", until));
	return 0;
}

int handle_comment_delete(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct store_comment *c = req_user(r);
	struct buf err = BUF_INIT;
	int done = store_comment_delete(app->store, c->id, &err);
	if (done < 0) {
		log_error("comment %lld: %s", (long long)c->id, err.p);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the comment could not be deleted");
	} else {
		comment_page_changed(app, c->page);
		resp_bytes(rs, HTTP_NO_CONTENT, "application/json", "", 0);
	}
	buf_release(&err);
	return 0;
}
