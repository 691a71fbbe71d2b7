/* internal_pages.h: the pages an entry's internal links name, asked of
 * GitHub.  Zola fails the whole build on "@/path.md" to a page that is not
 * in content/, and only the branch knows which pages there are, so this
 * runs where GitHub may be asked: in the checks before approval and in
 * the pull-request jobs before anything is committed. */
#ifndef NEWSDESK_INTERNAL_PAGES_H
#define NEWSDESK_INTERNAL_PAGES_H

#include <stddef.h>

#include "config/config.h"
#include "github/client.h"

/* Where the site's pages are read: a GitHub client of the caller's lane. */
struct site_reader {
	struct gh_client *gh;
	const struct config *cfg;
};

/* Of the internal links in after that before does not have already:
 * 0 when every page exists at ref; 1 with the first missing link in
 * missing; -1 when GitHub could not answer (r filled). */
int internal_pages_check(const struct site_reader *c, const char *before, size_t before_len,
			 const char *after, size_t after_len, const char *ref, const char *draft_path,
			 char *missing, size_t missing_cap, struct gh_response *r);

/* One link: 0 the page exists (and has the link's anchor, when it names
 * one), 1 missing (or not a page's shape), -1 GitHub.  A link to self_path
 * (the draft) is judged on self_text, the draft as it will be, when given,
 * and on nothing but its existence when not. */
int internal_page_exists(const struct site_reader *c, const char *url, const char *ref, const char *self_path,
			 const char *self_text, size_t self_len, struct gh_response *r);

#endif
