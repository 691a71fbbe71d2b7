/* comment_imports.c: bringing utterances and giscus threads along, and
 * the export/import round trip, with the real binary against the
 * stand-in: dozens of pages over several result pages, Unicode, code, a
 * hostile body, hidden comments, pull requests and ordinary issues mixed
 * in, a rate-limit pause, a run interrupted and resumed, a second run
 * that adds nothing. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "standin/standin.h"
#include "support/bed.h"
#include "support/daemon.h"
#include "support/http_client.h"
#include "util/file.h"

#define TOKEN "ghs_import_token"
#define PAGES 36
#define T0 1640995200   /* 2022-01-01 */

static struct bed bed;
static char out_path[160];

static void setup(void)
{
	bed_open(&bed, "imp", TOKEN);
	snprintf(out_path, sizeof out_path, "%s/out.txt", bed.dir);
	standin_max_per_page(bed.gh, 10);
}

static void teardown(void)
{
	bed_close(&bed);
}

TestSuite(comment_imports, .init = setup, .fini = teardown, .timeout = 120);

/* `newsdesk ARGS` with the bed's config; exit code, output in out. */
static int run(const char *args, const char *config, struct buf *out)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "GITHUB_TOKEN=%s %s %s --config %s > %s 2>&1", TOKEN,
		 daemon_bin(), args, config, out_path);
	int rc = system(cmd);
	struct buf err = BUF_INIT;
	buf_reset(out);
	file_read(out_path, 1 << 22, out, &err);
	buf_release(&err);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *utterances_body(const char *title, const char *url)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "# %s\n\nWelcome to a new issue of \"This Month in Rust OSDev\".\n\n[%s](%s)",
		 title, url, url);
	return buf_detach(&b, NULL);
}

/* The utterances thread of the January 2020 issue: its issue number. */
static int january_thread(void)
{
	const char *url = "https://rust-osdev.com/this-month/2020-01/";
	char *body = utterances_body("This Month in Rust OSDev: 2020-01", url);
	int n = standin_issue(bed.gh, url, body, false, NULL);
	free(body);
	return n;
}

/* The site's threads: PAGES pages with 0-4 comments each, one with 25;
 * mixed in a pull request and an ordinary issue.  Returns how many
 * comments are visible on GitHub (not minimized). */
static int seed_utterances(void)
{
	int visible = 0;
	for (int i = 0; i < PAGES; i++) {
		char url[128], title[96];
		snprintf(url, sizeof url, "https://rust-osdev.com/this-month/%d-%02d/",
			 2020 + i / 12, i % 12 + 1);
		snprintf(title, sizeof title, "This Month in Rust OSDev: %d-%02d", 2020 + i / 12,
			 i % 12 + 1);
		char *body = utterances_body(title, url);
		int n = standin_issue(bed.gh, url, body, false, NULL);
		free(body);
		int comments = i == 3 ? 25 : i % 5;
		for (int k = 0; k < comments; k++) {
			char text[256];
			snprintf(text, sizeof text, "Comment %d on %s — ünïcödé ✓ `code` and\n\n"
						    "```rust\nfn main() {}\n```\n", k, title);
			standin_thread_comment(bed.gh, n, false, 0, k % 2 ? "phil-opp" : "bjorn3",
					       k % 2 ? 1001 : 2002, text, T0 + i * 86400 + k,
					       T0 + i * 86400 + k, NULL);
			visible++;
		}
	}
	/* the hostile one and a hidden one, on the first page */
	int64_t hostile = standin_thread_comment(bed.gh, 1, false, 0, "mallory", 666,
						 "<script>alert(1)</script> [x](javascript:alert(1)) "
						 "<img src=x onerror=alert(1)>", T0, T0, NULL);
	/* GitHub's reactions: on the issue (the page's) and on a comment */
	const int64_t on_issue[STANDIN_REACTIONS] = { 7, 0, 0, 2, 0, 3, 0, 0 };
	const int64_t on_comment[STANDIN_REACTIONS] = { 0, 1, 4, 0, 0, 0, 0, 5 };
	standin_reactions(bed.gh, 1, false, 0, on_issue);
	standin_reactions(bed.gh, 1, false, hostile, on_comment);
	visible++;
	standin_thread_comment(bed.gh, 1, false, 0, "spammer", 777, "buy things", T0, T0, "SPAM");
	standin_issue(bed.gh, "Fix a typo", "It was wrong.", true, NULL);
	standin_issue(bed.gh, "The site is down", "Please fix.", false, NULL);
	return visible;
}

