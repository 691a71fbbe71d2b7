/* comment_reactions.h: a page's reactions as the thread, the widget and
 * the no-JavaScript page show them (comment_reactions.c), and who is
 * reacting (reactions_api.c). */
#ifndef NEWSDESK_COMMENT_REACTIONS_H
#define NEWSDESK_COMMENT_REACTIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/app.h"
#include "store/reactions.h"

#define READER_COOKIE "nd_reader"
#define REACTOR_KEY_MAX 40   /* "gh:ID" or "anon:" and 32 hex digits */

/* The reactions of one target (comment 0: the page's thread). */
struct reaction_tally {
	int64_t comment;
	int64_t n[REACTION__COUNT];
};
struct reaction_tallies {
	struct reaction_tally *v;
	size_t n, cap;
};
/* A page's totals (all), or one reactor's own (mine: each 1): 0, -1. */
int reaction_tallies_read(struct app *app, const char *page, const char *reactor,
			  struct reaction_tallies *out);
void reaction_tallies_free(struct reaction_tallies *t);
/* The target's counts, or NULL when it has none. */
const int64_t *reaction_tally_of(const struct reaction_tallies *t, int64_t comment);
/* {"+1":3,…}: the non-zero counts (n may be NULL: {}). */
json_t *reaction_counts_json(const int64_t *n);
/* ["+1",…]: the contents whose count is non-zero (n may be NULL: []). */
json_t *reaction_list_json(const int64_t *n);
/* The emoji readers see for a content, and its name for a screen reader. */
const char *reaction_emoji(enum reaction_content c);
const char *reaction_label(enum reaction_content c);

/* The reactor key of the reader a no-JavaScript page talks to: the
 * nd_github sign-in ("gh:ID"), else the nd_reader cookie's token; ""
 * when neither holds. */
void reactor_of_visitor(struct app *app, struct req *r, char key[REACTOR_KEY_MAX + 1]);

#endif
