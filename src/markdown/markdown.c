/* markdown.c: bounded Markdown rendering with cmark-gfm (see markdown.h) */
#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

/* What a render is for: the extensions and options it takes. */
enum md_view { VIEW_SAFE, VIEW_COMMENT, VIEW_PUBLISHED };

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

void markdown_init(void)
{
	pthread_once(&registered, register_extensions);
}

/* A parser with the view's extensions attached; *exts gets the list to
 * render with. */
static cmark_parser *new_parser(enum md_view view, int opts, cmark_llist **exts)
{
	static const char *const all[] = { "table", "strikethrough", "tasklist", "autolink" };
	/* pulldown-cmark (Zola) makes no links of bare URLs */
	size_t n = view == VIEW_PUBLISHED ? 3 : 4;
	markdown_init();   /* the draft engine's callers need not know */
	cmark_parser *p = cmark_parser_new(opts);
	if (!p)
		return NULL;
	cmark_mem *mem = cmark_get_default_mem_allocator();
	for (size_t i = 0; i < n; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(all[i]);
		if (e) {
			cmark_parser_attach_syntax_extension(p, e);
			*exts = cmark_llist_append(mem, *exts, e);
		}
	}
	return p;
}

/* One parse: the parser, its extensions and the document (NULL when
 * cmark-gfm failed), released together. */
struct parsed {
	cmark_parser *p;
	cmark_llist *exts;
	cmark_node *doc;
};

static void parse(struct parsed *ps, enum md_view view, const char *md, size_t len, int opts)
{
	ps->exts = NULL;
	ps->doc = NULL;
	ps->p = new_parser(view, opts, &ps->exts);
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

/* The iterator gives these an ENTER event only (cmark's own list). */
static bool is_leaf(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_THEMATIC_BREAK: case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_TEXT: case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE:
		return true;
	default:
		return false;
	}
}

static bool too_deep(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int depth = 0, deepest = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		if (is_leaf(node))
			continue;
		if (ev == CMARK_EVENT_ENTER && ++depth > deepest)
			deepest = depth;
		else if (ev == CMARK_EVENT_EXIT)
			depth--;
	}
	cmark_iter_free(it);
	return deepest > MARKDOWN_MAX_DEPTH;
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

static int refuse(char why[MARKDOWN_WHY], const char *msg)
{
	snprintf(why, MARKDOWN_WHY, "%s", msg);
	return 1;
}

struct md_doc {
	struct parsed ps;
	enum md_view view;
	int opts;
	size_t in_len;
};

void md_doc_free(struct md_doc *doc)
{
	if (!doc)
		return;
	parsed_free(&doc->ps);
	free(doc);
}

static int doc_parse(enum md_view view, const char *md, size_t len, struct md_doc **out,
		     char why[MARKDOWN_WHY])
{
	*out = NULL;
	if (view == VIEW_PUBLISHED
		    ? markdown_bounds_shape(md, len, MARKDOWN_MAX_BRACKETS + len / 8, why)
		    : markdown_bounds(md, len, why))
		return 1;
	struct md_doc *doc = xcalloc(1, sizeof *doc);
	doc->view = view;
	doc->in_len = len;
	/* CMARK_OPT_SAFE is the default in this version; said anyway, since
	 * the whole point is that no raw HTML or script link gets through */
	/* Zola reads footnotes; read them too, or a footnote's raw HTML
	 * would pass as a link definition */
	doc->opts = CMARK_OPT_VALIDATE_UTF8 |
		    (view == VIEW_PUBLISHED ? CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES : CMARK_OPT_SAFE);
	parse(&doc->ps, view, md, len, doc->opts);
	if (!doc->ps.doc) {
		md_doc_free(doc);
		return -1;
	}
	if (too_deep(doc->ps.doc)) {
		md_doc_free(doc);
		return refuse(why, "is nested too deeply (quotes or lists inside each other)");
	}
	*out = doc;
	return 0;
}

int md_doc_render(struct md_doc *doc, struct buf *out, char why[MARKDOWN_WHY])
{
	char *html = cmark_render_html(doc->ps.doc, doc->opts, doc->ps.exts);
	if (!html)
		return -1;
	size_t n = strlen(html), cap = MARKDOWN_OUT_FACTOR * doc->in_len + MARKDOWN_OUT_SLACK;
	size_t bad = 0;
	int rc = 0;
	/* a whole draft is judged, not served: only the relative cap */
	if (n > cap || (doc->view != VIEW_PUBLISHED && n > MARKDOWN_OUT_MAX))
		rc = refuse(why, "would make a page far larger than the text itself");
	else if (!utf8_xml_valid(html, n, &bad))
		rc = refuse(why, "holds a character that cannot be shown (a control character,"
				 " U+FFFE or U+FFFF, perhaps written as an &#…; reference)");
	else if (doc->view == VIEW_COMMENT)
		add_rel(out, html);
	else
		buf_add(out, html, n);
	free(html);
	return rc;
}

struct cmark_node *md_doc_root(struct md_doc *doc)
{
	return doc->ps.doc;
}

int markdown_published_parse(const char *md, size_t len, struct md_doc **doc,
			     char why[MARKDOWN_WHY])
{
	return doc_parse(VIEW_PUBLISHED, md, len, doc, why);
}

static int render(enum md_view view, const char *md, size_t len, struct buf *out, int *links,
		  char why[MARKDOWN_WHY])
{
	struct md_doc *doc;
	int rc = doc_parse(view, md, len, &doc, why);
	if (rc == 0 && view == VIEW_COMMENT && (*links = links_only(doc->ps.doc)) < 0)
		rc = refuse(why, "has too many images");
	if (rc == 0)
		rc = md_doc_render(doc, out, why);
	md_doc_free(doc);
	return rc;
}

int markdown_to_html(const char *md, size_t len, struct buf *out, char why[MARKDOWN_WHY])
{
	return render(VIEW_SAFE, md, len, out, NULL, why);
}

int markdown_comment_to_html(const char *md, size_t len, struct buf *out, int *links,
			     char why[MARKDOWN_WHY])
{
	*links = 0;
	return render(VIEW_COMMENT, md, len, out, links, why);
}

int markdown_as_published(const char *md, size_t len, struct buf *out, char why[MARKDOWN_WHY])
{
	return render(VIEW_PUBLISHED, md, len, out, NULL, why);
}

int markdown_each_link(const char *md, size_t len, size_t max_brackets,
		       void (*fn)(const char *url, void *arg), void *arg,
		       char why[MARKDOWN_WHY])
{
	struct md_doc *doc;
	int rc = markdown_bounds_shape(md, len, max_brackets, why);
	if (rc == 0)
		rc = doc_parse(VIEW_PUBLISHED, md, len, &doc, why);
	if (rc != 0)
		return rc;
	cmark_iter *it = cmark_iter_new(doc->ps.doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *url = ev == CMARK_EVENT_ENTER &&
						  (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
					  ? cmark_node_get_url(n)
					  : NULL;
		if (url && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 ||
			    strncmp(url, "@/", 2) == 0))
			fn(url, arg);
	}
	cmark_iter_free(it);
	md_doc_free(doc);
	return 0;
}
