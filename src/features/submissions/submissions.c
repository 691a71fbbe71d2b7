/* submissions.c: POST /api/v1/submissions (JSON, or a plain HTML form that
 * gets a 303 to its status page) and GET /api/v1/submissions/{token}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/tokens.h"
#include "core/visitor.h"
#include "features/submissions/submissions.h"
#include "core/app.h"
#include "http/fields.h"
#include "util/url.h"
#include "features/submissions/submission_check.h"
#include "jobs/kinds.h"
#include "util/log.h"
#include "store/submissions.h"

/* traps are named hp_*: no real field ever is (comments have a real "website") */
#define HONEYPOT "hp_homepage"

/* A submission as JSON or as the plain form posts it (its "before" is the
 * JSON's {"position":{"before":…}}); the draft engine judges the values. */
const struct input_spec submission_input = INPUT(IN_JSON | IN_FORM, "submission",
	FIELD("section", FT_TEXT, 0, NAME_MAX_BYTES),
	FIELD("block", FT_TEXT, 0, BLOCK_MAX_BYTES),
	FIELD("name", FT_TEXT, 0, NAME_MAX_BYTES),
	FIELD("url", FT_TEXT, 0, URL_MAX_BYTES),
	FIELD("body", FT_TEXT, 0, BLOCK_MAX_BYTES),
	FIELD("author", FT_TEXT, 0, 64),
	FIELD("written_by", FT_BOOL, 0, 0),
	FIELD("add_author", FT_BOOL, 0, 0),
	FIELD("position", FT_ANY, 0, 0),
	FIELD_INTO("before", FT_TEXT, 0, NAME_MAX_BYTES, "position"),
	FIELD("replace", FT_TEXT, 0, NAME_MAX_BYTES),
	FIELD("replace_base", FT_TEXT, 0, BLOCK_MAX_BYTES),
	/* several entries in one: each an object of the fields above, but the author */
	FIELD("entries", FT_ANY, 0, 0),
	FIELD(HONEYPOT, FT_TEXT, 0, 1000));

/* The same contribution is waiting or on its way already.  Its status
 * link is its submitter's key (it edits and follows the entry): shown
 * only to the same GitHub account, never to whoever sends the same text. */
static void refuse_twin(struct app *app, struct req *r, struct resp *rs,
			const struct store_twin *t, int64_t github_id)
{
	struct buf url = BUF_INIT, msg = BUF_INIT;
	bool theirs = github_id > 0 && github_id == t->author_github_id;
	if (t->status_token[0] && theirs)
		buf_addf(&url, "%s/s/%s", app->cfg->server.public_url, t->status_token);
	buf_addf(&msg, "the same contribution was sent already (submission %lld, %s)",
		 (long long)t->id, sub_status_name(t->status));
	if (url.len)
		buf_addf(&msg, "; follow it at %s", url.p);
	else
		buf_adds(&msg, "; whoever sent it has its status link");
	json_t *extra = json_pack("{s:I}", "id", (json_int_t)t->id);
	if (url.len)
		json_object_set_new(extra, "status_url", json_string(url.p));
	fail_extra(r, rs, ERR_DUPLICATE, "block", msg.p, extra);
	buf_release(&url);
	buf_release(&msg);
}

/* Who the contribution is credited to: a contributor signed in with
 * GitHub gets their verified login (and may not name anyone else); without
 * a sign-in the login is as typed, unless github.anonymous_contributions
 * refuses that.  0, or -1 after answering. */
static int credit(struct app *app, struct req *r, struct resp *rs, json_t *obj,
		  int64_t *github_id)
{
	struct github_identity who;
	*github_id = 0;
	if (!signed_in_identity(app, r, &who)) {
		if (app->cfg->github.anonymous_contributions != ANON_REFUSED)
			return 0;
		fail(r, rs, ERR_SIGN_IN_REQUIRED, "author",
			   "sign in with GitHub to contribute (/auth/github/login?for=submit)");
		return -1;
	}
	const char *typed = json_string_value(json_object_get(obj, "author"));
	if (typed && *typed && strcasecmp(typed, who.login) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "you are signed in as @%s; a contribution is credited to its sender only",
			 who.login);
		fail(r, rs, ERR_NOT_YOUR_LOGIN, "author", msg);
		return -1;
	}
	json_object_set_new(obj, "author", json_string(who.login));
	*github_id = who.id;
	return 0;
}

/* Stores a checked submission and answers 201 (JSON) or 303 (form);
 * true when it was stored. */
