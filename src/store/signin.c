/* signin.c: GitHub sign-in's rows — authorizations under way, the
 * accounts of maintainers who sign in with GitHub, and the trust a
 * GitHub commenter has earned. */
#include "store/store_internal.h"
#include "store/comments.h"
#include "store/signin.h"

#include <stdio.h>
#include <string.h>

static const char *const purpose_names[] = { "admin", "submit", "comment", "any" };

const char *oauth_purpose_name(enum oauth_purpose p)
{
	return purpose_names[p];
}

struct state_put {
	const unsigned char *hash;
	const struct store_oauth_state *o;
	int64_t now;
};

static int state_put_run(struct store *s, void *arg, struct buf *err)
{
	struct state_put *a = arg;
	const struct store_oauth_state *o = a->o;
	const struct store_param old[] = { PARAM_INT(a->now) };
	const struct store_param p[] = {
		PARAM_BLOB(a->hash, 32), PARAM_BLOB(o->binding_hash, 32),
		PARAM_TEXT(oauth_purpose_name(o->purpose)),
		PARAM_TEXT(*o->origin ? o->origin : NULL),
		PARAM_TEXT(*o->return_to ? o->return_to : NULL), PARAM_INT(o->expires_at),
	};
	struct store_one prune = STORE_ONE(STMT_OAUTH_STATE_PRUNE, "prune sign-in states", old);
	struct store_one put = STORE_ONE(STMT_OAUTH_STATE_PUT, "save sign-in state", p);
	return store_step_one(s, &prune, err) < 0 ? -1 : store_step_one(s, &put, err);
}

int store_oauth_state_put(struct store *s, const unsigned char *state_hash,
			  const struct store_oauth_state *o, int64_t now, struct buf *err)
{
	struct state_put a = { state_hash, o, now };
	return store_write(s, state_put_run, &a, err);
}

struct state_take {
	const unsigned char *hash;
	struct store_oauth_state *out;
	int found;
};

static void read_state(sqlite3_stmt *st, void *arg)
{
	struct store_oauth_state *out = arg;
	memset(out, 0, sizeof *out);
	if (sqlite3_column_bytes(st, 0) == 32)
		memcpy(out->binding_hash, sqlite3_column_blob(st, 0), 32);
	int purpose = store_name_find(purpose_names, sizeof purpose_names / sizeof *purpose_names,
				      (const char *)sqlite3_column_text(st, 1));
	out->purpose = purpose < 0 ? 0 : (enum oauth_purpose)purpose;
	const char *o = (const char *)sqlite3_column_text(st, 2);
	const char *r = (const char *)sqlite3_column_text(st, 3);
	snprintf(out->origin, sizeof out->origin, "%s", o ? o : "");
	snprintf(out->return_to, sizeof out->return_to, "%s", r ? r : "");
	out->expires_at = sqlite3_column_int64(st, 4);
}

static int state_take_run(struct store *s, void *arg, struct buf *err)
{
	struct state_take *a = arg;
	const struct store_param p[] = { PARAM_BLOB(a->hash, 32) };
	const struct store_one q = STORE_ONE(STMT_OAUTH_STATE_TAKE, "take sign-in state", p);
	a->found = store_row(s, &q, read_state, a->out, err);
	return a->found < 0 ? -1 : 0;
}

int store_oauth_state_take(struct store *s, const unsigned char *state_hash,
			   struct store_oauth_state *out, struct buf *err)
{
	struct state_take a = { state_hash, out, 0 };
	return store_write(s, state_take_run, &a, err) < 0 ? -1 : a.found;
}

struct github_account {
	int64_t github_id, now;
	const char *login;
	int64_t *id;
	char *name;
	int found;
};

static void read_account(sqlite3_stmt *st, void *arg)
{
	struct github_account *a = arg;
	*a->id = sqlite3_column_int64(st, 0);
	snprintf(a->name, 128, "%s", (const char *)sqlite3_column_text(st, 1));
}

static int github_account_run(struct store *s, void *arg, struct buf *err)
{
	struct github_account *a = arg;
	const struct store_param p[] = { PARAM_TEXT(a->login), PARAM_INT(a->github_id),
					 PARAM_INT(a->now) };
	/* a login GitHub gave to another account is that account's now */
	struct store_one release = STORE_ONE(STMT_GITHUB_LOGIN_RELEASE,
					     "free a moved GitHub login", p);
	if (store_step_one(s, &release, err) < 0)
		return -1;
	const struct store_one upsert = STORE_ONE(STMT_GITHUB_USER_UPSERT, "save GitHub account", p);
	a->found = store_row(s, &upsert, read_account, a, err);
	return a->found < 0 ? -1 : 0;
}

int store_github_user(struct store *s, int64_t github_id, const char *login, int64_t now,
		      int64_t *id, char name[128], struct buf *err)
{
	struct github_account a = { github_id, now, login, id, name, 0 };
	return store_write(s, github_account_run, &a, err) < 0 ? -1 : a.found;
}

static int one_flag(struct store *s, enum stmt which, int64_t id, const char *what,
		    struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id) };
	const struct store_one q = { which, what, p, 1, 0, 0 };
	int64_t flag = 0;
	return store_row(s, &q, store_read_int, &flag, err) < 0 ? -1 : flag != 0;
}

int store_comment_github_trusted(struct store *s, int64_t github_id, struct buf *err)
{
	return one_flag(s, STMT_COMMENT_GITHUB_TRUSTED, github_id, "look up commenter", err);
}

int store_comment_voucher_revoked(struct store *s, int64_t voucher, struct buf *err)
{
	return one_flag(s, STMT_COMMENT_VOUCHER_REVOKED, voucher, "look up author token", err);
}
