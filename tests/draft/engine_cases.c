/* engine_cases.c: the draft engine on small drafts of our own — parsing,
 * every placement rule, front matter edits, line endings, and every kind
 * of bad input with its one-line error. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "util/file.h"

#define FIX NEWSDESK_SRCDIR "/tests/fixtures/"

static char *load(const char *name)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(file_read(name, 1 << 20, &b, &err), 0, "%s", err.p);
	buf_release(&err);
	return buf_detach(&b, NULL);
}

/* Applies a submission (JSON) to text; returns the result or NULL with the
 * error in err. */
static char *apply(const char *text, const char *sub, const struct strmap *aliases,
		   struct buf *err, bool *already)
{
	struct draft d;
	struct submission s;
	struct buf out = BUF_INIT;
	bool dummy;
	buf_reset(err);
	if (submission_from_json(&s, sub, strlen(sub), NULL, err) < 0)
		return NULL;
	if (draft_parse(&d, text, strlen(text), err) < 0) {
		submission_free(&s);
		return NULL;
	}
	struct draft_site site = { 0 };
	if (aliases)
		site.section_aliases = *aliases;
	int rc = draft_apply(&d, &s, aliases ? &site : NULL, &out, already ? already : &dummy, NULL, err);
	draft_free(&d);
	submission_free(&s);
	if (rc < 0) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out, NULL);
}

/* The result must be the original with `old` replaced by `new` once. */
static void expect_change(const char *text, const char *result, const char *old,
			  const char *new)
{
	const char *at = strstr(text, old);
	cr_assert_not_null(at, "fixture lacks: %s", old);
	struct buf want = BUF_INIT;
	buf_add(&want, text, (size_t)(at - text));
	buf_adds(&want, new);
	buf_adds(&want, at + strlen(old));
	cr_assert_str_eq(result, want.p);
	buf_release(&want);
}

Test(draft, sections_of_a_classic_draft)
{
	char *text = load(FIX "draft-classic.md");
	struct draft d;
	struct buf err = BUF_INIT, json = BUF_INIT;
	cr_assert_eq(draft_parse(&d, text, strlen(text), &err), 0, "%s", err.p);
	cr_assert_eq(d.n_sections, 4);
	cr_assert_str_eq(d.month, "2021-12");
	cr_assert_str_eq(d.sections[0].title, "Project Updates");
	cr_assert_eq(d.sections[0].kind, KIND_HEADING);
	cr_assert_eq(d.sections[0].n_blocks, 2, "code fences and #### are inside blocks");
	cr_assert_str_eq(d.sections[0].blocks[0].name, "x86_64");
	cr_assert_str_eq(d.sections[0].blocks[1].name, "uefi-rs");
	cr_assert_eq(d.sections[1].kind, KIND_LIST, "from the template comment");
	cr_assert(d.sections[1].has_template);
	cr_assert(d.sections[1].has_placeholder);
	cr_assert_eq(d.sections[1].n_blocks, 0);
	cr_assert_str_eq(d.sections[2].blocks[0].name, "phil-opp/blog_os");
	cr_assert_eq(d.sections[3].kind, KIND_NONE);
	cr_assert(d.authors.present && d.authors.has_marker);
	cr_assert_eq(d.authors.n_logins, 2);
	cr_assert_eq(draft_sections_json(&d, "x.md", &json), 0);
	json_t *j = json_loads(json.p, 0, NULL);
	cr_assert_str_eq(json_string_value(json_object_get(j, "month")), "2021-12");
	json_t *s1 = json_array_get(json_object_get(j, "sections"), 1);
	cr_assert_str_eq(json_string_value(json_object_get(s1, "kind")), "list");
	cr_assert(strstr(json_string_value(json_object_get(s1, "template")), "Issue Description"));
	cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(j, "sections"), 0),
					       "template")));
	json_decref(j);
	draft_free(&d);
	buf_release(&json);
	buf_release(&err);
	free(text);
}

Test(draft, heading_appended_after_the_last_block)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Project Updates\",\"author\":\"octo-cat\","
			  "\"block\":\"### [`acpi`](https://github.com/rust-osdev/acpi)\\n\\nNews.  \\n\"}",
			  NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	/* the gap of two blank lines below the last block stays below ours;
	 * the author's trailing spaces stay too */
	expect_change(text, out, "In December, …\n\n\n## Call",
		      "In December, …\n\n### [`acpi`](https://github.com/rust-osdev/acpi)\n\nNews.  \n\n\n## Call");
	free(out);
	free(text);
	buf_release(&err);
}

