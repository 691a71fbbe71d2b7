/* github_signin.c: GitHub sign-in end to end against the real binary and
 * the stand-in's OAuth endpoints — maintainers (member, non-member,
 * removed mid-session, revoked), contributors (verified credit, no other
 * login), commenters (a token for one allowed origin only), and every way
 * a callback can be wrong: replayed, unknown or foreign state, a spent
 * or expired code, a denied authorization. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_signin_token"
#define SITE "http://site.example"

static struct bed bed;

static void setup(void)
{
	bed_open(&bed, "signin", TOKEN);
	char gh[512];
	snprintf(gh, sizeof gh,
		 "web_url = \"http://127.0.0.1:%u\"\noauth_client_id = \"Iv1.standin\"\n"
		 "maintainers_org = \"rust-osdev\"\nmembership_recheck_seconds = 1\n",
		 standin_port(bed.gh));
	bed_config(&bed, "github", gh);
	bed_config(&bed, "server", "allowed_origins = [\"" SITE "\", \"http://other.example\"]\n");
	bed_config(&bed, "comments", "moderation = \"first-time\"\nmin_form_seconds = 0\n");
	standin_oauth_app(bed.gh, "Iv1.standin", "shh-secret");
	standin_add_user(bed.gh, "phil-opp", 1001);
	standin_add_user(bed.gh, "octo-cat", 1002);
	standin_set_member(bed.gh, "rust-osdev", NULL, "phil-opp", true);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_OAUTH_SECRET=shh-secret", NULL };
	bed_start(&bed, env);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(github_signin, .init = setup, .fini = teardown, .timeout = 90);

/* The value of cookie `name` in the answer's Set-Cookie lines ("" when
 * set empty, NULL-ish false when absent). */
static bool set_cookie(const struct http_result *res, const char *name, char *out, size_t cap)
{
	const char *h = res->headers.p;
	char want[64];
	snprintf(want, sizeof want, "set-cookie: %s=", name);
	size_t wl = strlen(want);
	for (const char *p = h; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, want, wl) == 0) {
			const char *v = p + wl;
			size_t n = strcspn(v, ";\r\n");
			snprintf(out, cap, "%.*s", (int)n, v);
			return true;
		}
	}
	return false;
}

static long get(unsigned port, const char *path, const char *cookie, const char *origin,
		struct http_result *res)
{
	char hc[1400], ho[128];
	const char *h[4] = { "User-Agent: browser" };
	int n = 1;
	if (cookie) {
		snprintf(hc, sizeof hc, "Cookie: %s", cookie);
		h[n++] = hc;
	}
	if (origin) {
		snprintf(ho, sizeof ho, "Origin: %s", origin);
		h[n++] = ho;
	}
	cr_assert_eq(http_do("GET", port, path, NULL, 0, h, 0, res), 0);
	return res->status;
}

static long post(const char *path, const char *body, const char *cookie, const char *origin,
		 const char *csrf, struct http_result *res)
{
	char hc[1400], ho[128], hx[96];
	const char *h[5] = { "Content-Type: application/json" };
	int n = 1;
	if (cookie) {
		snprintf(hc, sizeof hc, "Cookie: %s", cookie);
		h[n++] = hc;
	}
	if (origin) {
		snprintf(ho, sizeof ho, "Origin: %s", origin);
		h[n++] = ho;
	}
	if (csrf) {
		snprintf(hx, sizeof hx, "X-CSRF-Token: %s", csrf);
		h[n++] = hx;
	}
	cr_assert_eq(http_do("POST", bed.d.port, path, body, strlen(body), h, 0, res), 0);
	return res->status;
}

/* One trip: newsdesk's login → GitHub's authorize → the callback query.
 * binding: the nd_oauth cookie; query: "code=…&state=…" or an error. */
