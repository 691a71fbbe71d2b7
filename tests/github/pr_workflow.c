/* pr_workflow.c: the pull-request workflow against the GitHub stand-in —
 * one PR with the draft changed exactly as the engine says, in 7 requests;
 * reruns that change nothing; a block already in the draft; two PRs on the
 * same section that both merge after a refresh; a human's push left alone;
 * closed and merged PRs reflected on the submission. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "features/links/check_links.h"
#include "support/pr_env.h"
#include "store/submissions.h"

static struct pr_env env;

static void setup(void) { pr_env_setup(&env, 0); }
static void teardown(void) { pr_env_teardown(&env); }

TestSuite(pr_workflow, .init = setup, .fini = teardown, .timeout = 60);

#define SUB_XHCI                                                                          \
	"{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\"," \
	"\"body\":\"A USB 3 driver.\",\"author\":\"octo-cat\",\"written_by\":true,"              \
	"\"add_author\":true}"
#define SUB_VGA                                                                           \
	"{\"section\":\"Other Projects\",\"name\":\"vga\",\"url\":\"https://github.com/b/vga\","   \
	"\"body\":\"Text mode.\",\"author\":\"someone-else\"}"

/* What the draft engine makes of `draft` with the submission applied. */
static char *expected(const char *draft, const char *json)
{
	struct draft d;
	struct submission s;
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool already = false;
	cr_assert_eq(draft_parse(&d, draft, strlen(draft), &err), 0, "%s", err.p);
	cr_assert_eq(submission_from_json(&s, json, strlen(json), NULL, &err), 0, "%s", err.p);
	cr_assert_eq(draft_apply(&d, &s, NULL, &out, &already, NULL, &err), 0, "%s", err.p);
	draft_free(&d);
	submission_free(&s);
	buf_release(&err);
	return buf_detach(&out, NULL);
}

Test(pr_workflow, one_pull_request_in_seven_requests)
{
	int64_t id = pr_env_submit(&env, SUB_XHCI);
	int attempts = 0;
	struct buf msg = BUF_INIT;
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, &attempts, &msg), JOB_DONE, "%s", msg.p);

	struct store_submission sub;
	pr_env_sub(&env, id, &sub);
	cr_assert_str_eq(sub_status_name(sub.status), "pr_open");
	cr_assert_eq(sub.pr_number, 1);
	cr_assert_str_eq(sub.branch, "newsdesk/2024-04/sub-1");
	cr_assert_null(sub.last_error);
	cr_assert_not_null(sub.pr_url);

	size_t n = standin_request_count(env.gh), writes = 0;
	for (size_t i = 0; i < n; i++) {
		struct standin_request r;
		cr_assert_eq(standin_request_get(env.gh, i, &r), 0);
		writes += strcmp(r.method, "GET") != 0;
		cr_assert_eq(r.status / 100, 2, "%s %s answered %d", r.method, r.path, r.status);
		standin_request_free(&r);
	}
	printf("pull-request workflow: %zu GitHub API requests for one pull request (%zu writes)\n",
	       n, writes);
	cr_assert_leq(n, 7, "one PR costs %zu requests", n);
	cr_assert_eq(writes, 4);

	/* the branch holds exactly the engine's result; next is untouched */
	char *want = expected(env.draft, SUB_XHCI);
	char *got = standin_file(env.gh, sub.branch, PR_ENV_DRAFT);
	cr_assert_str_eq(got, want);
	free(got);
	got = standin_file(env.gh, "next", PR_ENV_DRAFT);
	cr_assert_str_eq(got, env.draft);
	free(got);
	free(want);
	cr_assert_eq(standin_pull_count(env.gh, sub.branch), 1);

	/* a rerun (a duplicate job, a restart) asks nothing and opens nothing */
	standin_log_clear(env.gh);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	cr_assert_eq(standin_request_count(env.gh), 0);
	cr_assert_eq(standin_pulls_total(env.gh), 1);
	store_submission_free(&sub);
	buf_release(&msg);
}

