/* submissions.c: submission rows and their pull-request bookkeeping */
#include "store/store_internal.h"
#include "store/jobs.h"
#include "store/submissions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void store_submission_free(struct store_submission *sub)
{
	char **const fields[] = { &sub->section, &sub->payload, &sub->author, &sub->reason,
			    &sub->branch, &sub->commit_sha, &sub->prev_commit_sha,
			    &sub->base_sha, &sub->pr_url, &sub->last_error,
			    &sub->draft_path, &sub->note, &sub->status_token, &sub->checks,
			    &sub->source };
	STORE_FREE_TEXTS(fields);
}

/* Columns in the order of SUB_COLS (stmts.c). */
static void read_sub(sqlite3_stmt *st, void *out)
{
	struct store_submission *sub = out;
	memset(sub, 0, sizeof *sub);
	sub->id = sqlite3_column_int64(st, 0);
	/* the table's CHECK allows the names only */
	if (!sub_status_parse((const char *)sqlite3_column_text(st, 1), &sub->status))
		sub->status = SUB_PENDING;
	sub->section = store_col_text(st, 2);
	sub->payload = store_col_text(st, 3);
	sub->author = store_col_text(st, 4);
	sub->reason = store_col_text(st, 5);
	sub->branch = store_col_text(st, 6);
	sub->commit_sha = store_col_text(st, 7);
	sub->prev_commit_sha = store_col_text(st, 8);
	sub->base_sha = store_col_text(st, 9);
	sub->pr_number = sqlite3_column_int64(st, 10);
	sub->pr_url = store_col_text(st, 11);
	sub->last_error = store_col_text(st, 12);
	sub->draft_path = store_col_text(st, 13);
	sub->note = store_col_text(st, 14);
	sub->created_at = sqlite3_column_int64(st, 15);
	sub->updated_at = sqlite3_column_int64(st, 16);
	sub->approved_at = sqlite3_column_int64(st, 17);
	sub->status_token = store_col_text(st, 18);
	sub->author_github_id = sqlite3_column_int64(st, 19);
	sub->checks = store_col_text(st, 20);
	sub->source = store_col_text(st, 21);
}

static void read_twin(sqlite3_stmt *st, void *out)
{
	struct store_twin *twin = out;
	twin->id = sqlite3_column_int64(st, 0);
	if (!sub_status_parse((const char *)sqlite3_column_text(st, 1), &twin->status))
		twin->status = SUB_PENDING;
	snprintf(twin->status_token, sizeof twin->status_token, "%s",
		 (const char *)sqlite3_column_text(st, 2));
	twin->author_github_id = sqlite3_column_int64(st, 3);
}

int store_submission_twin(struct store *s, const unsigned char *entry_key, int64_t exclude_id,
			  struct store_twin *twin, struct buf *err)
{
	if (!entry_key)
		return 0;
	const struct store_param p[] = { PARAM_BLOB(entry_key, ENTRY_KEY_BYTES),
					 PARAM_INT(exclude_id) };
	const struct store_one q = STORE_ONE(STMT_SUB_TWIN, "twin lookup", p);
	return store_row(s, &q, read_twin, twin, err);
}

struct sub_write {
	int64_t id;    /* the row edited; the row inserted */
	const struct store_submission_new *n;
	struct store_twin *twin;
	int result;
};

static int insert_row(struct store *s, struct sub_write *a, struct buf *err)
{
	const struct store_submission_new *n = a->n;
	const struct store_param p[] = {
		PARAM_BLOB(n->token_hash, SUBMISSION_TOKEN_HASH_BYTES), PARAM_TEXT(n->section),
		PARAM_TEXT(n->payload), PARAM_TEXT(n->author), PARAM_TEXT(n->draft_path),
		PARAM_INT(n->now), PARAM_TEXT(n->token), PARAM_BLOB(n->entry_key, ENTRY_KEY_BYTES),
		PARAM_INT(n->author_github_id),
	};
	struct store_one one = STORE_ONE(STMT_SUB_INSERT, "save submission", p);
	if (store_step_one(s, &one, err) < 0)
		return -1;
	a->id = one.rowid;
	a->result = 1;
	return 0;
}

