/* http_core.c: the HTTP core against a real daemon on port 0 — routing,
 * body limits, JSON errors, security headers, static files, shutdown. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_handlers.h"
#include "http/errors.h"
#include "http/fields.h"
#include "core/app.h"
#include "http/json_body.h"
#include "http/server.h"
#include "support/http_client.h"

static struct app app;
static struct http_server *srv;
static unsigned port;
static char dir[64];

static int h_echo(struct req *r, struct resp *rs)
{
	struct fault f;
	json_t *o = json_body_read(r, &f);
	if (!o) {
		fail_fault(r, rs, &f);
		return 0;
	}
	resp_json(rs, 200, json_pack("{s:I}", "keys", (json_int_t)json_object_size(o)));
	json_decref(o);
	return 0;
}

/* The drain test's request: in flight until the test lets it go (5 s at
 * most), so no fixed sleep decides what is in flight when. */
static atomic_bool slow_started, slow_release;

static int h_slow(struct req *r, struct resp *rs)
{
	(void)r;
	atomic_store(&slow_started, true);
	for (int i = 0; i < 5000 && !atomic_load(&slow_release); i++)
		usleep(1000);
	resp_bytes(rs, 200, "text/plain", "done", 4);
	return 0;
}

static int h_item(struct req *r, struct resp *rs)
{
	const char *id = req_param(r, 0);
	resp_json(rs, 200, json_pack("{s:s,s:s?}", "id", id, "q", req_query(r, "q")));
	return 0;
}

static int h_fail(struct req *r, struct resp *rs)
{
	(void)r; (void)rs;
	return -1;
}

static int form_field(const char *k, const char *v, size_t len, void *arg)
{
	json_object_set_new(arg, k, json_stringn(v, len));
	return 0;
}

static int h_form(struct req *r, struct resp *rs)
{
	json_t *o = json_object();
	if (req_form_each(r, form_field, o) < 0) {
		json_decref(o);
		fail(r, rs, ERR_INVALID_FIELD, "form", "not a form");
		return 0;
	}
	resp_json(rs, 200, o);
	return 0;
}

/* A route whose input is declared: it answers what it was handed. */
static int h_declared(struct req *r, struct resp *rs)
{
	resp_json(rs, 200, json_incref(req_input(r)));
	return 0;
}

static const struct input_spec declared = INPUT(IN_JSON | IN_FORM, "thing",
	FIELD("name", FT_TEXT, F_REQUIRED | F_NONEMPTY, 8),
	FIELD_INT("count", 0, 1, 5),
	FIELD("ok", FT_BOOL, 0, 0),
	FIELD("ids", FT_IDS, 0, 3),
	FIELD("where", FT_OBJECT, 0, 0),
	FIELD_INTO("before", FT_TEXT, 0, 8, "where"));

static const struct input_spec queried = INPUT(IN_QUERY, NULL,
	FIELD("tag", FT_TEXT, F_REPEATED, 4),
	FIELD_INT("n", 0, 0, 9));

static const struct route routes[] = {
	ROUTE("POST", "/declared", h_declared, 0, 1024, .input = &declared),
	ROUTE("GET", "/queried", h_declared, 0, 0, .input = &queried),
	ROUTE("GET", "/healthz", handle_healthz, 0, 0),
	ROUTE("POST", "/echo", h_echo, 0, 1024),
	ROUTE("POST", "/form", h_form, 0, 1024),
	ROUTE("GET", "/slow", h_slow, 0, 0),
	ROUTE("GET", "/items/{id}", h_item, 0, 0),
	ROUTE("GET", "/s/{token}", h_item, 0, 0),
	ROUTE("DELETE", "/items/{id}", h_item, 0, 0),
	ROUTE("GET", "/fail", h_fail, 0, 0),
	ROUTE("POST", "/admin/thing", h_item, ROUTE_ADMIN | ROUTE_CSRF, 1024),
	ROUTE("GET", "/embed.js", handle_static, ROUTE_EMBEDDABLE, 0),
	ROUTE("GET", "/*", handle_static, ROUTE_FALLBACK, 0),
};

