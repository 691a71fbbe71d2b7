/* internal_link.c: Zola's internal links (internal_link.h) */
#include "markdown/internal_link.h"

#include <stdio.h>
#include <string.h>

#define PATH_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./"

bool internal_link_shaped(const char *url)
{
	if (strncmp(url, "@/", 2) != 0)
		return false;
	const char *p = url + 2;
	size_t n = strspn(p, PATH_CHARS);
	if (n < 4 || memcmp(p + n - 3, ".md", 3) != 0 || p[0] == '/')
		return false;
	if (p[n] != '\0' && p[n] != '#')
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (p[i] == '.' && p[i + 1] == '.')
			return false;
	return !strstr(p, "//") || (size_t)(strstr(p, "//") - p) >= n;
}

int internal_link_file(const char *url, char *path, size_t cap)
{
	if (!internal_link_shaped(url))
		return -1;
	size_t n = strspn(url + 2, PATH_CHARS);
	int w = snprintf(path, cap, "content/%.*s", (int)n, url + 2);
	return w < 0 || (size_t)w >= cap ? -1 : 0;
}
