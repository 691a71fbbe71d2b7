/* notify.h: telling maintainers what happened, where they already talk.
 *
 * With comments.notify_url set, each event queues a job (its kind names
 * the event, its subject the comment or submission); the job POSTs one
 * document to the URL, built from the row as it is when the job runs:
 *
 *   comment.pending       a comment waits for moderation
 *   submission.pending    a contribution waits for review
 *   pull_request.opened   an approved one became a pull request
 *   pull_request.merged   ... and was merged
 *   submission.moved      its issue was published first: it goes into the next
 *   submission.changes_requested  a maintainer asked its contributor for a change
 *   submission.updated    its contributor revised it: it waits for review again
 *
 * comments.notify_format "newsdesk":
 *   {"event":"comment.pending","comment":{"id","page","author","email",
 *    "website","body","created_at"},"moderate_url":"PUBLIC_URL/admin#comments"}
 *   {"event":"submission.pending","submission":{"id","section","author",
 *    "author_verified","status","pr_url","note"},"review_url":"PUBLIC_URL/admin"}
 * "slack": {"text":"…"} — Slack's incoming webhook, which Zulip,
 * Mattermost, Rocket.Chat and Discord (/slack) accept as well.
 *
 * Delivered (a 2xx) ends the job; an answer worth another try (network
 * errors and the statuses net/outgoing.h names) retries with the queue's
 * backoff; a refusal gives up.  A comment moderated (or a
 * submission reviewed) before its "pending" job runs is not announced.
 */
#ifndef NEWSDESK_NOTIFY_H
#define NEWSDESK_NOTIFY_H

#include <stdint.h>

#include "config/config.h"
#include "jobs/kinds.h"
#include "store/store.h"
#include "store/comments.h"
#include "store/jobs.h"
#include "store/submissions.h"


/* What the notification job needs: the rows and where to send them. */
struct notify_ctx {
	struct store *store;
	const struct config *cfg;
};
/* The job of every kind above; ctx is a struct notify_ctx. */
void notify_run(void *ctx, const struct store_job *job, struct job_outcome *out);

/* The document for an event (exposed for tests): malloc'd JSON text, or
 * NULL when there is nothing to say any more. */
char *notify_comment_body(const struct config *cfg, const struct store_comment *c);
char *notify_submission_body(const struct config *cfg, const char *event,
			     const struct store_submission *sub);

#endif
