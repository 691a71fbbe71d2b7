/* draft_source.h: the live draft, as the form and the admin page need it.
 *
 * The newest POSTS_DIR/YYYY-MM/index.md on `branch`, read through its own
 * GitHub client (three requests) and kept for DRAFT_SOURCE_TTL_S seconds,
 * so page views do not turn into API calls; a webhook push drops it at
 * once.  When GitHub cannot be reached the last copy is served.  Safe to
 * call from any thread (one fetch at a time). */
#ifndef NEWSDESK_DRAFT_SOURCE_H
#define NEWSDESK_DRAFT_SOURCE_H

#include "config/config.h"
#include "util/buf.h"

#define DRAFT_SOURCE_TTL_S 60

struct draft_source;

struct draft_source *draft_source_new(const struct config *cfg, const char *token);
void draft_source_free(struct draft_source *ds);
/* 1 with copies of the text and its path (free both), 0 when the branch
 * has no draft, -1 with err when it cannot be read and nothing is cached. */
int draft_source_get(struct draft_source *ds, char **text, char **path, struct buf *err);
void draft_source_invalidate(struct draft_source *ds);

#endif
