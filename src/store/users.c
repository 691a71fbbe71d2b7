/* users.c: maintainer accounts */
#include "store/store_internal.h"
#include "store/users.h"

int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    int *ended, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	/* a new password ends every session the old one started */
	sqlite3_stmt *st = store_write_stmt(s, STMT_USER_END_SESSIONS, err);
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (store_write_done(s, st, "end sessions", err) < 0)
		goto fail;
	*ended = store_last_changes(s);
	if (!(st = store_write_stmt(s, STMT_USER_UPSERT_PASSWORD, err)))
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	if (store_write_done(s, st, "save user", err) < 0)
		goto fail;
	return store_write_end(s, 0, err);
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

int store_user_remove(struct store *s, const char *name, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_USER_REMOVE, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (store_write_done(s, st, "remove user", err) < 0)
		return -1;
	return store_last_changes(s) > 0 ? 1 : 0;
}

int store_user_list(struct store *s, int64_t now, store_user_fn fn, void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_USER_LIST, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_user u = {
			.name = (const char *)sqlite3_column_text(st, 0),
			.has_password = sqlite3_column_int(st, 1) != 0,
			.github_login = (const char *)sqlite3_column_text(st, 2),
			.created_at = sqlite3_column_int64(st, 3),
			.updated_at = sqlite3_column_int64(st, 4),
			.sessions = sqlite3_column_int64(st, 5),
		};
		fn(&u, arg);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(sqlite3_db_handle(st), "list users", err);
	return 0;
}
