/* submission_check.h: what makes a submission acceptable, for the public
 * form and the maintainers' edits alike: the §4 rules (draft engine) and,
 * when a draft exists, that it applies to it cleanly. */
#ifndef NEWSDESK_SUBMISSION_CHECK_H
#define NEWSDESK_SUBMISSION_CHECK_H

#include <jansson.h>

#include "handlers/app.h"

struct checked_submission {
	char *payload;      /* compact JSON as stored */
	char *section, *author;
	char *draft_path;   /* NULL when no draft exists yet */
};

/* 0 with out filled (free with checked_submission_free); -1 with rs set
 * (400 naming the field, 503 when the draft cannot be read). */
int submission_check(struct app *app, json_t *obj, struct checked_submission *out,
		     struct resp *rs);
void checked_submission_free(struct checked_submission *c);

/* The submission whose status token is the route's first parameter:
 * 1 found, 0 none (malformed tokens included), -1 database error (logged). */
int submission_by_token(struct req *r, struct store_submission *sub);

/* The block as readers will see it (safe HTML), from the stored payload. */
int submission_preview_html(struct app *app, const char *payload, struct buf *html);

#endif
