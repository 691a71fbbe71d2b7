/* audit.c: who did what, when — one row per maintainer action */
#include <time.h>

#include "core/app.h"
#include "util/log.h"
#include "store/sessions.h"

void audit(struct app *app, const char *actor, const char *action, const char *subject,
	   const char *detail)
{
	struct buf err = BUF_INIT;
	if (store_audit(app->store, (int64_t)time(NULL), actor, action, subject, detail, &err) < 0)
		log_error("audit: %s", err.p);
	buf_release(&err);
}
