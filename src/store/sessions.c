/* sessions.c: maintainers' sessions, their accounts, and the audit log */
#include "store/store_internal.h"
#include "store/sessions.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>

struct user_row {
	int64_t *id;
	struct buf *hash;
};

static void read_user(sqlite3_stmt *st, void *arg)
{
	struct user_row *u = arg;
	*u->id = sqlite3_column_int64(st, 0);
	buf_reset(u->hash);
	buf_adds(u->hash, (const char *)sqlite3_column_text(st, 1));
}

int store_user_find(struct store *s, const char *name, int64_t *id, struct buf *hash,
		    struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(name) };
	const struct store_one q = STORE_ONE(STMT_USER_BY_NAME, "find user", p);
	struct user_row row = { id, hash };
	return store_row(s, &q, read_user, &row, err);
}

int store_session_create(struct store *s, const struct store_session_new *n, struct buf *err)
{
	const struct store_param p[] = {
		PARAM_BLOB(n->token_hash, 32), PARAM_INT(n->user_id), PARAM_TEXT(n->via),
		PARAM_TEXT(n->csrf), PARAM_INT(n->now), PARAM_INT(n->expires_at),
		PARAM_BLOB(n->box, n->box_len),
	};
	struct store_one one = STORE_ONE(STMT_SESSION_CREATE, "create session", p);
	return store_write_one(s, &one, err);
}

/* A session's row marked with a time (what says which mark). */
static int session_mark(struct store *s, enum stmt which, const unsigned char *token_hash,
			int64_t now, const char *what, struct buf *err)
{
	const struct store_param p[] = { PARAM_BLOB(token_hash, 32), PARAM_INT(now) };
	struct store_one one = STORE_ONE(which, what, p);
	return store_write_one(s, &one, err);
}

int store_session_checked(struct store *s, const unsigned char *token_hash, int64_t now,
			  struct buf *err)
{
	return session_mark(s, STMT_SESSION_CHECKED, token_hash, now, "record membership check",
			    err);
}

/* A row of STMT_SESSION_GET's columns. */
static void read_session(sqlite3_stmt *st, void *arg)
{
	struct store_session *out = arg;
	memset(out, 0, sizeof *out);
	out->user_id = sqlite3_column_int64(st, 0);
	snprintf(out->user, sizeof out->user, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(out->via, sizeof out->via, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(out->csrf, sizeof out->csrf, "%s", (const char *)sqlite3_column_text(st, 3));
	out->created_at = sqlite3_column_int64(st, 4);
	out->last_seen_at = sqlite3_column_int64(st, 5);
	out->expires_at = sqlite3_column_int64(st, 6);
	snprintf(out->github_login, sizeof out->github_login, "%s",
		 (const char *)sqlite3_column_text(st, 7));
	out->checked_at = sqlite3_column_int64(st, 8);
	int bl = sqlite3_column_bytes(st, 9);
	if (bl > 0 && (size_t)bl <= sizeof out->box) {
		memcpy(out->box, sqlite3_column_blob(st, 9), (size_t)bl);
		out->box_len = (size_t)bl;
	}
}

int store_session_each_github_due(struct store *s, int64_t checked_before, int64_t now,
				  void (*fn)(const unsigned char *hash,
					     const struct store_session *ss, void *arg),
				  void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(checked_before), PARAM_INT(now) };
	sqlite3_stmt *st = store_bound(s, STMT_SESSION_GITHUB_DUE, p, 2, err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_session ss;
		read_session(st, &ss);
		if (sqlite3_column_bytes(st, 10) == 32)
			fn(sqlite3_column_blob(st, 10), &ss, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "list sessions", err);
}

int store_session_get(struct store *s, const unsigned char *token_hash,
		      struct store_session *out, struct buf *err)
{
	const struct store_param p[] = { PARAM_BLOB(token_hash, 32) };
	const struct store_one q = STORE_ONE(STMT_SESSION_GET, "read session", p);
	return store_row(s, &q, read_session, out, err);
}

int store_session_touch(struct store *s, const unsigned char *token_hash, int64_t now,
			struct buf *err)
{
	return session_mark(s, STMT_SESSION_TOUCH, token_hash, now, "touch session", err);
}

int store_session_delete(struct store *s, const unsigned char *token_hash, struct buf *err)
{
	const struct store_param p[] = { PARAM_BLOB(token_hash, 32) };
	struct store_one one = STORE_ONE(STMT_SESSION_DELETE, "end session", p);
	return store_write_one(s, &one, err);
}

int store_session_prune(struct store *s, int64_t now, int64_t idle_before, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(now), PARAM_INT(idle_before) };
	struct store_one one = STORE_ONE(STMT_SESSION_PRUNE, "prune sessions", p);
	return store_write_one(s, &one, err);
}

int store_audit(struct store *s, int64_t now, const char *actor, const char *action,
		const char *subject, const char *detail, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(now), PARAM_TEXT(actor), PARAM_TEXT(action),
					 PARAM_TEXT(subject), PARAM_TEXT(detail) };
	struct store_one one = STORE_ONE(STMT_AUDIT_ADD, "write audit log", p);
	return store_write_one(s, &one, err);
}
