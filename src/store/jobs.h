/* jobs.h: the persistent job queue's rows (jobs.c). */
#ifndef NEWSDESK_STORE_JOBS_H
#define NEWSDESK_STORE_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The persistent job queue (jobs.c).  A job is (kind, subject); at most
 * one of each is live (queued or running) at a time.  The kind is an enum
 * above the store and its name (store/states.h) in the database. */
struct store_job {
	int64_t id;
	enum job_kind kind;      /* JOB_KIND_NONE: the row names a kind this binary does
				  * not know (one a newer version queued) ... */
	char unknown_kind[32];   /* ... this one, for the message that fails the job */
	int64_t subject_id;
	enum job_state state;
	int attempts;
	int64_t run_after;
	char last_error[512];
};
/* The kind's name as the row has it, known to this binary or not. */
const char *store_job_kind_name(const struct store_job *job);
/* Queues a job unless one is live already; *id gets the live job's id.
 * -1 for JOB_KIND_NONE or a value out of range. */
int store_job_enqueue(struct store *s, enum job_kind kind, int64_t subject_id,
		      int64_t now, int64_t *id, struct buf *err);
/* Claims the oldest due job: 1 with *job filled, 0 when none is due. */
int store_job_claim(struct store *s, int64_t now, struct store_job *job,
		    struct buf *err);
/* The same for one lane of the worker: only jobs of kind (only), or all
 * but them (!only); JOB_KIND_NONE claims any. */
int store_job_claim_lane(struct store *s, int64_t now, enum job_kind kind, bool only,
			 struct store_job *job, struct buf *err);
int store_job_done(struct store *s, int64_t id, int64_t now, struct buf *err);
/* Back in the queue at run_after without counting the attempt: the job
 * waits for something that is no failure (a draft not there yet). */
int store_job_wait(struct store *s, int64_t id, int64_t run_after,
		   const char *why, int64_t now, struct buf *err);
int store_job_retry(struct store *s, int64_t id, int64_t run_after,
		    const char *error, int64_t now, struct buf *err);
int store_job_fail(struct store *s, int64_t id, const char *error, int64_t now,
		   struct buf *err);
/* Puts jobs left running by a stopped process back in the queue; *count
 * gets how many. */
int store_job_requeue_running(struct store *s, int64_t now, int *count,
			      struct buf *err);
/* 1 found, 0 no such job, -1 error (as every lookup). */
int store_job_get(struct store *s, int64_t id, struct store_job *job,
		  struct buf *err);

#endif
