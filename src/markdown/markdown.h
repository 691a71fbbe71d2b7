/* markdown.h: Markdown to HTML, bounded, the ways newsdesk needs it.
 *
 * Every render here is bounded before it starts and after it ends:
 *  - markdown_bounds() refuses the few shapes whose cost in cmark-gfm
 *    0.29 grows faster than the input (a table's rows are padded to its
 *    header's width, so cells = columns x rows; image text holding links
 *    is quadratic in brackets; every '@' costs the autolinker a look
 *    around) and text larger than MARKDOWN_MAX_BYTES;
 *  - the parsed tree may nest at most MARKDOWN_MAX_DEPTH deep;
 *  - the output may be at most MARKDOWN_OUT_FACTOR times the input plus
 *    MARKDOWN_OUT_SLACK, and never more than MARKDOWN_OUT_MAX;
 *  - the output must be valid UTF-8 without the characters XML 1.0
 *    forbids (cmark-gfm writes U+FFFE and U+FFFF, from "&#xFFFF;", as one
 *    invalid byte).
 * A refusal is returned as 1 with a sentence for the person who wrote the
 * text in why; -1 means cmark-gfm itself failed. */
#ifndef NEWSDESK_MARKDOWN_H
#define NEWSDESK_MARKDOWN_H

#include <stddef.h>

#include "util/buf.h"

#define MARKDOWN_MAX_BYTES (64u * 1024u)
#define MARKDOWN_MAX_DEPTH 48
#define MARKDOWN_MAX_TABLE_COLUMNS 64
#define MARKDOWN_MAX_TABLE_CELLS 20000
#define MARKDOWN_MAX_BRACKETS 4096
#define MARKDOWN_MAX_ATS 1024
#define MARKDOWN_OUT_FACTOR 16
#define MARKDOWN_OUT_SLACK (64u * 1024u)
#define MARKDOWN_OUT_MAX (2u * 1024u * 1024u)
#define MARKDOWN_WHY 160

/* Registers cmark-gfm's extensions, once; every render calls it. */
void markdown_init(void);

/* 0 when md (len bytes) can be rendered within the bounds, else 1 with
 * the reason in why.  Every function below calls it first. */
int markdown_bounds(const char *md, size_t len, char why[MARKDOWN_WHY]);
/* The same without the size limit, for a whole draft (whose size its
 * reader bounds) with max_brackets scaled to it. */
int markdown_bounds_shape(const char *md, size_t len, size_t max_brackets,
			  char why[MARKDOWN_WHY]);

/* Newsletter text as newsdesk shows it (the form's preview, the status
 * and review pages): cmark-gfm with tables, strikethrough, autolinks and
 * task lists, in safe mode (raw HTML dropped; javascript:, vbscript:,
 * file: and data: links emptied). */
int markdown_to_html(const char *md, size_t len, struct buf *out, char why[MARKDOWN_WHY]);

/* A reader's comment: as above, and every link gets
 * rel="nofollow ugc noopener"; images become links (no third-party
 * fetches).  *links gets the number of links. */
int markdown_comment_to_html(const char *md, size_t len, struct buf *out, int *links,
			     char why[MARKDOWN_WHY]);

/* The newsletter as Zola shows it: raw HTML passed through, no bare-URL
 * autolinks (pulldown-cmark has none).  Only for judging the result
 * (content_policy.h); never served. */
int markdown_as_published(const char *md, size_t len, struct buf *out, char why[MARKDOWN_WHY]);

/* The same, parsed and kept for a caller that walks the tree before it
 * renders (content_policy.c): 0 with *doc set, 1 refused (why), -1. */
struct md_doc;
struct cmark_node;
int markdown_published_parse(const char *md, size_t len, struct md_doc **doc,
			     char why[MARKDOWN_WHY]);
struct cmark_node *md_doc_root(struct md_doc *doc);
int md_doc_render(struct md_doc *doc, struct buf *out, char why[MARKDOWN_WHY]);
void md_doc_free(struct md_doc *doc);

/* Calls fn with every http(s) link and image target of md and every
 * internal link of Zola's ("@/page.md"), as Zola reads it, in document order (a draft's size is bounded by its reader; pass
 * max_brackets scaled to it, as markdown_bounds_shape).  0, 1 refused
 * (why), -1. */
int markdown_each_link(const char *md, size_t len, size_t max_brackets,
		       void (*fn)(const char *url, void *arg), void *arg,
		       char why[MARKDOWN_WHY]);

#endif
