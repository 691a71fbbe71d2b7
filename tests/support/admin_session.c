/* admin_session.c: see admin_session.h */
#include "support/admin_session.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long admin_call(const struct admin_session *a, const char *method, const char *path,
		const char *body, struct http_result *res)
{
	char hc[300], hx[160];
	const char *h[4] = { "Content-Type: application/json" };
	if (a->cookie[0]) {
		snprintf(hc, sizeof hc, "Cookie: %s", a->cookie);
		snprintf(hx, sizeof hx, "X-CSRF-Token: %s", a->csrf);
		h[1] = hc;
		h[2] = hx;
	}
	cr_assert_eq(http_do(method, a->port, path, body, body ? strlen(body) : 0, h, 0, res), 0);
	return res->status;
}

void admin_sign_in(struct admin_session *a, unsigned port, const char *user,
		   const char *password)
{
	memset(a, 0, sizeof *a);
	a->port = port;
	json_t *req = json_pack("{s:s,s:s}", "username", user, "password", password);
	char *body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	struct http_result res;
	long status = admin_call(a, "POST", "/api/v1/admin/login", body, &res);
	free(body);
	cr_assert_eq(status, 200, "%s", res.body.p);
	struct buf c = BUF_INIT;
	cr_assert_eq(http_header(&res, "Set-Cookie", &c), 0);
	snprintf(a->cookie, sizeof a->cookie, "%.*s", (int)strcspn(c.p, ";"), c.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	snprintf(a->csrf, sizeof a->csrf, "%s", json_string_value(json_object_get(j, "csrf_token")));
	json_decref(j);
	buf_release(&c);
	http_result_free(&res);
}
