/* admin_auth.c: POST /api/v1/admin/login, GET /api/v1/admin/session,
 * POST /api/v1/admin/logout.
 *
 * Each attempt takes a try, atomically and before the password is looked
 * at, from two limits: per (account, client address) and per client
 * address; a successful sign-in gives its tries back.  Past either limit
 * the answer is 429 whatever the password.  The account alone is never
 * locked (anyone could lock a maintainer out by guessing from elsewhere):
 * past limits.login_failures_per_account failures from all addresses, each further
 * failure is answered more slowly instead.  An unknown name costs the same
 * argon2id work as a known one, so timing does not tell which names exist. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/password.h"
#include "http/fields.h"
#include "http/errors.h"
#include "features/accounts/accounts.h"
#include "auth/session.h"
#include "core/app.h"
#include "http/json_body.h"
#include "util/ip_net.h"
#include "util/log.h"
#include "util/slow_pool.h"
#include "util/xalloc.h"
#include "store/sessions.h"
#include "store/users.h"

/* A valid argon2id string for a password nobody has. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$RDYRluwJcf0BFOtuUdcAGw$"
	"Kb7lZy6+N00R7j9X1oDcyakIBIDL0PvumVNf0SvMEg0";

static bool secure_cookies(const struct app *app)
{
	return strncmp(app->cfg->server.public_url, "https://", 8) == 0;
}

/* Guessing one account from many addresses gets slower, up to a second
 * per failure; its owner, signing in from their own address, is never
 * refused for it. */
static void slow_down(struct app *app, const char *user_key, int64_t now)
{
	unsigned failures = rate_limit_count(&app->login_user_limit, user_key, now);
	unsigned free_tries = (unsigned)app->cfg->limits.login_failures_per_account;
	if (failures <= free_tries)
		return;
	unsigned ms = (failures - free_tries) * 100;
	struct timespec ts = { 0, (long)(ms < 1000 ? ms : 1000) * 1000000L };
	if (ms >= 1000)
		ts = (struct timespec){ 1, 0 };
	nanosleep(&ts, NULL);
}

static void count_one(const struct store_user *u, void *arg)
{
	(void)u;
	(*(int *)arg)++;
}

static bool no_accounts(struct app *app)
{
	int n = 0;
	struct buf err = BUF_INIT;
	bool none = store_user_list(app->store, (int64_t)time(NULL), count_one, &n, &err) == 0 &&
		    n == 0;
	buf_release(&err);
	return none;
}

bool maintainer_accounts_exist(struct app *app)
{
	return !no_accounts(app);
}

/* A password sign-in past its rate limits, on its way to the slow pool:
 * the hash (argon2id, 64 MiB) and the slow-down sleep run there, never on
 * an HTTP thread. */
struct login_job {
	struct app *app;
	struct req *r;
	char user[65], net[IP_NET_MAX];
	char pair_key[RATE_LIMIT_KEY], user_key[RATE_LIMIT_KEY];
	char *password;
	size_t password_len;
	int64_t now;
};

static void login_free(struct login_job *j)
{
	sodium_memzero(j->password, j->password_len);
	free(j->password);
	free(j);
}

static void login_check(struct login_job *j, struct resp *rs)
{
	struct app *app = j->app;
	struct buf hash = BUF_INIT, err = BUF_INIT;
	int64_t id = 0;
	int found = store_user_find(app->store, j->user, &id, &hash, &err);
	if (found < 0) {
		log_error("login: %s", err.p);
		fail(j->r, rs, ERR_INTERNAL, NULL, "the sign-in could not be checked");
		goto out;
	}
	bool ok = password_verify(found && hash.len ? hash.p : dummy_hash, j->password,
				  j->password_len) &&
		  found && hash.len;
	if (!ok) {
		rate_limit_hit(&app->login_user_limit, j->user_key, j->now);
		audit(app, j->user, "login_failed", NULL, req_client_ip(j->r));
		slow_down(app, j->user_key, j->now);
		/* a first run: nobody can sign in until someone runs the command */
		if (!found && no_accounts(app))
			fail(j->r, rs, ERR_NO_ACCOUNTS, NULL,
			     "there is no maintainer account yet: on the server, run "
				   "`newsdesk user add NAME` (it asks for the password)");
		else
			fail(j->r, rs, ERR_BAD_CREDENTIALS, NULL, "wrong username or password");
	} else {
		char csrf[64];
		rate_limit_give_back(&app->login_ip_limit, j->net, j->now);
		rate_limit_reset(&app->login_pair_limit, j->pair_key);
		if (session_start(&app->guard, id, "password", NULL, secure_cookies(app), rs, csrf,
				  &err) < 0) {
			log_error("login: %s", err.p);
			resp_reset(rs);
			fail(j->r, rs, ERR_INTERNAL, NULL, "the session could not be started");
		} else {
			audit(app, j->user, "login", NULL, req_client_ip(j->r));
			resp_json(rs, HTTP_OK, json_pack("{s:s,s:s}", "csrf_token", csrf, "user", j->user));
		}
	}
out:
	resp_header(rs, "Cache-Control", "no-store");
	buf_release(&hash);
	buf_release(&err);
}

