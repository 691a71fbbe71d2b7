/* escape.c: escaping for each place in a page (escape.h) */
#include "markdown/escape.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "util/url.h"

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

void xml_txt(struct buf *out, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s), from = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
		bool nonchar = c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
			       ((unsigned char)s[i + 2] & 0xFE) == 0xBE;
		if (!control && !nonchar)
			continue;
		html_escape(out, s + from, i - from);
		buf_adds(out, "\xEF\xBF\xBD");   /* U+FFFD */
		i += nonchar ? 2 : 0;
		from = i + 1;
	}
	html_escape(out, s + from, n - from);
}

void html_txt(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s));
}

void html_attr(struct buf *out, const char *s)
{
	if (s)
		html_escape(out, s, strlen(s));
}

/* A scheme before any '/', '?' or '#' makes it absolute. */
static bool allowed_target(const char *url)
{
	size_t n = strcspn(url, ":/?#");
	if (url[n] != ':')
		return true;   /* relative */
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)url[i]) && url[i] != '+' && url[i] != '-' &&
		    url[i] != '.')
			return false;
	return (n == 4 && strncasecmp(url, "http", 4) == 0) ||
	       (n == 5 && strncasecmp(url, "https", 5) == 0) ||
	       (n == 6 && strncasecmp(url, "mailto", 6) == 0);
}

void html_href(struct buf *out, const char *url)
{
	html_attr(out, url && allowed_target(url) ? url : "#");
}

void html_url_arg(struct buf *out, const char *s)
{
	struct buf enc = BUF_INIT;
	url_encode_component(&enc, s ? s : "");
	html_attr(out, enc.p);
	buf_release(&enc);
}
