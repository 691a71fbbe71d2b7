/* draft_source.h: the live draft, as the form and the admin page need it.
 *
 * The newest POSTS_DIR/YYYY-MM/index.md on `branch`, read by one
 * background thread through its own GitHub client (three requests) and
 * kept as an immutable, reference-counted copy that every request shares:
 * text, path and the parsed draft.  Nothing a request does waits for
 * GitHub: a copy older than DRAFT_SOURCE_TTL_S (or dropped by a webhook
 * push) is still served while one refresh runs (stale-while-revalidate),
 * and its age says how old it is.  A failed refresh is retried with
 * backoff (2 s doubling to DRAFT_SOURCE_BACKOFF_MAX_S), not on every
 * request, and no request ever waits: `serve` gives the first fetch up
 * to DRAFT_SOURCE_FIRST_WAIT_MS before it starts listening. */
#ifndef NEWSDESK_DRAFT_SOURCE_H
#define NEWSDESK_DRAFT_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "draft/draft.h"
#include "util/buf.h"

#define DRAFT_SOURCE_TTL_S 60
#define DRAFT_SOURCE_BACKOFF_MAX_S 300
#define DRAFT_SOURCE_FIRST_WAIT_MS 1000

struct draft_source;

/* One fetched state of the branch; never changes once made. */
struct draft_copy {
	bool found;            /* the branch has a draft */
	bool parsed;           /* found, and it parses (d is valid) */
	bool published;        /* its date is set, or the post is on github.published_branch */
	char *text, *path;     /* when found */
	struct draft d;        /* when parsed */
	char *parse_error;     /* when found but not parsed */
	int64_t fetched_at;    /* unix seconds */
	int refs;              /* atomic */
};

/* Starts the refresher (the first fetch begins at once). */
struct gh_app;
/* token: a personal token, or NULL; app: when set, the App's tokens. */
struct draft_source *draft_source_new(const struct config *cfg, const char *token,
				      struct gh_app *app);
/* Stops the refresher, waiting for a GitHub call in progress to end. */
void draft_source_free(struct draft_source *ds);

/* The newest copy with a reference (release it), or NULL when none could
 * be had yet (the refresher logs why). */
struct draft_copy *draft_source_get(struct draft_source *ds);
void draft_copy_release(struct draft_copy *c);
/* Waits until the first fetch has ended or ms have passed: true when a
 * copy is there. */
bool draft_source_wait_first(struct draft_source *ds, unsigned ms);
/* A push happened: refresh now (the current copy is served meanwhile). */
void draft_source_invalidate(struct draft_source *ds);

#endif
