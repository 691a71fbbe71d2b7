/* check_links.h: the checks before approval, as a job.
 *
 * For submission {id}: every http(s) link of the block it inserts is
 * fetched (net/outgoing.h: bounded, redirects followed a few times,
 * internal addresses refused unless checks.allow_internal), unless the
 * site's own Zola config.toml on `branch` says to skip it
 * ([link_checker] skip_prefixes); a link already in the live draft or in
 * one of the last checks.previous_issues issues is flagged as a duplicate
 * (by link_key); tracking parameters are flagged with the cleaned URL.
 * The result is kept on the submission (store_submission_set_checks):
 *
 *   {"checked_at_ms":N,"links":[{"url","status","ok","final_url","redirects",
 *     "ms","error","skipped","duplicate_of":["2024-03",…],"tracking",
 *     "clean_url"}]}
 *
 * Checks inform; the maintainer still decides. */
#ifndef NEWSDESK_CHECK_LINKS_H
#define NEWSDESK_CHECK_LINKS_H

#include "jobs/kinds.h"
#include "store/jobs.h"
#include "store/submissions.h"

#define CHECK_LINKS_MAX 20   /* links fetched per submission */
/* All of a contribution's links within this: the rest are reported as not
 * checked, so a few dead hosts cannot keep the checks' lane busy. */
#define CHECK_LINKS_BUDGET_MS 60000

/* ctx: the worker's struct job_env. */
void check_links_run(void *ctx, const struct store_job *job, struct job_outcome *out);

#endif