Test(draft, heading_before_a_named_block)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Project Updates\",\"author\":\"octo\","
			  "\"position\":{\"before\":\"uefi-rs\"},"
			  "\"block\":\"### [`acpi`](https://x.org)\\n\\nText\"}", NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	expect_change(text, out, "### [`uefi-rs`]", "### [`acpi`](https://x.org)\n\nText\n\n### [`uefi-rs`]");
	free(out);
	char *bad = apply(text, "{\"section\":\"Project Updates\",\"author\":\"octo\","
			  "\"position\":{\"before\":\"nope\"},\"block\":\"### a\"}", NULL, &err, NULL);
	cr_assert_null(bad);
	cr_assert_str_eq(err.p, "position: no block named 'nope' in section 'Project Updates'");
	free(text);
	buf_release(&err);
}

Test(draft, list_items_replace_a_multiline_placeholder_and_the_footer_stays_last)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Call for Participation\",\"author\":\"octo\","
			  "\"name\":\"(`x86_64`) Add a thing\",\"url\":\"https://github.com/rust-osdev/x86_64/issues/1\"}",
			  NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	expect_change(text, out,
		      "<span class=\"gray\">\n\n_No tasks were proposed for this section._\n\n</span>\n",
		      "- [(`x86_64`) Add a thing](https://github.com/rust-osdev/x86_64/issues/1)\n");
	free(out);
	free(text);
	buf_release(&err);
}

