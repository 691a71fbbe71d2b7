/* client_requests.c: the GitHub client — required headers, base64 with line
 * breaks, and how every kind of answer is classified (enum gh_kind: ok,
 * not found, exists, no change, invalid, conflict, rate limited with the
 * wait GitHub asked for, unavailable, refused), through the wire and as a
 * table. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "github/client.h"
#include "support/test_server.h"

static struct http_server *srv;
static unsigned port;

static int h_contents(struct req *r, struct resp *rs)
{
	const char *ua = req_header(r, "User-Agent");
	const char *auth = req_header(r, "Authorization");
	const char *acc = req_header(r, "Accept");
	const char *ver = req_header(r, "X-GitHub-Api-Version");
	if (!ua || strncmp(ua, "newsdesk/", 9) != 0) {
		resp_json(rs, 403, json_pack("{s:s}", "message", "Request forbidden by administrative rules. Please make sure your request has a User-Agent header"));
		return 0;
	}
	if (!auth || strcmp(auth, "Bearer t0ken") != 0) {
		resp_json(rs, 401, json_pack("{s:s,s:s}", "message", "Requires authentication",
					     "documentation_url", "https://docs.github.com/rest"));
		return 0;
	}
	if (!acc || strcmp(acc, "application/vnd.github+json") != 0 || !ver ||
	    strcmp(ver, "2022-11-28") != 0) {
		resp_json(rs, 400, json_pack("{s:s}", "message", "bad accept or version"));
		return 0;
	}
	/* 100 bytes of text, base64 with a newline every 60 characters */
	struct buf text = BUF_INIT, b64 = BUF_INIT, wrapped = BUF_INIT;
	for (int i = 0; i < 10; i++)
		buf_adds(&text, "## line é\n");
	gh_base64_encode(text.p, text.len, &b64);
	for (size_t i = 0; i < b64.len; i += 60) {
		buf_add(&wrapped, b64.p + i, b64.len - i < 60 ? b64.len - i : 60);
		buf_addc(&wrapped, '\n');
	}
	resp_json(rs, 200, json_pack("{s:s,s:s,s:s}", "type", "file", "encoding", "base64",
				     "content", wrapped.p));
	buf_release(&text);
	buf_release(&b64);
	buf_release(&wrapped);
	return 0;
}

static int h_echo(struct req *r, struct resp *rs)
{
	size_t n;
	const char *b = req_body(r, &n);
	json_t *got = json_loadb(b, n, 0, NULL);
	const char *ct = req_header(r, "Content-Type");
	resp_json(rs, 201, json_pack("{s:o,s:s}", "got", got ? got : json_null(),
				     "content_type", ct ? ct : ""));
	return 0;
}

static int h_retry_after(struct req *r, struct resp *rs)
{
	(void)r;
	resp_json(rs, 403, json_pack("{s:s}", "message", "You have exceeded a secondary rate limit"));
	resp_header(rs, "retry-after", "7");
	return 0;
}

static int h_quota(struct req *r, struct resp *rs)
{
	(void)r;
	char reset[32];
	snprintf(reset, sizeof reset, "%lld", (long long)time(NULL) + 30);
	resp_json(rs, 403, json_pack("{s:s}", "message", "API rate limit exceeded"));
	resp_header(rs, "x-ratelimit-remaining", "0");
	resp_header(rs, "x-ratelimit-reset", reset);
	return 0;
}

static int h_502(struct req *r, struct resp *rs)
{
	(void)r;
	resp_json(rs, 502, json_pack("{s:s}", "message", "Server Error"));
	return 0;
}

static int h_422(struct req *r, struct resp *rs)
{
	(void)r;
	resp_json(rs, 422, json_pack("{s:s,s:[{s:s,s:s}]}", "message", "Validation Failed",
				     "errors", "resource", "PullRequest", "message",
				     "A pull request already exists for o:newsdesk/2021-12/sub-1."));
	return 0;
}

static int h_forbidden(struct req *r, struct resp *rs)
{
	(void)r;
	resp_json(rs, 403, json_pack("{s:s}", "message", "Resource not accessible by integration"));
	return 0;
}

static int h_empty_repo(struct req *r, struct resp *rs)
{
	(void)r;
	resp_json(rs, 409, json_pack("{s:s,s:s}", "message", "Git Repository is empty.",
				     "documentation_url", "https://docs.github.com/rest"));
	return 0;
}

static int h_slow(struct req *r, struct resp *rs)
{
	(void)r;
	usleep(1500 * 1000);
	resp_json(rs, 200, json_object());
	return 0;
}

