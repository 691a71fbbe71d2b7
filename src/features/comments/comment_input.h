/* comment_input.h: every field of a new or edited comment, declared and
 * checked once (comment_input.c's field table: name, kind, and the check
 * that takes the value).  Handlers only ever see what passed.
 *
 * Fields (JSON members, or form fields of the same names):
 *   page       required; normalised with page_path_normalise()
 *   parent     optional id of the comment replied to (same page: checked
 *              by the caller against the store)
 *   author     required unless github_token is given, 1..COMMENT_AUTHOR_MAX
 *              code points, one line, not starting with "@" (a signed-in
 *              author's name is their login, set by the caller)
 *   github_token  optional identity token of a GitHub sign-in (checked by
 *              the caller against the request's Origin)
 *   email      optional, never shown; the avatar and first-time check use it
 *   website    optional http(s) URL shown as the author's link
 *   body       required Markdown, 1..max_length code points, at most
 *              max_links links (images count and become links)
 *   notify_replies  optional true: mail the author about replies (the
 *              caller refuses it without an email or with mail off)
 *   hp_fax     the honeypot: a person never sees it, so never fills it
 *   form_token the signed time the form was made (comment_tokens.h)
 *   return     "thread": a plain form post goes back to our thread page
 *              (read by the handler; anything else means the page)
 * Anything else is refused by name, so a typo is not silently lost.
 */
#ifndef NEWSDESK_COMMENT_INPUT_H
#define NEWSDESK_COMMENT_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/comment_tokens.h"
#include "store/store.h"
#include "store/comments.h"
#include "features/comments/page_path.h"

#define COMMENT_AUTHOR_MAX 80
#define COMMENT_EMAIL_MAX 254
#define COMMENT_WEBSITE_MAX 300
#define COMMENT_KEY_MAX (COMMENT_EMAIL_MAX * 4 + 8)
/* traps are named hp_*: no real field ever is */
#define COMMENT_HONEYPOT "hp_fax"

struct comment_rules {
	int64_t max_length;   /* code points */
	int max_links;
};

struct comment_input {
	char page[PAGE_PATH_MAX + 1];
	int64_t parent;                 /* 0 = top level */
	char *author, *email, *website; /* trimmed; email/website NULL when not given */
	char *body;                     /* as written (trailing space trimmed) */
	char *html;                     /* rendered once, here */
	char author_key[COMMENT_KEY_MAX];
	unsigned char hash[COMMENT_HASH_BYTES];
	const char *form_token;         /* borrowed from the JSON object, or NULL */
	const char *author_token;       /* borrowed: the poster's proof of an earlier comment */
	const char *github_token;       /* borrowed: an identity token (auth/identity.h) */
	bool honeypot;                  /* the trap field was filled */
	bool notify_replies;            /* "tell me about replies" */
};

/* What was wrong: the field's name and a message that never echoes input. */
struct comment_problem {
	const char *field;
	char message[192];
};

/* A new comment.  0, or -1 with p filled.  Free out with comment_input_free
 * either way. */
int comment_input_new(json_t *obj, const struct comment_rules *rules,
		      struct comment_input *out, struct comment_problem *p);
/* An edit: only "body" may be given. */
int comment_input_edit(json_t *obj, const struct comment_rules *rules,
		       struct comment_input *out, struct comment_problem *p);
void comment_input_free(struct comment_input *in);

/* The duplicate check's hash of a body (case and spacing folded). */
void comment_body_hash(const char *body, unsigned char out[COMMENT_HASH_BYTES]);

/* Who is "the same author" for first-time moderation: the lower-case
 * email when there is one, else "name:" and the lower-case name. */
void comment_author_key(const char *author, const char *email, char out[COMMENT_KEY_MAX]);
/* 16 hex digits to draw an avatar from: keyed, so a reader cannot test
 * guesses of someone's email against it. */
void comment_avatar(const struct comment_keys *k, const char *author, const char *email,
		    char out[17]);

#endif
