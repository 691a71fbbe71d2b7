/* dump.c: every row that matters as one JSON document, and back.
 *
 * The tables and their columns are this file's constants: the SQL is
 * composed from them, never from the document.  Values keep their SQLite
 * type: integers and texts as JSON integers and strings, blobs as lower-
 * case hex, NULL as null.  Left out on purpose: password hashes (an
 * export is not a credential store), sessions, server keys, webhook
 * delivery ids and sign-ins under way. */
#include "store/store_internal.h"
#include "store/dump.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

struct dump_table {
	const char *name;
	const char *const *cols;   /* NULL-terminated */
	const char *types;         /* one per column: I integer, T text, B blob */
};

static const char *const user_cols[] = { "id", "name", "github_login", "github_id",
					 "created_at", "updated_at", NULL };
static const char *const submission_cols[] = {
	"id", "token_hash", "status_token", "status", "section", "payload", "author",
	"author_github_id", "reason", "branch", "commit_sha", "prev_commit_sha", "base_sha",
	"pr_number", "pr_url", "last_error", "draft_path", "note", "entry_key", "created_at",
	"updated_at", "approved_at", "source", "harvest_key", NULL };
static const char *const comment_cols[] = {
	"id", "page", "parent_id", "author", "author_key", "email", "website", "body_md",
	"body_html", "body_hash", "status", "client_ip", "created_at", "edited_at", "updated_at",
	"github_id", "avatar_url", "github_comment_id", "imported_from", "import_note",
	"vouched_by", NULL };
static const char *const reaction_cols[] = { "id", "page", "comment_id", "content", "reactor",
					     "created_at", NULL };
static const char *const reaction_count_cols[] = { "id", "page", "comment_id", "content",
						   "count", NULL };
static const char *const job_cols[] = { "id", "kind", "subject_id", "state", "attempts",
					"run_after", "claimed_at", "last_error", "created_at",
					"updated_at", NULL };
static const char *const audit_cols[] = { "id", "at", "actor", "action", "subject", "detail",
					  NULL };

static const struct dump_table tables[] = {
	{ "users", user_cols, "ITTIII" },
	{ "submissions", submission_cols, "IBTTTTTITTTTTITTTTBIIITT" },
	{ "comments", comment_cols, "ITITTTTTTBTTIIIITTTTI" },
	{ "reactions", reaction_cols, "ITITTI" },
	{ "reaction_counts", reaction_count_cols, "ITITI" },
	{ "jobs", job_cols, "ITITIIITII" },
	{ "audit_log", audit_cols, "IITTTT" },
};
#define N_TABLES (sizeof tables / sizeof *tables)

static void column_list(const struct dump_table *t, struct buf *out)
{
	for (size_t i = 0; t->cols[i]; i++)
		buf_addf(out, "%s%s", i ? ", " : "", t->cols[i]);
}

static json_t *value_json(sqlite3_stmt *st, int i, char type)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	if (type == 'I')
		return json_integer(sqlite3_column_int64(st, i));
	if (type == 'T')
		return json_stringn((const char *)sqlite3_column_text(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
	int n = sqlite3_column_bytes(st, i);
	char *hex = xmalloc((size_t)n * 2 + 1);
	sodium_bin2hex(hex, (size_t)n * 2 + 1, sqlite3_column_blob(st, i), (size_t)n);
	json_t *v = json_string(hex);
	free(hex);
	return v;
}

int store_export(struct store *s, FILE *out, int schema, struct buf *err)
{
	sqlite3 *db = store_conn(s, err);
	if (!db)
		return -1;
	/* one read transaction: the document is one moment of the database */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(db, "export", err);
	fprintf(out, "{\"format\":\"newsdesk-export\",\"version\":1,\"schema\":%d,\"tables\":{",
		schema);
	int rc = 0;
	for (size_t t = 0; t < N_TABLES && rc == 0; t++) {
		struct buf sql = BUF_INIT;
		buf_adds(&sql, "SELECT ");
		column_list(&tables[t], &sql);
		buf_addf(&sql, " FROM %s ORDER BY id", tables[t].name);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, sql.p, -1, &st, NULL) != SQLITE_OK) {
			rc = store_fail(db, "export", err);
			buf_release(&sql);
			break;
		}
		fprintf(out, "%s\n\"%s\":[", t ? "," : "", tables[t].name);
		int step, row = 0;
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *o = json_object();
			for (int i = 0; tables[t].cols[i]; i++)
				json_object_set_new(o, tables[t].cols[i],
						    value_json(st, i, tables[t].types[i]));
			char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
			fprintf(out, "%s\n%s", row++ ? "," : "", line);
			free(line);
			json_decref(o);
		}
		if (step != SQLITE_DONE)
			rc = store_fail(db, "export", err);
		sqlite3_finalize(st);
		buf_release(&sql);
		fputs("]", out);
	}
	fputs("\n}}\n", out);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Binds one value of the document, checked against the column's type. */
