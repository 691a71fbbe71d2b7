/* standin_threads.c: the stand-in's issues and issue comments (REST, with
 * page/per_page and Link headers) and Discussions (GraphQL, the queries
 * the importers send), as utterances and giscus leave them. */
#include "standin/standin_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

struct si_comment {
	int64_t id;
	int64_t parent;            /* discussions: the comment replied to */
	char *login;               /* NULL: a deleted account */
	int64_t user_id;
	char *body;
	int64_t created, updated;
	char *minimized;           /* the reason, or NULL */
	int64_t reactions[STANDIN_REACTIONS];
};

struct si_thread {
	int number;
	bool discussion, pull;
	char *title, *body, *label, *category;
	int64_t reactions[STANDIN_REACTIONS];   /* the issue's or discussion's own */
	struct si_comment *c;
	size_t n, cap;
};

struct si_threads {
	struct si_thread *t;
	size_t n, cap;
	int next_number;
	int64_t next_comment;
	int max_per_page;
	char *categories[16][3];   /* id, name, slug */
	size_t n_categories;
};

static struct si_threads *threads(struct standin *s)
{
	if (!s->threads) {
		s->threads = xcalloc(1, sizeof *s->threads);
		s->threads->next_number = 1;
		s->threads->next_comment = 1000001;
		s->threads->max_per_page = 100;
	}
	return s->threads;
}

void si_threads_free(struct si_threads *th)
{
	if (!th)
		return;
	for (size_t i = 0; i < th->n; i++) {
		struct si_thread *t = &th->t[i];
		for (size_t j = 0; j < t->n; j++) {
			free(t->c[j].login);
			free(t->c[j].body);
			free(t->c[j].minimized);
		}
		free(t->c);
		free(t->title);
		free(t->body);
		free(t->label);
		free(t->category);
	}
	free(th->t);
	for (size_t i = 0; i < th->n_categories; i++)
		for (int k = 0; k < 3; k++)
			free(th->categories[i][k]);
	free(th);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static struct si_thread *new_thread(struct si_threads *th, const char *title, const char *body)
{
	if (th->n == th->cap) {
		th->cap = th->cap ? th->cap * 2 : 16;
		th->t = xrealloc(th->t, th->cap * sizeof *th->t);
	}
	struct si_thread *t = &th->t[th->n++];
	memset(t, 0, sizeof *t);
	t->number = th->next_number++;
	t->title = xstrdup(title);
	t->body = xstrdup(body);
	return t;
}

static struct si_thread *thread_find(struct si_threads *th, int number, bool discussion)
{
	for (size_t i = 0; i < th->n; i++)
		if (th->t[i].number == number && th->t[i].discussion == discussion)
			return &th->t[i];
	return NULL;
}

void standin_max_per_page(struct standin *s, int n)
{
	pthread_mutex_lock(&s->mu);
	threads(s)->max_per_page = n;
	pthread_mutex_unlock(&s->mu);
}

int standin_issue(struct standin *s, const char *title, const char *body, bool pull_request,
		  const char *label)
{
	pthread_mutex_lock(&s->mu);
	struct si_thread *t = new_thread(threads(s), title, body);
	t->pull = pull_request;
	t->label = dup_or_null(label);
	int n = t->number;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void standin_discussion_category(struct standin *s, const char *id, const char *name,
				 const char *slug)
{
	pthread_mutex_lock(&s->mu);
	struct si_threads *th = threads(s);
	if (th->n_categories < 16) {
		th->categories[th->n_categories][0] = xstrdup(id);
		th->categories[th->n_categories][1] = xstrdup(name);
		th->categories[th->n_categories][2] = xstrdup(slug);
		th->n_categories++;
	}
	pthread_mutex_unlock(&s->mu);
}

int standin_discussion(struct standin *s, const char *category_id, const char *title,
		       const char *body)
{
	pthread_mutex_lock(&s->mu);
	struct si_thread *t = new_thread(threads(s), title, body);
	t->discussion = true;
	t->category = xstrdup(category_id);
	int n = t->number;
	pthread_mutex_unlock(&s->mu);
	return n;
}

int64_t standin_thread_comment(struct standin *s, int number, bool discussion, int64_t parent,
			       const char *login, int64_t user_id, const char *body,
			       int64_t created, int64_t updated, const char *minimized)
{
	pthread_mutex_lock(&s->mu);
	struct si_threads *th = threads(s);
	struct si_thread *t = thread_find(th, number, discussion);
	int64_t id = 0;
	if (t) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 8;
			t->c = xrealloc(t->c, t->cap * sizeof *t->c);
		}
		struct si_comment *c = &t->c[t->n++];
		memset(c, 0, sizeof *c);
		c->id = id = th->next_comment++;
		c->parent = parent;
		c->login = dup_or_null(login);
		c->user_id = user_id;
		c->body = xstrdup(body);
		c->created = created;
		c->updated = updated;
		c->minimized = dup_or_null(minimized);
	}
	pthread_mutex_unlock(&s->mu);
	return id;
}

