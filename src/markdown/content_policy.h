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
 *  - its bytes read the same under every CommonMark reading from 0.29
 *    on, whatever a parser drops (markup_bytes.h: judged with no parser);
 *  - Zola can build it: no shortcode syntax outside Zola's escape, no
 *    link without an address, '#' links only to ids the page will have
 *    (page_ids.h, and the template's), internal links only in the shape
 *    @/section/page.md (whether the page exists is asked of GitHub by the
 *    jobs: draft/internal_pages.h), no heading taking a template's id;
 *  - the site's RSS feed stays XML: no "]]>", no character XML 1.0
 *    forbids, raw or as a numeric reference.
 * Used by draft_apply(), so the form, the maintainers' edits, the pull
 * request worker and "draft apply" all go through it. */
#ifndef NEWSDESK_CONTENT_POLICY_H
#define NEWSDESK_CONTENT_POLICY_H

#include <stddef.h>

struct strlist;

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
	const struct strlist *template_anchors;  /* NULL: the default, comment-form */
};

#define CONTENT_WHY 200

/* 0 when the change may be published; 1 refused, with a sentence about
 * the entry in why; -1 when the renderer failed. */
int content_check_change(const struct content_change *c, char why[CONTENT_WHY]);

#endif
