/* app_auth.h: newsdesk acting on GitHub as a GitHub App.
 *
 * The App's private key signs a JWT (RS256, OpenSSL's libcrypto: nothing
 * else in the stack does RSA) that lives ten minutes; the JWT is exchanged
 * for an installation access token (POST /app/installations/{id}/
 * access_tokens), which GitHub lets live an hour.  The token is kept in
 * memory only, shared by every client of the process, and renewed when it
 * has less than GH_APP_RENEW_BEFORE_S left, or at once when GitHub answers
 * 401 to it (revoked, or the clocks disagree).
 */
#ifndef NEWSDESK_GH_APP_AUTH_H
#define NEWSDESK_GH_APP_AUTH_H

#include <stdint.h>

#include "config/config.h"
#include "util/buf.h"

#define GH_APP_RENEW_BEFORE_S 300
#define GH_APP_JWT_LIFETIME_S 540  /* GitHub allows ten minutes; clocks drift */

struct gh_app;

/* pem: the App's private key (PKCS#1 or PKCS#8).  NULL with err. */
struct gh_app *gh_app_new(const char *api_url, int64_t app_id, int64_t installation_id,
			  const char *pem, size_t pem_len, long timeout_ms, struct buf *err);
void gh_app_free(struct gh_app *a);

/* The App the configuration names (github.app_id, the key from
 * app_private_key_file or $app_private_key_env): 0 with *out NULL when none
 * is configured, 0 with *out set, or -1 with err when it cannot work. */
int gh_app_from_config(const struct config *cfg, struct gh_app **out, struct buf *err);

/* The current installation token into token.  failed: the token GitHub
 * just refused (renewed unless someone renewed it already), or NULL.
 * 0, or -1 with err (*retry set when trying later may help). */
int gh_app_token(struct gh_app *a, const char *failed, struct buf *token, int *retry,
		 struct buf *err);

/* The JWT the App would sign at now (for tests). */
int gh_app_jwt(struct gh_app *a, int64_t now, struct buf *out, struct buf *err);

/* How many installation tokens were fetched (for tests and /healthz). */
unsigned gh_app_renewals(struct gh_app *a);

#endif
