/* standin_org.c: the organisation's other repositories and their pull
 * requests, for the harvest (standin.h: standin_org_repo, standin_org_pull). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "standin/standin_internal.h"
#include "util/file.h"
#include "util/xalloc.h"

struct org_pull {
	int number;
	char *title, *login, *created, *updated, *closed, *merged;
};

struct org_repo {
	char *name;
	bool refused;
	struct org_pull *pulls;
	size_t n_pulls;
};

struct si_org {
	struct org_repo *repos;
	size_t n;
};

static struct si_org *org(struct standin *s)
{
	if (!s->org)
		s->org = xcalloc(1, sizeof *s->org);
	return s->org;
}

void si_org_free(struct si_org *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		struct org_repo *r = &o->repos[i];
		for (size_t j = 0; j < r->n_pulls; j++) {
			struct org_pull *p = &r->pulls[j];
			free(p->title);
			free(p->login);
			free(p->created);
			free(p->updated);
			free(p->closed);
			free(p->merged);
		}
		free(r->pulls);
		free(r->name);
	}
	free(o->repos);
	free(o);
}

static struct org_repo *repo_find(struct si_org *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcasecmp(o->repos[i].name, name) == 0)
			return &o->repos[i];
	return NULL;
}

void standin_org_repo(struct standin *s, const char *name, bool refused)
{
	pthread_mutex_lock(&s->mu);
	struct si_org *o = org(s);
	struct org_repo *r = repo_find(o, name);
	if (!r) {
		o->repos = xrealloc(o->repos, (o->n + 1) * sizeof *o->repos);
		r = &o->repos[o->n++];
		memset(r, 0, sizeof *r);
		r->name = xstrdup(name);
	}
	r->refused = refused;
	pthread_mutex_unlock(&s->mu);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void standin_org_pull(struct standin *s, const char *name, int number, const char *title,
		      const char *login, const char *created, const char *updated,
		      const char *closed, const char *merged)
{
	standin_org_repo(s, name, false);
	pthread_mutex_lock(&s->mu);
	struct org_repo *r = repo_find(org(s), name);
	r->pulls = xrealloc(r->pulls, (r->n_pulls + 1) * sizeof *r->pulls);
	struct org_pull *p = &r->pulls[r->n_pulls++];
	p->number = number;
	p->title = xstrdup(title);
	p->login = xstrdup(login);
	p->created = xstrdup(created);
	p->updated = xstrdup(updated);
	p->closed = dup_or_null(closed);
	p->merged = dup_or_null(merged);
	pthread_mutex_unlock(&s->mu);
}

static json_t *repo_json(struct standin *s, const char *name)
{
	char full[256], url[320];
	snprintf(full, sizeof full, "%s/%s", s->owner, name);
	snprintf(url, sizeof url, "https://github.com/%s", full);
	return json_pack("{s:s,s:s,s:b,s:b,s:s}", "name", name, "full_name", full, "private", 0,
			 "archived", 0, "html_url", url);
}

int si_h_org_repos(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "GET /orgs/{org}/repos", SI_CHECK_TOKEN, &c) < 0)
		return 0;
	struct standin *s = c.s;
	if (strcasecmp(req_param(r, 0), s->owner) != 0) {
		si_error(rs, 404, "Not Found");
		return si_end(r, rs, &c);
	}
	pthread_mutex_lock(&s->mu);
	struct si_org *o = org(s);
	json_t *all = json_array();
	json_array_append_new(all, repo_json(s, s->repo));
	for (size_t i = 0; i < o->n; i++)
		json_array_append_new(all, repo_json(s, o->repos[i].name));
	pthread_mutex_unlock(&s->mu);
	size_t from, to;
	si_paginate(s, r, rs, json_array_size(all), &from, &to);
	json_t *page = json_array();
	for (size_t i = from; i < to; i++)
		json_array_append(page, json_array_get(all, i));
	json_decref(all);
	resp_json(rs, 200, page);
	return si_end(r, rs, &c);
}

static const char *sort_key(const struct org_pull *p, const char *sort)
{
	return sort && strcmp(sort, "updated") == 0 ? p->updated : p->created;
}

static const char *g_sort;
static int g_desc;

static int cmp_pull(const void *a, const void *b)
{
	const struct org_pull *x = *(const struct org_pull *const *)a;
	const struct org_pull *y = *(const struct org_pull *const *)b;
	int c = strcmp(sort_key(x, g_sort), sort_key(y, g_sort));
	if (!c)
		c = x->number < y->number ? -1 : x->number > y->number;
	return g_desc ? -c : c;
}

static json_t *pull_json(struct standin *s, const char *repo, const struct org_pull *p)
{
	char url[512];
	snprintf(url, sizeof url, "https://github.com/%s/%s/pull/%d", s->owner, repo, p->number);
	json_t *v = json_pack("{s:i,s:s,s:s,s:s,s:{s:s,s:s},s:s,s:s,s:b}", "number", p->number,
			      "title", p->title, "html_url", url, "state", p->closed ? "closed" : "open",
			      "user", "login", p->login, "type",
			      strstr(p->login, "[bot]") ? "Bot" : "User", "created_at", p->created,
			      "updated_at", p->updated, "draft", 0);
	json_object_set_new(v, "closed_at", p->closed ? json_string(p->closed) : json_null());
	json_object_set_new(v, "merged_at", p->merged ? json_string(p->merged) : json_null());
	return v;
}

int si_org_pulls(struct standin *s, struct req *r, struct resp *rs, const char *name)
{
	pthread_mutex_lock(&s->mu);
	struct org_repo *repo = s->org ? repo_find(s->org, name) : NULL;
	if (!repo) {
		pthread_mutex_unlock(&s->mu);
		return 0;
	}
	if (repo->refused) {
		pthread_mutex_unlock(&s->mu);
		si_error(rs, 403, "Resource not accessible by integration");
		return 1;
	}
	const char *state = req_query(r, "state");
	if (!state)
		state = "open";
	const char *dir = req_query(r, "direction");
	/* GitHub: desc by default, asc only when asked */
	g_sort = req_query(r, "sort");
	g_desc = !(dir && strcmp(dir, "asc") == 0);
	const struct org_pull **sel = xcalloc(repo->n_pulls + 1, sizeof *sel);
	size_t n = 0;
	for (size_t i = 0; i < repo->n_pulls; i++) {
		const struct org_pull *p = &repo->pulls[i];
		if ((strcmp(state, "open") == 0 && p->closed) ||
		    (strcmp(state, "closed") == 0 && !p->closed))
			continue;
		sel[n++] = p;
	}
	qsort(sel, n, sizeof *sel, cmp_pull);
	size_t from, to;
	si_paginate(s, r, rs, n, &from, &to);
	json_t *out = json_array();
	for (size_t i = from; i < to; i++)
		json_array_append_new(out, pull_json(s, repo->name, sel[i]));
	free(sel);
	pthread_mutex_unlock(&s->mu);
	resp_json(rs, 200, out);
	return 1;
}

