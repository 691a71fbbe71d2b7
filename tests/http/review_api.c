/* review_api.c: submissions and the maintainers' review against the real
 * binary and the GitHub stand-in — every input rule answered with a 4xx
 * naming the field and nothing stored; sessions, CSRF and throttling; and
 * approve → pull request → status page, end to end. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/daemon.h"
#include "support/http_client.h"

#define TOKEN "ghs_review_token"
#define PASSWORD "correct horse battery staple"

static char dir[64], cfg_path[128], log_path[128];
static struct standin *gh;
static struct daemon d;

static void run_cli(const char *args, const char *input)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf '%s' | %s %s --config %s >/dev/null 2>&1", input,
		 daemon_bin(), args, cfg_path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static void setup(void)
{
	strcpy(dir, "/tmp/newsdesk-rev-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cfg_path, sizeof cfg_path, "%s/c.toml", dir);
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	char db[128];
	snprintf(db, sizeof db, "%s/nd.db", dir);
	gh = daemon_bed(TOKEN, cfg_path, db);
	run_cli("user add phil", PASSWORD "\\n");
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, env), 0);
}

static void teardown(void)
{
	daemon_stop(&d, SIGTERM);
	standin_stop(gh);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(review, .init = setup, .fini = teardown, .timeout = 60);

/* One request; returns the status, the body in out (optional). */
static long req(const char *method, const char *path, const char *body, const char *ctype,
		const char *cookie, const char *csrf, struct buf *out, struct buf *set_cookie)
{
	char h_ct[128], h_cookie[256], h_csrf[128];
	const char *hdrs[4] = { NULL };
	int n = 0;
	if (ctype) {
		snprintf(h_ct, sizeof h_ct, "Content-Type: %s", ctype);
		hdrs[n++] = h_ct;
	}
	if (cookie) {
		snprintf(h_cookie, sizeof h_cookie, "Cookie: %s", cookie);
		hdrs[n++] = h_cookie;
	}
	if (csrf) {
		snprintf(h_csrf, sizeof h_csrf, "X-CSRF-Token: %s", csrf);
		hdrs[n++] = h_csrf;
	}
	struct http_result res;
	cr_assert_eq(http_do(method, d.port, path, body, body ? strlen(body) : 0, hdrs, 0, &res), 0);
	long st = res.status;
	if (out) {
		buf_reset(out);
		buf_adds(out, res.body.p ? res.body.p : "");
	}
	if (set_cookie) {
		buf_reset(set_cookie);
		http_header(&res, "Set-Cookie", set_cookie);
	}
	http_result_free(&res);
	return st;
}

static long post_json(const char *path, const char *body, struct buf *out)
{
	return req("POST", path, body, "application/json", NULL, NULL, out, NULL);
}

#define GOOD "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\"," \
	     "\"body\":\"A USB 3 driver.\",\"author\":\"octo-cat\",\"written_by\":true}"

static const char *json_str(const char *text, const char *key, char *out, size_t n)
{
	json_t *j = json_loads(text, 0, NULL);
	const char *v = json_string_value(json_object_get(j, key));
	snprintf(out, n, "%s", v ? v : "");
	json_decref(j);
	return out;
}

static int count_pending(const char *cookie)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(req("GET", "/api/v1/admin/submissions?status=pending", NULL, NULL, cookie,
			 NULL, &out, NULL), 200, "%s", out.p);
	json_t *j = json_loads(out.p, 0, NULL);
	int n = (int)json_array_size(json_object_get(j, "submissions"));
	json_decref(j);
	buf_release(&out);
	return n;
}

/* Signs in as phil: cookie "nd_session=…" and the CSRF token. */
static void login(char cookie[128], char csrf[64])
{
	struct buf out = BUF_INIT, sc = BUF_INIT;
	cr_assert_eq(req("POST", "/api/v1/admin/login",
			 "{\"username\":\"phil\",\"password\":\"" PASSWORD "\"}", "application/json",
			 NULL, NULL, &out, &sc), 200, "%s", out.p);
	cr_assert(strstr(sc.p, "HttpOnly") && strstr(sc.p, "SameSite=Strict"), "%s", sc.p);
	cr_assert_null(strstr(sc.p, "Secure"), "plain http: no Secure flag");
	snprintf(cookie, 128, "%.*s", (int)strcspn(sc.p, ";"), sc.p);
	json_str(out.p, "csrf_token", csrf, 64);
	cr_assert_gt(strlen(csrf), 20);
	buf_release(&out);
	buf_release(&sc);
}

