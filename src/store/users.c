/* users.c: maintainer accounts */
#include "store/store_internal.h"
#include "store/users.h"

struct password_set {
	const char *name, *hash;
	int64_t now;
	int ended;
};

/* a new password ends every session the old one started */
static int password_set_run(struct store *s, void *arg, struct buf *err)
{
	struct password_set *a = arg;
	const struct store_param end[] = { PARAM_TEXT(a->name) };
	const struct store_param save[] = { PARAM_TEXT(a->name), PARAM_TEXT(a->hash),
					    PARAM_INT(a->now) };
	struct store_one ending = STORE_ONE(STMT_USER_END_SESSIONS, "end sessions", end);
	struct store_one saving = STORE_ONE(STMT_USER_UPSERT_PASSWORD, "save user", save);
	if (store_step_one(s, &ending, err) < 0 || store_step_one(s, &saving, err) < 0)
		return -1;
	a->ended = ending.changes;
	return 0;
}

int store_user_set_password(struct store *s, const char *name,
			    const char *password_hash, int64_t now,
			    int *ended, struct buf *err)
{
	struct password_set a = { name, password_hash, now, 0 };
	if (store_write(s, password_set_run, &a, err) < 0)
		return -1;
	*ended = a.ended;
	return 0;
}

int store_user_remove(struct store *s, const char *name, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(name) };
	struct store_one one = STORE_ONE(STMT_USER_REMOVE, "remove user", p);
	if (store_write_one(s, &one, err) < 0)
		return -1;
	return one.changes > 0 ? 1 : 0;
}

static void each_user(sqlite3_stmt *st, void *arg)
{
	const struct store_callback *cb = arg;
	struct store_user u = {
		.name = (const char *)sqlite3_column_text(st, 0),
		.has_password = sqlite3_column_int(st, 1) != 0,
		.github_login = (const char *)sqlite3_column_text(st, 2),
		.created_at = sqlite3_column_int64(st, 3),
		.updated_at = sqlite3_column_int64(st, 4),
		.sessions = sqlite3_column_int64(st, 5),
	};
	((store_user_fn)cb->fn)(&u, cb->arg);
}

int store_user_list(struct store *s, int64_t now, store_user_fn fn, void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(now) };
	const struct store_one q = STORE_ONE(STMT_USER_LIST, "list users", p);
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, &q, each_user, (void *)&cb, err);
}
