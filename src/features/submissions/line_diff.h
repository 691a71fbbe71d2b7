/* line_diff.h: a unified diff (as `diff -u` prints it) between two texts,
 * for the maintainers' view of what a submission changes in the draft. */
#ifndef NEWSDESK_LINE_DIFF_H
#define NEWSDESK_LINE_DIFF_H

#include <stddef.h>

#include "util/buf.h"

#define DIFF_CONTEXT 3

/* Appends "--- a\n+++ b\n" and the hunks; nothing when the texts are equal. */
void unified_diff(const char *a, size_t an, const char *b, size_t bn, const char *label_a,
		  const char *label_b, struct buf *out);

#endif
