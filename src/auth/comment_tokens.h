/* comment_tokens.h: the two signed tokens of comments.
 *
 * An edit token lets whoever posted a comment edit or delete it until
 * created_at + the edit window.  It names the comment's id and its expiry
 * and carries an HMAC-SHA-256 (libsodium) over both and over the
 * comment's creation time, under a key the service made for itself
 * (the key file, store_server_key "comments"): nothing is stored per token, and a token can
 * never be moved to another comment.
 *
 * An author token is handed to whoever posts a comment and names that
 * comment: once a moderator has approved it, the token's holder is a
 * known commenter, and "first-time" moderation publishes their next
 * comments at once.  Typing a name or an email proves nothing; holding
 * the token does.  (It names the comment, so marking that comment as spam
 * or deleting it takes the trust back.)
 *
 * A form token is handed out with a comment form and says when the form
 * was made; a post that comes back sooner than the minimum, or after a
 * day, is refused (bots fill forms in no time).
 *
 * A reader token lets an anonymous reader react once per reaction: a
 * random id and its HMAC, handed to the reader at their first reaction and
 * kept in their browser.  The database holds only the reactor key made
 * from the id by another keyed hash, so neither a backup nor a look at the
 * table gives anyone a token.  A reaction form's token (the no-JavaScript
 * page) is bound to the reactor key it was made for, so a form another
 * site makes cannot react in a reader's name.
 *
 * A mail token is the link in a mail (features/mail/): it names a mail
 * address by its id (never the address itself) and the comment the mail
 * is about (0: none), for one purpose — confirming the address, or
 * unsubscribing.  It does not expire: an unsubscribe link must work in an
 * old mail, and an address forgotten meanwhile is simply not found.
 */
#ifndef NEWSDESK_COMMENT_TOKENS_H
#define NEWSDESK_COMMENT_TOKENS_H

#include <stdbool.h>
#include <stdint.h>

#define COMMENT_KEY_BYTES 32
#define EDIT_TOKEN_CHARS 64   /* base64url of 8 + 8 + 32 bytes */
#define FORM_TOKEN_CHARS 54   /* base64url of 8 + 32 bytes */
#define FORM_TOKEN_MAX_AGE 86400

struct comment_keys {
	unsigned char key[COMMENT_KEY_BYTES];
};

void edit_token_make(const struct comment_keys *k, int64_t id, int64_t created_at,
		     int64_t expires_at, char out[EDIT_TOKEN_CHARS + 1]);
/* Reads the id a token names (no trust implied): 0, or -1 when malformed. */
int edit_token_id(const char *token, int64_t *id);
enum edit_token_verdict { EDIT_TOKEN_OK, EDIT_TOKEN_BAD, EDIT_TOKEN_EXPIRED };
/* Signed for this comment, and not expired at now? */
enum edit_token_verdict edit_token_check(const struct comment_keys *k, const char *token, int64_t id,
		      int64_t created_at, int64_t now);

#define AUTHOR_TOKEN_CHARS 54  /* base64url of 8 + 32 bytes */
void author_token_make(const struct comment_keys *k, int64_t comment_id,
		       char out[AUTHOR_TOKEN_CHARS + 1]);
/* 0 with the comment the token names when it is ours, -1 otherwise. */
int author_token_check(const struct comment_keys *k, const char *token, int64_t *comment_id);

void form_token_make(const struct comment_keys *k, int64_t now,
		     char out[FORM_TOKEN_CHARS + 1]);
enum form_token_verdict { FORM_TOKEN_OK, FORM_TOKEN_BAD, FORM_TOKEN_EARLY, FORM_TOKEN_OLD };
enum form_token_verdict form_token_check(const struct comment_keys *k, const char *token,
					 int64_t now, int64_t min_seconds);

#define READER_TOKEN_CHARS 64   /* base64url of 16 + 32 bytes */
#define READER_KEY_MAX 40        /* "anon:" and 32 hex digits */
void reader_token_new(const struct comment_keys *k, char out[READER_TOKEN_CHARS + 1]);
/* 0 with the reactor key ("anon:…") a token of ours stands for, else -1. */
int reader_token_key(const struct comment_keys *k, const char *token,
		     char key[READER_KEY_MAX + 1]);
/* A reaction form's token for reactor ("" before the reader has one),
 * made at now; good for a day, for that reactor only. */
void reaction_form_token_make(const struct comment_keys *k, const char *reactor, int64_t now,
			      char out[FORM_TOKEN_CHARS + 1]);
bool reaction_form_token_check(const struct comment_keys *k, const char *token,
			       const char *reactor, int64_t now);
#define MAIL_TOKEN_CHARS 64   /* base64url of 8 + 8 + 32 bytes */
/* An unsubscribe link's: the address, and the comment the mail was about
 * (0: none).  It never expires: RFC 8058 links are clicked late. */
void unsubscribe_token_make(const struct comment_keys *k, int64_t address_id, int64_t comment_id,
			    char out[MAIL_TOKEN_CHARS + 1]);
/* 0 with the ids when the token is ours, -1 otherwise. */
int unsubscribe_token_check(const struct comment_keys *k, const char *token, int64_t *address_id,
			    int64_t *comment_id);
#define CONFIRM_TOKEN_CHARS 75   /* base64url of 8 + 8 + 8 + 32 bytes */
/* A confirmation link's: the address, the newest comment the mail listed,
 * and when it was made; it holds for valid_s seconds. */
void confirm_token_make(const struct comment_keys *k, int64_t address_id, int64_t upto,
			int64_t made, char out[CONFIRM_TOKEN_CHARS + 1]);
enum confirm_verdict { CONFIRM_OK, CONFIRM_BAD, CONFIRM_EXPIRED };
enum confirm_verdict confirm_token_check(const struct comment_keys *k, const char *token,
					 int64_t now, int64_t valid_s, int64_t *address_id,
					 int64_t *upto);
/* An address's keyed hash (lower-cased first): what stays of an address
 * that asked to be forgotten. */
void mail_address_hash(const struct comment_keys *k, const char *email, unsigned char out[32]);

#endif
