/* jobs.c: the job queue's rows */
#include "store/store_internal.h"
#include "store/jobs.h"

#include <stdio.h>
#include <string.h>

/* Columns: id, kind, subject_id, state, attempts, run_after, last_error
 * (the order STMT_JOB_CLAIM returns and STMT_JOB_GET selects). */
static void read_job(sqlite3_stmt *st, void *out)
{
	struct store_job *job = out;
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

struct job_new {
	const char *kind;
	int64_t subject_id, now;
	int64_t *id;
};

/* the live job's id is read in the same section: once it ends, the
 * worker may have run the job to its end already */
static int enqueue_run(struct store *s, void *arg, struct buf *err)
{
	struct job_new *a = arg;
	const struct store_param p[] = { PARAM_TEXT(a->kind), PARAM_INT(a->subject_id),
					 PARAM_INT(a->now) };
	struct store_one queue = STORE_ONE(STMT_JOB_ENQUEUE, "queue job", p);
	if (store_step_one(s, &queue, err) < 0)
		return -1;
	const struct store_one live = { STMT_JOB_FIND_LIVE, "queue job", p, 2, 0, 0 };
	int64_t id = 0;
	int found = store_row(s, &live, store_read_int, &id, err);
	if (found == 0 && err)
		buf_adds(err, "queue job: it is not in the queue");
	if (found <= 0)
		return -1;
	if (a->id)
		*a->id = id;
	return 0;
}

int store_job_enqueue(struct store *s, enum job_kind kind, int64_t subject_id,
		      int64_t now, int64_t *id, struct buf *err)
{
	if (kind == JOB_KIND_NONE || (unsigned)kind >= JOB_KIND__COUNT) {
		if (err)
			buf_addf(err, "queue job: no job kind %d", (int)kind);
		return -1;
	}
	struct job_new a = { job_kind_name(kind), subject_id, now, id };
	return store_write(s, enqueue_run, &a, err);
}

int store_job_claim(struct store *s, int64_t now, struct store_job *job,
		    struct buf *err)
{
	return store_job_claim_lane(s, now, JOB_KIND_NONE, false, job, err);
}

struct job_claim {
	int64_t now;
	const char *kind;
	bool only;
	struct store_job *job;
	int found;
};

static int claim_run(struct store *s, void *arg, struct buf *err)
{
	struct job_claim *a = arg;
	const struct store_param p[] = { PARAM_INT(a->now), PARAM_TEXT(a->kind),
					 PARAM_INT(a->only) };
	const struct store_one q = { a->kind ? STMT_JOB_CLAIM_LANE : STMT_JOB_CLAIM, "claim job", p,
				     a->kind ? 3 : 1, 0, 0 };
	a->found = store_row(s, &q, read_job, a->job, err);
	return a->found < 0 ? -1 : 0;
}

int store_job_claim_lane(struct store *s, int64_t now, enum job_kind kind, bool only,
			 struct store_job *job, struct buf *err)
{
	struct job_claim a = { now, kind == JOB_KIND_NONE ? NULL : job_kind_name(kind), only, job,
			       0 };
	return store_write(s, claim_run, &a, err) < 0 ? -1 : a.found;
}

int store_job_done(struct store *s, int64_t id, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_JOB_DONE, "finish job", p);
	return store_write_one(s, &one, err);
}

static int requeue(struct store *s, enum stmt which, int64_t id, int64_t run_after,
		   const char *error, int64_t now, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_INT(run_after),
					 PARAM_TEXT(error ? error : ""), PARAM_INT(now) };
	struct store_one one = STORE_ONE(which, "requeue job", p);
	return store_write_one(s, &one, err);
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
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(error ? error : ""),
					 PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_JOB_FAIL, "fail job", p);
	return store_write_one(s, &one, err);
}

int store_job_requeue_running(struct store *s, int64_t now, int *count,
			      struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_JOB_REQUEUE_RUNNING, "requeue jobs", p);
	if (store_write_one(s, &one, err) < 0)
		return -1;
	if (count)
		*count = one.changes;
	return 0;
}

int store_job_get(struct store *s, int64_t id, struct store_job *job,
		  struct buf *err)
{
	return store_row_by_id(s, STMT_JOB_GET, "read job", id, read_job, job, err);
}
