/* pr_common.c: reading the draft, applying a submission and committing it,
 * shared by the jobs that open and refresh pull requests */
#include "features/pulls/pr_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/identity.h"
#include "draft/draft.h"
#include "features/pulls/inert_text.h"
#include "draft/internal_pages.h"
#include "jobs/kinds.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "store/submissions.h"

static void keep_error(struct job_env *c, int64_t sub_id, const char *msg)
{
	struct buf err = BUF_INIT;
	if (sub_id && store_submission_set_error(c->store, sub_id, msg, job_now(c), &err) < 0)
		log_warn("submission %lld: %s", (long long)sub_id, err.p);
	buf_release(&err);
}

void pr_fail_gh(struct job_env *c, int64_t sub_id, const struct gh_response *r,
		struct job_outcome *out)
{
	job_fail_gh(out, r);
	keep_error(c, sub_id, out->message.p);
}

void pr_fail(struct job_env *c, int64_t sub_id, enum job_result result,
	     struct job_outcome *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	job_vfail(out, result, fmt, ap);
	va_end(ap);
	/* waiting is said in the submission's note, not as an error */
	if (result != JOB_WAIT)
		keep_error(c, sub_id, out->message.p);
}

/* Whose commit it is.  GitHub credits a commit to the account whose
 * noreply address it carries: only a login GitHub vouched for gets it.  An
 * unverified login is credited as typed only where the operator allows
 * that (anonymous_contributions = "allowed"); otherwise the commit says it
 * is unverified and carries an address no account can own (.invalid). */
static void commit_author(const struct config *cfg, const struct store_submission *sub,
			  struct buf *name, struct buf *email)
{
	if (sub->author_github_id > 0) {
		struct github_identity who = { .id = sub->author_github_id };
		snprintf(who.login, sizeof who.login, "%s", sub->author);
		buf_adds(name, sub->author);
		github_noreply_email(&who, email);
	} else if (cfg->github.anonymous_contributions == ANON_ALLOWED) {
		buf_adds(name, sub->author);
		buf_addf(email, "%s@users.noreply.github.com", sub->author);
	} else {
		buf_addf(name, "%s (unverified)", sub->author);
		buf_adds(email, "unverified@newsdesk.invalid");
	}
}

/* The changed draft links only to pages (and anchors) the site has on the
 * parent: otherwise Zola would stop building the site. */
static int check_pages(struct job_env *c, const struct store_submission *sub,
		       const char *draft_path, const char *text, size_t len,
		       const struct buf *changed, const char *parent, struct gh_response *r,
		       struct job_outcome *out)
{
	char missing[256];
	int pages = internal_pages_check(&(struct site_reader){ c->gh, c->cfg }, text ? text : "", len, changed->p, changed->len, parent,
					 draft_path, missing, sizeof missing, r);
	if (pages < 0) {
		pr_fail_gh(c, sub->id, r, out);
		return -1;
	}
	if (pages > 0) {
		pr_fail(c, sub->id, JOB_FAILED, out,
			"links to %s, which is not a page (or an anchor of one) on %s: Zola would"
			" stop building the site (edit the link and approve again)", missing,
			c->cfg->github.branch);
		return -1;
	}
	return 0;
}

/* The changed draft as one commit on parent, credited to its contributor:
 * next's tree and commit. */
static int make_commit(struct job_env *c, const struct store_submission *sub,
		       const struct submission *s, const struct buf *changed,
		       const char *draft_path, const char *tree, const char *parent,
		       struct pr_step *next, struct gh_response *r, struct job_outcome *out)
{
	if (gh_create_tree(c->gh, tree, draft_path, changed, next->tree, r) < 0) {
		pr_fail_gh(c, sub->id, r, out);
		return -1;
	}
	char *name = submission_name(s);
	struct buf msg = BUF_INIT;
	/* a closing keyword in a commit message closes issues once it reaches
	 * the default branch: nothing the contributor wrote may be one */
	buf_addf(&msg, "%s: add ", sub->section);
	gh_inert_text(&msg, name);
	buf_adds(&msg, "\n\nSubmitted by ");
	gh_inert_text(&msg, sub->author);
	buf_addf(&msg, " through newsdesk (submission %lld).\n", (long long)sub->id);
	/* the approval time as author date keeps a re-run's commit identical */
	char date[32];
	time_rfc3339(sub->approved_at ? sub->approved_at : sub->created_at, date);
	struct buf email = BUF_INIT, author = BUF_INIT;
	commit_author(c->cfg, sub, &author, &email);
	struct gh_commit_new cn = {
		.message = msg.p, .tree = next->tree, .parent = parent, .author_name = author.p,
		.author_email = email.p, .author_date = date,
	};
	int ok = gh_create_commit(c->gh, &cn, next->commit, r);
	buf_release(&email);
	buf_release(&author);
	buf_release(&msg);
	free(name);
	if (ok < 0) {
		pr_fail_gh(c, sub->id, r, out);
		return -1;
	}
	return 0;
}