static void start(const char *login_query, char *binding, size_t bcap, char *query, size_t qcap)
{
	struct http_result res;
	char path[512];
	snprintf(path, sizeof path, "/auth/github/login?%s", login_query);
	cr_assert_eq(get(bed.d.port, path, NULL, NULL, &res), 302, "%s", res.body.p);
	cr_assert(set_cookie(&res, "nd_oauth", binding, bcap));
	struct buf loc = BUF_INIT;
	cr_assert_eq(http_header(&res, "Location", &loc), 0);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "http://127.0.0.1:%u", standin_port(bed.gh));
	cr_assert(strncmp(loc.p, prefix, strlen(prefix)) == 0, "%s", loc.p);
	cr_assert(strstr(loc.p, "client_id=Iv1.standin"));
	http_result_free(&res);
	/* GitHub's authorize page, where the browser is signed in already */
	get(standin_port(bed.gh), loc.p + strlen(prefix), NULL, NULL, &res);
	cr_assert_eq(res.status, 302);
	buf_reset(&loc);
	cr_assert_eq(http_header(&res, "Location", &loc), 0);
	const char *q = strchr(loc.p, '?');
	cr_assert(q && strstr(loc.p, "/auth/github/callback?"), "%s", loc.p);
	snprintf(query, qcap, "%s", q + 1);
	buf_release(&loc);
	http_result_free(&res);
}

static long callback(const char *query, const char *binding, struct http_result *res)
{
	char path[1024], cookie[128];
	snprintf(path, sizeof path, "/auth/github/callback?%s", query);
	snprintf(cookie, sizeof cookie, "nd_oauth=%s", binding ? binding : "");
	return get(bed.d.port, path, binding ? cookie : NULL, NULL, res);
}

/* A maintainer's whole sign-in; the session cookie into cookie. */
static void maintainer_signs_in(const char *login, char *cookie, size_t cap)
{
	char binding[64], query[512];
	standin_browser_user(bed.gh, login);
	start("for=admin", binding, sizeof binding, query, sizeof query);
	cr_assert(strstr(query, "code="));
	struct http_result res;
	cr_assert_eq(callback(query, binding, &res), 303, "%s", res.body.p);
	char session[128];
	cr_assert(set_cookie(&res, "nd_session", session, sizeof session));
	snprintf(cookie, cap, "nd_session=%s", session);
	http_result_free(&res);
}

static void session_csrf(const char *cookie, char *csrf, size_t cap, char *via, size_t vcap)
{
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/api/v1/admin/session", cookie, NULL, &res), 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	snprintf(csrf, cap, "%s", json_string_value(json_object_get(j, "csrf_token")));
	snprintf(via, vcap, "%s", json_string_value(json_object_get(j, "via")));
	json_decref(j);
	http_result_free(&res);
}

Test(github_signin, a_member_gets_the_review_page_and_csrf_still_holds)
{
	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	cr_assert_str_eq(via, "github");
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/api/v1/admin/submissions", cookie, NULL, &res), 200);
	http_result_free(&res);
	/* a write without the CSRF token is refused, with it it passes */
	cr_assert_eq(post("/api/v1/admin/submissions/1/reject", "{\"reason\":\"x\"}", cookie, NULL,
			  NULL, &res), 403);
	http_result_free(&res);
	cr_assert_eq(post("/api/v1/admin/logout", "{}", cookie, NULL, csrf, &res), 200);
	http_result_free(&res);
	cr_assert_eq(get(bed.d.port, "/api/v1/admin/session", cookie, NULL, &res), 401);
	http_result_free(&res);
}

Test(github_signin, a_non_member_gets_no_session)
{
	char binding[64], query[512], v[128];
	standin_browser_user(bed.gh, "octo-cat");
	start("for=admin", binding, sizeof binding, query, sizeof query);
	struct http_result res;
	cr_assert_eq(callback(query, binding, &res), 403);
	cr_assert(strstr(res.body.p, "not a member of rust-osdev"), "%s", res.body.p);
	cr_assert_not(set_cookie(&res, "nd_session", v, sizeof v));
	http_result_free(&res);
}

/* The re-check runs in the background (no request waits on GitHub): its
 * "no" ends the session within a moment of the check being due.  401 once
 * it has, after at most 5 s; the answer in res. */
static long refused_soon(const char *path, const char *cookie, struct http_result *res)
{
	long st = 0;
	for (int i = 0; i < 100; i++) {
		st = get(bed.d.port, path, cookie, NULL, res);
		if (st == 401)
			return st;
		http_result_free(res);
		usleep(50 * 1000);
	}
	cr_assert_fail("%s was still answered %ld after 5 s", path, st);
	return st;
}