/* A contributor signed in with GitHub: the commit carries the noreply
 * address GitHub credits to their account, and the body says so. */
Test(pr_workflow, a_verified_contributor_is_the_commit_author)
{
	int64_t id = pr_env_submit_verified(&env, SUB_XHCI, 583231);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	bool seen_commit = false, seen_pull = false;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		json_t *b = r.body ? json_loads(r.body, 0, NULL) : NULL;
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/git/commits") == 0) {
			seen_commit = true;
			json_t *a = json_object_get(b, "author");
			cr_assert_str_eq(json_string_value(json_object_get(a, "name")), "octo-cat");
			cr_assert_str_eq(json_string_value(json_object_get(a, "email")),
					 "583231+octo-cat@users.noreply.github.com");
		}
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/pulls") == 0) {
			seen_pull = true;
			const char *body = json_string_value(json_object_get(b, "body"));
			/* GitHub vouched for them: a live mention, so they are told */
			cr_assert(strstr(body, "Contributed by @octo-cat (signed in with GitHub)"), "%s",
				  body);
		}
		json_decref(b);
		standin_request_free(&r);
	}
	cr_assert(seen_commit && seen_pull);
}

Test(pr_workflow, title_body_and_author)
{
	int64_t id = pr_env_submit(&env, SUB_XHCI);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	bool seen_pull = false, seen_commit = false;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		json_t *b = r.body ? json_loads(r.body, 0, NULL) : NULL;
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/pulls") == 0) {
			seen_pull = true;
			cr_assert_str_eq(json_string_value(json_object_get(b, "title")),
					 "Other Projects: xhci");
			cr_assert_str_eq(json_string_value(json_object_get(b, "base")), "next");
			const char *body = json_string_value(json_object_get(b, "body"));
			/* credited, never mentioned: the login is the contributor's text */
			cr_assert(strstr(body, "`octo-cat`"), "%s", body);
			cr_assert(strstr(body, "**not verified**"), "%s", body);
			cr_assert_null(strstr(body, "@octo-cat"), "%s", body);
			cr_assert(strstr(body, "http://127.0.0.1:8080/s/"), "%s", body);
		}
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/git/commits") == 0) {
			seen_commit = true;
			json_t *a = json_object_get(b, "author");
			/* typed, not signed in: GitHub must not credit the account */
			cr_assert_str_eq(json_string_value(json_object_get(a, "name")),
					 "octo-cat (unverified)");
			cr_assert_str_eq(json_string_value(json_object_get(a, "email")),
					 "unverified@newsdesk.invalid");
			cr_assert_eq(json_array_size(json_object_get(b, "parents")), 1);
		}
		json_decref(b);
		standin_request_free(&r);
	}
	cr_assert(seen_pull && seen_commit);
}

/* A name that would mention a team and close an issue does neither. */
Test(pr_workflow, contributor_text_acts_on_nothing_on_github)
{
	int64_t id = pr_env_submit(&env, "{\"section\":\"Other Projects\",\"name\":\"@rust-osdev/all"
				   " fixes #12\",\"url\":\"https://github.com/a/b\",\"body\":\"News.\","
				   "\"author\":\"octo-cat\"}");
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	int checked = 0;
	for (size_t i = 0; i < standin_request_count(env.gh); i++) {
		struct standin_request r;
		standin_request_get(env.gh, i, &r);
		json_t *b = r.body ? json_loads(r.body, 0, NULL) : NULL;
		const char *texts[3] = { NULL, NULL, NULL };
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/pulls") == 0) {
			texts[0] = json_string_value(json_object_get(b, "title"));
			texts[1] = json_string_value(json_object_get(b, "body"));
			cr_assert(strstr(texts[1], "`@rust-osdev/all fixes #12`"), "%s", texts[1]);
		}
		if (strcmp(r.op, "POST /repos/{owner}/{repo}/git/commits") == 0)
			texts[2] = json_string_value(json_object_get(b, "message"));
		for (int k = 0; k < 3; k++) {
			if (!texts[k] || k == 1)
				continue;
			checked++;
			cr_assert_null(strstr(texts[k], "@rust-osdev"), "%s", texts[k]);
			cr_assert_null(strstr(texts[k], "fixes"), "%s", texts[k]);
			cr_assert_null(strstr(texts[k], "#12"), "%s", texts[k]);
		}
		json_decref(b);
		standin_request_free(&r);
	}
	cr_assert_eq(checked, 2);
}

