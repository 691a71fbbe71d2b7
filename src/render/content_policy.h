/* content_policy.h: may this change reach the newsletter?
 *
 * A contribution is judged where it ends up, not field by field: the
 * draft before and after the entry was written are both parsed as the
 * published site parses them (CommonMark with raw HTML passed through)
 * and both rendered pages are parsed as a browser parses HTML5.  The
 * change passes when
 *  - everything outside the entry reads exactly as before (same blocks,
 *    texts, links and headings: nothing continued, swallowed or
 *    redefined by it);
 *  - the entry is what it says it is: one "###" section (headings below
 *    "###" allowed inside it) or list items only, and a heading has text;
 *  - every link and image in it goes to http, https, mailto or a relative
 *    target, as decoded by the Markdown parser;
 *  - the rendered page holds nothing outside html_policy.h that the page
 *    before did not hold already;
 *  - nothing in it reads differently between CommonMark renderers in a
 *    way we know of (a "{…}" after a heading is an attribute list to
 *    Zola and text to others: refused).
 * Used by draft_apply(), so the form, the maintainers' edits, the pull
 * request worker and "draft apply" all go through it. */
#ifndef NEWSDESK_CONTENT_POLICY_H
#define NEWSDESK_CONTENT_POLICY_H

#include <stddef.h>

enum entry_shape { ENTRY_HEADING, ENTRY_LIST };

struct text_range {
	size_t off, len;   /* bytes */
};

struct content_change {
	const char *before, *after;
	size_t before_len, after_len;
	size_t body_before, body_after;  /* where the Markdown starts (after front matter) */
	const struct text_range *removed;  /* from before */
	size_t n_removed;
	const struct text_range *added;    /* into after */
	size_t n_added;
	enum entry_shape shape;
};

#define CONTENT_WHY 200

/* 0 when the change may be published; 1 refused, with a sentence about
 * the entry in why; -1 when the renderer failed. */
int content_check_change(const struct content_change *c, char why[CONTENT_WHY]);

#endif
