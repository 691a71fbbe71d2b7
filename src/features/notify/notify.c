/* notify.c: the outgoing webhook for events maintainers want to know */
#include "features/notify/notify.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/outgoing.h"
#include "util/log.h"
#include "util/text_fmt.h"
#include "store/comments.h"
#include "store/jobs.h"
#include "store/submissions.h"

#define NOTIFY_TIMEOUT_MS 10000L

/* The event each notification kind announces (NULL: not a notification). */
static const char *const events[JOB_KIND__COUNT] = {
	[JOB_NOTIFY_COMMENT] = "comment.pending", [JOB_NOTIFY_SUB_PENDING] = "submission.pending",
	[JOB_NOTIFY_PR_OPENED] = "pull_request.opened",
	[JOB_NOTIFY_PR_MERGED] = "pull_request.merged", [JOB_NOTIFY_SUB_MOVED] = "submission.moved",
	[JOB_NOTIFY_SUB_CHANGES] = "submission.changes_requested",
	[JOB_NOTIFY_SUB_UPDATED] = "submission.updated",
};

static const char *event_of(enum job_kind kind)
{
	return (unsigned)kind < JOB_KIND__COUNT ? events[kind] : NULL;
}

static char *dump(json_t *doc)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

/* A chat line: Slack's mrkdwn links are <URL|text>; the person's text is
 * kept out of the markup characters that would change it. */
static void chat_text(struct buf *b, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++) {
		if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else if (*s == '&')
			buf_adds(b, "&amp;");
		else
			buf_addc(b, *s == '\n' ? ' ' : *s);
	}
	if (*s)
		buf_adds(b, "…");
}

/* A chat message (Slack's shape): the text so far, then a link to where a
 * maintainer acts on it; t is released. */
static json_t *chat_doc(struct buf *t, const char *url, const char *label)
{
	buf_addf(t, " <%s|%s>", url, label);
	json_t *doc = json_pack("{s:s}", "text", t->p);
	buf_release(t);
	return doc;
}

char *notify_comment_body(const struct config *cfg, const struct store_comment *c)
{
	char created[TIME_RFC3339_MAX];
	time_rfc3339(c->created_at, created);
	struct buf moderate = BUF_INIT;
	buf_addf(&moderate, "%s/admin#comments", cfg->server.public_url);
	json_t *doc;
	if (cfg->comments.notify_format == NOTIFY_SLACK) {
		struct buf t = BUF_INIT;
		buf_adds(&t, "New comment waiting for moderation on ");
		chat_text(&t, c->page, 200);
		buf_adds(&t, " by ");
		chat_text(&t, c->author, 80);
		buf_adds(&t, ": ");
		chat_text(&t, c->body_md, 300);
		doc = chat_doc(&t, moderate.p, "Moderate");
	} else {
		doc = json_pack("{s:s,s:{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s},s:s}", "event",
				"comment.pending", "comment", "id", (json_int_t)c->id, "page",
				c->page, "author", c->author, "email", c->email, "website",
				c->website, "body", c->body_md, "created_at", created,
				"moderate_url", moderate.p);
	}
	buf_release(&moderate);
	return dump(doc);
}

static const char *headline(const char *event)
{
	if (strcmp(event, "submission.pending") == 0)
		return "New contribution waiting for review";
	if (strcmp(event, "pull_request.opened") == 0)
		return "Pull request opened for a contribution";
	if (strcmp(event, "pull_request.merged") == 0)
		return "Contribution merged into the draft";
	if (strcmp(event, "submission.changes_requested") == 0)
		return "Changes asked of a contribution";
	if (strcmp(event, "submission.updated") == 0)
		return "Contribution revised, waiting for review again";
	return "Contribution moved to the next issue";
}

char *notify_submission_body(const struct config *cfg, const char *event,
			     const struct store_submission *sub)
{
	struct buf review = BUF_INIT;
	buf_addf(&review, "%s/admin", cfg->server.public_url);
	json_t *doc;
	if (cfg->comments.notify_format == NOTIFY_SLACK) {
		struct buf t = BUF_INIT;
		buf_addf(&t, "%s: ", headline(event));
		chat_text(&t, sub->section, 100);
		buf_adds(&t, " by @");
		chat_text(&t, sub->author, 40);
		if (sub->author_github_id <= 0)
			buf_adds(&t, " (not verified)");
		if (sub->pr_url && strcmp(event, "submission.pending") != 0)
			buf_addf(&t, " <%s|#%lld>", sub->pr_url, (long long)sub->pr_number);
		if (sub->note && strcmp(event, "submission.moved") == 0) {
			buf_adds(&t, ". ");
			chat_text(&t, sub->note, 200);
		}
		if (sub->reason && sub->status == SUB_CHANGES_REQUESTED) {
			buf_adds(&t, ": ");
			chat_text(&t, sub->reason, 200);
		}
		doc = chat_doc(&t, review.p, "Review");
	} else {
		const char *asked = sub->status == SUB_CHANGES_REQUESTED ? sub->reason : NULL;
		doc = json_pack("{s:s,s:{s:I,s:s,s:s,s:b,s:s,s:s?,s:s?,s:s?},s:s}", "event", event,
				"submission", "id", (json_int_t)sub->id, "section", sub->section,
				"author", sub->author, "author_verified", sub->author_github_id > 0,
				"status", sub_status_name(sub->status), "pr_url", sub->pr_url,
				"note", sub->note, "changes_requested", asked, "review_url", review.p);
	}
	buf_release(&review);
	return dump(doc);
}

/* The body for job, or NULL when the news is stale; -1 on a store error. */
static int body_for(struct notify_ctx *pc, const struct store_job *job, char **body,
		    struct buf *err)
{
	const char *event = event_of(job->kind);
	*body = NULL;
	if (!event)
		return 0;
	if (strcmp(event, "comment.pending") == 0) {
		struct store_comment c;
		int found = store_comment_get(pc->store, job->subject_id, &c, err);
		if (found <= 0)
			return found;
		if (c.status == COMMENT_PENDING)
			*body = notify_comment_body(pc->cfg, &c);
		store_comment_free(&c);
		return 0;
	}
	struct store_submission sub;
	int found = store_submission_get(pc->store, job->subject_id, &sub, err);
	if (found <= 0)
		return found;
	if (strcmp(event, "submission.pending") != 0 || sub.status == SUB_PENDING)
		*body = notify_submission_body(pc->cfg, event, &sub);
	store_submission_free(&sub);
	return 0;
}

void notify_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct notify_ctx *pc = ctx;
	const struct config *cfg = pc->cfg;
	struct buf err = BUF_INIT;
	char *body = NULL;
	out->result = JOB_DONE;
	if (!cfg->comments.notify_url[0])
		goto done;
	if (body_for(pc, job, &body, &err) < 0) {
		out->result = JOB_RETRY;
		buf_adds(&out->message, err.p);
	}
	if (!body)
		goto done;
	struct buf why = BUF_INIT;
	enum post_result sent = http_post_json(cfg->comments.notify_url, body, NOTIFY_TIMEOUT_MS,
					       &why);
	if (sent != POST_DELIVERED) {
		out->result = sent == POST_RETRY ? JOB_RETRY : JOB_FAILED;
		buf_addf(&out->message, "notify: %s", why.p);
	}
	buf_release(&why);
done:
	free(body);
	buf_release(&err);
}
