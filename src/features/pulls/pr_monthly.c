/* pr_monthly.c: one rolling pull request per issue (pr_jobs.h) */
#include "features/pulls/pr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "features/pulls/inert_text.h"
#include "jobs/kinds.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "store/jobs.h"
#include "store/submissions.h"

struct month_run {
	struct job_env *c;
	struct job_outcome *out;
	struct gh_response r;
	struct buf err;
	char head[GH_SHA_HEX], tree[GH_SHA_HEX];
	char *path;                  /* the issue's draft */
	char month[8];
	char branch[128];
	struct store_submission *subs;
	size_t n;
	bool *in;                    /* which entries the chain holds */
};

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void note(struct month_run *u, int64_t id, const char *text)
{
	if (store_submission_set_note(u->c->store, id, text, job_now(u->c), &u->err) < 0)
		log_warn("submission %lld: %s", (long long)id, u->err.p);
}

/* The branch of this batch: the one its entries already have, else one
 * named after its first entry. */
static void choose_branch(struct month_run *u)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->subs[i].branch && u->subs[i].status == SUB_PR_OPEN) {
			snprintf(u->branch, sizeof u->branch, "%s", u->subs[i].branch);
			return;
		}
	snprintf(u->branch, sizeof u->branch, "newsdesk/%s/monthly-%lld",
		 *u->month ? u->month : "draft", u->n ? (long long)u->subs[0].id : 0LL);
}

/* Entries whose pull request was merged or closed leave the batch. */
static int settle(struct month_run *u, const struct gh_pull *p)
{
	enum sub_status st = p->merged ? SUB_MERGED : SUB_CLOSED;
	size_t kept = 0;
	for (size_t i = 0; i < u->n; i++) {
		if (u->subs[i].pr_number == p->number) {
			if (store_submission_set_status(u->c->store, u->subs[i].id, st, NULL,
							job_now(u->c), &u->err) < 0)
				return -1;
			if (st == SUB_MERGED)
				notify_queue(u->c->store, NULL, u->c->cfg, JOB_NOTIFY_PR_MERGED,
					     u->subs[i].id, job_now(u->c));
			store_submission_free(&u->subs[i]);
			continue;
		}
		u->subs[kept++] = u->subs[i];
	}
	u->n = kept;
	return 0;
}

/* Nothing to do: every entry is in this open pull request, on this head. */
static bool current(const struct month_run *u, const struct gh_pull *p)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->subs[i].pr_number != p->number || !same(u->subs[i].base_sha, u->head) ||
		    !same(u->subs[i].commit_sha, p->head_sha))
			return false;
	return u->n > 0;
}

/* Did we push the pull request's head (this time or the time before)? */
static bool ours(const struct month_run *u, const struct gh_pull *p)
{
	/* (its number may not be recorded yet: the answer that made it was lost) */
	for (size_t i = 0; i < u->n; i++)
		if (same(u->subs[i].commit_sha, p->head_sha) ||
		    same(u->subs[i].prev_commit_sha, p->head_sha))
			return true;
	return false;
}

static void pr_text(struct month_run *u, struct buf *title, struct buf *body)
{
	size_t count = 0;
	for (size_t i = 0; i < u->n; i++)
		count += u->in[i];
	buf_addf(title, "%s: %zu contribution%s through newsdesk", *u->month ? u->month : "Draft",
		 count, count == 1 ? "" : "s");
	buf_addf(body, "The contributions to the %s issue that maintainers approved, one commit "
		       "each (authored by its contributor):\n\n", *u->month ? u->month : "next");
	for (size_t i = 0; i < u->n; i++) {
		if (!u->in[i])
			continue;
		struct submission s = { 0 };
		char *name = NULL;
		if (submission_from_json(&s, u->subs[i].payload, strlen(u->subs[i].payload), NULL,
					 &u->err) == 0) {
			name = submission_name(&s);
			submission_free(&s);
		}
		buf_adds(body, "- *");
		gh_inert_text(body, u->subs[i].section);
		buf_adds(body, "*: ");
		gh_code_span(body, name ? name : "a block");
		buf_adds(body, " by ");
		if (u->subs[i].author_github_id > 0)
			gh_mention(body, u->subs[i].author);
		else
			gh_code_span(body, u->subs[i].author);
		buf_adds(body, u->subs[i].author_github_id > 0 ? " (signed in with GitHub)"
							       : " (not verified)");
		if (u->subs[i].status_token)
			buf_addf(body, " — %s/s/%s", u->c->cfg->server.public_url,
				 u->subs[i].status_token);
		buf_addc(body, '\n');
		free(name);
	}
	buf_addf(body, "\nFile: `%s`\n\n<sub>newsdesk rebuilds this branch on `%s` when it moves "
		       "and adds each new approval, until someone else pushes to it.</sub>\n",
		 u->path, u->c->cfg->github.branch);
}

