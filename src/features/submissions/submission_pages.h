/* submission_pages.h: the HTML of the contribution pages.  Handlers gather the
 * data; these functions only write markup, escaping every byte that came
 * from a person (previews are cmark-gfm's safe output, inserted as is). */
#ifndef NEWSDESK_SUBMISSION_PAGES_H
#define NEWSDESK_SUBMISSION_PAGES_H

#include "github/user.h"
#include "config/config.h"
#include "draft/draft.h"
#include "store/store.h"
#include "store/submissions.h"
#include "util/buf.h"

/* /s/{token}: sub and its rendered preview (may be NULL); month: the
 * issue it goes into ("" = the next one, whose draft is not there yet). */
struct status_conflict {
	const char *draft_now, *update;   /* the entry in the draft now, the update */
};
/* conflict: both versions when the draft changed under an update where it
 * changes it too (NULL: none). */
void render_status_page(struct buf *b, const struct store_submission *sub,
			const char *preview_html, const char *month,
			const struct status_conflict *conflict);

enum submit_draft { SUBMIT_DRAFT_OK, SUBMIT_NO_DRAFT, SUBMIT_DRAFT_UNAVAILABLE };
/* Who is filling in the form: a GitHub sign-in (who, else NULL), whether
 * signing in is offered at all, and what becomes of people who do not. */
struct submit_identity {
	const struct issue_info *issue;   /* the live draft's, or NULL */
	const char *setup_hint;           /* why the draft cannot be read, for a new set-up */
	const struct github_identity *who;
	bool signin_offered;
	enum anonymous_contributions anonymous;
};
/* /submit: the form for draft d (NULL unless SUBMIT_DRAFT_OK; path names it). */
void render_submit_page(struct buf *b, enum submit_draft state, const struct draft *d,
			const char *path, const struct submit_identity *id);
/* The plain form's answer when a submission is refused. */
void render_form_error(struct buf *b, const char *field, const char *message);
/* In place of an entry's preview: a note saying why it cannot be shown. */
void render_preview_unavailable(struct buf *b, const char *why);

#endif
