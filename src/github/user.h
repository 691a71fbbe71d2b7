/* user.h: a GitHub account as GitHub vouches for it (GET /user, the OAuth
 * flow), and the address GitHub credits its commits to. */
#ifndef NEWSDESK_GH_USER_H
#define NEWSDESK_GH_USER_H

#include <stdint.h>

#include "github/login.h"
#include "util/buf.h"

#define AVATAR_URL_MAX 300

struct github_identity {
	int64_t id;
	char login[GITHUB_LOGIN_MAX_CHARS + 1];
	char avatar_url[AVATAR_URL_MAX + 1];
};

/* The noreply address GitHub attributes to this account. */
void github_noreply_email(const struct github_identity *who, struct buf *out);

#endif
