/* comment_rules.c: edit and form tokens, and what a comment's Markdown may
 * become — checked tag by tag, attribute by attribute. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "features/comments/comment_input.h"
#include "auth/comment_tokens.h"
#include "markdown/markdown.h"

static void init_markdown(void)
{
	markdown_init();
}

TestSuite(comment_markdown, .init = init_markdown);
TestSuite(comment_input, .init = init_markdown);

static struct comment_keys key_a = { { 1, 2, 3 } }, key_b = { { 9, 9, 9 } };

Test(comment_tokens, an_edit_token_opens_one_comment_inside_its_window)
{
	char t[EDIT_TOKEN_CHARS + 1];
	edit_token_make(&key_a, 42, 1000, 1900, t);
	cr_assert_eq(strlen(t), EDIT_TOKEN_CHARS);
	int64_t id = 0;
	cr_expect_eq(edit_token_id(t, &id), 0);
	cr_expect_eq(id, 42);
	cr_expect_eq(edit_token_check(&key_a, t, 42, 1000, 1899), EDIT_TOKEN_OK);
	cr_expect_eq(edit_token_check(&key_a, t, 42, 1000, 1900), EDIT_TOKEN_EXPIRED);
	cr_expect_eq(edit_token_check(&key_a, t, 43, 1000, 1000), EDIT_TOKEN_BAD, "other comment");
	cr_expect_eq(edit_token_check(&key_a, t, 42, 1001, 1000), EDIT_TOKEN_BAD,
		     "a comment made later under a reused id");
	cr_expect_eq(edit_token_check(&key_b, t, 42, 1000, 1000), EDIT_TOKEN_BAD, "other key");
	for (size_t i = 0; i < EDIT_TOKEN_CHARS; i++) {
		char bad[EDIT_TOKEN_CHARS + 1];
		memcpy(bad, t, sizeof bad);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		cr_expect_eq(edit_token_check(&key_a, bad, 42, 1000, 1000), EDIT_TOKEN_BAD,
			     "flipped char %zu", i);
	}
	cr_expect_eq(edit_token_check(&key_a, "", 42, 1000, 1000), EDIT_TOKEN_BAD);
	cr_expect_eq(edit_token_check(&key_a, "short", 42, 1000, 1000), EDIT_TOKEN_BAD);
	char longer[EDIT_TOKEN_CHARS + 2];
	snprintf(longer, sizeof longer, "%sA", t);
	cr_expect_eq(edit_token_check(&key_a, longer, 42, 1000, 1000), EDIT_TOKEN_BAD);
}

Test(comment_tokens, a_form_token_must_age_a_little_but_not_too_much)
{
	char f[FORM_TOKEN_CHARS + 1];
	form_token_make(&key_a, 5000, f);
	cr_expect_eq(form_token_check(&key_a, f, 5001, 3), FORM_TOKEN_EARLY);
	cr_expect_eq(form_token_check(&key_a, f, 5003, 3), FORM_TOKEN_OK);
	cr_expect_eq(form_token_check(&key_a, f, 5000 + FORM_TOKEN_MAX_AGE + 1, 3), FORM_TOKEN_OLD);
	cr_expect_eq(form_token_check(&key_b, f, 5003, 3), FORM_TOKEN_BAD);
	cr_expect_eq(form_token_check(&key_a, "nope", 5003, 3), FORM_TOKEN_BAD);
	/* the two kinds never pass for each other */
	char t[EDIT_TOKEN_CHARS + 1];
	edit_token_make(&key_a, 1, 5000, 9000, t);
	cr_expect_eq(form_token_check(&key_a, t, 5003, 0), FORM_TOKEN_BAD);
}

