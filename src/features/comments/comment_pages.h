/* comment_pages.h: comments as HTML (the no-JavaScript thread page) and as
 * Atom.  Every byte a reader wrote is escaped here, except body_html,
 * which is cmark-gfm's safe output made when the comment was written. */
#ifndef NEWSDESK_COMMENT_PAGES_H
#define NEWSDESK_COMMENT_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "auth/identity.h"
#include "store/store.h"
#include "store/comments.h"
#include "util/buf.h"

struct reaction_tallies;

/* PUBLIC_URL/comments?page=PAGE[&posted=NOTICE] */
void comment_thread_url(struct buf *out, const char *public_url, const char *page,
			const char *notice);

struct thread_view {
	const char *public_url;
	const char *page;
	const struct store_comment *comments;  /* approved, oldest first */
	size_t n;
	int64_t reply_to;       /* 0, or the comment the form answers */
	const char *form_token;
	const char *notice;     /* "pending", "posted" or NULL */
	int64_t max_length;
	const struct github_identity *who;  /* signed in with GitHub here, or NULL */
	const char *site_url;   /* where the page itself lives ("" = unknown) */
	bool signin_offered;
	/* reactions (comment_reactions.h): every one and the reader's own,
	 * and the token of their forms, made for this reader */
	const struct reaction_tallies *reactions, *mine;
	const char *reaction_token;
	bool mail;              /* [mail] is on: the form offers reply mails */
};
/* The thread and its form, for <noscript><iframe> and plain links. */
void render_comment_thread(struct buf *b, const struct thread_view *v);
/* A refused form post: what was wrong, and the way back (reaction: a
 * reaction's form, else a comment's). */
void render_comment_refused(struct buf *b, const char *public_url, const char *page,
			    const char *field, const char *message, bool reaction);

struct feed_view {
	const char *title;
	const char *self_url;       /* the feed's own URL */
	const char *public_url;
	const char *site_url;       /* "" = link entries to the thread page */
	const char *page;           /* NULL for the whole site */
	const struct store_comment *comments;  /* newest first */
	size_t n;
};
void render_comment_feed(struct buf *b, const struct feed_view *v);

#endif
