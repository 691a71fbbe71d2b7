/* review_steps.c: review as a conversation.  A maintainer asks for changes
 * (POST /api/v1/admin/submissions/{id}/request-changes); the contributor,
 * holding the status link, revises (PATCH /api/v1/submissions/{token}) or
 * withdraws (DELETE); a contributor GitHub vouched for finds theirs again
 * (GET /api/v1/me/submissions).  Each step is one transaction with its
 * event, audit line and notification (store/reviews.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/session.h"
#include "core/app.h"
#include "core/visitor.h"
#include "features/submissions/submission_check.h"
#include "features/submissions/submissions.h"
#include "http/errors.h"
#include "http/fields.h"
#include "jobs/kinds.h"
#include "store/reviews.h"
#include "store/submissions.h"
#include "util/log.h"
#include "util/text_fmt.h"

#define MESSAGE_MAX 2000
#define MINE_MAX 200

const struct input_spec request_changes_input = INPUT(IN_JSON, NULL,
	FIELD("message", FT_TEXT, F_REQUIRED | F_NONEMPTY, MESSAGE_MAX));

/* The notification a step announces, when notifications are on. */
static enum job_kind announce(const struct app *app, enum job_kind kind)
{
	return app->cfg->comments.notify_url[0] ? kind : JOB_KIND_NONE;
}

static void kick(struct app *app, enum job_kind notify)
{
	if (notify != JOB_KIND_NONE && app->jobs)
		jobs_kick(app->jobs);
}

int handle_admin_request_changes(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct store_submission sub;
	if (submission_of_route(r, rs, &sub) < 0)
		return rs->status ? 0 : -1;
	int64_t id = sub.id;
	struct buf err = BUF_INIT;
	struct store_sub_step st = { .id = id, .actor = admin_user(r)->name,
				     .message = in_text(r, "message"), .now = (int64_t)time(NULL),
				     .notify = announce(app, JOB_NOTIFY_SUB_CHANGES) };
	int done = sub.status == SUB_PENDING ? store_submission_request_changes(app->store, &st, &err)
					     : 0;
	if (done < 0) {
		log_error("request changes: %s", err.p);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the request could not be saved; try again");
	} else if (done == 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "changes can be asked while it waits for review; it is %s",
			 sub_status_name(sub.status));
		fail(r, rs, ERR_NOT_PENDING, NULL, msg);
	} else {
		kick(app, st.notify);
		resp_json(rs, HTTP_OK, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "status",
						 sub_status_name(SUB_CHANGES_REQUESTED), "message",
						 st.message));
	}
	buf_release(&err);
	store_submission_free(&sub);
	return 0;
}

/* The fields a revision changed, as the event's detail. */
static char *changed_fields(const char *before, json_t *after)
{
	json_t *old = json_loads(before, 0, NULL), *list = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v)
		if (!json_equal(v, json_object_get(old, key)))
			json_array_append_new(list, json_string(key));
	json_object_foreach(old, key, v)
		if (!json_object_get(after, key))
			json_array_append_new(list, json_string(key));
	json_t *doc = json_pack("{s:o}", "changed", list);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	json_decref(old);
	return text;
}

/* Who revises: the GitHub account the submission is credited to, when it
 * was; else whoever holds the status link.  NULL after refusing. */
static const char *reviser(struct app *app, struct req *r, struct resp *rs,
			   const struct store_submission *sub, char actor[48])
{
	struct github_identity who;
	if (sub->author_github_id <= 0) {
		snprintf(actor, 48, "contributor");
		return actor;
	}
	if (!signed_in_identity(app, r, &who) || who.id != sub->author_github_id) {
		fail(r, rs, ERR_SIGN_IN_REQUIRED, "author",
		     "sign in with the GitHub account this contribution is credited to");
		return NULL;
	}
	snprintf(actor, 48, "@%s", who.login);
	return actor;
}

static int revise(struct app *app, struct req *r, struct resp *rs,
		  const struct store_submission *sub, const char *actor)
{
	json_t *payload = submission_merged(sub->payload, req_input(r));
	struct checked_submission c;
	struct fault e;
	if (submission_check_live(app, payload, &c, &e) < 0) {
		json_decref(payload);
		fail_fault(r, rs, &e);
		return 0;
	}
	char *detail = changed_fields(sub->payload, payload);
	json_decref(payload);
	struct store_sub_step st = { .id = sub->id, .actor = actor, .detail = detail,
				     .now = (int64_t)time(NULL),
				     .notify = announce(app, JOB_NOTIFY_SUB_UPDATED) };
	struct store_submission_new row = { .section = c.section, .payload = c.payload,
					    .author = c.author, .draft_path = c.draft_path,
					    .entry_key = c.entry_key, .now = st.now };
	struct store_twin twin;
	struct buf err = BUF_INIT;
	int done = store_submission_revise(app->store, &st, &row, &twin, &err);
	if (done < 0) {
		log_error("revise: %s", err.p);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the change could not be saved; try again");
	} else if (done == 2) {
		fail_twin(r, rs, "block", &twin);
	} else if (done == 0) {
		fail(r, rs, ERR_NOT_PENDING, NULL, "review has ended; it can no longer be changed");
	} else {
		kick(app, st.notify);
		checks_queue(app, sub->id);
		json_t *d = json_loads(detail, 0, NULL);
		resp_json(rs, HTTP_OK, json_pack("{s:I,s:s,s:O}", "id", (json_int_t)sub->id, "status",
						 sub_status_name(SUB_PENDING), "changed",
						 json_object_get(d, "changed")));
		json_decref(d);
	}
	free(detail);
	buf_release(&err);
	checked_submission_free(&c);
	return 0;
}

