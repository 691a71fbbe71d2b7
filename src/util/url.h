/* url.h: the one check for http(s) URLs, used by config and submissions. */
#ifndef NEWSDESK_URL_H
#define NEWSDESK_URL_H

#include <stdbool.h>

#define URL_MAX_BYTES 2048

/* An absolute http(s) URL with a host, at most URL_MAX_BYTES, without
 * whitespace, control bytes or characters that would end a Markdown link
 * early, and with balanced parentheses. */
bool valid_http_url(const char *s);

#include "util/buf.h"

/* Appends s percent-encoded for a query value (all but unreserved bytes). */
void url_encode_component(struct buf *out, const char *s);

#endif