Test(comment_tokens, a_reader_token_names_one_reader_and_its_key_is_no_part_of_it)
{
	char t[READER_TOKEN_CHARS + 1], u[READER_TOKEN_CHARS + 1];
	char k[READER_KEY_MAX + 1], k2[READER_KEY_MAX + 1];
	reader_token_new(&key_a, t);
	reader_token_new(&key_a, u);
	cr_assert_eq(strlen(t), READER_TOKEN_CHARS);
	cr_assert_eq(reader_token_key(&key_a, t, k), 0);
	cr_assert_eq(reader_token_key(&key_a, t, k2), 0);
	cr_expect_str_eq(k, k2, "the same reader each time");
	cr_expect(strncmp(k, "anon:", 5) == 0 && strlen(k) == 37, "%s", k);
	cr_assert_eq(reader_token_key(&key_a, u, k2), 0);
	cr_expect_str_neq(k, k2, "two tokens, two readers");
	cr_expect_eq(reader_token_key(&key_b, t, k2), -1, "other key");
	for (size_t i = 0; i < READER_TOKEN_CHARS; i++) {
		char bad[READER_TOKEN_CHARS + 1];
		memcpy(bad, t, sizeof bad);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		cr_expect_eq(reader_token_key(&key_a, bad, k2), -1, "flipped char %zu", i);
	}
	cr_expect_eq(reader_token_key(&key_a, NULL, k2), -1);
	/* a reaction form's token is for its reader only, and for a day */
	char f[FORM_TOKEN_CHARS + 1];
	reaction_form_token_make(&key_a, k, 5000, f);
	cr_expect(reaction_form_token_check(&key_a, f, k, 5000));
	cr_expect(reaction_form_token_check(&key_a, f, k, 5000 + FORM_TOKEN_MAX_AGE));
	cr_expect(!reaction_form_token_check(&key_a, f, k, 5001 + FORM_TOKEN_MAX_AGE), "too old");
	cr_expect(!reaction_form_token_check(&key_a, f, "", 5000), "made for a reader, not for none");
	cr_expect(!reaction_form_token_check(&key_a, f, k2, 5000), "another reader");
	cr_expect(!reaction_form_token_check(&key_b, f, k, 5000), "other key");
	/* nor does a comment's form token pass for it */
	form_token_make(&key_a, 5000, f);
	cr_expect(!reaction_form_token_check(&key_a, f, "", 5000));
}

/* Every tag in html is one a comment may hold, with allowed attributes
 * only, and every href is http(s), relative or empty. */
static void assert_inert(const char *html, const char *input)
{
	static const char *const tags[] = {
		"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h1",
		"h2", "h3", "h4", "h5", "h6", "hr", "br", "del", "table", "thead", "tbody", "tr",
		"th", "td", "input",
	};
	static const char *const attrs[] = { "href", "rel", "title", "type", "checked",
					     "disabled", "align", "start", "class" };
	for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
		if (strncmp(p, "<!-- raw HTML omitted -->", 25) == 0)
			continue;
		const char *s = p + 1 + (p[1] == '/');
		size_t n = 0;
		while (isalnum((unsigned char)s[n]))
			n++;
		bool ok = false;
		for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
			ok |= strlen(tags[i]) == n && strncmp(s, tags[i], n) == 0;
		cr_assert(ok, "tag <%.*s> from %s:\n%s", (int)n, s, input, html);
		const char *end = strchr(s, '>');
		cr_assert_not_null(end);
		for (const char *a = s + n; a < end;) {
			while (a < end && (*a == ' ' || *a == '/'))
				a++;
			size_t an = 0;
			while (a + an < end && (isalnum((unsigned char)a[an]) || a[an] == '-'))
				an++;
			if (!an)
				break;
			bool aok = false;
			for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
				aok |= strlen(attrs[i]) == an && strncasecmp(a, attrs[i], an) == 0;
			cr_assert(aok, "attribute %.*s from %s:\n%s", (int)an, a, input, html);
			const char *v = a + an;
			if (*v == '=') {
				v++;
				cr_assert_eq(*v, '"', "unquoted attribute in %s", html);
				const char *q = strchr(v + 1, '"');
				cr_assert_not_null(q);
				if (an == 4 && strncasecmp(a, "href", 4) == 0)
					cr_assert(v[1] == '"' || strncmp(v + 1, "http://", 7) == 0 ||
							  strncmp(v + 1, "https://", 8) == 0 ||
							  v[1] == '/' || v[1] == '#',
						  "href %.*s from %s", (int)(q - v), v, input);
				a = q + 1;
			} else {
				a = v;
			}
		}
		if (n == 1 && *s == 'a' && p[1] != '/')
			cr_assert(strstr(p, "rel=\"nofollow ugc noopener\"") == p + 3,
				  "link without rel: %s", html);
	}
}

