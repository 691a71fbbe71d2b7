/* harvest.c: the last harvest of each month (harvest.h) */
#include "store/store_internal.h"
#include "store/harvest.h"

#include <stdio.h>
#include <string.h>

int store_harvest_report_set(struct store *s, const char *month, int64_t at, const char *report,
			     struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(month), PARAM_INT(at), PARAM_TEXT(report) };
	struct store_one one = STORE_ONE(STMT_HARVEST_REPORT_SET, "save harvest report", p);
	return store_write_one(s, &one, err);
}

int store_harvest_report_get(struct store *s, const char *month, char out_month[8], int64_t *at,
			     struct buf *report, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, month ? STMT_HARVEST_REPORT_GET : STMT_HARVEST_REPORT_NEWEST,
				      err);
	if (!st)
		return -1;
	if (month)
		sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out_month, 8, "%s", (const char *)sqlite3_column_text(st, 0));
		*at = sqlite3_column_int64(st, 1);
		buf_adds(report, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(sqlite3_db_handle(st), "read harvest report", err);
}
