/* kinds.c: the kind an approval queues; queueing a notification */
#include "jobs/kinds.h"

#include "util/log.h"
#include "store/jobs.h"

enum job_kind pr_job_kind(const struct config *cfg)
{
	return cfg->github.pr_mode == PR_MODE_MONTHLY ? JOB_MONTHLY_PR : JOB_OPEN_PR;
}

void notify_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		  enum job_kind kind, int64_t id, int64_t now)
{
	if (!cfg->comments.notify_url[0])
		return;
	struct buf err = BUF_INIT;
	int64_t job = 0;
	if (store_job_enqueue(s, kind, id, now, &job, &err) < 0)
		log_warn("%s %lld: notification not queued: %s", job_kind_name(kind),
			 (long long)id, err.p);
	else if (jobs)
		jobs_kick(jobs);
	buf_release(&err);
}
