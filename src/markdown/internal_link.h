/* internal_link.h: Zola's internal links ("@/section/page.md#anchor").
 *
 * Zola resolves "@/path" against the site's content/ folder and fails the
 * build when no such file exists.  newsdesk accepts them only in a plain
 * shape (letters, digits, '-', '_', '.' and '/', no "..", ending in .md,
 * an optional "#anchor"), so the path it asks GitHub about is the path
 * Zola reads. */
#ifndef NEWSDESK_INTERNAL_LINK_H
#define NEWSDESK_INTERNAL_LINK_H

#include <stdbool.h>
#include <stddef.h>

bool internal_link_shaped(const char *url);
/* "content/section/page.md" for "@/section/page.md#x"; -1 when url is not
 * a well-shaped internal link or the path does not fit. */
int internal_link_file(const char *url, char *path, size_t cap);

#endif
