/* errors.c: field errors and rendered pages as responses */
#include "handlers/errors.h"

#include <jansson.h>

void resp_field_error(struct resp *rs, const char *field, const char *message)
{
	resp_error_with(rs, 400, "invalid_field", field ? field : "submission", message, NULL);
}

void resp_page(struct resp *rs, int status, struct buf *b)
{
	resp_bytes(rs, status, "text/html; charset=utf-8", b->p, b->len);
	buf_release(b);
}
