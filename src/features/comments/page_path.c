/* page_path.c: the thread key of a page link (rules in page_path.h) */
#include "features/comments/page_path.h"

#include <stdbool.h>
#include <string.h>
#include "util/text_fmt.h"

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Characters a path may hold as they are (RFC 3986 pchar minus '%'). */
static int plain_ok(unsigned char c)
{
	return unreserved(c) || strchr("!$&'()*+,;=:@/", c) != NULL;
}

/* Skips "scheme://host" when present; the rest must start with '/'. */
static const char *skip_origin(const char *in)
{
	const char *p = in;
	if (strncmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncmp(p, "http://", 7) == 0)
		p += 7;
	else
		return in;
	const char *slash = strchr(p, '/');
	return slash ? slash : "/";
}

/* Decodes escapes and checks characters into out (no query, no fragment). */
static int clean(const char *in, size_t n, char *out, size_t cap, size_t *len, const char **why)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		char enc[3];
		size_t w = 1;
		enc[0] = (char)c;
		if (c == '%') {
			int h = i + 1 < n ? hex_digit(in[i + 1]) : -1;
			int l = i + 2 < n ? hex_digit(in[i + 2]) : -1;
			if (h < 0 || l < 0) {
				*why = "a % escape is not two hex digits";
				return -1;
			}
			unsigned char d = (unsigned char)(h * 16 + l);
			i += 2;
			if (unreserved(d)) {
				enc[0] = (char)d;
			} else {
				static const char hex[] = "0123456789ABCDEF";
				enc[0] = '%';
				enc[1] = hex[d >> 4];
				enc[2] = hex[d & 15];
				w = 3;
			}
		} else if (!plain_ok(c)) {
			*why = c < 0x20 || c == 0x7f ? "control characters are not allowed"
			       : c >= 0x80 ? "non-ASCII characters must be percent-encoded"
					   : "the path holds a character that is not allowed";
			return -1;
		}
		if (o + w > cap) {
			*why = "the page path is too long";
			return -1;
		}
		memcpy(out + o, enc, w);
		o += w;
	}
	*len = o;
	return 0;
}

int page_path_normalise(const char *in, char out[PAGE_PATH_MAX + 1], const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!in || !*in) {
		*why = "the page is empty";
		return -1;
	}
	const char *p = skip_origin(in);
	if (*p != '/') {
		*why = "the page must be a path starting with /";
		return -1;
	}
	size_t n = strcspn(p, "?#");
	if (n > PAGE_PATH_MAX * 3) {
		*why = "the page path is too long";
		return -1;
	}
	char tmp[PAGE_PATH_MAX * 3 + 1];
	size_t len = 0;
	if (clean(p, n, tmp, sizeof tmp - 1, &len, why) < 0)
		return -1;
	tmp[len] = '\0';

	/* segments: fold "//", drop ".", pop on "..".  Whether the path
	 * names a file depends on its last real segment only, so "/a.html"
	 * and "/a.html/" are one page, like "/a" and "/a/". */
	size_t starts[PAGE_PATH_MAX * 3 / 2 + 2];
	size_t depth = 0, o = 0;
	char res[PAGE_PATH_MAX * 3 + 2];
	for (size_t i = 0; i < len;) {
		while (i < len && tmp[i] == '/')
			i++;
		if (i >= len)
			break;
		size_t e = i;
		while (e < len && tmp[e] != '/')
			e++;
		size_t sl = e - i;
		if (sl == 1 && tmp[i] == '.') {
			/* nothing */
		} else if (sl == 2 && tmp[i] == '.' && tmp[i + 1] == '.') {
			if (depth == 0) {
				*why = "the page path climbs above the root";
				return -1;
			}
			o = starts[--depth];
		} else {
			starts[depth++] = o;
			res[o++] = '/';
			memcpy(res + o, tmp + i, sl);
			o += sl;
		}
		i = e;
	}
	while (depth > 0 && o - starts[depth - 1] == 11 &&
	       memcmp(res + starts[depth - 1], "/index.html", 11) == 0)
		o = starts[--depth];
	bool file = depth > 0 && memchr(res + starts[depth - 1], '.', o - starts[depth - 1]);
	if (!file)
		res[o++] = '/';
	if (o > PAGE_PATH_MAX) {
		*why = "the page path is too long";
		return -1;
	}
	memcpy(out, res, o);
	out[o] = '\0';
	return 0;
}
