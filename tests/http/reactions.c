/* reactions.c: readers' reactions against the real binary — one per reader
 * per reaction (add and undo idempotent), anonymous readers by their
 * signed token, refusals that name what is wrong, the per-network limit,
 * the counts in the cached thread (dropped on every change), the
 * no-JavaScript page's forms, and a deleted comment taking its reactions
 * along.  GitHub-signed readers: tests/http/github_signin.c. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/admin_session.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_reactions_token"
#define PAGE "/this-month/2026-11/"

static struct bed bed;

static void start(const char *comments)
{
	bed_open(&bed, "react", TOKEN);
	char lines[512];
	snprintf(lines, sizeof lines, "min_form_seconds = 0\nrate_limit_per_minute = 0\n%s\n",
		 comments);
	bed_config(&bed, "comments", lines);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(reactions, .fini = teardown, .timeout = 60);

static long call(const char *method, const char *path, const char *body, const char *const *h,
		 struct http_result *res)
{
	cr_assert_eq(http_do(method, bed.d.port, path, body, body ? strlen(body) : 0, h, 0, res),
		     0);
	return res->status;
}

/* A reaction by the reader holding token (NULL: a new one): the answer. */
static json_t *react(const char *method, int64_t comment, const char *content,
		     const char *token, long want)
{
	char body[512], target[32] = "";
	if (comment)
		snprintf(target, sizeof target, ",\"comment\":%lld", (long long)comment);
	snprintf(body, sizeof body, "{\"page\":\"%s\"%s,\"content\":\"%s\"%s%s%s}", PAGE, target,
		 content, token ? ",\"reader_token\":\"" : "", token ? token : "",
		 token ? "\"" : "");
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(call(method, "/api/v1/reactions", body, h, &res), want, "%s %s: %s", method,
		     body, res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	http_result_free(&res);
	cr_assert_not_null(j);
	return j;
}

/* j's member (an object or a list) as compact JSON, keys sorted. */
static void member_is(json_t *j, const char *name, const char *want)
{
	char *got = json_dumps(json_object_get(j, name), JSON_COMPACT | JSON_SORT_KEYS |
							      JSON_ENCODE_ANY);
	cr_assert_str_eq(got, want, "%s", name);
	free(got);
}

static int64_t comment(const char *author)
{
	char body[256];
	snprintf(body, sizeof body, "{\"page\":\"%s\",\"author\":\"%s\",\"body\":\"by %s\"}", PAGE,
		 author, author);
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(call("POST", "/api/v1/comments", body, h, &res), 201, "%s", res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_result_free(&res);
	return id;
}

static json_t *thread(void)
{
	struct http_result res;
	cr_assert_eq(call("GET", "/api/v1/comments?page=" PAGE, NULL, NULL, &res), 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	http_result_free(&res);
	return j;
}

static int first_int(void *out, int n, char **v, char **names)
{
	(void)names;
	*(int *)out = n > 0 && v[0] ? atoi(v[0]) : -1;
	return 0;
}

/* The one number a SELECT gives, read straight from the database. */
static int rows(const char *sql)
{
	sqlite3 *h = NULL;
	int n = -1;
	cr_assert_eq(sqlite3_open(bed.db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	cr_assert_eq(sqlite3_exec(h, sql, first_int, &n, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
	sqlite3_close(h);
	return n;
}

Test(reactions, one_per_reader_per_reaction_and_undo_is_idempotent)
{
	start("moderation = \"none\"");
	/* the first reaction hands the reader their token */
	json_t *a = react("POST", 0, "+1", NULL, 200);
	const char *t = json_string_value(json_object_get(a, "reader_token"));
	cr_assert(t && strlen(t) == 64, "a token for the new reader");
	char ann[80];
	snprintf(ann, sizeof ann, "%s", t);
	member_is(a, "reactions", "{\"+1\":1}");
	member_is(a, "mine", "[\"+1\"]");
	json_decref(a);
	/* the same again: nothing changes, no new token */
	a = react("POST", 0, "+1", ann, 200);
	member_is(a, "reactions", "{\"+1\":1}");
	cr_assert_null(json_object_get(a, "reader_token"));
	json_decref(a);
	json_decref(react("POST", 0, "rocket", ann, 200));
	/* another reader: their own +1 counts, the first one's rocket is not theirs */
	a = react("POST", 0, "+1", NULL, 200);
	member_is(a, "reactions", "{\"+1\":2,\"rocket\":1}");
	member_is(a, "mine", "[\"+1\"]");
	json_decref(a);
	/* undo, twice: the second changes nothing */
	a = react("DELETE", 0, "+1", ann, 200);
	member_is(a, "reactions", "{\"+1\":1,\"rocket\":1}");
	member_is(a, "mine", "[\"rocket\"]");
	json_decref(a);
	a = react("DELETE", 0, "+1", ann, 200);
	member_is(a, "reactions", "{\"+1\":1,\"rocket\":1}");
	json_decref(a);
	/* a token that is not ours is a new reader, never someone else */
	char forged[80];
	snprintf(forged, sizeof forged, "%s", ann);
	forged[10] = forged[10] == 'A' ? 'B' : 'A';
	a = react("DELETE", 0, "rocket", forged, 200);
	member_is(a, "reactions", "{\"+1\":1,\"rocket\":1}");
	json_decref(a);
	/* which are mine, asked apart from the shared thread */
	char body[256];
	snprintf(body, sizeof body, "{\"page\":\"%s\",\"reader_token\":\"%s\"}", PAGE, ann);
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(call("POST", "/api/v1/reactions/mine", body, h, &res), 200, "%s", res.body.p);
	json_t *m = json_loads(res.body.p, 0, NULL);
	member_is(m, "mine", "{\"comments\":{},\"page\":[\"rocket\"]}");
	json_decref(m);
	http_result_free(&res);
	/* the database keeps a hash of the reader, never the token */
	cr_assert_eq(rows("SELECT count(*) FROM reactions WHERE reactor LIKE 'anon:%'"), 2);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reactions WHERE instr(reactor, '%.20s')",
		 ann);
	cr_assert_eq(rows(sql), 0);
}

Test(reactions, refusals_name_what_is_wrong)
{
	start("moderation = \"first-time\"");
	json_t *e = react("POST", 0, "smile", NULL, 400);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(e, "error"), "field")),
			 "content");
	json_decref(e);
	json_decref(react("POST", 987654, "+1", NULL, 404));
	/* a comment waiting for a moderator takes no reactions yet */
	int64_t pending = comment("Ann");
	json_decref(react("POST", pending, "heart", NULL, 404));
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(call("POST", "/api/v1/reactions", "{\"content\":\"+1\"}", h, &res), 400);
	cr_assert(strstr(res.body.p, "\"field\":\"page\""), "%s", res.body.p);
	http_result_free(&res);
	cr_assert_eq(call("POST", "/api/v1/reactions", "{\"page\":\"/p/\",\"content\":\"+1\","
			  "\"emoji\":1}", h, &res), 400);
	cr_assert(strstr(res.body.p, "unknown field"), "%s", res.body.p);
	http_result_free(&res);
	cr_assert_eq(rows("SELECT count(*) FROM reactions"), 0, "nothing stored");
}

Test(reactions, the_limit_counts_per_network)
{
	start("moderation = \"none\"\nreactions_per_minute = 3");
	json_t *a = react("POST", 0, "+1", NULL, 200);
	char t[80];
	snprintf(t, sizeof t, "%s", json_string_value(json_object_get(a, "reader_token")));
	json_decref(a);
	/* a refusal gives its try back */
	json_decref(react("POST", 0, "nope", t, 400));
	json_decref(react("DELETE", 0, "+1", t, 200));
	json_decref(react("POST", 0, "eyes", t, 200));
	const char *h[] = { "Content-Type: application/json", NULL };
	char body[256];
	snprintf(body, sizeof body, "{\"page\":\"%s\",\"content\":\"heart\",\"reader_token\":\"%s\"}",
		 PAGE, t);
	struct http_result res;
	cr_assert_eq(call("POST", "/api/v1/reactions", body, h, &res), 429, "%s", res.body.p);
	struct buf wait = BUF_INIT;
	cr_assert_eq(http_header(&res, "Retry-After", &wait), 0);
	cr_assert(atoi(wait.p) >= 1);
	buf_release(&wait);
	http_result_free(&res);
	/* a new token is no way around it: the limit is the network's */
	json_decref(react("POST", 0, "laugh", NULL, 429));
	cr_assert_eq(rows("SELECT count(*) FROM reactions"), 1);
}

Test(reactions, counts_are_in_the_cached_thread_and_every_change_drops_it)
{
	start("moderation = \"none\"");
	int64_t id = comment("Ann");
	int64_t other = comment("Bo");
	json_t *a = react("POST", id, "heart", NULL, 200);
	char t[80];
	snprintf(t, sizeof t, "%s", json_string_value(json_object_get(a, "reader_token")));
	json_decref(a);
	for (int i = 0; i < 3; i++) {
		json_decref(thread());   /* read, and so cached */
		const char *content = i == 1 ? "hooray" : "heart";
		json_decref(react(i == 2 ? "DELETE" : "POST", i == 1 ? 0 : id, content, t, 200));
		json_t *j = thread();
		json_t *c = json_array_get(json_object_get(j, "comments"), 0);
		cr_assert_eq(json_integer_value(json_object_get(c, "id")), id);
		member_is(c, "reactions", i == 2 ? "{}" : "{\"heart\":1}");
		member_is(j, "reactions", i == 0 ? "{}" : "{\"hooray\":1}");
		member_is(json_array_get(json_object_get(j, "comments"), 1), "reactions", "{}");
		json_decref(j);
	}
	/* deleting a comment takes its reactions with it */
	json_decref(react("POST", other, "eyes", t, 200));
	cr_assert_eq(rows("SELECT count(*) FROM reactions WHERE comment_id IS NOT NULL"), 1);
	bed_cli(&bed, "user add phil", "correct horse battery staple\\n", 0);
	struct admin_session admin;
	admin_sign_in(&admin, bed.d.port, "phil", "correct horse battery staple");
	char path[64];
	struct http_result res;
	/* a comment marked spam shows no reactions, and takes none */
	json_decref(react("POST", id, "heart", t, 200));
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld/spam", (long long)id);
	cr_assert_eq(admin_call(&admin, "POST", path, NULL, &res), 200, "%s", res.body.p);
	http_result_free(&res);
	json_decref(react("POST", id, "heart", t, 404));
	json_t *j = thread();
	cr_assert_eq(json_array_size(json_object_get(j, "comments")), 1);
	member_is(json_array_get(json_object_get(j, "comments"), 0), "reactions", "{\"eyes\":1}");
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/admin/comments/%lld", (long long)other);
	cr_assert_eq(admin_call(&admin, "DELETE", path, NULL, &res), 204, "%s", res.body.p);
	http_result_free(&res);
	/* the deleted one's reaction is gone; the spam one's stays, unseen */
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reactions WHERE comment_id = %lld",
		 (long long)other);
	cr_assert_eq(rows(sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reactions WHERE comment_id = %lld",
		 (long long)id);
	cr_assert_eq(rows(sql), 1);
}

/* The value of name="reaction_token" in the n-th reaction form of a page. */
static void reaction_token(const char *html, int n, char *out, size_t cap)
{
	const char *p = html;
	for (int i = 0; i <= n; i++) {
		p = strstr(p, "<form class=\"nd-reactions\"");
		cr_assert_not_null(p, "reaction form %d", i);
		p++;
	}
	p = strstr(p, "name=\"reaction_token\" value=\"");
	cr_assert_not_null(p);
	p += strlen("name=\"reaction_token\" value=\"");
	snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
}

static void page_html(const char *cookie, struct http_result *res)
{
	const char *h[] = { cookie, NULL };
	cr_assert_eq(call("GET", "/comments?page=" PAGE, NULL, cookie ? h : NULL, res), 200);
}

Test(reactions, the_no_js_page_shows_counts_and_its_forms_react)
{
	start("moderation = \"none\"");
	int64_t id = comment("Ann");
	json_decref(react("POST", id, "laugh", NULL, 200));
	struct http_result res;
	page_html(NULL, &res);
	cr_assert(strstr(res.body.p, "aria-label=\"laugh: 1\">😄<span class=\"nd-count\">1</span>"),
		  "%s", res.body.p);
	char ft[128];
	reaction_token(res.body.p, 1, ft, sizeof ft);   /* the comment's form */
	http_result_free(&res);
	char form[512];
	snprintf(form, sizeof form, "page=%%2Fthis-month%%2F2026-11%%2F&comment=%lld&reaction_token=%s"
				    "&content=laugh", (long long)id, ft);
	const char *hf[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	cr_assert_eq(call("POST", "/api/v1/reactions", form, hf, &res), 303, "%s", res.body.p);
	struct buf loc = BUF_INIT, set = BUF_INIT;
	cr_assert_eq(http_header(&res, "Location", &loc), 0);
	char want[64];
	snprintf(want, sizeof want, "#comment-%lld", (long long)id);
	cr_assert(strstr(loc.p, "/comments?page=%2Fthis-month%2F2026-11%2F") &&
		  strstr(loc.p, want), "%s", loc.p);
	cr_assert_eq(http_header(&res, "Set-Cookie", &set), 0);
	cr_assert(strncmp(set.p, "nd_reader=", 10) == 0 && strstr(set.p, "HttpOnly"), "%s", set.p);
	char cookie[160];
	snprintf(cookie, sizeof cookie, "Cookie: %.*s", (int)strcspn(set.p, ";"), set.p);
	http_result_free(&res);
	/* that form's token was made before the reader had one: with the
	 * reader's cookie it is no longer theirs (another site's form could
	 * carry such a token) */
	const char *hc[] = { hf[0], cookie, NULL };
	cr_assert_eq(call("POST", "/api/v1/reactions", form, hc, &res), 400, "%s", res.body.p);
	http_result_free(&res);
	/* back on the page: two now, the reader's pressed, and undone by its form */
	page_html(cookie, &res);
	cr_assert(strstr(res.body.p, "name=\"undo\" value=\"laugh\" aria-pressed=\"true\""), "%s",
		  res.body.p);
	cr_assert(strstr(res.body.p, "aria-label=\"laugh: 2, yours\""), "%s", res.body.p);
	reaction_token(res.body.p, 1, ft, sizeof ft);
	http_result_free(&res);
	snprintf(form, sizeof form, "page=%%2Fthis-month%%2F2026-11%%2F&comment=%lld&reaction_token=%s"
				    "&undo=laugh", (long long)id, ft);
	cr_assert_eq(call("POST", "/api/v1/reactions", form, hc, &res), 303, "%s", res.body.p);
	http_result_free(&res);
	/* a form made for this reader is no use to another (a site forging it) */
	snprintf(form, sizeof form, "page=%%2Fthis-month%%2F2026-11%%2F&reaction_token=%s"
				    "&content=eyes", ft);
	cr_assert_eq(call("POST", "/api/v1/reactions", form, hf, &res), 400);
	cr_assert(strstr(res.body.p, "Your reaction was not saved") &&
		  strstr(res.body.p, "reaction_token"), "%s", res.body.p);
	http_result_free(&res);
	page_html(cookie, &res);
	cr_assert(strstr(res.body.p, "aria-label=\"laugh: 1\""), "%s", res.body.p);
	http_result_free(&res);
	json_t *j = thread();
	member_is(json_array_get(json_object_get(j, "comments"), 0), "reactions", "{\"laugh\":1}");
	json_decref(j);
	buf_release(&loc);
	buf_release(&set);
}