Test(github_signin, a_removed_member_loses_access_within_the_recheck)
{
	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	standin_set_member(bed.gh, "rust-osdev", NULL, "phil-opp", false);
	usleep(1200 * 1000);
	struct http_result res;
	cr_assert_eq(refused_soon("/api/v1/admin/submissions", cookie, &res), 401);
	cr_assert(strstr(res.body.p, "no longer a maintainer"), "%s", res.body.p);
	http_result_free(&res);
	/* the session is gone, not merely refused once */
	standin_set_member(bed.gh, "rust-osdev", NULL, "phil-opp", true);
	cr_assert_eq(get(bed.d.port, "/api/v1/admin/session", cookie, NULL, &res), 401);
	http_result_free(&res);
}

/* A session left open is re-checked by the service's own clock: the
 * first request after the member was removed is refused, saying why. */
Test(github_signin, an_idle_session_is_rechecked_without_a_request)
{
	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	standin_set_member(bed.gh, "rust-osdev", NULL, "phil-opp", false);
	/* due after 1 s; the clock looks every 2 s: wait until GitHub was asked */
	size_t asked = standin_request_count(bed.gh);
	for (int i = 0; i < 100 && standin_request_count(bed.gh) == asked; i++)
		usleep(50 * 1000);
	cr_assert_gt(standin_request_count(bed.gh), asked, "no background re-check within 5 s");
	struct http_result res;
	cr_assert_eq(refused_soon("/api/v1/admin/session", cookie, &res), 401);
	cr_expect(strstr(res.body.p, "no longer a maintainer"), "%s", res.body.p);
	http_result_free(&res);
}

Test(github_signin, a_revoked_authorization_ends_the_session)
{
	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	standin_revoke_user_tokens(bed.gh, "phil-opp");
	usleep(1200 * 1000);
	struct http_result res;
	cr_assert_eq(refused_soon("/api/v1/admin/session", cookie, &res), 401);
	http_result_free(&res);
}

Test(github_signin, a_replayed_callback_finds_nothing)
{
	char binding[64], query[512], v[128];
	standin_browser_user(bed.gh, "phil-opp");
	start("for=admin", binding, sizeof binding, query, sizeof query);
	struct http_result res;
	cr_assert_eq(callback(query, binding, &res), 303);
	http_result_free(&res);
	cr_assert_eq(callback(query, binding, &res), 400);
	cr_assert(strstr(res.body.p, "already used"), "%s", res.body.p);
	cr_assert_not(set_cookie(&res, "nd_session", v, sizeof v));
	http_result_free(&res);
}

Test(github_signin, unknown_and_foreign_states_are_refused)
{
	char binding[64], query[512], v[128];
	standin_browser_user(bed.gh, "phil-opp");
	start("for=admin", binding, sizeof binding, query, sizeof query);
	struct http_result res;
	/* a state newsdesk never made */
	cr_assert_eq(callback("code=abc&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", binding,
			      &res), 400);
	http_result_free(&res);
	/* the right state in another browser (no binding cookie) */
	cr_assert_eq(callback(query, NULL, &res), 400);
	cr_assert(strstr(res.body.p, "another browser"), "%s", res.body.p);
	cr_assert_not(set_cookie(&res, "nd_session", v, sizeof v));
	http_result_free(&res);
	/* and that state is spent now: the real browser cannot use it either */
	cr_assert_eq(callback(query, binding, &res), 400);
	http_result_free(&res);
}

Test(github_signin, an_expired_or_wrong_code_and_a_denial_land_on_clear_pages)
{
	char binding[64], query[512];
	struct http_result res;
	standin_browser_user(bed.gh, "phil-opp");
	standin_code_lifetime(bed.gh, 0);
	start("for=admin", binding, sizeof binding, query, sizeof query);
	cr_assert_eq(callback(query, binding, &res), 400);
	cr_assert(strstr(res.body.p, "used already or has expired"), "%s", res.body.p);
	http_result_free(&res);
	standin_code_lifetime(bed.gh, 600);

	standin_deny_authorization(bed.gh, true);
	start("for=admin", binding, sizeof binding, query, sizeof query);
	cr_assert(strstr(query, "error=access_denied"), "%s", query);
	cr_assert_eq(callback(query, binding, &res), 403);
	cr_assert(strstr(res.body.p, "You declined"), "%s", res.body.p);
	http_result_free(&res);
}

