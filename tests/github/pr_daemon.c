/* pr_daemon.c: the real binary's worker — killed in the middle of a job
 * (the branch made, the answer never read) and restarted, it still opens
 * exactly one pull request; then GitHub's signed webhooks move the
 * submission to merged.  Also the webhook endpoint's refusals. */
#include <criterion/criterion.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "standin/standin.h"
#include "store/store.h"
#include "store/submissions.h"
#include "support/daemon.h"
#include "support/http_client.h"

#define TOKEN "ghs_daemon_token"
#define SECRET "It's a Secret to Everybody"
#define DRAFT DAEMON_DRAFT

static char dir[64], cfg_path[128], db_path[128], log_path[128];
static struct standin *gh;
static atomic_int victim;   /* the daemon to kill; 0 once killed */

static void setup(void)
{
	cr_assert_geq(sodium_init(), 0);
	strcpy(dir, "/tmp/newsdesk-prd-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cfg_path, sizeof cfg_path, "%s/c.toml", dir);
	snprintf(db_path, sizeof db_path, "%s/nd.db", dir);
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	gh = daemon_bed(TOKEN, cfg_path, db_path);
}

static void teardown(void)
{
	standin_stop(gh);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(pr_daemon, .init = setup, .fini = teardown, .timeout = 90);

static const char *const env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_WEBHOOK_SECRET=" SECRET, NULL };

static int64_t approved_submission(void)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(db_path, 2000, &err);
	cr_assert_not_null(s, "%s", err.p);
	cr_assert_eq(store_migrate(s, store_latest_version(), &err), 0, "%s", err.p);
	unsigned char hash[SUBMISSION_TOKEN_HASH_BYTES] = { 1 };
	const char *json = "{\"section\":\"Other Projects\",\"name\":\"xhci\","
			   "\"url\":\"https://github.com/a/xhci\",\"body\":\"USB.\",\"author\":\"octo-cat\"}";
	int64_t id = 0, job = 0;
	struct store_submission_new row = {
		.token = "tok", .token_hash = hash, .section = "Other Projects", .payload = json,
		.author = "octo-cat", .draft_path = DRAFT, .now = time(NULL),
	};
	struct store_twin twin;
	cr_assert_eq(store_submission_insert(s, &row, &id, &twin, &err), 1, "%s", err.p);
	cr_assert_eq(store_submission_approve(s, id, JOB_OPEN_PR, time(NULL), &job, &err), 1);
	store_close(s);
	buf_release(&err);
	return id;
}

/* Polls the database until the submission has the status (10 s at most). */
static bool wait_status(int64_t id, const char *status)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(db_path, 2000, &err);
	bool ok = false;
	for (int i = 0; i < 200 && s && !ok; i++) {
		struct store_submission sub;
		if (store_submission_get(s, id, &sub, &err) == 1) {
			ok = strcmp(sub_status_name(sub.status), status) == 0;
			store_submission_free(&sub);
		}
		if (!ok)
			usleep(50000);
	}
	store_close(s);
	buf_release(&err);
	return ok;
}

static void kill_after_branch(const struct standin_request *r, void *arg)
{
	(void)arg;
	if (strcmp(r->op, "POST /repos/{owner}/{repo}/git/refs") != 0 || r->status != 201)
		return;
	/* the worker may get here before the test learnt the daemon's pid */
	for (int i = 0; i < 200 && atomic_load(&victim) <= 0; i++)
		usleep(25000);
	int pid = atomic_exchange(&victim, 0);
	if (pid > 0)
		kill(pid, SIGKILL);
}

Test(pr_daemon, killed_mid_job_restarts_into_one_pull_request)
{
	int64_t id = approved_submission();
	struct daemon d;
	atomic_store(&victim, -1);
	standin_on_request(gh, kill_after_branch, NULL);
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, env), 0);
	atomic_store(&victim, d.pid);
	/* the worker picks the job up at once; the hook kills it mid-way */
	for (int i = 0; i < 200 && atomic_load(&victim) != 0; i++)
		usleep(50000);
	if (atomic_load(&victim) != 0) {
		char cmd[200];
		snprintf(cmd, sizeof cmd, "cat %s >&2", log_path);
		cr_expect_eq(system(cmd), 0);
	}
	cr_assert_eq(atomic_load(&victim), 0, "the job never reached the branch step");
	cr_assert_eq(daemon_stop(&d, SIGKILL), 128 + SIGKILL);
	cr_assert_eq(standin_pulls_total(gh), 0, "killed before the pull request");
	standin_on_request(gh, NULL, NULL);

	cr_assert_eq(daemon_start(&d, cfg_path, log_path, env), 0);
	cr_assert(wait_status(id, "pr_open"), "no pull request after the restart");
	cr_assert_eq(standin_pulls_total(gh), 1);
	cr_assert(daemon_log_has(&d, "interrupted by the last stop are queued again"),
		  "the restart should say it took the job up again");

	/* merged on GitHub: the signed webhook brings the news */
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/webhooks/github", d.port);
	standin_set_webhook(gh, url, SECRET);
	struct buf err = BUF_INIT;
	cr_assert_eq(standin_merge(gh, 1, &err), 0, "%s", err.p);
	cr_assert(wait_status(id, "merged"), "the webhook did not lead to 'merged'");
	cr_assert_eq(daemon_stop(&d, SIGTERM), 0);
	buf_release(&err);
}

