/* markdown.h: Markdown to HTML the way readers will see it, safely.
 *
 * cmark-gfm with the GitHub extensions (tables, strikethrough, autolinks,
 * task lists) in safe mode: raw HTML is dropped and javascript:, vbscript:,
 * file: and data: (except images) links are emptied, so the output can go
 * straight into a page. */
#ifndef NEWSDESK_MARKDOWN_H
#define NEWSDESK_MARKDOWN_H

#include <stddef.h>

#include "util/buf.h"

#define MARKDOWN_MAX_BYTES (64u * 1024u)

/* Once per process, before threads (registers the extensions). */
void markdown_init(void);
/* Appends the HTML for md (len bytes, valid UTF-8) to out; -1 when
 * cmark-gfm fails (no memory). */
int markdown_to_html(const char *md, size_t len, struct buf *out);

/* A reader's comment: as above, and every link gets
 * rel="nofollow ugc noopener"; images become links (no third-party
 * fetches).  *links gets the number of links.  Returns 0, -1 when
 * cmark-gfm fails, -2 when the text holds too many images to rewrite. */
int markdown_comment_to_html(const char *md, size_t len, struct buf *out, int *links);

/* Text that goes into the newsletter is rendered by Zola, which passes
 * raw HTML through: every piece of raw HTML in md must pass
 * html_policy_check() (the markup the newsletter itself uses, nothing
 * that can run).  Returns 1 with what was refused in found, 0 when all
 * passes, -1 when cmark-gfm fails. */
int markdown_raw_html(const char *md, size_t len, char *found, size_t found_len);

#endif
