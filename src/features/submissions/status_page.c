/* status_page.c: GET /s/{token} — a contributor's view of their submission,
 * rendered on the server so it works without JavaScript. */
#include <stdbool.h>

#include "core/app.h"
#include "core/live_draft.h"
#include "http/errors.h"
#include "features/submissions/submissions.h"
#include "features/submissions/submission_check.h"
#include "features/submissions/submission_pages.h"
#include "store/submissions.h"

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
		fail(r, rs, ERR_NOT_FOUND, NULL,
		     "This link does not belong to any submission. Check that it was copied whole.");
		return 0;
	}
	struct live_draft ld;
	struct buf html = BUF_INIT;
	live_draft_open(app, &ld);
	submission_preview_html(app, &ld, sub.payload, &html);
	struct buf now = BUF_INIT, update = BUF_INIT;
	bool conflict = (sub.status == SUB_PENDING || sub.status == SUB_CHANGES_REQUESTED) &&
			submission_conflict(app, &ld, sub.payload, &now, &update);
	live_draft_close(&ld);
	char month[8];
	issue_month_of_path(sub.draft_path, app->cfg->github.posts_dir, month);
	struct status_conflict both = { now.p, update.p };
	render_status_page(&b, &sub, html.p, month, conflict ? &both : NULL);
	buf_release(&now);
	buf_release(&update);
	resp_page(rs, HTTP_OK, &b);
	buf_release(&html);
	store_submission_free(&sub);
	return 0;
}
