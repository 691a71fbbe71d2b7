/* issue_cycle.c: nothing goes into a published issue.  The stand-in plays
 * the editor: sets the publication date, adds the next month's draft; a
 * contribution approved before, during and after lands in the right issue
 * — moved (with a note and a submission.moved notification) when its issue
 * came out first, waiting (without failing) while no next draft exists. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draft/draft.h"
#include "features/notify/notify.h"
#include "support/pr_env.h"
#include "store/jobs.h"
#include "store/submissions.h"

#define MAY "content/this-month/2024-05/index.md"
#define SUB "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":" \
	    "\"https://github.com/a/xhci\",\"body\":\"A USB 3 driver.\",\"author\":\"octo-cat\"}"

static struct pr_env env;

static void setup(void) { pr_env_setup(&env, 0); }
static void teardown(void) { pr_env_teardown(&env); }

TestSuite(issue_cycle, .init = setup, .fini = teardown, .timeout = 60);

/* The editor publishes April: the date is set on `next`. */
static char *publish_april(void)
{
	char *text = strdup(env.draft);
	char *d = strstr(text, "date = 0000-01-01");
	cr_assert_not_null(d);
	memcpy(d, "date = 2024-05-08", 17);
	standin_commit(env.gh, "next", "Publish April", PR_ENV_DRAFT, text);
	return text;
}

/* ... and starts May from the same template. */
static void start_may(void)
{
	standin_commit(env.gh, "next", "Draft for May", MAY, env.draft);
}

static bool has_entry(const char *branch, const char *path)
{
	char *text = standin_file(env.gh, branch, path);
	bool has = text && strstr(text, "[`xhci`](https://github.com/a/xhci)");
	free(text);
	return has;
}

Test(issue_cycle, approved_before_publication_opens_on_its_issue)
{
	int64_t id = pr_env_submit(&env, SUB);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	struct store_submission sub;
	pr_env_sub(&env, id, &sub);
	cr_assert_str_eq(sub.draft_path, PR_ENV_DRAFT);
	cr_assert(has_entry(sub.branch, PR_ENV_DRAFT));
	store_submission_free(&sub);
}

Test(issue_cycle, published_first_moves_to_the_next_draft)
{
	int64_t id = pr_env_submit(&env, SUB);
	char *published = publish_april();
	start_may();
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 3, NULL, NULL), JOB_DONE);
	struct store_submission sub;
	pr_env_sub(&env, id, &sub);
	cr_assert_str_eq(sub.draft_path, MAY);
	cr_assert(strstr(sub.branch, "2024-05"), "%s", sub.branch);
	cr_assert(strstr(sub.note, "Moved to the 2024-05 issue"), "%s", sub.note);
	cr_assert_null(sub.last_error, "%s", sub.last_error);
	cr_assert(has_entry(sub.branch, MAY));
	char *april = standin_file(env.gh, sub.branch, PR_ENV_DRAFT);
	cr_assert_str_eq(april, published, "the published post is untouched");
	free(april);
	free(published);
	store_submission_free(&sub);
	/* and the editors hear of it */
	struct store_job job;
	struct buf err = BUF_INIT;
	bool seen = false;
	int64_t now = (int64_t)time(NULL) + 1;
	while (store_job_claim(env.store, now, &job, &err) == 1) {
		seen |= job.kind == JOB_NOTIFY_SUB_MOVED && job.subject_id == id;
		store_job_done(env.store, job.id, now, &err);
	}
	buf_release(&err);
	cr_assert(seen, "submission.moved was queued");
}

Test(issue_cycle, published_without_a_next_draft_waits_then_goes_in)
{
	int64_t id = pr_env_submit(&env, SUB);
	free(publish_april());
	struct buf msg = BUF_INIT;
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 3, NULL, &msg), JOB_WAIT, "%s", msg.p);
	struct store_submission sub;
	pr_env_sub(&env, id, &sub);
	cr_assert(strstr(sub.note, "goes into the next issue"), "%s", sub.note);
	cr_assert_null(sub.last_error, "waiting is no error: %s", sub.last_error);
	cr_assert_eq(standin_pulls_total(env.gh), 0);
	store_submission_free(&sub);
	start_may();
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 3, NULL, NULL), JOB_DONE);
	pr_env_sub(&env, id, &sub);
	cr_assert_eq(sub.status, SUB_PR_OPEN);
	cr_assert(has_entry(sub.branch, MAY));
	store_submission_free(&sub);
	buf_release(&msg);
}

Test(issue_cycle, an_open_pull_request_follows_its_entry_to_the_next_draft)
{
	int64_t id = pr_env_submit(&env, SUB);
	cr_assert_eq(pr_env_run(&env, JOB_OPEN_PR, id, 1, NULL, NULL), JOB_DONE);
	char *published = publish_april();
	start_may();
	cr_assert_eq(pr_env_run(&env, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);
	struct store_submission sub;
	pr_env_sub(&env, id, &sub);
	cr_assert_str_eq(sub.draft_path, MAY);
	cr_assert(has_entry(sub.branch, MAY));
	char *april = standin_file(env.gh, sub.branch, PR_ENV_DRAFT);
	cr_assert_str_eq(april, published, "merging it cannot touch the published post");
	free(april);
	free(published);
	cr_assert_eq(standin_pulls_total(env.gh), 1, "the same pull request");
	store_submission_free(&sub);
}

Test(issue_cycle, deadlines_count_whole_days)
{
	struct issue_info ii;
	/* 2024-04's issue closes on 2024-05-05 (end of day, UTC) */
	issue_info_of("2024-04", false, 5, 1714780800 /* 2024-05-04 00:00 */, &ii);
	cr_assert_str_eq(ii.deadline, "2024-05-05");
	cr_assert_eq(ii.days_left, 1);
	issue_info_of("2024-04", false, 5, 1714953599 /* 2024-05-05 23:59:59 */, &ii);
	cr_assert_eq(ii.days_left, 0);
	issue_info_of("2024-04", false, 5, 1714953600 /* 2024-05-06 */, &ii);
	cr_assert_lt(ii.days_left, 0);
	issue_info_of("2024-12", false, 3, 0, &ii);
	cr_assert_str_eq(ii.deadline, "2025-01-03");
	issue_info_of("2024-12", false, 0, 0, &ii);
	cr_assert_str_eq(ii.deadline, "");
}