/* The issue came out first: the batch moves to the next draft (its open
 * pull request, if any, is closed: it would write into a published post). */
static void move_on(struct month_run *u, const struct gh_pull *p, bool found)
{
	char *next = NULL;
	int moved = pr_next_draft(u->c, &u->subs[0], u->path, u->head, &next, &u->r, u->out);
	if (moved <= 0)
		return;
	if (found && p->open) {
		struct gh_pull closed;
		const struct gh_pull_edit close = { .state = "closed" };
		if (gh_update_pull(u->c->gh, p->number, &close, &closed, &u->r) < 0) {
			pr_fail_gh(u->c, u->subs[0].id, &u->r, u->out);
			free(next);
			return;
		}
	}
	char month[8], branch[128];
	issue_month_of_path(next, u->c->cfg->github.posts_dir, month);
	snprintf(branch, sizeof branch, "newsdesk/%s/monthly-%lld", month,
		 (long long)u->subs[0].id);
	for (size_t i = 0; i < u->n; i++) {
		if (store_submission_set_branch(u->c->store, u->subs[i].id, branch, next,
						job_now(u->c), &u->err) < 0 ||
		    store_submission_set_status(u->c->store, u->subs[i].id, SUB_APPROVED, NULL,
						job_now(u->c), &u->err) < 0) {
			pr_fail(u->c, u->subs[i].id, JOB_RETRY, u->out, "%s", u->err.p);
			break;
		}
		note(u, u->subs[i].id, "Moved to the next issue: this one was published first.");
	}
	if (u->out->result == JOB_DONE) {
		u->out->result = JOB_RETRY;
		u->out->retry_after = 1;
		buf_addf(&u->out->message, "moved to %s", next);
	}
	free(next);
}

/* The entry applied to text here, with no request: 0, or -1 when it does
 * not apply as it did (then the chain is made again from the head). */
static int apply_here(struct month_run *u, size_t i, struct buf *text)
{
	struct submission s;
	struct draft d;
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool already = false;
	int rc = -1;
	if (submission_from_json(&s, u->subs[i].payload, strlen(u->subs[i].payload), NULL,
				 &err) == 0) {
		if (draft_parse(&d, text->p ? text->p : "", text->len, &err) == 0) {
			if (draft_apply(&d, &s, &u->c->cfg->draft.site, &out, &already, NULL, &err) == 0 &&
			    !already)
				rc = 0;
			draft_free(&d);
		}
		submission_free(&s);
	}
	if (rc == 0) {
		buf_reset(text);
		buf_add(text, out.p, out.len);
	}
	buf_release(&out);
	buf_release(&err);
	return rc;
}

/* How many leading entries the open pull request holds as they are: its
 * head is their recorded tip on this head of the branch.  Those need no
 * new commits; only the entries after them are committed on its head. */
static size_t held_already(struct month_run *u, const struct gh_pull *p, bool found,
			   struct buf *text)
{
	size_t k = 0;
	while (found && p->open && k < u->n && u->subs[k].pr_number == p->number &&
	       same(u->subs[k].base_sha, u->head) && same(u->subs[k].commit_sha, p->head_sha))
		k++;
	struct buf mine = BUF_INIT;
	buf_add(&mine, text->p, text->len);
	for (size_t i = 0; i < k; i++) {
		if (apply_here(u, i, &mine) < 0) {
			k = 0;
			break;
		}
	}
	if (k) {
		buf_reset(text);
		buf_add(text, mine.p, mine.len);
		for (size_t i = 0; i < k; i++)
			u->in[i] = true;
	}
	buf_release(&mine);
	return k;
}

/* Every entry, one commit each, on the head (after those the pull request
 * holds already): the last commit into tip. */
