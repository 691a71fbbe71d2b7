/* admin_submissions.c: the maintainers' review API — list, diff, edit,
 * approve, reject.  Every change is written to the audit log. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "http/errors.h"
#include "features/submissions/submissions.h"
#include "draft/draft.h"
#include "core/app.h"
#include "http/fields.h"
#include "util/url.h"
#include "features/submissions/submission_check.h"
#include "jobs/kinds.h"
#include "util/text_fmt.h"
#include "features/submissions/line_diff.h"
#include "util/log.h"
#include "util/utf8.h"
#include "store/jobs.h"
#include "store/submissions.h"

#define LIST_LIMIT 500
#define REASON_MAX 2000

const struct input_spec admin_list_input = INPUT(IN_QUERY, NULL,
	FIELD("status", FT_TEXT, 0, 16));

/* what a maintainer may change; null removes a field, and the whole is
 * checked again as a submission (submission_check) */
const struct input_spec submission_edit_input = INPUT(IN_JSON, "submission",
	FIELD("section", FT_TEXT, F_NULLABLE, NAME_MAX_BYTES),
	FIELD("block", FT_TEXT, F_NULLABLE, BLOCK_MAX_BYTES),
	FIELD("name", FT_TEXT, F_NULLABLE, NAME_MAX_BYTES),
	FIELD("url", FT_TEXT, F_NULLABLE, URL_MAX_BYTES),
	FIELD("body", FT_TEXT, F_NULLABLE, BLOCK_MAX_BYTES),
	FIELD("author", FT_TEXT, F_NULLABLE, 64),
	FIELD("written_by", FT_BOOL, F_NULLABLE, 0),
	FIELD("add_author", FT_BOOL, F_NULLABLE, 0),
	FIELD("position", FT_ANY, F_NULLABLE, 0),
	FIELD("replace", FT_TEXT, F_NULLABLE, NAME_MAX_BYTES),
	FIELD("replace_base", FT_TEXT, F_NULLABLE, BLOCK_MAX_BYTES),
	FIELD("entries", FT_ANY, F_NULLABLE, 0));

const struct input_spec admin_reject_input = INPUT(IN_JSON, NULL,
	FIELD("reason", FT_TEXT, F_REQUIRED | F_NONEMPTY, REASON_MAX));

static bool id_param(struct req *r, int64_t *id)
{
	return parse_id(req_param(r, 0), id) == 0;
}

struct listing {
	struct app *app;
	const struct live_draft *ld;
	json_t *arr;
};

static json_t *sub_json(struct app *app, const struct live_draft *ld,
			const struct store_submission *s)
{
	struct buf html = BUF_INIT;
	submission_preview_html(app, ld, s->payload, &html);
	json_t *payload = json_loads(s->payload, 0, NULL);
	json_t *j = json_pack(
		"{s:I,s:s,s:s,s:s,s:o,s:s,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:s?,s:s?,s:I,s:I,s:o}",
		"id", (json_int_t)s->id, "status", sub_status_name(s->status), "section", s->section, "author",
		s->author, "fields", payload ? payload : json_object(), "html",
		html.p ? html.p : "", "reason", s->reason, "branch", s->branch, "pr_url",
		s->pr_url, "pr_number", s->pr_number ? json_integer(s->pr_number) : json_null(),
		"last_error", s->last_error, "note", s->note, "draft_path", s->draft_path,
		"commit_sha", s->commit_sha, "created_at", (json_int_t)s->created_at,
		"updated_at", (json_int_t)s->updated_at, "approved_at",
		s->approved_at ? json_integer(s->approved_at) : json_null());
	/* the review page tells GitHub's word from a typed name */
	json_object_set_new(j, "author_verified", json_boolean(s->author_github_id > 0));
	/* where it came from: null, a contributor; "harvest", `newsdesk harvest` */
	json_object_set_new(j, "source", s->source ? json_string(s->source) : json_null());
	json_t *checks = s->checks ? json_loads(s->checks, 0, NULL) : NULL;
	json_object_set_new(j, "checks", checks ? checks : json_null());
	json_object_set_new(j, "history", submission_history(app, s->id));
	/* an update the draft changed under, where both changes meet: both
	 * versions, for the maintainer to settle */
	struct buf now = BUF_INIT, update = BUF_INIT;
	if (s->status == SUB_PENDING && submission_conflict(app, ld, s->payload, &now, &update))
		json_object_set_new(j, "conflict", json_pack("{s:s,s:s}", "draft_now", now.p,
							     "update", update.p));
	buf_release(&now);
	buf_release(&update);
	buf_release(&html);
	return j;
}

static void list_one(const struct store_submission *s, void *arg)
{
	struct listing *l = arg;
	json_array_append_new(l->arr, sub_json(l->app, l->ld, s));
}

