/* content_safety.c: what a hostile text gets from the real binary — every
 * render bounded (a 400 naming the field, never a 500, an abort or a huge
 * answer), previews limited per address, characters that break UTF-8 or
 * XML never stored, and one pull request per entry: a twin is a 409 that
 * links the first one, and approval refuses what the draft already has.
 * (What reaches the newsletter is judged by tests/hostile/battery.py.) */
#include <criterion/criterion.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "markdown/markdown.h"
#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_safety_token"
#define SECRET "safety-webhook-secret"
#define PASSWORD "correct horse battery staple"

static struct bed bed;

static void setup(void)
{
	bed_open(&bed, "safe", TOKEN);
	bed_cli(&bed, "user add phil", PASSWORD "\\n", 0);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_WEBHOOK_SECRET=" SECRET, NULL };
	bed_start(&bed, env);
	bed_webhook(&bed, SECRET);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0, "newsdesk did not stop cleanly");
}

TestSuite(content_safety, .init = setup, .fini = teardown, .timeout = 90);

struct answer {
	long status;
	json_t *json;
	size_t size;
	char retry_after[16];
};

static struct answer call(const char *method, const char *path, const char *body,
			  const char *const *headers)
{
	const char *h[6] = { "Content-Type: application/json" };
	for (int i = 0; headers && headers[i] && i < 4; i++)
		h[i + 1] = headers[i];
	struct http_result res;
	cr_assert_eq(http_do(method, bed.d.port, path, body, body ? strlen(body) : 0, h, 0, &res), 0);
	struct answer a = { .status = res.status, .size = res.body.len };
	a.json = json_loads(res.body.p ? res.body.p : "", 0, NULL);
	struct buf ra = BUF_INIT;
	if (http_header(&res, "Retry-After", &ra) == 0)
		snprintf(a.retry_after, sizeof a.retry_after, "%s", ra.p);
	buf_release(&ra);
	http_result_free(&res);
	return a;
}

static const char *err_field(const struct answer *a)
{
	return json_string_value(json_object_get(json_object_get(a->json, "error"), "field"));
}

static const char *err_code(const struct answer *a)
{
	return json_string_value(json_object_get(json_object_get(a->json, "error"), "code"));
}

/* {"markdown": md} as JSON text, md built from a repeated piece. */
static char *preview_body(const char *head, const char *piece, size_t times, const char *tail)
{
	struct buf md = BUF_INIT;
	buf_adds(&md, head);
	for (size_t i = 0; i < times; i++)
		buf_adds(&md, piece);
	buf_adds(&md, tail);
	json_t *o = json_pack("{s:s%}", "markdown", md.p, md.len);
	char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	buf_release(&md);
	return text;
}

