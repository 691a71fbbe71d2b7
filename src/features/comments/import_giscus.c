/* giscus.c: threads kept by giscus, one GitHub Discussion per page in one
 * category, read through GraphQL, with giscus's one level of replies. */
#include "features/comments/import_internal.h"

#include <stdio.h>
#include <string.h>


#define COMMENT_FIELDS \
	"databaseId body createdAt updatedAt lastEditedAt isMinimized minimizedReason" \
	" author { login avatarUrl ... on User { databaseId } }"

static const char categories_query[] =
	"query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {"
	" discussionCategories(first: 100) { nodes { id name slug } } } }";

static const char discussions_query[] =
	"query($owner: String!, $name: String!, $category: ID!, $after: String) {"
	" repository(owner: $owner, name: $name) { discussions(first: 25, after: $after,"
	" categoryId: $category, orderBy: { field: CREATED_AT, direction: ASC }) {"
	" pageInfo { hasNextPage endCursor } nodes { number title body"
	" comments(first: 100) { pageInfo { hasNextPage endCursor } nodes { " COMMENT_FIELDS
	" replies(first: 100) { nodes { " COMMENT_FIELDS " } } } } } } } }";

static const char more_comments_query[] =
	"query($owner: String!, $name: String!, $number: Int!, $after: String) {"
	" repository(owner: $owner, name: $name) { discussion(number: $number) {"
	" comments(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { "
	COMMENT_FIELDS " replies(first: 100) { nodes { " COMMENT_FIELDS " } } } } } } }";

static json_t *dig(json_t *j, const char *a, const char *b, const char *c)
{
	j = json_object_get(j, a);
	if (b)
		j = json_object_get(j, b);
	if (c)
		j = json_object_get(j, c);
	return j;
}

static int one(struct importer *im, const char *page, json_t *n, int64_t parent, int64_t *id)
{
	json_t *author = json_object_get(n, "author");
	char key[48];
	snprintf(key, sizeof key, "discussioncomment-%lld",
		 (long long)json_integer_value(json_object_get(n, "databaseId")));
	const char *edited = json_string_value(json_object_get(n, "lastEditedAt"));
	struct import_comment ic = {
		.key = key,
		.login = json_string_value(json_object_get(author, "login")),
		.user_id = json_integer_value(json_object_get(author, "databaseId")),
		.avatar_url = json_string_value(json_object_get(author, "avatarUrl")),
		.body = json_string_value(json_object_get(n, "body")),
		.created_at = json_string_value(json_object_get(n, "createdAt")),
		.updated_at = edited,
		.minimized = json_is_true(json_object_get(n, "isMinimized")),
		.minimized_reason = json_string_value(json_object_get(n, "minimizedReason")),
		.parent = parent,
	};
	return import_comment(im, page, &ic, id);
}

/* Top-level comments oldest first, each followed by its replies. */
static int comments_of(struct importer *im, const char *page, json_t *nodes)
{
	size_t i, j;
	json_t *c, *r;
	json_array_foreach(nodes, i, c) {
		int64_t id = 0;
		int rc = one(im, page, c, 0, &id);
		if (rc == -2)
			return -1;
		json_array_foreach(dig(c, "replies", "nodes", NULL), j, r) {
			int64_t rid;
			/* a reply whose parent could not come keeps its place at the top */
			if (one(im, page, r, rc == 0 ? id : 0, &rid) == -2)
				return -1;
		}
	}
	return 0;
}

