/* comments_api.c: reader comments against the real binary — every rule of
 * the public API (fields, page keys, replies, edit window, moderation
 * modes, abuse limits, CORS, ETag), the no-JavaScript form, feeds, the
 * moderation API and the pending-comment notification. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/codings.h"
#include "support/daemon.h"
#include "support/http_client.h"

#define PASSWORD "correct horse battery staple"
#define ORIGIN "http://127.0.0.1:1"    /* an allowed site embedding the widget */
#define PAGE "/this-month/2021-12/"

static char dir[64], cfg_path[128], log_path[128], db_path[128];
static struct daemon d;
static bool running;

static void setup(void)
{
	strcpy(dir, "/tmp/newsdesk-com-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(cfg_path, sizeof cfg_path, "%s/c.toml", dir);
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	snprintf(db_path, sizeof db_path, "%s/nd.db", dir);
	running = false;
}

static void teardown(void)
{
	if (running)
		daemon_stop(&d, SIGTERM);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(comments, .init = setup, .fini = teardown, .timeout = 60);

/* Starts the daemon with these [comments] lines (and a maintainer). */
static void start(const char *comments)
{
	FILE *f = fopen(cfg_path, "w");
	cr_assert_not_null(f);
	fprintf(f, "[server]\nlisten = \"127.0.0.1:0\"\nweb_root = \"%s/web\"\n"
		   "access_log = false\nallowed_origins = [\"" ORIGIN "\"]\n"
		   "[storage]\ndatabase = \"%s\"\n"
		   "[github]\napi_url = \"http://127.0.0.1:1\"\nrefresh_seconds = 0\n"
		   "[comments]\n%s\n",
		NEWSDESK_SRCDIR, db_path, comments);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf '%s\\n' | %s user add mod --config %s >/dev/null 2>&1",
		 PASSWORD, daemon_bin(), cfg_path);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(daemon_start(&d, cfg_path, log_path, NULL), 0);
	running = true;
}

struct answer {
	long status;
	struct buf body, headers;
	json_t *json;
};

static void answer_free(struct answer *a)
{
	buf_release(&a->body);
	buf_release(&a->headers);
	json_decref(a->json);
	memset(a, 0, sizeof *a);
}

/* One request; hdrs is NULL-terminated. */
static struct answer call(const char *method, const char *path, const char *body,
			  const char *const *hdrs)
{
	struct http_result res;
	cr_assert_eq(http_do(method, d.port, path, body, body ? strlen(body) : 0, hdrs, 0, &res),
		     0);
	struct answer a = { res.status, BUF_INIT, BUF_INIT, NULL };
	buf_adds(&a.body, res.body.p ? res.body.p : "");
	buf_adds(&a.headers, res.headers.p ? res.headers.p : "");
	a.json = json_loads(a.body.p, 0, NULL);
	http_result_free(&res);
	return a;
}

static struct answer post_json(const char *body)
{
	const char *h[] = { "Content-Type: application/json", NULL };
	return call("POST", "/api/v1/comments", body, h);
}

static bool has_header(const struct answer *a, const char *line)
{
	return strcasestr(a->headers.p, line) != NULL;
}

static const char *field_of(const struct answer *a)
{
	return json_string_value(json_object_get(json_object_get(a->json, "error"), "field"));
}

static const char *code_of(const struct answer *a)
{
	return json_string_value(json_object_get(json_object_get(a->json, "error"), "code"));
}

/* The approved thread of page, as JSON (caller frees). */
static json_t *thread(const char *page)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/comments?page=%s", page);
	struct answer a = call("GET", path, NULL, NULL);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	json_t *c = json_incref(json_object_get(a.json, "comments"));
	answer_free(&a);
	return c;
}

static int64_t post_ok(const char *body, const char *want_status, char *token_out)
{
	struct answer a = post_json(body);
	cr_assert_eq(a.status, 201, "%s -> %s", body, a.body.p);
	cr_assert_str_eq(json_string_value(json_object_get(a.json, "status")), want_status, "%s",
			 body);
	int64_t id = json_integer_value(json_object_get(a.json, "id"));
	if (token_out)
		strcpy(token_out, json_string_value(json_object_get(a.json, "edit_token")));
	answer_free(&a);
	return id;
}

static void login(char cookie[128], char csrf[64])
{
	const char *h[] = { "Content-Type: application/json", NULL };
	struct answer a = call("POST", "/api/v1/admin/login",
			       "{\"username\":\"mod\",\"password\":\"" PASSWORD "\"}", h);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	const char *sc = strcasestr(a.headers.p, "Set-Cookie: ");
	cr_assert_not_null(sc);
	sc += 12;
	snprintf(cookie, 128, "Cookie: %.*s", (int)strcspn(sc, ";\r\n"), sc);
	snprintf(csrf, 64, "%s", json_string_value(json_object_get(a.json, "csrf_token")));
	answer_free(&a);
}

static long admin(const char *method, const char *path, const char *body, const char *cookie,
		  const char *csrf, json_t **out)
{
	char h_csrf[128];
	snprintf(h_csrf, sizeof h_csrf, "X-CSRF-Token: %s", csrf ? csrf : "");
	const char *h[] = { "Content-Type: application/json", cookie, csrf ? h_csrf : NULL, NULL };
	struct answer a = call(method, path, body, h);
	long st = a.status;
	if (out)
		*out = json_incref(a.json);
	answer_free(&a);
	return st;
}

