/* standin_identity.c: the stand-in's GitHub accounts — the OAuth web flow
 * (authorize page, code exchange), GET /user, organisation and team
 * membership, and a GitHub App's installation tokens (JWT checked with the
 * App's public key) — answered with GitHub's status codes and shapes. */
#include "standin/standin_internal.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/url.h"
#include "util/xalloc.h"

#define MAX_ITEMS 256
#define OAUTH_DOCS "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors"

struct si_user { char login[40]; int64_t id; };
struct si_member { char org[64], team[64], login[40]; };
struct si_code { char code[41]; int user; char redirect[512]; char scope[64]; int64_t expires; bool used; };
struct si_token { char token[64]; int user; char scope[64]; bool revoked; int64_t expires; };

struct si_identity {
	char client_id[64], client_secret[64];
	struct si_user users[MAX_ITEMS];
	size_t n_users;
	int browser_user;           /* -1: nobody signed in at GitHub */
	bool deny;
	int code_lifetime;
	struct si_member members[MAX_ITEMS];
	size_t n_members;
	struct si_code codes[MAX_ITEMS];
	size_t n_codes;
	struct si_token tokens[MAX_ITEMS];  /* users' tokens */
	size_t n_tokens;
	/* the App */
	int64_t app_id, installation_id;
	EVP_PKEY *app_key;
	int token_ttl;
	struct si_token inst[MAX_ITEMS];    /* installation tokens */
	size_t n_inst;
	unsigned issued;
};

/* Callers hold s->mu. */
static struct si_identity *ident(struct standin *s)
{
	if (!s->id) {
		s->id = xcalloc(1, sizeof *s->id);
		s->id->browser_user = -1;
		s->id->code_lifetime = 600;
	}
	return s->id;
}

void si_identity_free(struct si_identity *id)
{
	if (!id)
		return;
	EVP_PKEY_free(id->app_key);
	free(id);
}

static void random_hex(char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++)
		out[i] = hex[randombytes_uniform(16)];
	out[n] = '\0';
}

static int user_find(struct si_identity *id, const char *login)
{
	for (size_t i = 0; i < id->n_users; i++)
		if (strcasecmp(id->users[i].login, login) == 0)
			return (int)i;
	return -1;
}

/* ---- test controls ---- */

void standin_oauth_app(struct standin *s, const char *client_id, const char *client_secret)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	snprintf(id->client_id, sizeof id->client_id, "%s", client_id);
	snprintf(id->client_secret, sizeof id->client_secret, "%s", client_secret);
	pthread_mutex_unlock(&s->mu);
}

void standin_add_user(struct standin *s, const char *login, int64_t uid)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	if (user_find(id, login) < 0 && id->n_users < MAX_ITEMS) {
		struct si_user *u = &id->users[id->n_users++];
		snprintf(u->login, sizeof u->login, "%s", login);
		u->id = uid;
	}
	pthread_mutex_unlock(&s->mu);
}

void standin_browser_user(struct standin *s, const char *login)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	id->browser_user = login ? user_find(id, login) : -1;
	pthread_mutex_unlock(&s->mu);
}

void standin_deny_authorization(struct standin *s, bool deny)
{
	pthread_mutex_lock(&s->mu);
	ident(s)->deny = deny;
	pthread_mutex_unlock(&s->mu);
}

void standin_code_lifetime(struct standin *s, int seconds)
{
	pthread_mutex_lock(&s->mu);
	ident(s)->code_lifetime = seconds;
	pthread_mutex_unlock(&s->mu);
}

void standin_set_member(struct standin *s, const char *org, const char *team, const char *login,
			bool member)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	for (size_t i = 0; i < id->n_members; i++) {
		struct si_member *m = &id->members[i];
		if (strcasecmp(m->org, org) == 0 && strcasecmp(m->team, team ? team : "") == 0 &&
		    strcasecmp(m->login, login) == 0) {
			if (!member)
				id->members[i] = id->members[--id->n_members];
			pthread_mutex_unlock(&s->mu);
			return;
		}
	}
	if (member && id->n_members < MAX_ITEMS) {
		struct si_member *m = &id->members[id->n_members++];
		snprintf(m->org, sizeof m->org, "%s", org);
		snprintf(m->team, sizeof m->team, "%s", team ? team : "");
		snprintf(m->login, sizeof m->login, "%s", login);
	}
	pthread_mutex_unlock(&s->mu);
}

void standin_revoke_user_tokens(struct standin *s, const char *login)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	int u = user_find(id, login);
	for (size_t i = 0; i < id->n_tokens; i++)
		if (id->tokens[i].user == u)
			id->tokens[i].revoked = true;
	pthread_mutex_unlock(&s->mu);
}

