/* server_keys.c: the service's keys live in a 0600 file beside the
 * database, never in it; one an older version kept there moves out. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"
#include "store/server_keys.h"
#include "support/scratch_dir.h"

static char dir[128], db[256], keys[256];

static void setup(void)
{
	scratch_dir_make(dir, sizeof dir, "keys");
	snprintf(db, sizeof db, "%s/nd.db", dir);
	snprintf(keys, sizeof keys, "%s/nd.db.keys", dir);
}

static void teardown(void)
{
	scratch_dir_remove(dir);
}

TestSuite(server_keys, .init = setup, .fini = teardown);

static struct store *open_db(void)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(db, 1000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0, "%s", err.p);
	buf_release(&err);
	return s;
}

static int rows_in_db(void)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(h, "SELECT count(*) FROM server_keys", -1, &st, NULL),
		     SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	int n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

Test(server_keys, kept_in_a_private_file_not_in_the_database)
{
	struct store *s = open_db();
	unsigned char a[32], b[32];
	struct buf err = BUF_INIT;
	cr_assert_eq(store_server_key(s, keys, "identity", a, sizeof a, &err), 0, "%s", err.p);
	cr_assert_eq(store_server_key(s, keys, "identity", b, sizeof b, &err), 0, "%s", err.p);
	cr_expect_eq(memcmp(a, b, sizeof a), 0, "the same key each time");
	struct stat sb;
	cr_assert_eq(stat(keys, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600, "mode %o", sb.st_mode & 0777);
	store_close(s);
	cr_expect_eq(rows_in_db(), 0, "a backup of the database holds no key");
	/* readable by others: refused, not used */
	chmod(keys, 0644);
	s = open_db();
	cr_expect_eq(store_server_key(s, keys, "identity", b, sizeof b, &err), -1);
	cr_expect(strstr(err.p, "chmod 600"), "%s", err.p);
	store_close(s);
	buf_release(&err);
}

Test(server_keys, a_key_an_older_version_kept_moves_out)
{
	struct store *s = open_db();
	store_close(s);
	sqlite3 *h;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(h, "INSERT INTO server_keys (name, key) VALUES ('comments',"
				     " zeroblob(32))", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	cr_assert_eq(rows_in_db(), 1);
	s = open_db();
	unsigned char k[32], zero[32] = { 0 };
	struct buf err = BUF_INIT;
	cr_assert_eq(store_server_key(s, keys, "comments", k, sizeof k, &err), 0, "%s", err.p);
	cr_expect_eq(memcmp(k, zero, sizeof k), 0, "the old key is kept: its tokens still hold");
	store_close(s);
	cr_expect_eq(rows_in_db(), 0, "and it left the database");
	buf_release(&err);
}
