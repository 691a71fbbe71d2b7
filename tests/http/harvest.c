/* harvest.c: `newsdesk harvest --print` against the stand-in's
 * organisation, rebuilt from the real May 2026 issue
 * (tests/fixtures/harvest/2026-05-published.md, its `rust-osdev` Projects
 * section) with noise around it: pull requests merged the month before and
 * after, closed unmerged, still open, by bots, an empty repository and one
 * GitHub refuses with 403.  The harvest gives that issue's lists, comment
 * lines and thanks; the blocks whose prose the editor did not touch come
 * out byte for byte. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/admin_session.h"
#include "util/file.h"

#define TOKEN "ghs_harvest_token"
#define POSTS "content/this-month/"
#define PASSWORD "correct horse battery staple"

static struct bed bed;

static char *fixture(const char *name)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	char path[256];
	snprintf(path, sizeof path, NEWSDESK_SRCDIR "/tests/fixtures/harvest/%s", name);
	cr_assert_eq(file_read(path, 1 << 20, &text, &err), 0, "%s", err.p);
	buf_release(&err);
	return buf_detach(&text, NULL);
}

static void setup(void)
{
	bed_open(&bed, "harvest", TOKEN);
	bed_config(&bed, "harvest", "org = \"rust-osdev\"\nexclude_repos = [\"rust-osdev/homepage\"]\n"
				    "comment_titles = ['^(chore|build)\\(deps', '^ci:']\n");
	char dir[256];
	snprintf(dir, sizeof dir, "%s/tests/fixtures/harvest", NEWSDESK_SRCDIR);
	cr_assert_eq(standin_org_demo(bed.gh, dir), 0);
}

static void teardown(void)
{
	cr_expect_eq(bed_close(&bed), 0);
}

TestSuite(harvest, .init = setup, .fini = teardown, .timeout = 60);

/* Runs the harvest; its stdout and stderr into out and err, the exit code back. */
static int harvest(const char *args, struct buf *out, struct buf *err)
{
	char cmd[768], errpath[160];
	snprintf(errpath, sizeof errpath, "%s/harvest.err", bed.dir);
	snprintf(cmd, sizeof cmd, "GITHUB_TOKEN=%s %s harvest %s --config %s 2>%s", TOKEN,
		 daemon_bin(), args, bed.cfg, errpath);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(out, chunk, n);
	int rc = pclose(p);
	struct buf e = BUF_INIT;
	cr_assert_eq(file_read(errpath, 1 << 20, err, &e), 0, "%s", e.p);
	buf_release(&e);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The block of the text whose heading names project ("" when none). */
static char *block_of(const char *text, const char *project)
{
	char head[96];
	snprintf(head, sizeof head, "### [`%s`]", project);
	const char *b = strstr(text, head);
	if (!b)
		return strdup("");
	const char *e = strstr(b + 4, "\n### ");
	size_t n = e ? (size_t)(e - b) + 1 : strlen(b);
	while (n > 1 && b[n - 1] == '\n' && b[n - 2] == '\n')
		n--;
	return strndup(b, n);
}

/* The lines of a block that start with prefix, joined. */
static char *lines_of(const char *block, const char *prefix)
{
	struct buf out = BUF_INIT;
	for (const char *p = block; *p;) {
		size_t n = strcspn(p, "\n");
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			buf_add(&out, p, n);
			buf_addc(&out, '\n');
		}
		p += n + (p[n] == '\n');
	}
	return buf_detach(&out, NULL);
}