static json_t *thread(unsigned port, const char *page)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/comments?page=%s", page);
	struct http_result res;
	const char *h[] = { NULL };
	cr_assert_eq(http_do("GET", port, path, NULL, 0, h, 0, &res), 0);
	cr_assert_eq(res.status, 200);
	json_t *j = json_loads(res.body.p, 0, NULL);
	http_result_free(&res);
	return j;
}

/* o's reactions, keys sorted, are want. */
static void reactions_are(json_t *o, const char *want)
{
	char *got = json_dumps(json_object_get(o, "reactions"), JSON_COMPACT | JSON_SORT_KEYS);
	cr_assert_str_eq(got, want);
	free(got);
}

Test(comment_imports, utterances_threads_come_along_once)
{
	int visible = seed_utterances();
	struct buf out = BUF_INIT;
	/* a rate limit on the second result page: waited out */
	standin_fault(bed.gh, "GET /repos/{owner}/{repo}/issues", 2, FAULT_SECONDARY);
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url --dry-run",
			 bed.cfg, &out), 0, "%s", out.p);
	cr_assert(strstr(out.p, "dry run"), "%s", out.p);
	/* the dry run counts the hidden comment it lists */
	cr_assert(strstr(out.p, "(hidden)") && strstr(out.p, "1 of them hidden as on GitHub"),
		  "%s", out.p);
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url "
			 "--site https://rust-osdev.com", bed.cfg, &out), 0, "%s", out.p);
	char want[160];
	snprintf(want, sizeof want, "%d threads (2 left out), %d comments imported", PAGES,
		 visible + 1);
	cr_assert(strstr(out.p, want), "want \"%s\" in\n%s", want, out.p);
	cr_assert(strstr(out.p, "a pull request") && strstr(out.p, "not an utterances thread"),
		  "%s", out.p);
	cr_assert(strstr(out.p, "1 of them hidden as on GitHub"), "%s", out.p);

	/* a second run: nothing new */
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url",
			 bed.cfg, &out), 0, "%s", out.p);
	snprintf(want, sizeof want, "0 comments imported, %d there already", visible + 1);
	cr_assert(strstr(out.p, want), "want \"%s\" in\n%s", want, out.p);
	/* counted again, not twice: a run puts GitHub's counts in place */
	cr_assert(strstr(out.p, "22 reactions counted"), "%s", out.p);

	bed_start(&bed, NULL);
	json_t *j = thread(bed.d.port, "/this-month/2020-01/");
	json_t *list = json_object_get(j, "comments");
	cr_assert_eq(json_array_size(list), 1, "the hidden one stays hidden");
	json_t *c = json_array_get(list, 0);
	cr_assert_str_eq(json_string_value(json_object_get(c, "author")), "mallory");
	cr_assert(json_is_true(json_object_get(c, "verified")));
	const char *html = json_string_value(json_object_get(c, "html"));
	cr_assert_null(strstr(html, "<script"), "%s", html);
	cr_assert_null(strstr(html, "javascript:"), "%s", html);
	cr_assert_null(strstr(html, "<img"), "%s", html);
	/* the issue's reactions are the page's, the comment's its own */
	reactions_are(j, "{\"+1\":7,\"heart\":3,\"hooray\":2}");
	reactions_are(c, "{\"-1\":1,\"eyes\":5,\"laugh\":4}");
	json_decref(j);
	j = thread(bed.d.port, "/this-month/2020-02/");
	cr_assert_eq(json_object_size(json_object_get(j, "reactions")), 0, "none there");
	json_decref(j);
	j = thread(bed.d.port, "/this-month/2020-04/");
	list = json_object_get(j, "comments");
	cr_assert_eq(json_array_size(list), 25, "three result pages of one thread");
	c = json_array_get(list, 0);
	cr_assert(strstr(json_string_value(json_object_get(c, "html")), "ünïcödé ✓ <code>code"));
	cr_assert(strstr(json_string_value(json_object_get(c, "html")), "<pre><code class=\"language-rust\">"));
	cr_assert_str_eq(json_string_value(json_object_get(c, "created_at")), "2022-01-04T00:00:00Z");
	json_decref(j);
	buf_release(&out);
}

