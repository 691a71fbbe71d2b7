/* app_auth.c: GitHub App JWTs and installation tokens */
#include "github/app_auth.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "github/client.h"
#include "util/file.h"
#include "util/text_fmt.h"
#include "util/xalloc.h"

#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING

struct gh_app {
	char *api_url;
	int64_t app_id, installation_id;
	long timeout_ms;
	EVP_PKEY *key;
	/* mu guards what follows; it is never held across the network: one
	 * renewal is in flight (renewing) and other callers wait on done */
	pthread_mutex_t mu;
	pthread_cond_t done;
	bool renewing;
	unsigned attempts;     /* renewals finished, failed ones too */
	int last_retry;        /* how the last failed renewal ended */
	char last_error[256];
	char *token;           /* NULL until the first exchange */
	int64_t expires_at;
	unsigned renewals;
};

struct gh_app *gh_app_new(const char *api_url, int64_t app_id, int64_t installation_id,
			  const char *pem, size_t pem_len, long timeout_ms, struct buf *err)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)pem_len);
	EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!key || EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
		EVP_PKEY_free(key);
		buf_adds(err, "the GitHub App's private key is not an RSA key in PEM form");
		return NULL;
	}
	struct gh_app *a = xcalloc(1, sizeof *a);
	a->api_url = xstrdup(api_url);
	a->app_id = app_id;
	a->installation_id = installation_id;
	a->timeout_ms = timeout_ms;
	a->key = key;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->done, NULL);
	return a;
}

void gh_app_free(struct gh_app *a)
{
	if (!a)
		return;
	EVP_PKEY_free(a->key);
	if (a->token) {
		sodium_memzero(a->token, strlen(a->token));
		free(a->token);
	}
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->done);
	free(a->api_url);
	free(a);
}

static void add_b64url(struct buf *out, const void *p, size_t n)
{
	size_t enc = sodium_base64_ENCODED_LEN(n, B64URL);
	buf_grow(out, enc);
	sodium_bin2base64(out->p + out->len, enc, p, n, B64URL);
	out->len += enc - 1;
}

int gh_app_jwt(struct gh_app *a, int64_t now, struct buf *out, struct buf *err)
{
	static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
	char claims[128];
	/* issued a minute early: GitHub refuses tokens from its future */
	snprintf(claims, sizeof claims, "{\"iat\":%lld,\"exp\":%lld,\"iss\":\"%lld\"}",
		 (long long)(now - 60), (long long)(now + GH_APP_JWT_LIFETIME_S),
		 (long long)a->app_id);
	size_t start = out->len;
	add_b64url(out, header, strlen(header));
	buf_addc(out, '.');
	add_b64url(out, claims, strlen(claims));
	unsigned char sig[1024];
	size_t sig_len = sizeof sig;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_PKEY_size(a->key) <= (int)sizeof sig &&
		 EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, a->key) == 1 &&
		 EVP_DigestSign(md, sig, &sig_len, (const unsigned char *)out->p + start,
				out->len - start) == 1;
	EVP_MD_CTX_free(md);
	if (!ok) {
		buf_adds(err, "signing the GitHub App's JWT failed");
		return -1;
	}
	buf_addc(out, '.');
	add_b64url(out, sig, sig_len);
	return 0;
}

/* Asks GitHub for a new installation token, into token and *expires_at;
 * a->mu not held (only immutable fields are read). */
static int renew(struct gh_app *a, struct buf *token_out, int64_t *expires_at, int *retry,
		 struct buf *err)
{
	int64_t now = (int64_t)time(NULL);
	struct buf jwt = BUF_INIT, path = BUF_INIT;
	if (gh_app_jwt(a, now, &jwt, err) < 0) {
		buf_release(&jwt);
		return -1;
	}
	struct gh_client c;
	if (gh_client_init(&c, a->api_url, jwt.p) < 0) {
		buf_adds(err, "cannot set up an HTTP client");
		buf_release(&jwt);
		return -1;
	}
	c.timeout_ms = a->timeout_ms;
	buf_addf(&path, "/app/installations/%lld/access_tokens", (long long)a->installation_id);
	struct gh_response r;
	int rc = gh_request(&c, "POST", path.p, NULL, &r);
	const char *token = json_string_value(json_object_get(r.json, "token"));
	int64_t expires = time_parse_rfc3339(json_string_value(json_object_get(r.json, "expires_at")));
	if (rc == 0 && token && *token && strlen(token) < 512 && expires > now) {
		buf_adds(token_out, token);
		*expires_at = expires;
	} else {
		*retry = gh_retryable(r.kind);
		buf_addf(err, "GitHub App installation token: %s",
			 rc == 0 ? "the answer holds no token" : r.message.p);
		rc = -1;
	}
	gh_response_free(&r);
	gh_client_free(&c);
	sodium_memzero(jwt.p, jwt.len);
	buf_release(&jwt);
	buf_release(&path);
	return rc;
}