Test(harvest, reproduces_the_issues_lists_comment_lines_and_thanks)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(harvest("--month 2026-05 --print", &out, &err), 0, "%s", err.p);
	/* kept for the README's "Harvest" section */
	FILE *keep = fopen(NEWSDESK_SRCDIR "/build/harvest-print.txt", "w");
	if (keep) {
		fprintf(keep, "%s\n--- stderr ---\n%s", out.p, err.p);
		fclose(keep);
	}
	char *want = fixture("2026-05-published.md");
	static const char *const projects[] = { "acpi", "uefi-rs", "x86_64" };
	for (size_t i = 0; i < 3; i++) {
		char *got = block_of(out.p, projects[i]), *exp = block_of(want, projects[i]);
		cr_assert(*got, "no block for %s in:\n%s", projects[i], out.p);
		static const char *const kinds[] = { "- [", "<!-- - [", "Thanks to ",
						     "<span class=\"maintainers\">", "### " };
		for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
			char *g = lines_of(got, kinds[k]), *e = lines_of(exp, kinds[k]);
			cr_expect_str_eq(g, e, "%s: lines \"%s\"", projects[i], kinds[k]);
			free(g);
			free(e);
		}
		/* uefi-rs and x86_64: the editor kept the prose, so all of it */
		if (i > 0)
			cr_expect_str_eq(got, exp, "%s", projects[i]);
		free(got);
		free(exp);
	}
	/* nothing else: the noise stayed out, the empty repository has no entry */
	cr_expect_null(strstr(out.p, "/pull/284"), "merged the month before");
	cr_expect_null(strstr(out.p, "/pull/305"), "merged the month after");
	cr_expect_null(strstr(out.p, "/pull/300"), "closed unmerged");
	cr_expect_null(strstr(out.p, "/pull/306"), "still open");
	cr_expect_null(strstr(out.p, "/pull/590"), "a bot's, unmerged");
	cr_expect_null(strstr(out.p, "/pull/1955"), "merged in June");
	cr_expect_null(strstr(out.p, "empty-repo"));
	cr_expect_null(strstr(out.p, "homepage"), "excluded");
	/* the refused repository is reported, and the rest went on */
	const char *refused = strstr(err.p, "rust-osdev/secret-repo: refused by GitHub (");
	cr_expect(refused && strstr(refused, "Resource not accessible by integration), skipped"),
		  "%s", err.p);
	cr_expect(strstr(err.p, "harvest: 2026-05: 3 entries proposed"), "%s", err.p);
	free(want);

	/* the walk stopped at the first pull request updated before May: 269
	 * and 270 are on acpi's last page, which is never asked for */
	size_t pages = 0;
	for (size_t i = 0; i < standin_request_count(bed.gh); i++) {
		struct standin_request r;
		cr_assert_eq(standin_request_get(bed.gh, i, &r), 0);
		if (strstr(r.path, "/repos/rust-osdev/acpi/pulls"))
			pages++;
		cr_expect(r.status == 200 || strstr(r.path, "secret-repo"), "%s %s: %d", r.method,
			  r.path, r.status);
		standin_request_free(&r);
	}
	cr_expect_eq(pages, 4, "acpi: 15 closed, 4 a page, the 4th page ends the walk");
	buf_release(&out);
	buf_release(&err);
}

Test(harvest, the_month_defaults_to_the_draft_and_must_be_a_month)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_expect_eq(harvest("--print", &out, &err), 0, "%s", err.p);
	cr_expect(strstr(err.p, "harvest: 2026-05: 3 entries proposed"), "%s", err.p);
	buf_reset(&out);
	buf_reset(&err);
	cr_expect_eq(harvest("--month 2026-13 --print", &out, &err), 2);
	cr_expect(strstr(err.p, "--month"), "%s", err.p);
	buf_release(&out);
	buf_release(&err);
}

/* The review queue as /admin reads it. */
static json_t *queue(const struct admin_session *a)
{
	struct http_result res;
	cr_assert_eq(admin_call(a, "GET", "/api/v1/admin/submissions", NULL, &res), 200, "%s",
		     res.body.p);
	json_t *j = json_loads(res.body.p, 0, NULL);
	http_result_free(&res);
	cr_assert_not_null(j);
	json_t *subs = json_incref(json_object_get(j, "submissions"));
	json_decref(j);
	return subs;
}

