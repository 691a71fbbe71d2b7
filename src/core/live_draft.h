/* live_draft.h: the current draft for one request: a reference to the
 * shared, already parsed copy (draft/draft_source.h), never a wait for
 * GitHub. */
#ifndef NEWSDESK_LIVE_DRAFT_H
#define NEWSDESK_LIVE_DRAFT_H

#include "draft/draft.h"
#include "core/app.h"

enum live_state {
	LIVE_OK,           /* d is parsed */
	LIVE_NONE,         /* the branch has no draft yet */
	LIVE_UNAVAILABLE,  /* GitHub cannot be read (or the draft does not parse); logged */
};

struct live_draft {
	enum live_state state;
	const char *text, *path;   /* LIVE_OK: the copy's */
	struct draft d;            /* LIVE_OK: the copy's parse, read-only */
	int64_t age;               /* seconds since it was read (shown as Age) */
	bool published;            /* LIVE_OK: the issue is out; new entries wait for the next */
	struct draft_copy *copy;
};

void live_draft_open(struct app *app, struct live_draft *ld);
void live_draft_close(struct live_draft *ld);
/* The answer when state is not LIVE_OK: 404 no_draft or 503 draft_unavailable
 * (with Retry-After). */
void fail_no_live_draft(struct req *r, struct resp *rs, const struct live_draft *ld);
/* For a route that needs the draft: opened, and true when LIVE_OK; else
 * false with the refusal in rs (fail_no_live_draft).  Closed by the
 * caller either way (a copy that does not parse still has an age). */
bool live_draft_open_or_fail(struct req *r, struct resp *rs, struct live_draft *ld);

#endif
