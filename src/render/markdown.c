/* markdown.c: safe Markdown rendering with cmark-gfm */
#include "render/markdown.h"
#include "render/html_policy.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/* A parser with the extensions attached; *exts gets the list to render with. */
static cmark_parser *new_parser(int opts, cmark_llist **exts)
{
	cmark_parser *p = cmark_parser_new(opts);
	if (!p)
		return NULL;
	cmark_mem *mem = cmark_get_default_mem_allocator();
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e) {
			cmark_parser_attach_syntax_extension(p, e);
			*exts = cmark_llist_append(mem, *exts, e);
		}
	}
	return p;
}

/* Images become links to the image: a comment must not make its readers'
 * browsers fetch from hosts nobody vetted.  Returns the number of links. */
static int links_only(cmark_node *doc)
{
	int links = 0;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *images[256];
	size_t n_images = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_LINK) {
			links++;
		} else if (t == CMARK_NODE_IMAGE) {
			links++;
			if (n_images < sizeof images / sizeof *images)
				images[n_images++] = node;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n_images; i++) {
		cmark_node *img = images[i], *link = cmark_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(link, cmark_node_get_url(img));
		cmark_node_set_title(link, cmark_node_get_title(img));
		cmark_node *child;
		while ((child = cmark_node_first_child(img)) != NULL)
			cmark_node_append_child(link, child);
		if (!cmark_node_first_child(link)) {
			cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(text, "image");
			cmark_node_append_child(link, text);
		}
		cmark_node_replace(img, link);
		cmark_node_free(img);
	}
	/* more images than we could note: refuse rather than let one through */
	return n_images == sizeof images / sizeof *images ? -1 : links;
}

/* Safe mode escapes every "<" that is not the renderer's own, so "<a href="
 * can only be the start of a link it wrote. */
static void add_rel(struct buf *out, const char *html)
{
	static const char from[] = "<a href=\"";
	const char *s = html, *hit;
	while ((hit = strstr(s, from)) != NULL) {
		buf_add(out, s, (size_t)(hit - s));
		buf_adds(out, "<a rel=\"nofollow ugc noopener\" href=\"");
		s = hit + sizeof from - 1;
	}
	buf_adds(out, s);
}

/* links NULL: a newsletter text; else a reader's comment (see header). */
/* One parse: the parser, its extensions and the document (NULL when
 * cmark-gfm failed), released together. */
struct parsed {
	cmark_parser *p;
	cmark_llist *exts;
	cmark_node *doc;
};

static void parse(struct parsed *ps, const char *md, size_t len, int opts)
{
	ps->exts = NULL;
	ps->doc = NULL;
	ps->p = new_parser(opts, &ps->exts);
	if (!ps->p)
		return;
	cmark_parser_feed(ps->p, md, len);
	ps->doc = cmark_parser_finish(ps->p);
}

static void parsed_free(struct parsed *ps)
{
	if (ps->doc)
		cmark_node_free(ps->doc);
	cmark_llist_free(cmark_get_default_mem_allocator(), ps->exts);
	if (ps->p)
		cmark_parser_free(ps->p);
}

static int render(const char *md, size_t len, struct buf *out, int *links)
{
	/* CMARK_OPT_SAFE is the default in this version; said anyway, since
	 * the whole point is that no raw HTML or script link gets through */
	int opts = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	struct parsed ps;
	parse(&ps, md, len, opts);
	int rc = ps.doc ? 0 : -1;
	if (ps.doc && links && (*links = links_only(ps.doc)) < 0)
		rc = -2;
	char *html = rc == 0 ? cmark_render_html(ps.doc, opts, ps.exts) : NULL;
	if (html && links)
		add_rel(out, html);
	else if (html)
		buf_adds(out, html);
	else if (rc == 0)
		rc = -1;
	free(html);
	parsed_free(&ps);
	return rc;
}

int markdown_comment_to_html(const char *md, size_t len, struct buf *out, int *links)
{
	*links = 0;
	return render(md, len, out, links);
}

int markdown_to_html(const char *md, size_t len, struct buf *out)
{
	return render(md, len, out, NULL);
}

int markdown_raw_html(const char *md, size_t len, char *found, size_t found_len)
{
	struct parsed ps;
	parse(&ps, md, len, CMARK_OPT_VALIDATE_UTF8);
	int hit = ps.doc ? 0 : -1;
	cmark_iter *it = ps.doc ? cmark_iter_new(ps.doc) : NULL;
	cmark_event_type ev;
	while (it && hit == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE))
			continue;
		const char *lit = cmark_node_get_literal(node);
		if (lit && html_policy_check(lit, found, found_len) < 0)
			hit = 1;
	}
	if (it)
		cmark_iter_free(it);
	parsed_free(&ps);
	return hit;
}