static int bind_value(sqlite3_stmt *st, int i, char type, json_t *v, const char *where,
		      struct buf *err)
{
	if (!v || json_is_null(v))
		return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
	if (type == 'I' && json_is_integer(v))
		return sqlite3_bind_int64(st, i, json_integer_value(v)) == SQLITE_OK ? 0 : -1;
	if (type == 'T' && json_is_string(v))
		return sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v),
					 SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
	if (type == 'B' && json_is_string(v) && json_string_length(v) % 2 == 0) {
		size_t n = json_string_length(v) / 2, got = 0;
		unsigned char *bin = xmalloc(n ? n : 1);
		int ok = sodium_hex2bin(bin, n, json_string_value(v), json_string_length(v), NULL,
					&got, NULL) == 0 && got == n;
		if (ok)
			sqlite3_bind_blob(st, i, bin, (int)n, SQLITE_TRANSIENT);
		free(bin);
		if (ok)
			return 0;
	}
	buf_addf(err, "%s: wrong type", where);
	return -1;
}

static int import_table(sqlite3 *db, const struct dump_table *t, json_t *rows, struct buf *err)
{
	struct buf sql = BUF_INIT;
	buf_addf(&sql, "INSERT INTO %s (", t->name);
	column_list(t, &sql);
	buf_adds(&sql, ") VALUES (");
	for (size_t i = 0; t->cols[i]; i++)
		buf_addf(&sql, "%s?%zu", i ? ", " : "", i + 1);
	buf_adds(&sql, ")");
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql.p, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
	buf_release(&sql);
	if (rc < 0)
		return store_fail(db, "import", err);
	size_t r;
	json_t *row;
	json_array_foreach(rows, r, row) {
		char where[96];
		if (!json_is_object(row) || json_object_size(row) > 64) {
			buf_addf(err, "%s[%zu]: not a row", t->name, r);
			rc = -1;
			break;
		}
		/* a member we do not know would be lost: refuse instead */
		const char *k;
		json_t *v;
		json_object_foreach(row, k, v) {
			bool known = false;
			for (size_t i = 0; t->cols[i] && !known; i++)
				known = strcmp(k, t->cols[i]) == 0;
			if (!known) {
				buf_addf(err, "%s[%zu]: unknown column \"%.40s\"", t->name, r, k);
				rc = -1;
			}
		}
		for (int i = 0; rc == 0 && t->cols[i]; i++) {
			snprintf(where, sizeof where, "%s[%zu].%s", t->name, r, t->cols[i]);
			rc = bind_value(st, i + 1, t->types[i], json_object_get(row, t->cols[i]),
					where, err);
		}
		if (rc == 0 && sqlite3_step(st) != SQLITE_DONE) {
			snprintf(where, sizeof where, "import %s[%zu]", t->name, r);
			rc = store_fail(db, where, err);
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc < 0)
			break;
	}
	sqlite3_finalize(st);
	return rc;
}

static int import_run(struct store *s, void *arg, struct buf *err);

int store_import(struct store *s, json_t *doc, struct buf *err)
{
	json_t *tabs = json_object_get(doc, "tables");
	const char *format = json_string_value(json_object_get(doc, "format"));
	if (!format || strcmp(format, "newsdesk-export") != 0 ||
	    json_integer_value(json_object_get(doc, "version")) != 1 || !json_is_object(tabs)) {
		buf_adds(err, "not a newsdesk export (format \"newsdesk-export\", version 1)");
		return -1;
	}
	const char *k;
	json_t *v;
	json_object_foreach(tabs, k, v) {
		bool known = false;
		for (size_t t = 0; t < N_TABLES && !known; t++)
			known = strcmp(k, tables[t].name) == 0;
		if (!known || !json_is_array(v)) {
			buf_addf(err, "tables.%.40s: %s", k, known ? "not a list" : "unknown table");
			return -1;
		}
	}
	return store_write(s, import_run, tabs, err);
}

/* Every table's rows, into an empty database only: merging would
 * renumber, and then the round trip could not be exact. */
static int import_run(struct store *s, void *arg, struct buf *err)
{
	json_t *tabs = arg;
	sqlite3 *db = store_conn(s, err);
	if (!db)
		return -1;
	int rc = 0;
	for (size_t t = 0; t < N_TABLES && rc == 0; t++) {
		struct buf sql = BUF_INIT;
		buf_addf(&sql, "SELECT count(*) FROM %s", tables[t].name);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, sql.p, -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW) {
			rc = store_fail(db, "import", err);
		} else if (sqlite3_column_int64(st, 0) > 0) {
			buf_addf(err, "the database already holds %s; import into an empty one",
				 tables[t].name);
			rc = -1;
		}
		sqlite3_finalize(st);
		buf_release(&sql);
	}
	for (size_t t = 0; t < N_TABLES && rc == 0; t++)
		rc = import_table(db, &tables[t], json_object_get(tabs, tables[t].name), err);
	return rc;
}
