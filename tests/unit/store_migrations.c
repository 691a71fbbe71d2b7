/* store_migrations.c: migrations from empty and from every earlier version
 * reach the same schema; backups are consistent copies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"
#include "store/users.h"
#include "support/scratch_dir.h"

static char dir[64];

static void make_dir(void)
{
	scratch_dir_make(dir, sizeof dir, "store");
}

static void remove_dir(void)
{
	scratch_dir_remove(dir);
}

/* The schema as text: every object's SQL, sorted by name. */
static void schema_of(const char *path, struct buf *out)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT type, name, coalesce(sql,'')"
				       " FROM sqlite_schema ORDER BY name", -1, &st, NULL),
		     SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_addf(out, "%s %s %s\n", sqlite3_column_text(st, 0),
			 sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

TestSuite(store, .init = make_dir, .fini = remove_dir);

Test(store, migrates_from_every_earlier_version_to_the_same_schema)
{
	int latest = store_latest_version();
	cr_assert_geq(latest, 2);
	struct buf err = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	char path[128];

	snprintf(path, sizeof path, "%s/fresh.db", dir);
	struct store *s = store_open(path, 1000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, latest, &err), 0, "%s", err.p);
	int v = -1;
	cr_assert_eq(store_schema_version(s, &v, &err), 0);
	cr_assert_eq(v, latest);
	/* migrating again is a no-op */
	cr_assert_eq(store_migrate(s, latest, &err), 0, "%s", err.p);
	store_close(s);
	schema_of(path, &want);

	for (int from = 0; from < latest; from++) {
		/* a number no migration has (another branch's) is no version */
		bool exists = from == 0;
		for (size_t i = 0; i < migrations_count && !exists; i++)
			exists = migrations[i].version == from;
		if (!exists)
			continue;
		snprintf(path, sizeof path, "%s/from-%d.db", dir, from);
		s = store_open(path, 1000, &err);
		cr_assert_not_null(s, "%s", err.p);
		cr_assert_eq(store_migrate(s, from, &err), 0, "%s", err.p);
		cr_assert_eq(store_schema_version(s, &v, &err), 0);
		cr_assert_eq(v, from);
		store_close(s);
		/* reopen, as an upgraded binary would */
		s = store_open(path, 1000, &err);
		cr_assert_eq(store_migrate(s, latest, &err), 0, "%s", err.p);
		store_close(s);
		buf_reset(&got);
		schema_of(path, &got);
		cr_expect_str_eq(got.p, want.p, "schema differs when migrating from %d", from);
	}
	buf_release(&err);
	buf_release(&want);
	buf_release(&got);
}

Test(store, refuses_a_database_newer_than_the_binary)
{
	char path[128];
	snprintf(path, sizeof path, "%s/future.db", dir);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	struct buf err = BUF_INIT;
	cr_assert_null(store_open(path, 1000, &err));
	cr_assert(strstr(err.p, "newer than this newsdesk knows"), "%s", err.p);
	buf_release(&err);
}

Test(store, wal_and_foreign_keys_are_on)
{
	char path[128];
	snprintf(path, sizeof path, "%s/pragma.db", dir);
	struct buf err = BUF_INIT;
	int ended = 0;
	struct store *s = store_open(path, 1000, &err);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0);
	cr_assert_eq(store_ping(s), 0);
	cr_assert_eq(store_user_set_password(s, "alice", "hash", 1, &ended, &err), 0, "%s", err.p);
	store_close(s);
	sqlite3 *db;
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* a session row pointing at no user must be refused */
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	cr_assert_neq(sqlite3_exec(db, "INSERT INTO sessions VALUES (x'00', 42, 'password',"
				   " 'c', 0, 0, 0)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	buf_release(&err);
}

Test(store, backup_is_a_consistent_copy)
{
	char path[128], copy[128];
	snprintf(path, sizeof path, "%s/live.db", dir);
	snprintf(copy, sizeof copy, "%s/sub/../copy.db", dir);
	struct buf err = BUF_INIT;
	int ended = 0;
	struct store *s = store_open(path, 1000, &err);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0);
	for (int i = 0; i < 50; i++) {
		char name[16];
		snprintf(name, sizeof name, "user%d", i);
		cr_assert_eq(store_user_set_password(s, name, "h", i, &ended, &err), 0);
	}
	snprintf(copy, sizeof copy, "%s/copy.db", dir);
	cr_assert_eq(store_backup(s, copy, &err), 0, "%s", err.p);
	store_close(s);
	sqlite3 *db;
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_open(copy, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM users", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 50);
	sqlite3_finalize(st);
	sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	struct buf bad = BUF_INIT;
	s = store_open(path, 1000, &err);
	cr_assert_eq(store_backup(s, "/nonexistent-dir/x.db", &bad), -1);
	cr_assert_neq(bad.len, 0);
	store_close(s);
	buf_release(&bad);
	buf_release(&err);
}
