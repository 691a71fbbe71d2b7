/* text.c: string helpers for the draft engine */
#include "draft/text.h"

#include <ctype.h>
#include <string.h>

bool txt_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

bool txt_starts(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);
	return n >= l && memcmp(s, prefix, l) == 0;
}

void txt_trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

bool txt_contains_ci(const char *s, size_t n, const char *needle)
{
	size_t l = strlen(needle);
	for (size_t i = 0; i + l <= n; i++) {
		size_t k = 0;
		while (k < l && tolower((unsigned char)s[i + k]) ==
				tolower((unsigned char)needle[k]))
			k++;
		if (k == l)
			return true;
	}
	return false;
}

bool txt_first_link(const char *s, size_t n, const char **text, size_t *text_len,
		    const char **dest, size_t *dest_len)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '[')
			continue;
		/* find the matching ']' (nested brackets allowed) */
		int depth = 0;
		size_t j = i;
		for (; j < n; j++) {
			if (s[j] == '\\') {
				j++;
				continue;
			}
			if (s[j] == '[')
				depth++;
			else if (s[j] == ']' && --depth == 0)
				break;
		}
		if (j + 1 >= n || s[j + 1] != '(')
			continue;
		size_t k = j + 2;
		int parens = 1;
		for (; k < n; k++) {
			if (s[k] == '(')
				parens++;
			else if (s[k] == ')' && --parens == 0)
				break;
		}
		if (k >= n)
			continue;
		*text = s + i + 1;
		*text_len = j - i - 1;
		if (dest) {
			*dest = s + j + 2;
			*dest_len = k - j - 2;
		}
		return true;
	}
	return false;
}

void txt_add_without_backticks(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '`')
			buf_addc(out, s[i]);
}

static void loose(struct buf *out, const char *s)
{
	bool space = false;
	for (; *s; s++) {
		if (*s == '`')
			continue;
		if (*s == ' ' || *s == '\t') {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_addc(out, ' ');
		space = false;
		buf_addc(out, (char)tolower((unsigned char)*s));
	}
}

bool txt_loose_eq(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	loose(&x, a);
	loose(&y, b);
	bool eq = strcmp(x.p, y.p) == 0;
	buf_release(&x);
	buf_release(&y);
	return eq;
}

int draft_fail(const char **field, const char *name, struct buf *err, const char *fmt, ...)
{
	if (field)
		*field = name;
	else
		buf_addf(err, "%s: ", name);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}
