/* contract.c: every request newsdesk sends to GitHub, checked against
 * GitHub's own OpenAPI description: the operation exists, the query
 * parameters are declared (and within their enums), and the body fits the
 * request-body schema.  The workflow is driven through every operation it
 * knows: newest-draft lookup, a lost answer that makes it read a ref, a
 * pull request, and a rebuild after `next` moved. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/http_client.h"
#include "support/json_schema.h"
#include "support/pr_env.h"

#define FIXTURE NEWSDESK_SRCDIR "/tests/fixtures/github-operations.json"
#define SHARED NEWSDESK_SRCDIR "/../shared/github-api/"

static json_t *load(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	cr_assert_not_null(j, "%s: %s", path, je.text);
	return j;
}

TestSuite(contract, .timeout = 60);

Test(contract, vendored_schemas_match_githubs_description)
{
	FILE *f = fopen(SHARED "operations.json", "r");
	if (!f)
	{
		/* CI always has ../shared beside the checkout: fail there */
		if (getenv("CI"))
			cr_assert_fail("CI without ../shared/github-api");
		cr_skip_test("../shared/github-api is not beside this checkout");
	}
	fclose(f);
	json_t *mine = load(FIXTURE), *a = load(SHARED "operations.json"),
	       *b = load(SHARED "operations-extra.json");
	const char *op;
	json_t *v;
	json_object_foreach(json_object_get(mine, "operations"), op, v) {
		if (json_object_get(v, "_source"))
			continue;   /* not from ../shared: the entry says where from */
		json_t *orig = json_object_get(a, op);
		if (!orig)
			orig = json_object_get(b, op);
		cr_assert_not_null(orig, "%s is not in GitHub's description", op);
		cr_assert(json_equal(json_object_get(v, "request_body"),
				     json_object_get(orig, "request_body")), "%s drifted", op);
		cr_assert(json_equal(json_object_get(v, "parameters"),
				     json_object_get(orig, "parameters")), "%s drifted", op);
	}
	json_decref(mine);
	json_decref(a);
	json_decref(b);
}

Test(contract, the_checker_catches_bad_bodies)
{
	json_t *all = load(FIXTURE);
	json_t *ops = json_object_get(all, "operations");
	json_t *tree = json_object_get(json_object_get(json_object_get(ops,
		"POST /repos/{owner}/{repo}/git/trees"), "request_body"), "schema");
	json_t *bad = json_loads("{\"tree\":[{\"path\":\"a\",\"mode\":\"777\",\"type\":\"blob\",\"content\":\"x\"}]}", 0, NULL);
	struct buf err = BUF_INIT;
	cr_assert_neq(json_schema_check(tree, bad, &err), 0);
	cr_assert(strstr(err.p, "body.tree[0].mode"), "%s", err.p);
	json_decref(bad);
	buf_reset(&err);
	bad = json_loads("{\"base_tree\":\"abc\"}", 0, NULL);
	cr_assert_neq(json_schema_check(tree, bad, &err), 0);
	cr_assert(strstr(err.p, "'tree' is missing"), "%s", err.p);
	json_decref(bad);
	buf_release(&err);
	json_decref(all);
}

/* Checks one logged request against its operation. */
static void check_request(json_t *ops, const struct standin_request *r, int *checked)
{
	json_t *op = json_object_get(ops, r->op);
	cr_assert_not_null(op, "%s is not an operation newsdesk may use", r->op);
	json_t *rb = json_object_get(op, "request_body");
	if (r->body) {
		cr_assert(json_is_object(rb), "%s sent a body it takes none of", r->op);
		json_t *body = json_loads(r->body, 0, NULL);
		cr_assert_not_null(body, "%s: body is not JSON", r->op);
		struct buf err = BUF_INIT;
		cr_assert_eq(json_schema_check(json_object_get(rb, "schema"), body, &err), 0,
			     "%s: %s\n%s", r->op, err.p, r->body);
		buf_release(&err);
		json_decref(body);
	} else {
		cr_assert(!json_is_true(json_object_get(rb, "required")),
			  "%s needs a body", r->op);
	}
	/* query parameters: declared, and within their enum */
	const char *q = strchr(r->path, '?');
	while (q && *q) {
		q++;
		char name[64] = "", value[256] = "";
		sscanf(q, "%63[^=]=%255[^&]", name, value);
		json_t *decl = NULL;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(op, "parameters"), i, p) {
			if (strcmp(json_string_value(json_object_get(p, "in")), "query") == 0 &&
			    strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
				decl = p;
		}
		cr_assert_not_null(decl, "%s: query parameter '%s' is not declared", r->op, name);
		json_t *en = json_object_get(json_object_get(decl, "schema"), "enum");
		if (json_is_array(en)) {
			bool ok = false;
			json_t *x;
			json_array_foreach(en, i, x) ok |= strcmp(json_string_value(x), value) == 0;
			cr_assert(ok, "%s: %s=%s is not allowed", r->op, name, value);
		}
		q = strchr(q, '&');
	}
	(*checked)++;
}