/* A contributor's sign-in: the nd_github cookie. */
static void contributor_cookie(const char *login, char *cookie, size_t cap)
{
	char binding[64], query[512], v[1024];
	standin_browser_user(bed.gh, login);
	start("for=submit", binding, sizeof binding, query, sizeof query);
	struct http_result res;
	cr_assert_eq(callback(query, binding, &res), 303);
	cr_assert(set_cookie(&res, "nd_github", v, sizeof v));
	snprintf(cookie, cap, "nd_github=%s", v);
	http_result_free(&res);
}

Test(github_signin, a_signed_in_contributor_is_credited_and_cannot_claim_another_login)
{
	char cookie[1100];
	contributor_cookie("octo-cat", cookie, sizeof cookie);
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/api/v1/me", cookie, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "\"login\":\"octo-cat\""), "%s", res.body.p);
	http_result_free(&res);
	cr_assert_eq(get(bed.d.port, "/submit", cookie, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "id=\"signed-in-login\">@octo-cat"), "%s", res.body.p);
	http_result_free(&res);

	const char *other = "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":"
			    "\"https://example.org/x\",\"body\":\"Works.\",\"author\":\"phil-opp\"}";
	cr_assert_eq(post("/api/v1/submissions", other, cookie, NULL, NULL, &res), 403);
	cr_assert(strstr(res.body.p, "not_your_login"), "%s", res.body.p);
	http_result_free(&res);
	const char *mine = "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":"
			   "\"https://example.org/x\",\"body\":\"Works.\"}";
	cr_assert_eq(post("/api/v1/submissions", mine, cookie, NULL, NULL, &res), 201, "%s",
		     res.body.p);
	cr_assert(strstr(res.body.p, "\"author_verified\":true"), "%s", res.body.p);
	http_result_free(&res);
	/* without the sign-in, the same login typed in is unverified */
	const char *typed = "{\"section\":\"Other Projects\",\"name\":\"ehci\",\"url\":"
			    "\"https://example.org/e\",\"body\":\"Works.\",\"author\":\"octo-cat\"}";
	cr_assert_eq(post("/api/v1/submissions", typed, NULL, NULL, NULL, &res), 201);
	cr_assert(strstr(res.body.p, "\"author_verified\":false"), "%s", res.body.p);
	http_result_free(&res);
	/* an altered cookie is nobody */
	cookie[strlen(cookie) - 3] ^= 1;
	cr_assert_eq(get(bed.d.port, "/api/v1/me", cookie, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "\"github\":null"), "%s", res.body.p);
	http_result_free(&res);
}

/* The popup's hand-over page for origin: the identity token in it. */
static void commenter_token(const char *login, const char *origin, char *token, size_t cap)
{
	char binding[64], query[512], lq[256];
	standin_browser_user(bed.gh, login);
	snprintf(lq, sizeof lq, "for=comment&origin=%s", origin);
	start(lq, binding, sizeof binding, query, sizeof query);
	struct http_result res;
	cr_assert_eq(callback(query, binding, &res), 200);
	char want[96];
	snprintf(want, sizeof want, "data-origin=\"%s\"", origin);
	cr_assert(strstr(res.body.p, want), "%s", res.body.p);
	const char *t = strstr(res.body.p, "data-token=\"");
	cr_assert_not_null(t);
	t += strlen("data-token=\"");
	snprintf(token, cap, "%.*s", (int)strcspn(t, "\""), t);
	cr_assert(strstr(res.body.p, "/signin_done.js"));
	http_result_free(&res);
}

static long comment(const char *token, const char *author, const char *origin,
		    struct http_result *res)
{
	char body[2048];
	if (token)
		snprintf(body, sizeof body, "{\"page\":\"/this-month/2026-10/\",\"body\":\"Nice "
					    "work %d\",\"github_token\":\"%s\"}", rand(), token);
	else
		snprintf(body, sizeof body, "{\"page\":\"/this-month/2026-10/\",\"body\":\"Hello "
					    "%d\",\"author\":\"%s\"}", rand(), author);
	return post("/api/v1/comments", body, NULL, origin, NULL, res);
}

