/* reactions.c: reaction rows and imported counts (reactions.h) */
#include "store/store_internal.h"
#include "store/reactions.h"

static int reaction_change(struct store *s, const struct reaction_target *t,
			   enum reaction_content content, const char *reactor, bool add,
			   int64_t now, bool in_section, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(t->page), PARAM_INT(t->comment),
					 PARAM_TEXT(reaction_content_name(content)),
					 PARAM_TEXT(reactor), PARAM_INT(now) };
	struct store_one one = { add ? STMT_REACTION_ADD : STMT_REACTION_REMOVE,
				 add ? "add reaction" : "remove reaction", p, add ? 5 : 4, 0, 0 };
	int rc = in_section ? store_step_one(s, &one, err) : store_write_one(s, &one, err);
	return rc < 0 ? -1 : one.changes > 0;
}

int store_reaction_set(struct store *s, const struct reaction_target *t,
		       enum reaction_content content, const char *reactor, bool add, int64_t now,
		       struct buf *err)
{
	return reaction_change(s, t, content, reactor, add, now, false, err);
}

int store_reaction_step(struct store *s, const struct reaction_target *t,
			enum reaction_content content, const char *reactor, bool add, int64_t now,
			struct buf *err)
{
	return reaction_change(s, t, content, reactor, add, now, true, err);
}

static void each_reaction(sqlite3_stmt *st, void *arg)
{
	const struct store_callback *cb = arg;
	enum reaction_content c;
	if (!reaction_content_parse((const char *)sqlite3_column_text(st, 1), &c))
		return;   /* the table's CHECK keeps others out */
	int64_t n = sqlite3_column_count(st) > 2 ? sqlite3_column_int64(st, 2) : 1;
	((store_reaction_fn)cb->fn)(sqlite3_column_int64(st, 0), c, n, cb->arg);
}

int store_reaction_counts(struct store *s, const char *page, store_reaction_fn fn, void *arg,
			  struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(page) };
	const struct store_one q = STORE_ONE(STMT_REACTION_COUNTS, "count reactions", p);
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, &q, each_reaction, (void *)&cb, err);
}

int store_reaction_mine(struct store *s, const char *page, const char *reactor,
			store_reaction_fn fn, void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(page), PARAM_TEXT(reactor) };
	const struct store_one q = STORE_ONE(STMT_REACTION_MINE, "read own reactions", p);
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, &q, each_reaction, (void *)&cb, err);
}

struct imported {
	const struct reaction_target *t;
	const int64_t *counts;
};

/* The target's imported counts replaced, all in one section. */
static int import_run(struct store *s, void *arg, struct buf *err)
{
	const struct imported *a = arg;
	const struct store_param key[] = { PARAM_TEXT(a->t->page), PARAM_INT(a->t->comment) };
	struct store_one clear = STORE_ONE(STMT_REACTION_IMPORTED_CLEAR, "import reactions", key);
	if (store_step_one(s, &clear, err) < 0)
		return -1;
	for (int c = 0; c < REACTION__COUNT; c++) {
		if (a->counts[c] <= 0)
			continue;
		const struct store_param p[] = { PARAM_TEXT(a->t->page), PARAM_INT(a->t->comment),
						 PARAM_TEXT(reaction_content_name(c)),
						 PARAM_INT(a->counts[c]) };
		struct store_one set = STORE_ONE(STMT_REACTION_IMPORTED_SET, "import reactions", p);
		if (store_step_one(s, &set, err) < 0)
			return -1;
	}
	return 0;
}

int store_reaction_import(struct store *s, const struct reaction_target *t,
			  const int64_t counts[REACTION__COUNT], struct buf *err)
{
	struct imported a = { t, counts };
	return store_write(s, import_run, &a, err);
}
