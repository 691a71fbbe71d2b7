/* harvest.h: the month's merged pull requests of the configured
 * repositories, shaped into each project's entry as the editor writes it
 * (issue 28).
 *
 * shape: pure, from what was collected and the project's block in the
 * latest published issue that has one.  collect: GitHub's REST API (an
 * org's repositories, each one's closed pull requests newest update first,
 * stopping once they predate the month; every Link page followed; rate
 * limits waited out as GitHub asks).  A repository GitHub refuses is
 * reported, not fatal.
 */
#ifndef NEWSDESK_HARVEST_H
#define NEWSDESK_HARVEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "util/buf.h"

struct harvest_pull {
	int64_t number;
	char *title, *html_url, *login;
	int64_t merged_at;   /* unix time */
};

struct harvest_repo {
	char *full_name;     /* "OWNER/NAME" */
	char *html_url;      /* "https://github.com/OWNER/NAME" */
	struct harvest_pull *pulls;   /* merged in the month, in merge order */
	size_t n_pulls;
	char *refused;       /* GitHub's one line when it refused the repository, or NULL */
	bool capped;         /* max_pulls_per_repo was reached */
};

struct harvest {
	char month[8];
	struct harvest_repo *repos;
	size_t n_repos;
};

void harvest_free(struct harvest *h);

/* The month's first second and the next month's (UTC); -1 on a bad month. */
int harvest_month_bounds(const char *month, int64_t *from, int64_t *to);

/* A pull request's title as Markdown text: nothing in it makes a link,
 * emphasis, HTML or the end of a comment; code spans are kept. */
void harvest_md_text(struct buf *out, const char *title);

/* The entry of one repository.  prev: its block in the latest published
 * issue that has one (NULL: first seen; tmpl: the section's template text
 * or NULL).  Empty out (and 0) when nothing was merged. */
int harvest_shape(const struct config *cfg, const struct harvest_repo *repo, const char *prev,
		  const char *tmpl, struct buf *out);

/* `newsdesk harvest [--month YYYY-MM] [--print]` (argv after "harvest"). */
int harvest_cli(const struct config *cfg, int argc, const char *const *argv);

#endif
