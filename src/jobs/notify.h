/* notify.h: telling maintainers that a comment waits for review.
 *
 * When a comment is held for moderation and comments.notify_url is set,
 * a "notify_comment" job is queued (subject: the comment id).  The job
 * POSTs one JSON document to the URL (Slack/Matrix bridges, ntfy, a mail
 * relay...):
 *   {"event":"comment.pending","comment":{"id","page","author","email",
 *    "website","body","created_at"},"moderate_url":"PUBLIC_URL/admin#comments"}
 * A 2xx ends the job; 408, 429, 5xx and network errors retry with the
 * queue's backoff; any other status gives up.  A comment moderated before
 * the job runs is not announced.
 */
#ifndef NEWSDESK_NOTIFY_H
#define NEWSDESK_NOTIFY_H

#include <stdint.h>

#include "config/config.h"
#include "jobs/queue.h"
#include "store/store.h"

#define JOB_NOTIFY_COMMENT "notify_comment"

/* Queues the notification for comment id (if a URL is configured) and
 * wakes the worker.  Failures are logged: the comment is saved anyway. */
void notify_comment_queued(struct store *s, struct jobs *jobs, const struct config *cfg,
			   int64_t id, int64_t now);
/* The job; ctx is the worker's struct pr_ctx (its store and config). */
void notify_comment_run(void *ctx, const struct store_job *job, struct job_outcome *out);

#endif
