/* harvest.h: the last harvest of each month (harvest.c), for the month
 * view; the proposals themselves are submissions (submissions.h). */
#ifndef NEWSDESK_STORE_HARVEST_H
#define NEWSDESK_STORE_HARVEST_H

#include <stdint.h>

#include "store/store.h"

/* month "YYYY-MM"; report: one line per event. */
int store_harvest_report_set(struct store *s, const char *month, int64_t at, const char *report,
			     struct buf *err);
/* 1 found (*at, report filled), 0 none, -1 error.  month NULL: the newest. */
int store_harvest_report_get(struct store *s, const char *month, char out_month[8], int64_t *at,
			     struct buf *report, struct buf *err);

#endif
