/* job_env.c: a job's clock and its ways to end */
#include "jobs/job_env.h"

#include <time.h>

int64_t job_now(const struct job_env *env)
{
	return env->now ? env->now() : (int64_t)time(NULL);
}

void job_fail_gh(struct job_outcome *out, const struct gh_response *r)
{
	out->result = gh_retryable(r->kind) ? JOB_RETRY : JOB_FAILED;
	out->retry_after = r->retry_after;
	buf_reset(&out->message);
	buf_adds(&out->message, r->message.p ? r->message.p : "GitHub request failed");
}

void job_vfail(struct job_outcome *out, enum job_result result, const char *fmt, va_list ap)
{
	out->result = result;
	out->retry_after = 0;
	buf_reset(&out->message);
	buf_vaddf(&out->message, fmt, ap);
}

void job_fail(struct job_outcome *out, enum job_result result, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	job_vfail(out, result, fmt, ap);
	va_end(ap);
}
