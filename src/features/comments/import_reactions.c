/* import_reactions.c: the reactions GitHub counted on a thread and on its
 * comments, brought along as counts (they have no reader here). */
#include "features/comments/import_internal.h"

#include <stdio.h>
#include <string.h>

#include "store/reactions.h"

#define COUNT_MAX 1000000000   /* GitHub's answer is input too */

/* GraphQL's ReactionContent names, in the order of enum reaction_content. */
static const char *const graphql_names[REACTION__COUNT] = {
	[REACTION_PLUS1] = "THUMBS_UP", [REACTION_MINUS1] = "THUMBS_DOWN",
	[REACTION_LAUGH] = "LAUGH", [REACTION_HOORAY] = "HOORAY",
	[REACTION_CONFUSED] = "CONFUSED", [REACTION_HEART] = "HEART",
	[REACTION_ROCKET] = "ROCKET", [REACTION_EYES] = "EYES",
};

static int64_t bounded(const json_t *v)
{
	json_int_t n = json_integer_value(v);
	return n < 0 ? 0 : n > COUNT_MAX ? COUNT_MAX : (int64_t)n;
}

/* REST's rollup {"+1":N,…}, or GraphQL's [{content, reactors{totalCount}}]. */
static int64_t read_counts(const json_t *j, bool graphql, int64_t n[REACTION__COUNT])
{
	int64_t total = 0;
	memset(n, 0, REACTION__COUNT * sizeof *n);
	for (int c = 0; c < REACTION__COUNT; c++) {
		if (!graphql) {
			n[c] = bounded(json_object_get(j, reaction_content_name(c)));
		} else {
			size_t i;
			const json_t *g;
			json_array_foreach(j, i, g) {
				const char *name = json_string_value(json_object_get(g, "content"));
				if (name && strcmp(name, graphql_names[c]) == 0)
					n[c] = bounded(json_object_get(
						json_object_get(g, "reactors"), "totalCount"));
			}
		}
		total += n[c];
	}
	return total;
}

int import_reactions(struct importer *im, const char *page, int64_t comment, const json_t *j,
		     bool graphql)
{
	int64_t n[REACTION__COUNT];
	int64_t total = read_counts(j, graphql, n);
	im->reactions += (unsigned long)total;
	if (im->dry_run)
		return 0;
	/* stored even when none: a second run follows GitHub's count down */
	struct reaction_target t = { page, comment };
	struct buf err = BUF_INIT;
	int rc = store_reaction_import(im->store, &t, n, &err);
	if (rc < 0)
		fprintf(stderr, "newsdesk: %s\n", err.p);
	buf_release(&err);
	return rc < 0 ? -2 : 0;
}