Test(comment_imports, an_interrupted_run_resumes_without_twins)
{
	int visible = seed_utterances();
	struct buf out = BUF_INIT;
	/* GitHub takes the token back half-way */
	standin_fault(bed.gh, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", 12,
		      FAULT_401);
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 1, "%s", out.p);
	cr_assert(strstr(out.p, "run the same command again to resume"), "%s", out.p);
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 0, "%s", out.p);
	/* every comment once: the export counts them */
	char exp[200];
	snprintf(exp, sizeof exp, "export %s/all.json", bed.dir);
	cr_assert_eq(run(exp, bed.cfg, &out), 0, "%s", out.p);
	json_t *doc = json_load_file(strchr(exp, ' ') + 1, 0, NULL);
	cr_assert_not_null(doc);
	cr_assert_eq(json_array_size(json_object_get(json_object_get(doc, "tables"), "comments")),
		     (size_t)visible + 1);
	json_decref(doc);
	buf_release(&out);
}

Test(comment_imports, giscus_threads_keep_their_replies)
{
	standin_discussion_category(bed.gh, "DIC_kwDOannounce", "Announcements", "announcements");
	standin_discussion_category(bed.gh, "DIC_kwDOcomments", "Comments", "comments");
	int visible = 0;
	for (int i = 0; i < 30; i++) {
		char title[64], url[128];
		snprintf(title, sizeof title, "posts/%d/", i);
		snprintf(url, sizeof url, "https://example.org/posts/%d/", i);
		char *body = utterances_body(title, url);
		int n = standin_discussion(bed.gh, "DIC_kwDOcomments", title, body);
		free(body);
		int64_t top = standin_thread_comment(bed.gh, n, true, 0, "phil-opp", 1001,
						     "Top-level **comment**", T0, T0, NULL);
		int64_t reply = standin_thread_comment(bed.gh, n, true, top, "bjorn3", 2002,
						       "A reply", T0 + 5, T0 + 60, NULL);
		if (i == 7) {
			const int64_t on_disc[STANDIN_REACTIONS] = { 0, 0, 0, 0, 0, 0, 9, 0 };
			const int64_t on_top[STANDIN_REACTIONS] = { 2, 0, 0, 0, 1, 0, 0, 0 };
			const int64_t on_reply[STANDIN_REACTIONS] = { 0, 0, 0, 0, 0, 6, 0, 0 };
			standin_reactions(bed.gh, n, true, 0, on_disc);
			standin_reactions(bed.gh, n, true, top, on_top);
			standin_reactions(bed.gh, n, true, reply, on_reply);
		}
		standin_thread_comment(bed.gh, n, true, top, "spammer", 777, "spam reply", T0 + 6,
				       T0 + 6, "SPAM");
		visible += 2;
	}
	standin_discussion(bed.gh, "DIC_kwDOannounce", "Release 1.0", "# Release\n\nOut now.");
	struct buf out = BUF_INIT;
	cr_assert_eq(run("import giscus --repo rust-osdev/homepage --category Comments "
			 "--mapping pathname", bed.cfg, &out), 0, "%s", out.p);
	char want[128];
	snprintf(want, sizeof want, "30 threads (0 left out), %d comments imported", visible + 30);
	cr_assert(strstr(out.p, want), "want \"%s\" in\n%s", want, out.p);
	bed_start(&bed, NULL);
	json_t *j = thread(bed.d.port, "/posts/7/");
	json_t *list = json_object_get(j, "comments");
	cr_assert_eq(json_array_size(list), 2);
	json_t *top = json_array_get(list, 0), *reply = json_array_get(list, 1);
	cr_assert(json_is_null(json_object_get(top, "parent")));
	cr_assert_eq(json_integer_value(json_object_get(reply, "parent")),
		     json_integer_value(json_object_get(top, "id")));
	cr_assert(json_is_string(json_object_get(reply, "edited_at")), "edited on GitHub");
	/* the discussion's reactions are the page's; each comment keeps its own */
	reactions_are(j, "{\"rocket\":9}");
	reactions_are(top, "{\"+1\":2,\"confused\":1}");
	reactions_are(reply, "{\"heart\":6}");
	json_decref(j);

	/* the review page lists what came, page by page */
	bed_cli(&bed, "user add phil", "correct horse battery staple\\n", 0);
	const char *login = "{\"username\":\"phil\",\"password\":\"correct horse battery staple\"}";
	const char *h[] = { "Content-Type: application/json", NULL };
	struct http_result res;
	cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/admin/login", login, strlen(login), h, 0,
			     &res), 0);
	struct buf cookie = BUF_INIT, hc = BUF_INIT;
	cr_assert_eq(http_header(&res, "Set-Cookie", &cookie), 0);
	http_result_free(&res);
	buf_addf(&hc, "Cookie: %.*s", (int)strcspn(cookie.p, ";"), cookie.p);
	const char *h2[] = { hc.p, NULL };
	cr_assert_eq(http_do("GET", bed.d.port, "/api/v1/admin/imports", NULL, 0, h2, 0, &res), 0);
	cr_assert_eq(res.status, 200, "%s", res.body.p);
	j = json_loads(res.body.p, 0, NULL);
	json_t *pages = json_object_get(j, "pages");
	cr_assert_eq(json_array_size(pages), 30);
	json_t *p0 = json_array_get(pages, 0);
	cr_assert_str_eq(json_string_value(json_object_get(p0, "source")), "giscus");
	cr_assert_eq(json_integer_value(json_object_get(p0, "comments")), 3);
	cr_assert_eq(json_integer_value(json_object_get(p0, "shown")), 2);
	json_decref(j);
	http_result_free(&res);
	buf_release(&cookie);
	buf_release(&hc);
	buf_release(&out);
}

