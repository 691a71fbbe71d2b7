/* signin.h: GitHub sign-in: states and maintainers' GitHub accounts (signin.c). */
#ifndef NEWSDESK_STORE_SIGNIN_H
#define NEWSDESK_STORE_SIGNIN_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* ANY: SPEC's plain sign-in — the contributor's identity, and the review
 * page too for maintainers. */
enum oauth_purpose { OAUTH_FOR_ADMIN, OAUTH_FOR_SUBMIT, OAUTH_FOR_COMMENT, OAUTH_FOR_ANY };
const char *oauth_purpose_name(enum oauth_purpose p);
struct store_oauth_state {
	unsigned char binding_hash[32];
	enum oauth_purpose purpose;
	char origin[256];      /* "" when none */
	char return_to[512];   /* "" when none */
	int64_t expires_at;
};
int store_oauth_state_put(struct store *s, const unsigned char *state_hash,
			  const struct store_oauth_state *st, int64_t now, struct buf *err);
/* 1 found (and removed: a state is good once), 0 none. */
int store_oauth_state_take(struct store *s, const unsigned char *state_hash,
			   struct store_oauth_state *out, struct buf *err);
/* The account of a maintainer who signs in with GitHub, made on first
 * sign-in and renamed with their login ("@login"); 1 with id and name. */
int store_github_user(struct store *s, int64_t github_id, const char *login, int64_t now,
		      int64_t *id, char name[128], struct buf *err);

#endif
