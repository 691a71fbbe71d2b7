/* admin_comments.c: the moderation queue — list by status (each comment
 * with its page and the comment it answers), approve, reject, spam,
 * delete, and the same for many at once.  Every action is audited. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "http/errors.h"
#include "features/comments/comments.h"
#include "features/comments/comment_api.h"
#include "http/fields.h"
#include "jobs/kinds.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "store/comments.h"

#define QUEUE_LIMIT 500
#define BULK_MAX 200

struct listing {
	struct app *app;
	json_t *arr;
};

static void add_admin(struct store_comment *c, void *arg)
{
	struct listing *l = arg;
	char created[TIME_RFC3339_MAX], edited[TIME_RFC3339_MAX];
	time_rfc3339(c->created_at, created);
	time_rfc3339(c->edited_at, edited);
	json_t *o = json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s,s:s,s:s?,s:s}", "id",
			      (json_int_t)c->id, "page", c->page, "author", c->author, "email",
			      c->email, "website", c->website, "body", c->body_md, "html",
			      c->body_html, "status", comment_status_name(c->status), "client_ip", c->client_ip,
			      "created_at", created);
	json_object_set_new(o, "edited_at", c->edited_at ? json_string(edited) : json_null());
	json_object_set_new(o, "parent", c->parent_id ? json_integer(c->parent_id) : json_null());
	/* a GitHub sign-in wrote it: the moderator sees the account, as readers do */
	json_object_set_new(o, "verified", json_boolean(c->github_id > 0));
	if (l->app->cfg->comments.site_url[0]) {
		char url[4096];
		snprintf(url, sizeof url, "%s%s", l->app->cfg->comments.site_url, c->page);
		json_object_set_new(o, "page_url", json_string(url));
	}
	/* the comment answered, so a moderator judges the reply in context */
	if (c->parent_id) {
		struct store_comment p;
		struct buf err = BUF_INIT;
		if (store_comment_get(l->app->store, c->parent_id, &p, &err) == 1) {
			json_object_set_new(o, "parent_comment",
					    json_pack("{s:I,s:s,s:s,s:s}", "id",
						      (json_int_t)p.id, "author", p.author,
						      "html", p.body_html, "status",
						      comment_status_name(p.status)));
			store_comment_free(&p);
		}
		buf_release(&err);
	}
	json_array_append_new(l->arr, o);
}

int handle_admin_comments_list(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *q = in_text(r, "status");
	enum comment_status status;
	if (!comment_status_parse(q ? q : "pending", &status)) {
		fail(r, rs, ERR_INVALID_FIELD,
		     "status", "status must be pending, approved, rejected or spam");
		return 0;
	}
	struct listing l = { app, json_array() };
	struct buf err = BUF_INIT;
	if (store_comment_list_status(app->store, status, QUEUE_LIMIT, add_admin, &l, &err) < 0) {
		log_error("comment queue: %s", err.p);
		buf_release(&err);
		json_decref(l.arr);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "comments cannot be listed right now");
		return 0;
	}
	buf_release(&err);
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:o}", "status", comment_status_name(status), "comments",
				     l.arr));
	return 0;
}

/* One action on one comment: 1 done, 0 no such comment, -1 store failure. */
static int act(struct app *app, const char *actor, int64_t id, const char *action)
{
	struct store_comment c;
	struct buf err = BUF_INIT;
	int found = store_comment_get(app->store, id, &c, &err);
	if (found <= 0) {
		if (found < 0)
			log_error("comment %lld: %s", (long long)id, err.p);
		buf_release(&err);
		return found;
	}
	int64_t now = (int64_t)time(NULL);
	enum comment_status to;
	int done;
	if (comment_action_status(action, &to))
		done = store_comment_set_status(app->store, id, to, now, &err);
	else
		done = store_comment_delete(app->store, id, &err);
	if (done < 0)
		log_error("comment %lld: %s", (long long)id, err.p);
	/* a reply published now is mailed to whom it answers, if they asked */
	if (done > 0 && comment_action_status(action, &to) && to == COMMENT_APPROVED) {
		mail_reply_queue(app->store, app->jobs, app->cfg, id, c.parent_id, now);
		/* and its own opt-in, held until now, asks for its confirmation */
		mail_confirm_queue(app->store, app->jobs, app->cfg, id, now);
	}
	if (done > 0) {
		comment_page_changed(app, c.page);
		char subject[48];
		snprintf(subject, sizeof subject, "comment %lld", (long long)id);
		audit(app, actor, action, subject, c.page);
	}
	store_comment_free(&c);
	buf_release(&err);
	return done;
}

static bool known_action(const char *a)
{
	enum comment_status ignored;
	return comment_action_status(a, &ignored) || (a && strcmp(a, "delete") == 0);
}

static void answer(struct req *r, struct resp *rs, int done, int64_t id, const char *action)
{
	enum comment_status to;
	if (done < 0)
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the comment could not be changed");
	else if (done == 0)
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment");
	else if (!comment_action_status(action, &to))
		resp_bytes(rs, HTTP_NO_CONTENT, "application/json", "", 0);   /* delete */
	else
		resp_json(rs, HTTP_OK, json_pack("{s:I,s:s}", "id", (json_int_t)id, "status",
					     comment_status_name(to)));
}

int handle_admin_comment_moderate(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	int64_t id = comment_id_param(r);
	const char *action = req_param(r, 1);
	if (id < 0 || !known_action(action) || strcmp(action, "delete") == 0) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment action");
		return 0;
	}
	answer(r, rs, act(app, admin_user(r)->name, id, action), id, action);
	return 0;
}

int handle_admin_comment_delete(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	int64_t id = comment_id_param(r);
	if (id < 0) {
		fail(r, rs, ERR_NOT_FOUND, NULL, "no such comment");
		return 0;
	}
	answer(r, rs, act(app, admin_user(r)->name, id, "delete"), id, "delete");
	return 0;
}

const struct input_spec admin_comments_input = INPUT(IN_QUERY, NULL,
	FIELD("status", FT_TEXT, 0, 16));

const struct input_spec admin_bulk_input = INPUT(IN_JSON, NULL,
	FIELD("action", FT_TEXT, F_REQUIRED, 16),
	FIELD("ids", FT_IDS, F_REQUIRED, BULK_MAX));

/* {"action":"approve"|"reject"|"spam"|"delete","ids":[...]} →
 * {"done":[ids],"missing":[ids]}; each id is its own change. */
int handle_admin_comments_bulk(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	json_t *ids = in_value(r, "ids");
	const char *a = in_text(r, "action");
	if (!known_action(a)) {
		fail(r, rs, ERR_INVALID_FIELD,
		     "action", "action must be approve, reject, spam or delete");
		return 0;
	}
	size_t i;
	json_t *v;
	json_t *done = json_array(), *missing = json_array();
	json_array_foreach(ids, i, v) {
		int rc = act(app, admin_user(r)->name, json_integer_value(v), a);
		if (rc < 0) {
			json_decref(done);
			json_decref(missing);
			fail(r, rs, ERR_UNAVAILABLE, NULL, "the comments could not all be changed");
			return 0;
		}
		json_array_append(rc ? done : missing, v);
	}
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:o,s:o}", "action", a, "done", done, "missing",
				     missing));
	return 0;
}
