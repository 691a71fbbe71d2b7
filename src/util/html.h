/* html.h: escaping text for HTML bodies and attribute values. */
#ifndef NEWSDESK_HTML_H
#define NEWSDESK_HTML_H

#include <stddef.h>

#include "util/buf.h"

/* Appends s (n bytes) with & < > " ' escaped, safe in text and in quoted
 * attribute values. */
void html_escape(struct buf *out, const char *s, size_t n);
void html_escapes(struct buf *out, const char *s);

#endif
