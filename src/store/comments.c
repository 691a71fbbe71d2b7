/* comments.c: comment rows, and the service's own keys */
#include "store/store_internal.h"
#include "store/comments.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void store_comment_free(struct store_comment *c)
{
	char **const fields[] = { &c->page, &c->author, &c->email, &c->website,
			    &c->body_md, &c->body_html, &c->client_ip, &c->avatar_url };
	STORE_FREE_TEXTS(fields);
}

/* Columns in the order of COMMENT_COLS (stmts.c). */
static void read_comment(sqlite3_stmt *st, void *out)
{
	struct store_comment *c = out;
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->page = store_col_text(st, 1);
	c->parent_id = sqlite3_column_int64(st, 2);
	c->author = store_col_text(st, 3);
	c->email = store_col_text(st, 4);
	c->website = store_col_text(st, 5);
	c->body_md = store_col_text(st, 6);
	c->body_html = store_col_text(st, 7);
	if (!comment_status_parse((const char *)sqlite3_column_text(st, 8), &c->status))
		c->status = COMMENT_PENDING;
	c->client_ip = store_col_text(st, 9);
	c->created_at = sqlite3_column_int64(st, 10);
	c->edited_at = sqlite3_column_int64(st, 11);
	c->updated_at = sqlite3_column_int64(st, 12);
	c->github_id = sqlite3_column_int64(st, 13);
	c->avatar_url = store_col_text(st, 14);
}

int store_comment_insert(struct store *s, const struct store_comment_new *c, int64_t *id,
			 struct buf *err)
{
	const struct store_param p[] = {
		PARAM_TEXT(c->page), PARAM_REF(c->parent_id), PARAM_TEXT(c->author),
		PARAM_TEXT(c->author_key), PARAM_TEXT(c->email), PARAM_TEXT(c->website),
		PARAM_TEXT(c->body_md), PARAM_TEXT(c->body_html),
		PARAM_BLOB(c->body_hash, COMMENT_HASH_BYTES),
		PARAM_TEXT(comment_status_name(c->status)), PARAM_TEXT(c->client_ip),
		PARAM_INT(c->now), PARAM_INT(c->github_id), PARAM_TEXT(c->avatar_url),
		PARAM_INT(c->vouched_by),
	};
	struct store_one one = STORE_ONE(STMT_COMMENT_INSERT, "save comment", p);
	if (store_write_one(s, &one, err) < 0)
		return -1;
	*id = one.rowid;
	return 0;
}

int store_comment_get(struct store *s, int64_t id, struct store_comment *out,
		      struct buf *err)
{
	return store_row_by_id(s, STMT_COMMENT_GET, "read comment", id, read_comment, out, err);
}

static void each_comment(sqlite3_stmt *st, void *arg)
{
	const struct store_callback *cb = arg;
	struct store_comment c;
	read_comment(st, &c);
	((store_comment_fn)cb->fn)(&c, cb->arg);
	store_comment_free(&c);
}

/* Every comment the statement lists to fn, freed after the call. */
static int each_row(struct store *s, const struct store_one *q, store_comment_fn fn, void *arg,
		    struct buf *err)
{
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, q, each_comment, (void *)&cb, err);
}

int store_comment_list_page(struct store *s, const char *page, enum comment_status status,
			    int limit, store_comment_fn fn, void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(page), PARAM_TEXT(comment_status_name(status)),
					 PARAM_INT(limit) };
	const struct store_one q = STORE_ONE(STMT_COMMENT_PAGE, "list comments", p);
	return each_row(s, &q, fn, arg, err);
}

int store_comment_list_status(struct store *s, enum comment_status status, int limit,
			      store_comment_fn fn, void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(comment_status_name(status)), PARAM_INT(limit) };
	const struct store_one q = STORE_ONE(STMT_COMMENT_BY_STATUS, "list comments", p);
	return each_row(s, &q, fn, arg, err);
}

int store_comment_recent(struct store *s, const char *page, int limit,
			 store_comment_fn fn, void *arg, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(limit), PARAM_TEXT(page) };
	const struct store_one q = { page ? STMT_COMMENT_RECENT_PAGE : STMT_COMMENT_RECENT,
				     "list comments", p, page ? 2 : 1, 0, 0 };
	return each_row(s, &q, fn, arg, err);
}

int store_comment_count(struct store *s, const char *page, int64_t *n, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(page) };
	const struct store_one q = STORE_ONE(STMT_COMMENT_COUNT, "count comments", p);
	*n = 0;
	return store_row(s, &q, store_read_int, n, err) < 0 ? -1 : 0;
}

int store_comment_duplicate(struct store *s, const char *page, const unsigned char *hash,
			    int64_t since, int *dup, struct buf *err)
{
	const struct store_param p[] = { PARAM_TEXT(page), PARAM_BLOB(hash, COMMENT_HASH_BYTES),
					 PARAM_INT(since) };
	const struct store_one q = STORE_ONE(STMT_COMMENT_DUPLICATE, "look for a duplicate comment",
					     p);
	int64_t v = 0;
	int rc = store_row(s, &q, store_read_int, &v, err);
	*dup = v != 0;
	return rc < 0 ? -1 : 0;
}

/* One statement as a write: 1 when it changed a row, 0 when none. */
static int changed(struct store *s, struct store_one *one, struct buf *err)
{
	return store_write_one(s, one, err) < 0 ? -1 : one->changes > 0;
}

int store_comment_edit(struct store *s, int64_t id, const char *body_md,
		       const char *body_html, const unsigned char *hash,
		       const enum comment_status *status, int64_t now, struct buf *err)
{
	const struct store_param p[] = {
		PARAM_INT(id), PARAM_TEXT(body_md), PARAM_TEXT(body_html),
		PARAM_BLOB(hash, COMMENT_HASH_BYTES),
		PARAM_TEXT(status ? comment_status_name(*status) : NULL), PARAM_INT(now),
	};
	struct store_one one = STORE_ONE(STMT_COMMENT_EDIT, "edit comment", p);
	return changed(s, &one, err);
}

int store_comment_set_status(struct store *s, int64_t id, enum comment_status status,
			     int64_t now,
			     struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id), PARAM_TEXT(comment_status_name(status)),
					 PARAM_INT(now) };
	struct store_one one = STORE_ONE(STMT_COMMENT_SET_STATUS, "moderate comment", p);
	return changed(s, &one, err);
}

/* Its replies move up to its parent, then it goes. */
static int delete_run(struct store *s, void *arg, struct buf *err)
{
	struct store_one *del = arg;
	struct store_one up = { STMT_COMMENT_REPARENT, "move replies up", del->params, del->n, 0, 0 };
	return store_step_one(s, &up, err) < 0 ? -1 : store_step_one(s, del, err);
}

int store_comment_forget_addresses(struct store *s, int64_t before, int64_t *forgotten,
				   struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(before) };
	struct store_one one = STORE_ONE(STMT_COMMENT_FORGET_ADDRESSES, "forget addresses", p);
	int rc = store_write_one(s, &one, err);
	if (forgotten)
		*forgotten = rc < 0 ? 0 : one.changes;
	return rc;
}

int store_comment_delete(struct store *s, int64_t id, struct buf *err)
{
	const struct store_param p[] = { PARAM_INT(id) };
	struct store_one del = STORE_ONE(STMT_COMMENT_DELETE, "delete comment", p);
	return store_write(s, delete_run, &del, err) < 0 ? -1 : del.changes > 0;
}
