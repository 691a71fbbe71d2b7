/* giscus.c: threads kept by giscus, one GitHub Discussion per page in one
 * category, read through GraphQL, with giscus's one level of replies. */
#include "features/comments/import_internal.h"

#include <stdio.h>
#include <string.h>


#define REACTIONS "reactionGroups { content reactors { totalCount } }"
#define COMMENT_FIELDS \
	"databaseId body createdAt updatedAt lastEditedAt isMinimized minimizedReason" \
	" author { login avatarUrl ... on User { databaseId } } " REACTIONS

static const char categories_query[] =
	"query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {"
	" discussionCategories(first: 100) { nodes { id name slug } } } }";

static const char discussions_query[] =
	"query($owner: String!, $name: String!, $category: ID!, $after: String) {"
	" repository(owner: $owner, name: $name) { discussions(first: 25, after: $after,"
	" categoryId: $category, orderBy: { field: CREATED_AT, direction: ASC }) {"
	" pageInfo { hasNextPage endCursor } nodes { number title body " REACTIONS
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
	char key[48];
	snprintf(key, sizeof key, "discussioncomment-%lld",
		 (long long)json_integer_value(json_object_get(n, "databaseId")));
	struct import_comment ic = {
		.key = key,
		.minimized = json_is_true(json_object_get(n, "isMinimized")),
		.minimized_reason = json_string_value(json_object_get(n, "minimizedReason")),
		.parent = parent,
	};
	import_comment_read(&ic, n, &import_graphql_comment);
	int rc = import_comment(im, page, &ic, id);
	if (rc == 0 && (*id || im->dry_run) &&
	    import_reactions(im, page, *id, json_object_get(n, "reactionGroups"), true) == -2)
		return -2;
	return rc;
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

/* A page of a discussion's comments (arg: its page key). */
static int comments_page(struct importer *im, json_t *nodes, void *page)
{
	im->pages_read++;
	return comments_of(im, page, nodes);
}

/* The id of the category giscus uses, by name or slug. */
static int category_id(struct importer *im, const char *category, char out[128])
{
	json_t *data = NULL;
	if (import_graphql(im, categories_query, NULL, &data) < 0)
		return -1;
	size_t i;
	json_t *n;
	int rc = -1;
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

/* One discussion: its page, then its comments (the first hundred came
 * with it; the rest are asked for). */
static int import_discussion(struct importer *im, json_t *disc)
{
	static const char *const path[] = { "repository", "discussion", "comments", NULL };
	json_int_t number = json_integer_value(json_object_get(disc, "number"));
	char what[48], page[PAGE_PATH_MAX + 1];
	snprintf(what, sizeof what, "discussion #%lld", (long long)number);
	if (import_thread_page(im, what, json_string_value(json_object_get(disc, "title")),
			       json_string_value(json_object_get(disc, "body")), NULL, page) < 0)
		return 0;
	printf("  %s -> %s\n", what, page);
	fflush(stdout);
	/* the discussion's own reactions are the page's */
	if (import_reactions(im, page, 0, json_object_get(disc, "reactionGroups"), true) == -2)
		return -1;
	json_t *comments = json_object_get(disc, "comments");
	char more[IMPORT_CURSOR_MAX];
	if (comments_of(im, page, json_object_get(comments, "nodes")) < 0)
		return -1;
	if (import_next_cursor(json_object_get(comments, "pageInfo"), more) &&
	    import_graphql_each(im, more_comments_query, json_pack("{s:I}", "number", number),
				more, path, comments_page, page) < 0)
		return -1;
	return 0;
}

/* A page of the category's discussions, each imported. */
static int discussions_page(struct importer *im, json_t *nodes, void *arg)
{
	(void)arg;
	im->pages_read++;
	size_t i;
	json_t *disc;
	json_array_foreach(nodes, i, disc)
		if (import_discussion(im, disc) < 0)
			return -1;
	return 0;
}

int import_giscus(struct importer *im, const char *category)
{
	static const char *const path[] = { "repository", "discussions", NULL };
	char cat[128];
	if (category_id(im, category, cat) < 0)
		return -1;
	return import_graphql_each(im, discussions_query, json_pack("{s:s}", "category", cat), NULL,
				   path, discussions_page, NULL);
}