int standin_github_app(struct standin *s, int64_t app_id, const char *public_pem,
		       int64_t installation_id, int token_ttl_s, struct buf *err)
{
	BIO *bio = BIO_new_mem_buf(public_pem, -1);
	EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!key) {
		buf_adds(err, "not a public key in PEM form");
		return -1;
	}
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	EVP_PKEY_free(id->app_key);
	id->app_key = key;
	id->app_id = app_id;
	id->installation_id = installation_id;
	id->token_ttl = token_ttl_s;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

void standin_revoke_installation_tokens(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	for (size_t i = 0; i < id->n_inst; i++)
		id->inst[i].revoked = true;
	pthread_mutex_unlock(&s->mu);
}

unsigned standin_installation_tokens_issued(struct standin *s)
{
	pthread_mutex_lock(&s->mu);
	unsigned n = ident(s)->issued;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* ---- tokens ---- */

static const char *bearer(const char *authorization)
{
	if (!authorization)
		return NULL;
	if (strncasecmp(authorization, "Bearer ", 7) == 0)
		return authorization + 7;
	if (strncasecmp(authorization, "token ", 6) == 0)
		return authorization + 6;
	return NULL;
}

bool si_installation_token_ok(struct standin *s, const char *authorization)
{
	const char *t = bearer(authorization);
	bool ok = false;
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = s->id;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; t && id && i < id->n_inst && !ok; i++)
		ok = strcmp(id->inst[i].token, t) == 0 && !id->inst[i].revoked &&
		     now < id->inst[i].expires;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

/* The user a user token belongs to, or -1; s->mu held. */
static int token_user(struct si_identity *id, const char *authorization)
{
	const char *t = bearer(authorization);
	for (size_t i = 0; t && i < id->n_tokens; i++)
		if (strcmp(id->tokens[i].token, t) == 0 && !id->tokens[i].revoked)
			return id->tokens[i].user;
	return -1;
}

/* ---- the OAuth web flow ---- */

static void redirect_back(struct resp *rs, const char *redirect, const char *query)
{
	struct buf loc = BUF_INIT;
	buf_addf(&loc, "%s%c%s", redirect, strchr(redirect, '?') ? '&' : '?', query);
	resp_redirect(rs, 302, loc.p);
	buf_release(&loc);
}

int si_h_authorize(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "GET /login/oauth/authorize", 0, &c) < 0)
		return 0;
	struct standin *s = c.s;
	const char *client = req_query(r, "client_id"), *redirect = req_query(r, "redirect_uri");
	const char *state = req_query(r, "state"), *scope = req_query(r, "scope");
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	if (!client || !*id->client_id || strcmp(client, id->client_id) != 0 || !redirect ||
	    !valid_http_url(redirect)) {
		pthread_mutex_unlock(&s->mu);
		resp_bytes(rs, 404, "text/html", "<h1>404</h1>", 12);
		return si_end(r, rs, &c);
	}
	struct buf q = BUF_INIT;
	if (id->deny || id->browser_user < 0) {
		buf_adds(&q, "error=access_denied&error_description=");
		url_encode_component(&q, "The user has denied your application access.");
		buf_adds(&q, "&error_uri=");
		url_encode_component(&q, OAUTH_DOCS);
	} else {
		if (id->n_codes == MAX_ITEMS)
			id->n_codes = 0;
		struct si_code *k = &id->codes[id->n_codes++];
		memset(k, 0, sizeof *k);
		random_hex(k->code, 20);
		k->user = id->browser_user;
		snprintf(k->redirect, sizeof k->redirect, "%s", redirect);
		snprintf(k->scope, sizeof k->scope, "%s", scope ? scope : "");
		k->expires = (int64_t)time(NULL) + id->code_lifetime;
		buf_addf(&q, "code=%s", k->code);
	}
	pthread_mutex_unlock(&s->mu);
	if (state) {
		buf_adds(&q, "&state=");
		url_encode_component(&q, state);
	}
	redirect_back(rs, redirect, q.p);
	buf_release(&q);
	return si_end(r, rs, &c);
}

static void oauth_error(struct resp *rs, const char *error, const char *description)
{
	/* GitHub answers these with 200 */
	resp_json(rs, 200, json_pack("{s:s,s:s,s:s}", "error", error, "error_description",
				     description, "error_uri", OAUTH_DOCS));
}

