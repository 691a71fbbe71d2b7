/* mail.h: readers' addresses for reply mails, what they asked for, and the
 * mails the relay took (mail.c; sql/0017_mail.sql).
 *
 * An address is lower-case and named by its id outside the store (mail
 * links carry the id).  It is active once confirmed (double opt-in) and
 * until it unsubscribes from everything; a new opt-in after that asks for
 * a confirmation again.  "Forget" takes the address off every comment that
 * holds it and removes its row, and with it every subscription. */
#ifndef NEWSDESK_STORE_MAIL_H
#define NEWSDESK_STORE_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* A confirmation mail goes at most this often to one address. */
#define MAIL_CONFIRM_EVERY_S 86400

struct store_mail_address {
	int64_t id;
	char *email;                 /* malloc'd */
	int64_t confirm_queued_at;   /* 0 = never */
	int64_t confirmed_at;        /* 0 = not (or no more) */
	int64_t unsubscribed_at;     /* 0 = not */
};
void store_mail_address_free(struct store_mail_address *a);
/* Confirmed and not unsubscribed since. */
bool store_mail_address_active(const struct store_mail_address *a);

/* comment_id wants replies at email: the address row (made when new) and
 * the subscription.  *confirm gets the address id when a confirmation mail
 * is to be queued now (not confirmed, and none asked for within
 * MAIL_CONFIRM_EVERY_S; the time is recorded), else 0.  A section: from
 * another section it runs inside it. */
int store_mail_subscribe(struct store *s, int64_t comment_id, const char *email, int64_t now,
			 int64_t *confirm, struct buf *err);
/* The row of email, made when new (a moderator's digest address). */
int store_mail_address_of(struct store *s, const char *email, struct store_mail_address *out,
			  struct buf *err);
/* 1 found, 0 no such address, -1. */
int store_mail_address_get(struct store *s, int64_t id, struct store_mail_address *out,
			   struct buf *err);
/* The address that asked for replies to comment_id: 1 (*address_id), 0 none. */
int store_mail_subscription_of(struct store *s, int64_t comment_id, int64_t *address_id,
			       struct buf *err);
/* 1 done, 0 no such address (or subscription). */
int store_mail_confirm(struct store *s, int64_t id, int64_t now, struct buf *err);
int store_mail_unsubscribe_comment(struct store *s, int64_t address_id, int64_t comment_id,
				   struct buf *err);
int store_mail_unsubscribe_all(struct store *s, int64_t id, int64_t now, struct buf *err);
/* The address off every comment holding it (*comments: how many; their
 * author key becomes the name's, as for a comment without an email), and
 * its row gone.  1 done, 0 no such address. */
int store_mail_forget(struct store *s, int64_t id, int64_t *comments, struct buf *err);

/* Did the relay take the mail of this Message-ID?  1 yes, 0 no. */
int store_mail_was_sent(struct store *s, const char *message_id, struct buf *err);
/* The relay took it: recorded, and job_id (0: none) done, in one section. */
int store_mail_sent(struct store *s, const char *message_id, int64_t job_id, int64_t now,
		    struct buf *err);

#endif
