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
