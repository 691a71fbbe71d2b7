/* users.h: maintainers' accounts (users.c). */
#ifndef NEWSDESK_STORE_USERS_H
#define NEWSDESK_STORE_USERS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Creates the account or sets its password; either way every session of
 * the account ends (*ended says how many). */
int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    int *ended, struct buf *err);
/* 1 removed (its sessions end with it), 0 no such account, -1 error. */
int store_user_remove(struct store *s, const char *name, struct buf *err);
struct store_user {
	const char *name, *github_login;   /* github_login "" when none */
	bool has_password;
	int64_t created_at, updated_at, sessions;  /* sessions not expired */
};
typedef void (*store_user_fn)(const struct store_user *u, void *arg);
int store_user_list(struct store *s, int64_t now, store_user_fn fn, void *arg, struct buf *err);
/* 1 with the user's id and argon2id string (may be ""), 0 unknown. */
int store_user_find(struct store *s, const char *name, int64_t *id, struct buf *hash,
		    struct buf *err);

#endif
