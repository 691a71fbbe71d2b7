/* html_policy.c: an allowlist check of raw HTML (rules in html_policy.h) */
#include "render/html_policy.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const tags[] = {
	"span", "details", "summary", "em", "strong", "b", "i", "ul", "ol", "li", "br", "p",
	"kbd", "sup", "sub", "code", "pre", "a", "img", "small",
};
static const char *const attrs[] = { "class", "href", "src", "width", "height", "align", "alt",
				     "title" };

static bool in(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], s, len) == 0)
			return true;
	return false;
}

static bool url_ok(const char *v, size_t n)
{
	return (n >= 8 && strncasecmp(v, "https://", 8) == 0) ||
	       (n >= 7 && strncasecmp(v, "http://", 7) == 0) ||
	       (n >= 1 && v[0] == '#') || (n >= 1 && v[0] == '/' && (n == 1 || v[1] != '/'));
}

static bool value_ok(const char *name, size_t nlen, const char *v, size_t n)
{
	if ((nlen == 4 && strncasecmp(name, "href", 4) == 0) ||
	    (nlen == 3 && strncasecmp(name, "src", 3) == 0))
		return url_ok(v, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == '<' || c == '&' || c == '`' || c < 0x20)
			return false;
	}
	return true;
}

/* One tag starting at s (s[0] == '<'): its end in *end, or false. */
static bool tag_ok(const char *s, const char **end)
{
	const char *p = s + 1;
	bool closing = *p == '/';
	if (closing)
		p++;
	const char *name = p;
	while (isalnum((unsigned char)*p))
		p++;
	if (p == name || !in(tags, sizeof tags / sizeof *tags, name, (size_t)(p - name)))
		return false;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '>' || (p[0] == '/' && p[1] == '>')) {
			*end = p + (*p == '>' ? 1 : 2);
			return true;
		}
		if (closing)
			return false;
		const char *an = p;
		while (isalpha((unsigned char)*p) || *p == '-')
			p++;
		size_t alen = (size_t)(p - an);
		if (!alen || !in(attrs, sizeof attrs / sizeof *attrs, an, alen))
			return false;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			return false;   /* no bare attributes: none of ours needs one */
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		char q = *p;
		if (q != '"' && q != '\'')
			return false;
		const char *v = ++p;
		while (*p && *p != q)
			p++;
		if (!*p || !value_ok(an, alen, v, (size_t)(p - v)))
			return false;
		p++;
	}
}

int html_policy_check(const char *html, char *why, size_t why_len)
{
	for (const char *p = html; (p = strchr(p, '<')) != NULL;) {
		if (strncmp(p, "<!--", 4) == 0) {
			const char *e = strstr(p + 4, "-->");
			if (!e)
				goto refuse;
			p = e + 3;
			continue;
		}
		const char *end = NULL;
		if (!tag_ok(p, &end)) {
refuse:
			snprintf(why, why_len, "%.*s", (int)strcspn(p, "\n"), p);
			return -1;
		}
		p = end;
	}
	return 0;
}