Test(comment_imports, export_import_export_is_byte_for_byte)
{
	seed_utterances();
	struct buf out = BUF_INIT, a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 0, "%s", out.p);
	/* a maintainer and a submission too */
	bed_cli(&bed, "user add phil", "correct horse battery staple\\n", 0);
	const char *env[] = { "GITHUB_TOKEN=" TOKEN, NULL };
	bed_start(&bed, env);
	const char *sub = "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":"
			  "\"https://example.org/x\",\"body\":\"Works.\",\"author\":\"octo-cat\"}";
	struct http_result res;
	const char *h[] = { "Content-Type: application/json", NULL };
	cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/submissions", sub, strlen(sub), h, 0,
			     &res), 0);
	cr_assert_eq(res.status, 201, "%s", res.body.p);
	http_result_free(&res);
	/* a reader's reactions, beside the counts the import brought */
	const char *react = "{\"page\":\"/this-month/2020-01/\",\"content\":\"eyes\"}";
	cr_assert_eq(http_do("POST", bed.d.port, "/api/v1/reactions", react, strlen(react), h, 0,
			     &res), 0);
	cr_assert_eq(res.status, 200, "%s", res.body.p);
	http_result_free(&res);
	char cmd[256], other[160], path_a[160], path_b[160];
	snprintf(path_a, sizeof path_a, "%s/a.json", bed.dir);
	snprintf(path_b, sizeof path_b, "%s/b.json", bed.dir);
	snprintf(cmd, sizeof cmd, "export %s", path_a);
	cr_assert_eq(run(cmd, bed.cfg, &out), 0, "%s", out.p);
	snprintf(other, sizeof other, "%s/other.toml", bed.dir);
	FILE *f = fopen(other, "w");
	fprintf(f, "[storage]\ndatabase = \"%s/other.db\"\n", bed.dir);
	fclose(f);
	snprintf(cmd, sizeof cmd, "import json %s", path_a);
	cr_assert_eq(run(cmd, other, &out), 0, "%s", out.p);
	/* into a database that holds something: refused, nothing written */
	cr_assert_eq(run(cmd, other, &out), 1, "%s", out.p);
	cr_assert(strstr(out.p, "import into an empty one"), "%s", out.p);
	snprintf(cmd, sizeof cmd, "export %s", path_b);
	cr_assert_eq(run(cmd, other, &out), 0, "%s", out.p);
	struct stat st;
	cr_assert_eq(stat(path_a, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "an export holds emails: mode %o", st.st_mode & 0777);
	cr_assert_eq(file_read(path_a, 1 << 24, &a, &err), 0);
	cr_assert_eq(file_read(path_b, 1 << 24, &b, &err), 0);
	cr_assert_eq(a.len, b.len);
	cr_assert(memcmp(a.p, b.p, a.len) == 0, "the two exports differ");
	cr_assert(strstr(a.p, "\"password_hash\"") == NULL, "no password hashes");
	cr_assert(strstr(a.p, "\"content\":\"eyes\",\"reactor\":\"anon:"), "a reader's reaction");
	cr_assert(strstr(a.p, "\"content\":\"+1\",\"count\":7"), "an imported count");
	cr_assert(strstr(a.p, "\"name\":\"phil\""));
	buf_release(&out);
	buf_release(&a);
	buf_release(&b);
	buf_release(&err);
}

