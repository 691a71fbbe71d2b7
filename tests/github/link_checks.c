/* link_checks.c: the checks before approval against loopback servers and
 * the stand-in — 200, 301 -> 200, 404, a timeout, a redirect loop; the
 * site's [link_checker] exceptions; duplicates across two published
 * issues; tracking parameters with the cleaned URL; an internal address
 * refused unless allowed. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "features/links/link_rules.h"
#include "http/server.h"
#include "features/links/check_links.h"
#include "support/pr_env.h"
#include "store/jobs.h"
#include "store/submissions.h"

static struct pr_env env;
static struct http_server *site;
static unsigned site_port;
static struct config *cfg;

static int h_ok(struct req *r, struct resp *rs)
{
	(void)r;
	resp_bytes(rs, 200, "text/html", "<p>hi</p>", 9);
	return 0;
}

static int h_moved(struct req *r, struct resp *rs)
{
	(void)r;
	resp_redirect(rs, 301, "/ok");
	return 0;
}

static int h_missing(struct req *r, struct resp *rs)
{
	(void)r;
	resp_bytes(rs, 404, "text/html", "gone", 4);
	return 0;
}

static int h_slow(struct req *r, struct resp *rs)
{
	(void)r;
	sleep(3);
	resp_bytes(rs, 200, "text/html", "late", 4);
	return 0;
}

static int h_loop(struct req *r, struct resp *rs)
{
	(void)r;
	resp_redirect(rs, 302, "/loop");
	return 0;
}

static const struct route routes[] = {
	ROUTE("GET", "/ok", h_ok, 0, 0),       ROUTE("GET", "/moved", h_moved, 0, 0),
	ROUTE("GET", "/missing", h_missing, 0, 0), ROUTE("GET", "/slow", h_slow, 0, 0),
	ROUTE("GET", "/loop", h_loop, 0, 0),
};

static struct config *config_with(bool allow_internal)
{
	char toml[512];
	snprintf(toml, sizeof toml,
		 "[github]\napi_url = \"http://127.0.0.1:%u\"\nrepo = \"rust-osdev/homepage\"\n"
		 "[checks]\nallow_internal = %s\ntimeout_seconds = 1\nprevious_issues = 2\n",
		 standin_port(env.gh), allow_internal ? "true" : "false");
	struct buf err = BUF_INIT;
	struct config *c = cfg_parse(toml, strlen(toml), "t.toml", &err);
	cr_assert_not_null(c, "%s", err.p);
	buf_release(&err);
	return c;
}

static void setup(void)
{
	pr_env_setup(&env, 0);
	struct buf err = BUF_INIT;
	struct http_server_opts o = { .host = "127.0.0.1", .threads = 4, .max_connections = 32,
				      .connection_timeout = 10, .routes = routes,
				      .n_routes = sizeof routes / sizeof routes[0] };
	site = http_server_start(&o, &err);
	cr_assert_not_null(site, "%s", err.p);
	site_port = http_server_port(site);
	buf_release(&err);
	/* two published issues before April, and the site's link checker */
	standin_commit(env.gh, "next", "February", "content/this-month/2024-02/index.md",
		       "+++\ntitle = \"February\"\ndate = 2024-03-05\n+++\n\n"
		       "- [Old news](https://example.org/dup)\n");
	standin_commit(env.gh, "next", "March", "content/this-month/2024-03/index.md",
		       "+++\ntitle = \"March\"\ndate = 2024-04-06\n+++\n\n"
		       "- [Same news](http://www.example.org/dup/)\n");
	standin_commit(env.gh, "next", "Zola config", "config.toml",
		       "base_url = \"https://rust-osdev.com\"\n[markdown]\nhighlight_code = true\n"
		       "[link_checker]\nskip_prefixes = [\"https://skip.example/\"]\n"
		       "[extra]\nmenu = [ { name = \"x\" } ]\n");
}

static void teardown(void)
{
	http_server_stop(site, 1);
	cfg_free(cfg);
	cfg = NULL;
	pr_env_teardown(&env);
}

TestSuite(link_checks, .init = setup, .fini = teardown, .timeout = 60);