static const struct route routes[] = {
	ROUTE("GET", "/repos/o/r/contents/{path}", h_contents, 0, 0),
	ROUTE("POST", "/repos/o/r/git/blobs", h_echo, 0, 65536),
	ROUTE("GET", "/secondary", h_retry_after, 0, 0),
	ROUTE("GET", "/quota", h_quota, 0, 0),
	ROUTE("GET", "/broken", h_502, 0, 0),
	ROUTE("POST", "/repos/o/r/pulls", h_422, 0, 65536),
	ROUTE("GET", "/forbidden", h_forbidden, 0, 0),
	ROUTE("GET", "/slow", h_slow, 0, 0),
	ROUTE("GET", "/repos/o/empty/git/ref/heads/{ref}", h_empty_repo, 0, 0),
};

static void start(void)
{
	cr_assert_eq(gh_global_init(), 0);
	srv = test_server_start(routes, sizeof routes / sizeof routes[0], 2, &port);
}

static void stop(void)
{
	http_server_stop(srv, 5);
}

TestSuite(github_client, .init = start, .fini = stop, .timeout = 30);

static void client(struct gh_client *c, const char *token)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/", port);
	cr_assert_eq(gh_client_init(c, url, token), 0);
}

Test(github_client, sends_the_required_headers_and_decodes_contents)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	cr_assert_eq(gh_request(&c, "GET", "/repos/o/r/contents/x.md", NULL, &r), 0, "%s", r.message.p);
	cr_assert_eq(r.status, 200);
	const char *content = json_string_value(json_object_get(r.json, "content"));
	cr_assert(strchr(content, '\n'), "the stand-in wraps base64 lines");
	struct buf text = BUF_INIT;
	cr_assert_eq(gh_base64_decode(content, strlen(content), &text), 0);
	cr_assert_eq(text.len, 110);
	cr_assert(strncmp(text.p, "## line \xc3\xa9\n## line", 18) == 0);
	buf_release(&text);
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, missing_token_is_final_401_with_githubs_message)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, NULL);
	cr_assert_eq(gh_request(&c, "GET", "/repos/o/r/contents/x.md", NULL, &r), -1);
	cr_assert_eq(r.status, 401);
	cr_assert_eq(r.kind, GH_REFUSED);
	cr_assert_not(gh_retryable(r.kind));
	cr_assert_str_eq(r.message.p, "GET /repos/o/r/contents/x.md: HTTP 401: Requires authentication");
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, json_bodies_and_422_details)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	json_t *body = json_pack("{s:s,s:s}", "content", "aGk=", "encoding", "base64");
	cr_assert_eq(gh_request(&c, "POST", "/repos/o/r/git/blobs", body, &r), 0);
	cr_assert(json_equal(json_object_get(r.json, "got"), body));
	cr_assert_str_eq(json_string_value(json_object_get(r.json, "content_type")), "application/json");
	gh_response_free(&r);
	json_decref(body);
	cr_assert_eq(gh_request(&c, "POST", "/repos/o/r/pulls", NULL, &r), -1);
	cr_assert_eq(r.kind, GH_EXISTS, "%s", gh_kind_name(r.kind));
	cr_assert_str_eq(r.message.p, "POST /repos/o/r/pulls: HTTP 422: Validation Failed"
			 " (A pull request already exists for o:newsdesk/2021-12/sub-1.)");
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, conflicts_and_absent_things_are_final_by_kind)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	cr_assert_eq(gh_request(&c, "GET", "/repos/o/empty/git/ref/heads/next", NULL, &r), -1);
	cr_assert_eq(r.kind, GH_CONFLICT, "%s", gh_kind_name(r.kind));
	cr_assert_not(gh_retryable(r.kind));
	cr_assert_str_eq(r.message.p,
			 "GET /repos/o/empty/git/ref/heads/next: HTTP 409: Git Repository is empty.");
	gh_response_free(&r);
	/* no route: the test server's 404 */
	cr_assert_eq(gh_request(&c, "GET", "/repos/o/r/nothing-here", NULL, &r), -1);
	cr_assert_eq(r.kind, GH_NOT_FOUND, "%s", gh_kind_name(r.kind));
	cr_assert_not(gh_retryable(r.kind));
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, rate_limits_and_server_errors_are_retryable)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	gh_request(&c, "GET", "/secondary", NULL, &r);
	cr_assert_eq(r.kind, GH_RATE_LIMITED);
	cr_assert(gh_retryable(r.kind));
	cr_assert_eq(r.retry_after, 7);
	gh_response_free(&r);
	gh_request(&c, "GET", "/quota", NULL, &r);
	cr_assert_eq(r.kind, GH_RATE_LIMITED);
	cr_assert(r.retry_after >= 28 && r.retry_after <= 30, "%ld", r.retry_after);
	gh_response_free(&r);
	gh_request(&c, "GET", "/broken", NULL, &r);
	cr_assert_eq(r.kind, GH_UNAVAILABLE);
	cr_assert(gh_retryable(r.kind));
	cr_assert_eq(r.status, 502);
	gh_response_free(&r);
	gh_request(&c, "GET", "/forbidden", NULL, &r);
	cr_assert_eq(r.kind, GH_REFUSED, "a 403 without rate-limit headers is permission");
	cr_assert_not(gh_retryable(r.kind));
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, timeouts_and_refused_connections_are_retryable)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	c.timeout_ms = 300;
	gh_request(&c, "GET", "/slow", NULL, &r);
	cr_assert_eq(r.status, 0);
	cr_assert_eq(r.kind, GH_UNAVAILABLE);
	cr_assert(strstr(r.message.p, "GET /slow: "), "%s", r.message.p);
	gh_response_free(&r);
	gh_client_free(&c);
	/* nothing listens on this port once the server is gone */
	unsigned dead = port;
	http_server_stop(srv, 5);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%u", dead);
	gh_client_init(&c, url, "t0ken");
	gh_request(&c, "GET", "/anything", NULL, &r);
	cr_assert_eq(r.kind, GH_UNAVAILABLE);
	gh_response_free(&r);
	gh_client_free(&c);
	struct buf err = BUF_INIT;
	struct http_server_opts o = { .host = "127.0.0.1", .threads = 1, .max_connections = 4,
				      .connection_timeout = 5, .routes = routes, .n_routes = 1 };
	srv = http_server_start(&o, &err); /* for the suite's fini */
	buf_release(&err);
}

