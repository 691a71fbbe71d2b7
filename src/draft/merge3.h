/* merge3.h: a three-way merge of lines, for an update of an entry that
 * changed in the draft since the update was written.
 *
 * base is the entry as the contributor started from it, ours the update,
 * theirs the entry as the draft has it now.  Each side's changes against
 * base are found as hunks of lines (a longest common subsequence); hunks of
 * the two sides that touch or overlap in base conflict unless they make the
 * same text; the rest are all applied.  So a fixed link in one paragraph
 * and a filled-in placeholder in another both survive, while two rewrites
 * of one line never silently pick one.
 */
#ifndef NEWSDESK_MERGE3_H
#define NEWSDESK_MERGE3_H

#include <stdbool.h>

#include "util/buf.h"

enum merge3_result {
	MERGE3_CLEAN,      /* out holds both changes */
	MERGE3_CONFLICT,   /* the changes overlap; out holds nothing */
	MERGE3_TOO_LARGE,  /* more lines than a merge is tried for */
};

/* Texts are NUL-terminated; line ends are "\n" (a final one is optional
 * and follows ours). */
enum merge3_result merge3(const char *base, const char *ours, const char *theirs,
			  struct buf *out);

#endif