/* 1 when it changed the row */
static int edit_row(struct store *s, struct sub_write *a, struct buf *err)
{
	const struct store_submission_new *n = a->n;
	const struct store_param p[] = {
		PARAM_INT(a->id), PARAM_TEXT(n->payload), PARAM_TEXT(n->section),
		PARAM_TEXT(n->author), PARAM_TEXT(n->draft_path), PARAM_INT(n->now),
		PARAM_BLOB(n->entry_key, ENTRY_KEY_BYTES),
	};
	struct store_one one = STORE_ONE(STMT_SUB_EDIT, "edit submission", p);
	if (store_step_one(s, &one, err) < 0)
		return -1;
	a->result = one.changes > 0;
	return 0;
}

/* A new row (a->id 0) or an edit of a->id, unless the same entry is in
 * another submission already: then its twin, and a->result 0 for a new
 * row, 2 for an edit. */
static int sub_write_run(struct store *s, void *arg, struct buf *err)
{
	struct sub_write *a = arg;
	int found = store_submission_twin(s, a->n->entry_key, a->id, a->twin, err);
	if (found < 0)
		return -1;
	if (found) {
		a->result = a->id ? 2 : 0;
		return 0;
	}
	return a->id ? edit_row(s, a, err) : insert_row(s, a, err);
}

int store_submission_insert(struct store *s, const struct store_submission_new *n,
			    int64_t *id, struct store_twin *twin, struct buf *err)
{
	struct sub_write a = { 0, n, twin, 0 };
	if (store_write(s, sub_write_run, &a, err) < 0)
		return -1;
	if (a.result)
		*id = a.id;
	return a.result;
}

int store_submission_get(struct store *s, int64_t id, struct store_submission *sub,
			 struct buf *err)
{
	return store_row_by_id(s, STMT_SUB_GET, "read submission", id, read_sub, sub, err);
}

int store_submission_get_by_token(struct store *s, const unsigned char *token_hash,
				  struct store_submission *sub, struct buf *err)
{
	const struct store_param p[] = { PARAM_BLOB(token_hash, SUBMISSION_TOKEN_HASH_BYTES) };
	const struct store_one q = STORE_ONE(STMT_SUB_GET_BY_TOKEN, "read submission", p);
	return store_row(s, &q, read_sub, sub, err);
}

int store_submission_set_status(struct store *s, int64_t id, enum sub_status status,
				const char *reason, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(sub_status_name(status)),
					 PARAM_TEXT(reason), PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_SUB_SET_STATUS, "update submission", p);
	return store_write_one(s, &one, err);
}

struct sub_approve {
	int64_t id, now;
	enum job_kind job_kind;
	int64_t *job_id;
	int result;
};

/* 1 approved with its job queued, 0 when it was not pending */
static int approve_run(struct store *s, void *arg, struct buf *err)
{
	struct sub_approve *a = arg;
	const struct store_param p[] = { PARAM_INT(a->id), PARAM_INT(a->now) };
	struct store_one one = STORE_ONE(STMT_SUB_APPROVE, "approve submission", p);
	if (store_step_one(s, &one, err) < 0)
		return -1;
	a->result = one.changes > 0;
	if (!a->result)
		return 0;
	return store_job_enqueue(s, a->job_kind, a->id, a->now, a->job_id, err);
}

int store_submission_approve(struct store *s, int64_t id, enum job_kind job_kind,
			     int64_t now, int64_t *job_id, struct buf *err)
{
	struct sub_approve a = { id, now, job_kind, job_id, 0 };
	return store_write(s, approve_run, &a, err) < 0 ? -1 : a.result;
}

static int set_text(struct store *s, enum stmt which, int64_t id, const char *v,
		    int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(v), PARAM_INT(now) };
	struct store_one one = STORE_ONE(which, "update submission", p);
	return store_write_one(s, &one, err);
}

int store_submission_set_branch(struct store *s, int64_t id, const char *branch,
				const char *draft_path, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(branch), PARAM_INT(now),
					 PARAM_TEXT(draft_path) };
	struct store_one one = STORE_ONE(STMT_SUB_SET_BRANCH, "update submission", p);
	return store_write_one(s, &one, err);
}

