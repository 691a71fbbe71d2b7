/* errors.c: field errors and the page shell */
#include "handlers/errors.h"

#include <jansson.h>

#include "util/html.h"

void resp_field_error(struct resp *rs, const char *field, const char *message)
{
	resp_json(rs, 400, json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "invalid_field",
				     "field", field ? field : "submission", "message", message));
}

void page_begin(struct buf *b, const char *title)
{
	buf_adds(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<title>");
	html_escapes(b, title);
	buf_adds(b, " · This Month in Rust OSDev</title>"
		    "<link rel=\"stylesheet\" href=\"/style.css\"></head><body>"
		    "<header class=\"site\"><a href=\"/\">This Month in Rust OSDev</a> "
		    "<span>newsdesk</span></header><main>");
}

void page_end(struct buf *b)
{
	buf_adds(b, "</main></body></html>\n");
}

void resp_page(struct resp *rs, int status, struct buf *b)
{
	resp_bytes(rs, status, "text/html; charset=utf-8", b->p, b->len);
	buf_release(b);
}