Test(comment_markdown, hostile_comments_render_inert)
{
	static const char *const payloads[] = {
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](  javascript:alert(1))",
		"[click](java\tscript:alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"<img src=x onerror=alert(1)>",
		"<img src=x onerror=alert(1)",
		"<a href=\"x\" <b onclick=alert(1)>broken</a>",
		"<svg/onload=alert(1)>",
		"<iframe src=javascript:alert(1)>",
		"<div style=\"background:url(javascript:alert(1))\">x</div>",
		"![x](javascript:alert(1))",
		"![tracker](https://evil.example/pixel.png \"t\")",
		"<https://example.org/a?b=<script>>",
		"www.example.org/<script>",
		"`<script>`\n\n    <script>\n",
		"<!-- <script>alert(1)</script> -->",
		"[a](https://x.org \"\\\" onmouseover=alert(1) \\\"\")",
		"<details open ontoggle=alert(1)>",
		"- [ ] task <b onmouseover=alert(1)>x</b>",
		"| a | <script> |\n|---|---|\n| <img src=x> | b |",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&#60;script&#62;",
	};
	for (size_t i = 0; i < sizeof payloads / sizeof *payloads; i++) {
		struct buf out = BUF_INIT;
		int links = -1;
		char why[MARKDOWN_WHY];
		cr_assert_eq(markdown_comment_to_html(payloads[i], strlen(payloads[i]), &out, &links,
						      why),
			     0, "%s", payloads[i]);
		assert_inert(out.p ? out.p : "", payloads[i]);
		cr_expect_null(strstr(out.p ? out.p : "", "<img"), "%s", out.p);
		buf_release(&out);
	}
}

Test(comment_markdown, images_become_links_and_count_as_links)
{
	struct buf out = BUF_INIT;
	int links = 0;
	const char *md = "see ![diagram](https://example.org/d.png) and [docs](https://docs.rs) "
			 "and https://example.com";
	char why[MARKDOWN_WHY];
	cr_assert_eq(markdown_comment_to_html(md, strlen(md), &out, &links, why), 0);
	cr_expect_eq(links, 3);
	cr_expect(strstr(out.p, "<a rel=\"nofollow ugc noopener\" href=\"https://example.org/d.png\">"
				"diagram</a>"), "%s", out.p);
	buf_release(&out);
}

static int input_of(const char *json, struct comment_input *in, struct comment_problem *p)
{
	json_t *o = json_loads(json, 0, NULL);
	cr_assert_not_null(o, "%s", json);
	struct comment_rules rules = { 50, 2 };
	int rc = comment_input_new(o, &rules, in, p);
	json_decref(o);
	return rc;
}

