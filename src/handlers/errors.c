/* errors.c: field errors and rendered pages as responses */
#include "handlers/errors.h"

#include <jansson.h>

void resp_field_error(struct resp *rs, const char *field, const char *message)
{
	resp_json(rs, 400, json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "invalid_field",
				     "field", field ? field : "submission", "message", message));
}

void resp_page(struct resp *rs, int status, struct buf *b)
{
	resp_bytes(rs, status, "text/html; charset=utf-8", b->p, b->len);
	buf_release(b);
}
