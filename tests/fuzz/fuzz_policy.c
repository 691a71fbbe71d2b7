/* fuzz_policy.c: libFuzzer target for the content policy and the bounded
 * renderer.
 *
 * Input: one selector byte, then text.  The selector picks where the text
 * goes: a raw '###' block, raw list items, the body of a '###' entry, its
 * name, or (for the renderer) a preview or a comment.  The entry is written
 * into the real fixture draft by draft_apply(), which runs the policy.
 * Beyond "no crash, no leak, no overread" it checks what the policy
 * promises: an accepted draft reads back, renders within its bounds, and
 * holds no more HTML policy findings than the draft before it; a render
 * is either refused with a reason or valid XML-safe UTF-8 within its cap. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "draft/draft.h"
#include "markdown/html_policy.h"
#include "markdown/markdown.h"
#include "util/utf8.h"

static char *fixture;
static size_t fixture_len;
static size_t fixture_findings;

static size_t findings(const char *text, size_t len)
{
	const char *body = strstr(text, "\n+++\n");
	body = body ? body + 5 : text;
	struct buf html = BUF_INIT;
	char why[MARKDOWN_WHY];
	if (markdown_as_published(body, len - (size_t)(body - text), &html, why) != 0)
		abort();   /* an accepted draft always renders */
	size_t n = html_policy_scan(html.p, html.len, NULL, NULL);
	buf_release(&html);
	return n;
}

static void load_fixture(void)
{
	FILE *f = fopen(NEWSDESK_SRCDIR "/tests/fixtures/draft-modern.md", "rb");
	if (!f)
		abort();
	fixture = malloc(1 << 20);
	fixture_len = fread(fixture, 1, (1 << 20) - 1, f);
	fixture[fixture_len] = '\0';
	fclose(f);
	fixture_findings = findings(fixture, fixture_len);
}

static void apply(const char *section, const char *key, const char *text, size_t len)
{
	json_t *sub = json_pack("{s:s,s:s}", "section", section, "author", "fuzz");
	if (strcmp(key, "block") != 0)
		json_object_set_new(sub, "url", json_string("https://example.com/"));
	if (strcmp(key, "body") == 0)
		json_object_set_new(sub, "name", json_string("n"));
	json_object_set_new(sub, key, json_stringn(text, len));
	char *js = json_dumps(sub, JSON_COMPACT);
	json_decref(sub);
	struct draft d;
	struct submission s;
	struct buf err = BUF_INIT, out = BUF_INIT;
	bool already;
	if (js && draft_parse(&d, fixture, fixture_len, &err) == 0) {
		if (submission_from_json(&s, js, strlen(js), NULL, &err) == 0) {
			if (draft_apply(&d, &s, NULL, &out, &already, NULL, &err) == 0 && !already) {
				struct draft back;
				if (draft_parse(&back, out.p, out.len, &err) != 0)
					abort();
				draft_free(&back);
				if (findings(out.p, out.len) > fixture_findings)
					abort();
			} else if (!already && !err.len) {
				abort();   /* a refusal always says why */
			}
			submission_free(&s);
		}
		draft_free(&d);
	}
	free(js);
	buf_release(&err);
	buf_release(&out);
}

static void render(const char *text, size_t len, bool comment)
{
	struct buf html = BUF_INIT;
	char why[MARKDOWN_WHY] = "";
	int links;
	int rc = comment ? markdown_comment_to_html(text, len, &html, &links, why)
			 : markdown_to_html(text, len, &html, why);
	if (rc == 0 && (html.len > MARKDOWN_OUT_FACTOR * len + MARKDOWN_OUT_SLACK * 2 ||
			!utf8_xml_valid(html.p, html.len, NULL)))
		abort();
	if (rc == 1 && !why[0])
		abort();
	buf_release(&html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fixture)
		load_fixture();
	if (size < 1 || !utf8_valid((const char *)data + 1, size - 1, NULL))
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	switch (data[0] % 6) {
	case 0: apply("Other Projects", "block", text, len); break;
	case 1: apply("Announcements, News, and Blog Posts", "block", text, len); break;
	case 2: apply("Other Projects", "body", text, len); break;
	case 3: apply("Other Projects", "name", text, len); break;
	case 4: render(text, len, false); break;
	default: render(text, len, true); break;
	}
	return 0;
}
