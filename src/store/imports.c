/* imports.c: comments brought along from GitHub (utterances, giscus) */
#include "store/store_internal.h"
#include "store/comments.h"

#include <string.h>

int store_comment_import(struct store *s, const struct store_comment_import *c, int64_t *id,
			 struct buf *err)
{
	sqlite3_stmt *st = store_write_stmt(s, STMT_COMMENT_IMPORT, err);
	if (!st)
		return -1;
	store_bind_comment_head(st, c->page, c->parent_id, c->author, c->author_key);
	sqlite3_bind_text(st, 5, c->body_md, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, c->body_html, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 7, c->body_hash, COMMENT_HASH_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, comment_status_name(c->status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, c->created_at);
	sqlite3_bind_int64(st, 10, c->edited_at);
	sqlite3_bind_int64(st, 11, c->github_id);
	store_bind_opt(st, 12, c->avatar_url);
	sqlite3_bind_text(st, 13, c->github_comment_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 14, c->imported_from, -1, SQLITE_TRANSIENT);
	store_bind_opt(st, 15, c->import_note);
	int rc = sqlite3_step(st), made = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		made = 1;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE)
		made = store_fail(sqlite3_db_handle(st), "import comment", err);
	sqlite3_reset(st);
	if (store_write_end(s, made < 0 ? -1 : 0, err) < 0)
		return -1;
	if (made != 0)
		return made;
	/* there already: its id, so that replies find their parent */
	st = store_stmt(s, STMT_COMMENT_BY_GITHUB_COMMENT, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->github_comment_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(sqlite3_db_handle(st), "find imported comment", err);
	return 0;
}

int store_imported_pages(struct store *s, void (*fn)(const struct store_imported_page *p,
						      void *arg),
			 void *arg, struct buf *err)
{
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_IMPORTED_PAGES, err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_imported_page p = {
			.source = (const char *)sqlite3_column_text(st, 0),
			.page = (const char *)sqlite3_column_text(st, 1),
			.comments = sqlite3_column_int64(st, 2),
			.shown = sqlite3_column_int64(st, 3),
			.first_at = sqlite3_column_int64(st, 4),
			.last_at = sqlite3_column_int64(st, 5),
		};
		fn(&p, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "list imported pages", err);
}
