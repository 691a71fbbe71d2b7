/* check_links.c: the checks before approval (check_links.h) */
#include "features/links/check_links.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "features/links/link_rules.h"
#include "draft/draft.h"
#include "draft/internal_pages.h"
#include "github/repo_api.h"
#include "jobs/job_env.h"
#include "net/outgoing.h"
#include "markdown/markdown.h"
#include "util/log.h"
#include "store/jobs.h"
#include "store/submissions.h"

#define MONTHS_MAX 25

/* GitHub's refusal ends the job, and the submission shows why. */
static void fail_gh(struct job_env *c, int64_t sub_id, const struct gh_response *r,
		    struct job_outcome *out)
{
	job_fail_gh(out, r);
	struct buf err = BUF_INIT;
	if (sub_id && store_submission_set_error(c->store, sub_id, out->message.p, job_now(c),
						 &err) < 0)
		log_warn("submission %lld: %s", (long long)sub_id, err.p);
	buf_release(&err);
}

struct seen {
	json_t *keys;       /* link key -> [months] */
	const char *month;
};

static void remember(const char *url, void *arg)
{
	struct seen *s = arg;
	struct buf key = BUF_INIT;
	link_key(url, &key);
	json_t *months = json_object_get(s->keys, key.p);
	if (!months) {
		months = json_array();
		json_object_set_new(s->keys, key.p, months);
	}
	size_t i;
	json_t *m;
	bool have = false;
	json_array_foreach(months, i, m)
		have |= strcmp(json_string_value(m), s->month) == 0;
	if (!have)
		json_array_append_new(months, json_string(s->month));
	buf_release(&key);
}

/* The links of a draft text into seen, under its month. */
static void links_of(const char *text, size_t len, const char *month, json_t *keys)
{
	char why[MARKDOWN_WHY];
	struct seen s = { keys, month };
	markdown_each_link(text, len, len / 4 + 4096, remember, &s, why);
}

static void add_url(const char *url, void *arg)
{
	json_t *list = arg;
	size_t i;
	json_t *u;
	json_array_foreach(list, i, u)
		if (strcmp(json_string_value(u), url) == 0)
			return;
	if (json_array_size(list) < CHECK_LINKS_MAX)
		json_array_append_new(list, json_string(url));
}

/* What GitHub holds that the checks need: the site's exceptions, and the
 * links of this draft and the issues before it.  -1 ends the job. */
static int context(struct job_env *c, const char *head, struct strlist *skip, json_t *keys,
		   struct draft *d, struct buf *draft_text, char *draft_path, size_t path_cap,
		   struct gh_response *r, struct job_outcome *out, int64_t sub_id)
{
	const struct config *cfg = c->cfg;
	struct buf text = BUF_INIT, err = BUF_INIT;
	/* a commit never changes: a config.toml it lacks is not asked for again
	 * (GitHub's "not found" has no ETag to ask with).  The checks run on one lane only. */
	static char absent_at[GH_SHA_HEX];
	if (strcmp(absent_at, head) == 0) {
		/* known: no config.toml at this commit */
	} else if (gh_get_file(c->gh, "config.toml", head, &text, r) == 0) {
		if (zola_skip_prefixes(text.p, text.len, skip, &err) < 0)
			log_warn("checks: the site's config.toml: %s", err.p);
	} else if (r->kind == GH_NOT_FOUND) {
		snprintf(absent_at, sizeof absent_at, "%s", head);
	} else {
		fail_gh(c, sub_id, r, out);
		return -1;
	}
	char months[MONTHS_MAX][8];
	size_t n = 0, want = (size_t)cfg->checks.previous_issues + 1;
	if (gh_list_months(c->gh, cfg->github.posts_dir, head, months,
			   want < MONTHS_MAX ? want : MONTHS_MAX, &n, r) < 0) {
		fail_gh(c, sub_id, r, out);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s/index.md", cfg->github.posts_dir, months[i]);
		buf_reset(&text);
		if (gh_get_file(c->gh, path, head, &text, r) < 0)
			continue;
		links_of(text.p, text.len, months[i], keys);
		if (i == 0) {
			snprintf(draft_path, path_cap, "%s", path);
			buf_adds(draft_text, text.p);
		}
	}
	buf_reset(&err);
	if (draft_text->len && draft_parse(d, draft_text->p, draft_text->len, &err) < 0)
		buf_reset(draft_text);
	buf_release(&text);
	buf_release(&err);
	return 0;
}

/* "@/path.md": a page of the site, which the branch has or not. */
static json_t *check_internal(struct job_env *c, const char *url, const char *head,
			      const char *draft_path)
{
	struct gh_response r = { 0 };
	/* the draft's own anchors are judged when the entry is in it (the
	 * pull-request job); here only that it exists */
	int e = internal_page_exists(&(struct site_reader){ c->gh, c->cfg }, url, head, draft_path, NULL, 0, &r);
	json_t *o = json_pack("{s:s,s:b,s:b}", "url", url, "internal", 1, "ok", e == 0);
	if (e > 0)
		json_object_set_new(o, "error", json_sprintf("no such page (or anchor) on %s: Zola"
							     " would stop building the site",
							     c->cfg->github.branch));
	else if (e < 0)
		json_object_set_new(o, "error", json_sprintf("GitHub did not say: %s",
							     r.message.p ? r.message.p : "no answer"));
	gh_response_free(&r);
	return o;
}

