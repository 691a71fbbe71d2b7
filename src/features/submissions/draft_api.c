/* draft_api.c: GET /api/v1/draft (the live draft's sections, SPEC §4 JSON)
 * and POST /api/v1/preview ({"markdown"} → {"html"}, safe rendering). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draft/draft.h"
#include "http/errors.h"
#include "features/submissions/submissions.h"
#include "core/app.h"
#include "http/fields.h"
#include "core/live_draft.h"
#include "markdown/markdown.h"

int handle_draft(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct live_draft ld;
	if (live_draft_open_or_fail(r, rs, &ld)) {
		struct buf out = BUF_INIT;
		json_t *doc = draft_sections_json(&ld.d, ld.path, &out) == 0
				      ? json_loadb(out.p, out.len, 0, NULL)
				      : NULL;
		if (doc) {
			/* an extension: which issue this is, whether it is out, until when */
			struct issue_info ii;
			issue_info_of(ld.d.month, ld.published, app->cfg->draft.deadline_day,
				      (int64_t)time(NULL), &ii);
			json_t *issue = json_pack("{s:s,s:b}", "month", ii.month, "published",
						  ii.published);
			if (*ii.deadline) {
				json_object_set_new(issue, "deadline", json_string(ii.deadline));
				json_object_set_new(issue, "days_left", json_integer(ii.days_left));
			}
			json_object_set_new(doc, "issue", issue);
			resp_json(rs, HTTP_OK, doc);
		} else {
			fail(r, rs, ERR_INTERNAL, NULL,
			     "the draft's sections could not be written");
		}
		buf_release(&out);
	}
	resp_header(rs, "Cache-Control", "no-cache");
	if (ld.copy) {
		/* how old the copy is: it may be served while GitHub is away */
		char age[24];
		snprintf(age, sizeof age, "%lld", (long long)ld.age);
		resp_header(rs, "Age", age);
	}
	live_draft_close(&ld);
	return 0;
}

const struct input_spec preview_input = INPUT(IN_JSON, NULL,
	FIELD("markdown", FT_TEXT, F_REQUIRED, MARKDOWN_MAX_BYTES),
	FIELD("comment", FT_BOOL, 0, 0));

int handle_preview(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	if (!rate_limit_hit(&app->preview_limit, req_client_net(r), (int64_t)time(NULL))) {
		resp_header(rs, "Retry-After", "60");
		fail(r, rs, ERR_RATE_LIMITED, NULL, "too many previews from your address; wait a"
						     " minute");
		return 0;
	}
	json_t *md = in_value(r, "markdown");
	struct buf html = BUF_INIT;
	/* extension: "comment": true previews as a reader's comment is shown
	 * (rel on links, images as links), for the comment widget */
	int links = 0, rc;
	char why[MARKDOWN_WHY];
	const char *text = json_string_value(md);
	size_t len = json_string_length(md);
	if (in_flag(r, "comment"))
		rc = markdown_comment_to_html(text, len, &html, &links, why);
	else
		rc = markdown_to_html(text, len, &html, why);
	if (rc > 0) {
		buf_release(&html);
		fail(r, rs, ERR_INVALID_FIELD, "markdown", why);
		return 0;
	}
	if (rc < 0) {
		buf_release(&html);
		return -1;
	}
	resp_json(rs, HTTP_OK, json_pack("{s:s}", "html", html.p ? html.p : ""));
	buf_release(&html);
	return 0;
}
