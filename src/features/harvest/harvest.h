/* harvest.h: the month's merged pull requests of the configured
 * repositories, shaped into each project's entry as the editor writes it
 * (issue 28).
 *
 * shape: pure, from what was collected and the project's block in the
 * latest published issue that has one.  collect: GitHub's REST API (an
 * org's repositories, each one's closed pull requests newest update first,
 * stopping once they predate the month; every Link page followed; rate
 * limits waited out as GitHub asks).  A repository GitHub refuses is
 * reported, not fatal.
 */
#ifndef NEWSDESK_HARVEST_H
#define NEWSDESK_HARVEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "config/config.h"
#include "github/client.h"
#include "store/store.h"
#include "util/buf.h"

struct harvest_pull {
	int64_t number;
	char *title, *html_url, *login;
	int64_t merged_at;   /* unix time */
};

struct harvest_repo {
	char *full_name;     /* "OWNER/NAME" */
	char *html_url;      /* "https://github.com/OWNER/NAME" */
	struct harvest_pull *pulls;   /* merged in the month, in merge order */
	size_t n_pulls;
	char *refused;       /* GitHub's one line when it refused the repository, or NULL */
	bool capped;         /* max_pulls_per_repo was reached */
};

struct harvest {
	char month[8];
	struct harvest_repo *repos;
	size_t n_repos;
};

void harvest_free(struct harvest *h);

/* The month's first second and the next month's (UTC); -1 on a bad month. */
int harvest_month_bounds(const char *month, int64_t *from, int64_t *to);

/* A pull request's title as Markdown text: nothing in it makes a link,
 * emphasis, HTML or the end of a comment; code spans are kept. */
void harvest_md_text(struct buf *out, const char *title);

/* The entry of one repository.  prev: its block in the latest published
 * issue that has one (NULL: first seen; tmpl: the section's template text
 * or NULL).  Empty out (and 0) when nothing was merged. */
int harvest_shape(const struct config *cfg, const struct harvest_repo *repo, const char *prev,
		  const char *tmpl, struct buf *out);

/* One harvest of a month (NULL: the newest post's), for the command line
 * and the job alike.  With store, each project's entry is proposed for
 * review (store_harvest_propose); with print, its Markdown is written
 * there.  report gets one line per event.  0 done (repositories GitHub
 * refused and refused proposals are counted, not fatal); -1 stopped, kind
 * GH_RATE_LIMITED or GH_UNAVAILABLE when trying later may work. */
struct harvest_run {
	const struct config *cfg;
	struct gh_client *gh;
	struct store *store;   /* NULL: nothing stored */
	FILE *print;           /* NULL: nothing printed */
	bool may_wait;         /* wait out rate limits here (the command line) */
	struct buf report;
	size_t proposals, failed, refused;
	enum gh_kind kind;
	long retry_after;
};
int harvest_run(struct harvest_run *run, const char *month, char out_month[8]);

/* The job "harvest" (app/serve.c binds it; ctx: struct job_env *):
 * subject YYYYMM, 0 = the newest post's month. */
struct store_job;
struct job_outcome;
void harvest_job_run(void *ctx, const struct store_job *job, struct job_outcome *out);

/* The month view's button: POST /api/v1/admin/harvest {"month"?} queues
 * the job (202); GET /api/v1/admin/harvest?month= answers the month's last
 * harvest ({"harvest": {"month","at","report":[lines]}} or null). */
struct req;
struct resp;
struct input_spec;
extern const struct input_spec harvest_queue_input, harvest_report_input;
int handle_admin_harvest(struct req *r, struct resp *rs);
int handle_admin_harvest_report(struct req *r, struct resp *rs);

/* `newsdesk harvest [--month YYYY-MM] [--print]` (argv after "harvest"). */
int harvest_cli(const struct config *cfg, int argc, const char *const *argv);

#endif
