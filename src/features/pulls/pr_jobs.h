/* pr_jobs.h: the pull-request workflow, as jobs of the persistent queue.
 *
 * "open_pr" (subject: a submission id) turns an approved submission into
 * one branch and one pull request against config github.branch:
 *   1. look first: a pull request from our branch (any state) is adopted;
 *   2. read the head of the branch and the draft there, apply the
 *      submission with the draft engine (already there: done, no PR);
 *   3. tree with the new draft on the head's tree → commit on the head,
 *      recorded before the branch exists → branch newsdesk/YYYY-MM/sub-ID
 *      (if the branch exists already it is a leftover of an attempt of
 *      ours that died before its PR: moved to the new commit);
 *   4. open the PR; GitHub saying it exists already (GH_EXISTS) means an
 *      earlier attempt made it, so it is looked up and adopted.
 * Every step is safe to run again after any failure or restart, which is
 * what lets the queue retry: the same submission never gets two PRs.
 *
 * "refresh_prs" (subject 0) checks every open PR of ours: merged or
 * closed → the submission says so; behind the branch head → its commit is
 * rebuilt on the new head and the branch force-moved, unless someone
 * else pushed to the branch (then it is left alone and a note tells the
 * maintainers).  Webhooks and a timer queue it.
 *
 * "monthly_pr" (subject: any approved submission of the issue), with
 * github.pr_mode = "monthly": one branch newsdesk/YYYY-MM/monthly-FIRST and
 * one pull request per issue, holding exactly the approved
 * entries, each its own commit authored by its contributor, oldest
 * approval first.  Each run rebuilds the chain on the branch head when
 * anything changed (a new approval, the branch moved), records it, then
 * moves the branch and creates or updates the one pull request — the same
 * look-first, record-before-push order as open_pr, so faults and restarts
 * never make a second one.  A merged monthly pull request ends its batch;
 * later approvals start the next one.
 */
#ifndef NEWSDESK_PR_JOBS_H
#define NEWSDESK_PR_JOBS_H

#include <stdint.h>

#include "config/config.h"
#include "github/client.h"
#include "jobs/job_env.h"
#include "jobs/kinds.h"
#include "store/store.h"
#include "store/jobs.h"



void pr_open_run(void *ctx, const struct store_job *job, struct job_outcome *out);
void pr_refresh_run(void *ctx, const struct store_job *job, struct job_outcome *out);
void pr_monthly_run(void *ctx, const struct store_job *job, struct job_outcome *out);

#endif
