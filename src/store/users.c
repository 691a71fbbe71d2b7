/* users.c: maintainer accounts */
#include "store/store_internal.h"

int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_USER_UPSERT_PASSWORD, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, password_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(sqlite3_db_handle(st), "save user", err);
	return 0;
}