static int count_rows(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'SELECT count(*) FROM comments'", db_path);
	FILE *p = popen(cmd, "r");
	int n = -1;
	cr_assert_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

Test(comments, a_published_comment_is_read_back_by_every_form_of_its_page)
{
	start("moderation = \"none\"");
	int64_t a = post_ok("{\"page\":\"/this-month/2021-12\",\"author\":\"Ann\","
			    "\"email\":\"ann@example.org\",\"body\":\"First *post*\"}",
			    "approved", NULL);
	int64_t b = post_ok("{\"page\":\"/this-month/2021-12/index.html?utm=x\",\"author\":\"Bo\","
			    "\"website\":\"https://bo.example\",\"body\":\"Second\",\"parent\":1}",
			    "approved", NULL);
	static const char *const forms[] = { PAGE, "/this-month/2021-12",
					     "/this-month//2021-12/?x=1" };
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		json_t *c = thread(forms[i]);
		cr_assert_eq(json_array_size(c), 2, "%s", forms[i]);
		json_t *first = json_array_get(c, 0), *second = json_array_get(c, 1);
		cr_expect_eq(json_integer_value(json_object_get(first, "id")), a, "oldest first");
		cr_expect(json_is_null(json_object_get(first, "parent")));
		cr_expect_eq(json_integer_value(json_object_get(second, "parent")), a);
		cr_expect_str_eq(json_string_value(json_object_get(first, "html")),
				 "<p>First <em>post</em></p>\n");
		cr_expect_str_eq(json_string_value(json_object_get(second, "website")),
				 "https://bo.example");
		cr_expect(json_is_string(json_object_get(first, "created_at")));
		cr_expect(json_is_null(json_object_get(first, "edited_at")));
		cr_expect_null(json_object_get(first, "email"), "email is never shown");
		char *text = json_dumps(c, 0);
		cr_expect_null(strstr(text, "ann@example.org"));
		free(text);
		json_decref(c);
	}
	(void)b;
	struct answer n = call("GET", "/api/v1/comments/counts?page=/this-month/2021-12&page=/other/",
			       NULL, NULL);
	cr_assert_eq(n.status, 200);
	cr_expect_eq(json_integer_value(json_object_get(n.json, "/this-month/2021-12")), 2);
	cr_expect_eq(json_integer_value(json_object_get(n.json, "/other/")), 0);
	answer_free(&n);
	n = call("GET", "/api/v1/comments/counts", NULL, NULL);
	cr_expect_eq(n.status, 400);
	answer_free(&n);
	n = call("GET", "/api/v1/comments", NULL, NULL);
	cr_expect_eq(n.status, 400);
	cr_expect_str_eq(field_of(&n), "page");
	answer_free(&n);
}

Test(comments, bad_input_names_the_field_and_stores_nothing)
{
	start("moderation = \"none\"\nmax_length = 100\nmax_links = 1");
	static const struct { const char *body, *field; } bad[] = {
		{ "{\"author\":\"a\",\"body\":\"b\"}", "page" },
		{ "{\"page\":\"../etc/passwd\",\"author\":\"a\",\"body\":\"b\"}", "page" },
		{ "{\"page\":\"/p/\",\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"email\":\"x\",\"body\":\"b\"}", "email" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"website\":\"javascript:alert(1)\",\"body\":\"b\"}",
		  "website" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"\"}", "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"https://a.org https://b.org\"}", "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x\",\"parent\":99}", "parent" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x\",\"status\":\"approved\"}", "request" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x\",\"author_token\":7}", "author_token" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x\",\"parent\":\"+1\"}", "parent" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x\",\"parent\":\" 1\"}", "parent" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct answer a = post_json(bad[i].body);
		cr_expect_eq(a.status, 400, "%s -> %s", bad[i].body, a.body.p);
		cr_expect_str_eq(field_of(&a) ? field_of(&a) : "-", bad[i].field, "%s", bad[i].body);
		answer_free(&a);
	}
	char big[200];
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\0';
	char body[400];
	snprintf(body, sizeof body, "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"%s\"}", big);
	struct answer a = post_json(body);
	cr_expect_eq(a.status, 400);
	cr_expect_str_eq(field_of(&a), "body");
	answer_free(&a);
	const char *bad_utf8 = "{\"page\":\"/p/\",\"author\":\"\xff\",\"body\":\"b\"}";
	a = post_json(bad_utf8);
	cr_expect_eq(a.status, 400);
	answer_free(&a);
	const char *h[] = { "Content-Type: text/plain", NULL };
	a = call("POST", "/api/v1/comments", "{}", h);
	cr_expect_eq(a.status, 415);
	answer_free(&a);
	cr_expect_eq(count_rows(), 0, "nothing half-written");
}

Test(comments, hostile_markup_is_inert_in_json_page_and_feed)
{
	start("moderation = \"none\"\nmax_links = 20\nrate_limit_per_minute = 0");
	static const char *const bodies[] = {
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"<img src=x onerror=alert(1)>",
		"<a href=\\\"x\\\" <b onclick=alert(1)>broken</a>",
		"<svg/onload=alert(1)>",
		"![t](https://evil.example/pixel.png)",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		char body[512];
		snprintf(body, sizeof body,
			 "{\"page\":\"/p/\",\"author\":\"<script>alert(%zu)</script>\",\"body\":\"%s\"}",
			 i, bodies[i]);
		post_ok(body, "approved", NULL);
	}
	json_t *c = thread("/p/");
	cr_assert_eq(json_array_size(c), sizeof bodies / sizeof *bodies);
	size_t i;
	json_t *v;
	json_array_foreach(c, i, v) {
		const char *html = json_string_value(json_object_get(v, "html"));
		cr_expect_null(strstr(html, "<script"), "%s", html);
		cr_expect_null(strstr(html, "<img"), "%s", html);
		cr_expect_null(strstr(html, "<svg"), "%s", html);
		cr_expect_null(strstr(html, "href=\"javascript"), "%s", html);
		cr_expect_null(strstr(html, "<b "), "%s", html);
	}
	json_decref(c);
	struct answer page = call("GET", "/comments?page=/p/", NULL, NULL);
	cr_assert_eq(page.status, 200);
	cr_expect_null(strstr(page.body.p, "<script>alert"), "the name is escaped on the page");
	cr_expect(strstr(page.body.p, "&lt;script&gt;alert(0)&lt;/script&gt;"));
	cr_expect(has_header(&page, "frame-ancestors 'self' " ORIGIN));
	answer_free(&page);
	struct answer feed = call("GET", "/feeds/comments.atom?page=/p/", NULL, NULL);
	cr_assert_eq(feed.status, 200);
	cr_expect(has_header(&feed, "application/atom+xml"));
	cr_expect_null(strstr(feed.body.p, "<script"), "%s", feed.body.p);
	cr_expect(strstr(feed.body.p, "<entry>"));
	answer_free(&feed);
}

Test(comments, replies_stay_on_their_page)
{
	start("moderation = \"none\"");
	int64_t a = post_ok("{\"page\":\"/a/\",\"author\":\"Ann\",\"body\":\"on a\"}", "approved",
			    NULL);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"page\":\"/b/\",\"author\":\"Bo\",\"body\":\"on b\",\"parent\":%lld}",
		 (long long)a);
	struct answer r = post_json(body);
	cr_expect_eq(r.status, 400, "%s", r.body.p);
	cr_expect_str_eq(field_of(&r), "parent");
	answer_free(&r);
	snprintf(body, sizeof body,
		 "{\"page\":\"/a\",\"author\":\"Bo\",\"body\":\"on a too\",\"parent\":%lld}",
		 (long long)a);
	post_ok(body, "approved", NULL);
	cr_expect_eq(count_rows(), 2);
}

