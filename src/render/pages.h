/* pages.h: the HTML of the server-rendered pages.  Handlers gather the
 * data; these functions only write markup, escaping every byte that came
 * from a person (previews are cmark-gfm's safe output, inserted as is). */
#ifndef NEWSDESK_PAGES_H
#define NEWSDESK_PAGES_H

#include "draft/draft.h"
#include "store/store.h"
#include "util/buf.h"

/* <!doctype html> … <main>, and the end of the page. */
void page_begin(struct buf *b, const char *title);
void page_end(struct buf *b);

/* /s/{token}: sub and its rendered preview (may be NULL). */
void render_status_page(struct buf *b, const struct store_submission *sub,
			const char *preview_html);
void render_status_not_found(struct buf *b);

enum submit_draft { SUBMIT_DRAFT_OK, SUBMIT_NO_DRAFT, SUBMIT_DRAFT_UNAVAILABLE };
/* /submit: the form for draft d (NULL unless SUBMIT_DRAFT_OK; path names it). */
void render_submit_page(struct buf *b, enum submit_draft state, const struct draft *d,
			const char *path);
/* The plain form's answer when a submission is refused. */
void render_form_error(struct buf *b, const char *field, const char *message);
/* In place of an entry's preview: a note saying why it cannot be shown. */
void render_preview_unavailable(struct buf *b, const char *why);

#endif
