/* kinds.h: which jobs there are, and queueing the ones features ask for.
 *
 * A feature queues work by kind; the worker that runs a kind is bound to
 * it in app/serve.c's table, so no feature includes another's worker. */
#ifndef NEWSDESK_JOB_KINDS_H
#define NEWSDESK_JOB_KINDS_H

#include <stdint.h>

#include "config/config.h"
#include "jobs/queue.h"
#include "store/store.h"

#define JOB_OPEN_PR "open_pr"
#define JOB_REFRESH_PRS "refresh_prs"
#define JOB_MONTHLY_PR "monthly_pr"
#define JOB_CHECK_LINKS "check_links"
#define JOB_NOTIFY_COMMENT "notify_comment"
#define JOB_NOTIFY_SUB_PENDING "notify_submission_pending"
#define JOB_NOTIFY_PR_OPENED "notify_pr_opened"
#define JOB_NOTIFY_PR_MERGED "notify_pr_merged"
#define JOB_NOTIFY_SUB_MOVED "notify_submission_moved"

/* The job an approval queues: open_pr, or monthly_pr in monthly mode. */
const char *pr_job_kind(const struct config *cfg);

/* Queues the notification `kind` (one of the JOB_NOTIFY_* names) for a
 * comment or submission id, if a URL is configured, and wakes the worker
 * (jobs may be NULL: the worker itself).  Failures are logged only. */
void notify_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		  const char *kind, int64_t id, int64_t now);

#endif