void standin_reactions(struct standin *s, int number, bool discussion, int64_t comment,
		       const int64_t counts[STANDIN_REACTIONS])
{
	pthread_mutex_lock(&s->mu);
	struct si_thread *t = thread_find(threads(s), number, discussion);
	int64_t *to = t && !comment ? t->reactions : NULL;
	for (size_t i = 0; t && comment && i < t->n; i++)
		if (t->c[i].id == comment)
			to = t->c[i].reactions;
	if (to)
		memcpy(to, counts, STANDIN_REACTIONS * sizeof *counts);
	pthread_mutex_unlock(&s->mu);
}

/* GitHub's content names, REST's and GraphQL's, in the order of counts. */
static const char *const rest_names[STANDIN_REACTIONS] = { "+1", "-1", "laugh", "hooray",
							   "confused", "heart", "rocket", "eyes" };
static const char *const gql_names[STANDIN_REACTIONS] = {
	"THUMBS_UP", "THUMBS_DOWN", "LAUGH", "HOORAY", "CONFUSED", "HEART", "ROCKET", "EYES"
};

/* REST's rollup, as every issue and issue comment carries it. */
static json_t *rest_reactions(struct standin *s, const char *what, int64_t id,
			      const int64_t n[STANDIN_REACTIONS])
{
	char url[256];
	snprintf(url, sizeof url, "%s/repos/o/r/issues/%s%lld/reactions", s->api, what,
		 (long long)id);
	json_int_t total = 0;
	json_t *o = json_pack("{s:s}", "url", url);
	for (int i = 0; i < STANDIN_REACTIONS; i++) {
		json_object_set_new(o, rest_names[i], json_integer(n[i]));
		total += n[i];
	}
	json_object_set_new(o, "total_count", json_integer(total));
	return o;
}

/* GraphQL's reactionGroups: every content, each with its reactors' count. */
static json_t *gql_reactions(const int64_t n[STANDIN_REACTIONS])
{
	json_t *a = json_array();
	for (int i = 0; i < STANDIN_REACTIONS; i++)
		json_array_append_new(a, json_pack("{s:s,s:{s:I},s:b}", "content", gql_names[i],
						   "reactors", "totalCount", (json_int_t)n[i],
						   "viewerHasReacted", 0));
	return a;
}

static void iso(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *user_json(struct standin *s, const struct si_comment *c)
{
	if (!c->login)
		return json_null();
	char avatar[128];
	snprintf(avatar, sizeof avatar, "https://avatars.githubusercontent.com/u/%lld?v=4",
		 (long long)c->user_id);
	(void)s;
	return json_pack("{s:s,s:I,s:s,s:s}", "login", c->login, "id", (json_int_t)c->user_id,
			 "avatar_url", avatar, "type", "User");
}

/* page/per_page as GitHub reads them, and the Link header for the rest. */
void si_paginate(struct standin *s, struct req *r, struct resp *rs, size_t total,
		 size_t *from, size_t *to)
{
	struct si_threads *th = threads(s);
	const char *pp = req_query(r, "per_page"), *pg = req_query(r, "page");
	long per = pp ? atol(pp) : 30, page = pg ? atol(pg) : 1;
	if (per < 1 || per > 100)
		per = per > 100 ? 100 : 30;
	if (per > th->max_per_page)
		per = th->max_per_page;
	if (page < 1)
		page = 1;
	*from = (size_t)((page - 1) * per);
	*to = *from + (size_t)per;
	if (*from > total)
		*from = total;
	if (*to > total)
		*to = total;
	if (*to < total) {
		/* the query as sent, with page replaced */
		struct buf link = BUF_INIT;
		buf_addf(&link, "<%s%s?", s->api, req_path(r));
		static const char *const keep[] = { "state", "sort", "direction", "labels" };
		for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
			if (req_query(r, keep[i]))
				buf_addf(&link, "%s=%s&", keep[i], req_query(r, keep[i]));
		long last = (long)((total + (size_t)per - 1) / (size_t)per);
		buf_addf(&link, "per_page=%ld&page=%ld>; rel=\"next\", <%s%s?per_page=%ld&page=%ld>; "
				"rel=\"last\"", per, page + 1, s->api, req_path(r), per, last);
		resp_header(rs, "Link", link.p);
		buf_release(&link);
	}
}

int si_h_list_issues(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, "GET /repos/{owner}/{repo}/issues", &c) < 0)
		return 0;
	struct standin *s = c.s;
	pthread_mutex_lock(&s->mu);
	struct si_threads *th = threads(s);
	const char *label = req_query(r, "labels");
	struct si_thread **list = xcalloc(th->n + 1, sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < th->n; i++)
		if (!th->t[i].discussion &&
		    (!label || (th->t[i].label && strcmp(th->t[i].label, label) == 0)))
			list[n++] = &th->t[i];
	size_t from, to;
	si_paginate(s, r, rs, n, &from, &to);
	json_t *out = json_array();
	for (size_t i = from; i < to; i++) {
		const struct si_thread *t = list[i];
		json_t *o = json_pack("{s:i,s:s,s:s,s:s,s:i,s:{s:s,s:i,s:s}}", "number", t->number,
				      "title", t->title, "body", t->body, "state", "open",
				      "comments", (int)t->n, "user", "login", "utterances-bot",
				      "id", 49371221, "type", "Bot");
		json_object_set_new(o, "labels", t->label ? json_pack("[{s:s}]", "name", t->label)
							  : json_array());
		json_object_set_new(o, "reactions", rest_reactions(s, "", t->number, t->reactions));
		if (t->pull)
			json_object_set_new(o, "pull_request", json_pack("{s:s}", "url", "x"));
		json_array_append_new(out, o);
	}
	free(list);
	pthread_mutex_unlock(&s->mu);
	resp_json(rs, 200, out);
	return si_end(r, rs, &c);
}