Test(comments, the_edit_token_works_inside_the_window_only)
{
	start("moderation = \"none\"");
	char t1[128], t2[128], auth[160];
	int64_t one = post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"tyop\"}", "approved",
			      t1);
	int64_t two = post_ok("{\"page\":\"/p/\",\"author\":\"Bo\",\"body\":\"mine\"}", "approved",
			      t2);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)one);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t1);
	const char *h[] = { "Content-Type: application/json", auth, NULL };
	struct answer a = call("PATCH", path, "{\"body\":\"typo\"}", h);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	cr_expect_str_eq(json_string_value(json_object_get(a.json, "html")), "<p>typo</p>\n");
	answer_free(&a);
	json_t *c = thread("/p/");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(c, 0), "html")),
			 "<p>typo</p>\n", "the cached thread was dropped on edit");
	cr_expect(json_is_string(json_object_get(json_array_get(c, 0), "edited_at")));
	json_decref(c);

	/* another comment's token, no token, a forged one */
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t2);
	a = call("PATCH", path, "{\"body\":\"hijack\"}", h);
	cr_expect_eq(a.status, 401);
	answer_free(&a);
	const char *none[] = { "Content-Type: application/json", NULL };
	a = call("DELETE", path, NULL, none);
	cr_expect_eq(a.status, 401);
	answer_free(&a);
	a = call("PATCH", path, "{\"body\":\"x\",\"author\":\"Eve\"}", h);
	cr_expect_eq(a.status, 401, "still not the owner");
	answer_free(&a);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t1);
	a = call("PATCH", path, "{\"body\":\"x\",\"author\":\"Eve\"}", h);
	cr_expect_eq(a.status, 400, "only the body can change");
	answer_free(&a);
	/* its owner reads its Markdown back (to edit it elsewhere); nobody else */
	a = call("GET", path, NULL, h);
	cr_expect_eq(a.status, 200, "%s", a.body.p);
	cr_expect_str_eq(json_string_value(json_object_get(a.json, "body")), "typo");
	cr_expect(json_is_string(json_object_get(a.json, "edit_until")), "%s", a.body.p);
	answer_free(&a);
	a = call("GET", path, NULL, none);
	cr_expect_eq(a.status, 401, "%s", a.body.p);
	answer_free(&a);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t2);
	a = call("GET", path, NULL, h);
	cr_expect_eq(a.status, 401, "another comment's token reads nothing: %s", a.body.p);
	answer_free(&a);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t1);

	a = call("DELETE", path, NULL, h);
	cr_expect_eq(a.status, 204, "%s", a.body.p);
	answer_free(&a);
	c = thread("/p/");
	cr_expect_eq(json_array_size(c), 1);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(c, 0), "id")), two);
	json_decref(c);
	a = call("DELETE", path, NULL, h);
	cr_expect_eq(a.status, 404);
	answer_free(&a);
}

/* The thread is cached once read: an edit and a delete must drop it, or
 * readers keep the old text (the cache is warm before each change). */
Test(comments, an_edit_or_a_delete_drops_the_cached_thread)
{
	start("moderation = \"none\"\nrate_limit_per_minute = 0");
	char t[128], auth[160], path[64], want[64];
	int64_t id = post_ok("{\"page\":\"/c/\",\"author\":\"Ann\",\"body\":\"first\"}",
			     "approved", t);
	int64_t other = post_ok("{\"page\":\"/c/\",\"author\":\"Bo\",\"body\":\"stays\"}",
				"approved", NULL);
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t);
	const char *h[] = { "Content-Type: application/json", auth, NULL };
	for (int i = 0; i < 3; i++) {
		json_t *c = thread("/c/");   /* read, and so cached */
		json_decref(c);
		char body[64];
		snprintf(body, sizeof body, "{\"body\":\"edit %d\"}", i);
		struct answer a = call("PATCH", path, body, h);
		cr_assert_eq(a.status, 200, "%s", a.body.p);
		answer_free(&a);
		c = thread("/c/");
		snprintf(want, sizeof want, "<p>edit %d</p>\n", i);
		cr_expect_str_eq(json_string_value(json_object_get(json_array_get(c, 0), "html")),
				 want, "edit %d: the cached thread still has the old text", i);
		json_decref(c);
	}
	json_decref(thread("/c/"));
	struct answer a = call("DELETE", path, NULL, h);
	cr_assert_eq(a.status, 204, "%s", a.body.p);
	answer_free(&a);
	json_t *c = thread("/c/");
	cr_expect_eq(json_array_size(c), 1, "the cached thread still has the deleted comment");
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(c, 0), "id")), other);
	json_decref(c);
}

/* A post the database refuses (a trigger stands in for a full disk) is
 * answered 500 and gives its try back: the address may still post what
 * the minute allows, and no more. */
Test(comments, a_post_the_database_refuses_gives_its_try_back)
{
	start("moderation = \"none\"\nrate_limit_per_minute = 1");
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TRIGGER refuse BEFORE INSERT ON comments"
				 " WHEN NEW.body_md LIKE 'refuse me%'"
				 " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
				 NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	for (int i = 0; i < 3; i++) {
		char body[96];
		snprintf(body, sizeof body, "{\"page\":\"/r/\",\"author\":\"Ann\","
			 "\"body\":\"refuse me %d\"}", i);
		struct answer a = post_json(body);
		cr_expect_eq(a.status, 500, "refused %d: %s", i, a.body.p);
		answer_free(&a);
	}
	post_ok("{\"page\":\"/r/\",\"author\":\"Ann\",\"body\":\"kept\"}", "approved", NULL);
	struct answer a = post_json("{\"page\":\"/r/\",\"author\":\"Ann\",\"body\":\"more\"}");
	cr_expect_eq(a.status, 429, "the limit still holds: %s", a.body.p);
	answer_free(&a);
	cr_expect_eq(count_rows(), 1);
}

Test(comments, edits_after_the_window_are_refused)
{
	start("moderation = \"none\"\nedit_window_minutes = 0");
	char t[128], auth[160];
	int64_t id = post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"final\"}", "approved",
			     t);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t);
	const char *h[] = { "Content-Type: application/json", auth, NULL };
	struct answer a = call("PATCH", path, "{\"body\":\"changed\"}", h);
	cr_expect_eq(a.status, 403, "%s", a.body.p);
	cr_expect(strstr(a.body.p, "edit window"), "%s", a.body.p);
	answer_free(&a);
	a = call("DELETE", path, NULL, h);
	cr_expect_eq(a.status, 403);
	answer_free(&a);
	json_t *c = thread("/p/");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(c, 0), "html")),
			 "<p>final</p>\n");
	json_decref(c);
}

