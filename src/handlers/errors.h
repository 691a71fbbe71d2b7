/* errors.h: the 400 that names the field at fault (SPEC §5 error shape,
 * plus "field"), and sending a rendered page. */
#ifndef NEWSDESK_HANDLER_ERRORS_H
#define NEWSDESK_HANDLER_ERRORS_H

#include "http/http.h"
#include "util/buf.h"

/* 400 {"error":{"code":"invalid_field","field":F,"message":M}}. */
void resp_field_error(struct resp *rs, const char *field, const char *message);
/* Sends b as text/html and releases it. */
void resp_page(struct resp *rs, int status, struct buf *b);

#endif
