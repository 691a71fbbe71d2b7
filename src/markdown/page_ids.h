/* page_ids.h: the ids a newsletter page's headings get from Zola.
 *
 * Zola gives every heading an id: its text slugified (ASCII letters and
 * digits lowered, every other run one '-', none at either end), made
 * unique in page order with "-1", "-2", ...  '#' links and the page
 * template's own ids are held against them.  Letters outside ASCII are
 * dropped here where Zola transliterates them, so a link to such a
 * heading is refused rather than guessed. */
#ifndef NEWSDESK_PAGE_IDS_H
#define NEWSDESK_PAGE_IDS_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct heading_id {
	cmark_node *node;
	char *id;
};

struct page_ids {
	struct heading_id *v;
	size_t n, cap;
};

/* A heading's text as Zola slugifies it (code spans included). */
void page_heading_text(cmark_node *h, struct buf *out);
void page_ids_build(cmark_node *doc, struct page_ids *out);
bool page_ids_have(const struct page_ids *ids, const char *id);
void page_ids_free(struct page_ids *ids);

#endif