int si_h_issue_comments(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin(r, rs, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", &c) < 0)
		return 0;
	struct standin *s = c.s;
	pthread_mutex_lock(&s->mu);
	struct si_thread *t = thread_find(threads(s), atoi(req_param(r, 2)), false);
	if (!t) {
		pthread_mutex_unlock(&s->mu);
		si_error(rs, 404, "Not Found");
		return si_end(r, rs, &c);
	}
	size_t from, to;
	si_paginate(s, r, rs, t->n, &from, &to);
	json_t *out = json_array();
	for (size_t i = from; i < to; i++) {
		char cr[32], up[32];
		iso(t->c[i].created, cr);
		iso(t->c[i].updated, up);
		json_array_append_new(out, json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:o}", "id",
						     (json_int_t)t->c[i].id, "user",
						     user_json(s, &t->c[i]), "body", t->c[i].body,
						     "created_at", cr, "updated_at", up,
						     "author_association", "NONE", "reactions",
						     rest_reactions(s, "comments/", t->c[i].id,
								    t->c[i].reactions)));
	}
	pthread_mutex_unlock(&s->mu);
	resp_json(rs, 200, out);
	return si_end(r, rs, &c);
}

/* ---- GraphQL: the importers' queries, told apart by what they ask ---- */

static json_t *gql_comment(struct standin *s, const struct si_comment *c, bool with_reactions)
{
	char cr[32], ed[32];
	iso(c->created, cr);
	iso(c->updated, ed);
	json_t *author = json_null();
	if (c->login) {
		char avatar[128];
		snprintf(avatar, sizeof avatar, "https://avatars.githubusercontent.com/u/%lld?v=4",
			 (long long)c->user_id);
		author = json_pack("{s:s,s:s,s:I}", "login", c->login, "avatarUrl", avatar,
				   "databaseId", (json_int_t)c->user_id);
	}
	(void)s;
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:b,s:o}", "databaseId", (json_int_t)c->id, "body",
			      c->body, "createdAt", cr, "updatedAt", ed, "isMinimized",
			      c->minimized != NULL, "author", author);
	json_object_set_new(o, "lastEditedAt", c->updated > c->created ? json_string(ed)
								       : json_null());
	json_object_set_new(o, "minimizedReason",
			    c->minimized ? json_string(c->minimized) : json_null());
	/* asked for only by the queries that name it, as GitHub answers */
	if (with_reactions)
		json_object_set_new(o, "reactionGroups", gql_reactions(c->reactions));
	return o;
}

/* A connection page over items [0, n) after cursor "c:K". */
static void window_of(const char *after, size_t n, size_t per, size_t *from, size_t *to)
{
	*from = after && strncmp(after, "c:", 2) == 0 ? (size_t)atol(after + 2) : 0;
	if (*from > n)
		*from = n;
	*to = *from + per < n ? *from + per : n;
}

static json_t *page_info(size_t to, size_t n)
{
	char cur[32];
	snprintf(cur, sizeof cur, "c:%zu", to);
	return json_pack("{s:b,s:s}", "hasNextPage", to < n, "endCursor", cur);
}

