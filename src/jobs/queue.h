/* queue.h: the persistent job queue worker.
 *
 * Jobs live in SQLite (store_job_*), so a queued job survives a crash or
 * restart; at start, jobs left "running" by a stopped process are queued
 * again, which is why every job must be idempotent (the pull-request job
 * looks before it writes).  One worker thread runs one job at a time:
 * that also keeps GitHub writes one at a time.  Jobs of lane_kind (the
 * link checks, which wait on other people's servers) run on a second
 * thread of their own, so that a pull request never waits behind them.  A job that asks to retry
 * waits base * 2^(attempts-1) seconds, capped, or longer when the job
 * says so (GitHub's retry-after); after max_attempts it is marked failed.
 */
#ifndef NEWSDESK_JOBS_QUEUE_H
#define NEWSDESK_JOBS_QUEUE_H

#include <stdint.h>

#include "store/store.h"
#include "store/jobs.h"
#include "util/buf.h"

/* JOB_WAIT: not ready yet and not failing (the next draft is not there):
 * runs again after retry_after (JOBS_WAIT_S when 0), the attempt not
 * counted, so a wait of weeks never exhausts JOBS_MAX_ATTEMPTS. */
enum job_result { JOB_DONE, JOB_RETRY, JOB_FAILED, JOB_WAIT };
#define JOBS_WAIT_S 600

struct job_outcome {
	enum job_result result;
	long retry_after;     /* seconds; 0 = use the backoff */
	struct buf message;   /* why it failed or will retry */
};

typedef void (*job_fn)(void *ctx, const struct store_job *job,
		       struct job_outcome *out);

/* What runs one kind of job.  A worker's runners are one const table
 * indexed by enum job_kind (app/serve.c: `[JOB_OPEN_PR] = { pr_open_run,
 * … }`); what each is given is filled at start-up into jobs_opts.ctx, never
 * into the table.  A job whose kind has no run (or that this binary does
 * not know: store/jobs.h) fails at once, named. */
struct job_runner {
	job_fn run;
	unsigned ctx;   /* which of jobs_opts.ctx run is given */
};

#define JOBS_CTX_MAX 4

struct jobs_opts {
	struct store *store;
	const struct job_runner (*runners)[JOB_KIND__COUNT];
	void *ctx[JOBS_CTX_MAX];  /* what the runners are given, by their ctx */
	unsigned backoff_base_s;  /* JOBS_BACKOFF_BASE_S in service; 0 retries at once */
	unsigned backoff_cap_s;   /* JOBS_BACKOFF_CAP_S */
	int max_attempts;         /* JOBS_MAX_ATTEMPTS; at least 1 */
	unsigned idle_poll_ms;    /* how often an idle worker looks for due jobs */
	enum job_kind lane_kind;  /* jobs of this kind get a thread of their own;
				   * JOB_KIND_NONE: none */
};

#define JOBS_BACKOFF_BASE_S 5
#define JOBS_BACKOFF_CAP_S 3600
#define JOBS_MAX_ATTEMPTS 12
#define JOBS_IDLE_POLL_MS 1000

struct jobs;

struct jobs *jobs_start(const struct jobs_opts *o, struct buf *err);
/* Wakes the worker: new work was queued. */
void jobs_kick(struct jobs *j);
/* Lets the current job finish, then stops the worker and frees j. */
void jobs_stop(struct jobs *j);

/* The wait before attempt `attempts`+1 (pure, for tests). */
int64_t jobs_backoff(unsigned base, unsigned cap, int attempts);

#endif
