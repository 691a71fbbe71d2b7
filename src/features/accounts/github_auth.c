/* github_auth.c: GET /auth/github/login, GET /auth/github/callback,
 * POST /auth/github/logout and GET /api/v1/me — GitHub sign-in for
 * maintainers (an admin session), contributors (the form's credit) and
 * commenters (an identity token for the widget, or for the no-JS page).
 *
 * The state sent to GitHub is random, stored only as a hash, good once
 * and for STATE_LIFETIME_S, and bound to the browser that started: the
 * nd_oauth cookie (SameSite=Lax, so it comes back on GitHub's redirect)
 * must hash to what the state row holds.  The callback takes the state
 * before it looks at anything else, so a replayed or raced callback finds
 * nothing.  A user's access token is used during the callback and then
 * forgotten, except a maintainer's, kept encrypted in the session for the
 * membership re-checks when no GitHub App can answer them. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/tokens.h"
#include "http/errors.h"
#include "github/oauth.h"
#include "http/fields.h"
#include "core/app.h"
#include "core/cors.h"
#include "core/visitor.h"
#include "features/accounts/accounts.h"
#include "features/accounts/signin_pages.h"
#include "util/log.h"
#include "util/slow_pool.h"
#include "util/xalloc.h"
#include "store/signin.h"

#define STATE_LIFETIME_S 600
#define BINDING_COOKIE "nd_oauth"

static bool secure(const struct app *app)
{
	return strncmp(app->cfg->server.public_url, "https://", 8) == 0;
}

/* A sign-in that cannot go on: the sign-in routes' refusal page, with a
 * way to start again (again, or NULL). */
static void problem(struct req *r, struct resp *rs, enum err e, const char *message,
		    const char *again)
{
	req_set_back(r, again);
	fail(r, rs, e, NULL, message);
}

void signin_refusal_page(struct req *r, struct resp *rs, const struct err_def *e,
			 const char *field, const char *message, const char *back)
{
	(void)r;
	(void)field;
	struct buf b = BUF_INIT;
	render_signin_problem(&b, e->title, message, back);
	resp_header(rs, "Cache-Control", "no-store");
	resp_page(rs, e->status, &b);
}

