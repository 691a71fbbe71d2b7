/* notify.c: the outgoing webhook for comments awaiting review */
#include "jobs/notify.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github/outgoing.h"
#include "jobs/pr_jobs.h"
#include "util/log.h"
#include "util/text_fmt.h"

#define NOTIFY_TIMEOUT_MS 10000L

void notify_comment_queued(struct store *s, struct jobs *jobs, const struct config *cfg,
			   int64_t id, int64_t now)
{
	if (!cfg->comments.notify_url[0])
		return;
	struct buf err = BUF_INIT;
	int64_t job = 0;
	if (store_job_enqueue(s, JOB_NOTIFY_COMMENT, id, now, &job, &err) < 0)
		log_warn("comment %lld: notification not queued: %s", (long long)id, err.p);
	else if (jobs)
		jobs_kick(jobs);
	buf_release(&err);
}

static char *payload(const struct config *cfg, const struct store_comment *c)
{
	char created[TIME_RFC3339_MAX];
	time_rfc3339(c->created_at, created);
	char moderate[2048];
	snprintf(moderate, sizeof moderate, "%s/admin#comments", cfg->server.public_url);
	json_t *doc = json_pack("{s:s,s:{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s},s:s}", "event",
				"comment.pending", "comment", "id", (json_int_t)c->id, "page",
				c->page, "author", c->author, "email", c->email, "website",
				c->website, "body", c->body_md, "created_at", created,
				"moderate_url", moderate);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

void notify_comment_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct pr_ctx *pc = ctx;
	const struct config *cfg = pc->cfg;
	struct store_comment c;
	struct buf err = BUF_INIT;
	out->result = JOB_DONE;
	if (!cfg->comments.notify_url[0]) {
		buf_release(&err);
		return;
	}
	int found = store_comment_get(pc->store, job->subject_id, &c, &err);
	if (found < 0) {
		out->result = JOB_RETRY;
		buf_adds(&out->message, err.p);
	}
	buf_release(&err);
	if (found <= 0)
		return;
	if (c.status != COMMENT_PENDING) {
		store_comment_free(&c);
		return;
	}
	char *body = payload(cfg, &c);
	store_comment_free(&c);

	long status = 0;
	struct buf net = BUF_INIT;
	int rc = http_post_json(cfg->comments.notify_url, body, NOTIFY_TIMEOUT_MS, &status, &net);
	free(body);

	if (rc < 0) {
		out->result = JOB_RETRY;
		buf_addf(&out->message, "notify: %s", net.p);
	} else if (status == 408 || status == 429 || status >= 500) {
		out->result = JOB_RETRY;
		buf_addf(&out->message, "notify: HTTP %ld", status);
	} else if (status < 200 || status > 299) {
		out->result = JOB_FAILED;
		buf_addf(&out->message, "notify: HTTP %ld", status);
	}
	buf_release(&net);
}
