/* standin_internal.h: the stand-in's state, shared by its files. */
#ifndef NEWSDESK_TEST_STANDIN_INTERNAL_H
#define NEWSDESK_TEST_STANDIN_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>

#include "http/route.h"
#include "http/server.h"
#include "standin/git_store.h"
#include "standin/standin.h"

struct si_ref {
	char *name;                 /* "refs/heads/next" */
	char sha[GIT_SHA_HEX];
};

struct si_pull {
	int number;
	char *title, *body, *head, *base;
	bool open, merged;
	char head_sha_closed[GIT_SHA_HEX];  /* the head when it was closed */
	char merge_sha[GIT_SHA_HEX];
	int64_t created, closed;
};

struct si_fault {
	char op[96];
	int countdown;
	enum standin_fault fault;
};

struct standin {
	struct standin_opts o;
	char *owner, *repo, *token, *webhook_url, *webhook_secret;
	struct http_server *http;
	uint16_t port;
	char api[64];               /* "http://127.0.0.1:PORT" */
	pthread_mutex_t mu;
	struct git_store g;
	struct si_ref *refs;
	size_t n_refs, cap_refs;
	struct si_pull *pulls;
	size_t n_pulls, cap_pulls;
	int next_number;
	struct si_fault *faults;
	size_t n_faults, cap_faults;
	struct standin_request *log;
	size_t n_log, cap_log;
	void (*hook)(const struct standin_request *r, void *arg);
	void *hook_arg;
	_Atomic bool hang;          /* API calls wait, unanswered, while set */
	_Atomic unsigned delay_ms;  /* every API call answers this late */
	struct si_identity *id;     /* accounts, OAuth and the App (standin_identity.c) */
	struct si_threads *threads; /* issues and discussions (standin_threads.c) */
	struct si_org *org;         /* the organisation's other repositories (standin_org.c) */
	json_t *ops;                /* each operation's schema (standin_schema.c) */
};

/* One API call in flight: what was logged and which fault it carries. */
struct si_call {
	struct standin *s;
	size_t log_index;
	enum standin_fault fault;
};

extern const struct route standin_routes[];
extern const size_t standin_routes_count;

/* standin.c: the plumbing every API handler goes through.  begin checks
 * the repository, User-Agent, token and API version, logs the call and
 * applies a fault that strikes before the work; it returns -1 when rs is
 * already the answer.  end applies a fault that strikes after the work. */
int si_begin(struct req *r, struct resp *rs, const char *op, struct si_call *c);
/* The same with only some checks (the token; the {owner}/{repo} params). */
#define SI_CHECK_TOKEN 1u
#define SI_CHECK_REPO 2u
int si_begin_ex(struct req *r, struct resp *rs, const char *op, unsigned checks,
		struct si_call *c);
int si_end(struct req *r, struct resp *rs, struct si_call *c);
void si_error(struct resp *rs, int status, const char *message);
#define DOCS_URL "https://docs.github.com/rest"
/* The operations' schemas, or NULL with why in err. */
json_t *si_schema_load(struct buf *err);
/* 0 when the request fits its operation's schema; -1 with GitHub's
 * answer (422 naming the property, 400 for a body that is not JSON) in rs. */
int si_schema_check(struct standin *s, struct req *r, struct resp *rs, const char *op);
/* 422 "Validation Failed" with one errors[] entry. */
void si_invalid(struct resp *rs, const char *resource, const char *field,
		const char *code, const char *message);

/* Lookups and changes; callers hold s->mu. */
struct si_ref *si_ref_find(struct standin *s, const char *name);
void si_ref_set(struct standin *s, const char *name, const char *sha);
/* A branch name, "refs/heads/x" or a commit id → commit id. */
bool si_resolve(struct standin *s, const char *ref, char sha[GIT_SHA_HEX]);
struct si_pull *si_pull_find(struct standin *s, int number);
json_t *si_pull_json(struct standin *s, const struct si_pull *p);
json_t *si_commit_json(struct standin *s, const char *sha);
/* Would this open pull request merge cleanly into its base? */
bool si_pull_mergeable(struct standin *s, const struct si_pull *p);
bool si_pull_head(struct standin *s, const struct si_pull *p, char sha[GIT_SHA_HEX]);

/* Webhooks (standin_hooks.c); called without the lock. */
void si_hook_push(struct standin *s, const char *ref, const char *before,
		  const char *after);
void si_hook_pull(struct standin *s, json_t *pull, const char *action);

/* Accounts, OAuth and the GitHub App (standin_identity.c). */
struct si_identity;
void si_identity_free(struct si_identity *id);
/* "Bearer X" / "token X" where X is a live installation token. */
bool si_installation_token_ok(struct standin *s, const char *authorization);
struct si_threads;
void si_threads_free(struct si_threads *th);
int si_h_list_issues(struct req *r, struct resp *rs);
/* page/per_page of total items as GitHub reads them, the Link header set. */
void si_paginate(struct standin *s, struct req *r, struct resp *rs, size_t total,
		 size_t *from, size_t *to);
/* The organisation's repositories and their pull requests (standin_org.c). */
struct si_org;
void si_org_free(struct si_org *o);
int si_h_org_repos(struct req *r, struct resp *rs);
/* GET pulls of a repository other than the home one: 1 answered, 0 not ours. */
int si_org_pulls(struct standin *s, struct req *r, struct resp *rs, const char *repo);
int si_page_requests(struct req *r, struct resp *rs);
int si_page_add_issue(struct req *r, struct resp *rs);
int si_h_issue_comments(struct req *r, struct resp *rs);
int si_h_graphql(struct req *r, struct resp *rs);
int si_h_authorize(struct req *r, struct resp *rs);
int si_h_access_token(struct req *r, struct resp *rs);
int si_h_user(struct req *r, struct resp *rs);
int si_h_org_member(struct req *r, struct resp *rs);
int si_h_team_membership(struct req *r, struct resp *rs);
int si_h_installation_token(struct req *r, struct resp *rs);

/* Demo pages (standin_pages.c). */
int si_page_pull(struct req *r, struct resp *rs);
int si_page_merge(struct req *r, struct resp *rs);
int si_page_index(struct req *r, struct resp *rs);

#endif
