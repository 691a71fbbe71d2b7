/* import_internal.h: what the GitHub importers share (import_run.c). */
#ifndef NEWSDESK_IMPORT_INTERNAL_H
#define NEWSDESK_IMPORT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "github/client.h"
#include "store/store.h"
#include "features/comments/page_path.h"

enum page_term { TERM_URL, TERM_PATHNAME, TERM_TITLE };

struct importer {
	struct store *store;       /* NULL on a dry run */
	struct gh_client gh;
	const char *source;        /* "utterances" | "giscus" */
	const char *owner, *name;  /* the repository */
	enum page_term term;
	const char *site;          /* "https://rust-osdev.com" or NULL */
	bool dry_run;
	unsigned pages_read, threads, threads_skipped;
	unsigned imported, already, hidden, refused;
	unsigned long reactions;   /* GitHub's reactions whose counts came along */
};

/* GET or POST through the client, waiting out rate limits and retrying
 * transient failures a few times.  0 with r filled (release it), or -1
 * after printing why. */
int import_request(struct importer *im, const char *method, const char *path, json_t *body,
		   struct gh_response *r);
/* GETs path and every page its Link header names after it, calling fn
 * with each page's JSON; stops at the first -1 (from fn or GitHub). */
int import_each_page(struct importer *im, const char *path,
		     int (*fn)(struct importer *im, json_t *page, void *arg), void *arg);
/* GraphQL about the importer's repository: $owner and $name are set; the
 * other variables are taken (the reference is released, so that they may
 * be packed in the call; NULL: none).  data into *data (a new reference),
 * -1 after printing why. */
int import_graphql(struct importer *im, const char *query, json_t *variables, json_t **data);
/* A GraphQL connection's pageInfo: 1 with endCursor in next when there is
 * a next page (and its cursor fits), else 0. */
#define IMPORT_CURSOR_MAX 256
int import_next_cursor(const json_t *page_info, char next[IMPORT_CURSOR_MAX]);
/* Every page of a GraphQL connection, as import_each_page for REST: query
 * asked with vars (taken; NULL: none) and $after, first after (NULL: from
 * the start), then each page's endCursor.  The connection is at path in
 * data (keys, NULL-terminated); fn is called with each page's nodes, and
 * the first -1 (from fn or GitHub) stops. */
int import_graphql_each(struct importer *im, const char *query, json_t *vars, const char *after,
			const char *const path[],
			int (*fn)(struct importer *im, json_t *nodes, void *arg), void *arg);

/* Does the body have the shape utterances and giscus give a thread? */
bool import_thread_shaped(const char *body);

/* One GitHub comment. */
struct import_comment {
	const char *key;           /* "issuecomment-N" / "discussioncomment-N" */
	const char *login;         /* NULL: a deleted account ("ghost") */
	int64_t user_id;
	const char *avatar_url;
	const char *body;
	const char *created_at, *updated_at;  /* ISO 8601 from GitHub */
	bool minimized;
	const char *minimized_reason;
	int64_t parent;            /* newsdesk id of the comment replied to, 0 */
};
/* Where a comment's fields stand in GitHub's answers: REST and GraphQL
 * name them differently (import_rest_comment, import_graphql_comment). */
struct import_shape {
	const char *author, *author_id, *avatar_url, *created_at, *updated_at;
};
extern const struct import_shape import_rest_comment, import_graphql_comment;
/* c's login, ids, body and times read from the comment's JSON j as shape
 * names them; the rest (key, minimized, parent) is the caller's. */
void import_comment_read(struct import_comment *c, const json_t *j,
			 const struct import_shape *shape);

/* A thread found (what: "#12", "discussion #12"): its page key from the
 * title and body (utterances and giscus write "[URL](URL)" as the body's
 * last line), counted; or, when skip or the page says so, left out (printed
 * and counted).  0 with page, or -1 left out. */
int import_thread_page(struct importer *im, const char *what, const char *title,
		       const char *body, const char *skip, char page[PAGE_PATH_MAX + 1]);

/* Renders and stores it (or counts it, on a dry run): 0 with *id (0 on a
 * dry run), -1 when it cannot be imported (printed and counted). */
int import_comment(struct importer *im, const char *page, const struct import_comment *c,
		   int64_t *id);

/* GitHub's reaction counts of a thread (comment 0) or of an imported
 * comment: REST's rollup ({"+1":N,…}) or, graphql, a reactionGroups list.
 * Stored in place of what an earlier run brought (counted on a dry run):
 * 0, or -2 after printing why the store failed. */
int import_reactions(struct importer *im, const char *page, int64_t comment, const json_t *j,
		     bool graphql);

int import_utterances(struct importer *im, const char *label);
/* An export held to what requests are held to (import_check.c): each
 * comment's fields checked as a posted comment's are and its HTML rendered
 * anew from its Markdown (body_html and body_hash replaced in doc), logins
 * and URLs of comments, submissions and users checked.  0, or -1 with the
 * record named in err. */
int import_json_check(const struct config *cfg, json_t *doc, struct buf *err);
/* `newsdesk import json FILE` (export_json.c): exit code. */
int import_json(const struct config *cfg, const char *path);
int import_giscus(struct importer *im, const char *category);

#endif