int pr_commit_entry(struct job_env *c, const struct store_submission *sub,
		    const char *draft_path, const char *text, size_t len, const char *parent,
		    const char *tree, struct pr_step *next, struct gh_response *r,
		    struct job_outcome *out)
{
	struct buf changed = BUF_INIT, err = BUF_INIT;
	struct draft d = { 0 };
	struct submission s = { 0 };
	bool parsed = false, have_sub = false, already = false;
	int rc = -1;
	if (draft_parse(&d, text ? text : "", len, &err) < 0) {
		pr_fail(c, sub->id, JOB_FAILED, out, "%s: %s", draft_path, err.p);
		goto done;
	}
	parsed = true;
	if (d.published) {
		rc = 2;
		goto done;
	}
	if (submission_from_json(&s, sub->payload, strlen(sub->payload), NULL, &err) < 0) {
		pr_fail(c, sub->id, JOB_FAILED, out, "stored submission: %s", err.p);
		goto done;
	}
	have_sub = true;
	if (draft_apply(&d, &s, &c->cfg->draft.site, &changed, &already, NULL,
			&err) < 0) {
		pr_fail(c, sub->id, JOB_FAILED, out, "cannot apply to %s: %s", draft_path, err.p);
		goto done;
	}
	if (already) {
		rc = 1;
		goto done;
	}
	if (check_pages(c, sub, draft_path, text, len, &changed, parent, r, out) < 0 ||
	    make_commit(c, sub, &s, &changed, draft_path, tree, parent, next, r, out) < 0)
		goto done;
	buf_reset(&next->text);
	buf_add(&next->text, changed.p, changed.len);
	rc = 0;
done:
	if (have_sub)
		submission_free(&s);
	if (parsed)
		draft_free(&d);
	buf_release(&changed);
	buf_release(&err);
	return rc;
}

int pr_read_draft(struct job_env *c, const struct store_submission *sub, const char *draft_path,
		  const char *head, struct buf *text, struct gh_response *r,
		  struct job_outcome *out)
{
	if (gh_get_file(c->gh, draft_path, head, text, r) == 0)
		return 0;
	if (r->kind == GH_NOT_FOUND)
		pr_fail(c, sub->id, JOB_FAILED, out, "the draft %s is not on %s any more", draft_path,
			c->cfg->github.branch);
	else
		pr_fail_gh(c, sub->id, r, out);
	return -1;
}

int pr_build_commit(struct job_env *c, const struct store_submission *sub,
		    const char *draft_path, const char *head, const char *tree,
		    char commit[GH_SHA_HEX], struct gh_response *r,
		    struct job_outcome *out)
{
	struct buf text = BUF_INIT;
	struct pr_step step = { .text = BUF_INIT };
	int rc = pr_read_draft(c, sub, draft_path, head, &text, r, out);
	if (rc == 0)
		rc = pr_commit_entry(c, sub, draft_path, text.p, text.len, head, tree, &step, r,
				     out);
	if (rc == 0)
		memcpy(commit, step.commit, GH_SHA_HEX);
	buf_release(&text);
	buf_release(&step.text);
	return rc;
}

int pr_next_draft(struct job_env *c, const struct store_submission *sub, const char *path,
		  const char *head, char **next, struct gh_response *r, struct job_outcome *out)
{
	const struct config *cfg = c->cfg;
	char month[8], was[8];
	*next = NULL;
	if (gh_newest_month(c->gh, cfg->github.posts_dir, head, month, r) < 0) {
		pr_fail_gh(c, sub->id, r, out);
		return -1;
	}
	issue_month_of_path(path, cfg->github.posts_dir, was);
	struct buf p = BUF_INIT, msg = BUF_INIT, err = BUF_INIT;
	buf_addf(&p, "%s/%s/index.md", cfg->github.posts_dir, month);
	int rc;
	if (!*month || strcmp(p.p, path) == 0) {
		buf_addf(&msg, "The %s issue was published first; this entry goes into the next "
			       "issue as soon as its draft is there.", was);
		pr_fail(c, sub->id, JOB_WAIT, out, "the %s issue is published; waiting for the "
						   "next draft", was);
		rc = 0;
	} else {
		buf_addf(&msg, "Moved to the %s issue: the %s issue was published first.", month,
			 was);
		log_info("submission %lld: %s", (long long)sub->id, msg.p);
		notify_queue(c->store, NULL, cfg, JOB_NOTIFY_SUB_MOVED, sub->id, job_now(c));
		*next = buf_detach(&p, NULL);
		rc = 1;
	}
	if (store_submission_set_note(c->store, sub->id, msg.p, job_now(c), &err) < 0)
		log_warn("submission %lld: %s", (long long)sub->id, err.p);
	buf_release(&p);
	buf_release(&msg);
	buf_release(&err);
	return rc;
}
