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
	char **fields[] = { &sub->section, &sub->payload, &sub->author, &sub->reason,
			    &sub->branch, &sub->commit_sha, &sub->prev_commit_sha,
			    &sub->base_sha, &sub->pr_url, &sub->last_error,
			    &sub->draft_path, &sub->note, &sub->status_token, &sub->checks };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

/* Columns in the order of SUB_COLS (stmts.c). */
static void read_sub(sqlite3_stmt *st, struct store_submission *sub)
{
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
}

int store_submission_twin(struct store *s, const unsigned char *entry_key, int64_t exclude_id,
			  struct store_twin *twin, struct buf *err)
{
	if (!entry_key)
		return 0;
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_TWIN, err);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, entry_key, ENTRY_KEY_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, exclude_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		twin->id = sqlite3_column_int64(st, 0);
		if (!sub_status_parse((const char *)sqlite3_column_text(st, 1), &twin->status))
			twin->status = SUB_PENDING;
		snprintf(twin->status_token, sizeof twin->status_token, "%s",
			 (const char *)sqlite3_column_text(st, 2));
		twin->author_github_id = sqlite3_column_int64(st, 3);
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	buf_addf(err, "twin lookup: %s", sqlite3_errstr(rc));
	return -1;
}

int store_submission_insert(struct store *s, const struct store_submission_new *n,
			    int64_t *id, struct store_twin *twin, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	int found = store_submission_twin(s, n->entry_key, 0, twin, err);
	if (found != 0) {
		store_write_end(s, -1, NULL);
		return found > 0 ? 0 : -1;
	}
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_INSERT, err);
	if (!st)
		goto fail;
	sqlite3_bind_blob(st, 1, n->token_hash, SUBMISSION_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, n->section, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, n->payload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, n->author, -1, SQLITE_TRANSIENT);
	store_bind_opt(st, 5, n->draft_path);
	sqlite3_bind_int64(st, 6, n->now);
	sqlite3_bind_text(st, 7, n->token, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 9, n->author_github_id);
	if (n->entry_key)
		sqlite3_bind_blob(st, 8, n->entry_key, ENTRY_KEY_BYTES, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 8);
	if (store_write_done(s, st, "save submission", err) < 0)
		goto fail;
	*id = store_last_rowid(s);
	return store_write_end(s, 0, err) < 0 ? -1 : 1;
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

static int get_one(sqlite3_stmt *st, struct store_submission *sub, struct buf *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_sub(st, sub);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(sqlite3_db_handle(st), "read submission", err);
}

int store_submission_get(struct store *s, int64_t id, struct store_submission *sub,
			 struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_GET, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return get_one(st, sub, err);
}

int store_submission_get_by_token(struct store *s, const unsigned char *token_hash,
				  struct store_submission *sub, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_GET_BY_TOKEN, err);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, token_hash, SUBMISSION_TOKEN_HASH_BYTES, SQLITE_TRANSIENT);
	return get_one(st, sub, err);
}

int store_submission_set_status(struct store *s, int64_t id, enum sub_status status,
				const char *reason, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_SET_STATUS, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, sub_status_name(status), -1, SQLITE_STATIC);
	store_bind_opt(st, 3, reason);
	sqlite3_bind_int64(st, 4, now);
	return store_write_done(s, st, "update submission", err);
}

int store_submission_approve(struct store *s, int64_t id, enum job_kind job_kind,
			     int64_t now, int64_t *job_id, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_APPROVE, err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	if (store_write_done(s, st, "approve submission", err) < 0)
		goto fail;
	if (store_last_changes(s) == 0) {
		store_write_end(s, -1, NULL);
		return 0;
	}
	if (store_job_enqueue(s, job_kind, id, now, job_id, err) < 0)
		goto fail;
	return store_write_end(s, 0, err) < 0 ? -1 : 1;
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

static int set_text(struct store *s, enum stmt which, int64_t id, const char *v,
		    int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, which, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_opt(st, 2, v);
	sqlite3_bind_int64(st, 3, now);
	return store_write_done(s, st, "update submission", err);
}

int store_submission_set_branch(struct store *s, int64_t id, const char *branch,
				const char *draft_path, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_SET_BRANCH, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, branch, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, draft_path, -1, SQLITE_TRANSIENT);
	return store_write_done(s, st, "update submission", err);
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
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_SET_CHECKS, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, checks_json, -1, SQLITE_TRANSIENT);
	return store_write_done(s, st, "save checks", err);
}

