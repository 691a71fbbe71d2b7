/* submission_check.h: what makes a submission acceptable, for the public
 * form and the maintainers' edits alike: the §4 rules (draft engine) and,
 * when a draft exists, that it applies to it cleanly. */
#ifndef NEWSDESK_SUBMISSION_CHECK_H
#define NEWSDESK_SUBMISSION_CHECK_H

#include <jansson.h>

#include "core/app.h"
#include "core/live_draft.h"
#include "http/errors.h"
#include "store/submissions.h"

struct checked_submission {
	char *payload;      /* compact JSON as stored */
	char *section, *author;
	char *draft_path;   /* NULL when no draft exists yet */
	unsigned char entry_key[ENTRY_KEY_BYTES];  /* what makes two of them the same */
};

/* 0 with out filled (free with checked_submission_free); -1 with e set.
 * ld is the request's live draft (see live_draft.h). */
int submission_check(struct app *app, const struct live_draft *ld, json_t *obj,
		     struct checked_submission *out, struct fault *e);
/* submission_check against the live draft, opened for it and closed. */
int submission_check_live(struct app *app, json_t *obj, struct checked_submission *out,
			  struct fault *e);
void checked_submission_free(struct checked_submission *c);

/* The submission whose status token is the route's first parameter:
 * 1 found, 0 none (malformed tokens included), -1 database error (logged). */
int submission_by_token(struct req *r, struct store_submission *sub);
/* The submission whose id is the route's first parameter: 0, or -1 after
 * answering 404 (none, or a malformed id) or with nothing answered (a
 * database error, logged). */
int submission_of_route(struct req *r, struct resp *rs, struct store_submission *sub);

/* The entry's Markdown as it would be written into the draft (0), from the
 * stored payload; -1 with err set. */
int submission_markdown(const struct app *app, const struct live_draft *ld,
			const char *payload, struct buf *md, struct buf *err);
/* An update whose entry changed in the live draft since it was written,
 * where it changes it too: 1 with both versions (the entry now, the
 * update), 0 when it still applies (or is no update). */
int submission_conflict(const struct app *app, const struct live_draft *ld, const char *payload,
			struct buf *draft_now, struct buf *update);
/* The same for a handler: 1 found, 0 after answering 404, -1 (the answer
 * is not to be cached: the link is a key). */
int submission_of_link(struct req *r, struct resp *rs, struct store_submission *sub);
/* A handler of a submission's link: fn runs with the submission the
 * route's token names (freed after), or the answer is 404. */
typedef int (*linked_fn)(struct app *app, struct req *r, struct resp *rs,
			 const struct store_submission *sub);
int with_linked_submission(struct req *r, struct resp *rs, linked_fn fn);
/* 409 duplicate: another live submission holds the same entry. */
void fail_twin(struct req *r, struct resp *rs, const char *field, const struct store_twin *twin);
/* The block as readers will see it (safe HTML), from the stored payload,
 * shaped by its section in ld when ld has a draft (ld may be NULL).
 * Always fills html: the entry, or a note saying why it cannot be shown,
 * so that one bad row never takes a page down with it. */
void submission_preview_html(const struct app *app, const struct live_draft *ld,
			     const char *payload, struct buf *html);

/* The stored payload with edits applied: a field set to null is removed,
 * others replace the stored value (a new object). */
json_t *submission_merged(const char *payload, json_t *edits);

#endif
