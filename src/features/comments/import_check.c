/* import_check.c: an export file held to what a request is held to
 * (import_internal.h) */
#include "features/comments/import_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "features/comments/comment_input.h"
#include "draft/draft.h"
#include "github/login.h"
#include "util/url.h"
#include "store/comments.h"
#include "store/states.h"

static const char *str(json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

/* Non-strings are left out: the check then says the field is missing. */
static void copy_string(json_t *to, const char *as, json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	if (json_is_string(v))
		json_object_set(to, as, v);
}

static bool shaped_comment_id(const char *s)
{
	const char *digits = strncmp(s, "issuecomment-", 13) == 0	? s + 13
			     : strncmp(s, "discussioncomment-", 18) == 0 ? s + 18
									 : NULL;
	return digits && *digits && strspn(digits, "0123456789") == strlen(digits) &&
	       strlen(digits) <= 19;
}

static bool optional_url(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	return !v || json_is_null(v) || (json_is_string(v) && valid_http_url(json_string_value(v)));
}

/* One comment: its fields as a posted one's, its HTML rendered anew. */
static int check_comment(const struct config *cfg, json_t *row, size_t i, struct buf *err)
{
	long long id = (long long)json_integer_value(json_object_get(row, "id"));
	const char *author = str(row, "author"), *from = str(row, "imported_from");
	const char *ghid = str(row, "github_comment_id");
	bool github = json_integer_value(json_object_get(row, "github_id")) != 0;
	json_t *obj = json_object();
	copy_string(obj, "page", row, "page");
	copy_string(obj, "body", row, "body_md");
	copy_string(obj, "email", row, "email");
	copy_string(obj, "website", row, "website");
	if (github)   /* the name is the login GitHub gave, checked below */
		json_object_set_new(obj, "github_token", json_string("imported"));
	else
		copy_string(obj, "author", row, "author");
	struct comment_rules rules = { cfg->comments.max_length, (int)cfg->comments.max_links };
	struct comment_input in;
	struct comment_problem p;
	int rc = comment_input_new(obj, &rules, &in, &p);
	json_decref(obj);
	if (rc < 0)
		buf_addf(err, "comments[%zu] (id %lld): %s: %s", i, id, p.field, p.message);
	else if (!str(row, "page") || strcmp(in.page, str(row, "page")) != 0)
		rc = -1, buf_addf(err, "comments[%zu] (id %lld): page: not a normalised page path"
				       " (it would be %s)", i, id, in.page);
	else if (github && (!author || (strcmp(author, "ghost") != 0 &&
					!valid_github_login(author))))
		rc = -1, buf_addf(err, "comments[%zu] (id %lld): author: not a GitHub login", i, id);
	else if (!optional_url(row, "avatar_url"))
		rc = -1, buf_addf(err, "comments[%zu] (id %lld): avatar_url: not an http(s) URL", i,
				  id);
	else if (from && strcmp(from, "utterances") != 0 && strcmp(from, "giscus") != 0)
		rc = -1, buf_addf(err, "comments[%zu] (id %lld): imported_from: must be utterances"
				       " or giscus", i, id);
	else if (ghid && !shaped_comment_id(ghid))
		rc = -1, buf_addf(err, "comments[%zu] (id %lld): github_comment_id: must be"
				       " issuecomment-N or discussioncomment-N", i, id);
	if (rc == 0) {
		char hex[COMMENT_HASH_BYTES * 2 + 1];
		sodium_bin2hex(hex, sizeof hex, in.hash, sizeof in.hash);
		json_object_set_new(row, "body_html", json_string(in.html));
		json_object_set_new(row, "body_hash", json_string(hex));
	}
	comment_input_free(&in);
	return rc;
}

static int check_submission(json_t *row, size_t i, struct buf *err)
{
	long long id = (long long)json_integer_value(json_object_get(row, "id"));
	const char *author = str(row, "author"), *payload = str(row, "payload");
	if (!author || !valid_github_login(author)) {
		buf_addf(err, "submissions[%zu] (id %lld): author: not a GitHub login", i, id);
		return -1;
	}
	if (!optional_url(row, "pr_url")) {
		buf_addf(err, "submissions[%zu] (id %lld): pr_url: not an http(s) URL", i, id);
		return -1;
	}
	struct submission s;
	struct buf why = BUF_INIT;
	int rc = payload ? submission_from_json(&s, payload, strlen(payload), NULL, &why) : -1;
	if (rc < 0)
		buf_addf(err, "submissions[%zu] (id %lld): payload: %s", i, id,
			 payload ? why.p : "missing");
	else
		submission_free(&s);
	buf_release(&why);
	return rc;
}

static int check_user(json_t *row, size_t i, struct buf *err)
{
	const char *login = str(row, "github_login");
	if (login && !valid_github_login(login)) {
		buf_addf(err, "users[%zu] (id %lld): github_login: not a GitHub login", i,
			 (long long)json_integer_value(json_object_get(row, "id")));
		return -1;
	}
	return 0;
}

/* The document's comments by id, to their pages (one look per reaction). */
static json_t *comment_pages(json_t *tabs)
{
	json_t *m = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(tabs, "comments"), i, row) {
		char id[24];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(row, "id")));
		if (str(row, "page"))
			json_object_set(m, id, json_object_get(row, "page"));
	}
	return m;
}

