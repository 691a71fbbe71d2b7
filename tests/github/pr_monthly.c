/* pr_monthly.c: one rolling pull request per issue (github.pr_mode =
 * "monthly") against the stand-in — several approvals become one pull
 * request with one commit each, authored by each contributor; a later
 * approval updates it; a rejected entry is never in it; the branch is
 * rebuilt when `next` moves; after a merge the next approvals start the
 * next pull request; and under a fault at every write, still exactly one. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "support/pr_env.h"
#include "store/submissions.h"

static struct pr_env env;
static struct config *monthly;

static void setup(void)
{
	pr_env_setup(&env, 400);
	char toml[512];
	snprintf(toml, sizeof toml,
		 "[server]\npublic_url = \"http://127.0.0.1:8080\"\n"
		 "[github]\napi_url = \"http://127.0.0.1:%u\"\nrepo = \"rust-osdev/homepage\"\n"
		 "branch = \"next\"\npr_mode = \"monthly\"\n",
		 standin_port(env.gh));
	struct buf err = BUF_INIT;
	monthly = cfg_parse(toml, strlen(toml), "m.toml", &err);
	cr_assert_not_null(monthly, "%s", err.p);
	buf_release(&err);
	env.ctx.cfg = monthly;
}

static void teardown(void)
{
	pr_env_teardown(&env);
	cfg_free(monthly);
}

TestSuite(pr_monthly, .init = setup, .fini = teardown, .timeout = 120);

#define SUB(name, author) \
	"{\"section\":\"Other Projects\",\"name\":\"" name "\",\"url\":\"https://github.com/a/" \
	name "\",\"body\":\"It works.\",\"author\":\"" author "\"}"
#define NEWS(title) \
	"{\"section\":\"Announcements, News, and Blog Posts\",\"name\":\"" title "\"," \
	"\"url\":\"https://example.org/" title "\",\"author\":\"news-writer\"}"

/* The draft text with each submission applied in turn. */
static char *expected(const char *draft, const char *const *subs, size_t n)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	buf_adds(&text, draft);
	for (size_t i = 0; i < n; i++) {
		struct draft d;
		struct submission s;
		struct buf out = BUF_INIT;
		bool already = false;
		cr_assert_eq(draft_parse(&d, text.p, text.len, &err), 0, "%s", err.p);
		cr_assert_eq(submission_from_json(&s, subs[i], strlen(subs[i]), NULL, &err), 0);
		cr_assert_eq(draft_apply(&d, &s, NULL, &out, &already, NULL, &err), 0, "%s", err.p);
		draft_free(&d);
		submission_free(&s);
		buf_reset(&text);
		buf_adds(&text, out.p);
		buf_release(&out);
	}
	buf_release(&err);
	return buf_detach(&text, NULL);
}

static size_t count_ops(const char *op)
{
	size_t n = 0;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		n += strcmp(r.op, op) == 0;
		standin_request_free(&r);
	}
	return n;
}

static void assert_one_pr_holding(const int64_t *ids, const char *const *subs, size_t n,
				  const char *what)
{
	struct store_submission first;
	pr_env_sub(&env, ids[0], &first);
	cr_assert_eq(first.status, SUB_PR_OPEN, "%s: %s", what, first.last_error);
	for (size_t i = 1; i < n; i++) {
		struct store_submission s;
		pr_env_sub(&env, ids[i], &s);
		cr_assert_eq(s.status, SUB_PR_OPEN, "%s", what);
		cr_assert_eq(s.pr_number, first.pr_number, "%s: one pull request", what);
		cr_assert_str_eq(s.branch, first.branch, "%s", what);
		store_submission_free(&s);
	}
	cr_assert_eq(standin_pull_count(env.gh, first.branch), 1, "%s", what);
	char *want = expected(env.draft, subs, n);
	char *got = standin_file(env.gh, first.branch, PR_ENV_DRAFT);
	cr_assert_str_eq(got, want, "%s: the branch holds exactly the approved entries", what);
	free(want);
	free(got);
	store_submission_free(&first);
}

Test(pr_monthly, approvals_roll_into_one_pull_request)
{
	const char *subs[] = { SUB("xhci", "octo-cat"), NEWS("release"), SUB("vga", "vga-dev"),
			       SUB("acpi", "acpi-dev") };
	int64_t ids[4];
	for (int i = 0; i < 3; i++)
		ids[i] = pr_env_submit(&env, subs[i]);
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[0], 1, NULL, NULL), JOB_DONE);
	assert_one_pr_holding(ids, subs, 3, "three approvals");
	cr_assert_eq(count_ops("POST /repos/{owner}/{repo}/git/commits"), 3, "one commit each");
	/* each commit is its contributor's */
	bool seen[3] = { false };
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/git/commits") == 0) {
			json_t *b = json_loads(r.body, 0, NULL);
			const char *who = json_string_value(json_object_get(json_object_get(b, "author"),
									  "name"));
			seen[0] |= strncmp(who, "octo-cat", 8) == 0;
			seen[1] |= strncmp(who, "news-writer", 11) == 0;
			seen[2] |= strncmp(who, "vga-dev", 7) == 0;
			json_decref(b);
		}
		standin_request_free(&r);
	}
	cr_assert(seen[0] && seen[1] && seen[2]);

	/* a later approval joins it; the pull request says so */
	standin_log_clear(env.gh);
	ids[3] = pr_env_submit(&env, subs[3]);
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[3], 1, NULL, NULL), JOB_DONE);
	/* what it cost GitHub, counting what counts (a 304 does not) */
	size_t counted = 0;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		counted += r.status != 304;
		standin_request_free(&r);
	}
	printf("monthly pull request: a later approval cost %zu GitHub requests\n", counted);
	cr_expect_leq(counted, 5, "a later approval cost %zu requests", counted);
	assert_one_pr_holding(ids, subs, 4, "a fourth approval");
	cr_assert_eq(count_ops("PATCH /repos/{owner}/{repo}/pulls/{pull_number}"), 1);
	cr_assert_eq(standin_pulls_total(env.gh), 1);

	/* nothing changed: nothing written */
	standin_log_clear(env.gh);
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[1], 1, NULL, NULL), JOB_DONE);
	size_t writes = 0;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		writes += strcmp(r.method, "GET") != 0;
		standin_request_free(&r);
	}
	cr_assert_eq(writes, 0);
}