Test(pr_workflow, block_already_in_the_draft_needs_no_pull_request)
{
	const char *dup = "{\"section\":\"Other Projects\",\"block\":\"### [`xhci`](https://x.org)\\n\\nAlready.\\n\",\"author\":\"octo-cat\"}";
	int64_t id = pr_env_submit(&env, dup);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	/* apply it to next by hand first, then run a second identical one */
	char *with = expected(env.draft, dup);
	standin_commit(env.gh, "next", "a maintainer adds it", PR_ENV_DRAFT, with);
	free(with);
	int64_t id2 = pr_env_submit(&env, dup);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id2, 1, NULL, NULL), JOB_DONE);
	struct store_submission sub;
	pr_env_sub(&env, id2, &sub);
	cr_assert_str_eq(sub_status_name(sub.status), "merged");
	cr_assert_not_null(sub.note);
	cr_assert_eq(sub.pr_number, 0);
	cr_assert_eq(standin_pulls_total(env.gh), 1, "only the first one got a PR");
	store_submission_free(&sub);
}

Test(pr_workflow, two_pull_requests_on_one_section_both_merge)
{
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	int64_t b = pr_env_submit(&env, SUB_VGA);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 1, NULL, NULL), JOB_DONE);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, b, 1, NULL, NULL), JOB_DONE);
	struct store_submission sa, sb;
	pr_env_sub(&env, a, &sa);
	pr_env_sub(&env, b, &sb);
	struct buf err = BUF_INIT;
	cr_assert_eq(standin_merge(env.gh, (int)sa.pr_number, &err), 0, "%s", err.p);
	buf_reset(&err);
	cr_assert_neq(standin_merge(env.gh, (int)sb.pr_number, &err), 0,
		      "both insert at the end of the section: a conflict, as on GitHub");

	/* next moved: the refresh rebuilds b on it and notices a is merged */
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	store_submission_free(&sa);
	pr_env_sub(&env, a, &sa);
	cr_assert_str_eq(sub_status_name(sa.status), "merged");
	buf_reset(&err);
	cr_assert_eq(standin_merge(env.gh, (int)sb.pr_number, &err), 0, "%s", err.p);
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	store_submission_free(&sb);
	pr_env_sub(&env, b, &sb);
	cr_assert_str_eq(sub_status_name(sb.status), "merged");

	/* next now holds both, in order, as the engine would have put them */
	char *one = expected(env.draft, SUB_XHCI);
	char *both = expected(one, SUB_VGA);
	char *got = standin_file(env.gh, "next", PR_ENV_DRAFT);
	cr_assert_str_eq(got, both);
	free(one);
	free(both);
	free(got);
	cr_assert_eq(standin_pulls_total(env.gh), 2);
	store_submission_free(&sa);
	store_submission_free(&sb);
	buf_release(&err);
}

Test(pr_workflow, refresh_is_cheap_when_nothing_moved)
{
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 1, NULL, NULL), JOB_DONE);
	standin_log_clear(env.gh);
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	cr_assert_eq(standin_request_count(env.gh), 2, "the branch head and the PR");
}

