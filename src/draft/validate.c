/* validate.c: pure validators for submission fields */
#include "draft/draft.h"

#include <string.h>

/* GitHub's rules: 1-39 characters, alphanumerics and single hyphens, not
 * starting or ending with a hyphen. */
bool valid_github_login(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LOGIN_MAX_CHARS || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (c == '-') {
			if (s[i + 1] == '-')
				return false;
		} else if (!alnum) {
			return false;
		}
	}
	return true;
}

/* An absolute http(s) URL with a host, no whitespace or control bytes, no
 * characters that would end a Markdown link early, balanced parentheses. */
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
