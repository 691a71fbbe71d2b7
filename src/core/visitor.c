/* visitor.c: who is asking, as the GitHub identity cookie says */
#include "core/visitor.h"

#include <string.h>
#include <time.h>

#include "auth/identity.h"

void own_origin(const struct app *app, struct buf *out)
{
	const char *u = app->cfg->server.public_url;
	const char *host = strstr(u, "://");
	const char *end = host ? strchr(host + 3, '/') : NULL;
	buf_addf(out, "%.*s", (int)(end ? (size_t)(end - u) : strlen(u)), u);
}

bool github_signin_offered(const struct app *app)
{
	return *app->cfg->github.oauth_client_id &&
	       cfg_secret(app->cfg->github.oauth_client_secret_env) != NULL;
}

bool signed_in_identity(struct app *app, struct req *r, struct github_identity *who)
{
	const char *tok = req_cookie(r, IDENTITY_COOKIE);
	if (!tok)
		return false;
	struct buf aud = BUF_INIT;
	own_origin(app, &aud);
	bool ok = identity_token_check(app->identity_key, tok, aud.p, (int64_t)time(NULL), who) ==
		  IDENTITY_OK;
	buf_release(&aud);
	return ok;
}