Test(pr_workflow, a_humans_push_is_left_alone)
{
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 1, NULL, NULL), JOB_DONE);
	struct store_submission sa;
	pr_env_sub(&env, a, &sa);
	char *mine = standin_file(env.gh, sa.branch, PR_ENV_DRAFT);
	size_t len = strlen(mine);
	char *edited = malloc(len + 32);
	snprintf(edited, len + 32, "%sA maintainer's fix.\n", mine);
	standin_commit(env.gh, sa.branch, "fix wording", PR_ENV_DRAFT, edited);
	char human[41];
	cr_assert(standin_branch_head(env.gh, sa.branch, human));
	standin_commit(env.gh, "next", "next moves", "static/x.txt", "x\n");

	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	char now[41];
	cr_assert(standin_branch_head(env.gh, sa.branch, now));
	cr_assert_str_eq(now, human, "the human's commit stays");
	store_submission_free(&sa);
	pr_env_sub(&env, a, &sa);
	cr_assert_str_eq(sub_status_name(sa.status), "pr_open");
	cr_assert_not_null(sa.note);
	cr_assert(strstr(sa.note, "Someone else pushed"), "%s", sa.note);
	store_submission_free(&sa);
	free(mine);
	free(edited);
}

Test(pr_workflow, closed_without_merge)
{
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 1, NULL, NULL), JOB_DONE);
	struct store_submission sa;
	pr_env_sub(&env, a, &sa);
	cr_assert_eq(standin_close(env.gh, (int)sa.pr_number), 0);
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	store_submission_free(&sa);
	pr_env_sub(&env, a, &sa);
	cr_assert_str_eq(sub_status_name(sa.status), "closed");
	store_submission_free(&sa);
}

Test(pr_workflow, missing_draft_is_a_final_error_the_admin_can_read)
{
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	standin_commit(env.gh, "next", "draft moved", PR_ENV_DRAFT, NULL);
	struct buf msg = BUF_INIT;
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 1, NULL, &msg), JOB_FAILED);
	struct store_submission sa;
	pr_env_sub(&env, a, &sa);
	cr_assert_str_eq(sub_status_name(sa.status), "approved");
	cr_assert_not_null(sa.last_error);
	cr_assert(strstr(sa.last_error, "not on next"), "%s", sa.last_error);
	cr_assert_eq(standin_pulls_total(env.gh), 0);
	store_submission_free(&sa);
	buf_release(&msg);
}

Test(pr_workflow, bad_token_is_final_with_githubs_message)
{
	free(env.client.token);
	env.client.token = strdup("wrong");
	int64_t a = pr_env_submit(&env, SUB_XHCI);
	struct buf msg = BUF_INIT;
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, a, 3, NULL, &msg), JOB_FAILED);
	cr_assert(strstr(msg.p, "401") && strstr(msg.p, "Bad credentials"), "%s", msg.p);
	buf_release(&msg);
}

/* What a month of approvals costs GitHub: the checks before approval and
 * the pull request, per contribution, counting what counts against the
 * rate limit (a 304 to a conditional GET does not). */
Test(pr_workflow, a_month_of_pull_requests_costs_at_most_7_each)
{
	static const char *const subs[] = {
		"{\"section\":\"Other Projects\",\"name\":\"one\",\"url\":\"https://example.org/1\","
		"\"body\":\"First.\",\"author\":\"octo-cat\"}",
		"{\"section\":\"Other Projects\",\"name\":\"two\",\"url\":\"https://example.org/2\","
		"\"body\":\"Second.\",\"author\":\"octo-cat\"}",
		"{\"section\":\"Other Projects\",\"name\":\"three\",\"url\":\"https://example.org/3\","
		"\"body\":\"Third.\",\"author\":\"octo-cat\"}",
	};
	for (size_t k = 0; k < 3; k++) {
		standin_log_clear(env.gh);
		int64_t id = pr_env_submit(&env, subs[k]);
		cr_assert_eq(pr_env_run(&env, JOB_CHECK_LINKS, id, 1, NULL, NULL), JOB_DONE);
		cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
		size_t counted = 0, not_modified = 0;
		for (size_t i = 0; i < standin_request_count(env.gh); i++) {
			struct standin_request r;
			cr_assert_eq(standin_request_get(env.gh, i, &r), 0);
			if (r.status == 304)
				not_modified++;
			else
				counted++;
			standin_request_free(&r);
		}
		printf("pull request %zu: %zu GitHub requests, %zu more answered 304\n", k + 1,
		       counted, not_modified);
		if (k > 0)
			cr_expect_leq(counted, 7, "pull request %zu cost %zu requests", k + 1, counted);
	}
}
