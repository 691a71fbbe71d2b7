/* oauth.h: GitHub's OAuth web flow and the questions newsdesk asks with a
 * user's token: who is this, and are they a maintainer.
 *
 * The authorize and token endpoints live under github.web_url, the API
 * under github.api_url; the redirect URI is public_url +
 * OAUTH_CALLBACK_PATH, the same at both steps as GitHub requires.
 */
#ifndef NEWSDESK_GH_OAUTH_H
#define NEWSDESK_GH_OAUTH_H

#include <stdbool.h>

#include "github/user.h"
#include "config/config.h"
#include "util/buf.h"

#define OAUTH_CALLBACK_PATH "/auth/github/callback"

struct gh_app;

/* The URL to send the browser to.  Maintainers need read:org for GitHub
 * to tell their private membership; everyone else is asked for nothing
 * (public, read-only information). */
void oauth_authorize_url(const struct config *cfg, const char *state, bool read_org,
			 struct buf *out);

enum oauth_result {
	OAUTH_OK,
	OAUTH_REFUSED,      /* GitHub said no: the code is wrong, used or expired; a bad token */
	OAUTH_UNAVAILABLE,  /* no answer, or not one we understand: try again later */
};

/* Exchanges the code for an access token (into token). */
enum oauth_result oauth_exchange(const struct config *cfg, const char *client_secret,
				 const char *code, struct buf *token, struct buf *why);
/* GET /user with the token. */
enum oauth_result oauth_whoami(const struct config *cfg, const char *token,
			       struct github_identity *who, struct buf *why);

/* Is login a maintainer: a member of github.maintainers_org (and of
 * github.maintainers_team when set)?  Asked with the App's installation
 * token when app is set, else with the user's own token.  1 yes, 0 no
 * (a revoked user token counts as no), -1 cannot tell now. */
int oauth_is_maintainer(const struct config *cfg, struct gh_app *app, const char *user_token,
			const char *login, struct buf *why);

#endif
