/* full_disk.c: a database that takes no more writes says so in /healthz's
 * terms (store_commits_failing), and stops saying so once writes work. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>

#include "store/store.h"
#include "store/store_internal.h"
#include "store/jobs.h"
#include "support/scratch_dir.h"

static char dir[128];

static void setup(void)
{
	scratch_dir_make(dir, sizeof dir, "fulldisk");
}

static void teardown(void)
{
	scratch_dir_remove(dir);
}

TestSuite(full_disk, .init = setup, .fini = teardown);

Test(full_disk, failing_commits_are_known_until_one_works)
{
	char path[256];
	snprintf(path, sizeof path, "%s/nd.db", dir);
	struct buf err = BUF_INIT;
	struct store *s = store_open(path, 1000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0, "%s", err.p);
	int64_t first;
	cr_assert_eq(store_job_enqueue(s, JOB_REFRESH_PRS, 0, 0, &first, &err), 0, "%s", err.p);
	cr_expect(!store_commits_failing(s));
	cr_assert_not_null(s->writer);
	/* the disk is full: the database may not grow by a page */
	cr_assert_eq(sqlite3_exec(s->writer->db, "PRAGMA max_page_count = 1", NULL, NULL, NULL),
		     SQLITE_OK);
	int failed = 0;
	for (int i = 0; i < 2000 && !failed; i++) {
		int64_t id;
		buf_reset(&err);
		failed = store_job_enqueue(s, JOB_REFRESH_PRS, i + 1, 0, &id, &err) < 0;
	}
	cr_assert(failed, "no write failed");
	cr_expect(store_commits_failing(s), "a failed commit is known: %s", err.p);
	cr_assert_eq(sqlite3_exec(s->writer->db, "PRAGMA max_page_count = 1073741823", NULL, NULL,
				  NULL), SQLITE_OK);
	int64_t id;
	cr_assert_eq(store_job_enqueue(s, JOB_REFRESH_PRS, 99999, 0, &id, &err), 0, "%s", err.p);
	cr_expect(!store_commits_failing(s), "a commit that works clears it");
	store_close(s);
	buf_release(&err);
}