int store_submission_set_error(struct store *s, int64_t id, const char *error,
			       int64_t now, struct buf *err)
{
	return set_text(s, STMT_SUB_SET_ERROR, id, error, now, err);
}

int store_submission_set_note(struct store *s, int64_t id, const char *note,
			      int64_t now, struct buf *err)
{
	return set_text(s, STMT_SUB_SET_NOTE, id, note, now, err);
}

int store_submission_set_checks(struct store *s, int64_t id, const char *checks_json,
				struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(checks_json) };
	struct store_one one = STORE_ONE(STMT_SUB_SET_CHECKS, "save checks", p);
	return store_write_one(s, &one, err);
}

int store_submission_set_commit(struct store *s, int64_t id, const char *commit_sha,
				const char *prev_sha, const char *base_sha, int64_t now,
				struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(commit_sha),
					 PARAM_TEXT(base_sha), PARAM_INT(now), PARAM_TEXT(prev_sha) };
	struct store_one one = STORE_ONE(STMT_SUB_SET_COMMIT, "update submission", p);
	return store_write_one(s, &one, err);
}

int store_submission_set_pr(struct store *s, int64_t id, int64_t number,
			    const char *url, enum sub_status status, int64_t now,
			    struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_INT(number), PARAM_TEXT(url),
					 PARAM_TEXT(sub_status_name(status)), PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_SUB_SET_PR, "update submission", p);
	return store_write_one(s, &one, err);
}

struct id_list {
	int64_t **ids;
	size_t *n, cap;
};

static void add_id(sqlite3_stmt *st, void *arg)
{
	struct id_list *a = arg;
	*a->ids = xgrowarray(*a->ids, &a->cap, *a->n + 1, sizeof **a->ids);
	(*a->ids)[(*a->n)++] = sqlite3_column_int64(st, 0);
}

