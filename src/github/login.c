/* github_login.c: what a GitHub login can look like (github_login.h) */
#include "github/login.h"

#include <string.h>

/* GitHub's rules: 1-39 characters, alphanumerics and single hyphens, not
 * starting or ending with a hyphen. */
bool valid_github_login(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > GITHUB_LOGIN_MAX_CHARS || s[0] == '-' || s[n - 1] == '-')
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