Test(comment_input, every_rule_names_its_field)
{
	static const struct { const char *json, *field; } bad[] = {
		{ "{\"author\":\"a\",\"body\":\"b\"}", "page" },
		{ "{\"page\":\"x\",\"author\":\"a\",\"body\":\"b\"}", "page" },
		{ "{\"page\":\"/a/../..\",\"author\":\"a\",\"body\":\"b\"}", "page" },
		{ "{\"page\":\"/p/\",\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":\"  \",\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":\"a\\nb\",\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":7,\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaa\",\"body\":\"b\"}", "author" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"email\":\"nope\",\"body\":\"b\"}", "email" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"email\":\"a@b\",\"body\":\"b\"}", "email" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"website\":\"javascript:alert(1)\",\"body\":\"b\"}",
		  "website" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"\"}", "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\" \\n \"}", "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"123456789012345678901234567890123456789012345678901\"}",
		  "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"a\\u0007b\"}", "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"https://a.org https://b.org https://c.org\"}",
		  "body" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"b\",\"parent\":-1}", "parent" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"b\",\"parent\":\"1x\"}", "parent" },
		{ "{\"page\":\"/p/\",\"author\":\"a\",\"body\":\"b\",\"admin\":true}", "request" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct comment_input in;
		struct comment_problem p = { 0 };
		cr_expect_eq(input_of(bad[i].json, &in, &p), -1, "accepted %s", bad[i].json);
		cr_expect_str_eq(p.field ? p.field : "(none)", bad[i].field, "%s", bad[i].json);
		comment_input_free(&in);
	}
}

Test(comment_input, a_good_comment_is_trimmed_keyed_and_rendered)
{
	struct comment_input in;
	struct comment_problem p = { 0 };
	cr_assert_eq(input_of("{\"page\":\"/this-month/2021-12?x=1\",\"author\":\" Ann \","
			      "\"email\":\"Ann@Example.org\",\"body\":\"    code\\n\\nHi *there*  \","
			      "\"parent\":\"7\",\"hp_fax\":\"\"}", &in, &p), 0, "%s", p.message);
	cr_expect_str_eq(in.page, "/this-month/2021-12/");
	cr_expect_str_eq(in.author, "Ann");
	cr_expect_str_eq(in.author_key, "ann@example.org");
	cr_expect_eq(in.parent, 7);
	cr_expect_not(in.honeypot);
	cr_expect(strstr(in.html, "<pre><code>code"), "leading indentation kept: %s", in.html);
	cr_expect(strstr(in.html, "<em>there</em>"));
	comment_input_free(&in);

	cr_assert_eq(input_of("{\"page\":\"/p/\",\"author\":\"Bob\",\"body\":\"x\",\"hp_fax\":\"555\"}",
			      &in, &p), 0);
	cr_expect(in.honeypot);
	cr_expect_str_eq(in.author_key, "name:bob");
	comment_input_free(&in);
}

/* Nothing typed passes for "@login ✓": look-alike and hidden at signs,
 * check marks, invisible and bidi characters are refused by name. */
Test(comment_input, look_alike_names_are_refused)
{
	static const char *const bad[] = {
		"@login", "\xE2\x80\x8B@login", "\xEF\xBC\xA0login", "\xEF\xB9\xABlogin",
		"\xE2\x81\xA0@login", "\xE2\x80\x8E@login", "\xC2\xA0@login", "\xE3\x80\x80@login",
		"login \xE2\x9C\x93", "log\xE2\x80\x8Din", "a\xE2\x80\xAE" "b", "x\xEF\xBB\xBF",
	};
	struct comment_rules rules = { 10000, 10 };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "page", "/p/", "author", bad[i], "body", "hi");
		struct comment_input in;
		struct comment_problem p;
		cr_expect_eq(comment_input_new(o, &rules, &in, &p), -1, "accepted %s", bad[i]);
		cr_expect_str_eq(p.field, "author", "%s", bad[i]);
		comment_input_free(&in);
		json_decref(o);
	}
	static const char *const good[] = { "Ann", "Zoë Müller", "a@b", "李小龙", "O'Brien" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "page", "/p/", "author", good[i], "body", "hi");
		struct comment_input in;
		struct comment_problem p;
		cr_expect_eq(comment_input_new(o, &rules, &in, &p), 0, "%s: %s", good[i], p.message);
		comment_input_free(&in);
		json_decref(o);
	}
}
