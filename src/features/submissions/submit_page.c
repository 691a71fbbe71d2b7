/* submit_page.c: GET /submit — the contribution form, built on the server
 * from the live draft's sections so it works without JavaScript (a plain
 * form post to /api/v1/submissions answers with the status page).
 * /submit.js adds the live preview, hides fields the chosen section does
 * not use, and shows the server's verdict next to the field at fault. */
#include "core/app.h"
#include "core/visitor.h"
#include "features/submissions/submissions.h"
#include "core/live_draft.h"
#include "features/submissions/submission_pages.h"

#include <stdio.h>
#include <time.h>

int handle_submit_page(struct req *r, struct resp *rs)
{
	struct app *app = req_app(r);
	struct live_draft ld;
	struct buf b = BUF_INIT;
	live_draft_open(app, &ld);
	enum submit_draft state = ld.state == LIVE_OK	? SUBMIT_DRAFT_OK
				  : ld.state == LIVE_NONE ? SUBMIT_NO_DRAFT
							  : SUBMIT_DRAFT_UNAVAILABLE;
	struct github_identity who;
	struct issue_info issue;
	if (ld.state == LIVE_OK)
		issue_info_of(ld.d.month, ld.published, app->cfg->draft.deadline_day,
			      (int64_t)time(NULL), &issue);
	/* a first run: say what is missing and the command that fixes it */
	char hint[256] = "";
	if (ld.state == LIVE_UNAVAILABLE && !app->gh_app && !cfg_secret(app->cfg->github.token_env))
		snprintf(hint, sizeof hint,
			 "It cannot read the draft from GitHub: $%s is not set. Restart it with "
			 "%s=<a token that can read %s> make run.", app->cfg->github.token_env,
			 app->cfg->github.token_env, app->cfg->github.repo);
	struct submit_identity id = {
		.setup_hint = *hint ? hint : NULL,
		.issue = ld.state == LIVE_OK ? &issue : NULL,
		.who = signed_in_identity(app, r, &who) ? &who : NULL,
		.signin_offered = github_signin_offered(app),
		.anonymous = app->cfg->github.anonymous_contributions,
	};
	render_submit_page(&b, state, ld.state == LIVE_OK ? &ld.d : NULL, ld.path, &id);
	live_draft_close(&ld);
	resp_header(rs, "Cache-Control", "no-cache");
	resp_header(rs, "Vary", "Cookie");
	resp_page(rs, HTTP_OK, &b);
	return 0;
}
