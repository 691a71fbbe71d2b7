/* standin.h: a GitHub REST API stand-in on 127.0.0.1.
 *
 * It holds one repository in memory with real git object ids
 * (git_store.h) and answers the operations newsdesk uses with GitHub's
 * status codes, JSON shapes and messages: refs, branches, contents (base64
 * with a line break every 60 characters), trees, commits and pull
 * requests, 401 without the token, 403 without a User-Agent, 404 for
 * anything unknown, 422 for "Reference already exists", "A pull request
 * already exists for OWNER:BRANCH." and "No commits between …", and
 * `head=` filters that are silently ignored without the OWNER: prefix.
 *
 * Tests drive it from the same process: seed commits, play a human who
 * pushes or merges, inject faults, and read the log of every request
 * (operation key as in ../shared/github-api/operations.json, and body).
 * `make demo` runs it as its own process (standin_main.c).
 */
#ifndef NEWSDESK_TEST_STANDIN_H
#define NEWSDESK_TEST_STANDIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct standin;

struct standin_opts {
	const char *owner, *repo;   /* "rust-osdev", "homepage" */
	const char *token;          /* the only token accepted */
	uint16_t port;              /* 0 = any free port */
	unsigned stall_ms;          /* how long a FAULT_*STALL holds the answer */
	/* When set, pushes and merges are announced to this URL as signed
	 * GitHub webhooks (push / pull_request), like a repository hook. */
	const char *webhook_url;
	const char *webhook_secret;
};

enum standin_fault {
	FAULT_NONE,
	FAULT_500,          /* 500 before doing anything */
	FAULT_502_AFTER,    /* does the work, then answers 502 */
	FAULT_STALL,        /* holds the answer past the client's timeout */
	FAULT_STALL_AFTER,  /* does the work, then holds the answer */
	FAULT_DROP,         /* closes the connection without an answer */
	FAULT_DROP_AFTER,   /* does the work, then closes the connection */
	FAULT_RATE_LIMIT,   /* 403 with x-ratelimit-remaining: 0 and a reset */
	FAULT_SECONDARY,    /* 429 with retry-after: 1 */
	FAULT_401,          /* 401 Bad credentials (a token revoked mid-run) */
	FAULT__COUNT
};

struct standin_request {
	char op[96];        /* "POST /repos/{owner}/{repo}/pulls" */
	char method[8];
	char *path;         /* as sent, with the query */
	char *body;         /* NULL when none */
	int status;         /* 0 when the connection was dropped */
};

struct standin *standin_start(const struct standin_opts *o, struct buf *err);
uint16_t standin_port(const struct standin *s);
void standin_stop(struct standin *s);

/* While on, every API call is accepted and left unanswered (for at most
 * two minutes), as a GitHub that hangs. */
void standin_hang(struct standin *s, bool on);
/* Every API call answers ms late (0: at once), as a slow GitHub. */
void standin_delay(struct standin *s, unsigned ms);

/* Points the repository webhook somewhere (NULL url: none). */
void standin_set_webhook(struct standin *s, const char *url, const char *secret);

/* Commits files on branch (created from nothing when missing) as a human
 * would; content NULL deletes.  Announced by webhook when configured. */
void standin_commit(struct standin *s, const char *branch, const char *message,
		    const char *path, const char *content);
/* The file on a branch's head, malloc'd; NULL when missing. */
char *standin_file(struct standin *s, const char *branch, const char *path);
/* The commit a branch points at, or false. */
bool standin_branch_head(struct standin *s, const char *branch, char sha[41]);

/* The next `nth` matching request (1 = the next one) to op meets fault. */
void standin_fault(struct standin *s, const char *op, int nth,
		   enum standin_fault fault);
void standin_clear_faults(struct standin *s);
const char *standin_fault_name(enum standin_fault f);

/* Pull requests whose head is branch (any state). */
size_t standin_pull_count(struct standin *s, const char *branch);
size_t standin_pulls_total(struct standin *s);
/* Merges like the green button: 0 done; -1 with GitHub's message when the
 * pull request is closed or conflicts with its base. */
int standin_merge(struct standin *s, int number, struct buf *err);
/* Closes without merging. */
int standin_close(struct standin *s, int number);