Test(review, bad_submissions_name_the_field_and_store_nothing)
{
	struct buf out = BUF_INIT;
	static const struct {
		const char *body, *field;
	} cases[] = {
		{ "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\"}", "author" },
		{ "{\"section\":\"Nope\",\"name\":\"x\",\"url\":\"https://x.org\",\"author\":\"a\"}", "section" },
		{ "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"javascript:alert(1)\",\"author\":\"a\"}", "url" },
		{ "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\",\"author\":\"-bad-\"}", "author" },
		{ "{\"section\":\"Other Projects\",\"block\":\"## Not a block\",\"author\":\"a\"}", "block" },
		{ "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\",\"author\":\"a\",\"extra\":1}", "submission" },
		{ "{\"section\":\"Other Projects\",\"name\":\"x\\ny\",\"url\":\"https://x.org\",\"author\":\"a\"}", "name" },
		/* Zola passes raw HTML to every reader: refused in any text */
		{ "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\",\"author\":\"a\","
		  "\"body\":\"Hi <script>alert(1)</script>\"}", "body" },
		{ "{\"section\":\"Other Projects\",\"name\":\"x<img src=x onerror=alert(1)>\","
		  "\"url\":\"https://x.org\",\"author\":\"a\"}", "name" },
		{ "{\"section\":\"Other Projects\",\"block\":\"### [x](https://x.org)\\n\\n<iframe src=//evil>\","
		  "\"author\":\"a\"}", "block" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cr_assert_eq(post_json("/api/v1/submissions", cases[i].body, &out), 400, "%s", out.p);
		char field[64];
		json_t *j = json_loads(out.p, 0, NULL);
		snprintf(field, sizeof field, "%s",
			 json_string_value(json_object_get(json_object_get(j, "error"), "field")));
		json_decref(j);
		cr_assert_str_eq(field, cases[i].field, "case %zu: %s", i, out.p);
	}
	/* not JSON, wrong type, bad UTF-8, too big, honeypot */
	cr_assert_eq(post_json("/api/v1/submissions", "{nope", &out), 400);
	cr_assert_eq(req("POST", "/api/v1/submissions", GOOD, "text/plain", NULL, NULL, &out, NULL), 415);
	cr_assert_eq(post_json("/api/v1/submissions", "{\"section\":\"\xff\"}", &out), 400);
	cr_assert(strstr(out.p, "invalid_utf8"), "%s", out.p);
	size_t big = 600 * 1024;
	char *huge = malloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = '\0';
	cr_assert_eq(post_json("/api/v1/submissions", huge, &out), 413);
	free(huge);
	cr_assert_eq(post_json("/api/v1/submissions",
			       "{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\","
			       "\"author\":\"a\",\"hp_homepage\":\"http://spam\"}", &out), 400);

	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_assert_eq(count_pending(cookie), 0, "nothing was stored");
	buf_release(&out);
}

Test(review, sessions_csrf_and_throttling)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(req("GET", "/api/v1/admin/submissions", NULL, NULL, NULL, NULL, &out, NULL), 401);
	cr_assert_eq(req("GET", "/api/v1/admin/session", NULL, NULL,
			 "nd_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &out, NULL), 401);
	cr_assert_eq(post_json("/api/v1/admin/login", "{\"username\":\"phil\",\"password\":\"wrong password!\"}", &out), 401);
	cr_assert_eq(post_json("/api/v1/admin/login", "{\"username\":\"nobody\",\"password\":\"x\"}", &out), 401);

	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_assert_eq(req("GET", "/api/v1/admin/session", NULL, NULL, cookie, NULL, &out, NULL), 200);
	cr_assert(strstr(out.p, "\"user\":\"phil\"") && strstr(out.p, "\"via\":\"password\""), "%s", out.p);

	int64_t id = 0;
	cr_assert_eq(post_json("/api/v1/submissions", GOOD, &out), 201, "%s", out.p);
	json_t *j = json_loads(out.p, 0, NULL);
	id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld/reject", (long long)id);
	cr_assert_eq(req("POST", path, "{\"reason\":\"x\"}", "application/json", cookie, NULL, &out, NULL), 403);
	cr_assert_eq(req("POST", path, "{\"reason\":\"x\"}", "application/json", cookie, "wrong", &out, NULL), 403);
	cr_assert_eq(req("POST", path, "{\"reason\":\"x\"}", "application/json", NULL, csrf, &out, NULL), 401);
	cr_assert_eq(count_pending(cookie), 1, "refused requests changed nothing");

	/* logout ends the session for good */
	cr_assert_eq(req("POST", "/api/v1/admin/logout", "", "application/json", cookie, csrf, &out, NULL), 200);
	cr_assert_eq(req("GET", "/api/v1/admin/session", NULL, NULL, cookie, NULL, &out, NULL), 401);

	/* five wrong passwords lock the account for a while, even the right one */
	for (int i = 0; i < 5; i++)
		cr_assert_eq(post_json("/api/v1/admin/login", "{\"username\":\"phil\",\"password\":\"wrong password!\"}", &out), 401);
	cr_assert_eq(post_json("/api/v1/admin/login", "{\"username\":\"phil\",\"password\":\"" PASSWORD "\"}", &out), 429);
	buf_release(&out);
}

Test(review, edit_reject_and_what_the_contributor_sees)
{
	struct buf out = BUF_INIT;
	const char *xss = "{\"section\":\"Other Projects\",\"name\":\"<b onmouseover=alert(1)>x</b>\","
			  "\"url\":\"https://x.org/a\",\"body\":\"<img src=x onerror=alert(3)> <iframe src=x></iframe>\","
			  "\"author\":\"octo-cat\"}";
	/* raw HTML that could run is refused: Zola would hand it to every reader */
	cr_assert_eq(post_json("/api/v1/submissions", xss, &out), 400, "%s", out.p);
	/* the same markup as text (in code) is kept, and shown escaped */
	const char *as_text = "{\"section\":\"Other Projects\",\"name\":\"x < y\","
			      "\"url\":\"https://x.org/a\",\"body\":\"Try `<img src=x onerror=alert(3)>` "
			      "and `<iframe src=x></iframe>`, or <span class=\\\"gray\\\">quiet</span>.\","
			      "\"author\":\"octo-cat\"}";
	cr_assert_eq(post_json("/api/v1/submissions", as_text, &out), 201, "%s", out.p);
	/* script tags and script links are refused outright */
	struct buf refused = BUF_INIT;
	cr_assert_eq(post_json("/api/v1/submissions", "{\"section\":\"Other Projects\",\"name\":\"<script>alert(1)</script>\","
			       "\"url\":\"https://x.org\",\"author\":\"octo\"}", &refused), 400);
	cr_assert_eq(post_json("/api/v1/submissions", "{\"section\":\"Other Projects\",\"name\":\"x\","
			       "\"body\":\"[c](javascript:alert(4))\",\"url\":\"https://x.org\",\"author\":\"octo\"}", &refused), 400);
	buf_release(&refused);
	char token[64], status_url[256];
	json_str(out.p, "token", token, sizeof token);
	json_str(out.p, "status_url", status_url, sizeof status_url);
	cr_assert(strstr(status_url, token));
	json_t *j = json_loads(out.p, 0, NULL);
	long long id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);

	char cookie[128], csrf[64], path[96];
	login(cookie, csrf);
	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld", id);
	/* a bad edit is refused and changes nothing */
	cr_assert_eq(req("PATCH", path, "{\"url\":\"ftp://x\"}", "application/json", cookie, csrf, &out, NULL), 400);
	cr_assert(strstr(out.p, "\"field\":\"url\""), "%s", out.p);
	cr_assert_eq(req("PATCH", path, "{\"body\":\"Fixed text.\"}", "application/json", cookie, csrf, &out, NULL), 200, "%s", out.p);
	cr_assert(strstr(out.p, "Fixed text."), "%s", out.p);

	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld/diff", id);
	cr_assert_eq(req("GET", path, NULL, NULL, cookie, NULL, &out, NULL), 200, "%s", out.p);
	cr_assert(strstr(out.p, "+++ b/content/this-month/2024-04/index.md"), "%s", out.p);
	cr_assert(strstr(out.p, "+Fixed text."), "%s", out.p);

	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld/reject", id);
	cr_assert_eq(req("POST", path, "{\"reason\":\"\"}", "application/json", cookie, csrf, &out, NULL), 400);
	cr_assert_eq(req("POST", path, "{\"reason\":\"Off-topic <b>here</b>\"}", "application/json", cookie, csrf, &out, NULL), 200, "%s", out.p);
	cr_assert_eq(req("POST", path, "{\"reason\":\"twice\"}", "application/json", cookie, csrf, &out, NULL), 409);

	char api[128], page[96];
	snprintf(api, sizeof api, "/api/v1/submissions/%s", token);
	cr_assert_eq(req("GET", api, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_assert(strstr(out.p, "\"status\":\"rejected\""), "%s", out.p);
	snprintf(page, sizeof page, "/s/%s", token);
	cr_assert_eq(req("GET", page, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_assert(strstr(out.p, "Off-topic &lt;b&gt;here&lt;/b&gt;"), "%s", out.p);
	cr_assert_null(strstr(out.p, "<script>"), "%s", out.p);
	cr_assert_null(strstr(out.p, "<img"), "%s", out.p);
	cr_assert_null(strstr(out.p, "<iframe"), "%s", out.p);
	cr_assert_eq(req("GET", "/s/not-a-token", NULL, NULL, NULL, NULL, &out, NULL), 404);
	buf_release(&out);
}

Test(review, approve_opens_a_pull_request)
{
	struct buf out = BUF_INIT;
	/* the plain form, as a browser without JavaScript sends it */
	cr_assert_eq(req("POST", "/api/v1/submissions",
			 "section=Other+Projects&name=xhci&url=https%3A%2F%2Fgithub.com%2Fa%2Fxhci"
			 "&body=USB.&author=octo-cat&written_by=on&hp_homepage=",
			 "application/x-www-form-urlencoded", NULL, NULL, &out, NULL), 303);
	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_assert_eq(req("GET", "/api/v1/admin/submissions?status=pending", NULL, NULL, cookie, NULL, &out, NULL), 200);
	json_t *j = json_loads(out.p, 0, NULL);
	json_t *first = json_array_get(json_object_get(j, "submissions"), 0);
	long long id = json_integer_value(json_object_get(first, "id"));
	cr_assert(json_is_true(json_object_get(json_object_get(first, "fields"), "written_by")));
	json_decref(j);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld/approve", id);
	cr_assert_eq(req("POST", path, "", "application/json", cookie, csrf, &out, NULL), 202, "%s", out.p);
	bool open = false;
	for (int i = 0; i < 100 && !open; i++) {
		cr_assert_eq(req("GET", "/api/v1/admin/submissions?status=pr_open", NULL, NULL, cookie, NULL, &out, NULL), 200);
		open = strstr(out.p, "\"pr_number\":1") != NULL;
		if (!open)
			usleep(50000);
	}
	cr_assert(open, "no pull request: %s", out.p);
	cr_assert_eq(standin_pulls_total(gh), 1);
	cr_assert_eq(req("POST", path, "", "application/json", cookie, csrf, &out, NULL), 409,
		     "approving again is refused");
	cr_assert_eq(standin_pulls_total(gh), 1);
	buf_release(&out);
}

Test(review, the_form_is_built_from_the_live_draft)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(req("GET", "/submit", NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_assert(strstr(out.p, "<option value=\"Other Projects\" data-kind=\"heading\">"), "%s", out.p);
	cr_assert(strstr(out.p, "data-kind=\"list\">Announcements, News, and Blog Posts"), "%s", out.p);
	cr_assert(strstr(out.p, "name=\"hp_homepage\""), "the honeypot is there");
	cr_assert(strstr(out.p, "<label for=\"f-author\">"), "every input has a label");
	cr_assert_eq(req("GET", "/api/v1/draft", NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_assert(strstr(out.p, "\"month\":\"2024-04\""), "%s", out.p);
	cr_assert_eq(post_json("/api/v1/preview", "{\"markdown\":\"<script>x</script>[a](javascript:b)\"}", &out), 200);
	cr_assert_null(strstr(out.p, "<script"), "%s", out.p);
	cr_assert_null(strstr(out.p, "javascript:"), "%s", out.p);
	cr_assert_eq(post_json("/api/v1/preview", "{\"markdown\":42}", &out), 400);
	cr_assert(strstr(out.p, "\"field\":\"markdown\""), "%s", out.p);
	char *big = malloc(70 * 1024 + 32);
	strcpy(big, "{\"markdown\":\"");
	memset(big + 13, 'a', 70 * 1024);
	strcpy(big + 13 + 70 * 1024, "\"}");
	cr_assert_eq(post_json("/api/v1/preview", big, &out), 400, "over 64 KiB of Markdown");
	free(big);
	buf_release(&out);
}

Test(review, a_refused_form_post_gets_a_page_naming_the_field)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(req("POST", "/api/v1/submissions",
			 "section=Other+Projects&name=x&url=ftp%3A%2F%2Fx&author=octo",
			 "application/x-www-form-urlencoded", NULL, NULL, &out, NULL), 400);
	/* the form's own word for the field, no internal key, and the way back */
	cr_assert(strstr(out.p, "<strong>Link</strong>: must be an http"), "%s", out.p);
	cr_assert_null(strstr(out.p, "url:"), "%s", out.p);
	cr_assert(strstr(out.p, "href=\"/submit\""), "%s", out.p);
	cr_assert_eq(req("POST", "/api/v1/submissions", "section=%FF&author=octo",
			 "application/x-www-form-urlencoded", NULL, NULL, &out, NULL), 400);
	cr_assert(strstr(out.p, "invalid UTF-8"), "%s", out.p);
	cr_assert_eq(req("POST", "/api/v1/admin/login", "{}", "application/json", NULL, NULL, &out, NULL), 400);
	cr_assert_eq(req("POST", "/api/v1/admin/login", "{\"username\":\"phil\",\"password\":7}",
			 "application/json", NULL, NULL, &out, NULL), 400);
	buf_release(&out);
}

Test(review, submissions_are_rate_limited_per_address)
{
	struct buf out = BUF_INIT;
	for (int i = 0; i < 10; i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"section\":\"Other Projects\",\"name\":\"p%d\","
			 "\"url\":\"https://x.org/%d\",\"body\":\"News.\",\"author\":\"octo\"}", i, i);
		cr_assert_eq(post_json("/api/v1/submissions", body, &out), 201, "%d: %s", i, out.p);
	}
	cr_assert_eq(post_json("/api/v1/submissions", GOOD, &out), 429);
	cr_assert(strstr(out.p, "rate_limited"), "%s", out.p);
	buf_release(&out);
}

/* Its contributor takes a submission back while it waits for review (the
 * status link is the key); once a maintainer acted, it is theirs. */
Test(review, a_contributor_withdraws_while_it_waits)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(post_json("/api/v1/submissions", GOOD, &out), 201, "%s", out.p);
	char token[64], path[128], page[128];
	json_str(out.p, "token", token, sizeof token);
	snprintf(path, sizeof path, "/api/v1/submissions/%s", token);
	snprintf(page, sizeof page, "/s/%s", token);
	cr_assert_eq(req("GET", page, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_expect(strstr(out.p, "id=\"withdraw\""), "the page offers to withdraw");
	cr_expect_eq(req("DELETE", "/api/v1/submissions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			 NULL, NULL, NULL, NULL, &out, NULL), 404, "%s", out.p);
	cr_assert_eq(req("DELETE", path, NULL, NULL, NULL, NULL, &out, NULL), 200, "%s", out.p);
	cr_expect(strstr(out.p, "withdrawn by its contributor"), "%s", out.p);
	cr_assert_eq(req("GET", path, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_expect(strstr(out.p, "\"status\":\"withdrawn\""), "%s", out.p);
	cr_assert_eq(req("GET", page, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_expect(strstr(out.p, "Withdrawn"), "the status page says so");
	cr_expect(!strstr(out.p, "id=\"withdraw\""), "and offers it no more");
	cr_expect_eq(req("DELETE", path, NULL, NULL, NULL, NULL, &out, NULL), 409, "%s", out.p);
	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_expect_eq(count_pending(cookie), 0, "it left the review queue");
	buf_release(&out);
}

/* The new submission's id, token and the paths that go with them. */
struct sent {
	long long id;
	char token[64], api[128], page[96], admin[96];
};

static void send_one(const char *body, struct sent *s)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(post_json("/api/v1/submissions", body, &out), 201, "%s", out.p);
	json_t *j = json_loads(out.p, 0, NULL);
	s->id = json_integer_value(json_object_get(j, "id"));
	snprintf(s->token, sizeof s->token, "%s", json_string_value(json_object_get(j, "token")));
	json_decref(j);
	snprintf(s->api, sizeof s->api, "/api/v1/submissions/%s", s->token);
	snprintf(s->page, sizeof s->page, "/s/%s", s->token);
	snprintf(s->admin, sizeof s->admin, "/api/v1/admin/submissions/%lld", s->id);
	buf_release(&out);
}

static long ask(const struct sent *s, const char *body, const char *cookie, const char *csrf,
		struct buf *out)
{
	char path[128];
	snprintf(path, sizeof path, "%s/request-changes", s->admin);
	return req("POST", path, body, "application/json", cookie, csrf, out, NULL);
}

/* Review is a conversation: asked for a change, the contributor sees the
 * request, revises through the status link, and it waits for review again
 * with its history; the maintainer's card shows every step. */
Test(review, a_maintainer_asks_for_changes_and_the_contributor_revises)
{
	struct buf out = BUF_INIT;
	struct sent s;
	send_one(GOOD, &s);
	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_expect_eq(ask(&s, "{\"message\":\"x\"}", cookie, NULL, &out), 403, "no CSRF token");
	cr_expect_eq(ask(&s, "{\"message\":\"\"}", cookie, csrf, &out), 400, "%s", out.p);
	cr_expect(strstr(out.p, "\"field\":\"message\""), "%s", out.p);
	cr_assert_eq(ask(&s, "{\"message\":\"Say which controllers it drives <b>please</b>\"}",
			 cookie, csrf, &out), 200, "%s", out.p);
	cr_expect(strstr(out.p, "\"status\":\"changes_requested\""), "%s", out.p);
	cr_expect_eq(ask(&s, "{\"message\":\"again\"}", cookie, csrf, &out), 409, "asked already");
	char approve[128];
	snprintf(approve, sizeof approve, "%s/approve", s.admin);
	cr_expect_eq(req("POST", approve, NULL, NULL, cookie, csrf, &out, NULL), 409,
		     "not approved while the contributor revises: %s", out.p);

	/* what the contributor sees */
	cr_assert_eq(req("GET", s.page, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_expect(strstr(out.p, "data-status=\"changes_requested\""), "%s", out.p);
	cr_expect(strstr(out.p, "Say which controllers it drives &lt;b&gt;please&lt;/b&gt;"), "%s",
		  out.p);
	cr_expect(strstr(out.p, "id=\"revise\""), "the page offers the change");
	cr_assert_eq(req("GET", s.api, NULL, NULL, NULL, NULL, &out, NULL), 200);
	json_t *j = json_loads(out.p, 0, NULL);
	const char *md = json_string_value(json_object_get(j, "markdown"));
	cr_assert(md && strstr(md, "### [`xhci`](https://github.com/a/xhci)"), "%s", out.p);
	json_t *step = json_array_get(json_object_get(j, "history"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(step, "kind")), "changes_requested");
	cr_expect_str_eq(json_string_value(json_object_get(step, "actor")), "phil");
	json_decref(j);

	/* a wrong link changes nothing; the right one revises */
	const char *change = "{\"block\":\"### [xhci](https://github.com/a/xhci)\\n\\nA USB 3 "
			     "driver for the xHCI controllers of QEMU and Intel boards.\\n\","
			     "\"name\":null,\"url\":null,\"body\":null,\"written_by\":null}";
	cr_expect_eq(req("PATCH", "/api/v1/submissions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			 change, "application/json", NULL, NULL, &out, NULL), 404, "%s", out.p);
	cr_expect_eq(req("PATCH", s.api, "{\"url\":\"ftp://x\"}", "application/json", NULL, NULL,
			 &out, NULL), 400, "a bad revision is refused: %s", out.p);
	cr_assert_eq(req("PATCH", s.api, change, "application/json", NULL, NULL, &out, NULL), 200,
		     "%s", out.p);
	cr_expect(strstr(out.p, "\"status\":\"pending\"") && strstr(out.p, "\"block\""), "%s",
		  out.p);
	cr_expect_eq(count_pending(cookie), 1, "back in the review queue");
	cr_assert_eq(req("GET", "/api/v1/admin/submissions?status=pending", NULL, NULL, cookie, NULL,
			 &out, NULL), 200);
	j = json_loads(out.p, 0, NULL);
	json_t *card = json_array_get(json_object_get(j, "submissions"), 0);
	json_t *history = json_object_get(card, "history");
	cr_assert_eq(json_array_size(history), 2, "%s", out.p);
	step = json_array_get(history, 1);
	cr_expect_str_eq(json_string_value(json_object_get(step, "kind")), "revised");
	char *changed = json_dumps(json_object_get(step, "changed"), 0);
	cr_expect(changed && strstr(changed, "block"), "%s", out.p);
	free(changed);
	cr_expect(strstr(json_string_value(json_object_get(card, "html")), "QEMU and Intel"), "%s",
		  out.p);
	json_decref(j);
	/* and the review goes on from there */
	cr_expect_eq(ask(&s, "{\"message\":\"one more thing\"}", cookie, csrf, &out), 200, "%s",
		     out.p);
	buf_release(&out);
}

/* Once review has ended, nobody asks for or makes changes: a merged
 * submission is on GitHub, a rejected one is over. */
Test(review, review_steps_after_review_are_refused)
{
	struct buf out = BUF_INIT;
	struct sent s;
	send_one(GOOD, &s);
	/* merged, as the pull-request job records it when GitHub says so */
	char db[160], sql[128];
	snprintf(db, sizeof db, "%s/nd.db", dir);
	snprintf(sql, sizeof sql, "UPDATE submissions SET status = 'merged' WHERE id = %lld", s.id);
	sqlite3 *h = NULL;
	cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	sqlite3_close(h);
	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_expect_eq(ask(&s, "{\"message\":\"more please\"}", cookie, csrf, &out), 409, "%s", out.p);
	cr_expect(strstr(out.p, "not_pending"), "%s", out.p);
	cr_expect_eq(req("PATCH", s.api, "{\"body\":\"late\"}", "application/json", NULL, NULL, &out,
			 NULL), 409, "%s", out.p);
	cr_expect_eq(req("DELETE", s.api, NULL, NULL, NULL, NULL, &out, NULL), 409, "%s", out.p);
	cr_expect_eq(ask(&(struct sent){ .admin = "/api/v1/admin/submissions/999999" },
			 "{\"message\":\"x\"}", cookie, csrf, &out), 404);
	buf_release(&out);
}

/* A revision that would make it the same entry as another live
 * submission is refused, as a second submission of it would be. */
Test(review, a_revision_into_another_submissions_entry_is_refused)
{
	struct buf out = BUF_INIT;
	struct sent a, b;
	send_one(GOOD, &a);
	send_one("{\"section\":\"Other Projects\",\"name\":\"ahci\",\"url\":\"https://github.com/a/ahci\","
		 "\"body\":\"A SATA driver.\",\"author\":\"octo-cat\",\"written_by\":true}", &b);
	cr_assert_eq(req("PATCH", b.api, "{\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\","
			 "\"body\":\"A USB 3 driver.\"}", "application/json", NULL, NULL, &out, NULL),
		     409, "%s", out.p);
	cr_expect(strstr(out.p, "duplicate"), "%s", out.p);
	cr_assert_eq(req("GET", b.api, NULL, NULL, NULL, NULL, &out, NULL), 200);
	cr_expect(strstr(out.p, "ahci"), "unchanged: %s", out.p);
	buf_release(&out);
}

/* Several entries in one submission: each in its own section and place,
 * one status page, one pull request holding all of them; an entry that
 * does not fit is named by its index. */
Test(review, several_entries_go_in_one_pull_request)
{
	struct buf out = BUF_INIT;
	const char *bad = "{\"author\":\"octo-cat\",\"entries\":["
			  "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\",\"body\":\"USB.\"},"
			  "{\"section\":\"Announcements, News, and Blog Posts\",\"name\":\"A post\",\"url\":\"ftp://x\"}]}";
	cr_assert_eq(post_json("/api/v1/submissions", bad, &out), 400, "%s", out.p);
	cr_expect(strstr(out.p, "\"field\":\"entries[1].url\""), "%s", out.p);
	const char *two = "{\"author\":\"octo-cat\",\"entries\":["
			  "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\",\"body\":\"A USB 3 driver.\"},"
			  "{\"section\":\"Announcements, News, and Blog Posts\",\"name\":\"Writing an OS in Rust: USB\",\"url\":\"https://os.phil-opp.com/usb/\"}]}";
	struct sent s;
	send_one(two, &s);
	cr_assert_eq(req("GET", s.api, NULL, NULL, NULL, NULL, &out, NULL), 200);
	json_t *j = json_loads(out.p, 0, NULL);
	const char *md = json_string_value(json_object_get(j, "markdown"));
	cr_expect(md && strstr(md, "### [`xhci`]") && strstr(md, "- [Writing an OS in Rust: USB]"),
		  "one status page shows both: %s", out.p);
	json_decref(j);
	cr_expect_eq(post_json("/api/v1/submissions", two, &out), 409, "the same two again: %s",
		     out.p);
	char cookie[128], csrf[64], path[128];
	login(cookie, csrf);
	snprintf(path, sizeof path, "%s/approve", s.admin);
	cr_assert_eq(req("POST", path, "", "application/json", cookie, csrf, &out, NULL), 202, "%s",
		     out.p);
	char branch[128] = "";
	for (int i = 0; i < 100 && !*branch; i++) {
		cr_assert_eq(req("GET", "/api/v1/admin/submissions?status=pr_open", NULL, NULL, cookie,
				 NULL, &out, NULL), 200);
		json_t *l = json_loads(out.p, 0, NULL);
		json_t *first = json_array_get(json_object_get(l, "submissions"), 0);
		const char *b = json_string_value(json_object_get(first, "branch"));
		if (b)
			snprintf(branch, sizeof branch, "%s", b);
		json_decref(l);
		if (!*branch)
			usleep(50000);
	}
	cr_assert(*branch, "no pull request: %s", out.p);
	cr_expect_eq(standin_pulls_total(gh), 1, "one pull request for both");
	char *file = standin_file(gh, branch, "content/this-month/2024-04/index.md");
	cr_assert_not_null(file);
	char *news = strstr(file, "## Announcements"), *other = strstr(file, "## Other Projects");
	cr_expect(news && other && strstr(news, "- [Writing an OS in Rust: USB](https://os.phil-opp.com/usb/)") &&
		  strstr(other, "### [`xhci`](https://github.com/a/xhci)"), "%s", file);
	free(file);
	buf_release(&out);
}
