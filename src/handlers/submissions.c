/* submissions.c: POST /api/v1/submissions (JSON, or a plain HTML form that
 * gets a 303 to its status page) and GET /api/v1/submissions/{token}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/tokens.h"
#include "handlers/app.h"
#include "handlers/errors.h"
#include "handlers/json_body.h"
#include "handlers/submission_check.h"
#include "jobs/notify.h"
#include "render/pages.h"
#include "util/log.h"
#include "util/utf8.h"

#define HONEYPOT "website"

struct form {
	json_t *obj;
	const char *bad;   /* a field with invalid UTF-8 */
};

static int form_field(const char *key, const char *value, size_t len, void *arg)
{
	struct form *f = arg;
	static const char *const text[] = { "section", "block", "name", "url", "body", "author",
					    HONEYPOT };
	static const char *const flags[] = { "written_by", "add_author" };
	if (!utf8_valid(value, len, NULL)) {
		f->bad = f->bad ? f->bad : "form";
		return 0;
	}
	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		if (strcmp(key, text[i]) == 0) {
			/* an empty optional field means "not given" */
			if (len)
				json_object_set_new(f->obj, key, json_stringn(value, len));
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		if (strcmp(key, flags[i]) == 0)
			json_object_set_new(f->obj, key, json_true());
	if (strcmp(key, "before") == 0 && len)
		json_object_set_new(f->obj, "position",
				    json_pack("{s:s%}", "before", value, len));
	return 0;
}

/* A refusal: JSON for API clients, a page naming the field for the form. */
static void refuse(struct resp *rs, bool form, const struct check_error *e)
{
	if (!form) {
		resp_check_error(rs, e);
		return;
	}
	struct buf b = BUF_INIT;
	render_form_error(&b, e->field, e->message);
	resp_page(rs, e->status, &b);
}

static void refuse_with(struct resp *rs, bool form, int status, const char *code,
			const char *field, const char *message)
{
	struct check_error e = { .status = status, .code = code };
	snprintf(e.field, sizeof e.field, "%s", field ? field : "");
	snprintf(e.message, sizeof e.message, "%s", message);
	refuse(rs, form, &e);
}

/* The same contribution is waiting or on its way already: say where. */
static void refuse_twin(struct app *app, struct resp *rs, bool form, const struct store_twin *t)
{
	struct buf url = BUF_INIT, msg = BUF_INIT;
	if (t->status_token[0])
		buf_addf(&url, "%s/s/%s", app->cfg->server.public_url, t->status_token);
	buf_addf(&msg, "the same contribution was sent already (submission %lld, %s)",
		 (long long)t->id, sub_status_name(t->status));
	if (url.len)
		buf_addf(&msg, "; follow it at %s", url.p);
	if (form) {
		refuse_with(rs, true, 409, "duplicate", "block", msg.p);
	} else {
		json_t *extra = json_pack("{s:I}", "id", (json_int_t)t->id);
		if (url.len)
			json_object_set_new(extra, "status_url", json_string(url.p));
		resp_error_with(rs, 409, "duplicate", "block", msg.p, extra);
	}
	buf_release(&url);
	buf_release(&msg);
}

/* Who the contribution is credited to: a contributor signed in with
 * GitHub gets their verified login (and may not name anyone else); without
 * a sign-in the login is as typed, unless github.anonymous_contributions
 * refuses that.  0, or -1 after answering. */
static int credit(struct app *app, struct req *r, json_t *obj, struct resp *rs, bool form,
		  int64_t *github_id)
{
	struct github_identity who;
	*github_id = 0;
	if (!signed_in_identity(app, r, &who)) {
		if (app->cfg->github.anonymous_contributions != ANON_REFUSED)
			return 0;
		refuse_with(rs, form, 401, "sign_in_required", "author",
			    "sign in with GitHub to contribute (/auth/github/login?for=submit)");
		return -1;
	}
	const char *typed = json_string_value(json_object_get(obj, "author"));
	if (typed && *typed && strcasecmp(typed, who.login) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg,
			 "you are signed in as @%s; a contribution is credited to its sender only",
			 who.login);
		refuse_with(rs, form, 403, "not_your_login", "author", msg);
		return -1;
	}
	json_object_set_new(obj, "author", json_string(who.login));
	*github_id = who.id;
	return 0;
}

