/* text_fmt.c: RFC 3339 times and hex digits */
#include "util/text_fmt.h"

#include <string.h>

#include <time.h>

void time_rfc3339(int64_t t, char out[TIME_RFC3339_MAX])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, TIME_RFC3339_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t time_parse_rfc3339(const char *s)
{
	struct tm tm = { 0 };
	const char *end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	return end && !*end ? (int64_t)timegm(&tm) : 0;
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_id(const char *s, int64_t *id)
{
	if (!s || !*s || strlen(s) > 18)
		return -1;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v <= 0)
		return -1;
	*id = v;
	return 0;
}
