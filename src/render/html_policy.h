/* html_policy.h: the raw HTML a contribution may carry into the newsletter.
 *
 * The real history of the newsletter uses a little HTML: <span class=
 * "gray|maintainers|maintainer">, <details>/<summary>, <em>, lists, links
 * and a sized logo (<img width align src>).  This allows those tags with
 * those attributes only, quoted values, and http(s), "/path" or "#anchor"
 * targets; anything else (script, iframe, style, event handlers,
 * javascript: or entity-encoded URLs, unquoted or broken tags) is refused.
 * Written by hand because no packaged C library sanitises HTML; it only
 * has to say yes or no, and says no to anything it does not understand. */
#ifndef NEWSDESK_HTML_POLICY_H
#define NEWSDESK_HTML_POLICY_H

#include <stddef.h>

/* 0 when every tag in html passes; -1 with the offending tag (one line,
 * cut to why_len) in why. */
int html_policy_check(const char *html, char *why, size_t why_len);

#endif