static long post_hook(unsigned port, const char *body, const char *sig, const char *event,
		      const char *delivery, struct buf *answer)
{
	char h_sig[128], h_ev[64], h_id[128];
	snprintf(h_sig, sizeof h_sig, "X-Hub-Signature-256: %s", sig);
	snprintf(h_ev, sizeof h_ev, "X-GitHub-Event: %s", event);
	snprintf(h_id, sizeof h_id, "X-GitHub-Delivery: %s", delivery);
	const char *hdrs[] = { "Content-Type: application/json", h_sig, h_ev, h_id, NULL };
	struct http_result res;
	cr_assert_eq(http_do("POST", port, "/webhooks/github", body, strlen(body), hdrs, 0, &res), 0);
	long st = res.status;
	if (answer) {
		buf_reset(answer);
		buf_adds(answer, res.body.p ? res.body.p : "");
	}
	http_result_free(&res);
	return st;
}

static void sign(const char *body, const char *secret, char out[80])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	snprintf(out, 80, "sha256=%s", hex);
}

Test(pr_daemon, webhook_signatures_and_redeliveries)
{
	struct daemon d;
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, env), 0);
	const char *push = "{\"ref\":\"refs/heads/next\",\"repository\":{\"full_name\":\"rust-osdev/homepage\"}}";
	char good[80], wrong[80];
	sign(push, SECRET, good);
	sign(push, "not the secret", wrong);
	struct buf ans = BUF_INIT;
	cr_assert_eq(post_hook(d.port, push, wrong, "push", "d-1", &ans), 401);
	cr_assert(strstr(ans.p, "bad_signature"), "%s", ans.p);
	cr_assert_eq(post_hook(d.port, push, "sha256=zz", "push", "d-1", NULL), 401);
	cr_assert_eq(post_hook(d.port, push, "", "push", "d-1", NULL), 401);
	cr_assert_eq(post_hook(d.port, push, good, "push", "d-1", &ans), 200);
	cr_assert(strstr(ans.p, "\"queued\""), "%s", ans.p);
	cr_assert_eq(post_hook(d.port, push, good, "push", "d-1", &ans), 200);
	cr_assert(strstr(ans.p, "\"duplicate\""), "%s", ans.p);
	/* a captured delivery replayed under a new id is the same body */
	cr_assert_eq(post_hook(d.port, push, good, "push", "d-1-replayed", &ans), 200);
	cr_assert(strstr(ans.p, "\"duplicate\""), "a replay under a new id: %s", ans.p);
	/* a push elsewhere is acknowledged and ignored */
	const char *other = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"rust-osdev/homepage\"}}";
	sign(other, SECRET, good);
	cr_assert_eq(post_hook(d.port, other, good, "push", "d-2", &ans), 200);
	cr_assert(strstr(ans.p, "\"ignored\""), "%s", ans.p);
	const char *ping = "{\"zen\":\"Keep it logically awesome.\"}";
	sign(ping, SECRET, good);
	cr_assert_eq(post_hook(d.port, ping, good, "ping", "d-3", &ans), 200);
	cr_assert(strstr(ans.p, "\"pong\""), "%s", ans.p);
	/* a signed body that is not JSON */
	sign("nope", SECRET, good);
	cr_assert_eq(post_hook(d.port, "nope", good, "push", "d-4", NULL), 400);
	sign(ping, SECRET, good);
	cr_assert_eq(post_hook(d.port, ping, good, "ping", "", NULL), 400);
	cr_assert_eq(daemon_stop(&d, SIGTERM), 0);

	/* without a secret nothing can be verified, so nothing is accepted */
	const char *no_secret[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	unsetenv("GITHUB_WEBHOOK_SECRET");
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, no_secret), 0);
	sign(ping, SECRET, good);
	cr_assert_eq(post_hook(d.port, ping, good, "ping", "d-5", &ans), 401);
	cr_assert(strstr(ans.p, "webhook_not_configured"), "%s", ans.p);
	cr_assert_eq(daemon_stop(&d, SIGTERM), 0);
	buf_release(&ans);
}
