/* pr_refresh.c: keeping our open pull requests current with the branch
 * they target, and noticing when they are merged or closed */
#include "jobs/kinds.h"
#include "features/pulls/pr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "store/jobs.h"
#include "store/submissions.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void note(struct job_env *c, const struct store_submission *sub, const char *text)
{
	struct buf err = BUF_INIT;
	if ((sub->note ? !text || strcmp(sub->note, text) != 0 : text != NULL) &&
	    store_submission_set_note(c->store, sub->id, text, job_now(c), &err) < 0)
		log_warn("submission %lld: %s", (long long)sub->id, err.p);
	buf_release(&err);
}

/* The pull request was merged or closed: the entry says so. */
static int record_end(struct job_env *c, const struct store_submission *sub,
		      const struct gh_pull *p, struct job_outcome *out)
{
	struct buf err = BUF_INIT;
	int rc = 0;
	enum sub_status st = p->merged ? SUB_MERGED : SUB_CLOSED;
	if (store_submission_set_status(c->store, sub->id, st, NULL, job_now(c), &err) < 0) {
		pr_fail(c, sub->id, JOB_RETRY, out, "%s", err.p);
		rc = -1;
	} else {
		log_info("submission %lld: pull request #%lld %s", (long long)sub->id,
			 (long long)sub->pr_number, sub_status_name(st));
		if (st == SUB_MERGED)
			notify_queue(c->store, NULL, c->cfg, JOB_NOTIFY_PR_MERGED, sub->id,
				     job_now(c));
	}
	buf_release(&err);
	return rc;
}

/* A monthly pull request is rebuilt whole, by its own job. */
static int queue_monthly(struct job_env *c, const struct store_submission *sub,
			 struct job_outcome *out)
{
	struct buf err = BUF_INIT;
	int64_t job = 0;
	int rc = store_job_enqueue(c->store, JOB_MONTHLY_PR, sub->id, job_now(c), &job, &err);
	if (rc < 0)
		pr_fail(c, sub->id, JOB_RETRY, out, "%s", err.p);
	buf_release(&err);
	return rc < 0 ? -1 : 0;
}

/* The entry's commit made again on head, into commit; when its issue came
 * out before the merge, on the next draft (*next), on the same pull
 * request.  0 built, 1 nothing to push (the draft has it already, or there
 * is no next draft yet: a note says so), -1 the job must end. */
static int rebuild(struct job_env *c, const struct store_submission *sub, const char *head,
		   const char *tree, char commit[GH_SHA_HEX], char **next,
		   struct gh_response *r, struct job_outcome *out)
{
	const char *path = sub->draft_path;
	int built = pr_build_commit(c, sub, path, head, tree, commit, r, out);
	if (built == 2) {
		int moved = pr_next_draft(c, sub, path, head, next, r, out);
		if (moved == 0) {
			/* no next draft yet: the other pull requests are
			 * refreshed as usual */
			out->result = JOB_DONE;
			buf_reset(&out->message);
			return 1;
		}
		if (moved < 0)
			return -1;
		path = *next;
		built = pr_build_commit(c, sub, path, head, tree, commit, r, out);
		if (built == 2)
			built = -1;
	}
	if (built == 1)
		note(c, sub, "The draft on the branch already contains this block; the pull request may be redundant.");
	return built;
}

/* The rebuilt commit recorded, then the branch moved to it (so that a lost
 * answer still knows the push as ours). */
static int push_rebuilt(struct job_env *c, const struct store_submission *sub,
			const struct gh_pull *p, const char *head, const char *commit,
			const char *next, struct gh_response *r, struct job_outcome *out)
{
	struct buf err = BUF_INIT;
	int rc = -1;
	if (store_submission_set_commit(c->store, sub->id, commit, p->head_sha, head, job_now(c),
					&err) < 0) {
		pr_fail(c, sub->id, JOB_RETRY, out, "%s", err.p);
	} else if (gh_move_branch_ref(c->gh, sub->branch, commit, true,
				      r) < 0) {
		pr_fail_gh(c, sub->id, r, out);
	} else if (next && store_submission_set_branch(c->store, sub->id, sub->branch, next,
						       job_now(c), &err) < 0) {
		pr_fail(c, sub->id, JOB_RETRY, out, "%s", err.p);
	} else {
		rc = 0;
	}
	buf_release(&err);
	return rc;
}

/* One pull request: 0 fine (or nothing to do), -1 the job must end. */
static int refresh_one(struct job_env *c, const struct store_submission *sub,
		       const char *head, const char *tree, struct gh_response *r,
		       struct job_outcome *out)
{
	struct gh_pull p;
	if (gh_get_pull(c->gh, sub->pr_number, &p, r) < 0) {
		pr_fail_gh(c, sub->id, r, out);
		return -1;
	}
	if (p.merged || !p.open)
		return record_end(c, sub, &p, out);
	if (strstr(sub->branch, "/monthly-"))
		return queue_monthly(c, sub, out);
	/* our last push, or the one before it when that push never landed */
	bool ours = same(p.head_sha, sub->commit_sha) || same(p.head_sha, sub->prev_commit_sha);
	if (!ours) {
		note(c, sub, "Someone else pushed to this pull request's branch, so newsdesk no longer rebuilds it when the draft moves.");
		return 0;
	}
	if (same(p.head_sha, sub->commit_sha) && same(sub->base_sha, head))
		return 0;
	char commit[GH_SHA_HEX];
	char *next = NULL;   /* the draft the entry moved to, when it did */
	int built = rebuild(c, sub, head, tree, commit, &next, r, out);
	int rc = built < 0 ? -1 : 0;
	if (built == 0)
		rc = push_rebuilt(c, sub, &p, head, commit, next, r, out);
	if (built == 0 && rc == 0 && !next) {
		/* (a move to the next draft keeps pr_next_draft's note) */
		note(c, sub, NULL);
		log_info("submission %lld: pull request #%lld rebuilt on %.12s",
			 (long long)sub->id, (long long)sub->pr_number, head);
	}
	free(next);
	return rc;
}

void pr_refresh_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct job_env *c = ctx;
	struct gh_response r = { 0 };
	struct buf err = BUF_INIT;
	int64_t *ids = NULL;
	size_t n = 0;
	(void)job;
	out->result = JOB_DONE;
	if (store_submission_ids(c->store, SUB_PR_OPEN, &ids, &n, &err) < 0) {
		pr_fail(c, 0, JOB_RETRY, out, "%s", err.p);
		goto done;
	}
	if (n == 0)
		goto done;
	char head[GH_SHA_HEX], tree[GH_SHA_HEX];
	if (gh_get_branch(c->gh, c->cfg->github.branch, head, tree, &r) < 0) {
		pr_fail_gh(c, 0, &r, out);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct store_submission sub;
		int got = store_submission_get(c->store, ids[i], &sub, &err);
		if (got < 0) {
			pr_fail(c, 0, JOB_RETRY, out, "%s", err.p);
			goto done;
		}
		if (got == 0)
			continue;
		int rc = 0;
		if (sub.status == SUB_PR_OPEN && sub.pr_number && sub.branch &&
		    sub.draft_path)
			rc = refresh_one(c, &sub, head, tree, &r, out);
		store_submission_free(&sub);
		/* a GitHub failure ends this round; the retry starts over, and
		 * pull requests already current cost one request each */
		if (rc < 0)
			goto done;
	}
done:
	free(ids);
	gh_response_free(&r);
	buf_release(&err);
}