/* A document that is not quite ours is refused whole: nothing of it is
 * written, and the message says where it went wrong. */
Test(comment_imports, a_bad_document_imports_nothing)
{
	struct buf out = BUF_INIT;
	static const char *const docs[][2] = {
		{ "{\"format\":\"other\",\"version\":1,\"tables\":{}}", "not a newsdesk export" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"users\":["
		  "{\"id\":1,\"name\":\"a\",\"created_at\":1,\"updated_at\":1}],\"comments\":["
		  "{\"id\":1,\"page\":\"/p/\",\"author\":\"x\",\"author_key\":\"name:x\","
		  "\"body_md\":\"b\",\"body_html\":\"<p>b</p>\",\"body_hash\":\"00\","
		  "\"status\":\"approved\",\"created_at\":1,\"updated_at\":1,\"password\":\"x\"}]}}",
		  "unknown column \"password\"" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"users\":["
		  "{\"id\":\"one\",\"name\":\"a\",\"created_at\":1,\"updated_at\":1}]}}",
		  "users[0].id: wrong type" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"sessions\":[]}}",
		  "unknown table" },
		/* a tampered export is input like a post: each field as a post's */
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"comments\":["
		  "{\"id\":7,\"page\":\"/p/\",\"author\":\"x\",\"author_key\":\"name:x\","
		  "\"website\":\"javascript:alert(1)\",\"body_md\":\"b\",\"body_html\":\"\","
		  "\"body_hash\":\"00\",\"status\":\"approved\",\"created_at\":1,\"updated_at\":1}]}}",
		  "comments[0] (id 7): website:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"comments\":["
		  "{\"id\":7,\"page\":\"/p/../q/\",\"author\":\"x\",\"author_key\":\"name:x\","
		  "\"body_md\":\"b\",\"body_html\":\"\",\"body_hash\":\"00\",\"status\":\"approved\","
		  "\"created_at\":1,\"updated_at\":1}]}}",
		  "comments[0] (id 7): page:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"comments\":["
		  "{\"id\":7,\"page\":\"/p/\",\"author\":\"evil\\u0001\",\"author_key\":\"gh:1\","
		  "\"github_id\":1,\"body_md\":\"b\",\"body_html\":\"\",\"body_hash\":\"00\","
		  "\"status\":\"approved\",\"created_at\":1,\"updated_at\":1}]}}",
		  "comments[0] (id 7): author: not a GitHub login" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"comments\":["
		  "{\"id\":7,\"page\":\"/p/\",\"author\":\"x\",\"author_key\":\"name:x\","
		  "\"avatar_url\":\"javascript:x\",\"body_md\":\"b\",\"body_html\":\"\","
		  "\"body_hash\":\"00\",\"status\":\"approved\",\"created_at\":1,\"updated_at\":1}]}}",
		  "comments[0] (id 7): avatar_url:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"submissions\":["
		  "{\"id\":3,\"author\":\"<script>\",\"payload\":\"{}\"}]}}",
		  "submissions[0] (id 3): author: not a GitHub login" },
		/* reactions as the API takes them: one of the eight, on a comment of the page */
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"reactions\":["
		  "{\"id\":2,\"page\":\"/p/\",\"content\":\"<b>\",\"reactor\":\"gh:1\","
		  "\"created_at\":1}]}}",
		  "reactions[0] (id 2): content:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"reactions\":["
		  "{\"id\":2,\"page\":\"/p/\",\"comment_id\":9,\"content\":\"+1\","
		  "\"reactor\":\"gh:1\",\"created_at\":1}]}}",
		  "reactions[0] (id 2): comment_id:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"reactions\":["
		  "{\"id\":2,\"page\":\"/p/\",\"content\":\"+1\",\"reactor\":\"token\","
		  "\"created_at\":1}]}}",
		  "reactions[0] (id 2): reactor:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"reaction_counts\":["
		  "{\"id\":2,\"page\":\"/p/\",\"content\":\"+1\",\"count\":-3}]}}",
		  "reaction_counts[0] (id 2): count:" },
		{ "{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"users\":[] ",
		  "end of file" },
	};
	char path[160], cmd[200], want[160];
	snprintf(path, sizeof path, "%s/bad.json", bed.dir);
	snprintf(cmd, sizeof cmd, "import json %s", path);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f);
		fputs(docs[i][0], f);
		fclose(f);
		cr_assert_eq(run(cmd, bed.cfg, &out), 1, "%s", out.p);
		cr_assert(strstr(out.p, docs[i][1]), "want \"%s\" in %s", docs[i][1], out.p);
	}
	/* the first user of the third document never arrived */
	snprintf(want, sizeof want, "export %s/after.json", bed.dir);
	cr_assert_eq(run(want, bed.cfg, &out), 0, "%s", out.p);
	snprintf(path, sizeof path, "%s/after.json", bed.dir);
	struct buf text = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(file_read(path, 1 << 20, &text, &err), 0);
	cr_assert(strstr(text.p, "\"users\":[]"), "%s", text.p);
	buf_release(&text);
	buf_release(&err);
	/* and the commands say what they want when asked wrongly */
	cr_assert_eq(run("import utterances --repo nope --issue-term url", bed.cfg, &out), 2);
	cr_assert(strstr(out.p, "--repo must be OWNER/NAME"), "%s", out.p);
	cr_assert_eq(run("import giscus --repo a/b --mapping url", bed.cfg, &out), 2);
	cr_assert(strstr(out.p, "--category"), "%s", out.p);
	buf_release(&out);
}

