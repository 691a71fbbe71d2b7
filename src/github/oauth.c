/* oauth.c: the OAuth web flow's two requests, /user and membership */
#include "github/oauth.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "github/client.h"
#include "util/url.h"

void oauth_authorize_url(const struct config *cfg, const char *state, bool read_org,
			 struct buf *out)
{
	struct buf redirect = BUF_INIT;
	buf_addf(&redirect, "%s%s", cfg->server.public_url, OAUTH_CALLBACK_PATH);
	buf_addf(out, "%s/login/oauth/authorize?client_id=", cfg->github.web_url);
	url_encode_component(out, cfg->github.oauth_client_id);
	buf_adds(out, "&redirect_uri=");
	url_encode_component(out, redirect.p);
	buf_addf(out, "&scope=%s&allow_signup=false&state=", read_org ? "read%3Aorg" : "");
	url_encode_component(out, state);
	buf_release(&redirect);
}

static int client_for(const struct config *cfg, const char *base, const char *token,
		      struct gh_client *c)
{
	if (gh_client_init(c, base, token) < 0)
		return -1;
	c->timeout_ms = (long)cfg->github.timeout_seconds * 1000;
	return 0;
}

enum oauth_result oauth_exchange(const struct config *cfg, const char *client_secret,
				 const char *code, struct buf *token, struct buf *why)
{
	struct gh_client c;
	if (client_for(cfg, cfg->github.web_url, NULL, &c) < 0) {
		buf_adds(why, "cannot set up an HTTP client");
		return OAUTH_UNAVAILABLE;
	}
	/* GitHub answers the token endpoint in JSON only when asked to */
	c.accept = "application/json";
	struct buf redirect = BUF_INIT;
	buf_addf(&redirect, "%s%s", cfg->server.public_url, OAUTH_CALLBACK_PATH);
	json_t *body = json_pack("{s:s,s:s,s:s,s:s}", "client_id", cfg->github.oauth_client_id,
				 "client_secret", client_secret, "code", code, "redirect_uri",
				 redirect.p);
	struct gh_response r;
	gh_request(&c, "POST", "/login/oauth/access_token", body, &r);
	json_decref(body);
	buf_release(&redirect);
	enum oauth_result res = OAUTH_UNAVAILABLE;
	const char *tok = json_string_value(json_object_get(r.json, "access_token"));
	const char *error = json_string_value(json_object_get(r.json, "error"));
	if (r.status == 200 && tok && *tok && strlen(tok) < 512) {
		buf_adds(token, tok);
		res = OAUTH_OK;
	} else if (r.status == 200 && error) {
		/* bad_verification_code (wrong, used or expired),
		 * incorrect_client_credentials, redirect_uri_mismatch */
		const char *d = json_string_value(json_object_get(r.json, "error_description"));
		buf_addf(why, "%.64s: %.200s", error, d ? d : "");
		res = strcmp(error, "bad_verification_code") == 0 ? OAUTH_REFUSED
								   : OAUTH_UNAVAILABLE;
	} else {
		buf_addf(why, "%s", r.message.p);
	}
	gh_response_free(&r);
	gh_client_free(&c);
	return res;
}

enum oauth_result oauth_whoami(const struct config *cfg, const char *token,
			       struct github_identity *who, struct buf *why)
{
	struct gh_client c;
	if (client_for(cfg, cfg->github.api_url, token, &c) < 0) {
		buf_adds(why, "cannot set up an HTTP client");
		return OAUTH_UNAVAILABLE;
	}
	struct gh_response r;
	gh_request(&c, "GET", "/user", NULL, &r);
	enum oauth_result res = OAUTH_UNAVAILABLE;
	json_int_t id = 0;
	const char *login = NULL, *avatar = NULL;
	if (r.status == 200 &&
	    json_unpack(r.json, "{s:I,s:s}", "id", &id, "login", &login) == 0 && id > 0 &&
	    valid_github_login(login)) {
		avatar = json_string_value(json_object_get(r.json, "avatar_url"));
		memset(who, 0, sizeof *who);
		who->id = (int64_t)id;
		snprintf(who->login, sizeof who->login, "%s", login);
		if (avatar && valid_http_url(avatar) && strlen(avatar) <= AVATAR_URL_MAX)
			snprintf(who->avatar_url, sizeof who->avatar_url, "%s", avatar);
		res = OAUTH_OK;
	} else {
		buf_addf(why, "%s", r.message.p);
		if (r.status == 401)
			res = OAUTH_REFUSED;
	}
	gh_response_free(&r);
	gh_client_free(&c);
	return res;
}

int oauth_is_maintainer(const struct config *cfg, struct gh_app *app, const char *user_token,
			const char *login, struct buf *why)
{
	if (!*cfg->github.maintainers_org) {
		buf_adds(why, "github.maintainers_org is not set");
		return 0;
	}
	struct gh_client c;
	if (client_for(cfg, cfg->github.api_url, app ? NULL : user_token, &c) < 0) {
		buf_adds(why, "cannot set up an HTTP client");
		return -1;
	}
	c.app = app;
	struct buf path = BUF_INIT;
	bool team = *cfg->github.maintainers_team;
	buf_adds(&path, "/orgs/");
	url_encode_component(&path, cfg->github.maintainers_org);
	if (team) {
		buf_adds(&path, "/teams/");
		url_encode_component(&path, cfg->github.maintainers_team);
		buf_adds(&path, "/memberships/");
	} else {
		buf_adds(&path, "/members/");
	}
	url_encode_component(&path, login);
	struct gh_response r;
	gh_request(&c, "GET", path.p, NULL, &r);
	int member = -1;
	const char *state = json_string_value(json_object_get(r.json, "state"));
	if (!team && r.status == 204)
		member = 1;
	else if (team && r.status == 200)
		/* an invitation not yet accepted is "pending": not a member yet */
		member = state && strcmp(state, "active") == 0;
	else if (r.status == 404 || r.status == 302 || r.status == 401)
		/* 302: the asker is not in the organisation; 401: the user
		 * revoked newsdesk's authorization */
		member = 0;
	if (member != 1)
		buf_adds(why, r.message.p);
	gh_response_free(&r);
	gh_client_free(&c);
	buf_release(&path);
	return member;
}
