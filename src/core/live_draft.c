/* live_draft.c: the shared draft copy, for one request */
#include "core/live_draft.h"
#include "http/errors.h"

#include <string.h>
#include <time.h>

#include "util/log.h"

void live_draft_open(struct app *app, struct live_draft *ld)
{
	memset(ld, 0, sizeof *ld);
	if (!app->drafts) {
		ld->state = LIVE_NONE;
		return;
	}
	/* why it is unavailable, the refresher has logged already */
	ld->copy = draft_source_get(app->drafts);
	if (!ld->copy) {
		ld->state = LIVE_UNAVAILABLE;
	} else if (!ld->copy->found) {
		ld->state = LIVE_NONE;
	} else if (!ld->copy->parsed) {
		log_error("the live draft %s does not parse: %s", ld->copy->path,
			  ld->copy->parse_error);
		ld->state = LIVE_UNAVAILABLE;
	} else {
		ld->state = LIVE_OK;
		ld->text = ld->copy->text;
		ld->path = ld->copy->path;
		ld->d = ld->copy->d;
		ld->published = ld->copy->published;
	}
	if (ld->copy)
		ld->age = (int64_t)time(NULL) - ld->copy->fetched_at;
}

void live_draft_close(struct live_draft *ld)
{
	draft_copy_release(ld->copy);
	memset(ld, 0, sizeof *ld);
}

void fail_no_live_draft(struct req *r, struct resp *rs, const struct live_draft *ld)
{
	if (ld->state == LIVE_NONE) {
		fail(r, rs, ERR_NO_DRAFT, NULL,
		     "there is no draft for the next issue yet; submissions are kept until there is");
		return;
	}
	fail(r, rs, ERR_DRAFT_UNAVAILABLE, NULL,
	     "GitHub is not answering: the current draft cannot be read right now; try again "
	     "in a minute");
	resp_header(rs, "Retry-After", "30");
}

bool live_draft_open_or_fail(struct req *r, struct resp *rs, struct live_draft *ld)
{
	live_draft_open(req_app(r), ld);
	if (ld->state == LIVE_OK)
		return true;
	fail_no_live_draft(r, rs, ld);
	return false;
}