Test(comments, first_time_authors_wait_and_known_ones_pass)
{
	start("moderation = \"first-time\"\nrate_limit_per_minute = 0");
	char cookie[128], csrf[64];
	login(cookie, csrf);
	struct answer a0 = post_json("{\"page\":\"/p/\",\"author\":\"Ann\",\"email\":\"Ann@x.org\","
				     "\"body\":\"hello\"}");
	cr_assert_eq(a0.status, 201);
	cr_expect_str_eq(json_string_value(json_object_get(a0.json, "status")), "pending");
	int64_t first = json_integer_value(json_object_get(a0.json, "id"));
	char author[128];
	snprintf(author, sizeof author, "%s",
		 json_string_value(json_object_get(a0.json, "author_token")));
	answer_free(&a0);
	json_t *c = thread("/p/");
	cr_expect_eq(json_array_size(c), 0, "pending is not shown");
	json_decref(c);
	json_t *q = NULL;
	cr_assert_eq(admin("GET", "/api/v1/admin/comments?status=pending", NULL, cookie, NULL, &q),
		     200);
	json_t *item = json_array_get(json_object_get(q, "comments"), 0);
	cr_expect_eq(json_integer_value(json_object_get(item, "id")), first);
	cr_expect_str_eq(json_string_value(json_object_get(item, "email")), "Ann@x.org",
			 "moderators see the email");
	cr_expect_str_eq(json_string_value(json_object_get(item, "client_ip")), "127.0.0.1");
	json_decref(q);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)first);
	cr_expect_eq(admin("POST", path, "{}", cookie, NULL, NULL), 403, "CSRF token required");
	cr_expect_eq(admin("POST", path, "{}", NULL, NULL, NULL), 401, "session required");
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	c = thread("/p/");
	cr_expect_eq(json_array_size(c), 1, "approval shows at once (cache dropped)");
	json_decref(c);
	/* the browser that holds the author token is known now */
	char body[512];
	snprintf(body, sizeof body, "{\"page\":\"/q/\",\"author\":\"Ann\",\"body\":\"again\","
		 "\"author_token\":\"%s\"}", author);
	post_ok(body, "approved", NULL);
	/* a copied name and email prove nothing: held for a moderator */
	post_ok("{\"page\":\"/q/\",\"author\":\"Ann\",\"email\":\"ann@X.org\","
		"\"body\":\"buy cheap things https://spam.example\"}", "pending", NULL);
	post_ok("{\"page\":\"/q/\",\"author\":\"Ann\",\"body\":\"no token, so not known\"}",
		"pending", NULL);
	/* a forged or altered token is no better */
	char forged[128];
	snprintf(forged, sizeof forged, "%s", author);
	forged[10] = forged[10] == 'A' ? 'B' : 'A';
	snprintf(body, sizeof body, "{\"page\":\"/q/\",\"author\":\"Ann\",\"body\":\"forged\","
		 "\"author_token\":\"%s\"}", forged);
	post_ok(body, "pending", NULL);
	/* once the vouching comment is marked as spam, the token vouches no more */
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/spam", (long long)first);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	snprintf(body, sizeof body, "{\"page\":\"/q/\",\"author\":\"Ann\",\"body\":\"after spam\","
		 "\"author_token\":\"%s\"}", author);
	post_ok(body, "pending", NULL);
}

/* The trust a moderator gave is theirs to take back: marking spam or
 * rejecting any comment posted on an author token's word (not only the
 * one it names) ends what the token vouches for. */
Test(comments, spam_on_a_vouched_comment_revokes_the_trust)
{
	start("moderation = \"first-time\"\nrate_limit_per_minute = 0");
	char cookie[128], csrf[64], author[128], body[512], path[96];
	login(cookie, csrf);
	struct answer a0 = post_json("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"hello\"}");
	cr_assert_eq(a0.status, 201);
	int64_t first = json_integer_value(json_object_get(a0.json, "id"));
	snprintf(author, sizeof author, "%s",
		 json_string_value(json_object_get(a0.json, "author_token")));
	answer_free(&a0);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)first);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	/* under another name, on the token's word: published at once */
	snprintf(body, sizeof body, "{\"page\":\"/q/\",\"author\":\"Bob\",\"body\":\"spam!\","
		 "\"author_token\":\"%s\"}", author);
	int64_t later = post_ok(body, "approved", NULL);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/spam", (long long)later);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	/* the first comment still stands, but its token vouches no more */
	snprintf(body, sizeof body, "{\"page\":\"/q/\",\"author\":\"Cat\",\"body\":\"more\","
		 "\"author_token\":\"%s\"}", author);
	post_ok(body, "pending", NULL);
}

Test(comments, moderation_all_holds_everything_and_edits_go_back_to_review)
{
	start("moderation = \"all\"");
	char cookie[128], csrf[64], t[128], auth[160], path[96];
	login(cookie, csrf);
	int64_t id = post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"one\"}", "pending", t);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)id);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"two\"}", "pending", NULL);
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t);
	const char *h[] = { "Content-Type: application/json", auth, NULL };
	struct answer a = call("PATCH", path, "{\"body\":\"one, now spam http://x.example\"}", h);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	cr_expect_str_eq(json_string_value(json_object_get(a.json, "status")), "pending");
	answer_free(&a);
	json_t *c = thread("/p/");
	cr_expect_eq(json_array_size(c), 0);
	json_decref(c);
}