Test(github_signin, a_commenter_token_works_for_its_origin_only)
{
	char token[1024];
	commenter_token("octo-cat", SITE, token, sizeof token);
	struct http_result res;
	cr_assert_eq(comment(token, NULL, SITE, &res), 201, "%s", res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_result_free(&res);
	/* another allowed site cannot use it */
	cr_assert_eq(comment(token, NULL, "http://other.example", &res), 403);
	cr_assert(strstr(res.body.p, "another site"), "%s", res.body.p);
	http_result_free(&res);

	/* the login may edit its comment from any browser: no edit token */
	char path[64], auth[1100];
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	const char *h[] = { "Content-Type: application/json", "Origin: " SITE, auth, NULL };
	const char *edit = "{\"body\":\"Edited from elsewhere\"}";
	cr_assert_eq(http_do("PATCH", bed.d.port, path, edit, strlen(edit), h, 0, &res), 0);
	cr_assert_eq(res.status, 200, "%s", res.body.p);
	http_result_free(&res);
	/* another login may not */
	char other[1024];
	commenter_token("phil-opp", SITE, other, sizeof other);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", other);
	cr_assert_eq(http_do("PATCH", bed.d.port, path, edit, strlen(edit), h, 0, &res), 0);
	cr_assert_eq(res.status, 401, "%s", res.body.p);
	cr_assert(strstr(res.body.p, "another GitHub account"), "%s", res.body.p);
	http_result_free(&res);
}

Test(github_signin, a_non_allowed_origin_gets_no_token)
{
	char binding[64];
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/auth/github/login?for=comment&origin=http://evil.example",
			 NULL, NULL, &res), 403);
	cr_assert_not(set_cookie(&res, "nd_oauth", binding, sizeof binding));
	http_result_free(&res);
}

Test(github_signin, verified_comments_earn_trust_and_names_cannot_pose_as_logins)
{
	char token[1024];
	struct http_result res;
	cr_assert_eq(comment(NULL, "@octo-cat", SITE, &res), 400);
	cr_assert(strstr(res.body.p, "kept for people signed in"), "%s", res.body.p);
	http_result_free(&res);

	commenter_token("octo-cat", SITE, token, sizeof token);
	cr_assert_eq(comment(token, NULL, SITE, &res), 201);
	cr_assert(strstr(res.body.p, "\"status\":\"pending\""), "%s", res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_int_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_result_free(&res);
	/* a maintainer approves it: the login is known from now on */
	bed_cli(&bed, "user add mod", "correct horse battery staple\\n", 0);
	const char *login = "{\"username\":\"mod\",\"password\":\"correct horse battery staple\"}";
	cr_assert_eq(post("/api/v1/admin/login", login, NULL, NULL, NULL, &res), 200);
	char session[128], cookie[160], path[96];
	cr_assert(set_cookie(&res, "nd_session", session, sizeof session));
	j = json_loads(res.body.p, 0, NULL);
	char csrf[64];
	snprintf(csrf, sizeof csrf, "%s", json_string_value(json_object_get(j, "csrf_token")));
	json_decref(j);
	http_result_free(&res);
	snprintf(cookie, sizeof cookie, "nd_session=%s", session);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)id);
	cr_assert_eq(post(path, "{}", cookie, NULL, csrf, &res), 200, "%s", res.body.p);
	http_result_free(&res);
	cr_assert_eq(comment(token, NULL, SITE, &res), 201);
	cr_assert(strstr(res.body.p, "\"status\":\"approved\""), "%s", res.body.p);
	http_result_free(&res);
	/* readers see GitHub's word and avatar */
	cr_assert_eq(get(bed.d.port, "/api/v1/comments?page=/this-month/2026-10/", NULL, SITE,
			 &res), 200);
	cr_assert(strstr(res.body.p, "\"verified\":true"), "%s", res.body.p);
	cr_assert(strstr(res.body.p, "avatars.githubusercontent.com/u/1002"), "%s", res.body.p);
	http_result_free(&res);
}

/* With maintainers_team set, membership of the organisation is not enough:
 * only the team's active members get the review page. */