static const char *comment_page(json_t *pages, json_t *target)
{
	char id[24];
	if (!json_is_integer(target))
		return NULL;
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(target));
	return json_string_value(json_object_get(pages, id));
}

static bool reactor_shaped(const char *s)
{
	if (s && strncmp(s, "gh:", 3) == 0)
		return s[3] && strspn(s + 3, "0123456789") == strlen(s + 3) && strlen(s + 3) <= 19;
	return s && strncmp(s, "anon:", 5) == 0 && strlen(s + 5) == 32 &&
	       strspn(s + 5, "0123456789abcdef") == 32;
}

/* A reaction, or (counted) an imported count: what the API would take. */
static int check_reaction(json_t *pages, const char *table, json_t *row, size_t i,
			  bool counted, struct buf *err)
{
	long long id = (long long)json_integer_value(json_object_get(row, "id"));
	const char *page = str(row, "page"), *why = "missing";
	char norm[PAGE_PATH_MAX + 1];
	enum reaction_content c;
	json_t *target = json_object_get(row, "comment_id");
	json_t *count = json_object_get(row, "count");
	const char *of = comment_page(pages, target);
	const char *field = NULL;
	if (!page || page_path_normalise(page, norm, &why) < 0 || strcmp(norm, page) != 0)
		field = "page", why = "not a normalised page path";
	else if (!reaction_content_parse(str(row, "content"), &c))
		field = "content", why = "must be one of +1, -1, laugh, hooray, confused, heart, "
					 "rocket, eyes";
	else if (target && !json_is_null(target) && (!of || strcmp(of, page) != 0))
		field = "comment_id", why = "names no comment of this page in the document";
	else if (!counted && !reactor_shaped(str(row, "reactor")))
		field = "reactor", why = "must be gh:ID or anon: and 32 hex digits";
	else if (counted && (!json_is_integer(count) || json_integer_value(count) < 1 ||
			     json_integer_value(count) > 1000000000))
		field = "count", why = "must be between 1 and 1000000000";
	if (!field)
		return 0;
	buf_addf(err, "%s[%zu] (id %lld): %s: %s", table, i, id, field, why);
	return -1;
}

int import_json_check(const struct config *cfg, json_t *doc, struct buf *err)
{
	json_t *tabs = json_object_get(doc, "tables");
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(tabs, "comments"), i, row)
		if (json_is_object(row) && check_comment(cfg, row, i, err) < 0)
			return -1;
	json_array_foreach(json_object_get(tabs, "submissions"), i, row)
		if (json_is_object(row) && check_submission(row, i, err) < 0)
			return -1;
	json_array_foreach(json_object_get(tabs, "users"), i, row)
		if (json_is_object(row) && check_user(row, i, err) < 0)
			return -1;
	json_t *pages = comment_pages(tabs);
	int rc = 0;
	json_array_foreach(json_object_get(tabs, "reactions"), i, row)
		if (rc == 0 && json_is_object(row))
			rc = check_reaction(pages, "reactions", row, i, false, err);
	json_array_foreach(json_object_get(tabs, "reaction_counts"), i, row)
		if (rc == 0 && json_is_object(row))
			rc = check_reaction(pages, "reaction_counts", row, i, true, err);
	json_decref(pages);
	return rc;
}
