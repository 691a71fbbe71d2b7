/* mail.h: readers' addresses for reply mails, what they asked for, and the
 * mails the relay took (mail.c; sql/0017_mail.sql, 0018_mail_consent.sql).
 *
 * An address is lower-case and named by its id outside the store (mail
 * links carry the id).  Consent is per subscription: each "tell me about
 * replies" is confirmed by a confirmation mail listing its comment, since
 * anyone can type someone's address into a comment.  An address that
 * unsubscribed from everything stays so: no later comment subscribes it
 * again.  "Forget" takes the address off every comment that holds it and
 * removes its row, keeping only a keyed hash so that nothing is sent to it
 * again either. */
#ifndef NEWSDESK_STORE_MAIL_H
#define NEWSDESK_STORE_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define MAIL_CONFIRM_EVERY_S 3600           /* one confirmation mail an hour per address */
#define MAIL_CONFIRM_VALID_S (7 * 86400)    /* a confirmation link holds a week */
#define MAIL_OPT_IN_LAPSE_S (30 * 86400)    /* an opt-in unconfirmed this long lapses */
#define MAIL_CONFIRM_LIST 20                /* comments one confirmation lists */
#define MAIL_HASH_BYTES 32

struct store_mail_address {
	int64_t id;
	char *email;                 /* malloc'd */
	int64_t confirm_mailed_at;   /* 0 = never */
	int64_t confirmed_at;        /* 0 = nothing confirmed yet */
	int64_t unsubscribed_at;     /* 0 = not */
};
void store_mail_address_free(struct store_mail_address *a);
/* Not unsubscribed from everything. */
bool store_mail_address_active(const struct store_mail_address *a);

/* Has email (hash: its keyed hash) asked for nothing more?  1 yes, 0 no. */
int store_mail_suppressed(struct store *s, const char *email, const unsigned char *hash,
			  struct buf *err);
/* comment_id wants replies at email: the address row (made when new) and
 * an unconfirmed subscription.  1 subscribed, 0 the address asked for
 * nothing more (nothing kept).  A section: from another section it runs
 * inside it. */
int store_mail_subscribe(struct store *s, int64_t comment_id, const char *email,
			 const unsigned char *hash, int64_t now, struct buf *err);
/* comment_id, published now, waits for its confirmation: 1 with the
 * address and when its confirmation mail may go (one an hour), 0 none. */
int store_mail_confirm_due(struct store *s, int64_t comment_id, int64_t now,
			   int64_t *address_id, int64_t *run_after, struct buf *err);
/* What a confirmation mail lists: the address's published comments
 * awaiting confirmation, newest first. */
struct store_mail_awaiting {
	int64_t comment_id, created_at;
	char *page, *body_md;   /* malloc'd */
};
struct store_mail_awaiting_list {
	struct store_mail_awaiting v[MAIL_CONFIRM_LIST];
	int n;
};
/* The list, the mail's time recorded with it (a section). */
int store_mail_confirm_begin(struct store *s, int64_t address_id, int64_t now,
			     struct store_mail_awaiting_list *out, struct buf *err);
void store_mail_awaiting_free(struct store_mail_awaiting_list *l);
/* The confirmation link: the address's published subscriptions up to
 * comment upto confirmed (*confirmed: how many now).  1 done, 0 no such
 * address, or one that asked for nothing more. */
int store_mail_confirm(struct store *s, int64_t id, int64_t upto, int64_t now,
		       int64_t *confirmed, struct buf *err);

/* The row of email as a moderator's digest address, made when new. */
int store_mail_address_of(struct store *s, const char *email, struct store_mail_address *out,
			  struct buf *err);
/* 1 found, 0 no such address, -1. */
int store_mail_address_get(struct store *s, int64_t id, struct store_mail_address *out,
			   struct buf *err);
/* The confirmed address that asked for replies to comment_id: 1
 * (*address_id), 0 none. */
int store_mail_subscription_of(struct store *s, int64_t comment_id, int64_t *address_id,
			       struct buf *err);
/* 1 done, 0 no such address (or subscription). */
int store_mail_unsubscribe_comment(struct store *s, int64_t address_id, int64_t comment_id,
				   struct buf *err);
int store_mail_unsubscribe_all(struct store *s, int64_t id, int64_t now, struct buf *err);
/* The address off every comment holding it (*comments: how many; their
 * author key becomes the name's, as for a comment without an email), its
 * row gone, its hash kept.  1 done, 0 no such address. */
int store_mail_forget(struct store *s, int64_t id, const unsigned char *hash, int64_t now,
		      int64_t *comments, struct buf *err);
/* Opt-ins left unconfirmed for MAIL_OPT_IN_LAPSE_S go, and the addresses
 * nothing uses any more (*gone: how many rows in all). */
int store_mail_purge(struct store *s, int64_t now, int64_t *gone, struct buf *err);

/* Did the relay take the mail of this Message-ID?  1 yes, 0 no. */
int store_mail_was_sent(struct store *s, const char *message_id, struct buf *err);
/* The relay took it: recorded, and job_id (0: none) done, in one section. */
int store_mail_sent(struct store *s, const char *message_id, int64_t job_id, int64_t now,
		    struct buf *err);

#endif
