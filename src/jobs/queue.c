/* queue.c: the worker thread that runs queued jobs */
#include "jobs/queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "util/deadline.h"
#include "util/log.h"
#include "util/worker_thread.h"
#include "util/xalloc.h"
#include "store/jobs.h"

/* One thread of the worker and the jobs it claims. */
struct lane {
	struct jobs *j;
	pthread_t thread;
	enum job_kind kind; /* JOB_KIND_NONE: any job */
	bool only;          /* only jobs of kind, or all but them */
	bool kicked, started;
};

struct jobs {
	struct jobs_opts o;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct lane lanes[2];
	size_t n_lanes;
};

int64_t jobs_backoff(unsigned base, unsigned cap, int attempts)
{
	int64_t wait = base;
	for (int i = 1; i < attempts && wait < cap; i++)
		wait *= 2;
	return wait > cap ? cap : wait;
}

/* Runs job as its kind's runner says; a kind without one fails at once. */
static void dispatch(struct jobs *j, const struct store_job *job, struct job_outcome *out)
{
	const struct job_runner *k = NULL;
	if (j->o.runners && job->kind != JOB_KIND_NONE && (unsigned)job->kind < JOB_KIND__COUNT)
		k = &(*j->o.runners)[job->kind];
	if (k && k->run)
		k->run(k->ctx < JOBS_CTX_MAX ? j->o.ctx[k->ctx] : NULL, job, out);
	else if (job->kind == JOB_KIND_NONE)
		buf_addf(&out->message,
			 "unknown job kind '%s' (queued by another version of newsdesk?)",
			 store_job_kind_name(job));
	else
		buf_addf(&out->message, "no handler for job kind '%s'", store_job_kind_name(job));
}

static void run_one(struct jobs *j, const struct store_job *job)
{
	struct job_outcome out = { JOB_FAILED, 0, BUF_INIT };
	struct buf err = BUF_INIT;
	const char *kind = store_job_kind_name(job);
	dispatch(j, job, &out);
	int64_t now = (int64_t)time(NULL);
	int rc = 0;
	if (out.result == JOB_DONE) {
		rc = store_job_done(j->o.store, job->id, now, &err);
	} else if (out.result == JOB_WAIT) {
		int64_t wait = out.retry_after > 0 ? out.retry_after : JOBS_WAIT_S;
		log_info("job %lld (%s %lld) waits %llds: %s", (long long)job->id, kind,
			 (long long)job->subject_id, (long long)wait, out.message.p);
		rc = store_job_wait(j->o.store, job->id, now + wait, out.message.p, now, &err);
	} else if (out.result == JOB_RETRY && job->attempts < j->o.max_attempts) {
		int64_t wait = jobs_backoff(j->o.backoff_base_s, j->o.backoff_cap_s,
					    job->attempts);
		if (out.retry_after > wait)
			wait = out.retry_after;
		log_warn("job %lld (%s %lld) attempt %d: %s; retrying in %llds",
			 (long long)job->id, kind, (long long)job->subject_id,
			 job->attempts, out.message.p, (long long)wait);
		rc = store_job_retry(j->o.store, job->id, now + wait, out.message.p, now, &err);
	} else {
		log_error("job %lld (%s %lld) failed after %d attempts: %s",
			  (long long)job->id, kind, (long long)job->subject_id,
			  job->attempts, out.message.p);
		rc = store_job_fail(j->o.store, job->id, out.message.p, now, &err);
	}
	if (rc < 0)
		log_error("job %lld: cannot record the outcome: %s (it will run again)",
			  (long long)job->id, err.p);
	buf_release(&out.message);
	buf_release(&err);
}

static void *worker(void *arg)
{
	struct lane *l = arg;
	struct jobs *j = l->j;
	for (;;) {
		pthread_mutex_lock(&j->mu);
		bool stop = j->stop;
		l->kicked = false;
		pthread_mutex_unlock(&j->mu);
		if (stop)
			break;
		struct store_job job;
		struct buf err = BUF_INIT;
		int got = store_job_claim_lane(j->o.store, (int64_t)time(NULL), l->kind, l->only, &job,
					       &err);
		if (got < 0)
			log_error("jobs: %s", err.p);
		buf_release(&err);
		if (got == 1) {
			run_one(j, &job);
			/* a job's new state is on disk before the next one starts */
			store_durable_barrier(j->o.store);
			continue;
		}
		/* idle: sleep until kicked, stopped or the next poll */
		struct timespec until = deadline_after_ms((unsigned long)j->o.idle_poll_ms);
		pthread_mutex_lock(&j->mu);
		while (!j->stop && !l->kicked &&
		       pthread_cond_timedwait(&j->cv, &j->mu, &until) != ETIMEDOUT)
			;
		pthread_mutex_unlock(&j->mu);
	}
	return NULL;
}

struct jobs *jobs_start(const struct jobs_opts *o, struct buf *err)
{
	struct jobs *j = xcalloc(1, sizeof *j);
	j->o = *o;
	if (j->o.max_attempts < 1)
		j->o.max_attempts = 1;
	if (!j->o.idle_poll_ms)
		j->o.idle_poll_ms = JOBS_IDLE_POLL_MS;
	int requeued = 0;
	if (store_job_requeue_running(o->store, (int64_t)time(NULL), &requeued, err) < 0) {
		free(j);
		return NULL;
	}
	if (requeued)
		log_info("jobs: %d job(s) interrupted by the last stop are queued again", requeued);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->lanes[j->n_lanes++] = (struct lane){ .j = j, .kind = o->lane_kind, .only = false };
	if (o->lane_kind != JOB_KIND_NONE)
		j->lanes[j->n_lanes++] = (struct lane){ .j = j, .kind = o->lane_kind, .only = true };
	for (size_t i = 0; i < j->n_lanes; i++) {
		if (pthread_create(&j->lanes[i].thread, NULL, worker, &j->lanes[i]) != 0) {
			buf_adds(err, "cannot start the job worker");
			jobs_stop(j);
			return NULL;
		}
		j->lanes[i].started = true;
	}
	return j;
}

void jobs_kick(struct jobs *j)
{
	if (!j)
		return;   /* as jobs_stop(NULL): no worker, nothing to wake */
	pthread_mutex_lock(&j->mu);
	for (size_t i = 0; i < j->n_lanes; i++)
		j->lanes[i].kicked = true;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

void jobs_stop(struct jobs *j)
{
	if (!j)
		return;
	thread_flag_raise(&j->mu, &j->cv, &j->stop);
	for (size_t i = 0; i < j->n_lanes; i++)
		if (j->lanes[i].started)
			pthread_join(j->lanes[i].thread, NULL);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}
