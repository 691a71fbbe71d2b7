/* page_path.h: one comment thread per page, whatever the link looked like.
 *
 * page_path_normalise() turns what a widget or form sends ("/a/b",
 * "/a/b/", "/a//b/index.html?x=1#c", "https://site/a/b/") into the one
 * key the thread is stored under ("/a/b/"):
 *   - a scheme and host are dropped, so is everything from '?' or '#';
 *   - percent-escapes of unreserved characters are decoded, the others
 *     are kept with upper-case hex;
 *   - repeated slashes fold, "." segments go, ".." removes the segment
 *     before it (and may not climb above the root);
 *   - a final "index.html" goes, and the path ends with '/' unless its
 *     last segment names a file (contains a '.').
 * Refused (returns -1 with a reason): empty, not starting with '/' (after
 * the host), longer than PAGE_PATH_MAX, control characters, backslashes,
 * spaces, bytes >= 0x80 that are not percent-encoded, bad escapes. */
#ifndef NEWSDESK_PAGE_PATH_H
#define NEWSDESK_PAGE_PATH_H

#include <stddef.h>

#define PAGE_PATH_MAX 512

/* out must hold PAGE_PATH_MAX + 1 bytes. */
int page_path_normalise(const char *in, char out[PAGE_PATH_MAX + 1], const char **why);

#endif