static void write_file(const char *name, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void start(void)
{
	strcpy(dir, "/tmp/newsdesk-http-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char p[256];
	snprintf(p, sizeof p, "%s/web", dir);
	mkdir(p, 0755);
	write_file("web/index.html", "<!doctype html><title>home</title>");
	write_file("web/submit.html", "<!doctype html><title>submit</title>");
	write_file("web/style.css", "body{}");
	write_file("web/embed.js", "console.log(1)");
	write_file("secret.txt", "outside the root");
	snprintf(p, sizeof p, "%s/web/.hidden", dir);
	write_file("web/.hidden", "hidden");
	/* a link inside the root that points outside it */
	char target[256];
	snprintf(target, sizeof target, "%s/secret.txt", dir);
	snprintf(p, sizeof p, "%s/web/leak.txt", dir);
	cr_assert_eq(symlink(target, p), 0);
	snprintf(p, sizeof p, "%s/web", dir);
	app.web_root = realpath(p, NULL);
	snprintf(p, sizeof p, "%s/db.sqlite", dir);
	struct buf err = BUF_INIT;
	app.store = store_open(p, 1000, &err);
	cr_assert_not_null(app.store, "%s", err.p);
	cr_assert_eq(store_migrate(app.store, store_latest_version(), &err), 0);
	struct http_server_opts o = {
		.host = "127.0.0.1", .port = 0, .threads = 2,
		.max_connections = 64, .connection_timeout = 10,
		.routes = routes, .n_routes = sizeof routes / sizeof routes[0],
		.app = &app,
	};
	srv = http_server_start(&o, &err);
	cr_assert_not_null(srv, "%s", err.p);
	port = http_server_port(srv);
	cr_assert_neq(port, 0);
	buf_release(&err);
}

static void stop(void)
{
	if (srv)
		http_server_stop(srv, 5);
	srv = NULL;
	store_close(app.store);
	free(app.web_root);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(http, .init = start, .fini = stop, .timeout = 30);

static void expect_error(struct http_result *res, long status, const char *code)
{
	cr_expect_eq(res->status, status, "status %ld, body %s", res->status, res->body.p);
	json_t *j = json_loads(res->body.p, 0, NULL);
	cr_assert_not_null(j, "error body is not JSON: %s", res->body.p);
	const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
	const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
	cr_expect(c && strcmp(c, code) == 0, "code %s, want %s", c, code);
	cr_expect(m && *m, "error without message");
	json_decref(j);
	struct buf ct = BUF_INIT;
	cr_expect_eq(http_header(res, "Content-Type", &ct), 0);
	cr_expect_str_eq(ct.p, "application/json");
	buf_release(&ct);
}

Test(http, healthz_answers_ok)
{
	struct http_result res;
	cr_assert_eq(http_do("GET", port, "/healthz", NULL, 0, NULL, 0, &res), 0);
	cr_assert_eq(res.status, 200);
	/* SPEC's {"status":"ok"}, plus the durability in force (extension);
	 * the bare server here has a store that was never started durable */
	cr_assert_str_eq(res.body.p, "{\"status\":\"ok\",\"durability\":\"process\"}\n");
	http_result_free(&res);
}

Test(http, security_headers_on_every_response)
{
	struct http_result res;
	struct buf v = BUF_INIT;
	http_do("GET", port, "/healthz", NULL, 0, NULL, 0, &res);
	cr_assert_eq(http_header(&res, "X-Content-Type-Options", &v), 0);
	cr_assert_str_eq(v.p, "nosniff");
	cr_assert_eq(http_header(&res, "X-Frame-Options", &v), 0);
	cr_assert_str_eq(v.p, "DENY");
	cr_assert_eq(http_header(&res, "Content-Security-Policy", &v), 0);
	cr_assert(strstr(v.p, "frame-ancestors 'none'"));
	cr_assert_eq(http_header(&res, "Referrer-Policy", &v), 0);
	http_result_free(&res);
	/* the widget may be used by other sites */
	http_do("GET", port, "/embed.js", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_neq(http_header(&res, "X-Frame-Options", &v), 0);
	cr_assert_eq(http_header(&res, "X-Content-Type-Options", &v), 0);
	http_result_free(&res);
	buf_release(&v);
}

Test(http, unknown_route_is_404_without_echoing_the_path)
{
	struct http_result res;
	http_do("GET", port, "/api/<script>alert(1)</script>", NULL, 0, NULL, 0, &res);
	expect_error(&res, 404, "not_found");
	cr_assert_null(strstr(res.body.p, "script"));
	http_result_free(&res);
	http_do("POST", port, "/nothing/here", "x", 1, NULL, 0, &res);
	expect_error(&res, 404, "not_found");
	http_result_free(&res);
}

Test(http, wrong_method_is_405_with_allow)
{
	struct http_result res;
	struct buf allow = BUF_INIT;
	http_do("PUT", port, "/items/7", "{}", 2, NULL, 0, &res);
	expect_error(&res, 405, "method_not_allowed");
	cr_assert_eq(http_header(&res, "Allow", &allow), 0);
	cr_assert_str_eq(allow.p, "GET, HEAD, DELETE");
	http_result_free(&res);
	http_do("BREW", port, "/items/7", NULL, 0, NULL, 0, &res);
	expect_error(&res, 501, "not_implemented");
	http_result_free(&res);
	buf_release(&allow);
}

Test(http, path_parameters_and_query)
{
	struct http_result res;
	http_do("GET", port, "/items/abc?q=x%20y", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_str_eq(res.body.p, "{\"id\":\"abc\",\"q\":\"x y\"}\n");
	http_result_free(&res);
	http_do("GET", port, "/items/", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 404);
	http_result_free(&res);
}

static void expect_refusal(const char *method, const char *path, const char *body,
			   const char *type, const char *field, const char *says)
{
	char ct[80];
	snprintf(ct, sizeof ct, "Content-Type: %s", type);
	const char *h[] = { ct, NULL };
	struct http_result res;
	http_do(method, port, path, body, body ? strlen(body) : 0, h, 0, &res);
	cr_expect_eq(res.status, 400, "%s %s: %d %s", path, body, res.status, res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_t *e = json_object_get(j, "error");
	cr_expect_str_eq(json_string_value(json_object_get(e, "code")), "invalid_field", "%s",
			 res.body.p);
	cr_expect_str_eq(json_string_value(json_object_get(e, "field")), field, "%s", res.body.p);
	cr_expect(strstr(json_string_value(json_object_get(e, "message")), says), "%s",
		  res.body.p);
	json_decref(j);
	http_result_free(&res);
}

/* The route's spec is read before the handler runs, from JSON and forms
 * alike; every misfit is refused naming its field. */
Test(http, declared_inputs_are_checked_before_the_handler)
{
	const char *json = "application/json", *form = "application/x-www-form-urlencoded";
	expect_refusal("POST", "/declared", "{}", json, "name", "required");
	expect_refusal("POST", "/declared", "{\"name\":\"\"}", json, "name", "required");
	expect_refusal("POST", "/declared", "{\"name\":\"123456789\"}", json, "name",
		       "longer than 8");
	expect_refusal("POST", "/declared", "{\"name\":7}", json, "name", "string");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"count\":6}", json, "count",
		       "from 1 to 5");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"count\":\"2\"}", json, "count",
		       "integer");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"ok\":1}", json, "ok",
		       "true or false");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"ids\":[1,2,3,4]}", json, "ids",
		       "1 to 3");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"ids\":[0]}", json, "ids",
		       "positive");
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"who\":1}", json, "thing",
		       "unknown field (allowed: name, count, ok, ids, where)");
	/* "before" is a form's field only */
	expect_refusal("POST", "/declared", "{\"name\":\"a\",\"before\":\"x\"}", json,
		       "thing", "unknown field");
	expect_refusal("POST", "/declared", "count=2", form, "name", "required");
	expect_refusal("POST", "/declared", "name=a&count=9", form, "count", "from 1 to 5");
	expect_refusal("POST", "/declared", "name=a&name=b", form, "name", "twice");
	expect_refusal("POST", "/declared", "name=a&who=1", form, "thing", "unknown field");
	expect_refusal("POST", "/declared", "name=a%00b", form, "form", "UTF-8");
	expect_refusal("GET", "/queried?tag=abcde", NULL, json, "tag", "longer than 4");
	expect_refusal("GET", "/queried?n=x", NULL, json, "n", "integer");

	/* what fits reaches the handler typed, a form as its JSON would be */
	struct http_result res;
	const char *fh[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	const char *f = "name=abc&count=3&ok=on&before=x";
	http_do("POST", port, "/declared", f, strlen(f), fh, 0, &res);
	cr_expect_eq(res.status, 200, "%s", res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_t *want = json_pack("{s:s,s:i,s:b,s:{s:s}}", "name", "abc", "count", 3, "ok", 1,
				 "where", "before", "x");
	cr_expect(json_equal(j, want), "%s", res.body.p);
	json_decref(j);
	json_decref(want);
	http_result_free(&res);
	http_do("GET", port, "/queried?tag=a&tag=bb&n=4&other=1", NULL, 0, NULL, 0, &res);
	cr_expect_str_eq(res.body.p, "{\"tag\":[\"a\",\"bb\"],\"n\":4}\n");
	http_result_free(&res);
}

Test(http, body_over_the_cap_is_413_by_content_length)
{
	static char big[4096];
	memset(big, 'x', sizeof big);
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	http_do("POST", port, "/echo", big, sizeof big, h, 0, &res);
	expect_error(&res, 413, "payload_too_large");
	http_result_free(&res);
	/* a route without a body accepts none */
	http_do("DELETE", port, "/items/1", "x", 1, NULL, 0, &res);
	expect_error(&res, 413, "payload_too_large");
	http_result_free(&res);
}

Test(http, chunked_body_over_the_cap_is_413_while_streaming)
{
	static char big[64 * 1024];
	memset(big, ' ', sizeof big);
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	http_do("POST", port, "/echo", big, sizeof big, h, 1, &res);
	expect_error(&res, 413, "payload_too_large");
	http_result_free(&res);
	/* the server is still fine afterwards */
	http_do("POST", port, "/echo", "{\"a\":1}", 7, h, 1, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_str_eq(res.body.p, "{\"keys\":1}\n");
	http_result_free(&res);
}

/* A JSON object of exactly n bytes: {"a":"xxx…"}. */
static void json_of(char *out, size_t n)
{
	memset(out, 'x', n);
	memcpy(out, "{\"a\":\"", 6);
	memcpy(out + n - 2, "\"}", 2);
	out[n] = '\0';
}

/* Sends raw bytes and reads what comes back within ms (NUL-terminated). */
static void raw_exchange(const char *request, int ms, char *out, size_t cap)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(fd, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	cr_assert_eq(write(fd, request, strlen(request)), (ssize_t)strlen(request));
	size_t got = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (got + 1 < cap && poll(&p, 1, ms) == 1) {
		ssize_t n = read(fd, out + got, cap - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (strstr(out, "\r\n\r\n"))
			break;
	}
	out[got] = '\0';
	close(fd);
}

/* /echo takes at most 1024 bytes: exactly 1024 are read, by Content-Length
 * and chunked alike; 1025 are refused, and by Content-Length before a
 * byte of the body is read. */
Test(http, the_body_cap_holds_at_its_exact_edge)
{
	static char body[1026];
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	for (int chunked = 0; chunked <= 1; chunked++) {
		json_of(body, 1024);
		http_do("POST", port, "/echo", body, 1024, h, chunked, &res);
		cr_expect_eq(res.status, 200, "1024 bytes%s: %ld %s", chunked ? " chunked" : "",
			     res.status, res.body.p);
		cr_expect_str_eq(res.body.p ? res.body.p : "", "{\"keys\":1}\n");
		http_result_free(&res);
		json_of(body, 1025);
		http_do("POST", port, "/echo", body, 1025, h, chunked, &res);
		expect_error(&res, 413, "payload_too_large");
		http_result_free(&res);
	}
	char answer[2048];
	raw_exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
		     "Content-Length: 1025\r\n\r\n", 2000, answer, sizeof answer);
	cr_expect(strncmp(answer, "HTTP/1.1 413", 12) == 0,
		  "1025 bytes announced are refused before any is sent: '%.40s'", answer);
}

Test(http, json_bodies_are_checked)
{
	const char *json[] = { "Content-Type: application/json; charset=utf-8", NULL };
	const char *text[] = { "Content-Type: text/plain", NULL };
	struct http_result res;
	http_do("POST", port, "/echo", "{\"a\":1,\"b\":2}", 13, json, 0, &res);
	cr_assert_eq(res.status, 200);
	http_result_free(&res);
	http_do("POST", port, "/echo", "{\"a\":<script>", 13, json, 0, &res);
	expect_error(&res, 400, "invalid_json");
	cr_assert_null(strstr(res.body.p, "<script>"));
	http_result_free(&res);
	http_do("POST", port, "/echo", "[1,2]", 5, json, 0, &res);
	expect_error(&res, 400, "invalid_json");
	http_result_free(&res);
	http_do("POST", port, "/echo", "{\"a\":1,\"a\":2}", 13, json, 0, &res);
	expect_error(&res, 400, "invalid_json");
	http_result_free(&res);
	http_do("POST", port, "/echo", "{\"a\":\"\xff\"}", 9, json, 0, &res);
	expect_error(&res, 400, "invalid_utf8");
	http_result_free(&res);
	http_do("POST", port, "/echo", "{}", 2, text, 0, &res);
	expect_error(&res, 415, "unsupported_media_type");
	http_result_free(&res);
	http_do("POST", port, "/echo", "", 0, json, 0, &res);
	expect_error(&res, 400, "invalid_json");
	http_result_free(&res);
}

Test(http, form_posts_are_parsed_by_the_post_processor)
{
	const char *h[] = { "Content-Type: application/x-www-form-urlencoded", NULL };
	struct http_result res;
	const char *body = "name=J%C3%BCrgen&text=a+b%26c&empty=";
	http_do("POST", port, "/form", body, strlen(body), h, 0, &res);
	cr_assert_eq(res.status, 200, "%s", res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	cr_assert_str_eq(json_string_value(json_object_get(j, "name")), "J\xc3\xbcrgen");
	cr_assert_str_eq(json_string_value(json_object_get(j, "text")), "a b&c");
	json_decref(j);
	http_result_free(&res);
}

Test(http, handler_failure_is_a_500_json_error)
{
	struct http_result res;
	http_do("GET", port, "/fail", NULL, 0, NULL, 0, &res);
	expect_error(&res, 500, "internal");
	http_result_free(&res);
}

Test(http, admin_routes_need_a_session)
{
	struct http_result res;
	const char *h[] = { "Content-Type: application/json", NULL };
	http_do("POST", port, "/admin/thing", "{}", 2, h, 0, &res);
	expect_error(&res, 401, "unauthorized");
	http_result_free(&res);
}

Test(http, static_files_with_mime_types_and_etags)
{
	struct http_result res;
	struct buf v = BUF_INIT, etag = BUF_INIT;
	http_do("GET", port, "/", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_str_eq(res.body.p, "<!doctype html><title>home</title>");
	http_header(&res, "Content-Type", &v);
	cr_assert_str_eq(v.p, "text/html; charset=utf-8");
	http_result_free(&res);

	http_do("GET", port, "/submit", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	cr_assert(strstr(res.body.p, "submit"));
	http_result_free(&res);

	http_do("GET", port, "/style.css", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	http_header(&res, "Content-Type", &v);
	cr_assert_str_eq(v.p, "text/css; charset=utf-8");
	cr_assert_eq(http_header(&res, "ETag", &etag), 0);
	http_result_free(&res);

	struct buf inm = BUF_INIT;
	buf_addf(&inm, "If-None-Match: %s", etag.p);
	const char *h[] = { inm.p, NULL };
	http_do("GET", port, "/style.css", NULL, 0, h, 0, &res);
	cr_assert_eq(res.status, 304);
	cr_assert_eq(res.body.len, 0);
	http_result_free(&res);

	http_do("HEAD", port, "/style.css", NULL, 0, NULL, 0, &res);
	cr_assert_eq(res.status, 200);
	cr_assert_eq(res.body.len, 0);
	http_result_free(&res);
	buf_release(&v);
	buf_release(&etag);
	buf_release(&inm);
}

Test(http, static_paths_cannot_escape_the_root)
{
	static const char *const evil[] = {
		"/../secret.txt", "/%2e%2e/secret.txt", "/web/../../secret.txt",
		"/.hidden", "/a/..%2f..%2fsecret.txt", "/..%5csecret.txt",
		"/style.css/..", "//etc/passwd", "/nope.css", "/%2fetc/passwd",
		"/leak.txt",
	};
	for (size_t i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		struct http_result res;
		http_do("GET", port, evil[i], NULL, 0, NULL, 0, &res);
		cr_expect_eq(res.status, 404, "%s gave %ld", evil[i], res.status);
		cr_expect_null(strstr(res.body.p, "outside the root"), "%s leaked", evil[i]);
		cr_expect_null(strstr(res.body.p, "hidden"), "%s leaked", evil[i]);
		http_result_free(&res);
	}
}

static void *slow_request(void *arg)
{
	struct http_result *res = arg;
	http_do("GET", port, "/slow", NULL, 0, NULL, 0, res);
	return NULL;
}

static void *stop_server(void *arg)
{
	(void)arg;
	http_server_stop(srv, 5);
	return NULL;
}

/* Does anything still accept connections on port? */
static bool listening(void)
{
	struct http_result r;
	bool up = http_do("GET", port, "/healthz", NULL, 0, NULL, 0, &r) == 0;
	if (up)
		http_result_free(&r);
	return up;
}

Test(http, stop_drains_requests_in_flight)
{
	struct http_result res = { 0 };
	pthread_t t, stopper;
	atomic_store(&slow_started, false);
	atomic_store(&slow_release, false);
	pthread_create(&t, NULL, slow_request, &res);
	for (int i = 0; i < 5000 && !atomic_load(&slow_started); i++)
		usleep(1000);
	cr_assert(atomic_load(&slow_started), "the slow request never started");
	/* stop while it is in flight: the listener closes, the stop waits */
	pthread_create(&stopper, NULL, stop_server, NULL);
	for (int i = 0; i < 5000 && listening(); i++)
		usleep(1000);
	cr_assert(!listening(), "the server still accepts while stopping");
	atomic_store(&slow_release, true);
	pthread_join(stopper, NULL);
	srv = NULL;
	pthread_join(t, NULL);
	cr_assert_eq(res.status, 200);
	cr_assert_str_eq(res.body.p, "done");
	http_result_free(&res);
}

/* A secret in a path (a status link, a mail's link) never reaches the
 * access log: the route's pattern is logged in its place. */
Test(http, the_access_log_names_no_path_token)
{
	cr_redirect_stderr();
	struct buf err = BUF_INIT;
	struct http_server_opts o = {
		.host = "127.0.0.1", .port = 0, .threads = 1, .max_connections = 8,
		.connection_timeout = 10, .access_log = true,
		.routes = routes, .n_routes = sizeof routes / sizeof routes[0], .app = &app,
	};
	struct http_server *logged = http_server_start(&o, &err);
	cr_assert_not_null(logged, "%s", err.p);
	struct http_result res;
	cr_assert_eq(http_do("GET", http_server_port(logged), "/s/SeCrEtToKeN123", NULL, 0, NULL, 0,
			     &res), 0);
	http_result_free(&res);
	cr_assert_eq(http_do("GET", http_server_port(logged), "/items/42", NULL, 0, NULL, 0, &res), 0);
	http_result_free(&res);
	http_server_stop(logged, 5);
	fflush(stderr);
	char got[4096] = "";
	FILE *f = cr_get_redirected_stderr();
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	cr_expect_null(strstr(got, "SeCrEtToKeN123"), "the token was logged: %s", got);
	cr_expect_not_null(strstr(got, "GET /s/{token} "), "%s", got);
	cr_expect_not_null(strstr(got, "GET /items/42 "), "other paths are logged as they are: %s", got);
	buf_release(&err);
}