Test(comments, the_moderation_queue_shows_context_and_acts_in_bulk)
{
	start("moderation = \"all\"");
	char cookie[128], csrf[64], path[96];
	login(cookie, csrf);
	int64_t p = post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"parent\"}", "pending",
			    NULL);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)p);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	char body[256];
	snprintf(body, sizeof body,
		 "{\"page\":\"/p/\",\"author\":\"Bo\",\"body\":\"reply\",\"parent\":%lld}",
		 (long long)p);
	int64_t r = post_ok(body, "pending", NULL);
	int64_t s1 = post_ok("{\"page\":\"/p/\",\"author\":\"Spam\",\"body\":\"buy\"}", "pending",
			     NULL);
	int64_t s2 = post_ok("{\"page\":\"/p/\",\"author\":\"Spam\",\"body\":\"buy now\"}",
			     "pending", NULL);
	json_t *q = NULL;
	cr_assert_eq(admin("GET", "/api/v1/admin/comments", NULL, cookie, NULL, &q), 200);
	json_t *first = json_array_get(json_object_get(q, "comments"), 0);
	cr_expect_eq(json_integer_value(json_object_get(first, "id")), r);
	json_t *ctx = json_object_get(first, "parent_comment");
	cr_expect_str_eq(json_string_value(json_object_get(ctx, "author")), "Ann");
	cr_expect_str_eq(json_string_value(json_object_get(first, "page")), "/p/");
	json_decref(q);

	snprintf(body, sizeof body, "{\"action\":\"spam\",\"ids\":[%lld,%lld,9999]}",
		 (long long)s1, (long long)s2);
	cr_assert_eq(admin("POST", "/api/v1/admin/comments/bulk", body, cookie, csrf, &q), 200);
	cr_expect_eq(json_array_size(json_object_get(q, "done")), 2);
	cr_expect_eq(json_integer_value(json_array_get(json_object_get(q, "missing"), 0)), 9999);
	json_decref(q);
	cr_assert_eq(admin("GET", "/api/v1/admin/comments?status=spam", NULL, cookie, NULL, &q),
		     200);
	cr_expect_eq(json_array_size(json_object_get(q, "comments")), 2);
	json_decref(q);
	cr_expect_eq(admin("GET", "/api/v1/admin/comments?status=bogus", NULL, cookie, NULL, NULL),
		     400);
	cr_expect_eq(admin("POST", "/api/v1/admin/comments/bulk", "{\"action\":\"nuke\",\"ids\":[1]}",
			   cookie, csrf, NULL), 400);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/publish", (long long)r);
	cr_expect_eq(admin("POST", path, "{}", cookie, csrf, NULL), 404);

	/* deleting the parent keeps the reply, moved up */
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/approve", (long long)r);
	cr_assert_eq(admin("POST", path, "{}", cookie, csrf, NULL), 200);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld", (long long)p);
	cr_expect_eq(admin("DELETE", path, NULL, cookie, csrf, NULL), 204);
	json_t *c = thread("/p/");
	cr_assert_eq(json_array_size(c), 1);
	cr_expect(json_is_null(json_object_get(json_array_get(c, 0), "parent")));
	json_decref(c);
}

Test(comments, abuse_limits_answer_clearly)
{
	start("moderation = \"none\"\nrate_limit_per_minute = 2");
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"same words\"}", "approved", NULL);
	struct answer a = post_json("{\"page\":\"/p/\",\"author\":\"Bo\",\"body\":\"Same   WORDS \"}");
	cr_expect_eq(a.status, 409, "duplicate: %s", a.body.p);
	cr_expect_str_eq(code_of(&a), "duplicate");
	answer_free(&a);
	a = post_json("{\"page\":\"/p/\",\"author\":\"Bot\",\"body\":\"x\",\"hp_fax\":\"+1 555\"}");
	cr_expect_eq(a.status, 400, "honeypot");
	cr_expect_str_eq(code_of(&a), "refused");
	answer_free(&a);
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"two\"}", "approved", NULL);
	a = post_json("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"three\"}");
	cr_expect_eq(a.status, 429, "%s", a.body.p);
	cr_expect(has_header(&a, "Retry-After: "), "%s", a.headers.p);
	answer_free(&a);
	cr_expect_eq(count_rows(), 2);
}

Test(comments, the_thread_revalidates_with_etag)
{
	start("moderation = \"none\"");
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"one\"}", "approved", NULL);
	struct answer a = call("GET", "/api/v1/comments?page=/p/", NULL, NULL);
	struct buf etag = BUF_INIT;
	const char *e = strcasestr(a.headers.p, "ETag: ");
	cr_assert_not_null(e);
	buf_add(&etag, e + 6, strcspn(e + 6, "\r\n"));
	answer_free(&a);
	char inm[128];
	snprintf(inm, sizeof inm, "If-None-Match: %s", etag.p);
	const char *h[] = { inm, NULL };
	a = call("GET", "/api/v1/comments?page=/p", NULL, h);
	cr_expect_eq(a.status, 304);
	cr_expect_eq(a.body.len, 0);
	answer_free(&a);
	post_ok("{\"page\":\"/p/\",\"author\":\"Bo\",\"body\":\"two\"}", "approved", NULL);
	a = call("GET", "/api/v1/comments?page=/p/", NULL, h);
	cr_expect_eq(a.status, 200, "a new comment changes the ETag");
	answer_free(&a);
	buf_release(&etag);
}

/* GET of the thread with Accept-Encoding ae and If-None-Match inm (either NULL). */
static void get_thread(const char *ae, const char *inm, struct http_result *res)
{
	cr_assert_eq(http_do_coded("GET", d.port, "/api/v1/comments?page=/p/", ae, inm, res), 0);
}

static void header_into(const struct http_result *res, const char *name, char *out, size_t n)
{
	struct buf v = BUF_INIT;
	out[0] = '\0';
	if (http_header(res, name, &v) == 0)
		snprintf(out, n, "%s", v.p);
	buf_release(&v);
}

