/* draft_api.c: GET /api/v1/draft (the live draft's sections, SPEC §4 JSON)
 * and POST /api/v1/preview ({"markdown"} → {"html"}, safe rendering). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "draft/draft.h"
#include "handlers/app.h"
#include "handlers/json_body.h"
#include "render/markdown.h"
#include "util/log.h"

int handle_draft(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	char *text = NULL, *path = NULL;
	struct buf err = BUF_INIT, out = BUF_INIT;
	int found = app->drafts ? draft_source_get(app->drafts, &text, &path, &err) : 0;
	if (found < 0) {
		log_warn("draft: %s", err.p);
		resp_error(rs, 503, "draft_unavailable",
			   "the current draft cannot be read from GitHub right now");
	} else if (found == 0) {
		resp_error(rs, 404, "no_draft",
			   "there is no draft for the next issue yet; submissions are kept until there is");
	} else {
		struct draft d;
		if (draft_parse(&d, text, strlen(text), &err) < 0) {
			log_error("the live draft %s does not parse: %s", path, err.p);
			resp_error(rs, 503, "draft_unavailable", "the current draft cannot be read");
		} else {
			draft_sections_json(&d, path, &out);
			resp_bytes(rs, 200, "application/json", out.p, out.len);
			draft_free(&d);
		}
	}
	resp_header(rs, "Cache-Control", "no-cache");
	free(text);
	free(path);
	buf_release(&err);
	buf_release(&out);
	return 0;
}

int handle_preview(struct req *r, struct resp *rs)
{
	json_t *body = json_body_object(r, rs);
	if (!body)
		return 0;
	json_t *md = json_object_get(body, "markdown");
	if (!json_is_string(md)) {
		json_decref(body);
		resp_json(rs, 400, json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "invalid_field",
					     "field", "markdown", "message", "must be a string"));
		return 0;
	}
	struct buf html = BUF_INIT;
	if (json_string_length(md) > MARKDOWN_MAX_BYTES ||
	    strlen(json_string_value(md)) != json_string_length(md)) {
		json_decref(body);
		resp_json(rs, 400, json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "invalid_field",
					     "field", "markdown",
					     "message", "must be at most 64 KiB of text without NUL"));
		return 0;
	}
	int rc = markdown_to_html(json_string_value(md), json_string_length(md), &html);
	json_decref(body);
	if (rc < 0) {
		buf_release(&html);
		return -1;
	}
	resp_json(rs, 200, json_pack("{s:s}", "html", html.p ? html.p : ""));
	buf_release(&html);
	return 0;
}
