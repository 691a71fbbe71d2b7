/* mail_text.h: what each mail says, as text and as HTML (every piece of a
 * reader's text escaped with markdown/escape.h), and its subject. */
#ifndef NEWSDESK_MAIL_TEXT_H
#define NEWSDESK_MAIL_TEXT_H

#include <stdint.h>

#include "config/config.h"
#include "store/comments.h"
#include "store/mail.h"
#include "util/buf.h"

struct mail_body {
	struct buf subject, text, html;
};
void mail_body_free(struct mail_body *b);

/* The confirmation of the opt-ins l lists. */
void mail_text_confirm(const struct config *cfg, const struct store_mail_awaiting_list *l,
		       const char *confirm_url, const char *unsub_url, struct mail_body *b);
void mail_text_reply(const struct config *cfg, const struct store_comment *reply,
		     const char *reply_url, const char *unsub_url, struct mail_body *b);

/* One waiting item of the digest: who, where, and its first line. */
struct digest_item {
	char *who, *where, *what;
};
#define DIGEST_ITEMS 10
struct digest {
	int64_t comments, submissions;   /* counted up to DIGEST_COUNT_MAX */
	struct digest_item comment[DIGEST_ITEMS], submission[DIGEST_ITEMS];
	int n_comment, n_submission;     /* the newest of each */
};
#define DIGEST_COUNT_MAX 500
void digest_free(struct digest *d);
void mail_text_digest(const struct config *cfg, const struct digest *d, const char *unsub_url,
		      struct mail_body *b);

/* The first line of a text, at most max bytes (cut on a character). */
char *mail_first_line(const char *s, size_t max);

#endif
