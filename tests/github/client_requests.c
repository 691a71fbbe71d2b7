/* client_requests.c: the GitHub client — required headers, base64 with line
 * breaks, and how every kind of answer is classified (success, retry with
 * the wait GitHub asked for, final with GitHub's message). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "github/client.h"
#include "http/server.h"

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
};

static void start(void)
{
	struct buf err = BUF_INIT;
	struct http_server_opts o = {
		.host = "127.0.0.1", .threads = 2, .max_connections = 32,
		.connection_timeout = 10, .routes = routes,
		.n_routes = sizeof routes / sizeof routes[0],
	};
	cr_assert_eq(gh_global_init(), 0);
	srv = http_server_start(&o, &err);
	cr_assert_not_null(srv, "%s", err.p);
	port = http_server_port(srv);
	buf_release(&err);
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
	cr_assert_eq(r.outcome, GH_FINAL);
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
	cr_assert_eq(r.outcome, GH_FINAL);
	cr_assert_str_eq(r.message.p, "POST /repos/o/r/pulls: HTTP 422: Validation Failed"
			 " (A pull request already exists for o:newsdesk/2021-12/sub-1.)");
	gh_response_free(&r);
	gh_client_free(&c);
}

Test(github_client, rate_limits_and_server_errors_are_retryable)
{
	struct gh_client c;
	struct gh_response r;
	client(&c, "t0ken");
	gh_request(&c, "GET", "/secondary", NULL, &r);
	cr_assert_eq(r.outcome, GH_RETRY);
	cr_assert_eq(r.retry_after, 7);
	gh_response_free(&r);
	gh_request(&c, "GET", "/quota", NULL, &r);
	cr_assert_eq(r.outcome, GH_RETRY);
	cr_assert(r.retry_after >= 28 && r.retry_after <= 30, "%ld", r.retry_after);
	gh_response_free(&r);
	gh_request(&c, "GET", "/broken", NULL, &r);
	cr_assert_eq(r.outcome, GH_RETRY);
	cr_assert_eq(r.status, 502);
	gh_response_free(&r);
	gh_request(&c, "GET", "/forbidden", NULL, &r);
	cr_assert_eq(r.outcome, GH_FINAL, "a 403 without rate-limit headers is permission");
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
	cr_assert_eq(r.outcome, GH_RETRY);
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
	cr_assert_eq(r.outcome, GH_RETRY);
	gh_response_free(&r);
	gh_client_free(&c);
	struct buf err = BUF_INIT;
	struct http_server_opts o = { .host = "127.0.0.1", .threads = 1, .max_connections = 4,
				      .connection_timeout = 5, .routes = routes, .n_routes = 1 };
	srv = http_server_start(&o, &err); /* for the suite's fini */
	buf_release(&err);
}

Test(github_client, classification_table)
{
	long w;
	cr_assert_eq(gh_classify(200, NULL, NULL, NULL, 0, &w), GH_OK);
	cr_assert_eq(gh_classify(201, NULL, NULL, NULL, 0, &w), GH_OK);
	cr_assert_eq(gh_classify(0, NULL, NULL, NULL, 0, &w), GH_RETRY);
	cr_assert_eq(gh_classify(500, NULL, NULL, NULL, 0, &w), GH_RETRY);
	cr_assert_eq(gh_classify(429, NULL, NULL, NULL, 0, &w), GH_RETRY);
	cr_assert_eq(w, 0);
	cr_assert_eq(gh_classify(429, "12", "0", "999", 100, &w), GH_RETRY);
	cr_assert_eq(w, 12, "retry-after wins over the reset time");
	cr_assert_eq(gh_classify(403, NULL, "0", "160", 100, &w), GH_RETRY);
	cr_assert_eq(w, 60);
	cr_assert_eq(gh_classify(403, NULL, "4999", "160", 100, &w), GH_FINAL);
	cr_assert_eq(gh_classify(401, NULL, NULL, NULL, 0, &w), GH_FINAL);
	cr_assert_eq(gh_classify(404, NULL, NULL, NULL, 0, &w), GH_FINAL);
	cr_assert_eq(gh_classify(409, NULL, NULL, NULL, 0, &w), GH_FINAL);
	cr_assert_eq(gh_classify(422, NULL, NULL, NULL, 0, &w), GH_FINAL);
	cr_assert_eq(gh_classify(403, "soon", NULL, NULL, 0, &w), GH_FINAL);
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
