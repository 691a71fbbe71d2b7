/* pr_faults.c: exactly one pull request, whatever fails.  Every fault the
 * stand-in can inject (5xx, work done but the answer lost to a 502, a stall
 * past the client's timeout or a dropped connection, rate limits) is
 * injected at every step of the workflow; the job is retried as the queue
 * would, and the end state must be the same as without a fault. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "support/pr_env.h"
#include "store/submissions.h"

static const char *const steps[] = {
	"GET /repos/{owner}/{repo}/branches/{branch}",
	"GET /repos/{owner}/{repo}/pulls",
	"GET /repos/{owner}/{repo}/contents/{path}",
	"POST /repos/{owner}/{repo}/git/trees",
	"POST /repos/{owner}/{repo}/git/commits",
	"POST /repos/{owner}/{repo}/git/refs",
	"POST /repos/{owner}/{repo}/pulls",
};
#define N_STEPS (sizeof steps / sizeof *steps)

#define SUB_JSON                                                                           \
	"{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\"," \
	"\"body\":\"A USB 3 driver.\",\"author\":\"octo-cat\",\"written_by\":true}"

TestSuite(pr_faults, .timeout = 240);

static char *expected_text(const char *draft)
{
	struct draft d;
	struct submission s;
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool already;
	cr_assert_eq(draft_parse(&d, draft, strlen(draft), &err), 0);
	cr_assert_eq(submission_from_json(&s, SUB_JSON, strlen(SUB_JSON), NULL, &err), 0);
	cr_assert_eq(draft_apply(&d, &s, NULL, &out, &already, NULL, &err), 0);
	draft_free(&d);
	submission_free(&s);
	buf_release(&err);
	return buf_detach(&out, NULL);
}

/* The state every run must end in. */
static void assert_one_pr(struct pr_env *e, int64_t id, const char *what)
{
	struct store_submission sub;
	pr_env_sub(e, id, &sub);
	cr_assert_str_eq(sub_status_name(sub.status), "pr_open", "%s: status %s (%s)", what, sub_status_name(sub.status),
			 sub.last_error ? sub.last_error : "");
	cr_assert_eq(standin_pulls_total(e->gh), 1, "%s: %zu pull requests", what,
		     standin_pulls_total(e->gh));
	cr_assert_eq(standin_pull_count(e->gh, sub.branch), 1, "%s", what);
	char head[41];
	cr_assert(standin_branch_head(e->gh, sub.branch, head), "%s", what);
	cr_assert_str_eq(head, sub.commit_sha, "%s: the branch holds the recorded commit", what);
	char *want = expected_text(e->draft);
	char *got = standin_file(e->gh, sub.branch, PR_ENV_DRAFT);
	cr_assert_str_eq(got, want, "%s", what);
	free(want);
	free(got);
	cr_assert_null(sub.last_error, "%s: %s", what, sub.last_error);
	store_submission_free(&sub);
}

Test(pr_faults, every_fault_at_every_step)
{
	int runs = 0, retries = 0;
	for (size_t step = 0; step < N_STEPS; step++) {
		/* every transient fault (a 401 is final by design) */
		for (int f = FAULT_500; f < FAULT_401; f++) {
			struct pr_env e;
			pr_env_setup(&e, 400);
			int64_t id = pr_env_submit(&e, SUB_JSON);
			standin_fault(e.gh, steps[step], 1, (enum standin_fault)f);
			char what[160];
			snprintf(what, sizeof what, "%s at %s", standin_fault_name(f), steps[step]);
			int attempts = 0;
			struct buf msg = BUF_INIT;
			enum job_result res = pr_env_run(&e, JOB_OPEN_PR, id, 5, &attempts, &msg);
			cr_assert_eq(res, JOB_DONE, "%s: %s", what, msg.p);
			/* libcurl itself retries a request whose reused connection
			 * died before any answer, so a drop may cost no attempt */
			bool drop = f == FAULT_DROP || f == FAULT_DROP_AFTER;
			cr_assert(attempts == 2 || (drop && attempts == 1),
				  "%s: one failed attempt, then success (%d)", what, attempts);
			assert_one_pr(&e, id, what);
			/* and a stray rerun afterwards changes nothing */
			cr_assert_eq(pr_env_run(&e, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
			cr_assert_eq(standin_pulls_total(e.gh), 1, "%s", what);
			buf_release(&msg);
			pr_env_teardown(&e);
			runs++;
			retries += attempts - 1;
		}
	}
	printf("pull-request faults: %d runs (%zu steps x %d faults), %d retries, always one PR\n",
	       runs, N_STEPS, FAULT_401 - 1, retries);
}

Test(pr_faults, a_fault_at_every_step_in_one_run)
{
	struct pr_env e;
	pr_env_setup(&e, 400);
	int64_t id = pr_env_submit(&e, SUB_JSON);
	/* the work-then-lose-the-answer faults, one per step: each retry gets
	 * one step further */
	for (size_t step = 0; step < N_STEPS; step++)
		standin_fault(e.gh, steps[step], 1, step % 2 ? FAULT_502_AFTER : FAULT_DROP_AFTER);
	int attempts = 0;
	struct buf msg = BUF_INIT;
	cr_assert_eq(pr_env_run(&e, JOB_OPEN_PR, id, 20, &attempts, &msg), JOB_DONE, "%s", msg.p);
	assert_one_pr(&e, id, "chaos");
	buf_release(&msg);
	pr_env_teardown(&e);
}

Test(pr_faults, refresh_survives_a_lost_answer)
{
	struct pr_env e;
	pr_env_setup(&e, 400);
	int64_t id = pr_env_submit(&e, SUB_JSON);
	cr_assert_eq(pr_env_run(&e, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	standin_commit(e.gh, "next", "next moves", "static/x.txt", "x\n");
	/* the force-move lands but its answer is lost: the retry must still
	 * see the branch as ours, not as a human's push */
	standin_fault(e.gh, "PATCH /repos/{owner}/{repo}/git/refs/{ref}", 1, FAULT_502_AFTER);
	int attempts = 0;
	cr_assert_eq(pr_env_run(&e, JOB_REFRESH_PRS, 0, 5, &attempts, NULL), JOB_DONE);
	cr_assert_eq(attempts, 2);
	struct store_submission sub;
	pr_env_sub(&e, id, &sub);
	cr_assert_null(sub.note, "%s", sub.note);
	char head[41], next[41];
	cr_assert(standin_branch_head(e.gh, sub.branch, head));
	cr_assert_str_eq(head, sub.commit_sha);
	cr_assert(standin_branch_head(e.gh, "next", next));
	cr_assert_str_eq(sub.base_sha, next);
	store_submission_free(&sub);
	/* and the PATCH that never landed at all */
	standin_commit(e.gh, "next", "next moves again", "static/y.txt", "y\n");
	standin_fault(e.gh, "PATCH /repos/{owner}/{repo}/git/refs/{ref}", 1, FAULT_500);
	cr_assert_eq(pr_env_run(&e, JOB_REFRESH_PRS, 0, 5, &attempts, NULL), JOB_DONE);
	pr_env_sub(&e, id, &sub);
	cr_assert_null(sub.note, "%s", sub.note);
	cr_assert(standin_branch_head(e.gh, sub.branch, head));
	cr_assert_str_eq(head, sub.commit_sha);
	store_submission_free(&sub);
	pr_env_teardown(&e);
}