static int build(struct month_run *u, const struct gh_pull *p, bool found, char tip[GH_SHA_HEX])
{
	struct buf text = BUF_INIT;
	struct pr_step step = { .text = BUF_INIT };
	char parent[GH_SHA_HEX], tree[GH_SHA_HEX];
	memcpy(parent, u->head, GH_SHA_HEX);
	/* a commit's tree is next's with the draft as it is then: the base
	 * tree is next's whichever commit it goes on */
	memcpy(tree, u->tree, GH_SHA_HEX);
	int rc = pr_read_draft(u->c, &u->subs[0], u->path, u->head, &text, &u->r, u->out);
	size_t from = rc == 0 ? held_already(u, p, found, &text) : 0;
	if (from)
		memcpy(parent, p->head_sha, GH_SHA_HEX);
	for (size_t i = from; rc == 0 && i < u->n; i++) {
		int got = pr_commit_entry(u->c, &u->subs[i], u->path, text.p, text.len, parent, tree,
					  &step, &u->r, u->out);
		if (got == 2) {
			move_on(u, p, found);
			rc = 1;
		} else if (got == 1) {
			/* the draft has it by now (a maintainer pasted it) */
			if (store_submission_set_status(u->c->store, u->subs[i].id, SUB_MERGED, NULL,
							job_now(u->c), &u->err) < 0)
				rc = -1;
			note(u, u->subs[i].id, "The draft already had this block; no pull request "
					       "was needed.");
		} else if (got < 0) {
			rc = -1;
		} else {
			u->in[i] = true;
			memcpy(parent, step.commit, GH_SHA_HEX);
			memcpy(tree, step.tree, GH_SHA_HEX);
			buf_reset(&text);
			buf_add(&text, step.text.p, step.text.len);
		}
	}
	memcpy(tip, parent, GH_SHA_HEX);
	buf_release(&text);
	buf_release(&step.text);
	return rc;
}

/* 1. Look first: a batch whose pull request was merged or closed settles
 * those entries and looks again.  Answers found (0 or 1) or -1 (failed). */
static int find_batch_pull(struct month_run *u, struct gh_pull *p)
{
	struct job_env *c = u->c;
	int found = 0;
	for (int round = 0; round < 3; round++) {
		choose_branch(u);
		found = gh_find_pull(c->gh, u->branch, p, &u->r);
		if (found < 0) {
			pr_fail_gh(c, u->n ? u->subs[0].id : 0, &u->r, u->out);
			return -1;
		}
		if (!found || p->open)
			break;
		if (settle(u, p) < 0) {
			pr_fail(c, 0, JOB_RETRY, u->out, "%s", u->err.p);
			return -1;
		}
		found = 0;
	}
	return found;
}

/* 2. The chain is recorded before the branch points at it, so that a
 * lost answer finds its own commits again (ours()). */
static int record_chain(struct month_run *u, const char tip[GH_SHA_HEX])
{
	struct job_env *c = u->c;
	for (size_t i = 0; i < u->n; i++) {
		if (!u->in[i])
			continue;
		if (store_submission_set_branch(c->store, u->subs[i].id, u->branch, u->path,
						job_now(c), &u->err) < 0 ||
		    store_submission_set_commit(c->store, u->subs[i].id, tip, u->subs[i].commit_sha,
						u->head, job_now(c), &u->err) < 0) {
			pr_fail(c, u->subs[i].id, JOB_RETRY, u->out, "%s", u->err.p);
			return -1;
		}
	}
	return 0;
}

/* 3. The branch points at tip: moved, or made where it is not (or not any
 * more: deleted by hand, or refused as it stands). */
static int point_branch(struct month_run *u, const struct gh_pull *p, bool found,
			const char tip[GH_SHA_HEX])
{
	struct job_env *c = u->c;
	char at[GH_SHA_HEX];
	/* an open pull request's branch is there: moved without a look */
	int exists = found && p->open ? 0 : gh_get_branch_ref(c->gh, u->branch, at, &u->r);
	if (exists < 0 && u->r.kind != GH_NOT_FOUND) {
		pr_fail_gh(c, u->subs[0].id, &u->r, u->out);
		return -1;
	}
	int moved = exists == 0 ? gh_move_branch_ref(c->gh, u->branch, tip, true, &u->r)
				: gh_create_branch_ref(c->gh, u->branch, tip, &u->r);
	if (moved < 0 && exists != 0 && u->r.kind == GH_EXISTS)
		moved = gh_move_branch_ref(c->gh, u->branch, tip, true, &u->r);
	if (moved < 0 && exists == 0 && (u->r.kind == GH_NOT_FOUND || u->r.kind == GH_INVALID))
		moved = gh_create_branch_ref(c->gh, u->branch, tip, &u->r);
	if (moved < 0) {
		pr_fail_gh(c, u->subs[0].id, &u->r, u->out);
		return -1;
	}
	return 0;
}