/* What a tampered export says a comment rendered to is not trusted: the
 * HTML is made anew from the Markdown, as for a post. */
Test(comment_imports, imported_html_is_rendered_anew)
{
	struct buf out = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	char path[160], cmd[200];
	snprintf(path, sizeof path, "%s/tampered.json", bed.dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"format\":\"newsdesk-export\",\"version\":1,\"tables\":{\"comments\":["
	      "{\"id\":1,\"page\":\"/p/\",\"author\":\"x\",\"author_key\":\"name:x\","
	      "\"body_md\":\"*hello*\",\"body_html\":\"<script>alert(1)</script>\","
	      "\"body_hash\":\"00\",\"status\":\"approved\",\"created_at\":1,\"updated_at\":1}]}}",
	      f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "import json %s", path);
	cr_assert_eq(run(cmd, bed.cfg, &out), 0, "%s", out.p);
	snprintf(cmd, sizeof cmd, "export %s/again.json", bed.dir);
	cr_assert_eq(run(cmd, bed.cfg, &out), 0, "%s", out.p);
	snprintf(path, sizeof path, "%s/again.json", bed.dir);
	cr_assert_eq(file_read(path, 1 << 20, &text, &err), 0);
	cr_assert(strstr(text.p, "<script>") == NULL, "%s", text.p);
	cr_assert(strstr(text.p, "<em>hello</em>"), "%s", text.p);
	buf_release(&out);
	buf_release(&text);
	buf_release(&err);
}

