/* imports.c: comments brought along from GitHub (utterances, giscus) */
#include "store/store_internal.h"
#include "store/comments.h"

#include <string.h>

struct import_row {
	const struct store_comment_import *c;
	int64_t *id;
	int made;
};

/* 1 made, 0 there already (from an earlier run of the import) */
static int import_run(struct store *s, void *arg, struct buf *err)
{
	struct import_row *a = arg;
	const struct store_comment_import *c = a->c;
	const struct store_param p[] = {
		PARAM_TEXT(c->page), PARAM_REF(c->parent_id), PARAM_TEXT(c->author),
		PARAM_TEXT(c->author_key), PARAM_TEXT(c->body_md), PARAM_TEXT(c->body_html),
		PARAM_BLOB(c->body_hash, COMMENT_HASH_BYTES),
		PARAM_TEXT(comment_status_name(c->status)), PARAM_INT(c->created_at),
		PARAM_INT(c->edited_at), PARAM_INT(c->github_id), PARAM_TEXT(c->avatar_url),
		PARAM_TEXT(c->github_comment_id), PARAM_TEXT(c->imported_from),
		PARAM_TEXT(c->import_note),
	};
	sqlite3_stmt *st = store_bound(s, STMT_COMMENT_IMPORT, p, sizeof p / sizeof *p, err);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	a->made = 0;
	if (rc == SQLITE_ROW) {
		*a->id = sqlite3_column_int64(st, 0);
		a->made = 1;
		rc = sqlite3_step(st);
	}
	int ok = rc == SQLITE_DONE ? 0 : store_fail(sqlite3_db_handle(st), "import comment", err);
	sqlite3_reset(st);
	return ok;
}

int store_comment_import(struct store *s, const struct store_comment_import *c, int64_t *id,
			 struct buf *err)
{
	struct import_row a = { c, id, 0 };
	if (store_write(s, import_run, &a, err) < 0)
		return -1;
	if (a.made)
		return 1;
	/* there already: its id, so that replies find their parent */
	sqlite3_stmt *st = store_stmt(s, STMT_COMMENT_BY_GITHUB_COMMENT, err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, c->github_comment_id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
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