/* Stores a checked submission and answers 201 (JSON) or 303 (form);
 * true when it was stored. */
static bool remember(struct app *app, json_t *obj, int64_t github_id, struct resp *rs,
		     bool form)
{
	struct checked_submission c;
	struct check_error e;
	struct live_draft ld;
	live_draft_open(app, &ld);
	int ok = submission_check(app, &ld, obj, &c, &e);
	live_draft_close(&ld);
	if (ok < 0) {
		refuse(rs, form, &e);
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
			refuse_with(rs, form, 500, "internal", NULL,
				    "the submission could not be saved; nothing was stored");
		} else {
			refuse_twin(app, rs, form, &twin);
		}
		checked_submission_free(&c);
		buf_release(&err);
		return false;
	}
	if (form) {
		char loc[64];
		snprintf(loc, sizeof loc, "/s/%s", token);
		resp_redirect(rs, 303, loc);
	} else {
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/s/%s", app->cfg->server.public_url, token);
		resp_json(rs, 201, json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)id, "token",
					     token, "status", "pending", "status_url", url.p,
					     "author_verified", github_id > 0));
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
	bool form = req_is_form(r);
	json_t *obj = NULL;
	/* a try is taken atomically before anything is read or rendered and
	 * given back unless a submission is stored: only stored ones count,
	 * and concurrent posts cannot pass more than the limit */
	const char *ip = req_client_ip(r);
	int64_t now = (int64_t)time(NULL);
	if (!rate_limit_take(&app->submit_limit, ip, now)) {
		resp_header(rs, "Retry-After", "3600");
		refuse_with(rs, form, 429, "rate_limited", NULL,
			    "too many submissions from your address; try again in an hour");
		return 0;
	}
	bool stored = false;
	if (form) {
		struct form f = { json_object(), NULL };
		if (req_form_each(r, form_field, &f) < 0 || f.bad) {
			json_decref(f.obj);
			refuse_with(rs, form, 400, "invalid_field", f.bad ? f.bad : "form",
				    "the form could not be read (invalid UTF-8?)");
			goto out;
		}
		obj = f.obj;
	} else {
		obj = json_body_object(r, rs);
		if (!obj)
			goto out;
	}
	/* people leave the hidden field empty; form-filling bots do not */
	json_t *pot = json_object_get(obj, HONEYPOT);
	if (pot && !(json_is_string(pot) && json_string_length(pot) == 0)) {
		json_decref(obj);
		obj = NULL;
		log_info("submission refused: honeypot filled (%s)", req_client_ip(r));
		refuse_with(rs, form, 400, "refused", NULL, "this submission was refused");
		goto out;
	}
	json_object_del(obj, HONEYPOT);
	int64_t github_id = 0;
	if (credit(app, r, obj, rs, form, &github_id) == 0)
		stored = remember(app, obj, github_id, rs, form);
	json_decref(obj);
out:
	if (!stored)
		rate_limit_give_back(&app->submit_limit, ip, now);
	return 0;
}

int handle_submission_get(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	resp_header(rs, "Cache-Control", "no-store");
	struct store_submission sub;
	int got = submission_by_token(r, &sub);
	if (got < 0)
		return -1;
	if (!got) {
		resp_error(rs, 404, "not_found", "no submission has this token");
		return 0;
	}
	struct buf html = BUF_INIT;
	struct live_draft ld;
	live_draft_open(app, &ld);
	submission_preview_html(app, &ld, sub.payload, &html);
	live_draft_close(&ld);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s?,s:o,s:s?,s:s?,s:s,s:I,s:I}", "id",
			      (json_int_t)sub.id, "status", sub_status_name(sub.status), "section", sub.section,
			      "pr_url", sub.pr_url, "pr_number",
			      sub.pr_number ? json_integer(sub.pr_number) : json_null(), "reason",
			      sub.reason, "note", sub.note, "html", html.p ? html.p : "",
			      "created_at", (json_int_t)sub.created_at, "updated_at",
			      (json_int_t)sub.updated_at);
	resp_json(rs, 200, j);
	buf_release(&html);
	store_submission_free(&sub);
	return 0;
}
