/* pr_open.c: the job that opens one pull request for an approved
 * submission (see pr_jobs.h for the steps and why each is safe to rerun) */
#include "jobs/kinds.h"
#include "features/pulls/pr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "features/pulls/inert_text.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "store/jobs.h"
#include "store/submissions.h"

struct run {
	struct job_env *c;
	struct store_submission sub;
	struct gh_response r;
	struct job_outcome *out;
	char *draft_path;
	char branch[128];
	struct buf err;
};

static enum sub_status status_of(const struct gh_pull *p)
{
	return p->merged ? SUB_MERGED : p->open ? SUB_PR_OPEN : SUB_CLOSED;
}

static int adopt(struct run *u, const struct gh_pull *p)
{
	int64_t now = job_now(u->c);
	if (store_submission_set_pr(u->c->store, u->sub.id, p->number, p->html_url,
				    status_of(p), now, &u->err) < 0)
		return -1;
	/* the head it has now is ours: a later refresh must not call it a human's */
	if (!u->sub.commit_sha || strcmp(u->sub.commit_sha, p->head_sha) != 0) {
		if (store_submission_set_commit(u->c->store, u->sub.id, p->head_sha,
						u->sub.commit_sha, u->sub.base_sha, now, &u->err) < 0)
			return -1;
	}
	log_info("submission %lld: pull request #%lld (%s)", (long long)u->sub.id,
		 (long long)p->number, sub_status_name(status_of(p)));
	if (status_of(p) != SUB_CLOSED)
		notify_queue(u->c->store, NULL, u->c->cfg,
			     status_of(p) == SUB_MERGED ? JOB_NOTIFY_PR_MERGED : JOB_NOTIFY_PR_OPENED,
			     u->sub.id, now);
	return 0;
}

/* Which draft and branch: fixed at the first run, so that every rerun
 * looks for the same branch. */
