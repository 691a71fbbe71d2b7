/* github_login.h: the one check of a GitHub login, for a typed author, a
 * login GitHub answered and a signed identity alike. */
#ifndef NEWSDESK_GITHUB_LOGIN_H
#define NEWSDESK_GITHUB_LOGIN_H

#include <stdbool.h>

#define GITHUB_LOGIN_MAX_CHARS 39

/* GitHub's rules: 1-39 characters, alphanumerics and single hyphens, not
 * starting or ending with a hyphen.  NULL is not a login. */
bool valid_github_login(const char *s);

#endif
