/* internal_pages.c: an entry's internal links, asked of GitHub
 * (internal_pages.h) */
#include "jobs/internal_pages.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "render/markdown.h"
#include "util/internal_link.h"

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

int internal_page_exists(struct pr_ctx *c, const char *url, const char *ref,
			 struct gh_response *r)
{
	char path[512];
	if (internal_link_file(url, path, sizeof path) < 0)
		return 1;
	struct buf text = BUF_INIT;
	int rc = gh_get_file(c->gh, c->cfg->github.repo, path, ref, &text, r);
	buf_release(&text);
	if (rc == 0)
		return 0;
	return r->status == 404 ? 1 : -1;
}

int internal_pages_check(struct pr_ctx *c, const char *before, size_t before_len,
			 const char *after, size_t after_len, const char *ref, char *missing,
			 size_t missing_cap, struct gh_response *r)
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
		rc = internal_page_exists(c, url, ref, r);
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