/* The queue's proposal whose block is the project's (NULL when none). */
static json_t *proposal_of(json_t *subs, const char *project)
{
	char head[96];
	snprintf(head, sizeof head, "### [`%s`]", project);
	size_t i;
	json_t *v;
	json_array_foreach(subs, i, v) {
		const char *block = json_string_value(json_object_get(json_object_get(v, "fields"),
								      "block"));
		if (block && strncmp(block, head, strlen(head)) == 0)
			return v;
	}
	return NULL;
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The service running, a maintainer signed in. */
static void serve(struct admin_session *admin)
{
	bed_cli(&bed, "user add phil", PASSWORD "\\n", 0);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
	admin_sign_in(admin, bed.d.port, "phil", PASSWORD);
}

/* Without --print: each project's entry waits in the review queue as a
 * pending submission from source "harvest"; a second run changes nothing,
 * a pull request merged since updates the proposal still waiting, one a
 * maintainer turned down is left alone, and a draft that holds the
 * project's block gets a `replace` of it that keeps what is written there. */
Test(harvest, proposals_wait_in_the_review_queue_and_are_never_duplicated)
{
	struct admin_session admin;
	serve(&admin);

	struct buf out = BUF_INIT, err = BUF_INIT, printed = BUF_INIT;
	cr_assert_eq(harvest("--month 2026-05 --print", &printed, &err), 0, "%s", err.p);
	buf_reset(&err);
	cr_assert_eq(harvest("--month 2026-05", &out, &err), 0, "%s", err.p);
	cr_expect_eq(out.len, 0, "stores, prints nothing: %s", out.p);
	for (int id = 1; id <= 3; id++) {
		char said[64];
		snprintf(said, sizeof said, ": submission %d proposed\n", id);
		cr_expect(strstr(err.p, said), "%s in %s", said, err.p);
	}
	json_t *subs = queue(&admin);
	cr_assert_eq(json_array_size(subs), 3);
	static const char *const projects[] = { "acpi", "uefi-rs", "x86_64" };
	for (size_t i = 0; i < 3; i++) {
		json_t *p = proposal_of(subs, projects[i]);
		cr_assert_not_null(p, "%s", projects[i]);
		cr_expect_str_eq(json_string_value(json_object_get(p, "source")), "harvest");
		cr_expect_str_eq(json_string_value(json_object_get(p, "status")), "pending");
		cr_expect_str_eq(json_string_value(json_object_get(p, "section")),
				 "`rust-osdev` Projects");
		cr_expect_str_eq(json_string_value(json_object_get(p, "author")), "phil-opp",
				 "the issue's editor");
		/* what --print shows is what is stored */
		char *want = block_of(printed.p, projects[i]);
		cr_expect_str_eq(json_string_value(json_object_get(json_object_get(p, "fields"),
								   "block")), want);
		free(want);
	}
	int64_t acpi = json_integer_value(json_object_get(proposal_of(subs, "acpi"), "id"));
	json_decref(subs);

	/* again: nothing new */
	buf_reset(&err);
	cr_assert_eq(harvest("--month 2026-05", &out, &err), 0, "%s", err.p);
	cr_expect_eq(count(err.p, "still pending, unchanged\n"), 3, "%s", err.p);

	/* a pull request merged since, and a proposal turned down */
	standin_org_pull(bed.gh, "x86_64", 591, "Add `PhysFrame::range_inclusive`", "octo-new",
			 "2026-05-20T10:00:00Z", "2026-05-30T10:00:00Z", "2026-05-30T10:00:00Z",
			 "2026-05-30T10:00:00Z");
	char path[96];
	struct http_result res;
	snprintf(path, sizeof path, "/api/v1/admin/submissions/%lld/reject", (long long)acpi);
	cr_assert_eq(admin_call(&admin, "POST", path, "{\"reason\":\"written by hand\"}", &res), 200,
		     "%s", res.body.p);
	http_result_free(&res);
	buf_reset(&err);
	cr_assert_eq(harvest("--month 2026-05", &out, &err), 0, "%s", err.p);
	cr_expect(strstr(err.p, "rust-osdev/x86_64: submission 3 still pending, updated"), "%s",
		  err.p);
	cr_expect(strstr(err.p, "rust-osdev/acpi: submission 1 under review or decided already"),
		  "%s", err.p);
	subs = queue(&admin);
	cr_expect_eq(json_array_size(subs), 3, "never duplicated");
	const char *x86 = json_string_value(json_object_get(
		json_object_get(proposal_of(subs, "x86_64"), "fields"), "block"));
	cr_expect(strstr(x86, "We merged the following PRs this month:\n"), "%s", x86);
	cr_expect(strstr(x86, "- [Add `PhysFrame::range_inclusive`](https://github.com/rust-osdev/"
			      "x86_64/pull/591)\n"), "%s", x86);
	cr_expect(strstr(x86, "Thanks to [@octo-new](https://github.com/octo-new) for their "
			      "contribution!\n"), "%s", x86);
	json_decref(subs);

	/* the maintainer filled in the draft's uefi-rs block meanwhile */
	char *draft = fixture("2026-05.md");
	memcpy(strstr(draft, "\ndate = 2026-06-05\n"), "\ndate = 0000-01-01\n", 18);
	struct buf with = BUF_INIT;
	const char *gray = strstr(draft, "<span class=\"gray\">No projects updates");
	cr_assert_not_null(gray);
	buf_add(&with, draft, (size_t)(gray - draft));
	buf_adds(&with, "### [`uefi-rs`](https://github.com/rust-osdev/uefi-rs)\n"
			"<span class=\"maintainers\">Maintained by [@phip1611](https://github.com/"
			"phip1611)</span>\n\nIn May, `uefi` learned a lot.\n\n");
	buf_adds(&with, strchr(gray, '\n') + 1);
	standin_commit(bed.gh, "next", "uefi-rs filled in", POSTS "2026-05/index.md", with.p);
	buf_release(&with);
	free(draft);
	buf_reset(&err);
	cr_assert_eq(harvest("--month 2026-05", &out, &err), 0, "%s", err.p);
	cr_expect(strstr(err.p, "rust-osdev/uefi-rs: 10 pull requests merged, a replace of the "
				"draft's entry"), "%s", err.p);
	subs = queue(&admin);
	json_t *fields = json_object_get(proposal_of(subs, "uefi-rs"), "fields");
	cr_expect_str_eq(json_string_value(json_object_get(fields, "replace")), "uefi-rs");
	const char *uefi = json_string_value(json_object_get(fields, "block"));
	cr_expect(strstr(uefi, "\n\nIn May, `uefi` learned a lot.\n\nWe merged the following PRs "
			       "this month:\n\n- [Fix connect_controller"), "%s", uefi);
	/* the draft's maintainers line is the one kept, so @nicholasbishop is thanked now */
	cr_expect(strstr(uefi, "Thanks to [@seijikun](https://github.com/seijikun) and "
			       "[@nicholasbishop](https://github.com/nicholasbishop) for their "
			       "contributions!\n"), "%s", uefi);
	json_decref(subs);
	buf_release(&out);
	buf_release(&err);
	buf_release(&printed);
}

/* The month view's button: the harvest as a job of the service; its report
 * (the repository GitHub refused included) for the month view, its
 * proposals in the queue. */
Test(harvest, the_month_views_button_queues_it_as_a_job)
{
	struct admin_session admin;
	serve(&admin);
	struct http_result res;
	cr_assert_eq(admin_call(&admin, "GET", "/api/v1/admin/harvest?month=2026-05", NULL, &res),
		     200);
	cr_expect(strstr(res.body.p, "\"harvest\":null"), "%s", res.body.p);
	http_result_free(&res);
	cr_expect_eq(admin_call(&admin, "POST", "/api/v1/admin/harvest", "{\"month\":\"2026-5\"}",
				&res), 400, "%s", res.body.p);
	http_result_free(&res);
	cr_assert_eq(admin_call(&admin, "POST", "/api/v1/admin/harvest", "{\"month\":\"2026-05\"}",
				&res), 202, "%s", res.body.p);
	http_result_free(&res);

	json_t *h = NULL;
	for (int i = 0; i < 200 && !h; i++) {
		cr_assert_eq(admin_call(&admin, "GET", "/api/v1/admin/harvest?month=2026-05", NULL,
					&res), 200);
		json_t *j = json_loads(res.body.p, 0, NULL);
		http_result_free(&res);
		if (json_is_object(json_object_get(j, "harvest")))
			h = json_incref(json_object_get(j, "harvest"));
		json_decref(j);
		if (!h)
			usleep(50 * 1000);
	}
	cr_assert_not_null(h, "the job never reported");
	cr_expect_str_eq(json_string_value(json_object_get(h, "month")), "2026-05");
	char *lines = json_dumps(json_object_get(h, "report"), 0);
	cr_expect(strstr(lines, "rust-osdev/secret-repo: refused by GitHub"), "%s", lines);
	cr_expect(strstr(lines, "\"2026-05: 3 entries proposed\""), "%s", lines);
	free(lines);
	json_decref(h);
	json_t *subs = queue(&admin);
	cr_expect_eq(json_array_size(subs), 3);
	cr_expect_str_eq(json_string_value(json_object_get(proposal_of(subs, "uefi-rs"), "source")),
			 "harvest");
	json_decref(subs);
	/* the month at a glance names them by their heading */
	cr_assert_eq(admin_call(&admin, "GET", "/api/v1/admin/month", NULL, &res), 200, "%s",
		     res.body.p);
	cr_expect(strstr(res.body.p, "\"name\":\"uefi-rs\""), "%s", res.body.p);
	cr_expect(strstr(res.body.p, "\"name\":\"x86_64\""), "%s", res.body.p);
	http_result_free(&res);
}

/* GitHub's limits: a secondary rate limit (429, retry-after) is waited out
 * and the harvest goes on; the cap per repository stops the walk and says
 * so. */
Test(harvest, rate_limits_are_waited_out_and_the_cap_is_said)
{
	standin_fault(bed.gh, "GET /repos/{owner}/{repo}/pulls", 2, FAULT_SECONDARY);
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(harvest("--month 2026-05 --print", &out, &err), 0, "%s", err.p);
	cr_expect(strstr(err.p, "GitHub asks to wait"), "%s", err.p);
	cr_expect(strstr(err.p, "harvest: 2026-05: 3 entries proposed"), "%s", err.p);
	cr_expect_eq(count(out.p, "/pull/"), 20, "every pull request of the issue: %s", out.p);

	bed_config(&bed, "harvest", "max_pulls_per_repo = 3\n");
	buf_reset(&out);
	buf_reset(&err);
	cr_assert_eq(harvest("--month 2026-05 --print", &out, &err), 0, "%s", err.p);
	cr_expect(strstr(err.p, "rust-osdev/uefi-rs: 2 pull requests merged, a new entry (capped: "
				"max_pulls_per_repo reached)"), "%s", err.p);
	cr_expect(strstr(err.p, "rust-osdev/acpi: none merged among the 3 read (capped: "
				"max_pulls_per_repo reached)"), "%s", err.p);
	cr_expect_lt(count(out.p, "/pull/"), 20, "%s", out.p);
	buf_release(&out);
	buf_release(&err);
}