/* 4. The one pull request: made, or told what it holds now; p becomes it. */
static int open_or_update_pull(struct month_run *u, struct gh_pull *p, bool found)
{
	struct job_env *c = u->c;
	struct buf title = BUF_INIT, body = BUF_INIT;
	pr_text(u, &title, &body);
	int rc;
	if (found) {
		const struct gh_pull_edit e = { .title = title.p, .body = body.p };
		rc = gh_update_pull(c->gh, p->number, &e, p, &u->r);
	} else {
		const struct gh_pull_new n = { title.p, u->branch, c->cfg->github.branch, body.p };
		rc = gh_create_pull(c->gh, &n, p, &u->r);
		if (rc < 0 && u->r.kind == GH_EXISTS)
			rc = gh_find_pull(c->gh, u->branch, p, &u->r) == 1 ? 0 : -1;
	}
	buf_release(&title);
	buf_release(&body);
	if (rc < 0)
		pr_fail_gh(c, u->subs[0].id, &u->r, u->out);
	return rc;
}

/* Each entry the chain holds is in pull request p; those new to it are told. */
static int record_pull(struct month_run *u, const struct gh_pull *p)
{
	struct job_env *c = u->c;
	for (size_t i = 0; i < u->n; i++) {
		if (!u->in[i])
			continue;
		bool fresh = u->subs[i].pr_number != p->number;
		if (store_submission_set_pr(c->store, u->subs[i].id, p->number, p->html_url,
					    SUB_PR_OPEN, job_now(c), &u->err) < 0 ||
		    store_submission_set_error(c->store, u->subs[i].id, NULL, job_now(c),
					       &u->err) < 0) {
			pr_fail(c, u->subs[i].id, JOB_RETRY, u->out, "%s", u->err.p);
			return -1;
		}
		if (fresh)
			notify_queue(c->store, NULL, c->cfg, JOB_NOTIFY_PR_OPENED, u->subs[i].id,
				     job_now(c));
	}
	return 0;
}

static void run_batch(struct month_run *u)
{
	struct gh_pull p = { 0 };
	int found = find_batch_pull(u, &p);
	if (found < 0 || u->n == 0)
		return;
	if (found && current(u, &p))
		return;
	if (found && !ours(u, &p)) {
		for (size_t i = 0; i < u->n; i++)
			note(u, u->subs[i].id, "Someone else pushed to the issue's pull request, so "
					       "newsdesk no longer rebuilds it.");
		return;
	}
	char tip[GH_SHA_HEX];
	u->in = xcalloc(u->n, sizeof *u->in);
	if (build(u, &p, found, tip) != 0)
		return;
	size_t held = 0;
	for (size_t i = 0; i < u->n; i++)
		held += u->in[i];
	if (!held)
		return;
	if (record_chain(u, tip) < 0 || point_branch(u, &p, found, tip) < 0 ||
	    open_or_update_pull(u, &p, found) < 0 || record_pull(u, &p) < 0)
		return;
	log_info("issue %s: pull request #%lld holds %zu entries", u->month, (long long)p.number,
		 held);
}

void pr_monthly_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct month_run u = { .c = ctx, .out = out, .err = BUF_INIT };
	struct store_submission trigger;
	out->result = JOB_DONE;
	int got = store_submission_get(u.c->store, job->subject_id, &trigger, &u.err);
	if (got <= 0) {
		if (got < 0)
			pr_fail(u.c, 0, JOB_RETRY, out, "%s", u.err.p);
		buf_release(&u.err);
		return;
	}
	const struct config *cfg = u.c->cfg;
	if (trigger.status != SUB_APPROVED && trigger.status != SUB_PR_OPEN)
		goto done;
	if (gh_get_branch(u.c->gh, cfg->github.branch, u.head, u.tree, &u.r) <
	    0) {
		pr_fail_gh(u.c, trigger.id, &u.r, out);
		goto done;
	}
	if (trigger.draft_path) {
		u.path = xstrdup(trigger.draft_path);
	} else {
		if (gh_newest_month(u.c->gh, cfg->github.posts_dir, u.head, u.month,
				    &u.r) < 0) {
			pr_fail_gh(u.c, trigger.id, &u.r, out);
			goto done;
		}
		if (!*u.month) {
			pr_fail(u.c, trigger.id, JOB_WAIT, out, "no draft under %s on %s yet; "
				"waiting for one", cfg->github.posts_dir, cfg->github.branch);
			goto done;
		}
		struct buf p = BUF_INIT;
		buf_addf(&p, "%s/%s/index.md", cfg->github.posts_dir, u.month);
		u.path = buf_detach(&p, NULL);
	}
	issue_month_of_path(u.path, cfg->github.posts_dir, u.month);
	if (store_submission_batch(u.c->store, u.path, &u.subs, &u.n, &u.err) < 0) {
		pr_fail(u.c, trigger.id, JOB_RETRY, out, "%s", u.err.p);
		goto done;
	}
	run_batch(&u);
done:
	store_submission_free(&trigger);
	store_submissions_free(u.subs, u.n);
	free(u.in);
	free(u.path);
	gh_response_free(&u.r);
	buf_release(&u.err);
}