Test(comments, a_thread_above_1_kb_goes_out_compressed_from_the_cache)
{
	start("moderation = \"none\"");
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"short\"}", "approved", NULL);
	struct http_result res;
	char v[128];
	/* one short comment: under 1 KB, as it is */
	get_thread("gzip, br, zstd", NULL, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_lt(res.body.len, 1024);
	header_into(&res, "Content-Encoding", v, sizeof v);
	cr_expect_str_eq(v, "");
	http_result_free(&res);

	struct buf body = BUF_INIT;
	buf_adds(&body, "{\"page\":\"/p/\",\"author\":\"Bo\",\"body\":\"");
	for (int i = 0; i < 30; i++)
		buf_adds(&body, "The same words, again and again. ");
	buf_adds(&body, "\"}");
	post_ok(body.p, "approved", NULL);
	buf_release(&body);

	struct buf identity = BUF_INIT, plain = BUF_INIT;
	char id_etag[128];
	get_thread(NULL, NULL, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_gt(res.body.len, 1024);
	buf_add(&identity, res.body.p, res.body.len);
	header_into(&res, "ETag", id_etag, sizeof id_etag);
	http_result_free(&res);
	static const char *const codings[] = { "gzip", "br", "zstd" };
	static const char *const suffixes[] = { "-gz", "-br", "-zst" };
	for (size_t i = 0; i < 3; i++) {
		for (int twice = 0; twice < 2; twice++) {   /* the second from the kept copy */
			get_thread(codings[i], NULL, &res);
			cr_assert_eq(res.status, 200);
			header_into(&res, "Content-Encoding", v, sizeof v);
			cr_expect_str_eq(v, codings[i]);
			cr_expect(strcasestr(res.headers.p, "Vary: Accept-Encoding"));
			char want[140];
			snprintf(want, sizeof want, "%.*s%s\"", (int)strlen(id_etag) - 1, id_etag,
				 suffixes[i]);
			header_into(&res, "ETag", v, sizeof v);
			cr_expect_str_eq(v, want);
			cr_expect_lt(res.body.len, identity.len);
			cr_assert_eq(decode_body(codings[i], res.body.p, res.body.len, &plain), 0);
			cr_expect_str_eq(plain.p, identity.p);
			http_result_free(&res);
		}
		/* a repeat visit with that tag: 304 naming it */
		char tag[140];
		snprintf(tag, sizeof tag, "%.*s%s\"", (int)strlen(id_etag) - 1, id_etag, suffixes[i]);
		get_thread(codings[i], tag, &res);
		cr_expect_eq(res.status, 304);
		cr_expect_eq(res.body.len, 0);
		header_into(&res, "ETag", v, sizeof v);
		cr_expect_str_eq(v, tag);
		http_result_free(&res);
	}
	buf_release(&identity);
	buf_release(&plain);
}

Test(comments, only_allowed_origins_get_cors)
{
	start("moderation = \"none\"");
	const char *good[] = { "Origin: " ORIGIN, NULL };
	const char *evil[] = { "Origin: https://evil.example", NULL };
	struct answer a = call("GET", "/api/v1/comments?page=/p/", NULL, good);
	cr_expect(has_header(&a, "Access-Control-Allow-Origin: " ORIGIN));
	cr_expect(has_header(&a, "Vary: Origin"));
	answer_free(&a);
	a = call("GET", "/api/v1/comments?page=/p/", NULL, evil);
	cr_expect_not(has_header(&a, "Access-Control-Allow-Origin"));
	cr_expect(has_header(&a, "Vary: Origin"));
	answer_free(&a);
	const char *pre_good[] = { "Origin: " ORIGIN, "Access-Control-Request-Method: POST", NULL };
	a = call("OPTIONS", "/api/v1/comments", NULL, pre_good);
	cr_expect_eq(a.status, 204);
	cr_expect(has_header(&a, "Access-Control-Allow-Headers: Content-Type, Authorization"));
	answer_free(&a);
	const char *pre_evil[] = { "Origin: https://evil.example", NULL };
	a = call("OPTIONS", "/api/v1/comments/1", NULL, pre_evil);
	cr_expect_eq(a.status, 403);
	cr_expect_not(has_header(&a, "Access-Control-Allow-Origin"));
	answer_free(&a);
	a = call("GET", "/api/v1/admin/comments", NULL, good);
	cr_expect_not(has_header(&a, "Access-Control-Allow-Origin"), "admin is never cross-origin");
	answer_free(&a);
}

/* The cached thread's response is built once and queued again (resp_reuse.c)
 * only for requests whose headers come out the same: a site's widget, a
 * direct visit and a stranger's origin, taken in turn, each get their own
 * CORS headers; HEAD gets the same length and no body; a new comment is
 * served at once. */
Test(comments, a_reused_response_answers_each_request_as_its_own)
{
	start("moderation = \"none\"\nrate_limit_per_minute = 0");
	post_ok("{\"page\":\"/r/\",\"author\":\"Ann\",\"body\":\"one\"}", "approved", NULL);
	const char *good[] = { "Origin: " ORIGIN, NULL };
	const char *evil[] = { "Origin: https://evil.example", NULL };
	const char *const *who[] = { good, NULL, evil };
	long length = -1;
	for (int i = 0; i < 9; i++) {
		const char *const *h = who[i % 3];
		struct answer a = call(i == 7 ? "HEAD" : "GET", "/api/v1/comments?page=/r/", NULL, h);
		cr_assert_eq(a.status, 200);
		if (h == good)
			cr_expect(has_header(&a, "Access-Control-Allow-Origin: " ORIGIN), "request %d", i);
		else
			cr_expect_not(has_header(&a, "Access-Control-Allow-Origin"), "request %d", i);
		cr_expect(has_header(&a, "Vary: Origin"), "request %d", i);
		const char *cl = strcasestr(a.headers.p, "Content-Length:");
		cr_assert_not_null(cl, "request %d", i);
		long v = atol(cl + strlen("Content-Length:"));
		if (length < 0)
			length = v;
		cr_expect_eq(v, length, "request %d: Content-Length %ld", i, v);
		cr_expect_eq(a.body.len, i == 7 ? 0u : (size_t)length, "request %d", i);
		answer_free(&a);
	}
	post_ok("{\"page\":\"/r/\",\"author\":\"Bo\",\"body\":\"two\"}", "approved", NULL);
	json_t *c = thread("/r/");
	cr_expect_eq(json_array_size(c), 2, "the new comment is served at once");
	json_decref(c);
}

/* The form token from the no-JavaScript page. */
static void form_token(char out[128])
{
	struct answer a = call("GET", "/comments?page=/p/", NULL, NULL);
	cr_assert_eq(a.status, 200);
	const char *t = strstr(a.body.p, "name=\"form_token\" value=\"");
	cr_assert_not_null(t);
	t += strlen("name=\"form_token\" value=\"");
	snprintf(out, 128, "%.*s", (int)strcspn(t, "\""), t);
	answer_free(&a);
}

/* The widget offers "Sign in with GitHub" only when the service can do it:
 * the form token says so (no OAuth App configured here). */
Test(comments, the_form_token_says_whether_github_signin_is_offered)
{
	start("moderation = \"none\"");
	struct answer a = call("GET", "/api/v1/comments/form-token", NULL, NULL);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	cr_expect(json_is_string(json_object_get(a.json, "form_token")));
	cr_expect(json_is_false(json_object_get(a.json, "github_signin")), "%s", a.body.p);
	answer_free(&a);
}

Test(comments, the_plain_form_posts_and_comes_back_to_the_page)
{
	start("moderation = \"none\"\nmin_form_seconds = 2");
	char tok[128], body[512];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	form_token(tok);
	const char *form[] = { "Content-Type: application/x-www-form-urlencoded",
			       "Origin: " ORIGIN, NULL };
	snprintf(body, sizeof body, "page=%%2Fp%%2F&author=Ann&body=Hello+*there*&form_token=%s",
		 tok);
	struct answer a = call("POST", "/api/v1/comments", body, form);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* the token counts whole seconds: within one second it is surely too
	 * quick; a loaded machine may take longer between token and post, and
	 * then the post may pass at once */
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (took < 1.0)
		cr_expect_eq(a.status, 400, "too quick: %s", a.body.p);
	if (a.status == 400) {
		cr_expect(strstr(a.body.p, "too quickly"), "%s", a.body.p);
		answer_free(&a);
		sleep(3);
		a = call("POST", "/api/v1/comments", body, form);
	}
	cr_assert_eq(a.status, 303, "%s", a.body.p);
	cr_expect(has_header(&a, "Location: " ORIGIN "/p/#comment-1"), "%s", a.headers.p);
	answer_free(&a);

	/* from our own thread page: back there; from a stranger: never there */
	snprintf(body, sizeof body, "page=%%2Fp%%2F&author=Bo&body=Two&form_token=%s", tok);
	const char *ours[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	a = call("POST", "/api/v1/comments", body, ours);
	cr_assert_eq(a.status, 303, "%s", a.body.p);
	cr_expect(has_header(&a, "/comments?page=%2Fp%2F&posted=posted#comment-2"), "%s",
		  a.headers.p);
	answer_free(&a);
	snprintf(body, sizeof body, "page=%%2Fp%%2F&author=Cy&body=Three&form_token=%s", tok);
	const char *stranger[] = { "Content-Type: application/x-www-form-urlencoded",
				   "Origin: https://evil.example", NULL };
	a = call("POST", "/api/v1/comments", body, stranger);
	cr_assert_eq(a.status, 303, "%s", a.body.p);
	cr_expect_not(has_header(&a, "evil.example"), "no open redirect: %s", a.headers.p);
	answer_free(&a);

	snprintf(body, sizeof body,
		 "page=%%2Fp%%2F&author=Di&body=Four&return=thread&form_token=%s", tok);
	const char *null_origin[] = { "Content-Type: application/x-www-form-urlencoded",
				      "Origin: null", NULL };
	a = call("POST", "/api/v1/comments", body, null_origin);
	cr_assert_eq(a.status, 303, "%s", a.body.p);
	cr_expect(has_header(&a, "/comments?page=%2Fp%2F&posted=posted#comment-4"),
		  "the no-JS frame sends Origin: null and return=thread: %s", a.headers.p);
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "page=%2Fp%2F&author=Dee&body=No+token", ours);
	cr_expect_eq(a.status, 400);
	cr_expect(has_header(&a, "text/html"));
	cr_expect(strstr(a.body.p, "form_token"));
	answer_free(&a);
	a = call("GET", "/comments?page=/p/&reply=1", NULL, NULL);
	cr_expect(strstr(a.body.p, "name=\"parent\" value=\"1\""));
	cr_expect(strstr(a.body.p, "id=\"comment-1\""));
	answer_free(&a);
	cr_expect_eq(count_rows(), 4);
}

Test(comments, the_client_address_comes_from_trusted_proxies_only)
{
	start("moderation = \"all\"\ntrusted_proxies = [\"127.0.0.0/8\"]\nrate_limit_per_minute = 1");
	const char *via1[] = { "Content-Type: application/json",
			       "X-Forwarded-For: 6.6.6.6, 203.0.113.9", NULL };
	const char *via2[] = { "Content-Type: application/json", "X-Forwarded-For: 203.0.113.10",
			       NULL };
	struct answer a = call("POST", "/api/v1/comments",
			       "{\"page\":\"/p/\",\"author\":\"A\",\"body\":\"one\"}", via1);
	cr_assert_eq(a.status, 201);
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"A\",\"body\":\"two\"}",
		 via1);
	cr_expect_eq(a.status, 429, "same client behind the proxy");
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"B\",\"body\":\"three\"}",
		 via2);
	cr_expect_eq(a.status, 201, "another client behind the same proxy: %s", a.body.p);
	answer_free(&a);
	char cookie[128], csrf[64];
	login(cookie, csrf);
	json_t *q = NULL;
	cr_assert_eq(admin("GET", "/api/v1/admin/comments", NULL, cookie, NULL, &q), 200);
	cr_expect_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(q, "comments"), 0), "client_ip")),
			 "203.0.113.9");
	json_decref(q);
	/* a proxy that appends its own line (HAProxy) rather than merging: the
	 * lines are one list, so the client's own line is not believed */
	const char *spoof1[] = { "Content-Type: application/json", "X-Forwarded-For: 6.6.6.1",
				 "X-Forwarded-For: 203.0.113.11", NULL };
	const char *spoof2[] = { "Content-Type: application/json", "X-Forwarded-For: 6.6.6.2",
				 "X-Forwarded-For: 203.0.113.11", NULL };
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"C\",\"body\":\"four\"}",
		 spoof1);
	cr_expect_eq(a.status, 201, "%s", a.body.p);
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"C\",\"body\":\"five\"}",
		 spoof2);
	cr_expect_eq(a.status, 429, "a new first line made a new client");
	answer_free(&a);
}