int gh_app_token(struct gh_app *a, const char *failed, struct buf *token, int *retry,
		 struct buf *err)
{
	*retry = 0;
	pthread_mutex_lock(&a->mu);
	for (;;) {
		int64_t now = (int64_t)time(NULL);
		bool stale = !a->token || a->expires_at - now < GH_APP_RENEW_BEFORE_S ||
			     (failed && strcmp(failed, a->token) == 0);
		if (!stale) {
			buf_adds(token, a->token);
			pthread_mutex_unlock(&a->mu);
			return 0;
		}
		if (!a->renewing)
			break;
		/* someone else is asking GitHub: their answer is ours too */
		unsigned seen = a->attempts;
		while (a->renewing)
			pthread_cond_wait(&a->done, &a->mu);
		if (a->attempts != seen && (!a->token || (failed && strcmp(failed, a->token) == 0))) {
			*retry = a->last_retry;
			buf_adds(err, a->last_error);
			pthread_mutex_unlock(&a->mu);
			return -1;
		}
	}
	a->renewing = true;
	pthread_mutex_unlock(&a->mu);

	struct buf fresh = BUF_INIT, why = BUF_INIT;
	int64_t expires = 0;
	int again = 0;
	int rc = renew(a, &fresh, &expires, &again, &why);

	pthread_mutex_lock(&a->mu);
	if (rc == 0) {
		if (a->token) {
			sodium_memzero(a->token, strlen(a->token));
			free(a->token);
		}
		a->token = xstrdup(fresh.p);
		a->expires_at = expires;
		a->renewals++;
		buf_adds(token, a->token);
	} else {
		a->last_retry = again;
		snprintf(a->last_error, sizeof a->last_error, "%s", why.p);
		*retry = again;
		buf_adds(err, why.p);
	}
	a->attempts++;
	a->renewing = false;
	pthread_cond_broadcast(&a->done);
	pthread_mutex_unlock(&a->mu);
	sodium_memzero(fresh.p, fresh.len);
	buf_release(&fresh);
	buf_release(&why);
	return rc;
}

unsigned gh_app_renewals(struct gh_app *a)
{
	pthread_mutex_lock(&a->mu);
	unsigned n = a->renewals;
	pthread_mutex_unlock(&a->mu);
	return n;
}

int gh_app_from_config(const struct config *cfg, struct gh_app **out, struct buf *err)
{
	*out = NULL;
	if (cfg->github.app_id <= 0)
		return 0;
	if (cfg->github.app_installation_id <= 0) {
		buf_adds(err, "github.app_installation_id must be set with app_id");
		return -1;
	}
	struct buf pem = BUF_INIT;
	const char *env = cfg_secret(cfg->github.app_private_key_env);
	int rc = -1;
	if (*cfg->github.app_private_key_file) {
		if (file_read(cfg->github.app_private_key_file, 64u << 10, &pem, err) < 0)
			goto done;
	} else if (env) {
		buf_adds(&pem, env);
	} else {
		buf_addf(err, "github.app_id is set but neither app_private_key_file nor $%s holds "
			      "the App's private key", cfg->github.app_private_key_env);
		goto done;
	}
	*out = gh_app_new(cfg->github.api_url, cfg->github.app_id,
			  cfg->github.app_installation_id, pem.p, pem.len,
			  (long)cfg->github.timeout_seconds * 1000, err);
	rc = *out ? 0 : -1;
done:
	sodium_memzero(pem.p, pem.len);
	buf_release(&pem);
	return rc;
}
