/* page_ids.c: the ids a newsletter page's headings get (page_ids.h) */
#include "markdown/page_ids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void page_heading_text(cmark_node *h, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(h);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
			buf_adds(out, cmark_node_get_literal(n));
		if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_HTML_INLINE)
			buf_addc(out, ' ');
	}
	cmark_iter_free(it);
}

static void slugify(const char *text, struct buf *out)
{
	bool dash = false;
	for (const char *p = text; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9');
		if (!alnum) {
			dash = out->len > 0;
			continue;
		}
		if (dash)
			buf_addc(out, '-');
		dash = false;
		buf_addc(out, (char)(ch | (ch >= 'A' && ch <= 'Z' ? 0x20 : 0)));
	}
}

bool page_ids_have(const struct page_ids *ids, const char *id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i].id, id) == 0)
			return true;
	return false;
}

void page_ids_build(cmark_node *doc, struct page_ids *out)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		struct buf text = BUF_INIT, slug = BUF_INIT, id = BUF_INIT;
		page_heading_text(n, &text);
		slugify(text.p ? text.p : "", &slug);
		buf_adds(&id, slug.p);
		for (unsigned k = 1; page_ids_have(out, id.p); k++) {
			buf_reset(&id);
			buf_addf(&id, "%s-%u", slug.p, k);
		}
		out->v = xgrowarray(out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n].node = n;
		out->v[out->n++].id = buf_detach(&id, NULL);
		buf_release(&text);
		buf_release(&slug);
	}
	cmark_iter_free(it);
}

void page_ids_free(struct page_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++)
		free(ids->v[i].id);
	free(ids->v);
	*ids = (struct page_ids){ 0 };
}
