/* stats.c: row counts by state, for /metrics */
#include "store/store_internal.h"
#include "store/stats.h"

struct count_each {
	store_stats_fn fn;
	const char *what;
	void *arg;
};

static void each_count(sqlite3_stmt *st, void *arg)
{
	struct count_each *a = arg;
	a->fn(a->what, (const char *)sqlite3_column_text(st, 0),
	      (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2), a->arg);
}

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
		const struct store_one one = { q[i].id, "count rows", NULL, 0, 0, 0 };
		struct count_each a = { fn, q[i].what, arg };
		if (store_rows(s, &one, each_count, &a, err) < 0)
			return -1;
	}
	return 0;
}
