/* pr_internal.h: what the two pull-request jobs share (pr_common.c). */
#ifndef NEWSDESK_PR_INTERNAL_H
#define NEWSDESK_PR_INTERNAL_H

#include "github/repo_api.h"
#include "features/pulls/pr_jobs.h"
#include "store/submissions.h"

/* Ends the job after a failed GitHub call: retry or fail as GitHub's answer
 * says, and keep the message on the submission for the admin page. */
void pr_fail_gh(struct job_env *c, int64_t sub_id, const struct gh_response *r,
		struct job_outcome *out);
/* Ends the job for a reason of our own (sub_id 0: no submission). */
void pr_fail(struct job_env *c, int64_t sub_id, enum job_result result,
	     struct job_outcome *out, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Makes the commit that adds sub to the draft at draft_path on top of
 * head (whose tree is tree): 0 with its id in commit, 1 when the draft
 * there has the block already, 2 when that issue is published (its date
 * is set: nothing goes into it any more), -1 when the job must end (out
 * filled). */
int pr_build_commit(struct job_env *c, const struct store_submission *sub,
		    const char *draft_path, const char *head, const char *tree,
		    char commit[GH_SHA_HEX], struct gh_response *r,
		    struct job_outcome *out);

/* One entry committed on top of another commit (the monthly pull request
 * chains them): its commit, the tree, and the draft text it leaves. */
struct pr_step {
	char commit[GH_SHA_HEX];
	char tree[GH_SHA_HEX];
	struct buf text;
};
/* Adds sub to the draft text (at draft_path) as a commit on parent (whose
 * tree is tree): 0 with next filled, 1 already there, 2 published, -1. */
int pr_commit_entry(struct job_env *c, const struct store_submission *sub,
		    const char *draft_path, const char *text, size_t len, const char *parent,
		    const char *tree, struct pr_step *next, struct gh_response *r,
		    struct job_outcome *out);
/* The draft's text at head; -1 with out filled (a missing draft fails). */
int pr_read_draft(struct job_env *c, const struct store_submission *sub, const char *draft_path,
		  const char *head, struct buf *text, struct gh_response *r,
		  struct job_outcome *out);

/* The draft after the published one at path: 1 with its path in *next
 * (malloc'd), the submission's note saying so and submission.moved
 * queued; 0 when there is none yet (the job retries later: out filled,
 * the note says it waits); -1 when the job must end (out filled). */
int pr_next_draft(struct job_env *c, const struct store_submission *sub, const char *path,
		  const char *head, char **next, struct gh_response *r, struct job_outcome *out);

#endif
