/* kinds.h: queueing the jobs features ask for.
 *
 * The kinds themselves are enum job_kind (store/states.h: one name table,
 * the names the database keeps).  A feature queues work by kind; the worker
 * that runs a kind is bound to it in app/serve.c's const table, so no
 * feature includes another's worker. */
#ifndef NEWSDESK_JOB_KINDS_H
#define NEWSDESK_JOB_KINDS_H

#include <stdint.h>

#include "config/config.h"
#include "jobs/queue.h"
#include "store/states.h"
#include "store/store.h"

/* The job an approval queues: open_pr, or monthly_pr in monthly mode. */
enum job_kind pr_job_kind(const struct config *cfg);

/* Queues the notification `kind` (one of the JOB_NOTIFY_* kinds) for a
 * comment or submission id, if a URL is configured, and wakes the worker
 * (jobs may be NULL: the worker itself).  Failures are logged only. */
void notify_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		  enum job_kind kind, int64_t id, int64_t now);

/* Queues a mail job (JOB_MAIL_*) for subject when [mail] is on, and
 * wakes the worker as notify_queue does. */
void mail_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		enum job_kind kind, int64_t subject, int64_t now);
/* A comment was published: when it asked for replies and awaits its
 * confirmation, its address's confirmation mail is queued (at most one an
 * hour; the mail lists every published comment then awaiting one). */
void mail_confirm_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
			int64_t comment_id, int64_t now);
/* A reply was published: its mail is queued when its parent asked for
 * replies (whether it still goes is judged when the job runs). */
void mail_reply_queue(struct store *s, struct jobs *jobs, const struct config *cfg,
		      int64_t reply_id, int64_t parent_id, int64_t now);

#endif
