/* job_env.h: what the jobs that talk to GitHub are given, and how they end.
 *
 * Each worker lane has its own GitHub client (the pull-request lane and the
 * link checks' lane), so a job uses env->gh without a lock. */
#ifndef NEWSDESK_JOB_ENV_H
#define NEWSDESK_JOB_ENV_H

#include <stdarg.h>
#include <stdint.h>

#include "config/config.h"
#include "github/client.h"
#include "jobs/queue.h"
#include "store/store.h"

struct job_env {
	struct store *store;
	const struct config *cfg;
	struct gh_client *gh;     /* used by one worker thread only */
	int64_t (*now)(void);     /* NULL: time() */
};

int64_t job_now(const struct job_env *env);

/* Ends the job after a failed GitHub call, as GitHub's answer says: a retry
 * (after its retry-after) or a failure, with GitHub's message. */
void job_fail_gh(struct job_outcome *out, const struct gh_response *r);
/* Ends the job with result for a reason of its own. */
void job_fail(struct job_outcome *out, enum job_result result, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void job_vfail(struct job_outcome *out, enum job_result result, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
