/* cycle.c: the issue a draft is, and until when it takes contributions */
#include "draft/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void issue_info_of(const char *month, bool published, int64_t deadline_day, int64_t now,
		   struct issue_info *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->month, sizeof out->month, "%s", month ? month : "");
	out->published = published;
	int y = 0, m = 0;
	if (deadline_day <= 0 || strlen(out->month) != 7 ||
	    sscanf(out->month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
		return;
	/* the issue for March is written in March and closes in April */
	if (++m > 12) {
		m = 1;
		y++;
	}
	snprintf(out->deadline, sizeof out->deadline, "%04d-%02d-%02d", y, m, (int)deadline_day);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = (int)deadline_day };
	int64_t end = (int64_t)timegm(&tm) + 86400;   /* the whole day counts */
	int64_t left = end - now;
	out->days_left = left > 0 ? (left - 1) / 86400 : -1 - (-left) / 86400;
}

void issue_month_of_path(const char *path, const char *posts_dir, char month[8])
{
	month[0] = '\0';
	size_t dl = strlen(posts_dir);
	if (path && strncmp(path, posts_dir, dl) == 0 && path[dl] == '/' &&
	    strlen(path + dl + 1) >= 7)
		snprintf(month, 8, "%.7s", path + dl + 1);
}