static int more_comments(struct importer *im, const char *page, json_int_t number,
			 const char *cursor)
{
	char next[256];
	while (cursor) {
		json_t *vars = json_pack("{s:s,s:s,s:I,s:s}", "owner", im->owner, "name", im->name,
					 "number", number, "after", cursor);
		json_t *data = NULL;
		int rc = import_graphql(im, more_comments_query, vars, &data);
		json_decref(vars);
		if (rc < 0)
			return -1;
		im->pages_read++;
		json_t *comments = dig(data, "repository", "discussion", "comments");
		rc = comments_of(im, page, json_object_get(comments, "nodes"));
		json_t *pi = json_object_get(comments, "pageInfo");
		const char *end = json_string_value(json_object_get(pi, "endCursor"));
		cursor = NULL;
		if (rc == 0 && json_is_true(json_object_get(pi, "hasNextPage")) && end &&
		    strlen(end) < sizeof next) {
			snprintf(next, sizeof next, "%s", end);
			cursor = next;
		}
		json_decref(data);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The id of the category giscus uses, by name or slug. */
static int category_id(struct importer *im, const char *category, char out[128])
{
	json_t *vars = json_pack("{s:s,s:s}", "owner", im->owner, "name", im->name), *data = NULL;
	int rc = import_graphql(im, categories_query, vars, &data);
	json_decref(vars);
	if (rc < 0)
		return -1;
	size_t i;
	json_t *n;
	rc = -1;
	json_array_foreach(dig(data, "repository", "discussionCategories", "nodes"), i, n) {
		const char *name = json_string_value(json_object_get(n, "name"));
		const char *slug = json_string_value(json_object_get(n, "slug"));
		const char *id = json_string_value(json_object_get(n, "id"));
		if (id && ((name && strcmp(name, category) == 0) ||
			   (slug && strcmp(slug, category) == 0))) {
			snprintf(out, 128, "%s", id);
			rc = 0;
		}
	}
	if (rc < 0)
		fprintf(stderr, "newsdesk: %s/%s has no Discussions category \"%s\"\n", im->owner,
			im->name, category);
	json_decref(data);
	return rc;
}

int import_giscus(struct importer *im, const char *category)
{
	char cat[128];
	if (category_id(im, category, cat) < 0)
		return -1;
	char after[256] = "";
	for (;;) {
		json_t *vars = json_pack("{s:s,s:s,s:s,s:s?}", "owner", im->owner, "name", im->name,
					 "category", cat, "after", *after ? after : NULL);
		json_t *data = NULL;
		int rc = import_graphql(im, discussions_query, vars, &data);
		json_decref(vars);
		if (rc < 0)
			return -1;
		im->pages_read++;
		json_t *d = dig(data, "repository", "discussions", NULL);
		size_t i;
		json_t *disc;
		json_array_foreach(json_object_get(d, "nodes"), i, disc) {
			json_int_t number = json_integer_value(json_object_get(disc, "number"));
			const char *title = json_string_value(json_object_get(disc, "title"));
			const char *body = json_string_value(json_object_get(disc, "body"));
			char page[PAGE_PATH_MAX + 1];
			const char *why = NULL;
			if (!title || import_page_of(im, title, body, page, &why) < 0) {
				printf("  left out discussion #%lld: %s\n", (long long)number,
				       why ? why : "no title");
				im->threads_skipped++;
				continue;
			}
			im->threads++;
			printf("  discussion #%lld -> %s\n", (long long)number, page);
			fflush(stdout);
			json_t *comments = json_object_get(disc, "comments");
			json_t *pi = json_object_get(comments, "pageInfo");
			const char *more = json_is_true(json_object_get(pi, "hasNextPage"))
						   ? json_string_value(json_object_get(pi, "endCursor"))
						   : NULL;
			if (comments_of(im, page, json_object_get(comments, "nodes")) < 0 ||
			    more_comments(im, page, number, more) < 0) {
				json_decref(data);
				return -1;
			}
		}
		json_t *pi = json_object_get(d, "pageInfo");
		const char *end = json_string_value(json_object_get(pi, "endCursor"));
		bool more = json_is_true(json_object_get(pi, "hasNextPage")) && end &&
			    strlen(end) < sizeof after;
		if (more)
			snprintf(after, sizeof after, "%s", end);
		json_decref(data);
		if (!more)
			return 0;
	}
}
