/* issue_month.c: the month as the form, the status page and the review
 * page see it, against the real binary: which issue a contribution goes
 * to and until when; once the editor publishes (sets the date on `next`,
 * announced by the push webhook), new contributions wait for the next
 * issue; the month at a glance lists each section's entries and what is
 * on its way. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/http_client.h"

#define TOKEN "ghs_month_token"
#define SECRET "month-webhook-secret"
#define PASSWORD "correct horse battery staple"

static struct bed bed;

static void setup(void)
{
	bed_open(&bed, "month", TOKEN);
	bed_config(&bed, "draft", "deadline_day = 5\n");
	bed_cli(&bed, "user add phil", PASSWORD "\\n", 0);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, "GITHUB_WEBHOOK_SECRET=" SECRET, NULL };
	bed_start(&bed, env);
	bed_webhook(&bed, SECRET);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(issue_month, .init = setup, .fini = teardown, .timeout = 90);

static long call(const char *method, const char *path, const char *body, const char *cookie,
		 struct http_result *res)
{
	char hc[256];
	const char *h[3] = { "Content-Type: application/json" };
	if (cookie) {
		snprintf(hc, sizeof hc, "Cookie: %s", cookie);
		h[1] = hc;
	}
	cr_assert_eq(http_do(method, bed.d.port, path, body, body ? strlen(body) : 0, h, 0, res),
		     0);
	return res->status;
}

static void sign_in(char *cookie, size_t cap)
{
	struct http_result res;
	cr_assert_eq(call("POST", "/api/v1/admin/login",
			  "{\"username\":\"phil\",\"password\":\"" PASSWORD "\"}", NULL, &res), 200);
	struct buf c = BUF_INIT;
	cr_assert_eq(http_header(&res, "Set-Cookie", &c), 0);
	snprintf(cookie, cap, "%.*s", (int)strcspn(c.p, ";"), c.p);
	buf_release(&c);
	http_result_free(&res);
}

static const char *submit(const char *name, struct http_result *res)
{
	char body[512];
	snprintf(body, sizeof body, "{\"section\":\"Other Projects\",\"name\":\"%s\",\"url\":"
				    "\"https://example.org/%s\",\"body\":\"Works.\",\"author\":"
				    "\"octo-cat\"}", name, name);
	cr_assert_eq(call("POST", "/api/v1/submissions", body, NULL, res), 201, "%s",
		     res->body.p);
	json_t *j = json_loads(res->body.p, 0, NULL);
	static char status[256];
	const char *url = json_string_value(json_object_get(j, "status_url"));
	snprintf(status, sizeof status, "%s", strstr(url, "/s/"));
	json_decref(j);
	http_result_free(res);
	return status;
}

Test(issue_month, the_form_and_the_review_page_know_the_month)
{
	struct http_result res;
	cr_assert_eq(call("GET", "/api/v1/draft", NULL, NULL, &res), 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	json_t *issue = json_object_get(j, "issue");
	cr_assert_str_eq(json_string_value(json_object_get(issue, "month")), "2024-04");
	cr_assert_str_eq(json_string_value(json_object_get(issue, "deadline")), "2024-05-05");
	cr_assert(json_is_false(json_object_get(issue, "published")));
	json_decref(j);
	http_result_free(&res);
	cr_assert_eq(call("GET", "/submit", NULL, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "open until <strong>2024-05-05</strong>"), "%s", res.body.p);
	http_result_free(&res);

	const char *status = submit("xhci", &res);
	cr_assert_eq(call("GET", status, NULL, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "Issue: <strong>2024-04</strong>"), "%s", res.body.p);
	http_result_free(&res);

	char cookie[128];
	sign_in(cookie, sizeof cookie);
	cr_assert_eq(call("GET", "/api/v1/admin/month", NULL, cookie, &res), 200, "%s",
		     res.body.p);
	j = json_loads(res.body.p, 0, NULL);
	json_t *sections = json_object_get(j, "sections");
	bool seen = false;
	size_t i;
	json_t *s;
	json_array_foreach(sections, i, s) {
		if (strcmp(json_string_value(json_object_get(s, "title")), "Other Projects") != 0)
			continue;
		json_t *coming = json_array_get(json_object_get(s, "coming"), 0);
		cr_assert_str_eq(json_string_value(json_object_get(coming, "name")), "xhci");
		cr_assert_str_eq(json_string_value(json_object_get(coming, "status")), "pending");
		cr_assert(json_is_array(json_object_get(s, "entries")));
		cr_assert(json_is_boolean(json_object_get(s, "placeholder")));
		seen = true;
	}
	cr_assert(seen, "%s", res.body.p);
	json_decref(j);
	http_result_free(&res);
}

Test(issue_month, after_publication_new_contributions_wait_for_the_next_issue)
{
	char *text = standin_file(bed.gh, "next", DAEMON_DRAFT);
	char *d = strstr(text, "date = 0000-01-01");
	cr_assert_not_null(d);
	memcpy(d, "date = 2024-05-08", 17);
	standin_commit(bed.gh, "next", "Publish April", DAEMON_DRAFT, text);
	free(text);
	struct http_result res;
	/* the push webhook makes the service read the draft again */
	bool out = false;
	for (int i = 0; i < 100 && !out; i++) {
		call("GET", "/api/v1/draft", NULL, NULL, &res);
		out = strstr(res.body.p, "\"published\":true") != NULL;
		http_result_free(&res);
		if (!out)
			usleep(50 * 1000);
	}
	cr_assert(out, "the draft was not seen published");
	cr_assert_eq(call("GET", "/submit", NULL, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "issue is out"), "%s", res.body.p);
	http_result_free(&res);
	const char *status = submit("ehci", &res);
	cr_assert_eq(call("GET", status, NULL, NULL, &res), 200);
	cr_assert(strstr(res.body.p, "Issue: the next one"), "%s", res.body.p);
	http_result_free(&res);
}
