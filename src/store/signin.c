/* signin.c: GitHub sign-in's rows — authorizations under way, the
 * accounts of maintainers who sign in with GitHub, and the trust a
 * GitHub commenter has earned. */
#include "store/store_internal.h"
#include "store/comments.h"
#include "store/signin.h"

#include <stdio.h>
#include <string.h>

static const char *const purpose_names[] = { "admin", "submit", "comment", "any" };

const char *oauth_purpose_name(enum oauth_purpose p)
{
	return purpose_names[p];
}

int store_oauth_state_put(struct store *s, const unsigned char *state_hash,
			  const struct store_oauth_state *o, int64_t now, struct buf *err)
{
	sqlite3_stmt *prune = store_write_stmt(s, STMT_OAUTH_STATE_PRUNE, err);
	if (!prune)
		return -1;
	sqlite3_bind_int64(prune, 1, now);
	if (store_write_done(s, prune, "prune sign-in states", err) < 0)
		return -1;
	sqlite3_stmt *st = store_write_stmt(s, STMT_OAUTH_STATE_PUT, err);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, state_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, o->binding_hash, 32, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, oauth_purpose_name(o->purpose), -1, SQLITE_STATIC);
	store_bind_opt(st, 4, *o->origin ? o->origin : NULL);
	store_bind_opt(st, 5, *o->return_to ? o->return_to : NULL);
	sqlite3_bind_int64(st, 6, o->expires_at);
	return store_write_done(s, st, "save sign-in state", err);
}

int store_oauth_state_take(struct store *s, const unsigned char *state_hash,
			   struct store_oauth_state *out, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_OAUTH_STATE_TAKE, err);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, state_hash, 32, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		if (sqlite3_column_bytes(st, 0) == 32)
			memcpy(out->binding_hash, sqlite3_column_blob(st, 0), 32);
		const char *p = (const char *)sqlite3_column_text(st, 1);
		for (size_t i = 0; i < sizeof purpose_names / sizeof *purpose_names; i++)
			if (p && strcmp(p, purpose_names[i]) == 0)
				out->purpose = (enum oauth_purpose)i;
		const char *o = (const char *)sqlite3_column_text(st, 2);
		const char *r = (const char *)sqlite3_column_text(st, 3);
		snprintf(out->origin, sizeof out->origin, "%s", o ? o : "");
		snprintf(out->return_to, sizeof out->return_to, "%s", r ? r : "");
		out->expires_at = sqlite3_column_int64(st, 4);
		found = 1;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		found = store_fail(sqlite3_db_handle(st), "take sign-in state", err);
	sqlite3_reset(st);
	return store_write_end(s, found < 0 ? -1 : 0, err) < 0 ? -1 : found;
}

int store_github_user(struct store *s, int64_t github_id, const char *login, int64_t now,
		      int64_t *id, char name[128], struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	sqlite3_stmt *rel = store_stmt(s, STMT_GITHUB_LOGIN_RELEASE, err);
	if (!rel)
		return store_write_end(s, -1, NULL), -1;
	sqlite3_bind_text(rel, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(rel, 2, github_id);
	sqlite3_bind_int64(rel, 3, now);
	int moved = sqlite3_step(rel);
	sqlite3_reset(rel);
	if (moved != SQLITE_DONE) {
		store_fail(sqlite3_db_handle(rel), "free a moved GitHub login", err);
		return store_write_end(s, -1, NULL), -1;
	}
	sqlite3_stmt *st = store_write_stmt(s, STMT_GITHUB_USER_UPSERT, err);
	if (!st)
		return store_write_end(s, -1, NULL), -1;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, github_id);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(name, 128, "%s", (const char *)sqlite3_column_text(st, 1));
		found = 1;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		found = store_fail(sqlite3_db_handle(st), "save GitHub account", err);
	sqlite3_reset(st);
	if (store_write_end(s, found < 0 ? -1 : 0, err) < 0)
		found = -1;
	return store_write_end(s, found < 0 ? -1 : 0, err) < 0 ? -1 : found;
}

static int one_flag(struct store *s, enum stmt which, int64_t id, const char *what,
		    struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, which, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int flag = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : -1;
	sqlite3_reset(st);
	return flag < 0 ? store_fail(sqlite3_db_handle(st), what, err) : flag;
}

int store_comment_github_trusted(struct store *s, int64_t github_id, struct buf *err)
{
	return one_flag(s, STMT_COMMENT_GITHUB_TRUSTED, github_id, "look up commenter", err);
}

int store_comment_voucher_revoked(struct store *s, int64_t voucher, struct buf *err)
{
	return one_flag(s, STMT_COMMENT_VOUCHER_REVOKED, voucher, "look up author token", err);
}