Test(content_safety, every_preview_is_bounded_and_says_what_was_wrong)
{
	struct {
		const char *what, *head, *piece, *tail;
		size_t times;
		long status;
	} cases[] = {
		/* a 20 KB header of 5000 columns padded into 300 rows: 15 MB before */
		{ "wide table", "", "|a", "|\n|-|-|\n" "x\n", 5000, 400 },
		{ "tall padded table", "|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|a|\n"
		  "|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|\n", "x\n", "", 10000, 400 },
		{ "deep quotes", "", ">", "a", 40000, 400 },
		{ "deep lists", "", "- ", "a", 20000, 400 },
		{ "links in image text", "", "![[]()", "", 7000, 400 },
		{ "emphasis runs", "", "*a", "", 20000, 200 },
		{ "many links", "", "[a](https://example.com/) ", "", 1500, 200 },
		{ "backticks", "", "`", "", 40000, 200 },
		{ "email autolinks", "", "x@x.", "", 10000, 400 },
		{ "U+FFFF", "x ", "&#xFFFF;", " y", 1, 400 },
		{ "U+FFFE", "x ", "&#xFFFE;", " y", 1, 400 },
		{ "control character", "x ", "&#1;", " y", 1, 400 },
		{ "too long", "", "a", "", MARKDOWN_MAX_BYTES + 1, 400 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *body = preview_body(cases[i].head, cases[i].piece, cases[i].times,
					  cases[i].tail);
		struct answer a = call("POST", "/api/v1/preview", body, NULL);
		cr_expect_eq(a.status, cases[i].status, "%s: %ld", cases[i].what, a.status);
		if (a.status == 400) {
			cr_expect_str_eq(err_field(&a), "markdown", "%s", cases[i].what);
			cr_expect_lt(a.size, 1024, "%s: a refusal is short", cases[i].what);
		} else {
			size_t in = strlen(body);
			cr_expect_leq(a.size, MARKDOWN_OUT_FACTOR * in + MARKDOWN_OUT_SLACK + 64,
				      "%s: %zu bytes out of %zu", cases[i].what, a.size, in);
		}
		json_decref(a.json);
		free(body);
	}
	/* still serving */
	struct answer h = call("GET", "/healthz", NULL, NULL);
	cr_expect_eq(h.status, 200);
	json_decref(h.json);
}

Test(content_safety, previews_are_limited_per_address)
{
	long last = 0;
	int ok = 0;
	for (int i = 0; i < 200 && last != 429; i++) {
		struct answer a = call("POST", "/api/v1/preview", "{\"markdown\":\"*hi*\"}", NULL);
		last = a.status;
		ok += a.status == 200;
		if (a.status == 429) {
			cr_expect_str_eq(err_code(&a), "rate_limited");
			cr_expect_neq(a.retry_after[0], '\0', "429 without Retry-After");
		}
		json_decref(a.json);
	}
	cr_expect_eq(last, 429);
	cr_expect_eq(ok, 120, "%d previews passed", ok);
}

#define GOOD "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\"," \
	     "\"body\":\"A USB 3 driver.\",\"author\":\"octo-cat\"}"

Test(content_safety, poison_characters_are_refused_before_anything_is_stored)
{
	const char *bad[] = {
		"{\"section\":\"Other Projects\",\"name\":\"x\",\"url\":\"https://x.org\","
		"\"body\":\"a &#xFFFF; b\",\"author\":\"octo\"}",
		"{\"section\":\"Other Projects\",\"block\":\"### [x](https://x.org)\\n\\n&#xFFFE;\","
		"\"author\":\"octo\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct answer a = call("POST", "/api/v1/submissions", bad[i], NULL);
		cr_expect_eq(a.status, 400, "%s", bad[i]);
		cr_expect_not_null(err_field(&a), "%s", bad[i]);
		json_decref(a.json);
	}
	const char *comments[] = {
		"{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"x &#xFFFF; y\"}",
		"{\"page\":\"/p/\",\"author\":\"a\\uFFFF\",\"body\":\"fine\"}",
		"{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"\\uFFFE\"}",
	};
	for (size_t i = 0; i < sizeof comments / sizeof *comments; i++) {
		struct answer a = call("POST", "/api/v1/comments", comments[i], NULL);
		cr_expect_eq(a.status, 400, "%s", comments[i]);
		json_decref(a.json);
	}
	/* a 10 KB comment cannot become megabytes of stored HTML */
	char *body = preview_body("", "> ", 5000, "a");
	json_t *o = json_loads(body, 0, NULL);
	json_t *c = json_pack("{s:s,s:s,s:O}", "page", "/p/", "author", "b", "body",
			      json_object_get(o, "markdown"));
	char *text = json_dumps(c, JSON_COMPACT);
	struct answer a = call("POST", "/api/v1/comments", text, NULL);
	cr_expect(a.status == 400 || (a.status == 201 && a.size < 200 * 1024), "%ld, %zu bytes",
		  a.status, a.size);
	json_decref(a.json);
	free(text);
	json_decref(c);
	json_decref(o);
	free(body);
	struct answer feed = call("GET", "/feeds/comments.atom", NULL, NULL);
	cr_expect_eq(feed.status, 200);
	json_decref(feed.json);
}

static void login(char cookie[128], char csrf[64])
{
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	const char *body = "{\"username\":\"phil\",\"password\":\"" PASSWORD "\"}";
	cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/admin/login", body, strlen(body), h, 0, &res),
		     0);
	cr_assert_eq(res.status, 200);
	struct buf sc = BUF_INIT;
	http_header(&res, "Set-Cookie", &sc);
	snprintf(cookie, 128, "Cookie: %.*s", (int)strcspn(sc.p, ";"), sc.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	snprintf(csrf, 64, "X-CSRF-Token: %s", json_string_value(json_object_get(j, "csrf_token")));
	json_decref(j);
	buf_release(&sc);
	http_result_free(&res);
}

Test(content_safety, one_entry_one_submission_one_pull_request)
{
	struct answer first = call("POST", "/api/v1/submissions", GOOD, NULL);
	cr_assert_eq(first.status, 201);
	const char *url = json_string_value(json_object_get(first.json, "status_url"));
	/* the same entry, spaced differently: a 409; the first one's status
	 * link is its submitter's key, not shown to whoever sends the same */
	const char *spaced = "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://github.com/a/xhci\","
			     "\"body\":\"A  USB 3\\ndriver.\\n\\n\",\"author\":\"octo-cat\"}";
	struct answer twin = call("POST", "/api/v1/submissions", spaced, NULL);
	cr_expect_eq(twin.status, 409);
	cr_expect_str_eq(err_code(&twin), "duplicate");
	json_t *e = json_object_get(twin.json, "error");
	cr_expect_null(json_object_get(e, "status_url"));
	cr_expect(url && !strstr(json_string_value(json_object_get(e, "message")), url),
		  "the private link leaked: %s", json_string_value(json_object_get(e, "message")));
	cr_expect_eq(json_integer_value(json_object_get(e, "id")),
		     json_integer_value(json_object_get(first.json, "id")));
	json_decref(twin.json);

	/* an edit that makes another submission the same entry is refused too */
	char cookie[128], csrf[64];
	login(cookie, csrf);
	const char *auth[] = { cookie, csrf, NULL };
	struct answer other = call("POST", "/api/v1/submissions",
				   "{\"section\":\"Other Projects\",\"name\":\"ehci\",\"url\":"
				   "\"https://github.com/a/xhci\",\"body\":\"A USB 3 driver.\","
				   "\"author\":\"octo-cat\"}", NULL);
	cr_assert_eq(other.status, 201);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld",
		 (long long)json_integer_value(json_object_get(other.json, "id")));
	struct answer edit = call("PATCH", path, "{\"name\":\"xhci\"}", auth);
	cr_expect_eq(edit.status, 409);
	cr_expect_str_eq(err_code(&edit), "duplicate");
	json_decref(edit.json);

	/* once the draft holds the entry, approving it is refused */
	char *text = standin_file(bed.gh, "next", DAEMON_DRAFT);
	cr_assert_not_null(text);
	struct buf changed = BUF_INIT;
	const char *anchor = "<span class=\"gray\">No projects updates were submitted this month.</span>";
	const char *at = strstr(text, anchor);
	cr_assert_not_null(at);
	buf_add(&changed, text, (size_t)(at - text));
	buf_adds(&changed, "### [`xhci`](https://github.com/a/xhci)\n\nA USB 3 driver.\n");
	buf_adds(&changed, at + strlen(anchor));
	standin_commit(bed.gh, "next", "an editor adds it by hand", DAEMON_DRAFT, changed.p);
	char diff[96], approve[96];
	snprintf(diff, sizeof diff, "/api/v1/admin/submissions/%lld/diff",
		 (long long)json_integer_value(json_object_get(first.json, "id")));
	snprintf(approve, sizeof approve, "/api/v1/admin/submissions/%lld/approve",
		 (long long)json_integer_value(json_object_get(first.json, "id")));
	bool already = false;
	for (int i = 0; i < 200 && !already; i++) {
		struct answer a = call("GET", diff, NULL, auth);
		already = json_is_true(json_object_get(a.json, "already"));
		json_decref(a.json);
		if (!already)
			usleep(25 * 1000);
	}
	cr_assert(already, "the webhook did not refresh the draft");
	struct answer ap = call("POST", approve, "{}", auth);
	cr_expect_eq(ap.status, 409);
	cr_expect_str_eq(err_code(&ap), "already_in_draft");
	json_decref(ap.json);
	cr_expect_eq(standin_pulls_total(bed.gh), 0);
	buf_release(&changed);
	free(text);
	json_decref(other.json);
	json_decref(first.json);
}