/* The request log. */
size_t standin_request_count(struct standin *s);
/* Copies entry i (free with standin_request_free); -1 when out of range. */
int standin_request_get(struct standin *s, size_t i, struct standin_request *out);
void standin_request_free(struct standin_request *r);
void standin_log_clear(struct standin *s);
/* Called (without the lock) after each request was answered. */
void standin_on_request(struct standin *s,
			void (*fn)(const struct standin_request *r, void *arg),
			void *arg);

/* Threads as utterances and giscus leave them (standin_threads.c): issues
 * (REST, paginated with Link headers) and Discussions (GraphQL).  A page
 * holds at most max_per_page items whatever per_page asks. */
void standin_max_per_page(struct standin *s, int n);
/* A new issue (its number); label may be NULL. */
int standin_issue(struct standin *s, const char *title, const char *body, bool pull_request,
		  const char *label);
void standin_discussion_category(struct standin *s, const char *id, const char *name,
				 const char *slug);
int standin_discussion(struct standin *s, const char *category_id, const char *title,
		       const char *body);
/* A comment (its id) on issue or discussion `number`; parent: the
 * discussion comment it replies to (0: none); login NULL: a deleted
 * account; minimized: the reason a moderator hid it, or NULL. */
int64_t standin_thread_comment(struct standin *s, int number, bool discussion, int64_t parent,
			       const char *login, int64_t user_id, const char *body,
			       int64_t created, int64_t updated, const char *minimized);

/* GitHub's reactions of issue or discussion `number` (comment 0) or of
 * one of its comments: counts in GitHub's order, +1 -1 laugh hooray
 * confused heart rocket eyes.  REST carries them as each issue's and
 * comment's "reactions" rollup, GraphQL as reactionGroups when asked. */
#define STANDIN_REACTIONS 8
void standin_reactions(struct standin *s, int number, bool discussion, int64_t comment,
		       const int64_t counts[STANDIN_REACTIONS]);

/* The organisation (the owner) and its other repositories
 * (standin_org.c): GET /orgs/{org}/repos lists them with the home one; GET
 * /repos/{owner}/{name}/pulls answers their pull requests, sorted as
 * asked, paginated with Link headers.  refused: every call about the
 * repository answers 403 "Resource not accessible by integration". */
void standin_org_repo(struct standin *s, const char *name, bool refused);
/* A pull request of repository name; times "YYYY-MM-DDTHH:MM:SSZ", merged
 * NULL when not merged, closed NULL when open. */
void standin_org_pull(struct standin *s, const char *name, int number, const char *title,
		      const char *login, const char *created, const char *updated,
		      const char *closed, const char *merged);

/* The posts and the organisation of the real May 2026 issue, from the
 * fixtures in dir (tests/fixtures/harvest): 0, or -1 (said on stderr). */
int standin_org_demo(struct standin *s, const char *dir);

/* GitHub accounts (standin_identity.c).  OAuth: the App's client id and
 * secret; accounts; the one signed in at GitHub in "the browser" (it
 * approves at once, as for an app authorized before; NULL: nobody, which
 * answers access_denied like a click on Cancel). */
void standin_oauth_app(struct standin *s, const char *client_id, const char *client_secret);
void standin_add_user(struct standin *s, const char *login, int64_t id);
void standin_browser_user(struct standin *s, const char *login);
void standin_deny_authorization(struct standin *s, bool deny);
/* How long an authorization code lives (GitHub: ten minutes). */
void standin_code_lifetime(struct standin *s, int seconds);
/* team NULL: the organisation itself. */
void standin_set_member(struct standin *s, const char *org, const char *team, const char *login,
			bool member);
/* The user revokes the OAuth App: their tokens answer 401. */
void standin_revoke_user_tokens(struct standin *s, const char *login);
/* A GitHub App installed with this public key; installation tokens live
 * token_ttl_s seconds. */
int standin_github_app(struct standin *s, int64_t app_id, const char *public_pem,
		       int64_t installation_id, int token_ttl_s, struct buf *err);
void standin_revoke_installation_tokens(struct standin *s);
unsigned standin_installation_tokens_issued(struct standin *s);

#endif