static bool remember(struct app *app, struct req *r, struct resp *rs, json_t *obj,
		     int64_t github_id)
{
	struct checked_submission c;
	struct fault e;
	if (submission_check_live(app, obj, &c, &e) < 0) {
		fail_fault(r, rs, &e);
		return false;
	}
	char token[TOKEN_CHARS + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
	token_new(token);
	token_hash(token, hash);
	struct buf err = BUF_INIT;
	int64_t id = 0;
	struct store_twin twin;
	struct store_submission_new row = {
		.token = token, .token_hash = hash, .section = c.section, .payload = c.payload,
		.author = c.author, .draft_path = c.draft_path, .entry_key = c.entry_key,
		.now = (int64_t)time(NULL), .author_github_id = github_id,
	};
	int stored = store_submission_insert(app->store, &row, &id, &twin, &err);
	if (stored <= 0) {
		if (stored < 0) {
			log_error("submission: %s", err.p);
			fail(r, rs, ERR_INTERNAL, NULL,
				   "the submission could not be saved; nothing was stored");
		} else {
			refuse_twin(app, r, rs, &twin, github_id);
		}
		checked_submission_free(&c);
		buf_release(&err);
		return false;
	}
	if (req_is_form(r)) {
		char loc[64];
		snprintf(loc, sizeof loc, "/s/%s", token);
		resp_redirect(rs, HTTP_SEE_OTHER, loc);
	} else {
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/s/%s", app->cfg->server.public_url, token);
		resp_json(rs, HTTP_CREATED, json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)id,
						 "token", token, "status", "pending", "status_url",
						 url.p, "author_verified", github_id > 0));
		buf_release(&url);
	}
	log_info("submission %lld saved (%s, @%s)", (long long)id, c.section, c.author);
	notify_queue(app->store, app->jobs, app->cfg, JOB_NOTIFY_SUB_PENDING, id,
		     (int64_t)time(NULL));
	checks_queue(app, id);
	checked_submission_free(&c);
	buf_release(&err);
	return true;
}

int handle_submission_create(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	json_t *obj = NULL;
	/* a try is taken atomically before anything is read or rendered and
	 * given back unless a submission is stored: only stored ones count,
	 * and concurrent posts cannot pass more than the limit */
	const char *ip = req_client_net(r);
	int64_t now = (int64_t)time(NULL);
	/* refused ones cost a render of the draft too: every post counts here */
	if (!rate_limit_hit(&app->costly_limit, ip, now)) {
		resp_header(rs, "Retry-After", "60");
		fail(r, rs, ERR_RATE_LIMITED, NULL,
			   "too many submission attempts from your address; try again in a minute");
		return 0;
	}
	if (!rate_limit_take(&app->submit_limit, ip, now)) {
		resp_header(rs, "Retry-After", "3600");
		fail(r, rs, ERR_RATE_LIMITED, NULL,
			   "too many submissions from your address; try again in an hour");
		return 0;
	}
	bool stored = false;
	obj = req_input(r);
	/* people leave the hidden field empty; form-filling bots do not */
	json_t *pot = json_object_get(obj, HONEYPOT);
	if (pot && !(json_is_string(pot) && json_string_length(pot) == 0)) {
		log_info("submission refused: honeypot filled (%s)", req_client_ip(r));
		fail(r, rs, ERR_REFUSED, NULL, "this submission was refused");
		goto out;
	}
	json_object_del(obj, HONEYPOT);
	int64_t github_id = 0;
	if (credit(app, r, rs, obj, &github_id) == 0)
		stored = remember(app, r, rs, obj, github_id);
out:
	if (!stored)
		rate_limit_give_back(&app->submit_limit, ip, now);
	return 0;
}

static int get_linked(struct app *app, struct req *r, struct resp *rs,
		      const struct store_submission *s)
{
	(void)r;
	struct buf html = BUF_INIT, md = BUF_INIT, err = BUF_INIT;
	struct live_draft ld;
	live_draft_open(app, &ld);
	submission_preview_html(app, &ld, s->payload, &html);
	bool have_md = submission_markdown(app, &ld, s->payload, &md, &err) == 0;
	live_draft_close(&ld);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s?,s:o,s:s?,s:s?,s:s,s:I,s:I}", "id",
			      (json_int_t)s->id, "status", sub_status_name(s->status), "section", s->section,
			      "pr_url", s->pr_url, "pr_number",
			      s->pr_number ? json_integer(s->pr_number) : json_null(), "reason",
			      s->reason, "note", s->note, "html", html.p ? html.p : "",
			      "created_at", (json_int_t)s->created_at, "updated_at",
			      (json_int_t)s->updated_at);
	/* what its contributor may revise, and what happened so far */
	json_t *fields = json_loads(s->payload, 0, NULL);
	json_object_set_new(j, "fields", fields ? fields : json_object());
	json_object_set_new(j, "history", submission_history(app, s->id));
	if (have_md)
		json_object_set_new(j, "markdown", json_string(md.p ? md.p : ""));
	resp_json(rs, HTTP_OK, j);
	buf_release(&md);
	buf_release(&err);
	buf_release(&html);
	return 0;
}

int handle_submission_get(struct req *r, struct resp *rs)
{
	return with_linked_submission(r, rs, get_linked);
}
