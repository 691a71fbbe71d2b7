/* collect.c: the month's merged pull requests from GitHub, and
 * `newsdesk harvest` (harvest.h). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "auth/tokens.h"
#include "core/cli_store.h"
#include "draft/draft.h"
#include "features/harvest/harvest.h"
#include "github/app_auth.h"
#include "github/client.h"
#include "github/repo_api.h"
#include "store/harvest.h"
#include "store/jobs.h"
#include "store/submissions.h"
#include "util/xalloc.h"

#define ATTEMPTS 5
#define LONGEST_WAIT_S 120   /* past this a rate limit is reported, not waited out */
#define MAX_REPOS 500
#define PREVIOUS_ISSUES 24

static void say(struct harvest_run *run, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct harvest_run *run, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&run->report, fmt, ap);
	va_end(ap);
	buf_addc(&run->report, '\n');
}

/* One request, retried while GitHub says it may work later (on the command
 * line; a job gives up and is retried by the queue, run->kind saying so). */
static int request(struct harvest_run *run, const char *path, struct gh_response *r)
{
	for (int attempt = 1;; attempt++) {
		if (gh_request(run->gh, "GET", path, NULL, r) == 0)
			return 0;
		long wait = r->retry_after ? r->retry_after : 1L << (attempt - 1);
		if (!gh_retryable(r->kind) || !run->may_wait || attempt == ATTEMPTS ||
		    wait > LONGEST_WAIT_S) {
			if (gh_retryable(r->kind)) {
				run->kind = r->kind;
				run->retry_after = r->retry_after;
			}
			return -1;
		}
		fprintf(stderr, "harvest: GitHub asks to wait (%s): retrying in %lds\n",
			r->message.p, wait);
		gh_response_free(r);
		sleep((unsigned)wait);
	}
}

static int64_t parse_time(const char *s)
{
	struct tm t = { 0 };
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &t))
		return -1;
	return (int64_t)timegm(&t);
}

static bool login_ok(const char *s)
{
	size_t n = s ? strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") : 0;
	return n > 0 && n <= 39 && (s[n] == '\0' || strcmp(s + n, "[bot]") == 0);
}

static bool url_ok(const char *s)
{
	return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) &&
	       !s[strcspn(s, " \t\r\n()<>\"'`[]\\")];
}

static bool listed(const struct strlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i], name) == 0)
			return true;
	return false;
}

static void add_repo(struct harvest *h, const struct config *cfg, const char *full,
		     const char *html_url, const char *web_url)
{
	if (listed(&cfg->harvest.exclude_repos, full) || h->n_repos >= MAX_REPOS)
		return;
	for (size_t i = 0; i < h->n_repos; i++)
		if (strcasecmp(h->repos[i].full_name, full) == 0)
			return;
	h->repos = xrealloc(h->repos, (h->n_repos + 1) * sizeof *h->repos);
	struct harvest_repo *r = &h->repos[h->n_repos++];
	memset(r, 0, sizeof *r);
	r->full_name = xstrdup(full);
	if (url_ok(html_url)) {
		r->html_url = xstrdup(html_url);
	} else {
		struct buf u = BUF_INIT;
		buf_addf(&u, "%s/%s", web_url, full);
		r->html_url = buf_detach(&u, NULL);
	}
}

/* The org's repositories, every page; -1 when GitHub refuses the list. */
static int list_repos(struct harvest_run *run, struct harvest *h, struct buf *err)
{
	const struct config *cfg = run->cfg;
	struct buf path = BUF_INIT;
	buf_addf(&path, "/orgs/%s/repos?type=all&per_page=100", cfg->harvest.org);
	char *next = buf_detach(&path, NULL);
	int rc = 0;
	while (next) {
		struct gh_response r = { 0 };
		if (request(run, next, &r) < 0) {
			buf_addf(err, "the repositories of %s: %s", cfg->harvest.org, r.message.p);
			gh_response_free(&r);
			rc = -1;
			break;
		}
		free(next);
		next = r.next ? xstrdup(r.next) : NULL;
		size_t i;
		json_t *v;
		json_array_foreach(r.json, i, v) {
			const char *full = json_string_value(json_object_get(v, "full_name"));
			if (full && !json_is_true(json_object_get(v, "archived")) && strchr(full, '/'))
				add_repo(h, cfg, full, json_string_value(json_object_get(v, "html_url")),
					 cfg->github.web_url);
		}
		gh_response_free(&r);
	}
	free(next);
	return rc;
}