/* What GitHub sends is input too: a login that is not one (a control
 * character broke the Atom feed once) is refused, the rest comes along. */
Test(comment_imports, a_login_github_should_not_send_is_refused)
{
	int n = january_thread();
	standin_thread_comment(bed.gh, n, false, 0, "evil\x01name", 4242, "hi", T0, T0, NULL);
	standin_thread_comment(bed.gh, n, false, 0, "phil-opp", 1001, "fine", T0, T0, NULL);
	struct buf out = BUF_INIT;
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 0, "%s", out.p);
	cr_assert(strstr(out.p, "its author is not a GitHub login"), "%s", out.p);
	cr_assert(strstr(out.p, "1 comments imported") && strstr(out.p, "1 refused"), "%s", out.p);
	buf_release(&out);
}

/* --site is an origin and a path boundary, not a prefix of characters. */
Test(comment_imports, a_look_alike_site_is_left_out)
{
	static const char *const urls[] = {
		"https://rust-osdev.com.evil.example/this-month/2020-01/",
		"https://rust-osdev.community/this-month/2020-01/",
		"https://rust-osdev.com/this-month/2020-02/",
	};
	for (size_t i = 0; i < 3; i++) {
		char *body = utterances_body("This Month in Rust OSDev", urls[i]);
		int n = standin_issue(bed.gh, urls[i], body, false, NULL);
		free(body);
		standin_thread_comment(bed.gh, n, false, 0, "phil-opp", 1001, "hello", T0, T0, NULL);
	}
	struct buf out = BUF_INIT;
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url "
			 "--site https://rust-osdev.com/", bed.cfg, &out), 0, "%s", out.p);
	cr_assert(strstr(out.p, "1 threads (2 left out), 1 comments imported"), "%s", out.p);
	cr_assert(strstr(out.p, "another site than --site"), "%s", out.p);
	buf_release(&out);
}

/* A thread reads in the order its comments were written, however they
 * arrived: an import brings a 2022 comment after a 2026 one. */
Test(comment_imports, imported_comments_read_in_the_order_written)
{
	int n = january_thread();
	/* GitHub lists them by id: the later-written one was created first here */
	standin_thread_comment(bed.gh, n, false, 0, "phil-opp", 1001, "written in 2026",
			       T0 + 4 * 365 * 86400, T0 + 4 * 365 * 86400, NULL);
	standin_thread_comment(bed.gh, n, false, 0, "bjorn3", 2002, "written in 2022", T0, T0, NULL);
	struct buf out = BUF_INIT;
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 0, "%s", out.p);
	bed_start(&bed, NULL);
	json_t *j = thread(bed.d.port, "/this-month/2020-01/");
	json_t *list = json_object_get(j, "comments");
	cr_assert_eq(json_array_size(list), 2);
	cr_expect(strstr(json_string_value(json_object_get(json_array_get(list, 0), "html")), "2022"),
		  "the older comment comes first");
	json_decref(j);
	buf_release(&out);
}

/* An import into the database the service runs on is served without a
 * restart: the service notices another process's commit within seconds. */
Test(comment_imports, an_import_shows_without_a_restart)
{
	int n = january_thread();
	standin_thread_comment(bed.gh, n, false, 0, "phil-opp", 1001, "imported", T0, T0, NULL);
	bed_start(&bed, NULL);
	json_t *j = thread(bed.d.port, "/this-month/2020-01/");
	cr_assert_eq(json_array_size(json_object_get(j, "comments")), 0);
	json_decref(j);
	struct buf out = BUF_INIT;
	cr_assert_eq(run("import utterances --repo rust-osdev/homepage --issue-term url", bed.cfg,
			 &out), 0, "%s", out.p);
	size_t seen = 0;
	for (int i = 0; i < 100 && !seen; i++) {
		j = thread(bed.d.port, "/this-month/2020-01/");
		seen = json_array_size(json_object_get(j, "comments"));
		json_decref(j);
		if (!seen)
			usleep(100 * 1000);
	}
	cr_expect_eq(seen, 1, "the imported comment was not served within 10 s");
	buf_release(&out);
}