static void login_work(void *arg)
{
	struct login_job *j = arg;
	struct resp rs;
	resp_init(&rs);
	login_check(j, &rs);
	req_answer(j->r, &rs, 0);
	login_free(j);
}

static void login_start(void *arg)
{
	struct login_job *j = arg;
	if (slow_pool_submit(j->app->slow, login_work, j) == 0)
		return;
	struct resp rs;
	resp_init(&rs);
	rate_limit_give_back(&j->app->login_ip_limit, j->net, j->now);
	fail_busy_answer(j->r, &rs, "too many sign-ins at once; try again in a few seconds");
	login_free(j);
}

const struct input_spec admin_login_input = INPUT(IN_JSON, NULL,
	FIELD("username", FT_TEXT, F_REQUIRED | F_NONEMPTY, 64),
	FIELD("password", FT_TEXT, F_REQUIRED, PASSWORD_MAX_BYTES));

int handle_admin_login(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const char *user = in_text(r, "username");
	json_t *pw = in_value(r, "password");
	int64_t now = (int64_t)time(NULL);
	const char *ip = req_client_net(r);   /* an IPv6 client counts by its /64 */
	struct login_job *j = xcalloc(1, sizeof *j);
	*j = (struct login_job){ .app = app, .r = r, .now = now };
	snprintf(j->user, sizeof j->user, "%s", user);
	snprintf(j->net, sizeof j->net, "%s", ip);
	snprintf(j->pair_key, sizeof j->pair_key, "%s|%s", ip, user);
	snprintf(j->user_key, sizeof j->user_key, "user:%s", user);
	bool ip_ok = rate_limit_take(&app->login_ip_limit, ip, now);
	bool pair_ok = ip_ok && rate_limit_take(&app->login_pair_limit, j->pair_key, now);
	if (!pair_ok) {
		if (ip_ok)
			rate_limit_give_back(&app->login_ip_limit, ip, now);
		free(j);
		resp_header(rs, "Retry-After", "900");
		fail(r, rs, ERR_TOO_MANY_ATTEMPTS, NULL,
		     "too many failed sign-ins from your address; wait 15 minutes and try again");
		return 0;
	}
	j->password_len = json_string_length(pw);
	j->password = xmalloc(j->password_len + 1);
	memcpy(j->password, json_string_value(pw), j->password_len + 1);
	req_defer(r, login_start, j);
	return 0;
}

int handle_admin_session(struct req *r, struct resp *rs)
{
	const struct admin_user *u = admin_user(r);
	resp_header(rs, "Cache-Control", "no-store");
	resp_json(rs, HTTP_OK, json_pack("{s:s,s:s,s:s}", "user", u->name, "via", u->via,
				     "csrf_token", u->csrf));
	return 0;
}

int handle_admin_logout(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	const struct admin_user *u = admin_user(r);
	struct buf err = BUF_INIT;
	if (store_session_delete(app->store, u->token_hash, &err) < 0) {
		log_error("logout: %s", err.p);
		buf_release(&err);
		return -1;
	}
	audit(app, u->name, "logout", NULL, NULL);
	session_clear_cookie(rs, secure_cookies(app));
	resp_json(rs, HTTP_OK, json_pack("{s:s}", "status", "signed out"));
	buf_release(&err);
	return 0;
}