/* The top-level comments of a discussion (with their replies) from after. */
static json_t *discussion_comments(struct standin *s, const struct si_thread *t,
				   const char *after, size_t per, bool with_reactions)
{
	size_t top = 0;
	for (size_t i = 0; i < t->n; i++)
		top += t->c[i].parent == 0;
	const struct si_comment **tops = xcalloc(top + 1, sizeof *tops);
	for (size_t i = 0, k = 0; i < t->n; i++)
		if (t->c[i].parent == 0)
			tops[k++] = &t->c[i];
	size_t from, to;
	window_of(after, top, per, &from, &to);
	json_t *nodes = json_array();
	for (size_t i = from; i < to; i++) {
		json_t *o = gql_comment(s, tops[i], with_reactions);
		json_t *replies = json_array();
		for (size_t j = 0; j < t->n; j++)
			if (t->c[j].parent == tops[i]->id)
				json_array_append_new(replies, gql_comment(s, &t->c[j], with_reactions));
		json_object_set_new(o, "replies", json_pack("{s:o}", "nodes", replies));
		json_array_append_new(nodes, o);
	}
	free(tops);
	return json_pack("{s:o,s:o}", "nodes", nodes, "pageInfo", page_info(to, top));
}

static json_t *graphql_answer(struct standin *s, const char *q, json_t *vars)
{
	struct si_threads *th = threads(s);
	size_t per = (size_t)th->max_per_page;
	bool reactions = strstr(q, "reactionGroups") != NULL;
	const char *after = json_string_value(json_object_get(vars, "after"));
	if (strstr(q, "discussionCategories")) {
		json_t *nodes = json_array();
		for (size_t i = 0; i < th->n_categories; i++)
			json_array_append_new(nodes, json_pack("{s:s,s:s,s:s}", "id",
							       th->categories[i][0], "name",
							       th->categories[i][1], "slug",
							       th->categories[i][2]));
		return json_pack("{s:{s:{s:o}}}", "repository", "discussionCategories", "nodes",
				 nodes);
	}
	if (strstr(q, "discussions(")) {
		const char *cat = json_string_value(json_object_get(vars, "category"));
		size_t n = 0;
		struct si_thread **list = xcalloc(th->n + 1, sizeof *list);
		for (size_t i = 0; i < th->n; i++)
			if (th->t[i].discussion && cat && strcmp(th->t[i].category, cat) == 0)
				list[n++] = &th->t[i];
		size_t from, to;
		window_of(after, n, per < 25 ? per : 25, &from, &to);
		json_t *nodes = json_array();
		for (size_t i = from; i < to; i++) {
			json_t *d = json_pack("{s:i,s:s,s:s,s:o}", "number", list[i]->number,
					      "title", list[i]->title, "body", list[i]->body,
					      "comments",
					      discussion_comments(s, list[i], NULL, per, reactions));
			if (reactions)
				json_object_set_new(d, "reactionGroups",
						    gql_reactions(list[i]->reactions));
			json_array_append_new(nodes, d);
		}
		free(list);
		return json_pack("{s:{s:{s:o,s:o}}}", "repository", "discussions", "nodes", nodes,
				 "pageInfo", page_info(to, n));
	}
	int number = (int)json_integer_value(json_object_get(vars, "number"));
	if (strstr(q, "discussion(number")) {
		struct si_thread *t = thread_find(th, number, true);
		return json_pack("{s:{s:o}}", "repository", "discussion",
				 t ? json_pack("{s:o}", "comments",
					       discussion_comments(s, t, after, per,
								   reactions))
				   : json_null());
	}
	if (strstr(q, "issue(number")) {
		struct si_thread *t = thread_find(th, number, false);
		if (!t)
			return json_pack("{s:{s:n}}", "repository", "issue");
		size_t from, to;
		window_of(after, t->n, per, &from, &to);
		json_t *nodes = json_array();
		for (size_t i = from; i < to; i++)
			json_array_append_new(nodes, json_pack("{s:I,s:b,s:s?}", "databaseId",
							       (json_int_t)t->c[i].id,
							       "isMinimized", t->c[i].minimized != NULL,
							       "minimizedReason", t->c[i].minimized));
		return json_pack("{s:{s:{s:{s:o,s:o}}}}", "repository", "issue", "comments", "nodes",
				 nodes, "pageInfo", page_info(to, t->n));
	}
	return NULL;
}

int si_h_graphql(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "POST /graphql", SI_CHECK_TOKEN, &c) < 0)
		return 0;
	struct standin *s = c.s;
	size_t n = 0;
	const char *b = req_body(r, &n);
	json_t *j = b ? json_loadb(b, n, 0, NULL) : NULL;
	const char *q = json_string_value(json_object_get(j, "query"));
	pthread_mutex_lock(&s->mu);
	json_t *data = q ? graphql_answer(s, q, json_object_get(j, "variables")) : NULL;
	pthread_mutex_unlock(&s->mu);
	if (data)
		resp_json(rs, 200, json_pack("{s:o}", "data", data));
	else
		resp_json(rs, 200, json_pack("{s:[{s:s}]}", "errors", "message",
					     "the stand-in does not know this query"));
	json_decref(j);
	return si_end(r, rs, &c);
}