/* A path on this service to come back to: "/x", never "//host" or "/\". */
static bool local_path(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\' || strlen(p) >= 512)
		return false;
	for (; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

const struct input_spec github_login_input = INPUT(IN_QUERY, NULL,
	FIELD("for", FT_TEXT, 0, 16),
	FIELD("origin", FT_TEXT, 0, 255),
	FIELD("return", FT_TEXT, 0, 511));

/* Each start stores a state and each callback spends a GitHub exchange:
 * both are counted per network.  Answers false (refused) when over. */
static bool within_signin_limit(struct req *r, struct resp *rs, const char *done)
{
	struct app *app = req_app(r);
	if (rate_limit_hit(&app->costly_limit, req_client_net(r), (int64_t)time(NULL)))
		return true;
	resp_header(rs, "Retry-After", "60");
	struct buf msg = BUF_INIT;
	buf_addf(&msg, "Too many sign-ins were %s from your address; wait a minute and try "
		       "again.", done);
	problem(r, rs, ERR_RATE_LIMITED, msg.p, NULL);
	buf_release(&msg);
	return false;
}

/* What the sign-in is for (?for=), and for a comment, the site that asked
 * (?origin=, one that may embed us).  -1 refused. */
static int signin_purpose(struct req *r, struct resp *rs, const char *own,
			  struct store_oauth_state *st)
{
	struct app *app = req_app(r);
	const char *what = in_text(r, "for");
	const char *origin = in_text(r, "origin");
	if (!what) {
		/* SPEC's plain sign-in: whoever you are, and maintainers get more */
		st->purpose = OAUTH_FOR_ANY;
	} else if (strcmp(what, "admin") == 0) {
		st->purpose = OAUTH_FOR_ADMIN;
		if (!*app->cfg->github.maintainers_org) {
			problem(r, rs, ERR_NO_MAINTAINERS_ORG,
				"Maintainers cannot sign in with GitHub here: "
				"github.maintainers_org is not set.", NULL);
			return -1;
		}
	} else if (strcmp(what, "submit") == 0) {
		st->purpose = OAUTH_FOR_SUBMIT;
	} else if (strcmp(what, "comment") == 0) {
		st->purpose = OAUTH_FOR_COMMENT;
		/* the popup answers one site, and only one that may embed us */
		if (!origin)
			origin = own;
		if (!site_origin_allowed(app, origin)) {
			log_warn("sign-in refused for origin %.200s: not in server.allowed_origins",
				 origin);
			problem(r, rs, ERR_ORIGIN_NOT_ALLOWED,
				"The page that opened this window is not in newsdesk's "
				"server.allowed_origins, so newsdesk will not sign you in for it.",
				NULL);
			return -1;
		}
		snprintf(st->origin, sizeof st->origin, "%s", origin);
	} else {
		problem(r, rs, ERR_UNKNOWN_SIGNIN, "?for= must be admin, submit or comment.", NULL);
		return -1;
	}
	return 0;
}

/* The state stored (as a hash, with the browser's binding), then the
 * browser sent to GitHub with the binding cookie. */
static void send_to_github(struct req *r, struct resp *rs, struct store_oauth_state *st)
{
	struct app *app = req_app(r);
	const struct config *cfg = app->cfg;
	char state[TOKEN_CHARS + 1], binding[TOKEN_CHARS + 1];
	unsigned char state_hash[TOKEN_HASH_BYTES];
	token_new(state);
	token_new(binding);
	token_hash(state, state_hash);
	token_hash(binding, st->binding_hash);
	struct buf err = BUF_INIT;
	if (store_oauth_state_put(app->store, state_hash, st, (int64_t)time(NULL), &err) < 0) {
		log_error("sign-in: %s", err.p);
		buf_release(&err);
		problem(r, rs, ERR_INTERNAL, "The sign-in could not be started; try again.",
			NULL);
		return;
	}
	buf_release(&err);
	struct buf url = BUF_INIT;
	bool read_org = st->purpose == OAUTH_FOR_ADMIN ||
			(st->purpose == OAUTH_FOR_ANY && *cfg->github.maintainers_org);
	oauth_authorize_url(cfg, state, read_org, &url);
	resp_cookie(rs, BINDING_COOKIE, binding, STATE_LIFETIME_S, "Lax", secure(app));
	resp_header(rs, "Cache-Control", "no-store");
	resp_redirect(rs, HTTP_FOUND, url.p);
	buf_release(&url);
}

int handle_github_login(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	if (!github_signin_offered(app)) {
		problem(r, rs, ERR_SIGNIN_OFF,
			"This newsdesk has no GitHub OAuth App configured: its maintainers set "
			"github.oauth_client_id in the configuration and the App's secret in the "
			"environment variable that github.oauth_client_secret_env names.", NULL);
		return 0;
	}
	if (!within_signin_limit(r, rs, "started"))
		return 0;
	struct store_oauth_state st = { .expires_at = (int64_t)time(NULL) + STATE_LIFETIME_S };
	const char *ret = in_text(r, "return");
	struct buf own = BUF_INIT;
	own_origin(app, &own);
	if (signin_purpose(r, rs, own.p, &st) < 0) {
		/* refused */
	} else if (ret && !local_path(ret)) {
		problem(r, rs, ERR_UNKNOWN_SIGNIN, "?return= must be a path on this site.", NULL);
	} else {
		snprintf(st.return_to, sizeof st.return_to, "%s", ret ? ret : "");
		send_to_github(r, rs, &st);
	}
	buf_release(&own);
	return 0;
}

/* Where "start again" goes for a purpose. */
static const char *again_url(enum oauth_purpose p)
{
	switch (p) {
	case OAUTH_FOR_ADMIN: return "/auth/github/login?for=admin";
	case OAUTH_FOR_SUBMIT: return "/submit";
	case OAUTH_FOR_COMMENT: return NULL;  /* the site's own button */
	case OAUTH_FOR_ANY: return "/auth/github/login";
	}
	return NULL;
}

/* A maintainer's session, when GitHub says they are one: 1 started (its
 * cookie set on rs), 0 not a maintainer, -1 GitHub or the store failed;
 * msg says why when not 1. */
static int maintainer_session(struct app *app, struct req *r, struct resp *rs,
			      const struct github_identity *who, const char *token, struct buf *msg)
{
	struct buf why = BUF_INIT, err = BUF_INIT;
	const struct config *cfg = app->cfg;
	int member = oauth_is_maintainer(cfg, app->gh_app, token, who->login, &why);
	int rc = -1;
	if (member <= 0) {
		if (member == 0)
			buf_addf(msg, "@%s is not a member of %s%s%s on GitHub, so the review page "
				      "stays closed.", who->login, cfg->github.maintainers_org,
				 *cfg->github.maintainers_team ? "'s team " : "",
				 cfg->github.maintainers_team);
		else
			buf_adds(msg, "GitHub could not tell whether you are a maintainer; try again "
				      "in a minute.");
		log_info("maintainer sign-in of @%s refused: %s", who->login, why.p);
		audit(app, who->login, "login_refused", NULL, req_client_ip(r));
		rc = member;
		goto out;
	}
	int64_t uid = 0;
	char name[128], csrf[64];
	if (store_github_user(app->store, who->id, who->login, (int64_t)time(NULL), &uid, name,
			      &err) != 1 ||
	    session_start(&app->guard, uid, "github", app->gh_app ? NULL : token, secure(app), rs,
			  csrf, &err) < 0) {
		log_error("maintainer sign-in: %s", err.p);
		buf_adds(msg, "The session could not be started; try again.");
		goto out;
	}
	audit(app, name, "login", "github", req_client_ip(r));
	rc = 1;
out:
	buf_release(&why);
	buf_release(&err);
	return rc;
}

static void admin_signed_in(struct app *app, struct req *r, struct resp *rs,
			    const struct github_identity *who, const char *token)
{
	struct buf msg = BUF_INIT;
	int rc = maintainer_session(app, r, rs, who, token, &msg);
	if (rc == 1) {
		resp_redirect(rs, HTTP_SEE_OTHER, "/admin");
	} else {
		resp_reset(rs);
		problem(r, rs, rc == 0 ? ERR_NOT_A_MAINTAINER : ERR_GITHUB_UNAVAILABLE, msg.p,
			"/auth/github/login?for=admin");
	}
	buf_release(&msg);
}

static void set_identity_cookie(struct app *app, struct resp *rs,
				const struct github_identity *who)
{
	struct buf aud = BUF_INIT, tok = BUF_INIT;
	own_origin(app, &aud);
	int64_t life = app->cfg->comments.signin_days * 86400;
	identity_token_make(app->identity_key, who, aud.p, (int64_t)time(NULL) + life, &tok);
	resp_cookie(rs, IDENTITY_COOKIE, tok.p, (long)life, "Lax", secure(app));
	buf_release(&aud);
	buf_release(&tok);
}

/* SPEC's plain sign-in: the contributor's identity for the form, and for
 * a maintainer the review page as well. */
static void any_signed_in(struct app *app, struct req *r, struct resp *rs,
			  const struct github_identity *who, const char *token,
			  const struct store_oauth_state *st)
{
	set_identity_cookie(app, rs, who);
	struct buf msg = BUF_INIT;
	bool maintainer = *app->cfg->github.maintainers_org &&
			  maintainer_session(app, r, rs, who, token, &msg) == 1;
	resp_redirect(rs, HTTP_SEE_OTHER,
		      maintainer ? "/admin" : *st->return_to ? st->return_to : "/submit");
	buf_release(&msg);
}

/* A contributor, or a commenter on this service's own no-JS page: the
 * identity rides in a first-party cookie. */
static void cookie_signed_in(struct app *app, struct resp *rs, const struct github_identity *who,
			     const struct store_oauth_state *st)
{
	set_identity_cookie(app, rs, who);
	const char *back = *st->return_to ? st->return_to
			   : st->purpose == OAUTH_FOR_SUBMIT ? "/submit" : "/";
	resp_redirect(rs, HTTP_SEE_OTHER, back);
}

/* A sign-in whose state held, finished with GitHub (the code for a
 * token, the token for the account): on the slow pool, never on an HTTP
 * thread, which an anonymous client with a made-up code could tie up. */
struct callback_job {
	struct app *app;
	struct req *r;
	struct store_oauth_state st;
	char code[257];
};

static void finish_signin(struct app *app, struct req *r, struct resp *rs,
			  const struct store_oauth_state *stp, const char *code, struct buf *token,
			  struct buf *why)
{
	struct store_oauth_state st = *stp;   /* the helpers below take it as theirs */
	const char *secret = cfg_secret(app->cfg->github.oauth_client_secret_env);
	struct github_identity who;
	enum oauth_result res = secret ? oauth_exchange(app->cfg, secret, code, token, why)
				       : OAUTH_UNAVAILABLE;
	if (res == OAUTH_OK)
		res = oauth_whoami(app->cfg, token->p, &who, why);
	if (res != OAUTH_OK) {
		log_warn("sign-in failed: %s", why->len ? why->p : "no client secret");
		problem(r, rs, res == OAUTH_REFUSED ? ERR_GITHUB_REFUSED : ERR_GITHUB_UNAVAILABLE,
			res == OAUTH_REFUSED
				? "GitHub did not accept the sign-in code: it was used already or "
				  "has expired."
				: "GitHub could not be reached to finish the sign-in; try again in "
				  "a minute.",
			again_url(st.purpose));
		return;
	}
	switch (st.purpose) {
	case OAUTH_FOR_ADMIN:
		admin_signed_in(app, r, rs, &who, token->p);
		break;
	case OAUTH_FOR_SUBMIT:
		cookie_signed_in(app, rs, &who, &st);
		break;
	case OAUTH_FOR_ANY:
		any_signed_in(app, r, rs, &who, token->p, &st);
		break;
	case OAUTH_FOR_COMMENT: {
		/* the no-JS thread page comes back to itself with a cookie; the
		 * widget (on any allowed origin, ours too) gets the popup's
		 * hand-over */
		struct buf own = BUF_INIT;
		own_origin(app, &own);
		if (*st.return_to && strcasecmp(st.origin, own.p) == 0) {
			cookie_signed_in(app, rs, &who, &st);
		} else {
			struct buf tok = BUF_INIT, page = BUF_INIT;
			int64_t exp = (int64_t)time(NULL) + app->cfg->comments.signin_days * 86400;
			identity_token_make(app->identity_key, &who, st.origin, exp, &tok);
			render_signin_handover(&page, st.origin, tok.p, &who, exp);
			resp_page(rs, HTTP_OK, &page);
			buf_release(&tok);
		}
		buf_release(&own);
		break;
	}
	}
}

static void callback_work(void *arg)
{
	struct callback_job *j = arg;
	struct resp rs;
	resp_init(&rs);
	resp_cookie(&rs, BINDING_COOKIE, "", 0, "Lax", secure(j->app));
	resp_header(&rs, "Cache-Control", "no-store");
	struct buf token = BUF_INIT, why = BUF_INIT;
	finish_signin(j->app, j->r, &rs, &j->st, j->code, &token, &why);
	sodium_memzero(token.p, token.len);
	buf_release(&token);
	buf_release(&why);
	req_answer(j->r, &rs, 0);
	sodium_memzero(j->code, sizeof j->code);
	free(j);
}

static void callback_start(void *arg)
{
	struct callback_job *j = arg;
	if (slow_pool_submit(j->app->slow, callback_work, j) == 0)
		return;
	struct resp rs;
	resp_init(&rs);
	resp_cookie(&rs, BINDING_COOKIE, "", 0, "Lax", secure(j->app));
	req_set_back(j->r, again_url(j->st.purpose));
	fail_busy_answer(j->r, &rs, "Too many sign-ins are being finished at once; start "
			 "again in a few seconds.");
	free(j);
}

/* what GitHub sends back (error_description and the like are not read) */
const struct input_spec github_callback_input = INPUT(IN_QUERY, NULL,
	FIELD("state", FT_TEXT, 0, 128),
	FIELD("code", FT_TEXT, 0, 256),
	FIELD("error", FT_TEXT, 0, 64));

int handle_github_callback(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *state = in_text(r, "state"), *code = in_text(r, "code");
	const char *error = in_text(r, "error");
	const char *binding = req_cookie(r, BINDING_COOKIE);
	/* the binding is spent whatever happens next */
	resp_cookie(rs, BINDING_COOKIE, "", 0, "Lax", secure(app));
	resp_header(rs, "Cache-Control", "no-store");
	struct store_oauth_state st;
	unsigned char hash[TOKEN_HASH_BYTES], bhash[TOKEN_HASH_BYTES];
	struct buf err = BUF_INIT;
	int found = 0;
	if (!within_signin_limit(r, rs, "finished"))
		return 0;
	if (state && token_well_formed(state)) {
		token_hash(state, hash);
		found = store_oauth_state_take(app->store, hash, &st, &err);
	}
	if (found < 0) {
		log_error("sign-in: %s", err.p);
		problem(r, rs, ERR_INTERNAL, "The sign-in could not be finished; try again.",
			NULL);
		goto out;
	}
	if (!found) {
		problem(r, rs, ERR_SIGNIN_SPENT,
			"This sign-in was already used, or never started here. Sign-in links "
			"work once.", "/");
		goto out;
	}
	if ((int64_t)time(NULL) >= st.expires_at) {
		problem(r, rs, ERR_SIGNIN_EXPIRED,
			"The sign-in expired before GitHub sent you back (it lasts ten minutes).",
			again_url(st.purpose));
		goto out;
	}
	if (binding)
		token_hash(binding, bhash);
	if (!binding || sodium_memcmp(bhash, st.binding_hash, sizeof bhash) != 0) {
		problem(r, rs, ERR_OTHER_BROWSER,
			"The sign-in was started in another browser or window (or cookies are "
			"blocked for this site).", again_url(st.purpose));
		goto out;
	}
	if (error) {
		bool denied = strcmp(error, "access_denied") == 0;
		problem(r, rs, denied ? ERR_SIGNIN_DECLINED : ERR_GITHUB_REFUSED,
			denied ? "You declined to let newsdesk see your GitHub account."
			       : "GitHub did not complete the sign-in.",
			again_url(st.purpose));
		goto out;
	}
	if (!code || !*code || strlen(code) > 256) {
		problem(r, rs, ERR_GITHUB_REFUSED, "GitHub sent no sign-in code.",
			again_url(st.purpose));
		goto out;
	}
	struct callback_job *j = xcalloc(1, sizeof *j);
	*j = (struct callback_job){ .app = app, .r = r, .st = st };
	snprintf(j->code, sizeof j->code, "%s", code);
	req_defer(r, callback_start, j);
out:
	buf_release(&err);
	return 0;
}

int handle_github_logout(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	/* only this site's own forms may sign someone out */
	const char *origin = req_header(r, "Origin");
	if (origin && !origin_of(origin, app->cfg->server.public_url)) {
		fail(r, rs, ERR_FORBIDDEN, NULL, "sign out from this site's own pages");
		return 0;
	}
	resp_cookie(rs, IDENTITY_COOKIE, "", 0, "Lax", secure(app));
	resp_redirect(rs, HTTP_SEE_OTHER, "/submit");
	return 0;
}

int handle_me(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct github_identity who;
	json_t *gh = json_null();
	if (signed_in_identity(app, r, &who))
		gh = json_pack("{s:s,s:I,s:s}", "login", who.login, "id", (json_int_t)who.id,
			       "avatar_url", who.avatar_url);
	resp_header(rs, "Cache-Control", "no-store");
	bool offered = github_signin_offered(app);
	resp_json(rs, HTTP_OK, json_pack("{s:o,s:b,s:b,s:b,s:s}", "github", gh, "signin_offered", offered,
				     "maintainer_accounts", maintainer_accounts_exist(app),
				     "maintainer_signin",
				     offered && *app->cfg->github.maintainers_org,
				     "anonymous_contributions",
				     cfg_choice_name("github", "anonymous_contributions",
						     (int)app->cfg->github.anonymous_contributions)));
	return 0;
}
