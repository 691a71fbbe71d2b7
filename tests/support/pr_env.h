/* pr_env.h: a pull-request workflow under test — the GitHub stand-in
 * seeded with a draft on `next`, a fresh database, and the jobs' context
 * pointed at the stand-in through the real client. */
#ifndef NEWSDESK_TEST_PR_ENV_H
#define NEWSDESK_TEST_PR_ENV_H

#include "config/config.h"
#include "github/client.h"
#include "features/pulls/pr_jobs.h"
#include "standin/standin.h"
#include "store/store.h"
#include "store/submissions.h"

#define PR_ENV_DRAFT "content/this-month/2024-04/index.md"
#define PR_ENV_TOKEN "ghs_standin_token"

struct pr_env {
	struct standin *gh;
	struct store *store;
	struct config *cfg;
	struct gh_client client;
	struct job_env ctx;
	char dir[64];
	char *draft;          /* the seeded draft text */
};

/* Criterion asserts inside; stall_ms is how long stalls last (the client
 * gives up after 300 ms). */
void pr_env_setup(struct pr_env *e, unsigned stall_ms);
void pr_env_teardown(struct pr_env *e);
/* Saves and approves a submission (JSON as SPEC §4); returns its id. */
int64_t pr_env_submit(struct pr_env *e, const char *json);
/* The same, for a submission made while draft_path was the draft (NULL:
 * while no draft existed). */
int64_t pr_env_submit_to(struct pr_env *e, const char *json, const char *draft_path);
/* The same from a contributor signed in as GitHub account github_id. */
int64_t pr_env_submit_verified(struct pr_env *e, const char *json, int64_t github_id);
/* Runs a job like the queue would, until done or failed (at most `rounds`
 * attempts): returns the last result; message (optional) gets its text. */
enum job_result pr_env_run(struct pr_env *e, enum job_kind kind, int64_t subject,
			   int rounds, int *attempts, struct buf *message);
void pr_env_sub(struct pr_env *e, int64_t id, struct store_submission *out);

#endif
