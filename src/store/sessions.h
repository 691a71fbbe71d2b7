/* sessions.h: maintainers' sessions and the audit log (sessions.c). */
#ifndef NEWSDESK_STORE_SESSIONS_H
#define NEWSDESK_STORE_SESSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define SESSION_BOX_MAX 600   /* an encrypted GitHub token (signin.c) */
struct store_session {
	int64_t user_id;
	char user[128];
	char via[16];
	char csrf[64];
	int64_t created_at, last_seen_at, expires_at;
	char github_login[40];       /* "" for a local account */
	int64_t checked_at;          /* when GitHub last said "member" */
	unsigned char box[SESSION_BOX_MAX];
	size_t box_len;              /* 0: no token kept */
};
struct store_session_new {
	const unsigned char *token_hash;
	int64_t user_id;
	const char *via, *csrf;
	int64_t now, expires_at;
	const unsigned char *box;    /* NULL: none */
	size_t box_len;
};
int store_session_create(struct store *s, const struct store_session_new *n, struct buf *err);
/* GitHub said "still a member" at now. */
int store_session_checked(struct store *s, const unsigned char *token_hash, int64_t now,
			  struct buf *err);
/* 1 found (expiry not checked here), 0 not found. */
int store_session_get(struct store *s, const unsigned char *token_hash,
		      struct store_session *out, struct buf *err);
int store_session_touch(struct store *s, const unsigned char *token_hash, int64_t now,
			struct buf *err);
int store_session_delete(struct store *s, const unsigned char *token_hash, struct buf *err);
/* GitHub sessions not expired whose last membership check is at or before
 * checked_before, each to fn (the row is the caller's only during it). */
int store_session_each_github_due(struct store *s, int64_t checked_before, int64_t now,
				  void (*fn)(const unsigned char *hash,
					     const struct store_session *ss, void *arg),
				  void *arg, struct buf *err);
/* Drops sessions past their absolute expiry or idle since idle_before. */
int store_session_prune(struct store *s, int64_t now, int64_t idle_before, struct buf *err);
int store_audit(struct store *s, int64_t now, const char *actor, const char *action,
		const char *subject, const char *detail, struct buf *err);

#endif
