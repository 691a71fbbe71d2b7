/* webhook.c: POST /webhooks/github — GitHub tells us `branch` moved or one
 * of our pull requests changed; we queue a refresh of our open PRs.
 *
 * The signature (X-Hub-Signature-256: sha256=HEX, an HMAC-SHA256 of the
 * raw body with the shared secret) is checked in constant time before the
 * body is even parsed; a delivery id seen before is acknowledged and
 * otherwise ignored, since GitHub redelivers. */
#include "core/app.h"
#include "http/errors.h"
#include "features/pulls/pulls.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "features/pulls/pr_jobs.h"
#include "util/log.h"
#include "store/jobs.h"
#include "store/webhooks.h"

#define DELIVERY_MAX 100

static bool signature_ok(const char *secret, const char *header, const char *body,
			 size_t len)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
	size_t got_len = 0;
	if (!header || strncmp(header, "sha256=", 7) != 0 ||
	    strlen(header + 7) != 2 * sizeof got ||
	    sodium_hex2bin(got, sizeof got, header + 7, 2 * sizeof got, NULL, &got_len, NULL) != 0 ||
	    got_len != sizeof got)
		return false;
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, want);
	return sodium_memcmp(want, got, sizeof got) == 0;
}

static bool delivery_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0 || n > DELIVERY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~')
			return false;
	return true;
}

/* Does this event concern us: a push to `branch`, or one of our PRs? */
static bool relevant(const struct config *cfg, const char *event, json_t *body)
{
	const char *full = json_string_value(
		json_object_get(json_object_get(body, "repository"), "full_name"));
	if (!full || strcasecmp(full, cfg->github.repo) != 0)
		return false;
	if (strcmp(event, "push") == 0) {
		const char *ref = json_string_value(json_object_get(body, "ref"));
		return ref && strncmp(ref, "refs/heads/", 11) == 0 &&
		       strcmp(ref + 11, cfg->github.branch) == 0;
	}
	if (strcmp(event, "pull_request") == 0) {
		const char *head = json_string_value(json_object_get(
			json_object_get(json_object_get(body, "pull_request"), "head"), "ref"));
		return head && strncmp(head, "newsdesk/", 9) == 0;
	}
	return false;
}

int handle_github_webhook(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct config *cfg = app->cfg;
	const char *secret = cfg_secret(cfg->github.webhook_secret_env);
	size_t len = 0;
	const char *body = req_body(r, &len);
	if (!secret) {
		fail(r, rs, ERR_WEBHOOK_NOT_CONFIGURED, NULL,
		     "this server has no webhook secret, so it cannot verify deliveries");
		return 0;
	}
	if (!signature_ok(secret, req_header(r, "X-Hub-Signature-256"), body ? body : "", len)) {
		fail(r, rs, ERR_BAD_SIGNATURE, NULL,
		     "X-Hub-Signature-256 is missing or does not match the body");
		return 0;
	}
	const char *event = req_header(r, "X-GitHub-Event");
	const char *delivery = req_header(r, "X-GitHub-Delivery");
	if (!event || !*event || strlen(event) > 64 || !delivery_ok(delivery)) {
		fail(r, rs, ERR_BAD_HEADERS, NULL,
		     "X-GitHub-Event and X-GitHub-Delivery are required");
		return 0;
	}
	json_t *j = json_loadb(body ? body : "", len, 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		fail(r, rs, ERR_INVALID_JSON, NULL, "the payload is not a JSON object");
		return 0;
	}
	struct buf err = BUF_INIT;
	int64_t now = (int64_t)time(NULL);
	int first = store_webhook_first_delivery(app->store, delivery, event, now, &err);
	/* a captured delivery sent again under a new id is the same body: its
	 * hash is remembered as well, so a replay changes nothing */
	unsigned char h[16];
	char key[40] = "body:";
	crypto_generichash(h, sizeof h, (const unsigned char *)(body ? body : ""), len, NULL, 0);
	sodium_bin2hex(key + 5, sizeof key - 5, h, sizeof h);
	int fresh_body = first < 0 ? -1 : store_webhook_first_delivery(app->store, key, event, now,
									 &err);
	if (fresh_body <= 0 && first > 0)
		first = fresh_body;
	const char *status = "ignored";
	if (first < 0) {
		log_error("webhook: %s", err.p);
		json_decref(j);
		buf_release(&err);
		return -1;
	}
	if (!first) {
		status = "duplicate";
	} else if (strcmp(event, "ping") == 0) {
		status = "pong";
	} else if (relevant(cfg, event, j)) {
		int64_t job = 0;
		if (store_job_enqueue(app->store, JOB_REFRESH_PRS, 0, now, &job, &err) < 0) {
			log_error("webhook: %s", err.p);
			json_decref(j);
			buf_release(&err);
			return -1;
		}
		if (app->jobs)
			jobs_kick(app->jobs);
		/* the form must show the sections as they are now */
		draft_source_invalidate(app->drafts);
		status = "queued";
	}
	json_decref(j);
	buf_release(&err);
	resp_json(rs, HTTP_OK, json_pack("{s:s}", "status", status));
	return 0;
}