int si_h_access_token(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "POST /login/oauth/access_token", 0, &c) < 0)
		return 0;
	struct standin *s = c.s;
	size_t n = 0;
	const char *b = req_body(r, &n);
	json_t *j = b ? json_loadb(b, n, 0, NULL) : NULL;
	const char *client = json_string_value(json_object_get(j, "client_id"));
	const char *secret = json_string_value(json_object_get(j, "client_secret"));
	const char *code = json_string_value(json_object_get(j, "code"));
	const char *redirect = json_string_value(json_object_get(j, "redirect_uri"));
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	struct si_code *k = NULL;
	for (size_t i = 0; code && i < id->n_codes; i++)
		if (strcmp(id->codes[i].code, code) == 0)
			k = &id->codes[i];
	if (!client || !secret || strcmp(client, id->client_id) != 0 ||
	    strcmp(secret, id->client_secret) != 0) {
		oauth_error(rs, "incorrect_client_credentials",
			    "The client_id and/or client_secret passed are incorrect.");
	} else if (!k || k->used || (int64_t)time(NULL) >= k->expires) {
		oauth_error(rs, "bad_verification_code", "The code passed is incorrect or expired.");
	} else if (redirect && strcmp(redirect, k->redirect) != 0) {
		oauth_error(rs, "redirect_uri_mismatch",
			    "The redirect_uri MUST match the registered callback URL for this "
			    "application.");
	} else {
		k->used = true;
		if (id->n_tokens == MAX_ITEMS)
			id->n_tokens = 0;
		struct si_token *t = &id->tokens[id->n_tokens++];
		memset(t, 0, sizeof *t);
		memcpy(t->token, "gho_", 4);
		random_hex(t->token + 4, 36);
		t->user = k->user;
		snprintf(t->scope, sizeof t->scope, "%s", k->scope);
		resp_json(rs, 200, json_pack("{s:s,s:s,s:s}", "access_token", t->token,
					     "token_type", "bearer", "scope", t->scope));
	}
	pthread_mutex_unlock(&s->mu);
	json_decref(j);
	return si_end(r, rs, &c);
}

int si_h_user(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "GET /user", 0, &c) < 0)
		return 0;
	struct standin *s = c.s;
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	int u = token_user(id, req_header(r, "Authorization"));
	if (u < 0) {
		si_error(rs, 401, "Bad credentials");
	} else {
		const struct si_user *x = &id->users[u];
		char avatar[128], html[128];
		snprintf(avatar, sizeof avatar, "https://avatars.githubusercontent.com/u/%lld?v=4",
			 (long long)x->id);
		snprintf(html, sizeof html, "https://github.com/%s", x->login);
		resp_json(rs, 200, json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:b,s:n}", "login", x->login,
					     "id", (json_int_t)x->id, "node_id", "U_kgDOstandin",
					     "avatar_url", avatar, "html_url", html, "type", "User",
					     "site_admin", 0, "name"));
	}
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

static bool is_member(struct si_identity *id, const char *org, const char *team,
		      const char *login)
{
	for (size_t i = 0; i < id->n_members; i++) {
		const struct si_member *m = &id->members[i];
		if (strcasecmp(m->org, org) == 0 && strcasecmp(m->team, team) == 0 &&
		    strcasecmp(m->login, login) == 0)
			return true;
	}
	return false;
}

/* Who may ask about an organisation's members: the App's installation, or
 * a user with read:org who is a member.  0 allowed; else the status. */
static int membership_asker(struct standin *s, struct si_identity *id, struct req *r,
			    const char *org)
{
	const char *auth = req_header(r, "Authorization");
	pthread_mutex_unlock(&s->mu);
	bool inst = si_installation_token_ok(s, auth);
	pthread_mutex_lock(&s->mu);
	if (inst)
		return 0;
	int u = token_user(id, auth);
	if (u < 0)
		return 401;
	/* without read:org, or from outside: GitHub redirects to the
	 * public members list */
	bool scoped = false;
	for (size_t i = 0; i < id->n_tokens; i++)
		if (strcmp(id->tokens[i].token, bearer(auth)) == 0)
			scoped = strstr(id->tokens[i].scope, "read:org") != NULL;
	return scoped && is_member(id, org, "", id->users[u].login) ? 0 : 302;
}

int si_h_org_member(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "GET /orgs/{org}/members/{username}", 0, &c) < 0)
		return 0;
	struct standin *s = c.s;
	const char *org = req_param(r, 0), *login = req_param(r, 1);
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	int asker = membership_asker(s, id, r, org);
	if (asker == 401) {
		si_error(rs, 401, "Bad credentials");
	} else if (asker == 302) {
		struct buf loc = BUF_INIT;
		buf_addf(&loc, "%s/orgs/%s/public_members/%s", s->api, org, login);
		resp_redirect(rs, 302, loc.p);
		buf_release(&loc);
	} else if (is_member(id, org, "", login)) {
		resp_bytes(rs, 204, "application/json", "", 0);
	} else {
		si_error(rs, 404, "User does not exist or is not a member of the organization");
	}
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