static int by_merge(const void *a, const void *b)
{
	const struct harvest_pull *x = a, *y = b;
	if (x->merged_at != y->merged_at)
		return x->merged_at < y->merged_at ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* A repository's pull requests merged in [from, to). */
static void collect_repo(struct harvest_run *run, struct harvest_repo *repo, int64_t from,
			 int64_t to)
{
	const struct config *cfg = run->cfg;
	struct buf path = BUF_INIT;
	buf_addf(&path, "/repos/%s/pulls?state=closed&sort=updated&direction=desc&per_page=100",
		 repo->full_name);
	char *next = buf_detach(&path, NULL);
	int64_t read = 0;
	while (next) {
		struct gh_response r = { 0 };
		if (request(run, next, &r) < 0) {
			repo->refused = xstrdup(r.message.len ? r.message.p : gh_kind_name(r.kind));
			gh_response_free(&r);
			break;
		}
		free(next);
		next = r.next ? xstrdup(r.next) : NULL;
		size_t i;
		json_t *v;
		bool older = false;
		json_array_foreach(r.json, i, v) {
			if (read++ >= cfg->harvest.max_pulls_per_repo) {
				repo->capped = true;
				older = true;
				break;
			}
			int64_t updated = parse_time(json_string_value(json_object_get(v, "updated_at")));
			if (updated >= 0 && updated < from) {
				older = true;   /* newest update first: the rest predate the month */
				break;
			}
			int64_t merged = parse_time(json_string_value(json_object_get(v, "merged_at")));
			const char *title = json_string_value(json_object_get(v, "title"));
			const char *url = json_string_value(json_object_get(v, "html_url"));
			const char *login = json_string_value(
				json_object_get(json_object_get(v, "user"), "login"));
			if (merged < from || merged >= to || !title || !url_ok(url) || !login_ok(login))
				continue;
			repo->pulls = xrealloc(repo->pulls, (repo->n_pulls + 1) * sizeof *repo->pulls);
			struct harvest_pull *p = &repo->pulls[repo->n_pulls++];
			p->number = json_integer_value(json_object_get(v, "number"));
			p->title = xstrdup(title);
			p->html_url = xstrdup(url);
			p->login = xstrdup(login);
			p->merged_at = merged;
		}
		gh_response_free(&r);
		if (older) {
			free(next);
			next = NULL;
		}
	}
	free(next);
	if (repo->n_pulls > 1)
		qsort(repo->pulls, repo->n_pulls, sizeof *repo->pulls, by_merge);
}

/* The issues of the site: newest first, each read and parsed when first asked. */
struct issues {
	char months[PREVIOUS_ISSUES][8];
	size_t n;
	struct draft d[PREVIOUS_ISSUES];
	struct buf text[PREVIOUS_ISSUES];
	signed char state[PREVIOUS_ISSUES];   /* 0 unread, 1 parsed, -1 unusable */
};

static struct draft *issue(struct gh_client *gh, const struct config *cfg, struct issues *is,
			   size_t i)
{
	if (is->state[i] == 0) {
		struct buf path = BUF_INIT, err = BUF_INIT;
		struct gh_response r = { 0 };
		buf_addf(&path, "%s/%s/index.md", cfg->github.posts_dir, is->months[i]);
		is->state[i] = -1;
		if (gh_get_file(gh, path.p, cfg->github.branch, &is->text[i], &r) == 0 &&
		    draft_parse(&is->d[i], is->text[i].p, is->text[i].len, &err) == 0)
			is->state[i] = 1;
		gh_response_free(&r);
		buf_release(&path);
		buf_release(&err);
	}
	return is->state[i] == 1 ? &is->d[i] : NULL;
}

/* The entry named name in the issue's harvest section into out: 0, else -1. */
static int entry_of(const struct config *cfg, const struct draft *d, const char *name,
		    struct buf *out, const char **tmpl)
{
	const struct draft_section *sec =
		draft_find_section(d, cfg->harvest.section, &cfg->draft.site.section_aliases);
	if (!sec)
		return -1;
	if (tmpl && sec->template_text)
		*tmpl = sec->template_text;
	buf_reset(out);
	for (size_t i = 0; i < sec->n_blocks; i++)
		if (sec->blocks[i].name && strcasecmp(sec->blocks[i].name, name) == 0)
			return draft_entry_text(d, sec, sec->blocks[i].name, out);
	return -1;
}

static void usage(void)
{
	fputs("usage: newsdesk harvest [--month YYYY-MM] [--print]\n", stderr);
}

/* Who a proposal is from: the issue's editor (its first `editors` login),
 * else the owner of the site's repository. */
static void proposer(const struct config *cfg, const struct draft *d, char *out, size_t cap)
{
	if (d && d->authors.present && strcmp(d->authors.key, "editors") == 0 &&
	    d->authors.n_logins && login_ok(d->authors.logins[0])) {
		snprintf(out, cap, "%s", d->authors.logins[0]);
		return;
	}
	snprintf(out, cap, "%.*s", (int)strcspn(cfg->github.repo, "/"), cfg->github.repo);
}

/* The proposal as a pending submission from source "harvest" (one per
 * project and month, updated while it waits).  The submission is checked
 * as any other: the §4 rules, and applying to the draft when there is one
 * (the content policy included). */
static int propose(struct harvest_run *run, const char *month,
		   const struct harvest_repo *repo, const struct draft *draft,
		   const char *draft_path, const char *replace, const char *replace_base,
		   const char *block)
{
	const struct config *cfg = run->cfg;
	struct store *st = run->store;
	char author[64];
	proposer(cfg, draft, author, sizeof author);
	const struct draft_section *sec = draft ? draft_find_section(draft, cfg->harvest.section,
								     &cfg->draft.site.section_aliases)
						: NULL;
	json_t *obj = json_pack("{s:s,s:s,s:s}", "section", sec ? sec->title : cfg->harvest.section,
				"block", block, "author", author);
	if (replace) {
		json_object_set_new(obj, "replace", json_string(replace));
		json_object_set_new(obj, "replace_base", json_string(replace_base));
	}
	struct submission sub;
	const char *field = NULL;
	struct buf err = BUF_INIT, applied = BUF_INIT;
	int rc = submission_from_object(&sub, obj, &field, &err);
	bool already = false;
	if (rc == 0 && draft)
		rc = draft_apply(draft, &sub, &cfg->draft.site, &applied, &already, &field, &err);
	if (rc == 0)
		submission_free(&sub);
	buf_release(&applied);
	if (rc < 0) {
		say(run, "%s: the proposal is refused: %s%s%s", repo->full_name, field ? field : "",
		    field ? ": " : "", err.p);
		json_decref(obj);
		buf_release(&err);
		return -1;
	}
	if (already) {
		say(run, "%s: the draft holds this entry already", repo->full_name);
		json_decref(obj);
		buf_release(&err);
		return 0;
	}
	char *payload = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	char key[256], token[TOKEN_CHARS + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
	snprintf(key, sizeof key, "%s %s", month, repo->full_name);
	token_new(token);
	token_hash(token, hash);
	struct store_harvest_new n = {
		.key = key, .token = token, .token_hash = hash,
		.section = sec ? sec->title : cfg->harvest.section, .payload = payload,
		.author = author, .draft_path = draft_path, .now = (int64_t)time(NULL),
	};
	int64_t id = 0, job = 0;
	enum harvest_outcome out = HARVEST_NEW;
	rc = store_harvest_propose(st, &n, &id, &out, &err);
	free(payload);
	if (rc < 0) {
		say(run, "%s: %s", repo->full_name, err.p);
		buf_release(&err);
		return -1;
	}
	static const char *const said[] = {
		[HARVEST_NEW] = "proposed",
		[HARVEST_UPDATED] = "still pending, updated",
		[HARVEST_UNCHANGED] = "still pending, unchanged",
		[HARVEST_IN_REVIEW] = "under review or decided already: left alone",
	};
	say(run, "%s: submission %lld %s", repo->full_name, (long long)id, said[out]);
	/* its links are checked as a contribution's are, by the service */
	if ((out == HARVEST_NEW || out == HARVEST_UPDATED) &&
	    store_job_enqueue(st, JOB_CHECK_LINKS, id, n.now, &job, &err) < 0)
		say(run, "submission %lld: checks not queued: %s", (long long)id, err.p);
	buf_release(&err);
	return 0;
}

/* One harvest's state: the month, its repositories, and the issues the
 * projects' blocks are taken from. */
struct season {
	struct harvest_run *run;
	struct harvest h;
	struct issues *is;
	struct draft *draft;       /* the month's own post, when there is one */
	struct buf draft_path;
	size_t first_prev;         /* the first issue before the month */
	const char *month;
	int64_t from, to;
	struct buf prev, block, base;
};

/* The blog's posts, newest first, and the month when none was given. */
static int read_issues(struct season *se)
{
	struct harvest_run *run = se->run;
	const struct config *cfg = run->cfg;
	struct gh_response r = { 0 };
	int rc = 0;
	if (gh_list_months(run->gh, cfg->github.posts_dir, cfg->github.branch, se->is->months,
			   PREVIOUS_ISSUES, &se->is->n, &r) < 0) {
		say(run, "the issues of %s: %s", cfg->github.repo, r.message.p);
		if (gh_retryable(r.kind)) {
			run->kind = r.kind;
			run->retry_after = r.retry_after;
		}
		rc = -1;
	} else if (!se->month) {
		if (se->is->n == 0) {
			say(run, "no post in %s: give the month", cfg->github.posts_dir);
			rc = -1;
		} else {
			se->month = se->is->months[0];
			harvest_month_bounds(se->month, &se->from, &se->to);
		}
	}
	gh_response_free(&r);
	return rc;
}

/* The month's own post (its blocks are replaced) and where the issues
 * before it start (their blocks give each project's heading and text). */
static void find_month_post(struct season *se)
{
	const struct config *cfg = se->run->cfg;
	struct issues *is = se->is;
	for (size_t i = 0; i < is->n; i++) {
		int c = strcmp(is->months[i], se->month);
		if (c == 0) {
			se->draft = issue(se->run->gh, cfg, is, i);
			buf_addf(&se->draft_path, "%s/%s/index.md", cfg->github.posts_dir, se->month);
		}
		if (c <= 0) {
			se->first_prev = i + (c == 0);
			return;
		}
		se->first_prev = i + 1;
	}
}

/* One repository: its month's pull requests, shaped into its entry and
 * proposed.  false stops the harvest (GitHub asks to wait). */
static bool harvest_repo(struct season *se, struct harvest_repo *repo)
{
	struct harvest_run *run = se->run;
	const struct config *cfg = run->cfg;
	collect_repo(run, repo, se->from, se->to);
	const char *name = strrchr(repo->full_name, '/') + 1;
	if (run->kind != GH_OK) {
		say(run, "%s: GitHub asks to wait (%s): stopped here", repo->full_name, repo->refused);
		return false;
	}
	if (repo->refused) {
		say(run, "%s: refused by GitHub (%s), skipped", repo->full_name, repo->refused);
		run->refused++;
		return true;
	}
	if (repo->n_pulls == 0) {
		if (repo->capped)
			say(run, "%s: none merged among the %lld read (capped: max_pulls_per_repo "
				 "reached)", repo->full_name, (long long)cfg->harvest.max_pulls_per_repo);
		return true;
	}
	const char *tmpl = NULL;
	bool replace = se->draft && entry_of(cfg, se->draft, name, &se->prev, &tmpl) == 0;
	buf_reset(&se->base);
	if (replace)
		buf_adds(&se->base, se->prev.p);
	bool found = replace;
	for (size_t k = se->first_prev; !found && k < se->is->n; k++) {
		struct draft *d = issue(run->gh, cfg, se->is, k);
		if (d && d->published)
			found = entry_of(cfg, d, name, &se->prev, tmpl ? NULL : &tmpl) == 0;
	}
	harvest_shape(cfg, repo, found ? se->prev.p : NULL, tmpl, &se->block);
	say(run, "%s: %zu pull request%s merged, %s%s", repo->full_name, repo->n_pulls,
	    repo->n_pulls == 1 ? "" : "s", replace ? "a replace of the draft's entry" : "a new entry",
	    repo->capped ? " (capped: max_pulls_per_repo reached)" : "");
	if (run->print)
		fprintf(run->print, "%s%s", run->proposals ? "\n\n" : "", se->block.p);
	if (run->store &&
	    propose(run, se->month, repo, se->draft, se->draft_path.len ? se->draft_path.p : NULL,
		    replace ? name : NULL, se->base.p, se->block.p) < 0)
		run->failed++;
	run->proposals++;
	return true;
}

static void season_free(struct season *se)
{
	buf_release(&se->draft_path);
	buf_release(&se->prev);
	buf_release(&se->block);
	buf_release(&se->base);
	for (size_t i = 0; i < PREVIOUS_ISSUES; i++) {
		if (se->is->state[i] == 1)
			draft_free(&se->is->d[i]);
		buf_release(&se->is->text[i]);
	}
	free(se->is);
	harvest_free(&se->h);
}

int harvest_run(struct harvest_run *run, const char *month, char out_month[8])
{
	const struct config *cfg = run->cfg;
	run->kind = GH_OK;
	struct season se = { .run = run, .month = month, .draft_path = BUF_INIT, .prev = BUF_INIT,
			     .block = BUF_INIT, .base = BUF_INIT };
	if (month && harvest_month_bounds(month, &se.from, &se.to) < 0) {
		say(run, "the month must be YYYY-MM");
		return -1;
	}
	if (!*cfg->harvest.org && cfg->harvest.repos.n == 0) {
		say(run, "nothing to harvest: set harvest.org or harvest.repos");
		return -1;
	}
	se.is = xcalloc(1, sizeof *se.is);
	for (size_t i = 0; i < PREVIOUS_ISSUES; i++)
		buf_init(&se.is->text[i]);
	int rc = -1;
	struct buf err = BUF_INIT;
	if (read_issues(&se) < 0)
		goto out;
	snprintf(se.h.month, sizeof se.h.month, "%s", se.month);
	if (out_month)
		snprintf(out_month, 8, "%s", se.month);
	if (*cfg->harvest.org && list_repos(run, &se.h, &err) < 0) {
		say(run, "%s", err.p);
		goto out;
	}
	for (size_t i = 0; i < cfg->harvest.repos.n; i++)
		add_repo(&se.h, cfg, cfg->harvest.repos.v[i], NULL, cfg->github.web_url);
	find_month_post(&se);
	if (se.draft && se.draft->published)
		say(run, "the %s issue is published: its proposals wait for the next one", se.month);
	for (size_t i = 0; i < se.h.n_repos && harvest_repo(&se, &se.h.repos[i]); i++)
		;
	if (run->kind == GH_OK) {
		say(run, "%s: %zu entr%s proposed", se.h.month, run->proposals,
		    run->proposals == 1 ? "y" : "ies");
		rc = 0;
	}
out:
	buf_release(&err);
	season_free(&se);
	return rc;
}

int harvest_cli(const struct config *cfg, int argc, const char *const *argv)
{
	const char *month = NULL;
	bool print = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0)
			print = true;
		else if (strcmp(argv[i], "--month") == 0 && i + 1 < argc)
			month = argv[++i];
		else
			return usage(), 2;
	}
	int64_t from, to;
	if (month && harvest_month_bounds(month, &from, &to) < 0) {
		fprintf(stderr, "newsdesk: --month: must be YYYY-MM\n");
		return 2;
	}
	struct buf err = BUF_INIT;
	struct gh_app *app = NULL;
	if (gh_app_from_config(cfg, &app, &err) < 0) {
		fprintf(stderr, "newsdesk: github app: %s\n", err.p);
		buf_release(&err);
		return 1;
	}
	buf_release(&err);
	struct gh_client gh;
	if (gh_client_init(&gh, cfg->github.api_url, app ? NULL : cfg_secret(cfg->github.token_env)) < 0) {
		gh_app_free(app);
		return 1;
	}
	gh.app = app;
	gh.timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	gh_client_set_repo(&gh, cfg->github.repo);
	struct harvest_run run = { .cfg = cfg, .gh = &gh, .print = print ? stdout : NULL,
				   .may_wait = true, .report = BUF_INIT };
	int rc = 1;
	if (print || (run.store = cli_open_store(cfg)) != NULL) {
		char done[8] = "";
		rc = harvest_run(&run, month, done) == 0 && !run.failed ? 0 : 1;
		if (run.store && *done)
			store_harvest_report_set(run.store, done, (int64_t)time(NULL), run.report.p, &err);
	}
	/* what it did, a line each */
	for (const char *p = run.report.p; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "harvest: %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	if (run.store)
		store_close(run.store);
	buf_release(&run.report);
	buf_release(&err);
	gh_client_free(&gh);
	gh_app_free(app);
	return rc;
}