int store_submission_ids(struct store *s, enum sub_status status, int64_t **ids,
			 size_t *n, struct buf *err)
{
	*ids = NULL;
	*n = 0;
	const struct store_param p[] = { PARAM_TEXT(sub_status_name(status)) };
	const struct store_one q = STORE_ONE(STMT_SUB_IDS_BY_STATUS, "list submissions", p);
	struct id_list a = { ids, n, 0 };
	if (store_rows(s, &q, add_id, &a, err) < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

struct sub_list {
	struct store_submission **v;
	size_t *n, cap;
};

static void add_sub(sqlite3_stmt *st, void *arg)
{
	struct sub_list *a = arg;
	*a->v = xgrowarray(*a->v, &a->cap, *a->n + 1, sizeof **a->v);
	read_sub(st, &(*a->v)[(*a->n)++]);
}

/* q's submissions into *out, n of them (none when it fails). */
static int collect(struct store *s, const struct store_one *q, struct store_submission **out,
		   size_t *n, struct buf *err)
{
	*out = NULL;
	*n = 0;
	struct sub_list a = { out, n, 0 };
	if (store_rows(s, q, add_sub, &a, err) == 0)
		return 0;
	store_submissions_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

/* Each submission q lists to fn (all read first, freed after). */
static int each_sub(struct store *s, const struct store_one *q,
		    void (*fn)(const struct store_submission *sub, void *arg), void *arg,
		    struct buf *err)
{
	struct store_submission *v;
	size_t n;
	if (collect(s, q, &v, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		fn(&v[i], arg);
	store_submissions_free(v, n);
	return 0;
}

int store_submission_list(struct store *s, const enum sub_status *status, int limit,
			  void (*fn)(const struct store_submission *sub, void *arg),
			  void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(status ? sub_status_name(*status) : NULL),
					 PARAM_INT(limit) };
	const struct store_one q = { status ? STMT_SUB_LIST : STMT_SUB_LIST_ALL, "list submissions",
				     p, 2, 0, 0 };
	return each_sub(s, &q, fn, arg, err);
}

int store_submission_list_by_github(struct store *s, int64_t github_id, int limit,
				    void (*fn)(const struct store_submission *sub, void *arg),
				    void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(github_id), PARAM_INT(limit) };
	const struct store_one q = STORE_ONE(STMT_SUB_BY_GITHUB, "list submissions", p);
	return each_sub(s, &q, fn, arg, err);
}

int store_submission_edit(struct store *s, int64_t id, const struct store_submission_new *n,
			  struct store_twin *twin, struct buf *err)
{
	struct sub_write a = { id, n, twin, 0 };
	return store_write(s, sub_write_run, &a, err) < 0 ? -1 : a.result;
}

/* A pending submission ended with a reason: 1 done, 0 not pending. */
static int end_pending(struct store *s, enum stmt which, int64_t id, const char *reason,
		       int64_t now, const char *what, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(reason), PARAM_INT(now) };
	struct store_one one = STORE_ONE(which, what, p);
	return store_write_one(s, &one, err) < 0 ? -1 : one.changes > 0;
}

int store_submission_reject(struct store *s, int64_t id, const char *reason,
			    int64_t now, struct buf *err)
{
	return end_pending(s, STMT_SUB_REJECT, id, reason, now, "reject submission", err);
}

int store_submission_batch(struct store *s, const char *draft_path,
			   struct store_submission **out, size_t *n, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(draft_path) };
	const struct store_one q = STORE_ONE(STMT_SUB_MONTHLY_BATCH, "list an issue's entries", p);
	return collect(s, &q, out, n, err);
}

void store_submissions_free(struct store_submission *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_submission_free(&v[i]);
	free(v);
}

struct harvest_write {
	const struct store_harvest_new *n;
	int64_t id;
	enum harvest_outcome outcome;
};

static int harvest_write_run(struct store *s, void *arg, struct buf *err)
{
	struct harvest_write *a = arg;
	const struct store_harvest_new *n = a->n;
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_HARVEST_FIND, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, n->key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	enum sub_status status = SUB_PENDING;
	bool found = rc == SQLITE_ROW, same = false;
	if (found) {
		a->id = sqlite3_column_int64(st, 0);
		if (!sub_status_parse((const char *)sqlite3_column_text(st, 1), &status))
			status = SUB_PENDING;
		const char *payload = (const char *)sqlite3_column_text(st, 2);
		same = payload && strcmp(payload, n->payload) == 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(sqlite3_db_handle(st), "find harvest proposal", err);
	if (found && status == SUB_PENDING) {
		if (same) {
			a->outcome = HARVEST_UNCHANGED;
			return 0;
		}
		const struct store_param p[] = {
			PARAM_INT(a->id), PARAM_TEXT(n->payload), PARAM_TEXT(n->section),
			PARAM_TEXT(n->author), PARAM_TEXT(n->draft_path), PARAM_INT(n->now),
		};
		struct store_one one = STORE_ONE(STMT_SUB_HARVEST_UPDATE, "update harvest proposal", p);
		if (store_step_one(s, &one, err) < 0)
			return -1;
		a->outcome = HARVEST_UPDATED;
		return 0;
	}
	/* under review otherwise (asked to change, approved, in a pull request),
	 * or turned down: the proposal is not made twice */
	if (found && status != SUB_MERGED) {
		a->outcome = HARVEST_IN_REVIEW;
		return 0;
	}
	const struct store_param p[] = {
		PARAM_BLOB(n->token_hash, SUBMISSION_TOKEN_HASH_BYTES), PARAM_TEXT(n->token),
		PARAM_TEXT(n->section), PARAM_TEXT(n->payload), PARAM_TEXT(n->author),
		PARAM_TEXT(n->draft_path), PARAM_INT(n->now), PARAM_TEXT(n->key),
	};
	struct store_one one = STORE_ONE(STMT_SUB_HARVEST_INSERT, "save harvest proposal", p);
	if (store_step_one(s, &one, err) < 0)
		return -1;
	a->id = one.rowid;
	a->outcome = HARVEST_NEW;
	return 0;
}

int store_harvest_propose(struct store *s, const struct store_harvest_new *n, int64_t *id,
			  enum harvest_outcome *outcome, struct buf *err)
{
	struct harvest_write a = { n, 0, HARVEST_NEW };
	if (store_write(s, harvest_write_run, &a, err) < 0)
		return -1;
	*id = a.id;
	*outcome = a.outcome;
	return 0;
}