Test(github_signin, a_team_narrows_the_maintainers)
{
	bed_close(&bed);
	bed_open(&bed, "team", TOKEN);
	char gh[512];
	snprintf(gh, sizeof gh,
		 "web_url = \"http://127.0.0.1:%u\"\noauth_client_id = \"Iv1.standin\"\n"
		 "maintainers_org = \"rust-osdev\"\nmaintainers_team = \"this-month\"\n",
		 standin_port(bed.gh));
	bed_config(&bed, "github", gh);
	standin_oauth_app(bed.gh, "Iv1.standin", "shh-secret");
	standin_add_user(bed.gh, "phil-opp", 1001);
	standin_add_user(bed.gh, "octo-cat", 1002);
	standin_set_member(bed.gh, "rust-osdev", NULL, "phil-opp", true);
	standin_set_member(bed.gh, "rust-osdev", NULL, "octo-cat", true);
	standin_set_member(bed.gh, "rust-osdev", "this-month", "phil-opp", true);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_OAUTH_SECRET=shh-secret", NULL };
	bed_start(&bed, env);

	char binding[64], query[512], v[128];
	struct http_result res;
	standin_browser_user(bed.gh, "octo-cat");
	start("for=admin", binding, sizeof binding, query, sizeof query);
	cr_assert_eq(callback(query, binding, &res), 403);
	cr_assert(strstr(res.body.p, "team this-month"), "%s", res.body.p);
	cr_assert_not(set_cookie(&res, "nd_session", v, sizeof v));
	http_result_free(&res);

	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	cr_assert_str_eq(via, "github");
}

/* SPEC's plain /auth/github/login: one sign-in serves the form (verified
 * author) and, for a member of maintainers_org, the admin API too. */
Test(github_signin, the_plain_sign_in_serves_both)
{
	char binding[64], query[512], v[1024];
	struct http_result res;
	struct buf loc = BUF_INIT;
	standin_browser_user(bed.gh, "phil-opp");
	start("", binding, sizeof binding, query, sizeof query);
	cr_assert_eq(callback(query, binding, &res), 303);
	cr_assert(set_cookie(&res, "nd_session", v, sizeof v), "a maintainer gets the admin API");
	cr_assert(set_cookie(&res, "nd_github", v, sizeof v), "and the form's identity");
	cr_assert_eq(http_header(&res, "Location", &loc), 0);
	cr_assert_str_eq(loc.p, "/admin");
	http_result_free(&res);

	standin_browser_user(bed.gh, "octo-cat");
	start("", binding, sizeof binding, query, sizeof query);
	cr_assert_eq(callback(query, binding, &res), 303);
	cr_assert_not(set_cookie(&res, "nd_session", v, sizeof v), "no admin API for others");
	cr_assert(set_cookie(&res, "nd_github", v, sizeof v));
	buf_reset(&loc);
	cr_assert_eq(http_header(&res, "Location", &loc), 0);
	cr_assert_str_eq(loc.p, "/submit");
	http_result_free(&res);
	buf_release(&loc);
}

/* A sign-in never comes back anywhere a link could choose, and an
 * unknown purpose is refused before GitHub is asked. */
Test(github_signin, odd_login_requests_are_refused)
{
	static const char *const bad[] = {
		"/auth/github/login?for=bogus",
		"/auth/github/login?for=submit&return=//evil.example/x",
		"/auth/github/login?for=submit&return=https://evil.example/",
		"/auth/github/login?for=submit&return=/a%5Cb",
		"/auth/github/login?for=submit&return=/a%20b",
	};
	char v[64];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct http_result res;
		cr_assert_eq(get(bed.d.port, bad[i], NULL, NULL, &res), 400, "%s", bad[i]);
		cr_assert_not(set_cookie(&res, "nd_oauth", v, sizeof v), "%s", bad[i]);
		http_result_free(&res);
	}
}

struct stalled_callback {
	char query[600], binding[128];
	long status;
};

