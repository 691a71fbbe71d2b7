/* text.h: small string helpers shared by the draft engine's files. */
#ifndef NEWSDESK_DRAFT_TEXT_H
#define NEWSDESK_DRAFT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

bool txt_blank(const char *s, size_t n);
bool txt_starts(const char *s, size_t n, const char *prefix);
/* Trims spaces and tabs on both ends (pointer and length in place). */
void txt_trim(const char **s, size_t *n);
/* Case-insensitive ASCII search of needle in s[0..n). */
bool txt_contains_ci(const char *s, size_t n, const char *needle);
/* The text of the first Markdown link [text](…) in s, or NULL. */
bool txt_first_link(const char *s, size_t n, const char **text, size_t *text_len,
		    const char **dest, size_t *dest_len);
/* Reports a problem with one field of a submission and returns -1.  A
 * caller that asks for the field (field != NULL) gets its name there and
 * the message alone in err, to show beside that field; without, err says
 * "name: message", for logs and the command line. */
int draft_fail(const char **field, const char *name, struct buf *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Appends s without backticks. */
void txt_add_without_backticks(struct buf *out, const char *s, size_t n);
/* Loose title comparison: case, backticks and runs of spaces ignored. */
bool txt_loose_eq(const char *a, const char *b);

#endif
