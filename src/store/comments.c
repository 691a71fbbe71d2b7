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
	char **fields[] = { &c->page, &c->author, &c->email, &c->website,
			    &c->body_md, &c->body_html, &c->client_ip, &c->avatar_url };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

/* Columns in the order of COMMENT_COLS (stmts.c). */
static void read_comment(sqlite3_stmt *st, struct store_comment *c)
{
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

void store_bind_comment_head(sqlite3_stmt *st, const char *page, int64_t parent_id,
			     const char *author, const char *author_key)
{
	sqlite3_bind_text(st, 1, page, -1, SQLITE_TRANSIENT);
	if (parent_id > 0)
		sqlite3_bind_int64(st, 2, parent_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, author, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, author_key, -1, SQLITE_TRANSIENT);
}

int store_comment_insert(struct store *s, const struct store_comment_new *c, int64_t *id,
			 struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_COMMENT_INSERT, err);
	if (!st)
		return -1;
	store_bind_comment_head(st, c->page, c->parent_id, c->author, c->author_key);
	store_bind_opt(st, 5, c->email);
	store_bind_opt(st, 6, c->website);
	sqlite3_bind_text(st, 7, c->body_md, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, c->body_html, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 9, c->body_hash, COMMENT_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, comment_status_name(c->status), -1, SQLITE_STATIC);
	store_bind_opt(st, 11, c->client_ip);
	sqlite3_bind_int64(st, 12, c->now);
	sqlite3_bind_int64(st, 13, c->github_id);
	store_bind_opt(st, 14, c->avatar_url);
	sqlite3_bind_int64(st, 15, c->vouched_by);
	if (store_write_done(s, st, "save comment", err) < 0)
		return -1;
	*id = store_last_rowid(s);
	return 0;
}

int store_comment_get(struct store *s, int64_t id, struct store_comment *out,
		      struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_GET, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_comment(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(sqlite3_db_handle(st), "read comment", err);
}

static int each_row(sqlite3_stmt *st, store_comment_fn fn, void *arg, struct buf *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_comment c;
		read_comment(st, &c);
		fn(&c, arg);
		store_comment_free(&c);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "list comments", err);
}

int store_comment_list_page(struct store *s, const char *page, enum comment_status status,
			    int limit, store_comment_fn fn, void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_PAGE, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, page, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, comment_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	return each_row(st, fn, arg, err);
}

int store_comment_list_status(struct store *s, enum comment_status status, int limit,
			      store_comment_fn fn, void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_BY_STATUS, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, comment_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	return each_row(st, fn, arg, err);
}

int store_comment_recent(struct store *s, const char *page, int limit,
			 store_comment_fn fn, void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, page ? STMT_COMMENT_RECENT_PAGE : STMT_COMMENT_RECENT,
				      err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	if (page)
		sqlite3_bind_text(st, 2, page, -1, SQLITE_TRANSIENT);
	return each_row(st, fn, arg, err);
}

static int one_int(sqlite3_stmt *st, const char *what, int64_t *out, struct buf *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(sqlite3_db_handle(st), what, err);
}

int store_comment_count(struct store *s, const char *page, int64_t *n, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_COUNT, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, page, -1, SQLITE_TRANSIENT);
	return one_int(st, "count comments", n, err);
}

int store_comment_duplicate(struct store *s, const char *page, const unsigned char *hash,
			    int64_t since, int *dup, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_DUPLICATE, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, page, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, hash, COMMENT_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, since);
	int64_t v = 0;
	int rc = one_int(st, "look for a duplicate comment", &v, err);
	*dup = v != 0;
	return rc;
}

static int changed(struct store *s, sqlite3_stmt *st, const char *what, struct buf *err)
{
	if (store_write_done(s, st, what, err) < 0)
		return -1;
	return store_last_changes(s) > 0 ? 1 : 0;
}

int store_comment_edit(struct store *s, int64_t id, const char *body_md,
		       const char *body_html, const unsigned char *hash,
		       const enum comment_status *status, int64_t now, struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_COMMENT_EDIT, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, body_md, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, body_html, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 4, hash, COMMENT_HASH_BYTES, SQLITE_TRANSIENT);
	store_bind_opt(st, 5, status ? comment_status_name(*status) : NULL);
	sqlite3_bind_int64(st, 6, now);
	return changed(s, st, "edit comment", err);
}

int store_comment_set_status(struct store *s, int64_t id, enum comment_status status,
			     int64_t now,
			     struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_COMMENT_SET_STATUS, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, comment_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return changed(s, st, "moderate comment", err);
}

int store_comment_delete(struct store *s, int64_t id, struct buf *err)
{
	if (store_write_begin(s, err) < 0)
		return -1;
	sqlite3_stmt *st = store_write_stmt(s, STMT_COMMENT_REPARENT, err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (store_write_done(s, st, "move replies up", err) < 0)
		goto fail;
	st = store_write_stmt(s, STMT_COMMENT_DELETE, err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	int done = changed(s, st, "delete comment", err);
	if (done < 0)
		goto fail;
	return store_write_end(s, 0, err) < 0 ? -1 : done;
fail:
	store_write_end(s, -1, NULL);
	return -1;
}

