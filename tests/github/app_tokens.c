/* app_tokens.c: newsdesk as a GitHub App against the stand-in — the JWT
 * it signs (RS256, checked with the App's public key), the installation
 * token it trades it for, reuse while the token is fresh, renewal when
 * less than GH_APP_RENEW_BEFORE_S is left, renewal after a 401, and a
 * clear failure with a key GitHub does not know. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "github/app_auth.h"
#include "github/client.h"
#include "standin/standin.h"
#include "support/rsa_keys.h"

#define APP_ID 424242
#define INSTALLATION 77

static struct standin *gh;
static char api[64];

static void setup(void)
{
	struct buf err = BUF_INIT;
	struct standin_opts o = { .owner = "rust-osdev", .repo = "homepage", .token = "ghp_personal" };
	gh = standin_start(&o, &err);
	cr_assert_not_null(gh, "%s", err.p);
	standin_commit(gh, "next", "draft", "content/this-month/2026-11/index.md", "+++\n+++\n");
	snprintf(api, sizeof api, "http://127.0.0.1:%u", standin_port(gh));
	buf_release(&err);
}

static void teardown(void)
{
	standin_stop(gh);
}

TestSuite(app_tokens, .init = setup, .fini = teardown, .timeout = 60);

/* An App client; ttl: how long the stand-in lets its tokens live. */
static struct gh_app *installed_app(int ttl, struct buf *priv)
{
	struct buf pub = BUF_INIT, err = BUF_INIT;
	rsa_key_pair(priv, &pub);
	cr_assert_eq(standin_github_app(gh, APP_ID, pub.p, INSTALLATION, ttl, &err), 0, "%s",
		     err.p);
	struct gh_app *a = gh_app_new(api, APP_ID, INSTALLATION, priv->p, priv->len, 5000, &err);
	cr_assert_not_null(a, "%s", err.p);
	buf_release(&pub);
	buf_release(&err);
	return a;
}

static long get_branch(struct gh_app *a)
{
	struct gh_client c;
	cr_assert_eq(gh_client_init(&c, api, NULL), 0);
	c.app = a;
	struct gh_response r;
	gh_request(&c, "GET", "/repos/rust-osdev/homepage/branches/next", NULL, &r);
	long status = r.status;
	gh_response_free(&r);
	gh_client_free(&c);
	return status;
}

Test(app_tokens, one_token_serves_until_it_is_refused_then_a_new_one)
{
	struct buf priv = BUF_INIT;
	struct gh_app *a = installed_app(3600, &priv);
	cr_assert_eq(get_branch(a), 200);
	cr_assert_eq(get_branch(a), 200);
	cr_assert_eq(standin_installation_tokens_issued(gh), 1);
	cr_assert_eq(gh_app_renewals(a), 1);
	/* revoked (or GitHub's clock ran ahead): a 401, one renewal, success */
	standin_revoke_installation_tokens(gh);
	cr_assert_eq(get_branch(a), 200);
	cr_assert_eq(standin_installation_tokens_issued(gh), 2);
	gh_app_free(a);
	buf_release(&priv);
}

Test(app_tokens, a_token_close_to_expiry_is_renewed_before_use)
{
	struct buf priv = BUF_INIT;
	/* every token arrives with less than the renewal margin left */
	struct gh_app *a = installed_app(GH_APP_RENEW_BEFORE_S - 10, &priv);
	cr_assert_eq(get_branch(a), 200);
	cr_assert_eq(get_branch(a), 200);
	cr_assert_eq(standin_installation_tokens_issued(gh), 2);
	gh_app_free(a);
	buf_release(&priv);
}

Test(app_tokens, the_jwt_says_who_and_lives_ten_minutes_at_most)
{
	struct buf priv = BUF_INIT, jwt = BUF_INIT, err = BUF_INIT;
	struct gh_app *a = installed_app(3600, &priv);
	cr_assert_eq(gh_app_jwt(a, 1700000000, &jwt, &err), 0);
	const char *d1 = strchr(jwt.p, '.');
	cr_assert_not_null(d1);
	unsigned char claims[256];
	size_t n = 0;
	const char *d2 = strchr(d1 + 1, '.');
	cr_assert_eq(sodium_base642bin(claims, sizeof claims - 1, d1 + 1, (size_t)(d2 - d1 - 1),
				       NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
		     0);
	claims[n] = 0;
	cr_assert_str_eq((char *)claims, "{\"iat\":1699999940,\"exp\":1700000540,\"iss\":\"424242\"}");
	gh_app_free(a);
	buf_release(&priv);
	buf_release(&jwt);
	buf_release(&err);
}

Test(app_tokens, a_key_github_does_not_know_fails_clearly)
{
	struct buf priv = BUF_INIT, other = BUF_INIT, pub = BUF_INIT, err = BUF_INIT;
	struct gh_app *a = installed_app(3600, &priv);
	gh_app_free(a);
	rsa_key_pair(&other, &pub);
	a = gh_app_new(api, APP_ID, INSTALLATION, other.p, other.len, 5000, &err);
	cr_assert_not_null(a);
	struct gh_client c;
	cr_assert_eq(gh_client_init(&c, api, NULL), 0);
	c.app = a;
	struct gh_response r;
	cr_assert_eq(gh_request(&c, "GET", "/repos/rust-osdev/homepage/branches/next", NULL, &r),
		     -1);
	cr_assert_eq(r.kind, GH_REFUSED, "%s", gh_kind_name(r.kind));
	cr_assert(strstr(r.message.p, "installation token") &&
		  strstr(r.message.p, "could not be decoded"), "%s", r.message.p);
	gh_response_free(&r);
	gh_client_free(&c);
	gh_app_free(a);
	cr_assert_null(gh_app_new(api, APP_ID, INSTALLATION, "not a key", 9, 5000, &err));
	buf_release(&priv);
	buf_release(&other);
	buf_release(&pub);
	buf_release(&err);
}

struct asker {
	struct gh_app *a;
	int rc;
	struct buf token;
};

static void *ask(void *arg)
{
	struct asker *k = arg;
	struct buf err = BUF_INIT;
	int retry;
	k->rc = gh_app_token(k->a, NULL, &k->token, &retry, &err);
	buf_release(&err);
	return NULL;
}

/* No lock is held across the network: while one renewal waits on GitHub,
 * the App's state can still be read, and the callers who need a token
 * meanwhile wait for that one answer instead of asking again. */
Test(app_tokens, one_renewal_in_flight_and_no_lock_across_it)
{
	struct buf priv = BUF_INIT;
	struct gh_app *a = installed_app(3600, &priv);
	standin_hang(gh, true);
	struct asker k[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		k[i] = (struct asker){ a, -2, BUF_INIT };
		cr_assert_eq(pthread_create(&t[i], NULL, ask, &k[i]), 0);
	}
	usleep(200 * 1000);   /* all three are in: one asking GitHub, two waiting */
	/* gh_app_renewals takes the App's lock: it answers while GitHub does not */
	cr_assert_eq(gh_app_renewals(a), 0);
	standin_hang(gh, false);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 3; i++) {
		cr_expect_eq(k[i].rc, 0);
		cr_expect_str_eq(k[i].token.p, k[0].token.p);
	}
	for (int i = 0; i < 3; i++)
		buf_release(&k[i].token);
	cr_expect_eq(gh_app_renewals(a), 1, "one renewal for three callers");
	gh_app_free(a);
	buf_release(&priv);
}
