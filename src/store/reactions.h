/* reactions.h: readers' reactions on a page's thread and on its comments,
 * and the counts an import brought from GitHub (reactions.c). */
#ifndef NEWSDESK_STORE_REACTIONS_H
#define NEWSDESK_STORE_REACTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/states.h"
#include "store/store.h"

/* What is reacted to: the page's thread (comment 0) or one of its
 * comments, which must be approved and on that page. */
struct reaction_target {
	const char *page;
	int64_t comment;
};

/* One reader's reaction added (add) or taken back: 1 when that changed
 * something, 0 when it was so already (or the comment is not approved
 * there any more), -1 with err set. */
int store_reaction_set(struct store *s, const struct reaction_target *t,
		       enum reaction_content content, const char *reactor, bool add, int64_t now,
		       struct buf *err);
/* The same inside a write section (a store_async's run()). */
int store_reaction_step(struct store *s, const struct reaction_target *t,
			enum reaction_content content, const char *reactor, bool add, int64_t now,
			struct buf *err);
/* Called per (target, content): the total (readers' and imported), or,
 * for store_reaction_mine, 1. */
typedef void (*store_reaction_fn)(int64_t comment, enum reaction_content content, int64_t n,
				  void *arg);
/* A page's totals, non-zero only, the page's own first (comment 0). */
int store_reaction_counts(struct store *s, const char *page, store_reaction_fn fn, void *arg,
			  struct buf *err);
/* The reactions reactor left on the page and its comments. */
int store_reaction_mine(struct store *s, const char *page, const char *reactor,
			store_reaction_fn fn, void *arg, struct buf *err);
/* The counts an import found on GitHub for t, in place of those an
 * earlier run brought (readers' own reactions are not touched). */
int store_reaction_import(struct store *s, const struct reaction_target *t,
			  const int64_t counts[REACTION__COUNT], struct buf *err);

#endif