static int choose_branch(struct run *u, const char *head)
{
	if (u->sub.branch && u->sub.draft_path) {
		snprintf(u->branch, sizeof u->branch, "%s", u->sub.branch);
		u->draft_path = xstrdup(u->sub.draft_path);
		return 0;
	}
	const struct config *cfg = u->c->cfg;
	char month[8] = "";
	if (u->sub.draft_path) {
		/* POSTS_DIR/YYYY-MM/index.md */
		size_t dl = strlen(cfg->github.posts_dir);
		const char *p = u->sub.draft_path;
		if (strncmp(p, cfg->github.posts_dir, dl) == 0 && p[dl] == '/')
			snprintf(month, sizeof month, "%.7s", p + dl + 1);
		u->draft_path = xstrdup(p);
	} else {
		/* submitted while no draft existed: the newest one now */
		if (gh_newest_month(u->c->gh, cfg->github.posts_dir, head, month, &u->r) < 0) {
			pr_fail_gh(u->c, u->sub.id, &u->r, u->out);
			return -1;
		}
		if (!*month) {
			pr_fail(u->c, u->sub.id, JOB_WAIT, u->out,
				"no draft under %s on %s yet; waiting for one", cfg->github.posts_dir,
				cfg->github.branch);
			return -1;
		}
		struct buf path = BUF_INIT;
		buf_addf(&path, "%s/%s/index.md", cfg->github.posts_dir, month);
		u->draft_path = buf_detach(&path, NULL);
	}
	snprintf(u->branch, sizeof u->branch, "newsdesk/%s/sub-%lld", *month ? month : "draft",
		 (long long)u->sub.id);
	if (store_submission_set_branch(u->c->store, u->sub.id, u->branch, u->draft_path,
					job_now(u->c), &u->err) < 0) {
		pr_fail(u->c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		return -1;
	}
	return 0;
}

static void pr_text(struct run *u, struct buf *title, struct buf *body)
{
	struct submission s = { 0 };
	struct buf err = BUF_INIT;
	char *name = NULL;
	if (submission_from_json(&s, u->sub.payload, strlen(u->sub.payload), NULL, &err) == 0) {
		name = submission_name(&s);
		submission_free(&s);
	}
	buf_release(&err);
	/* the name and the login are the contributor's text: GitHub must not
	 * mention, reference or close anything because of them */
	buf_addf(title, "%s: ", u->sub.section);
	gh_inert_text(title, name ? name : "new entry");
	buf_adds(body, "This adds ");
	gh_code_span(body, name ? name : "a new entry");
	buf_addf(body, " to the *%s* section of this month's post.\n\n", u->sub.section);
	buf_adds(body, "Contributed by ");
	/* a live mention only for an account GitHub vouched for */
	if (u->sub.author_github_id > 0) {
		gh_mention(body, u->sub.author);
		buf_adds(body, " (signed in with GitHub)");
	} else {
		gh_code_span(body, u->sub.author);
		if (u->c->cfg->github.anonymous_contributions != ANON_ALLOWED)
			buf_adds(body, " (**not verified**: they did not sign in with GitHub)");
	}
	buf_adds(body, " through newsdesk and approved by a maintainer.\n\n");
	buf_addf(body, "File: `%s`\n", u->draft_path);
	if (u->sub.status_token)
		buf_addf(body, "Status page: %s/s/%s\n", u->c->cfg->server.public_url,
			 u->sub.status_token);
	buf_adds(body, "\n<sub>newsdesk keeps this branch up to date with `");
	buf_adds(body, u->c->cfg->github.branch);
	buf_adds(body, "` until someone else pushes to it.</sub>\n");
	free(name);
}

/* The branch exists: a previous attempt of ours made it and died before
 * its pull request, so it may point at an older commit. */
static int reuse_branch(struct run *u, const char *commit)
{
	char sha[GH_SHA_HEX];
	if (gh_get_branch_ref(u->c->gh, u->branch, sha, &u->r) < 0)
		return -1;
	if (strcmp(sha, commit) == 0)
		return 0;
	return gh_move_branch_ref(u->c->gh, u->branch, commit, true, &u->r);
}

/* The issue came out first: never into a published post.  The entry
 * moves to the next draft, on a branch named after it, and the next run
 * opens it there (not a failure). */
static void move_to_next_draft(struct run *u, const char *head)
{
	struct job_env *c = u->c;
	char *next = NULL;
	int moved = pr_next_draft(c, &u->sub, u->draft_path, head, &next, &u->r, u->out);
	if (moved == 1) {
		char month[8], branch[96];
		issue_month_of_path(next, c->cfg->github.posts_dir, month);
		snprintf(branch, sizeof branch, "newsdesk/%s/sub-%lld", month,
			 (long long)u->sub.id);
		if (store_submission_set_branch(c->store, u->sub.id, branch, next, job_now(c),
						&u->err) < 0) {
			pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		} else {
			u->out->result = JOB_RETRY;
			u->out->retry_after = 1;
			buf_addf(&u->out->message, "moved to %s", next);
		}
	}
	free(next);
}

/* 3. The commit is recorded before any branch points at it (so that a
 * lost answer still knows the branch as ours), then the branch made. */
static int push_commit(struct run *u, const char *head, const char *commit)
{
	struct job_env *c = u->c;
	if (store_submission_set_commit(c->store, u->sub.id, commit, NULL, head, job_now(c),
					&u->err) < 0) {
		pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		return -1;
	}
	free(u->sub.commit_sha);
	free(u->sub.base_sha);
	u->sub.commit_sha = xstrdup(commit);
	u->sub.base_sha = xstrdup(head);
	if (gh_create_branch_ref(c->gh, u->branch, commit, &u->r) < 0) {
		if (u->r.kind != GH_EXISTS || reuse_branch(u, commit) < 0) {
			pr_fail_gh(c, u->sub.id, &u->r, u->out);
			return -1;
		}
	}
	return 0;
}

/* 4. The pull request, then adopted as the entry's. */
static void create_pull(struct run *u)
{
	struct job_env *c = u->c;
	struct gh_pull p;
	struct buf title = BUF_INIT, body = BUF_INIT;
	pr_text(u, &title, &body);
	const struct gh_pull_new n = { title.p, u->branch, c->cfg->github.branch, body.p };
	int rc = gh_create_pull(c->gh, &n, &p, &u->r);
	buf_release(&title);
	buf_release(&body);
	if (rc < 0 && u->r.kind == GH_EXISTS) {
		/* an earlier attempt opened it and its answer was lost */
		rc = gh_find_pull(c->gh, u->branch, &p, &u->r) == 1 ? 0 : -1;
	} else if (rc < 0 && u->r.kind == GH_NO_CHANGE) {
		/* someone merged our branch by hand */
		if (store_submission_set_status(c->store, u->sub.id, SUB_MERGED, NULL, job_now(c),
						&u->err) < 0)
			pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		return;
	}
	if (rc < 0) {
		pr_fail_gh(c, u->sub.id, &u->r, u->out);
		return;
	}
	if (adopt(u, &p) < 0)
		pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
}

static void open_pr(struct run *u)
{
	struct job_env *c = u->c;
	struct gh_pull p;
	char head[GH_SHA_HEX], tree[GH_SHA_HEX], commit[GH_SHA_HEX];

	if (gh_get_branch(c->gh, c->cfg->github.branch, head, tree, &u->r) < 0) {
		pr_fail_gh(c, u->sub.id, &u->r, u->out);
		return;
	}
	if (choose_branch(u, head) < 0)
		return;
	/* 1. look first */
	int found = gh_find_pull(c->gh, u->branch, &p, &u->r);
	if (found < 0) {
		pr_fail_gh(c, u->sub.id, &u->r, u->out);
		return;
	}
	if (found) {
		if (adopt(u, &p) < 0)
			pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		return;
	}
	/* 2. the commit */
	int built = pr_build_commit(c, &u->sub, u->draft_path, head, tree, commit, &u->r, u->out);
	if (built < 0)
		return;
	if (built == 2) {
		move_to_next_draft(u, head);
		return;
	}
	if (built == 1) {
		if (store_submission_set_status(c->store, u->sub.id, SUB_MERGED, NULL, job_now(c),
						&u->err) < 0 ||
		    store_submission_set_note(c->store, u->sub.id,
					      "The draft already had this block; no pull request was needed.",
					      job_now(c), &u->err) < 0)
			pr_fail(c, u->sub.id, JOB_RETRY, u->out, "%s", u->err.p);
		return;
	}
	if (push_commit(u, head, commit) == 0)
		create_pull(u);
}

void pr_open_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct run u = { .c = ctx, .out = out };
	buf_init(&u.err);
	out->result = JOB_DONE;
	int got = store_submission_get(u.c->store, job->subject_id, &u.sub, &u.err);
	if (got < 0) {
		pr_fail(u.c, 0, JOB_RETRY, out, "%s", u.err.p);
	} else if (got == 0) {
		pr_fail(u.c, 0, JOB_FAILED, out, "submission %lld does not exist",
			(long long)job->subject_id);
	} else if (u.sub.status == SUB_APPROVED) {
		open_pr(&u);
	}
	/* any other status: the work was done (or undone) already */
	gh_response_free(&u.r);
	store_submission_free(&u.sub);
	free(u.draft_path);
	buf_release(&u.err);
}