int handle_admin_list(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *q = in_text(r, "status");
	enum sub_status status;
	if (q && *q && !sub_status_parse(q, &status)) {
		fail(r, rs, ERR_INVALID_STATUS, NULL,
		     "status must be pending, approved, pr_open, merged, rejected or closed");
		return 0;
	}
	/* one draft for the whole list: every preview is shaped by its section */
	struct live_draft ld;
	live_draft_open(app, &ld);
	struct listing l = { app, &ld, json_array() };
	struct buf err = BUF_INIT;
	int rc = store_submission_list(app->store, q && *q ? &status : NULL, LIST_LIMIT, list_one,
				       &l, &err);
	live_draft_close(&ld);
	if (rc < 0) {
		log_error("admin list: %s", err.p);
		json_decref(l.arr);
		buf_release(&err);
		return -1;
	}
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:o}", "submissions", l.arr));
	buf_release(&err);
	return 0;
}

int submission_of_route(struct req *r, struct resp *rs, struct store_submission *sub)
{
	struct app *app = req_app(r);
	int64_t id;
	struct buf err = BUF_INIT;
	if (!id_param(r, &id)) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such submission");
		return -1;
	}
	int got = store_submission_get(app->store, id, sub, &err);
	if (got < 0)
		log_error("admin: %s", err.p);
	buf_release(&err);
	if (got == 0)
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such submission");
	return got == 1 ? 0 : -1;
}

int handle_admin_diff(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct store_submission sub;
	if (submission_of_route(r, rs, &sub) < 0)
		return rs->status ? 0 : -1;
	struct live_draft ld;
	struct buf err = BUF_INIT, changed = BUF_INIT, diff = BUF_INIT;
	struct submission s = { 0 };
	bool already = false;
	bool open = live_draft_open_or_fail(r, rs, &ld);
	if (open && (submission_from_json(&s, sub.payload, strlen(sub.payload), NULL, &err) < 0 ||
		     draft_apply(&ld.d, &s, &app->cfg->draft.site, &changed, &already, NULL,
				 &err) < 0)) {
		fail(r, rs, ERR_DOES_NOT_APPLY, NULL, err.p);
	} else if (open) {
		struct buf la = BUF_INIT, lb = BUF_INIT;
		buf_addf(&la, "a/%s", ld.path);
		buf_addf(&lb, "b/%s", ld.path);
		unified_diff(ld.text, strlen(ld.text), changed.p ? changed.p : "", changed.len, la.p,
			     lb.p, &diff);
		resp_json(rs, HTTP_OK, json_pack("{s:s,s:s,s:b}", "path", ld.path, "diff",
					     diff.p ? diff.p : "", "already", already));
		buf_release(&la);
		buf_release(&lb);
	}
	resp_header(rs, "Cache-Control", "no-store");
	submission_free(&s);
	live_draft_close(&ld);
	buf_release(&err);
	buf_release(&changed);
	buf_release(&diff);
	store_submission_free(&sub);
	return 0;
}

int handle_admin_edit(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct admin_user *u = admin_user(r);
	struct store_submission sub;
	json_t *edits = req_input(r);
	if (submission_of_route(r, rs, &sub) < 0)
		return rs->status ? 0 : -1;
	json_t *payload = submission_merged(sub.payload, edits);
	const char *key;
	json_t *v;
	json_t *changed = json_array();
	json_object_foreach(edits, key, v)
		json_array_append_new(changed, json_string(key));
	struct checked_submission c;
	struct fault ce;
	struct live_draft ld;
	struct buf err = BUF_INIT;
	live_draft_open(app, &ld);
	if (sub.status != SUB_PENDING) {
		fail(r, rs, ERR_NOT_PENDING, NULL, "only pending submissions can be edited");
	} else if (submission_check(app, &ld, payload, &c, &ce) < 0) {
		fail_fault(r, rs, &ce);
	} else {
		struct store_submission_new row = {
			.section = c.section, .payload = c.payload, .author = c.author,
			.draft_path = c.draft_path, .entry_key = c.entry_key,
			.now = (int64_t)time(NULL),
		};
		struct store_twin twin;
		int ok = store_submission_edit(app->store, sub.id, &row, &twin, &err);
		if (ok < 0) {
			log_error("edit: %s", err.p);
			fail(r, rs, ERR_INTERNAL, NULL, "the edit could not be saved");
		} else if (ok == 2) {
			fail_twin(r, rs, NULL, &twin);
		} else if (ok == 0) {
			fail(r, rs, ERR_NOT_PENDING, NULL,
			     "only pending submissions can be edited");
		} else {
			char subject[32], *detail = json_dumps(changed, JSON_COMPACT);
			snprintf(subject, sizeof subject, "submission %lld", (long long)sub.id);
			audit(app, u->name, "edit", subject, detail);
			free(detail);
			/* the links may have changed: check again */
			checks_queue(app, sub.id);
			struct store_submission now;
			if (store_submission_get(app->store, sub.id, &now, &err) == 1) {
				resp_json(rs, HTTP_OK, sub_json(app, &ld, &now));
				store_submission_free(&now);
			}
		}
		checked_submission_free(&c);
	}
	live_draft_close(&ld);
	json_decref(changed);
	json_decref(payload);
	buf_release(&err);
	store_submission_free(&sub);
	return rs->status ? 0 : -1;
}