int store_submission_set_commit(struct store *s, int64_t id, const char *commit_sha,
				const char *prev_sha, const char *base_sha, int64_t now,
				struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_SET_COMMIT, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, commit_sha, -1, SQLITE_TRANSIENT);
	store_bind_opt(st, 3, base_sha);
	sqlite3_bind_int64(st, 4, now);
	store_bind_opt(st, 5, prev_sha);
	return store_write_done(s, st, "update submission", err);
}

int store_submission_set_pr(struct store *s, int64_t id, int64_t number,
			    const char *url, enum sub_status status, int64_t now,
			    struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_SET_PR, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, number);
	store_bind_opt(st, 3, url);
	sqlite3_bind_text(st, 4, sub_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return store_write_done(s, st, "update submission", err);
}

int store_submission_ids(struct store *s, enum sub_status status, int64_t **ids,
			 size_t *n, struct buf *err)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_IDS_BY_STATUS, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sub_status_name(status), -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xgrowarray(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(sqlite3_db_handle(st), "list submissions", err);
	}
	return 0;
}

int store_submission_list(struct store *s, const enum sub_status *status, int limit,
			  void (*fn)(const struct store_submission *sub, void *arg),
			  void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, status ? STMT_SUB_LIST : STMT_SUB_LIST_ALL, err);
	if (!st)
		return -1;
	if (status)
		sqlite3_bind_text(st, 1, sub_status_name(*status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_submission sub;
		read_sub(st, &sub);
		fn(&sub, arg);
		store_submission_free(&sub);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "list submissions", err);
}

int store_submission_edit(struct store *s, int64_t id, const struct store_submission_new *n,
			  struct store_twin *twin, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	int found = store_submission_twin(s, n->entry_key, id, twin, err);
	if (found != 0) {
		store_write_end(s, -1, NULL);
		return found > 0 ? 2 : -1;
	}
	sqlite3_stmt *st = store_write_stmt(s, STMT_SUB_EDIT, err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, n->payload, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, n->section, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, n->author, -1, SQLITE_TRANSIENT);
	store_bind_opt(st, 5, n->draft_path);
	sqlite3_bind_int64(st, 6, n->now);
	if (n->entry_key)
		sqlite3_bind_blob(st, 7, n->entry_key, ENTRY_KEY_BYTES, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 7);
	if (store_write_done(s, st, "edit submission", err) < 0)
		goto fail;
	int changed = store_last_changes(s) > 0;
	return store_write_end(s, 0, err) < 0 ? -1 : changed;
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

/* A pending submission ended with a reason: 1 done, 0 not pending. */
static int end_pending(struct store *s, enum stmt which, int64_t id, const char *reason,
		       int64_t now, const char *what, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, which, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	if (store_write_done(s, st, what, err) < 0)
		return -1;
	return store_last_changes(s) > 0 ? 1 : 0;
}

int store_submission_withdraw(struct store *s, int64_t id, int64_t now, struct buf *err)
{
	return end_pending(s, STMT_SUB_WITHDRAW, id, SUB_WITHDRAWN_REASON, now,
			   "withdraw submission", err);
}

int store_submission_reject(struct store *s, int64_t id, const char *reason,
			    int64_t now, struct buf *err)
{
	return end_pending(s, STMT_SUB_REJECT, id, reason, now, "reject submission", err);
}

int store_submission_batch(struct store *s, const char *draft_path,
			   struct store_submission **out, size_t *n, struct buf *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, STMT_SUB_MONTHLY_BATCH, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, draft_path, -1, SQLITE_TRANSIENT);
	int rc;
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		read_sub(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_submissions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_fail(sqlite3_db_handle(st), "list an issue's entries", err);
	}
	return 0;
}

void store_submissions_free(struct store_submission *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_submission_free(&v[i]);
	free(v);
}