Test(draft, list_items_follow_the_last_item_directly)
{
	char *text = load(FIX "draft-modern.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Announcements, News, and Blog Posts\","
			  "\"author\":\"octo\",\"name\":\"Third\",\"url\":\"https://example.com/3\","
			  "\"body\":\"Context line\"}", NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	expect_change(text, out, "- [Second post](https://example.com/second)\n",
		      "- [Second post](https://example.com/second)\n"
		      "- [Third](https://example.com/3)\n  - Context line\n");
	free(out);
	free(text);
	buf_release(&err);
}

Test(draft, structured_heading_after_the_template_replacing_the_placeholder)
{
	char *text = load(FIX "draft-modern.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Other Projects\",\"author\":\"octo\","
			  "\"name\":\"octo/os\",\"url\":\"https://github.com/octo/os\","
			  "\"body\":\"My OS boots.\",\"written_by\":true,\"add_author\":true}",
			  NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	/* the template's class for the written-by line is followed */
	cr_assert(strstr(out, "-->\n\n### [`octo/os`](https://github.com/octo/os)\n\n"
			      "<span class=\"maintainers\">(Section written by [@octo](https://github.com/octo))</span>\n\n"
			      "My OS boots.\n\n## Join Us?"), "%s", out);
	cr_assert_null(strstr(out, "No projects updates"));
	cr_assert(strstr(out, "editors = [\"phil-opp\", \"octo\"]\n"));
	free(out);
	free(text);
	buf_release(&err);
}

Test(draft, heading_into_an_empty_section_goes_after_its_template)
{
	char *text = load(FIX "draft-modern.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"rust-osdev projects\",\"author\":\"octo\","
			  "\"block\":\"### [`bootloader`](https://github.com/rust-osdev/bootloader)\\n\\nNews\"}",
			  NULL, &err, NULL);
	cr_assert_not_null(out, "%s (loose section names match)", err.p);
	expect_change(text, out, "-->\n\n## Other Projects",
		      "-->\n\n### [`bootloader`](https://github.com/rust-osdev/bootloader)\n\nNews\n\n## Other Projects");
	free(out);
	free(text);
	buf_release(&err);
}

Test(draft, authors_slot_edits)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	const char *sub = "{\"section\":\"Personal Projects\",\"author\":\"New-Person\","
			  "\"add_author\":true,\"block\":\"### x\\n\\ny\"}";
	char *out = apply(text, sub, NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	/* the missing comma of the entry above is fixed */
	cr_assert(strstr(out, "    \"someone\",\n    \"New-Person\",\n    # add yourself here\n"), "%s", out);
	free(out);
	/* already listed (case-insensitively): no second entry */
	out = apply(text, "{\"section\":\"Personal Projects\",\"author\":\"PHIL-OPP\","
		    "\"add_author\":true,\"block\":\"### x\\n\\ny\"}", NULL, &err, NULL);
	cr_assert_not_null(out);
	cr_assert(strstr(out, "authors = [\n    \"phil-opp\",\n    \"someone\"\n    # add"));
	free(out);
	free(text);
	/* inline arrays, and a draft with no slot at all */
	const char *inl = "+++\ntitle = \"x\"\n[extra]\nauthors = [\"a\"]\n+++\n\n## S\n\n### [b](https://b.org)\n";
	out = apply(inl, "{\"section\":\"S\",\"author\":\"c\",\"add_author\":true,\"block\":\"### d\"}",
		    NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	cr_assert(strstr(out, "authors = [\"a\", \"c\"]\n"));
	free(out);
	const char *none = "+++\ntitle = \"x\"\n\n[extra]\nmonth = \"May 2024\"\n\n+++\n\n## S\n";
	out = apply(none, "{\"section\":\"S\",\"author\":\"c\",\"add_author\":true,\"block\":\"### d\"}",
		    NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	cr_assert_str_eq(out, "+++\ntitle = \"x\"\n\n[extra]\nmonth = \"May 2024\"\nauthors = [\"c\"]\n\n+++\n\n## S\n\n### d\n");
	free(out);
	buf_release(&err);
}

Test(draft, crlf_files_keep_crlf_and_a_final_newline_is_added)
{
	const char *crlf = "+++\r\ntitle = \"x\"\r\n+++\r\n\r\n## S\r\n\r\n- [a](https://a.org)\r\n\r\n## T\r\n";
	struct buf err = BUF_INIT;
	char *out = apply(crlf, "{\"section\":\"S\",\"author\":\"c\",\"block\":\"- [b](https://b.org)\\n  more\\n\"}",
			  NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	cr_assert_str_eq(out, "+++\r\ntitle = \"x\"\r\n+++\r\n\r\n## S\r\n\r\n- [a](https://a.org)\r\n"
			      "- [b](https://b.org)\r\n  more\r\n\r\n## T\r\n");
	free(out);
	const char *nofinal = "+++\n+++\n\n## S\n\nIntro text.";
	out = apply(nofinal, "{\"section\":\"S\",\"author\":\"c\",\"block\":\"### h\"}", NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	cr_assert_str_eq(out, "+++\n+++\n\n## S\n\nIntro text.\n\n### h\n");
	free(out);
	buf_release(&err);
}

Test(draft, aliases_and_idempotence)
{
	char *text = load(FIX "draft-modern.md");
	struct buf err = BUF_INIT;
	char *keys[] = { "Personal Projects" }, *vals[] = { "Other Projects" };
	struct strmap aliases = { keys, vals, 1 };
	const char *sub = "{\"section\":\"Personal Projects\",\"author\":\"octo\",\"block\":\"### [a](https://a.org)\"}";
	cr_assert_null(apply(text, sub, NULL, &err, NULL));
	cr_assert_str_eq(err.p, "section: the draft has no section 'Personal Projects'");
	char *once = apply(text, sub, &aliases, &err, NULL);
	cr_assert_not_null(once, "%s", err.p);
	bool already = false;
	char *twice = apply(once, sub, &aliases, &err, &already);
	cr_assert(already);
	cr_assert_str_eq(twice, once);
	free(once);
	free(twice);
	free(text);
	buf_release(&err);
}

Test(draft, bad_input_is_refused_with_one_line)
{
	char *text = load(FIX "draft-classic.md");
	static const struct { const char *sub, *error; } cases[] = {
		{ "{\"section\":\"Nope\",\"author\":\"a\",\"block\":\"### x\"}",
		  "section: the draft has no section 'Nope'" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\\n## y\"}",
		  "block: a '###' section must not contain '#' or '##' headings" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\\n\\n### y\"}",
		  "block: must hold exactly one '###' section" },
		{ "{\"section\":\"Call for Participation\",\"author\":\"a\",\"block\":\"- [x](https://x.org)\\nnot a list line\"}",
		  "block: list items may only be followed by '- ' items or indented lines" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"  \\n\\n \"}",
		  "block: is empty" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"plain text\"}",
		  "block: must start with '### ' (a section) or '- ' (list items)" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"name\":\"x\",\"url\":\"ftp://x.org\"}",
		  "url: must be an http:// or https:// URL" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"name\":\"x\",\"url\":\"javascript:alert(1)\"}",
		  "url: must be an http:// or https:// URL" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### [x](javascript:alert(1))\"}",
		  "block: links to \"javascript:alert(1)\", which is not an http, https or mailto address" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### [x](file:///etc/passwd)\"}",
		  "block: links to \"file:///etc/passwd\", which is not an http, https or mailto address" },
		{ "{\"section\":\"Project Updates\",\"author\":\"-bad-\",\"block\":\"### x\"}",
		  "author: is not a valid GitHub login (letters, digits and single hyphens, at most 39 characters)" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a--b\",\"block\":\"### x\"}",
		  "author: is not a valid GitHub login (letters, digits and single hyphens, at most 39 characters)" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\"}", "name: is required (or give a block)" },
		{ "{\"section\":\"Project Updates\",\"block\":\"### x\"}", "author: is required" },
		{ "{\"author\":\"a\",\"block\":\"### x\"}", "section: is required" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\",\"name\":\"y\"}",
		  "block: give either a block or name/url/body, not both" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\",\"position\":\"start\"}",
		  "position: must be \"end\" or {\"before\": NAME}" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\",\"extra\":1}",
		  "submission: unknown field" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"name\":\"x\\ny\"}",
		  "name: must be a single line" },
		{ "{\"section\":\"Call for Participation\",\"author\":\"a\",\"block\":\"### [x](https://x.org)\\n\"}",
		  NULL /* allowed: the section has no blocks yet */ },
		{ "{\"section\":\"Personal Projects\",\"author\":\"a\",\"block\":\"- [x](https://x.org)\"}",
		  "block: section 'Personal Projects' takes '###' sections, not list items" },
		{ "[1]", "submission: must be a JSON object" },
		{ "{\"a\":", "submission: not valid JSON (line 1, column 5)" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### x\\n```\\ncode\"}",
		  "block: has an unclosed code fence" },
	};
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = apply(text, cases[i].sub, NULL, &err, NULL);
		if (!cases[i].error) {
			cr_expect_not_null(out, "case %zu: %s", i, err.p);
		} else {
			cr_expect_null(out, "case %zu was accepted", i);
			cr_expect_str_eq(err.p, cases[i].error, "case %zu", i);
			cr_expect_null(strchr(err.p, '\n'), "case %zu: more than one line", i);
		}
		free(out);
	}
	free(text);
	buf_release(&err);
}

Test(draft, bad_drafts_are_refused)
{
	struct draft d;
	struct buf err = BUF_INIT;
	cr_assert_eq(draft_parse(&d, "## S\n", 5, &err), -1);
	cr_assert_str_eq(err.p, "draft has no front matter (a '+++' line must open the file)");
	buf_reset(&err);
	cr_assert_eq(draft_parse(&d, "+++\ntitle = 1\n## S\n", 19, &err), -1);
	cr_assert_str_eq(err.p, "draft front matter is not closed by a '+++' line");
	buf_reset(&err);
	cr_assert_eq(draft_parse(&d, "+++\n+++\n\xc3\x28\n", 10, &err), -1);
	cr_assert_str_eq(err.p, "draft is not valid UTF-8 (byte 8)");
	buf_reset(&err);
	size_t big = 5u * 1024 * 1024;
	char *huge = malloc(big);
	memset(huge, 'a', big);
	memcpy(huge, "+++\n+++\n", 8);
	cr_assert_eq(draft_parse(&d, huge, big, &err), -1);
	cr_assert_str_eq(err.p, "draft is larger than 1048576 bytes");
	free(huge);
	buf_reset(&err);
	struct submission s;
	char *bigsub = malloc(big + 1);
	memset(bigsub, ' ', big);
	bigsub[big] = '\0';
	cr_assert_eq(submission_from_json(&s, bigsub, big, NULL, &err), -1);
	cr_assert_str_eq(err.p, "submission: larger than 262144 bytes");
	free(bigsub);
	buf_reset(&err);
	cr_assert_eq(submission_from_json(&s, "{\"section\":\"\xff\"}", 15, NULL, &err), -1);
	cr_assert_str_eq(err.p, "submission: not valid UTF-8 (byte 12)");
	buf_release(&err);
}

Test(draft, validators)
{
	cr_assert(valid_github_login("phil-opp"));
	cr_assert(valid_github_login("a"));
	cr_assert(valid_github_login("abcdefghijabcdefghijabcdefghijabcdefghi")); /* 39 */
	cr_assert(!valid_github_login("abcdefghijabcdefghijabcdefghijabcdefghij")); /* 40 */
	cr_assert(!valid_github_login("a_b"));
	cr_assert(!valid_github_login(""));
	cr_assert(valid_http_url("https://github.com/rust-osdev/x86_64"));
	cr_assert(valid_http_url("https://en.wikipedia.org/wiki/Foo_(bar)"));
	cr_assert(!valid_http_url("https://x.org/a)b"));
	cr_assert(!valid_http_url("https://"));
	cr_assert(!valid_http_url("https://x.org/a b"));
	cr_assert(!valid_http_url("mailto:x@y.z"));
}

/* Inputs the fuzzer once tripped on (tests/fuzz/regressions/): each must
 * parse or fail cleanly, and apply must not leak (the sanitizer suite). */
Test(draft, fuzz_regressions)
{
	const char *files[] = { FIX "../fuzz/regressions/unclosed-authors-slot.md" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct buf text = BUF_INIT, err = BUF_INIT, out = BUF_INIT;
		cr_assert_eq(file_read(files[i], 1 << 20, &text, &err), 0);
		struct draft d;
		if (draft_parse(&d, text.p, text.len, &err) == 0) {
			/* the unclosed authors list is no slot; the editors list
			 * further down is */
			cr_expect(d.authors.present && strcmp(d.authors.key, "editors") == 0);
			draft_sections_json(&d, "r.md", &out);
			draft_free(&d);
		}
		buf_release(&text);
		buf_release(&err);
		buf_release(&out);
	}
}

/* Entries that would stop `zola build`, end the RSS item's CDATA or take
 * the template's anchor are refused with the reason; Zola's own escape for
 * literal braces passes. */
Test(draft, zola_build_and_feed_rules)
{
	char *text = load(FIX "draft-classic.md");
	static const struct { const char *block, *error; } refused[] = {
		{ "### x\\n\\n`{{ youtube(id=1) }}`", "Zola reads as a shortcode" },
		{ "### x\\n\\n```\\n{% note() %}\\n```", "Zola reads as a shortcode" },
		{ "### x\\n\\nsee [here]()", "a link without an address" },
		{ "### x\\n\\nsee [here](<>)", "a link without an address" },
		{ "### x\\n\\n<!-- ]]><img src=x onerror=alert(1)> -->", "RSS item" },
		{ "### [Comment Form](https://x.org)", "the newsletter page's template" },
		{ "### x\\n\\n#### Comment form", "the newsletter page's template" },
		{ "### x\\n\\nsee [there](#nowhere)", "an anchor this page will not have" },
		{ "### x\\n\\n[^n]: see [there]()", "a link without an address" },
		{ "### x\\n\\nsee [it](@/../secret.md)", "write one as @/section/page.md" },
		{ "### x\\n\\nsee [it](@/a/b.html)", "write one as @/section/page.md" },
		{ "### x\\n\\nx &#1; y", "RSS feed cannot carry" },
		{ "### x\\n\\nx &#xFFFE; y", "RSS feed cannot carry" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char sub[512];
		snprintf(sub, sizeof sub,
			 "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"%s\"}",
			 refused[i].block);
		struct buf err = BUF_INIT;
		char *out = apply(text, sub, NULL, &err, NULL);
		cr_expect_null(out, "accepted: %s", refused[i].block);
		cr_expect(err.p && strstr(err.p, refused[i].error), "%s: %s", refused[i].block,
			  err.p ? err.p : "");
		free(out);
		buf_release(&err);
	}
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":"
			  "\"### x\\n\\nWrite `{{/* youtube(id=1) */}}` for a video.\"}", NULL, &err, NULL);
	cr_expect_not_null(out, "%s", err.p);
	free(out);
	static const char *const passing[] = {
		"### x\\n\\nSee [below](#design-notes).\\n\\n#### Design notes",
		"### x\\n\\nSee [the comments](#comment-form).",
		"### x\\n\\nSee [the last issue](@/this-month/2023-09/index.md#mkroening-interrupts).",
	};
	for (size_t i = 0; i < sizeof passing / sizeof *passing; i++) {
		char sub[512];
		snprintf(sub, sizeof sub,
			 "{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"%s\"}",
			 passing[i]);
		buf_reset(&err);
		out = apply(text, sub, NULL, &err, NULL);
		cr_expect_not_null(out, "%s: %s", passing[i], err.p);
		free(out);
	}
	buf_release(&err);
	free(text);
}

/* [draft] template_anchors replaces the default: the ids it names are
 * the template's, and comment-form is an entry's to take. */
Test(draft, template_anchors_from_the_config)
{
	char *text = load(FIX "draft-classic.md");
	char *ids[] = { "reply" };
	struct draft_site site = { .template_anchors = { ids, 1 } };
	struct draft d;
	struct submission s;
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool already;
	cr_assert_eq(draft_parse(&d, text, strlen(text), &err), 0, "%s", err.p);
	static const char *const sub[] = {
		"{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### Reply\"}",
		"{\"section\":\"Project Updates\",\"author\":\"a\",\"block\":\"### Comment form\"}",
	};
	for (size_t i = 0; i < 2; i++) {
		cr_assert_eq(submission_from_json(&s, sub[i], strlen(sub[i]), NULL, &err), 0);
		buf_reset(&out);
		buf_reset(&err);
		int rc = draft_apply(&d, &s, &site, &out, &already, NULL, &err);
		submission_free(&s);
		if (i == 0)
			cr_expect(rc < 0 && strstr(err.p, "\"reply\""), "%s", err.p);
		else
			cr_expect_eq(rc, 0, "%s", err.p);
	}
	draft_free(&d);
	buf_release(&out);
	buf_release(&err);
	free(text);
}

/* sub applied to text is refused, with error in what it says. */
static void expect_refused(const char *text, const char *sub, const char *error)
{
	struct buf err = BUF_INIT;
	char *out = apply(text, sub, NULL, &err, NULL);
	cr_expect_null(out, "accepted: %s", sub);
	cr_expect(err.p && strstr(err.p, error), "%s: %s", sub, err.p ? err.p : "");
	free(out);
	buf_release(&err);
}

/* A '###' entry made of fields needs its text: a bare heading line with
 * nothing under it is refused against the body (issue 30, item 12). */
Test(draft, a_heading_entry_needs_its_text)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	static const char *const subs[] = {
		"{\"section\":\"Project Updates\",\"name\":\"x\",\"url\":\"https://x.org\","
		"\"author\":\"a\"}",
		"{\"section\":\"Project Updates\",\"name\":\"x\",\"url\":\"https://x.org\","
		"\"body\":\"  \\n\\n \",\"author\":\"a\"}",
	};
	for (size_t i = 0; i < 2; i++)
		expect_refused(text, subs[i], "body: is required");
	/* a heading typed in the text is the text's fault, not a hidden block's */
	expect_refused(text, "{\"section\":\"Project Updates\",\"name\":\"x\",\"url\":"
			     "\"https://x.org\",\"body\":\"news\\n\\n## Smuggled\",\"author\":\"a\"}",
		       "body: a '###' section must not contain");
	/* a list item needs none */
	char *out = apply(text, "{\"section\":\"Call for Participation\",\"name\":\"x\","
			  "\"url\":\"https://x.org\",\"author\":\"a\"}", NULL, &err, NULL);
	cr_expect_not_null(out, "%s", err.p);
	free(out);
	buf_release(&err);
	free(text);
}

/* "replace": an entry already in the draft gets its new text in its own
 * place (the pre-filled "In December, …" block filled in), and every
 * other byte of the file stays as it was. */
Test(draft, replace_fills_in_an_entry_in_place)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":"
			  "\"uefi-rs\",\"block\":\"### [`uefi-rs`](https://github.com/rust-osdev/"
			  "uefi-rs)\\n\\nWe released v0.14 with `Option<Handle>`.\\n\"}", NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	/* only the entry changed */
	expect_change(text, out, "uefi-rs)\n\nIn December, …",
		      "uefi-rs)\n\nWe released v0.14 with `Option<Handle>`.");
	free(out);
	/* what cannot be an update is refused by name */
	static const struct { const char *sub, *error; } bad[] = {
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"nope\","
		  "\"block\":\"### [nope](https://x.org)\\n\\nText.\"}", "replace: no entry named 'nope'" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"uefi-rs\","
		  "\"position\":{\"before\":\"x86_64\"},\"block\":\"### [a](https://x.org)\\n\\nT.\"}",
		  "position: an entry that replaces another takes its place" },
		{ "{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"uefi-rs\","
		  "\"block\":\"### [`uefi-rs`](https://x.org)\\n\\n<img src=x onerror=alert(1)>\"}",
		  "block:" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		expect_refused(text, bad[i].sub, bad[i].error);
	buf_release(&err);
	free(text);
}

/* An update keeps the text it started from (replace_base, filled in by the
 * service at submission time): when the entry changed since, it is not
 * written over the other change. */
Test(draft, replace_never_writes_over_another_change)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	static const char *const base_now =
		"{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"uefi-rs\","
		"\"replace_base\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi-rs)\\n\\n"
		"In December, …\",\"block\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi-rs)"
		"\\n\\nDone.\"}";
	static const char *const base_old =
		"{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"uefi-rs\","
		"\"replace_base\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi-rs)\\n\\n"
		"In November, …\",\"block\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi-rs)"
		"\\n\\nDone.\"}";
	char *out = apply(text, base_now, NULL, &err, NULL);
	cr_expect_not_null(out, "%s", err.p);
	free(out);
	expect_refused(text, base_old, "changed in the draft since this update was written");
	buf_release(&err);
	free(text);
}

/* An entry changed since the update was written, elsewhere than the update
 * changes it: both changes go in (the editor fixed the heading's link, the
 * contributor filled in the text). */
Test(draft, replace_merges_changes_that_do_not_overlap)
{
	char *text = load(FIX "draft-classic.md");
	struct buf err = BUF_INIT;
	static const char *const sub =
		"{\"section\":\"Project Updates\",\"author\":\"a\",\"replace\":\"uefi-rs\","
		"\"replace_base\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi)\\n\\n"
		"In December, …\",\"block\":\"### [`uefi-rs`](https://github.com/rust-osdev/uefi)"
		"\\n\\nWe released v0.14.\\n\"}";
	char *out = apply(text, sub, NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	expect_change(text, out, "uefi-rs)\n\nIn December, …", "uefi-rs)\n\nWe released v0.14.");
	free(out);
	buf_release(&err);
	free(text);
}

/* Several entries in one submission go in one after the other, each into
 * the draft the one before made: the second can be placed before the
 * first; one that cannot go in refuses the whole, naming itself. */
Test(draft, several_entries_apply_in_order)
{
	char *text = load(FIX "draft-modern.md");
	struct buf err = BUF_INIT;
	char *out = apply(text, "{\"author\":\"a\",\"entries\":["
			  "{\"section\":\"Other Projects\",\"name\":\"xhci\",\"url\":\"https://x.org/xhci\",\"body\":\"USB.\"},"
			  "{\"section\":\"Other Projects\",\"name\":\"ahci\",\"url\":\"https://x.org/ahci\",\"body\":\"SATA.\","
			  "\"position\":{\"before\":\"xhci\"}}]}", NULL, &err, NULL);
	cr_assert_not_null(out, "%s", err.p);
	char *a = strstr(out, "### [`ahci`]"), *x = strstr(out, "### [`xhci`]");
	cr_expect(a && x && a < x, "the second entry went before the first: %s", out);
	free(out);
	expect_refused(text, "{\"author\":\"a\",\"entries\":[{\"section\":\"Other Projects\",\"name\":\"x\","
		       "\"url\":\"https://x.org\",\"body\":\"B.\"},{\"section\":\"Nope\",\"name\":\"y\","
		       "\"url\":\"https://y.org\",\"body\":\"C.\"}]}", "section");
	expect_refused(text, "{\"author\":\"a\",\"entries\":[]}", "1 to 10 entries");
	expect_refused(text, "{\"author\":\"a\",\"section\":\"Other Projects\",\"entries\":[{}]}",
		       "goes in each of the entries");
	expect_refused(text, "{\"author\":\"a\",\"entries\":[{\"author\":\"b\",\"section\":\"Other Projects\","
		       "\"name\":\"x\",\"url\":\"https://x.org\",\"body\":\"B.\"}]}", "belongs to the submission");
	buf_release(&err);
	free(text);
}
