/* stats.c: row counts by state, for /metrics */
#include "store/store_internal.h"
#include "store/stats.h"

int store_stats(struct store *s, store_stats_fn fn, void *arg, struct buf *err)
{
	static const struct {
		enum stmt id;
		const char *what;
	} q[] = {
		{ STMT_STATS_JOBS, "jobs" },
		{ STMT_STATS_COMMENTS, "comments" },
		{ STMT_STATS_SUBMISSIONS, "submissions" },
	};
	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		sqlite3_stmt *st = store_stmt(s, q[i].id, err);
		if (!st)
			return -1;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			fn(q[i].what, (const char *)sqlite3_column_text(st, 0),
			   (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2), arg);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(sqlite3_db_handle(st), "count rows", err);
	}
	return 0;
}
