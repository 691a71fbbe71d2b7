/* markdown.c: safe Markdown rendering with cmark-gfm */
#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>

static const char *const extensions[] = { "table", "strikethrough", "autolink", "tasklist" };

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

int markdown_to_html(const char *md, size_t len, struct buf *out)
{
	/* CMARK_OPT_SAFE is the default in this version; said anyway, since
	 * the whole point is that no raw HTML or script link gets through */
	int opts = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *p = cmark_parser_new(opts);
	if (!p)
		return -1;
	cmark_llist *exts = NULL;
	cmark_mem *mem = cmark_get_default_mem_allocator();
	for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
		if (e) {
			cmark_parser_attach_syntax_extension(p, e);
			exts = cmark_llist_append(mem, exts, e);
		}
	}
	cmark_parser_feed(p, md, len);
	cmark_node *doc = cmark_parser_finish(p);
	char *html = doc ? cmark_render_html(doc, opts, exts) : NULL;
	if (html)
		buf_adds(out, html);
	free(html);
	if (doc)
		cmark_node_free(doc);
	cmark_llist_free(mem, exts);
	cmark_parser_free(p);
	return html ? 0 : -1;
}
