/* reviews.c: the steps of a review conversation (reviews.h) */
#include "store/reviews.h"

#include <stdio.h>

#include "store/jobs.h"
#include "store/sessions.h"
#include "store/store_internal.h"

struct step_run {
	const struct store_sub_step *st;
	enum stmt change;
	const struct store_param *params;
	size_t n_params;
	const char *kind;                     /* the event */
	const struct store_submission_new *n; /* a revision's new text */
	struct store_twin *twin;
	int result;
};

/* The row's change, then what goes with it: the event, the audit line and
 * the notification.  A row the change does not apply to changes nothing. */
static int step_run(struct store *s, void *arg, struct buf *err)
{
	struct step_run *a = arg;
	const struct store_sub_step *st = a->st;
	if (a->n && a->n->entry_key) {
		int found = store_submission_twin(s, a->n->entry_key, st->id, a->twin, err);
		if (found < 0)
			return -1;
		if (found) {
			a->result = 2;
			return 0;
		}
	}
	struct store_one change = { a->change, "change submission", a->params, a->n_params, 0, 0 };
	if (store_step_one(s, &change, err) < 0)
		return -1;
	a->result = change.changes > 0;
	if (!a->result)
		return 0;
	const struct store_param ev[] = { PARAM_INT(st->id), PARAM_INT(st->now),
					  PARAM_TEXT(st->actor), PARAM_TEXT(a->kind),
					  PARAM_TEXT(st->message), PARAM_TEXT(st->detail) };
	struct store_one event = STORE_ONE(STMT_SUB_EVENT_ADD, "keep the review's step", ev);
	if (store_step_one(s, &event, err) < 0)
		return -1;
	char subject[40];
	snprintf(subject, sizeof subject, "submission %lld", (long long)st->id);
	if (store_audit(s, st->now, st->actor, a->kind, subject, st->message, err) < 0)
		return -1;
	int64_t job;
	if (st->notify != JOB_KIND_NONE &&
	    store_job_enqueue(s, st->notify, st->id, st->now, &job, err) < 0)
		return -1;
	return 0;
}

static int step(struct store *s, struct step_run *a, struct buf *err)
{
	return store_write(s, step_run, a, err) < 0 ? -1 : a->result;
}

int store_submission_request_changes(struct store *s, const struct store_sub_step *st,
				     struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(st->id), PARAM_TEXT(st->message),
					 PARAM_INT(st->now) };
	struct step_run a = { st, STMT_SUB_REQUEST_CHANGES, p, 3, "changes_requested", NULL,
			      NULL, 0 };
	return step(s, &a, err);
}

int store_submission_revise(struct store *s, const struct store_sub_step *st,
			    const struct store_submission_new *n, struct store_twin *twin,
			    struct buf *err)
{
	const struct store_param p[] = {
		PARAM_INT(st->id), PARAM_TEXT(n->payload), PARAM_TEXT(n->section),
		PARAM_TEXT(n->author), PARAM_TEXT(n->draft_path), PARAM_INT(st->now),
		PARAM_BLOB(n->entry_key, ENTRY_KEY_BYTES),
	};
	struct step_run a = { st, STMT_SUB_REVISE, p, 7, "revised", n, twin, 0 };
	return step(s, &a, err);
}

int store_submission_withdraw(struct store *s, const struct store_sub_step *st,
			      struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(st->id), PARAM_TEXT(SUB_WITHDRAWN_REASON),
					 PARAM_INT(st->now) };
	struct step_run a = { st, STMT_SUB_WITHDRAW, p, 3, "withdrawn", NULL, NULL, 0 };
	return step(s, &a, err);
}

typedef void (*event_fn)(const struct store_sub_event *e, void *arg);

static void each_event(sqlite3_stmt *st, void *arg)
{
	const struct store_callback *cb = arg;
	struct store_sub_event e = {
		sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
		(const char *)sqlite3_column_text(st, 4),
	};
	((event_fn)cb->fn)(&e, cb->arg);
}

int store_submission_events(struct store *s, int64_t id,
			    void (*fn)(const struct store_sub_event *e, void *arg), void *arg,
			    struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id) };
	const struct store_one q = STORE_ONE(STMT_SUB_EVENTS, "read a review", p);
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, &q, each_event, (void *)&cb, err);
}
