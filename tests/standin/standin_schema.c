/* standin_schema.c: every request held to its operation's schema, as
 * GitHub holds it (standin_internal.h).
 *
 * The schemas are tests/fixtures/github-operations.json (GitHub's OpenAPI
 * description, scripts/github-operations.py).  Checked as each request
 * arrives, after its credentials: the query parameters must be declared
 * (and within their enum), a body must be JSON that fits the request-body
 * schema (types, nulls, enums, required members), and an operation that
 * takes a body must get one.  A mismatch is GitHub's 422 "Invalid
 * request." naming the property, so every test of every workflow is a
 * contract test. */
#include "standin/standin_internal.h"

#include <stdio.h>
#include <string.h>

#include "support/json_schema.h"

#define OPERATIONS NEWSDESK_SRCDIR "/tests/fixtures/github-operations.json"

json_t *si_schema_load(struct buf *err)
{
	json_error_t je;
	json_t *all = json_load_file(OPERATIONS, 0, &je);
	json_t *ops = json_incref(json_object_get(all, "operations"));
	json_decref(all);
	if (!json_is_object(ops)) {
		buf_addf(err, "%s: %s", OPERATIONS, all ? "no \"operations\"" : je.text);
		json_decref(ops);
		return NULL;
	}
	return ops;
}

struct query_check {
	json_t *params;
	char bad[160];
};

static void query_one(const char *key, const char *value, void *arg)
{
	struct query_check *q = arg;
	if (q->bad[0])
		return;
	size_t i;
	json_t *p;
	json_array_foreach(q->params, i, p) {
		if (strcmp(json_string_value(json_object_get(p, "in")), "query") != 0 ||
		    strcmp(json_string_value(json_object_get(p, "name")), key) != 0)
			continue;
		json_t *en = json_object_get(json_object_get(p, "schema"), "enum");
		bool ok = !json_is_array(en);
		size_t k;
		json_t *x;
		json_array_foreach(en, k, x)
			ok |= json_is_string(x) && strcmp(json_string_value(x), value) == 0;
		if (!ok)
			snprintf(q->bad, sizeof q->bad, "For '%s', \"%.40s\" is not a valid value.",
				 key, value);
		return;
	}
	snprintf(q->bad, sizeof q->bad, "'%.40s' is not a parameter of this operation.", key);
}

/* "body.tree[0].mode: not a string" as GitHub words it:
 * "For 'properties/tree/0/mode', not a string." */
static void github_words(const char *err, struct buf *out)
{
	const char *colon = strstr(err, ": ");
	const char *path = strncmp(err, "body", 4) == 0 ? err + 4 : err;
	if (!colon) {
		buf_addf(out, "Invalid request.\n\n%s", err);
		return;
	}
	if (path == colon) {   /* the body itself */
		buf_addf(out, "Invalid request.\n\n%s.", colon + 2);
		return;
	}
	buf_adds(out, "Invalid request.\n\nFor 'properties");
	for (const char *p = path; p < colon; p++) {
		if (*p == '.' || *p == '[')
			buf_addc(out, '/');
		else if (*p != ']')
			buf_addc(out, *p);
	}
	buf_addf(out, "', %s.", colon + 2);
}

static void invalid(struct resp *rs, const char *message)
{
	resp_json(rs, 422, json_pack("{s:s,s:s,s:s}", "message", message, "documentation_url",
				     DOCS_URL, "status", "422"));
}

int si_schema_check(struct standin *s, struct req *r, struct resp *rs, const char *op)
{
	json_t *o = json_object_get(s->ops, op);
	if (!o) {
		si_error(rs, 500, "stand-in: no schema for this operation in "
				  "tests/fixtures/github-operations.json");
		return -1;
	}
	struct query_check q = { json_object_get(o, "parameters"), "" };
	req_query_every(r, query_one, &q);
	if (q.bad[0]) {
		struct buf m = BUF_INIT;
		buf_addf(&m, "Invalid request.\n\n%s", q.bad);
		invalid(rs, m.p);
		buf_release(&m);
		return -1;
	}
	json_t *rb = json_object_get(o, "request_body");
	size_t n = 0;
	const char *body = req_body(r, &n);
	if (!json_is_object(rb))
		return 0;   /* a body where none is taken is ignored, as GitHub does */
	if (!body || !n) {
		if (!json_is_true(json_object_get(rb, "required")))
			return 0;
		si_error(rs, 400, "Problems parsing JSON");
		return -1;
	}
	json_error_t je;
	json_t *v = json_loadb(body, n, 0, &je);
	if (!v) {
		si_error(rs, 400, "Problems parsing JSON");
		return -1;
	}
	struct buf err = BUF_INIT, m = BUF_INIT;
	int rc = json_schema_check(json_object_get(rb, "schema"), v, &err);
	if (rc < 0) {
		github_words(err.p, &m);
		invalid(rs, m.p);
	}
	buf_release(&err);
	buf_release(&m);
	json_decref(v);
	return rc;
}