/* An IPv6 client holds a /64: rotating through it is still one client. */
Test(comments, an_ipv6_client_is_limited_by_its_64)
{
	start("moderation = \"all\"\ntrusted_proxies = [\"127.0.0.0/8\"]\nrate_limit_per_minute = 1");
	const char *one[] = { "Content-Type: application/json",
			      "X-Forwarded-For: 2001:db8:1:2::1", NULL };
	const char *same[] = { "Content-Type: application/json",
			       "X-Forwarded-For: 2001:db8:1:2:dead:beef:0:7", NULL };
	const char *other[] = { "Content-Type: application/json",
				"X-Forwarded-For: 2001:db8:1:3::1", NULL };
	struct answer a = call("POST", "/api/v1/comments",
			       "{\"page\":\"/p/\",\"author\":\"A\",\"body\":\"one\"}", one);
	cr_assert_eq(a.status, 201, "%s", a.body.p);
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"A\",\"body\":\"two\"}",
		 same);
	cr_expect_eq(a.status, 429, "another address of the same /64: %s", a.body.p);
	answer_free(&a);
	a = call("POST", "/api/v1/comments", "{\"page\":\"/p/\",\"author\":\"B\",\"body\":\"three\"}",
		 other);
	cr_expect_eq(a.status, 201, "the next /64 is another client: %s", a.body.p);
	answer_free(&a);
}

/* A one-shot HTTP receiver for the notification. */
struct hook {
	int fd;
	unsigned port;
	char got[8192];
};

