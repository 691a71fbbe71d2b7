/* session.c: session cookies and the admin guard */
#include "auth/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/tokens.h"
#include "http/route.h"
#include "util/log.h"
#include "util/xalloc.h"

/* The value of our cookie in a Cookie header, copied into out. */
static bool cookie_value(const char *header, char out[TOKEN_CHARS + 1])
{
	const char *p = header;
	size_t nl = strlen(SESSION_COOKIE);
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == nl + 1 + TOKEN_CHARS && strncmp(p, SESSION_COOKIE "=", nl + 1) == 0) {
			memcpy(out, p + nl + 1, TOKEN_CHARS);
			out[TOKEN_CHARS] = '\0';
			return token_well_formed(out);
		}
		p = end;
	}
	return false;
}

int admin_guard(void *store, struct req *r, unsigned flags, struct resp *rs)
{
	struct store *st = store;
	char token[TOKEN_CHARS + 1];
	struct admin_user *u = xcalloc(1, sizeof *u);
	struct store_session ss;
	struct buf err = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	int got = 0;
	if (cookie_value(req_header(r, "Cookie"), token)) {
		token_hash(token, u->token_hash);
		got = store_session_get(st, u->token_hash, &ss, &err);
	}
	if (got < 0)
		log_error("session: %s", err.p);
	if (got == 1 && (now >= ss.expires_at || now - ss.last_seen_at >= SESSION_IDLE_S)) {
		store_session_delete(st, u->token_hash, NULL);
		got = 0;
	}
	buf_release(&err);
	if (got != 1) {
		free(u);
		resp_error(rs, 401, "unauthorized", "sign in first");
		return -1;
	}
	if ((flags & ROUTE_CSRF)) {
		const char *h = req_header(r, "X-CSRF-Token");
		if (!h || !token_equal(h, ss.csrf)) {
			free(u);
			resp_error(rs, 403, "csrf", "missing or wrong X-CSRF-Token");
			return -1;
		}
	}
	/* one write a minute at most keeps reads cheap */
	if (now - ss.last_seen_at >= 60)
		store_session_touch(st, u->token_hash, now, NULL);
	u->user_id = ss.user_id;
	snprintf(u->name, sizeof u->name, "%s", ss.user);
	snprintf(u->via, sizeof u->via, "%s", ss.via);
	snprintf(u->csrf, sizeof u->csrf, "%s", ss.csrf);
	req_set_user(r, u, free);
	return 0;
}

const struct admin_user *admin_user(struct req *r)
{
	return req_user(r);
}

static void set_cookie(struct resp *rs, const char *value, long max_age, bool secure)
{
	char c[256];
	snprintf(c, sizeof c, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		 SESSION_COOKIE, value, max_age, secure ? "; Secure" : "");
	resp_header(rs, "Set-Cookie", c);
}

int session_start(struct store *s, int64_t user_id, const char *via, bool secure,
		  struct resp *rs, char csrf[64], struct buf *err)
{
	char token[TOKEN_CHARS + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
	token_new(token);
	token_new(csrf);
	token_hash(token, hash);
	int64_t now = (int64_t)time(NULL);
	store_session_prune(s, now, now - SESSION_IDLE_S, NULL);
	if (store_session_create(s, hash, user_id, via, csrf, now, now + SESSION_MAX_S, err) < 0)
		return -1;
	set_cookie(rs, token, SESSION_MAX_S, secure);
	return 0;
}

void session_clear_cookie(struct resp *rs, bool secure)
{
	set_cookie(rs, "", 0, secure);
}
