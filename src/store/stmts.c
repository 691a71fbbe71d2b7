/* stmts.c: every SQL statement newsdesk runs, addressed by enum stmt.
 * Only constant text lives here; values are always bound parameters. */
#include "store/store_internal.h"

const char *const store_sql[STMT__MAX] = {
	[STMT_PING] = "SELECT 1",
	[STMT_USER_UPSERT_PASSWORD] =
		"INSERT INTO users (name, password_hash, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?3)"
		" ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash,"
		" updated_at = excluded.updated_at",
};