static int revise_linked(struct app *app, struct req *r, struct resp *rs,
			 const struct store_submission *sub)
{
	char actor[48];
	if (sub->status != SUB_PENDING && sub->status != SUB_CHANGES_REQUESTED)
		fail(r, rs, ERR_NOT_PENDING, NULL, "review has ended; it can no longer be changed");
	else if (reviser(app, r, rs, sub, actor))
		revise(app, r, rs, sub, actor);
	return 0;
}

int handle_submission_revise(struct req *r, struct resp *rs)
{
	return with_linked_submission(r, rs, revise_linked);
}

static int withdraw_linked(struct app *app, struct req *r, struct resp *rs,
			   const struct store_submission *sub)
{
	/* the link is the key: taking it back asks for no sign-in */
	char actor[48];
	if (sub->author_github_id > 0)
		snprintf(actor, sizeof actor, "@%s", sub->author);
	else
		snprintf(actor, sizeof actor, "contributor");
	struct store_sub_step st = { .id = sub->id, .actor = actor, .now = (int64_t)time(NULL),
				     .message = SUB_WITHDRAWN_REASON };
	struct buf err = BUF_INIT;
	int done = store_submission_withdraw(app->store, &st, &err);
	if (done < 0) {
		log_error("withdraw: %s", err.p);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "it could not be withdrawn; try again");
	} else if (done == 0) {
		fail(r, rs, ERR_NOT_PENDING, NULL,
		     "it is no longer waiting for review; ask a maintainer to close it");
	} else {
		log_info("submission %lld withdrawn by its contributor", (long long)sub->id);
		resp_json(rs, HTTP_OK, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)sub->id, "status",
						 sub_status_name(SUB_WITHDRAWN), "reason",
						 SUB_WITHDRAWN_REASON));
	}
	buf_release(&err);
	return 0;
}

int handle_submission_withdraw(struct req *r, struct resp *rs)
{
	return with_linked_submission(r, rs, withdraw_linked);
}

static void add_event(const struct store_sub_event *e, void *arg)
{
	json_t *o = json_pack("{s:I,s:s,s:s}", "at", (json_int_t)e->at, "actor", e->actor, "kind",
			      e->kind);
	if (e->message)
		json_object_set_new(o, "message", json_string(e->message));
	json_t *d = e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	if (d)
		json_object_set(o, "changed", json_object_get(d, "changed"));
	json_decref(d);
	json_array_append_new(arg, o);
}

json_t *submission_history(struct app *app, int64_t id)
{
	json_t *list = json_array();
	struct buf err = BUF_INIT;
	if (store_submission_events(app->store, id, add_event, list, &err) < 0)
		log_warn("submission %lld: history not read: %s", (long long)id, err.p);
	buf_release(&err);
	return list;
}

struct mine {
	const char *public_url;
	json_t *list;
};

static void add_mine(const struct store_submission *s, void *arg)
{
	struct mine *m = arg;
	struct buf url = BUF_INIT;
	if (s->status_token)
		buf_addf(&url, "%s/s/%s", m->public_url, s->status_token);
	json_array_append_new(m->list,
			      json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:I,s:I}", "id", (json_int_t)s->id,
					"status", sub_status_name(s->status), "section", s->section,
					"status_url", url.len ? url.p : NULL, "pr_url", s->pr_url,
					"created_at", (json_int_t)s->created_at, "updated_at",
					(json_int_t)s->updated_at));
	buf_release(&url);
}

int handle_my_submissions(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct github_identity who;
	resp_header(rs, "Cache-Control", "no-store");
	if (!signed_in_identity(app, r, &who)) {
		fail(r, rs, ERR_SIGN_IN_REQUIRED, NULL,
		     "sign in with GitHub to see your contributions (/auth/github/login?for=submit)");
		return 0;
	}
	struct mine m = { app->cfg->server.public_url, json_array() };
	struct buf err = BUF_INIT;
	int rc = store_submission_list_by_github(app->store, who.id, MINE_MAX, add_mine, &m, &err);
	if (rc < 0) {
		log_error("your contributions: %s", err.p);
		json_decref(m.list);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "your contributions cannot be read right now");
	} else {
		resp_json(rs, HTTP_OK, json_pack("{s:s,s:o}", "login", who.login, "submissions",
						 m.list));
	}
	buf_release(&err);
	return 0;
}
