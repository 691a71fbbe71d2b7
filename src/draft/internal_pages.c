/* internal_pages.c: an entry's internal links, asked of GitHub
 * (internal_pages.h) */
#include "draft/internal_pages.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "github/repo_api.h"
#include "markdown/markdown.h"
#include "markdown/page_ids.h"
#include "markdown/internal_link.h"

static void add_internal(const char *url, void *arg)
{
	if (strncmp(url, "@/", 2) == 0 && json_array_size(arg) < 64)
		json_array_append_new(arg, json_string(url));
}

static json_t *internal_links(const char *md, size_t len)
{
	json_t *list = json_array();
	char why[MARKDOWN_WHY];
	markdown_each_link(md, len, len / 4 + 4096, add_internal, list, why);
	return list;
}

/* Has the page (its Markdown after the front matter) the anchor?  Its
 * headings' ids as Zola makes them (markdown/page_ids.h), and the page
 * template's. */
static bool page_has_anchor(const struct site_reader *c, const char *text, size_t len, const char *anchor)
{
	for (size_t i = 0; i < c->cfg->draft.site.template_anchors.n; i++)
		if (strcmp(anchor, c->cfg->draft.site.template_anchors.v[i]) == 0)
			return true;
	const char *body = text;
	if (len >= 3 && strncmp(text, "+++", 3) == 0) {
		const char *end = strstr(text + 3, "\n+++");
		body = end ? end + 4 : text;
	}
	struct md_doc *doc = NULL;
	char why[MARKDOWN_WHY];
	if (markdown_published_parse(body, len - (size_t)(body - text), &doc, why) != 0)
		return false;
	struct page_ids ids = { 0 };
	page_ids_build(md_doc_root(doc), &ids);
	bool have = page_ids_have(&ids, anchor);
	page_ids_free(&ids);
	md_doc_free(doc);
	return have;
}

int internal_page_exists(const struct site_reader *c, const char *url, const char *ref, const char *self_path,
			 const char *self_text, size_t self_len, struct gh_response *r)
{
	char path[512];
	if (internal_link_file(url, path, sizeof path) < 0)
		return 1;
	const char *hash = strchr(url, '#');
	if (self_path && strcmp(path, self_path) == 0) {
		/* the draft itself, as it will be: its anchors include the entry's */
		if (!self_text || !hash || !hash[1])
			return 0;
		return page_has_anchor(c, self_text, self_len, hash + 1) ? 0 : 1;
	}
	struct buf text = BUF_INIT;
	int rc = gh_get_file(c->gh, path, ref, &text, r);
	/* Zola checks the anchor of an internal link too */
	if (rc == 0 && hash && hash[1] && !page_has_anchor(c, text.p ? text.p : "", text.len, hash + 1))
		rc = 1;
	buf_release(&text);
	if (rc == 0)
		return 0;
	return rc == 1 || r->kind == GH_NOT_FOUND ? 1 : -1;
}

int internal_pages_check(const struct site_reader *c, const char *before, size_t before_len,
			 const char *after, size_t after_len, const char *ref, const char *draft_path,
			 char *missing, size_t missing_cap, struct gh_response *r)
{
	json_t *had = internal_links(before, before_len), *now = internal_links(after, after_len);
	int rc = 0;
	size_t i, k;
	json_t *u, *h;
	json_array_foreach(now, i, u) {
		const char *url = json_string_value(u);
		bool old = false;
		json_array_foreach(had, k, h)
			old |= strcmp(json_string_value(h), url) == 0;
		if (old)
			continue;
		rc = internal_page_exists(c, url, ref, draft_path, after, after_len, r);
		if (rc != 0) {
			if (rc > 0)
				snprintf(missing, missing_cap, "%s", url);
			break;
		}
	}
	json_decref(had);
	json_decref(now);
	return rc;
}