static json_t *check_one(const struct config *cfg, const char *url, const struct strlist *skip,
			 json_t *keys)
{
	json_t *o = json_pack("{s:s}", "url", url);
	struct buf clean = BUF_INIT, key = BUF_INIT;
	int tracking = link_tracking_clean(url, &clean);
	if (tracking) {
		json_object_set_new(o, "tracking", json_integer(tracking));
		json_object_set_new(o, "clean_url", json_string(clean.p));
	}
	link_key(url, &key);
	json_t *dup = json_object_get(keys, key.p);
	if (dup)
		json_object_set(o, "duplicate_of", dup);
	if (link_skipped(url, skip)) {
		json_object_set_new(o, "skipped", json_string("link_checker.skip_prefixes"));
	} else {
		struct link_result lr;
		link_fetch(url, (long)cfg->checks.timeout_seconds * 1000, cfg->checks.allow_internal,
			   &lr);
		json_object_set_new(o, "status", json_integer(lr.status));
		json_object_set_new(o, "ok", json_boolean(lr.ok));
		json_object_set_new(o, "redirects", json_integer(lr.redirects));
		json_object_set_new(o, "ms", json_integer(lr.ms));
		if (strcmp(lr.final_url, url) != 0)
			json_object_set_new(o, "final_url", json_string(lr.final_url));
		if (*lr.error)
			json_object_set_new(o, "error", json_string(lr.error));
	}
	buf_release(&clean);
	buf_release(&key);
	return o;
}

/* The links of every entry the submission holds, as they will be written
 * (each shaped by its section in d, when there is a draft). */
static void entry_links(const struct config *cfg, const struct submission *s,
			const struct draft *d, struct buf *block, json_t *urls)
{
	for (size_t k = 0; k <= s->n_more; k++) {
		struct submission one = k ? s->more[k - 1] : *s;
		one.n_more = 0;
		const struct draft_section *sec =
			d ? draft_find_section(d, one.section, &cfg->draft.site.section_aliases) : NULL;
		struct buf err = BUF_INIT;
		buf_reset(block);
		if (submission_block(&one, sec, block, NULL, &err) == 0) {
			char why[MARKDOWN_WHY];
			markdown_each_link(block->p, block->len, 4096, add_url, urls, why);
		}
		buf_release(&err);
	}
}

void check_links_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct job_env *c = ctx;
	const struct config *cfg = c->cfg;
	struct store_submission sub;
	struct buf err = BUF_INIT, text = BUF_INIT, block = BUF_INIT;
	struct gh_response r = { 0 };
	struct strlist skip = { 0 };
	struct draft d = { 0 };
	struct submission s = { 0 };
	json_t *keys = json_object(), *urls = json_array(), *links = json_array();
	char path[256] = "", head[GH_SHA_HEX], tree[GH_SHA_HEX];
	out->result = JOB_DONE;
	int got = store_submission_get(c->store, job->subject_id, &sub, &err);
	if (got <= 0) {
		if (got < 0)
			job_fail(out, JOB_RETRY, "%s", err.p);
		goto done;
	}
	if (gh_get_branch(c->gh, cfg->github.branch, head, tree, &r) < 0) {
		job_fail_gh(out, &r);
		goto free_sub;
	}
	if (context(c, head, &skip, keys, &d, &text, path, sizeof path, &r, out, 0) < 0)
		goto free_sub;
	if (submission_from_json(&s, sub.payload, strlen(sub.payload), NULL, &err) == 0)
		entry_links(cfg, &s, text.len ? &d : NULL, &block, urls);
	size_t i;
	json_t *u;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	json_array_foreach(urls, i, u) {
		const char *url = json_string_value(u);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long spent = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (spent > CHECK_LINKS_BUDGET_MS) {
			json_array_append_new(links, json_pack("{s:s,s:s}", "url", url, "skipped",
							       "the checks' time budget ran out"));
			continue;
		}
		json_array_append_new(links, strncmp(url, "@/", 2) == 0
						     ? check_internal(c, url, head, path)
						     : check_one(cfg, url, &skip, keys));
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* milliseconds: a re-run within the same second is still told apart */
	json_int_t at = (json_int_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	json_t *doc = json_pack("{s:I,s:O}", "checked_at_ms", at, "links", links);
	char *dumped = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	buf_reset(&err);
	if (store_submission_set_checks(c->store, sub.id, dumped, &err) < 0)
		job_fail(out, JOB_RETRY, "%s", err.p);
	free(dumped);
free_sub:
	store_submission_free(&sub);
done:
	if (text.len)
		draft_free(&d);
	submission_free(&s);
	strlist_free(&skip);
	json_decref(keys);
	json_decref(urls);
	json_decref(links);
	gh_response_free(&r);
	buf_release(&err);
	buf_release(&text);
	buf_release(&block);
}
