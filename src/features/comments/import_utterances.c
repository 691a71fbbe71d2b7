/* utterances.c: threads kept by utterances, one GitHub issue per page.
 *
 * Issues are read through REST (every page, by the Link header); an issue
 * is a thread when it is no pull request, carries --label when one is
 * given, and has the body utterances writes ("# title … [URL](URL)").
 * Its comments come through REST too; GitHub tells which ones a
 * moderator minimized only through GraphQL, asked once per thread. */
#include "features/comments/import_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/url.h"

static const char minimized_query[] =
	"query($owner: String!, $name: String!, $number: Int!, $after: String) {"
	" repository(owner: $owner, name: $name) { issue(number: $number) {"
	" comments(first: 100, after: $after) { nodes { databaseId isMinimized minimizedReason }"
	" pageInfo { hasNextPage endCursor } } } } }";

/* The ids of the thread's minimized comments, with their reasons. */
static int minimized_of(struct importer *im, json_int_t number, json_t *out)
{
	json_t *after = json_null();
	for (;;) {
		json_t *vars = json_pack("{s:s,s:s,s:I,s:o}", "owner", im->owner, "name", im->name,
					 "number", number, "after", after);
		json_t *data = NULL;
		int rc = import_graphql(im, minimized_query, vars, &data);
		json_decref(vars);
		if (rc < 0)
			return -1;
		json_t *comments = json_object_get(json_object_get(
			json_object_get(json_object_get(data, "repository"), "issue"), "comments"),
			"nodes");
		size_t i;
		json_t *n;
		json_array_foreach(comments, i, n) {
			if (!json_is_true(json_object_get(n, "isMinimized")))
				continue;
			char key[32];
			snprintf(key, sizeof key, "%lld",
				 (long long)json_integer_value(json_object_get(n, "databaseId")));
			const char *why = json_string_value(json_object_get(n, "minimizedReason"));
			json_object_set_new(out, key, json_string(why ? why : "hidden"));
		}
		json_t *pi = json_object_get(json_object_get(json_object_get(
			json_object_get(data, "repository"), "issue"), "comments"), "pageInfo");
		bool more = json_is_true(json_object_get(pi, "hasNextPage"));
		const char *cursor = json_string_value(json_object_get(pi, "endCursor"));
		after = more && cursor ? json_string(cursor) : NULL;
		json_decref(data);
		if (!after)
			return 0;
	}
}

struct thread {
	const char *page;
	json_t *hidden;   /* minimized comment id -> reason */
};

/* One result page of a thread's comments (REST lists them oldest first). */
static int comments_page(struct importer *im, json_t *list, void *arg)
{
	struct thread *t = arg;
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		json_t *user = json_object_get(c, "user");
		char key[48], idtext[24];
		json_int_t cid = json_integer_value(json_object_get(c, "id"));
		snprintf(key, sizeof key, "issuecomment-%lld", (long long)cid);
		snprintf(idtext, sizeof idtext, "%lld", (long long)cid);
		json_t *why = json_object_get(t->hidden, idtext);
		struct import_comment ic = {
			.key = key,
			.login = json_string_value(json_object_get(user, "login")),
			.user_id = json_integer_value(json_object_get(user, "id")),
			.avatar_url = json_string_value(json_object_get(user, "avatar_url")),
			.body = json_string_value(json_object_get(c, "body")),
			.created_at = json_string_value(json_object_get(c, "created_at")),
			.updated_at = json_string_value(json_object_get(c, "updated_at")),
			.minimized = why != NULL,
			.minimized_reason = json_string_value(why),
		};
		int64_t id;
		if (import_comment(im, t->page, &ic, &id) == -2)
			return -1;
	}
	return 0;
}

static int import_thread(struct importer *im, json_t *issue, const char *page)
{
	json_int_t number = json_integer_value(json_object_get(issue, "number"));
	struct thread t = { page, json_object() };
	if (json_integer_value(json_object_get(issue, "comments")) > 0 &&
	    minimized_of(im, number, t.hidden) < 0) {
		json_decref(t.hidden);
		return -1;
	}
	struct buf path = BUF_INIT;
	buf_addf(&path, "/repos/%s/%s/issues/%lld/comments?per_page=100", im->owner, im->name,
		 (long long)number);
	int rc = import_each_page(im, path.p, comments_page, &t);
	buf_release(&path);
	json_decref(t.hidden);
	return rc;
}

/* One result page of issues: the threads among them, each imported. */
static int issues_page(struct importer *im, json_t *list, void *arg)
{
	(void)arg;
	size_t i;
	json_t *issue;
	json_array_foreach(list, i, issue) {
		json_int_t number = json_integer_value(json_object_get(issue, "number"));
		const char *title = json_string_value(json_object_get(issue, "title"));
		const char *body = json_string_value(json_object_get(issue, "body"));
		char page[PAGE_PATH_MAX + 1];
		const char *why = NULL;
		if (json_object_get(issue, "pull_request"))
			why = "a pull request";
		else if (!import_thread_shaped(body))
			why = "not an utterances thread (its body is not the one utterances writes)";
		else if (!title || import_page_of(im, title, body, page, &why) < 0)
			why = why ? why : "no title";
		if (why) {
			printf("  left out #%lld: %s\n", (long long)number, why);
			im->threads_skipped++;
			continue;
		}
		im->threads++;
		printf("  #%lld -> %s (%lld comments)\n", (long long)number, page,
		       (long long)json_integer_value(json_object_get(issue, "comments")));
		fflush(stdout);
		if (import_thread(im, issue, page) < 0)
			return -1;
	}
	return 0;
}

int import_utterances(struct importer *im, const char *label)
{
	struct buf path = BUF_INIT;
	/* oldest first, so that a resumed run meets the same order */
	buf_addf(&path, "/repos/%s/%s/issues?state=all&sort=created&direction=asc&per_page=100",
		 im->owner, im->name);
	if (label) {
		buf_adds(&path, "&labels=");
		url_encode_component(&path, label);
	}
	int rc = import_each_page(im, path.p, issues_page, NULL);
	buf_release(&path);
	return rc;
}
