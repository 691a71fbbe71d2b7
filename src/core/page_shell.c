/* page_shell.c: what every server-rendered page starts and ends with */
#include "core/page_shell.h"

#include "markdown/escape.h"

void page_begin(struct buf *b, const char *title)
{
	buf_adds(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>");
	html_txt(b, title);
	buf_adds(b, " · This Month in Rust OSDev</title>"
		    "<link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
		    "<header class=\"site\"><a href=\"/\">This Month in Rust OSDev</a> "
		    "<span>newsdesk</span></header><main>");
}

void page_end(struct buf *b)
{
	buf_adds(b, "</main></body></html>\n");
}

void page_refusal(struct req *r, struct resp *rs, const struct err_def *e, const char *field,
		  const char *message, const char *back)
{
	(void)r;
	(void)field;
	struct buf b = BUF_INIT;
	page_begin(&b, e->title);
	buf_adds(&b, "<h1>");
	html_txt(&b, e->title);
	buf_adds(&b, "</h1><p class=\"error\">");
	html_txt(&b, message);
	buf_adds(&b, "</p>");
	if (back) {
		buf_adds(&b, "<p><a href=\"");
		html_href(&b, back);
		buf_adds(&b, "\">Go back</a></p>");
	}
	page_end(&b);
	resp_page(rs, e->status, &b);
}