/* The organisation of the real May 2026 issue (tests/fixtures/harvest/:
 * its `rust-osdev` Projects section), for tests/http/harvest.c and the
 * browser walk-through: the pull requests the issue lists, as merged that
 * month by their authors (invented where the issue does not say: the
 * maintainers a block names, bots for the dependency bumps), with noise
 * around them — merged the month before and after, closed without merging,
 * still open, by bots, an empty repository and one refused with 403. */
/* The May 2026 draft as first committed already had its date; here it is
 * still a draft (0000-01-01), as the month's harvest would find it. */
static int commit_issue(struct standin *s, const char *dir, const char *month)
{
	char name[32], path[64];
	snprintf(name, sizeof name, "%s.md", month);
	snprintf(path, sizeof path, "content/this-month/%s/index.md", month);
	char file[512];
	snprintf(file, sizeof file, "%s/%s", dir, name);
	struct buf t = BUF_INIT, err = BUF_INIT;
	if (file_read(file, 1 << 20, &t, &err) < 0) {
		fprintf(stderr, "standin: %s\n", err.p);
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	char *text = buf_detach(&t, NULL);
	char *date = strstr(text, "\ndate = 2026-06-05\n");
	if (date)
		memcpy(date, "\ndate = 0000-01-01\n", 18);
	standin_commit(s, "next", month, path, text);
	free(text);
	return 0;
}

/* One merged pull request of the issue, by login, merged `at` minutes after
 * 2026-05-02T00:00Z (so the issue's order is the merge order). */
static void merged(struct standin *s, const char *repo, int number, const char *title,
		   const char *login, int at)
{
	char when[32];
	snprintf(when, sizeof when, "2026-05-%02dT%02d:%02d:00Z", 2 + at / 60 / 24 % 27,
		 at / 60 % 24, at % 60);
	standin_org_pull(s, repo, number, title, login, "2026-04-20T10:00:00Z", when, when,
			 when);
}

int standin_org_demo(struct standin *s, const char *dir)
{
	if (commit_issue(s, dir, "2025-08") < 0 || commit_issue(s, dir, "2026-01") < 0 ||
	    commit_issue(s, dir, "2026-05") < 0)
		return -1;
	/* acpi, in the issue's order */
	static const struct { int n; const char *title; } acpi[] = {
		{ 293, "Use `contribute_arg` to handle `NoCurrentOp` at the top-level" },
		{ 295, "Logical not only requires one arg" },
		{ 296, "Move method context to `do_execute_method`" },
		{ 288, "Get referenced-package size - unwrap reference in `do_size_of`" },
		{ 286, "Allow BufferField -> Integer conversion" },
		{ 303, "Compare strings and buffers like uACPI" },
		{ 299, "Update uACPI example tests since some now work" },
		{ 298, "Directly test a stream of opcodes" },
		{ 304, "Fix regression in implicit casting from integer -> string" },
	};
	for (size_t i = 0; i < sizeof acpi / sizeof *acpi; i++)
		merged(s, "acpi", acpi[i].n, acpi[i].title, i == 6 ? "IsaacWoods" : "martin-hughes",
		       (int)i * 300);
	/* noise: merged the month before (updated in May), the month after,
	 * closed unmerged, still open, and one last touched in April that
	 * ends the walk */
	standin_org_pull(s, "acpi", 284, "Merged in April, commented in May", "martin-hughes",
			 "2026-04-01T10:00:00Z", "2026-05-20T10:00:00Z", "2026-04-30T23:59:59Z",
			 "2026-04-30T23:59:59Z");
	standin_org_pull(s, "acpi", 305, "Merged in June", "martin-hughes",
			 "2026-05-30T10:00:00Z", "2026-06-01T00:00:05Z", "2026-06-01T00:00:00Z",
			 "2026-06-01T00:00:00Z");
	standin_org_pull(s, "acpi", 300, "Closed without merging", "someone-else",
			 "2026-05-03T10:00:00Z", "2026-05-12T10:00:00Z", "2026-05-12T10:00:00Z",
			 NULL);
	standin_org_pull(s, "acpi", 306, "Still open", "someone-else", "2026-05-20T10:00:00Z",
			 "2026-05-21T10:00:00Z", NULL, NULL);
	standin_org_pull(s, "acpi", 270, "Old and done", "martin-hughes",
			 "2026-03-01T10:00:00Z", "2026-04-02T10:00:00Z", "2026-04-02T10:00:00Z",
			 "2026-04-02T10:00:00Z");
	standin_org_pull(s, "acpi", 269, "Merged in May but only updated earlier: never seen",
			 "martin-hughes", "2026-03-01T10:00:00Z", "2026-04-01T10:00:00Z",
			 "2026-04-01T10:00:00Z", "2026-04-01T10:00:00Z");

	static const struct { int n; const char *title, *login; } uefi[] = {
		{ 1939, "Fix connect_controller to take a list for `driver_image`.", "seijikun" },
		{ 1940, "chore(deps): update crate-ci/typos action to v1.46.0", "renovate[bot]" },
		{ 1941, "chore(deps): lock file maintenance", "renovate[bot]" },
		{ 1942, "AtaPassThru: Make AtaStatusBlock and AtaCommandBlock derive Clone", "seijikun" },
		{ 1944, "chore(deps): update crate-ci/typos action to v1.46.1", "renovate[bot]" },
		{ 1946, "chore(deps): lock file maintenance", "renovate[bot]" },
		{ 1948, "chore(deps): update crate-ci/typos action to v1.46.2", "renovate[bot]" },
		{ 1952, "ci: fix broken uefi-macros test", "phip1611" },
		{ 1953, "various updates (nothing major or critical) + bump MSRV from 1.88 to 1.91",
		  "phip1611" },
		{ 1954, "uefi: move runtime module to directory", "nicholasbishop" },
	};
	for (size_t i = 0; i < sizeof uefi / sizeof *uefi; i++)
		merged(s, "uefi-rs", uefi[i].n, uefi[i].title, uefi[i].login, 100 + (int)i * 200);
	standin_org_pull(s, "uefi-rs", 1955, "chore(deps): lock file maintenance",
			 "renovate[bot]", "2026-06-01T01:00:00Z", "2026-06-01T02:00:00Z",
			 "2026-06-01T02:00:00Z", "2026-06-01T02:00:00Z");
	merged(s, "x86_64", 589, "implement DoubleEndedIterator for ranges + implement more iterator "
			      "methods", "Freax13", 5000);
	standin_org_pull(s, "x86_64", 590, "Bump actions/checkout", "dependabot[bot]",
			 "2026-05-20T10:00:00Z", "2026-05-29T10:00:00Z", "2026-05-29T10:00:00Z",
			 NULL);
	standin_org_repo(s, "empty-repo", false);
	standin_org_repo(s, "secret-repo", true);
	/* every list takes more than one page */
	standin_max_per_page(s, 4);
	return 0;
}

