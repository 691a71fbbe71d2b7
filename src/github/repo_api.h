/* repo_api.h: the GitHub operations the pull-request workflow uses, typed.
 *
 * Each call fills r (the caller keeps one zeroed struct gh_response and
 * frees it once at the end: every call releases what r held before) and
 * returns 0 on success, -1 otherwise; r->kind then says what GitHub
 * meant (client.h: GH_EXISTS, GH_NOT_FOUND, …; gh_retryable() whether to
 * retry).  A 2xx answer without the expected fields is turned into
 * GH_MALFORMED, final, so nothing downstream reads a half-understood answer.
 * Each addresses the client's repository (gh_client_set_repo).
 */
#ifndef NEWSDESK_GH_REPO_API_H
#define NEWSDESK_GH_REPO_API_H

#include <stdbool.h>
#include <stdint.h>

#include "github/client.h"

#define GH_SHA_HEX 41

struct gh_pull {
	int64_t number;
	char html_url[512];
	bool open, merged;
	char head_ref[256];
	char head_sha[GH_SHA_HEX];
	char base_sha[GH_SHA_HEX];
};

int gh_get_branch(struct gh_client *c, const char *branch,
		  char head[GH_SHA_HEX], char tree[GH_SHA_HEX], struct gh_response *r);
/* The file's bytes at ref (a branch or commit); r->kind GH_NOT_FOUND when absent. */
int gh_get_file(struct gh_client *c, const char *path,
		const char *ref, struct buf *content, struct gh_response *r);
/* The newest "YYYY-MM" folder under dir at ref; 0 with month "" when none. */
/* The YYYY-MM folders of dir at ref, newest first, at most cap. */
int gh_list_months(struct gh_client *c, const char *dir, const char *ref,
		   char (*months)[8], size_t cap, size_t *n, struct gh_response *r);
int gh_newest_month(struct gh_client *c, const char *dir,
		    const char *ref, char month[8], struct gh_response *r);
/* A tree that is base_tree with path set to content (one file). */
int gh_create_tree(struct gh_client *c, const char *base_tree, const char *path,
		   const struct buf *content, char out[GH_SHA_HEX], struct gh_response *r);
/* A commit with one parent; author_date "YYYY-MM-DDTHH:MM:SSZ" or NULL. */
struct gh_commit_new {
	const char *message, *tree, *parent;
	const char *author_name, *author_email;
	const char *author_date;   /* NULL: now */
};
int gh_create_commit(struct gh_client *c, const struct gh_commit_new *n,
		     char out[GH_SHA_HEX], struct gh_response *r);
/* Branch refs ("newsdesk/2024-01/sub-7", without "refs/heads/"). */
int gh_get_branch_ref(struct gh_client *c, const char *branch,
		      char sha[GH_SHA_HEX], struct gh_response *r);
int gh_create_branch_ref(struct gh_client *c, const char *branch,
			 const char *sha, struct gh_response *r);
int gh_move_branch_ref(struct gh_client *c, const char *branch,
		       const char *sha, bool force, struct gh_response *r);
/* Our pull request from branch (any state): 1 found, 0 none, -1 failed. */
int gh_find_pull(struct gh_client *c, const char *branch,
		 struct gh_pull *p, struct gh_response *r);
/* A pull request from head into base. */
struct gh_pull_new {
	const char *title, *head, *base, *body;
};
int gh_create_pull(struct gh_client *c, const struct gh_pull_new *n, struct gh_pull *p,
		   struct gh_response *r);
/* New title, body or state ("open"/"closed"); NULL leaves one as it is. */
struct gh_pull_edit {
	const char *title, *body, *state;
};
int gh_update_pull(struct gh_client *c, int64_t number, const struct gh_pull_edit *e,
		   struct gh_pull *p, struct gh_response *r);
int gh_get_pull(struct gh_client *c, int64_t number,
		struct gh_pull *p, struct gh_response *r);

#endif
