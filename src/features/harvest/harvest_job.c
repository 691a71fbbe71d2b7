/* harvest_job.c: the harvest as a job ("harvest"), queued from the month
 * view's button, and its two routes (harvest.h). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <stdlib.h>

#include "auth/session.h"
#include "core/app.h"
#include "features/harvest/harvest.h"
#include "http/errors.h"
#include "http/fields.h"
#include "jobs/job_env.h"
#include "jobs/queue.h"
#include "store/harvest.h"
#include "store/jobs.h"
#include "util/log.h"

void harvest_job_run(void *ctx, const struct store_job *job, struct job_outcome *out)
{
	struct job_env *env = ctx;
	char month[8] = "";
	if (job->subject_id > 0)
		snprintf(month, sizeof month, "%04d-%02d", (int)(job->subject_id / 100),
			 (int)(job->subject_id % 100));
	struct harvest_run run = { .cfg = env->cfg, .gh = env->gh, .store = env->store,
				   .report = BUF_INIT };
	char done[8] = "";
	int rc = harvest_run(&run, *month ? month : NULL, done);
	struct buf err = BUF_INIT;
	if (*done && store_harvest_report_set(env->store, done, job_now(env), run.report.p, &err) < 0)
		log_warn("harvest %s: the report is not kept: %s", done, err.p);
	if (rc < 0) {
		/* the report's last line says why it stopped */
		while (run.report.len && run.report.p[run.report.len - 1] == '\n')
			run.report.p[--run.report.len] = '\0';
		const char *last = strrchr(run.report.p, '\n');
		job_fail(out, gh_retryable(run.kind) ? JOB_RETRY : JOB_FAILED, "%s",
			 last ? last + 1 : run.report.p);
		out->retry_after = run.retry_after;
	} else {
		log_info("harvest %s: %zu entries proposed, %zu repositories refused", done,
			 run.proposals, run.refused);
	}
	buf_release(&run.report);
	buf_release(&err);
}

const struct input_spec harvest_queue_input = INPUT(IN_JSON, NULL,
	FIELD("month", FT_TEXT, 0, 7));
const struct input_spec harvest_report_input = INPUT(IN_QUERY, NULL,
	FIELD("month", FT_TEXT, 0, 7));

/* POST /api/v1/admin/harvest {"month"?}: the job, queued (one at a time). */
int handle_admin_harvest(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *month = in_text(r, "month");
	int64_t from, to, subject = 0;
	if (month && *month) {
		if (harvest_month_bounds(month, &from, &to) < 0) {
			fail(r, rs, ERR_INVALID_FIELD, "month", "must be YYYY-MM");
			return -1;
		}
		subject = atoi(month) * 100 + atoi(month + 5);
	}
	if (!*app->cfg->harvest.org && app->cfg->harvest.repos.n == 0) {
		fail(r, rs, ERR_NOT_IMPLEMENTED, NULL,
		     "nothing to harvest: set harvest.org or harvest.repos in the configuration");
		return -1;
	}
	struct buf err = BUF_INIT;
	int64_t job = 0;
	if (store_job_enqueue(app->store, JOB_HARVEST, subject, (int64_t)time(NULL), &job, &err) < 0) {
		log_error("harvest: %s", err.p);
		fail(r, rs, ERR_INTERNAL, NULL, "the harvest could not be queued");
		buf_release(&err);
		return -1;
	}
	jobs_kick(app->jobs);
	audit(app, admin_user(r)->name, "harvest", month && *month ? month : "draft", NULL);
	resp_json(rs, HTTP_ACCEPTED, json_pack("{s:I,s:s,s:s?}", "job", (json_int_t)job, "status",
					       "queued", "month", month && *month ? month : NULL));
	buf_release(&err);
	return 0;
}

/* GET /api/v1/admin/harvest?month=: the month's last harvest (else the newest). */
int handle_admin_harvest_report(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *month = in_text(r, "month");
	char got[8] = "";
	int64_t at = 0;
	struct buf report = BUF_INIT, err = BUF_INIT;
	int rc = store_harvest_report_get(app->store, month && *month ? month : NULL, got, &at,
					  &report, &err);
	if (rc < 0) {
		log_error("harvest report: %s", err.p);
		fail(r, rs, ERR_UNAVAILABLE, NULL, "the database cannot answer now");
	} else if (rc == 0) {
		resp_json(rs, HTTP_OK, json_pack("{s:n}", "harvest"));
	} else {
		json_t *lines = json_array();
		for (const char *p = report.p; *p;) {
			size_t n = strcspn(p, "\n");
			json_array_append_new(lines, json_stringn(p, n));
			p += n + (p[n] == '\n');
		}
		resp_json(rs, HTTP_OK, json_pack("{s:{s:s,s:I,s:o}}", "harvest", "month", got, "at",
						 (json_int_t)at, "report", lines));
	}
	buf_release(&report);
	buf_release(&err);
	return rs->status ? 0 : -1;
}