/* A Validation Error body as GitHub sends it: a message, and errors[]
 * with a code and sometimes a message of their own. */
static json_t *validation(const char *message, const char *code, const char *detail)
{
	json_t *b = json_pack("{s:s,s:s}", "message", message, "documentation_url",
			      "https://docs.github.com/rest");
	if (code) {
		json_t *e = json_pack("{s:s,s:s}", "resource", "PullRequest", "code", code);
		if (detail)
			json_object_set_new(e, "message", json_string(detail));
		json_object_set_new(b, "errors", json_pack("[o]", e));
	}
	return b;
}

/* Every status and body newsdesk meets, and what it is taken to mean
 * (client.h's table; the 422s are ../shared/github-api/README.md's). */
Test(github_client, classification_table)
{
	static const struct {
		long status;
		const char *message, *code, *detail;  /* the body: NULL message, none */
		const char *retry_after, *remaining, *reset;
		enum gh_kind kind;
		long wait;
	} cases[] = {
		{ 200, NULL, NULL, NULL, NULL, NULL, NULL, GH_OK, 0 },
		{ 201, NULL, NULL, NULL, NULL, NULL, NULL, GH_OK, 0 },
		{ 204, NULL, NULL, NULL, NULL, NULL, NULL, GH_OK, 0 },
		/* no answer, GitHub's own trouble */
		{ 0, NULL, NULL, NULL, NULL, NULL, NULL, GH_UNAVAILABLE, 0 },
		{ 500, "Server Error", NULL, NULL, NULL, NULL, NULL, GH_UNAVAILABLE, 0 },
		{ 502, NULL, NULL, NULL, NULL, NULL, NULL, GH_UNAVAILABLE, 0 },
		{ 503, NULL, NULL, NULL, "9", NULL, NULL, GH_UNAVAILABLE, 0 },
		/* rate limits: retry-after first, then the quota's reset */
		{ 429, NULL, NULL, NULL, NULL, NULL, NULL, GH_RATE_LIMITED, 0 },
		{ 429, NULL, NULL, NULL, "12", "0", "999", GH_RATE_LIMITED, 12 },
		{ 403, "API rate limit exceeded", NULL, NULL, NULL, "0", "160", GH_RATE_LIMITED, 60 },
		{ 403, "You have exceeded a secondary rate limit", NULL, NULL, "7", NULL, NULL,
		  GH_RATE_LIMITED, 7 },
		{ 403, NULL, NULL, NULL, NULL, "0", "50", GH_RATE_LIMITED, 0 },  /* reset passed */
		/* refusals: credentials, permission, anything else */
		{ 401, "Bad credentials", NULL, NULL, NULL, NULL, NULL, GH_REFUSED, 0 },
		{ 403, "Resource not accessible by integration", NULL, NULL, NULL, "4999", "160",
		  GH_REFUSED, 0 },
		{ 403, NULL, NULL, NULL, "soon", NULL, NULL, GH_REFUSED, 0 },
		{ 400, "Problems parsing JSON", NULL, NULL, NULL, NULL, NULL, GH_REFUSED, 0 },
		{ 302, NULL, NULL, NULL, NULL, NULL, NULL, GH_REFUSED, 0 },
		{ 406, NULL, NULL, NULL, NULL, NULL, NULL, GH_REFUSED, 0 },
		{ 410, "Gone", NULL, NULL, NULL, NULL, NULL, GH_REFUSED, 0 },
		/* absent, or hidden from this token */
		{ 404, "Not Found", NULL, NULL, NULL, NULL, NULL, GH_NOT_FOUND, 0 },
		{ 404, NULL, NULL, NULL, NULL, NULL, NULL, GH_NOT_FOUND, 0 },
		{ 422, "Reference does not exist", NULL, NULL, NULL, NULL, NULL, GH_NOT_FOUND, 0 },
		/* conflicts */
		{ 409, "Git Repository is empty.", NULL, NULL, NULL, NULL, NULL, GH_CONFLICT, 0 },
		{ 409, "is at 3d21ec5 but expected 1b2c3d4", NULL, NULL, NULL, NULL, NULL,
		  GH_CONFLICT, 0 },
		/* 422s by what they say */
		{ 422, "Reference already exists", NULL, NULL, NULL, NULL, NULL, GH_EXISTS, 0 },
		{ 422, "Validation Failed", "custom",
		  "A pull request already exists for rust-osdev:newsdesk/2024-04/sub-3.", NULL, NULL,
		  NULL, GH_EXISTS, 0 },
		{ 422, "Validation Failed", "already_exists", NULL, NULL, NULL, NULL, GH_EXISTS, 0 },
		{ 422, "Validation Failed", "custom", "No commits between next and newsdesk/x", NULL,
		  NULL, NULL, GH_NO_CHANGE, 0 },
		{ 422, "Validation Failed", "missing_field", NULL, NULL, NULL, NULL, GH_INVALID, 0 },
		{ 422, "Validation Failed", "invalid", NULL, NULL, NULL, NULL, GH_INVALID, 0 },
		{ 422, "Object does not exist", NULL, NULL, NULL, NULL, NULL, GH_INVALID, 0 },
		{ 422, "Update is not a fast forward", NULL, NULL, NULL, NULL, NULL, GH_INVALID, 0 },
		{ 422, NULL, NULL, NULL, NULL, NULL, NULL, GH_INVALID, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *body = cases[i].message ? validation(cases[i].message, cases[i].code,
							     cases[i].detail)
						: NULL;
		long w = -1;
		enum gh_kind k = gh_classify(cases[i].status, body, cases[i].retry_after,
					     cases[i].remaining, cases[i].reset, 100, &w);
		cr_expect_eq(k, cases[i].kind, "case %zu (%ld %s): %s, not %s", i, cases[i].status,
			     cases[i].message ? cases[i].message : "", gh_kind_name(k),
			     gh_kind_name(cases[i].kind));
		cr_expect_eq(w, cases[i].wait, "case %zu: waits %ld", i, w);
		json_decref(body);
	}
	/* what a job does with each */
	for (int k = 0; k < GH_KIND__COUNT; k++) {
		cr_expect_eq(gh_retryable((enum gh_kind)k), k == GH_RATE_LIMITED || k == GH_UNAVAILABLE,
			     "%s", gh_kind_name((enum gh_kind)k));
		cr_expect_str_neq(gh_kind_name((enum gh_kind)k), "?");
	}
	cr_expect_str_eq(gh_kind_name(GH_KIND__COUNT), "?");
}

Test(github_client, base64_rejects_garbage)
{
	struct buf out = BUF_INIT;
	cr_assert_eq(gh_base64_decode("aGVs\nbG8=\n", 10, &out), 0);
	cr_assert_str_eq(out.p, "hello");
	buf_reset(&out);
	cr_assert_eq(gh_base64_decode("aGVs*bG8=", 9, &out), -1);
	buf_release(&out);
}
