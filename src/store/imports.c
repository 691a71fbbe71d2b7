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
	const struct store_one q = STORE_ONE(STMT_COMMENT_IMPORT, "import comment", p);
	a->made = store_row(s, &q, store_read_int, a->id, err);
	return a->made < 0 ? -1 : 0;
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
	const struct store_param p[] = { PARAM_TEXT(c->github_comment_id) };
	const struct store_one q = STORE_ONE(STMT_COMMENT_BY_GITHUB_COMMENT, "find imported comment",
					     p);
	int found = store_row(s, &q, store_read_int, id, err);
	if (found == 0 && err)
		buf_adds(err, "find imported comment: it is not there");
	return found > 0 ? 0 : -1;
}

typedef void (*page_fn)(const struct store_imported_page *p, void *arg);

static void each_page(sqlite3_stmt *st, void *arg)
{
	const struct store_callback *cb = arg;
	struct store_imported_page p = {
		.source = (const char *)sqlite3_column_text(st, 0),
		.page = (const char *)sqlite3_column_text(st, 1),
		.comments = sqlite3_column_int64(st, 2),
		.shown = sqlite3_column_int64(st, 3),
		.first_at = sqlite3_column_int64(st, 4),
		.last_at = sqlite3_column_int64(st, 5),
	};
	((page_fn)cb->fn)(&p, cb->arg);
}

int store_imported_pages(struct store *s, void (*fn)(const struct store_imported_page *p,
						      void *arg),
			 void *arg, struct buf *err)
{
	const struct store_one q = { STMT_COMMENT_IMPORTED_PAGES, "list imported pages", NULL, 0, 0, 0 };
	const struct store_callback cb = STORE_CALLBACK(fn, arg);
	return store_rows(s, &q, each_page, (void *)&cb, err);
}