static json_t *run_checks(bool allow_internal)
{
	char sub[1200];
	snprintf(sub, sizeof sub,
		 "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":"
		 "\"http://127.0.0.1:%u/ok\",\"author\":\"octo-cat\",\"body\":\"See "
		 "[moved](http://127.0.0.1:%u/moved), [missing](http://127.0.0.1:%u/missing), "
		 "[slow](http://127.0.0.1:%u/slow), [loop](http://127.0.0.1:%u/loop), "
		 "[skipped](https://skip.example/page), "
		 "[dup](https://example.org/dup?utm_source=twitter&fbclid=abc).\"}",
		 site_port, site_port, site_port, site_port, site_port);
	int64_t id = pr_env_submit(&env, sub);
	cfg = config_with(allow_internal);
	struct job_env ctx = env.ctx;
	ctx.cfg = cfg;
	struct store_job job = { .id = 1, .kind = JOB_CHECK_LINKS, .subject_id = id, .attempts = 1 };
	struct job_outcome out = { JOB_FAILED, 0, BUF_INIT };
	check_links_run(&ctx, &job, &out);
	cr_assert_eq(out.result, JOB_DONE, "%s", out.message.p);
	buf_release(&out.message);
	struct store_submission s;
	pr_env_sub(&env, id, &s);
	cr_assert_not_null(s.checks);
	json_t *j = json_loads(s.checks, 0, NULL);
	store_submission_free(&s);
	return j;
}

static json_t *check_of(json_t *doc, const char *suffix)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(doc, "links"), i, l) {
		const char *u = json_string_value(json_object_get(l, "url"));
		if (strlen(u) >= strlen(suffix) && strcmp(u + strlen(u) - strlen(suffix), suffix) == 0)
			return l;
	}
	cr_assert_fail("no check for %s", suffix);
	return NULL;
}

Test(link_checks, every_kind_of_answer)
{
	json_t *doc = run_checks(true);
	cr_assert_eq(json_array_size(json_object_get(doc, "links")), 7);
	json_t *l = check_of(doc, "/ok");
	cr_assert(json_is_true(json_object_get(l, "ok")));
	cr_assert_eq(json_integer_value(json_object_get(l, "status")), 200);
	l = check_of(doc, "/moved");
	cr_assert(json_is_true(json_object_get(l, "ok")));
	cr_assert_eq(json_integer_value(json_object_get(l, "redirects")), 1);
	cr_assert(strstr(json_string_value(json_object_get(l, "final_url")), "/ok"));
	l = check_of(doc, "/missing");
	cr_assert(json_is_false(json_object_get(l, "ok")));
	cr_assert_eq(json_integer_value(json_object_get(l, "status")), 404);
	l = check_of(doc, "/slow");
	cr_assert(json_is_false(json_object_get(l, "ok")));
	cr_assert(strstr(json_string_value(json_object_get(l, "error")), "imeout") ||
		  strstr(json_string_value(json_object_get(l, "error")), "timed out"), "%s",
		  json_string_value(json_object_get(l, "error")));
	l = check_of(doc, "/loop");
	cr_assert(strstr(json_string_value(json_object_get(l, "error")), "redirects"));
	l = check_of(doc, "skip.example/page");
	cr_assert_str_eq(json_string_value(json_object_get(l, "skipped")),
			 "link_checker.skip_prefixes");
	cr_assert_null(json_object_get(l, "status"), "a skipped link is not fetched");
	l = check_of(doc, "fbclid=abc");
	cr_assert_eq(json_integer_value(json_object_get(l, "tracking")), 2);
	cr_assert_str_eq(json_string_value(json_object_get(l, "clean_url")),
			 "https://example.org/dup");
	json_decref(doc);
}

Test(link_checks, duplicates_across_published_issues)
{
	json_t *doc = run_checks(true);
	/* the same link as in February and March, spelled three ways */
	json_t *l = check_of(doc, "fbclid=abc");
	json_t *dup = json_object_get(l, "duplicate_of");
	cr_assert_eq(json_array_size(dup), 2);
	cr_assert_str_eq(json_string_value(json_array_get(dup, 0)), "2024-03");
	cr_assert_str_eq(json_string_value(json_array_get(dup, 1)), "2024-02");
	cr_assert_null(json_object_get(check_of(doc, "/missing"), "duplicate_of"));
	json_decref(doc);
	struct buf a = BUF_INIT, b = BUF_INIT;
	link_key("https://example.org/dup?utm_source=x", &a);
	link_key("http://www.Example.org/dup/", &b);
	cr_assert_str_eq(a.p, b.p);
	buf_release(&a);
	buf_release(&b);
}

Test(link_checks, internal_addresses_are_refused_unless_allowed)
{
	json_t *doc = run_checks(false);
	json_t *l = check_of(doc, "/ok");
	cr_assert(json_is_false(json_object_get(l, "ok")));
	cr_assert_str_eq(json_string_value(json_object_get(l, "error")),
			 "refused: the address is internal");
	json_decref(doc);
}