static void *call_back(void *arg)
{
	struct stalled_callback *c = arg;
	struct http_result res;
	c->status = callback(c->query, c->binding, &res);
	if (c->status)
		http_result_free(&res);
	return NULL;
}

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Callbacks wait on GitHub's token endpoint; with GitHub hanging, twelve
 * of them (more than the server's threads) must not take the server with
 * them: the exchange runs on the slow pool, the requests are suspended,
 * and /healthz answers throughout.  Bounded: the stand-in lets go. */
Test(github_signin, callbacks_waiting_on_github_do_not_hold_the_server)
{
	enum { N = 12 };
	struct stalled_callback c[N];
	pthread_t t[N];
	standin_browser_user(bed.gh, "octo-cat");
	for (int i = 0; i < N; i++)
		start("", c[i].binding, sizeof c[i].binding, c[i].query, sizeof c[i].query);
	standin_hang(bed.gh, true);
	for (int i = 0; i < N; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, call_back, &c[i]), 0);
	usleep(300 * 1000);   /* every callback is in, waiting on GitHub */
	double worst = 0;
	for (int i = 0; i < 10; i++) {
		struct http_result res;
		double t0 = ms_now();
		cr_expect_eq(get(bed.d.port, "/healthz", NULL, NULL, &res), 200);
		double ms = ms_now() - t0;
		http_result_free(&res);
		worst = ms > worst ? ms : worst;
		usleep(50 * 1000);
	}
	standin_hang(bed.gh, false);
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		cr_expect_neq(c[i].status, 0, "callback %d got no answer", i);
	}
	cr_expect_lt(worst, 500.0, "/healthz took %.0f ms while callbacks waited on GitHub", worst);
}

struct admin_call {
	const char *cookie;
	long status;
	double ms;
};

static void *admin_page(void *arg)
{
	struct admin_call *a = arg;
	struct http_result res;
	double t0 = ms_now();
	a->status = get(bed.d.port, "/api/v1/admin/session", a->cookie, NULL, &res);
	a->ms = ms_now() - t0;
	if (a->status)
		http_result_free(&res);
	return NULL;
}

/* A membership re-check that GitHub is slow to answer holds one request,
 * not every request of the maintainer behind the guard: the others go on
 * on the last yes while it is recent (three re-check periods). */
Test(github_signin, a_slow_membership_recheck_holds_one_request_not_all)
{
	char cookie[160], csrf[64], via[16];
	maintainer_signs_in("phil-opp", cookie, sizeof cookie);
	session_csrf(cookie, csrf, sizeof csrf, via, sizeof via);
	usleep(1200 * 1000);   /* the re-check is due */
	standin_hang(bed.gh, true);
	enum { N = 6 };
	struct admin_call c[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		c[i] = (struct admin_call){ .cookie = cookie };
		cr_assert_eq(pthread_create(&t[i], NULL, admin_page, &c[i]), 0);
		usleep(20 * 1000);
	}
	usleep(700 * 1000);
	standin_hang(bed.gh, false);
	int quick = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		cr_expect_eq(c[i].status, 200, "request %d answered %ld", i, c[i].status);
		quick += c[i].ms < 500.0;
	}
	/* the re-check is the background's: not one request waits on GitHub */
	cr_expect_eq(quick, N, "only %d of %d requests went on while GitHub was slow", quick, N);
}

/* Before anyone signs in, the admin page can say what is missing: here
 * no password account exists, and GitHub sign-in for maintainers does. */
Test(github_signin, the_admin_page_knows_what_is_missing)
{
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/api/v1/me", NULL, NULL, &res), 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	cr_expect(json_is_false(json_object_get(j, "maintainer_accounts")), "%s", res.body.p);
	cr_expect(json_is_true(json_object_get(j, "maintainer_signin")), "%s", res.body.p);
	json_decref(j);
	http_result_free(&res);
}

/* "Your contributions": a contributor GitHub vouched for finds their
 * submissions again after signing in, each with its status link; nobody
 * else sees them, and a verified one is revised only by its account. */
