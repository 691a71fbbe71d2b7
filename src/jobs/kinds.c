/* kinds.c: the kind an approval queues; queueing a notification */
#include "jobs/kinds.h"

#include "util/log.h"
#include "store/jobs.h"
#include "store/mail.h"

enum job_kind pr_job_kind(const struct config *cfg)
{
	return cfg->github.pr_mode == PR_MODE_MONTHLY ? JOB_MONTHLY_PR : JOB_OPEN_PR;
}

static void queue(struct store *s, struct jobs *jobs, enum job_kind kind, int64_t id,
		  int64_t now)
{
	struct buf err = BUF_INIT;
	int64_t job = 0;
	if (store_job_enqueue(s, kind, id, now, &job, &err) < 0)
		log_warn("%s %lld: not queued: %s", job_kind_name(kind),
			 (long long)id, err.p);
	else if (jobs)
		jobs_kick(jobs);
	buf_release(&err);
}

void notify_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		  enum job_kind kind, int64_t id, int64_t now)
{
	if (cfg->comments.notify_url[0])
		queue(s, jobs, kind, id, now);
}

void mail_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		enum job_kind kind, int64_t subject, int64_t now)
{
	if (cfg_mail_on(cfg))
		queue(s, jobs, kind, subject, now);
}

void mail_confirm_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
			int64_t comment_id, int64_t now)
{
	if (!cfg_mail_on(cfg))
		return;
	struct buf err = BUF_INIT;
	int64_t address = 0, run_after = now;
	int due = store_mail_confirm_due(s, comment_id, now, &address, &run_after, &err);
	if (due < 0)
		log_warn("comment %lld: confirmation mail not queued: %s", (long long)comment_id,
			 err.p);
	buf_release(&err);
	if (due == 1)
		queue(s, jobs, JOB_MAIL_CONFIRM, address, run_after);
}

void mail_reply_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		      int64_t reply_id, int64_t parent_id, int64_t now)
{
	if (!cfg_mail_on(cfg) || parent_id <= 0)
		return;
	struct buf err = BUF_INIT;
	int64_t address = 0;
	int wants = store_mail_subscription_of(s, parent_id, &address, &err);
	if (wants < 0)
		log_warn("comment %lld: reply mail not queued: %s", (long long)reply_id, err.p);
	buf_release(&err);
	if (wants == 1)
		queue(s, jobs, JOB_MAIL_REPLY, reply_id, now);
}
