/* github_users.c: a GitHub login that moved to another account. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "store/store.h"
#include "store/signin.h"
#include "support/scratch_dir.h"

static char dir[128];

static void setup(void)
{
	scratch_dir_make(dir, sizeof dir, "ghusers");
}

static void teardown(void)
{
	scratch_dir_remove(dir);
}

TestSuite(github_users, .init = setup, .fini = teardown);

/* GitHub gives a login free once its account is renamed; the next owner
 * of it signs in (it was a UNIQUE failure, a 502), and the old account
 * keeps its row under a name of its own. */
Test(github_users, a_moved_login_signs_its_new_owner_in)
{
	char path[256], name[128];
	snprintf(path, sizeof path, "%s/nd.db", dir);
	struct buf err = BUF_INIT;
	struct store *s = store_open(path, 1000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0, "%s", err.p);
	int64_t first = 0, second = 0, again = 0;
	cr_assert_eq(store_github_user(s, 1001, "octo-cat", 100, &first, name, &err), 1, "%s", err.p);
	cr_expect_str_eq(name, "@octo-cat");
	cr_assert_eq(store_github_user(s, 2002, "octo-cat", 200, &second, name, &err), 1, "%s",
		     err.p);
	cr_expect_neq(second, first);
	cr_expect_str_eq(name, "@octo-cat");
	/* the first account, renamed on GitHub, comes back under its new login */
	cr_assert_eq(store_github_user(s, 1001, "octo-dog", 300, &again, name, &err), 1, "%s",
		     err.p);
	cr_expect_eq(again, first);
	cr_expect_str_eq(name, "@octo-dog");
	store_close(s);
	buf_release(&err);
}