Test(pr_monthly, the_branch_follows_next_and_a_merge_starts_the_next_batch)
{
	const char *subs[] = { SUB("xhci", "octo-cat"), SUB("vga", "vga-dev") };
	int64_t ids[2] = { pr_env_submit(&env, subs[0]), pr_env_submit(&env, subs[1]) };
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[0], 1, NULL, NULL), JOB_DONE);
	/* a maintainer edits another part of the draft on next */
	char *moved = strdup(env.draft);
	char *join = strstr(moved, "## Join Us?");
	cr_assert_not_null(join);
	memcpy(join, "## Join us!", 11);
	standin_commit(env.gh, "next", "Editor's fix", PR_ENV_DRAFT, moved);
	free(env.draft);
	env.draft = moved;
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[0], 1, NULL, NULL), JOB_DONE);
	assert_one_pr_holding(ids, subs, 2, "rebuilt on the new next");

	struct store_submission s;
	pr_env_sub(&env, ids[0], &s);
	struct buf err = BUF_INIT;
	cr_assert_eq(standin_merge(env.gh, (int)s.pr_number, &err), 0, "%s", err.p);
	store_submission_free(&s);
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	pr_env_sub(&env, ids[1], &s);
	cr_assert_eq(s.status, SUB_MERGED);
	store_submission_free(&s);
	/* the next approval: a new pull request, holding only itself */
	free(env.draft);
	env.draft = standin_file(env.gh, "next", PR_ENV_DRAFT);
	const char *later[] = { SUB("acpi", "acpi-dev") };
	int64_t id = pr_env_submit(&env, later[0]);
	cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, id, 1, NULL, NULL), JOB_DONE);
	assert_one_pr_holding(&id, later, 1, "after the merge");
	cr_assert_eq(standin_pulls_total(env.gh), 2);
	buf_release(&err);
}

Test(pr_monthly, a_fault_at_every_write_still_one_pull_request)
{
	static const char *const steps[] = {
		"POST /repos/{owner}/{repo}/git/trees", "POST /repos/{owner}/{repo}/git/commits",
		"POST /repos/{owner}/{repo}/git/refs", "POST /repos/{owner}/{repo}/pulls",
		"PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
	};
	static const enum standin_fault faults[] = { FAULT_500, FAULT_502_AFTER, FAULT_DROP_AFTER };
	int runs = 0;
	for (size_t st = 0; st < sizeof steps / sizeof *steps; st++) {
		for (size_t f = 0; f < sizeof faults / sizeof *faults; f++) {
			teardown();
			setup();
			const char *subs[] = { SUB("xhci", "octo-cat"), SUB("vga", "vga-dev"),
					       SUB("acpi", "acpi-dev") };
			int64_t ids[3] = { pr_env_submit(&env, subs[0]), pr_env_submit(&env, subs[1]) };
			char what[160];
			snprintf(what, sizeof what, "%s at %s", standin_fault_name(faults[f]), steps[st]);
			struct buf msg = BUF_INIT;
			/* the making of the pull request meets the fault ... */
			standin_fault(env.gh, steps[st], 1, faults[f]);
			cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[0], 5, NULL, &msg), JOB_DONE,
				     "%s: %s", what, msg.p);
			assert_one_pr_holding(ids, subs, 2, what);
			standin_clear_faults(env.gh);
			ids[2] = pr_env_submit(&env, subs[2]);
			/* ... and so does its update after the third approval */
			standin_fault(env.gh, steps[st], 1, faults[f]);
			cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[2], 5, NULL, &msg), JOB_DONE,
				     "%s: %s", what, msg.p);
			buf_release(&msg);
			/* a stray rerun for another entry changes nothing */
			cr_assert_eq(pr_env_run(&env, JOB_MONTHLY_PR, ids[0], 2, NULL, NULL), JOB_DONE);
			assert_one_pr_holding(ids, subs, 3, what);
			cr_assert_eq(standin_pulls_total(env.gh), 1, "%s", what);
			standin_clear_faults(env.gh);
			runs++;
		}
	}
	printf("monthly pull request: %d faulted runs, always one pull request\n", runs);
}