/* A pending entry goes to GitHub only when the live draft would change
 * and no other live submission carries it: one pull request per entry.
 * (An approved one whose job failed is retried as it is.) */
static bool approvable(struct req *r, struct resp *rs, int64_t id)
{
	struct app *app = req_app(r);
	struct store_submission sub;
	struct buf err = BUF_INIT;
	int got = store_submission_get(app->store, id, &sub, &err);
	if (got <= 0) {
		if (got < 0)
			log_error("approve: %s", err.p);
		else
			fail(r, rs, ERR_NOT_FOUND, NULL, "no such submission");
		buf_release(&err);
		return false;
	}
	bool ok = true;
	struct store_twin twin;
	struct checked_submission c;
	struct fault ce;
	struct live_draft ld;
	live_draft_open(app, &ld);
	json_t *payload = json_loads(sub.payload, 0, NULL);
	if (sub.status != SUB_PENDING || !payload) {
		/* the store says what may be approved */
	} else if (submission_check(app, &ld, payload, &c, &ce) < 0) {
		ok = false;
		/* it was checked when it came: the draft has moved on since */
		if (ce.err == ERR_INVALID_FIELD)
			ce.err = ce.already ? ERR_ALREADY_IN_DRAFT : ERR_DOES_NOT_APPLY;
		fail_fault(r, rs, &ce);
	} else {
		int t = store_submission_twin(app->store, c.entry_key, id, &twin, &err);
		if (t != 0) {
			ok = false;
			if (t > 0)
				fail_twin(r, rs, NULL, &twin);
			else
				log_error("approve: %s", err.p);
		}
		checked_submission_free(&c);
	}
	json_decref(payload);
	live_draft_close(&ld);
	store_submission_free(&sub);
	buf_release(&err);
	return ok;
}

int handle_admin_approve(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct admin_user *u = admin_user(r);
	int64_t id, job = 0;
	struct buf err = BUF_INIT;
	if (!id_param(r, &id)) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such submission");
		return 0;
	}
	if (!approvable(r, rs, id))
		return rs->status ? 0 : -1;
	int rc = store_submission_approve(app->store, id, pr_job_kind(app->cfg), (int64_t)time(NULL), &job,
					  &err);
	if (rc < 0) {
		log_error("approve: %s", err.p);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	if (rc == 0) {
		struct store_submission sub;
		if (submission_of_route(r, rs, &sub) == 0) {
			fail(r, rs, ERR_NOT_PENDING, NULL,
			     "only pending submissions (or approved ones whose pull request "
			     "failed) can be approved");
			store_submission_free(&sub);
		}
		return rs->status ? 0 : -1;
	}
	if (app->jobs)
		jobs_kick(app->jobs);
	char subject[32];
	snprintf(subject, sizeof subject, "submission %lld", (long long)id);
	audit(app, u->name, "approve", subject, NULL);
	resp_json(rs, HTTP_ACCEPTED, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)id, "status",
				     sub_status_name(SUB_APPROVED),
				     "job", (json_int_t)job));
	return 0;
}

int handle_admin_reject(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct admin_user *u = admin_user(r);
	int64_t id;
	const char *reason = in_text(r, "reason");
	struct buf err = BUF_INIT;
	if (!id_param(r, &id)) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such submission");
	} else {
		int rc = store_submission_reject(app->store, id, reason,
						 (int64_t)time(NULL), &err);
		if (rc < 0) {
			log_error("reject: %s", err.p);
		} else if (rc == 0) {
			struct store_submission sub;
			if (submission_of_route(r, rs, &sub) == 0) {
				fail(r, rs, ERR_NOT_PENDING, NULL,
				     "only pending submissions can be rejected");
				store_submission_free(&sub);
			}
		} else {
			char subject[32];
			snprintf(subject, sizeof subject, "submission %lld", (long long)id);
			audit(app, u->name, "reject", subject, reason);
			resp_json(rs, HTTP_OK, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status",
						     "rejected"));
		}
	}
	buf_release(&err);
	return rs->status ? 0 : -1;
}

void checks_queue(struct app *app, int64_t id)
{
	struct buf err = BUF_INIT;
	int64_t job = 0;
	if (store_job_enqueue(app->store, JOB_CHECK_LINKS, id, (int64_t)time(NULL), &job, &err) < 0)
		log_warn("submission %lld: checks not queued: %s", (long long)id, err.p);
	else
		jobs_kick(app->jobs);
	buf_release(&err);
}

int handle_admin_checks(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct store_submission sub;
	if (submission_of_route(r, rs, &sub) < 0)
		return rs->status ? 0 : -1;
	checks_queue(app, sub.id);
	resp_json(rs, HTTP_ACCEPTED, json_pack("{s:I,s:s}", "id", (json_int_t)sub.id, "checks", "queued"));
	store_submission_free(&sub);
	return 0;
}
