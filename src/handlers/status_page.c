/* status_page.c: GET /s/{token} — a contributor's view of their submission,
 * rendered on the server so it works without JavaScript.  Every byte that
 * came from a person is escaped; the preview is cmark-gfm's safe HTML. */
#include <stdio.h>
#include <string.h>

#include "auth/tokens.h"
#include "handlers/app.h"
#include "handlers/errors.h"
#include "handlers/submission_check.h"
#include "util/html.h"
#include "util/log.h"

struct status_text {
	const char *status, *label, *explain;
};

static const struct status_text texts[] = {
	{ "pending", "Waiting for review", "A maintainer will look at it before the issue is published." },
	{ "approved", "Approved", "newsdesk is opening a pull request for it." },
	{ "pr_open", "Pull request opened", "It is waiting to be merged into the draft." },
	{ "merged", "Merged", "It is in the draft and will appear in the next issue. Thank you!" },
	{ "rejected", "Not accepted", "A maintainer decided not to include it." },
	{ "closed", "Pull request closed", "The pull request was closed without merging." },
};

int handle_status_page(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	resp_header(rs, "Cache-Control", "no-store");
	struct store_submission sub;
	struct buf b = BUF_INIT;
	int got = submission_by_token(r, &sub);
	if (got < 0)
		return -1;
	if (!got) {
		page_begin(&b, "Not found");
		buf_adds(&b, "<h1>No such submission</h1><p>This link does not belong to any "
			     "submission. Check that it was copied whole.</p>");
		page_end(&b);
		resp_page(rs, 404, &b);
		return 0;
	}
	const struct status_text *t = &texts[0];
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		if (strcmp(texts[i].status, sub.status) == 0)
			t = &texts[i];
	char title[64];
	snprintf(title, sizeof title, "Submission %lld", (long long)sub.id);
	page_begin(&b, title);
	buf_addf(&b, "<h1>Your contribution</h1><p class=\"status status-%s\" data-status=\"%s\">"
		     "<strong>", t->status, t->status);
	html_escapes(&b, t->label);
	buf_adds(&b, "</strong> — ");
	html_escapes(&b, t->explain);
	buf_adds(&b, "</p>");
	if (sub.pr_url && sub.pr_number) {
		buf_adds(&b, "<p>Pull request: <a id=\"pr-link\" href=\"");
		html_escapes(&b, sub.pr_url);
		buf_addf(&b, "\">#%lld</a></p>", (long long)sub.pr_number);
	}
	if (sub.reason && strcmp(sub.status, "rejected") == 0) {
		buf_adds(&b, "<p class=\"reason\">Reason: ");
		html_escapes(&b, sub.reason);
		buf_adds(&b, "</p>");
	}
	buf_adds(&b, "<h2>Section: ");
	html_escapes(&b, sub.section);
	buf_adds(&b, "</h2><article class=\"preview\">");
	struct buf html = BUF_INIT;
	if (submission_preview_html(app, sub.payload, &html) == 0 && html.p)
		buf_add(&b, html.p, html.len);
	buf_release(&html);
	buf_adds(&b, "</article><p class=\"hint\">Keep this page's address: it is the only way to "
		     "see how your contribution is doing, and it always shows the current state.</p>");
	page_end(&b);
	resp_page(rs, 200, &b);
	store_submission_free(&sub);
	return 0;
}
