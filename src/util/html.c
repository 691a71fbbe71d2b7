/* html.c: HTML escaping */
#include "util/html.h"

#include <string.h>

void html_escape(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, s[i]); break;
		}
	}
}

void html_escapes(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s));
}
