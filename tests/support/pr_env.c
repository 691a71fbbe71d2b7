/* pr_env.c: the pull-request workflow's test bed */
#include "support/pr_env.h"

#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "features/links/check_links.h"
#include "util/file.h"
#include "store/jobs.h"
#include "store/submissions.h"

void pr_env_setup(struct pr_env *e, unsigned stall_ms)
{
	memset(e, 0, sizeof *e);
	cr_assert_geq(sodium_init(), 0);
	cr_assert_eq(gh_global_init(), 0);
	struct buf err = BUF_INIT;
	struct standin_opts so = { .owner = "rust-osdev", .repo = "homepage",
				   .token = PR_ENV_TOKEN, .stall_ms = stall_ms };
	e->gh = standin_start(&so, &err);
	cr_assert_not_null(e->gh, "%s", err.p);

	struct buf text = BUF_INIT;
	cr_assert_eq(file_read(NEWSDESK_SRCDIR "/tests/fixtures/draft-modern.md", 1 << 20, &text,
			       &err), 0, "%s", err.p);
	e->draft = buf_detach(&text, NULL);
	standin_commit(e->gh, "main", "Initial site", "README.md", "# homepage\n");
	standin_commit(e->gh, "next", "Draft for April", PR_ENV_DRAFT, e->draft);
	standin_log_clear(e->gh);

	strcpy(e->dir, "/tmp/newsdesk-pr-XXXXXX");
	cr_assert_not_null(mkdtemp(e->dir));
	char p[128];
	snprintf(p, sizeof p, "%s/nd.db", e->dir);
	e->store = store_open(p, 2000, &err);
	cr_assert_not_null(e->store, "%s", err.p);
	cr_assert_eq(store_migrate(e->store, store_latest_version(), &err), 0, "%s", err.p);

	char toml[512];
	snprintf(toml, sizeof toml,
		 "[server]\npublic_url = \"http://127.0.0.1:8080\"\n"
		 "[github]\napi_url = \"http://127.0.0.1:%u\"\nrepo = \"rust-osdev/homepage\"\n"
		 "branch = \"next\"\n"
		 /* queued, never sent: nothing runs the jobs here */
		 "[comments]\nnotify_url = \"http://127.0.0.1:9/notify\"\n",
		 standin_port(e->gh));
	e->cfg = cfg_parse(toml, strlen(toml), "test.toml", &err);
	cr_assert_not_null(e->cfg, "%s", err.p);
	cr_assert_eq(gh_client_init(&e->client, e->cfg->github.api_url, PR_ENV_TOKEN), 0);
	gh_client_set_repo(&e->client, e->cfg->github.repo);
	e->client.timeout_ms = 300;
	e->client.connect_timeout_ms = 300;
	e->ctx = (struct job_env){ .store = e->store, .cfg = e->cfg, .gh = &e->client };
	buf_release(&err);
}

void pr_env_teardown(struct pr_env *e)
{
	gh_client_free(&e->client);
	cfg_free(e->cfg);
	store_close(e->store);
	standin_stop(e->gh);
	free(e->draft);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", e->dir);
	cr_expect_eq(system(cmd), 0);
}

int64_t pr_env_submit(struct pr_env *e, const char *json)
{
	return pr_env_submit_to(e, json, PR_ENV_DRAFT);
}

static int64_t submit(struct pr_env *e, const char *json, const char *draft_path,
		      int64_t github_id)
{
	unsigned char raw[16], hash[SUBMISSION_TOKEN_HASH_BYTES];
	char token[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
	json_error_t je;
	json_t *j = json_loads(json, 0, &je);
	cr_assert_not_null(j, "%s", je.text);
	const char *section = json_string_value(json_object_get(j, "section"));
	const char *author = json_string_value(json_object_get(j, "author"));
	int64_t id = 0, job = 0;
	struct buf err = BUF_INIT;
	struct store_submission_new row = {
		.token = token, .token_hash = hash, .section = section, .payload = json,
		.author = author, .draft_path = draft_path, .now = (int64_t)time(NULL),
		.author_github_id = github_id,
	};
	struct store_twin twin;
	cr_assert_eq(store_submission_insert(e->store, &row, &id, &twin, &err), 1, "%s", err.p);
	cr_assert_eq(store_submission_approve(e->store, id, JOB_OPEN_PR, (int64_t)time(NULL),
					      &job, &err), 1, "%s", err.p);
	json_decref(j);
	buf_release(&err);
	return id;
}

int64_t pr_env_submit_to(struct pr_env *e, const char *json, const char *draft_path)
{
	return submit(e, json, draft_path, 0);
}

int64_t pr_env_submit_verified(struct pr_env *e, const char *json, int64_t github_id)
{
	return submit(e, json, PR_ENV_DRAFT, github_id);
}

enum job_result pr_env_run(struct pr_env *e, enum job_kind kind, int64_t subject,
			   int rounds, int *attempts, struct buf *message)
{
	struct store_job job = { .kind = kind, .subject_id = subject };
	enum job_result res = JOB_RETRY;
	int n = 0;
	while (n < rounds && res == JOB_RETRY) {
		struct job_outcome out = { .result = JOB_DONE };
		buf_init(&out.message);
		job.attempts = ++n;
		if (kind == JOB_OPEN_PR)
			pr_open_run(&e->ctx, &job, &out);
		else if (kind == JOB_MONTHLY_PR)
			pr_monthly_run(&e->ctx, &job, &out);
		else if (kind == JOB_CHECK_LINKS)
			check_links_run(&e->ctx, &job, &out);
		else
			pr_refresh_run(&e->ctx, &job, &out);
		res = out.result;
		if (message) {
			buf_reset(message);
			if (out.message.p)
				buf_adds(message, out.message.p);
		}
		buf_release(&out.message);
	}
	if (attempts)
		*attempts = n;
	return res;
}

void pr_env_sub(struct pr_env *e, int64_t id, struct store_submission *out)
{
	struct buf err = BUF_INIT;
	cr_assert_eq(store_submission_get(e->store, id, out, &err), 1, "%s", err.p);
	buf_release(&err);
}
