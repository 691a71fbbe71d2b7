/* url.c: http(s) URL validation */
#include "util/url.h"

#include <string.h>

bool valid_http_url(const char *s)
{
	size_t n = strlen(s);
	const char *rest;
	if (n > URL_MAX_BYTES)
		return false;
	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return false;
	if (*rest == '\0' || *rest == '/' || *rest == '?' || *rest == '#' || *rest == ':')
		return false;
	int depth = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' ||
		    *p == '\\' || *p == '`')
			return false;
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth < 0)
			return false;
	}
	return depth == 0;
}

void url_encode_component(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			buf_add(out, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(out, e, 3);
		}
	}
}
