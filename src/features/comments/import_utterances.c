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

/* One page of a thread's comments as GraphQL sees them: the minimized
 * ones' ids, with their reasons, into hidden. */
static int minimized_page(struct importer *im, json_t *nodes, void *hidden)
{
	(void)im;
	size_t i;
	json_t *n;
	json_array_foreach(nodes, i, n) {
		if (!json_is_true(json_object_get(n, "isMinimized")))
			continue;
		char key[32];
		snprintf(key, sizeof key, "%lld",
			 (long long)json_integer_value(json_object_get(n, "databaseId")));
		const char *why = json_string_value(json_object_get(n, "minimizedReason"));
		json_object_set_new(hidden, key, json_string(why ? why : "hidden"));
	}
	return 0;
}

/* The ids of the thread's minimized comments, with their reasons. */
static int minimized_of(struct importer *im, json_int_t number, json_t *out)
{
	static const char *const path[] = { "repository", "issue", "comments", NULL };
	return import_graphql_each(im, minimized_query, json_pack("{s:I}", "number", number), NULL,
				   path, minimized_page, out);
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
		char key[48], idtext[24];
		json_int_t cid = json_integer_value(json_object_get(c, "id"));
		snprintf(key, sizeof key, "issuecomment-%lld", (long long)cid);
		snprintf(idtext, sizeof idtext, "%lld", (long long)cid);
		json_t *why = json_object_get(t->hidden, idtext);
		struct import_comment ic = {
			.key = key,
			.minimized = why != NULL,
			.minimized_reason = json_string_value(why),
		};
		import_comment_read(&ic, c, &import_rest_comment);
		int64_t id;
		int rc = import_comment(im, t->page, &ic, &id);
		if (rc == -2 || (rc == 0 && (id || im->dry_run) &&
				 import_reactions(im, t->page, id, json_object_get(c, "reactions"),
						  false) == -2))
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
	/* the issue's own reactions are the page's */
	if (rc == 0 && import_reactions(im, page, 0, json_object_get(issue, "reactions"), false) == -2)
		rc = -1;
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
		const char *body = json_string_value(json_object_get(issue, "body"));
		char what[32], page[PAGE_PATH_MAX + 1];
		snprintf(what, sizeof what, "#%lld", (long long)number);
		const char *skip = NULL;
		if (json_object_get(issue, "pull_request"))
			skip = "a pull request";
		else if (!import_thread_shaped(body))
			skip = "not an utterances thread (its body is not the one utterances writes)";
		if (import_thread_page(im, what, json_string_value(json_object_get(issue, "title")),
				       body, skip, page) < 0)
			continue;
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