static void *hook_run(void *arg)
{
	struct hook *h = arg;
	int c = accept(h->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof h->got - 1 && (r = read(c, h->got + n, sizeof h->got - 1 - n)) > 0) {
		n += (size_t)r;
		h->got[n] = '\0';
		const char *end = strstr(h->got, "\r\n\r\n");
		const char *cl = strcasestr(h->got, "Content-Length: ");
		if (end && cl && n >= (size_t)(end + 4 - h->got) + (size_t)atoi(cl + 16))
			break;
	}
	const char *ok = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
	cr_assert_eq(write(c, ok, strlen(ok)), (ssize_t)strlen(ok));
	close(c);
	return NULL;
}

Test(comments, a_waiting_comment_is_announced_to_the_notify_url)
{
	static struct hook h;
	memset(&h, 0, sizeof h);
	h.fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	cr_assert_eq(bind(h.fd, (struct sockaddr *)&sa, sizeof sa), 0);
	cr_assert_eq(listen(h.fd, 1), 0);
	getsockname(h.fd, (struct sockaddr *)&sa, &len);
	h.port = ntohs(sa.sin_port);
	pthread_t t;
	pthread_create(&t, NULL, hook_run, &h);
	char conf[160];
	snprintf(conf, sizeof conf, "moderation = \"all\"\nnotify_url = \"http://127.0.0.1:%u/hook\"",
		 h.port);
	start(conf);
	post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"email\":\"ann@x.org\",\"body\":\"hi\"}",
		"pending", NULL);
	pthread_join(t, NULL);
	close(h.fd);
	cr_assert(strstr(h.got, "POST /hook "), "%s", h.got);
	const char *json = strstr(h.got, "\r\n\r\n");
	cr_assert_not_null(json);
	json_t *j = json_loads(json + 4, 0, NULL);
	cr_assert_not_null(j, "%s", json);
	cr_expect_str_eq(json_string_value(json_object_get(j, "event")), "comment.pending");
	json_t *c = json_object_get(j, "comment");
	cr_expect_str_eq(json_string_value(json_object_get(c, "page")), "/p/");
	cr_expect_str_eq(json_string_value(json_object_get(c, "body")), "hi");
	cr_expect(strstr(json_string_value(json_object_get(j, "moderate_url")), "/admin"));
	json_decref(j);
}

Test(comments, reads_previews_and_bulk_refuse_bad_input)
{
	start("moderation = \"none\"\nmax_length = 20");
	char t[128], auth[160], path[64];
	int64_t id = post_ok("{\"page\":\"/p/\",\"author\":\"Ann\",\"body\":\"short\"}", "approved", t);

	struct buf many = BUF_INIT;
	buf_adds(&many, "/api/v1/comments/counts?page=/a/");
	for (int i = 0; i < 100; i++)
		buf_adds(&many, "&page=/a/");
	struct answer a = call("GET", many.p, NULL, NULL);
	cr_expect_eq(a.status, 400, "101 pages");
	answer_free(&a);
	buf_release(&many);
	a = call("GET", "/api/v1/comments/counts?page=/a/&page=no-slash", NULL, NULL);
	cr_expect_eq(a.status, 400);
	cr_expect_str_eq(field_of(&a), "page");
	answer_free(&a);
	a = call("GET", "/api/v1/comments?page=/a/../..", NULL, NULL);
	cr_expect_eq(a.status, 400);
	answer_free(&a);
	a = call("GET", "/feeds/comments.atom?page=nope", NULL, NULL);
	cr_expect_eq(a.status, 400);
	answer_free(&a);
	/* a reply target that is not an id: the plain form, not an error */
	a = call("GET", "/comments?page=/p/&reply=1%20OR%201", NULL, NULL);
	cr_expect_eq(a.status, 200);
	answer_free(&a);
	/* 100 pages is the counts limit, and within the parameter cap */
	buf_adds(&many, "/api/v1/comments/counts?page=/a/");
	for (int i = 0; i < 99; i++)
		buf_adds(&many, "&page=/a/");
	a = call("GET", many.p, NULL, NULL);
	cr_expect_eq(a.status, 200, "100 pages");
	answer_free(&a);
	buf_release(&many);
	a = call("GET", "/comments", NULL, NULL);
	cr_expect_eq(a.status, 400, "the thread page needs a page");
	cr_expect(has_header(&a, "text/html"));
	answer_free(&a);

	/* the widget's preview renders as a comment is shown */
	const char *json[] = { "Content-Type: application/json", "Origin: " ORIGIN, NULL };
	a = call("POST", "/api/v1/preview",
		 "{\"markdown\":\"![x](https://evil.example/p.png) [d](https://docs.rs)\",\"comment\":true}",
		 json);
	cr_assert_eq(a.status, 200, "%s", a.body.p);
	const char *html = json_string_value(json_object_get(a.json, "html"));
	cr_expect_null(strstr(html, "<img"), "%s", html);
	cr_expect(strstr(html, "rel=\"nofollow ugc noopener\""), "%s", html);
	cr_expect(has_header(&a, "Access-Control-Allow-Origin: " ORIGIN));
	answer_free(&a);

	/* an edit is held to the same rules as a new comment */
	snprintf(path, sizeof path, "/api/v1/comments/%lld", (long long)id);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", t);
	const char *h[] = { "Content-Type: application/json", auth, NULL };
	a = call("PATCH", path, "{\"body\":\"far more than twenty characters\"}", h);
	cr_expect_eq(a.status, 400);
	cr_expect_str_eq(field_of(&a), "body");
	answer_free(&a);
	a = call("PATCH", path, "{\"body\":7}", h);
	cr_expect_eq(a.status, 400);
	answer_free(&a);
	a = call("PATCH", "/api/v1/comments/abc", "{\"body\":\"x\"}", h);
	cr_expect_eq(a.status, 404);
	answer_free(&a);

	char cookie[128], csrf[64];
	login(cookie, csrf);
	cr_expect_eq(admin("POST", "/api/v1/admin/comments/bulk", "{\"action\":\"spam\",\"ids\":7}",
			   cookie, csrf, NULL), 400);
	cr_expect_eq(admin("POST", "/api/v1/admin/comments/bulk", "{\"action\":\"spam\",\"ids\":[0]}",
			   cookie, csrf, NULL), 400);
	cr_expect_eq(admin("POST", "/api/v1/admin/comments/bulk", "{\"action\":\"spam\",\"ids\":[]}",
			   cookie, csrf, NULL), 400);
	json_t *c = thread("/p/");
	cr_expect_eq(json_array_size(c), 1, "nothing changed");
	json_decref(c);
}
