/* comments.h: reader comments, and those imported from GitHub (comments.c, imports.c). */
#ifndef NEWSDESK_STORE_COMMENTS_H
#define NEWSDESK_STORE_COMMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* A comment brought from GitHub (utterances or giscus). */
struct store_comment_import {
	const char *page;
	int64_t parent_id;            /* 0 = top level */
	const char *author, *author_key, *body_md, *body_html;
	const unsigned char *body_hash;  /* COMMENT_HASH_BYTES */
	enum comment_status status;
	int64_t created_at, edited_at;   /* edited_at 0 = never */
	int64_t github_id;            /* the author's account, 0 = a deleted one */
	const char *avatar_url;       /* may be NULL */
	const char *github_comment_id;   /* "issuecomment-N" / "discussioncomment-N" */
	const char *imported_from;    /* "utterances" | "giscus" */
	const char *import_note;      /* may be NULL */
};
/* 1 imported with its new id, 0 there already (*id: the one there), -1. */
int store_comment_import(struct store *s, const struct store_comment_import *c, int64_t *id,
			 struct buf *err);
struct store_imported_page {
	const char *source, *page;
	int64_t comments, shown, first_at, last_at;
};
int store_imported_pages(struct store *s, void (*fn)(const struct store_imported_page *p,
						      void *arg),
			 void *arg, struct buf *err);
/* 1 when one of this GitHub account's comments was approved and none was
 * marked spam or rejected (a moderator's no takes the trust back). */
int store_comment_github_trusted(struct store *s, int64_t github_id, struct buf *err);
/* 1 when a moderator marked spam or rejected the comment an author token
 * names (voucher) or any comment posted on its word. */
int store_comment_voucher_revoked(struct store *s, int64_t voucher, struct buf *err);
/* Reader comments (comments.c).  Text fields are malloc'd (email,
 * website and client_ip may be NULL); release with store_comment_free. */
#define COMMENT_HASH_BYTES 32
struct store_comment {
	int64_t id, parent_id;   /* parent_id 0 = top level */
	char *page, *author, *email, *website, *body_md, *body_html, *client_ip;
	enum comment_status status;
	int64_t created_at, edited_at, updated_at;  /* edited_at 0 = never */
	int64_t github_id;       /* 0: not signed in; else author is their GitHub login */
	char *avatar_url;        /* GitHub's, for a signed-in author; else NULL */
};
struct store_comment_new {
	const char *page;
	int64_t parent_id;
	const char *author, *author_key, *email, *website, *body_md, *body_html;
	unsigned char body_hash[COMMENT_HASH_BYTES];
	enum comment_status status;
	const char *client_ip;
	int64_t now;
	int64_t github_id;        /* 0: anonymous */
	const char *avatar_url;   /* NULL: none */
	int64_t vouched_by;       /* the comment whose author token vouched, 0: none */
};
/* Called per row; the row is freed after the call, so fn may take its
 * strings by moving them out (leaving NULL behind). */
typedef void (*store_comment_fn)(struct store_comment *c, void *arg);
void store_comment_free(struct store_comment *c);
int store_comment_insert(struct store *s, const struct store_comment_new *c, int64_t *id,
			 struct buf *err);
/* 1 found, 0 no such comment. */
int store_comment_get(struct store *s, int64_t id, struct store_comment *out,
		      struct buf *err);
/* A page's comments in one status, oldest first, at most limit. */
int store_comment_list_page(struct store *s, const char *page, enum comment_status status,
			    int limit, store_comment_fn fn, void *arg, struct buf *err);
/* Every page's comments in one status, oldest first (the moderation queue). */
int store_comment_list_status(struct store *s, enum comment_status status, int limit,
			      store_comment_fn fn, void *arg, struct buf *err);
/* Approved comments newest first, of one page or (page NULL) of all. */
int store_comment_recent(struct store *s, const char *page, int limit,
			 store_comment_fn fn, void *arg, struct buf *err);
int store_comment_count(struct store *s, const char *page, int64_t *n, struct buf *err);
/* Is the same body on this page since `since`? */
int store_comment_duplicate(struct store *s, const char *page, const unsigned char *hash,
			    int64_t since, int *dup, struct buf *err);
/* New text (and status, unless status is NULL): 1 done, 0 no such comment. */
int store_comment_edit(struct store *s, int64_t id, const char *body_md,
		       const char *body_html, const unsigned char *hash,
		       const enum comment_status *status, int64_t now, struct buf *err);
int store_comment_set_status(struct store *s, int64_t id, enum comment_status status,
			     int64_t now,
			     struct buf *err);
/* Removes a comment; its replies move up to its parent.  1 done, 0 none. */
int store_comment_delete(struct store *s, int64_t id, struct buf *err);
/* Readers' addresses of the comments written before `before` are dropped
 * (*forgotten: how many); the comments stay, moderation works on the rest. */
int store_comment_forget_addresses(struct store *s, int64_t before, int64_t *forgotten,
				   struct buf *err);

#endif