Test(contract, every_request_fits_githubs_schema)
{
	struct pr_env e;
	pr_env_setup(&e, 0);
	/* submitted while no draft existed: the worker must look for one */
	int64_t id = pr_env_submit_to(&e, "{\"section\":\"Other Projects\",\"name\":\"xhci\","
				      "\"url\":\"https://github.com/a/xhci\",\"body\":\"USB.\","
				      "\"author\":\"octo-cat\",\"written_by\":true,\"add_author\":true}",
				      NULL);
	standin_fault(e.gh, "POST /repos/{owner}/{repo}/git/refs", 1, FAULT_502_AFTER);
	cr_assert_eq(pr_env_run(&e, JOB_OPEN_PR, id, 3, NULL, NULL), JOB_DONE);
	standin_commit(e.gh, "next", "next moves", "static/x.txt", "x\n");
	cr_assert_eq(pr_env_run(&e, JOB_REFRESH_PRS, 0, 1, NULL, NULL), JOB_DONE);

	json_t *all = load(FIXTURE);
	json_t *ops = json_object_get(all, "operations");
	int checked = 0;
	json_t *seen = json_object();
	for (size_t i = 0; i < standin_request_count(e.gh); i++) {
		struct standin_request r;
		cr_assert_eq(standin_request_get(e.gh, i, &r), 0);
		check_request(ops, &r, &checked);
		json_object_set_new(seen, r.op, json_true());
		standin_request_free(&r);
	}
	printf("contract: %d requests over %zu operations fit GitHub's schemas\n", checked,
	       json_object_size(seen));
	/* the per-entry flow's operations, each exercised */
	static const char *const flow[] = {
		"GET /repos/{owner}/{repo}/branches/{branch}",
		"GET /repos/{owner}/{repo}/contents/{path}", "GET /repos/{owner}/{repo}/git/ref/{ref}",
		"GET /repos/{owner}/{repo}/pulls", "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
		"POST /repos/{owner}/{repo}/git/commits", "POST /repos/{owner}/{repo}/git/refs",
		"POST /repos/{owner}/{repo}/git/trees", "POST /repos/{owner}/{repo}/pulls",
	};
	for (size_t i = 0; i < sizeof flow / sizeof *flow; i++)
		cr_expect(json_is_true(json_object_get(seen, flow[i])), "%s not exercised", flow[i]);
	json_decref(seen);
	json_decref(all);
	pr_env_teardown(&e);
}

/* The stand-in holds every request to its operation's schema as GitHub
 * does, so every test of every workflow is a contract test: a null where a
 * string belongs, a missing required member, an undeclared query parameter
 * or a value outside its enum, and a body that is not JSON are refused
 * with GitHub's answers. */
Test(contract, the_standin_refuses_what_github_refuses)
{
	struct pr_env e;
	pr_env_setup(&e, 0);
	unsigned port = standin_port(e.gh);
	const char *h[] = { "Authorization: Bearer " PR_ENV_TOKEN, "User-Agent: contract-test",
			    "Content-Type: application/json", NULL };
	static const struct {
		const char *method, *path, *body;
		int status;
		const char *message;
	} cases[] = {
		{ "PATCH", "/repos/rust-osdev/homepage/pulls/1", "{\"title\":\"t\",\"state\":null}", 422,
		  "For 'properties/state', nil is not a string." },
		{ "PATCH", "/repos/rust-osdev/homepage/pulls/1", "{\"state\":\"merged\"}", 422,
		  "For 'properties/state', not one of the allowed values." },
		{ "POST", "/repos/rust-osdev/homepage/git/refs", "{\"ref\":\"refs/heads/x\"}", 422,
		  "required property 'sha' is missing" },
		{ "POST", "/repos/rust-osdev/homepage/git/trees", "{\"tree\":[{\"path\":\"a\","
		  "\"mode\":\"777\",\"type\":\"blob\",\"content\":\"x\"}]}", 422,
		  "For 'properties/tree/0/mode'" },
		{ "GET", "/repos/rust-osdev/homepage/pulls?state=merged", NULL, 422,
		  "For 'state', \"merged\" is not a valid value." },
		{ "GET", "/repos/rust-osdev/homepage/pulls?colour=red", NULL, 422,
		  "'colour' is not a parameter of this operation." },
		{ "POST", "/repos/rust-osdev/homepage/pulls", "{\"title\":", 400,
		  "Problems parsing JSON" },
		{ "POST", "/repos/rust-osdev/homepage/git/commits", NULL, 400, "Problems parsing JSON" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct http_result res;
		const char *b = cases[i].body;
		cr_assert_eq(http_do(cases[i].method, port, cases[i].path, b, b ? strlen(b) : 0, h, 0,
				     &res), 0);
		cr_expect_eq(res.status, cases[i].status, "%s %s: %ld %s", cases[i].method,
			     cases[i].path, (long)res.status, res.body.p);
		json_t *j = json_loads(res.body.p, 0, NULL);
		const char *m = json_string_value(json_object_get(j, "message"));
		cr_expect(m && strstr(m, cases[i].message), "%s %s: %s", cases[i].method,
			  cases[i].path, res.body.p);
		json_decref(j);
		http_result_free(&res);
	}
	pr_env_teardown(&e);
}
