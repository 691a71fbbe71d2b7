/* link_rules.h: what the checks before approval say about a link without
 * fetching it — tracking parameters, duplicates, the site's own
 * link-check exceptions.  Pure functions; link_fetch (net/outgoing.h)
 * does the fetching and features/links/check_links.c puts it together. */
#ifndef NEWSDESK_LINK_RULES_H
#define NEWSDESK_LINK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "util/buf.h"

/* Removes tracking parameters (utm_*, fbclid, gclid, …) from url into
 * clean; returns how many there were (0: clean is url unchanged). */
int link_tracking_clean(const char *url, struct buf *clean);

/* A key under which two spellings of one link are equal: scheme and
 * host without case, http = https, no "www.", no fragment, no tracking
 * parameters, no trailing "/". */
void link_key(const char *url, struct buf *key);

/* A Zola site's [link_checker] skip_prefixes, read from its config.toml
 * text (only that table is read: the rest of a Zola config may hold what
 * our TOML reader does not take).  0, or -1 with err. */
int zola_skip_prefixes(const char *config_toml, size_t len, struct strlist *out,
		       struct buf *err);
bool link_skipped(const char *url, const struct strlist *prefixes);

#endif
