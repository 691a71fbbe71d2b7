/* mail.h: mail to readers and moderators, through the job queue.
 *
 *   mail_confirm  (subject: an address) the double opt-in: one mail with a
 *                 link to a page whose button confirms the address (a
 *                 link scanner's GET confirms nothing)
 *   mail_reply    (subject: a reply) to the author of the comment replied
 *                 to, when it asked for replies and its address is
 *                 confirmed; judged when the job runs: a reply deleted,
 *                 rejected or not published by then, or written from the
 *                 same address, sends nothing
 *   mail_digest   (subject: the period, now / digest_hours) what waits for
 *                 moderation and review, to each of mail.digest_to
 *
 * Every mail carries the unsubscribe link (List-Unsubscribe, with RFC
 * 8058's one-click POST) naming the address by id, signed under the
 * service's comment key (auth/comment_tokens.h).  Each mail has a
 * Message-ID made from its kind and target; once the relay takes it, the
 * id is recorded together with the job's end (store/mail.h), so a job run
 * again after that sends nothing.  The relay's answers are sorted by
 * net/smtp.h: a retry with the queue's backoff, or a failure, logged
 * without the address. */
#ifndef NEWSDESK_MAIL_H
#define NEWSDESK_MAIL_H

#include "auth/comment_tokens.h"
#include "config/config.h"
#include "core/app.h"
#include "http/fields.h"
#include "jobs/queue.h"
#include "store/jobs.h"
#include "store/store.h"

struct mail_ctx {
	struct store *store;
	const struct config *cfg;
	const struct comment_keys *keys;
	char tag[17];   /* this installation's part of every Message-ID */
};
void mail_ctx_init(struct mail_ctx *m, struct store *s, const struct config *cfg,
		   const struct comment_keys *keys);
/* The job of every JOB_MAIL_* kind; ctx is a struct mail_ctx. */
void mail_run(void *ctx, const struct store_job *job, struct job_outcome *out);

/* The links in the mails: GET shows a page with buttons, POST acts. */
int handle_mail_confirm_page(struct req *r, struct resp *rs);
int handle_mail_confirm(struct req *r, struct resp *rs);
int handle_mail_unsubscribe_page(struct req *r, struct resp *rs);
int handle_mail_unsubscribe(struct req *r, struct resp *rs);
/* The unsubscribe POST's form: action, or RFC 8058's List-Unsubscribe. */
extern const struct input_spec mail_unsubscribe_input;

#endif