Test(github_signin, a_signed_in_contributor_finds_their_contributions)
{
	char mine[1100], theirs[1100];
	contributor_cookie("octo-cat", mine, sizeof mine);
	struct http_result res;
	cr_assert_eq(get(bed.d.port, "/api/v1/me/submissions", NULL, NULL, &res), 401);
	cr_expect(strstr(res.body.p, "sign_in_required"), "%s", res.body.p);
	http_result_free(&res);
	const char *entry = "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":"
			    "\"https://example.org/x\",\"body\":\"Works.\"}";
	cr_assert_eq(post("/api/v1/submissions", entry, mine, NULL, NULL, &res), 201, "%s",
		     res.body.p);
	json_t *sent = json_loads(res.body.p, 0, NULL);
	char api[128];
	snprintf(api, sizeof api, "/api/v1/submissions/%s",
		 json_string_value(json_object_get(sent, "token")));
	http_result_free(&res);
	cr_assert_eq(get(bed.d.port, "/api/v1/me/submissions", mine, NULL, &res), 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_t *list = json_object_get(j, "submissions");
	cr_assert_eq(json_array_size(list), 1, "%s", res.body.p);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "status_url")),
			 json_string_value(json_object_get(sent, "status_url")));
	json_decref(j);
	http_result_free(&res);
	contributor_cookie("phil-opp", theirs, sizeof theirs);
	cr_assert_eq(get(bed.d.port, "/api/v1/me/submissions", theirs, NULL, &res), 200);
	cr_expect(strstr(res.body.p, "\"submissions\":[]"), "%s", res.body.p);
	http_result_free(&res);
	/* the status link alone does not revise what GitHub vouched for */
	const char *h[] = { "Content-Type: application/json", NULL };
	cr_assert_eq(http_do("PATCH", bed.d.port, api, "{\"body\":\"Works well.\"}", 22, h, 0, &res),
		     0);
	cr_expect_eq(res.status, 401, "%s", res.body.p);
	http_result_free(&res);
	char hdr[1200];
	snprintf(hdr, sizeof hdr, "Cookie: %s", mine);
	const char *hc[] = { "Content-Type: application/json", hdr, NULL };
	cr_assert_eq(http_do("PATCH", bed.d.port, api, "{\"body\":\"Works well.\"}", 22, hc, 0,
			     &res), 0);
	cr_expect_eq(res.status, 200, "%s", res.body.p);
	http_result_free(&res);
	json_decref(sent);
}

/* A reaction with the widget's sign-in (token) from origin: the answer. */
static json_t *react_as(const char *token, const char *origin, const char *content, long want)
{
	char body[2048];
	snprintf(body, sizeof body, "{\"page\":\"/this-month/2026-10/\",\"content\":\"%s\","
				    "\"github_token\":\"%s\"}", content, token);
	struct http_result res;
	cr_assert_eq(post("/api/v1/reactions", body, NULL, origin, NULL, &res), want, "%s",
		     res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	http_result_free(&res);
	return j;
}

/* A GitHub sign-in reacts as its account: one per reaction whichever
 * token or browser it comes from, apart from anonymous readers, only
 * from the site the token was made for; the no-JS page's sign-in too. */
Test(github_signin, a_signed_in_reader_reacts_once_per_account)
{
	char first[1100], second[1100];
	commenter_token("octo-cat", SITE, first, sizeof first);
	commenter_token("octo-cat", SITE, second, sizeof second);
	json_t *j = react_as(first, SITE, "heart", 200);
	cr_assert_null(json_object_get(j, "reader_token"), "no anonymous token for a sign-in");
	json_decref(j);
	j = react_as(second, SITE, "heart", 200);
	char *got = json_dumps(json_object_get(j, "reactions"), JSON_COMPACT);
	cr_assert_str_eq(got, "{\"heart\":1}", "the same account in another browser");
	free(got);
	json_decref(j);
	/* a token for one site does not react from another */
	json_decref(react_as(first, "http://other.example", "heart", 403));
	/* an anonymous reader is someone else */
	struct http_result res;
	const char *anon = "{\"page\":\"/this-month/2026-10/\",\"content\":\"heart\"}";
	cr_assert_eq(post("/api/v1/reactions", anon, NULL, SITE, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "\"heart\":2"), "%s", res.body.p);
	http_result_free(&res);
	/* the no-JS page's sign-in (nd_github) is the same account */
	char cookie[1100];
	contributor_cookie("octo-cat", cookie, sizeof cookie);
	cr_assert_eq(get(bed.d.port, "/comments?page=/this-month/2026-10/", cookie, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "name=\"undo\" value=\"heart\" aria-pressed=\"true\""), "%s",
		  res.body.p);
	http_result_free(&res);
	j = react_as(second, SITE, "heart", 200);
	json_decref(j);
	j = react_as(first, SITE, "eyes", 200);
	got = json_dumps(json_object_get(j, "mine"), JSON_COMPACT);
	cr_assert_str_eq(got, "[\"heart\",\"eyes\"]");
	free(got);
	json_decref(j);
}
