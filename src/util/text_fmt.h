/* text_fmt.h: small text conversions several layers need the same way. */
#ifndef NEWSDESK_TEXT_FMT_H
#define NEWSDESK_TEXT_FMT_H

#include <stdint.h>

#define TIME_RFC3339_MAX 32

/* t (Unix seconds) as RFC 3339 in UTC: "2026-11-21T10:00:00Z". */
void time_rfc3339(int64_t t, char out[TIME_RFC3339_MAX]);
/* GitHub's "2026-11-21T10:00:00Z" as Unix seconds; 0 when it is not one. */
int64_t time_parse_rfc3339(const char *s);
/* The value of one hex digit, or -1. */
int hex_digit(int c);
/* A row id as text: 1 to 18 decimal digits, nothing else (no sign, no
 * space), more than 0.  0 with *id set, or -1. */
int parse_id(const char *s, int64_t *id);

#endif
