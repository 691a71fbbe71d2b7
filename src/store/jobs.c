/* jobs.c: the job queue's rows */
#include "store/store_internal.h"
#include "store/jobs.h"

#include <stdio.h>
#include <string.h>

/* Columns: id, kind, subject_id, state, attempts, run_after, last_error
 * (the order STMT_JOB_CLAIM returns and STMT_JOB_GET selects). */
static void read_job(sqlite3_stmt *st, struct store_job *job)
{
	memset(job, 0, sizeof *job);
	job->id = sqlite3_column_int64(st, 0);
	const char *kind = (const char *)sqlite3_column_text(st, 1);
	if (!job_kind_parse(kind, &job->kind)) {
		job->kind = JOB_KIND_NONE;
		snprintf(job->unknown_kind, sizeof job->unknown_kind, "%s", kind ? kind : "");
	}
	job->subject_id = sqlite3_column_int64(st, 2);
	if (!job_state_parse((const char *)sqlite3_column_text(st, 3), &job->state))
		job->state = JOB_STATE_QUEUED;
	job->attempts = sqlite3_column_int(st, 4);
	job->run_after = sqlite3_column_int64(st, 5);
	snprintf(job->last_error, sizeof job->last_error, "%s",
		 (const char *)sqlite3_column_text(st, 6));
}

const char *store_job_kind_name(const struct store_job *job)
{
	return job->kind == JOB_KIND_NONE ? job->unknown_kind : job_kind_name(job->kind);
}

int store_job_enqueue(struct store *s, enum job_kind kind, int64_t subject_id,
		      int64_t now, int64_t *id, struct buf *err)
{
	if (kind == JOB_KIND_NONE || (unsigned)kind >= JOB_KIND__COUNT) {
		if (err)
			buf_addf(err, "queue job: no job kind %d", (int)kind);
		return -1;
	}
	const char *name = job_kind_name(kind);
	/* the live job's id is read in the same section: once it ends, the
	 * worker may have run the job to its end already */
	if (store_write_begin(s, err) < 0)
		return -1;
	sqlite3_stmt *st = store_write_stmt(s, STMT_JOB_ENQUEUE, err);
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, subject_id);
	sqlite3_bind_int64(st, 3, now);
	if (store_write_done(s, st, "queue job", err) < 0 ||
	    !(st = store_stmt(s, STMT_JOB_FIND_LIVE, err)))
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, subject_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && id)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		store_fail(sqlite3_db_handle(st), "queue job", err);
		goto fail;
	}
	return store_write_end(s, 0, err);
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

int store_job_claim(struct store *s, int64_t now, struct store_job *job,
		    struct buf *err)
{
	return store_job_claim_lane(s, now, JOB_KIND_NONE, false, job, err);
}

int store_job_claim_lane(struct store *s, int64_t now, enum job_kind kind, bool only,
			 struct store_job *job, struct buf *err)
{
	bool lane = kind != JOB_KIND_NONE;
	sqlite3_stmt *st = store_write_stmt(s, lane ? STMT_JOB_CLAIM_LANE : STMT_JOB_CLAIM, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	if (lane) {
		sqlite3_bind_text(st, 2, job_kind_name(kind), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, only);
	}
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		read_job(st, job);
		found = 1;
		/* RETURNING rows: step to the end so the update commits */
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
	}
	if (rc != SQLITE_DONE)
		found = store_fail(sqlite3_db_handle(st), "claim job", err);
	sqlite3_reset(st);
	return store_write_end(s, found < 0 ? -1 : 0, err) < 0 ? -1 : found;
}

int store_job_done(struct store *s, int64_t id, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_JOB_DONE, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_write_done(s, st, "finish job", err);
}

static int requeue(struct store *s, enum stmt which, int64_t id, int64_t run_after,
		   const char *error, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, which, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, run_after);
	sqlite3_bind_text(st, 3, error ? error : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_write_done(s, st, "requeue job", err);
}

int store_job_retry(struct store *s, int64_t id, int64_t run_after,
		    const char *error, int64_t now, struct buf *err)
{
	return requeue(s, STMT_JOB_RETRY, id, run_after, error, now, err);
}

int store_job_wait(struct store *s, int64_t id, int64_t run_after,
		   const char *why, int64_t now, struct buf *err)
{
	return requeue(s, STMT_JOB_WAIT, id, run_after, why, now, err);
}

int store_job_fail(struct store *s, int64_t id, const char *error, int64_t now,
		   struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_JOB_FAIL, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, error ? error : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	return store_write_done(s, st, "fail job", err);
}

int store_job_requeue_running(struct store *s, int64_t now, int *count,
			      struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_JOB_REQUEUE_RUNNING, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	if (store_write_done(s, st, "requeue jobs", err) < 0)
		return -1;
	if (count)
		*count = store_last_changes(s);
	return 0;
}

int store_job_get(struct store *s, int64_t id, struct store_job *job,
		  struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_JOB_GET, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_job(st, job);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "read job", err);
}