int si_h_team_membership(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "GET /orgs/{org}/teams/{team_slug}/memberships/{username}", 0,
			&c) < 0)
		return 0;
	struct standin *s = c.s;
	const char *org = req_param(r, 0), *team = req_param(r, 1), *login = req_param(r, 2);
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	int asker = membership_asker(s, id, r, org);
	if (asker == 401)
		si_error(rs, 401, "Bad credentials");
	else if (asker == 302 || !is_member(id, org, team, login))
		si_error(rs, 404, "Not Found");
	else
		resp_json(rs, 200, json_pack("{s:s,s:s,s:s}", "url", "", "role", "member", "state",
					     "active"));
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}

/* ---- the App ---- */

static bool b64url(const char *in, size_t len, unsigned char *out, size_t cap, size_t *n)
{
	return sodium_base642bin(out, cap, in, len, NULL, n, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0;
}

/* NULL when the JWT holds, else GitHub's complaint. */
static const char *jwt_problem(struct si_identity *id, const char *jwt)
{
	const char *d1 = strchr(jwt, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || !id->app_key)
		return "A JSON web token could not be decoded";
	unsigned char head[256], claims[512], sig[1024];
	size_t hn = 0, cn = 0, sn = 0;
	if (!b64url(jwt, (size_t)(d1 - jwt), head, sizeof head - 1, &hn) ||
	    !b64url(d1 + 1, (size_t)(d2 - d1 - 1), claims, sizeof claims - 1, &cn) ||
	    !b64url(d2 + 1, strlen(d2 + 1), sig, sizeof sig, &sn))
		return "A JSON web token could not be decoded";
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, id->app_key) == 1 &&
		  EVP_DigestVerify(md, sig, sn, (const unsigned char *)jwt,
				   (size_t)(d2 - jwt)) == 1;
	EVP_MD_CTX_free(md);
	if (!ok)
		return "A JSON web token could not be decoded";
	json_t *h = json_loadb((const char *)head, hn, 0, NULL);
	json_t *c = json_loadb((const char *)claims, cn, 0, NULL);
	const char *alg = json_string_value(json_object_get(h, "alg"));
	json_t *iss = json_object_get(c, "iss");
	json_int_t iat = json_integer_value(json_object_get(c, "iat"));
	json_int_t exp = json_integer_value(json_object_get(c, "exp"));
	int64_t now = (int64_t)time(NULL);
	char want[24];
	snprintf(want, sizeof want, "%lld", (long long)id->app_id);
	const char *problem = NULL;
	if (!alg || strcmp(alg, "RS256") != 0)
		problem = "A JSON web token could not be decoded";
	else if (!((json_is_string(iss) && strcmp(json_string_value(iss), want) == 0) ||
		   (json_is_integer(iss) && json_integer_value(iss) == id->app_id)))
		problem = "Integration not found";
	else if (exp <= now)
		problem = "'Expiration time' claim ('exp') must be a numeric value representing "
			  "the future time at which the assertion expires";
	else if (exp - iat > 600 || iat > now + 60)
		problem = "'Expiration time' claim ('exp') is too far in the future";
	json_decref(h);
	json_decref(c);
	return problem;
}

int si_h_installation_token(struct req *r, struct resp *rs)
{
	struct si_call c;
	if (si_begin_ex(r, rs, "POST /app/installations/{installation_id}/access_tokens", 0,
			&c) < 0)
		return 0;
	struct standin *s = c.s;
	const char *jwt = bearer(req_header(r, "Authorization"));
	char *end = NULL;
	long long inst = strtoll(req_param(r, 0), &end, 10);
	pthread_mutex_lock(&s->mu);
	struct si_identity *id = ident(s);
	const char *problem = jwt ? jwt_problem(id, jwt) : "A JSON web token could not be decoded";
	if (problem) {
		si_error(rs, 401, problem);
	} else if (!end || *end || inst != id->installation_id) {
		si_error(rs, 404, "Not Found");
	} else {
		if (id->n_inst == MAX_ITEMS)
			id->n_inst = 0;
		struct si_token *t = &id->inst[id->n_inst++];
		memset(t, 0, sizeof *t);
		memcpy(t->token, "ghs_", 4);
		random_hex(t->token + 4, 36);
		t->expires = (int64_t)time(NULL) + id->token_ttl;
		id->issued++;
		char exp[32];
		time_t tt = (time_t)t->expires;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(exp, sizeof exp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		resp_json(rs, 201, json_pack("{s:s,s:s,s:{s:s,s:s,s:s},s:s}", "token", t->token,
					     "expires_at", exp, "permissions", "contents", "write",
					     "pull_requests", "write", "members", "read",
					     "repository_selection", "selected"));
	}
	pthread_mutex_unlock(&s->mu);
	return si_end(r, rs, &c);
}
