/* comment_reactions.c: a page's reactions, counted and shown */
#include "features/comments/comment_reactions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/visitor.h"
#include "util/log.h"
#include "util/xalloc.h"

static const char *const emoji[REACTION__COUNT] = {
	[REACTION_PLUS1] = "👍", [REACTION_MINUS1] = "👎", [REACTION_LAUGH] = "😄",
	[REACTION_HOORAY] = "🎉", [REACTION_CONFUSED] = "😕", [REACTION_HEART] = "❤️",
	[REACTION_ROCKET] = "🚀", [REACTION_EYES] = "👀",
};

static const char *const labels[REACTION__COUNT] = {
	[REACTION_PLUS1] = "thumbs up", [REACTION_MINUS1] = "thumbs down",
	[REACTION_LAUGH] = "laugh", [REACTION_HOORAY] = "hooray",
	[REACTION_CONFUSED] = "confused", [REACTION_HEART] = "heart",
	[REACTION_ROCKET] = "rocket", [REACTION_EYES] = "eyes",
};

const char *reaction_emoji(enum reaction_content c)
{
	return (unsigned)c < REACTION__COUNT ? emoji[c] : "?";
}

const char *reaction_label(enum reaction_content c)
{
	return (unsigned)c < REACTION__COUNT ? labels[c] : "?";
}

static struct reaction_tally *tally_for(struct reaction_tallies *t, int64_t comment)
{
	/* rows come ordered by target: the last one is the only candidate */
	if (t->n && t->v[t->n - 1].comment == comment)
		return &t->v[t->n - 1];
	t->v = xgrowarray(t->v, &t->cap, t->n + 1, sizeof *t->v);
	struct reaction_tally *y = &t->v[t->n++];
	memset(y, 0, sizeof *y);
	y->comment = comment;
	return y;
}

static void add_row(int64_t comment, enum reaction_content c, int64_t n, void *arg)
{
	tally_for(arg, comment)->n[c] += n;
}

int reaction_tallies_read(struct app *app, const char *page, const char *reactor,
			  struct reaction_tallies *out)
{
	memset(out, 0, sizeof *out);
	struct buf err = BUF_INIT;
	int rc = reactor ? store_reaction_mine(app->store, page, reactor, add_row, out, &err)
			 : store_reaction_counts(app->store, page, add_row, out, &err);
	if (rc < 0) {
		log_error("reactions of %s: %s", page, err.p);
		reaction_tallies_free(out); /* nothing half-read reaches the caller */
	}
	buf_release(&err);
	return rc;
}

void reaction_tallies_free(struct reaction_tallies *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

const int64_t *reaction_tally_of(const struct reaction_tallies *t, int64_t comment)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (t->v[i].comment == comment)
			return t->v[i].n;
	return NULL;
}

json_t *reaction_counts_json(const int64_t *n)
{
	json_t *o = json_object();
	for (int c = 0; n && c < REACTION__COUNT; c++)
		if (n[c] > 0)
			json_object_set_new(o, reaction_content_name(c), json_integer(n[c]));
	return o;
}

json_t *reaction_list_json(const int64_t *n)
{
	json_t *a = json_array();
	for (int c = 0; n && c < REACTION__COUNT; c++)
		if (n[c] > 0)
			json_array_append_new(a, json_string(reaction_content_name(c)));
	return a;
}

void reactor_of_visitor(struct app *app, struct req *r, char key[REACTOR_KEY_MAX + 1])
{
	struct github_identity who;
	key[0] = '\0';
	if (signed_in_identity(app, r, &who))
		snprintf(key, REACTOR_KEY_MAX + 1, "gh:%lld", (long long)who.id);
	else if (reader_token_key(&app->comment_keys, req_cookie(r, READER_COOKIE), key) < 0)
		key[0] = '\0';
}
