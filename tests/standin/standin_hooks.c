/* standin_hooks.c: the stand-in's repository webhook, signed like GitHub's
 * (X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body). */
#include "standin/standin_internal.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static void deliver(struct standin *s, const char *event, json_t *payload)
{
	pthread_mutex_lock(&s->mu);
	char *url = s->webhook_url ? strdup(s->webhook_url) : NULL;
	char *secret = s->webhook_secret ? strdup(s->webhook_secret) : NULL;
	pthread_mutex_unlock(&s->mu);
	char *body = url && secret ? json_dumps(payload, JSON_COMPACT) : NULL;
	if (!body) {
		free(url);
		free(secret);
		return;
	}
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
				    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	char hexmac[2 * sizeof mac + 1], sig[128], ev[64], id[80];
	sodium_bin2hex(hexmac, sizeof hexmac, mac, sizeof mac);
	unsigned char rnd[16];
	char rhex[33];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(rhex, sizeof rhex, rnd, sizeof rnd);
	snprintf(sig, sizeof sig, "X-Hub-Signature-256: sha256=%s", hexmac);
	snprintf(ev, sizeof ev, "X-GitHub-Event: %s", event);
	snprintf(id, sizeof id, "X-GitHub-Delivery: %.8s-%.4s-%.4s-%.4s-%.12s", rhex, rhex + 8,
		 rhex + 12, rhex + 16, rhex + 20);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "User-Agent: GitHub-Hookshot/standin");
	h = curl_slist_append(h, sig);
	h = curl_slist_append(h, ev);
	h = curl_slist_append(h, id);
	CURL *c = curl_easy_init();
	if (c) {
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		long status = 0;
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		log_info("standin: webhook %s delivered: HTTP %ld", event, status);
		curl_easy_cleanup(c);
	}
	curl_slist_free_all(h);
	free(body);
	free(url);
	free(secret);
}

static json_t *repo_json(struct standin *s)
{
	char full[300];
	snprintf(full, sizeof full, "%s/%s", s->owner, s->repo);
	return json_pack("{s:s,s:s,s:{s:s}}", "name", s->repo, "full_name", full, "owner",
			 "login", s->owner);
}

void si_hook_push(struct standin *s, const char *ref, const char *before,
		  const char *after)
{
	json_t *p = json_pack("{s:s,s:s,s:s,s:o,s:{s:s}}", "ref", ref, "before", before, "after",
			      after, "repository", repo_json(s), "sender", "login", "standin");
	deliver(s, "push", p);
	json_decref(p);
}

void si_hook_pull(struct standin *s, json_t *pull, const char *action)
{
	json_t *p = json_pack("{s:s,s:O,s:O,s:o,s:{s:s}}", "action", action, "number",
			      json_object_get(pull, "number"), "pull_request", pull, "repository",
			      repo_json(s), "sender", "login", "standin");
	deliver(s, "pull_request", p);
	json_decref(p);
}
