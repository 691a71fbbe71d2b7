/* live_draft.c: reading and parsing the current draft for a request */
#include "handlers/live_draft.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"

void live_draft_open(struct app *app, struct live_draft *ld)
{
	memset(ld, 0, sizeof *ld);
	struct buf err = BUF_INIT;
	int found = app->drafts ? draft_source_get(app->drafts, &ld->text, &ld->path, &err) : 0;
	if (found < 0) {
		log_warn("draft: %s", err.p);
		ld->state = LIVE_UNAVAILABLE;
	} else if (found == 0) {
		ld->state = LIVE_NONE;
	} else if (draft_parse(&ld->d, ld->text, strlen(ld->text), &err) < 0) {
		log_error("the live draft %s does not parse: %s", ld->path, err.p);
		ld->state = LIVE_UNAVAILABLE;
	} else {
		ld->state = LIVE_OK;
	}
	buf_release(&err);
}

void live_draft_close(struct live_draft *ld)
{
	if (ld->state == LIVE_OK)
		draft_free(&ld->d);
	free(ld->text);
	free(ld->path);
	memset(ld, 0, sizeof *ld);
}

void resp_no_live_draft(struct resp *rs, const struct live_draft *ld)
{
	if (ld->state == LIVE_NONE)
		resp_error(rs, 404, "no_draft",
			   "there is no draft for the next issue yet; submissions are kept until there is");
	else
		resp_error(rs, 503, "draft_unavailable",
			   "the current draft cannot be read from GitHub right now; try again in a minute");
}
